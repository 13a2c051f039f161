/*
 * stance.c -- who supports or opposes whom or what.
 *
 * Design.  A stance is read off one sentence by a shallow, lexicon-driven
 * chunker over the tokens; there is no parser.  The lexicon
 * (lexicons/stance.txt, lexicons/sentiment.txt) holds predicates with a kind
 * and a polarity, plus the function-word classes the chunker needs
 * (determiners, pronouns, prepositions, be-verbs, negators, ...).  At load
 * time every phrase becomes a row of token hashes (nw_hash_lower), sorted by
 * its first hash; a word-class table maps single-word hashes to class bits.
 * Matching at a token is a binary search on its precomputed hash.
 *
 * For every sentence and every predicate found in it:
 *   V  verb         holder = subject: the nearest entity mention before the
 *                   verb in the same clause (a mention after a preposition
 *                   is skipped, "he"/"she" is resolved to the nearest
 *                   person, "I"/"we" inside a quote to its speaker, a verb
 *                   after "and" takes the clause's first subject);
 *                   target = object: the entity mention or the short noun
 *                   phrase after it.  "was criticised by X" swaps the roles.
 *   N  agent noun   "X, a critic of Y", "X is a staunch backer of Y",
 *                   "a Y supporter", "Y ally X".
 *   E  event noun   "X's criticism of Y", "X voiced support for Y".
 *   A  adjective    "X is critical of Y", "X voted against Y" (needs a
 *                   be-verb or a gate verb before it).
 *   C  call         "X called on Y to withdraw" gives X oppose Y.
 *   L  label        "X branded Y a liar": the polarity of the word.
 *   S  sentiment    in a quote with a known speaker, an evaluative word next
 *                   to an entity mention gives the speaker's stance; with
 *                   no mention near, "the proposals on X are unworkable"
 *                   gives it toward the clause's subject phrase.
 *   @warn           "X warned that Y's plan would ruin ...": a possessor Y,
 *                   a modal and a verb of harm (oppose) or help (support).
 *   @intend         "X pledged to boost pensions", "X offered to freeze
 *                   debts", "X wants G8 nations to match his target for
 *                   aid": a verb of intent, "to" and a deed verb give X
 *                   support toward the deed (verb + object, <= 6 words).
 *   reported        "X insisted his plans were affordable", "fiscal
 *                   tightening is needed, X said", "X said it was right
 *                   for the court to ...": an evaluative word after a
 *                   be-verb, its subject phrase (or what follows "it was
 *                   right for / vital to") and a verb of saying.
 *   L + phrase      "X described the ban as ridiculous".
 *   quote should    "they should put the match back a week" in a quote:
 *                   the speaker supports the deed (a @deed verb + object;
 *                   not negated, not "No one should", no evil object).
 *   form of         "a pernicious form of age discrimination" in a quote:
 *                   the phrase after "form/kind/example of" is judged.
 *   demonstratives  "the Lords have over-ruled this", "This idea has been
 *                   adopted by X": "this/that/it" closing the clause, or
 *                   "this idea/plan/move ...", stands for the deed after
 *                   the latest verb of proposal or intent ("had proposed
 *                   getting rid of ...", "considering introducing ...") in
 *                   the sentence or the two before.
 * Lists of objects ("criticised A, plans to B and C") give one stance per
 * item when "and" closes the list; in a comma list only the last "and"
 * closes it ("A, B, stop and search powers and C" has three items).
 * "called on Mr Y to <verb>" with a verb that is no withdrawal word is a
 * weak opposition (score 0.45).  Subjects also come from "the <role
 * noun>" ("the Oscar-winning star": the person last named), "its/his bid
 * to <verb>" (the owner of the effort), "X said it ..." (X) and
 * contractions ("We've"); "praised by Tidal owner Jay Z"
 * skips the title to the name.  A classifier finding that turns round a
 * confident rule finding of its sentence is dropped.  "he"/"she" passes
 * over a person named after a preposition ("a warning from Commissioner
 * X. In his speech, he ...") to an earlier subject within ST_PRON_OBJ
 * tokens.  In quotes, a word in scare quotes ("the European 'menace'") is
 * someone else's, and "their <evaluative word>" judges the clause's
 * subject.
 * Negation ("did not back") cancels a stance, refusal ("refused to back")
 * flips it with a lower score, modality and conditions lower the score, a
 * verb requested of someone else ("urged X to back Y") and questions give
 * none.
 *
 * The pair classifier (stance_clf.c, models/stance.model) then reads every
 * two mentions of different entities in a sentence (the first ST_PAIR_MENT
 * of them; affiliations skipped: "X, for the Liberal Democrats", "X,
 * chief economist at Y", "Leicester coach X") and, for a
 * quote whose speaker is named outside the sentence, the speaker as a
 * virtual first mention before the quoted words and each entity named in
 * them.  A class other than none whose margin over none clears the model's
 * threshold (plus ST_LOC_EXTRA when a place is in the pair, plus
 * ST_FLAT_EXTRA when the sentence has no evaluative word of the lexicons)
 * is a finding, scored margin / (margin + ST_CLF_SCALE).  A holder that is
 * the object of a preposition of place or company ("a speech at
 * Edinburgh's Napier University", "with England") is no holder, unless it
 * modifies a noun ("among Muslim voters").
 *
 * Pseudo-entities.  Group and nationality words ("Republicans", "the
 * Israeli leader", "Muslims": gazetteers/demonyms.txt, read only, and
 * lexicons/stance_groups.txt) and runs of capitalised words the NER left
 * out ("Planned Parenthood", "Cespedes": not opening a sentence, a quote
 * or a clause, not titles or date words, not touching a mention) become
 * mentions of pseudo-entities for this stage only: the rules and the
 * classifier read them like entity mentions, and a stance names them as
 * written, with holder_entity / target_entity -1.  They never enter
 * doc->x->entities (under the annotation guidelines they are no
 * entities).  A group word that names an entity "<Word> Party" joins it
 * ("the Conservatives" -> "Conservative Party"); one that modifies a
 * following name ("Russian President Vladimir Putin") is skipped.  Their
 * scores are scaled by ST_PSEUDO_W.
 *
 * Datelines.  The place and agency of a dateline ("GLASGOW -- ",
 * "BAGHDAD (Reuters) - ") filed the story: this stage reads the NER's
 * mentions less those (story_mentions), so they are neither holders nor
 * targets; they stay entities.
 *
 * Duplicates (holder, target, polarity) are merged keeping the highest
 * score; when a pair has both polarities a rule finding with a score of at
 * least ST_RULE_SURE wins over the classifier, otherwise the stronger one.
 *
 * Cost: a bit-filter test per token (most tokens stop there), binary
 * searches for the rest, bounded look-backs (at most ST_BACK tokens) and
 * look-aheads (ST_NP_MAX tokens) per predicate, and at most
 * ST_PAIR_MENT^2 / 2 classified pairs of at most NW_STCLF_MAXFEAT features
 * per sentence, so the stage is linear in the text.  Per document it
 * allocates six arrays of n_tok entries, the merged mention array when
 * pseudo-mentions exist (at most ST_PSEUDO_MAX distinct pseudo-entities)
 * and the stance list (capped at ST_MAX_STANCES).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner.h"
#include "stance.h"
#include "stance_clf.h"

#define ST_MAXW 6            /* words in a lexicon phrase */
#define ST_BACK 16           /* tokens looked back for a subject */
#define ST_NP_MAX 8          /* tokens in a target noun phrase */
#define ST_APPOS 40          /* tokens an appositive may span */
#define ST_PRON_BACK 600     /* tokens looked back to resolve he/she */
#define ST_PRON_OBJ 160      /* tokens an earlier subject may lie behind
                                a person named after a preposition */
#define ST_ROLE_BACK 4000    /* tokens looked back for a title */
#define ST_LIST_MAX 8        /* targets in a list ("A, B and C") */
#define ST_MAX_STANCES 4096  /* stances kept per document */
#define ST_LINE_MAX 512
#define ST_FILTER_MASK 0xffffu
#define ST_PAIR_MENT 8       /* mentions of a sentence the classifier pairs */
#define ST_RULE_SURE 0.5f    /* a rule this sure beats the classifier */
#define ST_CLF_SCALE 8.0f    /* margin giving score 0.5 */
#define ST_DEED_MAX 6         /* words naming a deed ("boost pensions") */
#define ST_PSEUDO_MAX 64      /* distinct pseudo-entities per document */
#define ST_PSEUDO_W 0.9f      /* score factor for a pseudo-entity */
#define ST_FLAT_EXTRA 3.0f   /* extra margin for a sentence with no
                                evaluative word of the lexicons */
#define ST_QUOTE_EXTRA 0.0f  /* extra margin for the quote-speaker pairs */
#define ST_LOC_EXTRA 4.0f    /* extra margin when a place is in the pair:
                                the training data is political, where a
                                place is mostly a country, while news
                                pairs places with firms and teams */

/* ------------------------------------------------------ word classes -- */

enum {
    W_DET = 1u << 0, W_PRON = 1u << 1, W_FIRST = 1u << 2, W_GROUP = 1u << 3,
    W_OBJP = 1u << 4, W_PREP = 1u << 5, W_BY = 1u << 6, W_BE = 1u << 7,
    W_AUX = 1u << 8, W_NEG = 1u << 9, W_REFUSE = 1u << 10,
    W_MODAL = 1u << 11, W_COND = 1u << 12, W_ADV = 1u << 13,
    W_ADJ = 1u << 14, W_REL = 1u << 15, W_LIGHT = 1u << 16,
    W_GATE = 1u << 17, W_CONTROL = 1u << 18, W_STOP = 1u << 19,
    W_AND = 1u << 20, W_WNOUN = 1u << 21, W_WARN = 1u << 22,
    W_HARM = 1u << 23, W_HELP = 1u << 24,
    /* set per token at run time, not from the lexicon */
    W_BREAK = 1u << 28,   /* ; : ( ) " and other clause breaks */
    W_COMMA = 1u << 29,
    W_POSS = 1u << 30,    /* 's or ' after a word */
    W_TO = 1u << 31,
};

static const struct {
    const char *name;
    uint32_t bit;
} class_names[] = {
    {"det", W_DET}, {"pron", W_PRON}, {"first", W_FIRST},
    {"group", W_GROUP}, {"objp", W_OBJP}, {"prep", W_PREP}, {"by", W_BY},
    {"be", W_BE}, {"aux", W_AUX}, {"neg", W_NEG}, {"refuse", W_REFUSE},
    {"modal", W_MODAL}, {"cond", W_COND}, {"adv", W_ADV}, {"adj", W_ADJ},
    {"rel", W_REL}, {"light", W_LIGHT}, {"gate", W_GATE},
    {"control", W_CONTROL}, {"stop", W_STOP}, {"and", W_AND},
    {"wnoun", W_WNOUN}, {"warn", W_WARN}, {"harm", W_HARM},
    {"help", W_HELP},
};

/* more word classes, in a table of their own (st_ctx.xb) */
enum {
    X_DEMO = 1,     /* a nationality or group word (pseudo-entity) */
    X_DIR = 2,      /* north, south ...: "North Korean" */
    X_NONAME = 4,   /* capitalised but no name: titles, dates */
    X_INTEND = 8,   /* wants, pledged, vowed ... (to do something) */
    X_DEED = 16,    /* boost, freeze, match ...: a deed one can back */
    X_SAY = 32,     /* said, insisted ...: reported speech */
    X_ROLE = 64,    /* star, minister ...: "the star took action" */
    X_EFFORT = 128, /* bid, attempt ...: "its bid to block the ban" */
    X_CALLON = 256, /* called, demanded ...: a demand made of someone */
};

static const struct {
    const char *name;
    uint16_t bit;
} xclass_names[] = {
    {"demo", X_DEMO}, {"dir", X_DIR}, {"noname", X_NONAME},
    {"intend", X_INTEND}, {"deed", X_DEED}, {"say", X_SAY},
    {"effort", X_EFFORT}, {"callon", X_CALLON},
};

/* predicate kinds, as bits for match masks */
enum {
    K_V = 1 << 0, K_N = 1 << 1, K_E = 1 << 2, K_A = 1 << 3,
    K_C = 1 << 4, K_L = 1 << 5, K_W = 1 << 6, K_S = 1 << 7,
    K_X = 1 << 8, /* no stance: a phrase that only looks like one,
                     "supporting actress", "backing vocals" */
};

typedef struct st_word {
    uint32_t hash;
    uint32_t bits;
} st_word;

typedef struct st_entry {
    uint32_t h[ST_MAXW];
    uint8_t n;        /* words */
    uint16_t kind;    /* K_* */
    int8_t pol;       /* +1 support, -1 oppose, 0 none */
    uint8_t base;     /* base form: a verb only after to/modal/do/name */
    float w;          /* weight 0..1 */
} st_entry;

struct nw_stance_model {
    st_entry *ent;
    size_t n_ent, cap_ent;
    st_word *word;
    size_t n_word, cap_word;
    st_word *xword;       /* X_* classes, sorted by hash */
    size_t n_xword, cap_xword;
    uint32_t h_to, h_of, h_for, h_as, h_t, h_apos;
    int pseudo_caps;      /* 1: capitalised runs the NER left out are
                             pseudo-entities too (besides group and
                             nationality words) */
    nw_stance_clf *clf;   /* the pair classifier; NULL: rules only */
    /* one bit per (hash & ST_FILTER_MASK): set when some word or the first
       word of some phrase has that hash, so most tokens skip the binary
       searches */
    uint8_t filter[(ST_FILTER_MASK + 1) / 8];      /* words and phrases */
    uint8_t ent_filter[(ST_FILTER_MASK + 1) / 8];  /* phrases only */
    uint8_t xfilter[(ST_FILTER_MASK + 1) / 8];     /* xwords */
};

static void filter_set(uint8_t *f, uint32_t h) {
    h &= ST_FILTER_MASK;
    f[h >> 3] |= (uint8_t)(1u << (h & 7));
}

static int filter_in(const uint8_t *f, uint32_t h) {
    h &= ST_FILTER_MASK;
    return f[h >> 3] >> (h & 7) & 1;
}

static int filter_has(const nw_stance_model *m, uint32_t h) {
    return filter_in(m->filter, h);
}

/* ------------------------------------------------------------- load -- */

/* Append (hash, bits) to the growable word table *v (word or xword). */
static int push_word(st_word **v, size_t *n, size_t *cap, uint32_t hash,
                     uint32_t bits) {
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        st_word *nw = realloc(*v, nc * sizeof(*nw));
        if (!nw)
            return -1;
        *v = nw;
        *cap = nc;
    }
    (*v)[*n].hash = hash;
    (*v)[*n].bits = bits;
    (*n)++;
    return 0;
}

static int add_word(nw_stance_model *m, uint32_t hash, uint32_t bits) {
    return push_word(&m->word, &m->n_word, &m->cap_word, hash, bits);
}

static int add_xword(nw_stance_model *m, uint32_t hash, uint32_t bits) {
    return push_word(&m->xword, &m->n_xword, &m->cap_xword, hash, bits);
}

static int add_entry(nw_stance_model *m, const st_entry *e) {
    if (m->n_ent == m->cap_ent) {
        size_t nc = m->cap_ent ? m->cap_ent * 2 : 512;
        st_entry *ne = realloc(m->ent, nc * sizeof(*ne));
        if (!ne)
            return -1;
        m->ent = ne;
        m->cap_ent = nc;
    }
    m->ent[m->n_ent++] = *e;
    return 0;
}

/* Parse one non-comment line "phrase<TAB>label".  0 ok, -1 no memory,
   1 malformed. */
static int parse_line(nw_stance_model *m, char *line) {
    char *tab = strchr(line, '\t');
    if (!tab)
        return 1;
    *tab = '\0';
    char *label = tab + 1;
    st_entry e;
    memset(&e, 0, sizeof(e));
    /* split the phrase into words */
    char *p = line;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        char *s = p;
        while (*p && *p != ' ')
            p++;
        if (e.n == ST_MAXW)
            return 1;
        e.h[e.n++] = nw_hash_lower(s, (size_t)(p - s));
    }
    if (e.n == 0)
        return 1;
    if (label[0] == '@') {
        for (size_t i = 0; i < sizeof(class_names) / sizeof(class_names[0]);
             i++)
            if (strcmp(label + 1, class_names[i].name) == 0)
                return e.n == 1 ? add_word(m, e.h[0], class_names[i].bit) : 1;
        for (size_t i = 0; i < sizeof(xclass_names) / sizeof(xclass_names[0]);
             i++)
            if (strcmp(label + 1, xclass_names[i].name) == 0)
                return e.n == 1 ? add_xword(m, e.h[0], xclass_names[i].bit)
                                : 1;
        return 1;
    }
    switch (label[0]) {
    case 'V': e.kind = K_V; break;
    case 'N': e.kind = K_N; break;
    case 'E': e.kind = K_E; break;
    case 'A': e.kind = K_A; break;
    case 'C': e.kind = K_C; break;
    case 'L': e.kind = K_L; break;
    case 'W': e.kind = K_W; break;
    case 'S': e.kind = K_S; break;
    case 'X': e.kind = K_X; break;
    default: return 1;
    }
    e.pol = label[1] == '+' ? 1 : label[1] == '-' ? -1 : 0;
    if ((e.kind & (K_V | K_N | K_E | K_A | K_S)) && e.pol == 0)
        return 1;
    e.w = 0.8f;
    char *rest = label + 1 + (e.pol != 0);
    while (*rest == ' ')
        rest++;
    if (*rest) {
        char *endp;
        double w = strtod(rest, &endp);
        if (endp != rest) {
            if (w < 0.0 || w > 1.0)
                return 1;
            e.w = (float)w;
            rest = endp;
        }
        while (*rest == ' ')
            rest++;
        if (*rest == 'b')
            e.base = 1;
    }
    return add_entry(m, &e);
}

static int load_file(nw_stance_model *m, const char *path, int required,
                     char *err, size_t errlen) {
    FILE *f = fopen(path, "r");
    char line[ST_LINE_MAX];
    int lineno = 0, rc = 0;
    if (!f) {
        if (!required)
            return 0;
        snprintf(err, errlen, "stance: cannot open %s", path);
        return -1;
    }
    while (fgets(line, sizeof(line), f)) {
        lineno++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        int r = parse_line(m, line);
        if (r < 0) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
            break;
        }
        if (r > 0) {
            snprintf(err, errlen, "stance: %s:%d: malformed entry", path,
                     lineno);
            rc = -1;
            break;
        }
    }
    fclose(f);
    return rc;
}

/* A plain word list (one word a line, '#' comments): every single-word
   entry gets the class bits.  Lines of several words are skipped.  A file
   that is absent adds nothing (no error).  Returns the number of
   words added, or -1. */
static int load_list(nw_stance_model *m, const char *path, uint32_t bits,
                     char *err, size_t errlen) {
    FILE *f = fopen(path, "r");
    char line[ST_LINE_MAX];
    int rc = 0;
    if (!f)
        return 0;
    while (fgets(line, sizeof(line), f) && rc < (1 << 20)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
                     line[n - 1] == ' ' || line[n - 1] == '\t'))
            line[--n] = '\0';
        char *tab = strchr(line, '\t');
        if (tab) {
            *tab = '\0';
            n = (size_t)(tab - line);
        }
        if (n == 0 || line[0] == '#' || strchr(line, ' '))
            continue;
        if (add_xword(m, nw_hash_lower(line, n), bits) != 0) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
            break;
        }
        rc++;
    }
    fclose(f);
    return rc;
}

static int cmp_entry(const void *a, const void *b) {
    const st_entry *x = a, *y = b;
    return x->h[0] < y->h[0] ? -1 : x->h[0] > y->h[0];
}

static int cmp_word(const void *a, const void *b) {
    const st_word *x = a, *y = b;
    return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/* Sort a word table by hash and merge duplicates, OR-ing their classes.
   Returns the new length. */
static size_t sort_merge(st_word *v, size_t n) {
    size_t k = 0;
    if (!n)
        return 0;
    qsort(v, n, sizeof(*v), cmp_word);
    for (size_t i = 0; i < n; i++) {
        if (k && v[k - 1].hash == v[i].hash)
            v[k - 1].bits |= v[i].bits;
        else
            v[k++] = v[i];
    }
    return k;
}

void nw_stance_free(nw_stance_model **pm) {
    if (!pm || !*pm)
        return;
    free((*pm)->ent);
    free((*pm)->word);
    free((*pm)->xword);
    nw_stance_clf_free(&(*pm)->clf);
    free(*pm);
    *pm = NULL;
}

/* The files of the lexicon, in load order, relative to the data
   directory: a phrase file ("phrase<TAB>label", load_file) where bits is
   0, else a word list whose words get bits (load_list).  Only stance.txt
   is required.  Pseudo-entities come from the nationality adjectives (the
   NER's gazetteer, read only) and the party, faith and group words. */
enum { LF_STANCE, LF_SENTIMENT, LF_DEMONYMS, LF_TITLES, LF_DATES,
       LF_NOT_NAMES, LF_GROUPS };
static const struct {
    const char *name;
    uint32_t bits;
} LEX_FILES[] = {
    [LF_STANCE] = {"lexicons/stance.txt", 0},
    [LF_SENTIMENT] = {"lexicons/sentiment.txt", 0},
    [LF_DEMONYMS] = {"gazetteers/demonyms.txt", X_DEMO},
    [LF_TITLES] = {"gazetteers/titles.txt", X_NONAME | X_ROLE},
    [LF_DATES] = {"gazetteers/date_words.txt", X_NONAME},
    [LF_NOT_NAMES] = {"gazetteers/not_names.txt", X_NONAME},
    [LF_GROUPS] = {"lexicons/stance_groups.txt", 0},
};

nw_stance_model *nw_stance_load_lexicon(const char *datadir, char *err,
                                        size_t errlen) {
    char dummy[1];
    char path[4096];
    if (!err || errlen == 0) {
        err = dummy;
        errlen = sizeof(dummy);
    }
    int n_read[sizeof(LEX_FILES) / sizeof(LEX_FILES[0])];
    nw_stance_model *m = calloc(1, sizeof(*m));
    if (!m) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (!datadir)
        datadir = ".";
    for (size_t i = 0; i < sizeof(LEX_FILES) / sizeof(LEX_FILES[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", datadir, LEX_FILES[i].name);
        n_read[i] = LEX_FILES[i].bits
                        ? load_list(m, path, LEX_FILES[i].bits, err, errlen)
                        : load_file(m, path, i == LF_STANCE, err, errlen);
        if (n_read[i] < 0)
            goto fail;
    }
    if (m->n_ent)
        qsort(m->ent, m->n_ent, sizeof(*m->ent), cmp_entry);
    for (size_t i = 0; i < m->n_ent; i++) {
        filter_set(m->filter, m->ent[i].h[0]);
        filter_set(m->ent_filter, m->ent[i].h[0]);
    }
    for (size_t i = 0; i < m->n_word; i++)
        filter_set(m->filter, m->word[i].hash);
    m->n_word = sort_merge(m->word, m->n_word);
    m->n_xword = sort_merge(m->xword, m->n_xword);
    for (size_t i = 0; i < m->n_xword; i++)
        filter_set(m->xfilter, m->xword[i].hash);
    m->h_to = nw_hash_lower("to", 2);
    m->h_of = nw_hash_lower("of", 2);
    m->h_for = nw_hash_lower("for", 3);
    m->h_as = nw_hash_lower("as", 2);
    m->h_t = nw_hash_lower("t", 1);
    m->h_apos = nw_hash_lower("'", 1);
    /* unlinked capitalised runs only where the gazetteers of titles and
       date words are there to tell them from "President" and "Monday" */
    m->pseudo_caps = n_read[LF_TITLES] > 0 && n_read[LF_DATES] > 0;
    return m;
fail:
    nw_stance_free(&m);
    return NULL;
}

nw_stance_model *nw_stance_load(const char *datadir, char *err,
                                size_t errlen) {
    char dummy[1];
    char path[4096];
    if (!err || errlen == 0) {
        err = dummy;
        errlen = sizeof(dummy);
    }
    nw_stance_model *m = nw_stance_load_lexicon(datadir, err, errlen);
    if (!m)
        return NULL;
    snprintf(path, sizeof(path), "%s/models/stance.model",
             datadir ? datadir : ".");
    if (!(m->clf = nw_stance_clf_load(path, err, errlen)))
        nw_stance_free(&m);
    return m;
}

/* ------------------------------------------------------- per document -- */

typedef struct st_found {
    int32_t holder;       /* entity */
    int32_t target;       /* entity, or -1 for the phrase tf..te */
    uint32_t tf, te;
    int8_t pol;           /* +1 / -1 */
    float score;
    uint32_t sent;
    uint8_t clf;          /* 1: from the pair classifier, 0: a rule */
} st_found;

typedef struct st_ctx {
    const nw_stance_model *m;
    nw_doc *d;
    int32_t *tok_ment;    /* mention covering token i, or -1 */
    int32_t *tok_quote;   /* quote covering token i, or -1 */
    uint32_t *bits;       /* word classes of token i */
    uint8_t *lex;         /* classifier lexicon codes of token i */
    uint8_t *inment;      /* token i is inside a mention */
    uint16_t *xb;         /* more word classes of token i (X_*) */
    st_found *found;
    size_t n_found, cap_found;
    /* the mentions the stage reads: doc->ment plus pseudo-mentions of
       group and nationality words ("Republicans", "the Israeli leader"),
       in text order; a pseudo-mention's entity is n_real + its pseudo
       index */
    const nw_mention *ment;
    uint32_t n_ment;
    nw_mention *own_ment;  /* the merged array when pseudos exist */
    nw_mention *story_ment; /* the NER's mentions less a dateline's */
    int32_t n_real, n_ent;
    struct {
        uint32_t key;          /* hash of the (singular) words */
        uint32_t first, end;   /* its first mention: the name */
    } ps[ST_PSEUDO_MAX];
} st_ctx;

/* The class bits of hash h in a sorted word table (0: absent); filter
   lets most hashes skip the binary search. */
static inline uint32_t table_bits(const st_word *v, size_t n,
                                  const uint8_t *filter, uint32_t h) {
    size_t lo = 0, hi = n;
    if (!filter_in(filter, h))
        return 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].hash < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo].hash == h ? v[lo].bits : 0;
}

static uint32_t word_bits(const nw_stance_model *m, uint32_t h) {
    return table_bits(m->word, m->n_word, m->filter, h);
}

static uint32_t xword_bits(const nw_stance_model *m, uint32_t h) {
    return table_bits(m->xword, m->n_xword, m->xfilter, h);
}

/* Longest lexicon phrase of a kind in mask starting at token i (not
   crossing end).  NULL when none. */
static const st_entry *match_at(const st_ctx *c, uint32_t i, uint32_t end,
                                unsigned mask) {
    const nw_stance_model *m = c->m;
    const nw_doc *d = c->d;
    uint32_t h = d->tok[i].hash;
    size_t lo = 0, hi = m->n_ent;
    const st_entry *best = NULL;
    if (d->tok[i].kind != NW_TK_WORD || !filter_in(m->ent_filter, h))
        return NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->ent[mid].h[0] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint8_t block = 0; /* the longest K_X phrase here */
    for (size_t k = lo; k < m->n_ent && m->ent[k].h[0] == h; k++) {
        const st_entry *e = &m->ent[k];
        if (!(e->kind & (mask | K_X)) || i + e->n > end)
            continue;
        uint32_t w = 1;
        while (w < e->n && d->tok[i + w].hash == e->h[w])
            w++;
        if (w != e->n)
            continue;
        if (e->kind == K_X) {
            if (e->n > block)
                block = e->n;
        } else if (!best || e->n > best->n) {
            best = e;
        }
    }
    return best && block >= best->n ? NULL : best;
}

/* Kind bit of an entry as the classifier's code 1..8. */
static uint8_t kind_code(unsigned kind) {
    uint8_t c = 1;
    while (kind > 1 && c < 8) {
        kind >>= 1;
        c++;
    }
    return c;
}

/* lex[i] for every token; bits[i] are the word classes when known (NULL:
   looked up). */
static void lex_mark(const st_ctx *c, const uint32_t *bits, uint8_t *lex) {
    const nw_doc *d = c->d;
    memset(lex, 0, d->n_tok);
    for (uint32_t i = 0; i < d->n_tok; i++) {
        if (d->tok[i].kind != NW_TK_WORD || !filter_has(c->m, d->tok[i].hash))
            continue;
        uint32_t b = bits ? bits[i] : word_bits(c->m, d->tok[i].hash);
        if (b & W_NEG)
            lex[i] |= NW_STLEX_NEG;
        if (b & W_REFUSE)
            lex[i] |= NW_STLEX_REFUSE;
        const st_entry *e = match_at(c, i, d->n_tok, 0xff);
        if (!e)
            continue;
        uint8_t pol = e->pol > 0 ? 1 : e->pol < 0 ? 2 : 0;
        lex[i] |= (uint8_t)(kind_code(e->kind) | pol << 4);
        if (e->n > 1 && i + e->n <= d->n_tok)
            i += e->n - 1;
    }
}

void nw_stance_lex_mark(const nw_stance_model *m, const nw_doc *d,
                        uint8_t *lex) {
    st_ctx c;
    memset(&c, 0, sizeof(c));
    c.m = m;
    c.d = (nw_doc *)d;
    lex_mark(&c, NULL, lex);
}

static int tok_is(const nw_doc *d, uint32_t i, const char *s) {
    const char *p = nw_tok_ptr(d, i);
    if (*p != *s) /* most calls end here, before strlen */
        return 0;
    size_t n = strlen(s);
    return nw_tok_len(d, i) == n && strncmp(p, s, n) == 0;
}

/* Is token i one of the words of w (NULL-terminated)? */
static int tok_among(const nw_doc *d, uint32_t i, const char *const *w) {
    for (; *w; w++)
        if (tok_is(d, i, *w))
            return 1;
    return 0;
}

static int ent_type(const st_ctx *c, int32_t e) {
    if (e < 0 || e >= c->n_real)
        return NW_ENT_NONE;
    return (int)c->d->x->entities[e].type;
}

static int32_t ment_entity(const st_ctx *c, int32_t mi) {
    if (mi < 0)
        return -1;
    int32_t e = c->ment[mi].entity;
    if (e < 0 || e >= c->n_ent)
        return -1;
    return e;
}

/* Nearest PERSON entity mentioned before token j (he/she/him/her), not
   excl, matching the pronoun's gender when known (female: 0 male, 1
   female, 2 either).  -1 when none. */
/* Is the mention starting at token first the object of a preposition
   other than "by" ("a warning from new EU Trade Commissioner Anna
   Dorn")?  Determiners, capitalised title words and one plain word
   before it are skipped. */
static int prep_object(const st_ctx *c, uint32_t first) {
    const nw_doc *d = c->d;
    uint32_t p = first;
    int plain = 0;
    for (int n = 0; p > 0 && n < 5; n++) {
        const nw_token *t = &d->tok[p - 1];
        if (c->bits[p - 1] & W_DET) {
            p--;
            continue;
        }
        if (t->kind == NW_TK_WORD && c->tok_ment[p - 1] < 0 &&
            !c->bits[p - 1] && (t->flags & (NW_TF_CAP | NW_TF_TITLE)) &&
            !(t->flags & NW_TF_SENT)) {
            p--;
            continue;
        }
        if (t->kind == NW_TK_WORD && !plain && !c->bits[p - 1] &&
            c->tok_ment[p - 1] < 0 && !(t->flags & NW_TF_CAP)) {
            plain = 1;
            p--;
            continue;
        }
        break;
    }
    return p > 0 && (c->bits[p - 1] & W_PREP) && !(c->bits[p - 1] & W_BY);
}

static int32_t resolve_person(const st_ctx *c, uint32_t j, int32_t excl,
                              int female) {
    const nw_doc *d = c->d;
    uint32_t lim = j > ST_PRON_BACK ? j - ST_PRON_BACK : 0;
    int32_t fallback = -1, obj_fallback = -1;
    for (uint32_t k = j; k-- > lim;) {
        int32_t mi = c->tok_ment[k];
        if (mi < 0)
            continue;
        k = c->ment[mi].first;
        int32_t e = ment_entity(c, mi);
        if (e < 0 || e == excl)
            continue;
        /* a lone surname the tagger typed ORG ("Cruz") may still be he */
        if (fallback < 0 && ent_type(c, e) == NW_ENT_ORG &&
            c->ment[mi].end - c->ment[mi].first == 1 &&
            !(d->tok[c->ment[mi].first].flags & NW_TF_ALLCAP) &&
            j - k < ST_BACK * 2)
            fallback = e;
        if (ent_type(c, e) != NW_ENT_PERSON)
            continue;
        if (d->ent_gender && e < c->n_real) {
            uint8_t g = d->ent_gender[e];
            if (g == 3 || (female == 1 && g == 1) || (!female && g == 2))
                continue;
        }
        /* "a warning from Commissioner Peter Mandelson. In his speech,
           he ...": a person named after a preposition is seldom the one
           the story goes on about; an earlier subject nearby wins */
        if (obj_fallback < 0 && j - k < ST_PRON_OBJ &&
            prep_object(c, c->ment[mi].first)) {
            obj_fallback = e;
            continue;
        }
        if (obj_fallback >= 0 && j - k >= ST_PRON_OBJ)
            return obj_fallback;
        return e;
    }
    return obj_fallback >= 0 ? obj_fallback : fallback;
}

static int is_female_pron(const nw_doc *d, uint32_t j) {
    return tok_is(d, j, "she") || tok_is(d, j, "She") ||
           tok_is(d, j, "her") || tok_is(d, j, "Her") ||
           tok_is(d, j, "herself");
}

static int32_t role_entity(const st_ctx *c, uint32_t noun);

/* A mention is in object position when a preposition (other than "by")
   stands before it, determiners aside. */
static int after_prep(const st_ctx *c, uint32_t first, uint32_t sfirst) {
    uint32_t p = first;
    while (p > sfirst && (c->bits[p - 1] & W_DET))
        p--;
    return p > sfirst && (c->bits[p - 1] & W_PREP) &&
           !(c->bits[p - 1] & W_BY);
}

/* Is the mention ending before e the possessor of another person named
   by a noun ("Joan Ferris's sister, Carl Dunn, attacked CNN",
   "Cosby's lawyer ... said", "Kim Jong-un's younger sister", "Blair's
   critics")?  The one who acts is that person, not the possessor.  A
   spokesman, agent, adviser or aide, who speaks for the possessor, is not
   counted. */
static int possessor_of_person(const st_ctx *c, uint32_t e, uint32_t send) {
    static const char *const noun[] = {
        "doctor", "physician", "surgeon", "lawyer", "lawyers", "attorney",
        "attorneys", "solicitor", "mother", "father", "parents", "wife",
        "husband", "son", "daughter", "sons", "daughters", "brother",
        "sister", "brothers", "sisters", "son-in-law", "daughter-in-law",
        "brother-in-law", "sister-in-law", "widow", "girlfriend",
        "boyfriend", "fiancee", "fiance", "family", "relatives", "friend",
        "friends", "uncle", "aunt", "nephew", "niece", "cousin", "grandson",
        "granddaughter", "grandmother", "grandfather", "children", "child",
        "critics", "opponents", "rivals", "enemies", "detractors", NULL};
    const nw_doc *d = c->d;
    if (e >= send || !(c->bits[e] & W_POSS))
        return 0;
    for (uint32_t k = e + 1; k < send && k < e + 5; k++) {
        /* adjectives only before the noun: not "Blair's plan for his son" */
        if (d->tok[k].kind != NW_TK_WORD || (d->tok[k].flags & (NW_TF_CAP | NW_TF_ALLCAP)) ||
            (c->bits[k] & ~(uint32_t)W_ADJ))
            return 0;
        if (tok_among(d, k, noun))
            return 1;
    }
    return 0;
}

static int told_object(const st_ctx *c, uint32_t first, uint32_t sfirst);

/* Subject of the clause whose predicate starts at token v: see the file
   header.  Returns an entity index or -1; *dist gets the token distance
   and *coord a second, coordinated holder ("X and Y backed"), or -1. */
static int32_t find_subject(const st_ctx *c, uint32_t v, uint32_t sfirst,
                            uint32_t *dist, int32_t *coord) {
    const nw_doc *d = c->d;
    int skipped = 0, first_tok = 1;
    uint32_t lim = v > sfirst + ST_BACK ? v - ST_BACK : sfirst;
    *dist = 0;
    if (coord)
        *coord = -1;
    for (uint32_t j = v; j-- > lim;) {
        int32_t mi = c->tok_ment[j];
        uint32_t b = c->bits[j];
        if (mi >= 0) {
            const nw_mention *mt = &c->ment[mi];
            if (after_prep(c, mt->first, sfirst)) {
                if (++skipped > 2 || mt->first <= lim)
                    return -1;
                j = mt->first;
                first_tok = 0;
                continue;
            }
            /* "Kim Jong-un's younger sister attacked": the sister */
            if (possessor_of_person(c, mt->end, v))
                return -1;
            int32_t e = ment_entity(c, mi);
            *dist = v - j;
            /* "X and Y condemned Z" */
            if (e >= 0 && coord && mt->first >= sfirst + 2 &&
                (c->bits[mt->first - 1] & W_AND)) {
                int32_t m2 = c->tok_ment[mt->first - 2];
                int32_t e2 = ment_entity(c, m2);
                if (e2 >= 0 && e2 != e &&
                    !after_prep(c, c->ment[m2].first, sfirst))
                    *coord = e2;
            }
            return e;
        }
        if (b & W_PRON) {
            *dist = v - j;
            return resolve_person(c, j, -1, is_female_pron(d, j));
        }
        if (b & W_FIRST) {
            int32_t q = c->tok_quote[j];
            *dist = v - j;
            if (q >= 0 && (size_t)q < d->x->n_quotes) {
                int se = d->x->quotes[q].speaker_entity;
                if (se >= 0 && (size_t)se < d->x->n_entities)
                    return se;
            }
            return -1;
        }
        if ((b & W_DET) && j + 1 < v && coord && v >= j + 3 &&
            (c->bits[v - 1] & W_TO) && (c->xb[v - 2] & X_EFFORT) &&
            (tok_is(d, j, "its") || tok_is(d, j, "their") ||
             tok_is(d, j, "his") || tok_is(d, j, "her") ||
             tok_is(d, j, "Its") || tok_is(d, j, "Their") ||
             tok_is(d, j, "His") || tok_is(d, j, "Her"))) {
            /* "X had its last court bid to stop the ban thwarted":
               the owner of the effort (one level only) */
            uint32_t d2 = 0;
            *dist = v - j;
            if (tok_is(d, j, "its") || tok_is(d, j, "their") ||
                tok_is(d, j, "Its") || tok_is(d, j, "Their"))
                return find_subject(c, j, sfirst, &d2, NULL);
            return resolve_person(c, j, -1, is_female_pron(d, j));
        }
        if ((b & W_DET) && j + 1 < v) {
            /* "the chancellor accused ..." */
            uint32_t after = j + 2;
            while (after < v && (c->bits[after] & (W_ADV | W_AUX | W_MODAL |
                                                   W_NEG | W_REFUSE)))
                after++;
            int32_t r = after == v ? role_entity(c, j + 1) : -1;
            if (r < 0 && coord && j + 1 < v) {
                /* "the Oscar-winning star took action": a role noun
                   heads the subject; the person last named before */
                uint32_t h = j + 1;
                while (h + 1 < v && !(c->bits[h + 1] & (W_ADV | W_AUX |
                                                        W_MODAL | W_NEG |
                                                        W_REFUSE)) &&
                       c->tok_ment[h + 1] < 0 && h < j + 4)
                    h++;
                uint32_t a2 = h + 1;
                while (a2 < v && (c->bits[a2] & (W_ADV | W_AUX | W_MODAL |
                                                 W_NEG | W_REFUSE)))
                    a2++;
                if (a2 == v && (c->xb[h] & X_ROLE) &&
                    !(d->tok[h].flags & (NW_TF_CAP | NW_TF_ALLCAP)) &&
                    (tok_is(d, j, "the") || tok_is(d, j, "The")))
                    r = resolve_person(c, j, -1, 2);
            }
            *dist = v - j;
            return r;
        }
        if ((b & W_GROUP) && (tok_is(d, j, "it") || tok_is(d, j, "they")) &&
            coord) {
            /* "Norway has said it does not wish to ...": the one who
               said it (one level only: coord is NULL below) */
            uint32_t k = j;
            if (k > sfirst && tok_is(d, k - 1, "that"))
                k--;
            if (k > sfirst && (c->xb[k - 1] & X_SAY)) {
                uint32_t d2 = 0;
                int32_t e = find_subject(c, k - 1, sfirst, &d2, NULL);
                *dist = v - j;
                return e;
            }
        }
        if (b & (W_GROUP | W_BREAK | W_STOP))
            return -1;
        if ((b & W_COMMA) && first_tok) {
            /* "X, a former minister who ..., praised Y": jump over the
               appositive to the name before its opening comma */
            uint32_t lo = j > sfirst + ST_APPOS ? j - ST_APPOS : sfirst;
            for (uint32_t k = j; k-- > lo;) {
                if (c->bits[k] & (W_BREAK | W_STOP))
                    break;
                if (!(c->bits[k] & W_COMMA) || k == sfirst)
                    continue;
                int32_t mk = c->tok_ment[k - 1];
                if (mk >= 0 && !after_prep(c, c->ment[mk].first, sfirst)) {
                    *dist = v - k;
                    return ment_entity(c, mk);
                }
                break;
            }
        }
        if (b & W_REL) {
            /* "X, who backed Y": the relative needs a name before it */
            uint32_t k = j;
            if (k > sfirst && (c->bits[k - 1] & W_COMMA))
                k--;
            if (k == sfirst || c->tok_ment[k - 1] < 0)
                return -1;
        }
        if ((b & W_AND) && first_tok) {
            /* coordinated predicate: the clause's first subject -- not
               one told ("X, which ..., told the BBC that ..., and
               rejected the claims" where X is no mention) */
            for (uint32_t k = sfirst; k < j; k++) {
                if (c->bits[k] & (W_BREAK | W_STOP))
                    return -1;
                int32_t mk = c->tok_ment[k];
                if (mk < 0)
                    continue;
                if (after_prep(c, c->ment[mk].first, sfirst) ||
                    told_object(c, c->ment[mk].first, sfirst)) {
                    k = c->ment[mk].end - 1;
                    continue;
                }
                *dist = v - k;
                return ment_entity(c, mk);
            }
            return -1;
        }
        if (!(b & (W_ADV | W_AUX | W_MODAL | W_BE | W_NEG | W_REFUSE |
                   W_TO)))
            first_tok = 0;
    }
    return -1;
}

/* "the chancellor", "his chancellor": the entity last named with that
   title ("Chancellor Gordon Brown").  noun is a lower-case token.  -1 when
   none. */
static int32_t role_entity(const st_ctx *c, uint32_t noun) {
    const nw_doc *d = c->d;
    const nw_token *t = &d->tok[noun];
    if (t->kind != NW_TK_WORD || (t->flags & NW_TF_CAP) || c->bits[noun] ||
        nw_tok_len(d, noun) < 4)
        return -1;
    uint32_t lim = noun > ST_ROLE_BACK ? noun - ST_ROLE_BACK : 0;
    for (uint32_t k = noun; k-- > lim;) {
        int32_t mi = c->tok_ment[k];
        if (mi < 0)
            continue;
        const nw_mention *mt = &c->ment[mi];
        k = mt->first;
        if ((mt->first > 0 && d->tok[mt->first - 1].hash == t->hash &&
             (d->tok[mt->first - 1].flags & NW_TF_CAP)) ||
            (mt->end - mt->first > 1 && d->tok[mt->first].hash == t->hash))
            return ment_entity(c, mi);
        if (k == 0)
            break;
    }
    return -1;
}

/* A token that ends a noun phrase. */
static int np_stop(const st_ctx *c, uint32_t p) {
    const nw_token *t = &c->d->tok[p];
    uint32_t b = c->bits[p];
    if (t->kind != NW_TK_WORD && t->kind != NW_TK_NUM && !(b & W_POSS) &&
        !(t->kind == NW_TK_PUNCT && tok_is(c->d, p, "-") &&
          !(t->flags & NW_TF_SPACE))) /* " - " is a dash */
        return 1;
    return (b & (W_STOP | W_REL | W_AND | W_BE | W_AUX | W_MODAL | W_BY |
                 W_BREAK | W_COMMA | W_COND | W_PRON | W_FIRST)) != 0;
}

/* a reflexive pronoun: the holder again, no target */
static int reflexive(const nw_doc *d, uint32_t i) {
    static const char *const W[] = {"himself", "herself", "itself", "themselves",
                                    "ourselves", "myself", "yourself"};
    for (size_t k = 0; k < sizeof(W) / sizeof(W[0]); k++)
        if (tok_is(d, i, W[k]))
            return 1;
    return 0;
}

/* a word that ends no noun phrase a stance can target */
static int np_tail_word(const nw_doc *d, uint32_t i) {
    static const char *const W[] = {"as", "what", "which", "whom", "such"};
    for (size_t k = 0; k < sizeof(W) / sizeof(W[0]); k++)
        if (tok_is(d, i, W[k]))
            return 1;
    return reflexive(d, i);
}

typedef struct st_obj {
    int32_t ent;        /* entity, or -1 */
    uint32_t tf, te;    /* phrase, empty when tf == te */
    uint32_t end;       /* first token after the object */
} st_obj;

/* Object after token k (up to send): an entity mention, "him"/"her", a
   role noun ("the chancellor"), or a short noun phrase.  A possessor
   ("Brown's pre-Budget report") gives both the entity and the phrase.
   stop_for ends the phrase at "for" ("praised X for ..."). */
static void object_at(const st_ctx *c, uint32_t k, uint32_t send,
                      int32_t holder, int stop_for, st_obj *o) {
    const nw_doc *d = c->d;
    uint32_t j = k, n = 0;
    o->ent = -1;
    o->tf = o->te = 0;
    o->end = k;
    int32_t poss = -1; /* "rejected his call": the person behind "his" */
    while (j < send && n < 4 && (c->bits[j] & (W_DET | W_ADV)) &&
           c->tok_ment[j] < 0) {
        if ((tok_is(d, j, "his") || tok_is(d, j, "her")) && j + 1 < send &&
            !np_stop(c, j + 1) && !(c->bits[j + 1] & W_PREP))
            poss = resolve_person(c, j, holder, is_female_pron(d, j));
        j++;
        n++;
    }
    if (j >= send)
        return;
    if (poss >= 0 && c->tok_ment[j] < 0)
        o->ent = poss;
    uint32_t p = j;
    if (c->tok_ment[j] >= 0) {
        o->ent = ment_entity(c, c->tok_ment[j]);
        p = c->ment[c->tok_ment[j]].end;
        o->end = p;
        if (o->ent == holder)
            o->ent = -1;
        if (!(p < send && (c->bits[p] & W_POSS)))
            return;
        /* possessor: go on for the phrase */
    } else if (reflexive(d, j)) {
        return; /* "criticised himself" */
    } else if (c->bits[j] & W_OBJP) {
        if (tok_is(d, j, "him") || tok_is(d, j, "her"))
            o->ent = resolve_person(c, j, holder, is_female_pron(d, j));
        o->end = j + 1;
        return;
    } else if (c->bits[j] & (W_PRON | W_FIRST | W_GROUP | W_PREP | W_BY |
                             W_BREAK | W_COMMA | W_STOP | W_REL | W_AND |
                             W_BE | W_AUX | W_MODAL | W_NEG | W_TO)) {
        return;
    } else if (j > k && j + 1 <= send &&
               (j + 1 == send || np_stop(c, j + 1) ||
                (c->bits[j + 1] & W_PREP))) {
        int32_t r = role_entity(c, j);
        if (r >= 0 && r != holder) {
            o->ent = r;
            o->end = j + 1;
            return;
        }
    }
    int near = 1; /* no preposition but "of" yet: "a base in Venezuela" */
    while (p < send && p - j < ST_NP_MAX && !np_stop(c, p)) {
        if (stop_for && d->tok[p].hash == c->m->h_for)
            break;
        /* "the ban thwarted on Wednesday": a participle after the head
           with a preposition or the end after it ("the proposed ban"
           goes on) */
        if (p > j && d->tok[p].kind == NW_TK_WORD && !c->bits[p] &&
            !(d->tok[p].flags & (NW_TF_CAP | NW_TF_ALLCAP)) &&
            nw_tok_len(d, p) > 4 &&
            memcmp(nw_tok_ptr(d, p) + nw_tok_len(d, p) - 2, "ed", 2) == 0 &&
            (p + 1 >= send || (c->bits[p + 1] & (W_PREP | W_BY)) ||
             d->tok[p + 1].kind != NW_TK_WORD))
            break;
        if ((c->bits[p] & W_PREP) && d->tok[p].hash != c->m->h_of)
            near = 0;
        if (o->ent < 0 && c->tok_ment[p] >= 0 && p > j &&
            ((near && p - j <= 4) || d->tok[p - 1].hash == c->m->h_of)) {
            int32_t e = ment_entity(c, c->tok_ment[p]);
            if (e >= 0 && e != holder) {
                o->ent = e;
                o->end = c->ment[c->tok_ment[p]].end;
                if (!(o->end < send && (c->bits[o->end] & W_POSS)))
                    return;
                p = o->end; /* "Chancellor Gordon Brown's report" */
                continue;
            }
        }
        p++;
    }
    o->end = p;
    /* trim trailing prepositions, determiners, adverbs, possessives, and
       words that open a clause or point back ("the film as", "change
       what", "himself") */
    while (p > j && ((c->bits[p - 1] & (W_PREP | W_DET | W_ADV | W_POSS |
                                        W_TO | W_PRON | W_OBJP | W_GROUP)) ||
                     np_tail_word(d, p - 1)))
        p--;
    if (p > j && d->tok[p - 1].kind == NW_TK_PUNCT)
        p--;
    if (p > j && !(o->ent >= 0 && p <= o->end && c->tok_ment[p - 1] >= 0)) {
        o->tf = j;
        o->te = p;
    }
}

/* Object as one target: the entity when there is one, else the phrase. */
static int32_t find_object(const st_ctx *c, uint32_t k, uint32_t send,
                           int32_t holder, uint32_t *tf, uint32_t *te) {
    st_obj o;
    object_at(c, k, send, holder, 0, &o);
    *tf = o.ent >= 0 ? 0 : o.tf;
    *te = o.ent >= 0 ? 0 : o.te;
    return o.ent;
}

static int add_found(st_ctx *c, int32_t holder, int32_t target, uint32_t tf,
                     uint32_t te, int pol, float score, uint32_t sent) {
    if (holder < 0 || (target < 0 && tf >= te) || holder == target ||
        pol == 0 || score <= 0.0f)
        return 0;
    if (holder >= c->n_real || target >= c->n_real)
        score *= ST_PSEUDO_W;
    if (score > 1.0f)
        score = 1.0f;
    if (c->n_found == c->cap_found) {
        if (c->cap_found >= ST_MAX_STANCES)
            return 0;
        size_t nc = c->cap_found ? c->cap_found * 2 : 32;
        st_found *nf = realloc(c->found, nc * sizeof(*nf));
        if (!nf)
            return -1;
        c->found = nf;
        c->cap_found = nc;
    }
    st_found *f = &c->found[c->n_found++];
    f->holder = holder;
    f->target = target;
    f->tf = target < 0 ? tf : 0;
    f->te = target < 0 ? te : 0;
    f->pol = (int8_t)pol;
    f->score = score;
    f->sent = sent;
    f->clf = 0;
    return 0;
}

/* Negation, refusal and modality before token v (a predicate of polarity
   pol): returns the factor to apply to the score, negative to flip the
   polarity, 0 to drop. */
static float modality(const st_ctx *c, uint32_t v, uint32_t sfirst,
                      int pol) {
    const nw_doc *d = c->d;
    float f = 1.0f;
    uint32_t n = 0;
    for (uint32_t j = v; j-- > sfirst && n < 6; n++) {
        uint32_t b = c->bits[j];
        if (b & W_NEG) /* "is not supporting X" reads as opposition */
            return pol > 0 ? -0.5f : 0.0f;
        if (b & W_REFUSE)
            return -0.6f;
        if (b & W_MODAL) {
            f *= 0.75f;
            continue;
        }
        if (b & (W_ADV | W_AUX | W_BE | W_TO))
            continue;
        if (c->xb[j] & X_INTEND) /* "does not wish to back" */
            continue;
        if (d->tok[j].hash == c->m->h_apos || d->tok[j].hash == c->m->h_t)
            continue; /* didn ' t */
        break;
    }
    for (uint32_t j = v; j-- > sfirst;) {
        uint32_t b = c->bits[j];
        if (b & (W_BREAK | W_STOP))
            break;
        if (b & W_COND) {
            f *= 0.6f;
            break;
        }
    }
    return f;
}

/* modality() for a cue of polarity *pol, with a negated cue flipped: a
   negative factor turns *pol round and is returned as its magnitude.
   0: the cue does not count. */
static float modal_pol(const st_ctx *c, uint32_t v, uint32_t sfirst,
                       int *pol) {
    float f = modality(c, v, sfirst, *pol);
    if (f < 0.0f) {
        *pol = -*pol;
        f = -f;
    }
    return f;
}

/* "urged X to back Y": the verb is requested by someone else, who holds
   the stance.  Returns the position of the request verb, or 0. */
static uint32_t requested(const st_ctx *c, uint32_t v, uint32_t sfirst) {
    uint32_t j = v;
    while (j > sfirst && (c->bits[j - 1] & W_ADV))
        j--;
    if (j == sfirst || !(c->bits[j - 1] & W_TO))
        return 0;
    j--;
    for (uint32_t n = 0; j-- > sfirst && n < 8; n++) {
        if ((c->bits[j] & W_CONTROL) || match_at(c, j, v, K_C))
            return j;
        if (c->bits[j] & (W_BREAK | W_STOP))
            break;
    }
    return 0;
}

/* A base form ("support") counts as a verb only after to, a modal,
   do/does/did, a negator, a pronoun or a name. */
static int base_ok(const st_ctx *c, uint32_t v, uint32_t sfirst) {
    uint32_t j = v;
    while (j > sfirst && (c->bits[j - 1] & W_ADV))
        j--;
    if (j == sfirst)
        return 0;
    uint32_t b = c->bits[j - 1];
    if (b & (W_TO | W_MODAL | W_AUX | W_NEG | W_PRON | W_FIRST | W_GROUP))
        return 1;
    return c->tok_ment[j - 1] >= 0;
}

static float decay(uint32_t dist) {
    float f = 1.0f - 0.02f * (float)(dist > 1 ? dist - 1 : 0);
    return f < 0.6f ? 0.6f : f;
}

/* -------------------------------------------------- demonstratives -- */

/* Nouns that a demonstrative uses to point back at a proposal: "this
   idea", "these plans", "that move". */
static int proposal_noun(const nw_doc *d, uint32_t k) {
    static const char *const nouns[] = {
        "idea", "ideas", "plan", "plans", "proposal", "proposals", "move",
        "policy", "scheme", "measure", "measures", "suggestion", "approach",
        "change", "changes", "reform", "reforms", "step", "decision"};
    for (size_t i = 0; i < sizeof(nouns) / sizeof(nouns[0]); i++)
        if (tok_is(d, k, nouns[i]))
            return 1;
    return 0;
}

/* A demonstrative at token k that stands for something said before:
   "this", "that" or "it" closing the clause ("the Lords have over-ruled
   this."), or "this/that/these/those" + a proposal noun ("this idea").
   Returns the first token after it, or 0. */
static uint32_t demonstrative(const st_ctx *c, uint32_t k, uint32_t send) {
    const nw_doc *d = c->d;
    if (k >= send)
        return 0;
    int dem = tok_is(d, k, "this") || tok_is(d, k, "that") ||
              tok_is(d, k, "these") || tok_is(d, k, "those") ||
              tok_is(d, k, "This") || tok_is(d, k, "These") ||
              tok_is(d, k, "That");
    int bare = dem || tok_is(d, k, "it");
    if (k + 1 < send && dem && proposal_noun(d, k + 1))
        return k + 2;
    if (bare && tok_is(d, k, "these") == 0 &&
        (k + 1 >= send || d->tok[k + 1].kind == NW_TK_PUNCT ||
         (c->bits[k + 1] & (W_COMMA | W_BREAK | W_AND))))
        return k + 1;
    return 0;
}

/* What a demonstrative before token `from` of sentence s points back to:
   the deed after the latest verb of proposal or pledge in that sentence
   or the two before ("Ministers had proposed scrapping the post of lord
   chancellor", "was considering paying pensions by residency ...").  The
   deed runs from the verb after it (past "to", adverbs and quote marks)
   to a clause boundary, at most ST_NP_MAX tokens.  1 and [*tf, *te) when
   found. */
static int antecedent(const st_ctx *c, uint32_t from, uint32_t s,
                      uint32_t *tf, uint32_t *te) {
    const nw_doc *d = c->d;
    uint32_t lo = d->sent[s >= 2 ? s - 2 : 0].first;
    static const char *const verbs[] = {
        "proposed", "proposes", "proposing", "propose", "considering",
        "considered", "considers", "consider", "planned", "planning",
        "plans", "suggested", "suggesting", "suggests", "pledged",
        "pledging", "promised", "promising", "vowed", "intends",
        "intended"};
    for (uint32_t k = from; k-- > lo;) {
        if (!(c->xb[k] & X_INTEND))
            continue;
        int proposal = 0;
        for (size_t v = 0; v < sizeof(verbs) / sizeof(verbs[0]); v++)
            proposal |= tok_is(d, k, verbs[v]);
        if (!proposal) /* "want to see ...": a wish, no proposal */
            continue;
        uint32_t a = k + 1, n = 0;
        while (a < from && n < 3 &&
               (d->tok[a].kind == NW_TK_QUOTE || (c->bits[a] & W_ADV))) {
            a++;
            n++;
        }
        int to = a < from && (c->bits[a] & W_TO);
        if (to)
            a++;
        if (a >= from || d->tok[a].kind != NW_TK_WORD || c->tok_ment[a] >= 0 ||
            c->bits[a])
            continue;
        /* a gerund or a verb after "to": "getting rid of", "to scrap" */
        size_t len = nw_tok_len(d, a);
        if (!to && !(len > 4 && memcmp(nw_tok_ptr(d, a) + len - 3, "ing",
                                       3) == 0))
            continue;
        uint32_t p = a;
        while (p < from && p - a < ST_NP_MAX &&
               (d->tok[p].kind == NW_TK_WORD || d->tok[p].kind == NW_TK_NUM ||
                (c->bits[p] & W_POSS)) &&
               !(c->bits[p] & (W_COMMA | W_BREAK | W_STOP | W_REL | W_BE |
                               W_AUX | W_MODAL | W_COND)))
            p++;
        while (p > a + 1 && (c->bits[p - 1] & (W_PREP | W_DET | W_ADV |
                                                W_POSS | W_TO | W_AND)))
            p--;
        if (p <= a + 1)
            continue;
        *tf = a;
        *te = p;
        return 1;
    }
    return 0;
}

/* ----------------------------------------------------- predicate kinds -- */

static int do_verb(st_ctx *c, const st_entry *e, uint32_t i, uint32_t s) {
    const nw_sentence *se = &c->d->sent[s];
    uint32_t vend = i + e->n, dist = 0;
    int32_t holder, target, coord = -1;
    int pol = e->pol;

    if (e->base && !base_ok(c, i, se->first))
        return 0;
    uint32_t req = requested(c, i, se->first);
    float f = modal_pol(c, i, se->first, &pol);
    if (f == 0.0f)
        return 0;
    uint32_t k = vend;
    while (k < se->end && (c->bits[k] & W_ADV))
        k++;
    if (k < se->end && (c->bits[k] & W_BY)) {
        /* passive: "X was criticised by Y" */
        uint32_t a = k + 1;
        while (a < se->end && (c->bits[a] & W_DET))
            a++;
        /* "by Tidal owner Jay Z": a title or role before the name */
        for (uint32_t t = a, n = 0; t < se->end && n < 4 && c->tok_ment[a] < 0;
             t++, n++) {
            if (c->tok_ment[t] >= 0) {
                a = t;
                break;
            }
            if (c->d->tok[t].kind != NW_TK_WORD || c->bits[t])
                break;
        }
        if (a >= se->end)
            return 0;
        holder = ment_entity(c, c->tok_ment[a]);
        target = find_subject(c, i, se->first, &dist, NULL);
        if (target < 0 && holder >= 0) {
            /* "This idea has been adopted by X" */
            uint32_t b = i;
            while (b > se->first &&
                   (c->bits[b - 1] & (W_BE | W_AUX | W_ADV | W_MODAL)))
                b--;
            uint32_t dm = b >= se->first + 2 ? b - 2 : se->first;
            uint32_t tf = 0, te = 0;
            if (b >= se->first + 2 && demonstrative(c, dm, b) == b &&
                antecedent(c, dm, s, &tf, &te))
                return add_found(c, holder, -1, tf, te, pol,
                                 e->w * f * 0.8f, s);
        }
        return add_found(c, holder, target, 0, 0, pol, e->w * f * 0.95f, s);
    }
    /* agentless passive: "X was criticised for ..." */
    if (i > se->first && (c->bits[i - 1] & W_BE)) {
        uint32_t n = nw_tok_len(c->d, i);
        const char *p = nw_tok_ptr(c->d, i);
        if (n > 2 && (memcmp(p + n - 2, "ed", 2) == 0 ||
                      memcmp(p + n - 2, "en", 2) == 0))
            return 0;
    }
    if (req) {
        holder = find_subject(c, req, se->first, &dist, NULL);
        f *= 0.7f;
    } else {
        holder = find_subject(c, i, se->first, &dist, &coord);
    }
    if (holder < 0)
        return 0;
    st_obj o;
    object_at(c, vend, se->end, holder, 1, &o);
    if (o.ent < 0) {
        /* "the Lords have over-ruled this": the deed named before */
        uint32_t k = vend;
        while (k < se->end && (c->bits[k] & W_ADV))
            k++;
        uint32_t de = demonstrative(c, k, se->end);
        uint32_t tf = 0, te = 0;
        if (de && antecedent(c, k, s, &tf, &te)) {
            o.tf = tf;
            o.te = te;
            o.end = de;
            f *= 0.85f;
        }
    }
    /* "denied his forecasts were too optimistic": the object opens a
       clause, it is not what the verb is aimed at */
    if (o.end < se->end && o.end > vend &&
        (c->bits[o.end] & (W_BE | W_AUX | W_MODAL)))
        return 0;
    /* "wants other nations to match ...": what is wanted is the deed, not
       the one asked to do it */
    if (tok_is(c->d, i, "want") || tok_is(c->d, i, "wants") ||
        tok_is(c->d, i, "wanted") || tok_is(c->d, i, "wanting")) {
        /* also "wants other G8 nations to ...", "wants all crown courts
           and most others to ..." */
        for (uint32_t k = o.end, n = 0; k < se->end && n < 8; k++, n++) {
            if (c->bits[k] & W_TO)
                return 0;
            if (c->bits[k] & (W_BREAK | W_COMMA | W_STOP | W_REL | W_BE |
                              W_AUX | W_MODAL))
                break;
        }
    }
    float sc = e->w * f * decay(dist);
    if (pol > 0 && o.ent >= 0 && o.tf < o.te) {
        /* "called for X's resignation" */
        uint32_t q = o.end;
        while (q < o.te && !(c->bits[q] & W_POSS))
            q++;
        while (q < o.te && (c->bits[q] & W_POSS))
            q++;
        if (q < o.te && (c->bits[q] & W_WNOUN)) {
            pol = -1;
            o.tf = o.te = 0;
        }
    } else if (pol > 0 && o.ent < 0 && o.tf < o.te &&
               (c->bits[o.tf] & W_WNOUN) && o.tf + 2 < se->end &&
               c->d->tok[o.tf + 1].hash == c->m->h_of) {
        /* "backed the removal of X" */
        uint32_t q = o.tf + 2;
        while (q < se->end && (c->bits[q] & W_DET))
            q++;
        int32_t e2 = q < se->end ? ment_entity(c, c->tok_ment[q]) : -1;
        if (e2 >= 0 && e2 != holder) {
            o.ent = e2;
            o.tf = o.te = 0;
            pol = -1;
        }
    }
    /* the object, then any list "A, B and C" that runs to the end */
    st_obj items[ST_LIST_MAX];
    int seps[ST_LIST_MAX] = {0}; /* what joined item k to item k - 1 */
    size_t n_items = 1;
    items[0] = o;
    uint32_t p = o.end;
    int closed = 0;
    while (n_items < ST_LIST_MAX && p < se->end &&
           (items[n_items - 1].ent >= 0 ||
            items[n_items - 1].tf < items[n_items - 1].te)) {
        int sep = 0;
        uint32_t item_end = p;
        /* the rest of a long item ("the burden of proof in some criminal
           trials"): on to the next separator, within the clause */
        for (uint32_t n = 0; p < se->end && n < ST_NP_MAX &&
                             !(c->bits[p] & (W_COMMA | W_AND));
             n++, p++)
            if ((c->bits[p] & (W_BREAK | W_STOP | W_REL | W_BE | W_AUX |
                               W_MODAL)) ||
                c->d->tok[p].kind == NW_TK_QUOTE)
                break;
        if (p >= se->end || !(c->bits[p] & (W_COMMA | W_AND))) {
            p = item_end;
            break;
        }
        if (c->bits[p] & W_COMMA) {
            p++;
            sep = 1;
        }
        if (p < se->end && (c->bits[p] & W_AND)) {
            p++;
            sep = 2;
        }
        if (!sep)
            break;
        object_at(c, p, se->end, holder, 1, &items[n_items]);
        if (items[n_items].end <= p)
            break;
        p = items[n_items].end;
        seps[n_items] = sep;
        n_items++;
        closed = sep == 2;
    }
    /* "A, B, stop and search powers and C": in a comma list only the
       last "and" closes it; a bare "and" before it joins words inside
       one phrase item */
    int commas = 0;
    for (size_t k = 1; closed && k + 1 < n_items;) {
        commas |= seps[k] == 1;
        if (seps[k] == 2 && commas && items[k - 1].ent < 0 &&
            items[k].ent < 0 && items[k - 1].tf < items[k - 1].te &&
            items[k].tf < items[k].te) {
            items[k - 1].te = items[k].te;
            items[k - 1].end = items[k].end;
            for (size_t r = k; r + 1 < n_items; r++) {
                items[r] = items[r + 1];
                seps[r] = seps[r + 1];
            }
            n_items--;
            continue;
        }
        k++;
    }
    /* a list counts when "and" closes it and the last item ends the
       clause: the sentence end, punctuation or a preposition */
    if (!closed ||
        (p < se->end && c->d->tok[p].kind != NW_TK_PUNCT &&
         !(c->bits[p] & (W_PREP | W_BREAK | W_COMMA | W_TO | W_STOP |
                         W_REL | W_COND))))
        n_items = 1;
    for (size_t k = 0; k < n_items; k++) {
        const st_obj *it = &items[k];
        float sk = k ? sc * 0.9f : sc;
        if (it->ent >= 0) {
            if (add_found(c, holder, it->ent, 0, 0, pol, sk, s) != 0 ||
                (coord >= 0 &&
                 add_found(c, coord, it->ent, 0, 0, pol, sk * 0.9f, s) != 0))
                return -1;
        }
        if (it->tf < it->te) {
            if (add_found(c, holder, -1, it->tf, it->te, pol, sk * 0.9f, s) !=
                    0 ||
                (coord >= 0 && add_found(c, coord, -1, it->tf, it->te, pol,
                                         sk * 0.8f, s) != 0))
                return -1;
        }
    }
    return 0;
}

static int32_t trailing_speaker(const st_ctx *c, const nw_sentence *se,
                                uint32_t lo);

/* "X pledged to boost pensions", "X offered to freeze debts", "X wants
   G8 nations to match his target for overseas aid": a verb of intent
   (X_INTEND), "to" and a verb the lexicon does not know (the stance rules
   read known ones: "vowed to scrap X") give X support toward the deed,
   named by that verb and its object (at most ST_DEED_MAX words).  Negation
   and modality as for verbs.  0 or -1. */
static int do_intend(st_ctx *c, uint32_t i, uint32_t s) {
    const nw_doc *d = c->d;
    const nw_sentence *se = &d->sent[s];
    uint32_t k = i + 1, dist = 0;
    /* a verb, not a noun ("criticised plans to ...", "Brown's plans"):
       after a name, a pronoun or an auxiliary */
    uint32_t b = i, aux = 0;
    while (b > se->first &&
           (c->bits[b - 1] & (W_ADV | W_AUX | W_MODAL | W_BE | W_NEG))) {
        aux |= c->bits[b - 1] & (W_AUX | W_MODAL | W_BE);
        b--;
    }
    if (!aux && b > se->first && c->tok_ment[b - 1] < 0) {
        uint32_t pb = c->bits[b - 1];
        size_t n = nw_tok_len(d, b - 1);
        const char *pp = nw_tok_ptr(d, b - 1);
        if (pb & (W_DET | W_POSS | W_COMMA | W_PREP | W_AND | W_ADJ |
                  W_BREAK | W_TO))
            return 0;
        /* "criticised plans to ..." */
        if (!pb && !(d->tok[b - 1].flags & (NW_TF_CAP | NW_TF_ALLCAP)) &&
            n > 3 && pp[n - 2] == 'e' && pp[n - 1] == 'd')
            return 0;
    }
    if (!aux && b == se->first)
        return 0;
    while (k < se->end && (c->bits[k] & W_ADV))
        k++;
    if (k >= se->end)
        return 0;
    int gerund = 0;
    if (!(c->bits[k] & W_TO) && d->tok[k].kind == NW_TK_WORD &&
        !c->bits[k] && !(d->tok[k].flags & (NW_TF_CAP | NW_TF_ALLCAP)) &&
        nw_tok_len(d, k) > 5 &&
        memcmp(nw_tok_ptr(d, k) + nw_tok_len(d, k) - 3, "ing", 3) == 0 &&
        (tok_is(d, i, "considering") || tok_is(d, i, "considered") ||
         tok_is(d, i, "consider") || tok_is(d, i, "considers") ||
         tok_is(d, i, "proposed") || tok_is(d, i, "proposing") ||
         tok_is(d, i, "backs") || tok_is(d, i, "favours") ||
         tok_is(d, i, "favors"))) {
        /* "was considering scrapping the retirement age" */
        gerund = 1;
        k--; /* v2 = k + 1 below */
    } else if (!(c->bits[k] & W_TO)) {
        /* "wants other nations to ...": a short object, then "to" */
        uint32_t lim = k + 6 < se->end ? k + 6 : se->end;
        while (k < lim && !(c->bits[k] & (W_TO | W_BREAK | W_COMMA | W_STOP |
                                          W_REL | W_BE | W_AUX | W_MODAL)))
            k++;
        if (k >= lim || !(c->bits[k] & W_TO))
            return 0;
    }
    uint32_t v2 = k + 1;
    while (v2 < se->end && (c->bits[v2] & W_ADV))
        v2++;
    /* "to do more to help the development of vaccines" (the verb rules
       do not reach "help" there) */
    int chained = 0;
    if (v2 + 3 < se->end && tok_is(d, v2, "do") &&
        (tok_is(d, v2 + 1, "more") || tok_is(d, v2 + 1, "everything")) &&
        (c->bits[v2 + 2] & W_TO)) {
        v2 += 3;
        chained = 1;
    }
    /* "go drag hunting" is a pastime, not "go" (away) */
    int go_ing = 0;
    if (v2 + 2 < se->end && tok_is(d, v2, "go")) {
        uint32_t g = v2 + 1;
        while (g < se->end && g < v2 + 3 && d->tok[g].kind == NW_TK_WORD &&
               !c->bits[g]) {
            size_t n = nw_tok_len(d, g);
            if (n > 4 && memcmp(nw_tok_ptr(d, g) + n - 3, "ing", 3) == 0)
                go_ing = 1;
            g++;
        }
    }
    if (v2 + 1 >= se->end || d->tok[v2].kind != NW_TK_WORD ||
        (c->bits[v2] & ~(uint32_t)(W_HELP | W_HARM)) ||
        c->tok_ment[v2] >= 0 || (!gerund && !(c->xb[v2] & X_DEED)) ||
        (!chained &&
         match_at(c, v2, se->end, K_V | K_C | (go_ing ? 0 : K_W))) ||
        (d->tok[v2].flags & (NW_TF_CAP | NW_TF_ALLCAP)))
        return 0;
    int pol = 1;
    float f = modal_pol(c, i, se->first, &pol);
    if (f == 0.0f)
        return 0;
    int32_t coord = -1;
    int32_t holder = find_subject(c, i, se->first, &dist, &coord);
    float hw = 1.0f;
    if (holder < 0) {
        /* "the government was considering scrapping X, Y said" */
        holder = trailing_speaker(c, se, i);
        hw = 0.7f;
    }
    if (holder < 0)
        return 0;
    st_obj o;
    uint32_t a = v2 + 1;
    /* a particle: "bring in", "set up" */
    if (a < se->end && (c->bits[a] & W_PREP) && a + 1 < se->end &&
        !np_stop(c, a + 1) && !(c->bits[a + 1] & W_PREP))
        a++;
    object_at(c, a, se->end, holder, 0, &o);
    uint32_t te = o.tf < o.te ? o.te : 0;
    if (!te || o.tf > a + 2)
        return 0;
    if (te - v2 > ST_DEED_MAX)
        te = v2 + ST_DEED_MAX;
    /* no trailing preposition, determiner, number or adverb */
    while (te > v2 + 1 &&
           ((c->bits[te - 1] & (W_PREP | W_DET | W_ADV | W_POSS | W_TO)) ||
            d->tok[te - 1].kind != NW_TK_WORD ||
            (nw_tok_len(d, te - 1) > 4 &&
             memcmp(nw_tok_ptr(d, te - 1) + nw_tok_len(d, te - 1) - 2, "ly",
                    2) == 0)))
        te--;
    float sc = 0.6f * f * hw * decay(dist);
    if (add_found(c, holder, -1, v2, te, pol, sc, s) != 0 ||
        (coord >= 0 && add_found(c, coord, -1, v2, te, pol, sc * 0.9f, s)))
        return -1;
    return 0;
}

/* "X warned that Y's plan would ruin ...": a warning or claim verb, then
   (that) a possessor Y, its noun, a modal and a verb of harm (oppose) or
   help (support) in the same clause.  Negated ("would not hurt") gives
   nothing.  0 or -1. */
static int do_warn(st_ctx *c, uint32_t i, uint32_t s) {
    const nw_sentence *se = &c->d->sent[s];
    uint32_t k = i + 1, dist = 0;
    if (k < se->end && tok_is(c->d, k, "that"))
        k++;
    while (k < se->end && (c->bits[k] & W_DET) && c->tok_ment[k] < 0)
        k++;
    if (k >= se->end || c->tok_ment[k] < 0)
        return 0;
    int32_t target = ment_entity(c, c->tok_ment[k]);
    k = c->ment[c->tok_ment[k]].end;
    if (target < 0 || k >= se->end || !(c->bits[k] & W_POSS))
        return 0;
    int modal = 0;
    for (uint32_t n = 0; k < se->end && n < 10; k++, n++) {
        uint32_t b = c->bits[k];
        if (b & (W_BREAK | W_COMMA | W_STOP | W_NEG))
            return 0;
        if (b & W_MODAL) {
            modal = 1;
            continue;
        }
        if (modal && (b & (W_HARM | W_HELP))) {
            int32_t holder = find_subject(c, i, se->first, &dist, NULL);
            float f = modality(c, i, se->first, -1);
            if (f <= 0.0f)
                return 0;
            return add_found(c, holder, target, 0, 0,
                             (b & W_HARM) ? -1 : 1, 0.7f * f * decay(dist),
                             s);
        }
    }
    return 0;
}

/* "X, a critic of Y" / "X is a staunch backer of Y" / "an ardent Y
   supporter" / "Y ally X". */
static int do_agent(st_ctx *c, const st_entry *e, uint32_t i, uint32_t s) {
    const nw_sentence *se = &c->d->sent[s];
    uint32_t k = i + e->n, pre = i, tf = 0, te = 0, dist;
    int32_t target = -1, holder = -1;
    int pol = e->pol;

    if (k < se->end && (c->d->tok[k].hash == c->m->h_of ||
                        c->d->tok[k].hash == c->m->h_for)) {
        target = find_object(c, k + 1, se->end, -1, &tf, &te);
    } else if (i > se->first && c->tok_ment[i - 1] >= 0 &&
               /* "US Open champion X", "Olympic champion X": a title */
               !tok_is(c->d, i, "champion")) {
        target = ment_entity(c, c->tok_ment[i - 1]);
        pre = c->ment[c->tok_ment[i - 1]].first;
        if (target < 0)
            return 0;
        /* "Kremlin critic Alexei Navalny" */
        if (k < se->end && c->tok_ment[k] >= 0) {
            holder = ment_entity(c, c->tok_ment[k]);
            return add_found(c, holder, target, 0, 0, pol, e->w, s);
        }
    } else {
        return 0;
    }
    /* back over adjectives to a determiner, then a be-verb or a comma */
    uint32_t j = pre, n = 0;
    while (j > se->first && n < 4 && (c->bits[j - 1] & (W_ADJ | W_ADV))) {
        j--;
        n++;
    }
    if (j == se->first || !(c->bits[j - 1] & W_DET))
        return 0;
    j--;
    if (j == se->first)
        return 0;
    if (c->bits[j - 1] & W_COMMA) {
        if (j - 1 > se->first && c->tok_ment[j - 2] >= 0) {
            holder = ment_entity(c, c->tok_ment[j - 2]);
            dist = 1;
        }
    } else if ((c->bits[j - 1] & W_BE) ||
               (c->d->tok[j - 1].hash == c->m->h_as && j - 1 > se->first &&
                !c->bits[j - 2] && c->tok_ment[j - 2] < 0)) {
        /* "X is a critic of", "X has emerged as a staunch backer of" */
        if (modal_pol(c, j - 1, se->first, &pol) == 0.0f)
            return 0;
        holder = find_subject(c, j - 1, se->first, &dist, NULL);
    }
    return add_found(c, holder, target, tf, te, pol, e->w, s);
}

/* "X's criticism of Y" / "X voiced support for Y" / "U.S. sanctions on
   Russia" / "his praise for Y". */
static int do_event(st_ctx *c, const st_entry *e, uint32_t i, uint32_t s) {
    const nw_sentence *se = &c->d->sent[s];
    uint32_t tf, te, dist = 0, j = i, n = 0;
    int32_t holder = -1, target;
    int pol = e->pol;

    while (j > se->first && n < 3 && (c->bits[j - 1] & (W_ADJ | W_ADV))) {
        j--;
        n++;
    }
    if (j == se->first)
        return 0;
    if ((c->bits[j - 1] & W_POSS) && j - 1 > se->first &&
        c->tok_ment[j - 2] >= 0) {
        holder = ment_entity(c, c->tok_ment[j - 2]);
    } else if (c->tok_ment[j - 1] >= 0) {
        holder = ment_entity(c, c->tok_ment[j - 1]);
    } else if (tok_is(c->d, j - 1, "his") || tok_is(c->d, j - 1, "His") ||
               tok_is(c->d, j - 1, "her") || tok_is(c->d, j - 1, "Her")) {
        holder = resolve_person(c, j - 1, -1, is_female_pron(c->d, j - 1));
    } else {
        /* light verb: "voiced (strong) support for" */
        uint32_t k = j;
        n = 0;
        while (k > se->first && n < 3 &&
               (c->bits[k - 1] & (W_DET | W_ADJ | W_ADV))) {
            k--;
            n++;
        }
        if (k == se->first || !(c->bits[k - 1] & W_LIGHT))
            return 0;
        if (modal_pol(c, k - 1, se->first, &pol) == 0.0f)
            return 0;
        holder = find_subject(c, k - 1, se->first, &dist, NULL);
    }
    if (holder < 0)
        return 0;
    target = find_object(c, i + e->n, se->end, holder, &tf, &te);
    return add_found(c, holder, target, tf, te, pol, e->w * decay(dist), s);
}

/* "X is critical of Y" / "X voted against Y" / "X came out in favour of" */
static int do_adj(st_ctx *c, const st_entry *e, uint32_t i, uint32_t s) {
    const nw_sentence *se = &c->d->sent[s];
    uint32_t tf, te, dist = 0, j = i, n = 0;
    int32_t holder, target;
    int pol = e->pol;

    while (j > se->first && n < 3 && (c->bits[j - 1] & W_ADV)) {
        j--;
        n++;
    }
    if (j == se->first || !(c->bits[j - 1] & (W_BE | W_GATE)))
        return 0;
    j--;
    while (j > se->first && (c->bits[j - 1] & (W_GATE | W_ADV)))
        j--;
    float f = modal_pol(c, j, se->first, &pol);
    if (f == 0.0f)
        return 0;
    holder = find_subject(c, j, se->first, &dist, NULL);
    if (holder < 0)
        return 0;
    target = find_object(c, i + e->n, se->end, holder, &tf, &te);
    return add_found(c, holder, target, tf, te, pol, e->w * f * decay(dist), s);
}

/* "X called on Y to withdraw" */
static int do_call(st_ctx *c, const st_entry *e, uint32_t i, uint32_t s) {
    const nw_sentence *se = &c->d->sent[s];
    uint32_t k = i + e->n, dist = 0;
    while (k < se->end && (c->bits[k] & W_DET))
        k++;
    /* "called on Mr Brown": a title the mention left out */
    if (k + 1 < se->end && c->tok_ment[k] < 0 && (c->xb[k] & X_NONAME) &&
        c->tok_ment[k + 1] >= 0)
        k++;
    if (k >= se->end || c->tok_ment[k] < 0)
        return 0;
    int32_t target = ment_entity(c, c->tok_ment[k]);
    k = c->ment[c->tok_ment[k]].end;
    if (k >= se->end || !(c->bits[k] & W_TO))
        return 0;
    k++;
    for (uint32_t n = 0; k < se->end && n < 2 && (c->bits[k] & W_ADV); n++)
        k++;
    float w = 0.8f;
    if (k >= se->end)
        return 0;
    if (!match_at(c, k, se->end, K_W)) {
        /* "called on Mr Brown to open up the books": a demand made of
           someone, weaker; "urged X to back Y" is read by the verb rules
           (and stands for X's side, not against it) */
        if (!(c->xb[i] & X_CALLON) || match_at(c, k, se->end, K_V) ||
            c->d->tok[k].kind != NW_TK_WORD || c->bits[k])
            return 0;
        w = 0.45f;
    }
    float f = modality(c, i, se->first, -1);
    if (f <= 0.0f)
        return 0;
    int32_t holder = find_subject(c, i, se->first, &dist, NULL);
    return add_found(c, holder, target, 0, 0, -1, w * f * decay(dist), s);
}

/* "X branded Y a liar", "X described Y as courageous" */
static int d_tok_is_as(const st_ctx *c, uint32_t k) {
    return c->d->tok[k].hash == c->m->h_as;
}

static int do_label(st_ctx *c, const st_entry *e, uint32_t i, uint32_t s) {
    const nw_sentence *se = &c->d->sent[s];
    uint32_t k = i + e->n, dist = 0;
    int32_t target = -1, holder;
    uint32_t tf = 0, te = 0;
    if (k >= se->end)
        return 0;
    holder = find_subject(c, i, se->first, &dist, NULL);
    if (holder < 0)
        return 0;
    if (c->tok_ment[k] < 0 && !(c->bits[k] & W_OBJP)) {
        /* "described the ban as "ridiculous"": a phrase target */
        st_obj o;
        object_at(c, k, se->end, holder, 0, &o);
        uint32_t as = o.tf;
        while (as < o.end && as < se->end && !d_tok_is_as(c, as))
            as++;
        if (o.ent < 0 && o.tf < o.te && as > o.tf && as < se->end &&
            d_tok_is_as(c, as)) {
            tf = o.tf;
            te = as;
            k = as + 1;
        }
    } else if (c->tok_ment[k] >= 0) {
        target = ment_entity(c, c->tok_ment[k]);
        k = c->ment[c->tok_ment[k]].end;
    } else if (c->bits[k] & W_OBJP) {
        if (tok_is(c->d, k, "him") || tok_is(c->d, k, "her"))
            target = resolve_person(c, k, holder, is_female_pron(c->d, k));
        k++;
    }
    if (target < 0 && tf >= te)
        return 0;
    for (uint32_t n = 0; k < se->end && n < 5; n++, k++) {
        if (c->d->tok[k].kind == NW_TK_QUOTE)
            continue;
        if (c->bits[k] & (W_BREAK | W_STOP | W_AND | W_COMMA))
            break;
        const st_entry *w = match_at(c, k, se->end, K_S);
        if (w) {
            float f = modality(c, i, se->first, -1);
            if (f <= 0.0f)
                return 0;
            return add_found(c, holder, target, tf, te, w->pol,
                             w->w * (target >= 0 ? 0.85f : 0.7f) * f *
                                 decay(dist),
                             s);
        }
    }
    return 0;
}

/* A plain noun-phrase token: a word of no function class (adjectives
   allowed), outside any mention. */
static int np_word(const st_ctx *c, uint32_t k) {
    return c->d->tok[k].kind == NW_TK_WORD && c->tok_ment[k] < 0 &&
           (c->bits[k] & ~(uint32_t)W_ADJ) == 0;
}

/* A be-verb at j - 1 (not before first) with the auxiliaries, modals and
   be-verbs before it: *v receives the group's first token.  0 when token
   j - 1 is no be-verb. */
static int be_group(const st_ctx *c, uint32_t j, uint32_t first,
                    uint32_t *v) {
    if (j == first || !(c->bits[j - 1] & W_BE))
        return 0;
    *v = j - 1;
    while (*v > first && (c->bits[*v - 1] & (W_AUX | W_MODAL | W_BE)))
        (*v)--;
    return 1;
}

/* "The proposals on maternity leave are unworkable", "His forecast that
   ... is way too optimistic": the evaluative word at i follows a be-verb
   (adverbs between) whose clause, inside quote q, opens with a short noun
   phrase.  Sets [*tf, *te) to that phrase (without its determiner, with
   one "of/on/for ..." tail); 1 when found. */
static int quote_np_subject(const st_ctx *c, int32_t q, uint32_t i,
                            const nw_sentence *se, uint32_t *tf,
                            uint32_t *te) {
    const nw_doc *d = c->d;
    uint32_t j = i, n = 0;
    while (j > se->first && n < 3 &&
           ((c->bits[j - 1] & W_ADV) || tok_is(d, j - 1, "way") ||
            (nw_tok_len(d, j - 1) > 4 &&
             memcmp(nw_tok_ptr(d, j - 1) + nw_tok_len(d, j - 1) - 2, "ly",
                    2) == 0))) {
        j--;
        n++;
    }
    uint32_t v;
    if (!be_group(c, j, se->first, &v))
        return 0;
    uint32_t cs = v;
    while (cs > se->first && v - cs < 24 && c->tok_quote[cs - 1] == q &&
           !(c->bits[cs - 1] & (W_BREAK | W_COMMA)))
        cs--;
    if (c->tok_quote[cs] != q)
        return 0;
    uint32_t k = cs;
    for (n = 0; k < v && n < 2 && (c->bits[k] & W_DET); n++)
        k++;
    uint32_t p = k;
    while (p < v && p - k < 4 && np_word(c, p))
        p++;
    if (p == k)
        return 0;
    uint32_t end = p;
    if (p + 1 < v && (d->tok[p].hash == c->m->h_of ||
                      d->tok[p].hash == c->m->h_for || tok_is(d, p, "on"))) {
        uint32_t r = p + 1;
        while (r < v && r - p <= 3 && np_word(c, r))
            r++;
        if (r > p + 1)
            end = r;
    }
    if (end != v && !tok_is(d, end, "that"))
        return 0;
    *tf = k;
    *te = end;
    return 1;
}

/* Evaluative words in a quote with a known speaker: the nearest entity
   mention in the same sentence and quote (within 6 tokens), else the noun
   phrase the word is said of ("the plan is a disgrace"). */
/* The speaker named at the end of a sentence after a comma: ", X said",
   ", said X", ", he added" (the comma after token lo).  -1 when none. */
static int32_t trailing_speaker(const st_ctx *c, const nw_sentence *se,
                                uint32_t lo) {
    const nw_doc *d = c->d;
    uint32_t e = se->end;
    while (e > lo && (d->tok[e - 1].kind == NW_TK_QUOTE ||
                      d->tok[e - 1].kind == NW_TK_PUNCT) &&
           !(c->bits[e - 1] & W_COMMA))
        e--;
    if (e < lo + 3)
        return -1;
    uint32_t k = e - 1;
    if (c->xb[k] & X_SAY) {
        /* ", X said" or ", he added" */
        if (c->bits[k - 1] & W_PRON)
            return (c->bits[k - 2] & W_COMMA)
                       ? resolve_person(c, k - 1, -1, is_female_pron(d, k - 1))
                       : -1;
        int32_t mi = c->tok_ment[k - 1];
        if (mi < 0)
            return -1;
        uint32_t f = c->ment[mi].first;
        return f > lo && (c->bits[f - 1] & W_COMMA) ? ment_entity(c, mi) : -1;
    }
    int32_t mi = c->tok_ment[k];
    if (mi < 0)
        return -1;
    uint32_t f = c->ment[mi].first;
    /* ", said X" (a title may stand before the name: ", said AOL chief
       executive Jonathan Miller") */
    for (uint32_t j = f, n = 0; j > lo + 1 && n < 5; j--, n++)
        if (c->xb[j - 1] & X_SAY)
            return (c->bits[j - 2] & W_COMMA) ? ment_entity(c, mi) : -1;
    return -1;
}

/* Reported speech that judges something: "Brown insisted his spending
   plans were affordable", "fiscal tightening is needed, NIESR said".
   The evaluative word w at token i (outside quotes with a known speaker)
   follows a be-verb; before that stands a short noun phrase (the target:
   an entity named in it, else the phrase without its determiner), and
   before that a verb of saying with its subject, or after the word
   ", X said" / ", said X" closes the sentence.  0 or -1. */
static int do_reported(st_ctx *c, const st_entry *w, uint32_t i,
                       uint32_t s) {
    const nw_doc *d = c->d;
    int32_t ent_after = -1;
    const nw_sentence *se = &d->sent[s];
    uint32_t j = i, n = 0;
    while (j > se->first && n < 3 &&
           ((c->bits[j - 1] & W_ADV) || d->tok[j - 1].kind == NW_TK_QUOTE)) {
        j--;
        n++;
    }
    uint32_t v;
    if (!be_group(c, j, se->first, &v))
        return 0;
    if (v == se->first)
        return 0;
    for (uint32_t k = v; k < i; k++)
        if (c->bits[k] & (W_NEG | W_COND))
            return 0;
    /* "it was right for the court to ...", "it is vital to protect X":
       the target follows the word */
    uint32_t after_f = 0, after_t = 0;
    if (v > se->first && (tok_is(d, v - 1, "it") || tok_is(d, v - 1, "It"))) {
        uint32_t k = i + w->n;
        while (k < se->end && d->tok[k].kind == NW_TK_QUOTE)
            k++;
        if (k + 1 < se->end && d->tok[k].hash == c->m->h_for) {
            st_obj o;
            object_at(c, k + 1, se->end, -1, 0, &o);
            uint32_t te = o.tf;
            while (te < o.te && !(c->bits[te] & W_TO))
                te++;
            if (o.ent >= 0 || te > o.tf) {
                after_f = o.tf;
                after_t = o.ent >= 0 ? 0 : te;
                if (o.ent >= 0) {
                    ent_after = o.ent;
                }
            }
        } else if (k + 1 < se->end && tok_is(d, k, "that")) {
            /* "it was pathetic that Britain was ..." */
            st_obj o;
            object_at(c, k + 1, se->end, -1, 0, &o);
            if (o.ent >= 0)
                ent_after = o.ent;
            else if (o.tf < o.te && o.tf <= k + 3)
                after_f = o.tf, after_t = o.te;
        } else if (k + 2 < se->end && (c->bits[k] & W_TO) &&
                   d->tok[k + 1].kind == NW_TK_WORD &&
                   !(c->bits[k + 1] & ~(uint32_t)(W_HELP | W_HARM))) {
            st_obj o;
            object_at(c, k + 2, se->end, -1, 0, &o);
            if (o.tf < o.te && o.tf <= k + 3) {
                after_f = k + 1;
                after_t = o.te - (k + 1) > ST_DEED_MAX ? k + 1 + ST_DEED_MAX
                                                        : o.te;
            }
        }
        if (!after_t && ent_after < 0)
            return 0;
    }
    /* the noun phrase before the be-verb */
    uint32_t np = v, ent_tok = UINT32_MAX;
    while (np > se->first && v - np < 6) {
        uint32_t k = np - 1;
        if (c->tok_ment[k] >= 0) {
            ent_tok = k;
            np = c->ment[c->tok_ment[k]].first;
            continue;
        }
        const nw_token *t = &d->tok[k];
        if ((c->bits[k] & (W_DET | W_POSS)) ||
            (t->kind == NW_TK_WORD && !(c->bits[k] & ~(uint32_t)(W_ADJ)) &&
             !(c->xb[k] & X_SAY) && !tok_is(d, k, "that")) ||
            (t->kind == NW_TK_PUNCT && tok_is(d, k, "-")))
            np = k;
        else
            break;
    }
    if (after_t || ent_after >= 0)
        np = v - 1; /* "it" */
    if (np == v)
        return 0;
    int32_t holder = -1;
    uint32_t dist = 0, sv = np;
    if (sv > se->first && tok_is(d, sv - 1, "that"))
        sv--;
    if (sv > se->first && (c->xb[sv - 1] & X_SAY)) {
        holder = find_subject(c, sv - 1, se->first, &dist, NULL);
    } else {
        /* "..., X said." / "..., said X." / "..., he added." */
        holder = trailing_speaker(c, se, i + w->n);
    }
    if (holder < 0)
        return 0;
    float sc = w->w * 0.55f * decay(dist);
    if (ent_after >= 0)
        return ent_after != holder
                   ? add_found(c, holder, ent_after, 0, 0, w->pol, sc, s)
                   : 0;
    if (after_t > after_f)
        return add_found(c, holder, -1, after_f, after_t, w->pol, sc, s);
    if (ent_tok != UINT32_MAX) {
        int32_t e = ment_entity(c, c->tok_ment[ent_tok]);
        /* "Brown's plans were affordable": the plans, not Brown */
        if (!(ent_tok + 1 < v && (c->bits[ent_tok + 1] & W_POSS)))
            return e >= 0 && e != holder
                       ? add_found(c, holder, e, 0, 0, w->pol, sc, s)
                       : 0;
    }
    uint32_t tf = np;
    while (tf < v && (c->bits[tf] & (W_DET | W_POSS) ||
                      c->tok_ment[tf] >= 0))
        tf++;
    if (tf >= v || v - tf > ST_DEED_MAX)
        return 0;
    return add_found(c, holder, -1, tf, v, w->pol, sc, s);
}

/* "a particularly pernicious form of age discrimination", "a shining
   example of good policing": after the evaluative word (ending before
   token k), "form/kind/example/sort/case of" and a noun phrase inside
   quote q: that phrase is what is judged.  1 and [*tf, *te) when
   found. */
static int form_of(const st_ctx *c, int32_t q, uint32_t k,
                   const nw_sentence *se, uint32_t *tf, uint32_t *te) {
    const nw_doc *d = c->d;
    if (k + 2 >= se->end || c->tok_quote[k] != q ||
        d->tok[k + 1].hash != c->m->h_of ||
        !(tok_is(d, k, "form") || tok_is(d, k, "kind") ||
          tok_is(d, k, "example") || tok_is(d, k, "sort") ||
          tok_is(d, k, "case")))
        return 0;
    st_obj o;
    object_at(c, k + 2, se->end, -1, 1, &o);
    if (o.ent >= 0 || o.tf >= o.te || c->tok_quote[o.te - 1] != q ||
        o.te - o.tf > 5)
        return 0;
    *tf = o.tf;
    *te = o.te;
    return 1;
}

/* In quote q of speaker spk, "they should put the match back a week",
   "we must cut the tax": what the speaker says ought to be done is a
   deed they support (verb + object, at most ST_DEED_MAX words).  Only
   deed verbs (@deed: boost, cut, freeze, move, ...), not light verbs
   ("should make clear", "must take note"); not when negated ("should
   not", "No politician should"), nor when the object is an evil ("make
   the mistake"), nor in a question.  0 or -1. */
static int quote_should(st_ctx *c, int32_t q, int32_t spk, uint32_t i,
                        uint32_t s) {
    const nw_doc *d = c->d;
    const nw_sentence *se = &d->sent[s];
    if (!tok_is(d, i, "should") && !tok_is(d, i, "must"))
        return 0;
    for (uint32_t k = se->first; k < se->end; k++)
        if (tok_is(d, k, "?"))
            return 0;
    /* "No politician should ...": a negated subject */
    for (uint32_t k = i, n = 0; k-- > se->first && n < 6; n++) {
        if (c->tok_quote[k] != q || (c->bits[k] & (W_COMMA | W_BREAK)))
            break;
        if ((c->bits[k] & W_NEG) || tok_is(d, k, "No") || tok_is(d, k, "no") ||
            tok_is(d, k, "nobody") || tok_is(d, k, "Nobody"))
            return 0;
    }
    uint32_t v = i + 1;
    while (v < se->end && (c->bits[v] & W_ADV) && !(c->bits[v] & W_NEG))
        v++;
    if (v + 2 >= se->end || c->tok_quote[v] != q ||
        d->tok[v].kind != NW_TK_WORD || c->bits[v] || c->tok_ment[v] >= 0 ||
        (d->tok[v].flags & (NW_TF_CAP | NW_TF_ALLCAP)) ||
        match_at(c, v, se->end, 0xff) || !(c->xb[v] & X_DEED) ||
        tok_is(d, v, "go") || tok_is(d, v, "help") || tok_is(d, v, "keep"))
        return 0;
    /* the verb's object: a determiner or a plain noun next */
    if (!(c->bits[v + 1] & W_DET) &&
        !(d->tok[v + 1].kind == NW_TK_WORD && !c->bits[v + 1] &&
          c->tok_ment[v + 1] < 0))
        return 0;
    st_obj o;
    object_at(c, v + 1, se->end, spk, 0, &o);
    if (o.tf >= o.te || o.ent >= 0)
        return 0;
    uint32_t te = o.te;
    for (uint32_t k = v; k < te; k++)
        if (c->tok_quote[k] != q)
            return 0;
    if (te - v > ST_DEED_MAX)
        te = v + ST_DEED_MAX;
    while (te > v + 1 &&
           ((c->bits[te - 1] & (W_PREP | W_DET | W_ADV | W_POSS | W_TO)) ||
            d->tok[te - 1].kind != NW_TK_WORD))
        te--;
    /* "should make the mistake ...", "must end this disgrace" */
    for (uint32_t k = v + 1; k < te; k++) {
        const st_entry *w = match_at(c, k, te, K_S);
        if (w && w->pol < 0)
            return 0;
    }
    return add_found(c, spk, -1, v, te, 1, 0.4f, s);
}

/* A quote mark: a '"' token or a single quote standing alone. */
static int qmark(const nw_doc *d, uint32_t k) {
    return d->tok[k].kind == NW_TK_QUOTE ||
           (nw_tok_len(d, k) == 1 && nw_tok_ptr(d, k)[0] == '\'') ||
           tok_is(d, k, "\u2018") || tok_is(d, k, "\u2019");
}

static int do_quote_words(st_ctx *c) {
    nw_doc *d = c->d;
    for (uint32_t i = 0; i < d->n_tok; i++) {
        int32_t q = c->tok_quote[i];
        if (q < 0 || (size_t)q >= d->x->n_quotes)
            continue;
        int spk = d->x->quotes[q].speaker_entity;
        if (spk < 0 || (size_t)spk >= d->x->n_entities)
            continue;
        uint32_t s = d->tok_sent[i];
        const nw_sentence *se = &d->sent[s];
        if (quote_should(c, q, spk, i, s) != 0)
            return -1;
        const st_entry *w = match_at(c, i, se->end, K_S);
        if (!w)
            continue;
        /* in scare quotes ("the European 'menace'"): someone else's word,
           held up, not the speaker's own judgement */
        if (i > se->first && i + w->n < se->end && qmark(d, i - 1) &&
            qmark(d, i + w->n)) {
            i += w->n - 1;
            continue;
        }
        /* negated: "not a disgrace" */
        int neg = 0;
        for (uint32_t j = i, n = 0; j-- > se->first && n < 3; n++)
            if (c->bits[j] & W_NEG)
                neg = 1;
        if (neg)
            continue;
        int32_t best = -1;
        uint32_t bestd = 7;
        /* "the Conservatives are re-working their populist scares": the
           owner of the judged thing is the subject of the clause */
        for (uint32_t j = i, n = 0; j-- > se->first && n < 2; n++) {
            if (c->tok_quote[j] != q)
                break;
            if (tok_is(d, j, "their") || tok_is(d, j, "his") ||
                tok_is(d, j, "her") || tok_is(d, j, "its")) {
                uint32_t dist = 0;
                int32_t e = find_subject(c, j, se->first, &dist, NULL);
                if (e >= 0 && e != spk && dist < 8) {
                    best = e;
                    bestd = 1;
                }
                break;
            }
            if (d->tok[j].kind != NW_TK_WORD || c->bits[j])
                break;
        }
        uint32_t lo = i > se->first + 6 ? i - 6 : se->first;
        uint32_t hi = i + w->n + 6 < se->end ? i + w->n + 6 : se->end;
        for (uint32_t k = lo; k < hi && bestd > 1; k++) {
            if (c->tok_quote[k] != q || c->tok_ment[k] < 0)
                continue;
            int32_t e = ment_entity(c, c->tok_ment[k]);
            if (e < 0 || e == spk)
                continue;
            uint32_t dk = k < i ? i - k : k - i;
            if (dk < bestd) {
                bestd = dk;
                best = e;
            }
        }
        uint32_t tf, te;
        if (best >= 0) {
            if (add_found(c, spk, best, 0, 0, w->pol,
                          w->w * 0.6f * decay(bestd), s) != 0)
                return -1;
        } else if (quote_np_subject(c, q, i, se, &tf, &te)) {
            if (add_found(c, spk, -1, tf, te, w->pol, w->w * 0.6f, s) != 0)
                return -1;
        } else if (form_of(c, q, i + w->n, se, &tf, &te)) {
            if (add_found(c, spk, -1, tf, te, w->pol, w->w * 0.5f, s) != 0)
                return -1;
        }
        i += w->n - 1;
    }
    return 0;
}

/* Is the mention at first the one told ("Seaman told the Daily Mail:",
   "told BBC Radio 4's Today programme that")?  Neither holder nor target
   of what is told, with its noun or without. */
static int told_object(const st_ctx *c, uint32_t first, uint32_t sfirst) {
    static const char *const tell[] = {"told", "tells", "telling", "tell", NULL};
    uint32_t k = first;
    if (k > sfirst && (c->bits[k - 1] & W_DET))
        k--;
    return k > sfirst && tok_among(c->d, k - 1, tell);
}

/* Is the mention [first, end) the object of a preposition of place,
   time or company ("a speech at Edinburgh's Napier University", "with
   England"), or the one told ("told the Daily Mail")?  Such a mention is
   no holder.  Determiners and a possessor
   mention before it are skipped; a mention that modifies a following
   noun ("among Muslim voters") is not the object itself. */
static int place_object(const st_ctx *c, uint32_t first, uint32_t end,
                        uint32_t sfirst, uint32_t send) {
    static const char *const preps[] = {
        "at", "in", "on", "from", "with", "near", "during", "into",
        "under", "across", "through", "among", "between", "after", "before",
        "without", "despite", "behind", "like", "than", "about", "over",
        "against", "inside", "outside", "within"};
    const nw_doc *d = c->d;
    uint32_t k = first;
    if (told_object(c, first, sfirst))
        return 1;
    /* "among African-American voters", "on the FBI's radar": the mention
       modifies the noun that is the object; it may be a holder */
    uint32_t a = end < send && (c->bits[end] & W_POSS) ? end + 1 : end;
    if (a < send && d->tok[a].kind == NW_TK_WORD && c->bits[a] == 0 &&
        c->tok_ment[a] < 0 && !(d->tok[a].flags & (NW_TF_CAP | NW_TF_ALLCAP)))
        return 0;
    for (int n = 0; n < 4 && k > sfirst; n++) {
        uint32_t p = k - 1;
        if (c->bits[p] & W_DET) {
            k = p;
            continue;
        }
        if ((c->bits[p] & W_POSS) && p > sfirst && c->tok_ment[p - 1] >= 0) {
            k = c->ment[c->tok_ment[p - 1]].first;
            continue;
        }
        break;
    }
    if (k <= sfirst)
        return 0;
    for (size_t i = 0; i < sizeof(preps) / sizeof(preps[0]); i++)
        if (tok_is(d, k - 1, preps[i]))
            return 1;
    return 0;
}

/* Does [first, end) hold a word of the stance or sentiment lexicon with a
   polarity?  The classifier's findings need one: a sentence with no
   evaluative word ("Bruno's been with France, White with Scotland") is a
   report of facts, whatever its entity pairs. */
static int has_polar(const st_ctx *c, uint32_t first, uint32_t end) {
    for (uint32_t k = first; k < end; k++)
        if ((c->lex[k] >> 4) & 3)
            return 1;
    return 0;
}

/* Run the classifier on one pair; add the finding when its class is one
   of the allowed ones (mask of 1 << class) and its margin clears the
   threshold plus extra (plus ST_FLAT_EXTRA in a sentence with no
   evaluative word).  A holder that is the object of a preposition of
   place or company is dropped.  0 or -1. */
static int classify(st_ctx *c, const nw_stance_pair *pr, int32_t ea,
                    int32_t eb, unsigned allowed, float extra, uint32_t s,
                    uint32_t *feats) {
    const nw_stance_clf *clf = c->m->clf;
    if (!has_polar(c, pr->s_first, pr->s_end))
        extra += ST_FLAT_EXTRA;
    uint32_t nf = nw_stance_clf_feats(c->d, c->lex, c->inment, pr, feats);
    float sc[NW_STCLF_NCLASS];
    nw_stance_clf_scores(clf, feats, nf, sc);
    int best = 1;
    for (int k = 2; k < (int)NW_STCLF_NCLASS; k++)
        if (sc[k] > sc[best])
            best = k;
    float margin = sc[best] - sc[0];
    if (margin <= clf->threshold + extra || !(allowed & (1u << best)))
        return 0;
    int32_t h = best == NW_STCLF_APOS_B || best == NW_STCLF_ANEG_B ? ea : eb;
    int32_t t = h == ea ? eb : ea;
    uint32_t hf = h == ea ? pr->a_first : pr->b_first;
    uint32_t he = h == ea ? pr->a_end : pr->b_end;
    /* "UKIP leader Roger Knapman says ...", "North Korean leader Kim
       Jong-un has been hospitalised": a party, firm or place before a
       title and a name is the person's label, no stance toward them */
    if (hf < he && ent_type(c, h) != NW_ENT_PERSON) {
        uint32_t k = he;
        while (k < pr->s_end && k < he + 3 && (c->xb[k] & X_ROLE) &&
               c->tok_ment[k] < 0)
            k++;
        if (k > he && k < pr->s_end && c->tok_ment[k] >= 0 &&
            ment_entity(c, c->tok_ment[k]) == t)
            return 0;
    }
    if (hf < he && (place_object(c, hf, he, pr->s_first, pr->s_end) ||
                    possessor_of_person(c, he, pr->s_end)))
        return 0;
    uint32_t tf = h == ea ? pr->b_first : pr->a_first;
    if (told_object(c, tf, pr->s_first))
        return 0;
    int pol = best <= NW_STCLF_BPOS_A ? 1 : -1;
    size_t before = c->n_found;
    if (add_found(c, h, t, 0, 0, pol, margin / (margin + ST_CLF_SCALE), s) !=
        0)
        return -1;
    if (c->n_found > before)
        c->found[before].clf = 1;
    return 0;
}

/* A quote whose speaker is named outside the sentence: the speaker is a
   virtual A just before the quoted words ("X: ... B ..."), B each entity
   mentioned inside the quote in that sentence.  Only A -> B classes
   count.  0 or -1. */
static int do_quote_pairs(st_ctx *c, uint32_t *feats) {
    nw_doc *d = c->d;
    for (uint32_t s = 0; s < d->n_sent; s++) {
        const nw_sentence *se = &d->sent[s];
        int32_t q = -1;
        uint32_t v = se->first;
        for (uint32_t k = se->first; k < se->end; k++)
            if (c->tok_quote[k] >= 0) {
                q = c->tok_quote[k];
                v = k;
                break;
            }
        if (q < 0 || (size_t)q >= d->x->n_quotes)
            continue;
        int32_t spk = d->x->quotes[q].speaker_entity;
        if (spk < 0 || (size_t)spk >= d->x->n_entities)
            continue;
        int spk_here = 0;
        for (uint32_t k = se->first; k < se->end && !spk_here; k++)
            spk_here = ment_entity(c, c->tok_ment[k]) == spk;
        if (spk_here)
            continue;
        uint32_t done = 0;
        for (uint32_t k = v; k < se->end && done < ST_PAIR_MENT; k++) {
            int32_t mi = c->tok_ment[k];
            if (mi < 0 || c->tok_quote[k] != q)
                continue;
            int32_t e = ment_entity(c, mi);
            k = c->ment[mi].end - 1;
            if (e < 0 || e == spk)
                continue;
            nw_stance_pair pr = {v, se->end, v, v, c->ment[mi].first,
                                 c->ment[mi].end};
            float extra = ST_QUOTE_EXTRA;
            if (ent_type(c, e) == NW_ENT_LOC || ent_type(c, spk) == NW_ENT_LOC)
                extra += ST_LOC_EXTRA;
            if (classify(c, &pr, spk, e,
                         1u << NW_STCLF_APOS_B | 1u << NW_STCLF_ANEG_B, extra,
                         s, feats) != 0)
                return -1;
            done++;
        }
    }
    return 0;
}

/* A contest between two mentions, no stance: "England drew against
   Holland", "Arsenal will line up against Rosenborg", "England v Wales",
   "Molik, who lost a three-set thriller against Davenport", "victory over
   Kuznetsova", "a shock loss to unseeded Kiefer", "Hewitt beat Moya", "a
   win for Robertson's side against Ferencvaros".  The gap [a, b) holds v
   / vs / versus; or against / over / to with a word of play at most four
   words before it (from up to three words before the first mention,
   which starts at a0); or it is only a verb of beating. */
static int fixture_between(const st_ctx *c, uint32_t a0, uint32_t a, uint32_t b) {
    static const char *const PLAY[] = {
        "play",     "plays",    "played",   "playing",  "line",     "lines",
        "lined",    "draw",     "draws",    "drew",     "drawn",    "win",
        "wins",     "won",      "lose",     "loses",    "lost",     "loss",
        "losses",   "defeat",   "defeats",  "victory",  "victories", "match",
        "matches",  "game",     "games",    "tie",      "clash",    "fixture",
        "final",    "semi-final", "quarter-final", "replay", "thriller",
        "race",     "races",    "raced",    "debut"};
    static const char *const BEAT[] = {"beat", "beats", "beaten", "defeated",
                                       "edged", "thrashed", "outplayed", "overcame",
                                       "beating", "defeating", "thrashing"};
    static const char *const WHEN[] = {"after", "before", "since", "when", "by", "in", NULL};
    const nw_doc *d = c->d;
    uint32_t from = a0 > 3 ? a0 - 3 : 0;
    for (uint32_t k = a; k < b; k++) {
        const char *p = nw_tok_ptr(d, k);
        uint32_t n = nw_tok_len(d, k);
        if (p[0] != 'v' && p[0] != 'a' && p[0] != 'o' && p[0] != 't')
            continue; /* most tokens: one byte read */
        if ((n == 1 && p[0] == 'v') || tok_is(d, k, "vs") || tok_is(d, k, "v.") ||
            tok_is(d, k, "vs.") || tok_is(d, k, "versus"))
            return 1;
        if (!tok_is(d, k, "against") && !tok_is(d, k, "over") && !tok_is(d, k, "to"))
            continue;
        for (uint32_t j = k; j-- > from && (k - j <= 4 || j < a);)
            for (size_t w = 0; w < sizeof(PLAY) / sizeof(PLAY[0]); w++)
                if (tok_is(d, j, PLAY[w]) &&
                    /* "line up against", not "the front line with X
                       against Y" */
                    (PLAY[w][0] != 'l' || PLAY[w][1] != 'i' ||
                     (j + 1 < b && tok_is(d, j + 1, "up"))))
                    return 1;
    }
    /* "Hewitt beat Moya", "Arsenal comfortably beat Palace", "Johansson
       ... after beating Norwich" */
    uint32_t k = a;
    if (k + 1 < b && tok_among(d, k, WHEN))
        k++;
    while (k < b && (c->bits[k] & W_ADV))
        k++;
    if (k + 1 == b)
        for (size_t w = 0; w < sizeof(BEAT) / sizeof(BEAT[0]); w++)
            if (tok_is(d, k, BEAT[w]))
                return 1;
    return 0;
}

/* A preposition that names a side or an employer: for, of, from, at,
   with. */
static int side_prep(const nw_doc *d, uint32_t k) {
    static const char *const preps[] = {"for", "of", "from", "at", "with"};
    for (size_t i = 0; i < sizeof(preps) / sizeof(preps[0]); i++)
        if (tok_is(d, k, preps[i]))
            return 1;
    return 0;
}

/* "X, for the Liberal Democrats", "X (Labour)", "X of Investec": the gap
   [a, b) between two mentions holds only commas, "(", determiners and one
   of these prepositions.  2: the second names the first's side, not an
   argument of the clause; 1: only commas ("X, Y": a list or an
   apposition, no stance between the two); 0: neither. */
static int affiliation(const st_ctx *c, uint32_t a, uint32_t b) {
    const nw_doc *d = c->d;
    int prep = 0, paren = 0;
    if (b <= a || b - a > 3)
        return 0;
    for (uint32_t k = a; k < b; k++) {
        if (nw_tok_len(d, k) == 1 && nw_tok_ptr(d, k)[0] == ',')
            continue;
        if (nw_tok_len(d, k) == 1 && nw_tok_ptr(d, k)[0] == '(') {
            paren = 1;
            continue;
        }
        if (c->bits[k] & W_DET)
            continue;
        if (prep || !side_prep(d, k))
            return 0;
        prep = 1;
    }
    return prep || paren ? 2 : 1;
}

/* A word of a job description between two names: lower case, no
   lexicon entry ("backer", "critic" are stances), no verb or clause word. */
static int role_word(const st_ctx *c, uint32_t k) {
    const nw_doc *d = c->d;
    const char *p = nw_tok_ptr(d, k);
    size_t n = nw_tok_len(d, k);
    /* "roughly doubling the number of": an adverb is no job */
    if (n > 2 && p[n - 2] == 'l' && p[n - 1] == 'y')
        return 0;
    return d->tok[k].kind == NW_TK_WORD && !(d->tok[k].flags & (NW_TF_CAP | NW_TF_ALLCAP)) &&
           c->lex[k] == 0 &&
           !(c->bits[k] & (W_PRON | W_REL | W_AUX | W_BE | W_MODAL | W_NEG | W_AND |
                           W_BY | W_TO | W_STOP | W_BREAK | W_COMMA | W_LIGHT |
                           W_CONTROL | W_GATE | W_ADV));
}

/* "X, chief economist at the CBI", "Y, a friend of Z": the gap [a, b)
   is a comma, a job description of at most four words and a preposition
   (of, at, for, from, with), with determiners: the second name is the
   first's employer or side, not an argument of the clause. */
static int role_of(const st_ctx *c, uint32_t a, uint32_t b) {
    const nw_doc *d = c->d;
    if (b <= a + 2 || b - a > 9 || !(c->bits[a] & W_COMMA))
        return 0;
    uint32_t e = b;
    while (e > a + 1 && (c->bits[e - 1] & W_DET))
        e--;
    if (!side_prep(d, e - 1))
        return 0;
    uint32_t words = 0;
    for (uint32_t k = a + 1; k + 1 < e; k++) {
        if (c->bits[k] & W_DET)
            continue;
        if (!role_word(c, k) && !tok_is(d, k, "of"))
            return 0;
        words++;
    }
    return words >= 1 && words <= 4;
}

/* "Charlton defender Hermann Hreidarsson", "Commons leader Peter Hain",
   "US Open champion Svetlana Kuznetsova":
   a club, a party or a place, at most three words of a job description
   ("'s" allowed first) and the person they describe. */
static int role_before(const st_ctx *c, uint32_t a, uint32_t b) {
    if (b <= a || b - a > 4)
        return 0;
    uint32_t k = a;
    if (c->bits[k] & W_POSS)
        k++;
    if (k >= b)
        return 0;
    for (; k < b; k++)
        if ((!role_word(c, k) && !tok_is(c->d, k, "champion")) ||
            (c->bits[k] & (W_DET | W_PREP)))
            return 0; /* "champion" is a verb of support elsewhere */
    return 1;
}

/* The pair classifier over every two mentions of different entities in a
   sentence (the first ST_PAIR_MENT of them).  0 or -1. */
static int do_pairs(st_ctx *c) {
    nw_doc *d = c->d;
    uint32_t feats[NW_STCLF_MAXFEAT];
    uint32_t mi = 0;
    lex_mark(c, c->bits, c->lex);
    for (uint32_t i = 0; i < d->n_tok; i++)
        c->inment[i] = c->tok_ment[i] >= 0;
    for (uint32_t s = 0; s < d->n_sent; s++) {
        const nw_sentence *se = &d->sent[s];
        struct {
            uint32_t first, end;
            int32_t ent;
        } ms[ST_PAIR_MENT];
        uint32_t n = 0;
        if (d->tok[se->first].flags & NW_TF_NOTTEXT)
            continue;
        while (mi < c->n_ment && c->ment[mi].first < se->first)
            mi++;
        /* the mentions of entities inside the sentence */
        for (uint32_t k = mi; k < c->n_ment && c->ment[k].first < se->end &&
                              n < ST_PAIR_MENT;
             k++) {
            int32_t e = ment_entity(c, (int32_t)k);
            if (e >= 0 && c->ment[k].end <= se->end) {
                ms[n].first = c->ment[k].first;
                ms[n].end = c->ment[k].end;
                ms[n++].ent = e;
            }
        }
        if (n < 2)
            continue;
        /* "X, for the Liberal Democrats, ...": the side named after a
           mention is no argument of the clause */
        uint8_t side[ST_PAIR_MENT] = {0};
        for (uint32_t a = 1; a < n; a++) {
            side[a] = (uint8_t)affiliation(c, ms[a - 1].end, ms[a].first);
            /* "X, Minister for Y, said": a comma-closed apposition, not
               a list ("X, Y and Z", "X, Y, Z") */
            uint32_t e = ms[a].end;
            if (side[a] == 1 && e + 1 < se->end && (c->bits[e] & W_COMMA) &&
                c->tok_ment[e + 1] < 0 && !(c->bits[e + 1] & W_AND))
                side[a] = 2;
            if (!side[a] && role_of(c, ms[a - 1].end, ms[a].first))
                side[a] = 2;
            /* the employer before a person is no argument either */
            if (!side[a - 1] && ent_type(c, ms[a].ent) == NW_ENT_PERSON &&
                ent_type(c, ms[a - 1].ent) != NW_ENT_PERSON &&
                role_before(c, ms[a - 1].end, ms[a].first))
                side[a - 1] = 2;
        }
        for (uint32_t a = 0; a < n; a++) {
            for (uint32_t b = a + 1; b < n; b++) {
                if (ms[a].ent == ms[b].ent || side[a] == 2 || side[b] == 2 ||
                    (b == a + 1 && side[b]) || fixture_between(c, ms[a].first, ms[a].end, ms[b].first))
                    continue;
                nw_stance_pair pr = {se->first, se->end, ms[a].first,
                                     ms[a].end, ms[b].first, ms[b].end};
                float extra = ent_type(c, ms[a].ent) == NW_ENT_LOC ||
                                      ent_type(c, ms[b].ent) == NW_ENT_LOC
                                  ? ST_LOC_EXTRA
                                  : 0.0f;
                if (classify(c, &pr, ms[a].ent, ms[b].ent, 0x1e, extra, s,
                             feats) != 0)
                    return -1;
            }
        }
    }
    return do_quote_pairs(c, feats);
}

/* -------------------------------------------------------------- setup -- */

/* "We've", "they're", "he'll", "I'd", "she's" as one token: the classes
   of the pronoun plus W_AUX; 0 for anything else. */
static uint32_t contraction_bits(const st_ctx *c, uint32_t i) {
    const nw_doc *d = c->d;
    const char *p = nw_tok_ptr(d, i);
    size_t n = nw_tok_len(d, i);
    if (n < 3 || n > 12)
        return 0;
    for (size_t k = 1; k + 1 < n; k++) {
        size_t al = p[k] == '\'' ? 1
                    : (k + 3 < n && (unsigned char)p[k] == 0xe2 &&
                       (unsigned char)p[k + 1] == 0x80 &&
                       (unsigned char)p[k + 2] == 0x99)
                        ? 3
                        : 0;
        if (!al)
            continue;
        const char *suf = p + k + al;
        size_t sn = n - k - al;
        if (!((sn == 2 && (!memcmp(suf, "ve", 2) || !memcmp(suf, "re", 2) ||
                           !memcmp(suf, "ll", 2))) ||
              (sn == 1 && (suf[0] == 'd' || suf[0] == 'm' || suf[0] == 's'))))
            return 0;
        uint32_t b = word_bits(c->m, nw_hash_lower(p, k));
        if (sn == 1 && suf[0] == 's' && !(b & W_PRON))
            return 0; /* "Brown's" is a possessive */
        return b & (W_PRON | W_FIRST | W_GROUP) ? b | W_AUX : 0;
    }
    return 0;
}

static void mark_tokens(st_ctx *c) {
    nw_doc *d = c->d;
    for (uint32_t i = 0; i < d->n_tok; i++) {
        const nw_token *t = &d->tok[i];
        uint32_t b = 0;
        c->tok_ment[i] = -1;
        c->tok_quote[i] = -1;
        if (t->kind == NW_TK_WORD) {
            b = word_bits(c->m, t->hash);
            if (!b)
                b = contraction_bits(c, i);
            if (t->hash == c->m->h_to)
                b |= W_TO;
            if (t->flags & NW_TF_POSS)
                b = W_POSS;
        } else if (t->kind == NW_TK_QUOTE) {
            b = W_BREAK;
        } else if (t->kind == NW_TK_PUNCT) {
            char ch = nw_tok_len(d, i) ? nw_tok_ptr(d, i)[0] : 0;
            if (ch == ';' || ch == ':' || ch == '(' || ch == ')' ||
                ch == '[' || ch == ']' || ch == '?' || ch == '!')
                b = W_BREAK;
            else if (ch == ',')
                b = W_COMMA;
            else if (ch == '\'' && i > 0 && !(t->flags & NW_TF_SPACE) &&
                     d->tok[i - 1].kind == NW_TK_WORD)
                b = W_POSS; /* Jones' or the stub tokeniser's ' s */
        }
        c->xb[i] = t->kind == NW_TK_WORD
                       ? (uint16_t)xword_bits(c->m, t->hash)
                       : 0;
        c->bits[i] = b;
    }
    /* "We've", "they'd": the contraction is an auxiliary, not a quote
       mark or a clause break */
    for (uint32_t i = 1; i + 1 < d->n_tok; i++) {
        const nw_token *t = &d->tok[i];
        if ((t->kind != NW_TK_QUOTE && t->kind != NW_TK_PUNCT) ||
            nw_tok_len(d, i) == 0 || (t->flags & NW_TF_SPACE) ||
            (d->tok[i + 1].flags & NW_TF_SPACE) ||
            d->tok[i - 1].kind != NW_TK_WORD)
            continue;
        const char *q = nw_tok_ptr(d, i);
        if (!(q[0] == '\'' || (nw_tok_len(d, i) == 3 &&
                               (unsigned char)q[0] == 0xe2)))
            continue;
        if (tok_is(d, i + 1, "ve") || tok_is(d, i + 1, "re") ||
            tok_is(d, i + 1, "ll") || tok_is(d, i + 1, "d")) {
            c->bits[i] = W_AUX;
            c->bits[i + 1] = W_AUX;
        }
    }
    /* a stub-style "'" "s" pair: the s is part of the possessive */
    for (uint32_t i = 1; i < d->n_tok; i++)
        if ((c->bits[i - 1] & W_POSS) && tok_is(d, i, "s") &&
            d->tok[i - 1].kind == NW_TK_PUNCT)
            c->bits[i] = W_POSS;
    for (uint32_t mi = 0; mi < c->n_ment; mi++) {
        const nw_mention *mt = &c->ment[mi];
        for (uint32_t k = mt->first; k < mt->end && k < d->n_tok; k++)
            c->tok_ment[k] = (int32_t)mi;
    }
    /* quotes: source spans back to tokens (tokens are in text order) */
    for (size_t q = 0; q < d->x->n_quotes; q++) {
        const nw_span *sp = &d->x->quotes[q].span;
        uint32_t lo = 0, hi = d->n_tok;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (d->text.off[d->tok[mid].start] < sp->start)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (uint32_t k = lo;
             k < d->n_tok && d->text.off[d->tok[k].start] < sp->end; k++)
            if (c->tok_quote[k] < 0)
                c->tok_quote[k] = (int32_t)q;
    }
}

static char *src_dup(const nw_doc *d, nw_span sp);

/* Is token k a plain capitalised word that may be part of a name the
   NER left out: no lexicon class, no title, date or sentence-opener word,
   outside boilerplate. */
static int cap_word(const st_ctx *c, uint32_t k) {
    const nw_token *t = &c->d->tok[k];
    if (t->flags & NW_TF_HYPHEN) { /* "Oscar-winning" is no name */
        const char *p = nw_tok_ptr(c->d, k);
        size_t n = nw_tok_len(c->d, k);
        for (size_t j = 0; j + 1 < n; j++)
            if (p[j] == '-' && p[j + 1] >= 'a' && p[j + 1] <= 'z')
                return 0;
    }
    return t->kind == NW_TK_WORD && (t->flags & (NW_TF_CAP | NW_TF_ALLCAP)) &&
           !(t->flags & (NW_TF_NOTTEXT | NW_TF_TITLE)) && c->bits[k] == 0 &&
           c->xb[k] == 0 &&
           c->tok_ment[k] < 0 && nw_tok_len(c->d, k) > 1;
}

/* A pseudo-mention starting at token i (not inside a mention): a
   capitalised group or nationality word ("Republican", "Muslims",
   "North Korean"), or a run of capitalised words the NER left out
   ("Planned Parenthood", "Cespedes") that neither opens the sentence nor
   touches a mention.  Sets *end and returns a key (nonzero) naming the
   pseudo-entity, or returns 0. */
/* A noun for one or a few people, right after token e or after one more
   word ("journalist", "female hostage", "flanker", "tennis star"); not
   for those who act for their country (soldiers, troops, officials). */
static int person_noun_after(const nw_doc *d, uint32_t e) {
    static const char *const noun[] = {
        "journalist", "journalists", "hostage", "hostages", "citizen",
        "citizens", "man", "men", "woman", "women", "girl", "girls", "boy",
        "boys", "teenager", "student", "students", "tourist", "tourists",
        "worker", "workers", "national", "nationals", "photographer",
        "reporter", "nun", "family", "player", "players", "striker",
        "midfielder", "defender", "goalkeeper", "winger", "flanker", "prop",
        "captain", "coach", "athlete", "runner", "sprinter", "cyclist",
        "driver", "rider", "boxer", "golfer", "champion", "star", "actor",
        "actress", "singer", "rapper", "writer", "author", "novelist",
        "director", "artist", "businessman", "businesswoman", "tycoon",
        "billionaire", "doctor", "nurse", "priest", "pilot", "teenagers",
        NULL};
    for (uint32_t k = e; k < d->n_tok && k < e + 2; k++) {
        if (d->tok[k].kind != NW_TK_WORD || (d->tok[k].flags & (NW_TF_CAP | NW_TF_ALLCAP)))
            return 0;
        if (tok_among(d, k, noun))
            return 1;
    }
    return 0;
}

static uint32_t pseudo_at(const st_ctx *c, uint32_t i, uint32_t *end) {
    const nw_doc *d = c->d;
    const nw_token *t = &d->tok[i];
    if (t->kind != NW_TK_WORD || !(t->flags & (NW_TF_CAP | NW_TF_ALLCAP)) ||
        (t->flags & NW_TF_NOTTEXT))
        return 0;
    uint32_t key = 0, e = i + 1;
    if (c->xb[i] & X_DEMO) {
        key = t->hash;
    } else {
        size_t n = nw_tok_len(d, i);
        const char *p = nw_tok_ptr(d, i);
        if (n > 3 && p[n - 1] == 's' && p[n - 2] != 's') {
            uint32_t h = nw_hash_lower(p, n - 1);
            if (xword_bits(c->m, h) & X_DEMO)
                key = h;
        }
    }
    if (!key) {
        /* an unlinked name: a run of plain capitalised words */
        if (!c->m->pseudo_caps || (t->flags & (NW_TF_SENT | NW_TF_PARA)) ||
            i == 0 || !cap_word(c, i) || c->tok_ment[i - 1] >= 0 ||
            cap_word(c, i - 1))
            return 0;
        /* after a word, a number or a comma: not opening a quote or a
           clause, where any word is capitalised */
        const nw_token *pt = &d->tok[i - 1];
        if (pt->kind != NW_TK_WORD && pt->kind != NW_TK_NUM &&
            !(c->bits[i - 1] & W_COMMA))
            return 0;
        key = t->hash;
        while (e < d->n_tok && e < i + 4 && cap_word(c, e)) {
            key = key * 31u + d->tok[e].hash;
            e++;
        }
        if (e < d->n_tok && (c->tok_ment[e] >= 0 ||
                             (d->tok[e].kind == NW_TK_WORD &&
                              (d->tok[e].flags & (NW_TF_CAP | NW_TF_ALLCAP)))))
            return 0;
        /* "ID card plans", "BBC report": an acronym modifying a noun */
        if (e == i + 1 && (t->flags & NW_TF_ALLCAP) && e < d->n_tok &&
            d->tok[e].kind == NW_TK_WORD && c->bits[e] == 0 &&
            !(d->tok[e].flags & (NW_TF_CAP | NW_TF_ALLCAP)))
            return 0;
        key |= 1u; /* never 0 */
    }
    /* "an American journalist", "a Canadian-Israeli woman": the
       nationality of one person, not the country's stance */
    if ((c->xb[i] & X_DEMO) && person_noun_after(d, e))
        return 0;
    /* "Conservative shadow minister Alan Duncan", "Russian President
       Vladimir Putin": a modifier of a named holder, not a holder */
    for (uint32_t k = e; k < d->n_tok && k < e + 6; k++) {
        if (c->tok_ment[k] >= 0)
            return 0;
        size_t n = nw_tok_len(d, k);
        const char *p = nw_tok_ptr(d, k);
        /* a verb ends the phrase: "Republicans condemned X" */
        if (d->tok[k].kind != NW_TK_WORD || c->bits[k] ||
            (c->xb[k] & (X_SAY | X_INTEND)) ||
            (n > 3 && p[n - 2] == 'e' && p[n - 1] == 'd') ||
            match_at(c, k, d->n_tok, 0xff))
            break;
    }
    *end = e;
    return key;
}

/* The entities named "<word> Party": their indices into parties (room
   for every entity), their number returned. */
static size_t party_entities(const nw_extraction *x, int32_t *parties) {
    size_t n = 0;
    for (size_t e = 0; e < x->n_entities; e++) {
        const char *nm = x->entities[e].name;
        const char *sp = nm ? strchr(nm, ' ') : NULL;
        if (sp && (!strcmp(sp + 1, "Party") || !strcmp(sp + 1, "party")))
            parties[n++] = (int32_t)e;
    }
    return n;
}

/* The one of those (party_entities) for the singular hash key of a group
   word ("the Conservatives" -> "Conservative Party"), or -1. */
static int32_t party_entity(const st_ctx *c, const int32_t *parties,
                            size_t n_parties, uint32_t key) {
    const nw_extraction *x = c->d->x;
    for (size_t i = 0; i < n_parties; i++) {
        int32_t e = parties[i];
        const char *nm = x->entities[e].name;
        size_t n = (size_t)(strchr(nm, ' ') - nm);
        if (nw_hash_lower(nm, n) == key ||
            (n > 3 && nw_hash_lower(nm, n - 1) == key && nm[n - 1] == 's') ||
            (n > 5 && nm[n - 2] == 'i' && nm[n - 1] == 'c' &&
             nw_hash_lower(nm, n - 2) == key))
            return e;
    }
    return -1;
}

/* The place and agency of a dateline ("GLASGOW -- Residents of Partick
   condemned ...", "BAGHDAD (Reuters) - Iraqi forces ...") filed the
   story; they are no holder or target in it.  c->ment becomes the NER's
   mentions less those: a place opening a paragraph with a dateline
   (nw_ner_dateline_len) and the mentions inside that dateline.  Not
   "ISIS -- the group that ...": an organisation.  in_dateline: is mt
   part of one (*until: the end of the dateline being read)?
   story_mentions: 0 or -1. */
static int in_dateline(const nw_doc *d, const nw_mention *mt, uint32_t *until) {
    if (mt->first < *until)
        return 1;   /* "(Reuters)" after the place */
    /* "(CNN) -- The mother of James Foley ...": an agency alone */
    uint32_t e = mt->end;
    if (mt->first > 0 && (d->tok[mt->first - 1].flags & NW_TF_PARA) &&
        tok_is(d, mt->first - 1, "(") && e + 1 < d->n_tok && tok_is(d, e, ")") &&
        nw_tok_ptr(d, e + 1)[0] == '-')
        return 1;
    if (!(d->tok[mt->first].flags & NW_TF_PARA) || mt->type != NW_ENT_LOC)
        return 0;
    uint32_t n = nw_ner_dateline_len(d, mt->first);
    *until = mt->first + n;
    return n > 0;
}

static int story_mentions(st_ctx *c) {
    const nw_doc *d = c->d;
    uint32_t drop = 0, until = 0, n = 0;
    for (uint32_t m = 0; m < d->n_ment; m++)
        drop += (uint32_t)in_dateline(d, &d->ment[m], &until);
    if (drop == 0)
        return 0;
    c->story_ment = malloc(d->n_ment * sizeof(*c->story_ment));
    if (!c->story_ment)
        return -1;
    until = 0;
    for (uint32_t m = 0; m < d->n_ment; m++)
        if (!in_dateline(d, &d->ment[m], &until))
            c->story_ment[n++] = d->ment[m];
    c->ment = c->story_ment;
    c->n_ment = n;
    return 0;
}

/* Pseudo-mentions (pseudo_at) outside the NER's mentions become
   mentions of pseudo-entities (one per key; "the Conservatives" joins an
   entity "Conservative Party" when there is one), so that the rules and
   the classifier read them as holders and targets.  They never enter
   doc->x->entities.  0 or -1. */
static int build_pseudo(st_ctx *c) {
    const nw_doc *d = c->d;
    uint32_t n_new = 0, e = 0;
    const nw_mention *base = c->ment; /* the NER's (story_mentions) */
    const uint32_t n_base = c->n_ment;
    c->n_real = c->n_ent = (int32_t)d->x->n_entities;
    for (uint32_t i = 0; i < d->n_tok; i++)
        if (c->tok_ment[i] < 0 && pseudo_at(c, i, &e)) {
            n_new++;
            i = e - 1;
        }
    if (n_new == 0)
        return 0;
    c->own_ment = malloc(((size_t)n_base + n_new) * sizeof(*c->own_ment));
    int32_t *parties = malloc((d->x->n_entities + 1) * sizeof(*parties));
    if (!c->own_ment || !parties) {
        free(parties);
        return -1;
    }
    size_t n_parties = party_entities(d->x, parties);
    uint32_t n = 0, mi = 0, n_ps = 0;
    for (uint32_t i = 0; i < d->n_tok; i++) {
        if (c->tok_ment[i] >= 0)
            continue;
        uint32_t key = pseudo_at(c, i, &e);
        if (!key)
            continue;
        uint32_t first = i, last = e;
        i = e - 1;
        if (first > 0 && c->tok_ment[first - 1] < 0 &&
            (c->xb[first - 1] & X_DIR) &&
            (d->tok[first - 1].flags & NW_TF_CAP)) {
            first--;
            key = key * 31u + d->tok[first].hash;
        }
        int32_t pe = first + 1 == last ? party_entity(c, parties, n_parties, key) : -1;
        uint32_t p = 0;
        while (p < n_ps && c->ps[p].key != key)
            p++;
        if (pe < 0 && p == n_ps) {
            if (n_ps == ST_PSEUDO_MAX)
                continue;
            c->ps[p].key = key;
            c->ps[p].first = first;
            c->ps[p].end = last;
            n_ps++;
        }
        while (mi < n_base && base[mi].first < first)
            c->own_ment[n++] = base[mi++];
        if (n >= n_base + n_new)
            break;
        nw_mention *mt = &c->own_ment[n++];
        memset(mt, 0, sizeof(*mt));
        mt->first = first;
        mt->end = last;
        mt->type = NW_ENT_NONE;
        mt->entity = pe >= 0 ? pe : c->n_real + (int32_t)p;
    }
    free(parties);
    while (mi < n_base)
        c->own_ment[n++] = base[mi++];
    c->ment = c->own_ment;
    c->n_ment = n;
    c->n_ent = c->n_real + (int32_t)n_ps;
    for (uint32_t k = 0; k < c->n_ment; k++)
        for (uint32_t j = c->ment[k].first; j < c->ment[k].end && j < d->n_tok;
             j++)
            c->tok_ment[j] = (int32_t)k;
    return 0;
}

/* The name an entity or pseudo-entity is emitted under (a new string). */
static char *ent_name(const st_ctx *c, int32_t e) {
    if (e < c->n_real)
        return strdup(c->d->x->entities[e].name);
    uint32_t p = (uint32_t)(e - c->n_real);
    return src_dup(c->d, nw_doc_tok_src(c->d, c->ps[p].first, c->ps[p].end));
}

/* Two findings name the same target. */
static int same_target(const st_ctx *c, const st_found *a,
                       const st_found *b) {
    if (a->target >= 0 || b->target >= 0)
        return a->target == b->target;
    if (a->te - a->tf != b->te - b->tf)
        return 0;
    for (uint32_t k = 0; k < a->te - a->tf; k++)
        if (c->d->tok[a->tf + k].hash != c->d->tok[b->tf + k].hash)
            return 0;
    return 1;
}

static char *src_dup(const nw_doc *d, nw_span sp) {
    size_t n = sp.end - sp.start;
    char *s = malloc(n + 1);
    if (!s)
        return NULL;
    memcpy(s, d->text.src + sp.start, n);
    s[n] = '\0';
    return s;
}

/* Of two findings of opposite polarity for one pair, does b win over a?
   A confident rule beats the classifier; otherwise the higher score. */
static int prevails(const st_found *b, const st_found *a) {
    if (a->clf != b->clf) {
        const st_found *rule = a->clf ? b : a;
        if (rule->score >= ST_RULE_SURE)
            return rule == b;
    }
    return b->score > a->score;
}

/* Merge duplicates and write d->x->stances.  0 or -1. */
static int emit(st_ctx *c) {
    nw_doc *d = c->d;
    nw_extraction *x = d->x;
    size_t n = c->n_found, k = 0;
    /* a classifier finding that turns round a confident rule finding of
       the same sentence ("Toig was praised by Jay Z") is the classifier's
       confusion of direction */
    for (size_t i = 0; i < n; i++) {
        st_found *a = &c->found[i];
        if (!a->clf || a->pol == 0 || a->target < 0)
            continue;
        for (size_t j = 0; j < n; j++) {
            const st_found *b = &c->found[j];
            if (!b->clf && b->pol != 0 && b->sent == a->sent &&
                b->holder == a->target && b->target == a->holder &&
                b->score >= ST_RULE_SURE) {
                a->pol = 0;
                break;
            }
        }
    }
    /* merge: same holder and target; keep the best score per polarity and
       drop the weaker polarity when both occur */
    for (size_t i = 0; i < n; i++) {
        st_found *a = &c->found[i];
        if (a->pol == 0)
            continue;
        for (size_t j = i + 1; j < n; j++) {
            st_found *b = &c->found[j];
            if (b->pol == 0 || b->holder != a->holder || !same_target(c, a, b))
                continue;
            if (b->pol == a->pol) {
                if (b->score > a->score) {
                    a->score = b->score;
                    a->sent = b->sent;
                }
                b->pol = 0;
            } else if (prevails(b, a)) {
                *a = *b;
                b->pol = 0;
            } else {
                b->pol = 0;
            }
        }
        k++;
    }
    if (k == 0)
        return 0;
    x->stances = calloc(k, sizeof(*x->stances));
    if (!x->stances)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const st_found *a = &c->found[i];
        if (a->pol == 0)
            continue;
        nw_stance *st = &x->stances[x->n_stances];
        st->holder_entity = a->holder < c->n_real ? a->holder : -1;
        st->target_entity = a->target < c->n_real ? a->target : -1;
        st->polarity = a->pol > 0 ? NW_POL_SUPPORT : NW_POL_OPPOSE;
        st->score = a->score;
        st->evidence = nw_doc_tok_src(d, d->sent[a->sent].first,
                                      d->sent[a->sent].end);
        st->holder = ent_name(c, a->holder);
        if (a->target >= 0)
            st->target = ent_name(c, a->target);
        else
            st->target = src_dup(d, nw_doc_tok_src(d, a->tf, a->te));
        x->n_stances++;
        if (!st->holder || !st->target)
            return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- run -- */

int nw_stance_run(const nw_stance_model *m, nw_doc *d) {
    st_ctx c;
    int rc = -1;
    if (!m || !d || !d->x)
        return -1;
    if (d->n_tok == 0)
        return 0;
    memset(&c, 0, sizeof(c));
    c.m = m;
    c.d = d;
    c.tok_ment = malloc(d->n_tok * sizeof(*c.tok_ment));
    c.tok_quote = malloc(d->n_tok * sizeof(*c.tok_quote));
    c.bits = malloc(d->n_tok * sizeof(*c.bits));
    c.lex = malloc(d->n_tok);
    c.inment = malloc(d->n_tok);
    c.xb = malloc(d->n_tok * sizeof(*c.xb));
    if (!c.tok_ment || !c.tok_quote || !c.bits || !c.lex || !c.inment ||
        !c.xb)
        goto done;
    c.ment = d->ment;
    c.n_ment = d->n_ment;
    if (story_mentions(&c) != 0)
        goto done;
    mark_tokens(&c);
    if (build_pseudo(&c) != 0)
        goto done;
    for (uint32_t s = 0; s < d->n_sent; s++) {
        const nw_sentence *se = &d->sent[s];
        if (se->end <= se->first || se->end > d->n_tok)
            continue;
        /* questions state no stance */
        uint32_t last = se->end - 1;
        if (d->tok[last].kind == NW_TK_QUOTE && last > se->first)
            last--;
        if (tok_is(d, last, "?"))
            continue;
        if (d->tok[se->first].flags & NW_TF_NOTTEXT)
            continue;
        for (uint32_t i = se->first; i < se->end; i++) {
            if (c.tok_ment[i] >= 0)
                continue;
            if ((c.bits[i] & W_WARN) && do_warn(&c, i, s) != 0)
                goto done;
            if ((c.xb[i] & X_INTEND) && do_intend(&c, i, s) != 0)
                goto done;
            const st_entry *sw = match_at(&c, i, se->end, K_S);
            /* "it was right for ...": right and wrong judge only here */
            static const st_entry right_e = {{0}, 1, K_S, 1, 0, 0.6f};
            static const st_entry wrong_e = {{0}, 1, K_S, -1, 0, 0.6f};
            if (!sw && tok_is(d, i, "right"))
                sw = &right_e;
            else if (!sw && tok_is(d, i, "wrong"))
                sw = &wrong_e;
            if (sw && do_reported(&c, sw, i, s) != 0)
                goto done;
            const st_entry *e =
                match_at(&c, i, se->end, K_V | K_N | K_E | K_A | K_C | K_L);
            if (!e)
                continue;
            int r = 0;
            switch (e->kind) {
            case K_V: r = do_verb(&c, e, i, s); break;
            case K_N: r = do_agent(&c, e, i, s); break;
            case K_E: r = do_event(&c, e, i, s); break;
            case K_A: r = do_adj(&c, e, i, s); break;
            case K_C: r = do_call(&c, e, i, s); break;
            case K_L: r = do_label(&c, e, i, s); break;
            default: break;
            }
            if (r != 0)
                goto done;
            i += e->n - 1;
        }
    }
    if (do_quote_words(&c) != 0)
        goto done;
    if (m->clf && do_pairs(&c) != 0)
        goto done;
    rc = emit(&c);
done:
    free(c.tok_ment);
    free(c.tok_quote);
    free(c.bits);
    free(c.lex);
    free(c.inment);
    free(c.xb);
    free(c.found);
    free(c.own_ment);
    free(c.story_ment);
    return rc;
}
