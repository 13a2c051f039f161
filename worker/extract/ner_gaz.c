/*
 * ner_gaz.c -- NER word table (see ner_gaz.h): open addressing with linear
 * probing over 64-bit keys, grown at load time, read-only afterwards.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner_gaz.h"

const char *const nw_ner_gaz_files[NW_GZ_N + 1] = {
    "countries.txt", "cities.txt",   "regions.txt",     "organisations.txt",
    "org_words.txt", "demonyms.txt", "first_names.txt", "titles.txt",
    "date_words.txt", "loc_words.txt", "people.txt",    "not_names.txt",
    "event_words.txt", "org_cues.txt", "places_big.txt", "names_big.txt",
    NULL};

#define MAX_PHRASE_WORDS 12u
#define MAX_LINE 1024

typedef struct slot {
    uint64_t key;      /* 0 = empty */
    uint16_t cats;     /* categories of the phrase ending here */
    uint8_t prefix;    /* a longer phrase continues */
    uint8_t cap;       /* capitalisation class (single words) */
    uint16_t cluster;  /* corpus word cluster + 1, 0 none (single words) */
    uint8_t ctx;       /* corpus context bits NW_WC_* (single words) */
    uint8_t pad;
} slot;

struct nw_ner_gaz {
    slot *tab;
    size_t cap;        /* power of two */
    size_t n;
};

static uint64_t key_first(uint32_t h) {
    uint64_t k = ((uint64_t)h << 1) | 1u;   /* never 0 */
    return k;
}

static uint64_t key_next(uint64_t k, uint32_t h) {
    k ^= (uint64_t)h + 0x9E3779B97F4A7C15ull + (k << 6) + (k >> 2);
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return k ? k : 1;
}

static size_t slot_of(uint64_t k, size_t mask) {
    uint64_t x = k * 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 20) & mask;
}

nw_ner_gaz *nw_ner_gaz_new(void) {
    nw_ner_gaz *g = calloc(1, sizeof(*g));
    if (!g)
        return NULL;
    g->cap = 1024;
    if (!(g->tab = calloc(g->cap, sizeof(slot)))) {
        free(g);
        return NULL;
    }
    return g;
}

void nw_ner_gaz_free(nw_ner_gaz **pg) {
    if (!pg || !*pg)
        return;
    free((*pg)->tab);
    free(*pg);
    *pg = NULL;
}

size_t nw_ner_gaz_count(const nw_ner_gaz *g) { return g->n; }

static int grow(nw_ner_gaz *g) {
    size_t ncap = g->cap * 2, mask = ncap - 1;
    slot *nt = calloc(ncap, sizeof(slot));
    if (!nt)
        return -1;
    for (size_t i = 0; i < g->cap; i++) {
        if (!g->tab[i].key)
            continue;
        size_t j = slot_of(g->tab[i].key, mask);
        while (nt[j].key)
            j = (j + 1) & mask;
        nt[j] = g->tab[i];
    }
    free(g->tab);
    g->tab = nt;
    g->cap = ncap;
    return 0;
}

/* Find or insert key; NULL out of memory. */
static slot *upsert(nw_ner_gaz *g, uint64_t k) {
    if ((g->n + 1) * 2 > g->cap && grow(g) != 0)
        return NULL;
    size_t mask = g->cap - 1, j = slot_of(k, mask);
    while (g->tab[j].key && g->tab[j].key != k)
        j = (j + 1) & mask;
    if (!g->tab[j].key) {
        g->tab[j].key = k;
        g->n++;
    }
    return &g->tab[j];
}

static const slot *find(const nw_ner_gaz *g, uint64_t k) {
    size_t mask = g->cap - 1, j = slot_of(k, mask);
    while (g->tab[j].key) {
        if (g->tab[j].key == k)
            return &g->tab[j];
        j = (j + 1) & mask;
    }
    return NULL;
}

int nw_ner_gaz_add(nw_ner_gaz *g, const char *phrase, size_t len,
                   uint16_t cats) {
    uint64_t keys[MAX_PHRASE_WORDS];
    size_t nk = 0, i = 0;
    while (i < len && nk < MAX_PHRASE_WORDS) {
        while (i < len && phrase[i] == ' ')
            i++;
        size_t s = i;
        while (i < len && phrase[i] != ' ')
            i++;
        if (i == s)
            break;
        /* "mcdonald's", "king's lynn": the tokeniser splits the
           possessive off ("McDonald" "'s"), so the phrase does too */
        size_t e = i;
        if (e - s > 2 && phrase[e - 2] == '\'' && (phrase[e - 1] | 0x20) == 's')
            e -= 2;
        uint32_t h = nw_hash_lower(phrase + s, e - s);
        keys[nk] = nk ? key_next(keys[nk - 1], h) : key_first(h);
        nk++;
        if (e < i && nk < MAX_PHRASE_WORDS) {
            keys[nk] = key_next(keys[nk - 1], nw_hash_lower(phrase + e, 2));
            nk++;
        }
    }
    if (nk == 0)
        return 0;
    for (size_t w = 0; w < nk; w++) {
        slot *sl = upsert(g, keys[w]);
        if (!sl)
            return -1;
        if (w + 1 < nk)
            sl->prefix = 1;
        else
            sl->cats |= cats;
    }
    return 0;
}

int nw_ner_gaz_set_cap(nw_ner_gaz *g, uint32_t word_hash, uint8_t cls,
                       uint16_t cluster, uint8_t ctx) {
    slot *sl = upsert(g, key_first(word_hash));
    if (!sl)
        return -1;
    sl->cap = cls;
    sl->cluster = cluster;
    sl->ctx = ctx;
    return 0;
}

void nw_ner_gaz_word(const nw_ner_gaz *g, uint32_t word_hash, uint16_t *cats,
                     uint8_t *capcls) {
    const slot *sl = find(g, key_first(word_hash));
    *cats = sl ? sl->cats : 0;
    *capcls = sl ? sl->cap : 0;
}

void nw_ner_gaz_word_info(const nw_ner_gaz *g, uint32_t word_hash, uint16_t *cats,
                          uint8_t *capcls, uint16_t *cluster, uint8_t *ctx) {
    const slot *sl = find(g, key_first(word_hash));
    *cats = sl ? sl->cats : 0;
    *capcls = sl ? sl->cap : 0;
    *cluster = sl ? sl->cluster : 0;
    *ctx = sl ? sl->ctx : 0;
}

uint32_t nw_ner_gaz_match(const nw_ner_gaz *g, const nw_doc *d, uint32_t i,
                          uint32_t end, uint16_t *cats) {
    uint32_t best = 0;
    uint16_t bc = 0;
    uint64_t k = 0;
    *cats = 0;
    for (uint32_t j = i; j < end && j - i < MAX_PHRASE_WORDS; j++) {
        k = j == i ? key_first(d->tok[j].hash) : key_next(k, d->tok[j].hash);
        const slot *sl = find(g, k);
        if (!sl)
            break;
        if (sl->cats) {
            best = j - i + 1;
            bc = sl->cats;
        }
        if (!sl->prefix)
            break;
    }
    *cats = bc;
    return best;
}

uint32_t nw_ner_gaz_scan(const nw_ner_gaz *g, const nw_doc *d, uint32_t i,
                         uint32_t end, uint16_t *wcats, uint8_t *capcls,
                         uint16_t *pcats, uint16_t *cluster, uint8_t *ctx) {
    uint32_t best = 0;
    uint16_t bc = 0;
    uint64_t k = key_first(d->tok[i].hash);
    const slot *sl = find(g, k);
    *wcats = 0;
    *capcls = 0;
    *pcats = 0;
    *cluster = 0;
    *ctx = 0;
    if (!sl)
        return 0;
    *ctx = sl->ctx;
    *wcats = sl->cats;
    *capcls = sl->cap;
    *cluster = sl->cluster;
    if (sl->cats) {
        best = 1;
        bc = sl->cats;
    }
    for (uint32_t j = i + 1; sl->prefix && j < end && j - i < MAX_PHRASE_WORDS;
         j++) {
        k = key_next(k, d->tok[j].hash);
        if (!(sl = find(g, k)))
            break;
        if (sl->cats) {
            best = j - i + 1;
            bc = sl->cats;
        }
    }
    *pcats = bc;
    return best;
}

static void trim(char **s, size_t *n) {
    while (*n && (**s == ' ' || **s == '\t' || **s == '\r'))
        (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
                  (*s)[*n - 1] == '\r' || (*s)[*n - 1] == '\n'))
        (*n)--;
}

int nw_ner_gaz_load_dir(nw_ner_gaz *g, const char *datadir, char *err,
                        size_t errlen) {
    char path[4096], line[MAX_LINE];
    for (int c = 0; nw_ner_gaz_files[c]; c++) {
        snprintf(path, sizeof(path), "%s/gazetteers/%s", datadir,
                 nw_ner_gaz_files[c]);
        FILE *f = fopen(path, "r");
        if (!f) {
            snprintf(err, errlen, "gazetteer %s: %s", path, strerror(errno));
            return -1;
        }
        unsigned lines = 0;
        while (fgets(line, sizeof(line), f) && lines++ < 1000000u) {
            char *s = line;
            size_t n = strlen(line);
            char *tab = memchr(s, '\t', n);
            if (tab)
                n = (size_t)(tab - s);
            trim(&s, &n);
            if (n == 0 || s[0] == '#')
                continue;
            /* nationalities also in the plural: "Sri Lankans" */
            char plural[MAX_LINE + 2];
            int pl = (1u << c) == NW_GZ_DEMONYM && n + 1 < sizeof(plural) &&
                     s[n - 1] != 's' && s[n - 1] != 'h';
            if (pl) {
                memcpy(plural, s, n);
                plural[n] = 's';
            }
            if (nw_ner_gaz_add(g, s, n, (uint16_t)(1u << c)) != 0 ||
                (pl && nw_ner_gaz_add(g, plural, n + 1, NW_GZ_DEMONYM) != 0)) {
                fclose(f);
                snprintf(err, errlen, "gazetteer %s: out of memory", path);
                return -1;
            }
        }
        fclose(f);
    }
    return 0;
}
