/*
 * lexicon.h -- word and phrase lists kept as editable text, compiled at load
 * time into an open-addressing hash table.
 *
 * File format: UTF-8, one entry a line, "phrase" or "phrase<TAB>label";
 * blank lines and lines starting with '#' are ignored.  Phrases are matched
 * case-insensitively (ASCII folding), word by word: "united states of
 * america" matches the four tokens United States of America.  A phrase's
 * words are split at spaces; write "u.s." for the token U.S.
 */
#ifndef NW_LEXICON_H
#define NW_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

typedef struct nw_lexicon nw_lexicon;

/* An empty lexicon, to fill with nw_lexicon_add(); NULL on ENOMEM. */
nw_lexicon *nw_lexicon_new(void);
/* Load a file (see above): a UTF-8 BOM is skipped, labels are trimmed of
   blanks, a later line for the same phrase replaces its label.  NULL on
   failure (cannot open, a line over 8 KiB, a phrase over 1 KiB or 16
   words, ENOMEM) with a one-line reason naming file and line in err. */
nw_lexicon *nw_lexicon_load(const char *path, char *err, size_t errlen);
/* Free *lex and set it to NULL; safe on NULL and on *lex == NULL. */
void nw_lexicon_free(nw_lexicon **lex);

/* Add phrase (len bytes) with label (may be NULL or ""); the label is
   copied.  A later add of the same phrase replaces its label.  0 or -1. */
int nw_lexicon_add(nw_lexicon *lex, const char *phrase, size_t len,
                   const char *label);

/* Number of phrases (their word prefixes not counted); 0 for NULL. */
size_t nw_lexicon_size(const nw_lexicon *lex);

/* Number of words of the longest phrase (0 for an empty lexicon). */
uint32_t nw_lexicon_max_words(const nw_lexicon *lex);

/* Look up one word or phrase (words separated by single spaces).  Returns
   the label ("" when none) or NULL when absent. */
const char *nw_lexicon_get(const nw_lexicon *lex, const char *s, size_t n);

/* Longest phrase starting at token i of d.  Returns the number of tokens
   matched (0 when none) and sets *label when label is not NULL (NULL when
   nothing matched).  Matching stops at sentence boundaries only when the
   caller passes end; end 0 (or past d->n_tok) means d->n_tok.  Tokens are
   compared through their hash first, so this costs one table probe for a
   word that starts no phrase; nothing is allocated.  Labels stay valid
   until nw_lexicon_free(). */
uint32_t nw_lexicon_match(const nw_lexicon *lex, const nw_doc *d, uint32_t i,
                          uint32_t end, const char **label);

/* Identity of token i's word in lex: an id in [0, nw_lexicon_n_ids(lex))
   when the word (ASCII case-folded) is a one-word phrase or the first word
   of a longer one, -1 when it starts no phrase.  Tokens with the same word
   get the same id, so callers can chain a word's occurrences in an array
   of nw_lexicon_n_ids() slots.  One table probe; nothing is allocated. */
int32_t nw_lexicon_word_id(const nw_lexicon *lex, const nw_doc *d,
                           uint32_t i);
uint32_t nw_lexicon_n_ids(const nw_lexicon *lex);

/* Call fn(phrase, label, arg) for every phrase (normalised: lower case,
   single spaces; label "" when none), in no particular order, until fn
   returns non-zero.  Returns the phrase fn stopped at, NULL when it never
   did.  For validating labels after nw_lexicon_load(). */
const char *nw_lexicon_each(const nw_lexicon *lex,
                            int (*fn)(const char *phrase, const char *label,
                                      void *arg),
                            void *arg);

#endif
