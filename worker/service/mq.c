/*
 * mq.c -- socket construction and small framing helpers (see mq.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "clock.h"
#include "curve.h"
#include "mq.h"

static void *monitor_start(void *zctx, void *sock);

static int setint(void *s, int opt, int v) { return zmq_setsockopt(s, opt, &v, sizeof(v)); }

void *nw_mq_socket(void *zctx, int type, const char *endpoints, const nw_mq_opts *o,
                   char *err, size_t errlen) {
    void *s = zmq_socket(zctx, type);
    char ep[512];
    const char *p = endpoints;
    int n = 0;

    if (!s) {
        snprintf(err, errlen, "zmq_socket: %s", zmq_strerror(errno));
        return NULL;
    }
    if (setint(s, ZMQ_LINGER, o->linger_ms >= 0 ? o->linger_ms : 0) ||
        (o->sndhwm > 0 && setint(s, ZMQ_SNDHWM, o->sndhwm)) ||
        (o->rcvhwm > 0 && setint(s, ZMQ_RCVHWM, o->rcvhwm))) {
        snprintf(err, errlen, "socket options: %s", zmq_strerror(errno));
        goto fail;
    }
    if (o->maxmsgsize > 0 &&
        zmq_setsockopt(s, ZMQ_MAXMSGSIZE, &o->maxmsgsize, sizeof(o->maxmsgsize))) {
        snprintf(err, errlen, "ZMQ_MAXMSGSIZE: %s", zmq_strerror(errno));
        goto fail;
    }
    if (o->immediate && setint(s, ZMQ_IMMEDIATE, 1)) {
        snprintf(err, errlen, "ZMQ_IMMEDIATE: %s", zmq_strerror(errno));
        goto fail;
    }
    if (o->curve_server_secret && nw_curve_server(s, o->curve_server_secret)) {
        snprintf(err, errlen, "CURVE server: %s", zmq_strerror(errno));
        goto fail;
    }
    if (!o->curve_server_secret && o->curve_server_key &&
        (!o->curve_public_key || !o->curve_secret_key ||
         nw_curve_client(s, o->curve_server_key, o->curve_public_key, o->curve_secret_key))) {
        snprintf(err, errlen, "CURVE client: %s",
                 o->curve_public_key && o->curve_secret_key ? zmq_strerror(errno)
                                                            : "needs a key pair");
        goto fail;
    }
    if (o->monitor) {
        *o->monitor = monitor_start(zctx, s);
        if (!*o->monitor) {
            snprintf(err, errlen, "socket monitor: %s", zmq_strerror(errno));
            goto fail;
        }
    }
    while (p && *p && n < 64) {
        const char *comma = strchr(p, ',');
        size_t l = comma ? (size_t)(comma - p) : strlen(p);
        int bind = 0, rc;
        if (l >= sizeof(ep)) {
            snprintf(err, errlen, "endpoint too long");
            goto fail;
        }
        memcpy(ep, p, l);
        ep[l] = '\0';
        p = comma ? comma + 1 : NULL;
        char *e = ep;
        while (*e == ' ')
            e++;
        if (*e == '@') {
            bind = 1;
            e++;
        } else if (*e == '>') {
            e++;
        }
        if (!*e)
            continue;
        rc = bind ? zmq_bind(s, e) : zmq_connect(s, e);
        if (rc) {
            snprintf(err, errlen, "%s %.200s: %s", bind ? "bind" : "connect", e,
                     zmq_strerror(errno));
            goto fail;
        }
        n++;
    }
    if (n == 0) {
        snprintf(err, errlen, "no endpoint given");
        goto fail;
    }
    return s;
fail:
    if (o->monitor && *o->monitor) {
        zmq_socket_monitor(s, NULL, 0);
        zmq_close(*o->monitor);
        *o->monitor = NULL;
    }
    zmq_close(s);
    return NULL;
}

int nw_mq_count_connects(const char *endpoints) {
    const char *p = endpoints;
    int n = 0;
    while (p && *p && n < 64) {  /* same limit as nw_mq_socket */
        const char *comma = strchr(p, ',');
        const char *e = p;
        while (*e == ' ')
            e++;
        if (*e == '>')
            e++;
        if (*e && *e != '@' && *e != ',')
            n++;
        p = comma ? comma + 1 : NULL;
    }
    return n;
}


int nw_mq_wait_connected(void *sock, void **monitor, int want, int timeout_ms) {
    int seen = 0;
    if (!monitor || !*monitor)
        return -1;
    int64_t deadline = nw_clock_mono_ms() + timeout_ms;
    while (seen < want) {
        int64_t left = deadline - nw_clock_mono_ms();
        zmq_pollitem_t it = {*monitor, 0, ZMQ_POLLIN, 0};
        if (left <= 0)
            break;
        int r = zmq_poll(&it, 1, (long)left);
        if (r < 0 && errno != EINTR)
            break;
        if (r <= 0)
            continue;
        /* [event (u16) + value (u32), endpoint]: count, drain the frames */
        int more = 1, first = 1;
        while (more) {
            zmq_msg_t m;
            zmq_msg_init(&m);
            if (zmq_msg_recv(&m, *monitor, 0) < 0) {
                zmq_msg_close(&m);
                break;
            }
            if (first && zmq_msg_size(&m) >= 2) {
                uint16_t ev;
                memcpy(&ev, zmq_msg_data(&m), sizeof(ev));
                if (ev == ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
                    seen++;
            }
            first = 0;
            more = zmq_msg_more(&m);
            zmq_msg_close(&m);
        }
    }
    zmq_socket_monitor(sock, NULL, 0);
    zmq_close(*monitor);
    *monitor = NULL;
    return seen;
}

/* The monitor PAIR for nw_mq_opts.monitor: attached before any connect. */
static void *monitor_start(void *zctx, void *sock) {
    char ep[64];
    int linger = 0;
    void *mon;
    snprintf(ep, sizeof(ep), "inproc://nw-mq-monitor-%p", sock);
    if (zmq_socket_monitor(sock, ep, ZMQ_EVENT_HANDSHAKE_SUCCEEDED))
        return NULL;
    mon = zmq_socket(zctx, ZMQ_PAIR);
    if (!mon) {
        zmq_socket_monitor(sock, NULL, 0);
        return NULL;
    }
    zmq_setsockopt(mon, ZMQ_LINGER, &linger, sizeof(linger));
    if (zmq_connect(mon, ep)) {
        zmq_close(mon);
        zmq_socket_monitor(sock, NULL, 0);
        return NULL;
    }
    return mon;
}

void nw_mq_close(void **sock) {
    if (sock && *sock) {
        zmq_close(*sock);
        *sock = NULL;
    }
}

int nw_mq_send_topic(void *sock, const char *topic, const void *data, size_t len,
                     int flags) {
    if (zmq_send(sock, topic, strlen(topic), ZMQ_SNDMORE | flags) < 0)
        return -1;
    /* Once the first frame is queued the rest goes atomically with it. */
    if (zmq_send(sock, data, len, flags & ~ZMQ_DONTWAIT) < 0)
        return -1;
    return 0;
}

int nw_mq_recv(void *sock, char *head, size_t headlen, unsigned char **body, size_t *len,
               int timeout_ms) {
    zmq_pollitem_t it = {sock, 0, ZMQ_POLLIN, 0};
    zmq_msg_t m;
    int more = 1, frame = 0, rc;
    *body = NULL;
    *len = 0;
    if (headlen)
        head[0] = '\0';
    rc = zmq_poll(&it, 1, timeout_ms);
    if (rc < 0)
        return errno == EINTR ? 0 : -1;
    if (rc == 0)
        return 0;
    while (more) {
        zmq_msg_init(&m);
        if (zmq_msg_recv(&m, sock, 0) < 0) {
            int e = errno;
            zmq_msg_close(&m);
            free(*body);
            *body = NULL;
            errno = e;
            return e == EINTR || e == EAGAIN ? 0 : -1;
        }
        more = zmq_msg_more(&m);
        size_t sz = zmq_msg_size(&m);
        if (frame == 0 && more) {
            if (headlen) {
                size_t c = sz < headlen - 1 ? sz : headlen - 1;
                memcpy(head, zmq_msg_data(&m), c);
                head[c] = '\0';
            }
        } else if (!*body) {
            *body = malloc(sz ? sz : 1);
            if (!*body) {
                zmq_msg_close(&m);
                errno = ENOMEM;
                /* drain the rest so the socket stays usable */
                while (more) {
                    zmq_msg_init(&m);
                    if (zmq_msg_recv(&m, sock, 0) < 0) { zmq_msg_close(&m); break; }
                    more = zmq_msg_more(&m);
                    zmq_msg_close(&m);
                }
                return -1;
            }
            memcpy(*body, zmq_msg_data(&m), sz);
            *len = sz;
        }
        zmq_msg_close(&m);
        frame++;
    }
    return 1;
}
