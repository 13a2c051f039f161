/*
 * lexicon.c -- word and phrase lists compiled into an open-addressing hash
 * table (see lexicon.h for the file format).
 *
 * Design
 *  - Every phrase is stored normalised: ASCII lower case, words separated by
 *    one space.  Its key is a combination of the per-word hashes
 *    nw_hash_lower(word), so a phrase can be looked up token by token from
 *    the hashes the front end already computed (nw_token.hash) without
 *    building any string: key(w1) = h1, key(w1..wk+1) = mix(key(w1..wk),
 *    hk+1).
 *  - Every proper word prefix of a phrase ("united", "united states" for
 *    "united states of america") is stored too, flagged PREFIX, so the
 *    longest-match walk in nw_lexicon_match() stops at the first token whose
 *    prefix is unknown: for the common case, a word in no list, that is one
 *    probe.
 *  - A probe compares the 32-bit key and the word count, then the stored
 *    phrase byte by byte against the tokens (ASCII case-folded), so hash
 *    collisions never give false matches.
 *  - Strings (phrases, labels) live in a chunked arena whose blocks never
 *    move, so pointers handed out by nw_lexicon_get()/match() stay valid
 *    until nw_lexicon_free().  Lookups allocate nothing.
 *  - Linear probing, capacity a power of two, load factor at most 1/2.
 *  - An entry's index never changes once added, so it doubles as a word id
 *    (nw_lexicon_word_id): callers chain a word's occurrences in a plain
 *    array instead of a hash table of their own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"

#define LEX_MAX_WORDS 16          /* longest phrase, in words */
#define LEX_MAX_PHRASE 1024       /* longest phrase, in bytes */
#define LEX_MAX_LINE 8192         /* longest line in a file */
#define LEX_BLOCK 65536           /* arena block size */

enum { LEX_FULL = 1, LEX_PREFIX = 2 };

typedef struct lex_entry {
    const char *phrase;           /* normalised, in the arena */
    const char *label;            /* in the arena; "" when none */
    uint32_t key;
    uint16_t len;                 /* bytes of phrase */
    uint8_t nwords;
    uint8_t flags;                /* LEX_FULL | LEX_PREFIX */
} lex_entry;

/* A table slot keeps the key beside the index, so a probe that misses
   never touches the entry array. */
typedef struct lex_slot {
    uint32_t key;
    uint32_t idx;                 /* 0 empty, else entry index + 1 */
} lex_slot;

typedef struct lex_block {
    struct lex_block *next;
    size_t used, cap;
    char data[];
} lex_block;

struct nw_lexicon {
    lex_entry *ent;               /* entries, any order */
    uint32_t n_ent, cap_ent;
    lex_slot *slot;
    uint32_t mask;                /* slot count - 1 */
    size_t n_full;                /* phrases added (FULL entries) */
    uint32_t max_words;           /* longest FULL phrase */
    lex_block *arena;
};

/* ------------------------------------------------------------ helpers -- */

static inline uint32_t lex_mix(uint32_t acc, uint32_t h) {
    acc = (acc << 5) | (acc >> 27);
    return (acc ^ h) * 0x9E3779B1u;
}

static inline unsigned char lex_lower(unsigned char c) {
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Copy n bytes (plus a NUL) into the arena; NULL on allocation failure. */
static const char *lex_strdup(nw_lexicon *lex, const char *s, size_t n) {
    lex_block *b = lex->arena;
    if (!b || b->cap - b->used < n + 1) {
        size_t cap = n + 1 > LEX_BLOCK ? n + 1 : LEX_BLOCK;
        lex_block *nb = malloc(sizeof(*nb) + cap);
        if (!nb)
            return NULL;
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        lex->arena = nb;
        b = nb;
    }
    char *p = b->data + b->used;
    memcpy(p, s, n);
    p[n] = '\0';
    b->used += n + 1;
    return p;
}

/* Does normalised phrase p (len n, k words) equal tokens [i, i+k) of d? */
static int lex_eq_tokens(const char *p, size_t n, const nw_doc *d, uint32_t i,
                         uint32_t k) {
    size_t at = 0;
    for (uint32_t w = 0; w < k; w++) {
        const char *t = nw_tok_ptr(d, i + w);
        uint32_t tl = nw_tok_len(d, i + w);
        if (w > 0) {
            if (at >= n || p[at] != ' ')
                return 0;
            at++;
        }
        if (tl > n - at)
            return 0;
        for (uint32_t j = 0; j < tl; j++)
            if (lex_lower((unsigned char)t[j]) != (unsigned char)p[at + j])
                return 0;
        at += tl;
    }
    return at == n;
}

/* Find the entry with key and exactly the normalised bytes p[0..n). */
static lex_entry *lex_find(const nw_lexicon *lex, uint32_t key, const char *p,
                           size_t n) {
    if (!lex->slot)
        return NULL;
    for (uint32_t s = key & lex->mask, probes = 0; probes <= lex->mask;
         s = (s + 1) & lex->mask, probes++) {
        uint32_t v = lex->slot[s].idx;
        if (!v)
            return NULL;
        if (lex->slot[s].key != key)
            continue;
        lex_entry *e = &lex->ent[v - 1];
        if (e->len == n && memcmp(e->phrase, p, n) == 0)
            return e;
    }
    return NULL;
}

static int lex_grow_slots(nw_lexicon *lex) {
    uint32_t ns = lex->slot ? (lex->mask + 1) * 2 : 64;
    lex_slot *slot = calloc(ns, sizeof(*slot));
    if (!slot)
        return -1;
    for (uint32_t i = 0; i < lex->n_ent; i++) {
        uint32_t s = lex->ent[i].key & (ns - 1);
        while (slot[s].idx)
            s = (s + 1) & (ns - 1);
        slot[s].key = lex->ent[i].key;
        slot[s].idx = i + 1;
    }
    free(lex->slot);
    lex->slot = slot;
    lex->mask = ns - 1;
    return 0;
}

/* Insert a new entry (caller checked it is absent).  NULL on ENOMEM. */
static lex_entry *lex_insert(nw_lexicon *lex, uint32_t key, const char *p,
                             size_t n, uint32_t nwords) {
    if (!lex->slot || (lex->n_ent + 1) * 2 > lex->mask + 1)
        if (lex_grow_slots(lex) != 0)
            return NULL;
    if (lex->n_ent == lex->cap_ent) {
        uint32_t nc = lex->cap_ent ? lex->cap_ent * 2 : 64;
        lex_entry *ne = realloc(lex->ent, nc * sizeof(*ne));
        if (!ne)
            return NULL;
        lex->ent = ne;
        lex->cap_ent = nc;
    }
    const char *copy = lex_strdup(lex, p, n);
    if (!copy)
        return NULL;
    lex_entry *e = &lex->ent[lex->n_ent];
    e->phrase = copy;
    e->label = "";
    e->key = key;
    e->len = (uint16_t)n;
    e->nwords = (uint8_t)nwords;
    e->flags = 0;
    uint32_t s = key & lex->mask;
    while (lex->slot[s].idx)
        s = (s + 1) & lex->mask;
    lex->slot[s].key = key;
    lex->slot[s].idx = ++lex->n_ent;
    return e;
}

/* Normalise phrase into out (ASCII lower case, single spaces, trimmed).
   Returns the length, or -1 when too long / too many words / empty. */
static int lex_normalise(const char *s, size_t n, char *out, uint32_t *nwords) {
    size_t o = 0;
    uint32_t w = 0;
    int in_word = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            in_word = 0;
            continue;
        }
        /* "mcdonald's", "king's lynn": the tokeniser splits the
           possessive off ("McDonald" "'s"), so the phrase does too */
        if (in_word && c == '\'' && i + 1 < n && (s[i + 1] | 0x20) == 's' &&
            (i + 2 == n || s[i + 2] == ' ' || s[i + 2] == '\t'))
            in_word = 0;
        if (!in_word) {
            if (w > 0) {
                if (o >= LEX_MAX_PHRASE)
                    return -1;
                out[o++] = ' ';
            }
            w++;
            in_word = 1;
        }
        if (o >= LEX_MAX_PHRASE)
            return -1;
        out[o++] = (char)lex_lower(c);
    }
    if (w == 0 || w > LEX_MAX_WORDS)
        return -1;
    *nwords = w;
    return (int)o;
}

/* Keys of every word prefix of normalised p: keys[k-1] for k words. */
static void lex_prefix_keys(const char *p, size_t n, uint32_t *keys,
                            size_t *ends) {
    size_t i = 0, k = 0;
    uint32_t acc = 0;
    while (i < n && k < LEX_MAX_WORDS) {
        size_t j = i;
        while (j < n && p[j] != ' ')
            j++;
        uint32_t h = nw_hash_lower(p + i, j - i);
        acc = k == 0 ? h : lex_mix(acc, h);
        keys[k] = acc;
        ends[k] = j;
        k++;
        i = j + 1;
    }
}

/* ------------------------------------------------------ construction -- */

nw_lexicon *nw_lexicon_new(void) {
    return calloc(1, sizeof(nw_lexicon));
}

void nw_lexicon_free(nw_lexicon **plex) {
    if (!plex || !*plex)
        return;
    nw_lexicon *lex = *plex;
    lex_block *b = lex->arena;
    while (b) {
        lex_block *next = b->next;
        free(b);
        b = next;
    }
    free(lex->ent);
    free(lex->slot);
    free(lex);
    *plex = NULL;
}

int nw_lexicon_add(nw_lexicon *lex, const char *phrase, size_t len,
                   const char *label) {
    char norm[LEX_MAX_PHRASE + 1];
    uint32_t keys[LEX_MAX_WORDS];
    size_t ends[LEX_MAX_WORDS];
    uint32_t nw = 0;
    if (!lex || !phrase)
        return -1;
    int n = lex_normalise(phrase, len, norm, &nw);
    if (n < 0)
        return -1;
    lex_prefix_keys(norm, (size_t)n, keys, ends);
    for (uint32_t k = 1; k <= nw; k++) {
        size_t pl = ends[k - 1];
        lex_entry *e = lex_find(lex, keys[k - 1], norm, pl);
        if (!e && !(e = lex_insert(lex, keys[k - 1], norm, pl, k)))
            return -1;
        if (k < nw) {
            e->flags |= LEX_PREFIX;
            continue;
        }
        const char *lab = "";
        if (label && *label && !(lab = lex_strdup(lex, label, strlen(label))))
            return -1;
        if (!(e->flags & LEX_FULL))
            lex->n_full++;
        e->flags |= LEX_FULL;
        e->label = lab;
        if (nw > lex->max_words)
            lex->max_words = nw;
    }
    return 0;
}

nw_lexicon *nw_lexicon_load(const char *path, char *err, size_t errlen) {
    char dummy[1];
    char *line = NULL;
    FILE *f = NULL;
    nw_lexicon *lex = NULL;
    unsigned lineno = 0;

    if (!err || errlen == 0) {
        err = dummy;
        errlen = sizeof(dummy);
    }
    err[0] = '\0';
    if (!path) {
        snprintf(err, errlen, "lexicon: no path");
        return NULL;
    }
    if (!(f = fopen(path, "r"))) {
        snprintf(err, errlen, "lexicon %s: cannot open: %s", path,
                 strerror(errno));
        return NULL;
    }
    if (!(lex = nw_lexicon_new()) || !(line = malloc(LEX_MAX_LINE + 2))) {
        snprintf(err, errlen, "lexicon %s: out of memory", path);
        goto fail;
    }
    while (fgets(line, LEX_MAX_LINE + 2, f)) {
        lineno++;
        size_t n = strlen(line);
        if (n > LEX_MAX_LINE && line[n - 1] != '\n') {
            snprintf(err, errlen, "%s:%u: line longer than %d bytes", path,
                     lineno, LEX_MAX_LINE);
            goto fail;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (lineno == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            memmove(line, line + 3, n - 2);
            n -= 3;
        }
        size_t s = 0;
        while (s < n && line[s] == ' ')
            s++;
        if (s == n || line[s] == '#')
            continue;
        if (line[s] == '\t') {
            size_t k = s;
            while (k < n && (line[k] == ' ' || line[k] == '\t'))
                k++;
            if (k == n)
                continue; /* white space only */
        }
        char *tab = memchr(line + s, '\t', n - s);
        char *label = line + n; /* the NUL: "" */
        size_t plen = n - s;
        if (tab) {
            plen = (size_t)(tab - (line + s));
            *tab = '\0';
            label = tab + 1;
            while (*label == ' ' || *label == '\t')
                label++;
            size_t ll = strlen(label);
            while (ll > 0 && (label[ll - 1] == ' ' || label[ll - 1] == '\t'))
                label[--ll] = '\0';
        }
        char norm[LEX_MAX_PHRASE + 1];
        uint32_t nw;
        if (lex_normalise(line + s, plen, norm, &nw) < 0) {
            snprintf(err, errlen,
                     "%s:%u: empty phrase, or longer than %d bytes / %d words",
                     path, lineno, LEX_MAX_PHRASE, LEX_MAX_WORDS);
            goto fail;
        }
        if (nw_lexicon_add(lex, line + s, plen, label) != 0) {
            snprintf(err, errlen, "%s:%u: out of memory", path, lineno);
            goto fail;
        }
    }
    if (ferror(f)) {
        snprintf(err, errlen, "lexicon %s: read error after line %u", path,
                 lineno);
        goto fail;
    }
    free(line);
    fclose(f);
    return lex;
fail:
    free(line);
    if (f)
        fclose(f);
    nw_lexicon_free(&lex);
    return NULL;
}

/* -------------------------------------------------------------- lookup -- */

size_t nw_lexicon_size(const nw_lexicon *lex) {
    return lex ? lex->n_full : 0;
}

uint32_t nw_lexicon_max_words(const nw_lexicon *lex) {
    return lex ? lex->max_words : 0;
}

const char *nw_lexicon_get(const nw_lexicon *lex, const char *s, size_t n) {
    char norm[LEX_MAX_PHRASE + 1];
    uint32_t keys[LEX_MAX_WORDS];
    size_t ends[LEX_MAX_WORDS];
    uint32_t nw;
    if (!lex || !s || lex->n_full == 0)
        return NULL;
    int len = lex_normalise(s, n, norm, &nw);
    if (len < 0)
        return NULL;
    lex_prefix_keys(norm, (size_t)len, keys, ends);
    lex_entry *e = lex_find(lex, keys[nw - 1], norm, (size_t)len);
    return e && (e->flags & LEX_FULL) ? e->label : NULL;
}

/* The entry of exactly k words with key whose phrase equals tokens
   [i, i+k) of d (FULL or PREFIX), or NULL. */
static const lex_entry *lex_find_tokens(const nw_lexicon *lex, uint32_t key,
                                        const nw_doc *d, uint32_t i,
                                        uint32_t k) {
    for (uint32_t s = key & lex->mask, probes = 0; probes <= lex->mask;
         s = (s + 1) & lex->mask, probes++) {
        uint32_t v = lex->slot[s].idx;
        if (!v)
            return NULL;
        if (lex->slot[s].key != key)
            continue;
        const lex_entry *e = &lex->ent[v - 1];
        if (e->nwords == k && lex_eq_tokens(e->phrase, e->len, d, i, k))
            return e;
    }
    return NULL;
}

uint32_t nw_lexicon_match(const nw_lexicon *lex, const nw_doc *d, uint32_t i,
                          uint32_t end, const char **label) {
    uint32_t best = 0;
    const char *best_label = NULL;
    if (label)
        *label = NULL;
    if (!lex || !d || !lex->slot || lex->n_full == 0)
        return 0;
    if (end == 0 || end > d->n_tok)
        end = d->n_tok;
    if (i >= end)
        return 0;
    uint32_t maxk = end - i;
    if (maxk > lex->max_words)
        maxk = lex->max_words;
    uint32_t key = 0;
    for (uint32_t k = 1; k <= maxk; k++) {
        key = k == 1 ? d->tok[i].hash : lex_mix(key, d->tok[i + k - 1].hash);
        const lex_entry *hit = lex_find_tokens(lex, key, d, i, k);
        if (!hit)
            break;
        if (hit->flags & LEX_FULL) {
            best = k;
            best_label = hit->label;
        }
        if (!(hit->flags & LEX_PREFIX))
            break;
    }
    if (label)
        *label = best_label;
    return best;
}

uint32_t nw_lexicon_n_ids(const nw_lexicon *lex) {
    return lex ? lex->n_ent : 0;
}

int32_t nw_lexicon_word_id(const nw_lexicon *lex, const nw_doc *d,
                           uint32_t i) {
    if (!lex || !d || !lex->slot || i >= d->n_tok)
        return -1;
    const lex_entry *e = lex_find_tokens(lex, d->tok[i].hash, d, i, 1);
    return e ? (int32_t)(e - lex->ent) : -1;
}

const char *nw_lexicon_each(const nw_lexicon *lex,
                            int (*fn)(const char *phrase, const char *label,
                                      void *arg),
                            void *arg) {
    if (!lex || !fn)
        return NULL;
    for (uint32_t k = 0; k < lex->n_ent; k++) {
        const lex_entry *e = &lex->ent[k];
        if ((e->flags & LEX_FULL) && fn(e->phrase, e->label, arg) != 0)
            return e->phrase;
    }
    return NULL;
}
