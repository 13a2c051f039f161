/*
 * quotes.h -- direct quotations and who said them: quote spans (straight
 * and curly marks, interrupted and multi-paragraph quotes, colon lead-ins),
 * speaker attribution by cue words in both orders, pronoun and description
 * resolution to entities.  Cue lexicon: lexicons/speech_verbs.txt etc.
 */
#ifndef NW_QUOTES_H
#define NW_QUOTES_H

#include "doc.h"

typedef struct nw_quotes_model nw_quotes_model;

nw_quotes_model *nw_quotes_load(const char *datadir, char *err, size_t errlen);
void nw_quotes_free(nw_quotes_model **m);

/* Fill d->x->quotes.  Needs tokens, sentences, mentions and entities.
   0 or -1. */
int nw_quotes_run(const nw_quotes_model *m, nw_doc *d);

#endif
