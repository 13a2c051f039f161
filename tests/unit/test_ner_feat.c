/* test_ner_feat.c -- the NER feature extractor (ner_feat.c) on sentences
   written for this test, with the shipped gazetteers: document facts
   ("Brown" after a title and a first name, "Tarlow" after "in", "Oftel"
   before "said", a word also seen in lower case), the case mode of
   sentences (normal, all lower case, headline capitals), trivial tokens
   (lower-case words away from names need no score), features that are
   deterministic, NW_NER_NF per token and depend on the word, particle
   names (al-Dabbagh read as Dabbagh), the BIO
   transition matrix, and trivial emissions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "ner_feat.h"
#include "ner_gaz.h"
#include "text.h"

static nw_frontend *fe;
static nw_ner_gaz *gaz;

static int setup(void **state) {
    char err[512] = "";
    (void)state;
    fe = nw_frontend_load(NW_DEFAULT_DATADIR, err, sizeof(err));
    gaz = nw_ner_gaz_new();
    if (!fe || !gaz || nw_ner_gaz_load_dir(gaz, NW_DEFAULT_DATADIR, err, sizeof(err))) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state) {
    (void)state;
    nw_ner_gaz_free(&gaz);
    nw_frontend_free(&fe);
    return 0;
}

static void mkdoc(nw_doc *d, const char *text) {
    memset(d, 0, sizeof(*d));
    assert_int_equal(nw_text_init(&d->text, text, strlen(text)), 0);
    assert_int_equal(nw_frontend_run(fe, d), 0);
    assert_true(d->n_sent > 0);
}

static uint32_t tok(const nw_doc *d, const char *w, uint32_t from) {
    for (uint32_t i = from; i < d->n_tok; i++)
        if (nw_tok_len(d, i) == strlen(w) && !memcmp(nw_tok_ptr(d, i), w, strlen(w)))
            return i;
    fail_msg("token %s not found", w);
    return 0;
}

static uint16_t fact(const nw_ner_docinfo *di, const char *w) {
    return nw_ner_docinfo_get(di, nw_hash_lower(w, strlen(w)));
}

/* particle names: "al-", "el-", "bin-" before a capital are read as the
   name after them; other lower-case prefixes are not particles */
static void test_particles(void **state) {
    (void)state;
    nw_doc d;
    mkdoc(&d, "Qahtan al-Dabbagh met el-Masri and Faisal bin-Talal after the "
              "mid-February talks, which drew anti-Semitic chants and al-jazeera fans.");
    uint32_t a = tok(&d, "al-Dabbagh", 0), e = tok(&d, "el-Masri", 0);
    uint32_t b = tok(&d, "bin-Talal", 0), m = tok(&d, "mid-February", 0);
    uint32_t s = tok(&d, "anti-Semitic", 0), j = tok(&d, "al-jazeera", 0);
    assert_int_equal(nw_ner_particle_len(&d, &d.tok[a]), 3);
    assert_int_equal(nw_ner_particle_len(&d, &d.tok[e]), 3);
    assert_int_equal(nw_ner_particle_len(&d, &d.tok[b]), 4);
    assert_int_equal(nw_ner_particle_len(&d, &d.tok[m]), 0);
    assert_int_equal(nw_ner_particle_len(&d, &d.tok[s]), 0);
    assert_int_equal(nw_ner_particle_len(&d, &d.tok[j]), 0); /* no capital */
    assert_true(nw_ner_particle_cap(&d, &d.tok[a]));
    assert_false(nw_ner_particle_cap(&d, &d.tok[m]));
    assert_int_equal(nw_ner_word_hash(&d, &d.tok[a]), nw_hash_lower("Dabbagh", 7));
    assert_int_equal(nw_ner_word_hash(&d, &d.tok[m]), d.tok[m].hash);
    /* the document facts file the name under "Dabbagh", capitalised */
    nw_ner_docinfo di;
    assert_int_equal(nw_ner_docinfo_build(gaz, &d, &di), 0);
    assert_true(fact(&di, "Dabbagh") & NW_ND_CAP_INSIDE);
    assert_false(fact(&di, "Dabbagh") & NW_ND_LOWER);
    nw_ner_docinfo_release(&di);
    nw_doc_release(&d);
}

static void test_docinfo(void **state) {
    nw_doc d;
    nw_ner_docinfo di;
    (void)state;
    memset(&di, 0, sizeof(di));
    mkdoc(&d, "Minister Brown visited the port on Monday. Later, David Brown said the "
              "regulator Oftel said it would act. Brown flew home from Tarlow, and "
              "the brown river flooded.");
    assert_int_equal(nw_ner_docinfo_build(gaz, &d, &di), 0);
    uint16_t b = fact(&di, "Brown");
    assert_true(b & NW_ND_AFTER_TITLE);
    assert_true(b & NW_ND_AFTER_FIRST);
    assert_true(b & NW_ND_BEFORE_SAID);
    assert_true(b & NW_ND_LOWER);
    assert_true(fact(&di, "Oftel") & NW_ND_BEFORE_SAID);
    assert_true(fact(&di, "Tarlow") & NW_ND_AFTER_LOCPREP);
    assert_int_equal(fact(&di, "Tarlow") & NW_ND_AFTER_TITLE, 0);
    assert_int_equal(fact(&di, "neverseenword"), 0);
    assert_int_equal(di.lower, 0);
    assert_int_equal(nw_ner_docinfo_get(NULL, nw_hash_lower("Brown", 5)), 0);
    nw_ner_docinfo_release(&di);
    nw_ner_docinfo_release(&di);  /* safe twice */
    nw_doc_release(&d);
}

static void test_modes(void **state) {
    nw_doc d;
    nw_ner_docinfo di;
    (void)state;
    memset(&di, 0, sizeof(di));
    mkdoc(&d, "PRIME MINISTER WINS VOTE IN PARLIAMENT\n\nThe prime minister won a vote "
              "in parliament on Tuesday after a long debate.");
    assert_int_equal(nw_ner_docinfo_build(gaz, &d, &di), 0);
    assert_true(d.n_sent >= 2);
    assert_int_equal(nw_ner_sent_mode(&di, &d, d.sent[0].first, d.sent[0].end),
                     NW_NER_MODE_UPPER);
    assert_int_equal(nw_ner_sent_mode(&di, &d, d.sent[1].first, d.sent[1].end),
                     NW_NER_MODE_NORMAL);
    /* in normal text "debate" (lower case, lower-case neighbours) is trivial,
       "Tuesday" is not */
    uint32_t s = d.sent[1].first, e = d.sent[1].end;
    assert_true(nw_ner_trivial(gaz, &d, s, e, tok(&d, "debate", s), NW_NER_MODE_NORMAL));
    assert_false(nw_ner_trivial(gaz, &d, s, e, tok(&d, "Tuesday", s), NW_NER_MODE_NORMAL));
    nw_ner_docinfo_release(&di);
    nw_doc_release(&d);

    memset(&di, 0, sizeof(di));
    mkdoc(&d, "i went to france last summer and the food was great. we stayed near the "
              "coast for a week and it rained twice.");
    assert_int_equal(nw_ner_docinfo_build(gaz, &d, &di), 0);
    assert_int_equal(di.lower, 1);
    assert_int_equal(nw_ner_sent_mode(&di, &d, d.sent[0].first, d.sent[0].end),
                     NW_NER_MODE_LOWER);
    /* a known place name in lower-case text must be scored */
    assert_false(nw_ner_trivial(gaz, &d, d.sent[0].first, d.sent[0].end,
                                tok(&d, "france", 0), NW_NER_MODE_LOWER));
    nw_ner_docinfo_release(&di);
    nw_doc_release(&d);
}

static void test_features(void **state) {
    nw_doc d;
    nw_ner_docinfo di;
    (void)state;
    memset(&di, 0, sizeof(di));
    mkdoc(&d, "Senator Maria Lopez met union leaders in Denver on Friday.");
    assert_int_equal(nw_ner_docinfo_build(gaz, &d, &di), 0);
    uint32_t n = d.sent[0].end - d.sent[0].first;
    assert_true(n <= NW_NER_CHUNK);
    uint32_t *f1 = calloc((size_t)n * NW_NER_NF, sizeof(uint32_t));
    uint32_t *f2 = calloc((size_t)n * NW_NER_NF, sizeof(uint32_t));
    assert_non_null(f1);
    assert_non_null(f2);
    nw_ner_features(gaz, &di, &d, d.sent[0].first, d.sent[0].end, d.sent[0].first,
                    d.sent[0].end, f1);
    nw_ner_features(gaz, &di, &d, d.sent[0].first, d.sent[0].end, d.sent[0].first,
                    d.sent[0].end, f2);
    assert_memory_equal(f1, f2, (size_t)n * NW_NER_NF * sizeof(uint32_t));
    uint32_t maria = tok(&d, "Maria", 0) - d.sent[0].first;
    uint32_t denver = tok(&d, "Denver", 0) - d.sent[0].first;
    /* rows of name tokens are filled (non-zero) and differ from each other */
    uint32_t nz = 0, diff = 0;
    for (uint32_t k = 0; k < NW_NER_NF; k++) {
        nz += f1[maria * NW_NER_NF + k] != 0;
        diff += f1[maria * NW_NER_NF + k] != f1[denver * NW_NER_NF + k];
    }
    assert_true(nz > NW_NER_NF / 2);
    assert_true(diff > 0);
    /* a sub-range gives the same rows as the whole sentence */
    nw_ner_features(gaz, &di, &d, d.sent[0].first, d.sent[0].end,
                    d.sent[0].first + maria, d.sent[0].first + maria + 1, f2);
    assert_memory_equal(f2, f1 + maria * NW_NER_NF, NW_NER_NF * sizeof(uint32_t));
    free(f1);
    free(f2);
    nw_ner_docinfo_release(&di);
    nw_doc_release(&d);
}

static void test_allowed_and_emit(void **state) {
    uint8_t al[(NW_NER_NTAGS + 1) * NW_NER_NTAGS];
    float em[NW_NER_NTAGS];
    const uint32_t T = NW_NER_NTAGS;
    (void)state;
    nw_ner_allowed(al);
    assert_true(al[NW_NER_O * T + NW_NER_B_PER]);
    assert_false(al[NW_NER_O * T + NW_NER_I_PER]);
    assert_true(al[NW_NER_B_PER * T + NW_NER_I_PER]);
    assert_true(al[NW_NER_I_PER * T + NW_NER_I_PER]);
    assert_false(al[NW_NER_B_ORG * T + NW_NER_I_PER]);
    assert_false(al[T * T + NW_NER_I_LOC]);   /* start row */
    assert_true(al[T * T + NW_NER_B_LOC]);
    assert_true(al[NW_NER_I_MISC * T + NW_NER_O]);
    nw_ner_trivial_emit(em);
    for (uint32_t t = 1; t < T; t++)
        assert_true(em[NW_NER_O] > em[t]);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docinfo),
        cmocka_unit_test(test_particles),
        cmocka_unit_test(test_modes),
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_allowed_and_emit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
