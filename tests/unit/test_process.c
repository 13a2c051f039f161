/* test_process.c -- the worker's message path: one dead letter per kind of
   bad input, a good article extracted, the cache hooks (miss -> store,
   hit -> republish under the new id, unavailable, garbage), and the UTF-8
   validator.  Uses the real extractor with the project's data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "process.h"

static nw_extractor *ex;

static int group_setup(void **state) {
    (void)state;
    char err[256];
    const char *dir = getenv("NW_DATADIR");
    ex = nw_extractor_new(dir && *dir ? dir : NW_DEFAULT_DATADIR, err, sizeof(err));
    if (!ex)
        fprintf(stderr, "extractor: %s\n", err);
    return ex ? 0 : -1;
}

static int group_teardown(void **state) {
    (void)state;
    nw_extractor_free(&ex);
    return 0;
}

static unsigned char *pack_article(const char *id, const char *body, size_t *len) {
    Newsworker__V1__Article a = NEWSWORKER__V1__ARTICLE__INIT;
    a.id = (char *)id;
    a.body = (char *)body;
    *len = newsworker__v1__article__get_packed_size(&a);
    unsigned char *buf = malloc(*len + 1);
    newsworker__v1__article__pack(&a, buf);
    return buf;
}

static const char *GOOD =
    "Transport Minister Aisha Rahman backs the repair plan. \"This bridge matters to the "
    "whole south coast,\" Rahman said on Monday in Portsmouth.";

static void expect_dead(const char *id, const char *body, size_t max_body, int code) {
    nw_process_ctx c = {.ex = ex, .worker_id = "t", .max_body = max_body};
    nw_process_result r;
    size_t len;
    unsigned char *raw = pack_article(id, body, &len);
    assert_int_equal(nw_process_message(&c, raw, len, 1, &r), 0);
    assert_int_equal(r.deadletter, 1);
    assert_int_equal(r.code, code);
    Newsworker__V1__DeadLetter *d = newsworker__v1__dead_letter__unpack(NULL, r.out_len, r.out);
    assert_non_null(d);
    assert_int_equal(d->code, code);
    assert_int_equal(d->input_size, len);
    assert_int_equal(strlen(d->input_sha256), 64);
    newsworker__v1__dead_letter__free_unpacked(d, NULL);
    nw_process_result_clear(&r);
    free(raw);
}

static void test_dead_letter_kinds(void **state) {
    (void)state;
    expect_dead("a1", "", 1 << 20, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_EMPTY_BODY);
    expect_dead("a2", " \n\t\xC2\xA0 ", 1 << 20, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_EMPTY_BODY);
    expect_dead("", GOOD, 1 << 20, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_MISSING_ID);
    expect_dead("a3", "Caf\xc3 au lait, she said.", 1 << 20,
                NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8);
    expect_dead("a4\xff", GOOD, 1 << 20, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8);
    expect_dead("a5", GOOD, 10, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_TOO_LARGE);
    char longid[300];
    memset(longid, 'x', sizeof(longid) - 1);
    longid[sizeof(longid) - 1] = 0;
    expect_dead(longid, GOOD, 1 << 20, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_MISSING_ID);

    /* undecodable bytes */
    nw_process_ctx c = {.ex = ex, .worker_id = "t", .max_body = 1 << 20};
    nw_process_result r;
    static const unsigned char junk[] = {0x2a, 0x7f, 'o', 'o', 'p', 's'};
    assert_int_equal(nw_process_message(&c, junk, sizeof(junk), 3, &r), 0);
    assert_int_equal(r.deadletter, 1);
    assert_int_equal(r.code, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_UNDECODABLE);
    assert_string_equal(r.article_id, "");
    nw_process_result_clear(&r);

    /* a NUL byte inside the body */
    static const unsigned char nul[] = {0x0a, 0x02, 'i', 'd', 0x2a, 0x05, 'a', 'b', 0, 'c', 'd'};
    assert_int_equal(nw_process_message(&c, nul, sizeof(nul), 1, &r), 0);
    assert_int_equal(r.code, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8);
    assert_string_equal(r.article_id, "id");
    nw_process_result_clear(&r);
}

/* An in-memory one-entry cache with switchable availability. */
typedef struct fake_cache {
    char key[128];
    unsigned char *val;
    size_t len;
    int down, gets, puts;
} fake_cache;

static int fget(void *ud, const char *key, unsigned char **val, size_t *len) {
    fake_cache *f = ud;
    f->gets++;
    if (f->down)
        return -1;
    if (!f->val || strcmp(f->key, key))
        return 0;
    *val = malloc(f->len);
    memcpy(*val, f->val, f->len);
    *len = f->len;
    return 1;
}

static int fput(void *ud, const char *key, const void *val, size_t len) {
    fake_cache *f = ud;
    f->puts++;
    if (f->down)
        return -1;
    if (f->val && !strcmp(f->key, key))
        return 0;
    free(f->val);
    snprintf(f->key, sizeof(f->key), "%s", key);
    f->val = malloc(len);
    memcpy(f->val, val, len);
    f->len = len;
    return 1;
}

static void test_extract_and_cache(void **state) {
    (void)state;
    fake_cache fc = {0};
    nw_process_cache cache = {fget, fput, &fc};
    nw_process_ctx c = {.ex = ex, .worker_id = "w9", .max_body = 1 << 20, .cache = &cache};
    nw_process_result r;
    size_t len;
    unsigned char *raw = pack_article("bridge-1", GOOD, &len);

    assert_int_equal(nw_process_message(&c, raw, len, 1, &r), 0);
    assert_int_equal(r.deadletter, 0);
    assert_int_equal(r.cache, NW_PROCESS_CACHE_MISS_STORED);
    assert_int_equal(strlen(r.content_hash), 64);
    assert_string_equal(fc.key + strlen(NW_PROCESS_KEY_PREFIX), r.content_hash);
    assert_memory_equal(fc.key, "newsworker:v1:", 14);
    Newsworker__V1__Extraction *e = newsworker__v1__extraction__unpack(NULL, r.out_len, r.out);
    assert_non_null(e);
    assert_string_equal(e->article_id, "bridge-1");
    assert_string_equal(e->result_id, r.content_hash);
    assert_string_equal(e->worker_id, "w9");
    assert_false(e->cache_hit);
    newsworker__v1__extraction__free_unpacked(e, NULL);
    char first_hash[65];
    memcpy(first_hash, r.content_hash, 65);
    nw_process_result_clear(&r);
    free(raw);

    /* the same text with other spacing under another id: a hit */
    char *spaced = malloc(strlen(GOOD) + 8);
    sprintf(spaced, "  %s\n\n", GOOD);
    raw = pack_article("bridge-1-copy", spaced, &len);
    assert_int_equal(nw_process_message(&c, raw, len, 1, &r), 0);
    assert_int_equal(r.cache, NW_PROCESS_CACHE_HIT);
    assert_string_equal(r.content_hash, first_hash);
    e = newsworker__v1__extraction__unpack(NULL, r.out_len, r.out);
    assert_non_null(e);
    assert_string_equal(e->article_id, "bridge-1-copy");
    assert_true(e->cache_hit);
    assert_int_equal(e->processing_us, 0);
    newsworker__v1__extraction__free_unpacked(e, NULL);
    nw_process_result_clear(&r);

    /* cache down: extraction still happens, nothing stored */
    fc.down = 1;
    int puts = fc.puts;
    assert_int_equal(nw_process_message(&c, raw, len, 1, &r), 0);
    assert_int_equal(r.deadletter, 0);
    assert_int_equal(r.cache, NW_PROCESS_CACHE_UNAVAILABLE);
    assert_int_equal(fc.puts, puts);
    nw_process_result_clear(&r);

    /* a corrupt cached value is ignored */
    fc.down = 0;
    memset(fc.val, 0xff, fc.len);
    assert_int_equal(nw_process_message(&c, raw, len, 1, &r), 0);
    assert_int_equal(r.deadletter, 0);
    assert_int_equal(r.cache, NW_PROCESS_CACHE_MISS_EXISTS);
    e = newsworker__v1__extraction__unpack(NULL, r.out_len, r.out);
    assert_non_null(e);
    assert_false(e->cache_hit);
    newsworker__v1__extraction__free_unpacked(e, NULL);
    nw_process_result_clear(&r);
    free(raw);
    free(spaced);
    free(fc.val);
}

static void test_utf8(void **state) {
    (void)state;
    assert_true(nw_process_utf8_valid("plain", 5));
    assert_true(nw_process_utf8_valid("M\xc3\xa9t \xc3\x89ireann \xe2\x82\xac\xf0\x9f\x98\x80", 21));
    assert_false(nw_process_utf8_valid("\xc0\xaf", 2));           /* overlong '/' */
    assert_false(nw_process_utf8_valid("\xe0\x80\xaf", 3));       /* overlong */
    assert_false(nw_process_utf8_valid("\xed\xa0\x80", 3));       /* surrogate */
    assert_false(nw_process_utf8_valid("\xf4\x90\x80\x80", 4));   /* > U+10FFFF */
    assert_false(nw_process_utf8_valid("\xe2\x82", 2));           /* truncated */
    assert_false(nw_process_utf8_valid("\x80", 1));
    assert_false(nw_process_utf8_valid("\xff", 1));
    assert_true(nw_process_utf8_valid("", 0));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dead_letter_kinds),
        cmocka_unit_test(test_extract_and_cache),
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests_name("process", tests, group_setup, group_teardown);
}
