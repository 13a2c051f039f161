/*
 * mq.h -- ZeroMQ socket helpers shared by the worker, feed and tail: create
 * a socket with its options set deliberately, then bind or connect it.
 *
 * Endpoint syntax (as in source.h): "@tcp://0.0.0.0:5558" binds, ">tcp://host:5558"
 * or a bare "tcp://host:5558" connects.  Several endpoints may be given
 * separated by commas ("@ipc:///tmp/a,>tcp://10.0.0.2:5558").
 *
 * Options applied before any bind/connect (libzmq reads most of them only
 * then):
 *   ZMQ_LINGER      how long close waits to flush unsent messages (ms);
 *                   never -1 here, so a dead peer cannot hang shutdown
 *   ZMQ_SNDHWM /    queue bounds, in messages, so memory stays bounded;
 *   ZMQ_RCVHWM      a PUB drops for slow subscribers, a PUSH blocks
 *   ZMQ_MAXMSGSIZE  largest inbound message; a peer that sends more is
 *                   disconnected by libzmq (nothing is delivered), so set it
 *                   above the largest message the application wants to see
 *                   and judge in code
 *   ZMQ_IMMEDIATE   (opt-in) queue messages only to completed connections,
 *                   so a send to a peer that refused us (CURVE/ZAP) or is not
 *                   there times out instead of queueing silently
 *   CURVE           (curve.h) server: this secret key, clients checked by the
 *                   ZAP allow-list of the context (nw_zap_start must run
 *                   first, or libzmq lets every client in); client: the
 *                   server's public key and this side's key pair
 */
#ifndef NW_MQ_H
#define NW_MQ_H

#include <stddef.h>
#include <stdint.h>

typedef struct nw_mq_opts {
    int linger_ms;        /* >= 0 */
    int sndhwm, rcvhwm;   /* > 0; 0 keeps libzmq's default (1000) */
    int64_t maxmsgsize;   /* bytes; <= 0 = no limit */
    int immediate;        /* 1 = ZMQ_IMMEDIATE */
    /* CURVE: 40-character Z85 keys, already resolved (nw_curve_key_load);
       NULL = plain.  At most one role: server or client. */
    const char *curve_server_secret;                  /* be a CURVE server */
    const char *curve_server_key;                     /* be a CURVE client of it */
    const char *curve_public_key, *curve_secret_key;  /* ... with this pair */
    /* Non-NULL: a handshake monitor is attached before any connect (so no
       early handshake is missed) and returned here, for
       nw_mq_wait_connected, which closes it. */
    void **monitor;
} nw_mq_opts;

/*
 * A new socket of type (ZMQ_PULL, ZMQ_PUB...) with o applied and every
 * endpoint in the list bound or connected.  NULL on error with the reason
 * (zmq_strerror and the failing endpoint) in err; nothing is leaked.
 */
void *nw_mq_socket(void *zctx, int type, const char *endpoints, const nw_mq_opts *o,
                   char *err, size_t errlen);

/* Number of endpoints in an endpoint list that connect (not '@'). */
int nw_mq_count_connects(const char *endpoints);

/*
 * Waits until sock (made by nw_mq_socket with opts.monitor set, which gave
 * *monitor) has completed `want` ZMTP handshakes (CURVE/ZAP included), or
 * timeout_ms passed.  For a PUB that connects to its subscribers: messages
 * sent before a subscriber's connection is up and its subscription has
 * arrived are dropped by libzmq, so the worker calls this before it takes
 * work.  Stops the monitor and closes *monitor (NULLed) in every case.
 * Returns the number of handshakes seen (may be < want); -1 when *monitor
 * is NULL.
 */
int nw_mq_wait_connected(void *sock, void **monitor, int want, int timeout_ms);

/* Close a socket made by nw_mq_socket and NULL the handle. */
void nw_mq_close(void **sock);

/*
 * Send [topic, data] as one two-frame message.  flags may hold ZMQ_DONTWAIT.
 * 0 on success, -1 with errno set (EAGAIN: would block).
 */
int nw_mq_send_topic(void *sock, const char *topic, const void *data, size_t len,
                     int flags);

/*
 * Receive one whole message of at most two frames into caller buffers:
 * first frame copied (NUL-terminated, truncated) into head, the last frame
 * returned as a malloc'd *body (caller frees) of *len bytes.  With a
 * single-frame message head is "" and the frame is the body.  Frames beyond
 * the second are read and dropped.  Waits up to timeout_ms (-1 = forever).
 * 1 = got one, 0 = timeout or interrupted, -1 = error (errno).
 */
int nw_mq_recv(void *sock, char *head, size_t headlen, unsigned char **body, size_t *len,
               int timeout_ms);

#endif
