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
#include "stance_clf.h"
#include "text.h"

#include <sys/stat.h>
#include <unistd.h>

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
    /* the rule tests run on the lexicons alone: the trained classifier
       would add its own (correct or not) findings */
    f->sm = nw_stance_load_lexicon(NW_DEFAULT_DATADIR, err, sizeof(err));
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

/* "best supporting actress", "backing vocals", "backed off", "blasted
   wide": phrases that only look like a stance (stance.txt label X) give
   none; the verb alone still does */
static void test_lookalike_phrases(void **state) {
    nw_doc d;
    build(*state, &d, "Jane Ortiz was supporting actress for Tom Reyes.",
          NAMES("Jane Ortiz", "Tom Reyes"), NULL, NULL, -1);
    assert_int_equal(d.x->n_stances, 0);
    nw_doc_release(&d);
    build(*state, &d, "Jane Ortiz sang backing vocals for Tom Reyes.",
          NAMES("Jane Ortiz", "Tom Reyes"), NULL, NULL, -1);
    assert_int_equal(d.x->n_stances, 0);
    nw_doc_release(&d);
    /* "backed off", "blasted wide": a retreat, a missed shot */
    build(*state, &d, "Jane Ortiz backed off the plan of Tom Reyes.",
          NAMES("Jane Ortiz", "Tom Reyes"), NULL, NULL, -1);
    assert_null(find(&d, "Jane Ortiz", "", NW_POL_SUPPORT));
    nw_doc_release(&d);
    build(*state, &d, "Jane Ortiz blasted wide from a pass by Tom Reyes.",
          NAMES("Jane Ortiz", "Tom Reyes"), NULL, NULL, -1);
    assert_int_equal(d.x->n_stances, 0);
    nw_doc_release(&d);
    build(*state, &d, "Jane Ortiz said she can thank God that she can still "
          "see.", NAMES("Jane Ortiz", "God"), NULL, NULL, -1);
    assert_null(find(&d, "Jane Ortiz", "God", NW_POL_SUPPORT));
    nw_doc_release(&d);
    build(*state, &d, "Jane Ortiz was supporting Tom Reyes.",
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

/* a phrase target ends in a noun: not in "as" ("condemned the plan as
   ..."), "what", or a reflexive pronoun */
static void test_phrase_target_tail(void **state) {
    nw_doc d;
    build(*state, &d,
          "Anna Berg condemned the ID cards plan as a waste of money.",
          NAMES("Anna Berg"), NULL, NULL, -1);
    const nw_stance *s = find(&d, "Anna Berg", "plan", NW_POL_OPPOSE);
    assert_non_null(s);
    size_t n = strlen(s->target);
    assert_false(n >= 3 && strcmp(s->target + n - 3, " as") == 0);
    nw_doc_release(&d);
    build(*state, &d, "Paul Green criticised himself after the defeat.",
          NAMES("Paul Green"), NULL, NULL, -1);
    assert_null(find(&d, "Paul Green", "himself", NW_POL_OPPOSE));
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

    /* no entity near the evaluative word: the phrase it is said of */
    const char *t3 = "Mary Stone said: \"The proposals on sick pay are "
                     "unworkable and unfair.\"";
    build(*state, &d, t3, NAMES("Mary Stone"), NULL,
          "The proposals on sick pay are unworkable and unfair.", 0);
    const nw_stance *s = find(&d, "Mary Stone", "sick pay", NW_POL_OPPOSE);
    assert_non_null(s);
    assert_int_equal(s->target_entity, -1);
    assert_string_equal(s->target, "proposals on sick pay");
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

static void test_second_pass_rules(void **state) {
    nw_doc d;
    build(*state, &d,
          "Senator Mark Holt accused Governor Linda Park of wasting money.",
          NAMES("Mark Holt", "Linda Park"), NULL, NULL, -1);
    assert_non_null(find(&d, "Mark Holt", "Linda Park", NW_POL_OPPOSE));
    nw_doc_release(&d);

    build(*state, &d, "Tom Walsh blamed the Green Party for the rise in rents.",
          NAMES("Tom Walsh", "Green Party"), "Green Party", NULL, -1);
    assert_non_null(find(&d, "Tom Walsh", "Green Party", NW_POL_OPPOSE));
    nw_doc_release(&d);

    build(*state, &d,
          "Anne Dupont warned that Peter Brandt's plan would ruin farming.",
          NAMES("Anne Dupont", "Peter Brandt"), NULL, NULL, -1);
    assert_non_null(find(&d, "Anne Dupont", "Peter Brandt", NW_POL_OPPOSE));
    nw_doc_release(&d);

    build(*state, &d, "Microsoft hit back at Google on Tuesday.",
          NAMES("Microsoft", "Google"), "Microsoft Google", NULL, -1);
    assert_non_null(find(&d, "Microsoft", "Google", NW_POL_OPPOSE));
    nw_doc_release(&d);

    build(*state, &d, "Sarah Klein welcomed the plan to build a new bridge.",
          NAMES("Sarah Klein"), NULL, NULL, -1);
    assert_non_null(find(&d, "Sarah Klein", "plan", NW_POL_SUPPORT));
    nw_doc_release(&d);

    /* a list of objects that ends before a preposition */
    build(*state, &d,
          "Nina Ford took legal action against Joe Lowe and Ben Carter "
          "after the incident.",
          NAMES("Nina Ford", "Joe Lowe", "Ben Carter"), NULL, NULL, -1);
    assert_non_null(find(&d, "Nina Ford", "Joe Lowe", NW_POL_OPPOSE));
    assert_non_null(find(&d, "Nina Ford", "Ben Carter", NW_POL_OPPOSE));
    nw_doc_release(&d);

    /* "his call": the person behind the possessive is a target too */
    build(*state, &d,
          "Tom Reyes urged Canada to leave the talks. The Kremlin rejected "
          "his call on Friday.",
          NAMES("Tom Reyes", "Canada", "Kremlin"), "Canada Kremlin", NULL, -1);
    assert_non_null(find(&d, "Kremlin", "Tom Reyes", NW_POL_OPPOSE));
    nw_doc_release(&d);

    build(*state, &d,
          "Russia has emerged as a staunch backer of Anna Berg in the row.",
          NAMES("Russia", "Anna Berg"), "Russia", NULL, -1);
    assert_non_null(find(&d, "Russia", "Anna Berg", NW_POL_SUPPORT));
    nw_doc_release(&d);

    build(*state, &d, "Rich Hanley has given his backing to the new standard.",
          NAMES("Rich Hanley"), NULL, NULL, -1);
    assert_non_null(find(&d, "Rich Hanley", "standard", NW_POL_SUPPORT));
    nw_doc_release(&d);
}

/* ------------------------------------------------ the pair classifier -- */

/* A model file under a scratch data dir: lexicons linked to the real
   ones, models/stance.model written by the test. */
typedef struct scratch {
    char dir[64], models[96], model[128], lexicons[96];
} scratch;

static void scratch_make(scratch *s) {
    snprintf(s->dir, sizeof(s->dir), "/tmp/nw-test-stance-XXXXXX");
    assert_non_null(mkdtemp(s->dir));
    snprintf(s->models, sizeof(s->models), "%s/models", s->dir);
    snprintf(s->model, sizeof(s->model), "%s/models/stance.model", s->dir);
    snprintf(s->lexicons, sizeof(s->lexicons), "%s/lexicons", s->dir);
    assert_int_equal(mkdir(s->models, 0700), 0);
    assert_int_equal(symlink(NW_DEFAULT_DATADIR "/lexicons", s->lexicons), 0);
}

static void scratch_remove(scratch *s) {
    unlink(s->model);
    unlink(s->lexicons);
    rmdir(s->models);
    rmdir(s->dir);
}

static void write_bytes(const char *path, const void *b, size_t n) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void *read_all(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long len = ftell(f);
    assert_true(len > 0);
    rewind(f);
    void *b = malloc((size_t)len);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return b;
}

static void test_model_load_errors(void **state) {
    fixture *f = *state;
    scratch sc;
    char err[512];
    size_t n;
    scratch_make(&sc);
    nw_stance_clf *c = nw_stance_clf_new(8, 0);
    assert_non_null(c);
    c->w[3] = 1.5f;
    c->threshold = 2.0f;
    assert_int_equal(nw_stance_clf_save(c, sc.model, err, sizeof(err)), 0);
    nw_stance_clf_free(&c);
    assert_null(c);

    c = nw_stance_clf_load(sc.model, err, sizeof(err));
    assert_non_null(c);
    assert_true(c->w[3] == 1.5f && c->threshold == 2.0f && c->bits == 8);
    nw_stance_clf_free(&c);
    nw_stance_model *m = nw_stance_load(sc.dir, err, sizeof(err));
    assert_non_null(m);
    nw_stance_free(&m);

    unsigned char *b = read_all(sc.model, &n);
    write_bytes(sc.model, b, 30); /* truncated header */
    assert_null(nw_stance_clf_load(sc.model, err, sizeof(err)));
    assert_non_null(strstr(err, "truncated"));
    assert_non_null(strstr(err, sc.model));
    write_bytes(sc.model, b, n - 7); /* truncated weights */
    assert_null(nw_stance_clf_load(sc.model, err, sizeof(err)));
    assert_non_null(strstr(err, "truncated or corrupt"));
    /* the stage refuses to start on a broken model */
    assert_null(nw_stance_load(sc.dir, err, sizeof(err)));
    assert_non_null(strstr(err, "stance model"));

    b[0] = 'X'; /* wrong magic */
    write_bytes(sc.model, b, n);
    assert_null(nw_stance_clf_load(sc.model, err, sizeof(err)));
    assert_non_null(strstr(err, "bad magic"));
    b[0] = 'N';
    b[8] = 99; /* another format version */
    write_bytes(sc.model, b, n);
    assert_null(nw_stance_clf_load(sc.model, err, sizeof(err)));
    assert_non_null(strstr(err, "retrain"));
    b[8] = 1;
    b[n - 1] ^= 0x40; /* a flipped weight bit */
    write_bytes(sc.model, b, n);
    assert_null(nw_stance_clf_load(sc.model, err, sizeof(err)));
    assert_non_null(strstr(err, "checksum"));
    free(b);

    unlink(sc.model);
    assert_null(nw_stance_clf_load(sc.model, err, sizeof(err)));
    assert_non_null(strstr(err, "stance model"));
    scratch_remove(&sc);
    (void)f;
}

/* Features of the pair (first two mentions) of a one-sentence doc. */
static uint32_t pair_feats(fixture *f, nw_doc *d, const char *text,
                           const char *a, const char *b, uint32_t *out) {
    build(f, d, text, NAMES(a, b), NULL, NULL, -1);
    assert_true(d->n_ment >= 2);
    uint8_t *lex = malloc(d->n_tok);
    assert_non_null(lex);
    nw_stance_lex_mark(f->sm, d, lex);
    nw_stance_pair pr = {d->sent[0].first, d->sent[d->n_sent - 1].end,
                         d->ment[0].first, d->ment[0].end,
                         d->ment[1].first, d->ment[1].end};
    uint32_t nf = nw_stance_clf_feats(d, lex, NULL, &pr, out);
    free(lex);
    return nf;
}

static int predict(const nw_stance_clf *c, const uint32_t *ft, uint32_t nf) {
    float sc[NW_STCLF_NCLASS];
    int best = 0;
    nw_stance_clf_scores(c, ft, nf, sc);
    for (int k = 1; k < (int)NW_STCLF_NCLASS; k++)
        if (sc[k] > sc[best])
            best = k;
    return best;
}

static void test_classifier_tiny(void **state) {
    fixture *f = *state;
    static const char *const first[] = {"Anna", "Paul", "Mary", "Tom"};
    static const char *const last[] = {"Berg", "Green", "Stone", "Reyes"};
    static const struct {
        const char *fmt;
        int cls;
    } pat[] = {
        {"%s warmly thanked %s for the help.", NW_STCLF_APOS_B},
        {"%s lashed out at %s over the delays.", NW_STCLF_ANEG_B},
        {"%s had lunch with %s in the city.", NW_STCLF_NONE},
        {"%s was lauded by %s on Monday.", NW_STCLF_BPOS_A},
        {"%s was mocked by %s on Monday.", NW_STCLF_BNEG_A},
    };
    uint32_t ft[NW_STCLF_MAXFEAT];
    char text[256], a[32], b[32];
    nw_doc d;
    nw_stance_clf *c = nw_stance_clf_new(12, 1);
    assert_non_null(c);
    for (int ep = 0; ep < 5; ep++)
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                if (i == j)
                    continue;
                for (size_t p = 0; p < sizeof(pat) / sizeof(pat[0]); p++) {
                    snprintf(a, sizeof(a), "%s %s", first[i], last[j]);
                    snprintf(b, sizeof(b), "%s %s", first[j], last[i]);
                    snprintf(text, sizeof(text), pat[p].fmt, a, b);
                    uint32_t nf = pair_feats(f, &d, text, a, b, ft);
                    nw_stance_clf_learn(c, ft, nf, pat[p].cls);
                    nw_doc_release(&d);
                }
            }
    nw_stance_clf_average(c);
    assert_null(c->acc);
    /* names never seen in training */
    for (size_t p = 0; p < sizeof(pat) / sizeof(pat[0]); p++) {
        snprintf(text, sizeof(text), pat[p].fmt, "Tom Reyes", "Mary Berg");
        uint32_t nf = pair_feats(f, &d, text, "Tom Reyes", "Mary Berg", ft);
        assert_true(nf > 10 && nf <= NW_STCLF_MAXFEAT);
        assert_int_equal(predict(c, ft, nf), pat[p].cls);
        nw_doc_release(&d);
    }

    /* through the stage: the classifier's finding becomes a stance, with
       the holder and target turned round for the passive */
    scratch sc;
    char err[512];
    scratch_make(&sc);
    c->threshold = 0.0f;
    assert_int_equal(nw_stance_clf_save(c, sc.model, err, sizeof(err)), 0);
    fixture f2 = {f->fe, nw_stance_load(sc.dir, err, sizeof(err))};
    assert_non_null(f2.sm);
    build(&f2, &d, "Tom Reyes was mocked by Mary Berg on Monday.",
          NAMES("Tom Reyes", "Mary Berg"), NULL, NULL, -1);
    const nw_stance *s = find(&d, "Mary Berg", "Tom Reyes", NW_POL_OPPOSE);
    assert_non_null(s);
    assert_true(s->score > 0.0 && s->score < 1.0);
    assert_int_equal(d.x->n_stances, 1);
    nw_doc_release(&d);
    build(&f2, &d, "Tom Reyes had lunch with Mary Berg in the city.",
          NAMES("Tom Reyes", "Mary Berg"), NULL, NULL, -1);
    assert_int_equal(d.x->n_stances, 0);
    nw_doc_release(&d);
    /* a confident rule wins over the classifier on a conflict */
    build(&f2, &d, "Tom Reyes praised Mary Berg and mocked the plan.",
          NAMES("Tom Reyes", "Mary Berg"), NULL, NULL, -1);
    assert_non_null(find(&d, "Tom Reyes", "Mary Berg", NW_POL_SUPPORT));
    assert_null(find(&d, "Tom Reyes", "Mary Berg", NW_POL_OPPOSE));
    nw_doc_release(&d);
    nw_stance_free(&f2.sm);
    nw_stance_clf_free(&c);
    scratch_remove(&sc);
}


/* A sports fixture is no stance: with the shipped classifier, "X will line
   up against Y" / "X drew against Y" / "X v Y" give nothing, while a real
   opposition between two teams' officials still does. */
static void test_fixture_no_stance(void **state) {
    fixture *f = *state;
    char err[512];
    fixture full = {f->fe, nw_stance_load(NW_DEFAULT_DATADIR, err, sizeof(err))};
    nw_doc d;
    assert_non_null(full.sm);
    static const char *const T[] = {
        "Eastwick United will line up against Harbor City on Wednesday.",
        "Eastwick United were criticised for the 1-1 draw against Harbor City.",
        "Eastwick United v Harbor City was called off because of snow.",
    };
    for (size_t i = 0; i < sizeof(T) / sizeof(T[0]); i++) {
        build(&full, &d, T[i], NAMES("Eastwick United", "Harbor City"),
              "Eastwick United Harbor City", NULL, -1);
        assert_null(find(&d, "Eastwick United", "Harbor City", NW_POL_OPPOSE));
        nw_doc_release(&d);
    }
    /* a contest won or lost is no stance either */
    static const char *const P[] = {
        "Anna Berg, who lost a three-set thriller against Mary Stone in the "
        "quarter-finals, is in the top 10.",
        "Anna Berg suffered a shock loss to unseeded Mary Stone in round one.",
        "A win for Anna Berg's side against Mary Stone would put them through.",
    };
    for (size_t i = 0; i < sizeof(P) / sizeof(P[0]); i++) {
        build(&full, &d, P[i], NAMES("Anna Berg", "Mary Stone"), "Anna Berg Mary Stone",
              NULL, -1);
        assert_null(find(&d, "Anna Berg", "Mary Stone", NW_POL_OPPOSE));
        nw_doc_release(&d);
    }
    build(&full, &d, "Eastwick United condemned Harbor City over the racist chants.",
          NAMES("Eastwick United", "Harbor City"), "Eastwick United Harbor City", NULL, -1);
    assert_non_null(find(&d, "Eastwick United", "Harbor City", NW_POL_OPPOSE));
    nw_doc_release(&d);
    nw_stance_free(&full.sm);
}

/* Group and nationality words and names the NER left out are holders and
   targets of their own (pseudo-entities: holder_entity / target_entity
   -1), named as written; they never enter the entity list. */
static void test_pseudo_entities(void **state) {
    nw_doc d;
    build(*state, &d, "Republicans condemned Maria Lopez over the vote.",
          NAMES("Maria Lopez"), NULL, NULL, -1);
    const nw_stance *s = find(&d, "Republicans", "Maria Lopez",
                              NW_POL_OPPOSE);
    assert_non_null(s);
    assert_int_equal(s->holder_entity, -1);
    assert_int_equal(s->target_entity, 0);
    assert_int_equal(d.x->n_entities, 1);
    nw_doc_release(&d);

    /* a nationality word as the target, no entity at all */
    build(*state, &d, "Anna Berg praised the Palestinian negotiators.",
          NAMES("Anna Berg"), NULL, NULL, -1);
    s = find(&d, "Anna Berg", "Palestinian", NW_POL_SUPPORT);
    assert_non_null(s);
    assert_int_equal(s->target_entity, -1);
    nw_doc_release(&d);

    /* an unlinked capitalised name (not at the sentence start) */
    build(*state, &d, "On Monday Anna Berg praised Okonkwo for his work.",
          NAMES("Anna Berg"), NULL, NULL, -1);
    assert_non_null(find(&d, "Anna Berg", "Okonkwo", NW_POL_SUPPORT));
    nw_doc_release(&d);

    build(*state, &d, "Senator Tom Reyes criticised Muslims in a speech.",
          NAMES("Tom Reyes"), NULL, NULL, -1);
    s = find(&d, "Tom Reyes", "Muslims", NW_POL_OPPOSE);
    assert_non_null(s);
    assert_int_equal(s->target_entity, -1);
    nw_doc_release(&d);

    /* "the Conservatives" joins the entity "Conservative Party" */
    build(*state, &d,
          "The Conservative Party met. Anna Berg attacked the Conservatives.",
          NAMES("Conservative Party", "Anna Berg"), "Conservative Party",
          NULL, -1);
    s = find(&d, "Anna Berg", "Conservative Party", NW_POL_OPPOSE);
    assert_non_null(s);
    assert_int_equal(s->target_entity, 0);
    nw_doc_release(&d);

    /* a modifier of a named holder is no holder */
    build(*state, &d,
          "Russian foreign minister Ivan Petrov condemned Anna Berg.",
          NAMES("Ivan Petrov", "Anna Berg"), NULL, NULL, -1);
    assert_non_null(find(&d, "Ivan Petrov", "Anna Berg", NW_POL_OPPOSE));
    assert_null(find(&d, "Russian", "Anna Berg", NW_POL_OPPOSE));
    nw_doc_release(&d);

    /* the nationality of one person is not the country's */
    build(*state, &d, "Anna Berg condemned the Danish journalist.",
          NAMES("Anna Berg"), NULL, NULL, -1);
    for (size_t i = 0; i < d.x->n_stances; i++)
        assert_string_not_equal(d.x->stances[i].target, "Danish");
    nw_doc_release(&d);
    /* ... a player's or a pilot's too */
    build(*state, &d, "Islamic State executed the captured Jordanian pilot. "
          "Anna Berg condemned the Danish flanker.",
          NAMES("Islamic State", "Anna Berg"), NULL, NULL, -1);
    for (size_t i = 0; i < d.x->n_stances; i++) {
        assert_string_not_equal(d.x->stances[i].target, "Jordanian");
        assert_string_not_equal(d.x->stances[i].target, "Danish");
    }
    nw_doc_release(&d);
}

/* Verbs of intent with a deed, reported judgements and long lists. */
static void test_third_pass_rules(void **state) {
    nw_doc d;
    build(*state, &d,
          "The Greens have pledged to boost pensions by raising taxes.",
          NAMES("Greens"), "Greens", NULL, -1);
    assert_non_null(find(&d, "Greens", "boost pensions", NW_POL_SUPPORT));
    nw_doc_release(&d);

    build(*state, &d,
          "The Paris Club on Monday offered to freeze loans owed by "
          "poor countries.",
          NAMES("Paris Club"), "Paris Club", NULL, -1);
    assert_non_null(find(&d, "Paris Club", "freeze loans", NW_POL_SUPPORT));
    nw_doc_release(&d);

    /* negated intent flips */
    build(*state, &d, "Tom Reyes does not want to raise the fare.",
          NAMES("Tom Reyes"), NULL, NULL, -1);
    assert_null(find(&d, "Tom Reyes", "raise the fare", NW_POL_SUPPORT));
    nw_doc_release(&d);

    build(*state, &d,
          "Anna Berg also wants other cities to match her target for "
          "cleaner buses.",
          NAMES("Anna Berg"), NULL, NULL, -1);
    assert_non_null(find(&d, "Anna Berg", "match her target for cleaner",
                         NW_POL_SUPPORT));
    nw_doc_release(&d);

    /* a noun, not a verb of intent */
    build(*state, &d, "Tom Reyes criticised plans to raise the fare.",
          NAMES("Tom Reyes"), NULL, NULL, -1);
    assert_null(find(&d, "Tom Reyes", "raise the fare", NW_POL_SUPPORT));
    assert_non_null(find(&d, "Tom Reyes", "plans", NW_POL_OPPOSE));
    nw_doc_release(&d);

    build(*state, &d, "Mary Stone insisted her budget plans were affordable.",
          NAMES("Mary Stone"), NULL, NULL, -1);
    assert_non_null(find(&d, "Mary Stone", "budget plans", NW_POL_SUPPORT));
    nw_doc_release(&d);

    build(*state, &d, "In the end, a rate cut is necessary, Paul Green said.",
          NAMES("Paul Green"), NULL, NULL, -1);
    assert_non_null(find(&d, "Paul Green", "rate cut", NW_POL_SUPPORT));
    nw_doc_release(&d);

    build(*state, &d,
          "Mary Stone said the scheme was not unfair to drivers.",
          NAMES("Mary Stone"), NULL, NULL, -1);
    assert_null(find(&d, "Mary Stone", "scheme", NW_POL_OPPOSE));
    nw_doc_release(&d);

    build(*state, &d,
          "Mary Stone said it was right for the new tribunal to sit in "
          "public.",
          NAMES("Mary Stone"), NULL, NULL, -1);
    assert_non_null(find(&d, "Mary Stone", "new tribunal", NW_POL_SUPPORT));
    nw_doc_release(&d);

    build(*state, &d, "It is vital to protect the green belt, Anna Berg said.",
          NAMES("Anna Berg"), NULL, NULL, -1);
    assert_non_null(find(&d, "Anna Berg", "protect the green belt",
                         NW_POL_SUPPORT));
    nw_doc_release(&d);

    /* a labelling verb with a phrase: "described X as ..." */
    build(*state, &d,
          "Farmer Tom Reyes described the curfew as \"ridiculous\".",
          NAMES("Tom Reyes"), NULL, NULL, -1);
    assert_non_null(find(&d, "Tom Reyes", "curfew", NW_POL_OPPOSE));
    nw_doc_release(&d);

    /* "X has said it does not wish to ...": it is X, and the refusal
       flips the choice */
    build(*state, &d,
          "Norway has said it does not wish to sign up to a fishing quota.",
          NAMES("Norway"), "Norway", NULL, -1);
    assert_non_null(find(&d, "Norway", "fishing quota", NW_POL_OPPOSE));
    assert_null(find(&d, "Norway", "fishing quota", NW_POL_SUPPORT));
    nw_doc_release(&d);

    /* "We've" inside a quote is the speaker; " - " ends the phrase */
    build(*state, &d,
          "Mary Stone said: \"We've long backed night buses - and we "
          "still do.\"",
          NAMES("Mary Stone"), NULL, "We've long backed night buses", 0);
    const nw_stance *st = find(&d, "Mary Stone", "night buses",
                               NW_POL_SUPPORT);
    assert_non_null(st);
    assert_null(strstr(st->target, "-"));
    nw_doc_release(&d);

    /* a gerund after "considering", the speaker at the end holds it */
    build(*state, &d,
          "The council was considering closing the library entirely, "
          "Paul Green said.",
          NAMES("Paul Green"), NULL, NULL, -1);
    st = find(&d, "Paul Green", "closing the library", NW_POL_SUPPORT);
    assert_non_null(st);
    assert_null(strstr(st->target, "entirely"));
    nw_doc_release(&d);

    /* "wants X to do more to help Y" */
    build(*state, &d,
          "Tom Reyes spoke. He also wants richer towns to do more to help "
          "the rural bus routes.",
          NAMES("Tom Reyes"), NULL, NULL, -1);
    assert_non_null(find(&d, "Tom Reyes", "help the rural bus routes",
                         NW_POL_SUPPORT));
    nw_doc_release(&d);

    /* a demand made of someone: weak opposition; a request to back a
       third party stays with the verb rules */
    build(*state, &d,
          "Anna Berg called on Mr Reyes to publish the full accounts.",
          NAMES("Anna Berg", "Reyes"), NULL, NULL, -1);
    st = find(&d, "Anna Berg", "Reyes", NW_POL_OPPOSE);
    assert_non_null(st);
    assert_true(st->score < 0.5);
    nw_doc_release(&d);
    build(*state, &d, "Anna Berg urged Tom Reyes to back Mary Stone.",
          NAMES("Anna Berg", "Tom Reyes", "Mary Stone"), NULL, NULL, -1);
    assert_null(find(&d, "Anna Berg", "Tom Reyes", NW_POL_OPPOSE));
    assert_non_null(find(&d, "Anna Berg", "Mary Stone", NW_POL_SUPPORT));
    nw_doc_release(&d);

    /* a list with long items, closed by "and" */
    build(*state, &d,
          "Paul Green opposed the toll on the old bridge in the north, "
          "higher parking fees and ID card plans.",
          NAMES("Paul Green"), NULL, NULL, -1);
    assert_non_null(find(&d, "Paul Green", "toll", NW_POL_OPPOSE));
    assert_non_null(find(&d, "Paul Green", "parking fees", NW_POL_OPPOSE));
    assert_non_null(find(&d, "Paul Green", "ID card plans", NW_POL_OPPOSE));
    nw_doc_release(&d);
}

/* A stance whose target is exactly target, or NULL. */
static const nw_stance *find_exact(const nw_doc *d, const char *holder,
                                   const char *target) {
    for (size_t i = 0; i < d->x->n_stances; i++) {
        const nw_stance *s = &d->x->stances[i];
        if (strcmp(s->holder, holder) == 0 && strcmp(s->target, target) == 0)
            return s;
    }
    return NULL;
}

/* The fourth pass: lists with a bare "and" inside an item, demonstratives
   pointing back at a proposal, what a speaker says should be done, "a
   pernicious form of X", scare quotes, "he" after a person named after a
   preposition, calendar words that are no names. */
static void test_fourth_pass_rules(void **state) {
    nw_doc d;
    /* in a comma list only the last "and" closes it */
    build(*state, &d,
          "Paul Green criticised the new curfew, plans to close the library, "
          "stop and search powers and speed camera plans.",
          NAMES("Paul Green"), NULL, NULL, -1);
    assert_non_null(find(&d, "Paul Green", "stop and search powers",
                         NW_POL_OPPOSE));
    assert_non_null(find(&d, "Paul Green", "speed camera plans", NW_POL_OPPOSE));
    assert_null(find_exact(&d, "Paul Green", "search powers"));
    assert_null(find_exact(&d, "Paul Green", "stop"));
    nw_doc_release(&d);

    /* "... but X has overruled this": the deed proposed before */
    build(*state, &d,
          "Ministers had proposed getting rid of the night bus, but the "
          "City Council has overruled this.",
          NAMES("City Council"), "City Council", NULL, -1);
    assert_non_null(find(&d, "City Council", "getting rid of the night bus",
                         NW_POL_OPPOSE));
    nw_doc_release(&d);

    /* "This idea has been adopted by X": the deed of the sentence before */
    build(*state, &d,
          "The mayor is considering introducing a tax on sugary drinks. "
          "This idea has been adopted by the Greens as policy.",
          NAMES("Greens"), "Greens", NULL, -1);
    assert_non_null(find(&d, "Greens", "introducing a tax on sugary drinks",
                         NW_POL_SUPPORT));
    nw_doc_release(&d);
    /* no proposal before: nothing */
    build(*state, &d,
          "The mayor spoke on Monday. This idea has been adopted by the "
          "Greens.",
          NAMES("Greens"), "Greens", NULL, -1);
    assert_int_equal(d.x->n_stances, 0);
    nw_doc_release(&d);

    /* a deed the speaker says should be done */
    build(*state, &d,
          "Anna Berg said: \"The council should cut the parking fees in "
          "the centre.\"",
          NAMES("Anna Berg"), NULL,
          "The council should cut the parking fees in the centre.", 0);
    assert_non_null(find(&d, "Anna Berg", "cut the parking fees",
                         NW_POL_SUPPORT));
    nw_doc_release(&d);
    build(*state, &d,
          "Anna Berg said: \"No council should cut the parking fees.\"",
          NAMES("Anna Berg"), NULL, "No council should cut the parking fees.",
          0);
    assert_null(find(&d, "Anna Berg", "parking fees", NW_POL_SUPPORT));
    nw_doc_release(&d);
    build(*state, &d,
          "Anna Berg said: \"They should make clear what they want.\"",
          NAMES("Anna Berg"), NULL, "They should make clear what they want.",
          0);
    assert_int_equal(d.x->n_stances, 0);
    nw_doc_release(&d);

    /* "a pernicious form of X" */
    build(*state, &d,
          "Paul Green said: \"These hiring rules are a truly "
          "pernicious form of age bias.\"",
          NAMES("Paul Green"), NULL,
          "These hiring rules are a truly pernicious form of age bias.",
          0);
    assert_non_null(find(&d, "Paul Green", "age bias",
                         NW_POL_OPPOSE));
    nw_doc_release(&d);

    /* "Wimbledon champion X" is a title, "Kremlin critic X" a stance */
    build(*state, &d, "Wimbledon champion Anna Berg beat Kremlin critic Paul Green.",
          NAMES("Wimbledon", "Anna Berg", "Kremlin", "Paul Green"), NULL, NULL, -1);
    assert_null(find(&d, "Anna Berg", "Wimbledon", NW_POL_SUPPORT));
    assert_non_null(find(&d, "Paul Green", "Kremlin", NW_POL_OPPOSE));
    nw_doc_release(&d);

    /* a word in scare quotes is someone else's */
    build(*state, &d,
          "Mary Stone said: \"They keep on about the Acme 'menace' all "
          "day.\"",
          NAMES("Mary Stone", "Acme"), "Acme",
          "They keep on about the Acme 'menace' all day.", 0);
    assert_null(find(&d, "Mary Stone", "Acme", NW_POL_OPPOSE));
    nw_doc_release(&d);

    /* "he" after a person named after a preposition: the earlier
       subject */
    build(*state, &d,
          "Tom Reyes brushed aside a warning from Commissioner Paul Green. "
          "In his speech, he praised the new budget.",
          NAMES("Tom Reyes", "Paul Green"), NULL, NULL, -1);
    assert_non_null(find(&d, "Tom Reyes", "new budget", NW_POL_SUPPORT));
    assert_null(find(&d, "Paul Green", "new budget", NW_POL_SUPPORT));
    nw_doc_release(&d);

    /* "New Year" is no unlinked name to hold a stance */
    build(*state, &d, "The New Year speech praised Acme for its work.",
          NAMES("Acme"), "Acme", NULL, -1);
    assert_null(find(&d, "New Year", "Acme", NW_POL_SUPPORT));
    assert_null(find(&d, "New", "Acme", NW_POL_SUPPORT));
    nw_doc_release(&d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verb_support),
        cmocka_unit_test(test_lookalike_phrases),
        cmocka_unit_test(test_verb_oppose),
        cmocka_unit_test(test_phrase_target),
        cmocka_unit_test(test_phrase_target_tail),
        cmocka_unit_test(test_adjective_and_preposition),
        cmocka_unit_test(test_nominal_forms),
        cmocka_unit_test(test_negation_and_modality),
        cmocka_unit_test(test_passive),
        cmocka_unit_test(test_call_on_and_request),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_pronoun_and_merge),
        cmocka_unit_test(test_empty_and_load_error),
        cmocka_unit_test(test_second_pass_rules),
        cmocka_unit_test(test_model_load_errors),
        cmocka_unit_test(test_classifier_tiny),
        cmocka_unit_test(test_fixture_no_stance),
        cmocka_unit_test(test_pseudo_entities),
        cmocka_unit_test(test_third_pass_rules),
        cmocka_unit_test(test_fourth_pass_rules),
    };
    return cmocka_run_group_tests_name("stance", tests, setup, teardown);
}
