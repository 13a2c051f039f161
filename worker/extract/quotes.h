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

/* Load the cue and description lexicons (lexicons/speech_verbs.txt, labels
   say/left/right; lexicons/speaker_nouns.txt, labels person/spokes/org/
   anon) from datadir (NULL: NW_DEFAULT_DATADIR).  NULL on failure (a file
   missing or malformed, a phrase without a known label, ENOMEM) with a
   one-line reason in err.  Read-only afterwards: one model serves any
   number of threads. */
nw_quotes_model *nw_quotes_load(const char *datadir, char *err, size_t errlen);
/* Free *m and set it to NULL; safe on NULL and on *m == NULL. */
void nw_quotes_free(nw_quotes_model **m);

/* Fill d->x->quotes with the direct quotes of d, in text order, with
   source spans and speakers (an entity name, a surface name, or none).
   Needs tokens, sentences, mentions and entities (d->ment[].entity,
   d->x->entities, d->ent_gender).  Does nothing when d->x->quotes is
   already set.  Linear in tokens; allocates per call, never per token.
   0, or -1 on bad arguments or ENOMEM (the quotes made so far stay valid
   and are released with the doc). */
int nw_quotes_run(const nw_quotes_model *m, nw_doc *d);

#endif
