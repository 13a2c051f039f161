/*
 * journal.h -- the broker's append-only journal of accepted articles.
 *
 * Why a local file and not a Redis stream: the broker must keep accepting
 * (and must not lose what it accepted) while Redis is down or restarting,
 * and Redis persists asynchronously by default (RDB snapshots, AOF
 * "everysec"), so an XADD reply does not mean "on disk".  A file we fsync
 * ourselves gives exactly the guarantee behind ACCEPTED, costs one
 * fdatasync per batch (group commit: the broker answers ACCEPTED to every
 * producer of a batch after one fdatasync), and needs nothing running.
 *
 * Records (little-endian):
 *     u8 type ('A' add, 'D' done, 'T' attempts), u8[3] zero,
 *     u32 id_len, u32 data_len, u32 attempts, id bytes, data bytes,
 *     u32 CRC-32 (IEEE) of everything before it in the record.
 * The file starts with the 8-byte magic "NWJ1\n\0\0\0".  'A' carries the
 * packed Article; 'D' says the id is finished (acknowledged or
 * dead-lettered); 'T' records a new attempt count.  Replay applies them in
 * order; a torn or corrupt tail (crash mid-write) is cut off at the last
 * good record.  Compaction rewrites the live set to PATH.tmp, fsyncs it,
 * renames it over PATH and fsyncs the directory, so a crash at any point
 * leaves either the old or the new journal.
 *
 * Writes go to a user-space buffer; nw_journal_flush write()s it and
 * nw_journal_sync also fdatasync()s.  Only synced 'A' records may be
 * answered ACCEPTED.  'D' and 'T' records need no sync: losing one in a
 * crash only means a redelivery (at-least-once).
 */
#ifndef NW_JOURNAL_H
#define NW_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

enum { NW_JOURNAL_ADD = 'A', NW_JOURNAL_DONE = 'D', NW_JOURNAL_ATTEMPTS = 'T' };

typedef struct nw_journal nw_journal;

/* Called once per record during replay; return non-zero to abort the open. */
typedef int (*nw_journal_replay_fn)(void *ud, int type, const char *id,
                                    size_t idlen, const unsigned char *data,
                                    size_t len, uint32_t attempts);

/* Opens (creating if needed) the journal at path, replays every good record
   through fn (may be NULL), truncates a bad tail, and leaves it open for
   appending.  Records longer than max_record bytes count as corrupt.  NULL
   with a message in err on failure. */
nw_journal *nw_journal_open(const char *path, size_t max_record,
                            nw_journal_replay_fn fn, void *ud, char *err,
                            size_t errlen);
/* Syncs and closes; *j becomes NULL.  NULL-safe. */
void nw_journal_close(nw_journal **j);

/* Append records to the buffer.  0, or -1 on allocation failure. */
int nw_journal_add(nw_journal *j, const char *id, size_t idlen,
                   const void *data, size_t len, uint32_t attempts);
int nw_journal_done(nw_journal *j, const char *id, size_t idlen);
int nw_journal_attempts(nw_journal *j, const char *id, size_t idlen,
                        uint32_t attempts);

/* write()s the buffer; -1 on I/O error (j->errstr).  */
int nw_journal_flush(nw_journal *j);
/* Flush and fdatasync; -1 on I/O error. */
int nw_journal_sync(nw_journal *j);

size_t nw_journal_buffered(const nw_journal *j);   /* bytes not yet written */
uint64_t nw_journal_size(const nw_journal *j);     /* file size incl. buffer */
const char *nw_journal_strerror(const nw_journal *j);

/* Compaction: begin (syncs, opens PATH.tmp), add the live records with
   nw_journal_compact_add, then commit (fsync, rename, fsync dir, switch) or
   abort (remove PATH.tmp).  -1 on error (the old journal stays in use). */
int nw_journal_compact_begin(nw_journal *j);
int nw_journal_compact_add(nw_journal *j, const char *id, size_t idlen,
                           const void *data, size_t len, uint32_t attempts);
int nw_journal_compact_commit(nw_journal *j);
void nw_journal_compact_abort(nw_journal *j);

/* CRC-32 (IEEE 802.3, as zlib), continuing from crc (0 to start). */
uint32_t nw_journal_crc32(uint32_t crc, const void *data, size_t len);

#endif
