/*
 * metrics.c -- counters, histogram and the /metrics responder (metrics.h).
 *
 * Counters are relaxed atomics: the worker thread adds, the server thread
 * reads; a scrape may see one counter a moment ahead of another, which
 * Prometheus tolerates.  libmicrohttpd serves the endpoint from its own
 * polling thread; nw_metrics_free stops the daemon and joins it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "metrics.h"

#define N_BUCKETS 12
/* extraction takes ~0.1-5 ms an article on one core; the top buckets catch
   pathological inputs */
static const double bucket_le[N_BUCKETS] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                            0.01,   0.025,   0.05,   0.1,   0.25,   1.0};
static const char *const result_name[NW_METRIC_N_RESULTS] = {"extracted", "cache_hit",
                                                              "dead_letter", "publish_error"};


struct nw_metrics {
    atomic_ullong results[NW_METRIC_N_RESULTS];
    atomic_ullong buckets[N_BUCKETS + 1]; /* non-cumulative; last = +Inf */
    atomic_ullong sum_us, count;
    struct MHD_Daemon *daemon;            /* the /metrics server, or NULL */
};

nw_metrics *nw_metrics_new(void) {
    nw_metrics *m = calloc(1, sizeof(*m));
    return m;
}

void nw_metrics_free(nw_metrics **mp) {
    nw_metrics *m;
    if (!mp || !*mp)
        return;
    m = *mp;
    if (m->daemon)
        MHD_stop_daemon(m->daemon); /* joins its thread */
    free(m);
    *mp = NULL;
}

void nw_metrics_count(nw_metrics *m, nw_metric_result r) {
    if (!m || r < 0 || r >= NW_METRIC_N_RESULTS)
        return;
    atomic_fetch_add_explicit(&m->results[r], 1, memory_order_relaxed);
}

void nw_metrics_observe_extract(nw_metrics *m, double seconds) {
    int b = 0;
    if (!m)
        return;
    if (!(seconds >= 0)) /* NaN or negative */
        seconds = 0;
    while (b < N_BUCKETS && seconds > bucket_le[b])
        b++;
    atomic_fetch_add_explicit(&m->buckets[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->sum_us, (unsigned long long)(seconds * 1e6 + 0.5),
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&m->count, 1, memory_order_relaxed);
}

/* ------------------------------------------------------------ render -- */

typedef struct out {
    char *buf;
    size_t cap, len;
} out;

static void put(out *o, const char *fmt, ...) {
    va_list ap;
    size_t room = o->len < o->cap ? o->cap - o->len : 0;
    va_start(ap, fmt);
    int n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
}

static unsigned long long get(atomic_ullong *a) {
    return atomic_load_explicit(a, memory_order_relaxed);
}

size_t nw_metrics_render(nw_metrics *m, char *buf, size_t cap) {
    out o = {buf, cap, 0};
    unsigned long long cum = 0;
    if (cap)
        buf[0] = '\0';
    put(&o, "# HELP newsworker_articles_total Articles handled, by result.\n"
            "# TYPE newsworker_articles_total counter\n");
    for (int r = 0; r < NW_METRIC_N_RESULTS; r++)
        put(&o, "newsworker_articles_total{result=\"%s\"} %llu\n", result_name[r],
            get(&m->results[r]));
    put(&o, "# HELP newsworker_cache_hits_total Results served from the Redis cache.\n"
            "# TYPE newsworker_cache_hits_total counter\n"
            "newsworker_cache_hits_total %llu\n",
        get(&m->results[NW_METRIC_CACHE_HIT]));
    put(&o, "# HELP newsworker_deadletters_total Articles dead-lettered by this worker.\n"
            "# TYPE newsworker_deadletters_total counter\n"
            "newsworker_deadletters_total %llu\n",
        get(&m->results[NW_METRIC_DEAD_LETTER]));
    put(&o, "# HELP newsworker_extract_seconds Time to extract one article (cache misses).\n"
            "# TYPE newsworker_extract_seconds histogram\n");
    for (int b = 0; b < N_BUCKETS; b++) {
        cum += get(&m->buckets[b]);
        put(&o, "newsworker_extract_seconds_bucket{le=\"%g\"} %llu\n", bucket_le[b], cum);
    }
    cum += get(&m->buckets[N_BUCKETS]);
    put(&o, "newsworker_extract_seconds_bucket{le=\"+Inf\"} %llu\n", cum);
    put(&o, "newsworker_extract_seconds_sum %.6f\n", (double)get(&m->sum_us) / 1e6);
    put(&o, "newsworker_extract_seconds_count %llu\n", get(&m->count));
    if (cap && o.len >= cap)
        buf[cap - 1] = '\0';
    return o.len;
}

/* ------------------------------------------------------------ server -- */

/* libmicrohttpd calls this from its own thread for every request. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls) {
    nw_metrics *m = cls;
    struct MHD_Response *resp;
    unsigned int status = MHD_HTTP_OK;
    char small[4096], *body = small, *big = NULL;
    size_t len;
    enum MHD_Result ret;
    (void)version;
    (void)upload_data;
    (void)con_cls;
    if (*upload_data_size != 0) {
        *upload_data_size = 0; /* a GET carries no body: drop it */
        return MHD_YES;
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        status = MHD_HTTP_METHOD_NOT_ALLOWED;
        body = "GET only\n";
        len = strlen(body);
    } else if (strcmp(url, "/metrics") != 0) {
        status = MHD_HTTP_NOT_FOUND;
        body = "see /metrics\n";
        len = strlen(body);
    } else {
        len = nw_metrics_render(m, small, sizeof(small));
        if (len >= sizeof(small)) {
            if (!(big = malloc(len + 1)))
                return MHD_NO; /* MHD closes the connection */
            nw_metrics_render(m, big, len + 1);
            body = big;
        }
    }
    resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_COPY);
    free(big);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "text/plain; version=0.0.4; charset=utf-8");
    ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

int nw_metrics_serve(nw_metrics *m, const char *addr, char *err, size_t errlen) {
    char host[256];
    const char *colon = addr ? strrchr(addr, ':') : NULL;
    struct addrinfo hints, *ai = NULL;
    struct sockaddr_in sin;
    int rc;
    if (m->daemon) {
        snprintf(err, errlen, "metrics: already serving");
        return -1;
    }
    if (!colon || colon == addr || (size_t)(colon - addr) >= sizeof(host) || !colon[1]) {
        snprintf(err, errlen, "metrics address '%s' is not host:port", addr ? addr : "");
        return -1;
    }
    memcpy(host, addr, (size_t)(colon - addr));
    host[colon - addr] = '\0';
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    rc = getaddrinfo(host, colon + 1, &hints, &ai);
    if (rc || !ai) {
        snprintf(err, errlen, "metrics address '%s': %s", addr, rc ? gai_strerror(rc) : "none");
        return -1;
    }
    memcpy(&sin, ai->ai_addr, sizeof(sin));
    freeaddrinfo(ai);
    /* One internal thread polls; connections are few (a scraper), bounded
       in number and in time, and each request is small. */
    errno = 0;
    m->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, ntohs(sin.sin_port), NULL,
                                 NULL, on_request, m, MHD_OPTION_SOCK_ADDR,
                                 (struct sockaddr *)&sin, MHD_OPTION_CONNECTION_LIMIT,
                                 (unsigned int)16, MHD_OPTION_CONNECTION_TIMEOUT,
                                 (unsigned int)2, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                                 (size_t)16384, MHD_OPTION_END);
    if (!m->daemon) {
        snprintf(err, errlen, "metrics %s: cannot listen: %s", addr,
                 errno ? strerror(errno) : "libmicrohttpd refused to start");
        return -1;
    }
    return 0;
}
