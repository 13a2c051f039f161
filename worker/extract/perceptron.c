/*
 * perceptron.c -- averaged structured perceptron, hashed features, Viterbi.
 * See perceptron.h for the design and the file format.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perceptron.h"

static const char MAGIC[8] = {'N', 'W', 'P', 'R', 'C', 'P', 'T', '1'};
#define HEADER_LEN 48u
#define MAX_BITS 24u

/* ------------------------------------------------------------ lifetime -- */

nw_perceptron *nw_perceptron_new(uint32_t n_tags, uint32_t bits, int training) {
    nw_perceptron *p;
    size_t rows, nw, nt;

    if (n_tags == 0 || n_tags > NW_PERCEPTRON_MAX_TAGS || bits < 4 ||
        bits > MAX_BITS)
        return NULL;
    if (!(p = calloc(1, sizeof(*p))))
        return NULL;
    p->n_tags = n_tags;
    p->bits = bits;
    p->mask = (1u << bits) - 1u;
    rows = (size_t)p->mask + 1;
    nw = rows * n_tags;
    nt = (size_t)(n_tags + 1) * n_tags;
    if (!(p->w = aligned_alloc(64, rows * NW_PERCEPTRON_STRIDE * sizeof(float))) ||
        !(p->trans = calloc(nt, sizeof(float))))
        goto fail;
    memset(p->w, 0, rows * NW_PERCEPTRON_STRIDE * sizeof(float));
    if (training && (!(p->acc = calloc(nw, sizeof(double))) ||
                     !(p->tacc = calloc(nt, sizeof(double)))))
        goto fail;
    memset(p->allowed, 1, sizeof(p->allowed));
    return p;
fail:
    nw_perceptron_free(&p);
    return NULL;
}

void nw_perceptron_free(nw_perceptron **pp) {
    if (!pp || !*pp)
        return;
    free((*pp)->w);
    free((*pp)->trans);
    free((*pp)->acc);
    free((*pp)->tacc);
    free(*pp);
    *pp = NULL;
}

/* ------------------------------------------------------------- decoding -- */

typedef float v4f __attribute__((vector_size(16)));

/* Row r of the weight table w as four-float vectors. */
static inline const v4f *row_of(const float *w, uint32_t r) {
    return (const v4f *)(const void *)(w + (size_t)r * NW_PERCEPTRON_STRIDE);
}

void nw_perceptron_emit(const nw_perceptron *p, const uint32_t *feats,
                        uint32_t nf, float *em) {
    /* four-float vectors kept in registers; rows are 64-byte aligned */
    v4f a0 = {0, 0, 0, 0}, a1 = a0, a2 = a0, a3 = a0;
    const float *w = __builtin_assume_aligned(p->w, 64);
    float out[NW_PERCEPTRON_STRIDE];
    if (p->n_tags <= 12) {
        for (uint32_t k = 0; k < nf; k++) {
            const v4f *row = row_of(w, feats[k] & p->mask);
            a0 += row[0];
            a1 += row[1];
            a2 += row[2];
        }
    } else {
        for (uint32_t k = 0; k < nf; k++) {
            const v4f *row = row_of(w, feats[k] & p->mask);
            a0 += row[0];
            a1 += row[1];
            a2 += row[2];
            a3 += row[3];
        }
    }
    memcpy(out, &a0, sizeof(a0));
    memcpy(out + 4, &a1, sizeof(a1));
    memcpy(out + 8, &a2, sizeof(a2));
    memcpy(out + 12, &a3, sizeof(a3));
    memcpy(em, out, p->n_tags * sizeof(float));
}

#define NEG_INF (-1e30f) /* score of a disallowed path */

/* Forward scores of position 0: start transition plus emission. */
static void fwd_start(const nw_perceptron *p, const float *em, float *out) {
    const uint32_t T = p->n_tags;
    for (uint32_t t = 0; t < T; t++)
        out[t] =
            p->allowed[T * T + t] ? p->trans[T * T + t] + em[t] : NEG_INF;
}

/* One forward step of the max-product recursion: out[t] = e[t] + the best
   prev[s] + trans[s][t] over allowed s; the best s goes to bp[t] unless bp
   is NULL.  Shared by Viterbi and the max-marginals. */
static inline void fwd_step(const nw_perceptron *p, const float *prev,
                            const float *e, float *out, uint8_t *bp) {
    const uint32_t T = p->n_tags;
    for (uint32_t t = 0; t < T; t++) {
        float best = NEG_INF;
        uint8_t arg = 0;
        for (uint32_t s = 0; s < T; s++) {
            if (!p->allowed[s * T + t])
                continue;
            float v = prev[s] + p->trans[s * T + t];
            if (v > best) {
                best = v;
                arg = (uint8_t)s;
            }
        }
        out[t] = best + e[t];
        if (bp)
            bp[t] = arg;
    }
}

void nw_perceptron_viterbi(const nw_perceptron *p, const float *em,
                           uint32_t n, uint8_t *tags, uint8_t *work) {
    const uint32_t T = p->n_tags;
    float prev[NW_PERCEPTRON_MAX_TAGS], cur[NW_PERCEPTRON_MAX_TAGS];

    if (n == 0)
        return;
    fwd_start(p, em, prev);
    for (uint32_t i = 1; i < n; i++) {
        fwd_step(p, prev, em + (size_t)i * T, cur, work + (size_t)i * T);
        memcpy(prev, cur, T * sizeof(float));
    }
    uint32_t bt = 0;
    for (uint32_t t = 1; t < T; t++)
        if (prev[t] > prev[bt])
            bt = t;
    for (uint32_t i = n; i-- > 0;) {
        tags[i] = (uint8_t)bt;
        if (i > 0)
            bt = work[(size_t)i * T + bt];
    }
}

void nw_perceptron_max_marginals(const nw_perceptron *p, const float *em,
                                 uint32_t n, float *mm) {
    const uint32_t T = p->n_tags;
    float next[NW_PERCEPTRON_MAX_TAGS], cur[NW_PERCEPTRON_MAX_TAGS];

    if (n == 0)
        return;
    /* forward: mm[i][t] = best prefix score ending in t at i */
    fwd_start(p, em, mm);
    for (uint32_t i = 1; i < n; i++)
        fwd_step(p, mm + (size_t)(i - 1) * T, em + (size_t)i * T,
                 mm + (size_t)i * T, NULL);
    /* backward: add the best suffix score after each (i, t) */
    for (uint32_t t = 0; t < T; t++)
        next[t] = 0.0f;
    for (uint32_t i = n - 1; i-- > 0;) {
        const float *e = em + (size_t)(i + 1) * T;
        for (uint32_t s = 0; s < T; s++) {
            float best = NEG_INF;
            for (uint32_t t = 0; t < T; t++)
                if (p->allowed[s * T + t] &&
                    p->trans[s * T + t] + e[t] + next[t] > best)
                    best = p->trans[s * T + t] + e[t] + next[t];
            cur[s] = best;
        }
        memcpy(next, cur, T * sizeof(float));
        float *out = mm + (size_t)i * T;
        for (uint32_t s = 0; s < T; s++)
            out[s] = out[s] <= NEG_INF || next[s] <= NEG_INF ? NEG_INF
                                                             : out[s] + next[s];
    }
}

/* ------------------------------------------------------------- training -- */

static void add_w(nw_perceptron *p, size_t row, uint32_t t, float d) {
    p->w[row * NW_PERCEPTRON_STRIDE + t] += d;
    p->acc[row * p->n_tags + t] += p->step * d;
}

static void add_t(nw_perceptron *p, size_t idx, float d) {
    p->trans[idx] += d;
    p->tacc[idx] += p->step * d;
}

void nw_perceptron_update_scaled(nw_perceptron *p, const uint32_t *feats,
                                 uint32_t nf, uint32_t n, const uint8_t *gold,
                                 const uint8_t *pred, float scale) {
    const uint32_t T = p->n_tags;
    p->step += 1.0;
    if (!p->acc || !(scale > 0.0f))
        return;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t gp = i ? gold[i - 1] : T, pp = i ? pred[i - 1] : T;
        if (gold[i] != pred[i]) {
            const uint32_t *f = feats + (size_t)i * nf;
            for (uint32_t k = 0; k < nf; k++) {
                size_t row = f[k] & p->mask;
                add_w(p, row, gold[i], scale);
                add_w(p, row, pred[i], -scale);
            }
        }
        if (gold[i] != pred[i] || gp != pp) {
            add_t(p, gp * T + gold[i], scale);
            add_t(p, pp * T + pred[i], -scale);
        }
    }
}

void nw_perceptron_update(nw_perceptron *p, const uint32_t *feats,
                          uint32_t nf, uint32_t n, const uint8_t *gold,
                          const uint8_t *pred) {
    nw_perceptron_update_scaled(p, feats, nf, n, gold, pred, 1.0f);
}

void nw_perceptron_tick(nw_perceptron *p) { p->step += 1.0; }

void nw_perceptron_average(nw_perceptron *p) {
    size_t nw = ((size_t)p->mask + 1) * p->n_tags;
    size_t nt = (size_t)(p->n_tags + 1) * p->n_tags;
    double c = p->step + 1.0;
    if (!p->acc)
        return;
    for (size_t i = 0; i < nw; i++) {
        size_t r = i / p->n_tags, t = i % p->n_tags;
        float *x = &p->w[r * NW_PERCEPTRON_STRIDE + t];
        *x = (float)(*x - p->acc[i] / c);
    }
    for (size_t i = 0; i < nt; i++)
        p->trans[i] = (float)(p->trans[i] - p->tacc[i] / c);
    free(p->acc);
    free(p->tacc);
    p->acc = p->tacc = NULL;
}

/* ------------------------------------------------------------------ I/O -- */

uint32_t nw_perceptron_fnv(uint32_t h, const void *buf, size_t n) {
    const unsigned char *b = buf;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

void nw_perceptron_put32(unsigned char *b, uint32_t v) {
    for (int i = 0; i < 4; i++)
        b[i] = (unsigned char)(v >> (8 * i));
}

uint32_t nw_perceptron_get32(const unsigned char *b) {
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

FILE *nw_perceptron_open_model(const char *what, const char *path,
                               unsigned char *hdr, size_t hdr_len,
                               long *fsize, char *err, size_t errlen) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s %s: %s", what, path, strerror(errno));
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (*fsize = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        snprintf(err, errlen, "%s %s: cannot read", what, path);
        fclose(f);
        return NULL;
    }
    if ((size_t)*fsize < hdr_len || fread(hdr, 1, hdr_len, f) != hdr_len) {
        snprintf(err, errlen, "%s %s: truncated (%ld bytes)", what, path,
                 *fsize);
        fclose(f);
        return NULL;
    }
    return f;
}

static void put64(unsigned char *b, uint64_t v) {
    nw_perceptron_put32(b, (uint32_t)v);
    nw_perceptron_put32(b + 4, (uint32_t)(v >> 32));
}

static uint64_t get64(const unsigned char *b) {
    return (uint64_t)nw_perceptron_get32(b) |
           (uint64_t)nw_perceptron_get32(b + 4) << 32;
}

int nw_perceptron_save(const nw_perceptron *p, const void *extra,
                       size_t extra_len, const char *path, char *err,
                       size_t errlen) {
    unsigned char hdr[HEADER_LEN] = {0};
    size_t nw = ((size_t)p->mask + 1) * p->n_tags;
    size_t nt = (size_t)(p->n_tags + 1) * p->n_tags;
    uint32_t sum = NW_PERCEPTRON_FNV_SEED;
    FILE *f = NULL;
    int rc = -1;

    /* floats are written in host order; the build targets little-endian
       machines, which the magic/checksum check would catch otherwise */
    sum = nw_perceptron_fnv(sum, p->trans, nt * sizeof(float));
    for (size_t r = 0; r <= p->mask; r++)
        sum = nw_perceptron_fnv(sum, p->w + r * NW_PERCEPTRON_STRIDE,
                         p->n_tags * sizeof(float));
    if (extra_len)
        sum = nw_perceptron_fnv(sum, extra, extra_len);
    memcpy(hdr, MAGIC, 8);
    nw_perceptron_put32(hdr + 8, NW_PERCEPTRON_VERSION);
    nw_perceptron_put32(hdr + 12, p->n_tags);
    nw_perceptron_put32(hdr + 16, p->bits);
    put64(hdr + 24, extra_len);
    put64(hdr + 32, (uint64_t)(nt + nw) * sizeof(float) + extra_len);
    nw_perceptron_put32(hdr + 40, sum);
    if (!(f = fopen(path, "wb"))) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (fwrite(hdr, 1, HEADER_LEN, f) != HEADER_LEN ||
        fwrite(p->trans, sizeof(float), nt, f) != nt) {
        snprintf(err, errlen, "%s: write failed", path);
        goto out;
    }
    for (size_t r = 0; r <= p->mask; r++)
        if (fwrite(p->w + r * NW_PERCEPTRON_STRIDE, sizeof(float), p->n_tags,
                   f) != p->n_tags) {
            snprintf(err, errlen, "%s: write failed", path);
            goto out;
        }
    if (extra_len && fwrite(extra, 1, extra_len, f) != extra_len) {
        snprintf(err, errlen, "%s: write failed", path);
        goto out;
    }
    rc = 0;
out:
    if (f && fclose(f) != 0 && rc == 0) {
        snprintf(err, errlen, "%s: write failed", path);
        rc = -1;
    }
    return rc;
}

nw_perceptron *nw_perceptron_load(const char *path, void **extra,
                                  size_t *extra_len, char *err, size_t errlen) {
    unsigned char hdr[HEADER_LEN];
    nw_perceptron *p = NULL;
    unsigned char *blob = NULL;
    FILE *f = NULL;
    long fsize;
    uint32_t n_tags, bits, sum;
    uint64_t xlen, plen, want;
    size_t nw, nt;

    *extra = NULL;
    *extra_len = 0;
    if (!(f = nw_perceptron_open_model("NER model", path, hdr, HEADER_LEN,
                                       &fsize, err, errlen)))
        goto fail;
    if (memcmp(hdr, MAGIC, 8) != 0) {
        snprintf(err, errlen, "NER model %s: not a newsworker model (bad magic)",
                 path);
        goto fail;
    }
    if (nw_perceptron_get32(hdr + 8) != NW_PERCEPTRON_VERSION) {
        snprintf(err, errlen,
                 "NER model %s: format version %u, this build reads %u "
                 "(retrain with make model)",
                 path, nw_perceptron_get32(hdr + 8), NW_PERCEPTRON_VERSION);
        goto fail;
    }
    n_tags = nw_perceptron_get32(hdr + 12);
    bits = nw_perceptron_get32(hdr + 16);
    xlen = get64(hdr + 24);
    plen = get64(hdr + 32);
    sum = nw_perceptron_get32(hdr + 40);
    if (n_tags == 0 || n_tags > NW_PERCEPTRON_MAX_TAGS || bits < 4 ||
        bits > MAX_BITS) {
        snprintf(err, errlen, "NER model %s: corrupt header (tags %u, bits %u)",
                 path, n_tags, bits);
        goto fail;
    }
    nw = ((size_t)1 << bits) * n_tags;
    nt = (size_t)(n_tags + 1) * n_tags;
    want = (uint64_t)(nw + nt) * sizeof(float) + xlen;
    if (xlen > (uint64_t)fsize || plen != want ||
        (uint64_t)fsize != HEADER_LEN + want) {
        snprintf(err, errlen,
                 "NER model %s: size %ld bytes, header says %llu (truncated or "
                 "corrupt)",
                 path, fsize, (unsigned long long)(HEADER_LEN + want));
        goto fail;
    }
    if (!(p = nw_perceptron_new(n_tags, bits, 0)) ||
        (xlen && !(blob = malloc(xlen)))) {
        snprintf(err, errlen, "NER model %s: out of memory", path);
        goto fail;
    }
    if (fread(p->trans, sizeof(float), nt, f) != nt) {
        snprintf(err, errlen, "NER model %s: read failed", path);
        goto fail;
    }
    uint32_t h = NW_PERCEPTRON_FNV_SEED;
    h = nw_perceptron_fnv(h, p->trans, nt * sizeof(float));
    for (size_t r = 0; r <= p->mask; r++) {
        float *row = p->w + r * NW_PERCEPTRON_STRIDE;
        if (fread(row, sizeof(float), n_tags, f) != n_tags) {
            snprintf(err, errlen, "NER model %s: read failed", path);
            goto fail;
        }
        h = nw_perceptron_fnv(h, row, n_tags * sizeof(float));
    }
    if (xlen && fread(blob, 1, xlen, f) != xlen) {
        snprintf(err, errlen, "NER model %s: read failed", path);
        goto fail;
    }
    if (xlen)
        h = nw_perceptron_fnv(h, blob, xlen);
    if (h != sum) {
        snprintf(err, errlen, "NER model %s: checksum mismatch (corrupt file)",
                 path);
        goto fail;
    }
    fclose(f);
    *extra = blob;
    *extra_len = xlen;
    return p;
fail:
    if (f)
        fclose(f);
    free(blob);
    nw_perceptron_free(&p);
    return NULL;
}
