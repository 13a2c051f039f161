/*
 * test_perceptron.c -- the averaged structured perceptron (perceptron.c):
 * scoring, Viterbi with forbidden transitions, learning a toy tagging task,
 * averaging, and the model file (round trip, and every way a file can be
 * refused: missing, truncated, wrong magic, wrong version, corrupt).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "perceptron.h"

static char tmpl[64];

static int setup(void **state) {
    (void)state;
    snprintf(tmpl, sizeof(tmpl), "/tmp/nw_test_perceptron.%ld.model", (long)getpid());
    return 0;
}

static int teardown(void **state) {
    (void)state;
    unlink(tmpl);
    return 0;
}

static void test_new_rejects_bad_sizes(void **state) {
    (void)state;
    assert_null(nw_perceptron_new(0, 10, 0));
    assert_null(nw_perceptron_new(NW_PERCEPTRON_MAX_TAGS + 1, 10, 0));
    assert_null(nw_perceptron_new(3, 2, 0));
    nw_perceptron *p = nw_perceptron_new(3, 8, 1);
    assert_non_null(p);
    nw_perceptron_free(&p);
    assert_null(p);
    nw_perceptron_free(&p); /* safe on NULL */
}

static void test_emit_sums_rows(void **state) {
    (void)state;
    nw_perceptron *p = nw_perceptron_new(3, 8, 0);
    assert_non_null(p);
    p->w[5 * NW_PERCEPTRON_STRIDE + 0] = 1.0f;
    p->w[5 * NW_PERCEPTRON_STRIDE + 2] = 2.0f;
    p->w[7 * NW_PERCEPTRON_STRIDE + 2] = 0.5f;
    uint32_t feats[3] = {5, 7, 5 + 256}; /* 5 + 256 hashes to row 5 */
    float em[3];
    nw_perceptron_emit(p, feats, 3, em);
    assert_float_equal(em[0], 2.0f, 1e-6);
    assert_float_equal(em[1], 0.0f, 1e-6);
    assert_float_equal(em[2], 4.5f, 1e-6);
    nw_perceptron_free(&p);
}

static void test_viterbi_respects_allowed(void **state) {
    (void)state;
    /* tags: 0 = O, 1 = B, 2 = I; I may only follow B or I */
    nw_perceptron *p = nw_perceptron_new(3, 4, 0);
    assert_non_null(p);
    p->allowed[0 * 3 + 2] = 0;
    p->allowed[3 * 3 + 2] = 0;
    /* emissions prefer I everywhere, a little B at position 1 */
    float em[3 * 3] = {0, 0, 5, 1, 2, 5, 0, 0, 5};
    uint8_t tags[3], work[9];
    nw_perceptron_viterbi(p, em, 3, tags, work);
    /* position 0 cannot be I (start); best is B I I */
    assert_int_equal(tags[0], 1);
    assert_int_equal(tags[1], 2);
    assert_int_equal(tags[2], 2);
    nw_perceptron_free(&p);
}

/* Toy task: feature 1 marks tag 1, feature 2 marks tag 2, feature 3 is
   noise present everywhere. */
static void toy_sentence(unsigned seed, uint32_t *feats, uint8_t *gold,
                         uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        unsigned r = (seed * 1103515245u + i * 12345u) >> 7;
        gold[i] = (uint8_t)(r % 3);
        feats[i * 2] = gold[i] == 0 ? 11 : gold[i] == 1 ? 22 : 33;
        feats[i * 2 + 1] = 99;
    }
}

static void test_learns_and_averages(void **state) {
    (void)state;
    nw_perceptron *p = nw_perceptron_new(3, 8, 1);
    assert_non_null(p);
    uint32_t feats[16];
    uint8_t gold[8], pred[8], work[24];
    float em[24];
    for (int epoch = 0; epoch < 5; epoch++)
        for (unsigned s = 0; s < 50; s++) {
            toy_sentence(s, feats, gold, 8);
            for (uint32_t i = 0; i < 8; i++)
                nw_perceptron_emit(p, feats + i * 2, 2, em + i * 3);
            nw_perceptron_viterbi(p, em, 8, pred, work);
            if (memcmp(pred, gold, 8))
                nw_perceptron_update(p, feats, 2, 8, gold, pred);
            else
                nw_perceptron_tick(p);
        }
    nw_perceptron_average(p);
    assert_null(p->acc);
    for (unsigned s = 100; s < 110; s++) {
        toy_sentence(s, feats, gold, 8);
        for (uint32_t i = 0; i < 8; i++)
            nw_perceptron_emit(p, feats + i * 2, 2, em + i * 3);
        nw_perceptron_viterbi(p, em, 8, pred, work);
        assert_memory_equal(pred, gold, 8);
    }
    nw_perceptron_free(&p);
}

static nw_perceptron *small_model(void) {
    nw_perceptron *p = nw_perceptron_new(4, 6, 0);
    assert_non_null(p);
    for (uint32_t r = 0; r <= p->mask; r++)
        for (uint32_t t = 0; t < 4; t++)
            p->w[r * NW_PERCEPTRON_STRIDE + t] = (float)(r * 4 + t) / 7.0f;
    for (uint32_t i = 0; i < 5 * 4; i++)
        p->trans[i] = -(float)i;
    return p;
}

static void test_scaled_update(void **state) {
    (void)state;
    /* a scaled step moves the weights by scale; a zero step moves nothing
       but still counts the instance */
    nw_perceptron *a = nw_perceptron_new(3, 8, 1), *b = nw_perceptron_new(3, 8, 1);
    assert_non_null(a);
    assert_non_null(b);
    uint32_t feats[4] = {11, 12, 13, 14};
    uint8_t gold[2] = {1, 2}, pred[2] = {0, 0};
    float ea[3], eb[3];
    nw_perceptron_update(a, feats, 2, 2, gold, pred);
    nw_perceptron_update_scaled(b, feats, 2, 2, gold, pred, 0.25f);
    nw_perceptron_emit(a, feats, 2, ea);
    nw_perceptron_emit(b, feats, 2, eb);
    for (int t = 0; t < 3; t++)
        assert_true(eb[t] > 0.25f * ea[t] - 1e-6f && eb[t] < 0.25f * ea[t] + 1e-6f);
    assert_true(ea[1] > 0.0f && ea[0] < 0.0f);
    double steps = b->step;
    nw_perceptron_update_scaled(b, feats, 2, 2, gold, pred, 0.0f);
    nw_perceptron_emit(b, feats, 2, ea);
    assert_memory_equal(ea, eb, sizeof(ea));
    assert_true(b->step == steps + 1.0);
    nw_perceptron_free(&a);
    nw_perceptron_free(&b);
}

static void test_save_load_round_trip(void **state) {
    (void)state;
    char err[256];
    nw_perceptron *p = small_model();
    const char blob[] = "extra-data";
    assert_int_equal(nw_perceptron_save(p, blob, sizeof(blob), tmpl, err, sizeof(err)), 0);
    void *x = NULL;
    size_t xl = 0;
    nw_perceptron *q = nw_perceptron_load(tmpl, &x, &xl, err, sizeof(err));
    assert_non_null(q);
    assert_int_equal(q->n_tags, 4);
    assert_int_equal(q->bits, 6);
    assert_int_equal(xl, sizeof(blob));
    assert_memory_equal(x, blob, sizeof(blob));
    for (uint32_t r = 0; r <= p->mask; r++)
        assert_memory_equal(q->w + r * NW_PERCEPTRON_STRIDE,
                            p->w + r * NW_PERCEPTRON_STRIDE, 4 * sizeof(float));
    assert_memory_equal(q->trans, p->trans, 20 * sizeof(float));
    free(x);
    nw_perceptron_free(&q);
    nw_perceptron_free(&p);
}

/* Write a valid model, then damage it with fn, then expect a refusal whose
   message contains want and the file name. */
static void expect_refusal(void (*fn)(unsigned char *, long *), const char *want) {
    char err[256];
    nw_perceptron *p = small_model();
    assert_int_equal(nw_perceptron_save(p, "x", 1, tmpl, err, sizeof(err)), 0);
    nw_perceptron_free(&p);
    FILE *f = fopen(tmpl, "rb");
    assert_non_null(f);
    unsigned char buf[8192];
    long n = (long)fread(buf, 1, sizeof(buf), f);
    fclose(f);
    fn(buf, &n);
    f = fopen(tmpl, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    void *x = (void *)1;
    size_t xl = 7;
    err[0] = 0;
    nw_perceptron *q = nw_perceptron_load(tmpl, &x, &xl, err, sizeof(err));
    assert_null(q);
    assert_null(x);
    assert_int_equal(xl, 0);
    if (!strstr(err, want) || !strstr(err, tmpl))
        fail_msg("error \"%s\" lacks \"%s\" or the file name", err, want);
}

static void cut_header(unsigned char *b, long *n) { (void)b; *n = 20; }
static void cut_tail(unsigned char *b, long *n) { (void)b; *n -= 9; }
static void bad_magic(unsigned char *b, long *n) { (void)n; b[0] = 'X'; }
static void bad_version(unsigned char *b, long *n) { (void)n; b[8] = 99; }
static void flip_weight(unsigned char *b, long *n) { b[*n / 2] ^= 0x40; }

static void test_load_refuses_damaged_files(void **state) {
    (void)state;
    expect_refusal(cut_header, "truncated");
    expect_refusal(cut_tail, "truncated or corrupt");
    expect_refusal(bad_magic, "bad magic");
    expect_refusal(bad_version, "version");
    expect_refusal(flip_weight, "checksum");
}

static void test_load_missing_file(void **state) {
    (void)state;
    char err[256];
    void *x;
    size_t xl;
    assert_null(nw_perceptron_load("/nonexistent/ner.model", &x, &xl, err, sizeof(err)));
    assert_non_null(strstr(err, "/nonexistent/ner.model"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_rejects_bad_sizes),
        cmocka_unit_test(test_emit_sums_rows),
        cmocka_unit_test(test_viterbi_respects_allowed),
        cmocka_unit_test(test_learns_and_averages),
        cmocka_unit_test(test_scaled_update),
        cmocka_unit_test(test_save_load_round_trip),
        cmocka_unit_test(test_load_refuses_damaged_files),
        cmocka_unit_test(test_load_missing_file),
    };
    return cmocka_run_group_tests_name("perceptron", tests, setup, teardown);
}
