/* test_codec.c -- every wire message round-trips (Article, Extraction,
   DeadLetter), cached extractions are re-issued correctly, the body scanner
   copes with malformed input, and the JSON form has the contract's names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"

static const char *BODY =
    "Council leader Margaret Ellison said the plan was \"long overdue\". "
    "Derek Holloway rejected Ellison's call for a parking levy.";

/* A hand-built extraction over BODY (no extractor needed). */
static void sample(nw_extraction *x, nw_entity ents[2], nw_quote *q, nw_stance *s,
                   nw_span spans[3], char **aliases) {
    memset(x, 0, sizeof(*x));
    memset(ents, 0, 2 * sizeof(*ents));
    spans[0] = (nw_span){15, 31};   /* Margaret Ellison */
    spans[1] = (nw_span){106, 113}; /* Ellison */
    spans[2] = (nw_span){68, 74};   /* Derek ... */
    aliases[0] = "Ellison";
    ents[0] = (nw_entity){.name = "Margaret Ellison", .type = NW_ENT_PERSON, .aliases = aliases,
                          .n_aliases = 1, .mentions = spans, .n_mentions = 2, .salience = 0.75};
    ents[1] = (nw_entity){.name = "Derek Holloway", .type = NW_ENT_PERSON, .mentions = spans + 2,
                          .n_mentions = 1, .salience = 0.5};
    *q = (nw_quote){.text = "long overdue", .span = {51, 63}, .speaker = "Margaret Ellison",
                    .speaker_entity = 0, .cue = "said", .confidence = 0.9};
    *s = (nw_stance){.holder = "Derek Holloway", .holder_entity = 1, .target = "Margaret Ellison",
                     .target_entity = 0, .polarity = NW_POL_OPPOSE, .score = 0.8,
                     .evidence = {68, 125}};
    x->entities = ents;
    x->n_entities = 2;
    x->quotes = q;
    x->n_quotes = 1;
    x->stances = s;
    x->n_stances = 1;
}

static const nw_codec_meta META = {
    .article_id = "bridge-1",
    .content_hash = "ab12",
    .extractor_version = "0.1.0",
    .worker_id = "w1",
    .produced_at_ms = 1790000000123LL,
    .processing_us = 420,
    .cache_hit = 0,
};

static void test_article_roundtrip(void **state) {
    (void)state;
    Newsworker__V1__Article a = NEWSWORKER__V1__ARTICLE__INIT;
    Newsworker__V1__Article__AttributesEntry kv = NEWSWORKER__V1__ARTICLE__ATTRIBUTES_ENTRY__INIT;
    Newsworker__V1__Article__AttributesEntry *kvs[1] = {&kv};
    kv.key = "desk";
    kv.value = "politics";
    a.id = "bridge-1";
    a.url = "https://example.org/bridge";
    a.source = "example";
    a.title = "Council backs bridge plan";
    a.body = (char *)BODY;
    a.published_at = 1790000000;
    a.language = "en";
    a.n_attributes = 1;
    a.attributes = kvs;
    size_t n = newsworker__v1__article__get_packed_size(&a);
    unsigned char *buf = malloc(n);
    assert_int_equal(newsworker__v1__article__pack(&a, buf), n);
    Newsworker__V1__Article *b = newsworker__v1__article__unpack(NULL, n, buf);
    assert_non_null(b);
    assert_string_equal(b->id, "bridge-1");
    assert_string_equal(b->url, a.url);
    assert_string_equal(b->title, a.title);
    assert_string_equal(b->body, BODY);
    assert_int_equal(b->published_at, 1790000000);
    assert_int_equal(b->n_attributes, 1);
    assert_string_equal(b->attributes[0]->value, "politics");
    size_t off, blen;
    assert_int_equal(nw_codec_body_span(buf, n, &off, &blen), 1);
    assert_int_equal(blen, strlen(BODY));
    assert_memory_equal(buf + off, BODY, blen);
    newsworker__v1__article__free_unpacked(b, NULL);
    free(buf);
}

static void test_extraction_roundtrip(void **state) {
    (void)state;
    nw_extraction x;
    nw_entity ents[2];
    nw_quote q;
    nw_stance s;
    nw_span spans[3];
    char *aliases[1];
    unsigned char *out;
    size_t len;
    sample(&x, ents, &q, &s, spans, aliases);
    assert_int_equal(nw_codec_pack_extraction(&x, &META, &out, &len), 0);
    Newsworker__V1__Extraction *e = newsworker__v1__extraction__unpack(NULL, len, out);
    assert_non_null(e);
    assert_string_equal(e->article_id, "bridge-1");
    assert_string_equal(e->content_hash, "ab12");
    assert_string_equal(e->result_id, "ab12");
    assert_string_equal(e->extractor_version, "0.1.0");
    assert_string_equal(e->worker_id, "w1");
    assert_int_equal(e->produced_at_ms, 1790000000123LL);
    assert_int_equal(e->processing_us, 420);
    assert_false(e->cache_hit);
    assert_int_equal(e->n_entities, 2);
    assert_string_equal(e->entities[0]->name, "Margaret Ellison");
    assert_int_equal(e->entities[0]->type, NEWSWORKER__V1__ENTITY_TYPE__ENTITY_TYPE_PERSON);
    assert_int_equal(e->entities[0]->n_aliases, 1);
    assert_string_equal(e->entities[0]->aliases[0], "Ellison");
    assert_int_equal(e->entities[0]->mention_count, 2);
    assert_int_equal(e->entities[0]->mentions[1]->start, 106);
    assert_int_equal(e->entities[1]->mentions[0]->end, 74);
    assert_int_equal(e->n_quotes, 1);
    assert_string_equal(e->quotes[0]->speaker, "Margaret Ellison");
    assert_string_equal(e->quotes[0]->cue, "said");
    assert_int_equal(e->quotes[0]->span->start, 51);
    assert_int_equal(e->quotes[0]->kind, NEWSWORKER__V1__QUOTE_KIND__QUOTE_KIND_DIRECT);
    assert_int_equal(e->n_stances, 1);
    assert_int_equal(e->stances[0]->polarity, NEWSWORKER__V1__POLARITY__POLARITY_OPPOSE);
    assert_int_equal(e->stances[0]->target_entity, 0);

    json_t *j = nw_codec_extraction_json(e);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "id")), "bridge-1");
    json_t *je = json_array_get(json_object_get(j, "entities"), 0);
    assert_string_equal(json_string_value(json_object_get(je, "type")), "PERSON");
    assert_int_equal(json_array_size(json_object_get(je, "mentions")), 2);
    json_t *jq = json_array_get(json_object_get(j, "quotes"), 0);
    assert_int_equal(json_integer_value(json_object_get(jq, "start")), 51);
    assert_int_equal(json_integer_value(json_object_get(jq, "end")), 63);
    json_t *js = json_array_get(json_object_get(j, "stances"), 0);
    assert_string_equal(json_string_value(json_object_get(js, "polarity")), "oppose");
    assert_true(json_is_false(json_object_get(j, "cache_hit")));
    json_decref(j);
    newsworker__v1__extraction__free_unpacked(e, NULL);
    free(out);
}

static void test_repack_cached(void **state) {
    (void)state;
    nw_extraction x;
    nw_entity ents[2];
    nw_quote q;
    nw_stance s;
    nw_span spans[3];
    char *aliases[1];
    unsigned char *first, *again;
    size_t flen, alen;
    sample(&x, ents, &q, &s, spans, aliases);
    assert_int_equal(nw_codec_pack_extraction(&x, &META, &first, &flen), 0);
    nw_codec_meta m2 = META;
    m2.article_id = "bridge-1-syndicated";
    m2.worker_id = "w2";
    m2.produced_at_ms = 1790000009999LL;
    size_t counts[3];
    assert_int_equal(nw_codec_repack_cached(first, flen, &m2, &again, &alen, counts), 0);
    assert_int_equal(counts[0], 2);
    assert_int_equal(counts[1], 1);
    assert_int_equal(counts[2], 1);
    Newsworker__V1__Extraction *e = newsworker__v1__extraction__unpack(NULL, alen, again);
    assert_non_null(e);
    assert_string_equal(e->article_id, "bridge-1-syndicated");
    assert_string_equal(e->worker_id, "w2");
    assert_true(e->cache_hit);
    assert_int_equal(e->processing_us, 0);
    assert_int_equal(e->produced_at_ms, 1790000009999LL);
    assert_string_equal(e->result_id, "ab12");
    assert_int_equal(e->n_entities, 2);
    newsworker__v1__extraction__free_unpacked(e, NULL);
    free(again);

    /* a value for another hash, or garbage, is refused */
    m2.content_hash = "ffff";
    assert_int_equal(nw_codec_repack_cached(first, flen, &m2, &again, &alen, NULL), -1);
    assert_null(again);
    static const unsigned char junk[] = {0x0a, 0xff, 0xff, 0xff, 0x0f};
    assert_int_equal(nw_codec_repack_cached(junk, sizeof(junk), &META, &again, &alen, NULL), -1);
    free(first);
}

static void test_deadletter(void **state) {
    (void)state;
    static unsigned char raw[70 * 1024];
    memset(raw, 'x', sizeof(raw));
    nw_codec_deadletter d = {.article_id = "a1", .code = 3, .message = "body is empty",
                             .raw = raw, .raw_len = 100, .worker_id = "w1",
                             .produced_at_ms = 5, .attempts = 2};
    unsigned char *out;
    size_t len;
    assert_int_equal(nw_codec_pack_deadletter(&d, &out, &len), 0);
    Newsworker__V1__DeadLetter *dl = newsworker__v1__dead_letter__unpack(NULL, len, out);
    assert_non_null(dl);
    assert_string_equal(dl->article_id, "a1");
    assert_int_equal(dl->code, NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_EMPTY_BODY);
    assert_int_equal(dl->input_size, 100);
    assert_int_equal(strlen(dl->input_sha256), 64);
    assert_int_equal(dl->raw.len, 100);
    assert_int_equal(dl->attempts, 2);
    json_t *j = nw_codec_deadletter_json(dl);
    assert_string_equal(json_string_value(json_object_get(j, "code")), "EMPTY_BODY");
    json_decref(j);
    newsworker__v1__dead_letter__free_unpacked(dl, NULL);
    free(out);

    d.raw_len = sizeof(raw); /* over 64 KiB: hash and size only */
    assert_int_equal(nw_codec_pack_deadletter(&d, &out, &len), 0);
    dl = newsworker__v1__dead_letter__unpack(NULL, len, out);
    assert_non_null(dl);
    assert_int_equal(dl->input_size, sizeof(raw));
    assert_int_equal(dl->raw.len, 0);
    newsworker__v1__dead_letter__free_unpacked(dl, NULL);
    free(out);
    assert_string_equal(nw_codec_error_name(1), "UNDECODABLE");
    assert_string_equal(nw_codec_error_name(7), "TOO_MANY_ATTEMPTS");
    assert_string_equal(nw_codec_error_name(99), "UNSPECIFIED");
}

static void test_body_span_malformed(void **state) {
    (void)state;
    size_t off = 0, len = 0;
    /* body field with a NUL inside: the scanner sees all 5 bytes */
    static const unsigned char nul[] = {0x0a, 0x01, 'x', 0x2a, 0x05, 'a', 'b', 0, 'c', 'd'};
    assert_int_equal(nw_codec_body_span(nul, sizeof(nul), &off, &len), 1);
    assert_int_equal(off, 5);
    assert_int_equal(len, 5);
    static const unsigned char trunc[] = {0x2a, 0x09, 'a'};
    assert_int_equal(nw_codec_body_span(trunc, sizeof(trunc), &off, &len), -1);
    static const unsigned char group[] = {0x0b};
    assert_int_equal(nw_codec_body_span(group, sizeof(group), &off, &len), -1);
    static const unsigned char longvarint[] = {0x08, 0xff, 0xff, 0xff, 0xff, 0xff,
                                               0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
    assert_int_equal(nw_codec_body_span(longvarint, sizeof(longvarint), &off, &len), -1);
    static const unsigned char nobody[] = {0x0a, 0x01, 'x'};
    assert_int_equal(nw_codec_body_span(nobody, sizeof(nobody), &off, &len), 0);
    assert_int_equal(nw_codec_body_span(nobody, 0, &off, &len), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_article_roundtrip),
        cmocka_unit_test(test_extraction_roundtrip),
        cmocka_unit_test(test_repack_cached),
        cmocka_unit_test(test_deadletter),
        cmocka_unit_test(test_body_span_malformed),
    };
    return cmocka_run_group_tests_name("codec", tests, NULL, NULL);
}
