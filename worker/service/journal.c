/*
 * journal.c -- append-only journal with group commit (see journal.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"

#define MAGIC "NWJ1\n\0\0\0"
#define MAGIC_LEN 8
#define HDR 16
#define FLUSH_AT (256u * 1024u)

typedef struct jbuf {
    unsigned char *p;
    size_t len, cap;
} jbuf;

struct nw_journal {
    char *path, *tmp_path;
    int fd, tmp_fd;
    uint64_t written;          /* bytes in the file */
    size_t max_record;
    jbuf buf, tmp_buf;
    char errstr[256];
};

static const uint32_t crc_nibble[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u,
    0x4DB26158u, 0x5005713Cu, 0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
    0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
};

uint32_t nw_journal_crc32(uint32_t crc, const void *data, size_t len) {
    const unsigned char *p = data;
    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        crc = (crc >> 4) ^ crc_nibble[crc & 15];
        crc = (crc >> 4) ^ crc_nibble[crc & 15];
    }
    return ~crc;
}

static void seterr(nw_journal *j, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(j->errstr, sizeof(j->errstr), fmt, ap);
    va_end(ap);
}

static void put32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}

static uint32_t get32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static int buf_reserve(jbuf *b, size_t extra) {
    size_t cap;
    unsigned char *np;
    if (b->len + extra <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra)
        cap *= 2;
    np = realloc(b->p, cap);
    if (!np)
        return -1;
    b->p = np;
    b->cap = cap;
    return 0;
}

static int put_record(jbuf *b, int type, const char *id, size_t idlen,
                      const void *data, size_t len, uint32_t attempts) {
    size_t total = HDR + idlen + len + 4;
    unsigned char *r;
    if (idlen > UINT32_MAX || len > UINT32_MAX || buf_reserve(b, total))
        return -1;
    r = b->p + b->len;
    memset(r, 0, HDR);
    r[0] = (unsigned char)type;
    put32(r + 4, (uint32_t)idlen);
    put32(r + 8, (uint32_t)len);
    put32(r + 12, attempts);
    if (idlen)
        memcpy(r + HDR, id, idlen);
    if (len)
        memcpy(r + HDR + idlen, data, len);
    put32(r + HDR + idlen + len, nw_journal_crc32(0, r, HDR + idlen + len));
    b->len += total;
    return 0;
}

static int write_all(int fd, const unsigned char *p, size_t n) {
    while (n > 0) {   /* bounded: each pass writes >= 1 byte or fails */
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static size_t read_full(int fd, unsigned char *p, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got;
}

static int fsync_dir(const char *path) {
    char *dir = strdup(path), *slash;
    int fd, rc;
    if (!dir)
        return -1;
    slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        strcpy(dir, ".");
    fd = open(dir, O_RDONLY | O_DIRECTORY);
    free(dir);
    if (fd < 0)
        return -1;
    rc = fsync(fd);
    close(fd);
    return rc;
}

/* Replays the records after the magic; returns the offset of the end of
   the last good record, or -1 when fn aborted (message in j->errstr). */
static int64_t replay(nw_journal *j, nw_journal_replay_fn fn, void *ud,
                      size_t *bad) {
    unsigned char hdr[HDR];
    unsigned char *rec = NULL;
    size_t cap = 0;
    int64_t good = MAGIC_LEN;
    *bad = 0;
    for (;;) {   /* bounded by the file size: each pass consumes a record */
        size_t idlen, len, total;
        uint32_t crc;
        if (read_full(j->fd, hdr, HDR) != HDR)
            break;
        idlen = get32(hdr + 4);
        len = get32(hdr + 8);
        if ((hdr[0] != NW_JOURNAL_ADD && hdr[0] != NW_JOURNAL_DONE &&
             hdr[0] != NW_JOURNAL_ATTEMPTS) || hdr[1] || hdr[2] || hdr[3] ||
            idlen == 0 || idlen > 4096 || len > j->max_record) {
            *bad = 1;
            break;
        }
        total = HDR + idlen + len + 4;
        if (total > cap) {
            unsigned char *np = realloc(rec, total);
            if (!np) {
                seterr(j, "journal replay: out of memory");
                free(rec);
                return -1;
            }
            rec = np;
            cap = total;
        }
        memcpy(rec, hdr, HDR);
        if (read_full(j->fd, rec + HDR, total - HDR) != total - HDR) {
            *bad = 1;
            break;
        }
        crc = get32(rec + total - 4);
        if (crc != nw_journal_crc32(0, rec, total - 4)) {
            *bad = 1;
            break;
        }
        if (fn && fn(ud, hdr[0], (const char *)rec + HDR, idlen,
                     rec + HDR + idlen, len, get32(hdr + 12))) {
            seterr(j, "journal replay aborted");
            free(rec);
            return -1;
        }
        good += (int64_t)total;
    }
    free(rec);
    return good;
}

nw_journal *nw_journal_open(const char *path, size_t max_record,
                            nw_journal_replay_fn fn, void *ud, char *err,
                            size_t errlen) {
    nw_journal *j = calloc(1, sizeof(*j));
    unsigned char magic[MAGIC_LEN];
    struct stat st;
    int64_t good;
    size_t bad = 0;
    if (!j) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    j->fd = j->tmp_fd = -1;
    j->max_record = max_record;
    j->path = strdup(path);
    j->tmp_path = malloc(strlen(path) + 5);
    if (!j->path || !j->tmp_path) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    sprintf(j->tmp_path, "%s.tmp", path);
    unlink(j->tmp_path);   /* a compaction that did not commit */
    j->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (j->fd < 0 || fstat(j->fd, &st) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        goto fail;
    }
    if (st.st_size == 0) {
        if (write_all(j->fd, (const unsigned char *)MAGIC, MAGIC_LEN) ||
            fsync(j->fd) || fsync_dir(path)) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            goto fail;
        }
        j->written = MAGIC_LEN;
        return j;
    }
    if (read_full(j->fd, magic, MAGIC_LEN) != MAGIC_LEN ||
        memcmp(magic, MAGIC, MAGIC_LEN)) {
        snprintf(err, errlen, "%s: not a newsworker journal (bad magic)", path);
        goto fail;
    }
    good = replay(j, fn, ud, &bad);
    if (good < 0) {
        snprintf(err, errlen, "%s: %s", path, j->errstr);
        goto fail;
    }
    if (good < st.st_size) {
        /* torn or corrupt tail: cut it so new records follow good ones */
        if (ftruncate(j->fd, good) || fsync(j->fd)) {
            snprintf(err, errlen, "%s: truncate: %s", path, strerror(errno));
            goto fail;
        }
        snprintf(j->errstr, sizeof(j->errstr),
                 "cut %lld bytes of torn/corrupt tail", (long long)(st.st_size - good));
    }
    if (lseek(j->fd, good, SEEK_SET) < 0) {
        snprintf(err, errlen, "%s: seek: %s", path, strerror(errno));
        goto fail;
    }
    j->written = (uint64_t)good;
    return j;
fail:
    nw_journal_close(&j);
    return NULL;
}

void nw_journal_close(nw_journal **jp) {
    nw_journal *j;
    if (!jp || !*jp)
        return;
    j = *jp;
    if (j->fd >= 0) {
        nw_journal_sync(j);
        close(j->fd);
    }
    if (j->tmp_fd >= 0)
        nw_journal_compact_abort(j);
    free(j->buf.p);
    free(j->tmp_buf.p);
    free(j->path);
    free(j->tmp_path);
    free(j);
    *jp = NULL;
}

static int maybe_flush(nw_journal *j) {
    return j->buf.len >= FLUSH_AT ? nw_journal_flush(j) : 0;
}

int nw_journal_add(nw_journal *j, const char *id, size_t idlen,
                   const void *data, size_t len, uint32_t attempts) {
    if (put_record(&j->buf, NW_JOURNAL_ADD, id, idlen, data, len, attempts)) {
        seterr(j, "out of memory");
        return -1;
    }
    return maybe_flush(j);
}

int nw_journal_done(nw_journal *j, const char *id, size_t idlen) {
    if (put_record(&j->buf, NW_JOURNAL_DONE, id, idlen, NULL, 0, 0)) {
        seterr(j, "out of memory");
        return -1;
    }
    return maybe_flush(j);
}

int nw_journal_attempts(nw_journal *j, const char *id, size_t idlen,
                        uint32_t attempts) {
    if (put_record(&j->buf, NW_JOURNAL_ATTEMPTS, id, idlen, NULL, 0, attempts)) {
        seterr(j, "out of memory");
        return -1;
    }
    return maybe_flush(j);
}

int nw_journal_flush(nw_journal *j) {
    if (j->buf.len == 0)
        return 0;
    if (write_all(j->fd, j->buf.p, j->buf.len)) {
        seterr(j, "%s: write: %s", j->path, strerror(errno));
        return -1;
    }
    j->written += j->buf.len;
    j->buf.len = 0;
    if (j->buf.cap > 4 * FLUSH_AT) {   /* give back a burst's memory */
        free(j->buf.p);
        j->buf.p = NULL;
        j->buf.cap = 0;
    }
    return 0;
}

int nw_journal_sync(nw_journal *j) {
    if (nw_journal_flush(j))
        return -1;
    if (fdatasync(j->fd)) {
        seterr(j, "%s: fdatasync: %s", j->path, strerror(errno));
        return -1;
    }
    return 0;
}

size_t nw_journal_buffered(const nw_journal *j) { return j->buf.len; }
uint64_t nw_journal_size(const nw_journal *j) { return j->written + j->buf.len; }
const char *nw_journal_strerror(const nw_journal *j) { return j->errstr; }

int nw_journal_compact_begin(nw_journal *j) {
    if (j->tmp_fd >= 0)
        nw_journal_compact_abort(j);
    if (nw_journal_sync(j))
        return -1;
    j->tmp_fd = open(j->tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (j->tmp_fd < 0) {
        seterr(j, "%s: %s", j->tmp_path, strerror(errno));
        return -1;
    }
    j->tmp_buf.len = 0;
    if (buf_reserve(&j->tmp_buf, MAGIC_LEN)) {
        nw_journal_compact_abort(j);
        seterr(j, "out of memory");
        return -1;
    }
    memcpy(j->tmp_buf.p, MAGIC, MAGIC_LEN);
    j->tmp_buf.len = MAGIC_LEN;
    return 0;
}

int nw_journal_compact_add(nw_journal *j, const char *id, size_t idlen,
                           const void *data, size_t len, uint32_t attempts) {
    if (j->tmp_fd < 0)
        return -1;
    if (put_record(&j->tmp_buf, NW_JOURNAL_ADD, id, idlen, data, len, attempts)) {
        seterr(j, "out of memory");
        return -1;
    }
    if (j->tmp_buf.len >= FLUSH_AT) {
        if (write_all(j->tmp_fd, j->tmp_buf.p, j->tmp_buf.len)) {
            seterr(j, "%s: write: %s", j->tmp_path, strerror(errno));
            return -1;
        }
        j->tmp_buf.len = 0;
    }
    return 0;
}

int nw_journal_compact_commit(nw_journal *j) {
    struct stat st;
    if (j->tmp_fd < 0)
        return -1;
    if (write_all(j->tmp_fd, j->tmp_buf.p, j->tmp_buf.len) || fsync(j->tmp_fd) ||
        fstat(j->tmp_fd, &st)) {
        seterr(j, "%s: %s", j->tmp_path, strerror(errno));
        nw_journal_compact_abort(j);
        return -1;
    }
    j->tmp_buf.len = 0;
    /* records appended since begin must survive: copy them over first */
    if (j->buf.len) {
        if (write_all(j->tmp_fd, j->buf.p, j->buf.len) || fsync(j->tmp_fd)) {
            seterr(j, "%s: %s", j->tmp_path, strerror(errno));
            nw_journal_compact_abort(j);
            return -1;
        }
        st.st_size += (off_t)j->buf.len;
        j->buf.len = 0;
    }
    if (rename(j->tmp_path, j->path) || fsync_dir(j->path)) {
        seterr(j, "rename %s: %s", j->tmp_path, strerror(errno));
        nw_journal_compact_abort(j);
        return -1;
    }
    close(j->fd);
    j->fd = j->tmp_fd;
    j->tmp_fd = -1;
    j->written = (uint64_t)st.st_size;
    free(j->tmp_buf.p);
    j->tmp_buf.p = NULL;
    j->tmp_buf.cap = 0;
    return 0;
}

void nw_journal_compact_abort(nw_journal *j) {
    if (j->tmp_fd >= 0) {
        close(j->tmp_fd);
        j->tmp_fd = -1;
        unlink(j->tmp_path);
    }
    j->tmp_buf.len = 0;
}
