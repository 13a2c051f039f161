/*
 * perceptron.h -- an averaged structured perceptron (Collins 2002) over a
 * hashed feature space, decoded with first-order Viterbi.
 *
 * Design:
 *  - A feature is a 32-bit hash; its weights live in row (hash & mask) of a
 *    table of 2^bits rows of NW_PERCEPTRON_STRIDE floats (n_tags used, the
 *    rest zero), 64-byte aligned, so scoring one feature is one cache line
 *    and a fixed-width vector add.  No
 *    feature dictionary is stored: collisions are accepted (the table is
 *    sized so that they are rare for the features that matter).
 *  - Emission scores of a position are the sum of its features' rows; the
 *    tag sequence maximises emissions plus a (n_tags+1) x n_tags transition
 *    matrix (row n_tags is the start state).  An "allowed" matrix forbids
 *    impossible transitions (I-X after O in BIO).
 *  - Training keeps, beside the weights, the running sum c*delta of every
 *    update; average = w - sum/c (the usual lazy-averaging trick), so one
 *    update costs O(features) and averaging is done once at the end.
 *  - File format (little endian, what nw_perceptron_save writes):
 *      "NWPRCPT1" magic (8 bytes), u32 format version, u32 n_tags,
 *      u32 bits, u32 reserved, u64 extra_len, u64 payload_len,
 *      u32 checksum (FNV-1a over the payload), u32 reserved,
 *      payload = transitions ((n_tags+1)*n_tags floats), weights
 *      (2^bits rows of n_tags floats), extra (extra_len bytes, the
 *      caller's blob).
 *    The loader checks magic, version, sizes against the file size, and the
 *    checksum, and names the file in its error message.
 */
#ifndef NW_PERCEPTRON_H
#define NW_PERCEPTRON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NW_PERCEPTRON_VERSION 1u
#define NW_PERCEPTRON_MAX_TAGS 16u
#define NW_PERCEPTRON_STRIDE 16u  /* floats per weight row in memory */

typedef struct nw_perceptron {
    uint32_t n_tags;
    uint32_t bits;
    uint32_t mask;        /* (1 << bits) - 1 */
    float *w;             /* (mask + 1) * STRIDE, 64-byte aligned */
    float *trans;         /* (n_tags + 1) * n_tags; row n_tags = start */
    uint8_t allowed[(NW_PERCEPTRON_MAX_TAGS + 1) * NW_PERCEPTRON_MAX_TAGS];
    /* training only (NULL when loaded for tagging) */
    double *acc;          /* sum of step * delta, (mask + 1) * n_tags */
    double *tacc;          /* same for trans */
    double step;          /* number of instances seen */
} nw_perceptron;

/* New zeroed model with every transition allowed; training != 0 also
   allocates the averaging sums.  NULL on bad sizes or out of memory. */
nw_perceptron *nw_perceptron_new(uint32_t n_tags, uint32_t bits, int training);
void nw_perceptron_free(nw_perceptron **p);

/* em[t] = sum over the nf features of w[f & mask][t] (one position). */
void nw_perceptron_emit(const nw_perceptron *p, const uint32_t *feats,
                        uint32_t nf, float *em);

/* Best tag sequence for n positions with emission scores em[n * n_tags];
   writes tags[n].  work must hold n * n_tags bytes (back pointers). */
void nw_perceptron_viterbi(const nw_perceptron *p, const float *em,
                           uint32_t n, uint8_t *tags, uint8_t *work);

/* Max-marginals of the n x n_tags emissions em (same model as
   nw_perceptron_viterbi): mm[i * n_tags + t] = the score of the best path
   that has tag t at position i (-1e30 where none is allowed).  The gap
   between a token's best and second-best entries is how much the best path
   would lose if that token's tag changed: a confidence margin.  mm holds
   n * n_tags floats. */
void nw_perceptron_max_marginals(const nw_perceptron *p, const float *em,
                                 uint32_t n, float *mm);

/* Training: given the features of n positions (nf each), the gold and the
   predicted sequences, move the weights toward gold; counts one step. */
void nw_perceptron_update(nw_perceptron *p, const uint32_t *feats,
                          uint32_t nf, uint32_t n, const uint8_t *gold,
                          const uint8_t *pred);
/* The same update with step size `scale` (> 0; passive-aggressive
   training picks it per instance); counts one step. */
void nw_perceptron_update_scaled(nw_perceptron *p, const uint32_t *feats,
                                 uint32_t nf, uint32_t n, const uint8_t *gold,
                                 const uint8_t *pred, float scale);
/* Count one instance without an update (a correct prediction). */
void nw_perceptron_tick(nw_perceptron *p);
/* Replace the weights by their average and drop the training sums. */
void nw_perceptron_average(nw_perceptron *p);

/* Write p and an extra blob to path.  0, or -1 with a reason in err. */
int nw_perceptron_save(const nw_perceptron *p, const void *extra,
                       size_t extra_len, const char *path, char *err,
                       size_t errlen);
/* Read a model written by nw_perceptron_save; *extra (malloc'ed, caller
   frees) and *extra_len receive the blob.  NULL with a reason naming the
   file in err when it is missing, truncated, of another version, or
   corrupt. */
nw_perceptron *nw_perceptron_load(const char *path, void **extra,
                                  size_t *extra_len, char *err, size_t errlen);

/* Helpers of the model-file formats, shared with the stance classifier
   (stance_clf.c): FNV-1a over n bytes, continuing from h (start with
   NW_PERCEPTRON_FNV_SEED); little-endian u32 put/get. */
#define NW_PERCEPTRON_FNV_SEED 2166136261u
uint32_t nw_perceptron_fnv(uint32_t h, const void *buf, size_t n);
void nw_perceptron_put32(unsigned char *b, uint32_t v);
uint32_t nw_perceptron_get32(const unsigned char *b);
/* Open the model file path for reading and read its first hdr_len bytes
   into hdr; *fsize receives the file size.  NULL with "<what> <path>:
   reason" in err when it cannot be opened or read or is shorter than
   hdr_len. */
FILE *nw_perceptron_open_model(const char *what, const char *path,
                               unsigned char *hdr, size_t hdr_len,
                               long *fsize, char *err, size_t errlen);

#endif
