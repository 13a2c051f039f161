/*
 * test_sentence.c -- sentence and paragraph splitting in nw_frontend_run(),
 * on news-style texts written for these tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

typedef struct {
    nw_frontend *fe;
    nw_doc d;
} fx;

static int setup(void **state) {
    char err[256];
    fx *f = calloc(1, sizeof(*f));
    if (!f)
        return -1;
    if (!(f->fe = nw_frontend_load(NW_DEFAULT_DATADIR, err, sizeof(err)))) {
        fprintf(stderr, "%s\n", err);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fx *f = *state;
    nw_doc_release(&f->d);
    nw_frontend_free(&f->fe);
    free(f);
    return 0;
}

/* Split src; check the sentence invariants; return the sentences joined as
   "text|text|..." (tokens separated by one space) in out. */
static const nw_doc *split(fx *f, const char *src, char *out, size_t cap) {
    nw_doc_release(&f->d);
    memset(&f->d, 0, sizeof(f->d));
    assert_int_equal(nw_text_init(&f->d.text, src, strlen(src)), 0);
    assert_int_equal(nw_frontend_run(f->fe, &f->d), 0);
    const nw_doc *d = &f->d;
    uint32_t next = 0, para = 0;
    size_t o = 0;
    for (uint32_t s = 0; s < d->n_sent; s++) {
        const nw_sentence *S = &d->sent[s];
        assert_int_equal(S->first, next);
        assert_true(S->end > S->first);
        assert_true(S->para >= para);
        para = S->para;
        next = S->end;
        assert_true(d->tok[S->first].flags & NW_TF_SENT);
        if (s > 0 && S->para != d->sent[s - 1].para)
            assert_true(d->tok[S->first].flags & NW_TF_PARA);
        for (uint32_t k = S->first; k < S->end; k++) {
            assert_int_equal(d->tok_sent[k], s);
            if (k > S->first) {
                assert_false(d->tok[k].flags & NW_TF_SENT);
                assert_false(d->tok[k].flags & NW_TF_PARA);
            }
            size_t n = nw_tok_len(d, k);
            if (o + n + 2 < cap) {
                if (k > S->first)
                    out[o++] = ' ';
                memcpy(out + o, nw_tok_ptr(d, k), n);
                o += n;
            }
        }
        if (s + 1 < d->n_sent && o + 1 < cap)
            out[o++] = '|';
    }
    assert_int_equal(next, d->n_tok);
    out[o] = '\0';
    return d;
}

#define SPLIT(src, want)                                                     \
    do {                                                                     \
        char got_[4096];                                                     \
        split(*state, (src), got_, sizeof(got_));                            \
        assert_string_equal(got_, (want));                                   \
    } while (0)

static void test_basic(void **state) {
    SPLIT("The vote was held on Sunday. Turnout was high! Was it fair? "
          "Observers said yes.",
          "The vote was held on Sunday .|Turnout was high !|Was it fair ?|"
          "Observers said yes .");
}

static void test_titles_and_initials(void **state) {
    SPLIT("Mr. Smith met Gen. Adams. J. K. Rowling was not there. "
          "Dr. Lee arrived at 9 a.m. on Tuesday.",
          "Mr. Smith met Gen. Adams .|J. K. Rowling was not there .|"
          "Dr. Lee arrived at 9 a.m. on Tuesday .");
}

static void test_abbreviation_at_end(void **state) {
    SPLIT("The company is based in the U.S. The firm employs 300 people. "
          "The U.S. President spoke. Shares of Acme Inc. rose sharply.",
          "The company is based in the U.S.|The firm employs 300 people .|"
          "The U.S. President spoke .|Shares of Acme Inc. rose sharply .");
}

static void test_quotes_close_sentences(void **state) {
    SPLIT("\"We are ready.\" He left the room. \"Why now?\" she asked. "
          "\"It is over,\" the minister said.",
          "\" We are ready . \"|He left the room .|\" Why now ? \" she asked .|"
          "\" It is over , \" the minister said .");
}

static void test_curly_quotes_close_sentences(void **state) {
    SPLIT("\xE2\x80\x9CWe will not leave.\xE2\x80\x9D Officials agreed.",
          "\" We will not leave . \"|Officials agreed .");
}

static void test_numbers_not_split(void **state) {
    SPLIT("Growth was 3.5 per cent in 2024. Prices rose 1.2% on Jan. 5 this year.",
          "Growth was 3.5 per cent in 2024 .|Prices rose 1.2% on Jan. 5 this year .");
}

static void test_paragraphs(void **state) {
    fx *f = *state;
    char got[4096];
    const nw_doc *d = split(f,
        "Storm nears coast\n\n"
        "Thousands left their homes on Friday\n\n"
        "Related article: Storm season starts early\n\n"
        "https://www.example.com/storm\n\n"
        "Officials said shelters were full. More buses were sent.\n",
        got, sizeof(got));
    assert_string_equal(got, "Storm nears coast|Thousands left their homes on Friday|"
                             "Related article : Storm season starts early|"
                             "https://www.example.com/storm|"
                             "Officials said shelters were full .|More buses were sent .");
    assert_int_equal(d->n_sent, 6);
    assert_int_equal(d->sent[0].para, 0);
    assert_int_equal(d->sent[1].para, 1);
    assert_int_equal(d->sent[4].para, 4);
    assert_int_equal(d->sent[5].para, 4);
    assert_true(d->tok[0].flags & NW_TF_TITLE);
}

static void test_ellipsis(void **state) {
    SPLIT("He paused... and went on. It was late... The crowd left.",
          "He paused ... and went on .|It was late ...|The crowd left .");
}

static void test_words_not_abbreviations(void **state) {
    /* "Sun." and "Bros." end sentences before a clear starter */
    SPLIT("He told The Sun. The paper ran it. The film is by Warner Bros. "
          "It opens in May. She lives on Baker St. The house is old. "
          "He moved to St. Louis in May.",
          "He told The Sun .|The paper ran it .|The film is by Warner Bros.|"
          "It opens in May .|She lives on Baker St.|The house is old .|"
          "He moved to St. Louis in May .");
}

static void test_lowercase_after_stop(void **state) {
    SPLIT("Prices fell approx. five per cent, said Yahoo! analysts.",
          "Prices fell approx. five per cent , said Yahoo ! analysts .");
}

static void test_long_sentence_cut(void **state) {
    fx *f = *state;
    char *src = malloc(20000);
    assert_non_null(src);
    size_t o = 0;
    for (int i = 0; i < 1000; i++)
        o += (size_t)sprintf(src + o, "word ");
    src[o] = '\0';
    char got[16];
    const nw_doc *d = split(f, src, got, sizeof(got));
    assert_int_equal(d->n_tok, 1000);
    assert_true(d->n_sent >= 3);
    for (uint32_t s = 0; s < d->n_sent; s++)
        assert_true(d->sent[s].end - d->sent[s].first <= 300);
    free(src);
}

static void test_empty(void **state) {
    fx *f = *state;
    char got[16];
    const nw_doc *d = split(f, "", got, sizeof(got));
    assert_int_equal(d->n_tok, 0);
    assert_int_equal(d->n_sent, 0);
    d = split(f, "   \n\n  ", got, sizeof(got));
    assert_int_equal(d->n_sent, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_titles_and_initials),
        cmocka_unit_test(test_abbreviation_at_end),
        cmocka_unit_test(test_quotes_close_sentences),
        cmocka_unit_test(test_curly_quotes_close_sentences),
        cmocka_unit_test(test_numbers_not_split),
        cmocka_unit_test(test_paragraphs),
        cmocka_unit_test(test_ellipsis),
        cmocka_unit_test(test_words_not_abbreviations),
        cmocka_unit_test(test_lowercase_after_stop),
        cmocka_unit_test(test_long_sentence_cut),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests_name("sentence", tests, setup, teardown);
}
