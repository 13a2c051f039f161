/*
 * train_stance.c -- train worker/data/models/stance.model, the pair
 * classifier of the stance stage (worker/extract/stance_clf.h), on the
 * directed-sentiment data of Park et al. (2021).
 *
 *   train_stance [--epochs N] [--runs R] [--bits B] [--seed S]
 *                [--threshold T] DATADIR TRAIN.txt VALID.txt OUT.model
 *
 * Input lines are "sentence<TAB>p<TAB>q<TAB>label" with p and q marked in
 * the sentence by square brackets; label 0 neutral, 1 p positive to q,
 * 2 q positive to p, 3 p negative to q, 4 q negative to p.  Each sentence
 * goes through the project's own front end and NER (so the features are
 * those the pipeline computes at run time: other names found by NER become
 * a placeholder word); the bracketed spans become the pair, ordered by
 * position (A first) and the label is turned around when q comes first.
 *
 * Training: averaged perceptron, N epochs over the training split in an
 * order shuffled with a fixed seed; with --runs R, R such models (each its
 * own shuffles) are trained and their weights averaged, which steadies
 * the result against the order of the data.  After each epoch, and for
 * the final model, the validation split (never trained on) is scored:
 * precision, recall and F1 of the non-neutral classes (a prediction counts
 * when its direction and polarity are both right) at several margins over
 * "none"; the final model's best margin is stored in it as its threshold
 * unless --threshold is given.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner.h"
#include "stance_clf.h"
#include "text.h"

#define LINE_MAX_LEN 16384

typedef struct inst {
    uint32_t off, nf;    /* features in the pool */
    uint8_t gold;
} inst;

typedef struct set {
    inst *v;
    size_t n, cap;
} set;

typedef struct pool {
    uint32_t *f;
    size_t n, cap;
} pool;

typedef struct tools {
    nw_frontend *fe;
    nw_ner *ner;
    nw_stance_model *lex;
} tools;

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Map a dirsent label to the A-first classes; swap when q comes first. */
static int map_label(int lab, int swapped) {
    if (!swapped)
        return lab;
    static const int sw[5] = {0, 2, 1, 4, 3};
    return sw[lab];
}

/* Token range overlapping source bytes [a, b): 0 when found. */
static int tok_range(const nw_doc *d, size_t a, size_t b, uint32_t *first,
                     uint32_t *end) {
    uint32_t f = UINT32_MAX, e = 0;
    for (uint32_t k = 0; k < d->n_tok; k++) {
        size_t ts = d->text.off[d->tok[k].start];
        size_t te = d->text.off[d->tok[k].end];
        if (ts < b && te > a) {
            if (f == UINT32_MAX)
                f = k;
            e = k + 1;
        }
    }
    if (f == UINT32_MAX)
        return -1;
    *first = f;
    *end = e;
    return 0;
}

/* Parse one line into features.  1 added, 0 skipped, -1 no memory. */
static int add_line(const tools *t, char *line, set *s, pool *p) {
    char *f[4];
    int nf = 0;
    char *q = line;
    f[nf++] = q;
    while (nf < 4 && (q = strchr(q, '\t'))) {
        *q++ = '\0';
        f[nf++] = q;
    }
    if (nf < 4)
        return 0;
    int lab = atoi(f[3]);
    if (lab < 0 || lab > 4)
        return 0;
    /* strip the brackets, remembering where they were */
    size_t n = strlen(f[0]), k = 0;
    size_t sp[2][2];
    int nb = 0, open = 0;
    char *clean = malloc(n + 1);
    if (!clean)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (f[0][i] == '[' && !open && nb < 2) {
            sp[nb][0] = k;
            open = 1;
        } else if (f[0][i] == ']' && open) {
            sp[nb++][1] = k;
            open = 0;
        } else {
            clean[k++] = f[0][i];
        }
    }
    clean[k] = '\0';
    if (nb != 2) {
        free(clean);
        return 0;
    }
    nw_doc d;
    memset(&d, 0, sizeof(d));
    int rc = -1;
    uint8_t *lex = NULL, *ment = NULL;
    if (nw_text_init(&d.text, clean, k) != 0 || nw_frontend_run(t->fe, &d) != 0 ||
        nw_ner_run(t->ner, &d) != 0)
        goto out;
    rc = 0;
    uint32_t r[2][2];
    if (d.n_tok == 0 || tok_range(&d, sp[0][0], sp[0][1], &r[0][0], &r[0][1]) ||
        tok_range(&d, sp[1][0], sp[1][1], &r[1][0], &r[1][1]))
        goto out;
    int swapped = r[1][0] < r[0][0];
    nw_stance_pair pr;
    pr.a_first = r[swapped][0];
    pr.a_end = r[swapped][1];
    pr.b_first = r[!swapped][0];
    pr.b_end = r[!swapped][1];
    if (pr.b_first < pr.a_end)
        goto out;
    pr.s_first = d.sent[d.tok_sent[pr.a_first]].first;
    pr.s_end = d.sent[d.tok_sent[pr.b_end - 1]].end;
    rc = -1;
    if (!(lex = malloc(d.n_tok)) || !(ment = calloc(d.n_tok, 1)))
        goto out;
    nw_stance_lex_mark(t->lex, &d, lex);
    for (uint32_t m = 0; m < d.n_ment; m++)
        for (uint32_t j = d.ment[m].first; j < d.ment[m].end && j < d.n_tok; j++)
            ment[j] = 1;
    for (uint32_t j = pr.a_first; j < pr.a_end; j++)
        ment[j] = 0;
    for (uint32_t j = pr.b_first; j < pr.b_end; j++)
        ment[j] = 0;
    if (p->n + NW_STCLF_MAXFEAT > p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 1 << 20;
        uint32_t *nf2 = realloc(p->f, nc * sizeof(*nf2));
        if (!nf2)
            goto out;
        p->f = nf2;
        p->cap = nc;
    }
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 4096;
        inst *nv = realloc(s->v, nc * sizeof(*nv));
        if (!nv)
            goto out;
        s->v = nv;
        s->cap = nc;
    }
    inst *in = &s->v[s->n++];
    in->off = (uint32_t)p->n;
    in->nf = nw_stance_clf_feats(&d, lex, ment, &pr, p->f + p->n);
    in->gold = (uint8_t)map_label(lab, swapped);
    p->n += in->nf;
    rc = 1;
out:
    free(lex);
    free(ment);
    nw_doc_release(&d);
    free(clean);
    return rc;
}

static int read_set(const tools *t, const char *path, set *s, pool *p) {
    FILE *f = fopen(path, "r");
    static char line[LINE_MAX_LEN];
    if (!f) {
        fprintf(stderr, "train_stance: %s: %s\n", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof(line), f)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (add_line(t, line, s, p) < 0) {
            fclose(f);
            fprintf(stderr, "train_stance: out of memory\n");
            return -1;
        }
    }
    fclose(f);
    return 0;
}

/* Score a set at margin thr: F1 of the non-neutral classes. */
static double evaluate(const nw_stance_clf *c, const set *s, const pool *p,
                       float thr, double *P, double *R) {
    size_t tp = 0, fp = 0, fn = 0;
    for (size_t i = 0; i < s->n; i++) {
        float sc[NW_STCLF_NCLASS];
        nw_stance_clf_scores(c, p->f + s->v[i].off, s->v[i].nf, sc);
        int best = 1;
        for (int k = 2; k < (int)NW_STCLF_NCLASS; k++)
            if (sc[k] > sc[best])
                best = k;
        int pred = sc[best] - sc[0] > thr ? best : 0;
        int g = s->v[i].gold;
        if (pred && pred == g)
            tp++;
        else {
            if (pred)
                fp++;
            if (g)
                fn++;
        }
    }
    *P = tp + fp ? (double)tp / (double)(tp + fp) : 0.0;
    *R = tp + fn ? (double)tp / (double)(tp + fn) : 0.0;
    return *P + *R > 0 ? 2 * *P * *R / (*P + *R) : 0.0;
}

/* Print P/R/F1 on a set at several margins; returns the best margin. */
static float report(const nw_stance_clf *c, const set *va, const pool *p,
                    double *bestf_out) {
    static const float thrs[] = {0, 1, 2, 3, 4, 6, 8, 10, 12, 15, 20};
    float best_thr = 0;
    double bestf = -1;
    for (size_t k = 0; k < sizeof(thrs) / sizeof(thrs[0]); k++) {
        double P, R, F = evaluate(c, va, p, thrs[k], &P, &R);
        fprintf(stderr, "  margin %5.1f  valid P %.3f R %.3f F1 %.3f\n",
                thrs[k], P, R, F);
        if (F > bestf) {
            bestf = F;
            best_thr = thrs[k];
        }
    }
    if (bestf_out)
        *bestf_out = bestf;
    return best_thr;
}

int main(int argc, char **argv) {
    int epochs = 10, bits = 18, runs = 1, ai = 1;
    double thr_arg = -1e9;
    char err[512];
    tools t = {0};
    set tr = {0}, va = {0};
    pool p = {0};
    nw_stance_clf *c = NULL, *avg = NULL, *ens = NULL;
    size_t *order = NULL;
    int rc = 1;
    while (ai < argc && strncmp(argv[ai], "--", 2) == 0 && ai + 1 < argc) {
        if (strcmp(argv[ai], "--epochs") == 0)
            epochs = atoi(argv[ai + 1]);
        else if (strcmp(argv[ai], "--runs") == 0)
            runs = atoi(argv[ai + 1]);
        else if (strcmp(argv[ai], "--bits") == 0)
            bits = atoi(argv[ai + 1]);
        else if (strcmp(argv[ai], "--seed") == 0)
            rng_state = strtoull(argv[ai + 1], NULL, 10) * 2654435761ULL + 1;
        else if (strcmp(argv[ai], "--threshold") == 0)
            thr_arg = atof(argv[ai + 1]);
        else
            break;
        ai += 2;
    }
    if (argc - ai != 4 || epochs < 1 || epochs > 100 || runs < 1 ||
        runs > 32) {
        fprintf(stderr, "usage: train_stance [--epochs N] [--runs R] [--bits B] "
                        "[--seed S] [--threshold T] DATADIR TRAIN.txt "
                        "VALID.txt OUT.model\n");
        return 2;
    }
    const char *datadir = argv[ai];
    if (!(t.fe = nw_frontend_load(datadir, err, sizeof(err))) ||
        !(t.ner = nw_ner_load(datadir, err, sizeof(err))) ||
        !(t.lex = nw_stance_load_lexicon(datadir, err, sizeof(err)))) {
        fprintf(stderr, "train_stance: %s\n", err);
        goto out;
    }
    if (read_set(&t, argv[ai + 1], &tr, &p) != 0 ||
        read_set(&t, argv[ai + 2], &va, &p) != 0)
        goto out;
    fprintf(stderr, "train %zu pairs, valid %zu pairs, %zu features\n",
            tr.n, va.n, p.n);
    if (!(ens = nw_stance_clf_new((uint32_t)bits, 0)) ||
        !(order = malloc(tr.n * sizeof(*order)))) {
        fprintf(stderr, "train_stance: out of memory\n");
        goto out;
    }
    for (size_t i = 0; i < tr.n; i++)
        order[i] = i;
    size_t nw = ((size_t)ens->mask + 1) * NW_STCLF_NCLASS;
    for (int run = 0; run < runs; run++) {
        nw_stance_clf_free(&c);
        if (!(c = nw_stance_clf_new((uint32_t)bits, 1))) {
            fprintf(stderr, "train_stance: out of memory\n");
            goto out;
        }
        for (int ep = 0; ep < epochs; ep++) {
            for (size_t i = tr.n; i > 1; i--) {
                size_t j = (size_t)(rng() % i), x = order[i - 1];
                order[i - 1] = order[j];
                order[j] = x;
            }
            size_t wrong = 0;
            for (size_t i = 0; i < tr.n; i++) {
                const inst *in = &tr.v[order[i]];
                if (nw_stance_clf_learn(c, p.f + in->off, in->nf,
                                        in->gold) != in->gold)
                    wrong++;
            }
            nw_stance_clf_free(&avg);
            if (!(avg = nw_stance_clf_averaged_copy(c))) {
                fprintf(stderr, "train_stance: out of memory\n");
                goto out;
            }
            fprintf(stderr, "run %d epoch %d: train errors %zu\n", run + 1,
                    ep + 1, wrong);
            report(avg, &va, &p, NULL);
        }
        /* the ensemble is the mean of the runs' averaged weights */
        for (size_t i = 0; i < nw; i++)
            ens->w[i] += avg->w[i] / (float)runs;
    }
    fprintf(stderr, "ensemble of %d runs:\n", runs);
    float best_thr = report(ens, &va, &p, NULL);
    nw_stance_clf_free(&avg);
    avg = ens;
    ens = NULL;
    avg->threshold = thr_arg > -1e8 ? (float)thr_arg : best_thr;
    fprintf(stderr, "threshold %.2f\n", avg->threshold);
    if (nw_stance_clf_save(avg, argv[ai + 3], err, sizeof(err)) != 0) {
        fprintf(stderr, "train_stance: %s\n", err);
        goto out;
    }
    rc = 0;
out:
    free(order);
    nw_stance_clf_free(&c);
    nw_stance_clf_free(&avg);
    nw_stance_clf_free(&ens);
    free(tr.v);
    free(va.v);
    free(p.f);
    nw_frontend_free(&t.fe);
    nw_ner_free(&t.ner);
    nw_stance_free(&t.lex);
    return rc;
}
