/*
 * cmd_broker.c -- `newsworker broker`: run the at-least-once broker
 * (service/broker.h), and `newsworker keygen`: make a CURVE key pair.
 *
 * Configuration comes from the table below (flags > NEWSWORKER_* variables
 * > defaults, checked at start; `newsworker broker --help` prints it).
 * Endpoints are bound; a leading '@' is accepted and ignored, so the same
 * strings as the worker's may be used.  SIGTERM/SIGINT: stop reading,
 * answer every producer whose article is journalled, sync, exit 0; leases
 * still out stay in the journal and are redelivered after a restart.
 *
 * `newsworker broker tally --sub ENDPOINTS` is a consumer for tests and
 * `make chaos`: it subscribes to "extraction" and prints each result's
 * article id on its own line as it arrives (cheap enough to keep up with
 * any number of workers, unlike full JSON), until SIGTERM/SIGINT.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zmq.h>

#include "broker.h"
#include "cli.h"
#include "cmds.h"
#include "config.h"
#include "curve.h"
#include "log.h"
#include "mq.h"
#include "newsworker/v1/newsworker.pb-c.h"

typedef struct broker_cfg {
    char *submit, *pull, *workers, *pub, *journal;
    long long capacity, max_attempts, lease_ms, heartbeat_ms, liveness, max_msg,
        fsync_ms, hwm, max_workers, deadletter_maxlen, stats_ms, warmup_ms, compact_min;
    char *redis, *redis_user, *redis_password, *deadletter_stream;
    char *curve_secret, *curve_allow;
    int log_level;
} broker_cfg;

#define O(f) offsetof(broker_cfg, f)
static const nw_config_entry broker_table[] = {
    {"submit", "NEWSWORKER_BROKER_SUBMIT", NW_CFG_STR, O(submit), "tcp://127.0.0.1:5559", 1,
     1024, NULL, "ROUTER endpoint producers SUBMIT to (ACCEPTED only once journalled)", 0},
    {"pull", "NEWSWORKER_BROKER_PULL", NW_CFG_STR, O(pull), "tcp://127.0.0.1:5561", 0, 1024,
     NULL, "PULL endpoint for fire-and-forget producers (at-most-once); empty = none", 0},
    {"workers", "NEWSWORKER_BROKER_WORKERS", NW_CFG_STR, O(workers), "tcp://127.0.0.1:5560",
     1, 1024, NULL, "ROUTER endpoint workers connect to (`run --source broker --broker`)", 0},
    {"pub", "NEWSWORKER_BROKER_PUB", NW_CFG_STR, O(pub), "tcp://127.0.0.1:5562", 0, 1024,
     NULL, "PUB endpoint for dead letters (topic \"deadletter\"); empty = none", 0},
    {"journal", "NEWSWORKER_BROKER_JOURNAL", NW_CFG_STR, O(journal),
     "newsworker-broker.journal", 1, 4096, NULL,
     "append-only journal file (fsync'ed before ACCEPTED, replayed at start)", 0},
    {"journal-compact-bytes", "NEWSWORKER_BROKER_JOURNAL_COMPACT_BYTES", NW_CFG_INT,
     O(compact_min), "67108864", 4096, 1099511627776LL, NULL,
     "rewrite the journal with only the live articles once it is larger than this "
     "and 4.5 times the live data", 0},
    {"capacity", "NEWSWORKER_BROKER_CAPACITY", NW_CFG_INT, O(capacity), "10000", 1, 10000000,
     NULL, "articles held at most (queued + leased); beyond it producers get BUSY", 0},
    {"max-attempts", "NEWSWORKER_BROKER_MAX_ATTEMPTS", NW_CFG_INT, O(max_attempts), "5", 1,
     1000, NULL, "deliveries (worker deaths and expired leases count) before dead letter", 0},
    {"lease-ms", "NEWSWORKER_BROKER_LEASE_MS", NW_CFG_INT, O(lease_ms), "60000", 100,
     86400000, NULL, "how long a worker may hold an article before it is redelivered", 0},
    {"heartbeat-ms", "NEWSWORKER_HEARTBEAT_MS", NW_CFG_INT, O(heartbeat_ms), "1000", 50,
     60000, NULL, "heartbeat interval, both ways (workers must use the same)", 0},
    {"heartbeat-liveness", "NEWSWORKER_HEARTBEAT_LIVENESS", NW_CFG_INT, O(liveness), "3", 1,
     100, NULL, "missed heartbeats before a worker is dead (its leases requeued)", 0},
    {"max-msg", "NEWSWORKER_MAX_MSG", NW_CFG_INT, O(max_msg), "4194304", 1024, 134217728,
     NULL, "largest Article accepted, bytes (ZMQ_MAXMSGSIZE is set a little above)", 0},
    {"fsync-ms", "NEWSWORKER_BROKER_FSYNC_MS", NW_CFG_INT, O(fsync_ms), "2", 0, 1000, NULL,
     "group commit: ACCEPTED replies wait at most this long for the shared fsync", 0},
    {"hwm", "NEWSWORKER_BROKER_HWM", NW_CFG_INT, O(hwm), "10000", 1, 10000000, NULL,
     "SNDHWM/RCVHWM of every broker socket, in messages", 0},
    {"max-workers", "NEWSWORKER_BROKER_MAX_WORKERS", NW_CFG_INT, O(max_workers), "256", 1,
     65536, NULL, "workers connected at most", 0},
    {"redis", "NEWSWORKER_REDIS", NW_CFG_STR, O(redis), "", 0, 512, NULL,
     "host:port of Redis for the dead-letter stream; empty = PUB only", 0},
    {"redis-user", "NEWSWORKER_REDIS_USER", NW_CFG_STR, O(redis_user), "", 0, 256, NULL,
     "Redis ACL user (AUTH user password)", 0},
    {"redis-password", "NEWSWORKER_REDIS_PASSWORD", NW_CFG_STR, O(redis_password), "", 0, 512,
     NULL, "Redis password", 1},
    {"deadletter-stream", "NEWSWORKER_DEADLETTER_STREAM", NW_CFG_STR, O(deadletter_stream),
     "newsworker:v1:deadletters", 1, 256, NULL, "capped Redis stream of dead letters", 0},
    {"deadletter-stream-maxlen", "NEWSWORKER_DEADLETTER_STREAM_MAXLEN", NW_CFG_INT,
     O(deadletter_maxlen), "100000", 1, 100000000, NULL, "XADD MAXLEN ~ of that stream", 0},
    {"curve-secret-key", "NEWSWORKER_CURVE_SECRET_KEY", NW_CFG_STR, O(curve_secret), "", 0,
     4096, NULL, "broker's Z85 secret key or @FILE: CURVE on every socket; empty = plain", 1},
    {"curve-allow", "NEWSWORKER_CURVE_ALLOW", NW_CFG_STR, O(curve_allow), "", 0, 65536, NULL,
     "client public keys allowed (comma-separated Z85, or @FILE one a line)", 0},
    {"stats-ms", "NEWSWORKER_BROKER_STATS_MS", NW_CFG_INT, O(stats_ms), "1000", 0, 3600000,
     NULL, "interval of the \"stats\" log line (only when something changed); 0 = off", 0},
    {"worker-warmup-ms", "NEWSWORKER_BROKER_WORKER_WARMUP_MS", NW_CFG_INT, O(warmup_ms), "200",
     0, 60000, NULL,
     "no work for a newly READY worker until this has passed, so that its PUB socket has "
     "its subscribers (a PUB drops what it sends before they arrive)", 0},
    {"log-level", "NEWSWORKER_LOG_LEVEL", NW_CFG_ENUM, O(log_level), "info", 0, 0,
     "debug|info|warn|error", "lowest level logged (JSON lines on stderr)", 0},
};
#undef O
#define N_BROKER (sizeof(broker_table) / sizeof(broker_table[0]))

static volatile sig_atomic_t broker_stop;

static void on_signal(int sig) { broker_stop = sig; }

static const char *bind_ep(const char *s) { return (s && *s == '@') ? s + 1 : s; }

static void broker_usage(FILE *f) {
    fprintf(f, "usage: newsworker broker [OPTIONS]\n\n"
               "The at-least-once queue between producers (`feed --to broker`) and workers\n"
               "(`run --source broker`): journalled ACCEPTED, credit-based dispatch, leases,\n"
               "heartbeats, dead letters after --max-attempts.  Options (flag, variable):\n\n");
    nw_config_help(broker_table, N_BROKER, f);
}

/* `broker tally`: one article id a line per Extraction received. */
static int tally(int argc, char **argv) {
    const char *sub = "@tcp://127.0.0.1:5558";
    nw_mq_opts o = {.linger_ms = 0, .rcvhwm = 1000000, .maxmsgsize = 64 << 20};
    char err[256], topic[32];
    void *zctx, *s;
    unsigned long long n = 0, bad = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--sub") && i + 1 < argc)
            sub = argv[++i];
        else if (!strncmp(argv[i], "--sub=", 6))
            sub = argv[i] + 6;
        else {
            fprintf(stderr, "usage: newsworker broker tally [--sub ENDPOINTS]\n");
            return 2;
        }
    }
    nw_cli_on_stop_signals(on_signal);
    setvbuf(stdout, NULL, _IOLBF, 0);
    zctx = zmq_ctx_new();
    if (!zctx)
        return 1;
    s = nw_mq_socket(zctx, ZMQ_SUB, sub, &o, err, sizeof(err));
    if (!s) {
        fprintf(stderr, "newsworker broker tally: %s\n", err);
        zmq_ctx_term(zctx);
        return 1;
    }
    zmq_setsockopt(s, ZMQ_SUBSCRIBE, "extraction", 10);
    fprintf(stderr, "{\"event\":\"tally_subscribed\",\"sub\":\"%s\"}\n", sub);
    while (!broker_stop) {
        unsigned char *body = NULL;
        size_t len = 0;
        int r = nw_mq_recv(s, topic, sizeof(topic), &body, &len, 200);
        if (r <= 0)
            continue;
        Newsworker__V1__Extraction *x =
            newsworker__v1__extraction__unpack(NULL, len, body);
        if (x && x->article_id) {
            printf("%s\n", x->article_id);
            n++;
        } else {
            bad++;
        }
        if (x)
            newsworker__v1__extraction__free_unpacked(x, NULL);
        free(body);
    }
    fprintf(stderr, "{\"event\":\"tally_stopped\",\"results\":%llu,\"undecodable\":%llu}\n",
            n, bad);
    nw_mq_close(&s);
    zmq_ctx_term(zctx);
    return 0;
}

int cmd_broker(int argc, char **argv) {
    broker_cfg cfg;
    nw_broker_config bc;
    nw_broker *b = NULL;
    char err[512], secret[NW_CURVE_KEYLEN + 1];
    int rc = 1, l;

    if (argc > 1 && !strcmp(argv[1], "tally"))
        return tally(argc - 1, argv + 1);
    memset(&cfg, 0, sizeof(cfg));
    l = nw_cli_config("broker", broker_table, N_BROKER, &cfg, argc, argv, NULL, 0, NULL,
                      broker_usage);
    if (l != NW_CLI_GO_ON)
        return l;
    nw_log_init((nw_log_level)cfg.log_level, "broker");
    nw_broker_config_defaults(&bc);
    bc.submit_endpoint = bind_ep(cfg.submit);
    bc.pull_endpoint = bind_ep(cfg.pull);
    bc.workers_endpoint = bind_ep(cfg.workers);
    bc.pub_endpoint = bind_ep(cfg.pub);
    bc.journal_path = cfg.journal;
    bc.capacity = (size_t)cfg.capacity;
    bc.max_attempts = (uint32_t)cfg.max_attempts;
    bc.lease_ms = (int)cfg.lease_ms;
    bc.heartbeat_ms = (int)cfg.heartbeat_ms;
    bc.liveness = (int)cfg.liveness;
    bc.max_msg = (size_t)cfg.max_msg;
    bc.fsync_ms = (int)cfg.fsync_ms;
    bc.hwm = (int)cfg.hwm;
    bc.max_workers = (int)cfg.max_workers;
    bc.redis_addr = cfg.redis;
    bc.redis_user = cfg.redis_user;
    bc.redis_password = cfg.redis_password;
    bc.deadletter_stream = cfg.deadletter_stream;
    bc.deadletter_maxlen = (size_t)cfg.deadletter_maxlen;
    bc.stats_ms = (int)cfg.stats_ms;
    bc.worker_warmup_ms = (int)cfg.warmup_ms;
    bc.compact_min_bytes = (uint64_t)cfg.compact_min;
    if (cfg.redis_user[0] && !cfg.redis_password[0]) {
        fprintf(stderr, "newsworker broker: --redis-user needs --redis-password\n");
        rc = 2;
        goto done;
    }
    if (cfg.curve_secret[0]) {
        if (nw_curve_key_load(cfg.curve_secret, secret, err, sizeof(err))) {
            fprintf(stderr, "newsworker broker: --curve-secret-key: %s\n", err);
            rc = 2;
            goto done;
        }
        if (!cfg.curve_allow[0]) {
            fprintf(stderr, "newsworker broker: --curve-secret-key needs --curve-allow "
                            "(libzmq would let any client in without an allow-list)\n");
            rc = 2;
            goto done;
        }
        bc.curve_secret = secret;
        bc.curve_allow = cfg.curve_allow;
    } else if (cfg.curve_allow[0]) {
        fprintf(stderr, "newsworker broker: --curve-allow needs --curve-secret-key\n");
        rc = 2;
        goto done;
    }

    nw_cli_on_stop_signals(on_signal);
    signal(SIGPIPE, SIG_IGN);

    b = nw_broker_new(&bc, err, sizeof(err));
    if (!b) {
        NW_LOG(NW_LOG_ERROR, "broker_start_failed", NULL, "{s:s}", "error", err);
        fprintf(stderr, "newsworker broker: %s\n", err);
        goto done;
    }
    rc = nw_broker_run(b, &broker_stop) == 0 ? 0 : 1;
done:
    nw_broker_destroy(&b);
    memset(secret, 0, sizeof(secret));
    nw_config_free(broker_table, N_BROKER, &cfg);
    return rc;
}

/* ------------------------------------------------------------- keygen -- */

static int write_key(const char *path, const char *what, const char *key, mode_t mode) {
    FILE *f;
    umask(077);
    f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "newsworker keygen: %s: %s\n", path, strerror(errno));
        return -1;
    }
    fprintf(f, "# newsworker CURVE %s key (Z85)\n%s\n", what, key);
    if (fclose(f)) {
        fprintf(stderr, "newsworker keygen: %s: %s\n", path, strerror(errno));
        return -1;
    }
    chmod(path, mode);
    return 0;
}

/* `newsworker keygen [PREFIX]`: prints "public KEY" and "secret KEY"; with
   PREFIX also writes PREFIX.pub (0644) and PREFIX.key (0600), usable as
   @PREFIX.pub / @PREFIX.key wherever a key is expected. */
int cmd_keygen(int argc, char **argv) {
    char pub[NW_CURVE_KEYLEN + 1], sec[NW_CURVE_KEYLEN + 1];
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: newsworker keygen [PREFIX]\n\n"
               "Makes a CURVE key pair for the broker or a client.  Prints it; with PREFIX\n"
               "also writes PREFIX.pub and PREFIX.key (mode 0600), to pass as @FILE.\n");
        return 0;
    }
    if (argc > 2) {
        fprintf(stderr, "usage: newsworker keygen [PREFIX]\n");
        return 2;
    }
    if (nw_curve_keygen(pub, sec)) {
        fprintf(stderr, "newsworker keygen: this libzmq has no CURVE support\n");
        return 1;
    }
    if (argc == 2) {
        char path[4096];
        snprintf(path, sizeof(path), "%s.pub", argv[1]);
        if (write_key(path, "public", pub, 0644))
            return 1;
        snprintf(path, sizeof(path), "%s.key", argv[1]);
        if (write_key(path, "secret", sec, 0600))
            return 1;
    }
    printf("public %s\nsecret %s\n", pub, sec);
    memset(sec, 0, sizeof(sec));
    return 0;
}
