/*
 * broker_queue.c -- bounded FIFO plus id index (see broker_queue.h).
 *
 * The hash table has a fixed power-of-two bucket count chosen from the
 * capacity (load <= 1), so it never rehashes; ids are hashed with FNV-1a.
 */
#include <stdlib.h>
#include <string.h>

#include "broker_queue.h"

struct nw_bq {
    size_t capacity, held, waiting, bytes;
    size_t nbuckets;                /* power of two */
    nw_bq_item **buckets;
    nw_bq_item *head, *tail;        /* FIFO */
};

static uint64_t fnv1a(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

nw_bq *nw_bq_new(size_t capacity) {
    nw_bq *q;
    size_t nb = 64;
    if (capacity == 0)
        return NULL;
    while (nb < capacity && nb < ((size_t)1 << 30))
        nb <<= 1;
    q = calloc(1, sizeof(*q));
    if (!q)
        return NULL;
    q->buckets = calloc(nb, sizeof(*q->buckets));
    if (!q->buckets) {
        free(q);
        return NULL;
    }
    q->nbuckets = nb;
    q->capacity = capacity;
    return q;
}

static void item_free(nw_bq_item *it) {
    if (!it)
        return;
    free(it->id);
    free(it->data);
    free(it);
}

void nw_bq_destroy(nw_bq **qp) {
    nw_bq *q;
    if (!qp || !*qp)
        return;
    q = *qp;
    for (size_t b = 0; b < q->nbuckets; b++) {
        nw_bq_item *it = q->buckets[b];
        while (it) {
            nw_bq_item *nx = it->hnext;
            item_free(it);
            it = nx;
        }
    }
    free(q->buckets);
    free(q);
    *qp = NULL;
}

nw_bq_item *nw_bq_find(const nw_bq *q, const char *id, size_t idlen) {
    nw_bq_item *it = q->buckets[fnv1a(id, idlen) & (q->nbuckets - 1)];
    for (; it; it = it->hnext)
        if (it->idlen == idlen && !memcmp(it->id, id, idlen))
            return it;
    return NULL;
}

static void fifo_push(nw_bq *q, nw_bq_item *it, int front) {
    it->state = NW_BQ_QUEUED;
    if (front) {
        it->prev = NULL;
        it->next = q->head;
        if (q->head)
            q->head->prev = it;
        else
            q->tail = it;
        q->head = it;
    } else {
        it->next = NULL;
        it->prev = q->tail;
        if (q->tail)
            q->tail->next = it;
        else
            q->head = it;
        q->tail = it;
    }
    q->waiting++;
}

static void fifo_unlink(nw_bq *q, nw_bq_item *it) {
    if (it->prev)
        it->prev->next = it->next;
    else
        q->head = it->next;
    if (it->next)
        it->next->prev = it->prev;
    else
        q->tail = it->prev;
    it->prev = it->next = NULL;
    q->waiting--;
}

int nw_bq_add(nw_bq *q, const char *id, size_t idlen, const void *data,
              size_t len, uint32_t attempts, int force, nw_bq_item **out) {
    nw_bq_item *it = nw_bq_find(q, id, idlen);
    size_t b;
    if (it) {
        if (out)
            *out = it;
        return NW_BQ_DUP;
    }
    if (!force && q->held >= q->capacity)
        return NW_BQ_FULL;
    it = calloc(1, sizeof(*it));
    if (!it)
        return NW_BQ_NOMEM;
    it->id = malloc(idlen + 1);
    it->data = malloc(len ? len : 1);
    if (!it->id || !it->data) {
        item_free(it);
        return NW_BQ_NOMEM;
    }
    memcpy(it->id, id, idlen);
    it->id[idlen] = '\0';
    it->idlen = idlen;
    if (len)
        memcpy(it->data, data, len);
    it->len = len;
    it->attempts = attempts;
    b = fnv1a(id, idlen) & (q->nbuckets - 1);
    it->hnext = q->buckets[b];
    q->buckets[b] = it;
    q->held++;
    q->bytes += idlen + len;
    fifo_push(q, it, 0);
    if (out)
        *out = it;
    return NW_BQ_OK;
}

nw_bq_item *nw_bq_pop(nw_bq *q) {
    nw_bq_item *it = q->head;
    if (!it)
        return NULL;
    fifo_unlink(q, it);
    it->state = NW_BQ_LEASED;
    return it;
}

void nw_bq_requeue(nw_bq *q, nw_bq_item *it, int front) {
    if (it->state == NW_BQ_QUEUED)
        return;
    it->lease = NULL;
    fifo_push(q, it, front);
}

void nw_bq_park(nw_bq *q, nw_bq_item *it) {
    if (it->state == NW_BQ_QUEUED)
        fifo_unlink(q, it);
    it->state = NW_BQ_PARKED;
}

void nw_bq_remove(nw_bq *q, nw_bq_item *it) {
    nw_bq_item **pp;
    if (!it)
        return;
    if (it->state == NW_BQ_QUEUED)
        fifo_unlink(q, it);
    pp = &q->buckets[fnv1a(it->id, it->idlen) & (q->nbuckets - 1)];
    while (*pp && *pp != it)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = it->hnext;
    q->held--;
    q->bytes -= it->idlen + it->len;
    item_free(it);
}

size_t nw_bq_held(const nw_bq *q) { return q->held; }
size_t nw_bq_waiting(const nw_bq *q) { return q->waiting; }
size_t nw_bq_bytes(const nw_bq *q) { return q->bytes; }
size_t nw_bq_capacity(const nw_bq *q) { return q->capacity; }
int nw_bq_full(const nw_bq *q) { return q->held >= q->capacity; }

int nw_bq_each(nw_bq *q, int (*fn)(void *ud, nw_bq_item *it), void *ud) {
    for (size_t b = 0; b < q->nbuckets; b++) {
        nw_bq_item *it = q->buckets[b];
        while (it) {
            nw_bq_item *nx = it->hnext;   /* fn must not remove other items */
            int rc = fn(ud, it);
            if (rc)
                return rc;
            it = nx;
        }
    }
    return 0;
}
