/*
 * stance.h -- who supports or opposes whom or what: predicates of support
 * and opposition with subject and object, nominal forms ("a critic of"),
 * negation and modality, and the speaker's own words in quotes.  Lexicon:
 * lexicons/stance.txt.
 */
#ifndef NW_STANCE_H
#define NW_STANCE_H

#include "doc.h"

typedef struct nw_stance_model nw_stance_model;

nw_stance_model *nw_stance_load(const char *datadir, char *err, size_t errlen);
void nw_stance_free(nw_stance_model **m);

/* Fill d->x->stances.  Needs everything before it.  0 or -1. */
int nw_stance_run(const nw_stance_model *m, nw_doc *d);

#endif
