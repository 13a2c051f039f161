/*
 * mq.c -- socket construction and small framing helpers (see mq.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "mq.h"

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
    zmq_close(s);
    return NULL;
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
