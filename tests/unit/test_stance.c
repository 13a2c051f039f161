/*
 * test_stance.c -- unit tests of the stance stage (worker/extract/stance.c).
 *
 * Each test builds a document by hand from a sentence written for this
 * file: the real front end tokenises it, the entities and their mentions
 * are given (so the test does not depend on the NER model), quotes are
 * placed where a test needs them, then nw_stance_run() fills the stances.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "stance.h"
#include "text.h"

typedef struct fixture {
    nw_frontend *fe;
    nw_stance_model *sm;
} fixture;

static int setup(void **state) {
    char err[256];
    fixture *f = calloc(1, sizeof(*f));
    if (!f)
        return -1;
    f->fe = nw_frontend_load(NW_DEFAULT_DATADIR, err, sizeof(err));
    f->sm = nw_stance_load(NW_DEFAULT_DATADIR, err, sizeof(err));
    if (!f->fe || !f->sm) {
        fprintf(stderr, "load: %s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    nw_frontend_free(&f->fe);
    nw_stance_free(&f->sm);
    free(f);
    return 0;
}

/* Does the token sequence at i spell name (words split at spaces)? */
static uint32_t name_at(const nw_doc *d, uint32_t i, const char *name) {
    const char *p = name;
    uint32_t k = i;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (k >= d->n_tok || nw_tok_len(d, k) != n ||
            strncmp(nw_tok_ptr(d, k), p, n) != 0)
            return 0;
        k++;
        p += n;
        while (*p == ' ')
            p++;
    }
    return k - i;
}

/*
 * Build a doc over text with entities names[0..n) (type PERSON unless the
 * name is in orgs), every occurrence a mention.  quote_text, when not NULL,
 * becomes a quote said by entity quote_speaker.  Runs the stance stage.
 */
static void build(fixture *f, nw_doc *d, const char *text,
                  const char *const *names, size_t n, const char *orgs,
                  const char *quote_text, int quote_speaker) {
    memset(d, 0, sizeof(*d));
    assert_int_equal(nw_text_init(&d->text, text, strlen(text)), 0);
    d->x = calloc(1, sizeof(*d->x));
    assert_non_null(d->x);
    assert_int_equal(nw_frontend_run(f->fe, d), 0);
    d->x->entities = calloc(n, sizeof(nw_entity));
    d->ment = calloc(d->n_tok + 1, sizeof(nw_mention));
    assert_non_null(d->x->entities);
    assert_non_null(d->ment);
    for (size_t e = 0; e < n; e++) {
        d->x->entities[e].name = strdup(names[e]);
        assert_non_null(d->x->entities[e].name);
        d->x->entities[e].type =
            orgs && strstr(orgs, names[e]) ? NW_ENT_ORG : NW_ENT_PERSON;
    }
    d->x->n_entities = n;
    for (uint32_t i = 0; i < d->n_tok;) {
        uint32_t best = 0;
        size_t be = 0;
        for (size_t e = 0; e < n; e++) {
            uint32_t len = name_at(d, i, names[e]);
            if (len > best) {
                best = len;
                be = e;
            }
        }
        if (!best) {
            i++;
            continue;
        }
        nw_mention *m = &d->ment[d->n_ment++];
        m->first = i;
        m->end = i + best;
        m->type = (uint8_t)d->x->entities[be].type;
        m->score = 1.0f;
        m->entity = (int32_t)be;
        i += best;
    }
    if (quote_text) {
        const char *p = strstr(text, quote_text);
        assert_non_null(p);
        d->x->quotes = calloc(1, sizeof(nw_quote));
        assert_non_null(d->x->quotes);
        d->x->n_quotes = 1;
        d->x->quotes[0].span.start = (size_t)(p - text);
        d->x->quotes[0].span.end = (size_t)(p - text) + strlen(quote_text);
        d->x->quotes[0].speaker_entity = quote_speaker;
    }
    assert_int_equal(nw_stance_run(f->sm, d), 0);
}

/* The stance holder -> target (target matched as a substring) with pol,
   or NULL. */
static const nw_stance *find(const nw_doc *d, const char *holder,
                             const char *target, nw_polarity pol) {
    for (size_t i = 0; i < d->x->n_stances; i++) {
        const nw_stance *s = &d->x->stances[i];
        if (strcmp(s->holder, holder) == 0 && strstr(s->target, target) &&
            s->polarity == pol)
            return s;
    }
    return NULL;
}

#define NAMES(...) (const char *const[]){__VA_ARGS__}, \
    sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)

static void test_verb_support(void **state) {
    nw_doc d;
    build(*state, &d, "Russia backs Nicolas Maduro in the dispute.",
          NAMES("Russia", "Nicolas Maduro"), "Russia", NULL, -1);
    const nw_stance *s = find(&d, "Russia", "Nicolas Maduro", NW_POL_SUPPORT);
    assert_non_null(s);
    assert_int_equal(s->holder_entity, 0);
    assert_int_equal(s->target_entity, 1);
    assert_true(s->score > 0.5 && s->score <= 1.0);
    assert_true(s->evidence.start == 0 && s->evidence.end > 30);
    assert_int_equal(d.x->n_stances, 1);
    nw_doc_release(&d);

    build(*state, &d, "Senator Jane Ortiz praised Tom Reyes on Friday.",
          NAMES("Jane Ortiz", "Tom Reyes"), NULL, NULL, -1);
    assert_non_null(find(&d, "Jane Ortiz", "Tom Reyes", NW_POL_SUPPORT));
    nw_doc_release(&d);
}

static void test_verb_oppose(void **state) {
    nw_doc d;
    build(*state, &d,
          "The Kremlin rejected Donald Trump's call for new sanctions.",
          NAMES("Kremlin", "Donald Trump"), "Kremlin", NULL, -1);
    assert_non_null(find(&d, "Kremlin", "Donald Trump", NW_POL_OPPOSE));
    assert_null(find(&d, "Kremlin", "Donald Trump", NW_POL_SUPPORT));
    nw_doc_release(&d);

    build(*state, &d, "Anna Berg and Paul Green condemned the attack.",
          NAMES("Anna Berg", "Paul Green"), NULL, NULL, -1);
    assert_non_null(find(&d, "Paul Green", "attack", NW_POL_OPPOSE));
    assert_non_null(find(&d, "Anna Berg", "attack", NW_POL_OPPOSE));
    nw_doc_release(&d);
}

static void test_phrase_target(void **state) {
    nw_doc d;
    build(*state, &d,
          "Senator Jane Ortiz wants a military base in Venezuela, aides said.",
          NAMES("Jane Ortiz", "Venezuela"), NULL, NULL, -1);
    const nw_stance *s = find(&d, "Jane Ortiz", "military base",
                              NW_POL_SUPPORT);
    assert_non_null(s);
    assert_int_equal(s->target_entity, -1);
    nw_doc_release(&d);
}

static void test_adjective_and_preposition(void **state) {
    nw_doc d;
    build(*state, &d, "Senator Tom Reyes is firmly against the new base.",
          NAMES("Tom Reyes"), NULL, NULL, -1);
    assert_non_null(find(&d, "Tom Reyes", "base", NW_POL_OPPOSE));
    nw_doc_release(&d);

    build(*state, &d, "Paul Green has been highly critical of Gazprom.",
          NAMES("Paul Green", "Gazprom"), "Gazprom", NULL, -1);
    assert_non_null(find(&d, "Paul Green", "Gazprom", NW_POL_OPPOSE));
    nw_doc_release(&d);

    build(*state, &d, "Most unions voted in favour of the pay deal.",
          NAMES("Tom Reyes"), NULL, NULL, -1);
    assert_int_equal(d.x->n_stances, 0); /* no named holder */
    nw_doc_release(&d);
}

static void test_nominal_forms(void **state) {
    nw_doc d;
    build(*state, &d,
          "Anna Berg, a vocal critic of Gazprom, spoke in Oslo on Monday.",
          NAMES("Anna Berg", "Gazprom", "Oslo"), "Gazprom", NULL, -1);
    assert_non_null(find(&d, "Anna Berg", "Gazprom", NW_POL_OPPOSE));
    assert_int_equal(d.x->n_stances, 1);
    nw_doc_release(&d);

    build(*state, &d, "Paul Green is a staunch backer of Mary Stone.",
          NAMES("Paul Green", "Mary Stone"), NULL, NULL, -1);
    assert_non_null(find(&d, "Paul Green", "Mary Stone", NW_POL_SUPPORT));
    nw_doc_release(&d);

    build(*state, &d, "Germany voiced strong support for Ukraine.",
          NAMES("Germany", "Ukraine"), "Germany Ukraine", NULL, -1);
    assert_non_null(find(&d, "Germany", "Ukraine", NW_POL_SUPPORT));
    nw_doc_release(&d);

    build(*state, &d, "Mary Stone's criticism of Paul Green grew louder.",
          NAMES("Mary Stone", "Paul Green"), NULL, NULL, -1);
    assert_non_null(find(&d, "Mary Stone", "Paul Green", NW_POL_OPPOSE));
    nw_doc_release(&d);
}

static void test_negation_and_modality(void **state) {
    nw_doc d;
    build(*state, &d, "Paul Green did not criticise Mary Stone.",
          NAMES("Paul Green", "Mary Stone"), NULL, NULL, -1);
    assert_int_equal(d.x->n_stances, 0);
    nw_doc_release(&d);

    /* "is not supporting X" reads as opposition, with a low score */
    build(*state, &d, "Paul Green is not supporting Mary Stone.",
          NAMES("Paul Green", "Mary Stone"), NULL, NULL, -1);
    assert_null(find(&d, "Paul Green", "Mary Stone", NW_POL_SUPPORT));
    const nw_stance *s = find(&d, "Paul Green", "Mary Stone", NW_POL_OPPOSE);
    assert_non_null(s);
    assert_true(s->score < 0.5);
    nw_doc_release(&d);

    build(*state, &d, "Paul Green refused to back the budget.",
          NAMES("Paul Green"), NULL, NULL, -1);
    assert_non_null(find(&d, "Paul Green", "budget", NW_POL_OPPOSE));
    nw_doc_release(&d);

    build(*state, &d, "Will Germany back Ukraine?",
          NAMES("Germany", "Ukraine"), "Germany Ukraine", NULL, -1);
    assert_int_equal(d.x->n_stances, 0);
    nw_doc_release(&d);

    build(*state, &d, "Paul Green might endorse Mary Stone.",
          NAMES("Paul Green", "Mary Stone"), NULL, NULL, -1);
    s = find(&d, "Paul Green", "Mary Stone", NW_POL_SUPPORT);
    assert_non_null(s);
    assert_true(s->score < 0.8);
    nw_doc_release(&d);
}

static void test_passive(void **state) {
    nw_doc d;
    build(*state, &d, "Mary Stone was sharply criticised by Paul Green.",
          NAMES("Mary Stone", "Paul Green"), NULL, NULL, -1);
    assert_non_null(find(&d, "Paul Green", "Mary Stone", NW_POL_OPPOSE));
    assert_null(find(&d, "Mary Stone", "Paul Green", NW_POL_OPPOSE));
    nw_doc_release(&d);

    /* no agent: no holder */
    build(*state, &d, "Mary Stone was criticised for the delay.",
          NAMES("Mary Stone"), NULL, NULL, -1);
    assert_int_equal(d.x->n_stances, 0);
    nw_doc_release(&d);
}

static void test_call_on_and_request(void **state) {
    nw_doc d;
    build(*state, &d, "France called on Russia to withdraw its troops.",
          NAMES("France", "Russia"), "France Russia", NULL, -1);
    assert_non_null(find(&d, "France", "Russia", NW_POL_OPPOSE));
    nw_doc_release(&d);

    /* the one who urges holds the stance, not the one urged */
    build(*state, &d, "Paul Green urged Germany to back the plan.",
          NAMES("Paul Green", "Germany"), "Germany", NULL, -1);
    assert_non_null(find(&d, "Paul Green", "plan", NW_POL_SUPPORT));
    assert_null(find(&d, "Germany", "plan", NW_POL_SUPPORT));
    nw_doc_release(&d);
}

static void test_quotes(void **state) {
    nw_doc d;
    const char *t1 = "\"Mary Stone is a disgrace,\" Paul Green said.";
    build(*state, &d, t1, NAMES("Paul Green", "Mary Stone"), NULL,
          "Mary Stone is a disgrace", 0);
    assert_non_null(find(&d, "Paul Green", "Mary Stone", NW_POL_OPPOSE));
    nw_doc_release(&d);

    const char *t2 = "\"We fully support Mary Stone,\" Paul Green said.";
    build(*state, &d, t2, NAMES("Paul Green", "Mary Stone"), NULL,
          "We fully support Mary Stone", 0);
    assert_non_null(find(&d, "Paul Green", "Mary Stone", NW_POL_SUPPORT));
    nw_doc_release(&d);

    /* without a speaker the quote gives nothing */
    build(*state, &d, t1, NAMES("Paul Green", "Mary Stone"), NULL,
          "Mary Stone is a disgrace", -1);
    assert_null(find(&d, "Paul Green", "Mary Stone", NW_POL_OPPOSE));
    nw_doc_release(&d);
}

static void test_pronoun_and_merge(void **state) {
    nw_doc d;
    build(*state, &d,
          "Paul Green spoke in Leeds. He praised Mary Stone. Later he "
          "warmly praised Mary Stone again.",
          NAMES("Paul Green", "Mary Stone", "Leeds"), "Leeds", NULL, -1);
    assert_non_null(find(&d, "Paul Green", "Mary Stone", NW_POL_SUPPORT));
    assert_int_equal(d.x->n_stances, 1); /* merged */
    nw_doc_release(&d);
}

static void test_empty_and_load_error(void **state) {
    fixture *f = *state;
    nw_doc d;
    char err[256];
    build(f, &d, "", NAMES("Paul Green"), NULL, NULL, -1);
    assert_int_equal(d.x->n_stances, 0);
    nw_doc_release(&d);
    err[0] = '\0';
    nw_stance_model *m = nw_stance_load("/nonexistent-dir", err, sizeof(err));
    assert_null(m);
    assert_true(strlen(err) > 0);
    nw_stance_free(&m);
    nw_stance_free(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verb_support),
        cmocka_unit_test(test_verb_oppose),
        cmocka_unit_test(test_phrase_target),
        cmocka_unit_test(test_adjective_and_preposition),
        cmocka_unit_test(test_nominal_forms),
        cmocka_unit_test(test_negation_and_modality),
        cmocka_unit_test(test_passive),
        cmocka_unit_test(test_call_on_and_request),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_pronoun_and_merge),
        cmocka_unit_test(test_empty_and_load_error),
    };
    return cmocka_run_group_tests_name("stance", tests, setup, teardown);
}
