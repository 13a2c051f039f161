/* test_broker_proto.c -- NWB1 command words, strict numbers, leases, and the
   multipart helpers over a real inproc socket pair. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <zmq.h>

#include "broker_proto.h"

static void test_cmd_words(void **state) {
    (void)state;
    for (int c = NW_BP_SUBMIT; c <= NW_BP_RESET; c++) {
        const char *n = nw_bp_cmd_name((nw_bp_cmd)c);
        assert_int_equal(nw_bp_cmd_parse(n, strlen(n)), c);
    }
    assert_int_equal(nw_bp_cmd_parse("ack", 3), NW_BP_UNKNOWN);      /* case matters */
    assert_int_equal(nw_bp_cmd_parse("ACKX", 4), NW_BP_UNKNOWN);
    assert_int_equal(nw_bp_cmd_parse("ACK", 2), NW_BP_UNKNOWN);      /* "AC" */
    assert_int_equal(nw_bp_cmd_parse(NULL, 0), NW_BP_UNKNOWN);
    assert_string_equal(nw_bp_cmd_name(NW_BP_UNKNOWN), "?");
    assert_true(nw_bp_version_ok("NWB1", 4));
    assert_false(nw_bp_version_ok("NWB2", 4));
    assert_false(nw_bp_version_ok("NWB", 3));
}

static void test_numbers(void **state) {
    uint32_t v = 7;
    (void)state;
    assert_int_equal(nw_bp_parse_u32("42", 2, 1000, &v), 0);
    assert_int_equal(v, 42);
    assert_int_equal(nw_bp_parse_u32("1000", 4, 1000, &v), 0);
    assert_int_equal(nw_bp_parse_u32("1001", 4, 1000, &v), -1);
    assert_int_equal(nw_bp_parse_u32("-1", 2, 1000, &v), -1);
    assert_int_equal(nw_bp_parse_u32(" 1", 2, 1000, &v), -1);
    assert_int_equal(nw_bp_parse_u32("", 0, 1000, &v), -1);
    assert_int_equal(nw_bp_parse_u32("99999999999", 11, UINT32_MAX, &v), -1);
    assert_int_equal(nw_bp_parse_u32("4294967295", 10, UINT32_MAX, &v), 0);
    assert_int_equal(v, UINT32_MAX);
}

static void test_leases(void **state) {
    char buf[NW_BP_LEASE_MAX];
    uint64_t e, q;
    size_t n;
    (void)state;
    n = nw_bp_lease_format(0xabc123ULL, 77, buf, sizeof(buf));
    assert_string_equal(buf, "abc123.77");
    assert_int_equal(n, strlen(buf));
    assert_int_equal(nw_bp_lease_parse(buf, n, &e, &q), 0);
    assert_true(e == 0xabc123ULL && q == 77);
    n = nw_bp_lease_format(0xffffffffffffULL, UINT64_MAX, buf, sizeof(buf));
    assert_int_equal(nw_bp_lease_parse(buf, n, &e, &q), 0);
    assert_true(q == UINT64_MAX);
    assert_int_equal(nw_bp_lease_parse("abc", 3, &e, &q), -1);
    assert_int_equal(nw_bp_lease_parse(".5", 2, &e, &q), -1);
    assert_int_equal(nw_bp_lease_parse("a.", 2, &e, &q), -1);
    assert_int_equal(nw_bp_lease_parse("A.5", 3, &e, &q), -1);   /* lower-case hex only */
    assert_int_equal(nw_bp_lease_parse("a.5x", 4, &e, &q), -1);
    assert_int_equal(nw_bp_lease_parse("11111111111111111.1", 19, &e, &q), -1);
}

static void test_multipart(void **state) {
    void *ctx = zmq_ctx_new(), *a = zmq_socket(ctx, ZMQ_PAIR), *b = zmq_socket(ctx, ZMQ_PAIR);
    const void *parts[3] = {"NWB1", "JOB", "payload bytes"};
    size_t lens[3] = {4, 3, 13};
    nw_bp_msg m;
    (void)state;
    assert_int_equal(zmq_bind(a, "inproc://bp"), 0);
    assert_int_equal(zmq_connect(b, "inproc://bp"), 0);
    assert_int_equal(nw_bp_send(a, 3, parts, lens, 0), 0);
    assert_int_equal(nw_bp_recv(b, &m, 0), 3);
    assert_true(nw_bp_eq(&m, 0, "NWB1"));
    assert_true(nw_bp_eq(&m, 1, "JOB"));
    assert_int_equal(nw_bp_size(&m, 2), 13);
    assert_memory_equal(nw_bp_data(&m, 2), "payload bytes", 13);
    assert_null(nw_bp_data(&m, 3));
    nw_bp_msg_close(&m);
    /* more frames than kept: the extras are read and dropped */
    for (int i = 0; i < NW_BP_MAX_FRAMES + 3; i++)
        zmq_send(a, "x", 1, i + 1 < NW_BP_MAX_FRAMES + 3 ? ZMQ_SNDMORE : 0);
    zmq_send(a, "next", 4, 0);
    assert_int_equal(nw_bp_recv(b, &m, 0), NW_BP_MAX_FRAMES);
    assert_int_equal(m.dropped, 3);
    nw_bp_msg_close(&m);
    assert_int_equal(nw_bp_recv(b, &m, 0), 1);   /* stream stays aligned */
    assert_true(nw_bp_eq(&m, 0, "next"));
    nw_bp_msg_close(&m);
    assert_int_equal(nw_bp_recv(b, &m, ZMQ_DONTWAIT), -1);
    zmq_close(a);
    zmq_close(b);
    zmq_ctx_term(ctx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cmd_words),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_leases),
        cmocka_unit_test(test_multipart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
