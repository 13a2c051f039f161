/*
 * lease.c -- lease table: hash by sequence plus a grant-ordered list (see
 * lease.h).  The bucket array doubles when the load passes 1, so any
 * number of leases stays O(1) to find.
 */
#include <stdlib.h>

#include "lease.h"

struct nw_lease_table {
    int64_t ttl_ms;
    uint64_t next_seq;
    size_t count, nbuckets;
    nw_lease **buckets;
    nw_lease *head, *tail;
};

static size_t slot(uint64_t seq, size_t nb) {
    seq ^= seq >> 33;
    seq *= 0xff51afd7ed558ccdULL;
    seq ^= seq >> 33;
    return (size_t)seq & (nb - 1);
}

nw_lease_table *nw_lease_table_new(int64_t ttl_ms) {
    nw_lease_table *t;
    if (ttl_ms < 1)
        return NULL;
    t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->nbuckets = 256;
    t->buckets = calloc(t->nbuckets, sizeof(*t->buckets));
    if (!t->buckets) {
        free(t);
        return NULL;
    }
    t->ttl_ms = ttl_ms;
    t->next_seq = 1;
    return t;
}

void nw_lease_table_destroy(nw_lease_table **tp) {
    nw_lease_table *t;
    nw_lease *l;
    if (!tp || !*tp)
        return;
    t = *tp;
    l = t->head;
    while (l) {
        nw_lease *nx = l->next;
        free(l);
        l = nx;
    }
    free(t->buckets);
    free(t);
    *tp = NULL;
}

static void grow(nw_lease_table *t) {
    size_t nb = t->nbuckets * 2;
    nw_lease **b = calloc(nb, sizeof(*b));
    if (!b)
        return;   /* keep the old, longer chains: still correct */
    for (nw_lease *l = t->head; l; l = l->next) {
        size_t s = slot(l->seq, nb);
        l->hnext = b[s];
        b[s] = l;
    }
    free(t->buckets);
    t->buckets = b;
    t->nbuckets = nb;
}

nw_lease *nw_lease_grant(nw_lease_table *t, void *item, int worker, int64_t now_ms) {
    nw_lease *l = calloc(1, sizeof(*l));
    size_t s;
    if (!l)
        return NULL;
    if (t->count >= t->nbuckets && t->nbuckets < ((size_t)1 << 24))
        grow(t);
    l->seq = t->next_seq++;
    l->item = item;
    l->worker = worker;
    l->deadline_ms = now_ms + t->ttl_ms;
    s = slot(l->seq, t->nbuckets);
    l->hnext = t->buckets[s];
    t->buckets[s] = l;
    l->prev = t->tail;
    if (t->tail)
        t->tail->next = l;
    else
        t->head = l;
    t->tail = l;
    t->count++;
    return l;
}

nw_lease *nw_lease_find(const nw_lease_table *t, uint64_t seq) {
    nw_lease *l = t->buckets[slot(seq, t->nbuckets)];
    for (; l; l = l->hnext)
        if (l->seq == seq)
            return l;
    return NULL;
}

void nw_lease_end(nw_lease_table *t, nw_lease **lp) {
    nw_lease *l, **pp;
    if (!lp || !*lp)
        return;
    l = *lp;
    pp = &t->buckets[slot(l->seq, t->nbuckets)];
    while (*pp && *pp != l)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = l->hnext;
    if (l->prev)
        l->prev->next = l->next;
    else
        t->head = l->next;
    if (l->next)
        l->next->prev = l->prev;
    else
        t->tail = l->prev;
    t->count--;
    free(l);
    *lp = NULL;
}

nw_lease *nw_lease_expired(const nw_lease_table *t, int64_t now_ms) {
    return (t->head && t->head->deadline_ms <= now_ms) ? t->head : NULL;
}

nw_lease *nw_lease_first(const nw_lease_table *t) { return t->head; }

int64_t nw_lease_next_deadline(const nw_lease_table *t) {
    return t->head ? t->head->deadline_ms : INT64_MAX;
}

size_t nw_lease_count(const nw_lease_table *t) { return t->count; }
int64_t nw_lease_ttl(const nw_lease_table *t) { return t->ttl_ms; }
