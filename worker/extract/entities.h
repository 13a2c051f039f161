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

/* Load the word lists from datadir/gazetteers (NULL: NW_DEFAULT_DATADIR):
   aliases.txt, stop_entities.txt and entities_designators.txt are
   required, the NER gazetteers (titles, first names, people, places,
   organisations...) used when present.  NULL on failure with a one-line
   reason naming the file in err.  Read-only afterwards: one model serves
   any number of threads. */
nw_entities_model *nw_entities_load(const char *datadir, char *err,
                                    size_t errlen);
/* Free *m and set it to NULL; safe on NULL and on *m == NULL. */
void nw_entities_free(nw_entities_model **m);

/* Consolidate d->ment (from NER) into d->x->entities (canonical name,
   type, aliases, mention spans, salience), set d->ment[i].entity (-1 for a
   dropped mention) and d->ent_gender.  Needs tokens, sentences and
   mentions.  Allocates per call, never per token.  0, or -1 on bad
   arguments or ENOMEM. */
int nw_entities_run(const nw_entities_model *m, nw_doc *d);

#endif
