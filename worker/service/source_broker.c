/*
 * source_broker.c -- the worker's side of the broker protocol (NWB1, see
 * broker_proto.h): a DEALER that announces itself with READY(credit),
 * receives JOBs, and answers ACK / REJECT / RELEASE.
 *
 * Paranoid Pirate, as in the zguide: both sides send HEARTBEAT every
 * heartbeat_ms; next() sends ours when due and, when the broker has been
 * silent for heartbeat_ms * liveness, throws the socket away and connects a
 * fresh one (new identity) with READY again.  A RESET from the broker (it
 * restarted, or declared us dead) is answered with READY.  ACKs for leases
 * of an earlier broker process are ignored by the broker, so after a broker
 * restart an article in hand may be delivered again: at-least-once.
 *
 * Socket options: IMMEDIATE=1 so nothing is queued towards a connection
 * that is not up (an ACK that cannot go out means a redelivery, never a
 * stale message delivered to a new broker); LINGER bounded so shutdown
 * cannot hang; MAXMSGSIZE from the worker's max_msg; RECONNECT_IVL 100 ms
 * up to 2 s; ZMTP heartbeats for dead TCP.
 *
 * destroy() is the SIGTERM path: JOBs already delivered to the socket but
 * not yet taken by next() are RELEASEd (not counted as attempts), then
 * DISCONNECT tells the broker to requeue anything else this worker holds,
 * and the socket lingers up to 2 s to get those out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "broker_proto.h"
#include "curve.h"
#include "source.h"

typedef struct bsrc {
    nw_source base;
    void *zctx, *sock;
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
} bsrc;

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int send_cmd(bsrc *s, nw_bp_cmd cmd, int n, const void *const *extra,
                    const size_t *elens) {
    const void *parts[6];
    size_t lens[6];
    const char *name = nw_bp_cmd_name(cmd);
    int k = 0;
    if (!s->sock)
        return -1;
    parts[k] = NW_BP_VERSION; lens[k++] = 4;
    parts[k] = name; lens[k++] = strlen(name);
    for (int i = 0; i < n && k < 6; i++) {
        parts[k] = extra[i];
        lens[k++] = elens[i];
    }
    if (nw_bp_send(s->sock, k, parts, lens, ZMQ_DONTWAIT)) {
        snprintf(s->base.errstr, sizeof(s->base.errstr), "send %s: %s", name,
                 zmq_strerror(errno));
        return -1;
    }
    s->last_send = now_ms();
    return 0;
}

static int send_ready(bsrc *s) {
    char credit[16];
    const void *x[2] = {credit, s->name};
    size_t l[2];
    snprintf(credit, sizeof(credit), "%d", s->credit);
    l[0] = strlen(credit);
    l[1] = strlen(s->name);
    s->need_ready = send_cmd(s, NW_BP_READY, 2, x, l) != 0;
    return s->need_ready ? -1 : 0;
}

static void close_sock(bsrc *s, int linger) {
    if (!s->sock)
        return;
    zmq_setsockopt(s->sock, ZMQ_LINGER, &linger, sizeof(linger));
    zmq_close(s->sock);
    s->sock = NULL;
}

/* A fresh socket, connected (or bound), READY sent.  0 or -1 (errstr). */
static int open_sock(bsrc *s) {
    int v;
    int64_t maxmsg = (int64_t)s->max_msg + 4096;
    s->sock = zmq_socket(s->zctx, ZMQ_DEALER);
    if (!s->sock) {
        snprintf(s->base.errstr, sizeof(s->base.errstr), "socket: %s", zmq_strerror(errno));
        return -1;
    }
    v = 1;
    zmq_setsockopt(s->sock, ZMQ_IMMEDIATE, &v, sizeof(v));
    v = 0;
    zmq_setsockopt(s->sock, ZMQ_LINGER, &v, sizeof(v));
    v = 100;
    zmq_setsockopt(s->sock, ZMQ_RECONNECT_IVL, &v, sizeof(v));
    v = 2000;
    zmq_setsockopt(s->sock, ZMQ_RECONNECT_IVL_MAX, &v, sizeof(v));
    v = 1000;
    zmq_setsockopt(s->sock, ZMQ_SNDHWM, &v, sizeof(v));
    zmq_setsockopt(s->sock, ZMQ_RCVHWM, &v, sizeof(v));
    zmq_setsockopt(s->sock, ZMQ_MAXMSGSIZE, &maxmsg, sizeof(maxmsg));
    v = s->hb_ms;
    zmq_setsockopt(s->sock, ZMQ_HEARTBEAT_IVL, &v, sizeof(v));
    v = s->hb_ms * s->liveness;
    zmq_setsockopt(s->sock, ZMQ_HEARTBEAT_TIMEOUT, &v, sizeof(v));
    if (s->curve && nw_curve_client(s->sock, s->server_key, s->pub_key, s->sec_key)) {
        snprintf(s->base.errstr, sizeof(s->base.errstr), "CURVE: %s", zmq_strerror(errno));
        close_sock(s, 0);
        return -1;
    }
    if ((s->bind ? zmq_bind : zmq_connect)(s->sock, s->endpoint)) {
        snprintf(s->base.errstr, sizeof(s->base.errstr), "%s %s: %s",
                 s->bind ? "bind" : "connect", s->endpoint, zmq_strerror(errno));
        close_sock(s, 0);
        return -1;
    }
    s->last_recv = now_ms();
    /* with IMMEDIATE the READY may not go out before the connection is up;
       the heartbeat path resends it (RESET) if the broker does not know us */
    send_ready(s);
    return 0;
}

static int b_next(nw_source *src, nw_job *job, int timeout_ms) {
    bsrc *s = (bsrc *)src;
    int64_t deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    memset(job, 0, sizeof(*job));
    for (;;) {   /* bounded by the deadline */
        int64_t now = now_ms(), wait;
        zmq_pollitem_t it;
        nw_bp_msg m;
        int rc;
        if (!s->sock && open_sock(s))
            return -1;
        if (now - s->last_recv > (int64_t)s->hb_ms * s->liveness) {
            /* the broker is gone or wedged: start over with a new socket */
            close_sock(s, 0);
            if (open_sock(s))
                return -1;
            now = now_ms();
        }
        if (s->need_ready) {
            send_ready(s);
        } else if (now - s->last_send >= s->hb_ms) {
            if (send_cmd(s, NW_BP_HEARTBEAT, 0, NULL, NULL) && errno == EAGAIN)
                s->last_send = now;   /* not connected yet: try next beat */
        }
        wait = deadline - now;
        if (wait > s->hb_ms - (now - s->last_send))
            wait = s->hb_ms - (now - s->last_send);
        if (s->need_ready && wait > 20)
            wait = 20;   /* waiting for the connection to come up */
        if (wait < 0)
            wait = 0;
        it = (zmq_pollitem_t){s->sock, 0, ZMQ_POLLIN, 0};
        rc = zmq_poll(&it, 1, (long)wait);
        if (rc < 0) {
            if (errno == EINTR)
                return 0;   /* a signal: let the caller look at its flags */
            snprintf(s->base.errstr, sizeof(s->base.errstr), "poll: %s", zmq_strerror(errno));
            return -1;
        }
        if (rc > 0 && nw_bp_recv(s->sock, &m, ZMQ_DONTWAIT) >= 0) {
            nw_bp_cmd cmd = NW_BP_UNKNOWN;
            s->last_recv = now_ms();
            if (m.n >= 2 && nw_bp_version_ok(nw_bp_data(&m, 0), nw_bp_size(&m, 0)))
                cmd = nw_bp_cmd_parse(nw_bp_data(&m, 1), nw_bp_size(&m, 1));
            if (cmd == NW_BP_JOB && m.n == 5 && nw_bp_size(&m, 2) < sizeof(job->lease)) {
                uint32_t attempt = 1;
                size_t len = nw_bp_size(&m, 4);
                nw_bp_parse_u32(nw_bp_data(&m, 3), nw_bp_size(&m, 3), 1000000, &attempt);
                job->data = malloc(len ? len : 1);
                if (!job->data) {
                    /* cannot hold it: hand it back at once */
                    const void *x[1] = {nw_bp_data(&m, 2)};
                    size_t l[1] = {nw_bp_size(&m, 2)};
                    send_cmd(s, NW_BP_RELEASE, 1, x, l);
                    nw_bp_msg_close(&m);
                    snprintf(s->base.errstr, sizeof(s->base.errstr), "out of memory");
                    return -1;
                }
                if (len)
                    memcpy(job->data, nw_bp_data(&m, 4), len);
                job->len = len;
                memcpy(job->lease, nw_bp_data(&m, 2), nw_bp_size(&m, 2));
                job->lease[nw_bp_size(&m, 2)] = '\0';
                job->attempt = attempt;
                nw_bp_msg_close(&m);
                return 1;
            }
            if (cmd == NW_BP_RESET)
                send_ready(s);
            nw_bp_msg_close(&m);   /* HEARTBEAT or unknown: nothing to do */
        }
        if (now_ms() >= deadline)
            return 0;
    }
}

static int lease_cmd(bsrc *s, nw_bp_cmd cmd, const nw_job *job, const char *code,
                     const char *why) {
    const void *x[3] = {job->lease, code, why};
    size_t l[3] = {strlen(job->lease), code ? strlen(code) : 0, why ? strlen(why) : 0};
    if (!job->lease[0]) {
        snprintf(s->base.errstr, sizeof(s->base.errstr), "job has no lease");
        return -1;
    }
    return send_cmd(s, cmd, cmd == NW_BP_REJECT ? 3 : 1, x, l);
}

static int b_ack(nw_source *src, const nw_job *job) {
    return lease_cmd((bsrc *)src, NW_BP_ACK, job, NULL, NULL);
}

static int b_reject(nw_source *src, const nw_job *job, int code, const char *why) {
    char c[16];
    char reason[160];
    snprintf(c, sizeof(c), "%d", code < 0 ? 0 : code);
    snprintf(reason, sizeof(reason), "%s", why ? why : "");
    return lease_cmd((bsrc *)src, NW_BP_REJECT, job, c, reason);
}

static int b_release(nw_source *src, const nw_job *job) {
    return lease_cmd((bsrc *)src, NW_BP_RELEASE, job, NULL, NULL);
}

static void b_destroy(nw_source **srcp) {
    bsrc *s;
    if (!srcp || !*srcp)
        return;
    s = (bsrc *)*srcp;
    if (s->sock) {
        nw_bp_msg m;
        int n = 0;
        /* hand back what arrived but was never taken (bounded by credit
           plus what is in flight; cap the loop anyway) */
        while (n++ < 10000 && nw_bp_recv(s->sock, &m, ZMQ_DONTWAIT) >= 0) {
            if (m.n == 5 && nw_bp_version_ok(nw_bp_data(&m, 0), nw_bp_size(&m, 0)) &&
                nw_bp_cmd_parse(nw_bp_data(&m, 1), nw_bp_size(&m, 1)) == NW_BP_JOB) {
                const void *x[1] = {nw_bp_data(&m, 2)};
                size_t l[1] = {nw_bp_size(&m, 2)};
                send_cmd(s, NW_BP_RELEASE, 1, x, l);
            }
            nw_bp_msg_close(&m);
        }
        send_cmd(s, NW_BP_DISCONNECT, 0, NULL, NULL);
        close_sock(s, 2000);
    }
    free(s->endpoint);
    free(s);
    *srcp = NULL;
}

static const nw_source_ops broker_ops = {b_next, b_ack, b_reject, b_release, b_destroy};

nw_source *nw_source_broker_new(void *zctx, const nw_source_opts *o, char *err,
                                size_t errlen) {
    bsrc *s;
    const char *ep = o->endpoint;
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
    s->zctx = zctx;
    if (*ep == '@' || *ep == '>') {
        s->bind = *ep == '@';
        ep++;
    }
    s->endpoint = strdup(ep);
    if (!s->endpoint) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    snprintf(s->name, sizeof(s->name), "%s", o->worker_id ? o->worker_id : "worker");
    s->credit = o->credit > 0 ? (o->credit > 1000 ? 1000 : o->credit) : 1;
    s->hb_ms = o->heartbeat_ms >= 10 ? o->heartbeat_ms : 1000;
    s->liveness = o->heartbeat_liveness >= 1 ? o->heartbeat_liveness : 3;
    s->max_msg = o->max_msg ? o->max_msg : (4u << 20);
    if (o->curve_server_key) {
        char kerr[128];
        if (!o->curve_public_key || !o->curve_secret_key) {
            snprintf(err, errlen, "CURVE: a server key needs this worker's public and "
                                  "secret keys too");
            goto fail;
        }
        if (nw_curve_key_load(o->curve_server_key, s->server_key, kerr, sizeof(kerr)) ||
            nw_curve_key_load(o->curve_public_key, s->pub_key, kerr, sizeof(kerr)) ||
            nw_curve_key_load(o->curve_secret_key, s->sec_key, kerr, sizeof(kerr))) {
            snprintf(err, errlen, "CURVE: %s", kerr);
            goto fail;
        }
        s->curve = 1;
    }
    if (open_sock(s)) {
        snprintf(err, errlen, "%s", s->base.errstr);
        goto fail;
    }
    return &s->base;
fail:
    free(s->endpoint);
    free(s);
    return NULL;
}
