/*
 * broker.c -- the broker's event loop (see broker.h, broker_proto.h).
 *
 * Delivery bookkeeping, in one place:
 *   - an article is "held" from the moment it is journalled until its ACK,
 *     or until its dead letter is out (PUB, and XADD when Redis is set);
 *   - ACCEPTED (or DUPLICATE) is sent only after the fdatasync that covers
 *     the article's 'A' record: producers' replies wait in `pending` for the
 *     next group commit (at most fsync_ms later, or when the batch fills);
 *   - a JOB counts one attempt ('T' record) when it is sent; RELEASE and
 *     DISCONNECT give the attempt back; the article a worker was on when
 *     it died or its lease expired keeps it counted and is requeued at the
 *     tail; a worker works through its jobs in order, so its other leases
 *     (a dead worker's younger ones, or ones expiring while the worker has
 *     answered nothing since an earlier expiry) are articles it never
 *     started: they go back uncounted, to the head;
 *   - an article whose counted attempts reach max_attempts is
 *     dead-lettered instead of dispatched again.
 * Everything here is single-threaded; the only other thread is ZAP's.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "clock.h"
#include "broker.h"
#include "broker_proto.h"
#include "broker_queue.h"
#include "curve.h"
#include "journal.h"
#include "lease.h"
#include "log.h"
#include "newsworker/v1/newsworker.pb-c.h"
#include "redis.h"
#include "sha256.h"

#define ITEM_UNSYNCED 1u
#define MAX_PENDING 1024         /* producer replies per group commit */
#define BURST 256                /* messages read per socket per pass */
#define MAX_DL_PENDING 10000     /* dead letters waiting for Redis */
#define MAX_IDENT 255
#define RAW_IN_DEADLETTER (64u * 1024u)

typedef struct reply {
    unsigned char ident[MAX_IDENT];
    uint8_t identlen;
    uint8_t req;                 /* REQ peer: echo an empty delimiter */
    uint8_t cmd;                 /* nw_bp_cmd */
    uint16_t idlen;
    char id[NW_BP_MAX_ID];
    const char *why;             /* INVALID only: a static reason string */
} reply;

typedef struct wslot {
    int used;
    unsigned char ident[MAX_IDENT];
    size_t identlen;
    char name[64];
    uint32_t credit, held;
    int64_t last_seen;
    int64_t ready_at;            /* no JOB before (warm-up after READY,
                                    a heartbeat after a RELEASE) */
    uint64_t done;               /* ACK, REJECT and RELEASE answers */
    uint64_t done_at_expiry;     /* done when a lease of it last expired */
    int stuck;                   /* a lease expired, no answer since */
} wslot;

typedef struct dlpend {
    nw_bq_item *item;            /* parked item, or NULL (undecodable PULL) */
    unsigned char *packed;       /* packed DeadLetter */
    size_t len;
    char id[NW_BP_MAX_ID + 1];
    int code;
    char message[160];
    uint32_t attempts;
} dlpend;

struct nw_broker {
    nw_broker_config cfg;
    void *zctx, *submit, *pull, *workers, *pub;
    nw_zap *zap;
    nw_bq *q;
    nw_lease_table *leases;
    nw_journal *journal;
    uint64_t epoch;
    reply *pending;
    size_t npending;
    int64_t pending_since;
    wslot *w;
    int nw, rr;
    dlpend *dl;
    size_t ndl;
    nw_redis *redis;             /* NULL = no Redis */
    int64_t dl_retry_at;
    int64_t next_heartbeat, next_stats;
    nw_broker_stats st, st_logged;
    size_t logged_gauges[4];     /* held, waiting, leased, workers */
    uint64_t compact_floor;
    int replaying;
};

/* ----------------------------------------------------------- helpers -- */



/* One JSON object a line on stderr through log.h (time, level, proc,
   event, then fields: a new reference, consumed; may be NULL). */
static void logj(const char *level, const char *event, json_t *fields) {
    int lv = nw_log_level_parse(level);
    if (lv < 0)
        lv = NW_LOG_INFO;
    if ((nw_log_level)lv < nw_log_threshold) {
        json_decref(fields);
        return;
    }
    if (fields)
        nw_log_emit((nw_log_level)lv, event, NULL, "o", fields);
    else
        nw_log_emit((nw_log_level)lv, event, NULL, NULL);
}

static json_t *jstrn(const char *s, size_t n) {
    json_t *j = json_stringn(s, n);
    return j ? j : json_string("(not utf-8)");
}

static int setopt_int(void *s, int opt, int v) {
    return zmq_setsockopt(s, opt, &v, sizeof(v));
}

/* ------------------------------------------------------------ config -- */

void nw_broker_config_defaults(nw_broker_config *c) {
    memset(c, 0, sizeof(*c));
    c->submit_endpoint = "tcp://127.0.0.1:5559";
    c->pull_endpoint = "tcp://127.0.0.1:5561";
    c->workers_endpoint = "tcp://127.0.0.1:5560";
    c->pub_endpoint = "tcp://127.0.0.1:5562";
    c->journal_path = "newsworker-broker.journal";
    c->capacity = 10000;
    c->max_attempts = 5;
    c->lease_ms = 60000;
    c->heartbeat_ms = 1000;
    c->liveness = 3;
    c->max_msg = 4u << 20;
    c->fsync_ms = 2;
    c->hwm = 10000;
    c->max_workers = 256;
    c->deadletter_stream = "newsworker:v1:deadletters";
    c->deadletter_maxlen = 100000;
    c->stats_ms = 1000;
    c->worker_warmup_ms = 200;
    c->compact_min_bytes = 64u << 20;
}

/* ------------------------------------------------------------- redis -- */

/* XADD one dead letter (redis.h keeps the connection, its timeouts, the
   reconnect back-off and the up/down log lines); 0 on success. */
static int redis_xadd(nw_broker *b, const dlpend *d) {
    char code[16], att[16];
    const char *names[5] = {"id", "code", "message", "attempts", "data"};
    const void *vals[5];
    size_t lens[5];
    if (!b->redis || nw_redis_poll(b->redis) != NW_REDIS_UP)
        return -1;
    snprintf(code, sizeof(code), "%d", d->code);
    snprintf(att, sizeof(att), "%u", d->attempts);
    vals[0] = d->id;      lens[0] = strlen(d->id);
    vals[1] = code;       lens[1] = strlen(code);
    vals[2] = d->message; lens[2] = strlen(d->message);
    vals[3] = att;        lens[3] = strlen(att);
    vals[4] = d->packed;  lens[4] = d->len;
    return nw_redis_xadd_fields(b->redis, b->cfg.deadletter_stream, b->cfg.deadletter_maxlen,
                                5, names, vals, lens);
}

/* ------------------------------------------------------ dead letters -- */

static const char *code_name(int code) {
    const ProtobufCEnumValue *v =
        protobuf_c_enum_descriptor_get_value(&newsworker__v1__error_code__descriptor, code);
    return v ? v->name : "ERROR_CODE_UNKNOWN";
}

/* Finishes a dead letter whose XADD is done (or not needed). */
static void dl_finish(nw_broker *b, dlpend *d) {
    if (d->item) {
        nw_journal_done(b->journal, d->item->id, d->item->idlen);
        nw_bq_remove(b->q, d->item);
        d->item = NULL;
    }
    free(d->packed);
    d->packed = NULL;
}

/* Dead-letters item (or, when item is NULL, the raw undecodable bytes):
   publishes on PUB at once and queues the XADD.  The item stays held
   (parked) until Redis has it. */
static void deadletter(nw_broker *b, nw_bq_item *item, const void *raw,
                       size_t rawlen, int code, const char *message,
                       const char *worker) {
    Newsworker__V1__DeadLetter m = NEWSWORKER__V1__DEAD_LETTER__INIT;
    char hex[65];
    dlpend d;
    memset(&d, 0, sizeof(d));
    if (item) {
        raw = item->data;
        rawlen = item->len;
        snprintf(d.id, sizeof(d.id), "%s", item->id);
        d.attempts = item->attempts;
        nw_bq_park(b->q, item);
    }
    d.item = item;
    d.code = code;
    snprintf(d.message, sizeof(d.message), "%s", message ? message : "");
    nw_sha256_hex(raw, rawlen, hex);
    m.article_id = d.id;
    m.code = (Newsworker__V1__ErrorCode)code;
    m.message = d.message;
    m.input_sha256 = hex;
    m.input_size = rawlen;
    m.worker_id = (char *)(worker && *worker ? worker : "broker");
    m.produced_at_ms = nw_clock_wall_ms();
    m.attempts = d.attempts;
    if (rawlen <= RAW_IN_DEADLETTER) {
        m.raw.data = (uint8_t *)raw;
        m.raw.len = rawlen;
    }
    d.len = newsworker__v1__dead_letter__get_packed_size(&m);
    d.packed = malloc(d.len ? d.len : 1);
    b->st.dead_lettered++;
    logj("warn", "dead_letter",
         json_pack("{s:o,s:s,s:s,s:i,s:s?}", "article_id", jstrn(d.id, strlen(d.id)),
                   "code", code_name(code), "message", d.message, "attempts",
                   (int)d.attempts, "worker", worker));
    if (!d.packed) {
        logj("error", "dead_letter_nomem", NULL);
        d.len = 0;
        dl_finish(b, &d);
        return;
    }
    newsworker__v1__dead_letter__pack(&m, d.packed);
    if (b->pub) {
        zmq_send(b->pub, "deadletter", 10, ZMQ_SNDMORE | ZMQ_DONTWAIT);
        zmq_send(b->pub, d.packed, d.len, ZMQ_DONTWAIT);
    }
    if (!b->redis) {
        dl_finish(b, &d);
        return;
    }
    if (b->ndl > 0 || redis_xadd(b, &d)) {   /* keep the order */
        if (b->ndl >= MAX_DL_PENDING) {
            logj("error", "dead_letter_backlog_full",
                 json_pack("{s:s}", "article_id", d.id));
            dl_finish(b, &d);
            return;
        }
        b->dl[b->ndl++] = d;
        return;
    }
    dl_finish(b, &d);
}

static void dl_retry(nw_broker *b) {
    size_t done = 0;
    while (done < b->ndl && done < 512 && redis_xadd(b, &b->dl[done]) == 0) {
        dl_finish(b, &b->dl[done]);
        done++;
    }
    if (done) {
        memmove(b->dl, b->dl + done, (b->ndl - done) * sizeof(*b->dl));
        b->ndl -= done;
    }
}

/* ------------------------------------------------------------ workers -- */

static int worker_find(nw_broker *b, const void *ident, size_t len) {
    for (int i = 0; i < b->nw; i++)
        if (b->w[i].used && b->w[i].identlen == len && !memcmp(b->w[i].ident, ident, len))
            return i;
    return -1;
}

static int worker_add(nw_broker *b, const void *ident, size_t len) {
    int i;
    if (len == 0 || len > MAX_IDENT)
        return -1;
    for (i = 0; i < b->nw; i++)
        if (!b->w[i].used)
            break;
    if (i == b->nw) {
        if (b->nw >= b->cfg.max_workers)
            return -1;
        b->nw++;
    }
    memset(&b->w[i], 0, sizeof(b->w[i]));
    b->w[i].used = 1;
    memcpy(b->w[i].ident, ident, len);
    b->w[i].identlen = len;
    return i;
}

/* 0 sent; -1 with errno (EHOSTUNREACH: the peer's connection is gone,
   which ROUTER_MANDATORY reports as soon as libzmq has seen it close). */
static int send_to_worker(nw_broker *b, int wi, nw_bp_cmd cmd) {
    const char *name = nw_bp_cmd_name(cmd);
    const void *parts[3] = {b->w[wi].ident, NW_BP_VERSION, name};
    size_t lens[3] = {b->w[wi].identlen, 4, strlen(name)};
    return nw_bp_send(b->workers, 3, parts, lens, ZMQ_DONTWAIT);
}

/* Requeues an article whose delivery failed (counted) or was handed back
   (not counted); dead-letters it when its counted attempts are spent. */
static void requeue(nw_broker *b, nw_bq_item *it, int counted) {
    if (!counted) {
        if (it->attempts > 0)
            it->attempts--;
        nw_journal_attempts(b->journal, it->id, it->idlen, it->attempts);
        nw_bq_requeue(b->q, it, 1);
        return;
    }
    if (it->attempts >= b->cfg.max_attempts) {
        char why[96];
        snprintf(why, sizeof(why), "no acknowledgement after %u delivery attempts",
                 it->attempts);
        it->lease = NULL;
        deadletter(b, it, NULL, 0, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_TOO_MANY_ATTEMPTS,
                   why, NULL);
        return;
    }
    nw_bq_requeue(b->q, it, 0);
}

/* Ends lease l; the item goes back (counted or not) or, with requeue_it 0,
   the caller decides. */
static nw_bq_item *lease_end(nw_broker *b, nw_lease *l) {
    nw_bq_item *it = l->item;
    int wi = l->worker;
    if (wi >= 0 && wi < b->nw && b->w[wi].used && b->w[wi].held > 0)
        b->w[wi].held--;
    it->lease = NULL;
    nw_lease_end(b->leases, &l);
    return it;
}

/* A worker left (counted 0: it said DISCONNECT) or died (counted 1).  A
   worker works through its jobs in the order it got them, so of a dead
   worker's leases only the oldest -- the article it was on -- keeps its
   attempt; the others it had not started go back uncounted, to the head.
   (Counting them all would let one poison article dead-letter the
   innocent ones leased beside it under a credit above 1.) */
static void worker_forget(nw_broker *b, int wi, int counted, const char *why) {
    nw_lease *l = nw_lease_first(b->leases);
    int n = 0;
    while (l) {   /* bounded by the number of leases, oldest first */
        nw_lease *nx = l->next;
        if (l->worker == wi) {
            nw_bq_item *it = lease_end(b, l);
            requeue(b, it, counted && n == 0);
            n++;
        }
        l = nx;
    }
    logj(counted ? "warn" : "info", counted ? "worker_dead" : "worker_left",
         json_pack("{s:s,s:s,s:i}", "worker", b->w[wi].name, "why", why, "requeued", n));
    if (counted)
        b->st.worker_deaths++;
    b->w[wi].used = 0;
    while (b->nw > 0 && !b->w[b->nw - 1].used)
        b->nw--;
}

/* Sends one JOB to worker wi; 0 sent, -1 not (item requeued). */
static int dispatch_one(nw_broker *b, int wi, nw_bq_item *it, int64_t now) {
    char lease[NW_BP_LEASE_MAX], att[16];
    nw_lease *l = nw_lease_grant(b->leases, it, wi, now);
    const void *parts[6];
    size_t lens[6];
    if (!l) {
        nw_bq_requeue(b->q, it, 1);
        return -1;
    }
    it->lease = l;
    it->attempts++;
    nw_bp_lease_format(b->epoch, l->seq, lease, sizeof(lease));
    snprintf(att, sizeof(att), "%u", it->attempts);
    parts[0] = b->w[wi].ident; lens[0] = b->w[wi].identlen;
    parts[1] = NW_BP_VERSION;  lens[1] = 4;
    parts[2] = "JOB";          lens[2] = 3;
    parts[3] = lease;          lens[3] = strlen(lease);
    parts[4] = att;            lens[4] = strlen(att);
    parts[5] = it->data;       lens[5] = it->len;
    if (nw_bp_send(b->workers, 6, parts, lens, ZMQ_DONTWAIT)) {
        int e = errno;
        it->attempts--;
        it->lease = NULL;
        nw_lease_end(b->leases, &l);
        nw_bq_requeue(b->q, it, 1);
        if (e == EHOSTUNREACH)
            worker_forget(b, wi, 1, "unreachable");
        return -1;
    }
    b->w[wi].held++;
    nw_journal_attempts(b->journal, it->id, it->idlen, it->attempts);
    b->st.dispatched++;
    if (it->attempts > 1)
        b->st.redelivered++;   /* a JOB with attempt >= 2 */
    return 0;
}

static void dispatch(nw_broker *b, int64_t now) {
    int idle_rounds = 0;
    if (b->nw == 0)
        return;
    /* round robin, one article per worker with free credit per step;
       bounded: stops after a full round in which nobody took anything */
    while (nw_bq_waiting(b->q) > 0 && idle_rounds < 1) {
        int gave = 0;
        for (int k = 0; k < b->nw && nw_bq_waiting(b->q) > 0; k++) {
            int wi = (b->rr + k) % b->nw;
            nw_bq_item *it;
            if (!b->w[wi].used || b->w[wi].held >= b->w[wi].credit ||
                now < b->w[wi].ready_at)
                continue;
            it = nw_bq_pop(b->q);
            if (it->attempts >= b->cfg.max_attempts) {
                /* spent before a restart, or a poison article */
                char why[96];
                snprintf(why, sizeof(why), "no acknowledgement after %u delivery attempts",
                         it->attempts);
                deadletter(b, it, NULL, 0,
                           NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_TOO_MANY_ATTEMPTS, why, NULL);
                continue;
            }
            if (dispatch_one(b, wi, it, now) == 0)
                gave++;
        }
        if (b->nw > 0)
            b->rr = (b->rr + 1) % b->nw;
        if (!gave)
            idle_rounds++;
    }
}

/* Finds the live lease named by frame fi, or NULL (stale or malformed). */
static nw_lease *lease_of(nw_broker *b, const nw_bp_msg *m, int fi) {
    uint64_t epoch, seq;
    if (nw_bp_lease_parse(nw_bp_data(m, fi), nw_bp_size(m, fi), &epoch, &seq) ||
        epoch != b->epoch)
        return NULL;
    return nw_lease_find(b->leases, seq);
}

static void on_worker_msg(nw_broker *b, nw_bp_msg *m, int64_t now) {
    const void *ident = nw_bp_data(m, 0);
    size_t identlen = nw_bp_size(m, 0);
    int wi, known;
    nw_bp_cmd cmd;
    if (m->n < 3 || !nw_bp_version_ok(nw_bp_data(m, 1), nw_bp_size(m, 1))) {
        b->st.invalid++;
        return;
    }
    cmd = nw_bp_cmd_parse(nw_bp_data(m, 2), nw_bp_size(m, 2));
    wi = worker_find(b, ident, identlen);
    known = wi >= 0;
    if (known)
        b->w[wi].last_seen = now;
    switch (cmd) {
    case NW_BP_READY: {
        uint32_t credit;
        if (m->n < 4 || nw_bp_parse_u32(nw_bp_data(m, 3), nw_bp_size(m, 3), 1000, &credit) ||
            credit == 0) {
            b->st.invalid++;
            return;
        }
        if (!known && (wi = worker_add(b, ident, identlen)) < 0) {
            logj("error", "too_many_workers", json_pack("{s:i}", "max", b->cfg.max_workers));
            return;
        }
        b->w[wi].credit = credit;
        b->w[wi].last_seen = now;
        snprintf(b->w[wi].name, sizeof(b->w[wi].name), "%.*s",
                 (int)(nw_bp_size(m, 4) < 63 ? nw_bp_size(m, 4) : 63),
                 m->n > 4 ? (const char *)nw_bp_data(m, 4) : "");
        if (!known)
            b->w[wi].ready_at = now + b->cfg.worker_warmup_ms;
        if (!known)
            logj("info", "worker_ready", json_pack("{s:s,s:i}", "worker", b->w[wi].name,
                                                   "credit", (int)credit));
        return;
    }
    case NW_BP_ACK:
    case NW_BP_REJECT:
    case NW_BP_RELEASE: {
        nw_lease *l = m->n >= 4 ? lease_of(b, m, 3) : NULL;
        nw_bq_item *it;
        if (known)
            b->w[wi].done++;
        if (!l) {
            b->st.stale++;
        } else if (cmd == NW_BP_ACK) {
            it = lease_end(b, l);
            nw_journal_done(b->journal, it->id, it->idlen);
            nw_bq_remove(b->q, it);
            b->st.acked++;
        } else if (cmd == NW_BP_RELEASE) {
            it = lease_end(b, l);
            requeue(b, it, 0);
            b->st.released++;
            /* a worker hands a JOB back when it shuts down (DISCONNECT
               follows at once) or when it could not publish or hold it:
               give it nothing for a heartbeat interval, or the article may
               bounce off a socket that is closing and the failed send count
               a death before the DISCONNECT behind the RELEASE is read */
            if (known)
                b->w[wi].ready_at = now + b->cfg.heartbeat_ms;
        } else {
            uint32_t code = NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_UNSPECIFIED;
            char why[160];
            if (m->n >= 5)
                nw_bp_parse_u32(nw_bp_data(m, 4), nw_bp_size(m, 4), 1000, &code);
            snprintf(why, sizeof(why), "%.*s",
                     (int)(nw_bp_size(m, 5) < 159 ? nw_bp_size(m, 5) : 159),
                     m->n >= 6 ? (const char *)nw_bp_data(m, 5) : "");
            it = lease_end(b, l);
            b->st.rejected++;
            deadletter(b, it, NULL, 0, (int)code, why, known ? b->w[wi].name : NULL);
        }
        break;
    }
    case NW_BP_HEARTBEAT:
        break;
    case NW_BP_DISCONNECT:
        if (known)
            worker_forget(b, wi, 0, "disconnect");
        return;
    default:
        b->st.invalid++;
        return;
    }
    if (!known) {
        /* a worker we do not know (we restarted, or declared it dead):
           ask it to announce itself again */
        const void *parts[3] = {ident, NW_BP_VERSION, "RESET"};
        size_t lens[3] = {identlen, 4, 5};
        nw_bp_send(b->workers, 3, parts, lens, ZMQ_DONTWAIT);
    }
}

/* ---------------------------------------------------------- producers -- */

static void reply_now(nw_broker *b, const reply *r) {
    const char *name = nw_bp_cmd_name((nw_bp_cmd)r->cmd);
    const void *parts[5];
    size_t lens[5];
    int n = 0;
    parts[n] = r->ident; lens[n++] = r->identlen;
    if (r->req) {
        parts[n] = ""; lens[n++] = 0;
    }
    parts[n] = NW_BP_VERSION; lens[n++] = 4;
    parts[n] = name; lens[n++] = strlen(name);
    parts[n] = r->id; lens[n++] = r->idlen;
    if (r->cmd == NW_BP_INVALID) {
        const char *why = r->why ? r->why : "invalid";
        parts[n] = why; lens[n++] = strlen(why);
    }
    if (nw_bp_send(b->submit, n, parts, lens, ZMQ_DONTWAIT) && errno != EHOSTUNREACH)
        logj("warn", "reply_failed", json_pack("{s:s}", "error", zmq_strerror(errno)));
}

/* Syncs the journal and answers every producer waiting on it. */
static int commit(nw_broker *b) {
    if (b->npending == 0 && nw_journal_buffered(b->journal) == 0)
        return 0;
    if (nw_journal_sync(b->journal)) {
        logj("error", "journal_sync_failed",
             json_pack("{s:s}", "error", nw_journal_strerror(b->journal)));
        return -1;
    }
    b->st.fsyncs++;
    for (size_t i = 0; i < b->npending; i++) {
        nw_bq_item *it = nw_bq_find(b->q, b->pending[i].id, b->pending[i].idlen);
        if (it)
            it->flags &= ~ITEM_UNSYNCED;
        reply_now(b, &b->pending[i]);
    }
    b->npending = 0;
    return 0;
}

static void reply_later(nw_broker *b, const void *ident, size_t identlen, int req,
                        nw_bp_cmd cmd, const char *id, size_t idlen, int64_t now) {
    reply *r;
    if (b->npending >= MAX_PENDING)
        commit(b);
    r = &b->pending[b->npending++];
    memcpy(r->ident, ident, identlen);
    r->identlen = (uint8_t)identlen;
    r->req = (uint8_t)req;
    r->cmd = (uint8_t)cmd;
    memcpy(r->id, id, idlen);
    r->idlen = (uint16_t)idlen;
    if (b->npending == 1)
        b->pending_since = now;
}

/* Journals and queues one article.  Returns the reply command. */
static nw_bp_cmd take(nw_broker *b, const char *id, size_t idlen, const void *data,
                      size_t len, nw_bq_item **out) {
    nw_bq_item *it = NULL;
    int rc = nw_bq_add(b->q, id, idlen, data, len, 0, 0, &it);
    *out = it;
    if (rc == NW_BQ_DUP) {
        b->st.duplicates++;
        return NW_BP_DUPLICATE;
    }
    if (rc == NW_BQ_FULL) {
        b->st.busy++;
        return NW_BP_BUSY;
    }
    if (rc != NW_BQ_OK || nw_journal_add(b->journal, id, idlen, data, len, 0)) {
        if (rc == NW_BQ_OK)
            nw_bq_remove(b->q, it);
        *out = NULL;
        b->st.busy++;
        return NW_BP_BUSY;
    }
    it->flags |= ITEM_UNSYNCED;
    return NW_BP_ACCEPTED;
}

/* The Article's id (copied into id, NUL-terminated) or -1 when the bytes
   do not decode or carry no usable id. */
static int article_id(const void *data, size_t len, char *id, size_t *idlen) {
    Newsworker__V1__Article *a =
        newsworker__v1__article__unpack(NULL, len, (const uint8_t *)data);
    size_t n;
    if (!a)
        return -1;
    n = a->id ? strlen(a->id) : 0;
    if (n == 0 || n > NW_BP_MAX_ID) {
        newsworker__v1__article__free_unpacked(a, NULL);
        return -1;
    }
    memcpy(id, a->id, n);
    id[n] = '\0';
    *idlen = n;
    newsworker__v1__article__free_unpacked(a, NULL);
    return 0;
}

static void on_submit_msg(nw_broker *b, nw_bp_msg *m, int64_t now) {
    const void *ident = nw_bp_data(m, 0);
    size_t identlen = nw_bp_size(m, 0);
    int req = m->n > 1 && nw_bp_size(m, 1) == 0;
    int base = req ? 2 : 1;
    char id[NW_BP_MAX_ID + 1];
    size_t idlen;
    const void *data;
    size_t len;
    nw_bq_item *it;
    nw_bp_cmd r;
    reply bad;
    if (identlen == 0 || identlen > MAX_IDENT)
        return;
    memset(&bad, 0, sizeof(bad));
    memcpy(bad.ident, ident, identlen);
    bad.identlen = (uint8_t)identlen;
    bad.req = (uint8_t)req;
    bad.cmd = NW_BP_INVALID;
    if (m->n < base + 4 || !nw_bp_version_ok(nw_bp_data(m, base), nw_bp_size(m, base)) ||
        nw_bp_cmd_parse(nw_bp_data(m, base + 1), nw_bp_size(m, base + 1)) != NW_BP_SUBMIT) {
        b->st.invalid++;
        bad.why = "malformed message";
        reply_now(b, &bad);
        return;
    }
    idlen = nw_bp_size(m, base + 2);
    data = nw_bp_data(m, base + 3);
    len = nw_bp_size(m, base + 3);
    if (idlen > NW_BP_MAX_ID || len == 0 || len > b->cfg.max_msg) {
        b->st.invalid++;
        bad.why = idlen > NW_BP_MAX_ID ? "id too long"
                  : len == 0          ? "empty article"
                                      : "article too large";
        if (idlen <= NW_BP_MAX_ID) {
            memcpy(bad.id, nw_bp_data(m, base + 2), idlen);
            bad.idlen = (uint16_t)idlen;
        }
        reply_now(b, &bad);
        return;
    }
    if (idlen) {
        memcpy(id, nw_bp_data(m, base + 2), idlen);
        id[idlen] = '\0';
    } else if (article_id(data, len, id, &idlen)) {
        b->st.invalid++;
        bad.why = "not an Article with an id";
        reply_now(b, &bad);
        return;
    }
    r = take(b, id, idlen, data, len, &it);
    if (r == NW_BP_ACCEPTED)
        b->st.accepted++;
    if ((r == NW_BP_ACCEPTED || r == NW_BP_DUPLICATE) && it && (it->flags & ITEM_UNSYNCED)) {
        reply_later(b, ident, identlen, req, r, id, idlen, now);
    } else {
        reply rr = bad;
        rr.cmd = (uint8_t)r;
        memcpy(rr.id, id, idlen);
        rr.idlen = (uint16_t)idlen;
        reply_now(b, &rr);
    }
}

static void on_pull_msg(nw_broker *b, nw_bp_msg *m) {
    char id[NW_BP_MAX_ID + 1];
    size_t idlen;
    nw_bq_item *it;
    const void *data = nw_bp_data(m, 0);
    size_t len = nw_bp_size(m, 0);
    b->st.pulled++;
    if (m->n != 1 || len > b->cfg.max_msg || article_id(data, len, id, &idlen)) {
        b->st.invalid++;
        deadletter(b, NULL, data, len, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_UNDECODABLE,
                   "PULL endpoint: not an Article with an id", NULL);
        return;
    }
    if (take(b, id, idlen, data, len, &it) == NW_BP_ACCEPTED)
        b->st.accepted++;
}

/* ------------------------------------------------------------ journal -- */

static int replay_cb(void *ud, int type, const char *id, size_t idlen,
                     const unsigned char *data, size_t len, uint32_t attempts) {
    nw_broker *b = ud;
    nw_bq_item *it = nw_bq_find(b->q, id, idlen);
    switch (type) {
    case NW_JOURNAL_ADD:
        if (!it && nw_bq_add(b->q, id, idlen, data, len, attempts, 1, &it) == NW_BQ_NOMEM)
            return -1;
        if (it)
            it->attempts = attempts;
        break;
    case NW_JOURNAL_DONE:
        nw_bq_remove(b->q, it);
        break;
    case NW_JOURNAL_ATTEMPTS:
        if (it)
            it->attempts = attempts;
        break;
    default:
        break;
    }
    return 0;
}

typedef struct compact_ctx {
    nw_journal *j;
    int failed;
} compact_ctx;

static int compact_one(void *ud, nw_bq_item *it) {
    compact_ctx *c = ud;
    if (nw_journal_compact_add(c->j, it->id, it->idlen, it->data, it->len, it->attempts)) {
        c->failed = 1;
        return 1;
    }
    return 0;
}

static void maybe_compact(nw_broker *b) {
    uint64_t size = nw_journal_size(b->journal), live = nw_bq_bytes(b->q);
    uint64_t limit = 4 * live + (live >> 1);
    compact_ctx c = {b->journal, 0};
    int64_t t0;
    if (limit < b->compact_floor)
        limit = b->compact_floor;
    if (size <= limit)
        return;
    if (commit(b))
        return;
    t0 = nw_clock_mono_ms();
    if (nw_journal_compact_begin(b->journal)) {
        logj("error", "journal_compact_failed",
             json_pack("{s:s}", "error", nw_journal_strerror(b->journal)));
        b->compact_floor *= 2;
        return;
    }
    nw_bq_each(b->q, compact_one, &c);
    if (c.failed || nw_journal_compact_commit(b->journal)) {
        nw_journal_compact_abort(b->journal);
        logj("error", "journal_compact_failed",
             json_pack("{s:s}", "error", nw_journal_strerror(b->journal)));
        b->compact_floor *= 2;
        return;
    }
    b->st.compactions++;
    logj("info", "journal_compacted",
         json_pack("{s:I,s:I,s:I,s:I}", "before_bytes", (json_int_t)size, "after_bytes",
                   (json_int_t)nw_journal_size(b->journal), "articles",
                   (json_int_t)nw_bq_held(b->q), "ms", (json_int_t)(nw_clock_mono_ms() - t0)));
}

/* ------------------------------------------------------------ sockets -- */

static void *make_socket(nw_broker *b, int type, const char *ep, int curve, char *err,
                         size_t errlen) {
    void *s = zmq_socket(b->zctx, type);
    int64_t maxmsg = (int64_t)b->cfg.max_msg + 4096;
    if (!s) {
        snprintf(err, errlen, "socket: %s", zmq_strerror(errno));
        return NULL;
    }
    /* Deliberate options:
       LINGER 0: at exit nothing unsent matters (producers resubmit without
         ACCEPTED; workers' JOBs are still leased and journalled) -- except
         the last ACCEPTED replies, so destroy gives the submit socket 1 s;
       SNDHWM/RCVHWM: bounded memory per peer; MAXMSGSIZE: a peer sending
         more than an article's worth is disconnected by libzmq before
         allocation;  ROUTER_MANDATORY: a reply/JOB to a peer that is gone
         fails with EHOSTUNREACH instead of vanishing, so a JOB is
         requeued at once;  HEARTBEAT_*: ZMTP pings find dead TCP peers
         (our own HEARTBEAT frames find live-but-stuck workers). */
    setopt_int(s, ZMQ_LINGER, 0);
    setopt_int(s, ZMQ_SNDHWM, b->cfg.hwm);
    setopt_int(s, ZMQ_RCVHWM, b->cfg.hwm);
    zmq_setsockopt(s, ZMQ_MAXMSGSIZE, &maxmsg, sizeof(maxmsg));
    if (type == ZMQ_ROUTER)
        setopt_int(s, ZMQ_ROUTER_MANDATORY, 1);
    if (type != ZMQ_PUB && type != ZMQ_PULL) {
        setopt_int(s, ZMQ_HEARTBEAT_IVL, b->cfg.heartbeat_ms);
        setopt_int(s, ZMQ_HEARTBEAT_TIMEOUT, b->cfg.heartbeat_ms * b->cfg.liveness);
    }
    if (curve && nw_curve_server(s, b->cfg.curve_secret)) {
        snprintf(err, errlen, "CURVE setup: %s", zmq_strerror(errno));
        zmq_close(s);
        return NULL;
    }
    if (zmq_bind(s, ep)) {
        snprintf(err, errlen, "bind %s: %s", ep, zmq_strerror(errno));
        zmq_close(s);
        return NULL;
    }
    return s;
}

nw_broker *nw_broker_new(const nw_broker_config *c, char *err, size_t errlen) {
    nw_broker *b = calloc(1, sizeof(*b));
    char jerr[256];
    int curve = c->curve_secret && *c->curve_secret;
    struct timespec ts;
    if (!b) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    b->cfg = *c;
    if (c->capacity < 1 || c->max_attempts < 1 || c->lease_ms < 10 ||
        c->heartbeat_ms < 10 || c->liveness < 1 || c->max_workers < 1 ||
        c->fsync_ms < 0 || c->hwm < 1 || !c->submit_endpoint || !c->workers_endpoint ||
        !c->journal_path) {
        snprintf(err, errlen, "invalid broker configuration");
        goto fail;
    }
    clock_gettime(CLOCK_REALTIME, &ts);
    b->epoch = (((uint64_t)ts.tv_sec << 20) ^ (uint64_t)ts.tv_nsec ^
                ((uint64_t)getpid() << 40)) & 0xffffffffffffULL;
    b->compact_floor = c->compact_min_bytes ? c->compact_min_bytes : (64u << 20);
    b->q = nw_bq_new(c->capacity);
    b->leases = nw_lease_table_new(c->lease_ms);
    b->pending = calloc(MAX_PENDING, sizeof(*b->pending));
    b->w = calloc((size_t)c->max_workers, sizeof(*b->w));
    b->dl = calloc(MAX_DL_PENDING, sizeof(*b->dl));
    if (!b->q || !b->leases || !b->pending || !b->w || !b->dl) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    b->journal = nw_journal_open(c->journal_path, c->max_msg, replay_cb, b, jerr, sizeof(jerr));
    if (!b->journal) {
        snprintf(err, errlen, "journal: %s", jerr);
        goto fail;
    }
    b->st.replayed = nw_bq_held(b->q);
    logj("info", "journal_replayed",
         json_pack("{s:s,s:I,s:I,s:s}", "path", c->journal_path, "articles",
                   (json_int_t)nw_bq_held(b->q), "bytes",
                   (json_int_t)nw_journal_size(b->journal), "note",
                   nw_journal_strerror(b->journal)));
    if (c->redis_addr && *c->redis_addr) {
        nw_redis_opts ro = {
            .addr = c->redis_addr,
            .user = c->redis_user,
            .password = c->redis_password,
            .connect_timeout_ms = 200,
            .command_timeout_ms = 500,
            .backoff_min_ms = 100,
            .backoff_max_ms = 2000,
        };
        b->redis = nw_redis_new(&ro, err, errlen);
        if (!b->redis)
            goto fail;
    }
    b->zctx = zmq_ctx_new();
    if (!b->zctx) {
        snprintf(err, errlen, "zmq context: %s", zmq_strerror(errno));
        goto fail;
    }
    if (curve) {
        b->zap = nw_zap_start(b->zctx, c->curve_allow, err, errlen);
        if (!b->zap)
            goto fail;
    }
    if (!(b->submit = make_socket(b, ZMQ_ROUTER, c->submit_endpoint, curve, err, errlen)) ||
        !(b->workers = make_socket(b, ZMQ_ROUTER, c->workers_endpoint, curve, err, errlen)))
        goto fail;
    if (c->pull_endpoint && *c->pull_endpoint &&
        !(b->pull = make_socket(b, ZMQ_PULL, c->pull_endpoint, curve, err, errlen)))
        goto fail;
    if (c->pub_endpoint && *c->pub_endpoint &&
        !(b->pub = make_socket(b, ZMQ_PUB, c->pub_endpoint, curve, err, errlen)))
        goto fail;
    return b;
fail:
    nw_broker_destroy(&b);
    return NULL;
}

void nw_broker_destroy(nw_broker **bp) {
    nw_broker *b;
    if (!bp || !*bp)
        return;
    b = *bp;
    if (b->submit) {
        /* the last ACCEPTED replies were queued just before: let them out */
        setopt_int(b->submit, ZMQ_LINGER, 1000);
        zmq_close(b->submit);
    }
    if (b->workers) zmq_close(b->workers);
    if (b->pull) zmq_close(b->pull);
    if (b->pub) zmq_close(b->pub);
    nw_zap_stop(&b->zap);
    if (b->zctx)
        zmq_ctx_term(b->zctx);
    nw_journal_close(&b->journal);
    for (size_t i = 0; i < b->ndl; i++)
        free(b->dl[i].packed);
    nw_redis_free(&b->redis);
    nw_lease_table_destroy(&b->leases);
    nw_bq_destroy(&b->q);
    free(b->pending);
    free(b->w);
    free(b->dl);
    free(b);
    *bp = NULL;
}

const nw_broker_stats *nw_broker_get_stats(const nw_broker *b) { return &b->st; }

/* --------------------------------------------------------------- loop -- */

static void log_stats(nw_broker *b, const char *event) {
    const nw_broker_stats *s = &b->st;
    logj("info", event,
         json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,"
                   "s:I,s:I,s:i}",
                   "accepted", (json_int_t)s->accepted, "duplicates", (json_int_t)s->duplicates,
                   "busy", (json_int_t)s->busy, "invalid", (json_int_t)s->invalid,
                   "dispatched", (json_int_t)s->dispatched, "redelivered",
                   (json_int_t)s->redelivered, "acked", (json_int_t)s->acked, "stale",
                   (json_int_t)s->stale, "released", (json_int_t)s->released, "rejected",
                   (json_int_t)s->rejected, "expired", (json_int_t)s->expired,
                   "worker_deaths", (json_int_t)s->worker_deaths, "dead_lettered",
                   (json_int_t)s->dead_lettered, "fsyncs", (json_int_t)s->fsyncs,
                   "replayed", (json_int_t)s->replayed, "held", (json_int_t)nw_bq_held(b->q),
                   "waiting", (json_int_t)nw_bq_waiting(b->q), "leased",
                   (json_int_t)nw_lease_count(b->leases), "workers", b->nw));
    b->st_logged = b->st;
    b->logged_gauges[0] = nw_bq_held(b->q);
    b->logged_gauges[1] = nw_bq_waiting(b->q);
    b->logged_gauges[2] = nw_lease_count(b->leases);
    b->logged_gauges[3] = (size_t)b->nw;
}

static int stats_changed(const nw_broker *b) {
    return memcmp(&b->st, &b->st_logged, sizeof(b->st)) ||
           b->logged_gauges[0] != nw_bq_held(b->q) ||
           b->logged_gauges[1] != nw_bq_waiting(b->q) ||
           b->logged_gauges[2] != nw_lease_count(b->leases) ||
           b->logged_gauges[3] != (size_t)b->nw;
}

static void timers(nw_broker *b, int64_t now) {
    nw_lease *l;
    int n = 0;
    while ((l = nw_lease_expired(b->leases, now)) != NULL && n++ < 10000) {
        /* the worker's oldest lease expires first; a later one expiring
           while the worker has answered nothing since is an article it
           never started (it is stuck on the earlier one): not counted */
        int wi = l->worker, counted = 1;
        if (wi >= 0 && wi < b->nw && b->w[wi].used) {
            wslot *w = &b->w[wi];
            counted = !(w->stuck && w->done == w->done_at_expiry);
            w->stuck = 1;
            w->done_at_expiry = w->done;
        }
        nw_bq_item *it = lease_end(b, l);
        b->st.expired++;
        requeue(b, it, counted);
    }
    if (now >= b->next_heartbeat) {
        int64_t dead_after = (int64_t)b->cfg.heartbeat_ms * b->cfg.liveness;
        for (int i = 0; i < b->nw; i++) {
            if (!b->w[i].used)
                continue;
            if (now - b->w[i].last_seen > dead_after)
                worker_forget(b, i, 1, "heartbeat lost");
            else if (send_to_worker(b, i, NW_BP_HEARTBEAT) && errno == EHOSTUNREACH)
                worker_forget(b, i, 1, "connection closed");
        }
        b->next_heartbeat = now + b->cfg.heartbeat_ms;
    }
    if (b->ndl > 0 && now >= b->dl_retry_at) {
        dl_retry(b);
        b->dl_retry_at = now + 200;
    }
    if (now >= b->next_stats) {   /* stats line, and the compaction check */
        if (b->cfg.stats_ms > 0 && stats_changed(b))
            log_stats(b, "stats");
        maybe_compact(b);
        b->next_stats = now + (b->cfg.stats_ms > 0 ? b->cfg.stats_ms : 1000);
    }
}

int nw_broker_run(nw_broker *b, volatile sig_atomic_t *stop) {
    int64_t now = nw_clock_mono_ms();
    b->next_heartbeat = now + b->cfg.heartbeat_ms;
    b->next_stats = now + (b->cfg.stats_ms > 0 ? b->cfg.stats_ms : 1000);
    logj("info", "broker_started",
         json_pack("{s:s,s:s?,s:s,s:s?,s:I,s:i,s:i,s:b}", "submit", b->cfg.submit_endpoint,
                   "pull", b->cfg.pull_endpoint, "workers", b->cfg.workers_endpoint, "pub",
                   b->cfg.pub_endpoint, "capacity", (json_int_t)b->cfg.capacity,
                   "max_attempts", (int)b->cfg.max_attempts, "lease_ms", b->cfg.lease_ms,
                   "curve", b->zap != NULL));
    while (!*stop) {
        zmq_pollitem_t items[3];
        int n = 0, pull_i = -1, rc;
        int64_t wake, timeout;
        items[n++] = (zmq_pollitem_t){b->workers, 0, ZMQ_POLLIN, 0};
        items[n++] = (zmq_pollitem_t){b->submit, 0, ZMQ_POLLIN, 0};
        if (b->pull && !nw_bq_full(b->q)) {   /* full: stop reading PULL */
            pull_i = n;
            items[n++] = (zmq_pollitem_t){b->pull, 0, ZMQ_POLLIN, 0};
        }
        now = nw_clock_mono_ms();
        wake = b->next_heartbeat;
        if (nw_lease_next_deadline(b->leases) < wake)
            wake = nw_lease_next_deadline(b->leases);
        if (nw_bq_waiting(b->q) > 0)
            for (int i = 0; i < b->nw; i++)
                if (b->w[i].used && b->w[i].ready_at > now && b->w[i].ready_at < wake)
                    wake = b->w[i].ready_at;
        if (b->npending && b->pending_since + b->cfg.fsync_ms < wake)
            wake = b->pending_since + b->cfg.fsync_ms;
        timeout = wake - now;
        if (timeout < 0)
            timeout = 0;
        if (timeout > 100)
            timeout = 100;
        rc = zmq_poll(items, n, (long)timeout);
        if (rc < 0 && errno != EINTR) {
            logj("error", "poll_failed", json_pack("{s:s}", "error", zmq_strerror(errno)));
            break;
        }
        now = nw_clock_mono_ms();
        if (rc > 0) {
            nw_bp_msg m;
            for (int k = 0; k < BURST && (items[0].revents & ZMQ_POLLIN) &&
                            nw_bp_recv(b->workers, &m, ZMQ_DONTWAIT) >= 0; k++) {
                on_worker_msg(b, &m, now);
                nw_bp_msg_close(&m);
            }
            for (int k = 0; k < BURST && (items[1].revents & ZMQ_POLLIN) &&
                            nw_bp_recv(b->submit, &m, ZMQ_DONTWAIT) >= 0; k++) {
                on_submit_msg(b, &m, now);
                nw_bp_msg_close(&m);
            }
            for (int k = 0; k < BURST && pull_i >= 0 && (items[pull_i].revents & ZMQ_POLLIN) &&
                            !nw_bq_full(b->q) && nw_bp_recv(b->pull, &m, ZMQ_DONTWAIT) >= 0;
                 k++) {
                on_pull_msg(b, &m);
                nw_bp_msg_close(&m);
            }
        }
        if (b->npending && (now >= b->pending_since + b->cfg.fsync_ms ||
                            b->npending >= MAX_PENDING / 2)) {
            if (commit(b))
                return -1;
        } else if (b->npending == 0 && nw_journal_buffered(b->journal) > 0) {
            nw_journal_flush(b->journal);   /* D/T and PULL records: no fsync */
        }
        dispatch(b, now);
        timers(b, now);
    }
    if (commit(b))
        return -1;
    log_stats(b, "broker_stopped");
    return 0;
}
