/*
 * redis.h -- the worker's Redis connection: cache GET / SET EX NX and capped
 * stream appends (XADD MAXLEN ~), over a blocking hiredis context with
 * connect and command timeouts, that survives Redis going away.
 *
 * States: DISABLED (no address configured: every call returns -1 at once),
 * UP, DOWN.  Any I/O error or timeout drops the context and moves to DOWN;
 * while DOWN, calls return -1 immediately except when the back-off delay has
 * passed, in which case one reconnect (with the connect timeout, then AUTH
 * user password and SELECT db when configured) is tried first.  The delay
 * doubles from backoff_min_ms to backoff_max_ms and resets once connected.
 * Each change of state is logged once ("redis_up" info, "redis_down" warn),
 * failed retries only at debug level, so an outage costs the caller at most
 * one connect timeout per back-off period and a handful of log lines.
 *
 * Redis error replies (NOAUTH, OOM, WRONGTYPE...) leave the connection UP
 * and make the call return -1 with the reply text in r->errstr.
 *
 * Not thread-safe: one nw_redis per thread.
 *
 * Stream helper for other modules (the broker publishes dead letters with
 * it):
 *
 *   int nw_redis_xadd_capped(nw_redis *r, const char *stream, size_t maxlen,
 *                            const void *data, size_t len);
 *
 * appends one entry {"data": <bytes>} to stream with XADD stream MAXLEN ~
 * maxlen * data <bytes>, returns 0 on success, -1 when Redis is disabled,
 * down or answered with an error.  nw_redis_xadd_fields() is the general
 * form with several named fields.
 */
#ifndef NW_REDIS_H
#define NW_REDIS_H

#include <stddef.h>
#include <stdint.h>

typedef enum nw_redis_state {
    NW_REDIS_DISABLED = 0,
    NW_REDIS_UP,
    NW_REDIS_DOWN,
} nw_redis_state;

typedef struct nw_redis_opts {
    const char *addr;        /* "host:port", "host" (port 6379), "/path.sock" or
                                "unix:/path.sock"; NULL or "" = disabled */
    const char *user;        /* AUTH user (Redis 6 ACL); NULL/"" = none */
    const char *password;    /* AUTH password; NULL/"" = no AUTH */
    int db;                  /* SELECT db when > 0 */
    int connect_timeout_ms;  /* > 0 */
    int command_timeout_ms;  /* > 0 */
    int backoff_min_ms;      /* first retry delay, > 0 */
    int backoff_max_ms;      /* cap of the doubling delay, >= backoff_min_ms */
} nw_redis_opts;

typedef struct nw_redis nw_redis;

/*
 * Create the connection object and try to connect once (a failure is not an
 * error: the object starts DOWN and retries later).  Returns NULL only on
 * allocation failure or a malformed address, with the reason in err.
 */
nw_redis *nw_redis_new(const nw_redis_opts *o, char *err, size_t errlen);
void nw_redis_free(nw_redis **r);

/* Current state, after trying a reconnect if one is due. */
nw_redis_state nw_redis_poll(nw_redis *r);
/* State without side effects. */
nw_redis_state nw_redis_state_of(const nw_redis *r);
/* The last error text ("" when none). */
const char *nw_redis_errstr(const nw_redis *r);

/*
 * GET key.  1 = found, *val (malloc'd, caller frees) and *len set; 0 = no
 * such key; -1 = Redis disabled, down, or error.
 */
int nw_redis_get(nw_redis *r, const char *key, unsigned char **val, size_t *len);

/*
 * SET key val EX ttl_s NX.  1 = stored, 0 = the key already existed,
 * -1 = disabled, down, or error.  ttl_s must be > 0.
 */
int nw_redis_set_nx_ex(nw_redis *r, const char *key, const void *val, size_t len,
                       long long ttl_s);

/* XADD stream MAXLEN ~ maxlen * name[0] value[0] ... (nfields <= 8).
   0 on success, -1 as above. */
int nw_redis_xadd_fields(nw_redis *r, const char *stream, size_t maxlen, int nfields,
                         const char *const *names, const void *const *values,
                         const size_t *lens);

/* XADD stream MAXLEN ~ maxlen * data <bytes>.  0 on success, -1 as above. */
int nw_redis_xadd_capped(nw_redis *r, const char *stream, size_t maxlen,
                         const void *data, size_t len);

/* Counters for logs and tests. */
typedef struct nw_redis_stats {
    uint64_t commands, errors, connects, disconnects;
} nw_redis_stats;
void nw_redis_get_stats(const nw_redis *r, nw_redis_stats *out);

#endif
