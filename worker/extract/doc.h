/*
 * doc.h -- the document that flows through the extraction pipeline.
 *
 * Data flows one way:
 *
 *   bytes -> text -> tokens -> sentences -> mentions -> entities
 *         -> quotes -> stances -> nw_extraction
 *
 * Each stage reads what earlier stages wrote into nw_doc and adds its own
 * section; no stage re-scans the raw bytes or re-tokenises.  Every section is
 * owned by the doc and released by nw_doc_release().
 *
 * Offsets: stages work in the *normalised* buffer (doc->text.buf).  The map
 * doc->text.off[] turns any normalised offset back into an offset into the
 * caller's original bytes; nw_text_src() does it for a range.
 */
#ifndef NW_DOC_H
#define NW_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "extractor.h"

/* ---------------------------------------------------------------- text -- */

/*
 * A normalised view of the input (text.c):
 *  - invalid UTF-8 sequences become U+FFFD;
 *  - curly double quotes become '"' and curly single quotes / apostrophes
 *    become '\'' (the token keeps the direction, see NW_TF_QOPEN/QCLOSE);
 *  - non-breaking, thin and other Unicode spaces become ' ', zero-width
 *    characters and soft hyphens are dropped, dashes become '-';
 *  - PDF damage is undone: a single line break inside a paragraph becomes a
 *    space, "word-\nword" across a line break is joined, CR LF becomes LF;
 *    a blank line (paragraph break) is kept as "\n\n".
 * buf is NUL-terminated.  off[i] is the source offset of buf[i]; off[len] is
 * src_len.  off is non-decreasing.
 */
typedef struct nw_text {
    const char *src;   /* caller's bytes, not owned */
    size_t src_len;
    char *buf;         /* owned */
    size_t len;
    uint32_t *off;     /* owned, len + 1 entries */
} nw_text;

/* -------------------------------------------------------------- tokens -- */

typedef enum nw_tok_kind {
    NW_TK_WORD = 1,    /* letters, possibly with inner ' - . (U.S., O'Neil) */
    NW_TK_NUM,         /* digits, 1,000.5, 6th, 2025-11-04 */
    NW_TK_PUNCT,       /* . , ; : ! ? ( ) [ ] - and other symbols */
    NW_TK_QUOTE,       /* a double quotation mark " (curly or straight) */
    NW_TK_URL,         /* http://..., www...., e-mail addresses */
} nw_tok_kind;

enum {
    NW_TF_CAP = 1 << 0,      /* first letter upper case */
    NW_TF_ALLCAP = 1 << 1,   /* all letters upper case, at least 2 letters */
    NW_TF_PARA = 1 << 2,     /* first token of a paragraph */
    NW_TF_SENT = 1 << 3,     /* first token of a sentence */
    NW_TF_QOPEN = 1 << 4,    /* quote mark known to open (curly left) */
    NW_TF_QCLOSE = 1 << 5,   /* quote mark known to close (curly right) */
    NW_TF_ABBR = 1 << 6,     /* known abbreviation or initialism (Mr., U.S.) */
    NW_TF_POSS = 1 << 7,     /* the possessive token "'s" or "'" split off a word */
    NW_TF_SPACE = 1 << 8,    /* white space precedes the token */
    NW_TF_BOILER = 1 << 9,   /* inside boilerplate: URL line, "Related article:"
                                line, dateline, byline */
    NW_TF_DIGIT = 1 << 10,   /* contains a digit */
    NW_TF_HYPHEN = 1 << 11,  /* contains an inner hyphen */
    NW_TF_TITLE = 1 << 12,   /* first line of the text looks like a headline */
    NW_TF_CODE = 1 << 13,    /* in a paragraph of page code a crawler left:
                                "<!-- google_ad_client ... //-->", "var x =" */
};
/* No article text: boilerplate or page code. */
#define NW_TF_NOTTEXT (NW_TF_BOILER | NW_TF_CODE)

typedef struct nw_token {
    uint32_t start, end;     /* in text.buf */
    uint32_t hash;           /* nw_hash_lower() of the token text */
    uint16_t kind;           /* nw_tok_kind */
    uint16_t flags;          /* NW_TF_* */
} nw_token;

/* ----------------------------------------------------------- sentences -- */

typedef struct nw_sentence {
    uint32_t first, end;     /* token range [first, end) */
    uint32_t para;           /* paragraph number, from 0 */
} nw_sentence;

/* ------------------------------------------------------------ mentions -- */

/* A named mention found by NER (ner.c), consolidated by entities.c. */
typedef struct nw_mention {
    uint32_t first, end;     /* token range [first, end) */
    uint8_t type;            /* nw_entity_type */
    float score;             /* model confidence, 0..1 */
    int32_t entity;          /* index into doc->x->entities after
                                nw_entities_run(), else -1 */
    uint8_t wc;              /* a one-word mention: the corpus context
                                bits of its word (NW_WC_*, ner_gaz.h) */
    uint8_t flags;           /* NW_MENT_* */
} nw_mention;

enum {
    NW_MENT_LINEUP = 1 << 0  /* a player in a sports line-up: a person */
};

/* ----------------------------------------------------------------- doc -- */

typedef struct nw_doc {
    nw_text text;

    nw_token *tok;
    uint32_t n_tok;

    nw_sentence *sent;
    uint32_t n_sent;
    uint32_t *tok_sent;      /* tok_sent[i]: sentence index of token i */

    nw_mention *ment;        /* in text order, non-overlapping */
    uint32_t n_ment;

    /* The output being built.  entities.c fills x->entities; quotes.c
       fills x->quotes; stance.c fills x->stances.  Offsets in x are source
       offsets (already mapped through text.off). */
    nw_extraction *x;

    /* entity-level extras kept beside x->entities, same index */
    uint8_t *ent_gender;     /* 0 unknown, 1 male, 2 female, 3 group/org */
} nw_doc;

/* Release everything the doc owns (not text.src).  Safe on a zeroed doc. */
void nw_doc_release(nw_doc *d);

/* Source span of normalised range [a, b). */
nw_span nw_text_src(const nw_text *t, size_t a, size_t b);

/* Source span of token range [first, end). */
nw_span nw_doc_tok_src(const nw_doc *d, uint32_t first, uint32_t end);

/* Pointer to / length of token i in text.buf. */
static inline const char *nw_tok_ptr(const nw_doc *d, uint32_t i) {
    return d->text.buf + d->tok[i].start;
}
static inline uint32_t nw_tok_len(const nw_doc *d, uint32_t i) {
    return d->tok[i].end - d->tok[i].start;
}

/* 1 when token i is a word of initials: capital letters each followed by
   a period ("J.", "W.H.S."). */
static inline int nw_tok_initials(const nw_doc *d, uint32_t i) {
    const char *p = nw_tok_ptr(d, i);
    uint32_t n = nw_tok_len(d, i);
    if (d->tok[i].kind != NW_TK_WORD || n < 2 || n % 2)
        return 0;
    for (uint32_t k = 0; k < n; k += 2)
        if (p[k] < 'A' || p[k] > 'Z' || p[k + 1] != '.')
            return 0;
    return 1;
}

/* FNV-1a over the ASCII-lowercased bytes: the one hash lexicons use. */
uint32_t nw_hash_lower(const char *s, size_t n);

#endif
