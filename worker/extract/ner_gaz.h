/*
 * ner_gaz.h -- the NER word table: gazetteer membership of words and
 * multi-word phrases, plus per-word capitalisation statistics, in one
 * open-addressing hash table keyed by token hashes.
 *
 * Capitalisation classes and word clusters are learnt from unlabelled news
 * by tools/train_ner and stored in the model file (see ner.c).
 *
 * Why not nw_lexicon: NER asks, for every token, "which gazetteers hold this
 * word, which phrases start here, how often is this word capitalised" -- a
 * single probe of one table keyed by the token's precomputed hash (doc.h
 * nw_token.hash) answers all three, with no string comparison.  Phrases are
 * stored as chained keys over the word hashes ("united states" = key of
 * "united" combined with hash("states")); every proper prefix of a phrase is
 * marked so that the walk stops at the first miss.  Files use the lexicon.h
 * format (one entry a line, optional <TAB>label, '#' comments).
 */
#ifndef NW_NER_GAZ_H
#define NW_NER_GAZ_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/* Gazetteer categories (bits). */
enum {
    NW_GZ_COUNTRY = 1 << 0,
    NW_GZ_CITY = 1 << 1,
    NW_GZ_REGION = 1 << 2,
    NW_GZ_ORG = 1 << 3,
    NW_GZ_ORGWORD = 1 << 4,
    NW_GZ_DEMONYM = 1 << 5,
    NW_GZ_FIRST = 1 << 6,
    NW_GZ_TITLE = 1 << 7,
    NW_GZ_DATE = 1 << 8,
    NW_GZ_LOCWORD = 1 << 9,
    NW_GZ_PERSON = 1 << 10,
    NW_GZ_NOTNAME = 1 << 11,
    NW_GZ_EVENT = 1 << 12,   /* ends an event, war, law: "Olympics", "Act" */
    NW_GZ_ORGCUE = 1 << 13,  /* lower-case noun before an org: "firm" */
    /* large machine-made lists (scripts/gazetteers.sh), mostly model
       features: only the place repairs of ner.c read PLACE_BIG */
    NW_GZ_PLACE_BIG = 1 << 14, /* GeoNames towns, ISO 3166-2 subdivisions */
    NW_GZ_NAME_BIG = 1 << 15,  /* given names in six languages */
};
#define NW_GZ_N 16

/* The gazetteer files, in category-bit order (NULL-terminated). */
extern const char *const nw_ner_gaz_files[NW_GZ_N + 1];

/* Capitalisation classes of a word seen outside sentence starts. */
enum { NW_CAP_UNSEEN = 0, NW_CAP_NEVER, NW_CAP_RARE, NW_CAP_MIXED,
       NW_CAP_MOSTLY, NW_CAP_ALWAYS };

typedef struct nw_ner_gaz nw_ner_gaz;

/* An empty table; NULL out of memory.  Freed (and *g set to NULL) by
   nw_ner_gaz_free, which accepts NULL. */
nw_ner_gaz *nw_ner_gaz_new(void);
void nw_ner_gaz_free(nw_ner_gaz **g);

/* Load every gazetteer file of datadir/gazetteers (a missing file is an
   error naming it).  0, or -1 with a reason in err. */
int nw_ner_gaz_load_dir(nw_ner_gaz *g, const char *datadir, char *err,
                        size_t errlen);
/* Add a phrase (words separated by spaces, matched case-insensitively) to
   the categories in cats.  0, or -1 out of memory. */
int nw_ner_gaz_add(nw_ner_gaz *g, const char *phrase, size_t len,
                   uint16_t cats);
/* Corpus context bits of a capitalised word (set by the trainer). */
enum {
    NW_WC_PERSON = 1,   /* often after a first name or a title */
    NW_WC_PLACE = 2,    /* often after in / at / from / near */
    NW_WC_ORG = 4,      /* often before an organisation word or after "the" */
    NW_WC_SAID = 8,     /* often before said / says / told */
    NW_WC_SEEN = 16,    /* seen capitalised at least 3 times */
};

/* Set the capitalisation class, corpus cluster (+1, 0 none) and context
   bits (NW_WC_*) of a word hash.  0 or -1. */
int nw_ner_gaz_set_cap(nw_ner_gaz *g, uint32_t word_hash, uint8_t cls,
                       uint16_t cluster, uint8_t ctx);

/* Single-word lookup: categories of the word with this token hash and its
   capitalisation class. */
void nw_ner_gaz_word(const nw_ner_gaz *g, uint32_t word_hash, uint16_t *cats,
                     uint8_t *capcls);
/* The same with the corpus cluster (+1, 0 none) and context bits. */
void nw_ner_gaz_word_info(const nw_ner_gaz *g, uint32_t word_hash, uint16_t *cats,
                          uint8_t *capcls, uint16_t *cluster, uint8_t *ctx);

/* Longest phrase of at least one word starting at token i, not passing
   end: returns its length in tokens (0 when none) and its categories. */
uint32_t nw_ner_gaz_match(const nw_ner_gaz *g, const nw_doc *d, uint32_t i,
                          uint32_t end, uint16_t *cats);

/* Both at once (one probe for the first word): wcats, capcls, cluster and
   context bits of token i alone, and the longest phrase from i (length returned,
   categories in pcats). */
uint32_t nw_ner_gaz_scan(const nw_ner_gaz *g, const nw_doc *d, uint32_t i,
                         uint32_t end, uint16_t *wcats, uint8_t *capcls,
                         uint16_t *pcats, uint16_t *cluster, uint8_t *ctx);

/* Number of keys (words and phrase prefixes) in the table. */
size_t nw_ner_gaz_count(const nw_ner_gaz *g);

#endif
