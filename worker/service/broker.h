/*
 * broker.h -- `newsworker broker`: the at-least-once queue between
 * producers and workers (protocol in broker_proto.h).
 *
 *   producers --SUBMIT--> [ROUTER submit]  --+
 *   PUSH producers -----> [PULL]    ---------+--> journal (fsync) --> queue
 *                                                                      |
 *   workers (DEALER) <--JOB/HEARTBEAT-- [ROUTER workers] <-------------+
 *                    --READY/ACK/REJECT/RELEASE/HEARTBEAT-->
 *   dead letters --> [PUB "deadletter"] + XADD newsworker:v1:deadletters
 *
 * One thread runs everything (plus the ZAP thread when CURVE is on): a
 * zmq_poll loop that reads bounded bursts from each socket, appends to the
 * journal, answers producers after each group fsync, hands work to workers
 * by credit, expires leases, declares silent workers dead and retries dead
 * letters towards Redis while it is down.
 */
#ifndef NW_BROKER_H
#define NW_BROKER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

typedef struct nw_broker_config {
    const char *submit_endpoint;   /* ROUTER endpoint to bind, e.g. "tcp://0.0.0.0:5570" */
    const char *pull_endpoint;     /* PULL, "" or NULL = none */
    const char *workers_endpoint;  /* ROUTER for workers */
    const char *pub_endpoint;      /* PUB for dead letters, "" = none */
    const char *journal_path;
    size_t capacity;               /* articles held at most (all states) */
    uint32_t max_attempts;         /* counted deliveries before dead letter */
    int lease_ms;                  /* lease lifetime */
    int heartbeat_ms;              /* heartbeat interval, both ways */
    int liveness;                  /* missed heartbeats before "dead" */
    size_t max_msg;                /* largest Article accepted, bytes */
    int fsync_ms;                  /* group-commit window */
    int hwm;                       /* SNDHWM/RCVHWM of every socket */
    int max_workers;
    const char *redis_addr;        /* "host:port"; NULL/"" = no Redis */
    const char *redis_user, *redis_password;
    const char *deadletter_stream; /* "newsworker:v1:deadletters" */
    size_t deadletter_maxlen;      /* XADD MAXLEN ~ */
    const char *curve_secret;      /* Z85 secret key; NULL = plain */
    const char *curve_allow;       /* allow-list spec (curve.h) */
    int stats_ms;                  /* stats log interval, 0 = off */
    uint64_t compact_min_bytes;    /* compact the journal when it is larger
                                      than this and 4.5 x the live data */
    int worker_warmup_ms;          /* no JOB to a new worker before this: its
                                      PUB needs a moment to get subscribers
                                      (slow joiner), or early results drop */
} nw_broker_config;

/* Counters since start.  redelivered = JOBs sent with attempt >= 2 (after
   an expired lease, a dead worker, or a broker restart that found the
   article already tried); released = RELEASEs (not counted as attempts). */
typedef struct nw_broker_stats {
    uint64_t accepted, duplicates, busy, invalid, pulled;
    uint64_t dispatched, redelivered, acked, stale, released;
    uint64_t rejected, expired, worker_deaths, dead_lettered;
    uint64_t fsyncs, replayed, compactions;
} nw_broker_stats;

typedef struct nw_broker nw_broker;

/* Fills the defaults (documented in `newsworker broker --help`). */
void nw_broker_config_defaults(nw_broker_config *c);

/* Opens and replays the journal, creates and binds the sockets (and the ZAP
   handler when curve_secret is set).  NULL with a message in err. */
nw_broker *nw_broker_new(const nw_broker_config *c, char *err, size_t errlen);

/* Runs until *stop becomes non-zero (signal handler), then answers what it
   journalled, syncs and returns 0; -1 on a fatal error (journal I/O). */
int nw_broker_run(nw_broker *b, volatile sig_atomic_t *stop);

/* Closes sockets, journal and Redis; *b becomes NULL.  NULL-safe. */
void nw_broker_destroy(nw_broker **b);

const nw_broker_stats *nw_broker_get_stats(const nw_broker *b);

#endif
