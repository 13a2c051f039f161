/*
 * source.h -- where the worker's articles come from.
 *
 * `newsworker run` pulls raw Article messages through one of these: a plain
 * ZeroMQ PULL socket (at-most-once, source_pull.c) or the broker's
 * credit-and-lease protocol (at-least-once, source_broker.c).  The worker
 * loop is the same for both:
 *
 *     while (running) {
 *         r = src->ops->next(src, &job, 200);   // 1 job, 0 timeout, -1 error
 *         ... decode, extract, publish ...
 *         src->ops->ack(src, &job)              // after the result is published
 *      or src->ops->reject(src, &job, code, why)// bad input: dead-lettered
 *         nw_job_clear(&job);
 *     }
 *     src->ops->release(...) for unfinished jobs on SIGTERM; destroy.
 *
 * Liveness does not depend on how often next() is called: the PULL source
 * has no heartbeats, and the broker source keeps its heartbeats going in
 * its own agent thread (source_broker.c), so a long extraction between two
 * next() calls is bounded by the broker's lease time, not by heartbeats.
 * The worker calls next() with a short timeout only to notice signals and
 * do idle work (Redis reconnects) promptly.
 */
#ifndef NW_SOURCE_H
#define NW_SOURCE_H

#include <stddef.h>
#include <stdint.h>

typedef struct nw_job {
    unsigned char *data;   /* raw Article bytes, owned by the job */
    size_t len;
    char lease[64];        /* source-specific lease handle, "" for PULL */
    uint32_t attempt;      /* delivery attempt, from 1 (1 for PULL) */
} nw_job;

void nw_job_clear(nw_job *job);  /* frees data, zeroes the job */

typedef struct nw_source nw_source;

typedef struct nw_source_ops {
    int (*next)(nw_source *s, nw_job *job, int timeout_ms);
    int (*ack)(nw_source *s, const nw_job *job);
    int (*reject)(nw_source *s, const nw_job *job, int code, const char *why);
    int (*release)(nw_source *s, const nw_job *job);
    void (*destroy)(nw_source **s);
} nw_source_ops;

struct nw_source {
    const nw_source_ops *ops;
    char errstr[128];      /* last error, for logs */
};

/* What a source needs to connect.  Strings are borrowed for the call. */
typedef struct nw_source_opts {
    const char *endpoint;          /* "tcp://host:port"; a leading '@' binds,
                                      '>' or nothing connects */
    const char *worker_id;         /* this worker's name (logs, broker) */
    int credit;                    /* broker: most articles held at once */
    int heartbeat_ms;              /* broker: heartbeat interval */
    int heartbeat_liveness;        /* broker: missed beats before "dead" */
    size_t max_msg;                /* ZMQ_MAXMSGSIZE for incoming messages */
    const char *curve_server_key;  /* Z85 public key of the peer; NULL = plain */
    const char *curve_public_key;  /* this client's Z85 key pair */
    const char *curve_secret_key;
    const char *curve_server_secret; /* PULL: be a CURVE server with this Z85
                                        secret key (the caller runs the ZAP
                                        allow-list, curve.h); NULL = plain */
} nw_source_opts;

/* At-most-once: a PULL socket (source_pull.c). */
nw_source *nw_source_pull_new(void *zctx, const nw_source_opts *o, char *err,
                              size_t errlen);
/* At-least-once: the broker's credit/lease protocol (source_broker.c). */
nw_source *nw_source_broker_new(void *zctx, const nw_source_opts *o, char *err,
                                size_t errlen);

#endif
