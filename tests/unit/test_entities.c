/*
 * test_entities.c -- entity consolidation (entities.c), one test per merge
 * rule, on passages written for these tests.
 *
 * The stage is tested alone: a passage marks its mentions inline as
 * "[Tony Blair|P]" (P person, O organisation, L place, D date, M misc, an
 * optional ":0.3" confidence), the real front end tokenises the plain
 * text, and the marks become doc->ment, so the tests do not depend on the
 * NER model.  Most tests load word lists written by the test into a
 * temporary data folder (so a change to the shipped gazetteers cannot break
 * them); one test loads the shipped worker/data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "doc.h"
#include "entities.h"
#include "text.h"

#ifndef NW_DEFAULT_DATADIR
#define NW_DEFAULT_DATADIR "worker/data"
#endif

/* ------------------------------------------------------------ fixture -- */

static char tmpdir[256];
static nw_entities_model *model;   /* from the test lists */
static nw_frontend *fe;

static const struct {
    const char *name, *text;
} test_files[] = {
    {"aliases.txt", "# test\nus\tUnited States\nu.s.\tUnited States\n"
                    "america\tUnited States\nunited states of america\tUnited States\n"
                    "britain\tUnited Kingdom\nuk\tUnited Kingdom\n"
                    "rt\tRT|ORG\nrussia today\tRT|ORG\n"},
    {"stop_entities.txt", "the\tFW\ni\tFW\nmonday\ngdp\ntv\nmr\tHON\n"},
    {"entities_designators.txt", "party\tORG\nstrip\tLOC\nmagazine\tORG\n"
                                 "based\tAFFIX\nsponsored\tAFFIX\nled\tAFFIX\n"},
    {"date_words.txt", "tuesday\nmay\n"},
    {"org_words.txt", "ministry\ncouncil\nclinic\nuniversity\nhospital\ndiocese\n"},
    {"people.txt", "barack obama\n"},
    {"titles.txt", "mr\tM\nmrs\tF\nms\tF\nmiss\tF\nsir\tM\nlord\tM\nqueen\tF\nprince\tM\n"
                   "president\nforeign minister\nspokeswoman\tF\nchancellor\n"
                   "prime minister\nsecretary\nmayor\nmp\n"},
    {"first_names.txt", "maria\tF\ntony\tM\npatricia\tF\nsteven\tM\nshirley\tF\n"
                        "gordon\tM\nfrancesco\tM\nnigel\tM\njohn\tM\n"
                        "howard\tM\nedward\tM\n"},
    {"demonyms.txt", "russian\nvenezuelan\namerican\nbritish\nsri lankan\nbriton\nkorean\n"},
    {"countries.txt", "france\nrussia\nunited states\nvenezuela\nnorth korea\nsouth korea\n"
                      "chad\nnicaragua\noman\n"},
    {"cities.txt", "moscow\nparis\nwashington\noxford\n"},
    {"regions.txt", "aceh\nzorvia\n"},
    {"organisations.txt", "zorvia\ndenis motors\n"},
    {"surnames_first.txt", "# test\nwang\nkim\n"},
    {"names_big.txt", "# test\ndenis\n"},
    {"org_cues.txt", "# test\nfirm\ncompany\n"},
};

static int setup(void **state) {
    char path[512], err[256];
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/nw_test_entities.XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(path, sizeof(path), "%s/gazetteers", tmpdir);
    if (mkdir(path, 0700) != 0)
        return -1;
    for (size_t i = 0; i < sizeof(test_files) / sizeof(test_files[0]); i++) {
        snprintf(path, sizeof(path), "%s/gazetteers/%s", tmpdir, test_files[i].name);
        FILE *f = fopen(path, "w");
        if (!f)
            return -1;
        fputs(test_files[i].text, f);
        fclose(f);
    }
    model = nw_entities_load(tmpdir, err, sizeof(err));
    if (!model) {
        fprintf(stderr, "load: %s\n", err);
        return -1;
    }
    fe = nw_frontend_load(NW_DEFAULT_DATADIR, err, sizeof(err));
    if (!fe) {
        fprintf(stderr, "frontend: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state) {
    char path[512];
    (void)state;
    nw_entities_free(&model);
    nw_frontend_free(&fe);
    for (size_t i = 0; i < sizeof(test_files) / sizeof(test_files[0]); i++) {
        snprintf(path, sizeof(path), "%s/gazetteers/%s", tmpdir, test_files[i].name);
        unlink(path);
    }
    snprintf(path, sizeof(path), "%s/gazetteers", tmpdir);
    rmdir(path);
    rmdir(tmpdir);
    return 0;
}

/* ------------------------------------------------------------ passages -- */

typedef struct passage {
    char text[4096];
    size_t len;
    nw_doc d;
} passage;

static uint8_t type_of(char c) {
    switch (c) {
    case 'P': return NW_ENT_PERSON;
    case 'O': return NW_ENT_ORG;
    case 'L': return NW_ENT_LOC;
    case 'D': return NW_ENT_DATE;
    default: return NW_ENT_MISC;
    }
}

/* Parse the marks, tokenise, set the mentions, run the stage. */
static passage *run_passage(const nw_entities_model *m, const char *marked) {
    struct { size_t s, e; uint8_t type; float score; uint8_t wc; } sp[64];
    size_t n_sp = 0;
    passage *p = calloc(1, sizeof(*p));
    assert_non_null(p);
    for (const char *c = marked; *c; c++) {
        if (*c == '[') {
            sp[n_sp].s = p->len;
            continue;
        }
        if (*c == '|') {
            sp[n_sp].e = p->len;
            sp[n_sp].type = type_of(c[1]);
            sp[n_sp].score = 0.9f;
            sp[n_sp].wc = 0;
            c += 2;
            if (*c == ':') {
                sp[n_sp].score = strtof(c + 1, (char **)&c);
            }
            if (*c == '#') /* corpus context bits, NW_WC_* */
                sp[n_sp].wc = (uint8_t)strtoul(c + 1, (char **)&c, 10);
            assert_true(*c == ']');
            n_sp++;
            assert_true(n_sp < 64);
            continue;
        }
        p->text[p->len++] = *c;
    }
    assert_int_equal(nw_text_init(&p->d.text, p->text, p->len), 0);
    p->d.x = calloc(1, sizeof(*p->d.x));
    assert_non_null(p->d.x);
    assert_int_equal(nw_frontend_run(fe, &p->d), 0);
    p->d.ment = calloc(n_sp + 1, sizeof(*p->d.ment));
    assert_non_null(p->d.ment);
    for (size_t k = 0; k < n_sp; k++) {
        uint32_t first = UINT32_MAX, end = 0;
        for (uint32_t i = 0; i < p->d.n_tok; i++) {
            size_t so = p->d.text.off[p->d.tok[i].start];
            if (so >= sp[k].s && so < sp[k].e) {
                if (first == UINT32_MAX)
                    first = i;
                end = i + 1;
            }
        }
        assert_true(first != UINT32_MAX);
        nw_mention mt = {first, end, sp[k].type, sp[k].score, -1, sp[k].wc, 0};
        p->d.ment[p->d.n_ment++] = mt;
    }
    assert_int_equal(nw_entities_run(m, &p->d), 0);
    return p;
}

static void free_passage(passage *p) {
    nw_doc_release(&p->d);
    free(p);
}

static const nw_entity *find(const passage *p, const char *name) {
    for (size_t i = 0; i < p->d.x->n_entities; i++)
        if (!strcmp(p->d.x->entities[i].name, name))
            return &p->d.x->entities[i];
    return NULL;
}

static int has_alias(const nw_entity *e, const char *a) {
    for (size_t i = 0; i < e->n_aliases; i++)
        if (!strcmp(e->aliases[i], a))
            return 1;
    return 0;
}

static int ent_index(const passage *p, const nw_entity *e) {
    return (int)(e - p->d.x->entities);
}

static void dump(const passage *p) {
    for (size_t i = 0; i < p->d.x->n_entities; i++) {
        const nw_entity *e = &p->d.x->entities[i];
        fprintf(stderr, "  [%zu] %s (%s) x%zu:", i, e->name,
                nw_entity_type_name(e->type), e->n_mentions);
        for (size_t k = 0; k < e->n_aliases; k++)
            fprintf(stderr, " '%s'", e->aliases[k]);
        fprintf(stderr, "\n");
    }
}

/* The entity named name; fails the test (listing the entities) when there
   is none. */
static const nw_entity *must_find(const passage *p, const char *name) {
    const nw_entity *e = find(p, name);
    if (!e) {
        fprintf(stderr, "no entity '%s' among:\n", name);
        dump(p);
    }
    assert_non_null(e);
    return e;
}

#define EXPECT_ENTITIES(p, n)                                  \
    do {                                                       \
        if ((p)->d.x->n_entities != (size_t)(n))               \
            dump(p);                                           \
        assert_int_equal((p)->d.x->n_entities, (n));           \
    } while (0)

/* --------------------------------------------------------------- tests -- */

static void test_surname_and_title(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Tony Blair|P] has praised the budget. Speaking in Leeds, [Mr Blair|P] "
        "said growth was strong. [Blair|P]'s critics disagreed.");
    EXPECT_ENTITIES(p, 1);
    const nw_entity *e = must_find(p, "Tony Blair");
    assert_int_equal(e->type, NW_ENT_PERSON);
    assert_int_equal(e->n_mentions, 3);
    assert_true(has_alias(e, "Blair"));
    assert_true(has_alias(e, "Mr Blair"));
    assert_int_equal(p->d.ent_gender[0], 1);
    for (uint32_t i = 0; i < p->d.n_ment; i++)
        assert_int_equal(p->d.ment[i].entity, 0);
    free_passage(p);
}

static void test_first_name_or_surname(void **state) {
    (void)state;
    /* "Mr Howard" is a surname, not Howard Flight's first name; "Sir
       Edward" is Sir Edward Heath's first name */
    passage *p = run_passage(model,
        "[Howard Flight|P] quit. [Mr Howard|P] said so. [Sir Edward Heath|P] "
        "was there; [Sir Edward|P] smiled.");
    EXPECT_ENTITIES(p, 3);
    assert_int_equal(must_find(p, "Howard Flight")->n_mentions, 1);
    assert_int_equal(must_find(p, "Howard")->n_mentions, 1);
    assert_int_equal(must_find(p, "Edward Heath")->n_mentions, 2);
    free_passage(p);
}

static void test_family_name_first(void **state) {
    (void)state;
    /* "Mr Wang" is Wang Yan (the family name comes first), and "Kim" goes
       to the Kim named most so far; "Mr Howard" stays apart from Howard
       Flight (test_first_name_or_surname) */
    passage *p = run_passage(model,
        "[Wang Yan|P] runs the bank. [Mr Wang|P] said profits rose. "
        "[Kim Jong-un|P] met [Kim Yo-jong|P]. [Kim Jong-un|P] spoke first and "
        "[Kim|P] said the talks went well.");
    EXPECT_ENTITIES(p, 3);
    const nw_entity *w = must_find(p, "Wang Yan");
    assert_int_equal(w->n_mentions, 2);
    assert_true(has_alias(w, "Mr Wang"));
    assert_int_equal(must_find(p, "Kim Jong-un")->n_mentions, 3);
    assert_int_equal(must_find(p, "Kim Yo-jong")->n_mentions, 1);
    free_passage(p);
    /* one mention: the name files under two keys (fuzz_frontend found a
       heap overflow here; ASan and valgrind see it) */
    p = run_passage(model, "[Kim Jong-un|P] spoke.");
    EXPECT_ENTITIES(p, 1);
    free_passage(p);
}

static void test_title_form_first(void **state) {
    (void)state;
    /* the titled short form comes before the full name */
    passage *p = run_passage(model,
        "[Ms Hewitt|P] told MPs the plan was fair. Later, [Patricia Hewitt|P] "
        "said she would not resign.");
    EXPECT_ENTITIES(p, 1);
    const nw_entity *e = must_find(p, "Patricia Hewitt");
    assert_true(has_alias(e, "Hewitt"));
    assert_true(has_alias(e, "Ms Hewitt"));
    assert_int_equal(p->d.ent_gender[0], 2);
    free_passage(p);
}

static void test_first_name_gender_and_spokeswoman(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "Foreign Ministry spokeswoman [Maria Zakharova|P] rejected the claim. "
        "\"It is nonsense,\" [Zakharova|P] told reporters in [Moscow|L].");
    EXPECT_ENTITIES(p, 2);
    const nw_entity *e = must_find(p, "Maria Zakharova");
    assert_int_equal(e->n_mentions, 2);
    assert_int_equal(p->d.ent_gender[ent_index(p, e)], 2);
    const nw_entity *m = must_find(p, "Moscow");
    assert_int_equal(m->type, NW_ENT_LOC);
    assert_int_equal(p->d.ent_gender[ent_index(p, m)], 3);
    free_passage(p);
}

static void test_titles_stripped_from_name(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Foreign Minister Sergei Lavrov|P] met [President Nicolas Maduro|P]. "
        "[Maduro|P] thanked [Lavrov|P].");
    EXPECT_ENTITIES(p, 2);
    const nw_entity *l = must_find(p, "Sergei Lavrov");
    const nw_entity *m = must_find(p, "Nicolas Maduro");
    assert_true(has_alias(m, "President Nicolas Maduro"));
    assert_int_equal(l->n_mentions, 2);
    assert_int_equal(m->n_mentions, 2);
    free_passage(p);
}

static void test_place_or_party_before_title(void **state) {
    (void)state;
    /* a person mention that starts with a place or party and a title:
       the name starts after the title, and the place stays a place */
    passage *p = run_passage(model,
        "[Eastwick Mayor Ana Ruiz|P] met [Labour MP Tom Keane|P] in [Eastwick|L]. "
        "[Ruiz|P] said [Eastwick|L] needed money.");
    EXPECT_ENTITIES(p, 3);
    const nw_entity *r = must_find(p, "Ana Ruiz");
    assert_true(has_alias(r, "Eastwick Mayor Ana Ruiz"));
    assert_int_equal(r->n_mentions, 2);
    must_find(p, "Tom Keane");
    assert_int_equal(must_find(p, "Eastwick")->n_mentions, 2);
    free_passage(p);
}

static void test_united_states_aliases(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[U.S.|L] officials said [the United States of America|L] would act. "
        "[America|L] has allies; [US|L] troops left. [The United States|L] "
        "denied it.");
    EXPECT_ENTITIES(p, 1);
    const nw_entity *e = &p->d.x->entities[0];
    assert_string_equal(e->name, "United States of America");
    assert_int_equal(e->type, NW_ENT_LOC);
    assert_int_equal(e->n_mentions, 5);
    assert_true(has_alias(e, "U.S."));
    assert_true(has_alias(e, "America"));
    assert_true(has_alias(e, "US"));
    free_passage(p);
}

static void test_acronym_defined_in_text(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "Ministers of the [European Union|O] ([EU|O]) met on Monday. Later "
        "the [EU|O] said talks would go on. The [Court of Arbitration for Sport|O] "
        "(CAS) will rule; [CAS|O] gave no date.");
    EXPECT_ENTITIES(p, 2);
    const nw_entity *e = must_find(p, "European Union");
    assert_int_equal(e->n_mentions, 3);
    assert_true(has_alias(e, "EU"));
    const nw_entity *c = must_find(p, "Court of Arbitration for Sport");
    assert_int_equal(c->n_mentions, 2);
    free_passage(p);
}

static void test_acronym_from_initials(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[IFS|O] economists doubt it. The [Institute for Fiscal Studies|O] said "
        "the [National Audit Office|O] agreed, and the [NAO|O] will report.");
    EXPECT_ENTITIES(p, 2);
    const nw_entity *i = must_find(p, "Institute for Fiscal Studies");
    assert_true(has_alias(i, "IFS"));
    must_find(p, "National Audit Office");
    assert_int_equal(p->d.ment[0].entity, p->d.ment[1].entity);
    free_passage(p);
}

static void test_kremlin_stays_itself(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[The Kremlin|O] said [Moscow|L] would respond. [Kremlin|O] officials "
        "declined to comment.");
    EXPECT_ENTITIES(p, 2);
    const nw_entity *k = must_find(p, "Kremlin");
    assert_int_equal(k->n_mentions, 2);
    must_find(p, "Moscow");
    free_passage(p);
}

static void test_type_vote_country_is_loc(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[France|O] objected. [France|O] and [Russia|O] voted against; "
        "[France|L] later abstained. [Acme Holdings|O:0.6] and [Acme Holdings|L:0.3] "
        "stayed out.");
    EXPECT_ENTITIES(p, 3);
    const nw_entity *f = must_find(p, "France");
    assert_int_equal(f->type, NW_ENT_LOC);
    assert_int_equal(f->n_mentions, 3);
    assert_int_equal(must_find(p, "Russia")->type, NW_ENT_LOC);
    assert_int_equal(must_find(p, "Acme Holdings")->type, NW_ENT_ORG);
    free_passage(p);
}

static void test_demonyms_and_stop_words_dropped(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Russian|M] and [Venezuelan|O] officials met on [Monday|D]. "
        "[The|O] talks with [Maria Zakharova|P] went on.");
    EXPECT_ENTITIES(p, 1);
    assert_int_equal(p->d.ment[0].entity, -1);
    assert_int_equal(p->d.ment[1].entity, -1);
    assert_int_equal(p->d.ment[2].entity, -1);
    assert_int_equal(p->d.ment[3].entity, -1);
    assert_int_equal(p->d.ment[4].entity, 0);
    free_passage(p);
}

/* "North Koreans", "South Korean": a compass word before a nationality
   is no name either; "North Korea" and "South Africa" stay places */
static void test_compass_demonyms_dropped(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[North Koreans|P] and a [South Korean|P] left [North Korea|L] for "
        "[South Africa|L].");
    EXPECT_ENTITIES(p, 2);
    assert_int_equal(p->d.ment[0].entity, -1);
    assert_int_equal(p->d.ment[1].entity, -1);
    must_find(p, "North Korea");
    must_find(p, "South Africa");
    free_passage(p);
}

/* "the North" is North Korea where the article names it; "the West" is
   no "West London"; a "North" without "the" stays itself */
static void test_the_north(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[North Korea|L] fired a missile. A source who visited the [North|P] "
        "said so, and the [West|L] and [West London|L] were calm.");
    EXPECT_ENTITIES(p, 3);
    assert_int_equal(must_find(p, "North Korea")->n_mentions, 2);
    assert_int_equal(must_find(p, "North Korea")->type, NW_ENT_LOC);
    must_find(p, "West");
    free_passage(p);
    p = run_passage(model, "[North Korea|L] and [South Korea|L] met. [North|P] said so.");
    EXPECT_ENTITIES(p, 3);
    free_passage(p);
}

static void test_shared_surname_tie_goes_to_nearest(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Steven Sotloff|P] was a reporter. His mother, [Shirley Sotloff|P], "
        "pleaded for his life. [Shirley|P] spoke on video. Colleagues said "
        "[Steven Sotloff|P] was brave and that [Sotloff|P] knew the risks.");
    EXPECT_ENTITIES(p, 2);
    const nw_entity *st = must_find(p, "Steven Sotloff");
    const nw_entity *sh = must_find(p, "Shirley Sotloff");
    assert_int_equal(st->n_mentions, 3);
    assert_int_equal(sh->n_mentions, 2);
    assert_int_equal(p->d.ment[4].entity, ent_index(p, st));
    free_passage(p);
}

/* the bare surname stays with the person the article names most, even
   right after another family member is named; "Mrs" picks the woman */
static void test_shared_surname_goes_to_main_person(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[John Hale|P] spoke on Monday. [Hale|P] said he would vote. His "
        "rival attacked his wife, [Patricia Hale|P]. Then [Hale|P] called him a "
        "liar. [Mrs Hale|P] declined to comment.");
    EXPECT_ENTITIES(p, 2);
    const nw_entity *john = must_find(p, "John Hale");
    const nw_entity *patricia = must_find(p, "Patricia Hale");
    assert_int_equal(p->d.ment[3].entity, ent_index(p, john));
    assert_int_equal(p->d.ment[4].entity, ent_index(p, patricia));
    assert_int_equal(john->n_mentions, 3);
    assert_int_equal(patricia->n_mentions, 2);
    free_passage(p);
}

static void test_designators(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "The [Labour Party|O] conference opened. [Labour|O] leaders spoke. "
        "Shelling hit the [Gaza Strip|L]; in [Gaza|L] power failed. "
        "[Time magazine|O] reported it; [Time|O] did not say more.");
    EXPECT_ENTITIES(p, 3);
    assert_int_equal(must_find(p, "Labour Party")->n_mentions, 2);
    assert_int_equal(must_find(p, "Gaza Strip")->n_mentions, 2);
    assert_int_equal(must_find(p, "Time magazine")->n_mentions, 2);
    free_passage(p);
}

static void test_org_word_prefix(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "Nurses at [Riverside Clinic|O] walked out; patients at [Riverside|L] "
        "waited. [Oxford University|O] staff in [Oxford|L] joined them, unlike "
        "[Kings Hospital|O] and [Kings Clinic|O] where [Kings|O] stayed calm.");
    EXPECT_ENTITIES(p, 6);
    const nw_entity *r = must_find(p, "Riverside Clinic");
    assert_int_equal(r->n_mentions, 2);
    assert_int_equal(r->type, NW_ENT_ORG);
    assert_int_equal(must_find(p, "Oxford")->n_mentions, 1);
    assert_int_equal(must_find(p, "Kings")->n_mentions, 1);
    free_passage(p);
}

static void test_of_inversion(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "The [Court of Appeal|O] ruled; the [Appeal Court|O] said the "
        "[Ministry of the Interior|O] and the [Interior Ministry|O] erred. "
        "The [Bank of England|O] met [England|L].");
    EXPECT_ENTITIES(p, 4);
    assert_int_equal(must_find(p, "Court of Appeal")->n_mentions, 2);
    assert_int_equal(must_find(p, "Ministry of the Interior")->n_mentions, 2);
    assert_int_equal(must_find(p, "England")->n_mentions, 1);
    free_passage(p);
}

static void test_org_tail(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "The [Russian Foreign Ministry|O] issued a note. The [Foreign Ministry|O] "
        "also said the [Federation Council|O] and the [Russian Federation Council|O] "
        "agreed.");
    EXPECT_ENTITIES(p, 2);
    assert_int_equal(must_find(p, "Russian Foreign Ministry")->n_mentions, 2);
    assert_int_equal(must_find(p, "Russian Federation Council")->n_mentions, 2);
    free_passage(p);
}

/* "the Observatory", "the Council": the head word of one organisation,
   written after "the", is its short form even where the tagger calls it
   a person; an acronym of its own ("the BBC") and a word that is no head
   ("House Republicans") stay apart */
static void test_the_short_form(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "The [Syrian Observatory|O] counted the dead. The [Observatory|P] said "
        "40 died, and the [Security Council|O] met; the [Council|O] agreed. "
        "The [BBC|O] and [BBC News|O] reported it, and [House Republicans|O] "
        "said the [House|O] would vote.");
    EXPECT_ENTITIES(p, 6);
    assert_int_equal(must_find(p, "House")->n_mentions, 1);
    assert_int_equal(must_find(p, "Syrian Observatory")->n_mentions, 2);
    assert_int_equal(must_find(p, "Syrian Observatory")->type, NW_ENT_ORG);
    assert_int_equal(must_find(p, "Security Council")->n_mentions, 2);
    assert_int_equal(must_find(p, "BBC")->n_mentions, 1);
    free_passage(p);
    /* not every mention after "the": a name of its own */
    p = run_passage(model,
        "The [Syrian Observatory|O] counted. [Observatory|P] said so.");
    EXPECT_ENTITIES(p, 2);
    free_passage(p);
}

/* "de Blasio" is the surname of "Bill de Blasio"; "Syrian Observatory"
   is the "Syrian Observatory for Human Rights", and "the Observatory"
   its head word before "for"; "European Court" beside two courts "of"
   something stays apart */
static void test_particles_and_of_suffixes(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "Mayor [Bill de Blasio|P] spoke. [de Blasio|O] said the [Syrian "
        "Observatory for Human Rights|O] and the [Syrian Observatory|O] agreed; "
        "the [Observatory|P] said so. The [European Court of Justice|O] and "
        "the [European Court of Human Rights|O] differ from the [European "
        "Court|O].");
    EXPECT_ENTITIES(p, 5);
    assert_int_equal(must_find(p, "European Court")->n_mentions, 1);
    assert_int_equal(must_find(p, "Bill de Blasio")->n_mentions, 2);
    assert_int_equal(must_find(p, "Bill de Blasio")->type, NW_ENT_PERSON);
    assert_int_equal(must_find(p, "Syrian Observatory for Human Rights")->n_mentions, 3);
    free_passage(p);
}

/* "Baghdadi" is the surname of "Abu Bakr al-Baghdadi" behind the Arabic
   article; with two persons of that tail a bare "Dulaimi" goes, mention
   by mention, to one of them, as other shared surnames do */
static void test_arabic_article_surname(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Abu Bakr al-Baghdadi|P] spoke. Later [Baghdadi|P] was seen and "
        "[el-Sisi|P] met [Abdel Fattah el-Sisi|P].");
    EXPECT_ENTITIES(p, 2);
    assert_int_equal(must_find(p, "Abu Bakr al-Baghdadi")->n_mentions, 2);
    assert_int_equal(must_find(p, "Abdel Fattah el-Sisi")->n_mentions, 2);
    free_passage(p);
    p = run_passage(model,
        "[Saja al-Dulaimi|P] and [Hamid al-Dulaimi|P] were named; [Dulaimi|P] "
        "was held.");
    EXPECT_ENTITIES(p, 2);
    must_find(p, "Saja al-Dulaimi");
    must_find(p, "Hamid al-Dulaimi");
    free_passage(p);
}

/* Two capitalised words after a title are a person's name even where the
   tagger took them for a firm or a place ("spokeswoman Rosario Murillo",
   a city first); the bare surname joins that name */
static void test_titled_pair_surname(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "Government spokeswoman [Rosario Murillo|O] said a panel would meet. "
        "[Murillo|P] said experts would help.");
    EXPECT_ENTITIES(p, 1);
    const nw_entity *e = must_find(p, "Rosario Murillo");
    assert_int_equal(e->type, NW_ENT_PERSON);
    assert_true(has_alias(e, "Murillo"));
    free_passage(p);
}

static void test_ambiguous_tail_not_merged(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "The [Israeli Foreign Ministry|O] and the [Egyptian Foreign Ministry|O] "
        "disagreed; the [Foreign Ministry|O] in Cairo said little.");
    EXPECT_ENTITIES(p, 3);
    free_passage(p);
}

static void test_surface_cleaning(void **state) {
    (void)state;
    /* line break inside a name, possessive, accents kept but merged */
    passage *p = run_passage(model,
        "Supporters of [Nicolás\nMaduro|P] gathered. [Nicolas Maduro|P]'s aides "
        "and [Maduro's|P] rivals met [Juan Guaidó|P] and [Guaido|P].");
    EXPECT_ENTITIES(p, 2);
    const nw_entity *m = must_find(p, "Nicolás Maduro");
    assert_int_equal(m->n_mentions, 3);
    assert_true(has_alias(m, "Nicolas Maduro"));
    assert_true(has_alias(m, "Maduro"));
    const nw_entity *g = must_find(p, "Juan Guaidó");
    assert_int_equal(g->n_mentions, 2);
    free_passage(p);
}

static void test_mentions_are_source_spans(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "\xe2\x80\x9cNo,\xe2\x80\x9d said [Mr Blair|P]. [Tony\nBlair|P]'s aides "
        "agreed.");
    EXPECT_ENTITIES(p, 1);
    const nw_entity *e = &p->d.x->entities[0];
    assert_string_equal(e->name, "Tony Blair");
    assert_int_equal(e->n_mentions, 2);
    nw_span s0 = e->mentions[0], s1 = e->mentions[1];
    assert_true(s0.start <= s0.end && s0.end <= p->len);
    assert_true(s1.start <= s1.end && s1.end <= p->len);
    assert_int_equal(s0.end - s0.start, 5);
    assert_memory_equal(p->text + s0.start, "Blair", 5);
    assert_int_equal(s1.end - s1.start, 10);
    assert_memory_equal(p->text + s1.start, "Tony\nBlair", 10);
    free_passage(p);
}

static void test_salience(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Blair|P] backs budget\n\n[Tony Blair|P] backed the report in "
        "[Edinburgh|L]. [Mr Blair|P] said it was sound. Much later, a man from "
        "[Leeds|L] wrote in.");
    EXPECT_ENTITIES(p, 3);
    const nw_entity *b = must_find(p, "Tony Blair");
    const nw_entity *e = must_find(p, "Edinburgh");
    const nw_entity *l = must_find(p, "Leeds");
    for (size_t i = 0; i < p->d.x->n_entities; i++) {
        assert_true(p->d.x->entities[i].salience >= 0.0);
        assert_true(p->d.x->entities[i].salience <= 1.0);
    }
    assert_true(b->salience > e->salience);
    assert_true(e->salience > l->salience);
    free_passage(p);
}

static void test_no_mentions_and_bad_ranges(void **state) {
    (void)state;
    passage *p = run_passage(model, "Nothing to see here.");
    EXPECT_ENTITIES(p, 0);
    assert_non_null(p->d.x->entities);
    free_passage(p);

    /* ranges out of bounds are ignored, not trusted */
    passage *q = run_passage(model, "[Tony Blair|P] spoke.");
    nw_doc *d = &q->d;
    nw_extraction_free(&d->x);
    free(d->ent_gender);
    d->ent_gender = NULL;
    d->x = calloc(1, sizeof(*d->x));
    assert_non_null(d->x);
    nw_mention *nm = realloc(d->ment, 3 * sizeof(*nm));
    assert_non_null(nm);
    d->ment = nm;
    nw_mention bad1 = {5, 2, NW_ENT_PERSON, 0.9f, -1, 0, 0};
    nw_mention bad2 = {1, 4000, NW_ENT_ORG, 0.9f, -1, 0, 0};
    d->ment[1] = bad1;
    d->ment[2] = bad2;
    d->n_ment = 3;
    assert_int_equal(nw_entities_run(model, d), 0);
    EXPECT_ENTITIES(q, 1);
    assert_int_equal(d->ment[1].entity, -1);
    assert_int_equal(d->ment[2].entity, -1);
    free_passage(q);
}

static void test_org_variants_and_small_words(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "The [Greek Athletics Federation|O] met. The [Greek Federation|O] said "
        "the [Institute for Fiscal Studies|O] and the [Institute of Fiscal "
        "Studies|O] were both wrong. [University of London|O] and [University "
        "College London|O] disagreed.");
    EXPECT_ENTITIES(p, 4);
    assert_int_equal(must_find(p, "Greek Athletics Federation")->n_mentions, 2);
    assert_int_equal(must_find(p, "Institute for Fiscal Studies")->n_mentions, 2);
    must_find(p, "University of London");
    must_find(p, "University College London");
    free_passage(p);
}

static void test_hyphenated_surname(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[James Simpson-Daniel|P] scored twice. [Simpson-Daniel|O] later "
        "limped off; [Philippe Saint-André|P] praised [Saint-Andre|L].");
    EXPECT_ENTITIES(p, 2);
    assert_int_equal(must_find(p, "James Simpson-Daniel")->n_mentions, 2);
    const nw_entity *e = must_find(p, "Philippe Saint-André");
    assert_int_equal(e->type, NW_ENT_PERSON);
    assert_int_equal(e->n_mentions, 2);
    free_passage(p);
}

static void test_mention_trimming(void **state) {
    (void)state;
    /* a date after a small word, a hyphenated affix, an office named
       after "of", a pronoun glued on by the tagger, a place before a name */
    passage *p = run_passage(model,
        "The [House of Lords on Tuesday|O] ruled. [UNRWA-sponsored|O] schools "
        "closed. [Chancellor of the Exchequer Gordon Brown|P] spoke. I said to "
        "[Nigel I|P] would stay. The bishop of [Camerino Francesco Brugnaro|P] "
        "declined. Bush nominated [A. Noel Anketell Kramer|P].");
    EXPECT_ENTITIES(p, 6);
    must_find(p, "House of Lords");
    must_find(p, "UNRWA");
    const nw_entity *g = must_find(p, "Gordon Brown");
    assert_true(has_alias(g, "Chancellor of the Exchequer Gordon Brown"));
    must_find(p, "Nigel");
    must_find(p, "Francesco Brugnaro");
    /* initials before a first name are the name's, not a place's */
    must_find(p, "A. Noel Anketell Kramer");
    nw_span s = must_find(p, "UNRWA")->mentions[0];
    assert_int_equal(s.end - s.start, 5);
    free_passage(p);
}

static void test_offices_and_hyphenated_aliases(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[U.S. Secretary of State John Kerry|P] flew in. The [U.S.-led|L] "
        "coalition, [Kerry|P] said, would stay, and [US|L] troops too. "
        "[TV-quality|O] calls and [UNHCR-backed|O] camps followed.");
    EXPECT_ENTITIES(p, 3);
    must_find(p, "UNHCR");
    const nw_entity *k = must_find(p, "John Kerry");
    assert_int_equal(k->n_mentions, 2);
    assert_int_equal(p->d.ent_gender[ent_index(p, k)], 1);
    const nw_entity *u = must_find(p, "U.S.");
    assert_int_equal(u->n_mentions, 2);
    assert_int_equal(u->type, NW_ENT_LOC);
    free_passage(p);
}

/* Plain news prose with no names: makes a passage article-length
   (>= ENT_NEWS_TOKENS tokens), where people are named in full. */
#define ARTICLE_BODY \
    " The phone market has changed a great deal over the past ten years," \
    " and the companies that sell calls over the internet now compete on" \
    " price with the old operators, who still own most of the lines and" \
    " the exchanges. Analysts expect prices to keep falling next year, as" \
    " more homes move to fast connections and as the new firms spend more" \
    " on advertising. Some of the older operators have started to offer" \
    " their own internet calls, bundled with television and broadband, in" \
    " the hope of keeping their customers. Others have cut jobs, closed" \
    " shops and sold parts of their business to raise money for new" \
    " networks. Consumer groups say the changes have been good for most" \
    " people, though they warn that prices for those who only use a line" \
    " for local calls have not fallen at all."

/* the full name's own type wins over the votes of its short forms */
static void test_full_name_type_wins(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Riverside Clinic|O] cut jobs. [Riverside|P] said [Riverside|P] "
        "would recover; [Riverside|P] agreed.");
    EXPECT_ENTITIES(p, 1);
    assert_int_equal(must_find(p, "Riverside Clinic")->type, NW_ENT_ORG);
    free_passage(p);
}

/* initials written as a word ("Icann") join the one organisation they
   spell out, even where the tagger took them for a name */
static void test_word_initials(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "The [Internet Corporation for Assigned Names and Numbers|O] met. "
        "[Icann|P] said [Icann|P] would decide; [Icann|P] agreed.");
    EXPECT_ENTITIES(p, 1);
    const nw_entity *e =
        must_find(p, "Internet Corporation for Assigned Names and Numbers");
    assert_int_equal(e->type, NW_ENT_ORG);
    assert_true(has_alias(e, "Icann"));
    free_passage(p);
    /* ... and defined in brackets, where they spell the name's capitals
       ("Anti-Doping" gives two), but not a place in brackets */
    p = run_passage(model,
        "Officials of the [World Anti-Doping Agency|O] ([Wada|P]) met. [Wada|P] "
        "said so. [Barclays Bank|O] ([Cyprus|L]) agreed.");
    EXPECT_ENTITIES(p, 3);
    e = must_find(p, "World Anti-Doping Agency");
    assert_int_equal(e->type, NW_ENT_ORG);
    assert_true(has_alias(e, "Wada"));
    assert_int_equal(e->n_mentions, 3);
    must_find(p, "Cyprus");
    free_passage(p);
}

/* a titled person whose full name was tagged a person stays one however
   often the bare surname (a town too) was tagged a place */
static void test_titled_person_outvoted(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "Mayor [Darren Wilson|P] spoke. [Wilson|L] said [Wilson|L] was "
        "afraid; [Wilson|L] left, and [Wilson|L] resigned.");
    EXPECT_ENTITIES(p, 1);
    assert_int_equal(must_find(p, "Darren Wilson")->type, NW_ENT_PERSON);
    free_passage(p);
}

static void test_lone_word_types(void **state) {
    (void)state;
    /* in an article that names people in full, a lone capitalised word
       with no sign of a person is not a PERSON; a titled one, a first
       name or a known surname is */
    char text[4096];
    snprintf(text, sizeof(text), "%s%s",
        "[Wanadoo|P] cut prices and [Skype|P] followed; [Wanadoo|O] and "
        "[Skype|P:1.0] [Skype|O:0.1] gained. [Mr Fawcett|P] "
        "objected, [Nigel|P] agreed and [Obama|P] said nothing ([Obama|O:0.1] "
        "aides: the surname in people.txt keeps him a person). In [Aceh|P] "
        "the water rose. [Tony Blair|P] was away, editor [Mr Davis|P] said, "
        "and the [Diocese of Camerino|P] agreed.",
        ARTICLE_BODY);
    passage *p = run_passage(model, text);
    EXPECT_ENTITIES(p, 9);
    assert_true(p->d.n_tok >= 150);
    assert_int_equal(must_find(p, "Davis")->type, NW_ENT_PERSON);
    assert_int_equal(must_find(p, "Diocese of Camerino")->type, NW_ENT_ORG);
    assert_int_equal(must_find(p, "Wanadoo")->type, NW_ENT_ORG);
    assert_int_equal(must_find(p, "Skype")->type, NW_ENT_ORG);
    assert_int_equal(must_find(p, "Fawcett")->type, NW_ENT_PERSON);
    assert_int_equal(must_find(p, "Nigel")->type, NW_ENT_PERSON);
    assert_int_equal(must_find(p, "Obama")->type, NW_ENT_PERSON);
    assert_int_equal(must_find(p, "Aceh")->type, NW_ENT_LOC);
    free_passage(p);

    /* ... but a word every mention calls a person stays one */
    snprintf(text, sizeof(text), "%s%s",
        "[Mauresmo|P] won in three sets and [Mauresmo|P] will meet [Serena "
        "Williams|P] next.",
        ARTICLE_BODY);
    p = run_passage(model, text);
    EXPECT_ENTITIES(p, 2);
    assert_int_equal(must_find(p, "Mauresmo")->type, NW_ENT_PERSON);
    free_passage(p);

    /* ... unless the unlabelled corpus puts the word before organisation
       words or after "the" (NW_WC_SEEN|NW_WC_ORG = 20), or after in / at
       / from (SEEN|PLACE = 18), and never after a first name or a title;
       a word it puts before "said" (SEEN|PLACE|SAID = 26) or after a
       first name (SEEN|PERSON|ORG = 21) stays a person */
    snprintf(text, sizeof(text), "%s%s",
        "[Nike|P#20] shares rose as [Nike|P#20] won; fighting went on in "
        "[Raqqa|P#18]; [Hayden|P#26] and [Gershon|P#21] agreed with "
        "[Serena Williams|P] and [Mauresmo|P#16].",
        ARTICLE_BODY);
    p = run_passage(model, text);
    EXPECT_ENTITIES(p, 6);
    assert_int_equal(must_find(p, "Nike")->type, NW_ENT_ORG);
    assert_int_equal(must_find(p, "Raqqa")->type, NW_ENT_LOC);
    assert_int_equal(must_find(p, "Hayden")->type, NW_ENT_PERSON);
    assert_int_equal(must_find(p, "Gershon")->type, NW_ENT_PERSON);
    assert_int_equal(must_find(p, "Mauresmo")->type, NW_ENT_PERSON);
    free_passage(p);

    /* an e-mail: "Vince" signs it, and stays a person */
    p = run_passage(model, "Thanks for the numbers, see you Monday.\n\n[Vince|P]");
    EXPECT_ENTITIES(p, 1);
    assert_int_equal(must_find(p, "Vince")->type, NW_ENT_PERSON);
    free_passage(p);
}

static void test_types_from_lists(void **state) {
    (void)state;
    /* an alias with a type, a designator, a tail tagged as a place */
    passage *p = run_passage(model,
        "[RT|L] and [Russia Today|L] aired it. Shells hit the [Gaza Strip|O] "
        "and [Gaza Strip|O] hospitals. The [Russian Foreign Ministry|O] and "
        "the [Foreign Ministry|L] agreed. [South Carolina|L] and the "
        "[University of South Carolina|O] did not.");
    EXPECT_ENTITIES(p, 5);
    const nw_entity *rt = must_find(p, "Russia Today");
    assert_int_equal(rt->type, NW_ENT_ORG);
    assert_int_equal(rt->n_mentions, 2);
    assert_int_equal(must_find(p, "Gaza Strip")->type, NW_ENT_LOC);
    assert_int_equal(must_find(p, "Russian Foreign Ministry")->n_mentions, 2);
    assert_int_equal(must_find(p, "South Carolina")->n_mentions, 1);
    free_passage(p);
}

/* a personal title opens no organisation's or venue's name, but stays
   in it: "Queen Mary University", "Prince Edward Theatre" */
static void test_title_in_venue(void **state) {
    (void)state;
    /* a title with a possessive is no title of the name */
    passage *q = run_passage(model, "Crowds filled [Queen's Park|L] again.");
    EXPECT_ENTITIES(q, 1);
    must_find(q, "Queen's Park");
    free_passage(q);
    passage *p = run_passage(model,
        "[Mr Tony Hart|P] went from [Queen Mary Council|O] to the "
        "[Prince Edward Theatre|L].");
    EXPECT_ENTITIES(p, 3);
    must_find(p, "Tony Hart");
    assert_int_equal(must_find(p, "Queen Mary Council")->type, NW_ENT_ORG);
    assert_int_equal(must_find(p, "Prince Edward Theatre")->type, NW_ENT_LOC);
    free_passage(p);
}

/* a full name tagged a person, with a listed first name, keeps its short
   forms a person however they voted ("Roche", a company too; "Hartigan",
   a place) */
static void test_full_name_types_short_forms(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Tony Roche|P] won. [Roche|O] said [Roche|O] was tired, and "
        "[Roche|O] left.");
    EXPECT_ENTITIES(p, 1);
    const nw_entity *e = must_find(p, "Tony Roche");
    assert_int_equal(e->type, NW_ENT_PERSON);
    assert_int_equal(e->n_mentions, 4);
    free_passage(p);
    /* a given name from the generated list (names_big.txt) does too */
    p = run_passage(model,
        "[Denis Hartigan|P] spoke. [Hartigan|L] said [Hartigan|L] would stay.");
    EXPECT_ENTITIES(p, 1);
    assert_int_equal(must_find(p, "Denis Hartigan")->type, NW_ENT_PERSON);
    free_passage(p);
}

/* a two-word surname ("Saumarez Hart") is the three-word person's whose
   name, opening with a given name, ends in it */
static void test_compound_surnames(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Tony Saumarez Hart|P] spoke. [Saumarez Hart|P] said [Mr Saumarez "
        "Hart|P] was right; [Francesco Saumarez|P] left.");
    EXPECT_ENTITIES(p, 2);
    const nw_entity *e = must_find(p, "Tony Saumarez Hart");
    assert_int_equal(e->n_mentions, 3);
    must_find(p, "Francesco Saumarez");
    free_passage(p);
    /* the long form opens with no given name: apart */
    p = run_passage(model, "[Rip Saumarez Hart|P] and [Saumarez Hart|P] met.");
    EXPECT_ENTITIES(p, 2);
    free_passage(p);
}

/* "Paris striker", "Oxford's manager": a town's club is an organisation;
   a country's team ("France coach") stays the country, and a town named
   without such a role stays a place; "the Lehi resident" is a place */
/* "Tirunesh Dibaba" tagged an organisation once and "Dibaba" a person
   twice: a given name and a person's surname make a person, one entity */
static void test_full_name_of_a_surname(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Denis Okafor|O] won the race. [Okafor|P] said [Okafor|P] was tired.");
    EXPECT_ENTITIES(p, 1);
    const nw_entity *e = must_find(p, "Denis Okafor");
    assert_int_equal(e->type, NW_ENT_PERSON);
    assert_int_equal(e->n_mentions, 3);
    free_passage(p);
    /* ... not without a given name, nor for a listed organisation, nor
       on one bare mention of the surname */
    p = run_passage(model,
        "[Grand Okafor|O] won the race. [Okafor|P] said [Okafor|P] was tired.");
    assert_int_equal(must_find(p, "Grand Okafor")->type, NW_ENT_ORG);
    free_passage(p);
    p = run_passage(model, "[Denis Motors|O] beat [Motors|P] and [Motors|P].");
    assert_int_equal(must_find(p, "Denis Motors")->type, NW_ENT_ORG);
    free_passage(p);
    p = run_passage(model, "[Denis Okafor|O] won the race, said [Okafor|P].");
    assert_int_equal(must_find(p, "Denis Okafor")->type, NW_ENT_ORG);
    free_passage(p);
}

/* a nickname in quotation marks that ends in a given name ("Jihadi
   John") is a person, whatever the tagger said; a place word before the
   given name keeps the place ("Lake Maria") */
static void test_quoted_nickname(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "The militant known as \"[Jihadi Tony|L]\" was seen again.");
    assert_int_equal(must_find(p, "Jihadi Tony")->type, NW_ENT_PERSON);
    free_passage(p);
    p = run_passage(model, "The resort called \"[Lake Maria|L]\" is closed.");
    assert_int_equal(must_find(p, "Lake Maria")->type, NW_ENT_LOC);
    free_passage(p);
    p = run_passage(model, "The militant known as [Jihadi Tony|L] was seen again.");
    assert_int_equal(must_find(p, "Jihadi Tony")->type, NW_ENT_LOC);
    free_passage(p);
}

/* a surname with a particle, the particle capitalised ("Van Persie",
   opening a sentence or written so), is the full name's */
static void test_capitalised_particle(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Robin van Persie|P] scored. [Van Persie|P] said [van Persie|P] was "
        "tired.");
    EXPECT_ENTITIES(p, 1);
    assert_int_equal(must_find(p, "Robin van Persie")->n_mentions, 3);
    free_passage(p);
    /* ... and a capitalised one inside the full name too, whatever type
       the short form was given */
    p = run_passage(model,
        "[Maria Le Sorel|P] spoke. [Le Sorel|O] said [Le Sorel|O] would run.");
    EXPECT_ENTITIES(p, 1);
    const nw_entity *e = must_find(p, "Maria Le Sorel");
    assert_int_equal(e->type, NW_ENT_PERSON);
    assert_int_equal(e->n_mentions, 3);
    free_passage(p);
}

static void test_club_of_town(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Paris|L] striker [John Bell|P] scored twice. [Oxford|L]'s manager "
        "[Tony Hart|P] praised [France|L] coach [Steven Ray|P]. [Paris|L] "
        "won again. Fans met in [Moscow|L].");
    EXPECT_ENTITIES(p, 7);
    assert_int_equal(must_find(p, "Paris")->type, NW_ENT_ORG);
    assert_int_equal(must_find(p, "Paris")->n_mentions, 2);
    assert_int_equal(must_find(p, "Oxford")->type, NW_ENT_ORG);
    assert_int_equal(must_find(p, "France")->type, NW_ENT_LOC);
    assert_int_equal(must_find(p, "Moscow")->type, NW_ENT_LOC);
    free_passage(p);
    /* a town on one side of a match is its club; a country, a person
       and a town that is only "home to" something stay what they are */
    p = run_passage(model,
        "Fixtures: [Leeds|L] v [Oxford|L], [France|L] v [Russia|L]. "
        "[Derby|L] beat [Hull|L] after a win over [Exeter|L] and lost to "
        "[Tom Reyes|P]'s side. [Bath|L] is now home to [Slice Pizza|L].");
    assert_int_equal(must_find(p, "Leeds")->type, NW_ENT_ORG);
    assert_int_equal(must_find(p, "Oxford")->type, NW_ENT_ORG);
    assert_int_equal(must_find(p, "France")->type, NW_ENT_LOC);
    assert_int_equal(must_find(p, "Russia")->type, NW_ENT_LOC);
    assert_int_equal(must_find(p, "Derby")->type, NW_ENT_ORG);
    assert_int_equal(must_find(p, "Hull")->type, NW_ENT_ORG);
    assert_int_equal(must_find(p, "Exeter")->type, NW_ENT_ORG);
    assert_int_equal(must_find(p, "Tom Reyes")->type, NW_ENT_PERSON);
    assert_int_equal(must_find(p, "Bath")->type, NW_ENT_LOC);
    assert_int_equal(must_find(p, "Slice Pizza")->type, NW_ENT_LOC);
    free_passage(p);
    /* "the Lehi resident": a place, whatever the tagger said */
    p = run_passage(model, "The [Lehi|P] resident met [Tony Hart|P].");
    EXPECT_ENTITIES(p, 2);
    assert_int_equal(must_find(p, "Lehi")->type, NW_ENT_LOC);
    free_passage(p);
}

/* a one-word "person" opening the one organisation of the article is its
   short form; not a surname of a full name there */
static void test_org_heads(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Zelter Lynch|O] shares fell. [Zelter|P] said costs rose.");
    EXPECT_ENTITIES(p, 1);
    const nw_entity *e = must_find(p, "Zelter Lynch");
    assert_int_equal(e->type, NW_ENT_ORG);
    assert_int_equal(e->n_mentions, 2);
    free_passage(p);
    p = run_passage(model,
        "[Jon Varek|P] founded [Varek Expeditions|O]. [Varek|P] said so.");
    EXPECT_ENTITIES(p, 2);
    assert_int_equal(must_find(p, "Jon Varek")->n_mentions, 2);
    free_passage(p);
}

/* two capitalised words after a title, tagged an organisation or a
   place, are a person; an organisation's word keeps the organisation */
static void test_titled_pair_is_person(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "Government spokeswoman [Rosa Mendel|O] said the crater was deep.");
    assert_int_equal(must_find(p, "Rosa Mendel")->type, NW_ENT_PERSON);
    free_passage(p);
    p = run_passage(model, "The mayor met [Rosa Council|O] staff.");
    assert_int_equal(must_find(p, "Rosa Council")->type, NW_ENT_ORG);
    free_passage(p);
}

/* a one-word "person" is an organisation where the article describes it
   as one, tagged there or not ("the Zorvex corporation", "Zorvex, a
   Leeds-based company,"), or where a club role follows it ("Borla
   manager"); an apposition with its head elsewhere ("Varlo, an
   employee with a big firm") or a sentence going on ("Under Qarnak, the
   group grew") says nothing */
static void test_company_described(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "The Zorvex corporation paid. Zorvex, a Leeds-based company, pleaded "
        "guilty. The court fined [Zorvex|P] heavily.");
    EXPECT_ENTITIES(p, 1);
    assert_int_equal(must_find(p, "Zorvex")->type, NW_ENT_ORG);
    free_passage(p);
    p = run_passage(model, "[Borla|P] manager [Luca Venti|P] was pleased.");
    EXPECT_ENTITIES(p, 2);
    assert_int_equal(must_find(p, "Borla")->type, NW_ENT_ORG);
    free_passage(p);
    p = run_passage(model,
        "[Varlo|P], an employee with a big firm, was fired. Under [Qarnak|P], "
        "the group grew.");
    EXPECT_ENTITIES(p, 2);
    assert_int_equal(must_find(p, "Varlo")->type, NW_ENT_PERSON);
    assert_int_equal(must_find(p, "Qarnak")->type, NW_ENT_PERSON);
    free_passage(p);
}

/* a name in apposition right after a company's noun is the company
   ("the biggest sweets firm, Carrow Lindqvist, has");
   not after a role "of" / "for" the company ("the head of the state
   company, Yury Boyko,"), nor with an age ("the newspaper, Bary, 23,") */
static void test_company_apposition(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "The biggest sweets firm, [Carrow Lindqvist|P], has cut jobs. "
        "[Carrow Lindqvist|P] makes toffee.");
    EXPECT_ENTITIES(p, 1);
    assert_int_equal(must_find(p, "Carrow Lindqvist")->type, NW_ENT_ORG);
    free_passage(p);
    p = run_passage(model,
        "The head of the state gas company, [Yuri Bakov|P], was happy. "
        "Police said the firm, [Osei Tandor|P], 23, left.");
    EXPECT_ENTITIES(p, 2);
    assert_int_equal(must_find(p, "Yuri Bakov")->type, NW_ENT_PERSON);
    assert_int_equal(must_find(p, "Osei Tandor")->type, NW_ENT_PERSON);
    free_passage(p);
}

/* a one-word "person" or unlisted "place" named before a product noun
   anywhere in the article is a product, not reported as PERSON / LOC */
static void test_products(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "Firms use Qubix software on servers. [Qubix|P] runs on phones, and "
        "the [Vantor|L] browser is free. [Maria Lopez|P] said so.");
    assert_int_equal(must_find(p, "Qubix")->type, NW_ENT_MISC);
    assert_int_equal(must_find(p, "Vantor")->type, NW_ENT_MISC);
    assert_int_equal(must_find(p, "Maria Lopez")->type, NW_ENT_PERSON);
    free_passage(p);
    /* a listed place stays a place ("the Moscow programme") */
    p = run_passage(model, "The [Moscow|L] programme grew.");
    assert_int_equal(must_find(p, "Moscow")->type, NW_ENT_LOC);
    free_passage(p);
}

/* a name on both the organisation and the place lists goes by the votes
   ("Amazon" the retailer), unless the article writes it as a place ("in
   the Amazon", "the Amazon rainforest") */
static void test_org_and_place_list(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Zorvia|O] shares rose. [Zorvia|O] said sales grew.");
    assert_int_equal(must_find(p, "Zorvia")->type, NW_ENT_ORG);
    free_passage(p);
    p = run_passage(model,
        "Logging in the [Zorvia|O] grew. [Zorvia|O] fires spread.");
    assert_int_equal(must_find(p, "Zorvia")->type, NW_ENT_LOC);
    free_passage(p);
}

static void test_plural_demonyms_and_stop_acronyms(void **state) {
    (void)state;
    passage *p = run_passage(model,
        "[Sri Lankans|P] and [Britons|O] watched [GDP|O] fall in [Paris|L].");
    EXPECT_ENTITIES(p, 1);
    must_find(p, "Paris");
    free_passage(p);
    /* nationalities the list lacks, read off a listed country's name */
    p = run_passage(model,
        "[Chadian|O] troops, [Nicaraguan|O] officials and [Omani|P] "
        "[Nicaraguans|P] met [Francis|P] in [Chad|L].");
    EXPECT_ENTITIES(p, 2);
    must_find(p, "Francis");
    must_find(p, "Chad");
    free_passage(p);
}

/* Random texts and arbitrary mention ranges (overlapping, empty, out of
   range, odd types and scores): no crash, and every output invariant. */
static void test_random_mentions_keep_invariants(void **state) {
    static const char *words[] = {
        "Tony", "Blair", "Mr", "the", "The", "U.S.", "US", "(", ")", "EU",
        "European", "Union", "'s", "said", "of", "Foreign", "Ministry",
        "Russian", "Zakharova", "Maria", "S\xc3\xa3o", "Paulo", "GDP", "-",
        "Gaza", "Strip", "Labour", "Party", "\xe2\x80\x9c", "on", "Tuesday",
        "UNRWA-sponsored", "I", "\n\n", "Nicol\xc3\xa1s", "\xff", "Sotloff",
    };
    uint32_t seed = 12345;
    (void)state;
    for (int it = 0; it < 300; it++) {
        passage *p = calloc(1, sizeof(*p));
        assert_non_null(p);
        int nw = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 60;
        for (int k = 0; k < nw; k++) {
            const char *w = words[((seed = seed * 1103515245u + 12345u) >> 16) %
                                  (sizeof(words) / sizeof(words[0]))];
            size_t l = strlen(w);
            if (p->len + l + 2 >= sizeof(p->text))
                break;
            memcpy(p->text + p->len, w, l);
            p->len += l;
            p->text[p->len++] = ' ';
        }
        nw_doc *d = &p->d;
        assert_int_equal(nw_text_init(&d->text, p->text, p->len), 0);
        d->x = calloc(1, sizeof(*d->x));
        assert_non_null(d->x);
        assert_int_equal(nw_frontend_run(fe, d), 0);
        uint32_t nm = ((seed = seed * 1103515245u + 12345u) >> 16) % 20;
        d->ment = calloc(nm + 1, sizeof(*d->ment));
        assert_non_null(d->ment);
        for (uint32_t k = 0; k < nm; k++) {
            uint32_t r = (seed = seed * 1103515245u + 12345u) >> 8;
            uint32_t a = d->n_tok ? r % (d->n_tok + 2) : r % 3;
            uint32_t b = a + (r >> 12) % 5;
            float scores[] = {0.0f, 0.5f, 1.0f, -3.0f, 7.0f, 0.0f / 0.0f};
            nw_mention mt = {a, b, (uint8_t)((r >> 4) % 8), scores[(r >> 20) % 6], -1, 0, 0};
            d->ment[d->n_ment++] = mt;
        }
        assert_int_equal(nw_entities_run(model, d), 0);
        size_t total = 0;
        for (size_t e = 0; e < d->x->n_entities; e++) {
            const nw_entity *E = &d->x->entities[e];
            assert_true(E->name && E->name[0]);
            assert_true(E->n_mentions >= 1);
            assert_true(E->salience >= 0.0 && E->salience <= 1.0);
            assert_true(d->ent_gender[e] <= 3);
            for (size_t k = 0; k < E->n_mentions; k++)
                assert_true(E->mentions[k].start <= E->mentions[k].end &&
                            E->mentions[k].end <= p->len);
            total += E->n_mentions;
        }
        size_t assigned = 0;
        for (uint32_t k = 0; k < d->n_ment; k++) {
            assert_true(d->ment[k].entity >= -1 &&
                        d->ment[k].entity < (int32_t)d->x->n_entities);
            assigned += d->ment[k].entity >= 0;
        }
        assert_int_equal(total, assigned);
        free_passage(p);
    }
}

static void test_shipped_data(void **state) {
    char err[256];
    (void)state;
    nw_entities_model *m = nw_entities_load(NW_DEFAULT_DATADIR, err, sizeof(err));
    if (!m)
        fprintf(stderr, "load: %s\n", err);
    assert_non_null(m);
    passage *p = run_passage(m,
        "[Britain|L] and the [US|L] agreed. The [UK|L] envoy and [U.S.|L] "
        "officials met [Lib Dems|O] and [Liberal Democrats|O] leaders and "
        "the [Tories|O].");
    EXPECT_ENTITIES(p, 4);
    assert_int_equal(p->d.x->entities[0].n_mentions, 2);
    assert_int_equal(p->d.x->entities[1].n_mentions, 2);
    assert_int_equal(p->d.x->entities[2].n_mentions, 2);
    free_passage(p);
    nw_entities_free(&m);
    assert_null(m);
}

static void test_load_errors(void **state) {
    char err[256] = "";
    (void)state;
    nw_entities_model *m = nw_entities_load("/nonexistent/nw", err, sizeof(err));
    assert_null(m);
    assert_non_null(strstr(err, "aliases.txt"));
    nw_entities_free(&m); /* NULL is fine */
    nw_entities_free(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_surname_and_title),
        cmocka_unit_test(test_family_name_first),
        cmocka_unit_test(test_first_name_or_surname),
        cmocka_unit_test(test_title_form_first),
        cmocka_unit_test(test_first_name_gender_and_spokeswoman),
        cmocka_unit_test(test_titles_stripped_from_name),
        cmocka_unit_test(test_place_or_party_before_title),
        cmocka_unit_test(test_united_states_aliases),
        cmocka_unit_test(test_acronym_defined_in_text),
        cmocka_unit_test(test_acronym_from_initials),
        cmocka_unit_test(test_kremlin_stays_itself),
        cmocka_unit_test(test_type_vote_country_is_loc),
        cmocka_unit_test(test_demonyms_and_stop_words_dropped),
        cmocka_unit_test(test_compass_demonyms_dropped),
        cmocka_unit_test(test_the_north),
        cmocka_unit_test(test_shared_surname_tie_goes_to_nearest),
        cmocka_unit_test(test_shared_surname_goes_to_main_person),
        cmocka_unit_test(test_designators),
        cmocka_unit_test(test_org_word_prefix),
        cmocka_unit_test(test_of_inversion),
        cmocka_unit_test(test_org_tail),
        cmocka_unit_test(test_the_short_form),
        cmocka_unit_test(test_particles_and_of_suffixes),
        cmocka_unit_test(test_arabic_article_surname),
        cmocka_unit_test(test_titled_pair_surname),
        cmocka_unit_test(test_ambiguous_tail_not_merged),
        cmocka_unit_test(test_surface_cleaning),
        cmocka_unit_test(test_mentions_are_source_spans),
        cmocka_unit_test(test_salience),
        cmocka_unit_test(test_no_mentions_and_bad_ranges),
        cmocka_unit_test(test_org_variants_and_small_words),
        cmocka_unit_test(test_hyphenated_surname),
        cmocka_unit_test(test_mention_trimming),
        cmocka_unit_test(test_offices_and_hyphenated_aliases),
        cmocka_unit_test(test_lone_word_types),
        cmocka_unit_test(test_titled_person_outvoted),
        cmocka_unit_test(test_full_name_type_wins),
        cmocka_unit_test(test_word_initials),
        cmocka_unit_test(test_types_from_lists),
        cmocka_unit_test(test_full_name_types_short_forms),
        cmocka_unit_test(test_compound_surnames),
        cmocka_unit_test(test_title_in_venue),
        cmocka_unit_test(test_capitalised_particle),
        cmocka_unit_test(test_full_name_of_a_surname),
        cmocka_unit_test(test_quoted_nickname),
        cmocka_unit_test(test_club_of_town),
        cmocka_unit_test(test_org_heads),
        cmocka_unit_test(test_titled_pair_is_person),
        cmocka_unit_test(test_company_described),
        cmocka_unit_test(test_company_apposition),
        cmocka_unit_test(test_products),
        cmocka_unit_test(test_org_and_place_list),
        cmocka_unit_test(test_plural_demonyms_and_stop_acronyms),
        cmocka_unit_test(test_random_mentions_keep_invariants),
        cmocka_unit_test(test_shipped_data),
        cmocka_unit_test(test_load_errors),
    };
    return cmocka_run_group_tests_name("entities", tests, setup, teardown);
}
