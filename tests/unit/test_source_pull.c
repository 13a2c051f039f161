/* test_source_pull.c -- the at-most-once PULL source on real sockets: over
   inproc (bind side the source, PUSH peer connects) and over ipc (the
   source connects to a bound PUSH): next() returns each job in order with
   attempt 1 and an empty lease, times out with 0 when nothing comes, a
   multi-frame message yields its last frame, an empty message is a job of
   length 0; ack / reject / release are harmless no-ops; destroy NULLs the
   handle and accepts NULL; a bad endpoint fails with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "source.h"

static void *push_socket(void *ctx) {
    void *s = zmq_socket(ctx, ZMQ_PUSH);
    int linger = 0;
    assert_non_null(s);
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof(linger));
    return s;
}

static long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void exchange(nw_source *s, void *push) {
    static const char *bodies[] = {"first article: the council met", "second article",
                                   "third: a longer body about a strike at the port"};
    nw_job job;
    for (int i = 0; i < 3; i++)
        assert_int_equal(zmq_send(push, bodies[i], strlen(bodies[i]), 0),
                         (int)strlen(bodies[i]));
    for (int i = 0; i < 3; i++) {
        assert_int_equal(s->ops->next(s, &job, 2000), 1);
        assert_int_equal(job.len, strlen(bodies[i]));
        assert_memory_equal(job.data, bodies[i], job.len);
        assert_int_equal(job.attempt, 1);
        assert_string_equal(job.lease, "");
        assert_int_equal(s->ops->ack(s, &job), 0);
        assert_int_equal(s->ops->reject(s, &job, 3, "bad article"), 0);
        assert_int_equal(s->ops->release(s, &job), 0);
        nw_job_clear(&job);
        assert_null(job.data);
        assert_int_equal(job.len, 0);
    }
    /* nothing more: timeout gives 0 after about the timeout */
    long t0 = now_ms();
    assert_int_equal(s->ops->next(s, &job, 100), 0);
    assert_true(now_ms() - t0 >= 80);
    assert_null(job.data);
    nw_job_clear(&job);

    /* a two-frame message: the last frame is the article */
    assert_int_equal(zmq_send(push, "topic", 5, ZMQ_SNDMORE), 5);
    assert_int_equal(zmq_send(push, "payload", 7, 0), 7);
    assert_int_equal(s->ops->next(s, &job, 2000), 1);
    assert_int_equal(job.len, 7);
    assert_memory_equal(job.data, "payload", 7);
    nw_job_clear(&job);

    /* an empty message is a job of length 0 */
    assert_int_equal(zmq_send(push, "", 0, 0), 0);
    assert_int_equal(s->ops->next(s, &job, 2000), 1);
    assert_int_equal(job.len, 0);
    nw_job_clear(&job);
}

static void test_inproc_bind(void **state) {
    void *ctx = zmq_ctx_new();
    char err[256] = "";
    (void)state;
    nw_source_opts o = {.endpoint = "@inproc://nw-test-pull", .max_msg = 1 << 16};
    nw_source *s = nw_source_pull_new(ctx, &o, err, sizeof(err));
    assert_non_null(s);
    void *push = push_socket(ctx);
    assert_int_equal(zmq_connect(push, "inproc://nw-test-pull"), 0);
    exchange(s, push);
    zmq_close(push);
    s->ops->destroy(&s);
    assert_null(s);
    zmq_ctx_term(ctx);
}

static void test_ipc_connect(void **state) {
    void *ctx = zmq_ctx_new();
    char err[256] = "", ep[128], conn[130];
    (void)state;
    snprintf(ep, sizeof(ep), "ipc:///tmp/nw-test-pull-%ld.sock", (long)getpid());
    void *push = push_socket(ctx);
    assert_int_equal(zmq_bind(push, ep), 0);
    snprintf(conn, sizeof(conn), ">%s", ep);
    nw_source_opts o = {.endpoint = conn, .max_msg = 1 << 16};
    nw_source *s = nw_source_pull_new(ctx, &o, err, sizeof(err));
    assert_non_null(s);
    exchange(s, push);
    s->ops->destroy(&s);
    assert_null(s);
    zmq_close(push);
    unlink(ep + strlen("ipc://"));
    zmq_ctx_term(ctx);
}

static void test_errors(void **state) {
    void *ctx = zmq_ctx_new();
    char err[256] = "";
    nw_source *s = NULL;
    (void)state;
    nw_source_opts o = {.endpoint = "@nosuchtransport://x"};
    assert_null(nw_source_pull_new(ctx, &o, err, sizeof(err)));
    assert_true(strlen(err) > 0);
    /* destroy through the ops of a live source, then on NULL */
    nw_source_opts ok = {.endpoint = "@inproc://nw-test-pull-2"};
    s = nw_source_pull_new(ctx, &ok, err, sizeof(err));
    assert_non_null(s);
    const nw_source_ops *ops = s->ops;
    ops->destroy(&s);
    assert_null(s);
    ops->destroy(&s);
    ops->destroy(NULL);
    nw_job_clear(NULL);
    zmq_ctx_term(ctx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inproc_bind),
        cmocka_unit_test(test_ipc_connect),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
