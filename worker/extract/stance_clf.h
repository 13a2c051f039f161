/*
 * stance_clf.h -- the directed-sentiment pair classifier of the stance
 * stage: given two entity mentions A (first in the text) and B in one
 * sentence, which of five classes holds: none, A supports B, B supports A,
 * A opposes B, B opposes A.
 *
 * A multiclass averaged perceptron over hashed features (the words and
 * crude lemmas between and around the pair, their order and distance,
 * lexicon hits from lexicons/stance.txt and sentiment.txt with their
 * position relative to A and B, negation, quotes, possessives, whether A
 * opens the sentence).  Trained by tools/train_stance on the
 * directed-sentiment data of Park et al. (2021); the model file is
 * worker/data/models/stance.model (see models/README.md).
 *
 * File format (little endian):
 *   "NWSTANC1" magic (8 bytes), u32 format version, u32 n_classes (5),
 *   u32 bits, u32 feature-set version, f32 threshold, u32 reserved,
 *   u64 payload_len, u32 checksum (FNV-1a over the payload), u32 reserved;
 *   payload = 2^bits rows of n_classes f32 weights.
 * The loader checks the magic, the versions, the sizes against the file
 * size and the checksum, and names the file in its error message.
 */
#ifndef NW_STANCE_CLF_H
#define NW_STANCE_CLF_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "stance.h"

#define NW_STCLF_VERSION 1u
#define NW_STCLF_FEATSET 2u      /* bump when the features change */
#define NW_STCLF_NCLASS 5u
#define NW_STCLF_MAXFEAT 256u    /* features of one pair, at most */
#define NW_STCLF_MAX_BITS 22u
#define NW_STCLF_MAX_BYTES (8u << 20)

enum {
    NW_STCLF_NONE = 0,
    NW_STCLF_APOS_B = 1,   /* A supports B */
    NW_STCLF_BPOS_A = 2,   /* B supports A */
    NW_STCLF_ANEG_B = 3,   /* A opposes B */
    NW_STCLF_BNEG_A = 4,   /* B opposes A */
};

/* Per-token lexicon codes (nw_stance_lex_mark): kind in the low nibble
   (1 verb, 2 agent noun, 3 event noun, 4 adjective, 5 call, 6 label,
   7 withdraw word, 8 sentiment word) and polarity in bits 4-5 (1 support,
   2 oppose); NW_STLEX_NEG marks a negator, NW_STLEX_REFUSE a refusal. */
#define NW_STLEX_NEG 0x40u
#define NW_STLEX_REFUSE 0x80u

typedef struct nw_stance_clf {
    uint32_t bits, mask;
    float threshold;      /* margin over "none" needed to emit */
    float *w;             /* (mask + 1) * NW_STCLF_NCLASS */
    /* training only */
    double *acc;          /* running sums for averaging */
    double step;
} nw_stance_clf;

/* A pair inside the sentence [s_first, s_end): A = [a_first, a_end) before
   B = [b_first, b_end).  Token ranges. */
typedef struct nw_stance_pair {
    uint32_t s_first, s_end;
    uint32_t a_first, a_end;
    uint32_t b_first, b_end;
} nw_stance_pair;

/* New zeroed classifier of 2^bits rows; training != 0 also allocates the
   averaging sums.  NULL on bad bits or out of memory. */
nw_stance_clf *nw_stance_clf_new(uint32_t bits, int training);
void nw_stance_clf_free(nw_stance_clf **c);

/* Read a model file; NULL with a reason naming the file in err when it is
   missing, truncated, of another version or feature set, or corrupt. */
nw_stance_clf *nw_stance_clf_load(const char *path, char *err, size_t errlen);
/* Write c to path.  0, or -1 with a reason in err. */
int nw_stance_clf_save(const nw_stance_clf *c, const char *path, char *err,
                       size_t errlen);

/* Hashed features of a pair into out (at most NW_STCLF_MAXFEAT); returns
   the count.  lex holds the lexicon code of every token of d (see
   nw_stance_lex_mark), ment marks tokens inside some other entity mention
   (1) or not (0); either may be NULL. */
uint32_t nw_stance_clf_feats(const nw_doc *d, const uint8_t *lex,
                             const uint8_t *ment, const nw_stance_pair *p,
                             uint32_t *out);

/* sc[k] = score of class k for the features f[0..nf). */
void nw_stance_clf_scores(const nw_stance_clf *c, const uint32_t *f,
                          uint32_t nf, float sc[NW_STCLF_NCLASS]);

/* One training instance: predict, update toward gold when wrong.  Returns
   the predicted class. */
int nw_stance_clf_learn(nw_stance_clf *c, const uint32_t *f, uint32_t nf,
                        int gold);
/* Replace the weights by their average; drops the training sums. */
void nw_stance_clf_average(nw_stance_clf *c);
/* Copy of c with averaged weights (c keeps training).  NULL on ENOMEM. */
nw_stance_clf *nw_stance_clf_averaged_copy(const nw_stance_clf *c);

/* --- implemented in stance.c: the lexicon side the classifier needs --- */

/* Load only the lexicons (no model file): for tools/train_stance. */
nw_stance_model *nw_stance_load_lexicon(const char *datadir, char *err,
                                        size_t errlen);
/* lex[i] = lexicon code of token i of d (0 none); lex has d->n_tok
   entries. */
void nw_stance_lex_mark(const nw_stance_model *m, const nw_doc *d,
                        uint8_t *lex);

#endif
