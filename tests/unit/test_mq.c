/* test_mq.c -- socket helpers and the PULL job source over inproc:// and
   ipc:// sockets: bind/connect syntax, topic framing, oversized messages
   dropped by ZMQ_MAXMSGSIZE, timeouts, and errors that name the endpoint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "mq.h"
#include "source.h"

static void test_pub_sub_topic(void **state) {
    (void)state;
    void *ctx = zmq_ctx_new();
    char err[256], head[32];
    nw_mq_opts o = {.linger_ms = 0, .sndhwm = 100};
    void *pub = nw_mq_socket(ctx, ZMQ_PUB, "@inproc://results", &o, err, sizeof(err));
    assert_non_null(pub);
    void *sub = nw_mq_socket(ctx, ZMQ_SUB, ">inproc://results", &o, err, sizeof(err));
    assert_non_null(sub);
    zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "extraction", 10);
    unsigned char *body = NULL;
    size_t len = 0;
    int got = 0;
    /* subscriptions propagate asynchronously: publish until one arrives */
    for (int i = 0; i < 100 && !got; i++) {
        assert_int_equal(nw_mq_send_topic(pub, "deadletter", "nope", 4, 0), 0);
        assert_int_equal(nw_mq_send_topic(pub, "extraction", "payload", 7, 0), 0);
        got = nw_mq_recv(sub, head, sizeof(head), &body, &len, 20);
    }
    assert_int_equal(got, 1);
    assert_string_equal(head, "extraction");
    assert_int_equal(len, 7);
    assert_memory_equal(body, "payload", 7);
    free(body);
    nw_mq_close(&pub);
    nw_mq_close(&sub);
    assert_null(pub);
    zmq_ctx_term(ctx);
}

static void test_bad_endpoints(void **state) {
    (void)state;
    void *ctx = zmq_ctx_new();
    char err[256];
    nw_mq_opts o = {.linger_ms = 0};
    assert_null(nw_mq_socket(ctx, ZMQ_PULL, "@nonsense://x", &o, err, sizeof(err)));
    assert_non_null(strstr(err, "bind nonsense://x"));
    assert_null(nw_mq_socket(ctx, ZMQ_PULL, "", &o, err, sizeof(err)));
    assert_non_null(strstr(err, "no endpoint"));
    void *a = nw_mq_socket(ctx, ZMQ_PULL, "@inproc://dup", &o, err, sizeof(err));
    assert_non_null(a);
    assert_null(nw_mq_socket(ctx, ZMQ_PULL, "@inproc://dup", &o, err, sizeof(err)));
    assert_non_null(strstr(err, "inproc://dup"));
    nw_mq_close(&a);
    zmq_ctx_term(ctx);
}

static void test_pull_source(void **state) {
    (void)state;
    void *ctx = zmq_ctx_new();
    char err[256], ep[128], path[64];
    snprintf(path, sizeof(path), "/tmp/nw-test-mq-%ld", (long)getpid());
    snprintf(ep, sizeof(ep), "@ipc://%s", path);
    nw_source_opts so = {.endpoint = ep, .worker_id = "t", .max_msg = 1024};
    nw_source *src = nw_source_pull_new(ctx, &so, err, sizeof(err));
    assert_non_null(src);
    nw_mq_opts o = {.linger_ms = 1000};
    void *push = nw_mq_socket(ctx, ZMQ_PUSH, ep + 1, &o, err, sizeof(err));
    assert_non_null(push);

    nw_job job;
    assert_int_equal(src->ops->next(src, &job, 10), 0); /* nothing yet: timeout */
    assert_int_equal(zmq_send(push, "first", 5, 0), 5);
    assert_int_equal(src->ops->next(src, &job, 2000), 1);
    assert_int_equal(job.len, 5);
    assert_memory_equal(job.data, "first", 5);
    assert_int_equal(job.attempt, 1);
    assert_int_equal(src->ops->ack(src, &job), 0);
    assert_int_equal(src->ops->reject(src, &job, 3, "empty"), 0);
    nw_job_clear(&job);
    assert_null(job.data);

    /* over ZMQ_MAXMSGSIZE: libzmq drops it and the peer; nothing arrives */
    static char big[4096];
    memset(big, 'b', sizeof(big));
    zmq_send(push, big, sizeof(big), 0);
    assert_int_equal(src->ops->next(src, &job, 300), 0);

    nw_mq_close(&push);
    src->ops->destroy(&src);
    assert_null(src);
    zmq_ctx_term(ctx);
    unlink(path);
}

static void test_count_connects(void **state) {
    (void)state;
    assert_int_equal(nw_mq_count_connects("@tcp://0.0.0.0:1,>tcp://b:2, tcp://c:3"), 2);
    assert_int_equal(nw_mq_count_connects("@ipc:///tmp/x"), 0);
    assert_int_equal(nw_mq_count_connects(""), 0);
    assert_int_equal(nw_mq_count_connects(NULL), 0);
    assert_int_equal(nw_mq_count_connects(">,@ipc://y"), 0);
}

/* A PUB that connects to a bound SUB: after nw_mq_wait_connected the
   first message is delivered (not dropped as before the handshake). */
static void test_wait_connected(void **state) {
    (void)state;
    void *ctx = zmq_ctx_new();
    char err[256], ep[128], path[64];
    snprintf(path, sizeof(path), "/tmp/nw-test-mqw-%ld", (long)getpid());
    snprintf(ep, sizeof(ep), "@ipc://%s", path);
    nw_mq_opts o = {.linger_ms = 0};
    void *sub = nw_mq_socket(ctx, ZMQ_SUB, ep, &o, err, sizeof(err));
    assert_non_null(sub);
    zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "extraction", 10);
    void *mon = NULL;
    nw_mq_opts om = {.linger_ms = 0, .monitor = &mon};
    void *pub = nw_mq_socket(ctx, ZMQ_PUB, ep + 1, &om, err, sizeof(err));
    assert_non_null(pub);
    assert_non_null(mon);
    assert_int_equal(nw_mq_wait_connected(pub, &mon, 1, 5000), 1);
    assert_null(mon);
    /* a real subscriber polls all the time (so it attaches the connection
       and sends its subscription as soon as its side of the handshake is
       done); do that here for 300 ms, then let the PUB process the
       subscription */
    char head[32];
    unsigned char *body = NULL;
    size_t len = 0;
    for (int i = 0; i < 30; i++)
        assert_int_equal(nw_mq_recv(sub, head, sizeof(head), &body, &len, 10), 0);
    int ev;
    size_t evl = sizeof(ev);
    zmq_getsockopt(pub, ZMQ_EVENTS, &ev, &evl);
    assert_int_equal(nw_mq_send_topic(pub, "extraction", "r1", 2, 0), 0);
    assert_int_equal(nw_mq_recv(sub, head, sizeof(head), &body, &len, 2000), 1);
    assert_string_equal(head, "extraction");
    assert_int_equal(len, 2);
    free(body);
    nw_mq_close(&pub);
    /* nobody there: bounded, 0 handshakes */
    char nobody[128];
    snprintf(nobody, sizeof(nobody), ">ipc://%s-nobody", path);
    pub = nw_mq_socket(ctx, ZMQ_PUB, nobody, &om, err, sizeof(err));
    assert_non_null(pub);
    assert_int_equal(nw_mq_wait_connected(pub, &mon, 1, 100), 0);
    assert_null(mon);
    assert_int_equal(nw_mq_wait_connected(pub, &mon, 1, 100), -1);
    nw_mq_close(&pub);
    nw_mq_close(&sub);
    zmq_ctx_term(ctx);
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pub_sub_topic),
        cmocka_unit_test(test_bad_endpoints),
        cmocka_unit_test(test_pull_source),
        cmocka_unit_test(test_count_connects),
        cmocka_unit_test(test_wait_connected),
    };
    return cmocka_run_group_tests_name("mq", tests, NULL, NULL);
}
