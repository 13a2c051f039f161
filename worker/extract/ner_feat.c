/*
 * ner_feat.c -- NER features (see ner_feat.h).
 *
 * Two passes over a window of the sentence (the chunk plus a margin of
 * WIN tokens each side): first a per-token record (word hash, shape, small
 * shape class, gazetteer categories, phrase coverage, capitalised runs),
 * then NW_NER_NF template hashes per token from those records.  Nothing is
 * allocated; the window lives on the stack.
 */
#include <stdlib.h>
#include <string.h>

#include "ner_feat.h"

#define WIN 8u
#define MAXW (NW_NER_CHUNK + 2 * WIN)

enum { SS_PAD = 0, SS_CAPLOW, SS_CAP1, SS_ALLCAP, SS_LOWER, SS_DIGIT,
       SS_PUNCT, SS_DOTS, SS_MIXED, SS_QUOTE, SS_URL, SS_LOWCAP, SS_OTHER };

typedef struct tinfo {
    uint32_t h;        /* lowercased word hash */
    uint32_t shape;    /* hash of the shape string */
    uint16_t cats;     /* gazetteer categories of the word alone */
    uint16_t pb, pi;   /* categories of phrases (>= 2 words) starting /
                          continuing here */
    uint16_t flags;
    uint8_t ss;        /* small shape class */
    uint8_t cap;       /* corpus capitalisation class */
    uint8_t len;       /* length bucket */
    uint8_t runpos;    /* 0 none, 1 B, 2 I, 3 L, 4 U */
    uint8_t runlen;
    uint16_t cl;       /* corpus word cluster + 1, 0 unknown */
    uint8_t wc;        /* corpus context bits NW_WC_* */
    uint16_t runfirst, runlast; /* gazetteer categories of the run's ends */
    uint32_t before, after;     /* word hashes around the run */
    uint32_t runlastw;          /* word hash of the run's last word */
    uint16_t runlastcl;         /* its cluster */
    uint8_t runlastwc;          /* its corpus context bits */
} tinfo;

static inline uint32_t fmix(uint32_t h) {
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

static inline uint32_t F1(uint32_t t, uint32_t v) {
    return fmix(v ^ (t * 0x9E3779B1u + 0x7f4a7c15u));
}

static inline uint32_t F2(uint32_t t, uint32_t a, uint32_t b) {
    return F1(t, fmix(a + 0x632be5abu) ^ b);
}

static inline uint32_t F3(uint32_t t, uint32_t a, uint32_t b, uint32_t c) {
    return F1(t, fmix(fmix(a + 0x632be5abu) ^ b) ^ c);
}

#define PAD_BOS 0x0b05u
#define PAD_EOS 0x0e05u

static int is_connector(uint32_t h, const uint32_t *conn, int nconn) {
    for (int k = 0; k < nconn; k++)
        if (conn[k] == h)
            return 1;
    return 0;
}

/* token flags as the features see them: a particle name is capitalised */
static inline uint16_t word_flags(const nw_doc *d, const nw_token *t) {
    return nw_ner_particle_len(d, t) ? (uint16_t)(t->flags | NW_TF_CAP) : t->flags;
}

/* shape of token i, or of its last n bytes from p (the name after a
   particle) */
static void shape_of(const nw_doc *d, uint32_t i, const char *ps, uint32_t n, tinfo *ti) {
    const nw_token *t = &d->tok[i];
    const unsigned char *p = (const unsigned char *)ps;
    uint32_t ln = n, h = 2166136261u;
    char prev = 0;
    int run = 0, up = 0, low = 0, dig = 0, dots = 0, other = 0, first = 0;
    if (n > 40)
        n = 40;
    for (uint32_t k = 0; k < n; k++) {
        unsigned char c = p[k];
        char s;
        if (c >= 'A' && c <= 'Z')
            s = 'X', up++;
        else if (c >= 'a' && c <= 'z')
            s = 'x', low++;
        else if (c >= '0' && c <= '9')
            s = 'd', dig++;
        else if (c >= 0xC0)
            s = 'x', low++;
        else if (c >= 0x80)
            continue;   /* UTF-8 continuation byte */
        else {
            s = (char)c, other++;
            if (c == '.')
                dots++;
        }
        if (k == 0)
            first = s;
        if (s == prev) {
            if (++run > 2)
                continue;
        } else {
            run = 1;
            prev = s;
        }
        h = (h ^ (unsigned char)s) * 16777619u;
    }
    ti->shape = h;
    if (t->kind == NW_TK_QUOTE)
        ti->ss = SS_QUOTE;
    else if (t->kind == NW_TK_URL)
        ti->ss = SS_URL;
    else if (t->kind == NW_TK_PUNCT)
        ti->ss = SS_PUNCT;
    else if (dig && !up && !low)
        ti->ss = SS_DIGIT;
    else if (up && dots && !low)
        ti->ss = SS_DOTS;
    else if (first == 'X' && up == 1 && !low && !dig)
        ti->ss = SS_CAP1;
    else if (first == 'X' && !low)
        ti->ss = SS_ALLCAP;
    else if (first == 'X' && up == 1)
        ti->ss = SS_CAPLOW;
    else if (first == 'X')
        ti->ss = SS_MIXED;
    else if (first == 'x' && up)
        ti->ss = SS_LOWCAP;
    else if (first == 'x')
        ti->ss = SS_LOWER;
    else
        ti->ss = SS_OTHER;
    (void)other;
    ti->len = (uint8_t)(ln <= 4 ? ln : ln <= 6 ? 5 : ln <= 9 ? 6 : 7);
}

static inline int capword(const tinfo *t) {
    return t->ss == SS_CAPLOW || t->ss == SS_CAP1 || t->ss == SS_ALLCAP ||
           t->ss == SS_MIXED || t->ss == SS_DOTS || t->ss == SS_LOWCAP;
}

void nw_ner_features(const nw_ner_gaz *g, const nw_ner_docinfo *di,
                     const nw_doc *d, uint32_t sfirst,
                     uint32_t send, uint32_t first, uint32_t end,
                     uint32_t *feats) {
    tinfo w[MAXW];
    uint32_t lo = first > sfirst + WIN ? first - WIN : sfirst;
    uint32_t hi = end + WIN < send ? end + WIN : send;
    uint32_t n = hi - lo;
    static const char *const CONN[] = {"of", "for", "and", "&", "de", "the",
                                       "del", "von", "van", "la", "du", "da",
                                       "al", "bin", "upon", "on"};
    uint32_t conn[16];
    const int nconn = 16;

    for (int k = 0; k < nconn; k++)
        conn[k] = nw_hash_lower(CONN[k], strlen(CONN[k]));
    memset(w, 0, sizeof(tinfo) * n);
    /* which tokens matter: those within two of a non-trivial token */
    uint8_t need[MAXW];
    memset(need, 0, n);
    const int mode = nw_ner_sent_mode(di, d, sfirst, send);
    for (uint32_t k = 0; k < n; k++)
        if (!nw_ner_trivial(g, d, sfirst, send, lo + k, mode))
            for (uint32_t j = k >= 2 ? k - 2 : 0; j <= k + 2 && j < n; j++)
                need[j] = 1;
    /* pass 1: per-token records */
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = lo + k;
        tinfo *ti = &w[k];
        uint16_t pc = 0;
        /* a particle name ("al-Dabbagh") is read as the name after the
           particle, capitalised: word, shape and corpus facts of "Dabbagh" */
        uint32_t pl = nw_ner_particle_len(d, &d->tok[i]);
        ti->h = pl ? nw_hash_lower(nw_tok_ptr(d, i) + pl, nw_tok_len(d, i) - pl)
                   : d->tok[i].hash;
        ti->flags = pl ? (uint16_t)(d->tok[i].flags | NW_TF_CAP) : d->tok[i].flags;
        if (!need[k])
            continue;
        shape_of(d, i, nw_tok_ptr(d, i) + pl, nw_tok_len(d, i) - pl, ti);
        uint32_t m = nw_ner_gaz_scan(g, d, i, hi, &ti->cats, &ti->cap, &pc,
                                     &ti->cl, &ti->wc);
        if (pl) {
            uint16_t wc;
            nw_ner_gaz_word_info(g, ti->h, &wc, &ti->cap, &ti->cl, &ti->wc);
            ti->cats |= wc;
        }
        if (m >= 2) {
            ti->pb |= pc;
            for (uint32_t j = 1; j < m && k + j < n; j++)
                w[k + j].pi |= pc;
        }
    }
    /* capitalised runs: capitalised words, joined by connectors that sit
       between two capitalised words */
    for (uint32_t k = 0; k < n;) {
        if (!capword(&w[k]) || d->tok[lo + k].kind != NW_TK_WORD) {
            k++;
            continue;
        }
        uint32_t e = k + 1;
        for (;;) {
            if (e < n && capword(&w[e]) && d->tok[lo + e].kind == NW_TK_WORD) {
                e++;
                continue;
            }
            if (e + 1 < n && is_connector(w[e].h, conn, nconn) &&
                capword(&w[e + 1]) && d->tok[lo + e + 1].kind == NW_TK_WORD &&
                e > k) {
                e += 2;
                continue;
            }
            break;
        }
        uint32_t len = e - k;
        uint32_t before = k > 0 ? w[k - 1].h : PAD_BOS;
        uint32_t after = e < n ? w[e].h : PAD_EOS;
        for (uint32_t j = k; j < e; j++) {
            tinfo *ti = &w[j];
            ti->runpos = (uint8_t)(len == 1 ? 4 : j == k ? 1 : j + 1 == e ? 3 : 2);
            ti->runlen = (uint8_t)(len < 5 ? len : 5);
            ti->runfirst = w[k].cats;
            ti->runlast = w[e - 1].cats;
            ti->runlastw = w[e - 1].h;
            ti->runlastcl = w[e - 1].cl;
            ti->runlastwc = w[e - 1].wc;
            ti->before = before;
            ti->after = after;
        }
        k = e;
    }
    /* pass 2: templates */
    for (uint32_t i = first; i < end; i++) {
        uint32_t k = i - lo;
        if (nw_ner_trivial(g, d, sfirst, send, i, mode)) {
            memset(feats + (size_t)(i - first) * NW_NER_NF, 0,
                   NW_NER_NF * sizeof(uint32_t));
            continue;
        }
        const tinfo *c = &w[k];
        static const tinfo pad = {0};
        const tinfo *p1 = k >= 1 ? &w[k - 1] : &pad;
        const tinfo *p2 = k >= 2 ? &w[k - 2] : &pad;
        const tinfo *n1 = k + 1 < n ? &w[k + 1] : &pad;
        const tinfo *n2 = k + 2 < n ? &w[k + 2] : &pad;
        uint32_t hp1 = k >= 1 ? p1->h : PAD_BOS, hp2 = k >= 2 ? p2->h : PAD_BOS;
        uint32_t hn1 = k + 1 < n ? n1->h : PAD_EOS, hn2 = k + 2 < n ? n2->h : PAD_EOS;
        uint32_t sent = (i == sfirst) || (c->flags & NW_TF_SENT) ? 1u : 0u;
        uint32_t capf = (c->flags & NW_TF_CAP) ? 1u : 0u;
        uint32_t pl = nw_ner_particle_len(d, &d->tok[i]);
        const char *s = nw_tok_ptr(d, i) + pl;
        uint32_t ln = nw_tok_len(d, i) - pl, isword = d->tok[i].kind == NW_TK_WORD;
        uint32_t pre3 = isword ? nw_hash_lower(s, ln < 3 ? ln : 3) : 0;
        uint32_t pre2 = isword ? nw_hash_lower(s, ln < 2 ? ln : 2) : 0;
        uint32_t suf2 = isword ? nw_hash_lower(s + (ln > 2 ? ln - 2 : 0), ln < 2 ? ln : 2) : 0;
        uint32_t suf3 = isword ? nw_hash_lower(s + (ln > 3 ? ln - 3 : 0), ln < 3 ? ln : 3) : 0;
        uint32_t suf4 = isword ? nw_hash_lower(s + (ln > 4 ? ln - 4 : 0), ln < 4 ? ln : 4) : 0;
        uint32_t fl = (c->flags & (NW_TF_ABBR | NW_TF_POSS | NW_TF_DIGIT |
                                   NW_TF_HYPHEN | NW_TF_ALLCAP)) |
                      (uint32_t)d->tok[i].kind << 16;
        uint32_t *f = feats + (size_t)(i - first) * NW_NER_NF;
        uint32_t q = 0;
        f[q++] = F1(0, 0);
        f[q++] = F1(1, c->h);
        f[q++] = F1(2, c->shape);
        f[q++] = F2(3, c->ss, sent);
        f[q++] = F1(4, pre3);
        f[q++] = F1(5, suf3);
        f[q++] = F1(6, suf4);
        f[q++] = F1(7, suf2);
        f[q++] = F1(8, hp1);
        f[q++] = F1(9, hn1);
        f[q++] = F1(10, hp2);
        f[q++] = F1(11, hn2);
        f[q++] = F2(12, p1->ss, c->ss);
        f[q++] = F2(13, c->ss, n1->ss);
        f[q++] = F3(14, p1->ss, c->ss, n1->ss);
        f[q++] = F2(15, hp1, c->ss);
        f[q++] = F2(16, c->ss, hn1);
        f[q++] = F2(17, hp1, c->h);
        f[q++] = F2(18, c->h, hn1);
        f[q++] = F1(19, c->cats);
        f[q++] = F2(20, c->pb, c->pi);
        f[q++] = F1(21, p1->cats);
        f[q++] = F1(22, n1->cats);
        f[q++] = F1(23, p2->cats);
        f[q++] = F3(24, c->cap, sent, capf);
        f[q++] = F2(25, c->h, sent);
        f[q++] = F2(26, p1->pb, p1->pi);
        f[q++] = F2(27, n1->pb, n1->pi);
        f[q++] = F2(28, c->runpos, c->runlen);
        f[q++] = F2(29, c->runlast, c->runpos);
        f[q++] = F2(30, c->runfirst, c->runpos);
        f[q++] = F2(31, c->runpos ? c->before : 0, c->runpos);
        f[q++] = F2(32, c->runpos ? c->after : 0, c->runpos);
        f[q++] = F1(33, fl);
        f[q++] = F2(34, c->len, c->ss);
        f[q++] = F2(35, (c->flags & NW_TF_TITLE) ? 1u : 0u, c->ss);
        f[q++] = F2(36, c->cap, c->cats);
        f[q++] = F2(37, c->h, capf);
        f[q++] = F1(38, pre2);
        f[q++] = F1(39, n2->cats);
        uint16_t df0 = capf ? nw_ner_docinfo_get(di, c->h) : 0;
        uint16_t dfl = c->runpos ? nw_ner_docinfo_get(di, c->runlastw) : 0;
        uint16_t dn1 = (n1->flags & NW_TF_CAP) ? nw_ner_docinfo_get(di, n1->h) : 0;
        f[q++] = F2(40, df0, sent);
        f[q++] = F2(41, df0 & (NW_ND_AFTER_FIRST | NW_ND_AFTER_TITLE |
                               NW_ND_BEFORE_SAID | NW_ND_POSS |
                               NW_ND_AFTER_ORGCUE), c->runpos);
        f[q++] = F2(42, dfl & (NW_ND_AFTER_FIRST | NW_ND_AFTER_TITLE |
                               NW_ND_BEFORE_ORGWORD | NW_ND_AFTER_LOCPREP |
                               NW_ND_AFTER_THE | NW_ND_BEFORE_SAID |
                               NW_ND_AFTER_ORGCUE),
                    c->runpos);
        f[q++] = F2(43, dn1 & (NW_ND_AFTER_FIRST | NW_ND_AFTER_TITLE |
                               NW_ND_BEFORE_SAID | NW_ND_RUN_LAST),
                    c->ss);
        f[q++] = F1(44, c->cl);
        f[q++] = F2(45, p1->cl, c->ss);
        f[q++] = F2(46, n1->cl, c->ss);
        f[q++] = F2(47, c->cl, c->ss);
        f[q++] = F2(48, c->runpos ? w[k].runlastcl : 0, c->runpos);
        f[q++] = F2(49, c->wc, capf);
        f[q++] = F2(50, c->wc, c->runpos);
        f[q++] = F2(51, c->runpos ? c->runlastwc : 0, c->runpos);
        /* case mode of the sentence: in lower-case or all-capitals text
           the gazetteers, the corpus tables and the context must do the
           work that capitalisation does elsewhere */
        f[q++] = F2(52, (uint32_t)mode, c->ss);
        f[q++] = F3(53, (uint32_t)mode, c->cats, c->cap);
        f[q++] = F2(54, c->h, (uint32_t)mode);
        f[q++] = F3(55, (uint32_t)mode, c->cl, c->pb | c->pi);
        f[q++] = F2(56, hp1, hn1);
        f[q++] = F2(57, hp1, c->cl);
        f[q++] = F3(58, c->ss, c->cats, n1->ss);
        f[q++] = F2(59, suf3, c->ss);
    }
}

/* "al-Sadr", "el-Sisi", "ad-Dawr", "bin-Talal": an Arabic particle, a
   hyphen and a capital.  Other lower-case prefixes ("anti-Semitic",
   "mid-February", "pre-Budget") are not particles. */
uint32_t nw_ner_particle_len(const nw_doc *d, const nw_token *t) {
    static const char *const P[] = {"al", "el", "ad", "adh", "an", "ar", "as", "ash",
                                    "at", "ath", "az", "ud", "bin", "ibn", "bint"};
    if (t->kind != NW_TK_WORD || !(t->flags & NW_TF_HYPHEN))
        return 0;
    const char *p = d->text.buf + t->start;
    uint32_t n = t->end - t->start;
    const char *h = memchr(p, '-', n < 5 ? n : 5);
    if (!h)
        return 0;
    uint32_t k = (uint32_t)(h - p);
    if (k + 1 >= n || p[k + 1] < 'A' || p[k + 1] > 'Z')
        return 0;
    for (size_t j = 0; j < sizeof(P) / sizeof(P[0]); j++)
        if (strlen(P[j]) == k && !memcmp(P[j], p, k))
            return k + 1;
    return 0;
}

int nw_ner_particle_cap(const nw_doc *d, const nw_token *t) {
    return nw_ner_particle_len(d, t) != 0;
}

uint32_t nw_ner_word_hash(const nw_doc *d, const nw_token *t) {
    uint32_t pl = nw_ner_particle_len(d, t);
    return pl ? nw_hash_lower(d->text.buf + t->start + pl, t->end - t->start - pl)
              : t->hash;
}

static inline int capital(const nw_doc *d, const nw_token *t) {
    return (t->flags & (NW_TF_CAP | NW_TF_ALLCAP)) != 0 || nw_ner_particle_cap(d, t);
}

/* words the gazetteers know as (part of) a name; PLACE_BIG too: in web
   text written in lower case "noida" and "lourdes" are as much names as
   "france" */
#define GZ_NAMEWORD (NW_GZ_COUNTRY | NW_GZ_CITY | NW_GZ_REGION | NW_GZ_ORG | \
                     NW_GZ_PLACE_BIG | NW_GZ_PERSON)

/* may token t be (part of) a name in a sentence of this mode? */
static inline int nameish(const nw_ner_gaz *g, const nw_doc *d,
                          const nw_token *t, int mode) {
    if (capital(d, t))
        return 1;
    if (mode != NW_NER_MODE_LOWER || !g || t->kind != NW_TK_WORD)
        return 0;
    uint16_t c;
    uint8_t cap;
    nw_ner_gaz_word(g, t->hash, &c, &cap);
    return (c & GZ_NAMEWORD) || cap >= NW_CAP_MOSTLY;
}

int nw_ner_sent_mode(const nw_ner_docinfo *di, const nw_doc *d,
                     uint32_t sfirst, uint32_t send) {
    uint32_t words = 0, allcaps = 0;
    if (di && di->lower)
        return NW_NER_MODE_LOWER;
    if (send > d->n_tok)
        send = d->n_tok;
    for (uint32_t i = sfirst; i < send && i - sfirst < 512; i++) {
        const nw_token *t = &d->tok[i];
        if (t->kind != NW_TK_WORD)
            continue;
        words++;
        if (t->flags & NW_TF_ALLCAP)
            allcaps++;
    }
    if (words >= 3 && allcaps * 5 >= words * 3)
        return NW_NER_MODE_UPPER;
    return NW_NER_MODE_NORMAL;
}

int nw_ner_trivial(const nw_ner_gaz *g, const nw_doc *d, uint32_t sfirst,
                   uint32_t send, uint32_t i, int mode) {
    return !nameish(g, d, &d->tok[i], mode) &&
           (i == sfirst || !nameish(g, d, &d->tok[i - 1], mode)) &&
           (i + 1 >= send || !nameish(g, d, &d->tok[i + 1], mode));
}

void nw_ner_trivial_emit(float *em) {
    em[NW_NER_O] = 0.0f;
    for (uint32_t t = 1; t < NW_NER_NTAGS; t++)
        em[t] = -1e4f;
}

void nw_ner_allowed(uint8_t *allowed) {
    const uint32_t T = NW_NER_NTAGS;
    for (uint32_t s = 0; s <= T; s++)
        for (uint32_t t = 0; t < T; t++) {
            int ok = 1;
            if (t != NW_NER_O && (t % 2) == 0) { /* I-X */
                ok = s < T && (s == t || s == t - 1);
            }
            allowed[s * T + t] = (uint8_t)ok;
        }
}

/* --------------------------------------------------- document facts -- */

static uint32_t di_slot(const nw_ner_docinfo *di, uint32_t key) {
    uint32_t j = (key * 2654435761u) & di->mask;
    while (di->key[j] && di->key[j] != key)
        j = (j + 1) & di->mask;
    return j;
}

uint16_t nw_ner_docinfo_get(const nw_ner_docinfo *di, uint32_t word_hash) {
    if (!di || !di->key)
        return 0;
    uint32_t key = word_hash | 1u;
    uint32_t j = di_slot(di, key);
    return di->key[j] ? di->flags[j] : 0;
}

void nw_ner_docinfo_release(nw_ner_docinfo *di) {
    if (!di)
        return;
    free(di->key);
    free(di->flags);
    di->key = NULL;
    di->flags = NULL;
    di->mask = 0;
}

static int in_list(uint32_t h, const uint32_t *l, int n) {
    for (int k = 0; k < n; k++)
        if (l[k] == h)
            return 1;
    return 0;
}

int nw_ner_docinfo_build(const nw_ner_gaz *g, const nw_doc *d,
                         nw_ner_docinfo *di) {
    static const char *const LOCP[] = {"in", "at", "from", "near", "to"};
    static const char *const SAID[] = {"said", "says", "told", "added",
                                       "say", "argued", "warned"};
    uint32_t locp[5], said[7], the = nw_hash_lower("the", 3);
    uint32_t cap = 64;

    memset(di, 0, sizeof(*di));
    for (int k = 0; k < 5; k++)
        locp[k] = nw_hash_lower(LOCP[k], strlen(LOCP[k]));
    for (int k = 0; k < 7; k++)
        said[k] = nw_hash_lower(SAID[k], strlen(SAID[k]));
    while (cap < 2u * d->n_tok + 2 && cap < (1u << 30))
        cap <<= 1;
    di->mask = cap - 1;
    di->key = calloc(cap, sizeof(uint32_t));
    di->flags = calloc(cap, sizeof(uint16_t));
    if (!di->key || !di->flags) {
        nw_ner_docinfo_release(di);
        return -1;
    }
    uint32_t words = 0, inner_caps = 0;
    for (uint32_t i = 0; i < d->n_tok; i++) {
        const nw_token *t = &d->tok[i];
        if (t->kind != NW_TK_WORD)
            continue;
        words++;
        if (i > 0 && !(t->flags & NW_TF_SENT) && capital(d, t) &&
            !(nw_tok_len(d, i) == 1 && *nw_tok_ptr(d, i) == 'I'))
            inner_caps++;
        /* particle names count as capitalised, under the name after the
           particle (as the features read them) */
        const uint16_t tf = word_flags(d, t);
        unsigned char c0 = (unsigned char)*nw_tok_ptr(d, i);
        uint16_t fl = 0;
        if (!(tf & NW_TF_CAP) && c0 >= 'a' && c0 <= 'z') {
            fl = NW_ND_LOWER;
        } else if (tf & NW_TF_CAP) {
            const nw_token *p = i > 0 ? &d->tok[i - 1] : NULL;
            const nw_token *n = i + 1 < d->n_tok ? &d->tok[i + 1] : NULL;
            const uint16_t pf = p ? word_flags(d, p) : 0, nf = n ? word_flags(d, n) : 0;
            const uint32_t th = nw_ner_word_hash(d, t);
            const uint32_t ph = p ? nw_ner_word_hash(d, p) : 0;
            const uint32_t nh = n ? nw_ner_word_hash(d, n) : 0;
            int pcap = p && p->kind == NW_TK_WORD && (pf & NW_TF_CAP) &&
                       !(t->flags & NW_TF_SENT);
            int ncap = n && n->kind == NW_TK_WORD && (nf & NW_TF_CAP) &&
                       !(n->flags & NW_TF_SENT);
            uint16_t pc = 0, nc = 0;
            uint8_t cc;
            if (pcap)
                nw_ner_gaz_word(g, ph, &pc, &cc);
            if (ncap)
                nw_ner_gaz_word(g, nh, &nc, &cc);
            if (pcap && (pc & NW_GZ_FIRST) && ph != th)
                fl |= NW_ND_AFTER_FIRST;
            if (pcap && (pc & NW_GZ_TITLE))
                fl |= NW_ND_AFTER_TITLE;
            if (p && p->kind == NW_TK_WORD && !(pf & NW_TF_CAP) &&
                !(t->flags & NW_TF_SENT)) {
                uint16_t qc;
                uint8_t qk;
                nw_ner_gaz_word(g, ph, &qc, &qk);
                if (qc & NW_GZ_ORGCUE)
                    fl |= NW_ND_AFTER_ORGCUE;
            }
            if (ncap && (nc & NW_GZ_ORGWORD))
                fl |= NW_ND_BEFORE_ORGWORD;
            if (p && !(t->flags & NW_TF_SENT) && !(pf & NW_TF_CAP) &&
                in_list(ph, locp, 5))
                fl |= NW_ND_AFTER_LOCPREP;
            if (p && !(t->flags & NW_TF_SENT) && !(pf & NW_TF_CAP) && ph == the)
                fl |= NW_ND_AFTER_THE;
            if (n && !(nf & NW_TF_CAP) && in_list(nh, said, 7))
                fl |= NW_ND_BEFORE_SAID;
            if (n && (n->flags & NW_TF_POSS))
                fl |= NW_ND_POSS;
            if (!pcap && ncap)
                fl |= NW_ND_RUN_FIRST;
            if (pcap && !ncap)
                fl |= NW_ND_RUN_LAST;
            if (!(t->flags & (NW_TF_SENT | NW_TF_TITLE)))
                fl |= NW_ND_CAP_INSIDE;
        }
        if (!fl)
            continue;
        uint32_t key = nw_ner_word_hash(d, t) | 1u;
        uint32_t j = di_slot(di, key);
        di->key[j] = key;
        di->flags[j] |= fl;
    }
    /* lower-case text: no capitalised word away from sentence starts, or
       one in fifty at most (a brand name in a lower-case post) */
    di->lower = words >= 3 && (uint64_t)inner_caps * 50u <= words;
    return 0;
}
