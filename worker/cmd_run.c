/*
 * cmd_run.c -- `newsworker run`: the long-running worker.
 *
 *   job source (PULL socket or broker) --raw Article--> nw_process_message
 *        --> cache (Redis GET / SET EX NX) --> PUB [topic, packed message]
 *        --> optional capped Redis streams (results, dead letters)
 *        --> ack / reject the job
 *
 * One article at a time, in order: publish first, then ack, so an article
 * whose result was not published is never acknowledged (broker mode
 * redelivers it).  SIGTERM/SIGINT set a flag; the loop finishes and
 * publishes the article in hand, stops taking work, destroys the source
 * (which hands unfinished leases back), closes the PUB socket with a
 * bounded linger and exits 0.
 *
 * CURVE (curve.h) on every socket when keys are configured: with
 * --curve-secret-key the PUB (and the PULL in pull mode) are CURVE servers
 * whose clients a ZAP allow-list (--curve-allow) admits, and the broker
 * DEALER is a CURVE client of --curve-server-key; half a configuration is
 * refused at start (check_curve).
 *
 * When --pub connects to its consumers, the worker waits for those
 * connections (bounded, --pub-connect-wait-ms) before it asks for work: a
 * PUB drops whatever it sends before a subscriber is there.
 *
 * Configuration: the table below (flags, NEWSWORKER_* variables, defaults,
 * bounds); `newsworker run --help` prints it.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "cli.h"
#include "cmds.h"
#include "codec.h"
#include "config.h"
#include "curve.h"
#include "extractor.h"
#include "log.h"
#include "metrics.h"
#include "mq.h"
#include "process.h"
#include "redis.h"
#include "source.h"

typedef struct run_cfg {
    int source;
    char *pull, *broker, *pub, *worker_id, *data_dir;
    char *redis, *redis_user, *redis_password;
    long long redis_db, redis_connect_timeout_ms, redis_command_timeout_ms;
    long long redis_backoff_max_ms, cache_ttl;
    char *results_stream;
    long long results_stream_maxlen;
    char *deadletter_stream;
    long long deadletter_stream_maxlen;
    long long max_body, max_msg, pub_hwm, linger_ms, pub_connect_wait_ms;
    long long credit, heartbeat_ms, heartbeat_liveness;
    char *curve_server_key, *curve_public_key, *curve_secret_key, *curve_allow;
    char *metrics_addr;
    int log_level;
    long long test_delay_ms;
    char *test_crash_on;
} run_cfg;

#define O(f) offsetof(run_cfg, f)
#define KiB 1024LL
#define MiB (1024LL * 1024LL)
static const nw_config_entry run_table[] = {
    {"source", "NEWSWORKER_SOURCE", NW_CFG_ENUM, O(source), "broker", 0, 0, "pull|broker",
     "where articles come from: a PULL socket (at-most-once) or the broker (at-least-once)", 0},
    {"pull", "NEWSWORKER_PULL_ENDPOINT", NW_CFG_STR, O(pull), "@tcp://127.0.0.1:5557", 0, 1024,
     NULL, "PULL endpoint(s) for --source pull; '@' binds, '>' connects, comma-separated", 0},
    {"broker", "NEWSWORKER_BROKER_ENDPOINT", NW_CFG_STR, O(broker), ">tcp://127.0.0.1:5560", 0,
     1024, NULL, "the broker's worker endpoint for --source broker", 0},
    {"pub", "NEWSWORKER_PUB_ENDPOINT", NW_CFG_STR, O(pub), "@tcp://127.0.0.1:5558", 0, 1024,
     NULL, "PUB endpoint(s) for results (topics 'extraction', 'deadletter')", 0},
    {"worker-id", "NEWSWORKER_WORKER_ID", NW_CFG_STR, O(worker_id), "", 0, 128, NULL,
     "this worker's name in results and logs; empty = hostname-pid", 0},
    {"data-dir", "NEWSWORKER_DATA_DIR", NW_CFG_STR, O(data_dir), NW_DEFAULT_DATADIR, 0, 4096,
     NULL, "extractor models and lexicons", 0},
    {"redis", "NEWSWORKER_REDIS", NW_CFG_STR, O(redis), "", 0, 512, NULL,
     "Redis for the cache and streams: host:port or unix:/path; empty = no cache", 0},
    {"redis-user", "NEWSWORKER_REDIS_USER", NW_CFG_STR, O(redis_user), "", 0, 256, NULL,
     "Redis ACL user for AUTH (needs --redis-password)", 0},
    {"redis-password", "NEWSWORKER_REDIS_PASSWORD", NW_CFG_STR, O(redis_password), "", 0, 512,
     NULL, "Redis AUTH password (prefer the environment variable)", 1},
    {"redis-db", "NEWSWORKER_REDIS_DB", NW_CFG_INT, O(redis_db), "0", 0, 1023, NULL,
     "Redis database number (SELECT)", 0},
    {"redis-connect-timeout-ms", "NEWSWORKER_REDIS_CONNECT_TIMEOUT_MS", NW_CFG_INT,
     O(redis_connect_timeout_ms), "200", 1, 60000, NULL, "Redis connect timeout", 0},
    {"redis-command-timeout-ms", "NEWSWORKER_REDIS_COMMAND_TIMEOUT_MS", NW_CFG_INT,
     O(redis_command_timeout_ms), "200", 1, 60000, NULL, "Redis command timeout", 0},
    {"redis-backoff-max-ms", "NEWSWORKER_REDIS_BACKOFF_MAX_MS", NW_CFG_INT,
     O(redis_backoff_max_ms), "5000", 100, 600000, NULL,
     "longest delay between reconnect attempts (doubling from 100 ms)", 0},
    {"cache-ttl", "NEWSWORKER_CACHE_TTL", NW_CFG_INT, O(cache_ttl), "86400", 0, 31536000, NULL,
     "seconds a cached extraction lives; 0 = read the cache but never write it", 0},
    {"results-stream", "NEWSWORKER_RESULTS_STREAM", NW_CFG_STR, O(results_stream), "", 0, 256,
     NULL, "also XADD every Extraction to this capped Redis stream; empty = off", 0},
    {"results-stream-maxlen", "NEWSWORKER_RESULTS_STREAM_MAXLEN", NW_CFG_INT,
     O(results_stream_maxlen), "100000", 1, 1000000000, NULL,
     "approximate cap of the results stream (XADD MAXLEN ~)", 0},
    {"deadletter-stream", "NEWSWORKER_DEADLETTER_STREAM", NW_CFG_STR, O(deadletter_stream),
     "newsworker:v1:deadletters", 0, 256, NULL,
     "capped Redis stream for dead letters; empty = off", 0},
    {"deadletter-stream-maxlen", "NEWSWORKER_DEADLETTER_STREAM_MAXLEN", NW_CFG_INT,
     O(deadletter_stream_maxlen), "10000", 1, 1000000000, NULL,
     "approximate cap of the dead-letter stream", 0},
    {"max-body", "NEWSWORKER_MAX_BODY", NW_CFG_INT, O(max_body), "1048576", 1, 64 * MiB, NULL,
     "largest article body in bytes; larger ones are dead-lettered TOO_LARGE", 0},
    {"max-msg", "NEWSWORKER_MAX_MSG", NW_CFG_INT, O(max_msg), "4194304", 1024, 128 * MiB, NULL,
     "ZMQ_MAXMSGSIZE: a peer sending a larger message is disconnected by libzmq "
     "(must exceed --max-body)", 0},
    {"pub-hwm", "NEWSWORKER_PUB_HWM", NW_CFG_INT, O(pub_hwm), "10000", 1, 10000000, NULL,
     "PUB send high-water mark (messages); beyond it slow subscribers miss results", 0},
    {"pub-connect-wait-ms", "NEWSWORKER_PUB_CONNECT_WAIT_MS", NW_CFG_INT,
     O(pub_connect_wait_ms), "2000", 0, 60000, NULL,
     "when --pub connects to consumers: wait this long for those connections before taking "
     "work (results published earlier would be dropped); 0 = do not wait", 0},
    {"linger-ms", "NEWSWORKER_LINGER_MS", NW_CFG_INT, O(linger_ms), "2000", 0, 60000, NULL,
     "how long shutdown waits to flush unsent results", 0},
    {"credit", "NEWSWORKER_CREDIT", NW_CFG_INT, O(credit), "4", 1, 1000, NULL,
     "broker: most articles leased to this worker at once (more keeps a fast worker busy "
     "between round trips; a crash redelivers up to this many)", 0},
    {"heartbeat-ms", "NEWSWORKER_HEARTBEAT_MS", NW_CFG_INT, O(heartbeat_ms), "1000", 50, 60000,
     NULL, "broker: heartbeat interval", 0},
    {"heartbeat-liveness", "NEWSWORKER_HEARTBEAT_LIVENESS", NW_CFG_INT, O(heartbeat_liveness),
     "3", 1, 100, NULL, "broker: missed heartbeats before the broker counts as gone", 0},
    {"curve-server-key", "NEWSWORKER_CURVE_SERVER_KEY", NW_CFG_STR, O(curve_server_key), "", 0,
     4096, NULL, "broker: the broker's Z85 public key or @FILE (needs --curve-secret-key)", 0},
    {"curve-public-key", "NEWSWORKER_CURVE_PUBLIC_KEY", NW_CFG_STR, O(curve_public_key), "", 0,
     4096, NULL, "this worker's Z85 public key or @FILE; empty = derived from the secret key",
     0},
    {"curve-secret-key", "NEWSWORKER_CURVE_SECRET_KEY", NW_CFG_STR, O(curve_secret_key), "", 0,
     4096, NULL,
     "this worker's Z85 secret key or @FILE: CURVE on every socket (PUB and PULL serve "
     "--curve-allow clients, the broker DEALER is a client); empty = plain", 1},
    {"curve-allow", "NEWSWORKER_CURVE_ALLOW", NW_CFG_STR, O(curve_allow), "", 0, 65536, NULL,
     "client public keys allowed on PUB/PULL (ZAP): Z85 keys, comma/space separated, or @FILE "
     "one a line", 0},
    {"metrics-addr", "NEWSWORKER_METRICS_ADDR", NW_CFG_STR, O(metrics_addr), "", 0, 256, NULL,
     "serve Prometheus metrics on http://HOST:PORT/metrics; empty = off", 0},
    {"log-level", "NEWSWORKER_LOG_LEVEL", NW_CFG_ENUM, O(log_level), "info", 0, 0,
     "debug|info|warn|error", "lowest level logged (JSON lines on stderr)", 0},
    {"test-delay-ms", "NEWSWORKER_TEST_DELAY_MS", NW_CFG_INT, O(test_delay_ms), "0", 0, 60000,
     NULL, "TEST ONLY: sleep this long after each extraction", 0},
    {"test-crash-on", "NEWSWORKER_TEST_CRASH_ON", NW_CFG_STR, O(test_crash_on), "", 0, 256,
     NULL, "TEST ONLY: abort() on a body containing this marker", 0},
};
#undef O
#define N_RUN (sizeof(run_table) / sizeof(run_table[0]))

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig) { stop_flag = sig; }

/* Cache callbacks for process.c: the Redis connection plus the TTL. */
typedef struct cache_glue {
    nw_redis *r;
    long long ttl;
} cache_glue;

static int glue_get(void *ud, const char *key, unsigned char **val, size_t *len) {
    return nw_redis_get(((cache_glue *)ud)->r, key, val, len);
}

static int glue_put(void *ud, const char *key, const void *val, size_t len) {
    cache_glue *g = ud;
    if (g->ttl <= 0)
        return 0; /* --cache-ttl 0: read-only cache */
    return nw_redis_set_nx_ex(g->r, key, val, len, g->ttl);
}

/* The resolved CURVE keys (Z85 text) and whether CURVE is on. */
typedef struct curve_keys {
    int on;
    char server[NW_CURVE_KEYLEN + 1], pub[NW_CURVE_KEYLEN + 1], sec[NW_CURVE_KEYLEN + 1];
} curve_keys;

/* CURVE on every socket when keys are configured: a secret key turns it on
   for PUB and PULL (servers, which need the --curve-allow list: libzmq lets
   any client in without ZAP) and for the broker DEALER (a client, which
   needs the broker's key).  Half a configuration is an error, never a
   silent fallback to plain text.  Checks the allow-list too, so that a
   mistake is reported before the model load.  0 or -1 with err. */
static int check_curve(const run_cfg *c, curve_keys *k, char *err, size_t errlen) {
    char e[256];
    unsigned char (*keys)[32] = NULL;
    size_t n = 0;
    memset(k, 0, sizeof(*k));
    if (!c->curve_secret_key[0]) {
        const char *stray = c->curve_server_key[0]   ? "--curve-server-key"
                            : c->curve_public_key[0] ? "--curve-public-key"
                            : c->curve_allow[0]      ? "--curve-allow"
                                                     : NULL;
        if (stray) {
            snprintf(err, errlen, "%s needs --curve-secret-key (this worker's key pair)", stray);
            return -1;
        }
        return 0;
    }
    if (nw_curve_pair_load(c->curve_public_key, c->curve_secret_key, k->pub, k->sec, e,
                           sizeof(e))) {
        snprintf(err, errlen, "CURVE %s", e);
        return -1;
    }
    if (c->source == 1) {
        if (!c->curve_server_key[0]) {
            snprintf(err, errlen, "--curve-secret-key with --source broker needs "
                                  "--curve-server-key (the broker's public key)");
            return -1;
        }
        if (nw_curve_key_load(c->curve_server_key, k->server, e, sizeof(e))) {
            snprintf(err, errlen, "--curve-server-key: %s", e);
            return -1;
        }
    }
    if (!c->curve_allow[0]) {
        snprintf(err, errlen, "--curve-secret-key needs --curve-allow: the client public keys "
                              "allowed on this worker's PUB/PULL sockets");
        return -1;
    }
    if (nw_curve_allow_parse(c->curve_allow, &keys, &n, e, sizeof(e))) {
        snprintf(err, errlen, "--curve-allow: %s", e);
        return -1;
    }
    free(keys);
    k->on = 1;
    return 0;
}

static void usage(FILE *f) {
    fprintf(f, "usage: newsworker run [OPTIONS]\n\n"
               "Pull Article messages, extract, cache in Redis, publish Extraction /\n"
               "DeadLetter messages on PUB.  Every option can also be set by its\n"
               "environment variable; flags win.\n\n");
    nw_config_help(run_table, N_RUN, f);
}

static int publish(void *pub, const char *topic, const unsigned char *data, size_t len) {
    for (int i = 0; i < 5; i++) {
        if (nw_mq_send_topic(pub, topic, data, len, 0) == 0)
            return 0;
        if (errno != EINTR)
            break;
    }
    return -1;
}

typedef struct run_stats {
    unsigned long long received, extracted, cache_hits, deadletters, publish_errors,
        stream_errors;
} run_stats;

static void handle_job(nw_source *src, void *pub, nw_redis *redis, const run_cfg *cfg,
                       const nw_process_ctx *pc, nw_job *job, run_stats *st,
                       nw_metrics *mx) {
    nw_process_result r;
    st->received++;
    NW_LOG(NW_LOG_DEBUG, "job_received", NULL, "{s:I,s:i,s:s}", "size", (json_int_t)job->len,
           "attempt", (int)job->attempt, "lease", job->lease);
    if (nw_process_message(pc, job->data, job->len, job->attempt ? job->attempt : 1, &r)) {
        /* Out of memory: hand the job back (broker) rather than lose it. */
        NW_LOG(NW_LOG_ERROR, "out_of_memory", NULL, "{s:I}", "size", (json_int_t)job->len);
        src->ops->release(src, job);
        return;
    }
    const char *id = r.article_id[0] ? r.article_id : NULL;
    if (publish(pub, r.deadletter ? "deadletter" : "extraction", r.out, r.out_len)) {
        st->publish_errors++;
        nw_metrics_count(mx, NW_METRIC_PUBLISH_ERROR);
        NW_LOG(NW_LOG_ERROR, "publish_failed", id, "{s:s}", "error", zmq_strerror(errno));
        if (!r.deadletter) {
            /* Not published, so not acknowledged: the broker redelivers. */
            src->ops->release(src, job);
            nw_process_result_clear(&r);
            return;
        }
    }
    if (r.deadletter) {
        st->deadletters++;
        nw_metrics_count(mx, NW_METRIC_DEAD_LETTER);
        NW_LOG(NW_LOG_WARN, "dead_letter", id, "{s:s,s:s,s:I}", "code",
               nw_codec_error_name(r.code), "reason", r.why, "input_size", (json_int_t)job->len);
        /* PULL mode: the worker is the only one who knows, so it appends the
           dead letter to the stream.  Broker mode: REJECT makes the broker
           append it (durably: it holds the article until Redis has it), so
           the worker does not, and the stream gets each dead letter once. */
        if (cfg->source == 0 && cfg->deadletter_stream[0] &&
            nw_redis_state_of(redis) != NW_REDIS_DISABLED &&
            nw_redis_xadd_capped(redis, cfg->deadletter_stream,
                                 (size_t)cfg->deadletter_stream_maxlen, r.out, r.out_len))
            st->stream_errors++;
        if (src->ops->reject(src, job, r.code, r.why))
            NW_LOG(NW_LOG_WARN, "reject_failed", id, "{s:s}", "error", src->errstr);
    } else {
        if (r.cache == NW_PROCESS_CACHE_HIT) {
            st->cache_hits++;
            nw_metrics_count(mx, NW_METRIC_CACHE_HIT);
        } else {
            st->extracted++;
            nw_metrics_count(mx, NW_METRIC_EXTRACTED);
            nw_metrics_observe_extract(mx, r.processing_us / 1e6);
        }
        if (cfg->results_stream[0] && nw_redis_state_of(redis) != NW_REDIS_DISABLED) {
            const char *names[3] = {"article_id", "result_id", "data"};
            const void *vals[3] = {r.article_id, r.content_hash, r.out};
            size_t lens[3] = {strlen(r.article_id), strlen(r.content_hash), r.out_len};
            if (nw_redis_xadd_fields(redis, cfg->results_stream,
                                     (size_t)cfg->results_stream_maxlen, 3, names, vals, lens))
                st->stream_errors++;
        }
        if (src->ops->ack(src, job))
            NW_LOG(NW_LOG_WARN, "ack_failed", id, "{s:s}", "error", src->errstr);
        static const char *cache_names[] = {"off", "hit", "stored", "exists", "unavailable"};
        NW_LOG(NW_LOG_INFO, "published", id, "{s:s,s:b,s:s,s:i,s:I,s:I,s:I,s:I}", "result_id",
               r.content_hash, "cache_hit", r.cache == NW_PROCESS_CACHE_HIT, "cache",
               cache_names[r.cache], "processing_us", (int)r.processing_us, "entities",
               (json_int_t)r.n_entities, "quotes", (json_int_t)r.n_quotes, "stances",
               (json_int_t)r.n_stances, "words", (json_int_t)r.n_words);
    }
    nw_process_result_clear(&r);
}

int cmd_run(int argc, char **argv) {
    run_cfg cfg;
    char err[512], host[64], wid[160];
    nw_extractor *ex = NULL;
    nw_redis *redis = NULL;
    nw_source *src = NULL;
    nw_zap *zap = NULL;
    nw_metrics *mx = NULL;
    curve_keys ck;
    void *zctx = NULL, *pub = NULL, *pub_mon = NULL;
    run_stats st = {0};
    int rc = 1;

    memset(&cfg, 0, sizeof(cfg));
    if (argc == 2 && !strcmp(argv[1], "--help-markdown")) { /* README table */
        nw_config_markdown(run_table, N_RUN, stdout);
        return 0;
    }
    int l = nw_cli_config("run", run_table, N_RUN, &cfg, argc, argv, NULL, 0, NULL, usage);
    if (l != NW_CLI_GO_ON)
        return l;
    if (cfg.max_msg <= cfg.max_body) {
        fprintf(stderr, "newsworker run: --max-msg (%lld) must be larger than --max-body (%lld)\n",
                cfg.max_msg, cfg.max_body);
        nw_config_free(run_table, N_RUN, &cfg);
        return 2;
    }
    if (cfg.redis_user[0] && !cfg.redis_password[0]) {
        fprintf(stderr, "newsworker run: --redis-user needs --redis-password\n");
        nw_config_free(run_table, N_RUN, &cfg);
        return 2;
    }
    if (check_curve(&cfg, &ck, err, sizeof(err))) {
        fprintf(stderr, "newsworker run: %s\n", err);
        nw_config_free(run_table, N_RUN, &cfg);
        return 2;
    }
    nw_log_init((nw_log_level)cfg.log_level, "worker");
    if (!cfg.worker_id[0]) {
        if (gethostname(host, sizeof(host)) != 0)
            snprintf(host, sizeof(host), "worker");
        host[sizeof(host) - 1] = '\0';
        snprintf(wid, sizeof(wid), "%s-%ld", host, (long)getpid());
    } else {
        snprintf(wid, sizeof(wid), "%s", cfg.worker_id);
    }

    nw_cli_on_stop_signals(on_signal);
    signal(SIGPIPE, SIG_IGN);

    /* Built only when the line is logged: NW_LOG evaluates no argument
       below the threshold, and "o" hands the reference to the line. */
    if (NW_LOG_INFO >= nw_log_threshold) {
        json_t *cj = nw_config_json(run_table, N_RUN, &cfg);
        nw_log_emit(NW_LOG_INFO, "starting", NULL, "{s:s,s:s,s:o*}", "worker_id", wid,
                    "version", NW_EXTRACTOR_VERSION, "config", cj);
    }

    nw_redis_opts ro = {
        .addr = cfg.redis,
        .user = cfg.redis_user,
        .password = cfg.redis_password,
        .db = (int)cfg.redis_db,
        .connect_timeout_ms = (int)cfg.redis_connect_timeout_ms,
        .command_timeout_ms = (int)cfg.redis_command_timeout_ms,
        .backoff_min_ms = 100,
        .backoff_max_ms = (int)cfg.redis_backoff_max_ms,
    };
    redis = nw_redis_new(&ro, err, sizeof(err));
    if (!redis) {
        NW_LOG(NW_LOG_ERROR, "config_error", NULL, "{s:s}", "error", err);
        fprintf(stderr, "newsworker run: %s\n", err);
        rc = 2;
        goto done;
    }
    if (nw_redis_state_of(redis) == NW_REDIS_DISABLED)
        NW_LOG(NW_LOG_INFO, "cache_disabled", NULL, "{s:s}", "reason", "no --redis configured");
    /* after the Redis address was checked: a config error is reported
       before the (slow) model load */
    ex = nw_extractor_new(cfg.data_dir, err, sizeof(err));
    if (!ex) {
        NW_LOG(NW_LOG_ERROR, "extractor_load_failed", NULL, "{s:s,s:s}", "data_dir",
               cfg.data_dir, "error", err);
        goto done;
    }

    if (cfg.metrics_addr[0]) {
        mx = nw_metrics_new();
        if (!mx || nw_metrics_serve(mx, cfg.metrics_addr, err, sizeof(err))) {
            NW_LOG(NW_LOG_ERROR, "metrics_failed", NULL, "{s:s}", "error",
                   mx ? err : "out of memory");
            goto done;
        }
        NW_LOG(NW_LOG_INFO, "metrics_listening", NULL, "{s:s}", "addr", cfg.metrics_addr);
    }
    zctx = zmq_ctx_new();
    if (!zctx) {
        NW_LOG(NW_LOG_ERROR, "zmq_failed", NULL, "{s:s}", "error", zmq_strerror(errno));
        goto done;
    }
    if (ck.on) {
        /* before any CURVE server socket binds: without a ZAP handler
           libzmq would let every client in */
        zap = nw_zap_start(zctx, cfg.curve_allow, err, sizeof(err));
        if (!zap) {
            NW_LOG(NW_LOG_ERROR, "curve_failed", NULL, "{s:s}", "error", err);
            goto done;
        }
    }
    nw_mq_opts po = {.linger_ms = (int)cfg.linger_ms,
                     .sndhwm = (int)cfg.pub_hwm,
                     .curve_server_secret = ck.on ? ck.sec : NULL};
    int want = cfg.pub_connect_wait_ms > 0 ? nw_mq_count_connects(cfg.pub) : 0;
    if (want > 0)
        po.monitor = &pub_mon; /* attached before the connects */
    pub = nw_mq_socket(zctx, ZMQ_PUB, cfg.pub, &po, err, sizeof(err));
    if (!pub) {
        NW_LOG(NW_LOG_ERROR, "pub_failed", NULL, "{s:s,s:s}", "endpoint", cfg.pub, "error", err);
        goto done;
    }
    /* A PUB drops what it sends before a subscriber's connection and
       subscription are there.  When the consumers are the bound side (the
       broker tests, chaos, a dashboard that binds), wait for them, bounded,
       before asking for work; then let the subscriptions arrive. */
    if (want > 0) {
        int got = nw_mq_wait_connected(pub, &pub_mon, want, (int)cfg.pub_connect_wait_ms);
        if (got >= want) {
            struct timespec ts = {0, 50 * 1000000L};
            int ev;
            size_t evl = sizeof(ev);
            nanosleep(&ts, NULL); /* subscriptions follow the handshake */
            zmq_getsockopt(pub, ZMQ_EVENTS, &ev, &evl); /* and are processed */
            NW_LOG(NW_LOG_DEBUG, "pub_connected", NULL, "{s:i}", "peers", got);
        } else {
            NW_LOG(NW_LOG_WARN, "pub_not_connected", NULL, "{s:i,s:i,s:I}", "peers", got,
                   "expected", want, "waited_ms", (json_int_t)cfg.pub_connect_wait_ms);
        }
    }
    nw_source_opts so = {
        .endpoint = cfg.source == 0 ? cfg.pull : cfg.broker,
        .worker_id = wid,
        .credit = (int)cfg.credit,
        .heartbeat_ms = (int)cfg.heartbeat_ms,
        .heartbeat_liveness = (int)cfg.heartbeat_liveness,
        .max_msg = (size_t)cfg.max_msg,
        .curve_server_key = ck.on && cfg.source == 1 ? ck.server : NULL,
        .curve_public_key = ck.on ? ck.pub : NULL,
        .curve_secret_key = ck.on ? ck.sec : NULL,
        .curve_server_secret = ck.on && cfg.source == 0 ? ck.sec : NULL,
    };
    src = cfg.source == 0 ? nw_source_pull_new(zctx, &so, err, sizeof(err))
                          : nw_source_broker_new(zctx, &so, err, sizeof(err));
    if (!src) {
        NW_LOG(NW_LOG_ERROR, "source_failed", NULL, "{s:s,s:s,s:s}", "source",
               cfg.source == 0 ? "pull" : "broker", "endpoint", so.endpoint, "error", err);
        goto done;
    }

    cache_glue glue = {redis, cfg.cache_ttl};
    nw_process_cache cache = {glue_get, glue_put, &glue};
    nw_process_ctx pc = {
        .ex = ex,
        .worker_id = wid,
        .max_body = (size_t)cfg.max_body,
        .cache = nw_redis_state_of(redis) == NW_REDIS_DISABLED ? NULL : &cache,
        .test_delay_ms = (int)cfg.test_delay_ms,
        .test_crash_on = cfg.test_crash_on[0] ? cfg.test_crash_on : NULL,
    };
    NW_LOG(NW_LOG_INFO, "ready", NULL, "{s:s,s:s,s:s,s:b,s:s}", "source",
           cfg.source == 0 ? "pull" : "broker", "endpoint", so.endpoint, "pub", cfg.pub, "curve",
           ck.on, "public_key", ck.on ? ck.pub : "");

    char last_err[128] = "";
    while (!stop_flag) {
        nw_job job;
        int r = src->ops->next(src, &job, 200);
        if (r < 0) {
            if (strcmp(last_err, src->errstr) != 0) {
                NW_LOG(NW_LOG_ERROR, "source_error", NULL, "{s:s}", "error", src->errstr);
                snprintf(last_err, sizeof(last_err), "%s", src->errstr);
            }
            struct timespec ts = {0, 100 * 1000000L};
            nanosleep(&ts, NULL);
            continue;
        }
        last_err[0] = '\0';
        if (r == 0) {
            nw_redis_poll(redis); /* reconnect while idle, when due */
            continue;
        }
        handle_job(src, pub, redis, &cfg, &pc, &job, &st, mx);
        nw_job_clear(&job);
    }
    NW_LOG(NW_LOG_INFO, "stopping", NULL, "{s:s}", "signal",
           stop_flag == SIGINT ? "SIGINT" : "SIGTERM");
    rc = 0;
done:
    if (src)
        src->ops->destroy(&src);
    if (pub_mon)
        zmq_close(pub_mon);
    nw_mq_close(&pub);
    nw_zap_stop(&zap); /* after every socket it guards, before the context */
    if (zctx)
        zmq_ctx_term(zctx);
    nw_redis_free(&redis);
    nw_extractor_free(&ex);
    nw_metrics_free(&mx);
    NW_LOG(NW_LOG_INFO, "stopped", NULL, "{s:I,s:I,s:I,s:I,s:I,s:I,s:i}", "received",
           (json_int_t)st.received, "extracted", (json_int_t)st.extracted, "cache_hits",
           (json_int_t)st.cache_hits, "dead_letters", (json_int_t)st.deadletters,
           "publish_errors", (json_int_t)st.publish_errors, "stream_errors",
           (json_int_t)st.stream_errors, "exit", rc);
    nw_config_free(run_table, N_RUN, &cfg);
    return rc;
}
