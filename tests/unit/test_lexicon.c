/*
 * test_lexicon.c -- word and phrase lists: add/get, labels, longest
 * token-by-token matching, file loading and its errors, growth.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>

#include "lexicon.h"
#include "text.h"

static void test_add_get(void **state) {
    (void)state;
    nw_lexicon *lex = nw_lexicon_new();
    assert_non_null(lex);
    assert_int_equal(nw_lexicon_size(lex), 0);
    assert_null(nw_lexicon_get(lex, "ministry", 8));
    assert_int_equal(nw_lexicon_add(lex, "Ministry", 8, "ORG"), 0);
    assert_int_equal(nw_lexicon_add(lex, "u.s.", 4, "LOC"), 0);
    assert_int_equal(nw_lexicon_add(lex, "said", 4, NULL), 0);
    assert_int_equal(nw_lexicon_size(lex), 3);
    assert_string_equal(nw_lexicon_get(lex, "ministry", 8), "ORG");
    assert_string_equal(nw_lexicon_get(lex, "MINISTRY", 8), "ORG");
    assert_string_equal(nw_lexicon_get(lex, "U.S.", 4), "LOC");
    assert_string_equal(nw_lexicon_get(lex, "said", 4), "");
    assert_null(nw_lexicon_get(lex, "ministr", 7));
    assert_null(nw_lexicon_get(lex, "", 0));
    /* a later add replaces the label, not the count */
    assert_int_equal(nw_lexicon_add(lex, "MINISTRY", 8, "ORGWORD"), 0);
    assert_int_equal(nw_lexicon_size(lex), 3);
    assert_string_equal(nw_lexicon_get(lex, "Ministry", 8), "ORGWORD");
    /* bad input */
    assert_int_equal(nw_lexicon_add(lex, "   ", 3, "X"), -1);
    assert_int_equal(nw_lexicon_add(NULL, "a", 1, "X"), -1);
    nw_lexicon_free(&lex);
    assert_null(lex);
    nw_lexicon_free(&lex);
    nw_lexicon_free(NULL);
}

static void test_phrases_get(void **state) {
    (void)state;
    nw_lexicon *lex = nw_lexicon_new();
    assert_int_equal(nw_lexicon_add(lex, "united  states of\tamerica", 25, "LOC"), 0);
    assert_int_equal(nw_lexicon_add(lex, "united states", 13, "LOC2"), 0);
    assert_int_equal(nw_lexicon_size(lex), 2);
    assert_string_equal(nw_lexicon_get(lex, "United States of America", 24), "LOC");
    assert_string_equal(nw_lexicon_get(lex, "united states", 13), "LOC2");
    /* a prefix of a phrase is not an entry */
    assert_null(nw_lexicon_get(lex, "united", 6));
    assert_null(nw_lexicon_get(lex, "united states of", 16));
    assert_int_equal(nw_lexicon_max_words(lex), 4);
    nw_lexicon_free(&lex);
}

/* A doc with the front end's tokens for src. */
static void tokens(nw_doc *d, nw_frontend *fe, const char *src) {
    memset(d, 0, sizeof(*d));
    assert_int_equal(nw_text_init(&d->text, src, strlen(src)), 0);
    assert_int_equal(nw_frontend_run(fe, d), 0);
}

static void test_match(void **state) {
    (void)state;
    char err[256];
    nw_frontend *fe = nw_frontend_load(NW_DEFAULT_DATADIR, err, sizeof(err));
    assert_non_null(fe);
    nw_lexicon *lex = nw_lexicon_new();
    assert_int_equal(nw_lexicon_add(lex, "united states", 13, "LOC"), 0);
    assert_int_equal(nw_lexicon_add(lex, "united states of america", 24, "LOC"), 0);
    assert_int_equal(nw_lexicon_add(lex, "united nations", 14, "ORG"), 0);
    assert_int_equal(nw_lexicon_add(lex, "u.s.", 4, "LOC"), 0);
    assert_int_equal(nw_lexicon_add(lex, "foreign ministry", 16, "ORG"), 0);
    nw_doc d;
    tokens(&d, fe, "The United States of America and the United Nations. "
                   "The U.S. Foreign Ministry and the United Kingdom.");
    const char *label = NULL;
    assert_int_equal(nw_lexicon_match(lex, &d, 0, 0, &label), 0);
    assert_null(label);
    assert_int_equal(nw_lexicon_match(lex, &d, 1, 0, &label), 4);
    assert_string_equal(label, "LOC");
    /* bounded by end: only "United States" fits */
    assert_int_equal(nw_lexicon_match(lex, &d, 1, 4, &label), 2);
    assert_int_equal(nw_lexicon_match(lex, &d, 1, 2, &label), 0);
    /* "the United Nations" at tokens 6.. */
    assert_int_equal(nw_lexicon_match(lex, &d, 7, 0, &label), 2);
    assert_string_equal(label, "ORG");
    /* U.S. then Foreign Ministry */
    uint32_t i = 0;
    while (i < d.n_tok && memcmp(nw_tok_ptr(&d, i), "U.S.", 4) != 0)
        i++;
    assert_true(i < d.n_tok);
    assert_int_equal(nw_lexicon_match(lex, &d, i, 0, NULL), 1);
    assert_int_equal(nw_lexicon_match(lex, &d, i + 1, 0, &label), 2);
    assert_string_equal(label, "ORG");
    /* "United Kingdom": the prefix "united" exists, the phrase does not */
    assert_int_equal(nw_lexicon_match(lex, &d, d.n_tok - 3, 0, &label), 0);
    /* out of range */
    assert_int_equal(nw_lexicon_match(lex, &d, d.n_tok, 0, &label), 0);
    nw_doc_release(&d);
    /* a word ending in "'s" is matched as the tokeniser splits it */
    assert_int_equal(nw_lexicon_add(lex, "sainsbury's", 11, "ORG"), 0);
    tokens(&d, fe, "Sainsbury's said so.");
    assert_int_equal(nw_lexicon_match(lex, &d, 0, 0, &label), 2);
    assert_string_equal(label, "ORG");
    assert_int_equal(nw_lexicon_match(NULL, &d, 0, 0, &label), 0);
    nw_doc_release(&d);
    nw_lexicon_free(&lex);
    nw_frontend_free(&fe);
}

/* Word ids chain the occurrences of a phrase's first word; each visits
   every phrase once. */
static int count_phrase(const char *phrase, const char *label, void *arg) {
    int *n = arg;
    if (strcmp(phrase, "chief executive") == 0)
        assert_string_equal(label, "person");
    return ++*n == 100;
}

static void test_word_id_each(void **state) {
    (void)state;
    char err[256];
    nw_frontend *fe = nw_frontend_load(NW_DEFAULT_DATADIR, err, sizeof(err));
    assert_non_null(fe);
    nw_lexicon *lex = nw_lexicon_new();
    assert_int_equal(nw_lexicon_add(lex, "chief executive", 15, "person"), 0);
    assert_int_equal(nw_lexicon_add(lex, "spokesman", 9, "spokes"), 0);
    assert_int_equal(nw_lexicon_add(lex, "minister", 8, "person"), 0);
    nw_doc d;
    tokens(&d, fe, "The chief executive met the minister. Her spokesman and "
                   "the Chief Economist said the MINISTER was away.");
    int32_t id_chief = -1, id_min = -1, id_spk = -1;
    for (uint32_t i = 0; i < d.n_tok; i++) {
        int32_t id = nw_lexicon_word_id(lex, &d, i);
        const char *w = nw_tok_ptr(&d, i);
        uint32_t n = nw_tok_len(&d, i);
        int32_t *want = NULL;
        if (n == 5 && strncasecmp(w, "chief", 5) == 0)
            want = &id_chief;  /* a prefix only: still has an id */
        else if (n == 8 && strncasecmp(w, "minister", 8) == 0)
            want = &id_min;
        else if (n == 9 && strncasecmp(w, "spokesman", 9) == 0)
            want = &id_spk;
        if (!want) {
            /* "executive" ends a phrase but starts none */
            assert_int_equal(id, -1);
            continue;
        }
        assert_true(id >= 0 && (uint32_t)id < nw_lexicon_n_ids(lex));
        if (*want >= 0)
            assert_int_equal(id, *want);
        *want = id;
    }
    assert_true(id_chief >= 0 && id_min >= 0 && id_spk >= 0);
    assert_true(id_chief != id_min && id_min != id_spk && id_chief != id_spk);
    assert_int_equal(nw_lexicon_word_id(lex, &d, d.n_tok), -1);
    assert_int_equal(nw_lexicon_word_id(NULL, &d, 0), -1);
    assert_int_equal(nw_lexicon_n_ids(NULL), 0);
    int n = 0;
    assert_null(nw_lexicon_each(lex, count_phrase, &n));
    assert_int_equal(n, 3); /* phrases, not the prefix "chief" */
    n = 99;
    assert_non_null(nw_lexicon_each(lex, count_phrase, &n));
    assert_null(nw_lexicon_each(NULL, count_phrase, &n));
    nw_doc_release(&d);
    nw_lexicon_free(&lex);
    nw_frontend_free(&fe);
}

static char *write_tmp(const char *content) {
    char *path = strdup("/tmp/nw_lexicon_test_XXXXXX");
    assert_non_null(path);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(content);
    assert_int_equal(write(fd, content, n), (ssize_t)n);
    close(fd);
    return path;
}

static void test_load(void **state) {
    (void)state;
    char err[256];
    char *path = write_tmp("\xEF\xBB\xBF# countries, for a test\n"
                           "\n"
                           "france\tLOC\n"
                           "  United Kingdom \t LOC \r\n"
                           "ministry\n"
                           "# comment\n"
                           "european union\tORG");
    nw_lexicon *lex = nw_lexicon_load(path, err, sizeof(err));
    assert_non_null(lex);
    assert_int_equal(nw_lexicon_size(lex), 4);
    assert_string_equal(nw_lexicon_get(lex, "France", 6), "LOC");
    assert_string_equal(nw_lexicon_get(lex, "united kingdom", 14), "LOC");
    assert_string_equal(nw_lexicon_get(lex, "ministry", 8), "");
    assert_string_equal(nw_lexicon_get(lex, "European Union", 14), "ORG");
    nw_lexicon_free(&lex);
    unlink(path);
    free(path);
}

static void test_load_errors(void **state) {
    (void)state;
    char err[256];
    nw_lexicon *lex = nw_lexicon_load("/nonexistent/dir/words.txt", err, sizeof(err));
    assert_null(lex);
    assert_non_null(strstr(err, "/nonexistent/dir/words.txt"));
    /* a 17-word phrase on line 3 */
    char *path = write_tmp("one\n# two\n"
                           "a b c d e f g h i j k l m n o p q\tX\n");
    lex = nw_lexicon_load(path, err, sizeof(err));
    assert_null(lex);
    char want[300];
    snprintf(want, sizeof(want), "%s:3:", path);
    assert_non_null(strstr(err, want));
    unlink(path);
    free(path);
    /* an empty phrase with a label */
    path = write_tmp("ok\n\tLABEL\n");
    lex = nw_lexicon_load(path, err, sizeof(err));
    assert_null(lex);
    snprintf(want, sizeof(want), "%s:2:", path);
    assert_non_null(strstr(err, want));
    unlink(path);
    free(path);
    assert_null(nw_lexicon_load(NULL, NULL, 0));
}

static void test_growth(void **state) {
    (void)state;
    nw_lexicon *lex = nw_lexicon_new();
    char w[64], lab[32];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(w, sizeof(w), "word%d extra%d", i, i % 7);
        snprintf(lab, sizeof(lab), "L%d", i);
        assert_int_equal(nw_lexicon_add(lex, w, (size_t)n, lab), 0);
    }
    assert_int_equal(nw_lexicon_size(lex), 20000);
    for (int i = 0; i < 20000; i += 97) {
        int n = snprintf(w, sizeof(w), "WORD%d EXTRA%d", i, i % 7);
        snprintf(lab, sizeof(lab), "L%d", i);
        const char *got = nw_lexicon_get(lex, w, (size_t)n);
        assert_non_null(got);
        assert_string_equal(got, lab);
        n = snprintf(w, sizeof(w), "word%d extra%d", i, (i + 1) % 7);
        assert_null(nw_lexicon_get(lex, w, (size_t)n));
    }
    nw_lexicon_free(&lex);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_get),
        cmocka_unit_test(test_phrases_get),
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_word_id_each),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_growth),
    };
    return cmocka_run_group_tests_name("lexicon", tests, NULL, NULL);
}
