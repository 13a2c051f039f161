/* test_source_broker.c -- the worker's broker source against a scripted
   ROUTER standing in for the broker: READY with credit, JOB through next(),
   ACK / REJECT frames, heartbeats that keep coming while the worker thread
   is busy (the agent thread), RESET answered with READY, and destroy()
   handing back a JOB that was never taken, then DISCONNECT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "broker_proto.h"
#include "source.h"

#define EP "tcp://127.0.0.1:47517"

/* Next message from the fake broker's ROUTER that is not a HEARTBEAT,
   within ms; returns frames kept (0 on timeout); counts heartbeats. */
static int next_msg(void *r, nw_bp_msg *m, int ms, int *beats) {
    for (int waited = 0; waited < ms; waited += 10) {
        zmq_pollitem_t it = {r, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&it, 1, 10) == 1 && nw_bp_recv(r, m, 0) > 0) {
            if (nw_bp_eq(m, 2, "HEARTBEAT")) {
                if (beats)
                    (*beats)++;
                nw_bp_msg_close(m);
                continue;
            }
            return m->n;
        }
    }
    return 0;
}

static void send_job(void *r, const nw_bp_msg *from, const char *lease, const char *body) {
    const void *p[6] = {nw_bp_data(from, 0), "NWB1", "JOB", lease, "1", body};
    size_t l[6] = {nw_bp_size(from, 0), 4, 3, strlen(lease), 1, strlen(body)};
    assert_int_equal(nw_bp_send(r, 6, p, l, 0), 0);
}

static void test_protocol(void **state) {
    void *ctx = zmq_ctx_new(), *r = zmq_socket(ctx, ZMQ_ROUTER);
    char err[256];
    int linger = 0, beats = 0;
    nw_bp_msg m, ready;
    nw_job job;
    (void)state;
    zmq_setsockopt(r, ZMQ_LINGER, &linger, sizeof(linger));
    assert_int_equal(zmq_bind(r, EP), 0);
    nw_source_opts o = {.endpoint = ">" EP, .worker_id = "unit-worker", .credit = 2,
                        .heartbeat_ms = 50, .heartbeat_liveness = 20, .max_msg = 1 << 20};
    nw_source *s = nw_source_broker_new(ctx, &o, err, sizeof(err));
    assert_non_null(s);

    /* READY(credit, name) */
    assert_int_equal(next_msg(r, &ready, 2000, &beats), 5);
    assert_true(nw_bp_eq(&ready, 1, "NWB1") && nw_bp_eq(&ready, 2, "READY"));
    assert_true(nw_bp_eq(&ready, 3, "2") && nw_bp_eq(&ready, 4, "unit-worker"));

    /* a JOB comes out of next() with its lease and attempt */
    send_job(r, &ready, "e1.1", "The ferry service resumed on Monday, the council said.");
    int got = 0;
    for (int i = 0; i < 20 && !got; i++)
        got = s->ops->next(s, &job, 100);
    assert_int_equal(got, 1);
    assert_string_equal(job.lease, "e1.1");
    assert_int_equal(job.attempt, 1);
    assert_int_equal(job.len, strlen("The ferry service resumed on Monday, the council said."));

    /* the worker thread is busy for 400 ms: heartbeats keep coming */
    beats = 0;
    struct timespec busy = {0, 400 * 1000000L};
    nanosleep(&busy, NULL);
    assert_int_equal(s->ops->ack(s, &job), 0);
    assert_int_equal(next_msg(r, &m, 1000, &beats), 4);
    assert_true(nw_bp_eq(&m, 2, "ACK") && nw_bp_eq(&m, 3, "e1.1"));
    assert_true(beats >= 4);
    nw_bp_msg_close(&m);
    nw_job_clear(&job);

    /* REJECT carries code and reason */
    send_job(r, &ready, "e1.2", "");
    got = 0;
    for (int i = 0; i < 20 && !got; i++)
        got = s->ops->next(s, &job, 100);
    assert_int_equal(got, 1);
    assert_int_equal(s->ops->reject(s, &job, 3, "body is empty"), 0);
    assert_int_equal(next_msg(r, &m, 1000, NULL), 6);
    assert_true(nw_bp_eq(&m, 2, "REJECT") && nw_bp_eq(&m, 3, "e1.2") && nw_bp_eq(&m, 4, "3") &&
                nw_bp_eq(&m, 5, "body is empty"));
    nw_bp_msg_close(&m);
    nw_job_clear(&job);

    /* RESET: the worker announces itself again */
    {
        const void *p[3] = {nw_bp_data(&ready, 0), "NWB1", "RESET"};
        size_t l[3] = {nw_bp_size(&ready, 0), 4, 5};
        nw_bp_send(r, 3, p, l, 0);
    }
    assert_int_equal(next_msg(r, &m, 1000, NULL), 5);
    assert_true(nw_bp_eq(&m, 2, "READY"));
    nw_bp_msg_close(&m);

    /* a JOB never taken by next() is RELEASEd on destroy, then DISCONNECT */
    send_job(r, &ready, "e1.3", "Unstarted article.");
    struct timespec settle = {0, 100 * 1000000L};
    nanosleep(&settle, NULL);
    s->ops->destroy(&s);
    assert_null(s);
    assert_int_equal(next_msg(r, &m, 1000, NULL), 4);
    assert_true(nw_bp_eq(&m, 2, "RELEASE") && nw_bp_eq(&m, 3, "e1.3"));
    nw_bp_msg_close(&m);
    assert_int_equal(next_msg(r, &m, 1000, NULL), 3);
    assert_true(nw_bp_eq(&m, 2, "DISCONNECT"));
    nw_bp_msg_close(&m);

    nw_bp_msg_close(&ready);
    zmq_close(r);
    zmq_ctx_term(ctx);
}

static void test_bad_options(void **state) {
    void *ctx = zmq_ctx_new();
    char err[256];
    (void)state;
    nw_source_opts o = {.endpoint = ">" EP, .curve_server_key = "not-a-key",
                        .curve_public_key = "x", .curve_secret_key = "y"};
    assert_null(nw_source_broker_new(ctx, &o, err, sizeof(err)));
    assert_non_null(strstr(err, "CURVE"));
    nw_source_opts o2 = {.endpoint = ">nonsense://here"};
    assert_null(nw_source_broker_new(ctx, &o2, err, sizeof(err)));
    nw_source_opts o3 = {.endpoint = ""};
    assert_null(nw_source_broker_new(ctx, &o3, err, sizeof(err)));
    zmq_ctx_term(ctx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_protocol),
        cmocka_unit_test(test_bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
