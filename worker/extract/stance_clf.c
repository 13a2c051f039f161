/*
 * stance_clf.c -- the directed-sentiment pair classifier (see
 * stance_clf.h for the task and the file format).
 *
 * Design.  A linear multiclass model over hashed features: a feature is a
 * 32-bit hash of (template, value...); its five class weights live in row
 * (hash & mask) of a table of 2^bits rows.  No feature dictionary is kept;
 * collisions are accepted (the table is sized so they are rare for the
 * features that matter).  Training is the averaged perceptron (Collins
 * 2002) with the lazy-averaging trick: beside the weights a running sum of
 * step * delta is kept, and average = w - sum / step at the end.
 *
 * Features of a pair A ... B (A first in the text), all bounded by
 * ST_WIN tokens on each side so the cost per pair is O(1):
 *   - the words and crude lemmas between A and B (bag), the first two and
 *     the last word between, bigrams between;
 *   - two words before A, three after B; whether A opens the sentence,
 *     whether A or B is a possessor ("X's"), inside a quote, a quote mark
 *     between them;
 *   - the token distance (bucketed) and the number of commas between;
 *   - lexicon codes (stance.txt / sentiment.txt kind and polarity) between,
 *     before A and after B, each with a flag for a negator just before it,
 *     and the first code between crossed with the distance bucket;
 *   - the sentence's lexicon codes as a bag.
 * Tokens inside other entity mentions are one placeholder word, numbers
 * another, so the model learns "X said Y ..." rather than names.
 */
#include "stance_clf.h"
#include "perceptron.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ST_WIN 12            /* tokens looked at on each side of a gap */
#define ST_CTX 10            /* tokens looked at before A / after B */
#define HEADER_LEN 48
static const char MAGIC[8] = {'N', 'W', 'S', 'T', 'A', 'N', 'C', '1'};

enum {
    F_BIAS = 1, F_BW, F_BL, F_B1, F_B2, F_BLAST, F_BB, F_AM1, F_AM2, F_BP1,
    F_BP2, F_BP3, F_DIST, F_LEXBTW, F_LEXPRE, F_LEXPOST, F_APOSS, F_BPOSS,
    F_ASTART, F_AQ, F_BQ, F_QBTW, F_SLEX, F_NCOMMA, F_LEXDIST, F_LONG,
    F_AM1B1, F_BLASTBP1, F_ADJ, F_BPOSTW, F_BY, F_NEARA, F_NEARB,
};

/* ------------------------------------------------------------ hashing -- */

static uint32_t mix(uint32_t h) {
    h ^= h >> 16;
    h *= 0x7feb352dU;
    h ^= h >> 15;
    h *= 0x846ca68bU;
    h ^= h >> 16;
    return h;
}

static uint32_t fh(uint32_t tag, uint32_t a, uint32_t b) {
    return mix(mix(tag * 0x9E3779B1U ^ a) + b * 0x85ebca6bU + 0x27d4eb2fU);
}

/* ------------------------------------------------------------ words -- */

#define H_ENT 0x454e5431U
#define H_NUM 0x4e554d31U

static uint32_t word_of(const nw_doc *d, const uint8_t *ment, uint32_t i) {
    if (ment && ment[i])
        return H_ENT;
    if (d->tok[i].kind == NW_TK_NUM)
        return H_NUM;
    return d->tok[i].hash;
}

/* Crude lemma: lower case, minus -ing/-ed/-es/-s/-ly. */
static uint32_t lemma_of(const nw_doc *d, const uint8_t *ment, uint32_t i) {
    if ((ment && ment[i]) || d->tok[i].kind != NW_TK_WORD)
        return word_of(d, ment, i);
    const char *s = nw_tok_ptr(d, i);
    uint32_t n = nw_tok_len(d, i);
    if (n > 5 && memcmp(s + n - 3, "ing", 3) == 0)
        n -= 3;
    else if (n > 4 && memcmp(s + n - 2, "ed", 2) == 0)
        n -= 2;
    else if (n > 4 && memcmp(s + n - 2, "es", 2) == 0)
        n -= 2;
    else if (n > 4 && memcmp(s + n - 2, "ly", 2) == 0)
        n -= 2;
    else if (n > 3 && s[n - 1] == 's' && s[n - 2] != 's')
        n -= 1;
    return nw_hash_lower(s, n) ^ 0x5bd1e995U;
}

static uint32_t dist_bucket(uint32_t n) {
    return n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n <= 4 ? 3 : n <= 7 ? 4
           : n <= 12 ? 5 : n <= 20 ? 6 : 7;
}

/* The lexicon code of token k, with a flag when a negator or refusal
   stands within three tokens before it (not before lo). */
static uint32_t lex_at(const uint8_t *lex, uint32_t k, uint32_t lo) {
    uint32_t c = lex[k] & 0x3f;
    if (!c)
        return 0;
    for (uint32_t j = k, n = 0; j-- > lo && n < 3; n++)
        if (lex[j] & (NW_STLEX_NEG | NW_STLEX_REFUSE))
            return c | 0x100;
    return c;
}

static int is_quote(const nw_doc *d, uint32_t i) {
    return d->tok[i].kind == NW_TK_QUOTE;
}

uint32_t nw_stance_clf_feats(const nw_doc *d, const uint8_t *lex,
                             const uint8_t *ment, const nw_stance_pair *p,
                             uint32_t *out) {
    uint32_t n = 0;
#define PUT(x)                                                              \
    do {                                                                    \
        if (n < NW_STCLF_MAXFEAT)                                           \
            out[n++] = (x);                                                 \
    } while (0)
    const uint32_t s0 = p->s_first, s1 = p->s_end;
    const uint32_t ae = p->a_end, bf = p->b_first;
    uint32_t gap = bf > ae ? bf - ae : 0;
    uint32_t db = dist_bucket(gap);

    PUT(fh(F_BIAS, 0, 0));
    PUT(fh(F_DIST, db, 0));
    /* between: the first ST_WIN and the last ST_WIN tokens */
    uint32_t commas = 0, first_lex = 0, qbtw = 0, by = 0;
    const uint32_t h_by = nw_hash_lower("by", 2);
    for (uint32_t k = ae; k < bf; k++) {
        if (gap > 2 * ST_WIN && k == ae + ST_WIN) {
            PUT(fh(F_LONG, 0, 0));
            k = bf - ST_WIN;
        }
        uint32_t w = word_of(d, ment, k);
        PUT(fh(F_BW, w, 0));
        if (k < ae + 3)
            PUT(fh(F_NEARA, w, 0));
        if (k + 3 >= bf)
            PUT(fh(F_NEARB, w, 0));
        if (d->tok[k].kind == NW_TK_WORD && !(ment && ment[k]))
            PUT(fh(F_BL, lemma_of(d, ment, k), 0));
        if (k + 1 < bf)
            PUT(fh(F_BB, w, word_of(d, ment, k + 1)));
        if (nw_tok_len(d, k) == 1 && nw_tok_ptr(d, k)[0] == ',')
            commas++;
        if (is_quote(d, k))
            qbtw = 1;
        if (d->tok[k].hash == h_by)
            by = 1;
        if (lex) {
            uint32_t c = lex_at(lex, k, ae);
            if (c) {
                PUT(fh(F_LEXBTW, c, 0));
                if (!first_lex) {
                    first_lex = c;
                    PUT(fh(F_LEXDIST, c, dist_bucket(k - ae)));
                    PUT(fh(F_LEXDIST, c, 100 + dist_bucket(bf - k)));
                }
            }
        }
    }
    if (gap == 0)
        PUT(fh(F_ADJ, 0, 0));
    if (gap > 0) {
        PUT(fh(F_B1, word_of(d, ment, ae), 0));
        if (gap > 1)
            PUT(fh(F_B2, word_of(d, ment, ae + 1), 0));
        PUT(fh(F_BLAST, word_of(d, ment, bf - 1), 0));
    }
    PUT(fh(F_NCOMMA, commas > 3 ? 3 : commas, 0));
    if (qbtw)
        PUT(fh(F_QBTW, 0, 0));
    if (by)
        PUT(fh(F_BY, db, 0));
    /* around */
    uint32_t am1 = p->a_first > s0 ? word_of(d, ment, p->a_first - 1) : 1;
    uint32_t am2 = p->a_first > s0 + 1 ? word_of(d, ment, p->a_first - 2) : 1;
    uint32_t bp1 = p->b_end < s1 ? word_of(d, ment, p->b_end) : 1;
    uint32_t bp2 = p->b_end + 1 < s1 ? word_of(d, ment, p->b_end + 1) : 1;
    uint32_t bp3 = p->b_end + 2 < s1 ? word_of(d, ment, p->b_end + 2) : 1;
    PUT(fh(F_AM1, am1, 0));
    PUT(fh(F_AM2, am2, am1));
    PUT(fh(F_BP1, bp1, 0));
    PUT(fh(F_BP2, bp1, bp2));
    PUT(fh(F_BP3, bp3, 0));
    if (gap > 0) {
        PUT(fh(F_AM1B1, am1, word_of(d, ment, ae)));
        PUT(fh(F_BLASTBP1, word_of(d, ment, bf - 1), bp1));
    }
    for (uint32_t k = p->b_end, c = 0; k < s1 && c < 4; k++, c++)
        if (d->tok[k].kind == NW_TK_WORD && !(ment && ment[k]))
            PUT(fh(F_BPOSTW, lemma_of(d, ment, k), 0));
    if (ae < s1 && (d->tok[ae].flags & NW_TF_POSS))
        PUT(fh(F_APOSS, 0, 0));
    if (p->b_end < s1 && (d->tok[p->b_end].flags & NW_TF_POSS))
        PUT(fh(F_BPOSS, 0, 0));
    if (p->a_first <= s0 + 1 ||
        (p->a_first <= s0 + 3 && (d->tok[s0].flags & NW_TF_CAP)))
        PUT(fh(F_ASTART, p->a_first - s0, 0));
    /* quotes: parity of quote marks before A and before B */
    uint32_t qa = 0, qb = 0;
    for (uint32_t k = s0; k < bf && k < s1; k++)
        if (is_quote(d, k)) {
            if (k < p->a_first)
                qa++;
            qb++;
        }
    if (qa & 1)
        PUT(fh(F_AQ, 0, 0));
    if (qb & 1)
        PUT(fh(F_BQ, 0, 0));
    if (lex) {
        uint32_t lo = p->a_first > s0 + ST_CTX ? p->a_first - ST_CTX : s0;
        for (uint32_t k = lo; k < p->a_first; k++) {
            uint32_t c = lex_at(lex, k, s0);
            if (c)
                PUT(fh(F_LEXPRE, c, 0));
        }
        uint32_t hi = p->b_end + ST_CTX < s1 ? p->b_end + ST_CTX : s1;
        for (uint32_t k = p->b_end; k < hi; k++) {
            uint32_t c = lex_at(lex, k, p->b_end);
            if (c)
                PUT(fh(F_LEXPOST, c, 0));
        }
        uint32_t cnt = 0;
        for (uint32_t k = s0; k < s1 && cnt < 16; k++) {
            uint32_t c = lex[k] & 0x3f;
            if (c) {
                PUT(fh(F_SLEX, c, 0));
                cnt++;
            }
        }
    }
#undef PUT
    return n;
}

/* -------------------------------------------------------------- model -- */

nw_stance_clf *nw_stance_clf_new(uint32_t bits, int training) {
    if (bits < 4 || bits > NW_STCLF_MAX_BITS)
        return NULL;
    nw_stance_clf *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    size_t rows = (size_t)1 << bits;
    c->bits = bits;
    c->mask = (uint32_t)(rows - 1);
    c->threshold = 0.0f;
    c->w = calloc(rows * NW_STCLF_NCLASS, sizeof(float));
    if (!c->w || (training &&
                  !(c->acc = calloc(rows * NW_STCLF_NCLASS, sizeof(double)))))
        nw_stance_clf_free(&c);
    return c;
}

void nw_stance_clf_free(nw_stance_clf **pc) {
    if (!pc || !*pc)
        return;
    free((*pc)->w);
    free((*pc)->acc);
    free(*pc);
    *pc = NULL;
}

void nw_stance_clf_scores(const nw_stance_clf *c, const uint32_t *f,
                          uint32_t nf, float sc[NW_STCLF_NCLASS]) {
    float acc[NW_STCLF_NCLASS] = {0};
    for (uint32_t k = 0; k < nf; k++) {
        const float *row = c->w + (size_t)(f[k] & c->mask) * NW_STCLF_NCLASS;
        for (uint32_t t = 0; t < NW_STCLF_NCLASS; t++)
            acc[t] += row[t];
    }
    memcpy(sc, acc, sizeof(acc));
}

int nw_stance_clf_learn(nw_stance_clf *c, const uint32_t *f, uint32_t nf,
                        int gold) {
    float sc[NW_STCLF_NCLASS];
    int best = 0;
    nw_stance_clf_scores(c, f, nf, sc);
    for (int t = 1; t < (int)NW_STCLF_NCLASS; t++)
        if (sc[t] > sc[best])
            best = t;
    c->step += 1.0;
    if (best != gold && c->acc && gold >= 0 && gold < (int)NW_STCLF_NCLASS) {
        for (uint32_t k = 0; k < nf; k++) {
            size_t r = (size_t)(f[k] & c->mask) * NW_STCLF_NCLASS;
            c->w[r + (size_t)gold] += 1.0f;
            c->acc[r + (size_t)gold] += c->step;
            c->w[r + (size_t)best] -= 1.0f;
            c->acc[r + (size_t)best] -= c->step;
        }
    }
    return best;
}

static void average_into(const nw_stance_clf *c, float *dst) {
    size_t n = ((size_t)c->mask + 1) * NW_STCLF_NCLASS;
    double s = c->step + 1.0;
    for (size_t i = 0; i < n; i++)
        dst[i] = (float)(c->w[i] - c->acc[i] / s);
}

void nw_stance_clf_average(nw_stance_clf *c) {
    if (!c || !c->acc)
        return;
    average_into(c, c->w);
    free(c->acc);
    c->acc = NULL;
}

nw_stance_clf *nw_stance_clf_averaged_copy(const nw_stance_clf *c) {
    nw_stance_clf *o = nw_stance_clf_new(c->bits, 0);
    if (!o)
        return NULL;
    o->threshold = c->threshold;
    if (c->acc)
        average_into(c, o->w);
    else
        memcpy(o->w, c->w,
               ((size_t)c->mask + 1) * NW_STCLF_NCLASS * sizeof(float));
    return o;
}

/* ---------------------------------------------------------------- I/O -- */

int nw_stance_clf_save(const nw_stance_clf *c, const char *path, char *err,
                       size_t errlen) {
    unsigned char hdr[HEADER_LEN] = {0};
    size_t n = ((size_t)c->mask + 1) * NW_STCLF_NCLASS;
    uint64_t plen = (uint64_t)n * sizeof(float);
    uint32_t thr;
    FILE *f;
    int rc = -1;
    memcpy(&thr, &c->threshold, 4);
    memcpy(hdr, MAGIC, 8);
    nw_perceptron_put32(hdr + 8, NW_STCLF_VERSION);
    nw_perceptron_put32(hdr + 12, NW_STCLF_NCLASS);
    nw_perceptron_put32(hdr + 16, c->bits);
    nw_perceptron_put32(hdr + 20, NW_STCLF_FEATSET);
    nw_perceptron_put32(hdr + 24, thr);
    nw_perceptron_put32(hdr + 32, (uint32_t)plen);
    nw_perceptron_put32(hdr + 36, (uint32_t)(plen >> 32));
    nw_perceptron_put32(hdr + 40, nw_perceptron_fnv(NW_PERCEPTRON_FNV_SEED,
                                                     c->w, n * sizeof(float)));
    if (!(f = fopen(path, "wb"))) {
        snprintf(err, errlen, "stance model %s: %s", path, strerror(errno));
        return -1;
    }
    if (fwrite(hdr, 1, HEADER_LEN, f) == HEADER_LEN &&
        fwrite(c->w, sizeof(float), n, f) == n)
        rc = 0;
    if (fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        snprintf(err, errlen, "stance model %s: write failed", path);
    return rc;
}

nw_stance_clf *nw_stance_clf_load(const char *path, char *err,
                                  size_t errlen) {
    unsigned char hdr[HEADER_LEN];
    nw_stance_clf *c = NULL;
    FILE *f = NULL;
    long fsize;
    uint32_t bits, thr;
    uint64_t plen;
    char dummy[1];
    if (!err || errlen == 0) {
        err = dummy;
        errlen = sizeof(dummy);
    }
    if (!(f = nw_perceptron_open_model("stance model", path, hdr, HEADER_LEN,
                                       &fsize, err, errlen)))
        goto fail;
    if (memcmp(hdr, MAGIC, 8) != 0) {
        snprintf(err, errlen,
                 "stance model %s: not a newsworker stance model (bad magic)",
                 path);
        goto fail;
    }
    if (nw_perceptron_get32(hdr + 8) != NW_STCLF_VERSION ||
        nw_perceptron_get32(hdr + 20) != NW_STCLF_FEATSET) {
        snprintf(err, errlen,
                 "stance model %s: format %u features %u, this build reads "
                 "%u/%u (retrain with scripts/stance-model.sh)",
                 path, nw_perceptron_get32(hdr + 8),
                 nw_perceptron_get32(hdr + 20), NW_STCLF_VERSION,
                 NW_STCLF_FEATSET);
        goto fail;
    }
    bits = nw_perceptron_get32(hdr + 16);
    thr = nw_perceptron_get32(hdr + 24);
    plen = (uint64_t)nw_perceptron_get32(hdr + 32) |
           (uint64_t)nw_perceptron_get32(hdr + 36) << 32;
    if (nw_perceptron_get32(hdr + 12) != NW_STCLF_NCLASS || bits < 4 ||
        bits > NW_STCLF_MAX_BITS) {
        snprintf(err, errlen,
                 "stance model %s: corrupt header (classes %u, bits %u)",
                 path, nw_perceptron_get32(hdr + 12), bits);
        goto fail;
    }
    size_t n = ((size_t)1 << bits) * NW_STCLF_NCLASS;
    if (plen != (uint64_t)n * sizeof(float) ||
        (uint64_t)fsize != HEADER_LEN + plen ||
        (uint64_t)fsize > NW_STCLF_MAX_BYTES) {
        snprintf(err, errlen,
                 "stance model %s: size %ld bytes, header says %llu "
                 "(truncated or corrupt)",
                 path, fsize, (unsigned long long)(HEADER_LEN + plen));
        goto fail;
    }
    if (!(c = nw_stance_clf_new(bits, 0))) {
        snprintf(err, errlen, "stance model %s: out of memory", path);
        goto fail;
    }
    memcpy(&c->threshold, &thr, 4);
    if (fread(c->w, sizeof(float), n, f) != n) {
        snprintf(err, errlen, "stance model %s: read failed", path);
        goto fail;
    }
    if (nw_perceptron_fnv(NW_PERCEPTRON_FNV_SEED, c->w, n * sizeof(float)) !=
        nw_perceptron_get32(hdr + 40)) {
        snprintf(err, errlen,
                 "stance model %s: checksum mismatch (corrupt file)", path);
        goto fail;
    }
    fclose(f);
    return c;
fail:
    if (f)
        fclose(f);
    nw_stance_clf_free(&c);
    return NULL;
}
