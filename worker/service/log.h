/*
 * log.h -- structured logs: one JSON object per line on stderr.
 *
 *   {"time":"2026-11-27T23:40:01.123Z","level":"info","proc":"worker",
 *    "event":"published","article_id":"a-17","cache_hit":true}
 *
 * time is RFC 3339 UTC with milliseconds, level one of debug/info/warn/error,
 * event a short snake_case name that callers can grep and alert on,
 * article_id present when known, then any fields the caller adds.  Extra
 * fields are given as a jansson json_pack() format for an object plus its
 * arguments, e.g.
 *
 *     NW_LOG(NW_LOG_WARN, "redis_down", NULL, "{s:s,s:i}", "addr", a, "retry_ms", ms);
 *     NW_LOG(NW_LOG_INFO, "started", NULL, NULL);
 *
 * The level is compared with the threshold *before* any argument is
 * evaluated (the NW_LOG macro), so disabled debug lines cost one compare.
 * Each line is written with a single write(2), so lines from several
 * processes sharing a stderr do not interleave.  A line that cannot be
 * built (out of memory, bad format) is replaced by a fixed fallback line.
 *
 * The threshold and the "proc" name are process-wide settings made once at
 * start-up (nw_log_init); the module keeps no other state.
 */
#ifndef NW_LOG_H
#define NW_LOG_H

#include <jansson.h> /* json_int_t for "I" fields */

typedef enum nw_log_level {
    NW_LOG_DEBUG = 0,
    NW_LOG_INFO = 1,
    NW_LOG_WARN = 2,
    NW_LOG_ERROR = 3,
} nw_log_level;

extern nw_log_level nw_log_threshold;

/* Set the threshold and the "proc" field ("worker", "broker"...; NULL = none).
   proc is copied (up to 31 bytes). */
void nw_log_init(nw_log_level threshold, const char *proc);

/* "debug" -> NW_LOG_DEBUG ...; -1 for an unknown name. */
int nw_log_level_parse(const char *name);
const char *nw_log_level_name(nw_log_level l);

/* Writes one line unconditionally.  fields may be NULL; otherwise it is a
   json_pack() object format consuming the remaining arguments. */
void nw_log_emit(nw_log_level level, const char *event, const char *article_id,
                 const char *fields, ...);

/* Formats the current UTC time as RFC 3339 with milliseconds
   ("2026-11-27T23:40:01.123Z"); buf must hold 32 bytes. */
void nw_log_time(char buf[32]);

#define NW_LOG(level, event, article_id, ...)                                 \
    do {                                                                       \
        if ((level) >= nw_log_threshold)                                       \
            nw_log_emit((level), (event), (article_id), __VA_ARGS__);          \
    } while (0)

#endif
