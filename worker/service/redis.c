/*
 * redis.c -- hiredis behind a small state machine (see redis.h).  Every
 * command goes through run(), which makes sure the context is usable
 * (reconnecting when due), issues the command with argv/argvlen (binary
 * safe), and on a NULL reply (I/O error, EOF, timeout) drops the context and
 * schedules a reconnect.  A blocking context whose read timed out may hold a
 * half-read reply, so it is never reused after an error.
 */
#include <hiredis/hiredis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "log.h"
#include "redis.h"

struct nw_redis {
    redisContext *c;
    nw_redis_state state;
    char host[256];
    int port;
    int is_unix;
    char *user, *password;
    int db;
    int connect_timeout_ms, command_timeout_ms, backoff_min_ms, backoff_max_ms;
    int backoff_ms;
    int64_t next_try_ms, down_since_ms;
    int announced;          /* the current state has been logged */
    char errstr[128];
    nw_redis_stats stats;
};


static struct timeval tv_of(int ms) {
    struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
    return tv;
}

static const char *addr_text(const nw_redis *r, char *buf, size_t len) {
    if (r->is_unix)
        snprintf(buf, len, "unix:%s", r->host);
    else
        snprintf(buf, len, "%s:%d", r->host, r->port);
    return buf;
}

static void set_err(nw_redis *r, const char *what, const char *detail) {
    snprintf(r->errstr, sizeof(r->errstr), "%.24s%s%.96s", what, detail ? ": " : "",
             detail ? detail : "");
}

static void go_down(nw_redis *r) {
    char a[300];
    if (r->c) {
        redisFree(r->c);
        r->c = NULL;
        r->stats.disconnects++;
    }
    if (r->state != NW_REDIS_DOWN || !r->announced) {
        NW_LOG(NW_LOG_WARN, "redis_down", NULL, "{s:s,s:s,s:i}", "addr",
               addr_text(r, a, sizeof(a)), "error", r->errstr, "retry_ms", r->backoff_ms);
        r->down_since_ms = nw_clock_mono_ms();
        r->announced = 1;
    } else {
        NW_LOG(NW_LOG_DEBUG, "redis_retry_failed", NULL, "{s:s,s:i}", "error", r->errstr,
               "retry_ms", r->backoff_ms);
    }
    r->state = NW_REDIS_DOWN;
    r->next_try_ms = nw_clock_mono_ms() + r->backoff_ms;
    r->backoff_ms = r->backoff_ms * 2 > r->backoff_max_ms ? r->backoff_max_ms : r->backoff_ms * 2;
}

/* A command during connect (AUTH, SELECT): 0 when it answered OK. */
static int setup_cmd(nw_redis *r, int argc, const char **argv) {
    redisReply *rep = redisCommandArgv(r->c, argc, argv, NULL);
    int ok = rep && rep->type != REDIS_REPLY_ERROR;
    if (!rep)
        set_err(r, argv[0], r->c->errstr);
    else if (!ok)
        set_err(r, argv[0], rep->str);
    freeReplyObject(rep);
    return ok ? 0 : -1;
}

static int try_connect(nw_redis *r) {
    char a[300];
    struct timeval ct = tv_of(r->connect_timeout_ms);
    r->c = r->is_unix ? redisConnectUnixWithTimeout(r->host, ct)
                      : redisConnectWithTimeout(r->host, r->port, ct);
    if (!r->c || r->c->err) {
        set_err(r, "connect", r->c ? r->c->errstr : "out of memory");
        go_down(r);
        return -1;
    }
    if (redisSetTimeout(r->c, tv_of(r->command_timeout_ms)) != REDIS_OK) {
        set_err(r, "set timeout", r->c->errstr);
        go_down(r);
        return -1;
    }
    if (r->password && *r->password) {
        const char *argv[3] = {"AUTH", r->user && *r->user ? r->user : r->password, r->password};
        if (setup_cmd(r, r->user && *r->user ? 3 : 2, argv)) {
            go_down(r);
            return -1;
        }
    }
    if (r->db > 0) {
        char db[16];
        snprintf(db, sizeof(db), "%d", r->db);
        const char *argv[2] = {"SELECT", db};
        if (setup_cmd(r, 2, argv)) {
            go_down(r);
            return -1;
        }
    }
    r->stats.connects++;
    r->errstr[0] = '\0';
    if (r->state != NW_REDIS_UP || !r->announced)
        NW_LOG(NW_LOG_INFO, "redis_up", NULL, "{s:s,s:I}", "addr", addr_text(r, a, sizeof(a)),
               "down_ms", (json_int_t)(r->down_since_ms ? nw_clock_mono_ms() - r->down_since_ms : 0));
    r->state = NW_REDIS_UP;
    r->announced = 1;
    r->backoff_ms = r->backoff_min_ms;
    r->down_since_ms = 0;
    return 0;
}

nw_redis *nw_redis_new(const nw_redis_opts *o, char *err, size_t errlen) {
    nw_redis *r = calloc(1, sizeof(*r));
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    r->connect_timeout_ms = o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 200;
    r->command_timeout_ms = o->command_timeout_ms > 0 ? o->command_timeout_ms : 200;
    r->backoff_min_ms = o->backoff_min_ms > 0 ? o->backoff_min_ms : 100;
    r->backoff_max_ms = o->backoff_max_ms >= r->backoff_min_ms ? o->backoff_max_ms : r->backoff_min_ms;
    r->backoff_ms = r->backoff_min_ms;
    r->db = o->db;
    if (!o->addr || !*o->addr) {
        r->state = NW_REDIS_DISABLED;
        return r;
    }
    const char *a = o->addr;
    if (!strncmp(a, "unix:", 5) || a[0] == '/') {
        r->is_unix = 1;
        if (!strncmp(a, "unix:", 5))
            a += 5;
        if (strlen(a) >= sizeof(r->host) || !*a)
            goto bad;
        snprintf(r->host, sizeof(r->host), "%s", a);
    } else {
        const char *colon = strrchr(a, ':');
        size_t hl = colon ? (size_t)(colon - a) : strlen(a);
        r->port = 6379;
        if (colon) {
            char *end;
            long p = strtol(colon + 1, &end, 10);
            if (*end || p < 1 || p > 65535)
                goto bad;
            r->port = (int)p;
        }
        if (hl == 0 || hl >= sizeof(r->host))
            goto bad;
        memcpy(r->host, a, hl);
        r->host[hl] = '\0';
    }
    if ((o->user && !(r->user = strdup(o->user))) ||
        (o->password && !(r->password = strdup(o->password)))) {
        snprintf(err, errlen, "out of memory");
        nw_redis_free(&r);
        return NULL;
    }
    r->state = NW_REDIS_DOWN;
    try_connect(r);
    return r;
bad:
    snprintf(err, errlen, "bad Redis address '%.100s' (want host:port or unix:/path)", o->addr);
    nw_redis_free(&r);
    return NULL;
}

void nw_redis_free(nw_redis **rp) {
    if (!rp || !*rp)
        return;
    nw_redis *r = *rp;
    if (r->c)
        redisFree(r->c);
    free(r->user);
    free(r->password);
    free(r);
    *rp = NULL;
}

nw_redis_state nw_redis_poll(nw_redis *r) {
    if (r->state == NW_REDIS_DOWN && nw_clock_mono_ms() >= r->next_try_ms)
        try_connect(r);
    return r->state;
}

nw_redis_state nw_redis_state_of(const nw_redis *r) { return r->state; }

const char *nw_redis_errstr(const nw_redis *r) { return r->errstr; }

void nw_redis_get_stats(const nw_redis *r, nw_redis_stats *out) { *out = r->stats; }

/* Issue one command; NULL when unavailable or on I/O error (then DOWN). */
static redisReply *run(nw_redis *r, int argc, const char **argv, const size_t *lens) {
    if (nw_redis_poll(r) != NW_REDIS_UP)
        return NULL;
    r->stats.commands++;
    redisReply *rep = redisCommandArgv(r->c, argc, argv, lens);
    if (!rep) {
        r->stats.errors++;
        set_err(r, argv[0], r->c->errstr[0] ? r->c->errstr : "no reply");
        go_down(r);
        return NULL;
    }
    if (rep->type == REDIS_REPLY_ERROR) {
        r->stats.errors++;
        set_err(r, argv[0], rep->str);
        NW_LOG(NW_LOG_WARN, "redis_error", NULL, "{s:s}", "error", r->errstr);
        freeReplyObject(rep);
        return NULL;
    }
    return rep;
}

int nw_redis_get(nw_redis *r, const char *key, unsigned char **val, size_t *len) {
    const char *argv[2] = {"GET", key};
    redisReply *rep = run(r, 2, argv, NULL);
    int rc = -1;
    *val = NULL;
    *len = 0;
    if (!rep)
        return -1;
    if (rep->type == REDIS_REPLY_NIL) {
        rc = 0;
    } else if (rep->type == REDIS_REPLY_STRING) {
        *val = malloc(rep->len ? rep->len : 1);
        if (*val) {
            memcpy(*val, rep->str, rep->len);
            *len = rep->len;
            rc = 1;
        }
    }
    freeReplyObject(rep);
    return rc;
}

int nw_redis_set_nx_ex(nw_redis *r, const char *key, const void *val, size_t len,
                       long long ttl_s) {
    char ttl[24];
    snprintf(ttl, sizeof(ttl), "%lld", ttl_s > 0 ? ttl_s : 1);
    const char *argv[6] = {"SET", key, val, "EX", ttl, "NX"};
    size_t lens[6] = {3, strlen(key), len, 2, strlen(ttl), 2};
    redisReply *rep = run(r, 6, argv, lens);
    int rc;
    if (!rep)
        return -1;
    rc = rep->type == REDIS_REPLY_NIL ? 0 : 1;
    freeReplyObject(rep);
    return rc;
}

int nw_redis_xadd_fields(nw_redis *r, const char *stream, size_t maxlen, int nfields,
                         const char *const *names, const void *const *values,
                         const size_t *lens) {
    const char *argv[6 + 2 * 8];
    size_t argl[6 + 2 * 8];
    char ml[24];
    int argc = 0;
    if (nfields < 1 || nfields > 8) {
        set_err(r, "XADD", "1..8 fields");
        return -1;
    }
    snprintf(ml, sizeof(ml), "%zu", maxlen ? maxlen : 1);
    argv[argc] = "XADD"; argl[argc++] = 4;
    argv[argc] = stream; argl[argc++] = strlen(stream);
    argv[argc] = "MAXLEN"; argl[argc++] = 6;
    argv[argc] = "~"; argl[argc++] = 1;
    argv[argc] = ml; argl[argc++] = strlen(ml);
    argv[argc] = "*"; argl[argc++] = 1;
    for (int i = 0; i < nfields; i++) {
        argv[argc] = names[i]; argl[argc++] = strlen(names[i]);
        argv[argc] = values[i]; argl[argc++] = lens[i];
    }
    redisReply *rep = run(r, argc, argv, argl);
    if (!rep)
        return -1;
    freeReplyObject(rep);
    return 0;
}

int nw_redis_xadd_capped(nw_redis *r, const char *stream, size_t maxlen,
                         const void *data, size_t len) {
    const char *names[1] = {"data"};
    const void *values[1] = {data};
    size_t lens[1] = {len};
    return nw_redis_xadd_fields(r, stream, maxlen, 1, names, values, lens);
}
