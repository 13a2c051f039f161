/*
 * log.c -- JSON-lines logging (see log.h).  Builds the object with jansson,
 * dumps it compactly, appends '\n' and writes it with one write(2).
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

nw_log_level nw_log_threshold = NW_LOG_INFO;
static char log_proc[32];

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void nw_log_init(nw_log_level threshold, const char *proc) {
    nw_log_threshold = threshold;
    snprintf(log_proc, sizeof(log_proc), "%s", proc ? proc : "");
}

int nw_log_level_parse(const char *name) {
    for (int i = 0; i < 4; i++)
        if (name && !strcmp(name, level_names[i]))
            return i;
    if (name && !strcmp(name, "warning"))
        return NW_LOG_WARN;
    return -1;
}

const char *nw_log_level_name(nw_log_level l) {
    return (unsigned)l < 4 ? level_names[l] : "error";
}

void nw_log_time(char buf[32]) {
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    if (n == 0 || n > 26)
        n = 0;
    int ms = (int)(ts.tv_nsec / 1000000L) % 1000;
    buf[n] = '.';
    buf[n + 1] = (char)('0' + ms / 100);
    buf[n + 2] = (char)('0' + ms / 10 % 10);
    buf[n + 3] = (char)('0' + ms % 10);
    buf[n + 4] = 'Z';
    buf[n + 5] = '\0';
}

static void write_all(const char *s, size_t n) {
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

void nw_log_emit(nw_log_level level, const char *event, const char *article_id,
                 const char *fields, ...) {
    char tbuf[32], *line = NULL;
    json_t *o = json_object(), *extra = NULL;
    int saved = errno;

    nw_log_time(tbuf);
    if (!o)
        goto fallback;
    json_object_set_new(o, "time", json_string(tbuf));
    json_object_set_new(o, "level", json_string(nw_log_level_name(level)));
    if (log_proc[0])
        json_object_set_new(o, "proc", json_string(log_proc));
    json_object_set_new(o, "event", json_string(event ? event : "?"));
    if (article_id) {
        json_t *id = json_stringn(article_id, strlen(article_id));
        json_object_set_new(o, "article_id", id ? id : json_string("<invalid utf-8>"));
    }
    if (fields) {
        va_list ap;
        json_error_t jerr;
        va_start(ap, fields);
        extra = json_vpack_ex(&jerr, 0, fields, ap);
        va_end(ap);
        if (json_is_object(extra))
            json_object_update_missing(o, extra);
        else
            json_object_set_new(o, "log_error", json_string(jerr.text));
        json_decref(extra);
    }
    line = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!line)
        goto fallback;
    size_t n = strlen(line);
    char *nl = realloc(line, n + 2);
    if (!nl)
        goto fallback;
    line = nl;
    line[n] = '\n';
    line[n + 1] = '\0';
    write_all(line, n + 1);
    free(line);
    errno = saved;
    return;
fallback:
    free(line);
    {
        char fb[160];
        int n = snprintf(fb, sizeof(fb),
                         "{\"time\":\"%s\",\"level\":\"%s\",\"event\":\"log_failed\"}\n",
                         tbuf, nw_log_level_name(level));
        if (n > 0)
            write_all(fb, (size_t)n);
    }
    errno = saved;
}
