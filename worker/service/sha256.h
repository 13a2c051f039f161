/*
 * sha256.h -- SHA-256 (FIPS 180-4) and the content hash of an article.
 *
 * A small self-contained implementation so the service needs no crypto
 * library: it is used for cache keys, result ids and the input hash of dead
 * letters, never for security decisions.
 *
 * The content hash is the hex SHA-256 of the *normalised* body followed by a
 * NUL byte and the extractor version.  Normalised means: every run of ASCII
 * whitespace (space, \t, \n, \v, \f, \r) and U+00A0 NO-BREAK SPACE becomes
 * one space, and leading and trailing whitespace is dropped.  No Unicode
 * normalisation form is applied (the extractor's offsets are into the exact
 * bytes, and two bodies that differ in NFC/NFD are treated as different).
 * Two articles with the same normalised body and the same extractor version
 * therefore share one cache entry and one result id.
 */
#ifndef NW_SHA256_H
#define NW_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct nw_sha256 {
    uint32_t h[8];
    uint64_t total;        /* bytes hashed so far */
    unsigned char buf[64];
    size_t used;           /* bytes waiting in buf */
} nw_sha256;

void nw_sha256_init(nw_sha256 *s);
void nw_sha256_update(nw_sha256 *s, const void *data, size_t len);
void nw_sha256_final(nw_sha256 *s, unsigned char out[32]);

/* One shot: hex digest (64 lower-case digits + NUL) of data[0..len). */
void nw_sha256_hex(const void *data, size_t len, char hex[65]);

/* The content hash described above, as 64 hex digits + NUL. */
void nw_sha256_content(const char *body, size_t len, const char *version,
                       char hex[65]);

#endif
