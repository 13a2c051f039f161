/*
 * test_token.c -- the tokenizer (nw_frontend_run): kinds, flags, hashes and
 * exact source spans, on news-style sentences written for these tests.
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
    const char *src;
} fx;

static int setup(void **state) {
    char err[256];
    fx *f = calloc(1, sizeof(*f));
    if (!f)
        return -1;
    f->fe = nw_frontend_load(NW_DEFAULT_DATADIR, err, sizeof(err));
    if (!f->fe) {
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
    assert_null(f->fe);
    free(f);
    return 0;
}

/* Tokenise src (fresh doc) and check invariants every test relies on. */
static nw_doc *run(fx *f, const char *src) {
    nw_doc_release(&f->d);
    memset(&f->d, 0, sizeof(f->d));
    f->src = src;
    assert_int_equal(nw_text_init(&f->d.text, src, strlen(src)), 0);
    assert_int_equal(nw_frontend_run(f->fe, &f->d), 0);
    nw_doc *d = &f->d;
    for (uint32_t i = 0; i < d->n_tok; i++) {
        const nw_token *t = &d->tok[i];
        assert_true(t->start < t->end && t->end <= d->text.len);
        if (i > 0)
            assert_true(d->tok[i - 1].end <= t->start);
        assert_int_equal(t->hash, nw_hash_lower(nw_tok_ptr(d, i), nw_tok_len(d, i)));
        nw_span s = nw_doc_tok_src(d, i, i + 1);
        assert_true(s.start < s.end && s.end <= strlen(src));
    }
    return d;
}

/* Index of the first token whose text is w (at or after from), or fail. */
static uint32_t find(const nw_doc *d, const char *w, uint32_t from) {
    size_t n = strlen(w);
    for (uint32_t i = from; i < d->n_tok; i++)
        if (nw_tok_len(d, i) == n && memcmp(nw_tok_ptr(d, i), w, n) == 0)
            return i;
    fail_msg("token \"%s\" not found", w);
    return 0;
}

/* The source bytes of token i equal want. */
static void src_is(fx *f, uint32_t i, const char *want) {
    nw_span s = nw_doc_tok_src(&f->d, i, i + 1);
    assert_int_equal(s.end - s.start, strlen(want));
    assert_memory_equal(f->src + s.start, want, strlen(want));
}

/* All token texts joined by '|'. */
static void toks_are(const nw_doc *d, const char *want) {
    char buf[2048];
    size_t o = 0;
    for (uint32_t i = 0; i < d->n_tok && o + 64 < sizeof(buf); i++) {
        if (i)
            buf[o++] = '|';
        size_t n = nw_tok_len(d, i);
        memcpy(buf + o, nw_tok_ptr(d, i), n);
        o += n;
    }
    buf[o] = '\0';
    assert_string_equal(buf, want);
}

static void test_abbreviations(void **state) {
    fx *f = *state;
    nw_doc *d = run(f, "Mr. Smith met Dr. Jones and Sen. Warren in the U.S. "
                       "capital on Jan. 5, e.g. at 9 a.m. with officials from "
                       "the U.K. and Acme Inc. staff.");
    toks_are(d, "Mr.|Smith|met|Dr.|Jones|and|Sen.|Warren|in|the|U.S.|capital|on|"
                "Jan.|5|,|e.g.|at|9|a.m.|with|officials|from|the|U.K.|and|Acme|"
                "Inc.|staff|.");
    const char *ab[] = {"Mr.", "Dr.", "Sen.", "U.S.", "Jan.", "e.g.", "a.m.",
                        "U.K.", "Inc."};
    for (size_t k = 0; k < sizeof(ab) / sizeof(*ab); k++)
        assert_true(d->tok[find(d, ab[k], 0)].flags & NW_TF_ABBR);
    assert_false(d->tok[find(d, "Smith", 0)].flags & NW_TF_ABBR);
    uint32_t us = find(d, "U.S.", 0);
    assert_int_equal(d->tok[us].kind, NW_TK_WORD);
    assert_true(d->tok[us].flags & NW_TF_ALLCAP);
    assert_true(d->tok[us].flags & NW_TF_CAP);
}

static void test_abbreviation_context(void **state) {
    fx *f = *state;
    /* "No." only before a number; "no." is a word plus a full stop */
    nw_doc *d = run(f, "He lives at No. 10 Downing Street. She said no. "
                       "J. K. Rowling wrote it.");
    assert_true(d->tok[find(d, "No.", 0)].flags & NW_TF_ABBR);
    uint32_t no = find(d, "no", 0);
    assert_false(d->tok[no].flags & NW_TF_ABBR);
    assert_true(d->tok[find(d, "J.", 0)].flags & NW_TF_ABBR);
    assert_true(d->tok[find(d, "K.", 0)].flags & NW_TF_ABBR);
    /* a capital initial is an initial even where the abbreviation list
       knows the letter as something else ("p." is page) */
    d = run(f, "Oscar P. Quintero, 45, spoke. See p. 5 and Plan B. The end.");
    uint32_t p = find(d, "P.", 0);
    assert_true(d->tok[p].flags & NW_TF_ABBR);
    assert_false(d->tok[p + 1].flags & NW_TF_SENT); /* Quintero */
    assert_true(d->tok[find(d, "p.", 0)].flags & NW_TF_ABBR);
    assert_true(d->tok[find(d, "The", 0)].flags & NW_TF_SENT);
}

static void test_possessives(void **state) {
    fx *f = *state;
    nw_doc *d = run(f, "Trump's plan met analysts' doubts, and it's clear "
                       "that BBC Radio 4's host didn't agree with O'Neill.");
    toks_are(d, "Trump|'s|plan|met|analysts|'|doubts|,|and|it's|clear|that|BBC|"
                "Radio|4|'s|host|didn't|agree|with|O'Neill|.");
    uint32_t s1 = find(d, "'s", 0);
    assert_true(d->tok[s1].flags & NW_TF_POSS);
    assert_false(d->tok[s1].flags & NW_TF_SPACE);
    assert_true(d->tok[find(d, "'", 0)].flags & NW_TF_POSS);
    assert_true(d->tok[find(d, "'s", s1 + 1)].flags & NW_TF_POSS);
    assert_false(d->tok[find(d, "it's", 0)].flags & NW_TF_POSS);
    assert_true(d->tok[find(d, "O'Neill", 0)].flags & NW_TF_CAP);
}

static void test_curly_possessive(void **state) {
    fx *f = *state;
    nw_doc *d = run(f, "The ministry\xE2\x80\x99s spokeswoman spoke.");
    uint32_t s = find(d, "'s", 0);
    assert_true(d->tok[s].flags & NW_TF_POSS);
    src_is(f, s, "\xE2\x80\x99s");
}

static void test_single_quotes_not_possessive(void **state) {
    fx *f = *state;
    nw_doc *d = run(f, "Blair backs 'pre-election budget' as talks go on");
    uint32_t q = find(d, "'", 0);
    assert_int_equal(d->tok[q].kind, NW_TK_PUNCT);
    uint32_t q2 = find(d, "'", q + 1);
    assert_int_equal(d->tok[q2].kind, NW_TK_PUNCT);
    assert_false(d->tok[q2].flags & NW_TF_POSS);
}

static void test_numbers(void **state) {
    fx *f = *state;
    nw_doc *d = run(f, "Profits rose 76% to $1.13bn (1,250,000 shares) at 10:30 "
                       "on 2025-11-04, the 6th rise since the 1990s; growth was 3.5%.");
    toks_are(d, "Profits|rose|76%|to|$|1.13bn|(|1,250,000|shares|)|at|10:30|on|"
                "2025-11-04|,|the|6th|rise|since|the|1990s|;|growth|was|3.5%|.");
    const char *nums[] = {"76%", "1.13bn", "1,250,000", "10:30", "2025-11-04",
                          "6th", "1990s", "3.5%"};
    for (size_t k = 0; k < sizeof(nums) / sizeof(*nums); k++) {
        uint32_t i = find(d, nums[k], 0);
        assert_int_equal(d->tok[i].kind, NW_TK_NUM);
        assert_true(d->tok[i].flags & NW_TF_DIGIT);
    }
    assert_int_equal(d->tok[find(d, "$", 0)].kind, NW_TK_PUNCT);
}

static void test_urls_and_emails(void **state) {
    fx *f = *state;
    nw_doc *d = run(f, "See https://www.example.com/news/2024/a-b?id=3. "
                       "Write to press@example.org or visit www.example.net, "
                       "or Amazon.com for details.");
    uint32_t u = find(d, "https://www.example.com/news/2024/a-b?id=3", 0);
    assert_int_equal(d->tok[u].kind, NW_TK_URL);
    assert_int_equal(d->tok[u + 1].kind, NW_TK_PUNCT); /* the full stop */
    assert_int_equal(d->tok[find(d, "press@example.org", 0)].kind, NW_TK_URL);
    assert_int_equal(d->tok[find(d, "www.example.net", 0)].kind, NW_TK_URL);
    assert_int_equal(d->tok[find(d, "Amazon.com", 0)].kind, NW_TK_WORD);
}

static void test_hyphens_and_case(void **state) {
    fx *f = *state;
    nw_doc *d = run(f, "The long-term plan of Al-Baghdadi's group worries NATO "
                       "and \xC3\x89mile \xC3\x96zt\xC3\xBCrk in \xC3\x96STERREICH, "
                       "not \xC3\xA9lan; AT&T and iPhone users also care.");
    uint32_t lt = find(d, "long-term", 0);
    assert_true(d->tok[lt].flags & NW_TF_HYPHEN);
    assert_false(d->tok[lt].flags & NW_TF_CAP);
    uint32_t ab = find(d, "Al-Baghdadi", 0);
    assert_true(d->tok[ab].flags & NW_TF_HYPHEN);
    assert_true(d->tok[ab].flags & NW_TF_CAP);
    assert_true(d->tok[find(d, "NATO", 0)].flags & NW_TF_ALLCAP);
    uint32_t em = find(d, "\xC3\x89mile", 0);
    assert_true(d->tok[em].flags & NW_TF_CAP);
    assert_false(d->tok[em].flags & NW_TF_ALLCAP);
    assert_true(d->tok[find(d, "\xC3\x96zt\xC3\xBCrk", 0)].flags & NW_TF_CAP);
    uint32_t os = find(d, "\xC3\x96STERREICH", 0);
    assert_true(d->tok[os].flags & NW_TF_ALLCAP);
    assert_false(d->tok[find(d, "\xC3\xA9lan", 0)].flags & NW_TF_CAP);
    assert_true(d->tok[find(d, "AT&T", 0)].flags & NW_TF_ALLCAP);
    uint32_t ip = find(d, "iPhone", 0);
    assert_false(d->tok[ip].flags & (NW_TF_CAP | NW_TF_ALLCAP));
}

static void test_quotes(void **state) {
    fx *f = *state;
    nw_doc *d = run(f, "\xE2\x80\x9CWe will stay,\xE2\x80\x9D she said, calling it "
                       "\"a mistake\" and \"wrong.\"");
    uint32_t q[6], n = 0;
    for (uint32_t i = 0; i < d->n_tok && n < 6; i++)
        if (d->tok[i].kind == NW_TK_QUOTE)
            q[n++] = i;
    assert_int_equal(n, 6);
    for (uint32_t k = 0; k < n; k++) {
        assert_int_equal(nw_tok_len(d, q[k]), 1);
        uint16_t want = k % 2 ? NW_TF_QCLOSE : NW_TF_QOPEN;
        assert_int_equal(d->tok[q[k]].flags & (NW_TF_QOPEN | NW_TF_QCLOSE), want);
    }
    src_is(f, q[0], "\xE2\x80\x9C");
    src_is(f, q[1], "\xE2\x80\x9D");
    src_is(f, q[2], "\"");
}

static void test_source_spans(void **state) {
    fx *f = *state;
    const char *src = "The  Prime\xC2\xA0Minister\xE2\x80\x99s aide, Jos\xC3\xA9 "
                      "Ram\xC3\xB3s, said the gov-\nernment would act \xE2\x80\x94 "
                      "soon.";
    nw_doc *d = run(f, src);
    src_is(f, find(d, "Prime", 0), "Prime");
    src_is(f, find(d, "Minister", 0), "Minister");
    src_is(f, find(d, "'s", 0), "\xE2\x80\x99s");
    src_is(f, find(d, "Jos\xC3\xA9", 0), "Jos\xC3\xA9");
    src_is(f, find(d, "Ram\xC3\xB3s", 0), "Ram\xC3\xB3s");
    src_is(f, find(d, "government", 0), "gov-\nernment");
    src_is(f, find(d, "-", 0), "\xE2\x80\x94");
    nw_span s = nw_doc_tok_src(d, find(d, "Jos\xC3\xA9", 0),
                               find(d, "Ram\xC3\xB3s", 0) + 1);
    assert_memory_equal(src + s.start, "Jos\xC3\xA9 Ram\xC3\xB3s", s.end - s.start);
}

/* For every token, normalising its source bytes again gives the token:
   offsets map back exactly, whatever normalisation happened. */
static void test_every_token_maps_back(void **state) {
    fx *f = *state;
    const char *src =
        "\xEF\xBB\xBF Talks\xC2\xA0" "collapse in Geneva\n\n"
        "\xE2\x80\x9CWe won\xE2\x80\x99t sign,\xE2\x80\x9D said Dr. "
        "Ana\xC2\xAD" "bel M\xC3\xBCller of the U.N.\xE2\x80\x94the talks\r\n"
        "ended at 10:30 p.m. on Jan. 5, and the gov-\nernment\xE2\x80\x99s "
        "envoy left\xE2\x80\xA6 See https://www.example.org/a?b=1.\n\n"
        "Related article: Envoys meet again\n\n"
        "Bad \xFF\xFE" " bytes and \xF0\x9F\x98\x80" " emoji stay.";
    nw_doc *d = run(f, src);
    assert_true(d->n_tok > 40);
    for (uint32_t i = 0; i < d->n_tok; i++) {
        nw_span sp = nw_doc_tok_src(d, i, i + 1);
        nw_text t2;
        assert_int_equal(nw_text_init(&t2, src + sp.start, sp.end - sp.start), 0);
        if (t2.len != nw_tok_len(d, i) ||
            memcmp(t2.buf, nw_tok_ptr(d, i), t2.len) != 0)
            fail_msg("token %u \"%.*s\" maps back to \"%.*s\"", i,
                     (int)nw_tok_len(d, i), nw_tok_ptr(d, i), (int)t2.len, t2.buf);
        nw_text_release(&t2);
    }
}

static void test_boilerplate_and_title(void **state) {
    fx *f = *state;
    nw_doc *d = run(f, "Floods hit northern towns\n\n"
                       "Heavy rain flooded several towns on Monday.\n\n"
                       "Related article: Storm warnings issued for the coast\n\n"
                       "https://www.example.com/news/floods\n\n"
                       "Rescue teams were sent to the area.\n");
    uint32_t fl = find(d, "Floods", 0);
    assert_true(d->tok[fl].flags & NW_TF_TITLE);
    assert_true(d->tok[find(d, "towns", 0)].flags & NW_TF_TITLE);
    assert_false(d->tok[find(d, "Heavy", 0)].flags & NW_TF_TITLE);
    assert_false(d->tok[find(d, "Heavy", 0)].flags & NW_TF_BOILER);
    uint32_t r = find(d, "Related", 0);
    assert_true(d->tok[r].flags & NW_TF_BOILER);
    assert_true(d->tok[find(d, "coast", r)].flags & NW_TF_BOILER);
    uint32_t u = find(d, "https://www.example.com/news/floods", 0);
    assert_true(d->tok[u].flags & NW_TF_BOILER);
    assert_false(d->tok[find(d, "Rescue", 0)].flags & NW_TF_BOILER);
}

static void test_web_boilerplate(void **state) {
    fx *f = *state;
    nw_doc *d = run(f, "The mayor resigned on Friday.\n"
                       "Scroll down for video\n"
                       "MORE: Council votes on new budget\n"
                       "Photos of the flood were shared by residents.\n"
                       "Advertisement\n"
                       "Residents said the river rose quickly.\n");
    assert_false(d->tok[find(d, "mayor", 0)].flags & NW_TF_BOILER);
    assert_true(d->tok[find(d, "Scroll", 0)].flags & NW_TF_BOILER);
    assert_true(d->tok[find(d, "Council", 0)].flags & NW_TF_BOILER);
    assert_false(d->tok[find(d, "Photos", 0)].flags & NW_TF_BOILER);
    assert_true(d->tok[find(d, "Advertisement", 0)].flags & NW_TF_BOILER);
    uint32_t r = find(d, "Residents", 0);
    assert_false(d->tok[r].flags & NW_TF_BOILER);
    assert_true(d->tok[r].flags & NW_TF_PARA);
}

/* page code a crawler left in the text: HTML comments and lines of
   script are flagged NW_TF_CODE; prose with brackets and semicolons is
   not */
static void test_page_code(void **state) {
    fx *f = *state;
    nw_doc *d = run(f, "The mayor resigned on Friday.\n\n"
                       "<!-- google_ad_client = \"pub-660830\"; google_ad_type = \"text\"; //-->\n\n"
                       "var twitterVia = 'MailOnline'; DM.has('shareLinkTop', { 'id': '27' });\n\n"
                       "mboxCreate('FoxNews-Politics-Autoplay');\n\n"
                       "(function(d, s, id) { var js = d.createElement(s); })(document);\n\n"
                       "Residents (about 40 of them) met Smith; they left.\n\n"
                       "The variable var is no code.\n");
    assert_false(d->tok[find(d, "mayor", 0)].flags & NW_TF_NOTTEXT);
    assert_true(d->tok[find(d, "google_ad_client", 0)].flags & NW_TF_CODE);
    assert_true(d->tok[find(d, "twitterVia", 0)].flags & NW_TF_CODE);
    assert_true(d->tok[find(d, "mboxCreate", 0)].flags & NW_TF_CODE);
    assert_true(d->tok[find(d, "function", 0)].flags & NW_TF_CODE);
    assert_false(d->tok[find(d, "Residents", 0)].flags & NW_TF_NOTTEXT);
    assert_false(d->tok[find(d, "variable", 0)].flags & NW_TF_NOTTEXT);
    /* a CDATA section inside a paragraph of prose, to its end only */
    d = run(f, "The talks ended. //<![CDATA[ var n = 1; $(\"#feed\").go({ "
               "\"interval\" : \"10000\" }); //]]> Officials left.");
    assert_false(d->tok[find(d, "talks", 0)].flags & NW_TF_NOTTEXT);
    assert_true(d->tok[find(d, "interval", 0)].flags & NW_TF_CODE);
    assert_false(d->tok[find(d, "Officials", 0)].flags & NW_TF_NOTTEXT);
    /* one left open runs to the end of the text */
    d = run(f, "The talks ended. <![CDATA[ var n = \"x\";");
    assert_true(d->tok[find(d, "x", 0)].flags & NW_TF_CODE);
}

static void test_space_flag_and_punct(void **state) {
    fx *f = *state;
    nw_doc *d = run(f, "Wait... (really?) -- yes!");
    toks_are(d, "Wait|...|(|really|?|)|--|yes|!");
    assert_false(d->tok[1].flags & NW_TF_SPACE);
    assert_true(d->tok[2].flags & NW_TF_SPACE);
}

static void test_garbage(void **state) {
    fx *f = *state;
    static const char bad[] = "\xFF\xFE ab\xC3 \xE2\x82 \x01\x02 \"\"\" '''' ---- "
                              "@@ ## http:// www. a.b.c.d.e. 1,,2 3..4 x'y' 's";
    nw_doc *d = run(f, bad);
    assert_true(d->n_tok > 10);
    assert_true(d->n_sent >= 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_abbreviation_context),
        cmocka_unit_test(test_possessives),
        cmocka_unit_test(test_curly_possessive),
        cmocka_unit_test(test_single_quotes_not_possessive),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_urls_and_emails),
        cmocka_unit_test(test_hyphens_and_case),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_source_spans),
        cmocka_unit_test(test_every_token_maps_back),
        cmocka_unit_test(test_boilerplate_and_title),
        cmocka_unit_test(test_web_boilerplate),
        cmocka_unit_test(test_page_code),
        cmocka_unit_test(test_space_flag_and_punct),
        cmocka_unit_test(test_garbage),
    };
    return cmocka_run_group_tests_name("token", tests, setup, teardown);
}
