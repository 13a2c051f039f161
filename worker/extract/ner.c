/*
 * ner.c -- named-entity recognition: an averaged structured perceptron
 * (perceptron.h) over BIO tags for PERSON, ORG, LOC and MISC, decoded with
 * Viterbi one sentence at a time (long sentences in chunks of
 * NW_NER_CHUNK tokens), with the features of ner_feat.h and the
 * gazetteers, capitalisation classes and word clusters of ner_gaz.h.
 *
 * Speed: a token that is not capitalised and has no capitalised neighbour
 * is O without scoring (nw_ner_trivial); Viterbi runs only over the
 * stretches between such tokens, which gives the same path as a global
 * Viterbi because the path is pinned to O there.
 *
 * After decoding, each span passes general output rules (push_mention):
 * edges that cannot belong to a name are cut (punctuation, a possessive,
 * "of"/"the", a date word inside, a leading title for a person); a span
 * that is only a title, a date word, a nationality or a stop word is
 * dropped; a lone all-capitals "person" is an acronym (ORG); gazetteer
 * places and organisations fix an unlikely type or rescue a MISC span;
 * gazetteer countries and regions the model missed are added as LOC.
 * Names of events, wars and laws (last word in event_words.txt: "Athens
 * Olympics", "Gulf War") and job titles taken for organisations
 * ("Minister for Defence Procurement") are dropped; a particle name
 * ("al-Midana") after a name joins it.  Lower-case spans are reported only
 * in documents written all in lower case (nw_ner_sent_mode), where the
 * model scores lower-case name words too.
 * Last, organisation names cut at "and" / "for" / "of" are joined
 * (join_org_names: "Bank" + "of" + "England", "Institute of Economic" +
 * "and" + "Social Research").
 *
 * Tag rules after Viterbi, before the spans are read (all general, each
 * checked on dev, UNER EWT dev and the unlabelled corpus for side effects):
 * a known first name before a person joins it ("Club chairman Victor |
 * Lindqvist": the model is often unsure of a name's first word after a
 * role noun), and a title + first name + capitalised word the model left
 * O is a person ("spokesman Muhammad al-Midana"); a person run after of /
 * in / at / from that holds a first name after other words is split
 * ("bishop of Camerino | Francesco Brugnaro"); "the province of Aceh",
 * "al-Mughraqa district" and San / Santa / Santo / Sao + name are places;
 * a compass word before a known place is a place ("Southern Israel");
 * capitalised runs the model left O that start with an organisation word
 * + of / for or end in an organisation word are organisations ("The
 * Association of Chief Police Officers").  The later rules each say what
 * they do where they are defined (the order is tag_chunk's): team-sheet
 * initials, speakers beside a quotation or after a title, lower-case words
 * inside names, "X of Org", "X-based", titles of works, listed
 * organisations cut short or run together, plural possessives inside
 * organisations ("Supporters' Trust"), organisations run into a person
 * ("... Council Jabir Haddad"), listed possessors ("Japan's Nikkei"),
 * datelines (nw_ner_dateline_len, which stance.c uses too).  After all
 * sentences: names repeated untagged (propagate_names), persons run into a
 * caption's words (trim_person_tails), storms, the other uses of a work's
 * title (drop_work_titles: "the film Vera Drake").  push_mention drops
 * nationalities, holidays ("New Year", "Valentine's Day") and lone titles.
 *
 * Mention score: the least max-marginal margin over the span's tokens and
 * the token after it (how much the best path loses when one of those tags
 * changes, nw_perceptron_max_marginals), through a logistic curve fitted
 * on development data, so it reads roughly as the probability that the
 * mention (span and type) is right.
 *
 * Files: datadir/models/ner.model (perceptron.h format; its extra blob is
 * the word table, see below) and datadir/gazetteers/ (*.txt).
 * Output: doc->ment, non-overlapping, in text order, entity = -1.  MISC is
 * learnt (it keeps works, events and nationalities out of the other types)
 * but never reported.  Tokens inside boilerplate or page code
 * (NW_TF_NOTTEXT) and URLs are never part of a mention.
 *
 * Word-table blob (little endian), derived from unlabelled news by the
 * trainer: u32 'NWCP', u32 feature version, u32 count, count u32 word
 * hashes, count u8 capitalisation classes (NW_CAP_*), count u16 word
 * clusters (+1, 0 none), count u8 corpus context bits (NW_WC_*).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ner.h"
#include "ner_feat.h"
#include "ner_gaz.h"
#include "perceptron.h"

#define CAP_MAGIC 0x5043574eu /* "NWCP" */
#define BOILER_PENALTY 1e6f
#ifndef CAL_A
#define CAL_A 1.71f
#define CAL_B 0.31f
#endif

#define N_EDGE 12
#define N_COMPASS 14

struct nw_ner {
    nw_perceptron *model;
    nw_ner_gaz *gaz;
    uint32_t edge[N_EDGE];   /* hashes of words never at a name's edge */
    uint32_t compass[N_COMPASS]; /* "Southern", "North-East": part of a place */
};

static const char *const COMPASS_WORDS[N_COMPASS] = {
    "north", "south", "east", "west", "central", "northern", "southern",
    "eastern", "western", "north-east", "north-west", "south-east",
    "south-west", "upper"};

static const char *const EDGE_WORDS[N_EDGE] = {
    "of", "for", "and", "on", "in", "at", "the", "to", "a", "an", "with", "by"};

void nw_ner_free(nw_ner **pn) {
    if (!pn || !*pn)
        return;
    nw_perceptron_free(&(*pn)->model);
    nw_ner_gaz_free(&(*pn)->gaz);
    free(*pn);
    *pn = NULL;
}

static uint32_t rd32(const unsigned char *b) {
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

/* Load the capitalisation blob into g.  0, or -1 with err set. */
static int load_caps(nw_ner_gaz *g, const unsigned char *b, size_t len,
                     const char *path, char *err, size_t errlen) {
    if (len < 12 || rd32(b) != CAP_MAGIC) {
        snprintf(err, errlen, "NER model %s: missing capitalisation table", path);
        return -1;
    }
    if (rd32(b + 4) != NW_NER_FEAT_VERSION) {
        snprintf(err, errlen,
                 "NER model %s: trained for feature set %u, this build uses %u "
                 "(retrain with make model)",
                 path, rd32(b + 4), NW_NER_FEAT_VERSION);
        return -1;
    }
    uint32_t n = rd32(b + 8);
    if ((uint64_t)n * 8u + 12u != len) {
        snprintf(err, errlen, "NER model %s: capitalisation table size mismatch",
                 path);
        return -1;
    }
    const unsigned char *h = b + 12, *c = b + 12 + (size_t)n * 4;
    const unsigned char *k = c + n, *x = k + 2 * (size_t)n;
    for (uint32_t i = 0; i < n; i++)
        if (nw_ner_gaz_set_cap(g, rd32(h + (size_t)i * 4), c[i],
                               (uint16_t)(k[2 * (size_t)i] |
                                          k[2 * (size_t)i + 1] << 8),
                               x[i]) != 0) {
            snprintf(err, errlen, "NER model %s: out of memory", path);
            return -1;
        }
    return 0;
}

nw_ner *nw_ner_load(const char *datadir, char *err, size_t errlen) {
    char path[4096];
    void *blob = NULL;
    size_t blen = 0;
    char dummy[1];
    nw_ner *n = NULL;

    if (!err || errlen == 0) {
        err = dummy;
        errlen = sizeof(dummy);
    }
    if (!datadir)
        datadir = ".";
    if (!(n = calloc(1, sizeof(*n))) || !(n->gaz = nw_ner_gaz_new())) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (nw_ner_gaz_load_dir(n->gaz, datadir, err, errlen) != 0)
        goto fail;
    snprintf(path, sizeof(path), "%s/models/ner.model", datadir);
    if (!(n->model = nw_perceptron_load(path, &blob, &blen, err, errlen)))
        goto fail;
    if (n->model->n_tags != NW_NER_NTAGS) {
        snprintf(err, errlen, "NER model %s: %u tags, expected %u", path,
                 n->model->n_tags, (unsigned)NW_NER_NTAGS);
        goto fail;
    }
    if (load_caps(n->gaz, blob, blen, path, err, errlen) != 0)
        goto fail;
    nw_ner_allowed(n->model->allowed);
    for (int k = 0; k < N_EDGE; k++)
        n->edge[k] = nw_hash_lower(EDGE_WORDS[k], strlen(EDGE_WORDS[k]));
    for (int k = 0; k < N_COMPASS; k++)
        n->compass[k] = nw_hash_lower(COMPASS_WORDS[k], strlen(COMPASS_WORDS[k]));
    free(blob);
    return n;
fail:
    free(blob);
    nw_ner_free(&n);
    return NULL;
}

static int type_of_tag(uint8_t t) {
    switch (t) {
    case NW_NER_B_PER: case NW_NER_I_PER: return NW_ENT_PERSON;
    case NW_NER_B_ORG: case NW_NER_I_ORG: return NW_ENT_ORG;
    case NW_NER_B_LOC: case NW_NER_I_LOC: return NW_ENT_LOC;
    case NW_NER_B_MISC: case NW_NER_I_MISC: return NW_ENT_MISC;
    }
    return NW_ENT_NONE;
}

/* a capital letter in [a, b) ("al-Zahra" has one too) */
static int has_upper(const nw_doc *d, uint32_t a, uint32_t b) {
    for (uint32_t i = a; i < b; i++) {
        if (d->tok[i].flags & (NW_TF_CAP | NW_TF_ALLCAP))
            return 1;
        const char *p = nw_tok_ptr(d, i);
        for (uint32_t k = 0, n = nw_tok_len(d, i); k < n && k < 64; k++)
            if (p[k] >= 'A' && p[k] <= 'Z')
                return 1;
    }
    return 0;
}

static uint16_t word_cats(const nw_ner *ner, const nw_doc *d, uint32_t i) {
    uint16_t c;
    uint8_t cap;
    nw_ner_gaz_word(ner->gaz, d->tok[i].hash, &c, &cap);
    return c;
}

static int lower_word(const nw_doc *d, uint32_t i) {
    return !(d->tok[i].flags & (NW_TF_CAP | NW_TF_ALLCAP | NW_TF_DIGIT));
}

static int is_word(const nw_doc *d, uint32_t i, const char *w) {
    /* called for most tokens by many rules: the first byte rules out
       nearly all before the length is looked at */
    const char *p = nw_tok_ptr(d, i);
    if (*p != *w)
        return 0;
    size_t n = strlen(w);
    return nw_tok_len(d, i) == n && !strncmp(p, w, n);
}

/* end of the span that starts with the B- tag at s: the first token after
   its I- tags */
static uint32_t span_end(const uint8_t *tags, uint32_t n, uint32_t s) {
    uint32_t e = s + 1;
    while (e < n && tags[e] == tags[s] + 1)
        e++;
    return e;
}

/* Tag tokens [a, b) as one span opening with the B- tag b_tag, or all O
   when b_tag is NW_NER_O. */
static void set_span(uint8_t *tags, uint32_t a, uint32_t b, uint8_t b_tag) {
    for (uint32_t q = a; q < b; q++)
        tags[q] = b_tag == NW_NER_O || q == a ? b_tag : (uint8_t)(b_tag + 1);
}

/* is token i, exactly, one of the n words w? */
static int word_among(const nw_doc *d, uint32_t i, const char *const *w, size_t n) {
    for (size_t k = 0; k < n; k++)
        if (is_word(d, i, w[k]))
            return 1;
    return 0;
}
#define WORD_AMONG(d, i, W) word_among((d), (i), (W), sizeof(W) / sizeof((W)[0]))

/* an adjective that goes before a title: "former", "outgoing" */
static int former_word(const nw_doc *d, uint32_t i) {
    static const char *const W[] = {"Former", "Ex", "Outgoing", "Incoming",
                                    "Acting", "Interim", "Disgraced", "Veteran"};
    return WORD_AMONG(d, i, W);
}

static int in_hashes(uint32_t h, const uint32_t *l, int n) {
    for (int k = 0; k < n; k++)
        if (l[k] == h)
            return 1;
    return 0;
}

/* a lower-case function word ("of", "the") that cannot end a name */
static int edge_word(const nw_ner *ner, const nw_doc *d, uint32_t i) {
    if (!lower_word(d, i))
        return 0;
    for (int k = 0; k < N_EDGE; k++)
        if (ner->edge[k] == d->tok[i].hash)
            return 1;
    return 0;
}

/* "Southern Israel", "North Wales", "Central London": a compass word
   before a known place (the rest of [a, b) is a gazetteer country, region
   or city, not an organisation) names a place. */
static int compass_word(const nw_ner *ner, const nw_doc *d, uint32_t i) {
    for (int k = 0; k < N_COMPASS; k++)
        if (ner->compass[k] == d->tok[i].hash)
            return 1;
    return 0;
}

static int compass_place(const nw_ner *ner, const nw_doc *d, uint32_t a,
                         uint32_t b) {
    if (!compass_word(ner, d, a))
        return 0;
    uint16_t wc, pc, cl;
    uint8_t cc, cx;
    uint32_t m = nw_ner_gaz_scan(ner->gaz, d, a + 1, b, &wc, &cc, &pc, &cl, &cx);
    return m == b - a - 1 &&
           (pc & (NW_GZ_COUNTRY | NW_GZ_REGION | NW_GZ_CITY)) &&
           !(pc & (NW_GZ_ORG | NW_GZ_PERSON));
}

#define GZ_NAMES (NW_GZ_COUNTRY | NW_GZ_CITY | NW_GZ_REGION | NW_GZ_ORG | \
                  NW_GZ_PERSON)
#define GZ_PLACE (NW_GZ_COUNTRY | NW_GZ_CITY | NW_GZ_REGION)
/* a place on any list, the hand-written ones or the GeoNames one */
#define GZ_ANY_PLACE (GZ_PLACE | NW_GZ_PLACE_BIG)
/* a word the corpus writes in lower case (capitalisation class never or
   rare), and one it writes in lower case at least as often (mixed too) */
#define CAP_LOWER(c) ((c) == NW_CAP_NEVER || (c) == NW_CAP_RARE)
#define CAP_NOT_NAME(c) (CAP_LOWER(c) || (c) == NW_CAP_MIXED)

/* a company's legal form ("Inc.", "Ltd", "plc"): the end of its name */
static int legal_form(const nw_doc *d, uint32_t i) {
    static const char *const F[] = {"inc", "inc.", "ltd", "ltd.", "corp", "corp.",
                                    "co.", "llc", "plc", "gmbh", "ag", "llp",
                                    "ab", "spa", "s.p.a.", "oyj", "asa"};
    const char *p = nw_tok_ptr(d, i);
    uint32_t n = nw_tok_len(d, i);
    for (size_t k = 0; k < sizeof(F) / sizeof(F[0]); k++)
        if (strlen(F[k]) == n && !strncasecmp(F[k], p, n))
            return 1;
    return 0;
}

/* corpus capitalisation class of token i */
static uint8_t word_cap(const nw_ner *ner, const nw_doc *d, uint32_t i) {
    uint16_t c;
    uint8_t cap;
    nw_ner_gaz_word(ner->gaz, nw_ner_word_hash(d, &d->tok[i]), &c, &cap);
    return cap;
}

/* The last word of a title, capitalised: "Secretary", "Adviser". */
static int title_head(const nw_doc *d, uint32_t i) {
    static const char *const W[] = {"Secretary", "Minister", "Adviser", "Advisor",
                                    "Spokesman", "Spokeswoman", "Spokesperson"};
    return WORD_AMONG(d, i, W);
}

/* A word that opens such a title: "Press Secretary", "Prime Minister",
   "National Security Adviser", "Assistant Treasury Secretary". */
static int title_modifier(const nw_doc *d, uint32_t i) {
    static const char *const W[] = {"Press", "Prime", "National", "Security",
                                    "Assistant", "Deputy", "Chief", "Foreign",
                                    "Defence", "Defense", "Treasury"};
    return WORD_AMONG(d, i, W);
}

/* Token i is part of an address, not a name: a Twitter handle
   ("(@Rscoxx)"), the path of a bare link ("pic.twitter.com/PSvbTV6OVQ"),
   or a hashtag slogan; the front end keeps them as words, as the model
   was trained. */
static int in_address(const nw_doc *d, uint32_t i) {
    if (i == 0 || d->tok[i - 1].end != d->tok[i].start ||
        nw_tok_len(d, i - 1) != 1)
        return 0;
    char c = nw_tok_ptr(d, i - 1)[0];
    int alone = i < 2 || d->tok[i - 2].end != d->tok[i - 1].start ||
                d->tok[i - 2].kind == NW_TK_PUNCT || d->tok[i - 2].kind == NW_TK_QUOTE;
    if (c == '@')
        return alone;
    if (c == '#' && alone) {
        /* a hashtag of three or more words run together
           ("#BringBackOurGirls", "#KushForCure") is a slogan; one of a
           name ("#Iraq", "#IslamicState") stays a name */
        const char *w = nw_tok_ptr(d, i);
        uint32_t n = nw_tok_len(d, i), joins = 0;
        for (uint32_t k = 1; k < n; k++)
            joins += w[k - 1] >= 'a' && w[k - 1] <= 'z' && w[k] >= 'A' && w[k] <= 'Z';
        return joins >= 2;
    }
    if (c != '/' || i < 2 || d->tok[i - 2].end != d->tok[i - 1].start)
        return 0;
    return memchr(nw_tok_ptr(d, i - 2), '.', nw_tok_len(d, i - 2)) != NULL;
}

/* Clean a predicted span and append it.  The rules are general: edges
   that cannot belong to a name (punctuation, a possessive, a trailing
   "of"), a date word inside ("House of Lords on Tuesday"), a title in
   front of a person ("Farmer Geoff Brooks"), a span that is only a title,
   a date word, a nationality or a stop word; gazetteer places and
   organisations fix an unlikely type.  0, or -1 out of memory. */
static int push_mention(const nw_ner *ner, nw_doc *d, uint32_t *cap,
                        uint32_t a, uint32_t b, int type, float score,
                        int may_extend, int mode) {
    if (type == NW_ENT_NONE)
        return 0;
    uint16_t lc = 0; /* a listed name keeps its date word: "Mail on Sunday" */
    int listed = nw_ner_gaz_match(ner->gaz, d, a, b, &lc) == b - a && (lc & GZ_NAMES);
    for (uint32_t i = a + 1; i < b && !listed; i++)
        if ((word_cats(ner, d, i) & NW_GZ_DATE) && !(word_cats(ner, d, i) & GZ_NAMES)) {
            b = i;
            break;
        }
    for (;;) {
        uint32_t a0 = a, b0 = b;
        while (a < b && (d->tok[a].kind == NW_TK_PUNCT ||
                         d->tok[a].kind == NW_TK_QUOTE || edge_word(ner, d, a)))
            a++;
        while (b > a && (d->tok[b - 1].kind == NW_TK_PUNCT ||
                         d->tok[b - 1].kind == NW_TK_QUOTE ||
                         (d->tok[b - 1].flags & NW_TF_POSS) ||
                         edge_word(ner, d, b - 1)))
            b--;
        /* "Former France coach", "Outgoing President X": an adjective
           of office at the start of a sentence is no part of a name */
        if (b - a >= 2 && (d->tok[a].flags & NW_TF_SENT) && former_word(d, a))
            a++;
        /* a title or a nationality in front of a person: "Farmer Geoff
           Brooks", "Kenyans Evans Rutto and Margaret Okayo" */
        if (type == NW_ENT_PERSON)
            while (b - a >= 2 &&
                   (word_cats(ner, d, a) & (NW_GZ_TITLE | NW_GZ_DEMONYM)) &&
                   !(word_cats(ner, d, a) & (GZ_NAMES | NW_GZ_FIRST)) &&
                   /* a nationality leaves a name of two words or a first
                      name ("Swiss Re" is a company, not "Re") */
                   ((word_cats(ner, d, a) & NW_GZ_TITLE) || b - a >= 3 ||
                    (word_cats(ner, d, a + 1) & NW_GZ_FIRST)))
                a++;
        if (a == a0 && b == b0)
            break;
    }
    /* "No. 2" is a rank, not a name */
    if (b - a == 2 && d->tok[b - 1].kind == NW_TK_NUM &&
        (is_word(d, a, "No.") || is_word(d, a, "No")))
        return 0;
    /* "in Palo Alto 75 years ago": a number after a listed place or a
       person's name is not part of it */
    if (b - a >= 2 && d->tok[b - 1].kind == NW_TK_NUM &&
        (type == NW_ENT_PERSON ||
         (type == NW_ENT_LOC &&
          nw_ner_gaz_match(ner->gaz, d, a, b - 1, &lc) == b - 1 - a &&
          (lc & GZ_ANY_PLACE))))
        b--;
    /* "Hewlett-Packard Co. HPQ +2.00%": a stock ticker after the legal
       form is not part of the name */
    for (uint32_t i = a + 1; type == NW_ENT_ORG && i + 1 < b; i++)
        if (legal_form(d, i)) {
            uint32_t j = i + 1;
            while (j < b && (d->tok[j].flags & NW_TF_ALLCAP))
                j++;
            if (j == b)
                b = i + 1;
            break;
        }
    /* "White House Press | Secretary", "Thailand Prime | Minister",
       "U.S. National Security | Adviser": the first words of a title
       after an organisation or a place are no part of it */
    if (type == NW_ENT_ORG) {
        /* the title may end the span or stand inside it, before the
           person it names ("Pentagon Press Secretary Tom Vale") */
        uint32_t h = a + 1;
        while (h <= b && h < d->n_tok && !title_head(d, h))
            h++;
        uint32_t k = h;
        while (k > a && title_modifier(d, k - 1))
            k--;
        int after_ok = h + 1 >= d->n_tok || h + 1 >= b ||
                       ((d->tok[h + 1].flags & NW_TF_CAP) && !is_word(d, h + 1, "General"));
        /* "National Security Adviser": a title alone; the person after
           it, if any */
        if (h < b && k == a && after_ok)
            return h + 1 < b ? push_mention(ner, d, cap, h + 1, b, NW_ENT_PERSON,
                                            score, may_extend, mode)
                             : 0;
        if (h <= b && h < d->n_tok && k > a && after_ok &&
            (k < h || h < b) && (d->tok[k - 1].flags & (NW_TF_CAP | NW_TF_ALLCAP)) &&
            !edge_word(ner, d, k - 1)) {
            uint32_t e = b;
            uint8_t t = nw_ner_gaz_match(ner->gaz, d, a, k, &lc) == k - a &&
                                (lc & GZ_ANY_PLACE) ? NW_ENT_LOC : NW_ENT_ORG;
            if (h + 1 < e) {
                if (push_mention(ner, d, cap, a, k, t, score, 0, mode) != 0)
                    return -1;
                return push_mention(ner, d, cap, h + 1, e, NW_ENT_PERSON, score,
                                    may_extend, mode);
            }
            b = k;
            type = t;
        }
    }
    /* a name in lower case only where the whole sentence is */
    if (a >= b || (mode != NW_NER_MODE_LOWER && !has_upper(d, a, b)))
        return 0;
    if (in_address(d, a))
        return 0;
    /* the name of an event, a war or a law ("Athens Olympics", "Gulf
       War") is none of PERSON, ORG, LOC */
    if ((word_cats(ner, d, b - 1) & NW_GZ_EVENT) &&
        !(word_cats(ner, d, b - 1) & (GZ_NAMES | NW_GZ_ORGWORD | NW_GZ_FIRST)))
        return 0;
    /* a job title, not an organisation: "Minister for Defence
       Procurement", "Secretary of State for Health" */
    if (type == NW_ENT_ORG && b - a >= 3 &&
        (word_cats(ner, d, a) & NW_GZ_TITLE) &&
        !(word_cats(ner, d, a) & (NW_GZ_ORGWORD | NW_GZ_ORG)) &&
        (is_word(d, a + 1, "for") || is_word(d, a + 1, "of")))
        return 0;
    /* "Minister of Veterans Affairs Julian Fantino", "Secretary of
       Homeland Security": the department of a job title is no name, the
       person named after it is */
    if (a >= 2 && (is_word(d, a - 1, "of") || is_word(d, a - 1, "for")) &&
        (word_cats(ner, d, a - 2) & NW_GZ_TITLE) && (d->tok[a - 2].flags & NW_TF_CAP) &&
        !(word_cats(ner, d, a - 2) & (NW_GZ_ORGWORD | NW_GZ_ORG)) &&
        !(nw_ner_gaz_match(ner->gaz, d, a, b, &lc) == b - a && (lc & GZ_NAMES))) {
        uint32_t k = a;
        while (k < b && !(word_cats(ner, d, k) & (NW_GZ_FIRST | NW_GZ_NAME_BIG)))
            k++;
        /* no first name the lists know ("Defense Hazem Shaalan"): the
           person starts at the first word the corpus does not write in
           lower case, where the department's words are */
        if (k == b)
            for (k = a; k < b && CAP_NOT_NAME(word_cap(ner, d, k)); k++)
                ;
        int ministerial = is_word(d, a - 2, "Minister") || is_word(d, a - 2, "Secretary") ||
                          is_word(d, a - 2, "Ministers");
        int org = 0;
        for (uint32_t i = k; i < b; i++)
            org |= (word_cats(ner, d, i) & (NW_GZ_ORGWORD | NW_GZ_LOCWORD | GZ_NAMES)) != 0;
        if (k > a && k < b && b - k >= 2 && !org && !(word_cats(ner, d, a) & GZ_ANY_PLACE)) {
            a = k;
            type = NW_ENT_PERSON;
        } else if (k == b && ministerial && !(word_cats(ner, d, a) & GZ_ANY_PLACE)) {
            return 0;
        }
    }
    /* "Muhammad al-Midana": a particle name after a name joins it */
    while (may_extend && type != NW_ENT_MISC && b < d->n_tok && b - a < 8 &&
           nw_ner_particle_cap(d, &d->tok[b]) &&
           (d->tok[b].flags & NW_TF_SPACE) && d->tok_sent &&
           d->tok_sent[b] == d->tok_sent[b - 1])
        b++;
    /* "BBC Radio 4", "Channel 4": a short number after an organisation word */
    if (may_extend && type == NW_ENT_ORG && b < d->n_tok &&
        d->tok[b].kind == NW_TK_NUM &&
        nw_tok_len(d, b) <= 2 && (word_cats(ner, d, b - 1) & NW_GZ_ORGWORD) &&
        (d->tok[b].flags & NW_TF_SPACE) && d->tok_sent &&
        d->tok_sent[b] == d->tok_sent[b - 1])
        b++;
    /* "McDonald's", "Sainsbury's": a listed organisation whose name ends
       in a possessive keeps it (the model stops before it) */
    if (b < d->n_tok && (d->tok[b].flags & NW_TF_POSS) && d->tok_sent &&
        d->tok_sent[b] == d->tok_sent[b - 1] &&
        nw_ner_gaz_match(ner->gaz, d, a, b + 1, &lc) == b + 1 - a && (lc & NW_GZ_ORG)) {
        b++;
        type = NW_ENT_ORG;
    }
    if (type == NW_ENT_MISC) {
        /* MISC is not reported, unless the gazetteers know the whole span
           as an organisation or a place ("on Facebook") */
        uint16_t w0, p0, c0;
        uint8_t k0, x0;
        uint32_t m0 = nw_ner_gaz_scan(ner->gaz, d, a, b, &w0, &k0, &p0, &c0, &x0);
        if (m0 != b - a || (p0 & (NW_GZ_DEMONYM | NW_GZ_PERSON)))
            return 0;
        if (p0 & NW_GZ_ORG)
            type = NW_ENT_ORG;
        else if (p0 & GZ_PLACE)
            type = NW_ENT_LOC;
        else
            return 0;
    }
    uint16_t pc = 0, wc, dummy, cl;
    uint8_t cc, cx;
    uint32_t m = nw_ner_gaz_scan(ner->gaz, d, a, b, &wc, &cc, &dummy, &cl, &cx);
    pc = m == b - a ? dummy : 0;
    if (b - a == 1 && !(wc & (GZ_NAMES | NW_GZ_FIRST)) &&
        (wc & (NW_GZ_NOTNAME | NW_GZ_DATE | NW_GZ_DEMONYM | NW_GZ_TITLE)))
        return 0;
    /* a nationality or a holiday of several words ("New Year") */
    if ((pc & (NW_GZ_DEMONYM | NW_GZ_DATE)) && !(pc & GZ_NAMES))
        return 0;
    /* the name in a holiday: "Valentine's Day", "St Patrick's Day",
       "New Year's Eve" */
    if (b + 1 < d->n_tok && (d->tok[b].flags & NW_TF_POSS) &&
        (is_word(d, b + 1, "Day") || is_word(d, b + 1, "Eve")))
        return 0;
    /* a lone all-capitals word is an acronym, rarely a person */
    if (b - a == 1 && type == NW_ENT_PERSON && mode != NW_NER_MODE_UPPER &&
        (d->tok[a].flags & NW_TF_ALLCAP) &&
        !(wc & (NW_GZ_FIRST | NW_GZ_PERSON)))
        type = NW_ENT_ORG;
    if ((pc & (NW_GZ_COUNTRY | NW_GZ_REGION)) && !(pc & NW_GZ_ORG))
        type = NW_ENT_LOC;
    else if (type != NW_ENT_LOC && b - a >= 2 && !(pc & NW_GZ_ORG) &&
             compass_place(ner, d, a, b))
        type = NW_ENT_LOC;
    else if ((pc & NW_GZ_CITY) && type == NW_ENT_PERSON && !(pc & NW_GZ_PERSON))
        type = NW_ENT_LOC;
    else if ((pc & NW_GZ_ORG) && type == NW_ENT_PERSON && !(pc & NW_GZ_PERSON))
        type = NW_ENT_ORG;
    /* a listed organisation that is on no list of places: "Nottingham
       Forest", "Sale Sharks" */
    else if ((pc & NW_GZ_ORG) && type == NW_ENT_LOC && !(pc & GZ_ANY_PLACE))
        type = NW_ENT_ORG;
    /* "Lindsay Davenport", "Les Ferdinand", "Marion Jones": a listed first
       name and a surname (a town, or a name the model took for a firm's)
       is a person, not a place or an organisation -- unless the
       two words are a listed place, the first is a hand-listed place too
       or the second is a place word ("Victoria Falls", "Alice Springs",
       "George Town") */
    if ((type == NW_ENT_LOC || type == NW_ENT_ORG) && b - a == 2 &&
        (word_cats(ner, d, a) & (NW_GZ_FIRST | NW_GZ_NAME_BIG)) &&
        !(word_cats(ner, d, a) & GZ_PLACE) && /* "Camden Market", "Bristol West" */
        !is_word(d, a, "Al") && !is_word(d, a, "al") && /* "Al Qaim" */
        !(pc & (GZ_ANY_PLACE | NW_GZ_ORG)) &&
        !(word_cats(ner, d, a + 1) & (NW_GZ_LOCWORD | NW_GZ_ORGWORD | NW_GZ_COUNTRY |
                                      NW_GZ_REGION)) &&
        (d->tok[a + 1].flags & NW_TF_CAP) && !(d->tok[a + 1].flags & NW_TF_ALLCAP) &&
        /* an organisation: not "RAF Fairford", "ISIS Demands" (capitals),
           "Tate Modern", "Stanley Leisure" (a common word after the name) */
        (type == NW_ENT_LOC ||
         (!(d->tok[a].flags & NW_TF_ALLCAP) && !CAP_NOT_NAME(word_cap(ner, d, a + 1)))))
        type = NW_ENT_PERSON;
    /* "the Sun", "the Telegraph": listed with the article, a newspaper */
    if (type != NW_ENT_ORG && a > 0 &&
        (is_word(d, a - 1, "the") || is_word(d, a - 1, "The"))) {
        uint16_t tc = 0;
        if (nw_ner_gaz_match(ner->gaz, d, a - 1, b, &tc) == b - a + 1 &&
            (tc & NW_GZ_ORG))
            type = NW_ENT_ORG;
    }
    if (d->n_ment == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 64;
        nw_mention *mm = realloc(d->ment, (size_t)nc * sizeof(*mm));
        if (!mm)
            return -1;
        d->ment = mm;
        *cap = nc;
    }
    nw_mention mt = {a, b, (uint8_t)type, score, -1, 0, 0};
    if (b - a == 1) {
        uint16_t wc, cl;
        uint8_t cp;
        nw_ner_gaz_word_info(ner->gaz, nw_ner_word_hash(d, &d->tok[a]), &wc, &cp,
                             &cl, &mt.wc);
    }
    d->ment[d->n_ment++] = mt;
    return 0;
}

/* Country and region names from the gazetteer that the model left out
   (all words capitalised, not also a first name) become LOC. */
static void add_gazetteer_places(const nw_ner *ner, const nw_doc *d,
                                 uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t k = 0; k < n;) {
        uint32_t i = first + k;
        if (tags[k] != NW_NER_O || !(d->tok[i].flags & (NW_TF_CAP | NW_TF_ALLCAP))) {
            k++;
            continue;
        }
        uint16_t wc, pc, cl;
        uint8_t cc, cx;
        uint32_t m = nw_ner_gaz_scan(ner->gaz, d, i, first + n, &wc, &cc, &pc, &cl,
                                     &cx);
        int ok = m > 0 && (pc & (NW_GZ_COUNTRY | NW_GZ_REGION)) &&
                 !(pc & (NW_GZ_ORG | NW_GZ_PERSON)) &&
                 !(m == 1 && (wc & (NW_GZ_FIRST | NW_GZ_NOTNAME)));
        for (uint32_t j = 0; ok && j < m; j++)
            if (tags[k + j] != NW_NER_O ||
                (lower_word(d, i + j) && j + 1 == m))
                ok = 0;
        if (ok && k + m < n && (tags[k + m] % 2 == 0) && tags[k + m] != NW_NER_O)
            ok = 0;   /* would split a following I- run */
        if (!ok) {
            k++;
            continue;
        }
        tags[k] = NW_NER_B_LOC;
        for (uint32_t j = 1; j < m; j++)
            tags[k + j] = NW_NER_I_LOC;
        k += m;
    }
}

static int org_on_its_own(const nw_ner *ner, const nw_doc *d, uint32_t a,
                          uint32_t b);

/* A plural possessive inside an organisation's name: "Northfield
   Supporters' Trust", "the Professional Footballers' Association", "Writers'
   Guild of America".  The bare apostrophe reads like the end of a name, so
   the model often stops at "Supporters" and leaves "Trust" alone or O.  A
   tagged span, the apostrophe of a plural possessive, and a capitalised
   organisation word after it are one organisation, with the capitalised
   words (or the span) that follow that word -- unless the span before is
   an organisation on its own or the word starts a listed one. */
static void join_plural_possessive(const nw_ner *ner, const nw_doc *d,
                                   uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t k = 1; k + 1 < n; k++) {
        const uint32_t i = first + k;
        const nw_token *u = &d->tok[i + 1];
        if (tags[k - 1] == NW_NER_O || tags[k] % 2 == 1 ||
            !(d->tok[i].flags & NW_TF_POSS) || !is_word(d, i, "'") ||
            u->kind != NW_TK_WORD || !(u->flags & NW_TF_CAP) ||
            (u->flags & NW_TF_ALLCAP) || !(word_cats(ner, d, i + 1) & NW_GZ_ORGWORD))
            continue;
        if (tags[k + 1] != NW_NER_O && tags[k + 1] % 2 == 0)
            continue;   /* inside a span that began earlier: leave it */
        uint32_t s0 = k - 1;
        while (s0 > 0 && tags[s0] % 2 == 0)
            s0--;
        /* two organisations: "the Lib Dems' Treasury spokesman" */
        uint16_t rc = 0;
        if (org_on_its_own(ner, d, first + s0, i) ||
            (nw_ner_gaz_match(ner->gaz, d, i + 1, first + n, &rc) && (rc & NW_GZ_ORG)))
            continue;
        /* the name goes on: the span after the organisation word, or
           its capitalised words ("Guild of America") */
        uint32_t e = k + 2;
        if (tags[k + 1] != NW_NER_O) {
            e = span_end(tags, n, k + 1);
        } else {
            while (e < n && tags[e] == NW_NER_O && d->tok[first + e].kind == NW_TK_WORD &&
                   (d->tok[first + e].flags & NW_TF_CAP) &&
                   !(d->tok[first + e].flags & NW_TF_POSS))
                e++;
        }
        tags[s0] = NW_NER_B_ORG;
        for (uint32_t q = s0 + 1; q < e; q++)
            tags[q] = NW_NER_I_ORG;
        k = e - 1;
    }
}

/* A singular possessive inside an organisation's name: "Korean People's
   Army", "Information Commissioner's Office", "Dallas County Sheriff's
   Office", "People's Bank".  The possessor is a common noun or a title
   (the corpus writes it in lower case: people, commissioner, sheriff) and
   the capitalised words after "'s" end in an organisation word; the
   capitalised run before the possessor opens the name.  A name owns
   what follows it ("Britain's Labour Party", "Obama's Justice
   Department"), so a possessor that is a name joins nothing. */
static void join_singular_possessive(const nw_ner *ner, const nw_doc *d,
                                     uint32_t first, uint32_t n, uint8_t *tags,
                                     int mode) {
    if (mode != NW_NER_MODE_NORMAL)
        return;
    for (uint32_t k = 1; k + 1 < n; k++) {
        const uint32_t i = first + k;
        const nw_token *p = &d->tok[i - 1];
        if (!(d->tok[i].flags & NW_TF_POSS) || !is_word(d, i, "'s") ||
            p->kind != NW_TK_WORD || !(p->flags & NW_TF_CAP) ||
            (p->flags & (NW_TF_ALLCAP | NW_TF_NOTTEXT)) ||
            (!CAP_LOWER(word_cap(ner, d, i - 1)) &&
             !(word_cats(ner, d, i - 1) & NW_GZ_TITLE)) ||
            (word_cats(ner, d, i - 1) & (GZ_NAMES | NW_GZ_FIRST)))
            continue;
        /* the capitalised words after "'s", ending in an organisation word */
        uint32_t e = k + 1, org_end = 0;
        while (e < n && e - k <= 4 && d->tok[first + e].kind == NW_TK_WORD &&
               (d->tok[first + e].flags & NW_TF_CAP) &&
               !(d->tok[first + e].flags & (NW_TF_ALLCAP | NW_TF_POSS)) &&
               !in_hashes(d->tok[first + e].hash, ner->edge, N_EDGE)) {
            if (word_cats(ner, d, first + e) & NW_GZ_ORGWORD)
                org_end = e + 1;
            e++;
        }
        if (!org_end || org_end != e)
            continue;
        /* a span that runs on past the name is the model's: leave it */
        if (e < n && tags[e] != NW_NER_O && tags[e] % 2 == 0)
            continue;
        uint32_t s0 = k - 1;
        while (s0 > 0) {
            const nw_token *t = &d->tok[first + s0 - 1];
            if (t->kind != NW_TK_WORD || !(t->flags & NW_TF_CAP) ||
                (t->flags & (NW_TF_POSS | NW_TF_NOTTEXT)) ||
                edge_word(ner, d, first + s0 - 1) ||
                ((t->flags & NW_TF_SENT) && CAP_LOWER(word_cap(ner, d, first + s0 - 1))))
                break;
            s0--;
        }
        if (tags[s0] != NW_NER_O && tags[s0] % 2 == 0)
            continue; /* a span that began before the run: leave it */
        /* a person's surname ("Day's Rangers contract"): the model's
           person, or one word opening the sentence */
        if (tags[k - 1] == NW_NER_B_PER || tags[k - 1] == NW_NER_I_PER ||
            (s0 == k - 1 && (p->flags & NW_TF_SENT)))
            continue;
        tags[s0] = NW_NER_B_ORG;
        for (uint32_t q = s0 + 1; q < e; q++)
            tags[q] = NW_NER_I_ORG;
        k = e - 1;
    }
}

/* "Muslim Council of Britain", "Catholic Church", "Syrian Free Army": a
   nationality or faith word that the model left out (O or a one-word
   MISC) right before an organisation whose first word is an
   organisation word is the start of its name. */
static int same_sentence(const nw_doc *d, uint32_t a, uint32_t b);

static void join_demonym_orgs(const nw_ner *ner, const nw_doc *d,
                              uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t k = 0; k + 1 < n; k++) {
        const uint32_t i = first + k;
        if (tags[k + 1] != NW_NER_B_ORG ||
            (tags[k] != NW_NER_O && tags[k] != NW_NER_B_MISC) ||
            d->tok[i].kind != NW_TK_WORD || !(d->tok[i].flags & NW_TF_CAP) ||
            (d->tok[i].flags & NW_TF_ALLCAP) ||
            !(word_cats(ner, d, i) & NW_GZ_DEMONYM) ||
            (word_cats(ner, d, i) & (GZ_NAMES | NW_GZ_FIRST)) ||
            !(word_cats(ner, d, i + 1) & NW_GZ_ORGWORD) ||
            (word_cats(ner, d, i + 1) & NW_GZ_ORG) || /* "Afghan Taliban" */
            !(d->tok[i + 1].flags & NW_TF_SPACE) || !same_sentence(d, i, i + 1))
            continue;
        tags[k] = NW_NER_B_ORG;
        tags[k + 1] = NW_NER_I_ORG;
    }
}

/* A known first name just before a person ("Club chairman Victor |
   Lindqvist"): the tagger is often unsure of a name's first word after a
   role noun, and a capitalised first name (not a title, a place, a date
   word or a common word) right before a PERSON span, or alone as a PERSON
   just before another, is the start of that name. */
static int first_name_word(const nw_ner *ner, const nw_doc *d, uint32_t i) {
    const nw_token *t = &d->tok[i];
    if (t->kind != NW_TK_WORD || !(t->flags & NW_TF_CAP) ||
        (t->flags & (NW_TF_ALLCAP | NW_TF_POSS)))
        return 0;
    uint16_t c = word_cats(ner, d, i);
    return (c & NW_GZ_FIRST) && !(c & (GZ_NAMES & ~NW_GZ_PERSON)) &&
           !(c & (NW_GZ_TITLE | NW_GZ_DATE | NW_GZ_NOTNAME | NW_GZ_DEMONYM |
                  NW_GZ_ORGWORD | NW_GZ_LOCWORD));
}

/* the lower-case particles of a surname: "van der Veer", "de Blasio" */
static const char *const SURNAME_PARTICLES[] = {
    "van", "von", "der", "den", "de", "da", "di", "del", "della",
    "du", "la", "le", "dos", "das", "ter", "ten", "bin", "ibn"};

/* Can token i, after the particles that follow token a, be the surname
   they open: a capitalised word inside a's sentence, not opening it, not
   in capitals, no date, organisation, title, place or place word? */
static int particle_surname(const nw_ner *ner, const nw_doc *d, uint32_t a, uint32_t i) {
    const nw_token *t = &d->tok[i];
    return t->kind == NW_TK_WORD && (t->flags & NW_TF_CAP) &&
           !(t->flags & (NW_TF_SENT | NW_TF_ALLCAP)) && same_sentence(d, a, i) &&
           !(word_cats(ner, d, i) &
             (NW_GZ_DATE | NW_GZ_ORGWORD | NW_GZ_TITLE | GZ_ANY_PLACE | NW_GZ_LOCWORD));
}

/* "Jeroen | van der Veer", "Luca | di Montezemolo": a person the model
   ended on a given name, before the lower-case particles of a surname and
   the surname, goes on over them (a surname tagged apart joins too). */
static void join_particle_surnames(const nw_ner *ner, const nw_doc *d,
                                   uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t k = 0; k + 2 < n; k++) {
        const uint32_t i = first + k;
        if ((tags[k] != NW_NER_B_PER && tags[k] != NW_NER_I_PER) ||
            tags[k + 1] != NW_NER_O || !WORD_AMONG(d, i + 1, SURNAME_PARTICLES))
            continue;
        const uint16_t c = word_cats(ner, d, i);
        if (!(first_name_word(ner, d, i) ||
              ((c & NW_GZ_NAME_BIG) && (d->tok[i].flags & NW_TF_CAP) &&
               !(d->tok[i].flags & (NW_TF_ALLCAP | NW_TF_POSS)) &&
               !(c & (GZ_ANY_PLACE | NW_GZ_ORG | NW_GZ_TITLE | NW_GZ_DATE |
                      NW_GZ_ORGWORD | NW_GZ_LOCWORD)))))
            continue;
        uint32_t j = k + 1;
        while (j < n && j < k + 3 && tags[j] == NW_NER_O &&
               WORD_AMONG(d, first + j, SURNAME_PARTICLES) &&
               (d->tok[first + j].flags & NW_TF_SPACE))
            j++;
        if (j == k + 1 || j >= n || (tags[j] != NW_NER_O && tags[j] != NW_NER_B_PER) ||
            !particle_surname(ner, d, first + k, first + j))
            continue;
        for (uint32_t q = k + 1; q <= j; q++)
            tags[q] = NW_NER_I_PER;
        k = j;
    }
    /* "Mayor | de Blasio", ", | de | Blasio": the particles of a surname
       after a title, or before a surname the model found alone, are the
       person's; never after an article or a possessive ("the van"), nor
       before a given name */
    static const char *const LEAD[] = {"van", "von", "de", "da", "di", "del", "della",
                                       "du", "dos", "das", "bin", "ibn"};
    static const char *const DET[] = {"a", "an", "the", "his", "her", "its", "their",
                                      "our", "my", "your", "this", "that"};
    for (uint32_t k = 0; k + 1 < n; k++) {
        /* every token comes here: a cheap look at the first letter and the
           length before the word list */
        const char c0 = *nw_tok_ptr(d, first + k);
        if (tags[k] != NW_NER_O || nw_tok_len(d, first + k) > 5 ||
            !(c0 == 'v' || c0 == 'd' || c0 == 'b' || c0 == 'i') ||
            !(d->tok[first + k + 1].flags & NW_TF_CAP ||
              WORD_AMONG(d, first + k + 1, SURNAME_PARTICLES)) ||
            !WORD_AMONG(d, first + k, LEAD) ||
            (k > 0 && (tags[k - 1] != NW_NER_O || WORD_AMONG(d, first + k - 1, DET))))
            continue;
        uint32_t j = k;
        while (j < n && j < k + 2 && tags[j] == NW_NER_O &&
               WORD_AMONG(d, first + j, SURNAME_PARTICLES) &&
               (d->tok[first + j].flags & NW_TF_SPACE))
            j++;
        if (j >= n || !(d->tok[first + j].flags & NW_TF_SPACE) ||
            !particle_surname(ner, d, first + k, first + j))
            continue;
        /* after a capitalised word only a title: "d'Architecture de
           Paris-La Villette" is a name in French; "de Raúl Castro" is "of" */
        const int titled = k > 0 && (word_cats(ner, d, first + k - 1) & NW_GZ_TITLE);
        if ((k > 0 && (d->tok[first + k - 1].flags & NW_TF_CAP) && !titled) ||
            first_name_word(ner, d, first + j))
            continue;
        if (tags[j] != NW_NER_B_PER &&
            !(titled && tags[j] == NW_NER_O && (j + 1 >= n || tags[j + 1] == NW_NER_O)))
            continue;
        tags[k] = NW_NER_B_PER;
        for (uint32_t q = k + 1; q <= j; q++)
            tags[q] = NW_NER_I_PER;
        k = j;
    }
}

static void join_first_names(const nw_ner *ner, const nw_doc *d,
                             uint32_t first, uint32_t n, uint8_t *tags) {
    /* "spokesman Muhammad al-Midana", "Mr Victor Lindqvist" left all O:
       a title, a first name and a capitalised word make a person */
    for (uint32_t k = 1; k + 1 < n; k++) {
        uint32_t i = first + k;
        if (tags[k - 1] != NW_NER_O || tags[k] != NW_NER_O ||
            tags[k + 1] != NW_NER_O || !first_name_word(ner, d, i) ||
            !(word_cats(ner, d, i - 1) & NW_GZ_TITLE) ||
            (word_cats(ner, d, i - 1) & (GZ_NAMES | NW_GZ_FIRST)) ||
            d->tok[i + 1].kind != NW_TK_WORD ||
            !(d->tok[i + 1].flags & NW_TF_SPACE) ||
            (d->tok[i + 1].flags & (NW_TF_SENT | NW_TF_ALLCAP)) ||
            !((d->tok[i + 1].flags & NW_TF_CAP) ||
              nw_ner_particle_cap(d, &d->tok[i + 1])) ||
            (word_cats(ner, d, i + 1) & (NW_GZ_DATE | NW_GZ_ORGWORD | NW_GZ_TITLE)))
            continue;
        tags[k] = NW_NER_B_PER;
        tags[k + 1] = NW_NER_I_PER;
    }
    for (uint32_t k = 1; k < n; k++) {
        if (tags[k] != NW_NER_B_PER)
            continue;
        uint32_t i = first + k - 1;
        if (!first_name_word(ner, d, i) ||
            !(d->tok[i + 1].flags & NW_TF_SPACE) ||
            (d->tok[i + 1].flags & (NW_TF_SENT | NW_TF_PARA)))
            continue;
        if (tags[k - 1] == NW_NER_O) {
            tags[k - 1] = NW_NER_B_PER;
            tags[k] = NW_NER_I_PER;
        } else if (tags[k - 1] == NW_NER_B_PER) {
            /* the first name alone, then the surname as another person */
            tags[k] = NW_NER_I_PER;
        }
    }
}

/* Initials just before a person are the start of the name ("J. Edgar
   Hoover", "C. H. Douglas", "A. Noel Anketell Kramer"): the training data
   has few of them and the model leaves them out.  Listed initialisms
   ("U.S.", "U.N.") are not initials. */
static void join_initials(const nw_ner *ner, const nw_doc *d, uint32_t first,
                          uint32_t n, uint8_t *tags) {
    for (uint32_t k = 1; k < n; k++) {
        if (tags[k] != NW_NER_B_PER)
            continue;
        uint32_t s = k;
        while (s > 0 && tags[s - 1] == NW_NER_O && nw_tok_initials(d, first + s - 1) &&
               !(word_cats(ner, d, first + s - 1) & GZ_NAMES) &&
               !(d->tok[first + s].flags & (NW_TF_SENT | NW_TF_PARA)) &&
               (d->tok[first + s].flags & NW_TF_SPACE))
            s--;
        if (s == k)
            continue;
        tags[s] = NW_NER_B_PER;
        for (uint32_t q = s + 1; q <= k; q++)
            tags[q] = NW_NER_I_PER;
    }
}

/* "said John Brady of ABN AMRO", "Zara Hyde Peters of UK Athletics": a
   person or organisation span of two or three capitalised words opening
   with a given name, then "of" and an organisation (listed, in capitals,
   ending in an organisation word or a legal form) is a person and an
   organisation.  ("Bank of America" opens with no given name; "of" + a
   listed place is split_person_runs'.) */
static void split_person_of_org(const nw_ner *ner, const nw_doc *d,
                                uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t s = 0; s < n; s++) {
        if (tags[s] != NW_NER_B_PER && tags[s] != NW_NER_B_ORG)
            continue;
        uint32_t e = span_end(tags, n, s);
        /* "analyst Nick | Bubb of Evolution Securities": a listed first
           name the model left out right before the span opens it */
        if (tags[s] == NW_NER_B_ORG && s > 0 && tags[s - 1] == NW_NER_O &&
            d->tok[first + s - 1].kind == NW_TK_WORD &&
            (d->tok[first + s - 1].flags & NW_TF_CAP) &&
            !(d->tok[first + s - 1].flags & (NW_TF_SENT | NW_TF_ALLCAP)) &&
            (word_cats(ner, d, first + s - 1) & NW_GZ_FIRST) &&
            !(word_cats(ner, d, first + s - 1) & GZ_NAMES) &&
            !(word_cats(ner, d, first + s) & (GZ_NAMES | NW_GZ_ORGWORD)) &&
            s + 1 < e && is_word(d, first + s + 1, "of"))
            s--;
        /* "Mr. Murren of MGM": after Mr / Mrs / Ms / Dr, a surname alone
           (not after Lord: "Lord Woolf of Barnes" is a peer's title) */
        static const char *const HON1[] = {"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.",
                                           "Dr", "Dr.", "Miss"};
        const int hon = tags[s] == NW_NER_B_PER && s > 0 && tags[s - 1] == NW_NER_O &&
                        WORD_AMONG(d, first + s - 1, HON1);
        uint32_t j = hon ? s + 1 : s + 2;
        while (j < e && j <= s + 3 && !is_word(d, first + j, "of"))
            j++;
        const int given = hon || (word_cats(ner, d, first + s) & (NW_GZ_FIRST | NW_GZ_NAME_BIG));
        if (j >= e - 1 || j > s + 3 || !is_word(d, first + j, "of") ||
            (word_cats(ner, d, first + s) & GZ_NAMES)) {
            s = e - 1;
            continue;
        }
        int names = 1;
        for (uint32_t q = s; q < j && names; q++)
            names = d->tok[first + q].kind == NW_TK_WORD &&
                    (d->tok[first + q].flags & NW_TF_CAP) &&
                    !(word_cats(ner, d, first + q) & (NW_GZ_ORGWORD | NW_GZ_TITLE));
        uint16_t pc = 0;
        uint32_t a = first + j + 1, b = first + e;
        int org = nw_ner_gaz_match(ner->gaz, d, a, b, &pc) == b - a && (pc & NW_GZ_ORG);
        int caps = 1;
        for (uint32_t q = a; q < b && caps; q++)
            caps = (d->tok[q].flags & NW_TF_ALLCAP) != 0;
        /* what follows "of": an organisation by a list, capitals, an
           organisation word or a legal form; after a person the model
           already ran on, one capitalised word that no list knows as a
           place or a name ("analyst Timothy Arcuri of Cowen") */
        int other = tags[s] == NW_NER_B_PER && b - a == 1 &&
                    (d->tok[a].flags & NW_TF_CAP) &&
                    !(word_cats(ner, d, a) &
                      (GZ_ANY_PLACE | NW_GZ_FIRST | NW_GZ_NAME_BIG | NW_GZ_PERSON));
        /* ... or a run of two to four capitalised words that is no place
           and does not open with a name ("Stephen Foskett of Grail
           Watch", "Richard Yamarone of Argus Research") */
        int run = tags[s] == NW_NER_B_PER && b - a >= 2 && b - a <= 4 &&
                  !(word_cats(ner, d, a) &
                    (GZ_ANY_PLACE | NW_GZ_FIRST | NW_GZ_NAME_BIG | NW_GZ_PERSON)) &&
                  !(nw_ner_gaz_match(ner->gaz, d, a, b, &pc) == b - a &&
                    (pc & GZ_ANY_PLACE));
        for (uint32_t q = a; q < b && run; q++)
            run = d->tok[q].kind == NW_TK_WORD &&
                  (d->tok[q].flags & (NW_TF_CAP | NW_TF_ALLCAP)) != 0;
        /* what follows "of" says company by itself: a listed name,
           capitals, an organisation word or a legal form -- then two
           capitalised words before "of" need no listed given name
           ("Grant Wilson of Mellon Bank"; a peer has one: "Kinnock of
           Bedwellty") */
        const int strong = org || caps || (word_cats(ner, d, b - 1) & NW_GZ_ORGWORD) ||
                           legal_form(d, b - 1);
        if (names && (given || (strong && j == s + 2 && tags[s] == NW_NER_B_PER)) &&
            (strong || other || run)) {
            tags[s] = NW_NER_B_PER;
            for (uint32_t q = s + 1; q < j; q++)
                tags[q] = NW_NER_I_PER;
            tags[j] = NW_NER_O;
            tags[j + 1] = NW_NER_B_ORG;
            for (uint32_t q = j + 2; q < e; q++)
                tags[q] = NW_NER_I_ORG;
        }
        s = e - 1;
    }
}

/* "Head of Al-Anbar Provincial Council Khalaf Tarmouz", "the chairman of
   the Environmental Audit Committee Peter Ainsworth": an organisation span
   that runs on past its organisation word into two or three capitalised
   words -- no organisation, place, title or date word among them, the
   first a given name (any list) or the span opened by a title and "of" --
   is an organisation and the person it names. */
static void split_org_person(const nw_ner *ner, const nw_doc *d, uint32_t first,
                             uint32_t n, uint8_t *tags) {
    for (uint32_t s = 0; s < n; s++) {
        if (tags[s] != NW_NER_B_ORG)
            continue;
        const uint32_t e = span_end(tags, n, s);
        const int after_title = s >= 2 && is_word(d, first + s - 1, "of") &&
                                (word_cats(ner, d, first + s - 2) & NW_GZ_TITLE);
        for (uint32_t p = e >= s + 4 ? e - 4 : s; p + 2 < e; p++) {
            if (!(word_cats(ner, d, first + p) & NW_GZ_ORGWORD))
                continue;
            int ok = 1;
            for (uint32_t q = p + 1; q < e && ok; q++) {
                const nw_token *t = &d->tok[first + q];
                ok = t->kind == NW_TK_WORD && (t->flags & NW_TF_CAP) &&
                     !(t->flags & (NW_TF_ALLCAP | NW_TF_POSS)) &&
                     !(word_cats(ner, d, first + q) &
                       ((GZ_NAMES & ~NW_GZ_PERSON) | GZ_ANY_PLACE | NW_GZ_ORGWORD |
                        NW_GZ_TITLE | NW_GZ_DATE | NW_GZ_DEMONYM | NW_GZ_LOCWORD |
                        NW_GZ_EVENT));
            }
            if (!ok || !(after_title || (word_cats(ner, d, first + p + 1) &
                                         (NW_GZ_FIRST | NW_GZ_NAME_BIG))))
                continue;
            tags[p + 1] = NW_NER_B_PER;
            for (uint32_t q = p + 2; q < e; q++)
                tags[q] = NW_NER_I_PER;
            break;
        }
        s = e - 1;
    }
}

/* "Japan's Nikkei", "France's Suez", "Iraq's Oil Ministry", "London's
   Odeon Leicester Square": a span holding a possessive whose possessor is
   a listed country, city, region or organisation is two names, the
   possessor (a place LOC, an organisation ORG) and what it owns (the
   span's type).  "Pakistan People's Party", "St James's Palace" and
   "Alzheimer's Society" have no listed possessor and stay whole. */
static void split_possessor(const nw_ner *ner, const nw_doc *d, uint32_t first,
                            uint32_t n, uint8_t *tags) {
    for (uint32_t s = 0; s < n; s++) {
        if (tags[s] == NW_NER_O || tags[s] % 2 == 0)
            continue;
        const uint32_t e = span_end(tags, n, s);
        for (uint32_t j = s + 1; j + 1 < e; j++) {
            if (!(d->tok[first + j].flags & NW_TF_POSS))
                continue;
            uint16_t pc = 0;
            if (nw_ner_gaz_match(ner->gaz, d, first + s, first + j, &pc) != j - s ||
                !(pc & (GZ_PLACE | NW_GZ_ORG)) || (pc & NW_GZ_PERSON) ||
                !(d->tok[first + j + 1].flags & (NW_TF_CAP | NW_TF_ALLCAP | NW_TF_DIGIT)))
                break;
            const uint8_t own = (uint8_t)(tags[s] + 1); /* the span's I- tag */
            const uint8_t b = (pc & GZ_PLACE) && !(pc & NW_GZ_ORG) ? NW_NER_B_LOC
                                                                   : NW_NER_B_ORG;
            tags[s] = b;
            for (uint32_t q = s + 1; q < j; q++)
                tags[q] = (uint8_t)(b + 1);
            tags[j] = NW_NER_O;
            tags[j + 1] = (uint8_t)(own - 1);
            for (uint32_t q = j + 2; q < e; q++)
                tags[q] = own;
            break;
        }
        s = e - 1;
    }
}

/* "Santa Monica-based Activision", "Saudi-led Coalition": a name ends at
   "-based" / "-led" / "-backed"; the words before it are a place (one word
   only when listed: "Windows-based Creative Zen" names no place), the
   rest, capitalised, an organisation. */
static void split_based(const nw_ner *ner, const nw_doc *d, uint32_t first,
                        uint32_t n, uint8_t *tags) {
    static const char *const AFF[] = {"-based", "-led", "-backed"};
    for (uint32_t k = 0; k + 1 < n; k++) {
        if (tags[k] == NW_NER_O || tags[k + 1] == NW_NER_O || tags[k + 1] % 2 == 1)
            continue;
        const char *p = nw_tok_ptr(d, first + k);
        uint32_t len = nw_tok_len(d, first + k);
        int hit = 0;
        for (size_t f = 0; f < sizeof(AFF) / sizeof(AFF[0]) && !hit; f++) {
            size_t fl = strlen(AFF[f]);
            hit = len > fl + 1 && !strncasecmp(p + len - fl, AFF[f], fl);
        }
        if (!hit || !(d->tok[first + k + 1].flags & NW_TF_CAP))
            continue;
        uint32_t s = k;
        while (s > 0 && tags[s] % 2 == 0)
            s--;
        /* one word before the affix: a place when listed ("London-based",
           not "Windows-based"); more ("Santa Monica-based"): a place */
        int place = 1;
        if (s == k) {
            uint16_t pc = 0;
            uint8_t cc;
            const char *hy = memchr(p, '-', len);
            nw_ner_gaz_word(ner->gaz, nw_hash_lower(p, (size_t)(hy - p)), &pc, &cc);
            place = (pc & GZ_ANY_PLACE) != 0;
        }
        tags[s] = place ? NW_NER_B_LOC : NW_NER_O;
        for (uint32_t q = s + 1; q <= k; q++)
            tags[q] = place ? NW_NER_I_LOC : NW_NER_O;
        uint32_t e = k + 1;
        tags[e++] = NW_NER_B_ORG;
        while (e < n && tags[e] != NW_NER_O && tags[e] % 2 == 0)
            tags[e++] = NW_NER_I_ORG;
        k = e - 1;
    }
}

/* A work, not a name: a span right after "film", "album", "novel",
   "series" ... ("the film Closer", "the hit single Angels") or after "role
   in" / "starring in" ("her role in Girl with a Pearl Earring") is the
   title of a film, book, record or show, which is no PERSON, ORG or LOC --
   unless the whole span is a listed name ("a role in Iraq"), it opens with
   a given name or a possessive follows ("a role in Mike Nichols' Closer":
   the maker). */
static int work_cue(const nw_doc *d, uint32_t i) {
    static const char *const W[] = {"film", "films", "movie", "novel", "book",
                                    "album", "single", "song", "series", "sitcom",
                                    "drama", "opera", "musical",
                                    "documentary", "remake", "re-make", "thriller",
                                    "comedy", "show", "soap", "blockbuster"};
    return WORD_AMONG(d, i, W);
}

static void drop_works(const nw_ner *ner, const nw_doc *d, uint32_t first,
                       uint32_t n, uint8_t *tags) {
    for (uint32_t s = 0; s < n; s++) {
        if (tags[s] == NW_NER_O || tags[s] % 2 == 0)
            continue;
        uint32_t e = span_end(tags, n, s);
        const uint32_t a = first + s;
        int cue = a > 0 && work_cue(d, a - 1) &&
                  !(d->tok[a].flags & (NW_TF_SENT | NW_TF_PARA));
        if (!cue && a >= 2 && is_word(d, a - 1, "in"))
            cue = is_word(d, a - 2, "role") || is_word(d, a - 2, "roles") ||
                  is_word(d, a - 2, "starring") || is_word(d, a - 2, "starred") ||
                  is_word(d, a - 2, "stars");
        /* a person's name is more likely than a title that opens with a
           given name ("stars in Christopher Nolan's film"), and a
           possessive after the span names the maker, not the work */
        if (cue && ((word_cats(ner, d, a) & (NW_GZ_FIRST | NW_GZ_NAME_BIG)) ||
                    (first + e < d->n_tok && (d->tok[first + e].flags & NW_TF_POSS)) ||
                    (d->tok[first + e - 1].flags & NW_TF_POSS)))
            cue = 0;
        uint16_t pc = 0;
        if (cue && !(nw_ner_gaz_match(ner->gaz, d, a, first + e, &pc) == e - s &&
                     (pc & (GZ_NAMES | NW_GZ_PLACE_BIG))))
            for (uint32_t q = s; q < e; q++)
                tags[q] = NW_NER_O;
        s = e - 1;
    }
}

/* A name holds no lower-case word but its small joining words ("of",
   "and", "de", "es", "bin" ...): a span with another one inside is two
   names, or a name and a description, cut there ("the Missouri city of
   Ferguson", "Derby v Watford", "Caribbean island Saint Kitts"); one at the
   end is no part of the name ("Missouri city").  Hyphenated words,
   possessives and particles ("al-Sadr") are no such words. */
static int joining_word(const nw_ner *ner, const nw_doc *d, uint32_t i) {
    static const char *const W[] = {"de", "la", "le", "du", "des", "del", "della",
                                    "di", "da", "dal", "van", "von", "der", "den",
                                    "y", "e", "es", "az", "auf", "sans", "contra",
                                    "upon", "without", "against", "under", "over",
                                    "en", "sur", "am", "bin", "ibn", "al", "el",
                                    "ter", "ten", "dos", "das", "do", "zu", "las",
                                    "los", "et", "und"};
    return edge_word(ner, d, i) || is_word(d, i, "and") || is_word(d, i, "&") ||
           WORD_AMONG(d, i, W);
}

static void split_lower_inside(const nw_ner *ner, const nw_doc *d, uint32_t first,
                               uint32_t n, uint8_t *tags, int mode) {
    if (mode == NW_NER_MODE_LOWER) /* "between noida and greater noida" */
        return;
    for (uint32_t k = 1; k < n; k++) {
        const uint32_t i = first + k;
        if (tags[k] == NW_NER_O || tags[k] % 2 == 1 ||
            d->tok[i].kind != NW_TK_WORD || !lower_word(d, i) ||
            (d->tok[i].flags & (NW_TF_HYPHEN | NW_TF_POSS)) ||
            nw_ner_particle_cap(d, &d->tok[i]) ||
            joining_word(ner, d, i))
            continue;
        /* "diCaprio", "d'Estaing": names after all */
        if (has_upper(d, i, i + 1) || memchr(nw_tok_ptr(d, i), '\'', nw_tok_len(d, i)))
            continue;
        const uint8_t in = tags[k];
        /* a listed name keeps its words ("Islamic state") */
        uint32_t s0 = k, e0 = k + 1;
        while (s0 > 0 && tags[s0] % 2 == 0)
            s0--;
        while (e0 < n && tags[e0] == in)
            e0++;
        uint16_t lc = 0;
        if (nw_ner_gaz_match(ner->gaz, d, first + s0, first + e0, &lc) == e0 - s0 &&
            (lc & GZ_NAMES)) {
            k = e0 - 1;
            continue;
        }
        /* the description after the cut: "city of", "island" */
        uint32_t j = k;
        while (j + 1 < n && tags[j + 1] == in && lower_word(d, first + j + 1))
            j++;
        tags[k] = NW_NER_O;
        for (uint32_t q = k + 1; q <= j; q++)
            tags[q] = NW_NER_O;
        if (j + 1 < n && tags[j + 1] == in) {
            /* "province | North of Baghdad": a compass word alone is no
               name */
            if ((j + 2 >= n || tags[j + 2] != in) && compass_word(ner, d, first + j + 1))
                tags[j + 1] = NW_NER_O;
            else
                tags[j + 1] = (uint8_t)(in - 1);
        }
        k = j;
    }
}

/* A speaker the model left out: '"...," Griffin added.', '"...," said
   Griffin.', 'Shiite cleric Moqtada Sadr said' -- one to three capitalised
   words right after a closing quotation mark or a lower-case title and
   before a speech verb, or right after quotation mark + speech verb, all O, none of them a listed name other than a person, a
   title, an organisation or place word, a nationality, a date word or a
   word the corpus writes in lower case ('," Police said'), nor in capitals
   ('," UN said'), are a person. */
static int speech_verb(const nw_doc *d, uint32_t i) {
    static const char *const V[] = {"said", "says", "added", "told", "asked",
                                    "explained", "insisted", "warned", "argued",
                                    "stated", "wrote", "continued", "replied",
                                    "admitted", "claimed", "recalled", "noted"};
    return WORD_AMONG(d, i, V);
}

static int speaker_word(const nw_ner *ner, const nw_doc *d, uint32_t i) {
    const nw_token *t = &d->tok[i];
    if (t->kind != NW_TK_WORD || (t->flags & NW_TF_ALLCAP))
        return 0;
    if (!(t->flags & NW_TF_CAP) && !nw_ner_particle_cap(d, t))
        return 0;
    const char c1 = nw_tok_ptr(d, i)[1];
    if (!nw_ner_particle_cap(d, t) && !((c1 >= 'a' && c1 <= 'z') || c1 == '\''))
        return 0;
    uint16_t wc;
    uint8_t cp;
    nw_ner_gaz_word(ner->gaz, nw_ner_word_hash(d, t), &wc, &cp);
    if (wc & NW_GZ_PERSON)
        return 1;
    if (wc & ((GZ_NAMES & ~NW_GZ_PERSON) | NW_GZ_TITLE | NW_GZ_ORGWORD | NW_GZ_LOCWORD |
              NW_GZ_DEMONYM | NW_GZ_DATE | NW_GZ_NOTNAME | GZ_ANY_PLACE))
        return 0;
    return !CAP_LOWER(cp);
}

static void speech_persons(const nw_ner *ner, const nw_doc *d, uint32_t first,
                           uint32_t n, uint8_t *tags, int mode) {
    if (mode != NW_NER_MODE_NORMAL)
        return;
    for (uint32_t k = 1; k < n; k++) {
        const uint32_t i = first + k;
        /* after a lower-case title the words may be ones the model
           tagged, as long as its spans lie inside them ("cleric Moqtada
           | Sadr(ORG) said"): a title before and "said" after make a
           person whatever the model thought */
        const int after_title =
            lower_word(d, i - 1) && (word_cats(ner, d, i - 1) & NW_GZ_TITLE);
        uint32_t e = k;
        while (e < n && e < k + 3 && (tags[e] == NW_NER_O || after_title) &&
               speaker_word(ner, d, first + e))
            e++;
        if (e == k || (tags[k] != NW_NER_O && tags[k] % 2 == 0) ||
            (e < n && tags[e] != NW_NER_O && tags[e] % 2 == 0))
            continue;
        /* '," Griffin added' (a closing mark: after punctuation, not
           '"Powertrain told us'), 'cleric Moqtada Sadr said' */
        const int after_quote =
            (k >= 2 && d->tok[i - 1].kind == NW_TK_QUOTE &&
             d->tok[i - 2].kind == NW_TK_PUNCT) ||
            after_title;
        const int before_verb = e < n && speech_verb(d, first + e);
        /* '," said Griffin.' -- punctuation after the name, not '," said
           Aviator star Alan Alda' */
        const int after_verb = k >= 2 && speech_verb(d, i - 1) &&
                               d->tok[i - 2].kind == NW_TK_QUOTE &&
                               (e >= n || d->tok[first + e].kind == NW_TK_PUNCT);
        if ((after_quote && before_verb) || after_verb) {
            tags[k] = NW_NER_B_PER;
            for (uint32_t q = k + 1; q < e; q++)
                tags[q] = NW_NER_I_PER;
        }
        k = e - 1 > k ? e - 1 : k;
    }
}

/* One capital letter and a surname are a person, the way team sheets and
   lists write names: "C Paterson, S Lamont, H Southwell" (the model, with
   few such names in its data, calls half of them places).  Not "I", "A",
   "Q" ("Q Thank you" in an interview) or "X" ("X Factor"), not before a hand-listed place (the GeoNames list
   holds many surnames: Paterson, Hamilton), organisation, title,
   nationality or date word ("N Ireland", "S Korea"), and not inside a
   longer capitalised run. */
static void initial_surnames(const nw_ner *ner, const nw_doc *d, uint32_t first,
                             uint32_t n, uint8_t *tags) {
    for (uint32_t k = 0; k + 1 < n; k++) {
        const uint32_t i = first + k;
        const char c = *nw_tok_ptr(d, i);
        if (d->tok[i].kind != NW_TK_WORD || nw_tok_len(d, i) != 1 || c < 'B' ||
            c > 'Z' || c == 'I' || c == 'X' || c == 'Q')
            continue;
        const nw_token *u = &d->tok[i + 1];
        if (u->kind != NW_TK_WORD || !(u->flags & NW_TF_CAP) ||
            (u->flags & (NW_TF_ALLCAP | NW_TF_SENT | NW_TF_PARA)) ||
            !(u->flags & NW_TF_SPACE) || nw_tok_len(d, i + 1) < 2)
            continue;
        /* written as a surname: "Paterson", "McBryde", "O'Gara", not
           "FTVLive" */
        const char c1 = nw_tok_ptr(d, i + 1)[1];
        if (!((c1 >= 'a' && c1 <= 'z') || c1 == '\''))
            continue;
        if (word_cats(ner, d, i + 1) &
            (GZ_PLACE | NW_GZ_ORG | NW_GZ_ORGWORD | NW_GZ_TITLE |
             NW_GZ_DEMONYM | NW_GZ_DATE | NW_GZ_NOTNAME | NW_GZ_LOCWORD))
            continue;
        /* alone: no capitalised word or tagged token on either side */
        if (k > 0 && (tags[k - 1] != NW_NER_O || !lower_word(d, i - 1)) &&
            d->tok[i - 1].kind == NW_TK_WORD)
            continue;
        if (k + 2 < n && d->tok[i + 2].kind == NW_TK_WORD &&
            (!lower_word(d, i + 2) || tags[k + 2] != NW_NER_O))
            continue;
        if (k + 2 < n && tags[k + 2] != NW_NER_O && tags[k + 2] % 2 == 0)
            continue;
        tags[k] = NW_NER_B_PER;
        tags[k + 1] = NW_NER_I_PER;
        k++;
    }
}

/* A person run is one person: "Kerry and Mr. Obama" (one run when the
   model chains them) is two, cut at the "and"; "Earl Ray Tomblin of West
   Virginia" is a person and a listed place.  Only persons: "Trinidad and
   Tobago" and "Ernst & Young" are one name. */
static void split_person_runs(const nw_ner *ner, const nw_doc *d,
                              uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t k = 1; k + 1 < n; k++) {
        if (tags[k] != NW_NER_I_PER || tags[k + 1] != NW_NER_I_PER)
            continue;
        uint32_t i = first + k;
        if (is_word(d, i, "and") || is_word(d, i, "&")) {
            tags[k] = NW_NER_O;
            tags[k + 1] = NW_NER_B_PER;
            continue;
        }
        uint16_t c;
        uint32_t e = k + 1;
        while (e < n && tags[e] == NW_NER_I_PER)
            e++;
        /* "Charlize Theron for Monster", "a hybrid Bill for Crossrail",
           "Strudwick for Kennedy": no person's name holds "for".  What
           follows is a listed organisation or place, the player sent on
           for another (one word each side), or nothing. */
        if (is_word(d, i, "for")) {
            uint32_t s = k;
            while (s > 0 && tags[s - 1] == NW_NER_I_PER)
                s--;
            uint8_t bt = NW_NER_O, it = NW_NER_O;
            if (nw_ner_gaz_match(ner->gaz, d, i + 1, first + e, &c) == e - k - 1 &&
                (c & (GZ_ANY_PLACE | NW_GZ_ORG))) {
                int place = (c & GZ_ANY_PLACE) && !(c & NW_GZ_ORG);
                bt = place ? NW_NER_B_LOC : NW_NER_B_ORG;
                it = place ? NW_NER_I_LOC : NW_NER_I_ORG;
            } else if (s == k && e == k + 2 && !(word_cats(ner, d, i - 1) & NW_GZ_FIRST)) {
                bt = NW_NER_B_PER;
            }
            tags[k] = NW_NER_O;
            tags[k + 1] = bt;
            for (uint32_t q = k + 2; q < e; q++)
                tags[q] = it;
            k = e - 1;
            continue;
        }
        if (!is_word(d, i, "of"))
            continue;
        if (nw_ner_gaz_match(ner->gaz, d, i + 1, first + e, &c) == e - k - 1 &&
            (c & GZ_ANY_PLACE)) {
            tags[k] = NW_NER_O;
            tags[k + 1] = NW_NER_B_LOC;
            for (uint32_t q = k + 2; q < e; q++)
                tags[q] = NW_NER_I_LOC;
            k = e - 1;
        }
    }
}

#define HON(w) {w, sizeof(w) - 1}
static const struct {
    const char *w;
    uint32_t n;
} HONORIFICS[] = {HON("Mr"),  HON("Mr."),  HON("Mrs"),  HON("Mrs."),     HON("Ms"),
                  HON("Ms."), HON("Dr"),   HON("Dr."),  HON("Miss"),     HON("Mx"),
                  HON("Sir"), HON("Dame"), HON("Lord"), HON("Baroness"), HON("Lady"),
                  HON("Baron")};
#undef HON
#define N_HONORIFIC (sizeof(HONORIFICS) / sizeof(HONORIFICS[0]))

/* is token i one of HONORIFICS? (called for every token: no strlen) */
static int honorific_at(const nw_doc *d, uint32_t i) {
    uint32_t n = nw_tok_len(d, i);
    if (n < 2 || n > 8)
        return 0;
    const char *p = nw_tok_ptr(d, i);
    for (size_t q = 0; q < N_HONORIFIC; q++)
        if (HONORIFICS[q].n == n && !memcmp(HONORIFICS[q].w, p, n))
            return 1;
    return 0;
}

/* "Mr Cable told MPs", "Lord Bach said": a capitalised word after a
   personal honorific (Mr, Mrs, Ms, Dr, Miss, Mx, Sir, Dame, Lord, Lady,
   Baron, Baroness) is a person even where the model, knowing the word as
   a common noun, left it O, took it for a one-word place or organisation,
   or took the honorific and the name for a work (MISC).  Up to three
   capitalised words are taken ("Mrs Mary Smith"); a longer span the model
   already tagged is left alone. */
static void honorific_persons(const nw_ner *ner, const nw_doc *d,
                              uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t k = 0; k + 1 < n; k++) {
        uint32_t i = first + k;
        int hon = honorific_at(d, i);
        /* the model may take "Lord Bach" for a work (MISC) */
        if (!hon || (tags[k] != NW_NER_O && tags[k] != NW_NER_B_MISC) ||
            tags[k + 1] == NW_NER_B_PER)
            continue;
        uint32_t e = k + 1;
        while (e < n && e - k <= 3 && d->tok[first + e].kind == NW_TK_WORD &&
               ((d->tok[first + e].flags & NW_TF_CAP) ||
                nw_ner_particle_cap(d, &d->tok[first + e])) &&
               !(d->tok[first + e].flags & (NW_TF_SENT | NW_TF_PARA)) &&
               !(word_cats(ner, d, first + e) & (NW_GZ_DATE | NW_GZ_TITLE |
                                                 NW_GZ_ORGWORD)))
            e++;
        if (e == k + 1)
            continue;
        /* what the model tagged must lie inside the new span */
        if (e < n && tags[e] != NW_NER_O && tags[e] % 2 == 0)
            continue;
        if (tags[k] == NW_NER_B_MISC)
            tags[k] = NW_NER_O;
        tags[k + 1] = NW_NER_B_PER;
        for (uint32_t q = k + 2; q < e; q++)
            tags[q] = NW_NER_I_PER;
        k = e - 1;
    }
}

/* Confidence margin of the tags [s, e) (a span and the token after it)
   on the best path: the least, over those tokens, of what the best path
   loses when the token's tag changes (max-marginals mm, see
   nw_perceptron_max_marginals); 0 when another path ties, negative when a
   rule changed the model's tags. */
static float span_margin(const float *mm, const uint8_t *tags, uint32_t s,
                         uint32_t e) {
    float margin = 1e30f;
    for (uint32_t k = s; k < e; k++) {
        const float *r = mm + (size_t)k * NW_NER_NTAGS;
        float other = -1e30f;
        for (uint32_t u = 0; u < NW_NER_NTAGS; u++)
            if (u != tags[k] && r[u] > other)
                other = r[u];
        if (r[tags[k]] - other < margin)
            margin = r[tags[k]] - other;
    }
    return margin;
}

/* Mention confidence in 0..1 from the path margin: a logistic curve
   fitted on development data (mentions that match a gold name and type in
   dev.gold.jsonl and UNER EWT dev pooled), so that scores read roughly as
   the probability that the mention is right. */
static float calibrate(float m) {
    float z = CAL_A * m + CAL_B;
    if (z > 30.0f)
        z = 30.0f;
    if (z < -30.0f)
        z = -30.0f;
    return 1.0f / (1.0f + expf(-z));
}

/* Organisation names the model left out entirely (every word O): a run
   of capitalised words (joined by of / for / and / &) that starts with an
   organisation word followed by of / for ("Association of Chief Police
   Officers", "Department for Transport") or ends in one ("Acme
   Holdings"), outside headlines and all-capitals text, becomes ORG. */
static void add_orgword_runs(const nw_ner *ner, const nw_doc *d,
                             uint32_t first, uint32_t n, uint8_t *tags,
                             int mode) {
    if (mode != NW_NER_MODE_NORMAL)
        return;
    for (uint32_t k = 0; k < n;) {
        uint32_t i = first + k;
        if (tags[k] != NW_NER_O || d->tok[i].kind != NW_TK_WORD ||
            !(d->tok[i].flags & NW_TF_CAP) ||
            (d->tok[i].flags & (NW_TF_TITLE | NW_TF_NOTTEXT | NW_TF_ALLCAP))) {
            k++;
            continue;
        }
        uint32_t e = k + 1;
        while (e < n && e - k < 10) {
            const nw_token *t = &d->tok[first + e];
            if (tags[e] != NW_NER_O || (t->flags & (NW_TF_TITLE | NW_TF_ALLCAP)))
                break;
            if (t->kind == NW_TK_WORD && (t->flags & NW_TF_CAP)) {
                e++;
                continue;
            }
            if (e + 1 < n && tags[e + 1] == NW_NER_O &&
                (is_word(d, first + e, "of") || is_word(d, first + e, "for") ||
                 is_word(d, first + e, "and") || is_word(d, first + e, "&")) &&
                d->tok[first + e + 1].kind == NW_TK_WORD &&
                (d->tok[first + e + 1].flags & NW_TF_CAP)) {
                e += 2;
                continue;
            }
            break;
        }
        uint32_t k0 = k;
        for (int q = 0; q < N_EDGE && k + 1 < e; q++)
            if (ner->edge[q] == d->tok[i].hash) {
                k++;   /* "The Association of ...": the article is no part */
                i++;
                break;
            }
        uint32_t len = e - k;
        int ok = len >= 1 && (k0 == 0 || tags[k0 - 1] == NW_NER_O) &&
                 (e == n || tags[e] == NW_NER_O);
        /* "Neonatology Hospital | of | Macerata": a tagged name after of /
           for belongs to the organisation */
        uint32_t e2 = e;
        if (ok && e + 1 < n &&
            (is_word(d, first + e, "of") || is_word(d, first + e, "for")) &&
            (tags[e + 1] == NW_NER_B_LOC || tags[e + 1] == NW_NER_B_ORG)) {
            e2 = e + 2;
            while (e2 < n && tags[e2] == tags[e + 1] + 1)
                e2++;
        }
        if (ok) {
            uint16_t c0 = word_cats(ner, d, i), cl = word_cats(ner, d, first + e - 1);
            uint8_t k0c;
            uint16_t dummy;
            nw_ner_gaz_word(ner->gaz, d->tok[i].hash, &dummy, &k0c);
            int starts = (c0 & NW_GZ_ORGWORD) && !(c0 & NW_GZ_TITLE) &&
                         len >= 3 && (is_word(d, i + 1, "of") || is_word(d, i + 1, "for"));
            /* "Great Service", "Analyst Team": a first word that is rarely
               capitalised in news starts no name */
            int ends = (cl & NW_GZ_ORGWORD) && !(cl & (NW_GZ_TITLE | NW_GZ_DATE)) &&
                       !CAP_LOWER(k0c);
            /* "Centre | for | Applied Economic ... Policy": an
               organisation word alone before of / for and a tagged name */
            int head = len == 1 && e2 > e && (c0 & NW_GZ_ORGWORD) &&
                       (k0 < k || !(d->tok[i].flags & NW_TF_SENT)) &&
                       !(c0 & (NW_GZ_TITLE | NW_GZ_DATE));
            ok = (len >= 2 && (starts || ends)) || head;
            for (uint32_t j = k; ok && j < e; j++) {
                uint16_t c = word_cats(ner, d, first + j);
                if ((c & (NW_GZ_DATE | NW_GZ_EVENT)) && !(c & GZ_NAMES))
                    ok = 0;
            }
        }
        if (!ok) {
            k = e;
            continue;
        }
        tags[k] = NW_NER_B_ORG;
        for (uint32_t j = k + 1; j < e2; j++)
            tags[j] = NW_NER_I_ORG;
        k = e2;
    }
}


int nw_ner_venue_word(const nw_doc *d, uint32_t i) {
    static const char *const venue[] = {"Theatre", "Theater", "Hall", "Arena",
                                        "Stadium", "Auditorium", "Playhouse"};
    if (d->tok[i].kind != NW_TK_WORD)
        return 0;
    char c0 = nw_tok_ptr(d, i)[0]; /* most words: one byte read */
    return (c0 == 'T' || c0 == 'H' || c0 == 'A' || c0 == 'S' || c0 == 'P') &&
           WORD_AMONG(d, i, venue);
}

/* A capitalised venue word closes the name before it: "Kodak Theatre",
   "Prince Edward Theatre", "Queen Elizabeth Hall", "National Indoor
   Arena" are one place, where the model left the venue word out or read
   the royal name before it as a person.  Not when a capitalised word or
   "of" follows ("Theatre Awards", "Hall of Fame"), nor for a person's
   surname ("Stuart Hall": the venue word ends a person span that no
   royal or saint's title opens). */
static void venue_names(const nw_ner *ner, const nw_doc *d, uint32_t first,
                        uint32_t n, uint8_t *tags, int mode) {
    static const char *const royal[] = {"Queen", "King", "Prince", "Princess",
                                        "St", "St.", "Saint"};
    if (mode != NW_NER_MODE_NORMAL)
        return;
    for (uint32_t k = 1; k < n; k++) {
        uint32_t i = first + k;
        if (d->tok[i].kind != NW_TK_WORD || !(d->tok[i].flags & NW_TF_CAP) ||
            (d->tok[i].flags & (NW_TF_ALLCAP | NW_TF_NOTTEXT)) ||
            !nw_ner_venue_word(d, i))
            continue;
        if (k + 1 < n && (is_word(d, i + 1, "of") ||
                          (d->tok[i + 1].kind == NW_TK_WORD &&
                           (d->tok[i + 1].flags & NW_TF_CAP))))
            continue;
        uint32_t s = k;
        if (tags[k] == NW_NER_I_PER) {
            while (s > 0 && tags[s] == NW_NER_I_PER)
                s--;
            if (s == 0 || !WORD_AMONG(d, first + s - 1, royal))
                continue;
            s--;
        } else if (tags[k] == NW_NER_O || tags[k] % 2 == 1) { /* O or B- */
            /* the capitalised run before it, through "of" */
            while (s > 0) {
                uint32_t j = first + s - 1;
                const nw_token *t = &d->tok[j];
                if (t->kind == NW_TK_WORD && (t->flags & NW_TF_CAP) &&
                    !(t->flags & (NW_TF_POSS | NW_TF_NOTTEXT)) &&
                    !((t->flags & NW_TF_SENT) && CAP_LOWER(word_cap(ner, d, j)))) {
                    s--;
                    continue;
                }
                if (s >= 2 && is_word(d, j, "of") &&
                    d->tok[j - 1].kind == NW_TK_WORD &&
                    (d->tok[j - 1].flags & NW_TF_CAP)) {
                    s -= 2;
                    continue;
                }
                break;
            }
            while (s < k && edge_word(ner, d, first + s))
                s++;
            /* a person the model found before it ("Ms Hall"): no venue */
            if (s == k || tags[s] == NW_NER_B_PER || tags[s] == NW_NER_I_PER)
                continue;
        } else if (tags[k] == NW_NER_I_MISC) {
            while (s > 0 && tags[s] == NW_NER_I_MISC)
                s--; /* "Prince of Wales Theatre" read as a work */
        } else {
            continue; /* inside an organisation or place already */
        }
        tags[s] = NW_NER_B_LOC;
        for (uint32_t j = s + 1; j <= k; j++)
            tags[j] = NW_NER_I_LOC;
        if (k + 1 < n && tags[k + 1] != NW_NER_O && tags[k + 1] % 2 == 0)
            tags[k + 1] -= 1; /* a span that went on opens anew */
    }
}

/* A company's name ends at its legal form: "Apple Inc. of Cupertino",
   tagged as one organisation, is "Apple Inc." and, when listed, the place
   "Cupertino"; "Google, | Inc. of Mountain View" (a place span opening
   with the form) is "Google, Inc." and "Mountain View". */
static void split_legal_form(const nw_ner *ner, const nw_doc *d,
                             uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t k = 1; k + 2 < n; k++) {
        /* the legal form inside an organisation, or opening a span of its
           own ("Google, | Inc. of Mountain View") */
        uint8_t in = tags[k] % 2 == 0 ? tags[k] : (uint8_t)(tags[k] + 1);
        if (tags[k] == NW_NER_O || tags[k + 1] != in ||
            !(is_word(d, first + k + 1, "of") || is_word(d, first + k + 1, ",")) ||
            !legal_form(d, first + k))
            continue;
        if (tags[k] % 2 == 1) { /* B-: the form goes to the company before */
            uint32_t p = k - 1;
            if (p > 0 && is_word(d, first + p, ","))
                p--;
            int org = tags[p] == NW_NER_B_ORG || tags[p] == NW_NER_I_ORG;
            for (uint32_t q = p + 1; q <= k; q++)
                tags[q] = org ? NW_NER_I_ORG : NW_NER_O;
        }
        uint32_t e = k + 2;
        while (e < n && tags[e] == in)
            e++;
        uint16_t pc = 0;
        uint32_t m = nw_ner_gaz_match(ner->gaz, d, first + k + 2, first + e, &pc);
        int place = m == e - k - 2 && (pc & GZ_ANY_PLACE);
        tags[k + 1] = NW_NER_O;
        for (uint32_t q = k + 2; q < e; q++)
            tags[q] = place ? (q == k + 2 ? NW_NER_B_LOC : NW_NER_I_LOC) : NW_NER_O;
        k = e - 1;
    }
}

/* A listed organisation the model cut short or cut up ("the Mail | on
   Sunday", "BBC | News", "Marks | and | Spencer") takes its listed length
   where the words after the span are written as a name: capitalised but
   for small words inside (not "BBC radio" or "the Labour party"). */
static void extend_listed_orgs(const nw_ner *ner, const nw_doc *d,
                               uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t s = 0; s < n; s++) {
        if (tags[s] == NW_NER_O || tags[s] % 2 == 0)
            continue;
        uint32_t e = span_end(tags, n, s);
        uint32_t lim = s + 8 < n ? s + 8 : n;
        uint16_t xc = 0;
        uint32_t m = nw_ner_gaz_match(ner->gaz, d, first + s, first + lim, &xc);
        int named = (xc & NW_GZ_ORG) && s + m > e && !lower_word(d, first + s + m - 1);
        for (uint32_t k = e; named && k < s + m; k++)
            named = !lower_word(d, first + k) || edge_word(ner, d, first + k);
        /* spans the model made inside the listed name join it ("Marks |
           and | Spencer"); one running past its end stays as it is */
        if (named && s + m < n && tags[s + m] != NW_NER_O && tags[s + m] % 2 == 0)
            named = 0;
        if (named) {
            tags[s] = NW_NER_B_ORG;
            for (uint32_t k = s + 1; k < s + m; k++)
                tags[k] = NW_NER_I_ORG;
            e = s + m;
        }
        s = e - 1;
    }
}

/* is [a, b) a listed organisation, or a name ending in a legal form
   ("Netflix Inc")? */
static int org_on_its_own(const nw_ner *ner, const nw_doc *d, uint32_t a,
                          uint32_t b) {
    uint16_t pc = 0;
    if (a + 1 < b && (is_word(d, a, "The") || is_word(d, a, "the")))
        a++;
    if (a >= b)
        return 0;
    if (nw_ner_gaz_match(ner->gaz, d, a, b, &pc) == b - a && (pc & NW_GZ_ORG))
        return 1;
    return b - a >= 2 && legal_form(d, b - 1);
}

/* Two organisations the model ran into one: "outlets such as The Daily
   Mail and Fox News ran", "Hulu and Netflix Inc": an organisation span holding
   "and" / "&" whose two sides are each a listed organisation (or end in a
   legal form) is two organisations -- unless the whole span is listed
   ("Marks and Spencer", "Procter & Gamble"). */
static void split_org_pairs(const nw_ner *ner, const nw_doc *d, uint32_t first,
                            uint32_t n, uint8_t *tags) {
    for (uint32_t s = 0; s < n; s++) {
        if (tags[s] != NW_NER_B_ORG)
            continue;
        uint32_t e = span_end(tags, n, s);
        if (e - s >= 3 && !org_on_its_own(ner, d, first + s, first + e))
            for (uint32_t j = s + 1; j + 1 < e; j++) {
                if (!is_word(d, first + j, "and") && !is_word(d, first + j, "&"))
                    continue;
                if (org_on_its_own(ner, d, first + s, first + j) &&
                    org_on_its_own(ner, d, first + j + 1, first + e)) {
                    tags[j] = NW_NER_O;
                    tags[j + 1] = NW_NER_B_ORG;
                }
                break;
            }
        s = e - 1;
    }
}

/* "Olympic champion X", "Olympic gold": the Games' adjective alone, before
   a lower-case word, names nothing ("International Olympic committee",
   two words, stays). */
static void drop_games_adjective(const nw_doc *d, uint32_t first, uint32_t n,
                                 uint8_t *tags) {
    for (uint32_t k = 0; k < n; k++) {
        if (tags[k] == NW_NER_O || tags[k] % 2 == 0 || (k + 1 < n && tags[k + 1] == tags[k] + 1) ||
            !(is_word(d, first + k, "Olympic") || is_word(d, first + k, "Paralympic")))
            continue;
        const nw_token *t = first + k + 1 < d->n_tok ? &d->tok[first + k + 1] : NULL;
        if (t && t->kind == NW_TK_WORD && !(t->flags & (NW_TF_CAP | NW_TF_ALLCAP)))
            tags[k] = NW_NER_O;
    }
}

/* Does token i end in the suffix sfx ("-born")? */
static int tok_ends(const nw_doc *d, uint32_t i, const char *sfx) {
    size_t sl = strlen(sfx);
    uint32_t len = nw_tok_len(d, i);
    return len > sl && !memcmp(nw_tok_ptr(d, i) + len - sl, sfx, sl);
}

/* "Thirty-year-old Dimitry Nikolaev was ...": an age opening a sentence
   is no part of the name after it; nor is a birthplace or a base ("the
   Kuwaiti-born Emwazi", "South African-born Liebeneberg", "Dutch-born
   Anton Corbijn"), with the words of the span before it. */
static void cut_age_or_origin(const nw_doc *d, uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t k = 0; k + 1 < n; k++) {
        if (tags[k] == NW_NER_O || tags[k + 1] != tags[k] + tags[k] % 2)
            continue;
        const uint32_t i = first + k;
        if (d->tok[i].kind != NW_TK_WORD || !(d->tok[i].flags & NW_TF_HYPHEN) ||
            !(tok_ends(d, i, "-year-old") || tok_ends(d, i, "-born") ||
              tok_ends(d, i, "-based")))
            continue;
        tags[k + 1] = (uint8_t)(tags[k + 1] - 1); /* I-X -> B-X */
        for (uint32_t q = k + 1; q-- > 0;) {
            int inside = tags[q] != NW_NER_O;
            int begin = inside && tags[q] % 2 == 1;
            tags[q] = NW_NER_O;
            if (!inside || begin)
                break;
        }
    }
}

/* "Guy Mansfield QC", "Frank Field MP", "William Haughey OBE": letters
   after a name are no part of it, and only a person has them -- a name of
   two words or more before them is a person's ("Guy Mansfield QC" was
   an organisation); "an Edinburgh MSP" keeps its type. */
static void cut_post_nominals(const nw_doc *d, uint32_t first, uint32_t n,
                              uint8_t *tags) {
    static const char *const W[] = {"QC", "KC", "MP", "MEP", "MSP", "OBE",
                                    "MBE", "CBE", "KBE", "DBE"};
    for (uint32_t k = 0; k < n; k++) {
        if (tags[k] == NW_NER_O || tags[k] % 2 == 0)
            continue;
        uint32_t e = span_end(tags, n, k);
        if (e - k >= 2 && WORD_AMONG(d, first + e - 1, W)) {
            tags[e - 1] = NW_NER_O;
            if (e - k >= 3 && tags[k] != NW_NER_B_PER)
                set_span(tags, k, e - 1, NW_NER_B_PER);
        }
        k = e - 1;
    }
}

/* "A Cabinet Office spokesman said", "An Iraqi Interior Ministry ...": the
   article that opens a sentence is no part of an organisation's or a
   place's name after it ("A Titterrell", an initial, stays). */
static void drop_opening_article(const nw_doc *d, uint32_t first, uint32_t n,
                                 uint8_t *tags) {
    if (n < 3 || (tags[0] != NW_NER_B_ORG && tags[0] != NW_NER_B_LOC) ||
        tags[1] != tags[0] + 1 || !(d->tok[first].flags & NW_TF_SENT) ||
        !(is_word(d, first, "A") || is_word(d, first, "An")))
        return;
    tags[0] = NW_NER_O;
    tags[1] = (uint8_t)(tags[1] - 1);
}

/* "Mojang AB", "Ryanair Holdings Plc": a name of two words or more that
   ends in a company's legal form is the company's, whatever the model
   called it. */
static void legal_form_orgs(const nw_doc *d, uint32_t first, uint32_t n,
                            uint8_t *tags) {
    for (uint32_t k = 0; k < n; k++) {
        if (tags[k] == NW_NER_O || tags[k] % 2 == 0)
            continue;
        uint32_t e = span_end(tags, n, k);
        if (e - k >= 2 && tags[k] != NW_NER_B_ORG && legal_form(d, first + e - 1))
            set_span(tags, k, e, NW_NER_B_ORG);
        k = e - 1;
    }
}

/* "Hillary Clinton Says Trump", "Roger Michell For Enduring Love": in a
   headline or a caption in title case a person runs on into the verb or
   preposition after the name; the name ends before it.  Only inside the
   span, never at its end ("George Will"); not at "Said", a given name too
   ("General Said Al-Saudi"). */
static void cut_title_case_persons(const nw_doc *d, uint32_t first, uint32_t n,
                                   uint8_t *tags) {
    static const char *const W[] = {"Says", "For", "To", "Is", "Are",
                                    "Was", "Were", "Has", "Have", "Had", "With",
                                    "As", "In", "On", "At", "Will", "Won't", "Can",
                                    "Could", "Would", "Should", "Gets", "Makes",
                                    "Takes", "Slams", "Blasts", "Calls"};
    for (uint32_t k = 0; k < n; k++) {
        if (tags[k] != NW_NER_B_PER)
            continue;
        uint32_t e = span_end(tags, n, k);
        for (uint32_t q = k + 1; q + 1 < e; q++)
            if (WORD_AMONG(d, first + q, W)) {
                set_span(tags, q, e, NW_NER_O);
                break;
            }
        k = e - 1;
    }
}

/* "candidate Texas Senator | Ted Cruz": a "person" of a place (or other
   capitalised words) and a title, right before a person, is that person's
   description, no one of its own. */
static void drop_title_persons(const nw_ner *ner, const nw_doc *d, uint32_t first,
                               uint32_t n, uint8_t *tags) {
    for (uint32_t k = 0; k < n; k++) {
        if (tags[k] != NW_NER_B_PER)
            continue;
        uint32_t e = span_end(tags, n, k);
        if (e >= n || tags[e] != NW_NER_B_PER ||
            !(word_cats(ner, d, first + e - 1) & NW_GZ_TITLE)) {
            k = e - 1;
            continue;
        }
        int ok = 1;
        for (uint32_t q = k; q < e && ok; q++)
            ok = d->tok[first + q].kind == NW_TK_WORD &&
                 !(word_cats(ner, d, first + q) & (NW_GZ_FIRST | NW_GZ_PERSON));
        if (ok)
            set_span(tags, k, e, NW_NER_O);
        k = e - 1;
    }
}

/* "Sen. Ted Cruz (R-Texas)", "(D-Ill.)", "(I-VT)": a party's letter and a
   state in brackets say who a lawmaker is; no name of their own. */
static void drop_party_state(const nw_doc *d, uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t k = 1; k < n; k++) {
        const nw_token *t = &d->tok[first + k];
        const char *p = nw_tok_ptr(d, first + k);
        if (tags[k] == NW_NER_O || tags[k] % 2 == 0 || !is_word(d, first + k - 1, "(") ||
            t->kind != NW_TK_WORD || nw_tok_len(d, first + k) < 3 ||
            !(p[0] == 'R' || p[0] == 'D' || p[0] == 'I') || p[1] != '-' ||
            !(p[2] >= 'A' && p[2] <= 'Z'))
            continue;
        uint32_t e = span_end(tags, n, k);
        set_span(tags, k, e, NW_NER_O);
        k = e - 1;
    }
}

/* "Marsh & McLennan", "Tate & Lyle", "Ogilvy & Mather": two capitalised
   words joined by "&", at least one of them tagged, are a firm -- not
   when either is a listed country, place or organisation ("UK & Japan",
   "Apple & Microsoft"), a first name or a title, nor when the first ends
   a longer name ("Matt Lucas & David Walliams"). */
static void join_ampersand_firms(const nw_ner *ner, const nw_doc *d, uint32_t first,
                                 uint32_t n, uint8_t *tags) {
    for (uint32_t k = 0; k + 2 < n; k++) {
        const uint32_t i = first + k;
        if (!is_word(d, i + 1, "&") || (k > 0 && tags[k - 1] != NW_NER_O) ||
            (tags[k] == NW_NER_O && tags[k + 2] == NW_NER_O) ||
            (k + 3 < n && tags[k + 3] != NW_NER_O && tags[k + 3] % 2 == 0))
            continue;
        /* each side one capitalised word, alone in its span */
        if ((tags[k] != NW_NER_O && tags[k] % 2 == 0) || tags[k + 1] != NW_NER_O ||
            (tags[k + 2] != NW_NER_O && tags[k + 2] % 2 == 0))
            continue;
        int ok = 1;
        for (uint32_t q = i; q <= i + 2 && ok; q += 2)
            ok = d->tok[q].kind == NW_TK_WORD && (d->tok[q].flags & NW_TF_CAP) &&
                 !(d->tok[q].flags & NW_TF_ALLCAP) &&
                 !(word_cats(ner, d, q) & (GZ_ANY_PLACE | NW_GZ_ORG | NW_GZ_FIRST |
                                           NW_GZ_TITLE | NW_GZ_DEMONYM | NW_GZ_DATE));
        if (!ok || !same_sentence(d, i, i + 2))
            continue;
        set_span(tags, k, k + 3, NW_NER_B_ORG);
        k += 2;
    }
}

/* the name of 1 to 3 capitalised words (particles inside) at token i, before
   end: its length, 0 when there is none */
static uint32_t lineup_name(const nw_doc *d, uint32_t i, uint32_t end) {
    uint32_t k = 0;
    while (i + k < end && k < 3 && d->tok[i + k].kind == NW_TK_WORD &&
           ((d->tok[i + k].flags & NW_TF_CAP) ||
            (k > 0 && WORD_AMONG(d, i + k, SURNAME_PARTICLES))))
        k++;
    return k > 0 && (d->tok[i + k - 1].flags & NW_TF_CAP) ? k : 0;
}

/* Is the token range [i, ...) a club in brackets after a rugby player,
   "(Biarritz)", "(Stade Toulousain, capt)"?  Its length with the
   brackets, or 0. */
static uint32_t lineup_club(const nw_doc *d, uint32_t i, uint32_t end) {
    if (i >= end || !is_word(d, i, "("))
        return 0;
    uint32_t w = lineup_name(d, i + 1, end), j = i + 1 + w;
    if (!w)
        return 0;
    if (j + 1 < end && is_word(d, j, ",") && is_word(d, j + 1, "capt"))
        j += 2;
    return j < end && is_word(d, j, ")") ? j + 1 - i : 0;
}

/* A line-up lists players, so every member is a person, also those named
   like towns: football's "Dudek, Finnan, Traore (Biscan 67), Luis Garcia,
   ..., Morientes (Baros 74)." or "Subs not used: Pellegrino, Carson.";
   rugby's "Julien Laharrague (Brive), Aurelien Rougerie (Clermont), ..."
   or "Replacements: William Servat (Stade Toulousain), ...".  Known by a
   substitution "(Name 67)" among six or more members, by a "Subs" or
   "Replacements" label, or by four or more members of two or more words
   each with a club in brackets (the clubs keep their tags); a sentence
   with anything else in it is no line-up.  Returns 1 when the sentence
   was one. */
static int lineup_persons(const nw_doc *d, uint32_t first, uint32_t n, uint8_t *tags) {
    const uint32_t end = first + n;
    uint32_t i = first, members = 0, subst = 0, clubs = 0, full = 0;
    int subs = 0;
    if (is_word(d, i, "Subs") || is_word(d, i, "Replacements")) {
        i++;
        if (is_word(d, i, "not") || is_word(d, i, "Not")) {
            if (!(is_word(d, i + 1, "used") || is_word(d, i + 1, "Used")))
                return 0;
            i += 2;
        }
        if (i >= end || !is_word(d, i, ":"))
            return 0;
        subs = 1;
        i++;
    }
    const uint32_t start = i;
    for (uint32_t j = start; j < end;) {
        uint32_t w = lineup_name(d, j, end), c;
        if (!w)
            return 0;
        j += w;
        members++;
        full += w > 1;
        if ((c = lineup_club(d, j, end)) != 0) {
            j += c;
            clubs++;
        } else if (j < end && is_word(d, j, "(")) {
            uint32_t w2 = lineup_name(d, j + 1, end);
            if (!w2 || j + w2 + 2 >= end || d->tok[j + 1 + w2].kind != NW_TK_NUM ||
                !is_word(d, j + 2 + w2, ")"))
                return 0;
            j += w2 + 3;
            members++;
            subst++;
        }
        if (j >= end)
            break;
        if (is_word(d, j, ",") && j + 1 < end) {
            j++;
            continue;
        }
        if (is_word(d, j, ".") && j + 1 == end)
            break;
        return 0;
    }
    const int rugby = clubs >= 4 && clubs == members && full == members;
    if (subs ? members < 1 || (clubs && clubs != members)
             : !rugby && (members < 6 || subst < 1 || clubs))
        return 0;
    for (uint32_t j = start; j < end; j++) {
        uint32_t c = lineup_club(d, j, end);
        if (c) {
            j += c - 1;
            continue;
        }
        uint32_t w = d->tok[j].kind == NW_TK_WORD ? lineup_name(d, j, end) : 0;
        if (!w) {
            tags[j - first] = NW_NER_O;
            continue;
        }
        set_span(tags, j - first, j - first + w, NW_NER_B_PER);
        j += w - 1;
    }
    return 1;
}

/* A dateline: "KILMORE QUAY -- Residents ...", "ELON, N.C. - Students",
   "WASHINGTON (Reuters) - The Senate": at the start of a paragraph, up to
   four words in capitals before a dash (after an optional ", State" and
   "(Agency)") are the place the story was filed from -- unless none of
   them is a name (the corpus writes every one in lower case: "UPDATE -",
   "PANTS ON FIRE -") or one is a listed organisation ("ISIS USES ..."). */
static void dateline_places(const nw_ner *ner, const nw_doc *d, uint32_t first,
                            uint32_t n, uint8_t *tags) {
    if (n < 3 || !(d->tok[first].flags & NW_TF_PARA))
        return;
    uint32_t e = 0;
    int name = 0;
    while (e < n && e < 5 && d->tok[first + e].kind == NW_TK_WORD &&
           (d->tok[first + e].flags & NW_TF_ALLCAP)) {
        uint16_t wc;
        uint8_t cap;
        nw_ner_gaz_word(ner->gaz, d->tok[first + e].hash, &wc, &cap);
        if (wc & NW_GZ_ORG)
            return;
        if ((wc & GZ_ANY_PLACE) || !CAP_NOT_NAME(cap))
            name = 1;
        e++;
    }
    if (e == 0 || e > 4 || !name || !nw_ner_dateline_len(d, first) ||
        (e < n && tags[e] != NW_NER_O && tags[e] % 2 == 0))
        return;
    tags[0] = NW_NER_B_LOC;
    for (uint32_t q = 1; q < e; q++)
        tags[q] = NW_NER_I_LOC;
}

uint32_t nw_ner_dateline_len(const nw_doc *d, uint32_t a) {
    const uint32_t nt = d->n_tok;
    if (a >= nt || !(d->tok[a].flags & NW_TF_PARA))
        return 0;
    uint32_t b = a;
    while (b < nt && b - a < 5 && d->tok[b].kind == NW_TK_WORD &&
           (d->tok[b].flags & NW_TF_ALLCAP))
        b++;
    if (b == a || b - a > 4)
        return 0;
    /* the rest of the dateline may lie past the sentence: "ELON, N.C." or
       "Mich." can end one, the dash opens the next */
    uint32_t k = b;
    if (k < nt && is_word(d, k, ",")) {
        k++;
        while (k < nt && k - b < 6 &&
               ((d->tok[k].kind == NW_TK_WORD &&
                 (d->tok[k].flags & (NW_TF_CAP | NW_TF_ALLCAP))) ||
                is_word(d, k, ".")))   /* "Mich." */
            k++;
    }
    if (k < nt && is_word(d, k, "(")) {
        while (k < nt && k - b < 10 && !is_word(d, k, ")"))
            k++;
        k++;
    }
    /* a dash on its own, not "U.S.-led" */
    return k < nt && nw_tok_ptr(d, k)[0] == '-' &&
                   ((d->tok[k].flags & NW_TF_SPACE) ||
                    (k + 1 < nt && (d->tok[k + 1].flags & NW_TF_SPACE)))
               ? k - a
               : 0;
}

/* "running the CPA", "complained to the KPMA": an all-capitals word of
   two to six letters after "the", that no list knows, left O by the model
   in ordinary text and that the corpus does not write in lower case, is an
   organisation's initials (entities.c drops the stop-listed ones: GDP,
   CEO, TV). */
static void the_acronym_orgs(const nw_ner *ner, const nw_doc *d, uint32_t first,
                             uint32_t n, uint8_t *tags, int mode) {
    if (mode != NW_NER_MODE_NORMAL)
        return;
    for (uint32_t k = 1; k < n; k++) {
        uint32_t i = first + k;
        const nw_token *t = &d->tok[i];
        uint32_t len = nw_tok_len(d, i);
        if (tags[k] != NW_NER_O || tags[k - 1] != NW_NER_O ||
            (k + 1 < n && tags[k + 1] % 2 == 0 && tags[k + 1] != NW_NER_O) ||
            t->kind != NW_TK_WORD || !(t->flags & NW_TF_ALLCAP) ||
            (t->flags & (NW_TF_DIGIT | NW_TF_HYPHEN | NW_TF_NOTTEXT)) ||
            len < 2 || len > 6 || !is_word(d, i - 1, "the") || word_cats(ner, d, i))
            continue;
        const char *p = nw_tok_ptr(d, i);
        int letters = 1;
        for (uint32_t q = 0; q < len; q++)
            letters &= p[q] >= 'A' && p[q] <= 'Z';
        /* a capitalised word after it belongs to a longer name */
        if (!letters || (k + 1 < n && (d->tok[i + 1].flags & NW_TF_CAP) &&
                         d->tok[i + 1].kind == NW_TK_WORD))
            continue;
        /* a word the corpus mostly writes in lower case is a word in
           capitals ("the BEST", "the FIRST"), not initials */
        uint16_t wc;
        uint8_t cap;
        nw_ner_gaz_word(ner->gaz, t->hash, &wc, &cap);
        if (CAP_NOT_NAME(cap))
            continue;
        tags[k] = NW_NER_B_ORG;
    }
}

/* "Association | of Chief Police Officers", "Federation | of Small
   Businesses": an organisation the model ended at its organisation word,
   before of / for and capitalised words it left untagged, takes them in
   (and / & between capitalised words too). */
static void extend_org_of(const nw_ner *ner, const nw_doc *d, uint32_t first,
                          uint32_t n, uint8_t *tags) {
    for (uint32_t k = 0; k + 2 < n; k++) {
        uint32_t i = first + k;
        /* the span ends at the organisation word, or takes the "of" too
           ("Association of | Chief Police Officers") */
        if ((tags[k] != NW_NER_B_ORG && tags[k] != NW_NER_I_ORG) ||
            !(word_cats(ner, d, i) & NW_GZ_ORGWORD) ||
            (word_cats(ner, d, i) & (NW_GZ_TITLE | NW_GZ_DATE)) ||
            legal_form(d, i) || /* "Apple Inc. | of Cupertino" */
            !(is_word(d, i + 1, "of") || is_word(d, i + 1, "for")) ||
            !(tags[k + 1] == NW_NER_O ||
              (tags[k + 1] == NW_NER_I_ORG && tags[k + 2] == NW_NER_O)))
            continue;
        uint32_t e = k + 2;
        while (e < n && e - k <= 8 && tags[e] == NW_NER_O) {
            const nw_token *t = &d->tok[first + e];
            if (t->kind == NW_TK_WORD && (t->flags & NW_TF_CAP) &&
                !(t->flags & (NW_TF_SENT | NW_TF_PARA)) &&
                !(word_cats(ner, d, first + e) & NW_GZ_DATE)) {
                e++;
                continue;
            }
            if (e > k + 2 && e + 1 < n && tags[e + 1] == NW_NER_O &&
                (is_word(d, first + e, "and") || is_word(d, first + e, "&")) &&
                d->tok[first + e + 1].kind == NW_TK_WORD &&
                (d->tok[first + e + 1].flags & NW_TF_CAP)) {
                e += 2;
                continue;
            }
            break;
        }
        if (e == k + 2 || (e < n && tags[e] != NW_NER_O && tags[e] % 2 == 0))
            continue;
        for (uint32_t j = k + 1; j < e; j++)
            tags[j] = NW_NER_I_ORG;
        k = e - 1;
    }
}

/* "the bishop of Camerino Francesco Brugnaro": one PERSON run after of /
   in / at / from that holds a first name after other words is something
   else followed by the person: a place when the gazetteers know it, an
   organisation when it ends in an organisation word or is an acronym,
   else left out ("Secretary of State | John Kerry"). */
static void split_place_person(const nw_ner *ner, const nw_doc *d,
                               uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t k = 1; k < n; k++) {
        if (tags[k] != NW_NER_B_PER)
            continue;
        uint32_t e = span_end(tags, n, k);
        uint32_t p = first + k - 1;
        if (e - k < 3 || !(is_word(d, p, "of") || is_word(d, p, "in") ||
                           is_word(d, p, "at") || is_word(d, p, "from")))
            continue;
        uint32_t j = k + 1;
        while (j + 1 < e && !first_name_word(ner, d, first + j))
            j++;
        if (j + 1 >= e || !first_name_word(ner, d, first + j))
            continue;
        int ok = 1;
        for (uint32_t q = k; q < j; q++) {
            uint16_t c = word_cats(ner, d, first + q);
            if ((c & (NW_GZ_FIRST | NW_GZ_TITLE | NW_GZ_PERSON)) ||
                d->tok[first + q].kind != NW_TK_WORD)
                ok = 0;
        }
        if (!ok)
            continue;
        int org = (word_cats(ner, d, first + j - 1) & NW_GZ_ORGWORD) ||
                  (d->tok[first + j - 1].flags & NW_TF_ALLCAP);
        uint16_t wc, pc, cl;
        uint8_t cc, cx;
        int place = nw_ner_gaz_scan(ner->gaz, d, first + k, first + j, &wc, &cc,
                                    &pc, &cl, &cx) == j - k &&
                    (pc & GZ_PLACE);
        /* the words before the name are kept only as a known place or an
           organisation; else ("Secretary of State | John Kerry") dropped */
        uint8_t b = org ? NW_NER_B_ORG : place ? NW_NER_B_LOC : NW_NER_O;
        tags[k] = b;
        for (uint32_t q = k + 1; q < j; q++)
            tags[q] = b == NW_NER_O ? NW_NER_O : (uint8_t)(b + 1);
        tags[j] = NW_NER_B_PER;
        k = e - 1;
    }
}

#define N_AREA 10
static const char *const AREA_WORDS[N_AREA] = {
    "district", "province", "neighbourhood", "neighborhood", "village",
    "county", "municipality", "governorate", "suburb", "camp"};

/* 1 when token k of the chunk is a single capitalised word the model left
   O or took for a one-word person (not a common word: its corpus
   capitalisation class is not never / rare; not a first name) right
   before a lower-case area word: "al-Mughraqa district", "Helmand
   province", "the al-Zahra neighborhood", "al-Bureij (refugee) camp". */
static int area_before(const nw_ner *ner, const nw_doc *d, uint32_t first,
                       uint32_t n, uint32_t k, const uint8_t *tags) {
    uint32_t i = first + k;
    if ((tags[k] != NW_NER_O && tags[k] != NW_NER_B_PER) || k + 1 >= n ||
        tags[k + 1] != NW_NER_O ||
        (k > 0 && tags[k - 1] != NW_NER_O) || d->tok[i].kind != NW_TK_WORD ||
        (d->tok[i].flags & (NW_TF_ALLCAP | NW_TF_SENT | NW_TF_TITLE)) ||
        !((d->tok[i].flags & NW_TF_CAP) || nw_ner_particle_cap(d, &d->tok[i])) ||
        !lower_word(d, i + 1))
        return 0;
    if (k > 0 && d->tok[i - 1].kind == NW_TK_WORD && !lower_word(d, i - 1))
        return 0;   /* part of a longer capitalised run */
    uint32_t a = i + 1;
    if (is_word(d, a, "refugee") && k + 2 < n && tags[k + 2] == NW_NER_O)
        a++;
    int area = 0;
    for (int q = 0; q < N_AREA && !area; q++)
        area = is_word(d, a, AREA_WORDS[q]);
    if (!area)
        return 0;
    uint16_t c;
    uint8_t cap;
    nw_ner_gaz_word(ner->gaz, nw_ner_word_hash(d, &d->tok[i]), &c, &cap);
    return !CAP_LOWER(cap) &&
           !(c & (NW_GZ_DATE | NW_GZ_TITLE | NW_GZ_ORGWORD | NW_GZ_DEMONYM |
                  NW_GZ_NOTNAME | NW_GZ_FIRST));
}

/* A listed place of two or more capitalised words that the model cut
   across its spans ("San | Rafael Ca", tagged place + person) is one
   place; what the model had after it keeps its type.  A place inside a
   longer name ("New York Times") is left alone, and so is one the model
   left wholly untagged. */
static void join_listed_places(const nw_ner *ner, const nw_doc *d,
                               uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t k = 0; k + 1 < n; k++) {
        uint16_t c;
        uint32_t L = nw_ner_gaz_match(ner->gaz, d, first + k, first + n, &c);
        if (L < 2 || !(c & GZ_ANY_PLACE) ||
            !has_upper(d, first + k, first + k + 1))
            continue;
        int tagged = 0, inside = tags[k] != NW_NER_O;
        for (uint32_t q = k; q < k + L; q++) {
            tagged |= tags[q] != NW_NER_O;
            if (q > k && tags[q] != (uint8_t)((tags[k] % 2 ? tags[k] + 1 : tags[k])))
                inside = 0;
        }
        if (!tagged || inside)
            continue;
        tags[k] = NW_NER_B_LOC;
        for (uint32_t q = k + 1; q < k + L; q++)
            tags[q] = NW_NER_I_LOC;
        if (k + L < n && tags[k + L] != NW_NER_O && tags[k + L] % 2 == 0)
            tags[k + L] = (uint8_t)(tags[k + L] - 1); /* I-X -> B-X */
        k += L - 1;
    }
}

/* "Israel's Coordinator of Government Activities in the Territories
   (COGAT)": a capitalised run (of / in / for / and / the / & between its
   words) right before an acronym in brackets that its initials spell is
   the name the acronym stands for.  Where the model cut that run into
   pieces, left it untagged or took it for MISC, it is one organisation
   when the model saw an organisation in it or it ends in an organisation
   word; a run the model tagged as one name keeps its type ("Democratic
   Republic of Congo (DRC)"). */
static int acro_connector(const nw_doc *d, uint32_t i) {
    return is_word(d, i, "of") || is_word(d, i, "in") || is_word(d, i, "for") ||
           is_word(d, i, "and") || is_word(d, i, "the") || is_word(d, i, "The") ||
           is_word(d, i, "on") || is_word(d, i, "&");
}

static void define_acronym_orgs(const nw_ner *ner, const nw_doc *d,
                                uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t k = 1; k + 2 < n; k++) {
        uint32_t i = first + k;
        if (!is_word(d, i, "(") || !is_word(d, i + 2, ")") ||
            d->tok[i + 1].kind != NW_TK_WORD || !(d->tok[i + 1].flags & NW_TF_ALLCAP))
            continue;
        char acro[16];
        uint32_t na = 0;
        const char *p = nw_tok_ptr(d, i + 1);
        for (uint32_t q = 0; q < nw_tok_len(d, i + 1) && na < sizeof(acro); q++)
            if (p[q] >= 'A' && p[q] <= 'Z')
                acro[na++] = p[q];
        if (na < 2 || na > 10)
            continue;
        /* the run before the bracket */
        uint32_t a = k;
        while (a > 0) {
            const nw_token *t = &d->tok[first + a - 1];
            if (t->kind == NW_TK_WORD && (t->flags & NW_TF_CAP) &&
                !(t->flags & NW_TF_POSS)) {
                a--;
                continue;
            }
            /* "in the": up to two connectors after a capitalised word */
            uint32_t c = 0;
            while (c < 2 && a > c + 1 && acro_connector(d, first + a - 1 - c))
                c++;
            if (c > 0 && a < k && a > c &&
                d->tok[first + a - 1 - c].kind == NW_TK_WORD &&
                (d->tok[first + a - 1 - c].flags & NW_TF_CAP) &&
                !acro_connector(d, first + a - 1 - c)) {
                a -= c;
                continue;
            }
            break;
        }
        while (a < k && acro_connector(d, first + a))
            a++;
        if (k - a < 2 || (d->tok[first + a].flags & NW_TF_SENT))
            continue;
        /* the initials of the capitalised words, in order, inside the
           acronym, the first letters equal */
        uint32_t q = 0, words = 0;
        int ok = 1;
        for (uint32_t j = a; j < k && ok; j++) {
            if (acro_connector(d, first + j))
                continue;
            char ini = nw_tok_ptr(d, first + j)[0];
            words++;
            if (words == 1 && ini != acro[0]) {
                ok = 0;
                break;
            }
            while (q < na && acro[q] != ini)
                q++;
            if (q == na)
                ok = 0;
            q++;
        }
        if (!ok || words < 2)
            continue;
        /* one span already, exactly this run: the model's type stands,
           but for MISC ("Asian Development Bank" after a nationality) */
        int one = tags[a] != NW_NER_O && tags[a] % 2 == 1;
        for (uint32_t j = a + 1; j < k && one; j++)
            one = tags[j] == tags[a] + 1;
        if (one && tags[a] != NW_NER_B_MISC)
            continue;
        /* an organisation only where the model saw one in the run or the
           run holds an organisation word ("Coordinator of Government
           Activities in the Territories (COGAT)"): "Gross Domestic Product
           (GDP)" and "Value Added Tax (VAT)" are none */
        int org = 0;
        for (uint32_t j = a; j < k && !org; j++)
            org = tags[j] == NW_NER_B_ORG || tags[j] == NW_NER_I_ORG ||
                  (word_cats(ner, d, first + j) & NW_GZ_ORGWORD);
        if (!org)
            continue;
        if (a > 0 && tags[a] != NW_NER_O && tags[a] % 2 == 0)
            continue; /* a span from before runs into it */
        tags[a] = NW_NER_B_ORG;
        for (uint32_t j = a + 1; j < k; j++)
            tags[j] = NW_NER_I_ORG;
    }
}

/* Two places written side by side without a comma, which web text does:
   "Miramar California", "san francisco california".  A place run the
   model tagged as one whose end is a listed country or region and whose
   start is itself a listed place becomes two places -- unless the whole
   run is listed ("New Mexico", "West Virginia", "Papua New Guinea") or
   starts with a compass word ("South Vietnam"). */
static void split_place_pairs(const nw_ner *ner, const nw_doc *d,
                              uint32_t first, uint32_t n, uint8_t *tags) {
    const uint16_t head_ok = GZ_ANY_PLACE;
    for (uint32_t k = 0; k < n; k++) {
        if (tags[k] != NW_NER_B_LOC)
            continue;
        uint32_t e = k + 1;
        while (e < n && tags[e] == NW_NER_I_LOC)
            e++;
        uint16_t c;
        if (e - k < 2 ||
            (nw_ner_gaz_match(ner->gaz, d, first + k, first + e, &c) == e - k &&
             (c & head_ok))) {
            k = e - 1;
            continue;
        }
        for (uint32_t j = e - 1; j > k; j--) {
            uint16_t tc, hc;
            if (nw_ner_gaz_match(ner->gaz, d, first + j, first + e, &tc) == e - j &&
                (tc & (NW_GZ_COUNTRY | NW_GZ_REGION)) &&
                nw_ner_gaz_match(ner->gaz, d, first + k, first + j, &hc) == j - k &&
                (hc & head_ok) && !compass_word(ner, d, first + k)) {
                tags[j] = NW_NER_B_LOC;
                break;
            }
        }
        k = e - 1;
    }
}

/* Places named by their context or their form: "the province of Aceh",
   "the town of Camerino" (a lower-case place word, "of", capitalised
   words the model left O) and "San Severino", "Santa Rita" (a run the
   model took for a person that starts with San / Santa / Santo / Sao,
   which in news names places, churches and convents). */
static void place_patterns(const nw_ner *ner, const nw_doc *d,
                           uint32_t first, uint32_t n, uint8_t *tags) {
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = first + k;
        if (tags[k] == NW_NER_B_PER && k + 1 < n && tags[k + 1] == NW_NER_I_PER &&
            (is_word(d, i, "San") || is_word(d, i, "Santa") ||
             is_word(d, i, "Santo") || is_word(d, i, "Sao"))) {
            tags[k] = NW_NER_B_LOC;
            for (uint32_t j = k + 1; j < n && tags[j] == NW_NER_I_PER; j++)
                tags[j] = NW_NER_I_LOC;
            continue;
        }
        if (area_before(ner, d, first, n, k, tags)) {
            tags[k] = NW_NER_B_LOC;
            continue;
        }
        if (k < 2 || tags[k] != NW_NER_O || d->tok[i].kind != NW_TK_WORD ||
            !(d->tok[i].flags & NW_TF_CAP) || (d->tok[i].flags & NW_TF_ALLCAP) ||
            !is_word(d, i - 1, "of") || tags[k - 1] != NW_NER_O ||
            tags[k - 2] != NW_NER_O || !lower_word(d, i - 2) ||
            !(word_cats(ner, d, i - 2) & NW_GZ_LOCWORD) ||
            (word_cats(ner, d, i) & (NW_GZ_DATE | NW_GZ_TITLE | NW_GZ_ORGWORD |
                                     NW_GZ_DEMONYM | NW_GZ_NOTNAME)))
            continue;
        uint32_t e = k + 1;
        while (e < n && e - k < 4 && tags[e] == NW_NER_O &&
               d->tok[first + e].kind == NW_TK_WORD &&
               (d->tok[first + e].flags & NW_TF_CAP) &&
               !(d->tok[first + e].flags & NW_TF_SENT))
            e++;
        if (e < n && tags[e] != NW_NER_O && tags[e] % 2 == 0)
            continue;
        tags[k] = NW_NER_B_LOC;
        for (uint32_t j = k + 1; j < e; j++)
            tags[j] = NW_NER_I_LOC;
        k = e - 1;
    }
}

/* does the article write the word with this hash alone after a
   lower-case "in" ("the unrest in Charlotte", not "her role in Vera
   Drake")? */
static int written_after_in(const nw_doc *d, uint32_t h) {
    for (uint32_t i = 1; i < d->n_tok; i++)
        if (d->tok[i].hash == h && is_word(d, i - 1, "in") &&
            !(i + 1 < d->n_tok && d->tok[i + 1].kind == NW_TK_WORD &&
              (d->tok[i + 1].flags & (NW_TF_CAP | NW_TF_ALLCAP))))
            return 1;
    return 0;
}

/* Tag tokens [first, end) of the sentence [sfirst, send). */
static int tag_chunk(const nw_ner *ner, const nw_ner_docinfo *di, nw_doc *d,
                     uint32_t sfirst,
                     uint32_t send, uint32_t first, uint32_t end,
                     uint32_t *feats, float *em, float *mm, uint8_t *tags,
                     uint8_t *work, uint32_t *cap) {
    const uint32_t T = NW_NER_NTAGS, n = end - first;
    const int mode = nw_ner_sent_mode(di, d, sfirst, send);
    nw_ner_features(ner->gaz, di, d, sfirst, send, first, end, feats);
    /* Trivial tokens (lower case in lower-case context) are O for sure, so
       Viterbi runs only over the stretches between them, each taken with
       one trivial token on either side (exactly the global optimum, since
       the path is pinned to O there). */
    for (uint32_t k = 0; k < n;) {
        if (nw_ner_trivial(ner->gaz, d, sfirst, send, first + k, mode)) {
            tags[k] = NW_NER_O;
            k++;
            continue;
        }
        uint32_t a = k, b = k;
        while (b < n &&
               !nw_ner_trivial(ner->gaz, d, sfirst, send, first + b, mode))
            b++;
        uint32_t lo = a > 0 ? a - 1 : 0, hi = b < n ? b + 1 : n;
        for (uint32_t q = lo; q < hi; q++) {
            float *e = em + (size_t)q * T;
            if (q < a || q >= b)
                nw_ner_trivial_emit(e);
            else
                nw_perceptron_emit(ner->model, feats + (size_t)q * NW_NER_NF,
                                   NW_NER_NF, e);
            const nw_token *t = &d->tok[first + q];
            if ((t->flags & NW_TF_NOTTEXT) || t->kind == NW_TK_URL)
                e[NW_NER_O] += BOILER_PENALTY;
        }
        nw_perceptron_viterbi(ner->model, em + (size_t)lo * T, hi - lo,
                              tags + lo, work);
        nw_perceptron_max_marginals(ner->model, em + (size_t)lo * T, hi - lo,
                                    mm + (size_t)lo * T);
        k = b;
    }
    join_first_names(ner, d, first, n, tags);
    join_particle_surnames(ner, d, first, n, tags);
    join_initials(ner, d, first, n, tags);
    initial_surnames(ner, d, first, n, tags);
    speech_persons(ner, d, first, n, tags, mode);
    honorific_persons(ner, d, first, n, tags);
    split_person_runs(ner, d, first, n, tags);
    split_lower_inside(ner, d, first, n, tags, mode);
    split_person_of_org(ner, d, first, n, tags);
    split_org_person(ner, d, first, n, tags);
    split_possessor(ner, d, first, n, tags);
    split_based(ner, d, first, n, tags);
    drop_works(ner, d, first, n, tags);
    split_place_person(ner, d, first, n, tags);
    place_patterns(ner, d, first, n, tags);
    join_listed_places(ner, d, first, n, tags);
    split_place_pairs(ner, d, first, n, tags);
    add_gazetteer_places(ner, d, first, n, tags);
    add_orgword_runs(ner, d, first, n, tags, mode);
    venue_names(ner, d, first, n, tags, mode);
    the_acronym_orgs(ner, d, first, n, tags, mode);
    if (first == sfirst)
        dateline_places(ner, d, first, n, tags);
    extend_org_of(ner, d, first, n, tags);
    split_legal_form(ner, d, first, n, tags);
    extend_listed_orgs(ner, d, first, n, tags);
    join_plural_possessive(ner, d, first, n, tags);
    join_singular_possessive(ner, d, first, n, tags, mode);
    join_demonym_orgs(ner, d, first, n, tags);
    split_org_pairs(ner, d, first, n, tags);
    define_acronym_orgs(ner, d, first, n, tags);
    join_ampersand_firms(ner, d, first, n, tags);
    drop_party_state(d, first, n, tags);
    drop_title_persons(ner, d, first, n, tags);
    cut_title_case_persons(d, first, n, tags);
    cut_age_or_origin(d, first, n, tags);
    cut_post_nominals(d, first, n, tags);
    legal_form_orgs(d, first, n, tags);
    drop_opening_article(d, first, n, tags);
    drop_games_adjective(d, first, n, tags);
    const int lineup = first == sfirst && lineup_persons(d, first, n, tags);
    for (uint32_t k = 0; k < n;) {
        int type = type_of_tag(tags[k]);
        if (type == NW_ENT_NONE) {
            k++;
            continue;
        }
        uint32_t s = k;
        do
            k++;
        while (k < n && tags[k] == tags[s] + 1 - (tags[s] % 2 == 0));
        float score = calibrate(span_margin(mm, tags, s, k < n ? k + 1 : k));
        /* a line-up's players are people, whatever the word is elsewhere */
        if (lineup && type == NW_ENT_PERSON) {
            if (push_mention(ner, d, cap, first + s, first + k, NW_ENT_PERSON, score, 0,
                             mode) != 0)
                return -1;
            /* push_mention may type a span it cuts otherwise (the
               organisation before a title word): the line-up decides */
            if (d->n_ment && d->ment[d->n_ment - 1].first == first + s) {
                d->ment[d->n_ment - 1].type = NW_ENT_PERSON;
                d->ment[d->n_ment - 1].flags |= NW_MENT_LINEUP;
            }
            continue;
        }
        /* one word the model calls a person that this article also writes
           after an organisation cue ("provider Wanadoo", "the firm
           Zentix") and never after a first name or a title: the
           organisation */
        if (type == NW_ENT_PERSON && k - s == 1 &&
            !(word_cats(ner, d, first + s) & (NW_GZ_FIRST | NW_GZ_PERSON))) {
            uint16_t df = nw_ner_docinfo_get(di, d->tok[first + s].hash);
            if ((df & NW_ND_AFTER_ORGCUE) &&
                !(df & (NW_ND_AFTER_FIRST | NW_ND_AFTER_TITLE)))
                type = NW_ENT_ORG;
        }
        /* a name of two or three words the model calls a person, right
           after a company's cue ("investment firm Piper Jaffray", "the
           newspaper Algemeen Dagblad"), with no given name among its
           first two words: the company -- not after "rival" or "giant",
           which stand before people too */
        if (type == NW_ENT_PERSON && k - s >= 2 && k - s <= 3 && first + s > 0 &&
            (word_cats(ner, d, first + s - 1) & NW_GZ_ORGCUE) &&
            lower_word(d, first + s - 1) && !is_word(d, first + s - 1, "rival") &&
            !is_word(d, first + s - 1, "giant") && !is_word(d, first + s - 1, "daily") &&
            !is_word(d, first + s - 1, "weekly") &&
            /* "film maker Theo van Gogh", "group EADS Philippe Camus" */
            !(word_cats(ner, d, first + s) & (NW_GZ_FIRST | NW_GZ_NAME_BIG)) &&
            !(word_cats(ner, d, first + s + 1) & (NW_GZ_FIRST | NW_GZ_NAME_BIG)))
            type = NW_ENT_ORG;
        /* one word the model calls a person that is a listed place, that
           this article also writes alone after "in", and never after a
           first name or a title nor before "said": the place ("unrest in
           Charlotte", "Charlotte remains under curfew") */
        if (type == NW_ENT_PERSON && k - s == 1 &&
            (word_cats(ner, d, first + s) & GZ_ANY_PLACE)) {
            uint16_t df = nw_ner_docinfo_get(di, nw_ner_word_hash(d, &d->tok[first + s]));
            if ((df & NW_ND_AFTER_LOCPREP) &&
                !(df & (NW_ND_AFTER_FIRST | NW_ND_AFTER_TITLE | NW_ND_BEFORE_SAID)) &&
                written_after_in(d, d->tok[first + s].hash))
                type = NW_ENT_LOC;
        }
        /* one capitalised word the model calls a person that the corpus
           writes in lower case (a common noun: "Salon is clean", "Pizza"),
           that no list knows as a name and that this article never writes
           after a first name or a title ("Condoleezza Rice" ... "Rice"), is
           no name */
        if (type == NW_ENT_PERSON && k - s == 1) {
            uint32_t wh = nw_ner_word_hash(d, &d->tok[first + s]);
            uint16_t wc;
            uint8_t cp;
            nw_ner_gaz_word(ner->gaz, wh, &wc, &cp);
            uint16_t df = nw_ner_docinfo_get(di, wh);
            if (CAP_LOWER(cp) &&
                !(wc & (NW_GZ_FIRST | NW_GZ_PERSON | NW_GZ_NAME_BIG)) &&
                !(df & (NW_ND_AFTER_FIRST | NW_ND_AFTER_TITLE)))
                continue;
        }
        /* the token after the span may join it only when it is O here */
        int may_extend = k < n && tags[k] == NW_NER_O;
        if (push_mention(ner, d, cap, first + s, first + k, type, score,
                         may_extend, mode) != 0)
            return -1;
    }
    return 0;
}

static int same_sentence(const nw_doc *d, uint32_t a, uint32_t b) {
    return !d->tok_sent || d->tok_sent[a] == d->tok_sent[b];
}


/* the tokens [a, b) between two names of a list: ",", "and", "or", ", and",
   ", or" */
static int list_gap(const nw_doc *d, uint32_t a, uint32_t b) {
    if (b <= a || b - a > 2 || !same_sentence(d, a, b))
        return 0;
    if (b - a == 1)
        return is_word(d, a, ",") || is_word(d, a, "and") || is_word(d, a, "or");
    return is_word(d, a, ",") && (is_word(d, a + 1, "and") || is_word(d, a + 1, "or"));
}

/* A list of three or more names joined by commas and a last "and" / "or"
   names things of one kind: one member the model called a person, of one
   word, with no first name, title or "said" to back it, among at least
   two listed places (or two organisations) and no other person, is one of
   them ("clashes in Mosul, Baiji, and Tuz"; "firms Sony, Philips,
   Matsushita and Samsung"). */
static void list_types(const nw_ner *ner, const nw_ner_docinfo *di, nw_doc *d) {
    for (uint32_t i = 0; i < d->n_ment;) {
        uint32_t j = i;
        while (j + 1 < d->n_ment && list_gap(d, d->ment[j].end, d->ment[j + 1].first))
            j++;
        if (j - i >= 2) {
            uint32_t per = 0, loc = 0, org = 0, cand = UINT32_MAX;
            for (uint32_t q = i; q <= j; q++) {
                const nw_mention *m = &d->ment[q];
                per += m->type == NW_ENT_PERSON;
                /* places count when listed: the model also calls footballers
                   places ("fouls on Joaquin, Casillas and Marchena") */
                loc += m->type == NW_ENT_LOC && m->end - m->first == 1 &&
                       (word_cats(ner, d, m->first) & GZ_ANY_PLACE);
                org += m->type == NW_ENT_ORG;
                if (m->type == NW_ENT_PERSON && m->end - m->first == 1)
                    cand = q;
            }
            uint8_t to = loc >= 2 && loc > org ? NW_ENT_LOC
                       : org >= 2 && org > loc ? NW_ENT_ORG : NW_ENT_NONE;
            if (per == 1 && cand != UINT32_MAX && to != NW_ENT_NONE) {
                const nw_token *t = &d->tok[d->ment[cand].first];
                uint16_t df = nw_ner_docinfo_get(di, nw_ner_word_hash(d, t));
                if (!(word_cats(ner, d, d->ment[cand].first) &
                      (NW_GZ_FIRST | NW_GZ_PERSON | NW_GZ_TITLE)) &&
                    !(df & (NW_ND_AFTER_FIRST | NW_ND_AFTER_TITLE | NW_ND_BEFORE_SAID)))
                    d->ment[cand].type = to;
            }
        }
        i = j + 1;
    }
}

/* Does one of the mentions from q0 on (in order) start at token i? */
static int ment_starts_at(const nw_doc *d, uint32_t q0, uint32_t i) {
    for (uint32_t q = q0; q < d->n_ment && d->ment[q].first <= i; q++)
        if (d->ment[q].first == i)
            return 1;
    return 0;
}

/* A noun made from a verb or an adjective ("Prevention", "Advancement",
   "Humanity"): a purpose's first word, however often the corpus
   capitalises it ("Centers for Disease Control and Prevention"). */
static int nominal(const nw_doc *d, uint32_t i) {
    static const char *const suf[] = {"tion", "sion", "ment", "ance", "ence",
                                      "ity", "ness", NULL};
    uint32_t n = nw_tok_len(d, i);
    const char *w = nw_tok_ptr(d, i);
    for (int k = 0; suf[k]; k++) {
        size_t m = strlen(suf[k]);
        if (n > m + 2 && !memcmp(w + n - m, suf[k], m))
            return 1;
    }
    return 0;
}

/* The end of a purpose in title case that starts at token k and goes on
   an organisation's name after for / of (the): "Prevention of Cruelty to
   Animals", "Red Cross", "Deputy Prime Minister" -- capitalised words,
   the first one a word the corpus does not keep for names or a noun made
   from a verb (nominal()), joined by of / and / to / for / the, at most 8
   tokens, stopping before a person's name and before "and (the)" and a
   new name.  k when there is none: no capitalised common word at k, a
   place named at k ("of New York"), an organisation word inside (a second
   organisation: "of the House of Commons"), or a mention that runs past
   its end.  The mentions from q0 on are the ones after the name (in
   order): only those near k are read. */
static uint32_t purpose_end(const nw_ner *ner, const nw_doc *d, uint32_t k,
                            uint32_t q0) {
    uint16_t wc;
    uint8_t cap;
    if (k >= d->n_tok || d->tok[k].kind != NW_TK_WORD ||
        !(d->tok[k].flags & NW_TF_CAP) || (d->tok[k].flags & NW_TF_ALLCAP))
        return k; /* not "US" (the pronoun's capitals) */
    nw_ner_gaz_word(ner->gaz, d->tok[k].hash, &wc, &cap);
    if (!CAP_NOT_NAME(cap) && !nominal(d, k))
        return k;
    if (wc & NW_GZ_ORGWORD)
        return k;
    static const char *const J[] = {"of", "and", "to", "for", "the"};
    uint32_t e = k + 1;
    while (e < d->n_tok && same_sentence(d, k, e)) {
        uint32_t c = e;
        int and = 0;
        while (c < d->n_tok && c - e < 2 && WORD_AMONG(d, c, J))
            and |= is_word(d, c++, "and");
        if (c >= d->n_tok || d->tok[c].kind != NW_TK_WORD ||
            !(d->tok[c].flags & NW_TF_CAP) || !same_sentence(d, k, c) ||
            c - k >= 8)
            break;
        /* "... Red Squirrels | and the | National Committee": a list */
        if (and && ((word_cats(ner, d, c) & NW_GZ_ORGWORD) ||
                    (d->tok[c].flags & NW_TF_ALLCAP) || ment_starts_at(d, q0, c)))
            break;
        if (word_cats(ner, d, c) & NW_GZ_ORGWORD)
            return k; /* "of the House of Commons" */
        e = c + 1;
    }
    for (uint32_t q = q0; q < d->n_ment && d->ment[q].first < e; q++) {
        const nw_mention *mt = &d->ment[q];
        if (mt->end <= k)
            continue;
        if (mt->type == NW_ENT_LOC && mt->first == k)
            return k; /* "of New York": a place, not a purpose */
        uint16_t tc = 0; /* "Prime Minister", tagged a person */
        if (mt->type == NW_ENT_PERSON && mt->end <= e &&
            nw_ner_gaz_match(ner->gaz, d, mt->first, mt->end, &tc) ==
                mt->end - mt->first && (tc & NW_GZ_TITLE))
            continue;
        if (mt->type == NW_ENT_PERSON) {
            if (mt->first <= k)
                return k;
            e = mt->first; /* "Deputy Prime Minister | John Prescott" */
        } else if (mt->first < k || mt->end > e) {
            return k;
        }
    }
    return e;
}

/* Organisation names with "and" or "for" inside, which the tagger tends to
   cut: "National Institute of Economic | and Social Research" (a name does
   not end in a word that is usually lower case), "UN Relief | and | Works
   Agency" (two pieces, the second ending in an organisation word),
   "Department | for | Constitutional Affairs" (an organisation word alone,
   then for/of and a capitalised name).  Mentions stay in order and
   non-overlapping. */
static void join_org_names(const nw_ner *ner, nw_doc *d) {
    uint32_t w = 0;
    for (uint32_t i = 0; i < d->n_ment; i++) {
        nw_mention m = d->ment[i];
        /* "Food and | Drug Administration", "Fish and | Wildlife Service":
           one or two capitalised words the model left out, "and", and an
           organisation ending in an organisation word are one name */
        if (m.type == NW_ENT_ORG && m.first >= 2 && is_word(d, m.first - 1, "and") &&
            !is_word(d, m.first, "The") &&
            (word_cats(ner, d, m.end - 1) & NW_GZ_ORGWORD)) {
            uint32_t a = m.first - 1, lo = w ? d->ment[w - 1].end : 0;
            while (a > lo && m.first - 1 - a < 2 && same_sentence(d, a - 1, m.first) &&
                   d->tok[a - 1].kind == NW_TK_WORD &&
                   (d->tok[a - 1].flags & NW_TF_CAP) && !(d->tok[a - 1].flags & NW_TF_ALLCAP) &&
                   CAP_NOT_NAME(word_cap(ner, d, a - 1)) &&
                   !((d->tok[a - 1].flags & NW_TF_SENT) && CAP_LOWER(word_cap(ner, d, a - 1))) &&
                   !(word_cats(ner, d, a - 1) & (GZ_NAMES | NW_GZ_DATE | NW_GZ_FIRST |
                                                  NW_GZ_DEMONYM | NW_GZ_TITLE |
                                                  NW_GZ_ORGWORD | NW_GZ_EVENT)))
                a--;
            /* the words before are not part of a longer capitalised run */
            if (a < m.first - 1 && (a == lo || a == 0 || !same_sentence(d, a - 1, a) ||
                                    !(d->tok[a - 1].flags & NW_TF_CAP) ||
                                    is_word(d, a - 1, "The")))
                m.first = a;
        }
        for (;;) {
            uint32_t j = m.end; /* the joining word */
            if (m.type != NW_ENT_ORG || j + 1 >= d->n_tok ||
                !same_sentence(d, m.first, j + 1))
                break;
            int and = is_word(d, j, "and") || is_word(d, j, "&");
            int forof = is_word(d, j, "for") || is_word(d, j, "of");
            uint16_t lc = word_cats(ner, d, m.end - 1), wc;
            uint8_t cap;
            nw_ner_gaz_word(ner->gaz, d->tok[m.end - 1].hash, &wc, &cap);
            const nw_mention *nx = i + 1 < d->n_ment ? &d->ment[i + 1] : NULL;
            /* "Institute of Economic | and | Social Research": a name
               does not end in a word that is rarely capitalised (an
               adjective), so the piece after "and" is the rest of it */
            int open_end = CAP_LOWER(cap) &&
                           (d->tok[m.end - 1].flags & NW_TF_CAP) &&
                           !(lc & (GZ_NAMES | NW_GZ_FIRST | NW_GZ_ORGWORD)) &&
                           m.end - m.first >= 3 && is_word(d, m.end - 2, "of") &&
                           (word_cats(ner, d, m.end - 3) & NW_GZ_ORGWORD);
            /* "Daily Mail | and | Fox News": two organisations on their own;
               so is a firm named with "&" ("Ogilvy & Mather | and |
               Cordiant Communications") */
            int amp = 0;
            for (uint32_t q = m.first; q < m.end && !amp; q++)
                amp = is_word(d, q, "&");
            int pair = and && nx && nx->first == j + 1 &&
                       ((amp && is_word(d, j, "and")) ||
                        (org_on_its_own(ner, d, m.first, m.end) &&
                         org_on_its_own(ner, d, nx->first, nx->end)));
            if (nx && nx->first == j + 1 && !pair &&
                ((nx->type == NW_ENT_ORG && and && !(lc & NW_GZ_ORGWORD) &&
                  (word_cats(ner, d, nx->end - 1) & NW_GZ_ORGWORD)) ||
                 (and && open_end && nx->type != NW_ENT_MISC &&
                  nx->end - m.first <= 12) ||
                 ((nx->type == NW_ENT_ORG || nx->type == NW_ENT_LOC) &&
                  forof && m.end - m.first == 1 && (lc & NW_GZ_ORGWORD)))) {
                m.end = nx->end;
                i++;
                continue;
            }
            /* "Scottish Society | for the | Prevention of Cruelty to
               Animals", "International Committee | of the | Red Cross": a
               name ending in an organisation word goes on with its purpose
               in title case */
            if (forof && (lc & NW_GZ_ORGWORD)) {
                uint32_t k = j + 1 < d->n_tok && is_word(d, j + 1, "the") ? j + 2 : j + 1;
                uint32_t e = purpose_end(ner, d, k, i + 1);
                if (e > k) {
                    m.end = e;
                    while (i + 1 < d->n_ment && d->ment[i + 1].first < e)
                        i++;
                    continue;
                }
            }
            /* ... but "Advisory Group | and | Jamaican movement": a name
               that ends in an organisation word is whole, unless that
               word names a field after of / for ("Office of
               Administration and Finance") */
            int whole = (lc & NW_GZ_ORGWORD) && m.end - m.first >= 2 &&
                        !is_word(d, m.end - 2, "of") && !is_word(d, m.end - 2, "for");
            if (and && CAP_LOWER(cap) && !whole &&
                (d->tok[m.end - 1].flags & NW_TF_CAP) &&
                !(nx && nx->first <= j + 1)) {
                uint32_t k = j + 1;
                while (k < d->n_tok && k - j <= 4 && same_sentence(d, j, k) &&
                       d->tok[k].kind == NW_TK_WORD &&
                       (d->tok[k].flags & NW_TF_CAP) &&
                       !(nx && k >= nx->first))
                    k++;
                if (k > j + 1) {
                    m.end = k;
                    continue;
                }
            }
            break;
        }
        d->ment[w++] = m;
    }
    d->n_ment = w;
}

/* Document-level consistency.  A capitalised run the model tagged as a
   name somewhere in the article is that name wherever else it stands
   untagged as a whole capitalised run ("the ADB report said", a later
   "NIESR"): the model, deciding token by token, misses some repeats.  The
   copy takes the type and score of the most confident tagged occurrence,
   which must score PROP_MIN_SCORE, and only for a run the model tagged at
   least as often as it left it out.  A
   sentence start or a headline word counts only when the corpus table
   says the word is mostly capitalised (a one-word "May" or "Time" at a
   sentence start stays out).  0, or -1 out of memory (mentions as they
   were). */
#define PROP_MAX_TOKS 4u
#define PROP_MIN_SCORE 0.75f

static uint32_t run_hash(const nw_doc *d, uint32_t a, uint32_t b) {
    uint32_t h = 2166136261u;
    for (uint32_t i = a; i < b; i++)
        h = (h ^ d->tok[i].hash) * 16777619u;
    return h | 1u;
}

static int same_run(const nw_doc *d, uint32_t a, uint32_t b, uint32_t c) {
    for (uint32_t k = 0; k < b - a; k++)
        if (nw_tok_len(d, a + k) != nw_tok_len(d, c + k) ||
            memcmp(nw_tok_ptr(d, a + k), nw_tok_ptr(d, c + k),
                   nw_tok_len(d, a + k)))
            return 0;
    return 1;
}

/* The slot of run [a, b) in the open-addressing table (key, rep: a
   mention whose run it is): the slot holding it, or the empty slot where
   it would go. */
static uint32_t run_slot(const nw_doc *d, const uint32_t *key, const uint32_t *rep,
                         uint32_t size, uint32_t h, uint32_t a, uint32_t b) {
    uint32_t j = (h * 2654435761u) & (size - 1);
    while (key[j] && !(key[j] == h && d->ment[rep[j]].end - d->ment[rep[j]].first == b - a &&
                       same_run(d, d->ment[rep[j]].first, d->ment[rep[j]].end, a)))
        j = (j + 1) & (size - 1);
    return j;
}

/* Put mention m's run in the table (run_slot) unless it is there;
   returns its slot. */
static uint32_t run_put(const nw_doc *d, uint32_t *key, uint32_t *rep, uint32_t size,
                        uint32_t m) {
    const nw_mention *mt = &d->ment[m];
    uint32_t h = run_hash(d, mt->first, mt->end);
    uint32_t j = run_slot(d, key, rep, size, h, mt->first, mt->end);
    if (!key[j]) {
        key[j] = h;
        rep[j] = m;
    }
    return j;
}

static int cap_word_at(const nw_doc *d, uint32_t i) {
    return i < d->n_tok && d->tok[i].kind == NW_TK_WORD &&
           ((d->tok[i].flags & (NW_TF_CAP | NW_TF_ALLCAP)) ||
            nw_ner_particle_cap(d, &d->tok[i]));
}

/* Merge the n_add mentions of add (in text order, overlapping none of
   d->ment) into d->ment, keeping it in order.  0, or -1 out of memory
   (mentions as they were). */
static int merge_mentions(nw_doc *d, const nw_mention *add, uint32_t n_add) {
    nw_mention *all = malloc((size_t)(d->n_ment + n_add) * sizeof(*all));
    if (!all)
        return -1;
    uint32_t p = 0, q = 0, o = 0;
    while (p < d->n_ment || q < n_add) {
        if (q >= n_add || (p < d->n_ment && d->ment[p].first < add[q].first))
            all[o++] = d->ment[p++];
        else
            all[o++] = add[q++];
    }
    free(d->ment);
    d->ment = all;
    d->n_ment = o;
    return 0;
}

static int propagate_names(const nw_ner *ner, nw_doc *d) {
    uint32_t n = d->n_ment;
    if (n == 0)
        return 0;
    uint32_t size = 16;
    while (size < 2 * n)
        size *= 2;
    uint32_t *key = calloc(size, sizeof(uint32_t)), *rep = malloc(size * sizeof(uint32_t));
    uint32_t *tagged = calloc(size, sizeof(uint32_t)), *untagged = calloc(size, sizeof(uint32_t));
    uint8_t *cov = calloc(d->n_tok, 1);
    struct cand { uint32_t a, b, slot; } *add = NULL; /* untagged repeats */
    uint32_t n_add = 0, cap_add = 0;
    int rc = -1;
    if (!key || !rep || !cov || !tagged || !untagged)
        goto out;
    for (uint32_t m = 0; m < n; m++) {
        const nw_mention *mt = &d->ment[m];
        for (uint32_t i = mt->first; i < mt->end; i++)
            cov[i] = 1;
        if (mt->end - mt->first > PROP_MAX_TOKS || !cap_word_at(d, mt->first))
            continue;
        uint32_t j = run_put(d, key, rep, size, m);
        if (mt->score > d->ment[rep[j]].score)
            rep[j] = m; /* the most confident occurrence speaks for all */
        tagged[j]++;
    }
    for (uint32_t i = 0; i < d->n_tok; i++) {
        /* a run starts here: no capitalised word before it but a title
           ("Mr Ali") */
        if (cov[i] || !cap_word_at(d, i) || (d->tok[i].flags & NW_TF_NOTTEXT) ||
            (i > 0 && cap_word_at(d, i - 1) &&
             !(word_cats(ner, d, i - 1) & NW_GZ_TITLE)))
            continue;
        /* the whole capitalised run from i */
        uint32_t e = i + 1;
        while (e < d->n_tok && e - i <= PROP_MAX_TOKS && !cov[e] &&
               (cap_word_at(d, e) || ((is_word(d, e, "of") || is_word(d, e, "and") ||
                                       is_word(d, e, "&")) && cap_word_at(d, e + 1))))
            e++;
        if (e - i > PROP_MAX_TOKS || (e < d->n_tok && cov[e]))
            continue;
        uint32_t j = run_slot(d, key, rep, size, run_hash(d, i, e), i, e);
        if (!key[j])
            continue;
        untagged[j]++;
        if (d->tok[i].flags & (NW_TF_SENT | NW_TF_TITLE)) {
            uint16_t c;
            uint8_t cls;
            nw_ner_gaz_word(ner->gaz, d->tok[i].hash, &c, &cls);
            if (!(d->tok[i].flags & NW_TF_ALLCAP) && cls < NW_CAP_MOSTLY)
                continue;
        }
        if (n_add == cap_add) {
            uint32_t nc = cap_add ? cap_add * 2 : 8;
            struct cand *na = realloc(add, nc * sizeof(*na));
            if (!na)
                goto out;
            add = na;
            cap_add = nc;
        }
        add[n_add++] = (struct cand){i, e, j};
        i = e - 1;
    }
    /* only names the model tagged at least as often as it left them out,
       with a confident tag: one wrong "Ebola" or "MPs" must not spread
       through the article */
    uint32_t kept = 0;
    for (uint32_t q = 0; q < n_add; q++) {
        uint32_t j = add[q].slot;
        if (untagged[j] <= tagged[j] && d->ment[rep[j]].score >= PROP_MIN_SCORE)
            add[kept++] = add[q];
    }
    if (kept) {
        nw_mention *nm = malloc((size_t)kept * sizeof(*nm));
        if (!nm)
            goto out;
        for (uint32_t q = 0; q < kept; q++) {
            const nw_mention *r = &d->ment[rep[add[q].slot]];
            nm[q] = (nw_mention){add[q].a, add[q].b, r->type, r->score, -1, r->wc, 0};
        }
        int mr = merge_mentions(d, nm, kept);
        free(nm);
        if (mr != 0)
            goto out;
    }
    rc = 0;
out:
    free(key);
    free(rep);
    free(tagged);
    free(untagged);
    free(cov);
    free(add);
    return rc;
}

/* "Judd Nelson Found Dead", "Macaulay Culkin Dies", "Kevin Vickers Sgt":
   a person the model ran on into the words of a title-case headline or a
   caption.  A PERSON mention of three or more words whose first words are,
   exactly, another PERSON mention of the article, and whose other words
   are titles or words the corpus writes in lower case (three letters or
   more, so not "Kim Jong Un"; no organisation or place word: "Cesar
   Millan Foundation" is no person's name either way), is cut to that
   name.  0, or -1 out of memory. */
/* The article's PERSON mentions of min_len to PROP_MAX_TOKS words, by
   their words, in an open-addressing table (run_slot) of *size slots;
   no_the: leave out those after "the" ("the Observatory said").  0, or
   -1 out of memory (nothing allocated). */
static int person_runs(const nw_doc *d, uint32_t min_len, int no_the, uint32_t **key,
                       uint32_t **rep, uint32_t *size) {
    const uint32_t n = d->n_ment;
    uint32_t sz = 16;
    while (sz < 2 * n)
        sz *= 2;
    uint32_t *k = calloc(sz, sizeof(uint32_t)), *r = malloc(sz * sizeof(uint32_t));
    if (!k || !r) {
        free(k);
        free(r);
        return -1;
    }
    for (uint32_t m = 0; m < n; m++) {
        const nw_mention *mt = &d->ment[m];
        if (mt->type != NW_ENT_PERSON || mt->end - mt->first < min_len ||
            mt->end - mt->first > PROP_MAX_TOKS ||
            (no_the && mt->first > 0 &&
             (is_word(d, mt->first - 1, "the") || is_word(d, mt->first - 1, "The"))))
            continue;
        run_put(d, k, r, sz, m);
    }
    *key = k;
    *rep = r;
    *size = sz;
    return 0;
}

static int trim_person_tails(const nw_ner *ner, nw_doc *d) {
    const uint32_t n = d->n_ment;
    uint32_t size, *key, *rep;
    if (person_runs(d, 2, 0, &key, &rep, &size) != 0)
        return -1;
    for (uint32_t m = 0; m < n; m++) {
        nw_mention *mt = &d->ment[m];
        if (mt->type != NW_ENT_PERSON || mt->end - mt->first < 3)
            continue;
        for (uint32_t k = mt->end - 1; k >= mt->first + 2; k--) {
            uint32_t j = run_slot(d, key, rep, size, run_hash(d, mt->first, k),
                                  mt->first, k);
            if (!key[j])
                continue;
            int ok = 1;
            for (uint32_t i = k; i < mt->end && ok; i++) {
                const uint16_t c = word_cats(ner, d, i);
                ok = d->tok[i].kind == NW_TK_WORD &&
                     ((c & NW_GZ_TITLE) ||
                      (CAP_LOWER(word_cap(ner, d, i)) && nw_tok_len(d, i) >= 3 &&
                       !(c & (NW_GZ_ORGWORD | NW_GZ_LOCWORD | GZ_NAMES | NW_GZ_FIRST))));
            }
            if (ok)
                mt->end = k;
            break;   /* a shorter name leaves more words after it */
        }
    }
    free(key);
    free(rep);
    return 0;
}

/* "Brazilian Ronaldo", "Israeli Jill Rosenberg", "Australian Johnson":
   a nationality the model ran into the name of the person it describes.
   A mention that opens with a nationality (not also a first name:
   "Christian Bale", "Danish Siddiqui"), is not a listed name as a whole
   ("Saudi Arabia") and whose other words are, exactly, a PERSON mention
   elsewhere in the article, or a listed first name and at least one more
   word none of which is an organisation or place word ("Western Refining
   Company" keeps its word), is cut to the person.  0, or -1 out of
   memory. */
static int strip_nationalities(const nw_ner *ner, nw_doc *d) {
    const uint32_t n = d->n_ment;
    uint32_t size = 0, *key = NULL, *rep = NULL;
    for (uint32_t m = 0; m < n; m++) {
        nw_mention *mt = &d->ment[m];
        const uint32_t a = mt->first, b = mt->end;
        if (b - a < 2 || b - a > PROP_MAX_TOKS + 1)
            continue;
        const uint16_t c0 = word_cats(ner, d, a);
        uint16_t lc = 0;
        if (!(c0 & NW_GZ_DEMONYM) || (c0 & (GZ_NAMES | NW_GZ_FIRST | NW_GZ_NAME_BIG)) ||
            (nw_ner_gaz_match(ner->gaz, d, a, b, &lc) == b - a && (lc & GZ_NAMES)))
            continue;
        int person = 0;
        if (b - a >= 3 && (word_cats(ner, d, a + 1) & (NW_GZ_FIRST | NW_GZ_NAME_BIG))) {
            person = 1;
            for (uint32_t i = a + 1; i < b && person; i++)
                person = d->tok[i].kind == NW_TK_WORD &&
                         !(word_cats(ner, d, i) & (NW_GZ_ORGWORD | NW_GZ_LOCWORD | GZ_PLACE |
                                                   NW_GZ_ORG));
        }
        if (!person) {
            /* the article's PERSON mentions, by their words ("the
               Observatory said": no person) */
            if (!key && person_runs(d, 1, 1, &key, &rep, &size) != 0)
                return -1;
            uint32_t j = run_slot(d, key, rep, size, run_hash(d, a + 1, b), a + 1, b);
            person = key[j] != 0;
            /* and no common noun the model took for a person: the corpus
               writes every word capitalised */
            for (uint32_t i = a + 1; i < b && person; i++)
                person = !CAP_NOT_NAME(word_cap(ner, d, i)) &&
                         !(word_cats(ner, d, i) & (NW_GZ_ORGWORD | NW_GZ_LOCWORD));
        }
        if (person) {
            mt->first = a + 1;
            mt->type = NW_ENT_PERSON;
        }
    }
    free(key);
    free(rep);
    return 0;
}

/* "Hurricane Katrina", "Typhoon Haiyan", "Cyclone Idai": a storm is none
   of PERSON, ORG and LOC, and neither is its name alone where the article
   uses it again ("Katrina devastated refineries in Louisiana").  Mentions
   that open with the storm word, follow it, or are one word that followed
   it somewhere in the article are dropped. */
#define STORM_NAMES_MAX 16
static void drop_storm_names(nw_doc *d) {
    static const char *const W[] = {"hurricane", "typhoon", "cyclone", "superstorm"};
    uint32_t wh[4], name[STORM_NAMES_MAX], n_name = 0;
    for (int k = 0; k < 4; k++)
        wh[k] = nw_hash_lower(W[k], strlen(W[k]));
    uint8_t *storm_word = NULL;
    for (uint32_t i = 0; i + 1 < d->n_tok; i++) {
        const nw_token *t = &d->tok[i];
        if (t->kind != NW_TK_WORD || !in_hashes(t->hash, wh, 4))
            continue;
        const nw_token *u = &d->tok[i + 1];
        if (u->kind != NW_TK_WORD || !(u->flags & (NW_TF_CAP | NW_TF_ALLCAP)))
            continue;
        if (!storm_word)
            storm_word = calloc(d->n_tok, 1);
        if (!storm_word)
            return; /* out of memory: keep the mentions as they are */
        storm_word[i] = 1;
        if (n_name < STORM_NAMES_MAX && !in_hashes(u->hash, name, (int)n_name))
            name[n_name++] = u->hash;
    }
    if (!storm_word)
        return;
    uint32_t w = 0;
    for (uint32_t m = 0; m < d->n_ment; m++) {
        const nw_mention *mt = &d->ment[m];
        int drop = storm_word[mt->first] ||
                   (mt->first > 0 && storm_word[mt->first - 1]) ||
                   (mt->end - mt->first == 1 &&
                    in_hashes(d->tok[mt->first].hash, name, (int)n_name));
        if (!drop)
            d->ment[w++] = *mt;
    }
    d->n_ment = w;
    free(storm_word);
}

/* Acronyms the article defines: "the World Health Organization (WHO)".
   The model reads an acronym spelt like a common word ("WHO", "NICE")
   as that word and leaves it out, in the brackets and after them ("WHO
   said in a statement").  Where the capitals in brackets right after a
   mention spell the initials of its capitalised words (the first letter
   equal, the others in order), every all-capitals use of them in the
   article outside a mention is a mention of the same type.  0, or -1
   out of memory (mentions as they were). */
#define ACRONYMS_MAX 16
static int spells_initials(const nw_doc *d, const nw_mention *mt, uint32_t acro) {
    const char *p = nw_tok_ptr(d, acro);
    uint32_t n = nw_tok_len(d, acro), q = 0;
    if (n < 2 || n > 8)
        return 0;
    for (uint32_t i = mt->first; i < mt->end && q < n; i++) {
        if (d->tok[i].kind != NW_TK_WORD || !(d->tok[i].flags & NW_TF_CAP))
            continue;
        char ini = nw_tok_ptr(d, i)[0];
        if (ini == p[q])
            q++;
        else if (q == 0)
            return 0;
    }
    return q == n;
}

/* Is a word next to token i in capitals too ("WHERE IS IT")?  Then i is
   a word of a line in capitals, not an acronym. */
static int caps_beside(const nw_doc *d, uint32_t i) {
    for (int side = -1; side <= 1; side += 2) {
        uint32_t k = i;
        while (side < 0 ? k > 0 : k + 1 < d->n_tok) {
            k = side < 0 ? k - 1 : k + 1;
            if (d->tok[k].kind == NW_TK_WORD) {
                if ((d->tok[k].flags & NW_TF_ALLCAP) && nw_tok_len(d, k) > 1 &&
                    same_sentence(d, i, k))
                    return 1;
                break;
            }
        }
    }
    return 0;
}

static int acronym_mentions(nw_doc *d) {
    uint32_t hash[ACRONYMS_MAX], from[ACRONYMS_MAX], na = 0;
    for (uint32_t m = 0; m < d->n_ment && na < ACRONYMS_MAX; m++) {
        const nw_mention *mt = &d->ment[m];
        uint32_t k = mt->end;
        if (mt->type != NW_ENT_ORG || k + 2 >= d->n_tok || !is_word(d, k, "(") ||
            !is_word(d, k + 2, ")") || d->tok[k + 1].kind != NW_TK_WORD ||
            !(d->tok[k + 1].flags & NW_TF_ALLCAP) ||
            (m + 1 < d->n_ment && d->ment[m + 1].first == k + 1) ||
            !spells_initials(d, mt, k + 1))
            continue;
        hash[na] = d->tok[k + 1].hash;
        from[na++] = m;
    }
    if (!na)
        return 0;
    uint8_t *cov = calloc(d->n_tok, 1);
    if (!cov)
        return -1;
    for (uint32_t m = 0; m < d->n_ment; m++)
        memset(cov + d->ment[m].first, 1, d->ment[m].end - d->ment[m].first);
    uint32_t n_add = 0, cap_add = 0;
    nw_mention *add = NULL;
    int rc = 0;
    for (uint32_t i = 0; i < d->n_tok && rc == 0; i++) {
        if (cov[i] || !(d->tok[i].flags & NW_TF_ALLCAP) || d->tok[i].kind != NW_TK_WORD ||
            !in_hashes(d->tok[i].hash, hash, (int)na) || caps_beside(d, i))
            continue;
        if (n_add == cap_add) {
            uint32_t nc = cap_add ? 2 * cap_add : 8;
            nw_mention *na2 = realloc(add, nc * sizeof(*add));
            if (!na2) {
                rc = -1;
                break;
            }
            add = na2;
            cap_add = nc;
        }
        uint32_t k = 0;
        while (hash[k] != d->tok[i].hash)
            k++;
        const nw_mention *r = &d->ment[from[k]];
        add[n_add++] = (nw_mention){i, i + 1, r->type, r->score, -1, r->wc, 0};
    }
    if (rc == 0 && n_add)
        rc = merge_mentions(d, add, n_add);
    free(add);
    free(cov);
    return rc;
}

#define WORK_TITLE_MAX 10u
/* The title a work cue introduces at token a ("the film | Vera Drake",
   "her role in | Eternal Sunshine of the Spotless Mind"): its end, or a
   when there is none.  drop_works' conditions: not opening with a given
   name, no possessive after it, not a listed name. */
static uint32_t work_title_end(const nw_ner *ner, const nw_doc *d, uint32_t a) {
    static const char *const J[] = {"of", "the", "and", "a", "in", "on", "for", "to"};
    uint32_t b = a;
    while (b < d->n_tok && b - a < WORK_TITLE_MAX) {
        const nw_token *t = &d->tok[b];
        if (t->kind == NW_TK_WORD && (t->flags & NW_TF_CAP) &&
            (b == a || !(t->flags & (NW_TF_SENT | NW_TF_PARA)))) {
            b++;
            continue;
        }
        /* a small word inside, if a capitalised word follows it */
        if (b > a && b + 1 < d->n_tok && t->kind == NW_TK_WORD && WORD_AMONG(d, b, J) &&
            (d->tok[b + 1].flags & NW_TF_CAP) &&
            !(d->tok[b + 1].flags & (NW_TF_SENT | NW_TF_PARA))) {
            b += 2;
            continue;
        }
        break;
    }
    uint16_t pc = 0;
    /* not opening with a listed name either: "this movie | Google and
       Amazon" are the makers */
    if (b == a || (word_cats(ner, d, a) & (NW_GZ_FIRST | NW_GZ_NAME_BIG | GZ_NAMES)) ||
        (b < d->n_tok && (d->tok[b].flags & NW_TF_POSS)) ||
        (d->tok[b - 1].flags & NW_TF_POSS) ||
        (nw_ner_gaz_match(ner->gaz, d, a, b, &pc) == b - a &&
         (pc & (GZ_NAMES | NW_GZ_PLACE_BIG))))
        return a;
    return b;
}

/* A work's title is no name anywhere in the article: drop_works drops the
   span right after "the film ..." or "her role in ...", and this drops the
   title's other uses ("Vera Drake won three awards", "Finding Neverland is
   the outsider"), which the model tags as people, places or
   organisations.  A mention inside any occurrence of such a title goes. */
#define WORK_TITLES_MAX 32
/* work_cue's words that are only nouns: not "show", "single", "book",
   "drama" ("documents show Mr Brown", "a single Labour MP") */
static int work_noun(const nw_doc *d, uint32_t i) {
    static const char *const AMBIGUOUS[] = {"book", "single", "drama", "opera",
                                            "re-make", "comedy", "show", "soap"};
    return work_cue(d, i) && !WORD_AMONG(d, i, AMBIGUOUS);
}

/* Is the run [a, b) the end of a longer person mention ("Jobs" and "Steve
   Jobs")?  Then a title that reads like it ("the title role in Jobs") names
   the person too. */
static int person_tail(const nw_doc *d, uint32_t a, uint32_t b) {
    for (uint32_t m = 0; m < d->n_ment; m++) {
        const nw_mention *mt = &d->ment[m];
        if (mt->type == NW_ENT_PERSON && mt->end - mt->first > b - a &&
            same_run(d, a, b, mt->end - (b - a)))
            return 1;
    }
    return 0;
}

static void drop_work_titles(const nw_ner *ner, nw_doc *d) {
    uint32_t ta[WORK_TITLES_MAX], tb[WORK_TITLES_MAX], nt = 0;
    for (uint32_t i = 0; i + 1 < d->n_tok && nt < WORK_TITLES_MAX; i++) {
        uint32_t a = 0;
        if (work_noun(d, i) && !(d->tok[i + 1].flags & (NW_TF_SENT | NW_TF_PARA)))
            a = i + 1;
        else if (i + 2 < d->n_tok && is_word(d, i + 1, "in") &&
                 (is_word(d, i, "role") || is_word(d, i, "roles") ||
                  is_word(d, i, "starring") || is_word(d, i, "starred") ||
                  is_word(d, i, "stars")))
            a = i + 2;
        if (!a)
            continue;
        uint32_t b = work_title_end(ner, d, a);
        if (b > a && !(word_cats(ner, d, a) & NW_GZ_TITLE) && !honorific_at(d, a) &&
            !person_tail(d, a, b)) {
            ta[nt] = a;
            tb[nt++] = b;
        }
    }
    if (!nt)
        return;
    uint8_t *in_title = calloc(d->n_tok, 1);
    if (!in_title)
        return; /* out of memory: keep the mentions as they are */
    for (uint32_t k = 0; k < nt; k++) {
        uint32_t len = tb[k] - ta[k];
        for (uint32_t i = 0; i + len <= d->n_tok; i++)
            if (d->tok[i].hash == d->tok[ta[k]].hash && same_run(d, ta[k], tb[k], i))
                memset(in_title + i, 1, len);
    }
    uint32_t w = 0;
    for (uint32_t m = 0; m < d->n_ment; m++) {
        const nw_mention *mt = &d->ment[m];
        int drop = 1;
        for (uint32_t i = mt->first; i < mt->end && drop; i++)
            drop = in_title[i];
        if (!drop)
            d->ment[w++] = *mt;
    }
    d->n_ment = w;
    free(in_title);
}

int nw_ner_run(const nw_ner *ner, nw_doc *d) {
    const uint32_t T = NW_NER_NTAGS, C = NW_NER_CHUNK;
    uint32_t cap = 0;
    unsigned char *mem;
    nw_ner_docinfo di;
    int rc = 0;

    d->ment = NULL;
    d->n_ment = 0;
    if (!ner || d->n_tok == 0)
        return 0;
    mem = malloc((size_t)C * NW_NER_NF * sizeof(uint32_t) +
                 2 * (size_t)C * T * sizeof(float) + (size_t)C * (T + 1));
    if (!mem)
        return -1;
    if (nw_ner_docinfo_build(ner->gaz, d, &di) != 0) {
        free(mem);
        return -1;
    }
    uint32_t *feats = (uint32_t *)mem;
    float *em = (float *)(mem + (size_t)C * NW_NER_NF * sizeof(uint32_t));
    float *mm = em + (size_t)C * T;
    uint8_t *tags = (uint8_t *)(mm + (size_t)C * T);
    uint8_t *work = tags + C;
    uint32_t ns = d->n_sent ? d->n_sent : 1;
    for (uint32_t s = 0; s < ns && rc == 0; s++) {
        uint32_t sf = d->n_sent ? d->sent[s].first : 0;
        uint32_t se = d->n_sent ? d->sent[s].end : d->n_tok;
        if (se > d->n_tok)
            se = d->n_tok;
        for (uint32_t c = sf; c < se && rc == 0; c += C) {
            uint32_t ce = se - c > C ? c + C : se;
            rc = tag_chunk(ner, &di, d, sf, se, c, ce, feats, em, mm, tags,
                           work, &cap);
        }
    }
    free(mem);
    if (rc == 0)
        list_types(ner, &di, d);
    nw_ner_docinfo_release(&di);
    if (rc == 0)
        join_org_names(ner, d);
    if (rc == 0)
        rc = propagate_names(ner, d);
    if (rc == 0)
        rc = trim_person_tails(ner, d);
    if (rc == 0)
        rc = strip_nationalities(ner, d);
    if (rc == 0)
        drop_storm_names(d);
    if (rc == 0)
        drop_work_titles(ner, d);
    if (rc == 0)
        rc = acronym_mentions(d);
    if (rc != 0) {
        free(d->ment);
        d->ment = NULL;
        d->n_ment = 0;
    }
    return rc;
}
