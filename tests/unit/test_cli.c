/* test_cli.c -- the subcommands' shared start-up: config loading with
   --help / missing arguments / errors, CURVE client keys, the monotonic
   clock, whole-file and bounded line reading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "clock.h"
#include "cli.h"

typedef struct cfg {
    char *sub;
    long long count;
    char *curve_server_key, *curve_public_key, *curve_secret_key;
} cfg;

#define O(f) offsetof(cfg, f)
static const nw_config_entry T[] = {
    {"sub", NULL, NW_CFG_STR, O(sub), "@tcp://127.0.0.1:5558", 0, 64, NULL, "endpoint", 0},
    {"count", NULL, NW_CFG_INT, O(count), "0", 0, 100, NULL, "how many", 0},
    {"curve-server-key", NULL, NW_CFG_STR, O(curve_server_key), "", 0, 4096, NULL, "srv", 0},
    NW_CLI_CURVE_CLIENT_KEY_ENTRIES(O),
};
#define N (sizeof(T) / sizeof(T[0]))

static int usage_calls;
static void usage(FILE *f) {
    (void)f;
    usage_calls++;
}

static void test_config_go_on(void **state) {
    (void)state;
    cfg c;
    char *argv[] = {"tail", "--count", "7", NULL};
    memset(&c, 0, sizeof(c));
    usage_calls = 0;
    assert_int_equal(nw_cli_config("tail", T, N, &c, 3, argv, NULL, 0, NULL, usage), NW_CLI_GO_ON);
    assert_int_equal(c.count, 7);
    assert_string_equal(c.sub, "@tcp://127.0.0.1:5558");
    assert_int_equal(usage_calls, 0);
    nw_config_free(T, N, &c);
}

static void test_config_help_and_errors(void **state) {
    (void)state;
    cfg c;
    char *help[] = {"tail", "--help", NULL};
    char *bad[] = {"tail", "--count", "1000", NULL};
    char *nofile[] = {"feed", "--count", "2", NULL};
    char *pos[4];
    int npos = 0;
    usage_calls = 0;
    memset(&c, 0, sizeof(c));
    assert_int_equal(nw_cli_config("tail", T, N, &c, 2, help, NULL, 0, NULL, usage), 0);
    assert_int_equal(usage_calls, 1);
    assert_null(c.sub); /* freed */
    memset(&c, 0, sizeof(c));
    assert_int_equal(nw_cli_config("tail", T, N, &c, 3, bad, NULL, 0, NULL, usage), 2);
    assert_int_equal(usage_calls, 1); /* an error prints a message, not the usage */
    memset(&c, 0, sizeof(c));
    assert_int_equal(nw_cli_config("feed", T, N, &c, 3, nofile, pos, 4, &npos, usage), 2);
    assert_int_equal(usage_calls, 2); /* positional arguments wanted, none given */
    assert_null(c.sub);
}

static void test_curve_client(void **state) {
    (void)state;
    nw_cli_curve ck;
    nw_mq_opts mo;
    memset(&mo, 0, sizeof(mo));
    assert_int_equal(nw_cli_curve_client("tail", "", "", "", &ck), 0);
    assert_int_equal(ck.on, 0);
    nw_cli_curve_opts(&ck, &mo);
    assert_null(mo.curve_server_key);
    assert_null(mo.curve_secret_key);
    /* the server's key without this side's secret key is half a setup */
    assert_int_equal(
        nw_cli_curve_client("tail", "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7", "", "", &ck), -1);
    assert_int_equal(ck.on, 0);
}

static void test_mono_ms(void **state) {
    (void)state;
    int64_t a = nw_clock_mono_ms();
    usleep(20000);
    int64_t b = nw_clock_mono_ms();
    assert_true(b - a >= 15);
    assert_true(b - a < 5000);
}

static void test_read_file(void **state) {
    (void)state;
    char path[] = "/tmp/nwtest_cli_XXXXXX", *buf = NULL;
    size_t len = 0;
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *s = "The harbour board met on Monday and approved the new ferry timetable.\n";
    assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
    close(fd);
    assert_int_equal(nw_cli_read_file(path, 1 << 20, &buf, &len), 0);
    assert_int_equal(len, strlen(s));
    assert_string_equal(buf, s);
    free(buf);
    /* the limit */
    buf = NULL;
    errno = 0;
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    for (int i = 0; i < 3000; i++) /* about 210 KB */
        assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
    close(fd);
    assert_int_equal(nw_cli_read_file(path, 65536, &buf, &len), -1);
    assert_int_equal(errno, EFBIG);
    assert_null(buf);
    /* empty file: an empty string */
    fd = open(path, O_WRONLY | O_TRUNC);
    close(fd);
    assert_int_equal(nw_cli_read_file(path, 65536, &buf, &len), 0);
    assert_int_equal(len, 0);
    assert_string_equal(buf, "");
    free(buf);
    unlink(path);
    buf = NULL;
    assert_int_equal(nw_cli_read_file("/nonexistent/nw/file.txt", 65536, &buf, &len), -1);
    assert_int_equal(errno, ENOENT);
}

/* nw_cli_read_line: one line at a time, never more than max bytes held */
static void test_read_line(void **state) {
    (void)state;
    char path[] = "/tmp/nwtest_cli_XXXXXX", *buf = NULL;
    size_t cap = 0, len = 0;
    int too_long = 0;
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    /* a short line, a CRLF line, an empty line, a line of 40 bytes (over
       the 32-byte limit), a line with a NUL byte, a last line with no '\n' */
    static const char s[] = "The board met.\nIt voted.\r\n\n"
                            "0123456789012345678901234567890123456789\n"
                            "a\0b\nlast";
    assert_int_equal(write(fd, s, sizeof(s) - 1), (ssize_t)(sizeof(s) - 1));
    close(fd);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(nw_cli_read_line(fp, 32, &buf, &cap, &len, &too_long), 1);
    assert_int_equal(len, 14);
    assert_string_equal(buf, "The board met.");
    assert_int_equal(too_long, 0);
    assert_int_equal(nw_cli_read_line(fp, 32, &buf, &cap, &len, &too_long), 1);
    assert_string_equal(buf, "It voted.\r"); /* '\r' is the caller's */
    assert_int_equal(nw_cli_read_line(fp, 32, &buf, &cap, &len, &too_long), 1);
    assert_int_equal(len, 0);
    assert_string_equal(buf, "");
    assert_int_equal(nw_cli_read_line(fp, 32, &buf, &cap, &len, &too_long), 1);
    assert_int_equal(too_long, 1); /* consumed to its end, not kept */
    assert_true(cap <= 32 + 1);
    assert_int_equal(nw_cli_read_line(fp, 32, &buf, &cap, &len, &too_long), 1);
    assert_int_equal(too_long, 0);
    assert_int_equal(len, 3);
    assert_memory_equal(buf, "a\0b", 3);
    assert_int_equal(nw_cli_read_line(fp, 32, &buf, &cap, &len, &too_long), 1);
    assert_string_equal(buf, "last");
    assert_int_equal(nw_cli_read_line(fp, 32, &buf, &cap, &len, &too_long), 0);
    assert_int_equal(nw_cli_read_line(fp, 32, &buf, &cap, &len, &too_long), 0);
    fclose(fp);
    /* a line of exactly max bytes is kept whole */
    fp = fopen(path, "w+b");
    assert_non_null(fp);
    fputs("01234567890123456789012345678901\nx", fp);
    rewind(fp);
    assert_int_equal(nw_cli_read_line(fp, 32, &buf, &cap, &len, &too_long), 1);
    assert_int_equal(too_long, 0);
    assert_int_equal(len, 32);
    assert_int_equal(nw_cli_read_line(fp, 32, &buf, &cap, &len, &too_long), 1);
    assert_string_equal(buf, "x");
    fclose(fp);
    free(buf);
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_go_on),
        cmocka_unit_test(test_config_help_and_errors),
        cmocka_unit_test(test_curve_client),
        cmocka_unit_test(test_mono_ms),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_read_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
