/* test_extraction_json.c -- the JSON contract of `newsworker extract`
   (README, "Extraction contract") on a hand-built nw_extraction: field
   names, mentions and evidence as [start, end] arrays, quote start/end,
   a null speaker and cue, polarity strings, "kind" only on indirect quotes,
   "id" omitted when NULL, and an empty extraction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "extraction_json.h"

static void expect_span(json_t *a, json_int_t s, json_int_t e) {
    assert_true(json_is_array(a));
    assert_int_equal(json_array_size(a), 2);
    assert_int_equal(json_integer_value(json_array_get(a, 0)), s);
    assert_int_equal(json_integer_value(json_array_get(a, 1)), e);
}

static void test_full(void **state) {
    char *al[] = {"Okafor"};
    nw_span m1[] = {{20, 32}, {140, 146}};
    nw_span m2[] = {{60, 72}};
    nw_entity ents[] = {
        {.name = "David Okafor", .type = NW_ENT_PERSON, .aliases = al, .n_aliases = 1,
         .mentions = m1, .n_mentions = 2, .salience = 0.75},
        {.name = "Reserve Bank", .type = NW_ENT_ORG, .mentions = m2, .n_mentions = 1,
         .salience = 0.25},
    };
    nw_quote qs[] = {
        {.text = "We will not back down", .span = {90, 111}, .speaker = "David Okafor",
         .speaker_entity = 0, .cue = "said", .confidence = 0.9, .indirect = 0},
        {.text = "rates would stay high", .span = {150, 171}, .speaker = NULL,
         .speaker_entity = -1, .cue = NULL, .confidence = 0.4, .indirect = 1},
    };
    nw_stance sts[] = {
        {.holder = "David Okafor", .holder_entity = 0, .target = "Reserve Bank",
         .target_entity = 1, .polarity = NW_POL_OPPOSE, .score = 0.8, .evidence = {80, 130}},
        {.holder = "Reserve Bank", .holder_entity = 1, .target = "the housing plan",
         .target_entity = -1, .polarity = NW_POL_SUPPORT, .score = 0.6, .evidence = {0, 40}},
    };
    nw_extraction x = {.entities = ents, .n_entities = 2, .quotes = qs, .n_quotes = 2,
                       .stances = sts, .n_stances = 2, .n_words = 30};
    (void)state;
    json_t *o = nw_extraction_json(&x, "rates-story-1");
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "id")), "rates-story-1");

    json_t *je = json_object_get(o, "entities");
    assert_true(json_is_array(je));
    assert_int_equal(json_array_size(je), 2);
    json_t *e0 = json_array_get(je, 0);
    assert_string_equal(json_string_value(json_object_get(e0, "name")), "David Okafor");
    assert_string_equal(json_string_value(json_object_get(e0, "type")), "PERSON");
    json_t *a0 = json_object_get(e0, "aliases");
    assert_int_equal(json_array_size(a0), 1);
    assert_string_equal(json_string_value(json_array_get(a0, 0)), "Okafor");
    assert_int_equal(json_integer_value(json_object_get(e0, "mention_count")), 2);
    json_t *ms = json_object_get(e0, "mentions");
    assert_int_equal(json_array_size(ms), 2);
    expect_span(json_array_get(ms, 0), 20, 32);
    expect_span(json_array_get(ms, 1), 140, 146);
    assert_true(json_is_real(json_object_get(e0, "salience")));
    assert_true(json_real_value(json_object_get(e0, "salience")) == 0.75);
    json_t *e1 = json_array_get(je, 1);
    assert_string_equal(json_string_value(json_object_get(e1, "type")), "ORG");
    assert_int_equal(json_array_size(json_object_get(e1, "aliases")), 0);

    json_t *jq = json_object_get(o, "quotes");
    assert_int_equal(json_array_size(jq), 2);
    json_t *q0 = json_array_get(jq, 0), *q1 = json_array_get(jq, 1);
    assert_string_equal(json_string_value(json_object_get(q0, "text")), "We will not back down");
    assert_string_equal(json_string_value(json_object_get(q0, "speaker")), "David Okafor");
    assert_int_equal(json_integer_value(json_object_get(q0, "start")), 90);
    assert_int_equal(json_integer_value(json_object_get(q0, "end")), 111);
    assert_string_equal(json_string_value(json_object_get(q0, "cue")), "said");
    assert_true(json_is_number(json_object_get(q0, "confidence")));
    assert_null(json_object_get(q0, "kind"));
    /* unknown speaker and cue are JSON null, present */
    assert_non_null(json_object_get(q1, "speaker"));
    assert_true(json_is_null(json_object_get(q1, "speaker")));
    assert_true(json_is_null(json_object_get(q1, "cue")));
    assert_string_equal(json_string_value(json_object_get(q1, "kind")), "indirect");

    json_t *js = json_object_get(o, "stances");
    assert_int_equal(json_array_size(js), 2);
    json_t *s0 = json_array_get(js, 0), *s1 = json_array_get(js, 1);
    assert_string_equal(json_string_value(json_object_get(s0, "holder")), "David Okafor");
    assert_string_equal(json_string_value(json_object_get(s0, "target")), "Reserve Bank");
    assert_string_equal(json_string_value(json_object_get(s0, "polarity")), "oppose");
    assert_true(json_is_number(json_object_get(s0, "score")));
    expect_span(json_object_get(s0, "evidence"), 80, 130);
    assert_string_equal(json_string_value(json_object_get(s1, "polarity")), "support");
    assert_string_equal(json_string_value(json_object_get(s1, "target")), "the housing plan");

    /* serialises, and the text parses back to an equal object */
    char *txt = json_dumps(o, JSON_COMPACT);
    assert_non_null(txt);
    json_error_t jerr;
    json_t *back = json_loads(txt, 0, &jerr);
    assert_non_null(back);
    assert_true(json_equal(o, back));
    json_decref(back);
    free(txt);
    json_decref(o);
}

static void test_empty_no_id(void **state) {
    nw_extraction x;
    (void)state;
    memset(&x, 0, sizeof(x));
    json_t *o = nw_extraction_json(&x, NULL);
    assert_non_null(o);
    assert_null(json_object_get(o, "id"));
    assert_true(json_is_array(json_object_get(o, "entities")));
    assert_int_equal(json_array_size(json_object_get(o, "entities")), 0);
    assert_int_equal(json_array_size(json_object_get(o, "quotes")), 0);
    assert_int_equal(json_array_size(json_object_get(o, "stances")), 0);
    json_decref(o);
}

static void test_bad_utf8_string(void **state) {
    /* a name that is not UTF-8 must not fail the whole object */
    nw_span m = {0, 4};
    nw_entity e = {.name = "Ab\xff\xfe", .type = NW_ENT_LOC, .mentions = &m, .n_mentions = 1,
                   .salience = 1.0};
    nw_extraction x = {.entities = &e, .n_entities = 1};
    (void)state;
    json_t *o = nw_extraction_json(&x, "utf8\xc3");
    assert_non_null(o);
    json_t *e0 = json_array_get(json_object_get(o, "entities"), 0);
    assert_true(json_is_string(json_object_get(e0, "name")));
    assert_string_equal(json_string_value(json_object_get(e0, "type")), "LOC");
    char *txt = json_dumps(o, 0);
    assert_non_null(txt);
    free(txt);
    json_decref(o);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_empty_no_id),
        cmocka_unit_test(test_bad_utf8_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
