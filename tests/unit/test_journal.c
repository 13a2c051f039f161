/* test_journal.c -- CRC, append + replay, torn tails, corrupt records,
   compaction, and a file that is not a journal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"

typedef struct seen {
    int adds, dones, attempts;
    char last_id[64];
    char last_data[256];
    uint32_t last_attempts;
} seen;

static int cb(void *ud, int type, const char *id, size_t idlen, const unsigned char *data,
              size_t len, uint32_t attempts) {
    seen *s = ud;
    snprintf(s->last_id, sizeof(s->last_id), "%.*s", (int)idlen, id);
    if (type == NW_JOURNAL_ADD) {
        s->adds++;
        snprintf(s->last_data, sizeof(s->last_data), "%.*s", (int)len, (const char *)data);
    } else if (type == NW_JOURNAL_DONE) {
        s->dones++;
    } else {
        s->attempts++;
        s->last_attempts = attempts;
    }
    return 0;
}

static char *tmp_path(void) {
    static char path[64];
    snprintf(path, sizeof(path), "/tmp/nwj-test-%d.journal", (int)getpid());
    unlink(path);
    return path;
}

static const char *STORY = "The port authority said on Friday that the new ferry terminal "
                           "would open in June, two months late.";

static void test_crc(void **state) {
    (void)state;
    assert_int_equal(nw_journal_crc32(0, "123456789", 9), 0xCBF43926u);
    assert_int_equal(nw_journal_crc32(0, "", 0), 0);
}

static void test_append_replay(void **state) {
    char err[256];
    char *path = tmp_path();
    seen s = {0};
    nw_journal *j = nw_journal_open(path, 1 << 20, cb, &s, err, sizeof(err));
    (void)state;
    assert_non_null(j);
    assert_int_equal(s.adds, 0);
    assert_int_equal(nw_journal_add(j, "ferry-1", 7, STORY, strlen(STORY), 0), 0);
    assert_int_equal(nw_journal_attempts(j, "ferry-1", 7, 2), 0);
    assert_int_equal(nw_journal_add(j, "ferry-2", 7, "short", 5, 0), 0);
    assert_int_equal(nw_journal_done(j, "ferry-2", 7), 0);
    assert_true(nw_journal_buffered(j) > 0);
    assert_int_equal(nw_journal_sync(j), 0);
    assert_int_equal(nw_journal_buffered(j), 0);
    nw_journal_close(&j);
    assert_null(j);
    j = nw_journal_open(path, 1 << 20, cb, &s, err, sizeof(err));
    assert_non_null(j);
    assert_int_equal(s.adds, 2);
    assert_int_equal(s.dones, 1);
    assert_int_equal(s.attempts, 1);
    assert_int_equal(s.last_attempts, 2);
    nw_journal_close(&j);
    unlink(path);
}

static void test_torn_tail(void **state) {
    char err[256];
    char *path = tmp_path();
    seen s = {0};
    struct stat st;
    off_t good;
    nw_journal *j = nw_journal_open(path, 1 << 20, NULL, NULL, err, sizeof(err));
    int fd;
    (void)state;
    nw_journal_add(j, "council-7", 9, STORY, strlen(STORY), 0);
    nw_journal_sync(j);
    nw_journal_close(&j);
    stat(path, &st);
    good = st.st_size;
    /* half a record, as a crash in the middle of write() leaves it */
    fd = open(path, O_WRONLY | O_APPEND);
    assert_true(write(fd, "A\0\0\0\x09\0\0\0", 8) == 8);
    close(fd);
    j = nw_journal_open(path, 1 << 20, cb, &s, err, sizeof(err));
    assert_non_null(j);
    assert_int_equal(s.adds, 1);
    assert_string_equal(s.last_data, STORY);
    assert_non_null(strstr(nw_journal_strerror(j), "cut 8 bytes"));
    stat(path, &st);
    assert_int_equal(st.st_size, good);
    /* new records follow the last good one and replay */
    nw_journal_add(j, "council-8", 9, "Second story.", 13, 0);
    nw_journal_close(&j);
    memset(&s, 0, sizeof(s));
    j = nw_journal_open(path, 1 << 20, cb, &s, err, sizeof(err));
    assert_int_equal(s.adds, 2);
    assert_string_equal(s.last_id, "council-8");
    nw_journal_close(&j);
    unlink(path);
}

static void test_corrupt_record(void **state) {
    char err[256];
    char *path = tmp_path();
    seen s = {0};
    nw_journal *j = nw_journal_open(path, 1 << 20, NULL, NULL, err, sizeof(err));
    int fd;
    (void)state;
    nw_journal_add(j, "mayor-1", 7, STORY, strlen(STORY), 0);
    nw_journal_add(j, "mayor-2", 7, STORY, strlen(STORY), 0);
    nw_journal_close(&j);
    /* flip one byte of the second record's body: its CRC fails */
    fd = open(path, O_RDWR);
    lseek(fd, -10, SEEK_END);
    assert_true(write(fd, "#", 1) == 1);
    close(fd);
    j = nw_journal_open(path, 1 << 20, cb, &s, err, sizeof(err));
    assert_non_null(j);
    assert_int_equal(s.adds, 1);
    assert_string_equal(s.last_id, "mayor-1");
    nw_journal_close(&j);
    unlink(path);
}

static void test_compaction(void **state) {
    char err[256], id[32];
    char *path = tmp_path();
    seen s = {0};
    nw_journal *j = nw_journal_open(path, 1 << 20, NULL, NULL, err, sizeof(err));
    uint64_t before;
    (void)state;
    for (int i = 0; i < 200; i++) {
        snprintf(id, sizeof(id), "wire-%d", i);
        nw_journal_add(j, id, strlen(id), STORY, strlen(STORY), 0);
        if (i != 42)
            nw_journal_done(j, id, strlen(id));
    }
    nw_journal_sync(j);
    before = nw_journal_size(j);
    assert_int_equal(nw_journal_compact_begin(j), 0);
    assert_int_equal(nw_journal_compact_add(j, "wire-42", 7, STORY, strlen(STORY), 3), 0);
    assert_int_equal(nw_journal_compact_commit(j), 0);
    assert_true(nw_journal_size(j) < before / 50);
    nw_journal_add(j, "wire-500", 8, "after", 5, 0);   /* appends continue */
    nw_journal_close(&j);
    j = nw_journal_open(path, 1 << 20, cb, &s, err, sizeof(err));
    assert_int_equal(s.adds, 2);
    assert_int_equal(s.dones, 0);
    assert_string_equal(s.last_id, "wire-500");
    nw_journal_close(&j);
    unlink(path);
}

static void test_not_a_journal(void **state) {
    char err[256];
    char *path = tmp_path();
    FILE *f = fopen(path, "w");
    (void)state;
    fputs("this is a shopping list, not a journal\n", f);
    fclose(f);
    assert_null(nw_journal_open(path, 1 << 20, NULL, NULL, err, sizeof(err)));
    assert_non_null(strstr(err, "bad magic"));
    unlink(path);
    assert_null(nw_journal_open("/nonexistent-dir/x.journal", 1 << 20, NULL, NULL, err,
                                sizeof(err)));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc),
        cmocka_unit_test(test_append_replay),
        cmocka_unit_test(test_torn_tail),
        cmocka_unit_test(test_corrupt_record),
        cmocka_unit_test(test_compaction),
        cmocka_unit_test(test_not_a_journal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
