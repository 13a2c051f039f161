/*
 * process.c -- the worker's per-message path (see process.h).  Every early
 * exit goes through dead(), which packs the DeadLetter; every success
 * through the one pack at the end.  Allocation: the unpacked Article, the
 * extraction and the packed output; all freed here except r->out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "codec.h"
#include "process.h"
#include "sha256.h"

int64_t nw_process_now_ms(void) { return nw_clock_wall_ms(); }

static int64_t mono_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int nw_process_utf8_valid(const char *str, size_t len) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned cp, min;
        if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; min = 0x10000; }
        else return 0;
        if (len - i <= n)
            return 0;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n + 1;
    }
    return 1;
}

static int only_white(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || (c >= '\t' && c <= '\r'))
            continue;
        if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
            i++;
            continue;
        }
        return 0;
    }
    return 1;
}

static int contains(const char *hay, size_t n, const char *needle) {
    size_t m = strlen(needle);
    if (m == 0 || m > n)
        return 0;
    for (size_t i = 0; i + m <= n; i++)
        if (hay[i] == needle[0] && !memcmp(hay + i, needle, m))
            return 1;
    return 0;
}

static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L}, rem;
    /* Finish the delay even when a signal arrives: the article in hand is
       always completed. */
    for (int i = 0; i < 1000 && nanosleep(&ts, &rem) != 0; i++)
        ts = rem;
}

static int dead(const nw_process_ctx *c, const void *raw, size_t len, uint32_t attempt,
                nw_process_result *r, int code, const char *why) {
    nw_codec_deadletter d = {
        .article_id = r->article_id,
        .code = code,
        .message = why,
        .raw = raw,
        .raw_len = len,
        .worker_id = c->worker_id,
        .produced_at_ms = nw_process_now_ms(),
        .attempts = attempt,
    };
    r->deadletter = 1;
    r->code = code;
    snprintf(r->why, sizeof(r->why), "%s", why);
    if (nw_codec_pack_deadletter(&d, &r->out, &r->out_len)) {
        nw_process_result_clear(r);
        return -1;
    }
    return 0;
}

int nw_process_message(const nw_process_ctx *c, const void *raw, size_t len,
                       uint32_t attempt, nw_process_result *r) {
    Newsworker__V1__Article *a = NULL;
    nw_extraction *x = NULL;
    unsigned char *cached = NULL;
    size_t boff = 0, blen = 0, clen = 0;
    char key[sizeof(NW_PROCESS_KEY_PREFIX) + 64], why[160];
    int rc = -1;

    memset(r, 0, sizeof(*r));
    a = newsworker__v1__article__unpack(NULL, len, raw);
    if (!a || nw_codec_body_span(raw, len, &boff, &blen) < 0) {
        rc = dead(c, raw, len, attempt, r, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_UNDECODABLE,
                  "not a valid newsworker.v1.Article message");
        goto done;
    }
    size_t idlen = strlen(a->id);
    if (idlen == 0 || idlen > NW_PROCESS_MAX_ID) {
        rc = dead(c, raw, len, attempt, r, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_MISSING_ID,
                  idlen ? "article id longer than 256 bytes" : "article id is missing");
        goto done;
    }
    if (!nw_process_utf8_valid(a->id, idlen)) {
        rc = dead(c, raw, len, attempt, r, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8,
                  "article id is not valid UTF-8");
        goto done;
    }
    memcpy(r->article_id, a->id, idlen + 1);
    const char *body = a->body;
    if (blen > c->max_body) {
        snprintf(why, sizeof(why), "body is %zu bytes, the limit is %zu", blen, c->max_body);
        rc = dead(c, raw, len, attempt, r, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_TOO_LARGE, why);
        goto done;
    }
    if (strlen(body) != blen) {
        rc = dead(c, raw, len, attempt, r, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8,
                  "body contains a NUL byte");
        goto done;
    }
    if (blen == 0 || only_white(body, blen)) {
        rc = dead(c, raw, len, attempt, r, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_EMPTY_BODY,
                  "body is empty");
        goto done;
    }
    if (!nw_process_utf8_valid(body, blen)) {
        rc = dead(c, raw, len, attempt, r, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8,
                  "body is not valid UTF-8");
        goto done;
    }
    if (c->test_crash_on && *c->test_crash_on && contains(body, blen, c->test_crash_on))
        abort(); /* test-only poison switch, see process.h */

    nw_sha256_content(body, blen, NW_EXTRACTOR_VERSION, r->content_hash);
    snprintf(key, sizeof(key), "%s%s", NW_PROCESS_KEY_PREFIX, r->content_hash);
    nw_codec_meta m = {
        .article_id = r->article_id,
        .content_hash = r->content_hash,
        .extractor_version = NW_EXTRACTOR_VERSION,
        .worker_id = c->worker_id,
    };
    if (c->cache && c->cache->get) {
        int g = c->cache->get(c->cache->ud, key, &cached, &clen);
        r->cache = g < 0 ? NW_PROCESS_CACHE_UNAVAILABLE : NW_PROCESS_CACHE_OFF;
        if (g == 1) {
            m.produced_at_ms = nw_process_now_ms();
            size_t counts[3] = {0, 0, 0};
            int k = nw_codec_repack_cached(cached, clen, &m, &r->out, &r->out_len, counts);
            r->n_entities = counts[0];
            r->n_quotes = counts[1];
            r->n_stances = counts[2];
            if (k == 0) {
                r->cache = NW_PROCESS_CACHE_HIT;
                rc = 0;
                goto done;
            }
            if (k == -2) {
                nw_process_result_clear(r);
                goto done;
            }
            /* undecodable or foreign value: extract afresh */
        }
    }

    int64_t t0 = mono_us();
    nw_status st = nw_extract(c->ex, body, blen, &x);
    if (c->test_delay_ms > 0)
        sleep_ms(c->test_delay_ms);
    int64_t dt = mono_us() - t0;
    if (st != NW_OK) {
        snprintf(why, sizeof(why), "extractor: %s", nw_strerror(st));
        rc = dead(c, raw, len, attempt, r,
                  NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_EXTRACTION_FAILED, why);
        goto done;
    }
    r->processing_us = dt > (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)(dt > 0 ? dt : 0);
    r->n_entities = x->n_entities;
    r->n_quotes = x->n_quotes;
    r->n_stances = x->n_stances;
    r->n_words = x->n_words;
    m.processing_us = r->processing_us;
    m.produced_at_ms = nw_process_now_ms();
    if (nw_codec_pack_extraction(x, &m, &r->out, &r->out_len)) {
        nw_process_result_clear(r);
        goto done;
    }
    if (c->cache && c->cache->put && r->cache != NW_PROCESS_CACHE_UNAVAILABLE) {
        int p = c->cache->put(c->cache->ud, key, r->out, r->out_len);
        r->cache = p < 0   ? NW_PROCESS_CACHE_UNAVAILABLE
                   : p > 0 ? NW_PROCESS_CACHE_MISS_STORED
                           : NW_PROCESS_CACHE_MISS_EXISTS;
    }
    rc = 0;
done:
    free(cached);
    nw_extraction_free(&x);
    if (a)
        newsworker__v1__article__free_unpacked(a, NULL);
    return rc;
}

void nw_process_result_clear(nw_process_result *r) {
    free(r->out);
    memset(r, 0, sizeof(*r));
}
