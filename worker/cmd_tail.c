/*
 * cmd_tail.c -- `newsworker tail`: subscribe to the workers' PUB sockets and
 * print every Extraction / DeadLetter as one JSON line on stdout (codec.h
 * names the fields).  --count and --timeout-ms make it finish on its own,
 * for tests and demos: exit 0 once --count messages were printed (or on
 * SIGINT/SIGTERM), 3 when --timeout-ms passed first.
 *
 * --curve-server-key (the PUB side's public key) with --curve-secret-key
 * makes the SUB a CURVE client; its public key must be on the worker's (or
 * broker's) --curve-allow list, or it receives nothing.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "clock.h"
#include "cli.h"
#include "cmds.h"
#include "codec.h"
#include "config.h"
#include "curve.h"
#include "log.h"
#include "mq.h"

typedef struct tail_cfg {
    char *sub, *curve_server_key, *curve_public_key, *curve_secret_key;
    int topic;
    long long count, timeout_ms, hwm, connect_wait_ms;
    int pretty, log_level;
} tail_cfg;

#define O(f) offsetof(tail_cfg, f)
static const nw_config_entry tail_table[] = {
    {"sub", "NEWSWORKER_TAIL_ENDPOINT", NW_CFG_STR, O(sub), ">tcp://127.0.0.1:5558", 0, 4096,
     NULL, "PUB endpoint(s) to subscribe to, comma-separated (one per worker)", 0},
    {"topic", NULL, NW_CFG_ENUM, O(topic), "all", 0, 0, "all|extraction|deadletter",
     "which messages to print", 0},
    {"count", NULL, NW_CFG_INT, O(count), "0", 0, 1000000000, NULL,
     "exit 0 after printing this many messages; 0 = run until stopped", 0},
    {"timeout-ms", NULL, NW_CFG_INT, O(timeout_ms), "0", 0, 86400000, NULL,
     "exit 3 when this long has passed (before --count was reached); 0 = never", 0},
    {"connect-wait-ms", NULL, NW_CFG_INT, O(connect_wait_ms), "2000", 0, 60000, NULL,
     "for endpoints it connects to: wait this long for the connections (logged as "
     "\"connected\") before reading; 0 = do not wait", 0},
    {"hwm", NULL, NW_CFG_INT, O(hwm), "100000", 1, 10000000, NULL, "receive high-water mark",
     0},
    {"pretty", NULL, NW_CFG_BOOL, O(pretty), "false", 0, 0, NULL,
     "indent the JSON (several lines per message)", 0},
    {"curve-server-key", "NEWSWORKER_CURVE_SERVER_KEY", NW_CFG_STR, O(curve_server_key), "", 0,
     4096, NULL, "Z85 public key (or @FILE) of the PUB side (worker or broker): CURVE on; empty = plain", 0},
    NW_CLI_CURVE_CLIENT_KEY_ENTRIES(O),
    {"log-level", "NEWSWORKER_LOG_LEVEL", NW_CFG_ENUM, O(log_level), "info", 0, 0,
     "debug|info|warn|error", "lowest level logged", 0},
};
#undef O
#define N_TAIL (sizeof(tail_table) / sizeof(tail_table[0]))

static volatile sig_atomic_t tail_stop;
static void on_signal(int sig) { tail_stop = sig; }

/* Print one message; 1 printed, 0 skipped (undecodable or unknown topic). */
static int print_msg(const char *topic, const unsigned char *data, size_t len, int pretty) {
    json_t *o = NULL;
    if (!strcmp(topic, "extraction")) {
        Newsworker__V1__Extraction *x = newsworker__v1__extraction__unpack(NULL, len, data);
        if (x) {
            o = nw_codec_extraction_json(x);
            newsworker__v1__extraction__free_unpacked(x, NULL);
        }
    } else if (!strcmp(topic, "deadletter")) {
        Newsworker__V1__DeadLetter *d = newsworker__v1__dead_letter__unpack(NULL, len, data);
        if (d) {
            o = nw_codec_deadletter_json(d);
            newsworker__v1__dead_letter__free_unpacked(d, NULL);
        }
    }
    if (!o) {
        NW_LOG(NW_LOG_WARN, "undecodable", NULL, "{s:s,s:I}", "topic", topic, "size",
               (json_int_t)len);
        return 0;
    }
    char *s = json_dumps(o, (pretty ? JSON_INDENT(2) : JSON_COMPACT) | JSON_REAL_PRECISION(6));
    json_decref(o);
    if (!s)
        return 0;
    fputs(s, stdout);
    fputc('\n', stdout);
    fflush(stdout);
    free(s);
    return 1;
}

static void usage(FILE *f) {
    fprintf(f, "usage: newsworker tail [OPTIONS]\n\n");
    nw_config_help(tail_table, N_TAIL, f);
}

int cmd_tail(int argc, char **argv) {
    tail_cfg cfg;
    char err[512];
    void *zctx = NULL, *sub = NULL, *sub_mon = NULL;
    int rc = 1;
    long long printed = 0;

    nw_cli_curve ck;

    memset(&cfg, 0, sizeof(cfg));
    int l = nw_cli_config("tail", tail_table, N_TAIL, &cfg, argc, argv, NULL, 0, NULL, usage);
    if (l != NW_CLI_GO_ON)
        return l;
    if (nw_cli_curve_client("tail", cfg.curve_server_key, cfg.curve_public_key,
                            cfg.curve_secret_key, &ck)) {
        nw_config_free(tail_table, N_TAIL, &cfg);
        return 2;
    }
    nw_log_init((nw_log_level)cfg.log_level, "tail");
    nw_cli_on_stop_signals(on_signal);

    zctx = zmq_ctx_new();
    if (!zctx)
        goto done;
    nw_mq_opts mo = {.linger_ms = 0,
                     .rcvhwm = (int)cfg.hwm,
                     .maxmsgsize = 256LL << 20};
    nw_cli_curve_opts(&ck, &mo);
    /* Connected endpoints: wait (bounded) for the handshakes, so that
       scripts can start publishing once "connected" is logged: what a PUB
       sends before our subscription reaches it is dropped. */
    long long cw = cfg.connect_wait_ms;
    if (cfg.timeout_ms && cfg.timeout_ms < cw)
        cw = cfg.timeout_ms;
    int want = cw > 0 ? nw_mq_count_connects(cfg.sub) : 0;
    if (want > 0)
        mo.monitor = &sub_mon; /* attached before the connects */
    sub = nw_mq_socket(zctx, ZMQ_SUB, cfg.sub, &mo, err, sizeof(err));
    if (!sub) {
        NW_LOG(NW_LOG_ERROR, "socket_failed", NULL, "{s:s}", "error", err);
        goto done;
    }
    if (cfg.topic != 2)
        zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "extraction", 10);
    if (cfg.topic != 1)
        zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "deadletter", 10);
    NW_LOG(NW_LOG_INFO, "subscribed", NULL, "{s:s,s:b}", "endpoint", cfg.sub, "curve", ck.on);
    int64_t t0 = nw_clock_mono_ms();
    if (want > 0) {
        int got = nw_mq_wait_connected(sub, &sub_mon, want, (int)cw);
        if (got >= want)
            NW_LOG(NW_LOG_INFO, "connected", NULL, "{s:i}", "peers", got);
        else
            NW_LOG(NW_LOG_WARN, "not_connected", NULL, "{s:i,s:i}", "peers", got < 0 ? 0 : got,
                   "expected", want);
    }

    int64_t deadline = cfg.timeout_ms ? t0 + cfg.timeout_ms : 0;
    rc = 0;
    while (!tail_stop && (cfg.count == 0 || printed < cfg.count)) {
        char topic[32];
        unsigned char *body = NULL;
        size_t len = 0;
        int wait = 200;
        if (deadline) {
            int64_t left = deadline - nw_clock_mono_ms();
            if (left <= 0) {
                rc = cfg.count ? 3 : 0;
                NW_LOG(NW_LOG_INFO, "timeout", NULL, "{s:I}", "printed", (json_int_t)printed);
                break;
            }
            wait = left < wait ? (int)left : wait;
        }
        int r = nw_mq_recv(sub, topic, sizeof(topic), &body, &len, wait);
        if (r < 0) {
            NW_LOG(NW_LOG_ERROR, "recv_failed", NULL, "{s:s}", "error", zmq_strerror(errno));
            rc = 1;
            break;
        }
        if (r == 1)
            printed += print_msg(topic, body, len, cfg.pretty);
        free(body);
    }
done:
    if (sub_mon)
        zmq_close(sub_mon);
    nw_mq_close(&sub);
    if (zctx)
        zmq_ctx_term(zctx);
    nw_config_free(tail_table, N_TAIL, &cfg);
    return rc;
}
