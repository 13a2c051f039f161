/* test_broker.c -- the broker through its API, in this process: a broker on
   ipc endpoints with a temporary journal runs nw_broker_run() in a thread;
   a DEALER producer SUBMITs an Article and gets ACCEPTED, the same id again
   gets DUPLICATE, an undecodable Article without an id and an empty
   one get INVALID; a DEALER worker sends READY, gets
   the JOB (attempt 1, same bytes) and ACKs it; a second JOB it RELEASEs
   comes back to it after a heartbeat interval, not at once; the stats
   count all of it.
   Setting the stop flag ends the run; destroy NULLs the handle.  A broker
   whose journal cannot be opened fails in nw_broker_new with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "broker.h"
#include "broker_proto.h"
#include "log.h"
#include "newsworker/v1/newsworker.pb-c.h"

typedef struct run_arg {
    nw_broker *b;
    volatile sig_atomic_t stop;
    int rc;
} run_arg;

static void *run_broker(void *p) {
    run_arg *a = p;
    a->rc = nw_broker_run(a->b, &a->stop);
    return NULL;
}

/* Next non-HEARTBEAT message within ms; frames kept, 0 on timeout. */
static int next_msg(void *s, nw_bp_msg *m, int ms) {
    for (int waited = 0; waited < ms; waited += 10) {
        zmq_pollitem_t it = {s, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&it, 1, 10) == 1 && nw_bp_recv(s, m, 0) > 0) {
            if (nw_bp_eq(m, 1, "HEARTBEAT")) {
                nw_bp_msg_close(m);
                continue;
            }
            return m->n;
        }
    }
    return 0;
}

static void *dealer(void *ctx, const char *ep) {
    void *s = zmq_socket(ctx, ZMQ_DEALER);
    int linger = 0;
    assert_non_null(s);
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof(linger));
    assert_int_equal(zmq_connect(s, ep), 0);
    return s;
}

static void submit(void *s, const char *id, const void *art, size_t len) {
    const void *p[4] = {"NWB1", "SUBMIT", id, art};
    size_t l[4] = {4, 6, strlen(id), len};
    assert_int_equal(nw_bp_send(s, 4, p, l, 0), 0);
}

static void test_submit_dispatch_ack(void **state) {
    char dir[] = "/tmp/nw_test_broker_XXXXXX", journal[256], sub[256], wrk[256],
         pub[256], err[256] = "", cmd[300];
    nw_bp_msg m;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(journal, sizeof(journal), "%s/broker.journal", dir);
    snprintf(sub, sizeof(sub), "ipc://%s/submit", dir);
    snprintf(wrk, sizeof(wrk), "ipc://%s/workers", dir);
    snprintf(pub, sizeof(pub), "ipc://%s/pub", dir);

    nw_broker_config c;
    nw_broker_config_defaults(&c);
    c.submit_endpoint = sub;
    c.workers_endpoint = wrk;
    c.pull_endpoint = "";
    c.pub_endpoint = pub;
    c.journal_path = journal;
    c.redis_addr = NULL;
    c.stats_ms = 0;
    c.worker_warmup_ms = 0;
    c.heartbeat_ms = 100;
    c.liveness = 20;
    c.capacity = 16;

    run_arg ra = {0};
    ra.b = nw_broker_new(&c, err, sizeof(err));
    if (!ra.b)
        fprintf(stderr, "broker: %s\n", err);
    assert_non_null(ra.b);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, run_broker, &ra), 0);

    void *ctx = zmq_ctx_new();
    void *prod = dealer(ctx, sub);

    Newsworker__V1__Article a = NEWSWORKER__V1__ARTICLE__INIT;
    a.id = "harbour-2026-11-27";
    a.title = "Council approves harbour repairs";
    a.body = "The city council voted on Monday to repair the old harbour wall.";
    size_t alen = newsworker__v1__article__get_packed_size(&a);
    unsigned char *abuf = malloc(alen);
    assert_non_null(abuf);
    newsworker__v1__article__pack(&a, abuf);

    submit(prod, "harbour-2026-11-27", abuf, alen);
    assert_true(next_msg(prod, &m, 3000) >= 3);
    assert_true(nw_bp_eq(&m, 0, "NWB1"));
    assert_true(nw_bp_eq(&m, 1, "ACCEPTED"));
    assert_true(nw_bp_eq(&m, 2, "harbour-2026-11-27"));
    nw_bp_msg_close(&m);

    /* the same id again: DUPLICATE */
    submit(prod, "harbour-2026-11-27", abuf, alen);
    assert_true(next_msg(prod, &m, 3000) >= 3);
    assert_true(nw_bp_eq(&m, 1, "DUPLICATE"));
    nw_bp_msg_close(&m);

    /* no id and bytes that are not an Article: INVALID, with the reason
       the protocol promises ([NWB1, INVALID, id, why]) */
    submit(prod, "", "\xff\xff\xff\xff not protobuf", 17);
    assert_true(next_msg(prod, &m, 3000) >= 4);
    assert_true(nw_bp_eq(&m, 1, "INVALID"));
    assert_true(nw_bp_eq(&m, 3, "not an Article with an id"));
    nw_bp_msg_close(&m);
    /* an empty Article: INVALID, naming the id and why */
    submit(prod, "empty-1", "", 0);
    assert_true(next_msg(prod, &m, 3000) >= 4);
    assert_true(nw_bp_eq(&m, 1, "INVALID"));
    assert_true(nw_bp_eq(&m, 2, "empty-1"));
    assert_true(nw_bp_eq(&m, 3, "empty article"));
    nw_bp_msg_close(&m);

    /* a worker takes it and acknowledges */
    void *w = dealer(ctx, wrk);
    const void *rp[4] = {"NWB1", "READY", "1", "unit-worker"};
    size_t rl[4] = {4, 5, 1, 11};
    assert_int_equal(nw_bp_send(w, 4, rp, rl, 0), 0);
    assert_int_equal(next_msg(w, &m, 3000), 5);
    assert_true(nw_bp_eq(&m, 1, "JOB"));
    assert_true(nw_bp_eq(&m, 3, "1"));
    assert_int_equal(nw_bp_size(&m, 4), alen);
    assert_memory_equal(nw_bp_data(&m, 4), abuf, alen);
    char lease[NW_BP_LEASE_MAX];
    size_t ll = nw_bp_size(&m, 2);
    assert_true(ll > 0 && ll < sizeof(lease));
    memcpy(lease, nw_bp_data(&m, 2), ll);
    lease[ll] = 0;
    nw_bp_msg_close(&m);
    const void *ap[3] = {"NWB1", "ACK", lease};
    size_t al[3] = {4, 3, ll};
    assert_int_equal(nw_bp_send(w, 3, ap, al, 0), 0);

    /* wait for the broker to count the ACK */
    const nw_broker_stats *st = nw_broker_get_stats(ra.b);
    for (int i = 0; i < 300 && __atomic_load_n(&st->acked, __ATOMIC_ACQUIRE) == 0; i++)
        usleep(10000);

    /* a second article: the worker RELEASEs it (as on SIGTERM, before its
       DISCONNECT); the broker does not send it straight back (it could
       bounce off the closing socket and count the worker dead before the
       DISCONNECT is read), but after a heartbeat interval it does (a
       worker that only failed to publish must not starve) */
    submit(prod, "harbour-2", abuf, alen);
    assert_true(next_msg(prod, &m, 3000) >= 3);
    assert_true(nw_bp_eq(&m, 1, "ACCEPTED"));
    nw_bp_msg_close(&m);
    assert_int_equal(next_msg(w, &m, 3000), 5);
    assert_true(nw_bp_eq(&m, 1, "JOB"));
    ll = nw_bp_size(&m, 2);
    memcpy(lease, nw_bp_data(&m, 2), ll);
    nw_bp_msg_close(&m);
    const void *relp[3] = {"NWB1", "RELEASE", lease};
    size_t rell[3] = {4, 7, ll};
    assert_int_equal(nw_bp_send(w, 3, relp, rell, 0), 0);
    assert_int_equal(next_msg(w, &m, 40), 0); /* not at once (heartbeat 100 ms) */
    assert_int_equal(next_msg(w, &m, 3000), 5);
    assert_true(nw_bp_eq(&m, 1, "JOB"));
    assert_true(nw_bp_eq(&m, 3, "1")); /* a release counts no attempt */
    nw_bp_msg_close(&m);

    const void *dp[2] = {"NWB1", "DISCONNECT"};
    size_t dl[2] = {4, 10};
    nw_bp_send(w, 2, dp, dl, 0);

    ra.stop = 1;
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(ra.rc, 0);
    st = nw_broker_get_stats(ra.b);
    assert_int_equal(st->accepted, 2);
    assert_int_equal(st->duplicates, 1);
    assert_int_equal(st->invalid, 2);
    assert_int_equal(st->dispatched, 3);
    assert_int_equal(st->acked, 1);
    assert_int_equal(st->released, 1);
    assert_int_equal(st->redelivered, 0);
    assert_int_equal(st->worker_deaths, 0);

    nw_broker_destroy(&ra.b);
    assert_null(ra.b);
    nw_broker_destroy(&ra.b);
    nw_broker_destroy(NULL);
    free(abuf);
    zmq_close(prod);
    zmq_close(w);
    zmq_ctx_term(ctx);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_bad_journal(void **state) {
    char err[256] = "";
    nw_broker_config c;
    (void)state;
    nw_broker_config_defaults(&c);
    c.submit_endpoint = "ipc:///tmp/nw-test-broker-bad-submit";
    c.workers_endpoint = "ipc:///tmp/nw-test-broker-bad-workers";
    c.pull_endpoint = "";
    c.pub_endpoint = "";
    c.stats_ms = 0;
    c.journal_path = "/nonexistent-dir/sub/broker.journal";
    assert_null(nw_broker_new(&c, err, sizeof(err)));
    assert_true(strlen(err) > 0);
}

int main(void) {
    nw_log_init(NW_LOG_ERROR, "test_broker");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_submit_dispatch_ack),
        cmocka_unit_test(test_bad_journal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
