/* test_curve.c -- key loading (text, @FILE with comments), allow-list
   parsing, and the ZAP handler letting in only allowed clients over real
   CURVE sockets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "curve.h"

static void test_keys(void **state) {
    char pub[41], sec[41], out[41], back[41], err[256], path[64];
    FILE *f;
    (void)state;
    assert_int_equal(nw_curve_keygen(pub, sec), 0);
    assert_int_equal(strlen(pub), 40);
    assert_int_equal(nw_curve_public_of(sec, back), 0);
    assert_string_equal(back, pub);
    assert_int_equal(nw_curve_key_load(pub, out, err, sizeof(err)), 0);
    assert_string_equal(out, pub);
    snprintf(path, sizeof(path), "/tmp/nwcurve-%d.key", (int)getpid());
    f = fopen(path, "w");
    fprintf(f, "# newsworker CURVE secret key (Z85)\n%s\n", sec);
    fclose(f);
    char arg[80];
    snprintf(arg, sizeof(arg), "@%s", path);
    assert_int_equal(nw_curve_key_load(arg, out, err, sizeof(err)), 0);
    assert_string_equal(out, sec);
    unlink(path);
    assert_int_equal(nw_curve_key_load(arg, out, err, sizeof(err)), -1);
    assert_int_equal(nw_curve_key_load("too-short", out, err, sizeof(err)), -1);
    assert_int_equal(nw_curve_key_load("", out, err, sizeof(err)), -1);
}

static void test_allow_parse(void **state) {
    char p1[41], s1[41], p2[41], s2[41], spec[200], err[256];
    unsigned char (*keys)[32] = NULL;
    size_t n = 0;
    (void)state;
    nw_curve_keygen(p1, s1);
    nw_curve_keygen(p2, s2);
    snprintf(spec, sizeof(spec), "%s, %s", p1, p2);
    assert_int_equal(nw_curve_allow_parse(spec, &keys, &n, err, sizeof(err)), 0);
    assert_int_equal(n, 2);
    free(keys);
    snprintf(spec, sizeof(spec), "# ops team\n%s\n\n# build bot\n%s\n", p1, p2);
    assert_int_equal(nw_curve_allow_parse(spec, &keys, &n, err, sizeof(err)), 0);
    assert_int_equal(n, 2);
    free(keys);
    assert_int_equal(nw_curve_allow_parse("", &keys, &n, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "empty"));
    assert_int_equal(nw_curve_allow_parse("not-a-key", &keys, &n, err, sizeof(err)), -1);
    assert_null(keys);
}

static void test_zap(void **state) {
    char spub[41], ssec[41], gpub[41], gsec[41], bpub[41], bsec[41], err[256];
    void *ctx = zmq_ctx_new(), *srv;
    nw_zap *z;
    int linger = 0;
    (void)state;
    nw_curve_keygen(spub, ssec);
    nw_curve_keygen(gpub, gsec);
    nw_curve_keygen(bpub, bsec);
    z = nw_zap_start(ctx, gpub, err, sizeof(err));
    assert_non_null(z);
    assert_int_equal(nw_zap_allowed_keys(z), 1);
    srv = zmq_socket(ctx, ZMQ_ROUTER);
    zmq_setsockopt(srv, ZMQ_LINGER, &linger, sizeof(linger));
    assert_int_equal(nw_curve_server(srv, ssec), 0);
    assert_int_equal(zmq_bind(srv, "tcp://127.0.0.1:47391"), 0);
    /* echo server in this thread: poll both while each client waits */
    void *cctx = zmq_ctx_new();
    void *good = zmq_socket(cctx, ZMQ_DEALER), *bad = zmq_socket(cctx, ZMQ_DEALER);
    zmq_setsockopt(good, ZMQ_LINGER, &linger, sizeof(linger));
    zmq_setsockopt(bad, ZMQ_LINGER, &linger, sizeof(linger));
    nw_curve_client(good, spub, gpub, gsec);
    nw_curve_client(bad, spub, bpub, bsec);
    zmq_connect(good, "tcp://127.0.0.1:47391");
    zmq_connect(bad, "tcp://127.0.0.1:47391");
    zmq_send(good, "good", 4, 0);
    zmq_send(bad, "evil", 4, ZMQ_DONTWAIT);
    int seen_good = 0, seen_bad = 0;
    for (int i = 0; i < 20; i++) {   /* up to 2 s */
        zmq_pollitem_t it = {srv, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&it, 1, 100) == 1) {
            char id[256], body[16];
            int idl = zmq_recv(srv, id, sizeof(id), 0);
            int bl = zmq_recv(srv, body, sizeof(body), 0);
            (void)idl;
            if (bl == 4 && !memcmp(body, "good", 4))
                seen_good = 1;
            if (bl == 4 && !memcmp(body, "evil", 4))
                seen_bad = 1;
        }
        if (seen_good && nw_zap_denied(z) > 0)
            break;
    }
    assert_true(seen_good);
    assert_false(seen_bad);
    assert_true(nw_zap_denied(z) >= 1);
    zmq_close(good);
    zmq_close(bad);
    zmq_ctx_term(cctx);
    zmq_close(srv);
    nw_zap_stop(&z);
    assert_null(z);
    zmq_ctx_term(ctx);
}

/* The key pair of a worker / tail / feed: public key derived or checked;
   client settings all-or-nothing. */
static void test_pair_and_client_load(void **state) {
    (void)state;
    char pub[NW_CURVE_KEYLEN + 1], sec[NW_CURVE_KEYLEN + 1], p2[NW_CURVE_KEYLEN + 1],
        s2[NW_CURVE_KEYLEN + 1], srv[NW_CURVE_KEYLEN + 1], err[256];
    char opub[NW_CURVE_KEYLEN + 1], osec[NW_CURVE_KEYLEN + 1];
    if (nw_curve_keygen(pub, sec) || nw_curve_keygen(opub, osec))
        skip();
    assert_int_equal(nw_curve_pair_load("", sec, p2, s2, err, sizeof(err)), 0);
    assert_string_equal(p2, pub); /* derived */
    assert_string_equal(s2, sec);
    assert_int_equal(nw_curve_pair_load(pub, sec, p2, s2, err, sizeof(err)), 0);
    assert_int_equal(nw_curve_pair_load(opub, sec, p2, s2, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "does not belong"));
    assert_int_equal(nw_curve_pair_load(NULL, "short", p2, s2, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "secret key"));

    assert_int_equal(nw_curve_client_load("", "", "", srv, p2, s2, err, sizeof(err)), 0);
    assert_int_equal(nw_curve_client_load(NULL, NULL, NULL, srv, p2, s2, err, sizeof(err)), 0);
    assert_int_equal(nw_curve_client_load(opub, NULL, sec, srv, p2, s2, err, sizeof(err)), 1);
    assert_string_equal(srv, opub);
    assert_string_equal(p2, pub);
    assert_int_equal(nw_curve_client_load(opub, NULL, NULL, srv, p2, s2, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "--curve-secret-key"));
    assert_int_equal(nw_curve_client_load(NULL, NULL, sec, srv, p2, s2, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "--curve-server-key"));
    assert_int_equal(nw_curve_client_load("not-a-key", NULL, sec, srv, p2, s2, err,
                                          sizeof(err)), -1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_allow_parse),
        cmocka_unit_test(test_zap),
        cmocka_unit_test(test_pair_and_client_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
