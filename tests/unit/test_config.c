/* test_config.c -- the config table: defaults, env, flags win, bounds,
   enums, booleans, positional arguments, help and JSON with secrets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

typedef struct cfg {
    char *redis, *password;
    long long ttl;
    int source, pretty;
} cfg;

#define O(f) offsetof(cfg, f)
static const nw_config_entry T[] = {
    {"redis", "NWTEST_REDIS", NW_CFG_STR, O(redis), "", 0, 32, NULL, "cache address", 0},
    {"redis-password", "NWTEST_PASSWORD", NW_CFG_STR, O(password), "", 0, 64, NULL, "secret", 1},
    {"cache-ttl", "NWTEST_TTL", NW_CFG_INT, O(ttl), "86400", 0, 31536000, NULL, "ttl", 0},
    {"source", "NWTEST_SOURCE", NW_CFG_ENUM, O(source), "pull", 0, 0, "pull|broker", "src", 0},
    {"pretty", NULL, NW_CFG_BOOL, O(pretty), "false", 0, 0, NULL, "indent", 0},
};
#define N (sizeof(T) / sizeof(T[0]))

static int setup(void **state) {
    (void)state;
    unsetenv("NWTEST_REDIS");
    unsetenv("NWTEST_PASSWORD");
    unsetenv("NWTEST_TTL");
    unsetenv("NWTEST_SOURCE");
    return 0;
}

static int load(cfg *c, int argc, char **argv, char *err) {
    memset(c, 0, sizeof(*c));
    return nw_config_load(T, N, c, argc, argv, NULL, 0, NULL, err, 256);
}

static void test_defaults(void **state) {
    (void)state;
    cfg c;
    char err[256];
    char *argv[] = {"run"};
    assert_int_equal(load(&c, 1, argv, err), 0);
    assert_string_equal(c.redis, "");
    assert_int_equal(c.ttl, 86400);
    assert_int_equal(c.source, 0);
    assert_int_equal(c.pretty, 0);
    nw_config_free(T, N, &c);
    assert_null(c.redis);
}

static void test_env_then_flag_wins(void **state) {
    (void)state;
    cfg c;
    char err[256];
    setenv("NWTEST_TTL", "60", 1);
    setenv("NWTEST_SOURCE", "broker", 1);
    setenv("NWTEST_REDIS", "10.0.0.5:6379", 1);
    char *argv[] = {"run", "--cache-ttl", "120", "--redis=127.0.0.1:7000", "--pretty"};
    assert_int_equal(load(&c, 5, argv, err), 0);
    assert_int_equal(c.ttl, 120);
    assert_int_equal(c.source, 1);
    assert_string_equal(c.redis, "127.0.0.1:7000");
    assert_int_equal(c.pretty, 1);
    nw_config_free(T, N, &c);
}

static void test_bad_values_are_named(void **state) {
    (void)state;
    cfg c;
    char err[256];
    char *a1[] = {"run", "--cache-ttl", "-5"};
    assert_int_equal(load(&c, 3, a1, err), -1);
    assert_non_null(strstr(err, "--cache-ttl"));
    assert_non_null(strstr(err, "out of range 0..31536000"));
    nw_config_free(T, N, &c);

    char *a2[] = {"run", "--cache-ttl", "12x"};
    assert_int_equal(load(&c, 3, a2, err), -1);
    assert_non_null(strstr(err, "not an integer"));
    nw_config_free(T, N, &c);

    setenv("NWTEST_SOURCE", "kafka", 1);
    char *a3[] = {"run"};
    assert_int_equal(load(&c, 1, a3, err), -1);
    assert_non_null(strstr(err, "NWTEST_SOURCE"));
    assert_non_null(strstr(err, "pull|broker"));
    nw_config_free(T, N, &c);
    unsetenv("NWTEST_SOURCE");

    char *a4[] = {"run", "--redis", "a-very-long-host-name-that-exceeds-the-limit:6379"};
    assert_int_equal(load(&c, 3, a4, err), -1);
    assert_non_null(strstr(err, "at most 32"));
    nw_config_free(T, N, &c);

    char *a5[] = {"run", "--no-such-flag", "1"};
    assert_int_equal(load(&c, 3, a5, err), -1);
    assert_non_null(strstr(err, "unknown option '--no-such-flag'"));
    nw_config_free(T, N, &c);

    char *a6[] = {"run", "--redis"};
    assert_int_equal(load(&c, 2, a6, err), -1);
    assert_non_null(strstr(err, "needs a value"));
    nw_config_free(T, N, &c);

    char *a7[] = {"run", "--pretty=maybe"};
    assert_int_equal(load(&c, 2, a7, err), -1);
    assert_non_null(strstr(err, "not a boolean"));
    nw_config_free(T, N, &c);
}

static void test_positional_and_help(void **state) {
    (void)state;
    cfg c;
    char err[256], *pos[4];
    int npos = 0;
    char *argv[] = {"feed", "a.txt", "--cache-ttl", "5", "b.jsonl", "--", "--odd-name.txt"};
    memset(&c, 0, sizeof(c));
    assert_int_equal(nw_config_load(T, N, &c, 7, argv, pos, 4, &npos, err, sizeof(err)), 0);
    assert_int_equal(npos, 3);
    assert_string_equal(pos[0], "a.txt");
    assert_string_equal(pos[1], "b.jsonl");
    assert_string_equal(pos[2], "--odd-name.txt");
    nw_config_free(T, N, &c);

    char *h[] = {"run", "--help"};
    memset(&c, 0, sizeof(c));
    assert_int_equal(nw_config_load(T, N, &c, 2, h, NULL, 0, NULL, err, sizeof(err)), NW_CONFIG_HELP);
    nw_config_free(T, N, &c);

    char *x[] = {"run", "stray"};
    memset(&c, 0, sizeof(c));
    assert_int_equal(nw_config_load(T, N, &c, 2, x, NULL, 0, NULL, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "unexpected argument"));
    nw_config_free(T, N, &c);
}

static void test_help_and_json(void **state) {
    (void)state;
    cfg c;
    char err[256], *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nw_config_help(T, N, f);
    nw_config_markdown(T, N, f);
    fclose(f);
    assert_non_null(strstr(buf, "--cache-ttl integer 0..31536000"));
    assert_non_null(strstr(buf, "env: NWTEST_TTL"));
    assert_non_null(strstr(buf, "| `--source` | `NWTEST_SOURCE` | pull\\|broker | `pull` |"));
    free(buf);

    setenv("NWTEST_PASSWORD", "hunter2", 1);
    char *argv[] = {"run"};
    assert_int_equal(load(&c, 1, argv, err), 0);
    json_t *j = nw_config_json(T, N, &c);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "redis-password")), "***");
    assert_string_equal(json_string_value(json_object_get(j, "source")), "pull");
    assert_int_equal(json_integer_value(json_object_get(j, "cache-ttl")), 86400);
    json_decref(j);
    nw_config_free(T, N, &c);
    unsetenv("NWTEST_PASSWORD");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_defaults, setup),
        cmocka_unit_test_setup(test_env_then_flag_wins, setup),
        cmocka_unit_test_setup(test_bad_values_are_named, setup),
        cmocka_unit_test_setup(test_positional_and_help, setup),
        cmocka_unit_test_setup(test_help_and_json, setup),
    };
    return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
