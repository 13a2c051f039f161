/*
 * extractor.h -- the one public header of the newsworker extractor.
 *
 * The extractor is a pure library: UTF-8 text in, an extraction (entities,
 * quotes, stances, all with byte offsets into the caller's text) out.  It has
 * no sockets, no Redis, no protobuf and no global mutable state.  The models
 * (NER weights, gazetteers, lexicons) are loaded once by nw_extractor_new()
 * and are read-only afterwards, so one nw_extractor may be shared by any
 * number of threads, each calling nw_extract() on its own text.
 *
 * Ownership: nw_extract() returns a freshly allocated nw_extraction which the
 * caller frees with nw_extraction_free().  Every string inside it is owned by
 * the extraction.  Offsets are half-open byte ranges [start, end) into the
 * exact bytes passed to nw_extract(), whatever normalisation happened inside.
 */
#ifndef NW_EXTRACTOR_H
#define NW_EXTRACTOR_H

#include <stddef.h>
#include <stdint.h>

#define NW_EXTRACTOR_VERSION "0.1.0"

typedef enum nw_status {
    NW_OK = 0,
    NW_ERR_NOMEM,     /* an allocation failed */
    NW_ERR_IO,        /* a data file could not be read */
    NW_ERR_MODEL,     /* a data file is corrupt, of the wrong version or size */
    NW_ERR_INPUT,     /* the input is unusable (too large, NULL) */
} nw_status;

const char *nw_strerror(nw_status st);

typedef enum nw_entity_type {
    NW_ENT_NONE = 0,
    NW_ENT_PERSON = 1,
    NW_ENT_ORG = 2,
    NW_ENT_LOC = 3,
    NW_ENT_DATE = 4,
    NW_ENT_MISC = 5,
} nw_entity_type;

const char *nw_entity_type_name(nw_entity_type t); /* "PERSON", "ORG" ... */

typedef enum nw_polarity {
    NW_POL_NEUTRAL = 0,
    NW_POL_SUPPORT = 1,
    NW_POL_OPPOSE = 2,
} nw_polarity;

const char *nw_polarity_name(nw_polarity p); /* "support", "oppose", "neutral" */

typedef struct nw_span {
    size_t start, end; /* byte offsets into the input, start <= end <= len */
} nw_span;

typedef struct nw_entity {
    char *name;            /* canonical form: the fullest name in the text */
    nw_entity_type type;
    char **aliases;        /* other surface forms, distinct from name */
    size_t n_aliases;
    nw_span *mentions;     /* every mention, in text order */
    size_t n_mentions;
    double salience;       /* 0..1 */
} nw_entity;

typedef struct nw_quote {
    char *text;            /* the words inside the marks, normalised: white
                              space folded, line-break hyphenation and curly
                              marks undone */
    nw_span span;          /* source bytes of the quotation, marks excluded */
    char *speaker;         /* entity name, or NULL when unknown */
    int speaker_entity;    /* index into entities, -1 when none */
    char *cue;             /* the attribution cue ("said", "according to"), or NULL */
    double confidence;     /* 0..1 */
    int indirect;          /* 1 for reported speech without marks */
} nw_quote;

typedef struct nw_stance {
    char *holder;          /* entity name */
    int holder_entity;     /* index into entities, -1 when none */
    char *target;          /* entity name or a short noun phrase */
    int target_entity;     /* index into entities, -1 for a phrase */
    nw_polarity polarity;
    double score;          /* 0..1 */
    nw_span evidence;      /* the clause or quote that carries it */
} nw_stance;

typedef struct nw_extraction {
    nw_entity *entities;
    size_t n_entities;
    nw_quote *quotes;
    size_t n_quotes;
    nw_stance *stances;
    size_t n_stances;
    size_t n_words;        /* word tokens seen, for throughput figures */
} nw_extraction;

typedef struct nw_extractor nw_extractor;

/*
 * Load every model and lexicon from datadir (the folder that holds
 * gazetteers/, lexicons/ and models/).  On failure returns NULL and writes a
 * one-line reason into err (errlen bytes, may be 0).
 */
nw_extractor *nw_extractor_new(const char *datadir, char *err, size_t errlen);
void nw_extractor_free(nw_extractor **ex);

/*
 * Extract from text[0..len).  Invalid UTF-8 is tolerated (treated as
 * replacement characters, never trusted).  Inputs over NW_EXTRACT_MAX_INPUT
 * give NW_ERR_INPUT.  On success *out holds a new extraction; on failure *out
 * is NULL and nothing is leaked.
 */
#define NW_EXTRACT_MAX_INPUT (64u * 1024u * 1024u)
nw_status nw_extract(const nw_extractor *ex, const char *text, size_t len,
                     nw_extraction **out);
void nw_extraction_free(nw_extraction **x);

#endif
