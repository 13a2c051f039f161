/*
 * broker_proto.c -- command words, numbers, leases and multipart framing of
 * the NWB1 protocol (see broker_proto.h).  The parsers are strict and
 * bounded: any frame from the network may be garbage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "broker_proto.h"

static const char *const names[] = {
    [NW_BP_UNKNOWN] = "?",          [NW_BP_SUBMIT] = "SUBMIT",
    [NW_BP_ACCEPTED] = "ACCEPTED",  [NW_BP_DUPLICATE] = "DUPLICATE",
    [NW_BP_BUSY] = "BUSY",          [NW_BP_INVALID] = "INVALID",
    [NW_BP_READY] = "READY",        [NW_BP_JOB] = "JOB",
    [NW_BP_ACK] = "ACK",            [NW_BP_REJECT] = "REJECT",
    [NW_BP_RELEASE] = "RELEASE",    [NW_BP_HEARTBEAT] = "HEARTBEAT",
    [NW_BP_DISCONNECT] = "DISCONNECT", [NW_BP_RESET] = "RESET",
};
#define N_NAMES (sizeof(names) / sizeof(names[0]))

const char *nw_bp_cmd_name(nw_bp_cmd c) {
    return ((size_t)c < N_NAMES && names[c]) ? names[c] : "?";
}

nw_bp_cmd nw_bp_cmd_parse(const void *s, size_t len) {
    if (!s || len == 0 || len > 16)
        return NW_BP_UNKNOWN;
    for (size_t i = 1; i < N_NAMES; i++)
        if (strlen(names[i]) == len && !memcmp(names[i], s, len))
            return (nw_bp_cmd)i;
    return NW_BP_UNKNOWN;
}

int nw_bp_version_ok(const void *s, size_t len) {
    return s && len == 4 && !memcmp(s, NW_BP_VERSION, 4);
}

int nw_bp_parse_u32(const void *s, size_t len, uint32_t max, uint32_t *out) {
    const unsigned char *p = s;
    uint64_t v = 0;
    if (!p || len == 0 || len > 10)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (uint64_t)(p[i] - '0');
    }
    if (v > max)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

size_t nw_bp_lease_format(uint64_t epoch, uint64_t seq, char *buf, size_t size) {
    int n = snprintf(buf, size, "%llx.%llu", (unsigned long long)epoch,
                     (unsigned long long)seq);
    if (n < 0)
        return 0;
    return (size_t)n < size ? (size_t)n : size - 1;
}

int nw_bp_lease_parse(const void *s, size_t len, uint64_t *epoch, uint64_t *seq) {
    const unsigned char *p = s;
    uint64_t e = 0, q = 0;
    size_t i = 0, digits = 0;
    if (!p || len == 0 || len >= NW_BP_LEASE_MAX)
        return -1;
    for (; i < len && p[i] != '.'; i++, digits++) {
        int d;
        if (p[i] >= '0' && p[i] <= '9')
            d = p[i] - '0';
        else if (p[i] >= 'a' && p[i] <= 'f')
            d = p[i] - 'a' + 10;
        else
            return -1;
        if (digits >= 16)
            return -1;
        e = e * 16 + (uint64_t)d;
    }
    if (digits == 0 || i >= len || p[i] != '.')
        return -1;
    i++;
    if (i >= len || len - i > 20)
        return -1;
    for (; i < len; i++) {
        uint64_t d;
        if (p[i] < '0' || p[i] > '9')
            return -1;
        d = (uint64_t)(p[i] - '0');
        if (q > (UINT64_MAX - d) / 10)
            return -1;   /* overflow */
        q = q * 10 + d;
    }
    *epoch = e;
    *seq = q;
    return 0;
}

/* ------------------------------------------------------- multipart -- */

int nw_bp_recv(void *sock, nw_bp_msg *m, int flags) {
    int more = 1;
    memset(m, 0, sizeof(*m));
    while (more) {   /* bounded by the peer's frame count; extras are dropped */
        zmq_msg_t tmp, *f;
        int rc;
        if (m->n < NW_BP_MAX_FRAMES) {
            f = malloc(sizeof(*f));
            if (!f) {
                /* keep reading into a scratch frame so the stream stays
                   aligned, then report the failure */
                zmq_msg_init(&tmp);
                rc = zmq_msg_recv(&tmp, sock, flags);
                more = rc >= 0 && zmq_msg_more(&tmp);
                zmq_msg_close(&tmp);
                if (!more) {
                    nw_bp_msg_close(m);
                    errno = ENOMEM;
                    return -1;
                }
                continue;
            }
            zmq_msg_init(f);
            rc = zmq_msg_recv(f, sock, flags);
            if (rc < 0) {
                int e = errno;
                zmq_msg_close(f);
                free(f);
                nw_bp_msg_close(m);
                errno = e;
                return -1;
            }
            m->frames[m->n++] = f;
            more = zmq_msg_more(f);
        } else {
            zmq_msg_init(&tmp);
            rc = zmq_msg_recv(&tmp, sock, 0);
            more = rc >= 0 && zmq_msg_more(&tmp);
            zmq_msg_close(&tmp);
            m->dropped++;
        }
        flags = 0;   /* the rest of a multipart message is already here */
    }
    return m->n;
}

const void *nw_bp_data(const nw_bp_msg *m, int i) {
    if (i < 0 || i >= m->n)
        return NULL;
    return zmq_msg_data((zmq_msg_t *)m->frames[i]);
}

size_t nw_bp_size(const nw_bp_msg *m, int i) {
    if (i < 0 || i >= m->n)
        return 0;
    return zmq_msg_size((zmq_msg_t *)m->frames[i]);
}

int nw_bp_eq(const nw_bp_msg *m, int i, const char *s) {
    size_t n = strlen(s);
    return i >= 0 && i < m->n && nw_bp_size(m, i) == n &&
           !memcmp(nw_bp_data(m, i), s, n);
}

void nw_bp_msg_close(nw_bp_msg *m) {
    for (int i = 0; i < m->n; i++) {
        zmq_msg_close((zmq_msg_t *)m->frames[i]);
        free(m->frames[i]);
        m->frames[i] = NULL;
    }
    m->n = 0;
    m->dropped = 0;
}

int nw_bp_send(void *sock, int n, const void *const *parts, const size_t *lens,
               int flags) {
    for (int i = 0; i < n; i++) {
        int f = flags | (i + 1 < n ? ZMQ_SNDMORE : 0);
        if (zmq_send(sock, lens[i] ? parts[i] : "", lens[i], f) < 0)
            return -1;
    }
    return 0;
}
