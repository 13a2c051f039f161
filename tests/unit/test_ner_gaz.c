/* test_ner_gaz.c -- the NER word table (ner_gaz.c): a hand-filled table
   (single words and phrases, case-insensitive, categories OR-ed, longest
   phrase wins and stops at the sentence end given, capitalisation classes
   and clusters set and read back), the shipped gazetteers loaded from
   NW_DEFAULT_DATADIR (countries, cities, regions, demonyms, first names,
   titles, date words, multi-word places) on sentences written for this
   test, and the load error naming a missing directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "ner_gaz.h"
#include "text.h"

static nw_frontend *fe;
static nw_ner_gaz *shipped;

static int setup(void **state) {
    char err[512] = "";
    (void)state;
    fe = nw_frontend_load(NW_DEFAULT_DATADIR, err, sizeof(err));
    shipped = nw_ner_gaz_new();
    if (!fe || !shipped || nw_ner_gaz_load_dir(shipped, NW_DEFAULT_DATADIR, err, sizeof(err))) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state) {
    (void)state;
    nw_ner_gaz_free(&shipped);
    nw_frontend_free(&fe);
    return 0;
}

static void mkdoc(nw_doc *d, const char *text) {
    memset(d, 0, sizeof(*d));
    assert_int_equal(nw_text_init(&d->text, text, strlen(text)), 0);
    assert_int_equal(nw_frontend_run(fe, d), 0);
}

/* Index of the first token equal to w (case-sensitive), or fail. */
static uint32_t tok(const nw_doc *d, const char *w) {
    for (uint32_t i = 0; i < d->n_tok; i++)
        if (nw_tok_len(d, i) == strlen(w) && !memcmp(nw_tok_ptr(d, i), w, strlen(w)))
            return i;
    fail_msg("token %s not found", w);
    return 0;
}

static uint16_t word_cats(const nw_ner_gaz *g, const char *w) {
    uint16_t cats = 0;
    uint8_t cap = 0;
    nw_ner_gaz_word(g, nw_hash_lower(w, strlen(w)), &cats, &cap);
    return cats;
}

static void test_hand_table(void **state) {
    nw_ner_gaz *g = nw_ner_gaz_new();
    nw_doc d;
    uint16_t cats = 0, wc = 0, pc = 0, cl = 0;
    uint8_t cap = 0, ctx = 0;
    (void)state;
    assert_non_null(g);
    assert_int_equal(nw_ner_gaz_count(g), 0);
    assert_int_equal(nw_ner_gaz_add(g, "Lisbon", 6, NW_GZ_CITY), 0);
    assert_int_equal(nw_ner_gaz_add(g, "lisbon", 6, NW_GZ_REGION), 0);
    assert_int_equal(nw_ner_gaz_add(g, "port authority", 14, NW_GZ_ORG), 0);
    assert_int_equal(nw_ner_gaz_add(g, "port authority of lisbon", 24, NW_GZ_ORG), 0);
    assert_true(nw_ner_gaz_count(g) >= 4);
    /* case-insensitive, categories OR-ed */
    assert_int_equal(word_cats(g, "LISBON"), NW_GZ_CITY | NW_GZ_REGION);
    assert_int_equal(word_cats(g, "Porto"), 0);
    /* a phrase prefix is not a word entry */
    assert_int_equal(word_cats(g, "port") & NW_GZ_ORG, 0);

    assert_int_equal(nw_ner_gaz_set_cap(g, nw_hash_lower("lisbon", 6), NW_CAP_ALWAYS, 7,
                                        NW_WC_PLACE | NW_WC_SEEN), 0);
    nw_ner_gaz_word(g, nw_hash_lower("Lisbon", 6), &cats, &cap);
    assert_int_equal(cap, NW_CAP_ALWAYS);

    mkdoc(&d, "The Port Authority of Lisbon said the Port Authority met in Lisbon.");
    uint32_t p = tok(&d, "Port");
    assert_int_equal(nw_ner_gaz_match(g, &d, p, d.n_tok, &cats), 4);
    assert_int_equal(cats, NW_GZ_ORG);
    /* the walk stops at end: only "Port Authority" fits in 3 tokens */
    assert_int_equal(nw_ner_gaz_match(g, &d, p, p + 3, &cats), 2);
    assert_int_equal(cats, NW_GZ_ORG);
    /* "The" starts nothing */
    assert_int_equal(nw_ner_gaz_match(g, &d, 0, d.n_tok, &cats), 0);
    /* second "Port Authority" is followed by "met": the shorter phrase */
    uint32_t met = tok(&d, "met");
    assert_int_equal(nw_ner_gaz_match(g, &d, met - 2, d.n_tok, &cats), 2);
    /* scan: word facts and phrase at once */
    uint32_t l = met + 2;
    assert_int_equal(nw_ner_gaz_scan(g, &d, l, d.n_tok, &wc, &cap, &pc, &cl, &ctx), 1);
    assert_int_equal(wc, NW_GZ_CITY | NW_GZ_REGION);
    assert_int_equal(pc, NW_GZ_CITY | NW_GZ_REGION);
    assert_int_equal(cap, NW_CAP_ALWAYS);
    assert_int_equal(cl, 7);
    assert_int_equal(ctx, NW_WC_PLACE | NW_WC_SEEN);
    nw_doc_release(&d);
    nw_ner_gaz_free(&g);
    assert_null(g);
    nw_ner_gaz_free(&g);
    nw_ner_gaz_free(NULL);
}

/* A phrase word ending in "'s" is matched as the tokeniser splits it:
   "McDonald" "'s" (curly or straight apostrophe). */
static void test_possessive_phrases(void **state) {
    nw_ner_gaz *g = nw_ner_gaz_new();
    nw_doc d;
    uint16_t cats = 0;
    (void)state;
    assert_non_null(g);
    assert_int_equal(nw_ner_gaz_add(g, "mcdonald's", 10, NW_GZ_ORG), 0);
    assert_int_equal(nw_ner_gaz_add(g, "king's lynn", 11, NW_GZ_CITY), 0);
    mkdoc(&d, "A McDonal\xe2\x80\x99s in King's Lynn and one McDonald's more.");
    assert_int_equal(nw_ner_gaz_match(g, &d, tok(&d, "King"), d.n_tok, &cats), 3);
    assert_int_equal(cats, NW_GZ_CITY);
    uint32_t m = tok(&d, "McDonald");
    assert_int_equal(nw_ner_gaz_match(g, &d, m, d.n_tok, &cats), 2);
    assert_int_equal(cats, NW_GZ_ORG);
    /* "McDonald" alone is no entry */
    assert_int_equal(word_cats(g, "McDonald"), 0);
    nw_doc_release(&d);
    nw_ner_gaz_free(&g);
}

static void test_shipped_words(void **state) {
    (void)state;
    assert_true(nw_ner_gaz_count(shipped) > 1000);
    assert_true(word_cats(shipped, "France") & NW_GZ_COUNTRY);
    assert_true(word_cats(shipped, "paris") & NW_GZ_CITY);
    assert_true(word_cats(shipped, "Bavaria") & NW_GZ_REGION);
    assert_true(word_cats(shipped, "French") & NW_GZ_DEMONYM);
    assert_true(word_cats(shipped, "David") & NW_GZ_FIRST);
    assert_true(word_cats(shipped, "Minister") & NW_GZ_TITLE);
    assert_true(word_cats(shipped, "Ministry") & NW_GZ_ORGWORD);
    assert_true(word_cats(shipped, "Monday") & NW_GZ_DATE);
    assert_int_equal(word_cats(shipped, "the") & (NW_GZ_COUNTRY | NW_GZ_CITY | NW_GZ_FIRST), 0);
    assert_int_equal(word_cats(shipped, "xqzvwk"), 0);
    /* the large generated lists: towns, subdivisions, given names; a word
       that is also a common lower-case word is left out of them */
    assert_true(word_cats(shipped, "Kollam") & NW_GZ_PLACE_BIG);
    assert_true(word_cats(shipped, "Saskatchewan") & NW_GZ_PLACE_BIG);
    assert_true(word_cats(shipped, "Siobhan") & NW_GZ_NAME_BIG);
    assert_int_equal(word_cats(shipped, "police") & NW_GZ_PLACE_BIG, 0);
    assert_int_equal(word_cats(shipped, "mobile") & NW_GZ_PLACE_BIG, 0);
}

static void test_shipped_phrases(void **state) {
    nw_doc d;
    uint16_t cats = 0;
    (void)state;
    mkdoc(&d, "Officials from New Zealand and the United States met in New York on "
              "Monday, while David Morgan flew to Paris.");
    assert_int_equal(nw_ner_gaz_match(shipped, &d, tok(&d, "New"), d.n_tok, &cats), 2);
    assert_true(cats & NW_GZ_COUNTRY);
    assert_int_equal(nw_ner_gaz_match(shipped, &d, tok(&d, "United"), d.n_tok, &cats), 2);
    assert_true(cats & NW_GZ_COUNTRY);
    assert_true(nw_ner_gaz_match(shipped, &d, tok(&d, "York") - 1, d.n_tok, &cats) >= 2);
    assert_true(cats & NW_GZ_CITY);
    assert_int_equal(nw_ner_gaz_match(shipped, &d, tok(&d, "Paris"), d.n_tok, &cats), 1);
    assert_true(cats & NW_GZ_CITY);
    assert_int_equal(nw_ner_gaz_match(shipped, &d, tok(&d, "met"), d.n_tok, &cats), 0);
    nw_doc_release(&d);
}

static void test_load_missing(void **state) {
    char err[512] = "";
    nw_ner_gaz *g = nw_ner_gaz_new();
    (void)state;
    assert_non_null(g);
    assert_int_equal(nw_ner_gaz_load_dir(g, "/nonexistent/nw-data", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "countries.txt"));
    nw_ner_gaz_free(&g);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_table),
        cmocka_unit_test(test_possessive_phrases),
        cmocka_unit_test(test_shipped_words),
        cmocka_unit_test(test_shipped_phrases),
        cmocka_unit_test(test_load_missing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
