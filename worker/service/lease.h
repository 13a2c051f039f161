/*
 * lease.h -- the broker's table of articles out with workers.
 *
 * A lease binds one held item (an opaque pointer, the broker's nw_bq_item)
 * to one worker slot until a deadline.  Leases are found by sequence number
 * (the SEQ of the "EPOCH.SEQ" string the worker echoes back) through a hash
 * table, and kept in one list in order of grant.  Every lease of a table
 * has the same time to live, so grant order is deadline order and
 * nw_lease_expired only ever looks at the head: O(1) per expiry.
 *
 * Ownership: the table owns its nw_lease records, never the items.
 */
#ifndef NW_LEASE_H
#define NW_LEASE_H

#include <stddef.h>
#include <stdint.h>

typedef struct nw_lease {
    uint64_t seq;
    void *item;                 /* borrowed */
    int worker;                 /* broker's worker slot */
    int64_t deadline_ms;
    struct nw_lease *prev, *next;   /* grant order */
    struct nw_lease *hnext;         /* hash chain */
} nw_lease;

typedef struct nw_lease_table nw_lease_table;

/* A table whose leases live ttl_ms (>= 1).  NULL on allocation failure. */
nw_lease_table *nw_lease_table_new(int64_t ttl_ms);
/* Frees every lease record and the table; *t becomes NULL.  NULL-safe. */
void nw_lease_table_destroy(nw_lease_table **t);

/* Grants a new lease on item to worker, expiring at now_ms + ttl.  Sequence
   numbers start at 1 and never repeat within a table.  NULL on allocation
   failure. */
nw_lease *nw_lease_grant(nw_lease_table *t, void *item, int worker, int64_t now_ms);

/* The live lease with this sequence number, or NULL (ended or never
   granted: a stale lease). */
nw_lease *nw_lease_find(const nw_lease_table *t, uint64_t seq);

/* Ends the lease: unlinks and frees it; *l becomes NULL.  NULL-safe. */
void nw_lease_end(nw_lease_table *t, nw_lease **l);

/* The oldest lease if its deadline is <= now_ms, else NULL.  The caller
   ends it (and requeues its item) before asking again. */
nw_lease *nw_lease_expired(const nw_lease_table *t, int64_t now_ms);

/* Oldest lease first, then ->next; NULL when none. */
nw_lease *nw_lease_first(const nw_lease_table *t);

/* Deadline of the oldest lease, or INT64_MAX when none. */
int64_t nw_lease_next_deadline(const nw_lease_table *t);

size_t nw_lease_count(const nw_lease_table *t);
int64_t nw_lease_ttl(const nw_lease_table *t);

#endif
