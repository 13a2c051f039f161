/*
 * fuzz_journal.c -- libFuzzer target for the broker's journal replay
 * (worker/service/journal.c): the file a crashed broker leaves behind is
 * read back on restart, so any bytes -- a torn record, a flipped bit, a
 * length field pointing past the end -- must replay cleanly.
 *
 * Input: the journal file's bytes (with the magic put in front when the
 * first input byte is odd, so that most runs get past it).  Properties:
 *   - nw_journal_open never crashes; it fails only with a message;
 *   - every replayed record lies inside the limits (id and data no longer
 *     than max_record; ASan checks that their bytes are readable);
 *   - after a successful open, one record appended, synced and the
 *     journal reopened, exactly the old good records plus the new one are
 *     replayed, the new one last: the corrupt tail was cut, nothing good was.
 * The file lives in /dev/shm where there is one (fsync is cheap there).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "journal.h"

#define MAX_RECORD 4096

static char path[256];

typedef struct {
    size_t n;
    int last_type;
    char last_id[16];
    size_t last_idlen;
} tally;

static int count(void *ud, int type, const char *id, size_t idlen,
                 const unsigned char *data, size_t len, uint32_t attempts) {
    tally *t = ud;
    unsigned sum = 0;
    (void)attempts;
    if (idlen > MAX_RECORD || len > MAX_RECORD)
        abort();
    for (size_t i = 0; i < idlen; i++)
        sum += (unsigned char)id[i];
    for (size_t i = 0; i < len; i++)
        sum += data[i];
    (void)sum;
    t->n++;
    t->last_type = type;
    t->last_idlen = idlen < sizeof(t->last_id) ? idlen : sizeof(t->last_id);
    memcpy(t->last_id, id, t->last_idlen);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof(path), "%s/nw-fuzz-journal-%ld", dir, (long)getpid());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char magic[8] = {'N', 'W', 'J', '1', '\n', 0, 0, 0};
    char err[256];
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size > 0 && (data[0] & 1)) {
        fwrite(magic, 1, sizeof(magic), f);
        data++;
        size--;
    }
    if (size)
        fwrite(data, 1, size, f);
    fclose(f);

    tally before = {0}, after = {0};
    nw_journal *j = nw_journal_open(path, MAX_RECORD, count, &before, err, sizeof(err));
    if (!j) {
        if (!err[0])
            abort();   /* a failure always says why */
        unlink(path);
        return 0;
    }
    static const char id[] = "fuzz-id";
    static const unsigned char body[] = "article";
    if (nw_journal_add(j, id, sizeof(id) - 1, body, sizeof(body) - 1, 1) ||
        nw_journal_sync(j))
        abort();
    nw_journal_close(&j);
    j = nw_journal_open(path, MAX_RECORD, count, &after, err, sizeof(err));
    if (!j || after.n != before.n + 1 || after.last_type != NW_JOURNAL_ADD ||
        after.last_idlen != sizeof(id) - 1 || memcmp(after.last_id, id, sizeof(id) - 1))
        abort();
    nw_journal_close(&j);
    unlink(path);
    return 0;
}
