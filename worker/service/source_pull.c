/*
 * source_pull.c -- the at-most-once job source: a ZeroMQ PULL socket.
 *
 * Whatever a PUSH peer sends is taken as one raw Article (multi-frame
 * messages: the last frame).  There are no leases: ack, reject and release
 * do nothing, so an article queued in this socket when the worker dies is
 * lost -- which is why the broker source exists.  RCVHWM bounds the queue
 * (1000 by default, the peers' PUSH blocks beyond it) and ZMQ_MAXMSGSIZE
 * (opts->max_msg) makes libzmq disconnect a peer that sends a larger
 * message, so memory stays bounded.  With opts->curve_server_secret the
 * socket is a CURVE server (the worker runs the ZAP allow-list).
 *
 * Also home of nw_job_clear(), shared by every source.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "mq.h"
#include "source.h"

void nw_job_clear(nw_job *job) {
    if (!job)
        return;
    free(job->data);
    memset(job, 0, sizeof(*job));
}

typedef struct pull_source {
    nw_source base;   /* first: a nw_source * is a pull_source * */
    void *sock;
} pull_source;

static int pull_next(nw_source *s, nw_job *job, int timeout_ms) {
    pull_source *p = (pull_source *)s;
    char head[8];
    unsigned char *body = NULL;
    size_t len = 0;
    memset(job, 0, sizeof(*job));
    int r = nw_mq_recv(p->sock, head, sizeof(head), &body, &len, timeout_ms);
    if (r < 0) {
        snprintf(s->errstr, sizeof(s->errstr), "recv: %s", zmq_strerror(errno));
        return -1;
    }
    if (r == 0)
        return 0;
    job->data = body;
    job->len = len;
    job->attempt = 1;
    return 1;
}

static int pull_noop(nw_source *s, const nw_job *job) {
    (void)s; (void)job;
    return 0;
}

static int pull_reject(nw_source *s, const nw_job *job, int code, const char *why) {
    (void)s; (void)job; (void)code; (void)why;
    return 0;
}

static void pull_destroy(nw_source **sp) {
    if (!sp || !*sp)
        return;
    pull_source *p = (pull_source *)*sp;
    nw_mq_close(&p->sock);
    free(p);
    *sp = NULL;
}

static const nw_source_ops pull_ops = {
    .next = pull_next,
    .ack = pull_noop,
    .reject = pull_reject,
    .release = pull_noop,
    .destroy = pull_destroy,
};

nw_source *nw_source_pull_new(void *zctx, const nw_source_opts *o, char *err,
                              size_t errlen) {
    pull_source *p = calloc(1, sizeof(*p));
    nw_mq_opts mo = {
        .linger_ms = 0,
        .rcvhwm = 1000,
        .maxmsgsize = o->max_msg ? (int64_t)o->max_msg : -1,
        .curve_server_secret = o->curve_server_secret,
    };
    if (!p) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    p->base.ops = &pull_ops;
    p->sock = nw_mq_socket(zctx, ZMQ_PULL, o->endpoint, &mo, err, errlen);
    if (!p->sock) {
        free(p);
        return NULL;
    }
    return &p->base;
}
