/*
 * entities.h -- consolidation of mentions into entities per article:
 * surname and title forms to the full name, U.S./US/United States/America,
 * acronyms defined in the text, one canonical (fullest) name, aliases,
 * mention offsets and counts, salience.
 */
#ifndef NW_ENTITIES_H
#define NW_ENTITIES_H

#include "doc.h"

typedef struct nw_entities_model nw_entities_model;

nw_entities_model *nw_entities_load(const char *datadir, char *err,
                                    size_t errlen);
void nw_entities_free(nw_entities_model **m);

/* Fill d->x->entities and set d->ment[i].entity.  0 or -1. */
int nw_entities_run(const nw_entities_model *m, nw_doc *d);

#endif
