/* test_stance_clf.c -- the stance pair classifier's own API (stance_clf.c),
   beside what test_stance.c covers (truncation, magic, format version and
   checksum refusals, a tiny model trained on sentences): constructor bounds
   and NULL-safe free, the scores as sums of weight rows, learn() moving
   weights only when wrong and only in training mode, the averaged copy
   equal to in-place averaging, a full weight round-trip through save/load,
   header fields the loader must refuse (feature-set version, class count,
   bits, payload length), an empty file, an unwritable save path, and the
   shipped model loading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stance_clf.h"

static char g_path[64];

static int setup(void **state) {
    (void)state;
    snprintf(g_path, sizeof(g_path), "/tmp/nw_test_stance_clf_%ld.model", (long)getpid());
    return 0;
}

static int teardown(void **state) {
    (void)state;
    unlink(g_path);
    return 0;
}

static unsigned char *slurp(const char *p, size_t *n) {
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)sz);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)sz, f), (size_t)sz);
    fclose(f);
    *n = (size_t)sz;
    return b;
}

static void spill(const char *p, const unsigned char *b, size_t n) {
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    fclose(f);
}

static void put32(unsigned char *p, uint32_t v) {
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void test_new_free(void **state) {
    (void)state;
    assert_null(nw_stance_clf_new(0, 0));
    assert_null(nw_stance_clf_new(NW_STCLF_MAX_BITS + 1, 1));
    nw_stance_clf *c = nw_stance_clf_new(6, 0);
    assert_non_null(c);
    assert_int_equal(c->bits, 6);
    assert_int_equal(c->mask, 63);
    assert_null(c->acc);
    for (size_t i = 0; i < 64 * NW_STCLF_NCLASS; i++)
        assert_true(c->w[i] == 0.0f);
    nw_stance_clf_free(&c);
    assert_null(c);
    nw_stance_clf_free(&c);
    nw_stance_clf_free(NULL);
}

static void test_scores_and_learn(void **state) {
    float sc[NW_STCLF_NCLASS];
    (void)state;
    nw_stance_clf *c = nw_stance_clf_new(4, 1);
    assert_non_null(c);
    assert_non_null(c->acc);
    /* rows are summed; feature hashes are taken modulo the table */
    c->w[3 * NW_STCLF_NCLASS + 1] = 2.0f;
    c->w[5 * NW_STCLF_NCLASS + 1] = 0.5f;
    c->w[5 * NW_STCLF_NCLASS + 4] = -1.0f;
    uint32_t f[3] = {3, 5, 16 + 3};
    nw_stance_clf_scores(c, f, 3, sc);
    assert_true(sc[0] == 0.0f && sc[1] == 4.5f && sc[4] == -1.0f);
    nw_stance_clf_scores(c, f, 0, sc);
    for (uint32_t k = 0; k < NW_STCLF_NCLASS; k++)
        assert_true(sc[k] == 0.0f);

    /* correct prediction: no change; wrong: gold up, predicted down */
    assert_int_equal(nw_stance_clf_learn(c, f, 1, NW_STCLF_APOS_B), NW_STCLF_APOS_B);
    assert_true(c->w[3 * NW_STCLF_NCLASS + 1] == 2.0f);
    uint32_t g[1] = {7};
    assert_int_equal(nw_stance_clf_learn(c, g, 1, NW_STCLF_ANEG_B), NW_STCLF_NONE);
    assert_true(c->w[7 * NW_STCLF_NCLASS + NW_STCLF_ANEG_B] == 1.0f);
    assert_true(c->w[7 * NW_STCLF_NCLASS + NW_STCLF_NONE] == -1.0f);
    nw_stance_clf_scores(c, g, 1, sc);
    assert_true(sc[NW_STCLF_ANEG_B] > sc[NW_STCLF_NONE]);
    /* an out-of-range gold class changes nothing */
    uint32_t h[1] = {9};
    nw_stance_clf_learn(c, h, 1, 99);
    nw_stance_clf_learn(c, h, 1, -1);
    for (uint32_t k = 0; k < NW_STCLF_NCLASS; k++)
        assert_true(c->w[9 * NW_STCLF_NCLASS + k] == 0.0f);

    /* the averaged copy equals in-place averaging, and c keeps training */
    nw_stance_clf *avg = nw_stance_clf_averaged_copy(c);
    assert_non_null(avg);
    assert_null(avg->acc);
    assert_non_null(c->acc);
    nw_stance_clf_average(c);
    assert_null(c->acc);
    assert_memory_equal(avg->w, c->w, 16 * NW_STCLF_NCLASS * sizeof(float));
    /* averaging twice is a no-op; a copy of an averaged model is exact */
    nw_stance_clf_average(c);
    nw_stance_clf *cp = nw_stance_clf_averaged_copy(c);
    assert_non_null(cp);
    assert_memory_equal(cp->w, c->w, 16 * NW_STCLF_NCLASS * sizeof(float));
    /* without training sums, learn() predicts but does not update */
    float before = cp->w[11 * NW_STCLF_NCLASS + 2];
    uint32_t k11[1] = {11};
    nw_stance_clf_learn(cp, k11, 1, 2);
    assert_true(cp->w[11 * NW_STCLF_NCLASS + 2] == before);
    nw_stance_clf_free(&cp);
    nw_stance_clf_free(&avg);
    nw_stance_clf_free(&c);
}

static void test_roundtrip(void **state) {
    char err[512] = "";
    (void)state;
    nw_stance_clf *c = nw_stance_clf_new(10, 0);
    assert_non_null(c);
    size_t n = (size_t)1024 * NW_STCLF_NCLASS;
    for (size_t i = 0; i < n; i++)
        c->w[i] = (float)((int)(i * 2654435761u % 2001u) - 1000) / 64.0f;
    c->threshold = 0.375f;
    assert_int_equal(nw_stance_clf_save(c, g_path, err, sizeof(err)), 0);
    nw_stance_clf *d = nw_stance_clf_load(g_path, err, sizeof(err));
    assert_non_null(d);
    assert_int_equal(d->bits, 10);
    assert_int_equal(d->mask, 1023);
    assert_true(d->threshold == 0.375f);
    assert_null(d->acc);
    assert_memory_equal(d->w, c->w, n * sizeof(float));
    /* NULL / zero-length err is allowed */
    nw_stance_clf_free(&d);
    d = nw_stance_clf_load(g_path, NULL, 0);
    assert_non_null(d);
    nw_stance_clf_free(&d);
    /* an unwritable path */
    err[0] = 0;
    assert_int_equal(nw_stance_clf_save(c, "/nonexistent-dir/x/stance.model", err,
                                        sizeof(err)), -1);
    assert_true(strlen(err) > 0);
    nw_stance_clf_free(&c);
}

static void test_bad_headers(void **state) {
    char err[512];
    size_t n;
    (void)state;
    nw_stance_clf *c = nw_stance_clf_new(5, 0);
    assert_non_null(c);
    c->w[7] = 1.0f;
    assert_int_equal(nw_stance_clf_save(c, g_path, err, sizeof(err)), 0);
    nw_stance_clf_free(&c);
    unsigned char *good = slurp(g_path, &n);
    unsigned char *b = malloc(n);
    assert_non_null(b);
    /* header: magic 8, version @8, classes @12, bits @16, featset @20,
       threshold @24, reserved @28, payload_len @32 (u64), checksum @40 */
    static const struct { size_t off; uint32_t val; } bad[] = {
        {20, NW_STCLF_FEATSET + 1},    /* features changed since training */
        {12, NW_STCLF_NCLASS + 1},     /* another class count */
        {16, NW_STCLF_MAX_BITS + 1},   /* table too large */
        {16, 6},                       /* bits disagree with the payload */
        {32, 12},                      /* payload length wrong */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        memcpy(b, good, n);
        put32(b + bad[i].off, bad[i].val);
        spill(g_path, b, n);
        err[0] = 0;
        assert_null(nw_stance_clf_load(g_path, err, sizeof(err)));
        assert_non_null(strstr(err, g_path));
    }
    /* an empty file, and a directory */
    spill(g_path, b, 0);
    err[0] = 0;
    assert_null(nw_stance_clf_load(g_path, err, sizeof(err)));
    assert_non_null(strstr(err, g_path));
    err[0] = 0;
    assert_null(nw_stance_clf_load("/tmp", err, sizeof(err)));
    assert_true(strlen(err) > 0);
    /* the untouched bytes still load */
    spill(g_path, good, n);
    c = nw_stance_clf_load(g_path, err, sizeof(err));
    assert_non_null(c);
    assert_true(c->w[7] == 1.0f);
    nw_stance_clf_free(&c);
    free(b);
    free(good);
}

static void test_shipped(void **state) {
    char err[512] = "";
    (void)state;
    nw_stance_clf *c = nw_stance_clf_load(NW_DEFAULT_DATADIR "/models/stance.model", err,
                                          sizeof(err));
    if (!c)
        fprintf(stderr, "%s\n", err);
    assert_non_null(c);
    assert_true(c->bits >= 4 && c->bits <= NW_STCLF_MAX_BITS);
    assert_int_equal(c->mask, (1u << c->bits) - 1);
    nw_stance_clf_free(&c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_free),
        cmocka_unit_test(test_scores_and_learn),
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_bad_headers),
        cmocka_unit_test(test_shipped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
