/*
 * ner.h -- named-entity recognition: an averaged-perceptron sequence tagger
 * (BIO over PERSON/ORG/LOC/...) with word, shape, affix, context and
 * gazetteer features.  Model: models/ner.model (magic, version, size
 * checked at load); gazetteers: gazetteers/ (text files).
 */
#ifndef NW_NER_H
#define NW_NER_H

#include "doc.h"

typedef struct nw_ner nw_ner;

nw_ner *nw_ner_load(const char *datadir, char *err, size_t errlen);
void nw_ner_free(nw_ner **ner);

/* Fill d->ment / d->n_ment from the tokens and sentences.  0 or -1. */
int nw_ner_run(const nw_ner *ner, nw_doc *d);

/* The length in tokens of the dateline that opens the paragraph at token
   a ("KILMORE QUAY -- Residents", "ELON, N.C. - Students", "WASHINGTON
   (Reuters) - The Senate": one to four words in capitals, an optional ",
   State" and "(Agency)", up to the dash), or 0 when there is none.  The
   filing place and agency are metadata, no actors of the story. */
uint32_t nw_ner_dateline_len(const nw_doc *d, uint32_t a);

/* Is token i a capitalised venue word that closes a place's name
   ("Theatre", "Hall", "Arena", "Stadium", "Auditorium", "Playhouse":
   "Kodak Theatre", "Queen Elizabeth Hall")? */
int nw_ner_venue_word(const nw_doc *d, uint32_t i);

#endif
