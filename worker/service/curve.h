/*
 * curve.h -- CURVE keys, socket setup and the ZAP allow-list handler.
 *
 * libzmq encrypts a CURVE socket on its own but *authenticates* nobody:
 * without a ZAP handler any client that knows the server's public key gets
 * in.  nw_zap_start runs the handler (RFC 27) in a thread of the broker's
 * context, answering 200 only for CURVE clients whose public key is on the
 * allow-list and 400 for everything else (NULL/PLAIN included, for sockets
 * whose ZAP domain is "newsworker").
 *
 * Keys are Z85 text (40 characters).  A key argument may be the key itself
 * or "@FILE", a file whose first 40 non-blank characters are the key (the
 * files `newsworker keygen` writes).  An allow-list is a comma- or
 * whitespace-separated list of keys, or "@FILE" with one key a line ('#'
 * comments allowed).
 */
#ifndef NW_CURVE_H
#define NW_CURVE_H

#include <stddef.h>

#define NW_CURVE_KEYLEN 40            /* Z85 characters */
#define NW_CURVE_ZAP_DOMAIN "newsworker"
#define NW_CURVE_MAX_ALLOW 4096

/* Resolves a key argument (text or @FILE) into out (41 bytes); checks it
   decodes.  0, or -1 with a message in err. */
int nw_curve_key_load(const char *arg, char out[NW_CURVE_KEYLEN + 1], char *err,
                      size_t errlen);

/* Resolves this side's key pair: sec_arg (text or @FILE) is required;
   pub_arg may be NULL or "" and is then derived from the secret key, and
   when given it must be the secret key's public key.  0, or -1 with a
   message in err naming which key is wrong. */
int nw_curve_pair_load(const char *pub_arg, const char *sec_arg,
                       char pub[NW_CURVE_KEYLEN + 1], char sec[NW_CURVE_KEYLEN + 1],
                       char *err, size_t errlen);

/* A client's CURVE settings from three option values (each may be NULL or
   ""): all empty -> 0, plain; the server's public key and this side's
   secret key given -> 1 with the keys resolved into server/pub/sec (pub
   derived when pub_arg is empty); anything else -> -1 with a message in
   err naming the missing --curve-* option. */
int nw_curve_client_load(const char *server_arg, const char *pub_arg, const char *sec_arg,
                         char server[NW_CURVE_KEYLEN + 1], char pub[NW_CURVE_KEYLEN + 1],
                         char sec[NW_CURVE_KEYLEN + 1], char *err, size_t errlen);

/* Makes a new key pair.  0 or -1 (CURVE not available). */
int nw_curve_keygen(char pub[NW_CURVE_KEYLEN + 1], char sec[NW_CURVE_KEYLEN + 1]);

/* The public key for a secret key.  0 or -1. */
int nw_curve_public_of(const char *sec, char pub[NW_CURVE_KEYLEN + 1]);

/* Makes sock a CURVE server with this secret key, authenticated through
   ZAP domain "newsworker".  0 or -1 (errno). */
int nw_curve_server(void *sock, const char *secret_z85);

/* Makes sock a CURVE client of server_pub with the key pair (pub, sec).
   0 or -1 (errno). */
int nw_curve_client(void *sock, const char *server_pub, const char *pub,
                    const char *sec);

typedef struct nw_zap nw_zap;

/* Parses the allow-list spec and starts the handler on zctx.  Must run
   before any CURVE server socket binds.  NULL with a message in err (empty
   list, bad key, no memory, bind failure). */
nw_zap *nw_zap_start(void *zctx, const char *allow_spec, char *err, size_t errlen);
/* Stops and joins the handler thread (call before zmq_ctx_term); *z
   becomes NULL.  NULL-safe. */
void nw_zap_stop(nw_zap **z);
/* Number of keys on the allow-list; requests allowed / denied so far. */
size_t nw_zap_allowed_keys(const nw_zap *z);
unsigned long nw_zap_denied(const nw_zap *z);

/* Parses an allow-list spec into n 32-byte binary keys (malloc'ed array in
   *keys).  0, or -1 with a message. Exposed for tests. */
int nw_curve_allow_parse(const char *spec, unsigned char (**keys)[32], size_t *n,
                         char *err, size_t errlen);

#endif
