/*
 * fuzz_article.c -- libFuzzer target for the worker's message path: any
 * bytes go through nw_process_message() exactly as `newsworker run` calls it
 * (decode -> validate -> cache -> extract -> encode), with a one-entry
 * in-memory cache so that repeated bodies also exercise the cache-hit
 * re-issue.  Whatever comes out must be a decodable Extraction or
 * DeadLetter.  Seeds: tests/fuzz/seeds/article-*.bin (packed Articles).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "log.h"
#include "process.h"

static nw_extractor *ex;
static char cache_key[128];
static unsigned char *cache_val;
static size_t cache_len;

static int fget(void *ud, const char *key, unsigned char **val, size_t *len) {
    (void)ud;
    if (!cache_val || strcmp(key, cache_key))
        return 0;
    *val = malloc(cache_len);
    if (!*val)
        return -1;
    memcpy(*val, cache_val, cache_len);
    *len = cache_len;
    return 1;
}

static int fput(void *ud, const char *key, const void *val, size_t len) {
    (void)ud;
    unsigned char *v = malloc(len ? len : 1);
    if (!v)
        return -1;
    memcpy(v, val, len);
    free(cache_val);
    cache_val = v;
    cache_len = len;
    snprintf(cache_key, sizeof(cache_key), "%s", key);
    return 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc; (void)argv;
    char err[256];
    const char *dir = getenv("NW_DATADIR");
    nw_log_init(NW_LOG_ERROR, "fuzz");
    ex = nw_extractor_new(dir && *dir ? dir : NW_DEFAULT_DATADIR, err, sizeof(err));
    if (!ex) {
        fprintf(stderr, "fuzz_article: cannot load the extractor: %s\n", err);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const nw_process_cache cache = {fget, fput, NULL};
    nw_process_ctx c = {.ex = ex, .worker_id = "fuzz", .max_body = 256 * 1024, .cache = &cache};
    nw_process_result r;
    if (nw_process_message(&c, data, size, 1, &r) != 0)
        return 0; /* out of memory: nothing to check */
    if (r.deadletter) {
        Newsworker__V1__DeadLetter *d = newsworker__v1__dead_letter__unpack(NULL, r.out_len, r.out);
        if (!d || d->input_size != size || strlen(d->input_sha256) != 64)
            abort();
        newsworker__v1__dead_letter__free_unpacked(d, NULL);
    } else {
        Newsworker__V1__Extraction *e = newsworker__v1__extraction__unpack(NULL, r.out_len, r.out);
        if (!e || strcmp(e->result_id, r.content_hash) != 0)
            abort();
        json_t *j = nw_codec_extraction_json(e);
        json_decref(j);
        newsworker__v1__extraction__free_unpacked(e, NULL);
    }
    nw_process_result_clear(&r);
    return 0;
}
