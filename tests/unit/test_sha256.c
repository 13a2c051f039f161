/* test_sha256.c -- SHA-256 against FIPS 180-4 vectors, streaming in odd
   chunks, and the whitespace-folding content hash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sha256.h"

static void test_vectors(void **state) {
    (void)state;
    char hex[65];
    nw_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    nw_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    nw_sha256_hex(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_streaming_matches_one_shot(void **state) {
    (void)state;
    static char buf[1000];
    unsigned char d1[32], d2[32];
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (char)('a' + i % 26);
    nw_sha256 s;
    nw_sha256_init(&s);
    nw_sha256_update(&s, buf, sizeof(buf));
    nw_sha256_final(&s, d1);
    nw_sha256_init(&s);
    for (size_t i = 0, step = 1; i < sizeof(buf); i += step, step = step % 67 + 1)
        nw_sha256_update(&s, buf + i, i + step > sizeof(buf) ? sizeof(buf) - i : step);
    nw_sha256_final(&s, d2);
    assert_memory_equal(d1, d2, 32);
}

static void test_million_a(void **state) {
    (void)state;
    static char buf[1000];
    unsigned char d[32];
    char hex[65];
    memset(buf, 'a', sizeof(buf));
    nw_sha256 s;
    nw_sha256_init(&s);
    for (int i = 0; i < 1000; i++)
        nw_sha256_update(&s, buf, sizeof(buf));
    nw_sha256_final(&s, d);
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = 0;
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_content_hash_folds_whitespace(void **state) {
    (void)state;
    char a[65], b[65], c[65], d[65];
    const char *t1 = "The mayor said the bridge would reopen.";
    const char *t2 = "  The mayor  said\tthe bridge\r\nwould\xC2\xA0reopen.\n\n";
    nw_sha256_content(t1, strlen(t1), "0.1.0", a);
    nw_sha256_content(t2, strlen(t2), "0.1.0", b);
    assert_string_equal(a, b);
    /* another extractor version gives another key */
    nw_sha256_content(t1, strlen(t1), "0.2.0", c);
    assert_string_not_equal(a, c);
    /* a word change is a different text */
    const char *t3 = "The mayor said the bridge would close.";
    nw_sha256_content(t3, strlen(t3), "0.1.0", d);
    assert_string_not_equal(a, d);
}

static void test_content_hash_long_input(void **state) {
    (void)state;
    /* crosses the 4 KiB staging buffer several times */
    static char big[20000], spaced[40000];
    size_t n = 0;
    for (size_t i = 0; i < sizeof(big); i++) {
        big[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 26);
        spaced[n++] = big[i];
        if (big[i] == ' ')
            spaced[n++] = '\n';
    }
    char a[65], b[65];
    nw_sha256_content(big, sizeof(big), "v", a);
    nw_sha256_content(spaced, n, "v", b);
    assert_string_equal(a, b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_streaming_matches_one_shot),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_content_hash_folds_whitespace),
        cmocka_unit_test(test_content_hash_long_input),
    };
    return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
