/* test_extractor.c -- the public API of extractor.h: loading errors (missing
   and corrupt data dirs), nw_extract on NULL / empty / oversized / invalid
   UTF-8 input, every offset of the result inside the text (and on the
   caller's bytes after curly quotes, hyphenation and CR LF), the name
   functions, nw_extraction_free(NULL), and one extractor shared by two
   threads giving identical results.  Texts are written for this test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extractor.h"

static const char ARTICLE[] =
    "Finance Minister Helen Carter said on Tuesday that the government would "
    "raise spending on rural hospitals. \"We cannot leave small towns behind,\" "
    "Carter told reporters in Wellington.\n\n"
    "The opposition leader, David Okafor, criticised the plan, saying it was "
    "paid for with borrowed money. Okafor said the Reserve Bank of New Zealand "
    "had warned about rising debt. Carter rejected that claim and praised the "
    "nurses' union for its support.";

static nw_extractor *g_ex;

static int setup(void **state) {
    char err[256] = "";
    (void)state;
    g_ex = nw_extractor_new(NW_DEFAULT_DATADIR, err, sizeof(err));
    if (!g_ex)
        fprintf(stderr, "load: %s\n", err);
    return g_ex ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    nw_extractor_free(&g_ex);
    return 0;
}

static void check_offsets(const nw_extraction *x, size_t len) {
    for (size_t i = 0; i < x->n_entities; i++) {
        const nw_entity *e = &x->entities[i];
        assert_non_null(e->name);
        assert_true(e->type >= NW_ENT_NONE && e->type <= NW_ENT_MISC);
        assert_true(e->salience >= 0.0 && e->salience <= 1.0);
        for (size_t k = 0; k < e->n_aliases; k++)
            assert_non_null(e->aliases[k]);
        for (size_t k = 0; k < e->n_mentions; k++) {
            assert_true(e->mentions[k].start <= e->mentions[k].end);
            assert_true(e->mentions[k].end <= len);
            if (k > 0)
                assert_true(e->mentions[k - 1].start <= e->mentions[k].start);
        }
    }
    for (size_t i = 0; i < x->n_quotes; i++) {
        const nw_quote *q = &x->quotes[i];
        assert_non_null(q->text);
        assert_true(q->span.start <= q->span.end && q->span.end <= len);
        assert_true(q->speaker_entity >= -1 && q->speaker_entity < (int)x->n_entities);
        if (q->speaker_entity >= 0) {
            assert_non_null(q->speaker);
            assert_string_equal(q->speaker, x->entities[q->speaker_entity].name);
        }
        assert_true(q->confidence >= 0.0 && q->confidence <= 1.0);
    }
    for (size_t i = 0; i < x->n_stances; i++) {
        const nw_stance *s = &x->stances[i];
        assert_true(s->evidence.start <= s->evidence.end && s->evidence.end <= len);
        assert_true(s->holder_entity >= -1 && s->holder_entity < (int)x->n_entities);
        assert_true(s->target_entity >= -1 && s->target_entity < (int)x->n_entities);
        assert_true(s->polarity <= NW_POL_OPPOSE);
        if (s->holder_entity >= 0)
            assert_string_equal(s->holder, x->entities[s->holder_entity].name);
        if (s->target_entity >= 0)
            assert_string_equal(s->target, x->entities[s->target_entity].name);
        assert_true(s->score >= 0.0 && s->score <= 1.0);
    }
}

static void test_load_errors(void **state) {
    char err[256], dir[] = "/tmp/nw_test_extractor_XXXXXX", path[512];
    (void)state;
    err[0] = 0;
    assert_null(nw_extractor_new("/nonexistent/nw-data-dir", err, sizeof(err)));
    assert_true(strlen(err) > 0);
    /* errlen 0 and NULL err must be safe */
    assert_null(nw_extractor_new("/nonexistent/nw-data-dir", NULL, 0));

    /* an empty directory: files missing */
    assert_non_null(mkdtemp(dir));
    err[0] = 0;
    assert_null(nw_extractor_new(dir, err, sizeof(err)));
    assert_true(strlen(err) > 0);

    /* a directory whose files exist but hold garbage */
    const char *subs[] = {"gazetteers", "lexicons", "models"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, subs[i]);
        assert_int_equal(mkdir(path, 0700), 0);
    }
    snprintf(path, sizeof(path), "%s/models/ner.model", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("this is not a model file\n", f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/models/stance.model", dir);
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs("NWSTANC1 truncated", f);
    fclose(f);
    err[0] = 0;
    assert_null(nw_extractor_new(dir, err, sizeof(err)));
    assert_true(strlen(err) > 0);

    snprintf(path, sizeof(path), "rm -rf '%s'", dir);
    assert_int_equal(system(path), 0);
}

static void test_bad_input(void **state) {
    nw_extraction *x = (nw_extraction *)&x; /* must be set to NULL */
    (void)state;
    assert_int_equal(nw_extract(g_ex, NULL, 10, &x), NW_ERR_INPUT);
    assert_null(x);
    x = (nw_extraction *)&x;
    assert_int_equal(nw_extract(g_ex, "text", NW_EXTRACT_MAX_INPUT + 1u, &x), NW_ERR_INPUT);
    assert_null(x);
}

static void test_empty(void **state) {
    nw_extraction *x = NULL;
    (void)state;
    assert_int_equal(nw_extract(g_ex, "", 0, &x), NW_OK);
    assert_non_null(x);
    assert_int_equal(x->n_entities, 0);
    assert_int_equal(x->n_quotes, 0);
    assert_int_equal(x->n_stances, 0);
    assert_int_equal(x->n_words, 0);
    nw_extraction_free(&x);
    assert_null(x);
    /* only white space and punctuation */
    const char ws[] = " \n\t ... \"\" -- \r\n";
    assert_int_equal(nw_extract(g_ex, ws, sizeof(ws) - 1, &x), NW_OK);
    assert_int_equal(x->n_entities, 0);
    check_offsets(x, sizeof(ws) - 1);
    nw_extraction_free(&x);
}

static void test_article(void **state) {
    nw_extraction *x = NULL;
    size_t len = sizeof(ARTICLE) - 1;
    int carter = 0;
    (void)state;
    assert_int_equal(nw_extract(g_ex, ARTICLE, len, &x), NW_OK);
    assert_non_null(x);
    assert_true(x->n_words > 50);
    assert_true(x->n_entities > 0);
    check_offsets(x, len);
    for (size_t i = 0; i < x->n_entities; i++) {
        const nw_entity *e = &x->entities[i];
        if (strstr(e->name, "Carter"))
            carter = 1;
        /* in this plain ASCII text every mention's bytes are the name or
           one of the aliases */
        for (size_t k = 0; k < e->n_mentions; k++) {
            size_t n = e->mentions[k].end - e->mentions[k].start;
            const char *m = ARTICLE + e->mentions[k].start;
            int hit = strlen(e->name) == n && !memcmp(m, e->name, n);
            for (size_t a = 0; a < e->n_aliases && !hit; a++)
                hit = strlen(e->aliases[a]) == n && !memcmp(m, e->aliases[a], n);
            assert_true(hit);
        }
    }
    assert_true(carter);
    /* quote spans exclude the marks and hold the quoted words verbatim
       here (straight quotes, no line breaks) */
    assert_true(x->n_quotes >= 1);
    for (size_t i = 0; i < x->n_quotes; i++) {
        const nw_quote *q = &x->quotes[i];
        size_t n = q->span.end - q->span.start;
        assert_true(q->span.start > 0 && ARTICLE[q->span.start - 1] == '"');
        assert_int_equal(strlen(q->text), n);
        assert_memory_equal(q->text, ARTICLE + q->span.start, n);
    }
    nw_extraction_free(&x);
}

/* a post written all in lower case: the names NER finds there reach the
   output (the entity stage used to drop every mention without a capital) */
static void test_lower_case_post(void **state) {
    static const char POST[] =
        "i am flying from mexico to san francisco next week and my friend "
        "lives in france, any tips for a cheap hotel near the airport?";
    nw_extraction *x = NULL;
    int mexico = 0, france = 0;
    (void)state;
    assert_int_equal(nw_extract(g_ex, POST, sizeof(POST) - 1, &x), NW_OK);
    check_offsets(x, sizeof(POST) - 1);
    for (size_t i = 0; i < x->n_entities; i++) {
        mexico |= !strcmp(x->entities[i].name, "mexico") &&
                  x->entities[i].type == NW_ENT_LOC;
        france |= !strcmp(x->entities[i].name, "france") &&
                  x->entities[i].type == NW_ENT_LOC;
    }
    assert_true(mexico);
    assert_true(france);
    nw_extraction_free(&x);
}

static void test_normalised_offsets(void **state) {
    /* curly quotes, a word hyphenated across a line break, CR LF and a
       non-breaking space: offsets still point at the caller's bytes */
    static const char t[] =
        "The mayor, Laura Jensen, said: \xe2\x80\x9cThe new bridge will be fin-\n"
        "ished by the end of next year.\xe2\x80\x9d\r\nJensen\xc2\xa0" "also praised the "
        "engineers from Oslo.";
    size_t len = sizeof(t) - 1;
    nw_extraction *x = NULL;
    (void)state;
    assert_int_equal(nw_extract(g_ex, t, len, &x), NW_OK);
    check_offsets(x, len);
    const char *open = strstr(t, "\xe2\x80\x9c"), *close = strstr(t, "\xe2\x80\x9d");
    assert_true(x->n_quotes >= 1);
    const nw_quote *q = &x->quotes[0];
    assert_int_equal(q->span.start, (size_t)(open + 3 - t));
    assert_true(q->span.end <= (size_t)(close - t));
    assert_true(q->span.end > (size_t)(strstr(t, "next year") - t));
    assert_non_null(strstr(q->text, "will be finished by the end"));
    assert_null(strchr(q->text, '\n'));
    /* every mention of a name lands on its source bytes */
    int jensen = 0;
    for (size_t i = 0; i < x->n_entities; i++)
        for (size_t k = 0; k < x->entities[i].n_mentions; k++) {
            nw_span m = x->entities[i].mentions[k];
            if (m.end - m.start == 6 && !memcmp(t + m.start, "Jensen", 6))
                jensen++;
            if (!strcmp(x->entities[i].name, "Oslo"))
                assert_memory_equal(t + m.start, "Oslo", 4);
        }
    assert_true(jensen >= 1);
    nw_extraction_free(&x);
}

static void test_invalid_utf8(void **state) {
    /* stray continuation bytes, a truncated sequence, an overlong form,
       a NUL byte and 0xff, mixed into a sentence with a name */
    static const char bad[] =
        "Mayor Laura Jensen \x80\xbf visited Oslo \xc3 on Friday \xe2\x82 and "
        "said \"\xff\xfe the bridge\xc0\xaf will open\" \0 soon. Jensen \xf0\x9f smiled.";
    nw_extraction *x = NULL;
    (void)state;
    assert_int_equal(nw_extract(g_ex, bad, sizeof(bad) - 1, &x), NW_OK);
    check_offsets(x, sizeof(bad) - 1);
    nw_extraction_free(&x);
    /* every prefix of the article, cut anywhere (also mid-character) */
    for (size_t n = 0; n <= 120; n += 7) {
        assert_int_equal(nw_extract(g_ex, ARTICLE, n, &x), NW_OK);
        check_offsets(x, n);
        nw_extraction_free(&x);
    }
}

static void test_large(void **state) {
    /* about 256 KB: the article repeated (kept modest for valgrind) */
    size_t one = sizeof(ARTICLE) - 1, reps = (1u << 18) / one + 1;
    char *big = malloc(reps * (one + 1));
    nw_extraction *x = NULL;
    (void)state;
    assert_non_null(big);
    for (size_t i = 0; i < reps; i++) {
        memcpy(big + i * (one + 1), ARTICLE, one);
        big[i * (one + 1) + one] = '\n';
    }
    assert_int_equal(nw_extract(g_ex, big, reps * (one + 1), &x), NW_OK);
    check_offsets(x, reps * (one + 1));
    assert_true(x->n_words > reps * 50);
    nw_extraction_free(&x);
    free(big);
}

static void test_names(void **state) {
    (void)state;
    assert_string_equal(nw_entity_type_name(NW_ENT_PERSON), "PERSON");
    assert_string_equal(nw_entity_type_name(NW_ENT_ORG), "ORG");
    assert_string_equal(nw_entity_type_name(NW_ENT_LOC), "LOC");
    assert_non_null(nw_entity_type_name(NW_ENT_DATE));
    assert_non_null(nw_entity_type_name(NW_ENT_MISC));
    assert_non_null(nw_entity_type_name(NW_ENT_NONE));
    assert_non_null(nw_entity_type_name((nw_entity_type)99));
    assert_string_equal(nw_polarity_name(NW_POL_SUPPORT), "support");
    assert_string_equal(nw_polarity_name(NW_POL_OPPOSE), "oppose");
    assert_string_equal(nw_polarity_name(NW_POL_NEUTRAL), "neutral");
    assert_non_null(nw_polarity_name((nw_polarity)42));
    const nw_status all[] = {NW_OK, NW_ERR_NOMEM, NW_ERR_IO, NW_ERR_MODEL, NW_ERR_INPUT};
    for (size_t i = 0; i < 5; i++) {
        assert_non_null(nw_strerror(all[i]));
        assert_true(strlen(nw_strerror(all[i])) > 0);
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(nw_strerror(all[i]), nw_strerror(all[k]));
    }
    assert_non_null(nw_strerror((nw_status)77));
}

/* Nationality nouns, awards and diseases are not entities (the shipped
   stop_entities.txt), while the people and places around them are. */
static void test_not_entities(void **state) {
    (void)state;
    static const char T[] =
        "Two Scots and a Spaniard were among the Oscar nominees, Academy head "
        "Ellen Varga said in Los Angeles. Kurds marched in Erbil as Ebola "
        "cases rose and the Grand Slam season ended. A Democrat read the "
        "Koran aloud.";
    nw_extraction *x = NULL;
    assert_int_equal(nw_extract(g_ex, T, sizeof(T) - 1, &x), NW_OK);
    int varga = 0;
    for (size_t i = 0; i < x->n_entities; i++) {
        const char *n = x->entities[i].name;
        assert_string_not_equal(n, "Scots");
        assert_string_not_equal(n, "Spaniard");
        assert_string_not_equal(n, "Oscar");
        assert_string_not_equal(n, "Kurds");
        assert_string_not_equal(n, "Ebola");
        assert_string_not_equal(n, "Grand Slam");
        assert_string_not_equal(n, "Democrat");
        assert_string_not_equal(n, "Koran");
        varga += !strcmp(n, "Ellen Varga");
    }
    assert_int_equal(varga, 1);
    nw_extraction_free(&x);
}

/* The place and agency of a dateline filed the story: they hold no stance
   and are the target of none ("GLASGOW -- Residents of Partick condemned
   the city council" is the residents' stance, not Glasgow's), though the
   place is still an entity. */
static void test_dateline_no_stance(void **state) {
    (void)state;
    static const char *const T[] = {
        "Pool row\n\nGLASGOW -- Residents of Partick condemned the city council "
        "on Monday over the closure of the Kelvin Hall pool.",
        "Strikes\n\nBAGHDAD (Reuters) - Iraqi forces backed by U.S. air strikes "
        "attacked Islamic State fighters near Tikrit on Sunday.",
    };
    static const char *const place[] = {"GLASGOW", "BAGHDAD"};
    for (size_t t = 0; t < 2; t++) {
        nw_extraction *x = NULL;
        assert_int_equal(nw_extract(g_ex, T[t], strlen(T[t]), &x), NW_OK);
        check_offsets(x, strlen(T[t]));
        int found = 0;
        for (size_t i = 0; i < x->n_entities; i++)
            found += !strcmp(x->entities[i].name, place[t]);
        assert_int_equal(found, 1);
        for (size_t i = 0; i < x->n_stances; i++) {
            assert_string_not_equal(x->stances[i].holder, place[t]);
            assert_string_not_equal(x->stances[i].target, place[t]);
            assert_string_not_equal(x->stances[i].holder, "Reuters");
        }
        nw_extraction_free(&x);
    }
}

/* An employer or a club beside a person ("X, chief economist at Y",
   "Leicester coach X", "England prop X") is what the person is, not a
   stance of or towards either; the person's own stance stays. */
static void test_affiliation_no_stance(void **state) {
    (void)state;
    static const struct {
        const char *text, *org;
    } T[] = {
        {"Rates held\n\nTom Harvey, chief economist at Northgate Securities, "
         "said the Bank of England was most unlikely to lift interest rates "
         "before the summer.", "Northgate Securities"},
        {"Rates held\n\nRuth Ellery, chief economist at Gerrard, said: "
         "\"These figures were far better than the market expected.\"", "Gerrard"},
        {"Cup tie\n\nEngland prop Mark Tilley is a capable player but Owen "
         "Rhys now has the upper hand.", "England"},
        {"Cup tie\n\nLeicester coach John Wells praised the outstanding work "
         "of Graham Rowntree, who was magnificent up front.", "Leicester"},
        /* a side beaten is an opponent, no stance */
        {"Cup tie\n\nCharlton manager Alan Dowie paid tribute to two-goal "
         "striker Jon Malley after beating Norwich.", "Norwich"},
    };
    for (size_t t = 0; t < sizeof(T) / sizeof(T[0]); t++) {
        nw_extraction *x = NULL;
        assert_int_equal(nw_extract(g_ex, T[t].text, strlen(T[t].text), &x), NW_OK);
        check_offsets(x, strlen(T[t].text));
        int own = 0;
        for (size_t i = 0; i < x->n_stances; i++) {
            if (!strcmp(x->stances[i].holder, T[t].org) ||
                !strcmp(x->stances[i].target, T[t].org))
                fail_msg("\"%s\": stance %s -> %s", T[t].text, x->stances[i].holder,
                         x->stances[i].target);
            own += !strcmp(x->stances[i].holder, "John Wells") &&
                   !strcmp(x->stances[i].target, "Graham Rowntree");
        }
        if (t == 3)
            assert_int_equal(own, 1);
        nw_extraction_free(&x);
    }
}

/* The one told ("told the BBC News website that", "told the Daily Mail:")
   is neither holder nor target of what the teller says. */
static void test_told_no_holder(void **state) {
    (void)state;
    static const char *const T[] = {
        "Jane Pell, an analyst at Gartner, told the BBC News website that Sony "
        "had done a great job.",
        "Seaman told the Daily Mail: \"Jan Koller is the best goalkeeper I "
        "know.\"",
        "Vodafone told the BBC News website that it had strong security in "
        "place, and rejected the claims.",
        /* ... nor the subject of a coordinated verb where the teller is no
           mention */
        "Skyline Wifi, which runs many of the public hotspots in Britain, told "
        "the BBC News website that its networks were secure, and rejected the "
        "claims.",
    };
    static const char *const told[] = {"BBC News", "Daily Mail", "BBC News",
                                       "BBC News"};
    for (size_t t = 0; t < sizeof(T) / sizeof(T[0]); t++) {
        nw_extraction *x = NULL;
        assert_int_equal(nw_extract(g_ex, T[t], strlen(T[t]), &x), NW_OK);
        for (size_t i = 0; i < x->n_stances; i++) {
            assert_string_not_equal(x->stances[i].holder, told[t]);
            assert_string_not_equal(x->stances[i].target, told[t]);
        }
        nw_extraction_free(&x);
    }
}

/* The possessor of the one who acts -- a doctor, lawyer, sister, family or
   critics -- holds no stance ("Joan Ferris's sister, Carl Dunn, attacked
   CNN"); a spokesman speaks for the possessor. */
static void test_possessor_no_holder(void **state) {
    (void)state;
    static const char *const T[] = {
        "Headline\n\nFans gathered outside. According to the Herald, Joan "
        "Ferris's sister, Carl Dunn, attacked CNN. Officials declined to "
        "comment.",
        "Headline\n\nFans gathered outside. On Monday, Cosby's sister rejected "
        "the claims of Judge Tom Hart. Officials declined to comment.",
        "Headline\n\nThe case has drawn attention. In a statement, Sarah "
        "Tilley's family condemned CNN. The hearing was adjourned.",
        "Kim Jong-un's younger sister attacked the United States in a "
        "statement.",
        "Tony Blair's critics attacked the Tories.",
    };
    static const char *const owner[] = {"Joan Ferris", "Cosby", "Sarah Tilley",
                                        "Kim Jong-un", "Tony Blair"};
    for (size_t t = 0; t < sizeof(T) / sizeof(T[0]); t++) {
        nw_extraction *x = NULL;
        assert_int_equal(nw_extract(g_ex, T[t], strlen(T[t]), &x), NW_OK);
        for (size_t i = 0; i < x->n_stances; i++)
            assert_string_not_equal(x->stances[i].holder, owner[t]);
        nw_extraction_free(&x);
    }
    /* ... nor does a noun after a preposition ("Tony Blair's report on his
       son condemned the Tories": the report is Blair's) */
    static const char R[] = "Tony Blair's report on his son condemned the Tories.";
    nw_extraction *xr = NULL;
    assert_int_equal(nw_extract(g_ex, R, sizeof(R) - 1, &xr), NW_OK);
    assert_true(xr->n_stances >= 1);
    assert_string_equal(xr->stances[0].holder, "Tony Blair");
    nw_extraction_free(&xr);
    /* ... but "Tony Blair's spokesman attacked the Tories" is Blair's */
    static const char S[] = "Tony Blair's spokesman attacked the Tories.";
    nw_extraction *x = NULL;
    assert_int_equal(nw_extract(g_ex, S, sizeof(S) - 1, &x), NW_OK);
    assert_true(x->n_stances >= 1);
    assert_string_equal(x->stances[0].holder, "Tony Blair");
    nw_extraction_free(&x);
}

/* "(CNN) -- The mother of ...": the agency of a dateline without a place
   filed the story; it holds no stance in it */
static void test_agency_dateline_no_holder(void **state) {
    (void)state;
    static const char T[] =
        "(CNN) -- The mother of Tom Vell -- an aid worker killed by Varko "
        "militants -- said she is \"appalled\" by the Foreign Office.";
    nw_extraction *x = NULL;
    assert_int_equal(nw_extract(g_ex, T, sizeof(T) - 1, &x), NW_OK);
    for (size_t i = 0; i < x->n_stances; i++)
        assert_string_not_equal(x->stances[i].holder, "CNN");
    nw_extraction_free(&x);
}

/* A party or firm before a title and a name labels the person ("Lib Dem
   leader David Ames says"): no stance from the party toward its leader */
static void test_label_no_stance_toward_leader(void **state) {
    (void)state;
    static const char *const T[] = {
        "Headline\n\nThe party met on Monday. Lib Dem leader David Ames says "
        "he is pleased to see the back of Mr Kirwan. It was a busy week at "
        "Westminster.",
        "Headline\n\nOfficials declined to comment. Tory leader Kim Yong-su "
        "says he is pleased to see the back of the government. Officials "
        "declined to comment. Kim Yong-su joined the Tories in 2001.",
    };
    static const char *const leader[] = {"David Ames", "Kim Yong-su"};
    for (size_t t = 0; t < sizeof(T) / sizeof(T[0]); t++) {
        nw_extraction *x = NULL;
        assert_int_equal(nw_extract(g_ex, T[t], strlen(T[t]), &x), NW_OK);
        for (size_t i = 0; i < x->n_stances; i++)
            assert_string_not_equal(x->stances[i].target, leader[t]);
        nw_extraction_free(&x);
    }
}

/* Products are not entities either; given names before a first name stay
   in the name ("Jamie Lee Curtis"); "Del." (a delegate) is a title that
   ends no sentence. */
static void test_products_names_titles(void **state) {
    (void)state;
    static const char T[] =
        "Jamie Lee Curtis bought an Xbox and the Apple Watch in Hollywood. "
        "\"This is a waste of time,\" said Del. Stacey Plaskett of the Virgin "
        "Islands.";
    nw_extraction *x = NULL;
    assert_int_equal(nw_extract(g_ex, T, sizeof(T) - 1, &x), NW_OK);
    int curtis = 0, hollywood = 0;
    for (size_t i = 0; i < x->n_entities; i++) {
        const nw_entity *e = &x->entities[i];
        assert_string_not_equal(e->name, "Xbox");
        assert_string_not_equal(e->name, "Apple Watch");
        assert_string_not_equal(e->name, "Lee Curtis");
        curtis += !strcmp(e->name, "Jamie Lee Curtis") && e->type == NW_ENT_PERSON;
        hollywood += !strcmp(e->name, "Hollywood") && e->type == NW_ENT_LOC;
    }
    assert_int_equal(curtis, 1);
    assert_int_equal(hollywood, 1);
    assert_int_equal(x->n_quotes, 1);
    assert_non_null(x->quotes[0].speaker);
    assert_string_equal(x->quotes[0].speaker, "Stacey Plaskett");
    nw_extraction_free(&x);
    /* "PS --" looks like a dateline but is no place */
    static const char P[] = "Lunch plans\n\nPS -- There is a happy hour tonight.";
    assert_int_equal(nw_extract(g_ex, P, sizeof(P) - 1, &x), NW_OK);
    assert_int_equal(x->n_entities, 0);
    nw_extraction_free(&x);
}

static void test_free_null(void **state) {
    nw_extraction *x = NULL;
    nw_extractor *e = NULL;
    (void)state;
    nw_extraction_free(NULL);
    nw_extraction_free(&x);
    nw_extractor_free(NULL);
    nw_extractor_free(&e);
    assert_null(x);
    assert_null(e);
}

/* A flat rendering of an extraction, to compare two runs. */
static char *render(const nw_extraction *x) {
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    s[0] = 0;
#define PUT(...) do { int w = snprintf(s + n, cap - n, __VA_ARGS__); \
        if (w > 0 && (size_t)w < cap - n) n += (size_t)w; } while (0)
    for (size_t i = 0; i < x->n_entities; i++) {
        const nw_entity *e = &x->entities[i];
        PUT("E %s %d %.6f", e->name, (int)e->type, e->salience);
        for (size_t k = 0; k < e->n_mentions; k++)
            PUT(" %zu-%zu", e->mentions[k].start, e->mentions[k].end);
        PUT("\n");
    }
    for (size_t i = 0; i < x->n_quotes; i++)
        PUT("Q %zu-%zu %s %.6f\n", x->quotes[i].span.start, x->quotes[i].span.end,
            x->quotes[i].speaker ? x->quotes[i].speaker : "-", x->quotes[i].confidence);
    for (size_t i = 0; i < x->n_stances; i++)
        PUT("S %s %s %d %.6f\n", x->stances[i].holder ? x->stances[i].holder : "-",
            x->stances[i].target ? x->stances[i].target : "-",
            (int)x->stances[i].polarity, x->stances[i].score);
#undef PUT
    return s;
}

typedef struct { char *out[20]; } thread_res;

static void *worker(void *arg) {
    thread_res *r = arg;
    for (int i = 0; i < 20; i++) {
        nw_extraction *x = NULL;
        if (nw_extract(g_ex, ARTICLE, sizeof(ARTICLE) - 1, &x) != NW_OK)
            return NULL;
        r->out[i] = render(x);
        nw_extraction_free(&x);
    }
    return r;
}

static void test_threads(void **state) {
    pthread_t t[2];
    thread_res *r = calloc(2, sizeof(*r));
    (void)state;
    assert_non_null(r);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, &r[i]), 0);
    for (int i = 0; i < 2; i++) {
        void *ret = NULL;
        assert_int_equal(pthread_join(t[i], &ret), 0);
        assert_non_null(ret);
    }
    for (int i = 0; i < 20; i++) {
        assert_non_null(r[0].out[i]);
        assert_non_null(r[1].out[i]);
        assert_string_equal(r[0].out[i], r[0].out[0]);
        assert_string_equal(r[1].out[i], r[0].out[0]);
    }
    for (int i = 0; i < 20; i++) {
        free(r[0].out[i]);
        free(r[1].out[i]);
    }
    free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_article),
        cmocka_unit_test(test_lower_case_post),
        cmocka_unit_test(test_normalised_offsets),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_not_entities),
        cmocka_unit_test(test_dateline_no_stance),
        cmocka_unit_test(test_affiliation_no_stance),
        cmocka_unit_test(test_told_no_holder),
        cmocka_unit_test(test_possessor_no_holder),
        cmocka_unit_test(test_label_no_stance_toward_leader),
        cmocka_unit_test(test_agency_dateline_no_holder),
        cmocka_unit_test(test_products_names_titles),
        cmocka_unit_test(test_free_null),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
