/*
 * metrics.c -- counters, histogram and the /metrics responder (metrics.h).
 *
 * Counters are relaxed atomics: the worker thread adds, the server thread
 * reads; a scrape may see one counter a moment ahead of another, which
 * Prometheus tolerates.  The server thread polls its listening socket with
 * a 100 ms timeout so nw_metrics_free can stop it with an atomic flag.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "metrics.h"

#define N_BUCKETS 12
/* extraction takes ~0.1-5 ms an article on one core; the top buckets catch
   pathological inputs */
static const double bucket_le[N_BUCKETS] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                            0.01,   0.025,   0.05,   0.1,   0.25,   1.0};
static const char *const result_name[NW_METRIC_N_RESULTS] = {"extracted", "cache_hit",
                                                              "dead_letter", "publish_error"};

#define MAX_REQUEST 4096

struct nw_metrics {
    atomic_ullong results[NW_METRIC_N_RESULTS];
    atomic_ullong buckets[N_BUCKETS + 1]; /* non-cumulative; last = +Inf */
    atomic_ullong sum_us, count;
    int fd;                               /* listening socket, -1 = none */
    int running;                          /* the thread was started */
    atomic_int stop;
    pthread_t thread;
};

nw_metrics *nw_metrics_new(void) {
    nw_metrics *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->fd = -1;
    return m;
}

void nw_metrics_free(nw_metrics **mp) {
    nw_metrics *m;
    if (!mp || !*mp)
        return;
    m = *mp;
    if (m->running) {
        atomic_store(&m->stop, 1);
        pthread_join(m->thread, NULL);
    }
    if (m->fd >= 0)
        close(m->fd);
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

static void send_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

static void respond(int fd, const char *status, const char *body, size_t len) {
    char head[256];
    int n = snprintf(head, sizeof(head),
                     "HTTP/1.0 %s\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                     status, len);
    send_all(fd, head, (size_t)n);
    send_all(fd, body, len);
}

/* One connection: read the request head (bounded by size and a 1 s
   timeout), answer, close. */
static void serve_one(nw_metrics *m, int fd) {
    char req[MAX_REQUEST + 1];
    size_t n = 0;
    struct timeval tv = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    while (n < MAX_REQUEST) {
        ssize_t r = recv(fd, req + n, MAX_REQUEST - n, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
        req[n] = '\0';
        if (strstr(req, "\r\n\r\n") || strstr(req, "\n\n"))
            break;
    }
    req[n] = '\0';
    if (strncmp(req, "GET ", 4) != 0) {
        respond(fd, "405 Method Not Allowed", "GET only\n", 9);
        return;
    }
    const char *path = req + 4;
    size_t plen = strcspn(path, " ?\r\n");
    if (plen == 8 && !memcmp(path, "/metrics", 8)) {
        char small[4096];
        size_t need = nw_metrics_render(m, small, sizeof(small));
        if (need < sizeof(small)) {
            respond(fd, "200 OK", small, need);
            return;
        }
        char *big = malloc(need + 1);
        if (!big) {
            respond(fd, "500 Internal Server Error", "out of memory\n", 14);
            return;
        }
        nw_metrics_render(m, big, need + 1);
        respond(fd, "200 OK", big, need);
        free(big);
    } else {
        respond(fd, "404 Not Found", "see /metrics\n", 13);
    }
}

static void *serve_main(void *arg) {
    nw_metrics *m = arg;
    while (!atomic_load(&m->stop)) {
        struct pollfd p = {m->fd, POLLIN, 0};
        if (poll(&p, 1, 100) <= 0)
            continue;
        int c = accept(m->fd, NULL, NULL);
        if (c < 0)
            continue;
        serve_one(m, c);
        close(c);
    }
    return NULL;
}

int nw_metrics_serve(nw_metrics *m, const char *addr, char *err, size_t errlen) {
    char host[256];
    const char *colon = addr ? strrchr(addr, ':') : NULL;
    struct addrinfo hints, *ai = NULL;
    int one = 1, rc;
    if (m->running) {
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
    m->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
    if (m->fd < 0 || setsockopt(m->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
        bind(m->fd, ai->ai_addr, ai->ai_addrlen) || listen(m->fd, 16)) {
        snprintf(err, errlen, "metrics %s: %s", addr, strerror(errno));
        freeaddrinfo(ai);
        if (m->fd >= 0)
            close(m->fd);
        m->fd = -1;
        return -1;
    }
    freeaddrinfo(ai);
    if (pthread_create(&m->thread, NULL, serve_main, m)) {
        snprintf(err, errlen, "metrics: cannot start the server thread");
        close(m->fd);
        m->fd = -1;
        return -1;
    }
    m->running = 1;
    return 0;
}
