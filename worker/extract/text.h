/*
 * text.h -- the front end: UTF-8 decoding, normalisation, PDF repair,
 * tokenisation and sentence splitting, with byte offsets kept (see doc.h).
 */
#ifndef NW_TEXT_H
#define NW_TEXT_H

#include "doc.h"
#include "lexicon.h"

/* Front-end data: abbreviations (lexicons/abbreviations.txt). */
typedef struct nw_frontend nw_frontend;

nw_frontend *nw_frontend_load(const char *datadir, char *err, size_t errlen);
void nw_frontend_free(nw_frontend **fe);

/* Normalise src[0..len) into t (see doc.h).  0, or -1 on allocation failure
   (t is then released). */
int nw_text_init(nw_text *t, const char *src, size_t len);
void nw_text_release(nw_text *t);

/* Fill d->tok, d->sent, d->tok_sent from d->text.  0 or -1 (ENOMEM). */
int nw_frontend_run(const nw_frontend *fe, nw_doc *d);

#endif
