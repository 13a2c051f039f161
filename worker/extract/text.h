/*
 * text.h -- the front end: UTF-8 decoding, normalisation, PDF repair,
 * tokenisation and sentence splitting, with byte offsets kept (see doc.h).
 */
#ifndef NW_TEXT_H
#define NW_TEXT_H

#include "doc.h"
#include "lexicon.h"

/* Front-end data: abbreviations and sentence starters
   (lexicons/abbreviations.txt).  Read-only once loaded: one nw_frontend
   may serve any number of threads. */
typedef struct nw_frontend nw_frontend;

/* Load from datadir (NULL: NW_DEFAULT_DATADIR).  NULL on failure, with a
   one-line reason naming the file (and line) in err. */
nw_frontend *nw_frontend_load(const char *datadir, char *err, size_t errlen);
/* Free *fe and set it to NULL; safe on NULL. */
void nw_frontend_free(nw_frontend **fe);

/* Normalise src[0..len) into t (see doc.h): t->buf is NUL-terminated valid
   UTF-8 whose only line breaks are paragraph breaks "\n\n"; t->off maps
   every byte back to src.  src is not copied and must outlive t.  0, or -1
   on allocation failure or len over 1 GiB (t is then released). */
int nw_text_init(nw_text *t, const char *src, size_t len);
/* Free what nw_text_init() allocated; safe twice and on a zeroed t. */
void nw_text_release(nw_text *t);

/* A malloc'd, NUL-terminated copy of normalised bytes buf[a..b) with every
   run of white space (paragraph breaks included) folded to one space, so a
   quotation that was hyphenated or wrapped across lines reads as clean text
   ("sta-\nbility" in the source gives "stability").  NULL on ENOMEM; the
   caller frees it. */
char *nw_text_dup(const nw_text *t, size_t a, size_t b);

/* Fill d->tok, d->sent, d->tok_sent from d->text (see doc.h for kinds and
   flags): tokens in text order, sentences tiling the tokens, paragraph
   numbers in sent[].para.  The arrays are allocated even for an empty
   text.  0, or -1 on allocation failure (what was allocated stays in d
   for nw_doc_release()). */
int nw_frontend_run(const nw_frontend *fe, nw_doc *d);

#endif
