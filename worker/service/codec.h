/*
 * codec.h -- the wire messages of proto/newsworker/v1 in and out of the
 * worker: Article decoding, Extraction and DeadLetter packing, and the JSON
 * form that `newsworker tail` prints.
 *
 * Packing never copies strings: the protobuf-c structs built here point into
 * the nw_extraction and the caller's strings, live only for the call, and
 * the packed bytes are returned in one malloc'd buffer the caller frees.
 *
 * JSON field names follow the `newsworker extract` contract ("id",
 * "entities" [{name, type, aliases, mention_count, mentions [[s,e]...],
 * salience}], "quotes" [{text, speaker, start, end, cue, confidence}],
 * "stances" [{holder, target, polarity, score, evidence [s,e]}]) plus the
 * metadata of the message ("topic", "content_hash", "result_id",
 * "extractor_version", "worker_id", "produced_at_ms", "processing_us",
 * "cache_hit"; for dead letters "code", "message", "input_sha256",
 * "input_size", "attempts").
 */
#ifndef NW_CODEC_H
#define NW_CODEC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "extractor.h"
#include "newsworker/v1/newsworker.pb-c.h"

/* Bytes of raw input kept inside a DeadLetter for replay. */
#define NW_CODEC_DEADLETTER_RAW_MAX (64u * 1024u)

typedef struct nw_codec_meta {
    const char *article_id;
    const char *content_hash;     /* also used as result_id */
    const char *extractor_version;
    const char *worker_id;
    int64_t produced_at_ms;
    uint32_t processing_us;
    int cache_hit;
} nw_codec_meta;

/* Pack x with m as an Extraction.  0 on success (*out malloc'd), -1 when
   out of memory. */
int nw_codec_pack_extraction(const nw_extraction *x, const nw_codec_meta *m,
                             unsigned char **out, size_t *len);

/*
 * Re-issue a cached packed Extraction for a new delivery: the article id,
 * worker id and produced-at time come from m, processing_us becomes 0 and
 * cache_hit 1; everything else (entities, hash, version) is kept.  0 on
 * success, -1 when cached is not a valid Extraction or its content hash
 * differs from m->content_hash (a stale or foreign value), -2 out of memory.
 * counts, when not NULL, receives the numbers of entities, quotes, stances.
 */
int nw_codec_repack_cached(const unsigned char *cached, size_t clen, const nw_codec_meta *m,
                           unsigned char **out, size_t *len, size_t counts[3]);

typedef struct nw_codec_deadletter {
    const char *article_id;       /* NULL or "" when unknown */
    int code;                     /* Newsworker__V1__ErrorCode */
    const char *message;
    const void *raw;              /* the raw input message */
    size_t raw_len;
    const char *worker_id;
    int64_t produced_at_ms;
    uint32_t attempts;
} nw_codec_deadletter;

/* Pack a DeadLetter: input_sha256 and input_size are computed from raw, and
   raw itself is included when <= NW_CODEC_DEADLETTER_RAW_MAX.  0 / -1. */
int nw_codec_pack_deadletter(const nw_codec_deadletter *d, unsigned char **out,
                             size_t *len);

/* "UNDECODABLE", "INVALID_UTF8", ... for an ErrorCode value. */
const char *nw_codec_error_name(int code);

/*
 * Where the body (field 5) of a packed Article lies in raw: a scan of the
 * top-level wire format that protobuf-c's unpacked NUL-terminated strings
 * cannot give (a body with a NUL byte would look shorter).  1 = found,
 * off and blen set (the last occurrence wins, as in protobuf); 0 = no body
 * field; -1 = malformed.
 */
int nw_codec_body_span(const unsigned char *raw, size_t len, size_t *off, size_t *blen);

/* New JSON objects as described above; NULL on allocation failure. */
json_t *nw_codec_extraction_json(const Newsworker__V1__Extraction *x);
json_t *nw_codec_deadletter_json(const Newsworker__V1__DeadLetter *d);

#endif
