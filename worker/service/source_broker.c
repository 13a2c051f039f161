/*
 * source_broker.c -- the worker's side of the broker protocol (NWB1, see
 * broker_proto.h): a DEALER that announces itself with READY(credit),
 * receives JOBs, and answers ACK / REJECT / RELEASE.
 *
 * An agent thread owns the DEALER (the czmq "actor" way): it keeps the
 * heartbeats going both ways while the worker's own thread is busy
 * extracting, so "alive" means "the process is alive and connected", and
 * slow work is bounded by the broker's lease time instead.  The worker's
 * thread talks to the agent over an inproc PAIR:
 *
 *   agent -> worker   [JOB, lease, attempt, Article]     (as received)
 *   worker -> agent   [ACK|RELEASE, lease] [REJECT, lease, code, reason]
 *                     [$TERM] ... [$BYE]                   (shutdown)
 *   agent -> worker   [$DONE]                              (shutdown)
 *
 * Paranoid Pirate, as in the zguide: both sides send HEARTBEAT every
 * heartbeat_ms; when the broker has been silent for heartbeat_ms *
 * liveness the agent throws the socket away and connects a fresh one (new
 * identity) with READY again.  A RESET from the broker (it restarted, or
 * declared us dead) is answered with READY.  ACKs for leases of an earlier
 * broker process are ignored by the broker, so after a broker restart an
 * article in hand may be delivered again: at-least-once.
 *
 * Socket options: IMMEDIATE=1 so nothing is queued towards a connection
 * that is not up (an ACK that cannot go out means a redelivery, never a
 * stale message delivered to a new broker); LINGER bounded so shutdown
 * cannot hang; MAXMSGSIZE from the worker's max_msg; RECONNECT_IVL 100 ms
 * up to 2 s; ZMTP heartbeats for dead TCP.
 *
 * destroy() is the SIGTERM path: JOBs already received but never returned
 * by next() are RELEASEd (not counted as attempts), then DISCONNECT tells
 * the broker to requeue anything else this worker holds, and the socket
 * lingers up to 2 s to get those out.  Bounded: at most ~3 s in all.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "clock.h"
#include "broker_proto.h"
#include "curve.h"
#include "log.h"
#include "source.h"

#define SHUTDOWN_WAIT_MS 3000

typedef struct agent {
    void *zctx, *sock, *pipe;
    char *endpoint;
    int bind;
    char name[128];
    int credit, hb_ms, liveness;
    size_t max_msg;
    int curve;
    char server_key[NW_CURVE_KEYLEN + 1], pub_key[NW_CURVE_KEYLEN + 1],
        sec_key[NW_CURVE_KEYLEN + 1];
    int64_t last_recv, last_send;
    int need_ready;           /* READY not out yet (no connection) */
    char errstr[128];
} agent;

typedef struct bsrc {
    nw_source base;
    void *pipe;               /* the worker thread's end */
    pthread_t thread;
    int running;
    agent a;                  /* touched only by the agent thread once started */
} bsrc;


/* ------------------------------------------------------------- agent -- */

static int send_cmd(agent *a, nw_bp_cmd cmd, int n, const void *const *extra,
                    const size_t *elens) {
    const void *parts[6];
    size_t lens[6];
    const char *name = nw_bp_cmd_name(cmd);
    int k = 0;
    if (!a->sock)
        return -1;
    parts[k] = NW_BP_VERSION; lens[k++] = 4;
    parts[k] = name; lens[k++] = strlen(name);
    for (int i = 0; i < n && k < 6; i++) {
        parts[k] = extra[i];
        lens[k++] = elens[i];
    }
    if (nw_bp_send(a->sock, k, parts, lens, ZMQ_DONTWAIT)) {
        snprintf(a->errstr, sizeof(a->errstr), "send %s: %s", name, zmq_strerror(errno));
        return -1;
    }
    a->last_send = nw_clock_mono_ms();
    return 0;
}

static int send_ready(agent *a) {
    char credit[16];
    const void *x[2] = {credit, a->name};
    size_t l[2];
    snprintf(credit, sizeof(credit), "%d", a->credit);
    l[0] = strlen(credit);
    l[1] = strlen(a->name);
    a->need_ready = send_cmd(a, NW_BP_READY, 2, x, l) != 0;
    return a->need_ready ? -1 : 0;
}

static void close_sock(agent *a, int linger) {
    if (!a->sock)
        return;
    zmq_setsockopt(a->sock, ZMQ_LINGER, &linger, sizeof(linger));
    zmq_close(a->sock);
    a->sock = NULL;
}

/* A fresh socket, connected (or bound), READY tried.  0 or -1 (errstr). */
static int open_sock(agent *a) {
    int v;
    int64_t maxmsg = (int64_t)a->max_msg + 4096;
    a->sock = zmq_socket(a->zctx, ZMQ_DEALER);
    if (!a->sock) {
        snprintf(a->errstr, sizeof(a->errstr), "socket: %s", zmq_strerror(errno));
        return -1;
    }
    v = 1;
    zmq_setsockopt(a->sock, ZMQ_IMMEDIATE, &v, sizeof(v));
    v = 0;
    zmq_setsockopt(a->sock, ZMQ_LINGER, &v, sizeof(v));
    v = 100;
    zmq_setsockopt(a->sock, ZMQ_RECONNECT_IVL, &v, sizeof(v));
    v = 2000;
    zmq_setsockopt(a->sock, ZMQ_RECONNECT_IVL_MAX, &v, sizeof(v));
    v = 1000;
    zmq_setsockopt(a->sock, ZMQ_SNDHWM, &v, sizeof(v));
    zmq_setsockopt(a->sock, ZMQ_RCVHWM, &v, sizeof(v));
    zmq_setsockopt(a->sock, ZMQ_MAXMSGSIZE, &maxmsg, sizeof(maxmsg));
    v = a->hb_ms;
    zmq_setsockopt(a->sock, ZMQ_HEARTBEAT_IVL, &v, sizeof(v));
    v = a->hb_ms * a->liveness;
    zmq_setsockopt(a->sock, ZMQ_HEARTBEAT_TIMEOUT, &v, sizeof(v));
    if (a->curve && nw_curve_client(a->sock, a->server_key, a->pub_key, a->sec_key)) {
        snprintf(a->errstr, sizeof(a->errstr), "CURVE: %s", zmq_strerror(errno));
        close_sock(a, 0);
        return -1;
    }
    if ((a->bind ? zmq_bind : zmq_connect)(a->sock, a->endpoint)) {
        snprintf(a->errstr, sizeof(a->errstr), "%s %s: %s", a->bind ? "bind" : "connect",
                 a->endpoint, zmq_strerror(errno));
        close_sock(a, 0);
        return -1;
    }
    a->last_recv = nw_clock_mono_ms();
    /* with IMMEDIATE the READY cannot go out before the connection is up;
       the loop retries it every 20 ms until it does */
    send_ready(a);
    return 0;
}

static int is_job(const nw_bp_msg *m) {
    return m->n == 5 && nw_bp_version_ok(nw_bp_data(m, 0), nw_bp_size(m, 0)) &&
           nw_bp_cmd_parse(nw_bp_data(m, 1), nw_bp_size(m, 1)) == NW_BP_JOB;
}

static void release_lease(agent *a, const void *lease, size_t len) {
    const void *x[1] = {lease};
    size_t l[1] = {len};
    send_cmd(a, NW_BP_RELEASE, 1, x, l);
}

/* One message from the broker.  Forwards JOBs to the worker (or, while
   shutting down, hands them straight back). */
static void from_broker(agent *a, nw_bp_msg *m, int closing) {
    nw_bp_cmd cmd = NW_BP_UNKNOWN;
    a->last_recv = nw_clock_mono_ms();
    if (m->n >= 2 && nw_bp_version_ok(nw_bp_data(m, 0), nw_bp_size(m, 0)))
        cmd = nw_bp_cmd_parse(nw_bp_data(m, 1), nw_bp_size(m, 1));
    if (cmd == NW_BP_JOB && is_job(m) && nw_bp_size(m, 2) < NW_BP_LEASE_MAX) {
        const void *parts[4] = {"JOB", nw_bp_data(m, 2), nw_bp_data(m, 3), nw_bp_data(m, 4)};
        size_t lens[4] = {3, nw_bp_size(m, 2), nw_bp_size(m, 3), nw_bp_size(m, 4)};
        if (closing || nw_bp_send(a->pipe, 4, parts, lens, ZMQ_DONTWAIT))
            release_lease(a, nw_bp_data(m, 2), nw_bp_size(m, 2));
    } else if (cmd == NW_BP_RESET) {
        send_ready(a);
    }
    /* HEARTBEAT or unknown: the timestamp above is all */
}

/* One message from the worker thread; returns 1 for $TERM, 2 for $BYE. */
static int from_worker(agent *a, nw_bp_msg *m) {
    nw_bp_cmd cmd;
    if (m->n < 1)
        return 0;
    if (nw_bp_eq(m, 0, "$TERM"))
        return 1;
    if (nw_bp_eq(m, 0, "$BYE"))
        return 2;
    cmd = nw_bp_cmd_parse(nw_bp_data(m, 0), nw_bp_size(m, 0));
    if ((cmd == NW_BP_ACK || cmd == NW_BP_RELEASE) && m->n == 2) {
        const void *x[1] = {nw_bp_data(m, 1)};
        size_t l[1] = {nw_bp_size(m, 1)};
        send_cmd(a, cmd, 1, x, l);
    } else if (cmd == NW_BP_REJECT && m->n == 4) {
        const void *x[3] = {nw_bp_data(m, 1), nw_bp_data(m, 2), nw_bp_data(m, 3)};
        size_t l[3] = {nw_bp_size(m, 1), nw_bp_size(m, 2), nw_bp_size(m, 3)};
        send_cmd(a, cmd, 3, x, l);
    }
    return 0;
}

static void *agent_main(void *arg) {
    agent *a = arg;
    int closing = 0;            /* $TERM seen: JOBs go straight back */
    int64_t bye_deadline = 0;
    char last_err[128] = "";
    for (;;) {   /* ends on $BYE or the shutdown deadline */
        int64_t now = nw_clock_mono_ms(), wait;
        zmq_pollitem_t it[2];
        int n = 0, rc;
        nw_bp_msg m;
        if (closing && now >= bye_deadline)
            break;
        if (!a->sock && open_sock(a)) {
            if (strcmp(last_err, a->errstr)) {
                NW_LOG(NW_LOG_ERROR, "broker_connect_failed", NULL, "{s:s}", "error",
                       a->errstr);
                snprintf(last_err, sizeof(last_err), "%s", a->errstr);
            }
        }
        if (a->sock && now - a->last_recv > (int64_t)a->hb_ms * a->liveness && !closing) {
            /* the broker is gone or wedged: start over with a new socket */
            NW_LOG(NW_LOG_WARN, "broker_silent", NULL, "{s:I}", "silent_ms",
                   (json_int_t)(now - a->last_recv));
            close_sock(a, 0);
            open_sock(a);
            now = nw_clock_mono_ms();
        }
        if (a->sock && !closing) {
            if (a->need_ready)
                send_ready(a);
            else if (now - a->last_send >= a->hb_ms &&
                     send_cmd(a, NW_BP_HEARTBEAT, 0, NULL, NULL))
                a->last_send = now;   /* not connected: try at the next beat */
        }
        if (a->need_ready || !a->sock) {
            wait = 20;
        } else {
            wait = a->hb_ms - (now - a->last_send);
            if (wait < 1)
                wait = 1;
        }
        if (closing && wait > 50)
            wait = 50;
        it[n++] = (zmq_pollitem_t){a->pipe, 0, ZMQ_POLLIN, 0};
        if (a->sock)
            it[n++] = (zmq_pollitem_t){a->sock, 0, ZMQ_POLLIN, 0};
        rc = zmq_poll(it, n, (long)wait);
        if (rc < 0 && errno != EINTR)
            break;
        if (rc <= 0)
            continue;
        for (int k = 0; k < 64 && (it[0].revents & ZMQ_POLLIN) &&
                        nw_bp_recv(a->pipe, &m, ZMQ_DONTWAIT) >= 0; k++) {
            int w = from_worker(a, &m);
            nw_bp_msg_close(&m);
            if (w == 1 && !closing) {
                const void *p[1] = {"$DONE"};
                size_t l[1] = {5};
                closing = 1;
                bye_deadline = nw_clock_mono_ms() + SHUTDOWN_WAIT_MS;
                nw_bp_send(a->pipe, 1, p, l, ZMQ_DONTWAIT);
            } else if (w == 2) {
                goto out;
            }
        }
        for (int k = 0; k < 64 && n > 1 && (it[1].revents & ZMQ_POLLIN) &&
                        nw_bp_recv(a->sock, &m, ZMQ_DONTWAIT) >= 0; k++) {
            from_broker(a, &m, closing);
            nw_bp_msg_close(&m);
        }
    }
out:
    if (a->sock) {
        nw_bp_msg m;
        int k = 0;
        /* hand back what arrived but was never forwarded */
        while (k++ < 10000 && nw_bp_recv(a->sock, &m, ZMQ_DONTWAIT) >= 0) {
            if (is_job(&m))
                release_lease(a, nw_bp_data(&m, 2), nw_bp_size(&m, 2));
            nw_bp_msg_close(&m);
        }
        send_cmd(a, NW_BP_DISCONNECT, 0, NULL, NULL);
        close_sock(a, 2000);
    }
    zmq_close(a->pipe);
    a->pipe = NULL;
    return NULL;
}

/* ------------------------------------------------------ worker side -- */

static int b_next(nw_source *src, nw_job *job, int timeout_ms) {
    bsrc *s = (bsrc *)src;
    zmq_pollitem_t it = {s->pipe, 0, ZMQ_POLLIN, 0};
    nw_bp_msg m;
    int rc;
    memset(job, 0, sizeof(*job));
    rc = zmq_poll(&it, 1, timeout_ms > 0 ? timeout_ms : 0);
    if (rc < 0) {
        if (errno == EINTR)
            return 0;   /* a signal: let the caller look at its flags */
        snprintf(s->base.errstr, sizeof(s->base.errstr), "poll: %s", zmq_strerror(errno));
        return -1;
    }
    if (rc == 0 || nw_bp_recv(s->pipe, &m, ZMQ_DONTWAIT) < 0)
        return 0;
    if (m.n == 4 && nw_bp_eq(&m, 0, "JOB") && nw_bp_size(&m, 1) < sizeof(job->lease)) {
        uint32_t attempt = 1;
        size_t len = nw_bp_size(&m, 3);
        nw_bp_parse_u32(nw_bp_data(&m, 2), nw_bp_size(&m, 2), 1000000, &attempt);
        job->data = malloc(len ? len : 1);
        if (!job->data) {
            /* cannot hold it: hand it back at once */
            const void *p[2] = {"RELEASE", nw_bp_data(&m, 1)};
            size_t l[2] = {7, nw_bp_size(&m, 1)};
            nw_bp_send(s->pipe, 2, p, l, ZMQ_DONTWAIT);
            nw_bp_msg_close(&m);
            snprintf(s->base.errstr, sizeof(s->base.errstr), "out of memory");
            return -1;
        }
        if (len)
            memcpy(job->data, nw_bp_data(&m, 3), len);
        job->len = len;
        memcpy(job->lease, nw_bp_data(&m, 1), nw_bp_size(&m, 1));
        job->lease[nw_bp_size(&m, 1)] = '\0';
        job->attempt = attempt;
        nw_bp_msg_close(&m);
        return 1;
    }
    nw_bp_msg_close(&m);
    return 0;
}

static int lease_cmd(bsrc *s, const char *cmd, const nw_job *job, const char *code,
                     const char *why) {
    const void *p[4] = {cmd, job->lease, code, why};
    size_t l[4] = {strlen(cmd), strlen(job->lease), code ? strlen(code) : 0,
                   why ? strlen(why) : 0};
    if (!job->lease[0]) {
        snprintf(s->base.errstr, sizeof(s->base.errstr), "job has no lease");
        return -1;
    }
    if (nw_bp_send(s->pipe, code ? 4 : 2, p, l, 0)) {
        snprintf(s->base.errstr, sizeof(s->base.errstr), "%s: %s", cmd, zmq_strerror(errno));
        return -1;
    }
    return 0;
}

static int b_ack(nw_source *src, const nw_job *job) {
    return lease_cmd((bsrc *)src, "ACK", job, NULL, NULL);
}

static int b_reject(nw_source *src, const nw_job *job, int code, const char *why) {
    char c[16], reason[160];
    snprintf(c, sizeof(c), "%d", code < 0 ? 0 : code);
    snprintf(reason, sizeof(reason), "%s", why ? why : "");
    return lease_cmd((bsrc *)src, "REJECT", job, c, reason);
}

static int b_release(nw_source *src, const nw_job *job) {
    return lease_cmd((bsrc *)src, "RELEASE", job, NULL, NULL);
}

static void b_destroy(nw_source **srcp) {
    bsrc *s;
    if (!srcp || !*srcp)
        return;
    s = (bsrc *)*srcp;
    if (s->running) {
        const void *p[1] = {"$TERM"};
        size_t l[1] = {5};
        int64_t end = nw_clock_mono_ms() + SHUTDOWN_WAIT_MS;
        nw_bp_send(s->pipe, 1, p, l, 0);
        /* JOBs forwarded but never taken go back, until the agent says it
           forwards no more */
        while (nw_clock_mono_ms() < end) {
            zmq_pollitem_t it = {s->pipe, 0, ZMQ_POLLIN, 0};
            nw_bp_msg m;
            int done = 0;
            if (zmq_poll(&it, 1, 50) <= 0 || nw_bp_recv(s->pipe, &m, ZMQ_DONTWAIT) < 0)
                continue;
            if (nw_bp_eq(&m, 0, "$DONE")) {
                done = 1;
            } else if (m.n == 4 && nw_bp_eq(&m, 0, "JOB")) {
                const void *r[2] = {"RELEASE", nw_bp_data(&m, 1)};
                size_t rl[2] = {7, nw_bp_size(&m, 1)};
                nw_bp_send(s->pipe, 2, r, rl, 0);
            }
            nw_bp_msg_close(&m);
            if (done)
                break;
        }
        p[0] = "$BYE";
        l[0] = 4;
        nw_bp_send(s->pipe, 1, p, l, 0);
        pthread_join(s->thread, NULL);
    } else {
        close_sock(&s->a, 0);
        if (s->a.pipe)
            zmq_close(s->a.pipe);
    }
    if (s->pipe)
        zmq_close(s->pipe);
    free(s->a.endpoint);
    free(s);
    *srcp = NULL;
}

static const nw_source_ops broker_ops = {b_next, b_ack, b_reject, b_release, b_destroy};

nw_source *nw_source_broker_new(void *zctx, const nw_source_opts *o, char *err,
                                size_t errlen) {
    bsrc *s;
    agent *a;
    const char *ep = o->endpoint;
    char pipe_ep[64];
    int linger = 0;
    if (!zctx || !ep || !*ep) {
        snprintf(err, errlen, "broker source: no endpoint");
        return NULL;
    }
    s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->base.ops = &broker_ops;
    a = &s->a;
    a->zctx = zctx;
    if (*ep == '@' || *ep == '>') {
        a->bind = *ep == '@';
        ep++;
    }
    a->endpoint = strdup(ep);
    if (!a->endpoint) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    snprintf(a->name, sizeof(a->name), "%s", o->worker_id ? o->worker_id : "worker");
    a->credit = o->credit > 0 ? (o->credit > 1000 ? 1000 : o->credit) : 1;
    a->hb_ms = o->heartbeat_ms >= 10 ? o->heartbeat_ms : 1000;
    a->liveness = o->heartbeat_liveness >= 1 ? o->heartbeat_liveness : 3;
    a->max_msg = o->max_msg ? o->max_msg : (4u << 20);
    if (o->curve_server_key) {
        char kerr[128];
        if (!o->curve_public_key || !o->curve_secret_key) {
            snprintf(err, errlen, "CURVE: a server key needs this worker's public and "
                                  "secret keys too");
            goto fail;
        }
        if (nw_curve_key_load(o->curve_server_key, a->server_key, kerr, sizeof(kerr)) ||
            nw_curve_key_load(o->curve_public_key, a->pub_key, kerr, sizeof(kerr)) ||
            nw_curve_key_load(o->curve_secret_key, a->sec_key, kerr, sizeof(kerr))) {
            snprintf(err, errlen, "CURVE: %s", kerr);
            goto fail;
        }
        a->curve = 1;
    }
    snprintf(pipe_ep, sizeof(pipe_ep), "inproc://nw-source-broker-%p", (void *)s);
    s->pipe = zmq_socket(zctx, ZMQ_PAIR);
    a->pipe = zmq_socket(zctx, ZMQ_PAIR);
    if (!s->pipe || !a->pipe) {
        snprintf(err, errlen, "pipe: %s", zmq_strerror(errno));
        goto fail;
    }
    zmq_setsockopt(s->pipe, ZMQ_LINGER, &linger, sizeof(linger));
    zmq_setsockopt(a->pipe, ZMQ_LINGER, &linger, sizeof(linger));
    if (zmq_bind(a->pipe, pipe_ep) || zmq_connect(s->pipe, pipe_ep)) {
        snprintf(err, errlen, "pipe: %s", zmq_strerror(errno));
        goto fail;
    }
    if (open_sock(a)) {   /* configuration errors show here, synchronously */
        snprintf(err, errlen, "%s", a->errstr);
        goto fail;
    }
    if (pthread_create(&s->thread, NULL, agent_main, a)) {
        snprintf(err, errlen, "cannot start the broker agent thread");
        goto fail;
    }
    s->running = 1;
    return &s->base;
fail:
    close_sock(a, 0);
    if (a->pipe)
        zmq_close(a->pipe);
    if (s->pipe)
        zmq_close(s->pipe);
    free(a->endpoint);
    free(s);
    return NULL;
}
