/*
 * curve.c -- CURVE helpers and the ZAP allow-list thread (see curve.h).
 *
 * The ZAP thread owns its REP socket on inproc://zeromq.zap.01 and polls
 * it every 100 ms so that nw_zap_stop can end it with an atomic flag,
 * without depending on context termination order.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "curve.h"
#include "log.h"

struct nw_zap {
    void *sock;
    pthread_t thread;
    atomic_int stop;
    atomic_ulong denied, allowed;
    unsigned char (*keys)[32];
    size_t nkeys;
};

static int decode_ok(const char *z85) {
    unsigned char bin[32];
    return strlen(z85) == NW_CURVE_KEYLEN && zmq_z85_decode(bin, z85) != NULL;
}

int nw_curve_key_load(const char *arg, char out[NW_CURVE_KEYLEN + 1], char *err,
                      size_t errlen) {
    size_t n = 0;
    if (!arg || !*arg) {
        snprintf(err, errlen, "empty key");
        return -1;
    }
    if (arg[0] == '@' && !(strlen(arg) == NW_CURVE_KEYLEN && decode_ok(arg) &&
                           access(arg + 1, F_OK) != 0)) {
        FILE *f = fopen(arg + 1, "r");
        int c;
        if (!f) {
            snprintf(err, errlen, "%s: %s", arg + 1, strerror(errno));
            return -1;
        }
        while (n < NW_CURVE_KEYLEN && (c = fgetc(f)) != EOF) {
            if (c == '#' && n == 0) {   /* "# ..." comment line */
                int d = fgetc(f);
                if (d == EOF || isspace(d)) {
                    while (d != EOF && d != '\n')
                        d = fgetc(f);
                    continue;
                }
                ungetc(d, f);
            }
            if (!isspace(c))
                out[n++] = (char)c;
        }
        fclose(f);
    } else {
        for (const char *p = arg; *p && n <= NW_CURVE_KEYLEN; p++)
            out[n++] = *p;
        if (n > NW_CURVE_KEYLEN) {
            snprintf(err, errlen, "key longer than %d characters", NW_CURVE_KEYLEN);
            return -1;
        }
    }
    out[n] = '\0';
    if (!decode_ok(out)) {
        snprintf(err, errlen, "not a 40-character Z85 CURVE key");
        return -1;
    }
    return 0;
}

int nw_curve_pair_load(const char *pub_arg, const char *sec_arg,
                       char pub[NW_CURVE_KEYLEN + 1], char sec[NW_CURVE_KEYLEN + 1],
                       char *err, size_t errlen) {
    char e[256], derived[NW_CURVE_KEYLEN + 1];
    if (nw_curve_key_load(sec_arg, sec, e, sizeof(e))) {
        snprintf(err, errlen, "secret key: %s", e);
        return -1;
    }
    if (nw_curve_public_of(sec, derived)) {
        snprintf(err, errlen, "secret key: no public key can be derived (CURVE support?)");
        return -1;
    }
    if (!pub_arg || !*pub_arg) {
        memcpy(pub, derived, sizeof(derived));
        return 0;
    }
    if (nw_curve_key_load(pub_arg, pub, e, sizeof(e))) {
        snprintf(err, errlen, "public key: %s", e);
        return -1;
    }
    if (strcmp(pub, derived) != 0) {
        snprintf(err, errlen, "public key does not belong to the secret key");
        return -1;
    }
    return 0;
}

int nw_curve_client_load(const char *server_arg, const char *pub_arg, const char *sec_arg,
                         char server[NW_CURVE_KEYLEN + 1], char pub[NW_CURVE_KEYLEN + 1],
                         char sec[NW_CURVE_KEYLEN + 1], char *err, size_t errlen) {
    int has_server = server_arg && *server_arg, has_sec = sec_arg && *sec_arg;
    char e[256];
    if (!has_server && !has_sec && !(pub_arg && *pub_arg))
        return 0;
    if (!has_server) {
        snprintf(err, errlen, "CURVE keys need --curve-server-key (the server's public key)");
        return -1;
    }
    if (!has_sec) {
        snprintf(err, errlen, "--curve-server-key needs --curve-secret-key (this client's "
                              "key pair, its public key on the server's allow-list)");
        return -1;
    }
    if (nw_curve_key_load(server_arg, server, e, sizeof(e))) {
        snprintf(err, errlen, "--curve-server-key: %s", e);
        return -1;
    }
    if (nw_curve_pair_load(pub_arg, sec_arg, pub, sec, e, sizeof(e))) {
        snprintf(err, errlen, "CURVE %s", e);
        return -1;
    }
    return 1;
}

int nw_curve_keygen(char pub[NW_CURVE_KEYLEN + 1], char sec[NW_CURVE_KEYLEN + 1]) {
    if (!zmq_has("curve"))
        return -1;
    return zmq_curve_keypair(pub, sec) == 0 ? 0 : -1;
}

int nw_curve_public_of(const char *sec, char pub[NW_CURVE_KEYLEN + 1]) {
    return zmq_curve_public(pub, sec) == 0 ? 0 : -1;
}

int nw_curve_server(void *sock, const char *secret_z85) {
    int one = 1;
    if (zmq_setsockopt(sock, ZMQ_ZAP_DOMAIN, NW_CURVE_ZAP_DOMAIN,
                       strlen(NW_CURVE_ZAP_DOMAIN)) ||
        zmq_setsockopt(sock, ZMQ_CURVE_SERVER, &one, sizeof(one)) ||
        zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, secret_z85, NW_CURVE_KEYLEN))
        return -1;
    return 0;
}

int nw_curve_client(void *sock, const char *server_pub, const char *pub,
                    const char *sec) {
    if (zmq_setsockopt(sock, ZMQ_CURVE_SERVERKEY, server_pub, NW_CURVE_KEYLEN) ||
        zmq_setsockopt(sock, ZMQ_CURVE_PUBLICKEY, pub, NW_CURVE_KEYLEN) ||
        zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, sec, NW_CURVE_KEYLEN))
        return -1;
    return 0;
}

/* ------------------------------------------------------- allow-list -- */

static int add_key(const char *tok, size_t len, unsigned char (**keys)[32],
                   size_t *n, size_t *cap, char *err, size_t errlen) {
    char z[NW_CURVE_KEYLEN + 1];
    if (len != NW_CURVE_KEYLEN) {
        snprintf(err, errlen, "allow-list: '%.*s' is not a 40-character key",
                 (int)(len > 60 ? 60 : len), tok);
        return -1;
    }
    memcpy(z, tok, len);
    z[len] = '\0';
    if (*n >= NW_CURVE_MAX_ALLOW) {
        snprintf(err, errlen, "allow-list: more than %d keys", NW_CURVE_MAX_ALLOW);
        return -1;
    }
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        unsigned char (*nk)[32] = realloc(*keys, nc * sizeof(**keys));
        if (!nk) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        *keys = nk;
        *cap = nc;
    }
    if (!zmq_z85_decode((*keys)[*n], z)) {
        snprintf(err, errlen, "allow-list: '%s' is not valid Z85", z);
        return -1;
    }
    (*n)++;
    return 0;
}

static int parse_text(const char *s, unsigned char (**keys)[32], size_t *n,
                      size_t *cap, char *err, size_t errlen) {
    const char *p = s;
    while (*p) {   /* bounded by strlen(s) */
        const char *t;
        if (*p == '#' && (!p[1] || isspace((unsigned char)p[1]))) {
            while (*p && *p != '\n')
                p++;
            continue;
        }
        if (isspace((unsigned char)*p) || *p == ',') {
            p++;
            continue;
        }
        t = p;
        while (*p && !isspace((unsigned char)*p) && *p != ',')
            p++;
        if (add_key(t, (size_t)(p - t), keys, n, cap, err, errlen))
            return -1;
    }
    return 0;
}

int nw_curve_allow_parse(const char *spec, unsigned char (**keys)[32], size_t *n,
                         char *err, size_t errlen) {
    size_t cap = 0;
    int rc;
    *keys = NULL;
    *n = 0;
    if (!spec) {
        snprintf(err, errlen, "no allow-list");
        return -1;
    }
    if (spec[0] == '@' && access(spec + 1, F_OK) == 0) {
        FILE *f = fopen(spec + 1, "r");
        char *text;
        long sz;
        if (!f) {
            snprintf(err, errlen, "%s: %s", spec + 1, strerror(errno));
            return -1;
        }
        if (fseek(f, 0, SEEK_END) || (sz = ftell(f)) < 0 || sz > (1L << 20) ||
            fseek(f, 0, SEEK_SET)) {
            fclose(f);
            snprintf(err, errlen, "%s: unreadable or larger than 1 MiB", spec + 1);
            return -1;
        }
        text = malloc((size_t)sz + 1);
        if (!text) {
            fclose(f);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        text[fread(text, 1, (size_t)sz, f)] = '\0';
        fclose(f);
        rc = parse_text(text, keys, n, &cap, err, errlen);
        free(text);
    } else {
        rc = parse_text(spec, keys, n, &cap, err, errlen);
    }
    if (rc == 0 && *n == 0) {
        snprintf(err, errlen, "allow-list is empty: no client could connect");
        rc = -1;
    }
    if (rc) {
        free(*keys);
        *keys = NULL;
        *n = 0;
    }
    return rc;
}

/* ------------------------------------------------------- ZAP thread -- */

static int allowed(const nw_zap *z, const unsigned char *key) {
    for (size_t i = 0; i < z->nkeys; i++)
        if (!memcmp(z->keys[i], key, 32))
            return 1;
    return 0;
}

static void reply(void *sock, const void *reqid, size_t reqid_len, int ok) {
    zmq_send(sock, "1.0", 3, ZMQ_SNDMORE);
    zmq_send(sock, reqid, reqid_len, ZMQ_SNDMORE);
    zmq_send(sock, ok ? "200" : "400", 3, ZMQ_SNDMORE);
    zmq_send(sock, ok ? "OK" : "client key not allowed", ok ? 2 : 22, ZMQ_SNDMORE);
    zmq_send(sock, "", 0, ZMQ_SNDMORE);   /* user id */
    zmq_send(sock, "", 0, 0);             /* metadata */
}

static void *zap_main(void *arg) {
    nw_zap *z = arg;
    while (!atomic_load(&z->stop)) {
        zmq_pollitem_t it = {z->sock, 0, ZMQ_POLLIN, 0};
        zmq_msg_t f[8];
        int n = 0, more = 1, ok = 0;
        if (zmq_poll(&it, 1, 100) <= 0)
            continue;
        /* [version, request id, domain, address, identity, mechanism,
            credentials...]: keep the first 8 frames, drain the rest */
        while (more) {
            zmq_msg_t tmp, *m = n < 8 ? &f[n] : &tmp;
            zmq_msg_init(m);
            if (zmq_msg_recv(m, z->sock, 0) < 0) {
                zmq_msg_close(m);
                break;
            }
            more = zmq_msg_more(m);
            if (m == &tmp)
                zmq_msg_close(m);
            else
                n++;
        }
        if (n >= 6) {
            if (zmq_msg_size(&f[5]) == 5 && !memcmp(zmq_msg_data(&f[5]), "CURVE", 5) &&
                n >= 7 && zmq_msg_size(&f[6]) == 32 &&
                allowed(z, zmq_msg_data(&f[6])))
                ok = 1;
            reply(z->sock, zmq_msg_data(&f[1]), zmq_msg_size(&f[1]), ok);
            if (ok) {
                atomic_fetch_add(&z->allowed, 1);
            } else {
                char key[NW_CURVE_KEYLEN + 1] = "", mech[16];
                if (n >= 7 && zmq_msg_size(&f[6]) == 32)
                    zmq_z85_encode(key, zmq_msg_data(&f[6]), 32);
                snprintf(mech, sizeof(mech), "%.*s",
                         (int)(zmq_msg_size(&f[5]) < 15 ? zmq_msg_size(&f[5]) : 15),
                         (const char *)zmq_msg_data(&f[5]));
                atomic_fetch_add(&z->denied, 1);
                NW_LOG(NW_LOG_WARN, "zap_denied", NULL, "{s:s,s:s}", "mechanism", mech,
                       "client_key", key);
            }
        }
        for (int i = 0; i < n; i++)
            zmq_msg_close(&f[i]);
    }
    zmq_close(z->sock);
    z->sock = NULL;
    return NULL;
}

nw_zap *nw_zap_start(void *zctx, const char *allow_spec, char *err, size_t errlen) {
    nw_zap *z = calloc(1, sizeof(*z));
    int linger = 0;
    if (!z) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (!zmq_has("curve")) {
        snprintf(err, errlen, "this libzmq has no CURVE support");
        goto fail;
    }
    if (nw_curve_allow_parse(allow_spec, &z->keys, &z->nkeys, err, errlen))
        goto fail;
    z->sock = zmq_socket(zctx, ZMQ_REP);
    if (!z->sock) {
        snprintf(err, errlen, "zap socket: %s", zmq_strerror(errno));
        goto fail;
    }
    zmq_setsockopt(z->sock, ZMQ_LINGER, &linger, sizeof(linger));
    if (zmq_bind(z->sock, "inproc://zeromq.zap.01")) {
        snprintf(err, errlen, "zap bind: %s", zmq_strerror(errno));
        goto fail;
    }
    if (pthread_create(&z->thread, NULL, zap_main, z)) {
        snprintf(err, errlen, "zap thread: cannot start");
        goto fail;
    }
    return z;
fail:
    if (z->sock)
        zmq_close(z->sock);
    free(z->keys);
    free(z);
    return NULL;
}

void nw_zap_stop(nw_zap **zp) {
    nw_zap *z;
    if (!zp || !*zp)
        return;
    z = *zp;
    atomic_store(&z->stop, 1);
    pthread_join(z->thread, NULL);
    free(z->keys);
    free(z);
    *zp = NULL;
}

size_t nw_zap_allowed_keys(const nw_zap *z) { return z->nkeys; }
unsigned long nw_zap_denied(const nw_zap *z) {
    return atomic_load(&((nw_zap *)z)->denied);
}
