/*
 * test_text.c -- nw_text_init(): UTF-8 decoding, normalisation, PDF repair
 * and the offset map.  Texts are written for these tests in news style.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

/* Normalise src and check the offset map's invariants. */
static void norm(nw_text *t, const char *src) {
    size_t n = strlen(src);
    assert_int_equal(nw_text_init(t, src, n), 0);
    assert_non_null(t->buf);
    assert_int_equal(t->buf[t->len], '\0');
    assert_int_equal(t->off[t->len], n);
    for (size_t i = 0; i < t->len; i++) {
        assert_true(t->off[i] <= t->off[i + 1]);
        assert_true(t->off[i] < n);
    }
}

static void test_curly_quotes(void **state) {
    (void)state;
    nw_text t;
    const char *src = "\xE2\x80\x9CWe won\xE2\x80\x99t back down,\xE2\x80\x9D "
                      "the minister said of the \xE2\x80\x98" "deal\xE2\x80\x99.";
    norm(&t, src);
    assert_string_equal(t.buf,
                        "\"We won't back down,\" the minister said of the 'deal'.");
    /* the first '"' maps to the start of the curly mark */
    assert_int_equal(t.off[0], 0);
    assert_int_equal(t.off[1], 3);
    /* the closing mark */
    const char *q = strchr(t.buf + 1, '"');
    assert_non_null(q);
    size_t o = t.off[q - t.buf];
    assert_memory_equal(src + o, "\xE2\x80\x9D", 3);
    nw_text_release(&t);
}

static void test_spaces_and_invisibles(void **state) {
    (void)state;
    nw_text t;
    /* NBSP, thin space, zero-width space, BOM, soft hyphen */
    norm(&t, "\xEF\xBB\xBFPrime\xC2\xA0" "Minister Keir\xE2\x80\x89Starmer "
             "an\xC2\xAD" "nounced a gov\xE2\x80\x8B" "ernment plan.");
    assert_string_equal(t.buf,
                        "Prime Minister Keir Starmer announced a government plan.");
    assert_int_equal(t.off[0], 3); /* after the BOM */
    nw_text_release(&t);
}

static void test_dashes(void **state) {
    (void)state;
    nw_text t;
    norm(&t, "Talks ran 2019\xE2\x80\x93" "2021\xE2\x80\x94then collapsed "
             "\xE2\x80\x94 officials said.");
    assert_string_equal(t.buf,
                        "Talks ran 2019-2021 - then collapsed - officials said.");
    nw_text_release(&t);
}

static void test_ellipsis_and_controls(void **state) {
    (void)state;
    nw_text t;
    norm(&t, "Wait\xE2\x80\xA6 what?\tReally.");
    assert_string_equal(t.buf, "Wait... what? Really.");
    nw_text_release(&t);
}

static void test_invalid_utf8(void **state) {
    (void)state;
    nw_text t;
    const char src[] = "Caf\xE9" " owner \xC3 said \xF0\x9F\x98\x80 ok \xED\xA0\x80.";
    assert_int_equal(nw_text_init(&t, src, sizeof(src) - 1), 0);
    /* every bad byte became U+FFFD; the valid emoji stays */
    assert_non_null(strstr(t.buf, "Caf\xEF\xBF\xBD owner \xEF\xBF\xBD said"));
    assert_non_null(strstr(t.buf, "\xF0\x9F\x98\x80"));
    assert_null(strstr(t.buf, "\xED\xA0"));
    for (size_t i = 0; i < t.len; i++)
        assert_true(t.off[i] <= t.off[i + 1] && t.off[i] < sizeof(src) - 1);
    nw_text_release(&t);
    /* a run of bad bytes is one replacement character: junk never grows */
    norm(&t, "A\xFF\xFE\xFD\x80\x80" "B");
    assert_string_equal(t.buf, "A\xEF\xBF\xBD" "B");
    assert_int_equal(t.off[4], 6);
    nw_text_release(&t);
}

static void test_crlf_paragraphs(void **state) {
    (void)state;
    nw_text t;
    norm(&t, "Markets fell on Monday.\r\n\r\nInvestors were nervous.\r\n");
    assert_string_equal(t.buf, "Markets fell on Monday.\n\nInvestors were nervous.");
    nw_text_release(&t);
}

static const char *wrapped =
    "The finance ministry said on Tuesday that the new budget would cut\n"
    "spending on defence by two per cent, a move that surprised analysts\n"
    "and drew criticism from opposition parties in the national parlia-\n"
    "ment, who called it a short-sighted decision with long-\n"
    "term costs for the country.\n"
    "\n"
    "Related article: Budget cuts spark protest in the capital\n"
    "\n"
    "https://www.example.com/news/2024/budget-cuts\n"
    "https://www.example.org/live/1234\n"
    "\n"
    "Opposition leader Anna Berg said the plan was reckless and would be\n"
    "challenged in parliament next week.\n";

static void test_pdf_repair(void **state) {
    (void)state;
    nw_text t;
    norm(&t, wrapped);
    assert_non_null(strstr(t.buf, "would cut spending on defence"));
    assert_non_null(strstr(t.buf, "national parliament, who"));
    assert_non_null(strstr(t.buf, "with long-term costs"));
    assert_non_null(strstr(t.buf, "country.\n\nRelated article: Budget cuts"
                                  " spark protest in the capital\n\nhttps://"));
    assert_non_null(strstr(t.buf, "budget-cuts\n\nhttps://www.example.org/live/"
                                  "1234\n\nOpposition leader"));
    assert_null(strstr(t.buf, "\n\n\n"));
    /* the joined word maps back: "parliament" starts at "parlia-" */
    const char *p = strstr(t.buf, "parliament");
    size_t a = (size_t)(p - t.buf);
    assert_memory_equal(wrapped + t.off[a], "parlia-\nment", 12);
    assert_memory_equal(wrapped + t.off[a + 6], "ment", 4);
    nw_text_release(&t);
}

static void test_single_newline_paragraphs(void **state) {
    (void)state;
    nw_text t;
    /* one paragraph a line, as in many scraped feeds */
    norm(&t, "A small earthquake shook the city overnight, officials said on "
             "Sunday, and residents reported damage to several old buildings "
             "near the port.\n"
             "Mayor Luis Ortega said crews were checking bridges.\n"
             "\"We have to be careful,\" he said.\n"
             "the quake was felt in two provinces.\n");
    assert_string_equal(t.buf,
                        "A small earthquake shook the city overnight, officials "
                        "said on Sunday, and residents reported damage to several "
                        "old buildings near the port.\n\nMayor Luis Ortega said "
                        "crews were checking bridges.\n\n\"We have to be careful,\""
                        " he said. the quake was felt in two provinces.");
    nw_text_release(&t);
}

static void test_wrapped_headline(void **state) {
    (void)state;
    nw_text t;
    /* a headline then a hard-wrapped body with single line breaks only */
    norm(&t, " Central bank holds rates steady\n"
             "The central bank kept its main interest rate unchanged on Thursday,\n"
             "citing slowing inflation and a weaker labour market in the second\n"
             "half of the year, and said it would watch the data.\n"
             "Governor Maria Lind said the outlook remained uncertain.\n"
             "\"We are not in a hurry,\" she told reporters in the capital after\n"
             "the decision was announced.\n");
    assert_true(strncmp(t.buf, "Central bank holds rates steady\n\nThe central", 44) == 0);
    assert_non_null(strstr(t.buf, "unchanged on Thursday, citing"));
    assert_non_null(strstr(t.buf, "the data.\n\nGovernor Maria Lind"));
    assert_non_null(strstr(t.buf, "capital after the decision"));
    nw_text_release(&t);
}

static void test_uppercase_hyphen_kept(void **state) {
    (void)state;
    nw_text t;
    norm(&t, "Fighters loyal to the leader of the group, Abu Bakr al-\n"
             "Baghdadi, and to a rival faction known for its self-\n"
             "declared emirate, clashed again on the outskirts of the town\n"
             "with heavy weapons, according to the monitoring group.\n");
    assert_non_null(strstr(t.buf, "al-Baghdadi"));
    assert_non_null(strstr(t.buf, "self-declared"));
    nw_text_release(&t);
}

static void test_empty_and_blank(void **state) {
    (void)state;
    nw_text t;
    assert_int_equal(nw_text_init(&t, "", 0), 0);
    assert_int_equal(t.len, 0);
    assert_int_equal(t.off[0], 0);
    nw_text_release(&t);
    norm(&t, " \n\n \r\n\t ");
    assert_int_equal(t.len, 0);
    nw_text_release(&t);
    assert_int_equal(nw_text_init(&t, NULL, 0), 0);
    nw_text_release(&t);
    nw_text_release(&t); /* twice is safe */
}

static void test_src_span(void **state) {
    (void)state;
    nw_text t;
    const char *src = "Prime\xC2\xA0Minister \xE2\x80\x9CJos\xC3\xA9\xE2\x80\x9D Ramos";
    norm(&t, src);
    const char *p = strstr(t.buf, "Jos");
    size_t a = (size_t)(p - t.buf);
    nw_span s = nw_text_src(&t, a, a + 5); /* "José" is 5 bytes */
    assert_int_equal(s.end - s.start, 5);
    assert_memory_equal(src + s.start, "Jos\xC3\xA9", 5);
    nw_text_release(&t);
}

static void test_dup(void **state) {
    (void)state;
    nw_text t;
    norm(&t, "\xE2\x80\x9CWe will restore sta-\nbility and\ncalm,\xE2\x80\x9D "
             "she said.\n\nNext paragraph.");
    const char *p = strstr(t.buf, "We will");
    const char *q = strstr(t.buf, "Next");
    assert_non_null(p);
    char *s = nw_text_dup(&t, (size_t)(p - t.buf), (size_t)(q - t.buf) + 4);
    assert_non_null(s);
    assert_string_equal(s, "We will restore stability and calm,\" she said. Next");
    free(s);
    s = nw_text_dup(&t, 5, 2); /* empty range */
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
    nw_text_release(&t);
}

static void test_proportional_wrap(void **state) {
    (void)state;
    nw_text t;
    /* a PDF with a proportional font: line lengths vary around the width */
    norm(&t, "The opposition leader, who declared himself interim president in\n"
             "January, has called on his supporters to take to the streets again\n"
             "on Saturday and said the army should stand with the people of the\n"
             "country. Officials did not respond to requests for comment on it.\n"
             "Analysts said the government was weakened but still held the capital\n"
             "and most of the provinces.\n");
    assert_non_null(strstr(t.buf, "interim president in January, has"));
    assert_non_null(strstr(t.buf, "people of the country."));
    assert_null(strstr(t.buf, "\n"));
    nw_text_release(&t);
}

static void test_page_break_mid_sentence(void **state) {
    (void)state;
    nw_text t;
    /* a blank line inside a sentence (a PDF page break) is no paragraph */
    norm(&t, "Delegates will discuss issues ranging from the region's\n\n"
             "water supply to its energy policy.\n\nthe next paragraph "
             "starts in lower case after a full stop.");
    assert_non_null(strstr(t.buf, "region's water supply"));
    assert_non_null(strstr(t.buf, "policy.\n\nthe next"));
    nw_text_release(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_curly_quotes),
        cmocka_unit_test(test_spaces_and_invisibles),
        cmocka_unit_test(test_dashes),
        cmocka_unit_test(test_ellipsis_and_controls),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_crlf_paragraphs),
        cmocka_unit_test(test_pdf_repair),
        cmocka_unit_test(test_single_newline_paragraphs),
        cmocka_unit_test(test_wrapped_headline),
        cmocka_unit_test(test_uppercase_hyphen_kept),
        cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_src_span),
        cmocka_unit_test(test_dup),
        cmocka_unit_test(test_proportional_wrap),
        cmocka_unit_test(test_page_break_mid_sentence),
    };
    return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
