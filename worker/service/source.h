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
 * A source keeps its own heartbeats going inside next(); next() must be
 * called at least every 200 ms while the worker runs.
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

#endif
