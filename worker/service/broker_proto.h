/*
 * broker_proto.h -- the newsworker broker wire protocol, version NWB1.
 *
 * Every message is a ZeroMQ multipart message whose first frame (after the
 * ROUTER identity, and after an empty delimiter frame when the peer is a
 * REQ socket) is the protocol version "NWB1", then a command word, then the
 * command's fields.  Numbers travel as ASCII decimal, ids and leases as
 * plain bytes, articles as the packed newsworker.v1.Article protobuf.  A
 * peer that sees another version frame drops the message and logs it; a
 * later, incompatible protocol will use "NWB2".
 *
 *   producers (DEALER or REQ) --> broker ROUTER "submit" endpoint
 *     [NWB1, SUBMIT, id, Article]   id may be "" (then taken from Article.id)
 *     <- [NWB1, ACCEPTED, id]        journalled and fsync'ed: the broker owns it
 *     <- [NWB1, DUPLICATE, id]       the broker already holds this id (it was
 *                                    accepted before): treat as ACCEPTED
 *     <- [NWB1, BUSY, id]            queue full: retry later, same id
 *     <- [NWB1, INVALID, id, why]    malformed, too large, no id: do not retry
 *   A producer that gets no reply (timeout, broker restart) resubmits with
 *   the same id; duplicates of ids the broker holds are ignored.
 *
 *   fire-and-forget producers (PUSH) --> broker PULL endpoint
 *     [Article]                      at-most-once: no reply; when the queue is
 *                                    full the broker stops reading, so the
 *                                    producer blocks at its high-water mark
 *
 *   workers (DEALER) <--> broker ROUTER "workers" endpoint
 *     -> [NWB1, READY, credit, name] (re)announce; credit = the most articles
 *                                    the worker holds at once (1..1000)
 *     <- [NWB1, JOB, lease, attempt, Article]
 *     -> [NWB1, ACK, lease]          result published: the lease ends
 *     -> [NWB1, REJECT, lease, code, reason]
 *                                    bad input: dead-lettered at once; code is
 *                                    a newsworker.v1.ErrorCode number
 *     -> [NWB1, RELEASE, lease]      handed back unprocessed (drain): requeued,
 *                                    not counted as an attempt
 *     -> [NWB1, HEARTBEAT]  <- [NWB1, HEARTBEAT]   every heartbeat interval
 *     -> [NWB1, DISCONNECT]          leaving; leases still held are requeued
 *                                    without counting an attempt
 *     <- [NWB1, RESET]               the broker does not know this worker (it
 *                                    restarted, or declared the worker dead):
 *                                    send READY again
 *
 * Leases are "EPOCH.SEQ" (hex epoch of the broker process, decimal sequence).
 * An ACK/REJECT/RELEASE whose lease is not current (expired, from an earlier
 * broker process, already requeued) is ignored: that copy of the article was
 * or will be delivered again, so at-least-once holds and consumers dedupe by
 * Extraction.article_id / result_id.  A lease ends when its worker ACKs,
 * REJECTs or RELEASEs it; it is revoked (attempt + 1) when it expires or its
 * worker misses HEARTBEAT_LIVENESS heartbeats or its socket disconnects.
 * After max_attempts counted attempts the article is dead-lettered
 * (ERROR_CODE_TOO_MANY_ATTEMPTS).
 */
#ifndef NW_BROKER_PROTO_H
#define NW_BROKER_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define NW_BP_VERSION "NWB1"
#define NW_BP_MAX_FRAMES 8       /* frames kept per message; more are dropped */
#define NW_BP_MAX_ID 256         /* bytes in an article id */
#define NW_BP_LEASE_MAX 48       /* bytes in a lease string, NUL included */

typedef enum nw_bp_cmd {
    NW_BP_UNKNOWN = 0,
    NW_BP_SUBMIT,
    NW_BP_ACCEPTED,
    NW_BP_DUPLICATE,
    NW_BP_BUSY,
    NW_BP_INVALID,
    NW_BP_READY,
    NW_BP_JOB,
    NW_BP_ACK,
    NW_BP_REJECT,
    NW_BP_RELEASE,
    NW_BP_HEARTBEAT,
    NW_BP_DISCONNECT,
    NW_BP_RESET,
} nw_bp_cmd;

/* The command word for c ("SUBMIT", ...); "?" for NW_BP_UNKNOWN. */
const char *nw_bp_cmd_name(nw_bp_cmd c);

/* The command for the bytes s[0..len); NW_BP_UNKNOWN when none matches. */
nw_bp_cmd nw_bp_cmd_parse(const void *s, size_t len);

/* 1 if s[0..len) is exactly the version frame "NWB1", else 0. */
int nw_bp_version_ok(const void *s, size_t len);

/* Strict unsigned decimal s[0..len) (1..10 digits, no sign, no spaces) into
   *out; 0 on success, -1 when malformed or above max. */
int nw_bp_parse_u32(const void *s, size_t len, uint32_t max, uint32_t *out);

/* Writes the lease "EPOCH.SEQ" into buf (size >= NW_BP_LEASE_MAX); returns
   its length. */
size_t nw_bp_lease_format(uint64_t epoch, uint64_t seq, char *buf, size_t size);

/* Parses a lease; 0 and *epoch, *seq on success, -1 when malformed. */
int nw_bp_lease_parse(const void *s, size_t len, uint64_t *epoch, uint64_t *seq);

/* ------------------------------------------------ multipart helpers -- */

/* A received message: up to NW_BP_MAX_FRAMES frames (zmq_msg_t kept opaque
   here so this header does not need zmq.h). */
typedef struct nw_bp_msg {
    int n;                            /* frames kept */
    int dropped;                      /* frames beyond NW_BP_MAX_FRAMES */
    void *frames[NW_BP_MAX_FRAMES];   /* zmq_msg_t *, owned */
} nw_bp_msg;

/* Receives one whole multipart message from sock.  flags as zmq_msg_recv
   (ZMQ_DONTWAIT).  Returns the number of frames kept, or -1 with errno set
   (EAGAIN when nothing is waiting); on -1 nothing is held. */
int nw_bp_recv(void *sock, nw_bp_msg *m, int flags);

/* Frame i's bytes and size (NULL, 0 when i is out of range). */
const void *nw_bp_data(const nw_bp_msg *m, int i);
size_t nw_bp_size(const nw_bp_msg *m, int i);

/* 1 if frame i equals the NUL-terminated string s. */
int nw_bp_eq(const nw_bp_msg *m, int i, const char *s);

/* Frees the frames; m is then empty. */
void nw_bp_msg_close(nw_bp_msg *m);

/* Sends n frames parts[i][0..lens[i]) as one message (the last without
   SNDMORE).  flags are added to every frame (ZMQ_DONTWAIT).  0 on success,
   -1 with errno (EHOSTUNREACH from a ROUTER_MANDATORY socket, EAGAIN). */
int nw_bp_send(void *sock, int n, const void *const *parts, const size_t *lens,
               int flags);

#endif
