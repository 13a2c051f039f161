/*
 * broker_queue.h -- the broker's bounded set of held articles.
 *
 * Every article the broker holds (waiting, leased to a worker, or waiting
 * for its dead letter to reach Redis) is one nw_bq_item, indexed by article
 * id in a hash table (so a resubmitted id is recognised while held) and,
 * while waiting, linked into one FIFO.  The capacity bounds the number of
 * items held in all states together: when it is reached, nw_bq_add says
 * NW_BQ_FULL and the broker answers BUSY.  Items leased out are not in the
 * FIFO; the broker keeps them in its lease table (lease.h) and either
 * removes them (ACK) or puts them back (nw_bq_requeue).
 *
 * Ownership: the queue owns items and their id and data; pointers returned
 * stay valid until nw_bq_remove or nw_bq_destroy.
 */
#ifndef NW_BROKER_QUEUE_H
#define NW_BROKER_QUEUE_H

#include <stddef.h>
#include <stdint.h>

typedef enum nw_bq_state {
    NW_BQ_QUEUED = 0,   /* in the FIFO */
    NW_BQ_LEASED,       /* out with a worker */
    NW_BQ_PARKED,       /* held outside the FIFO (dead letter pending) */
} nw_bq_state;

typedef struct nw_bq_item {
    char *id;                   /* NUL-terminated copy */
    size_t idlen;
    unsigned char *data;        /* packed Article */
    size_t len;
    uint32_t attempts;          /* counted delivery attempts so far */
    nw_bq_state state;
    uint32_t flags;             /* the broker's (e.g. "not yet fsync'ed") */
    void *lease;                /* the broker's lease handle while LEASED */
    struct nw_bq_item *prev, *next;   /* FIFO links */
    struct nw_bq_item *hnext;         /* id hash chain */
} nw_bq_item;

typedef struct nw_bq nw_bq;

enum { NW_BQ_OK = 0, NW_BQ_FULL = 1, NW_BQ_DUP = 2, NW_BQ_NOMEM = -1 };

/* A queue holding at most capacity items (>= 1).  NULL on allocation
   failure. */
nw_bq *nw_bq_new(size_t capacity);
/* Frees every item and the queue; *q becomes NULL.  NULL-safe. */
void nw_bq_destroy(nw_bq **q);

/* Adds a copy of (id, data) at the tail of the FIFO with the given attempt
   count.  Returns NW_BQ_OK (and *out when out != NULL), NW_BQ_DUP when id is
   held (*out = the held item), NW_BQ_FULL when at capacity (unless force),
   NW_BQ_NOMEM. */
int nw_bq_add(nw_bq *q, const char *id, size_t idlen, const void *data,
              size_t len, uint32_t attempts, int force, nw_bq_item **out);

/* The held item with this id, or NULL. */
nw_bq_item *nw_bq_find(const nw_bq *q, const char *id, size_t idlen);

/* Takes the head of the FIFO (state becomes LEASED); NULL when empty. */
nw_bq_item *nw_bq_pop(nw_bq *q);

/* Puts an item that is not in the FIFO back: at the head when front (a
   released article keeps its place), else at the tail.  State QUEUED. */
void nw_bq_requeue(nw_bq *q, nw_bq_item *it, int front);

/* Takes an item out of the FIFO without removing it (state PARKED). */
void nw_bq_park(nw_bq *q, nw_bq_item *it);

/* Forgets the item (unlinks and frees it).  NULL-safe. */
void nw_bq_remove(nw_bq *q, nw_bq_item *it);

size_t nw_bq_held(const nw_bq *q);     /* items in all states */
size_t nw_bq_waiting(const nw_bq *q);  /* items in the FIFO */
size_t nw_bq_bytes(const nw_bq *q);    /* sum of id + data bytes held */
size_t nw_bq_capacity(const nw_bq *q);
int nw_bq_full(const nw_bq *q);

/* Calls fn for every held item (any state); stops early when fn returns
   non-zero and returns that value. */
int nw_bq_each(nw_bq *q, int (*fn)(void *ud, nw_bq_item *it), void *ud);

#endif
