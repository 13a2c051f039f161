/*
 * cmd_deadletters.c -- `newsworker deadletters list|replay`: read the capped
 * Redis stream of dead letters (newsworker:v1:deadletters) and resubmit
 * them to the broker.
 *
 * Each stream entry carries the packed newsworker.v1.DeadLetter in the
 * field "data" (the broker also adds "id", "code", "message", "attempts"
 * for redis-cli readers).  `list` prints one JSON object per entry, oldest
 * first.  `replay [ENTRY-ID...]` (all entries when none is named) submits
 * each dead letter's raw Article to the broker's submit endpoint with the
 * NWB1 protocol, one at a time, waiting for ACCEPTED or DUPLICATE (BUSY is
 * retried until --timeout-ms), then XDELs the entry unless --keep.  The
 * broker treats a replay as a new submission: its attempt count starts
 * again.  Entries without the raw input (larger than 64 KiB when they died)
 * cannot be replayed and are reported.
 */
#include <errno.h>
#include <hiredis.h>
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "clock.h"
#include "broker_proto.h"
#include "cli.h"
#include "config.h"
#include "curve.h"
#include "newsworker/v1/newsworker.pb-c.h"

int cmd_deadletters(int argc, char **argv);

typedef struct dl_cfg {
    char *redis, *redis_user, *redis_password, *stream, *submit;
    char *curve_server_key, *curve_public_key, *curve_secret_key;
    long long count, timeout_ms;
    int keep;
} dl_cfg;

#define O(f) offsetof(dl_cfg, f)
static const nw_config_entry dl_table[] = {
    {"redis", "NEWSWORKER_REDIS", NW_CFG_STR, O(redis), "127.0.0.1:6379", 1, 512, NULL,
     "host:port of Redis", 0},
    {"redis-user", "NEWSWORKER_REDIS_USER", NW_CFG_STR, O(redis_user), "", 0, 256, NULL,
     "Redis ACL user", 0},
    {"redis-password", "NEWSWORKER_REDIS_PASSWORD", NW_CFG_STR, O(redis_password), "", 0,
     512, NULL, "Redis password", 1},
    {"stream", "NEWSWORKER_DEADLETTER_STREAM", NW_CFG_STR, O(stream),
     "newsworker:v1:deadletters", 1, 256, NULL, "the dead-letter stream", 0},
    {"count", NULL, NW_CFG_INT, O(count), "1000", 1, 10000000, NULL,
     "list/replay at most this many entries", 0},
    {"submit", "NEWSWORKER_SUBMIT_ENDPOINT", NW_CFG_STR, O(submit), "tcp://127.0.0.1:5559", 1,
     1024, NULL, "replay: the broker's submit endpoint", 0},
    {"timeout-ms", NULL, NW_CFG_INT, O(timeout_ms), "10000", 1, 3600000, NULL,
     "replay: give up on an entry after this long without ACCEPTED", 0},
    {"keep", NULL, NW_CFG_BOOL, O(keep), "false", 0, 0, NULL,
     "replay: leave replayed entries in the stream", 0},
    {"curve-server-key", "NEWSWORKER_CURVE_SERVER_KEY", NW_CFG_STR, O(curve_server_key), "", 0,
     4096, NULL, "replay: the broker's Z85 public key (or @FILE); empty = plain", 0},
    {"curve-public-key", "NEWSWORKER_CURVE_PUBLIC_KEY", NW_CFG_STR, O(curve_public_key), "", 0,
     4096, NULL, "replay: this client's Z85 public key (or @FILE)", 0},
    {"curve-secret-key", "NEWSWORKER_CURVE_SECRET_KEY", NW_CFG_STR, O(curve_secret_key), "", 0,
     4096, NULL, "replay: this client's Z85 secret key (or @FILE)", 1},
};
#undef O
#define N_DL (sizeof(dl_table) / sizeof(dl_table[0]))

static redisContext *connect_redis(const dl_cfg *c) {
    char host[256];
    int port = 6379;
    const char *colon = strrchr(c->redis, ':');
    struct timeval tv = {2, 0};
    redisContext *r;
    redisReply *rep;
    if (colon) {
        snprintf(host, sizeof(host), "%.*s", (int)(colon - c->redis), c->redis);
        port = atoi(colon + 1);
    } else {
        snprintf(host, sizeof(host), "%s", c->redis);
    }
    r = redisConnectWithTimeout(host, port, tv);
    if (!r || r->err) {
        fprintf(stderr, "newsworker deadletters: redis %s: %s\n", c->redis,
                r ? r->errstr : "out of memory");
        if (r)
            redisFree(r);
        return NULL;
    }
    redisSetTimeout(r, tv);
    if (c->redis_password[0]) {
        rep = c->redis_user[0]
                  ? redisCommand(r, "AUTH %s %s", c->redis_user, c->redis_password)
                  : redisCommand(r, "AUTH %s", c->redis_password);
        if (!rep || rep->type == REDIS_REPLY_ERROR) {
            fprintf(stderr, "newsworker deadletters: AUTH: %s\n", rep ? rep->str : r->errstr);
            if (rep)
                freeReplyObject(rep);
            redisFree(r);
            return NULL;
        }
        freeReplyObject(rep);
    }
    return r;
}

/* The value of field name in a stream entry's field array, or NULL. */
static const redisReply *field(const redisReply *fields, const char *name) {
    if (!fields || fields->type != REDIS_REPLY_ARRAY)
        return NULL;
    for (size_t i = 0; i + 1 < fields->elements; i += 2) {
        const redisReply *k = fields->element[i];
        if (k->type == REDIS_REPLY_STRING && k->len == strlen(name) &&
            !memcmp(k->str, name, k->len))
            return fields->element[i + 1];
    }
    return NULL;
}

static Newsworker__V1__DeadLetter *decode(const redisReply *fields) {
    const redisReply *d = field(fields, "data");
    if (!d || d->type != REDIS_REPLY_STRING)
        return NULL;
    return newsworker__v1__dead_letter__unpack(NULL, d->len, (const uint8_t *)d->str);
}

static void print_entry(const char *entry, const redisReply *fields) {
    Newsworker__V1__DeadLetter *m = decode(fields);
    json_t *o = json_object();
    char *s;
    const ProtobufCEnumValue *ev;
    if (!o)
        return;
    json_object_set_new(o, "entry", json_string(entry));
    if (m) {
        ev = protobuf_c_enum_descriptor_get_value(&newsworker__v1__error_code__descriptor,
                                                   m->code);
        json_object_set_new(o, "id", json_string(m->article_id ? m->article_id : ""));
        json_object_set_new(o, "code", json_string(ev ? ev->name : "ERROR_CODE_UNKNOWN"));
        json_object_set_new(o, "message", json_string(m->message ? m->message : ""));
        json_object_set_new(o, "attempts", json_integer(m->attempts));
        json_object_set_new(o, "worker", json_string(m->worker_id ? m->worker_id : ""));
        json_object_set_new(o, "produced_at_ms", json_integer(m->produced_at_ms));
        json_object_set_new(o, "input_size", json_integer((json_int_t)m->input_size));
        json_object_set_new(o, "input_sha256", json_string(m->input_sha256 ? m->input_sha256 : ""));
        json_object_set_new(o, "replayable", json_boolean(m->raw.len > 0));
        newsworker__v1__dead_letter__free_unpacked(m, NULL);
    } else {
        json_object_set_new(o, "error", json_string("no decodable \"data\" field"));
    }
    s = json_dumps(o, JSON_COMPACT);
    if (s)
        puts(s);
    free(s);
    json_decref(o);
}

/* Submits one article and waits for the verdict.  Returns the reply
   command, or NW_BP_UNKNOWN on timeout. */
static nw_bp_cmd submit_one(void *sock, const char *id, const void *data, size_t len,
                            int64_t timeout_ms) {
    int64_t end = nw_clock_mono_ms() + timeout_ms;
    const void *parts[4] = {NW_BP_VERSION, "SUBMIT", id, data};
    size_t lens[4] = {4, 6, strlen(id), len};
    for (;;) {   /* bounded by the deadline */
        int64_t resend = nw_clock_mono_ms() + 1000;
        if (nw_bp_send(sock, 4, parts, lens, ZMQ_DONTWAIT) && errno != EAGAIN)
            return NW_BP_UNKNOWN;
        while (nw_clock_mono_ms() < resend && nw_clock_mono_ms() < end) {
            zmq_pollitem_t it = {sock, 0, ZMQ_POLLIN, 0};
            nw_bp_msg m;
            if (zmq_poll(&it, 1, 100) <= 0)
                continue;
            if (nw_bp_recv(sock, &m, ZMQ_DONTWAIT) < 0)
                continue;
            if (m.n >= 3 && nw_bp_version_ok(nw_bp_data(&m, 0), nw_bp_size(&m, 0)) &&
                nw_bp_size(&m, 2) == strlen(id) && !memcmp(nw_bp_data(&m, 2), id, strlen(id))) {
                nw_bp_cmd c = nw_bp_cmd_parse(nw_bp_data(&m, 1), nw_bp_size(&m, 1));
                nw_bp_msg_close(&m);
                if (c == NW_BP_BUSY) {
                    struct timespec ts = {0, 100 * 1000000L};
                    nanosleep(&ts, NULL);
                    break;   /* resend */
                }
                return c;
            }
            nw_bp_msg_close(&m);   /* a late reply to an earlier entry */
        }
        if (nw_clock_mono_ms() >= end)
            return NW_BP_UNKNOWN;
    }
}

static void *open_submit(const dl_cfg *c, void **zctxp) {
    void *zctx = zmq_ctx_new(), *s;
    int linger = 1000, one = 1;
    char err[160];
    const char *ep = c->submit[0] == '>' || c->submit[0] == '@' ? c->submit + 1 : c->submit;
    if (!zctx)
        return NULL;
    s = zmq_socket(zctx, ZMQ_DEALER);
    if (!s) {
        zmq_ctx_term(zctx);
        return NULL;
    }
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof(linger));
    zmq_setsockopt(s, ZMQ_IMMEDIATE, &one, sizeof(one));
    if (c->curve_server_key[0]) {
        char sk[NW_CURVE_KEYLEN + 1], pk[NW_CURVE_KEYLEN + 1], xk[NW_CURVE_KEYLEN + 1];
        if (nw_curve_key_load(c->curve_server_key, sk, err, sizeof(err)) ||
            nw_curve_key_load(c->curve_public_key, pk, err, sizeof(err)) ||
            nw_curve_key_load(c->curve_secret_key, xk, err, sizeof(err)) ||
            nw_curve_client(s, sk, pk, xk)) {
            fprintf(stderr, "newsworker deadletters: CURVE: %s\n", err);
            zmq_close(s);
            zmq_ctx_term(zctx);
            return NULL;
        }
    }
    if (zmq_connect(s, ep)) {
        fprintf(stderr, "newsworker deadletters: connect %s: %s\n", ep, zmq_strerror(errno));
        zmq_close(s);
        zmq_ctx_term(zctx);
        return NULL;
    }
    *zctxp = zctx;
    return s;
}

static int replay(const dl_cfg *c, redisContext *r, const redisReply *entries, int nsel,
                  char **sel) {
    void *zctx = NULL, *sock = open_submit(c, &zctx);
    int failed = 0, done = 0;
    if (!sock)
        return 1;
    for (size_t i = 0; i < entries->elements; i++) {
        const redisReply *e = entries->element[i];
        const char *entry;
        Newsworker__V1__DeadLetter *m;
        nw_bp_cmd v;
        int want = nsel == 0;
        if (e->type != REDIS_REPLY_ARRAY || e->elements < 2)
            continue;
        entry = e->element[0]->str;
        for (int k = 0; k < nsel; k++)
            if (!strcmp(sel[k], entry))
                want = 1;
        if (!want)
            continue;
        m = decode(e->element[1]);
        if (!m || m->raw.len == 0) {
            printf("{\"entry\":\"%s\",\"replayed\":false,\"error\":\"%s\"}\n", entry,
                   m ? "raw input not stored (over 64 KiB)" : "undecodable entry");
            failed++;
            if (m)
                newsworker__v1__dead_letter__free_unpacked(m, NULL);
            continue;
        }
        v = submit_one(sock, m->article_id ? m->article_id : "", m->raw.data, m->raw.len,
                       c->timeout_ms);
        if (v == NW_BP_ACCEPTED || v == NW_BP_DUPLICATE) {
            done++;
            if (!c->keep) {
                redisReply *x = redisCommand(r, "XDEL %s %s", c->stream, entry);
                if (x)
                    freeReplyObject(x);
            }
            printf("{\"entry\":\"%s\",\"id\":\"%s\",\"replayed\":true,\"reply\":\"%s\"}\n",
                   entry, m->article_id, nw_bp_cmd_name(v));
        } else {
            failed++;
            printf("{\"entry\":\"%s\",\"id\":\"%s\",\"replayed\":false,\"reply\":\"%s\"}\n",
                   entry, m->article_id, v == NW_BP_UNKNOWN ? "timeout" : nw_bp_cmd_name(v));
        }
        newsworker__v1__dead_letter__free_unpacked(m, NULL);
    }
    fprintf(stderr, "newsworker deadletters: replayed %d, failed %d\n", done, failed);
    zmq_close(sock);
    zmq_ctx_term(zctx);
    return failed ? 1 : 0;
}

static void usage(FILE *f) {
    fprintf(f, "usage: newsworker deadletters list [OPTIONS]\n"
               "       newsworker deadletters replay [OPTIONS] [ENTRY-ID...]\n\n"
               "Lists the dead-letter stream as JSON lines, or resubmits dead letters\n"
               "to the broker (all, or the named stream entries) and deletes them.\n\n");
    nw_config_help(dl_table, N_DL, f);
}

int cmd_deadletters(int argc, char **argv) {
    dl_cfg cfg;
    char *pos[64];
    int npos = 0, rc = 1, l;
    redisContext *r = NULL;
    redisReply *rep = NULL;
    memset(&cfg, 0, sizeof(cfg));
    l = nw_cli_config("deadletters", dl_table, N_DL, &cfg, argc, argv, pos, 64, &npos, usage);
    if (l != NW_CLI_GO_ON)
        return l;
    if (strcmp(pos[0], "list") && strcmp(pos[0], "replay")) {
        fprintf(stderr, "newsworker deadletters: unknown action '%s' (list|replay)\n", pos[0]);
        nw_config_free(dl_table, N_DL, &cfg);
        return 2;
    }
    r = connect_redis(&cfg);
    if (!r)
        goto done;
    rep = redisCommand(r, "XRANGE %s - + COUNT %lld", cfg.stream, cfg.count);
    if (!rep || rep->type != REDIS_REPLY_ARRAY) {
        fprintf(stderr, "newsworker deadletters: XRANGE %s: %s\n", cfg.stream,
                rep && rep->str ? rep->str : r->errstr);
        goto done;
    }
    if (!strcmp(pos[0], "list")) {
        for (size_t i = 0; i < rep->elements; i++) {
            const redisReply *e = rep->element[i];
            if (e->type == REDIS_REPLY_ARRAY && e->elements >= 2)
                print_entry(e->element[0]->str, e->element[1]);
        }
        rc = 0;
    } else {
        rc = replay(&cfg, r, rep, npos - 1, pos + 1);
    }
done:
    if (rep)
        freeReplyObject(rep);
    if (r)
        redisFree(r);
    nw_config_free(dl_table, N_DL, &cfg);
    return rc;
}
