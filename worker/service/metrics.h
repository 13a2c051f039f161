/*
 * metrics.h -- Prometheus metrics of the worker, served on /metrics.
 *
 *   newsworker_articles_total{result="extracted|cache_hit|dead_letter|publish_error"}
 *   newsworker_cache_hits_total
 *   newsworker_deadletters_total
 *   newsworker_extract_seconds (histogram; extractions, not cache hits)
 *
 * The worker loop updates lock-free atomic counters (one relaxed atomic add
 * per event); a server thread renders them in the Prometheus text format
 * (version 0.0.4) for each GET /metrics.  The HTTP server is
 * libmicrohttpd with its internal polling thread (at most 16 connections,
 * 2 s idle timeout, 16 KiB per connection).  It binds only the address
 * given (e.g. 127.0.0.1:9108 or 0.0.0.0:9108).
 */
#ifndef NW_METRICS_H
#define NW_METRICS_H

#include <stddef.h>

typedef enum nw_metric_result {
    NW_METRIC_EXTRACTED = 0,
    NW_METRIC_CACHE_HIT,
    NW_METRIC_DEAD_LETTER,
    NW_METRIC_PUBLISH_ERROR,
    NW_METRIC_N_RESULTS
} nw_metric_result;

typedef struct nw_metrics nw_metrics;

/* New zeroed metrics; NULL when out of memory. */
nw_metrics *nw_metrics_new(void);
/* Stops the server (if any), joins its thread, frees; *m becomes NULL.
   NULL-safe. */
void nw_metrics_free(nw_metrics **m);

/* Counts one article with this result (also cache hits / dead letters).
   NULL-safe: a worker without metrics passes NULL. */
void nw_metrics_count(nw_metrics *m, nw_metric_result r);
/* Observes one extraction's duration in the histogram.  NULL-safe. */
void nw_metrics_observe_extract(nw_metrics *m, double seconds);

/* Renders the text exposition into buf (NUL-terminated, truncated to cap);
   returns the length it needs (like snprintf). */
size_t nw_metrics_render(nw_metrics *m, char *buf, size_t cap);

/* Serves GET /metrics on addr ("host:port", IPv4 or a name that resolves
   to one) from a background thread.  0, or -1 with a message in err
   (bad address, bind failure). */
int nw_metrics_serve(nw_metrics *m, const char *addr, char *err, size_t errlen);

#endif
