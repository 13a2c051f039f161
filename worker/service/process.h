/*
 * process.h -- one raw message in, one message to publish out: the worker's
 * decode -> validate -> (cache) -> extract -> encode path as one function,
 * shared by `newsworker run` and the libFuzzer target so that what is fuzzed
 * is exactly what runs.
 *
 * Validation, in this order, each failure giving a DeadLetter with its code:
 *   not a valid Article message            ERROR_CODE_UNDECODABLE
 *   id empty or longer than 256 bytes      ERROR_CODE_MISSING_ID
 *   id not valid UTF-8                     ERROR_CODE_INVALID_UTF8
 *   body longer than max_body bytes        ERROR_CODE_TOO_LARGE
 *   a NUL byte inside the body             ERROR_CODE_INVALID_UTF8
 *   body empty or only whitespace          ERROR_CODE_EMPTY_BODY
 *   body not valid UTF-8                   ERROR_CODE_INVALID_UTF8
 *   the extractor failed                   ERROR_CODE_EXTRACTION_FAILED
 * (the size check comes first, so an oversized body is never scanned).
 *
 * The cache is reached through two callbacks so this module knows nothing
 * of Redis: get(key) before extracting, put(key, packed Extraction) after.
 * key = "newsworker:v1:" + content hash (sha256.h).  A hit is republished
 * via nw_codec_repack_cached (cache_hit = 1, this article's id); a cached
 * value that does not decode is ignored (treated as a miss).
 */
#ifndef NW_PROCESS_H
#define NW_PROCESS_H

#include <stddef.h>
#include <stdint.h>

#include "extractor.h"

#define NW_PROCESS_MAX_ID 256
#define NW_PROCESS_KEY_PREFIX "newsworker:v1:"

typedef struct nw_process_cache {
    /* 1 = hit (*val malloc'd, caller of get frees), 0 = miss, -1 = unavailable */
    int (*get)(void *ud, const char *key, unsigned char **val, size_t *len);
    /* 1 = stored, 0 = already there, -1 = unavailable */
    int (*put)(void *ud, const char *key, const void *val, size_t len);
    void *ud;
} nw_process_cache;

typedef struct nw_process_ctx {
    const nw_extractor *ex;
    const char *worker_id;
    size_t max_body;                 /* bytes; bodies above are TOO_LARGE */
    const nw_process_cache *cache;   /* NULL = no cache */
    /* Test-only fault switches (documented in README, off when 0/NULL):
       sleep this long per extracted article; abort() on a body containing
       this marker (to test redelivery and poison handling). */
    int test_delay_ms;
    const char *test_crash_on;
} nw_process_ctx;

typedef enum nw_process_cache_state {
    NW_PROCESS_CACHE_OFF = 0,   /* no cache configured or not consulted */
    NW_PROCESS_CACHE_HIT,
    NW_PROCESS_CACHE_MISS_STORED,
    NW_PROCESS_CACHE_MISS_EXISTS,  /* another worker stored it meanwhile */
    NW_PROCESS_CACHE_UNAVAILABLE,
} nw_process_cache_state;

typedef struct nw_process_result {
    int deadletter;                  /* 0: out holds an Extraction; 1: a DeadLetter */
    int code;                        /* ErrorCode of the dead letter */
    char why[160];                   /* human-readable reason of the dead letter */
    char article_id[NW_PROCESS_MAX_ID + 1]; /* "" when unknown */
    char content_hash[65];           /* "" for dead letters */
    nw_process_cache_state cache;
    uint32_t processing_us;
    size_t n_entities, n_quotes, n_stances, n_words;
    unsigned char *out;              /* packed message, malloc'd */
    size_t out_len;
} nw_process_result;

/*
 * Handle one raw message (attempt = delivery attempt, copied into dead
 * letters).  Returns 0 with r filled (r->out is always set then), or -1 when
 * out of memory (r cleared; nothing to publish).  Never aborts on any input
 * (except the test-only crash switch).
 */
int nw_process_message(const nw_process_ctx *c, const void *raw, size_t len,
                       uint32_t attempt, nw_process_result *r);

/* Free r->out and zero r. */
void nw_process_result_clear(nw_process_result *r);

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
   nothing above U+10FFFF), else 0. */
int nw_process_utf8_valid(const char *s, size_t len);

/* Wall-clock Unix milliseconds. */
int64_t nw_process_now_ms(void);

#endif
