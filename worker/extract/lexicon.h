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

nw_lexicon *nw_lexicon_new(void);
/* Load a file (see above); NULL with a reason in err on failure. */
nw_lexicon *nw_lexicon_load(const char *path, char *err, size_t errlen);
void nw_lexicon_free(nw_lexicon **lex);

/* Add phrase (len bytes) with label (may be NULL or ""); the label is
   copied.  A later add of the same phrase replaces its label.  0 or -1. */
int nw_lexicon_add(nw_lexicon *lex, const char *phrase, size_t len,
                   const char *label);

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

#endif
