/*
 * cmd_feed.c -- `newsworker feed [OPTIONS] FILE...`: send articles to the
 * workers, for people trying the pipeline and for tests.
 *
 * Input: FILE.txt is one article (id = file name without .txt, body = the
 * bytes of the file, sent as they are, even when not valid UTF-8, so bad
 * input can be tested); any other FILE (or "-") is JSON Lines of {"id",
 * "text" or "body", "title", "url", "source", "language", "published_at"},
 * read one line at a time (a file may be any size; a line, like a .txt
 * file, at most 64 MiB).  A line that is not a JSON object is logged with
 * its number and skipped, and feed then exits 1.
 * With --raw every FILE is sent as one message byte for byte (for
 * undecodable-input tests).
 *
 * Output, behind one function boundary (sink_send):
 *   --to push    a PUSH socket to the workers' PULL endpoints (at-most-once;
 *                blocks at the high-water mark, --timeout-ms bounds it)
 *   --to broker  the broker's ROUTER submit endpoint with the NWB1 protocol
 *                (broker_proto.h): [NWB1, SUBMIT, id, Article] answered by
 *                ACCEPTED / DUPLICATE / BUSY / INVALID; up to --window
 *                submissions in flight, BUSY and unanswered ones are resent
 *                with the same id until --timeout-ms passes without progress.
 *
 * CURVE: --curve-server-key (the worker's or broker's public key) with
 * --curve-secret-key makes the socket a CURVE client.  A PUSH feed that the
 * worker refuses (key not on its allow-list) times out and exits 1: the
 * PUSH socket is IMMEDIATE, so nothing is queued to a refused connection.
 */
#include <errno.h>
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "clock.h"
#include "cli.h"
#include "cmds.h"
#include "config.h"
#include "curve.h"
#include "log.h"
#include "mq.h"
#include "newsworker/v1/newsworker.pb-c.h"

#define FEED_MAX_FILES 4096
#define FEED_MAX_WINDOW 1024
#define FEED_MAX_BYTES (64LL * 1024 * 1024)

typedef struct feed_cfg {
    int to;
    char *push, *submit, *id_prefix, *source;
    char *curve_server_key, *curve_public_key, *curve_secret_key;
    long long repeat, timeout_ms, window, hwm;
    int raw, log_level;
} feed_cfg;

#define O(f) offsetof(feed_cfg, f)
static const nw_config_entry feed_table[] = {
    {"to", "NEWSWORKER_FEED_TO", NW_CFG_ENUM, O(to), "push", 0, 0, "push|broker",
     "send over PUSH to workers' PULL sockets, or submit to the broker", 0},
    {"push", "NEWSWORKER_FEED_ENDPOINT", NW_CFG_STR, O(push), ">tcp://127.0.0.1:5557", 0, 1024,
     NULL, "PUSH endpoint(s) for --to push", 0},
    {"submit", "NEWSWORKER_SUBMIT_ENDPOINT", NW_CFG_STR, O(submit), ">tcp://127.0.0.1:5559", 0,
     1024, NULL, "the broker's submit endpoint for --to broker", 0},
    {"id-prefix", NULL, NW_CFG_STR, O(id_prefix), "", 0, 128, NULL,
     "prepend this to every article id (to feed the same texts under fresh ids)", 0},
    {"source", NULL, NW_CFG_STR, O(source), "feed", 0, 128, NULL,
     "Article.source for .txt files", 0},
    {"repeat", NULL, NW_CFG_INT, O(repeat), "1", 1, 1000000, NULL,
     "send everything this many times; rounds after the first get ids suffixed #2, #3...", 0},
    {"raw", NULL, NW_CFG_BOOL, O(raw), "false", 0, 0, NULL,
     "send each FILE byte for byte as one message (no Article encoding)", 0},
    {"timeout-ms", "NEWSWORKER_FEED_TIMEOUT_MS", NW_CFG_INT, O(timeout_ms), "10000", 1, 3600000,
     NULL, "give up when nothing can be sent (or, to the broker, nothing is answered) this long",
     0},
    {"window", NULL, NW_CFG_INT, O(window), "64", 1, FEED_MAX_WINDOW, NULL,
     "broker: submissions in flight at once", 0},
    {"hwm", NULL, NW_CFG_INT, O(hwm), "1000", 1, 1000000, NULL, "send high-water mark", 0},
    {"curve-server-key", "NEWSWORKER_CURVE_SERVER_KEY", NW_CFG_STR, O(curve_server_key), "", 0,
     4096, NULL, "Z85 public key (or @FILE) of the worker (--to push) or broker (--to broker): CURVE on; empty = plain", 0},
    NW_CLI_CURVE_CLIENT_KEY_ENTRIES(O),
    {"log-level", "NEWSWORKER_LOG_LEVEL", NW_CFG_ENUM, O(log_level), "info", 0, 0,
     "debug|info|warn|error", "lowest level logged", 0},
};
#undef O
#define N_FEED (sizeof(feed_table) / sizeof(feed_table[0]))

/* ------------------------------------------------------------ sinks -- */

typedef struct pending {
    char *id;
    unsigned char *data;
    size_t len;
    int64_t sent_ms;
} pending;

typedef struct sink {
    int broker;
    void *sock;
    long long timeout_ms;
    int window;
    pending inflight[FEED_MAX_WINDOW];
    int n_inflight;
    unsigned long long sent, accepted, duplicate, busy, invalid, resent;
} sink;

static int push_send(sink *k, const unsigned char *data, size_t len) {
    for (int i = 0; i < 5; i++) {
        if (zmq_send(k->sock, data, len, 0) >= 0) {
            k->sent++;
            return 0;
        }
        if (errno != EINTR)
            break;
    }
    NW_LOG(NW_LOG_ERROR, "send_failed", NULL, "{s:s}", "error",
           errno == EAGAIN ? "timed out: no worker is taking articles" : zmq_strerror(errno));
    return -1;
}

static int submit(sink *k, pending *p) {
    const char *v = "NWB1", *c = "SUBMIT";
    if (zmq_send(k->sock, v, strlen(v), ZMQ_SNDMORE) < 0 ||
        zmq_send(k->sock, c, strlen(c), ZMQ_SNDMORE) < 0 ||
        zmq_send(k->sock, p->id, strlen(p->id), ZMQ_SNDMORE) < 0 ||
        zmq_send(k->sock, p->data, p->len, 0) < 0) {
        NW_LOG(NW_LOG_ERROR, "send_failed", p->id, "{s:s}", "error", zmq_strerror(errno));
        return -1;
    }
    p->sent_ms = nw_clock_mono_ms();
    return 0;
}

static void drop_pending(sink *k, int i) {
    free(k->inflight[i].id);
    free(k->inflight[i].data);
    k->inflight[i] = k->inflight[--k->n_inflight];
}

/* Wait up to wait_ms for one broker reply and settle it.  0 = progress or
   nothing yet, -1 = error. */
static int broker_pump(sink *k, int wait_ms) {
    zmq_pollitem_t it = {k->sock, 0, ZMQ_POLLIN, 0};
    int rc = zmq_poll(&it, 1, wait_ms);
    if (rc < 0)
        return errno == EINTR ? 0 : -1;
    int64_t now = nw_clock_mono_ms();
    if (rc > 0) {
        char fr[4][300];
        size_t fl[4] = {0};
        int nf = 0, more = 1;
        while (more) {
            zmq_msg_t m;
            zmq_msg_init(&m);
            if (zmq_msg_recv(&m, k->sock, 0) < 0) {
                zmq_msg_close(&m);
                return -1;
            }
            more = zmq_msg_more(&m);
            if (nf < 4) {
                size_t sz = zmq_msg_size(&m);
                fl[nf] = sz < sizeof(fr[0]) - 1 ? sz : sizeof(fr[0]) - 1;
                memcpy(fr[nf], zmq_msg_data(&m), fl[nf]);
                fr[nf][fl[nf]] = '\0';
                nf++;
            }
            zmq_msg_close(&m);
        }
        if (nf >= 3 && !strcmp(fr[0], "NWB1")) {
            for (int i = 0; i < k->n_inflight; i++) {
                if (strcmp(k->inflight[i].id, fr[2]) != 0)
                    continue;
                if (!strcmp(fr[1], "BUSY")) {
                    k->busy++;
                    k->inflight[i].sent_ms = now + 100 - k->timeout_ms / 4; /* retry soon */
                } else {
                    if (!strcmp(fr[1], "ACCEPTED"))
                        k->accepted++;
                    else if (!strcmp(fr[1], "DUPLICATE"))
                        k->duplicate++;
                    else {
                        k->invalid++;
                        NW_LOG(NW_LOG_WARN, "submit_invalid", fr[2], "{s:s}", "reason",
                               nf >= 4 ? fr[3] : fr[1]);
                    }
                    drop_pending(k, i);
                }
                break;
            }
        }
    }
    /* Resend what has waited a quarter of the timeout (same id: the broker
       drops duplicates of ids it holds). */
    for (int i = 0; i < k->n_inflight; i++)
        if (now - k->inflight[i].sent_ms >= k->timeout_ms / 4) {
            k->resent++;
            if (submit(k, &k->inflight[i]))
                return -1;
        }
    return 0;
}

/* Settle everything in flight; -1 when nothing moved for timeout_ms. */
static int broker_drain(sink *k, int max_inflight) {
    int64_t last = nw_clock_mono_ms();
    int before = k->n_inflight;
    while (k->n_inflight > max_inflight) {
        if (broker_pump(k, 100))
            return -1;
        if (k->n_inflight < before) {
            before = k->n_inflight;
            last = nw_clock_mono_ms();
        } else if (nw_clock_mono_ms() - last > k->timeout_ms) {
            NW_LOG(NW_LOG_ERROR, "broker_timeout", NULL, "{s:i,s:I}", "unanswered",
                   k->n_inflight, "timeout_ms", (json_int_t)k->timeout_ms);
            return -1;
        }
    }
    return 0;
}

/* The one boundary: hand one packed Article to wherever it goes. */
static int sink_send(sink *k, const char *id, const unsigned char *data, size_t len) {
    if (!k->broker)
        return push_send(k, data, len);
    if (broker_drain(k, k->window - 1))
        return -1;
    pending *p = &k->inflight[k->n_inflight];
    p->id = strdup(id);
    p->data = malloc(len ? len : 1);
    if (!p->id || !p->data) {
        free(p->id);
        free(p->data);
        return -1;
    }
    memcpy(p->data, data, len);
    p->len = len;
    k->n_inflight++;
    k->sent++;
    return submit(k, p);
}

static int sink_finish(sink *k) { return k->broker ? broker_drain(k, 0) : 0; }

static void sink_close(sink *k) {
    while (k->n_inflight > 0)
        drop_pending(k, k->n_inflight - 1);
    nw_mq_close(&k->sock);
}

/* ---------------------------------------------------------- articles -- */

typedef struct feeder {
    const feed_cfg *cfg;
    sink *k;
    long round;
    unsigned long long errors;
} feeder;

static int send_article(feeder *f, Newsworker__V1__Article *a) {
    char id[512];
    if (f->round > 1)
        snprintf(id, sizeof(id), "%s%s#%ld", f->cfg->id_prefix, a->id, f->round);
    else
        snprintf(id, sizeof(id), "%s%s", f->cfg->id_prefix, a->id);
    char *own = a->id;
    a->id = id;
    size_t sz = newsworker__v1__article__get_packed_size(a);
    unsigned char *buf = malloc(sz ? sz : 1);
    int rc = -1;
    if (buf) {
        size_t n = newsworker__v1__article__pack(a, buf);
        rc = sink_send(f->k, id, buf, n);
        NW_LOG(NW_LOG_DEBUG, "fed", id, "{s:I}", "size", (json_int_t)n);
    }
    free(buf);
    a->id = own;
    return rc;
}

static const char *jget(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* one JSON Lines line: 0 sent or skipped (a bad line is counted), -1 the
   sink failed */
static int feed_line(feeder *f, const char *path, unsigned long lineno, const char *line,
                     size_t l) {
    if (l == 0 || strspn(line, " \t\r") >= l)
        return 0;
    json_error_t jerr;
    json_t *o = json_loadb(line, l, 0, &jerr);
    if (!json_is_object(o)) {
        NW_LOG(NW_LOG_WARN, "bad_line", NULL, "{s:s,s:I,s:s}", "file", path, "line",
               (json_int_t)lineno, "error", o ? "not an object" : jerr.text);
        json_decref(o);
        f->errors++;
        return 0;
    }
    Newsworker__V1__Article a = NEWSWORKER__V1__ARTICLE__INIT;
    char idbuf[32];
    json_t *jid = json_object_get(o, "id");
    const char *text = jget(o, "text") ? jget(o, "text") : jget(o, "body");
    if (json_is_integer(jid)) {
        snprintf(idbuf, sizeof(idbuf), "%lld", (long long)json_integer_value(jid));
        a.id = idbuf;
    } else if (json_is_string(jid)) {
        a.id = (char *)json_string_value(jid);
    }
    a.body = (char *)(text ? text : "");
    a.title = (char *)(jget(o, "title") ? jget(o, "title") : "");
    a.url = (char *)(jget(o, "url") ? jget(o, "url") : "");
    a.source = (char *)(jget(o, "source") ? jget(o, "source") : f->cfg->source);
    a.language = (char *)(jget(o, "language") ? jget(o, "language") : "");
    if (json_is_integer(json_object_get(o, "published_at")))
        a.published_at = json_integer_value(json_object_get(o, "published_at"));
    int rc = send_article(f, &a);
    json_decref(o);
    return rc;
}

/* JSON Lines, one line at a time: memory holds one line (at most
   FEED_MAX_BYTES; a longer one is reported and skipped), whatever the size
   of the file */
static int feed_jsonl(feeder *f, const char *path) {
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    char *line = NULL;
    size_t cap = 0, l = 0;
    unsigned long lineno = 0;
    int too_long = 0, r, rc = 0;
    if (!fp) {
        NW_LOG(NW_LOG_ERROR, "read_failed", NULL, "{s:s,s:s}", "file", path, "error",
               strerror(errno));
        f->errors++;
        return 0;
    }
    while ((r = nw_cli_read_line(fp, FEED_MAX_BYTES, &line, &cap, &l, &too_long)) == 1) {
        lineno++;
        if (too_long) {
            NW_LOG(NW_LOG_WARN, "bad_line", NULL, "{s:s,s:I,s:s}", "file", path, "line",
                   (json_int_t)lineno, "error", "line too long");
            f->errors++;
        } else if ((rc = feed_line(f, path, lineno, line, l)) != 0) {
            break;
        }
    }
    if (r < 0) {
        NW_LOG(NW_LOG_ERROR, "read_failed", NULL, "{s:s,s:I,s:s}", "file", path, "line",
               (json_int_t)lineno + 1, "error", strerror(errno));
        f->errors++;
    }
    free(line);
    if (fp != stdin)
        fclose(fp);
    return rc;
}

static int feed_file(feeder *f, const char *path) {
    char *text = NULL;
    size_t len = 0, pl = strlen(path);
    int rc = 0;
    int txt = pl > 4 && !strcmp(path + pl - 4, ".txt");
    if (!f->cfg->raw && !txt)
        return feed_jsonl(f, path);
    /* one article per file: the whole file, up to what an article may be */
    if (nw_cli_read_file(path, FEED_MAX_BYTES, &text, &len)) {
        NW_LOG(NW_LOG_ERROR, "read_failed", NULL, "{s:s,s:s}", "file", path, "error",
               strerror(errno));
        f->errors++;
        return 0;
    }
    unsigned char *buf = (unsigned char *)text;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (f->cfg->raw) {
        rc = sink_send(f->k, base, buf, len);
    } else {
        char id[300];
        snprintf(id, sizeof(id), "%.*s", (int)(strlen(base) - 4), base);
        Newsworker__V1__Article a = NEWSWORKER__V1__ARTICLE__INIT;
        a.id = id;
        a.body = (char *)buf; /* bytes as they are: no validation here */
        a.source = f->cfg->source;
        /* protobuf-c packs strings with strlen: a body with a NUL byte is
           cut there, which the worker then sees as a shorter body. */
        rc = send_article(f, &a);
    }
    free(buf);
    return rc;
}

static void usage(FILE *f) {
    fprintf(f, "usage: newsworker feed [OPTIONS] FILE...   (FILE.txt, JSON Lines, or - for stdin)\n\n");
    nw_config_help(feed_table, N_FEED, f);
}

int cmd_feed(int argc, char **argv) {
    feed_cfg cfg;
    char err[512], *files[FEED_MAX_FILES];
    int nfiles = 0, rc = 1;
    void *zctx = NULL;
    sink *k = NULL;

    nw_cli_curve ck;

    memset(&cfg, 0, sizeof(cfg));
    int l = nw_cli_config("feed", feed_table, N_FEED, &cfg, argc, argv, files, FEED_MAX_FILES,
                          &nfiles, usage);
    if (l != NW_CLI_GO_ON)
        return l;
    if (nw_cli_curve_client("feed", cfg.curve_server_key, cfg.curve_public_key,
                            cfg.curve_secret_key, &ck)) {
        nw_config_free(feed_table, N_FEED, &cfg);
        return 2;
    }
    nw_log_init((nw_log_level)cfg.log_level, "feed");
    k = calloc(1, sizeof(*k));
    zctx = zmq_ctx_new();
    if (!k || !zctx)
        goto done;
    k->broker = cfg.to == 1;
    k->timeout_ms = cfg.timeout_ms;
    k->window = (int)cfg.window;
    /* PUSH: IMMEDIATE, so that a worker that is not there or refused our
       CURVE key makes the send time out (exit 1) instead of queueing
       articles that are then dropped at close */
    nw_mq_opts mo = {.linger_ms = (int)cfg.timeout_ms,
                     .sndhwm = (int)cfg.hwm,
                     .immediate = !k->broker};
    nw_cli_curve_opts(&ck, &mo);
    k->sock = nw_mq_socket(zctx, k->broker ? ZMQ_DEALER : ZMQ_PUSH,
                           k->broker ? cfg.submit : cfg.push, &mo, err, sizeof(err));
    if (!k->sock) {
        NW_LOG(NW_LOG_ERROR, "socket_failed", NULL, "{s:s}", "error", err);
        goto done;
    }
    int t = (int)cfg.timeout_ms;
    zmq_setsockopt(k->sock, ZMQ_SNDTIMEO, &t, sizeof(t));

    feeder f = {.cfg = &cfg, .k = k};
    for (f.round = 1; f.round <= cfg.repeat; f.round++)
        for (int i = 0; i < nfiles; i++)
            if (feed_file(&f, files[i]))
                goto done;
    if (sink_finish(k))
        goto done;
    rc = f.errors ? 1 : 0;
done:
    if (k) {
        NW_LOG(NW_LOG_INFO, "feed_done", NULL, "{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:i}", "to",
               k->broker ? "broker" : "push", "sent", (json_int_t)k->sent, "accepted",
               (json_int_t)k->accepted, "duplicate", (json_int_t)k->duplicate, "busy",
               (json_int_t)k->busy, "invalid", (json_int_t)k->invalid, "resent",
               (json_int_t)k->resent, "exit", rc);
        sink_close(k); /* PUSH: close waits up to --timeout-ms to flush */
        free(k);
    }
    if (zctx)
        zmq_ctx_term(zctx);
    nw_config_free(feed_table, N_FEED, &cfg);
    return rc;
}
