/* test_log.c -- JSON log lines: fields, level filtering before argument
   evaluation, time format, invalid UTF-8 in ids.  stderr is redirected to a
   pipe for the duration of each test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static int saved_fd = -1, pipe_fd[2];

static void capture_start(void) {
    assert_int_equal(pipe(pipe_fd), 0);
    saved_fd = dup(STDERR_FILENO);
    dup2(pipe_fd[1], STDERR_FILENO);
    close(pipe_fd[1]);
}

/* Returns what was written, malloc'd. */
static char *capture_end(void) {
    static char buf[65536];
    dup2(saved_fd, STDERR_FILENO);
    close(saved_fd);
    ssize_t n = read(pipe_fd[0], buf, sizeof(buf) - 1);
    close(pipe_fd[0]);
    buf[n > 0 ? n : 0] = '\0';
    return strdup(buf);
}

static int evaluated;
static const char *side_effect(void) {
    evaluated++;
    return "x";
}

static void test_line_fields(void **state) {
    (void)state;
    nw_log_init(NW_LOG_INFO, "worker");
    capture_start();
    NW_LOG(NW_LOG_WARN, "redis_down", "art-7", "{s:s,s:i}", "addr", "127.0.0.1:6379", "retry_ms", 200);
    char *out = capture_end();
    size_t n = strlen(out);
    assert_true(n > 0 && out[n - 1] == '\n');
    assert_ptr_equal(strchr(out, '\n'), out + n - 1); /* exactly one line */
    json_error_t e;
    json_t *o = json_loads(out, 0, &e);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "level")), "warn");
    assert_string_equal(json_string_value(json_object_get(o, "event")), "redis_down");
    assert_string_equal(json_string_value(json_object_get(o, "article_id")), "art-7");
    assert_string_equal(json_string_value(json_object_get(o, "proc")), "worker");
    assert_string_equal(json_string_value(json_object_get(o, "addr")), "127.0.0.1:6379");
    assert_int_equal(json_integer_value(json_object_get(o, "retry_ms")), 200);
    const char *t = json_string_value(json_object_get(o, "time"));
    assert_non_null(t);
    assert_int_equal(strlen(t), 24); /* 2026-11-27T23:40:01.123Z */
    assert_int_equal(t[10], 'T');
    assert_int_equal(t[19], '.');
    assert_int_equal(t[23], 'Z');
    json_decref(o);
    free(out);
}

static void test_level_checked_first(void **state) {
    (void)state;
    nw_log_init(NW_LOG_WARN, NULL);
    evaluated = 0;
    capture_start();
    NW_LOG(NW_LOG_DEBUG, "noise", NULL, "{s:s}", "v", side_effect());
    NW_LOG(NW_LOG_INFO, "noise", NULL, "{s:s}", "v", side_effect());
    NW_LOG(NW_LOG_ERROR, "kept", NULL, "{s:s}", "v", side_effect());
    char *out = capture_end();
    assert_int_equal(evaluated, 1);
    assert_null(strstr(out, "noise"));
    assert_non_null(strstr(out, "\"event\":\"kept\""));
    assert_null(strstr(out, "\"proc\""));
    free(out);
}

static void test_bad_input_still_one_line(void **state) {
    (void)state;
    nw_log_init(NW_LOG_DEBUG, "worker");
    capture_start();
    NW_LOG(NW_LOG_INFO, "odd", "bad\xff id", NULL);
    NW_LOG(NW_LOG_INFO, "badfmt", NULL, "[i]", 1); /* not an object */
    char *out = capture_end();
    char *nl = strchr(out, '\n');
    assert_non_null(nl);
    *nl = '\0';
    json_t *a = json_loads(out, 0, NULL), *b = json_loads(nl + 1, 0, NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(json_string_value(json_object_get(a, "article_id")), "<invalid utf-8>");
    assert_non_null(json_object_get(b, "log_error"));
    json_decref(a);
    json_decref(b);
    free(out);
}

static void test_level_names(void **state) {
    (void)state;
    assert_int_equal(nw_log_level_parse("debug"), NW_LOG_DEBUG);
    assert_int_equal(nw_log_level_parse("warning"), NW_LOG_WARN);
    assert_int_equal(nw_log_level_parse("loud"), -1);
    assert_string_equal(nw_log_level_name(NW_LOG_ERROR), "error");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_fields),
        cmocka_unit_test(test_level_checked_first),
        cmocka_unit_test(test_bad_input_still_one_line),
        cmocka_unit_test(test_level_names),
    };
    return cmocka_run_group_tests_name("log", tests, NULL, NULL);
}
