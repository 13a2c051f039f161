/*
 * entities.c -- consolidation of NER mentions into entities, per article.
 *
 * Input: doc->ment (token ranges with a type and a confidence, from ner.c).
 * Output: doc->x->entities (canonical name, type, aliases, source spans of
 * every mention, salience), doc->ment[i].entity (-1 for a dropped mention)
 * and doc->ent_gender (0 unknown, 1 male, 2 female, 3 organisation/place).
 *
 * Design, in four passes over one article:
 *
 *  1. Clean each mention: drop surrounding punctuation, a trailing
 *     possessive ('s), a trailing function word ("Nigel I"), a trailing
 *     date after a small word ("House of Lords on Tuesday"; not in a listed
 *     name: "Mail on Sunday"), a hyphenated
 *     affix ("UNRWA-sponsored"), a leading "the" and leading titles ("Mr",
 *     "Foreign Minister", "U.S. President", "Chancellor of the Exchequer").
 *     A title may carry a gender label (titles.txt); a title just before
 *     the mention counts too, and the titled form becomes an alias.  In a
 *     PERSON mention, words before a first name that is not the first word
 *     are dropped ("Camerino Francesco Brugnaro").  Mentions that are only a
 *     title, a demonym ("Russian", "Sri Lankans", "North Koreans") or a
 *     stop word (stop_entities.txt, not_names.txt) are dropped (entity -1).  A
 *     mention in lower case is kept: NER reports one only in a document
 *     written all in lower case ("i live in kerala").
 *  2. Key each cleaned mention: lower case, accents folded to ASCII, dots
 *     and apostrophes dropped, hyphens as spaces ("U.S." -> "us",
 *     "Saint-André" -> "saint andre").  A mention that is an alias in
 *     aliases.txt ("us", "america", "britain") takes the key of its
 *     canonical name ("united states") and may get a fixed type.  Mentions
 *     with the same key are one "form"; forms live in a hash table (per
 *     article, sized by the number of mentions).
 *  3. Merge forms (union-find; every rule is a hash look-up per form, so
 *     the pass is linear in the number of forms, each bounded by
 *     ENT_MAX_TOKS words):
 *     - acronyms defined in the text: "European Union (EU)", "CDD" after
 *       "Gaza's Civil Defense Directorate (CDD)";
 *     - acronyms that spell the capitalised initials of exactly one
 *       multi-word ORG/LOC form, with or without a leading place ("IFS" ->
 *       "Institute for Fiscal Studies");
 *     - same first and last word: people ("George Bush" / "George W.
 *       Bush"), or ORG/LOC whose shorter form's words all appear in order
 *       in the longer ("Greek Federation" / "Greek Athletics Federation");
 *     - ORG/LOC forms with the same capitalised words ("Institute of / for
 *       Fiscal Studies");
 *     - a form equal to a longer one minus a generic designator
 *       (entities_designators.txt: "Labour" / "Labour Party", "Gaza" /
 *       "Gaza Strip", "Time" / "Time magazine");
 *     - a form of two or more words that is the tail of exactly one longer
 *       ORG form ("Foreign Ministry" -> "Russian Foreign Ministry");
 *     - a one-word form tagged a person, on no list of names, that opens
 *       exactly one ORG form of two or three words ("Inter" -> "Inter
 *       Milan");
 *     - "A of [the] B" and "B A" ("Court of Appeal" / "Appeal Court");
 *     - an ORG form of two or more words that is, exactly, the part
 *       before "of"/"for" of one longer ORG form ("Syrian Observatory" ->
 *       "Syrian Observatory for Human Rights", "Reserve Bank" -> "Reserve
 *       Bank of Australia");
 *     - a one-word form always written after "the" that is the head word
 *       of exactly one longer ORG form (its last word, or the word before
 *       its first "of"/"for"): "the Observatory" -> "Syrian Observatory",
 *       "the Bank" -> "Bank of England", "the Post" -> "Washington Post";
 *     - "the North" / "the South", in every mention after "the", is the one
 *       listed country of several words it opens ("North Korea");
 *     - a form that opens with a surname particle (de, van, von, da, al...)
 *       and ends exactly one longer PERSON form: "de Blasio" -> "Bill de
 *       Blasio", "da Silva" -> "Luiz Inacio Lula da Silva";
 *     - a one-word form equal to the surname or the first name of a
 *       multi-word PERSON ("Zakharova" -> "Maria Zakharova", "Simpson-Daniel"
 *       -> "James Simpson-Daniel"; never a first name after Mr, Ms, Dr: label
 *       HON in stop_entities.txt); the first word is the surname where it is
 *       a family name of a family-name-first tradition (surnames_first.txt:
 *       "Mr Wang" -> "Wang Yan", "Kim" -> "Kim Jong-un").  When several people share the surname,
 *       each mention goes to one whose gender fits its title, and of those
 *       to the one named most so far (the last named on a tie; else the
 *       first introduced).
 *  4. Per entity: the type is a vote of its mentions (confidence, damped,
 *     times length), overridden by the lists: a listed person is PERSON, an
 *     alias with a type takes it, a country/region/city LOC, a listed
 *     organisation ORG, a designator ends the question ("Gaza Strip" LOC),
 *     no person's name starts with an organisation word ("Diocese of ...");
 *     in an article (>= ENT_NEWS_TOKENS tokens, people named in full) a
 *     lone word voted PERSON, but not by every mention, with no title, no
 *     first name and no known surname is taken for an ORG (or LOC when
 *     listed): news introduces people by full name, so such a word is
 *     mostly a club or a company.  So is one that every mention calls a
 *     PERSON where the unlabelled corpus (the NER's word table, carried on
 *     the mention: nw_mention.wc) never puts it after a first name or a
 *     title but before organisation words or after "the" ("Nike", "the
 *     Mirror", "Bundesbank"); LOC where it puts it after in / at / from
 *     and not before "said" ("Raqqa", "Anfield").  The
 *     canonical name is the fullest form (most words, then most bytes),
 *     written from the normalised text (case and accents kept, one space
 *     between words, hyphenation repaired by the front end); aliases are
 *     every other surface form, titled forms included (at most
 *     ENT_MAX_ALIASES); salience mixes the mention count (log-scaled to the
 *     article's most mentioned entity), the first position and presence in
 *     the headline; gender comes from titles (Mr, Ms...) or the first name
 *     (first_names.txt), 3 for ORG/LOC.
 *
 * Memory: a handful of per-article arrays sized by the number of mentions,
 * freed before return; no allocation per token.  The model (word lists) is
 * read-only after nw_entities_load(), so one model serves many threads.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "entities.h"
#include "lexicon.h"
#include "ner.h"
#include "ner_gaz.h"

#define ENT_MAX_KEY 192     /* bytes of one normalised key */
#define ENT_MAX_TOKS 24     /* tokens of one mention that are looked at */
#define ENT_MAX_ALIASES 16  /* aliases kept per entity */
#define ENT_MAX_CAND 4      /* people sharing one surname */
#define ENT_MAX_TITLES 4    /* titles stripped from one mention */
#define ENT_NEWS_TOKENS 150 /* a text this long may be a news article */
#define NONE UINT32_MAX
#define AMBIG (UINT32_MAX - 1)

enum {
    LX_ALIASES,
    LX_STOP,
    LX_DESIG,
    LX_TITLES,
    LX_FIRST,
    LX_DEMONYMS,
    LX_COUNTRIES,
    LX_REGIONS,
    LX_CITIES,
    LX_ORGS,
    LX_PEOPLE,
    LX_NOT_NAMES,
    LX_DATES,
    LX_ORG_WORDS,
    LX_NAMES_BIG,
    LX_SURNAMES_FIRST,
    LX_ORG_CUES,
    LX_N
};

static const struct {
    const char *file;
    int required; /* else an absent file is an empty list */
} lx_files[LX_N] = {
    {"gazetteers/aliases.txt", 1},
    {"gazetteers/stop_entities.txt", 1},
    {"gazetteers/entities_designators.txt", 1},
    {"gazetteers/titles.txt", 0},
    {"gazetteers/first_names.txt", 0},
    {"gazetteers/demonyms.txt", 0},
    {"gazetteers/countries.txt", 0},
    {"gazetteers/regions.txt", 0},
    {"gazetteers/cities.txt", 0},
    {"gazetteers/organisations.txt", 0},
    {"gazetteers/people.txt", 0},
    {"gazetteers/not_names.txt", 0},
    {"gazetteers/date_words.txt", 0},
    {"gazetteers/org_words.txt", 0},
    {"gazetteers/names_big.txt", 0},
    {"gazetteers/surnames_first.txt", 0},
    {"gazetteers/org_cues.txt", 0},
};

/* nouns that name a product or a work after a name (product_desc) */
static const char *const product_nouns[] = {
    "software", "browser", "app", "apps", "phone", "phones", "handset",
    "handsets", "console", "consoles", "device", "devices", "tablet",
    "tablets", "laptop", "laptops", "computer", "computers", "smartphone",
    "smartphones", "game", "games", "program", "programs", "programme",
    "programmes", "chip", "chips", "processor", "processors", "drug",
    "drugs", "vaccine", "engine", "server", "servers", "camera", "cameras",
    "headphones", NULL};
#define N_PRODUCT_NOUNS 48

struct nw_entities_model {
    nw_lexicon *lx[LX_N];
    nw_lexicon *surnames; /* last words of people.txt */
    uint32_t product_h[N_PRODUCT_NOUNS]; /* nw_hash_lower of product_nouns */
    size_t n_product_h;
};

/* ============================================================== model == */

/* Release the model and set *pm to NULL; NULL and *pm == NULL are fine. */
void nw_entities_free(nw_entities_model **pm) {
    if (!pm || !*pm)
        return;
    for (int i = 0; i < LX_N; i++)
        nw_lexicon_free(&(*pm)->lx[i]);
    nw_lexicon_free(&(*pm)->surnames);
    free(*pm);
    *pm = NULL;
}

/* nw_lexicon_each() callback: add the last word of a phrase of two or
   more words to the lexicon arg.  Non-zero when memory runs out. */
static int add_last_word(const char *phrase, const char *label, void *arg) {
    (void)label;
    const char *sp = strrchr(phrase, ' ');
    return sp && nw_lexicon_add(arg, sp + 1, strlen(sp + 1), "") != 0;
}

/* Surnames of the people list: the last word of every entry of two or
   more words ("barack obama" -> "obama"), so that "Obama" alone is still
   taken for a person.  NULL only when out of memory. */
static nw_lexicon *surnames_of(const nw_lexicon *people, char *err,
                               size_t errlen) {
    nw_lexicon *lex = nw_lexicon_new();
    if (lex && nw_lexicon_each(people, add_last_word, lex))
        nw_lexicon_free(&lex);
    if (!lex)
        snprintf(err, errlen, "entities: out of memory");
    return lex;
}

/* Load the word lists from datadir/gazetteers.  aliases.txt,
   stop_entities.txt and entities_designators.txt are required; the NER
   gazetteers are used when present.  Returns NULL on failure with a
   one-line reason naming the file in err; nothing is leaked. */
nw_entities_model *nw_entities_load(const char *datadir, char *err,
                                    size_t errlen) {
    char path[4096];
    char dummy[1];
    nw_entities_model *m;

    if (!err || errlen == 0) {
        err = dummy;
        errlen = sizeof(dummy);
    }
    if (!datadir)
        datadir = NW_DEFAULT_DATADIR;
    m = calloc(1, sizeof(*m));
    if (!m) {
        snprintf(err, errlen, "entities: out of memory");
        return NULL;
    }
    for (int i = 0; i < LX_N; i++) {
        int n = snprintf(path, sizeof(path), "%s/%s", datadir, lx_files[i].file);
        if (n < 0 || (size_t)n >= sizeof(path)) {
            snprintf(err, errlen, "entities: data path too long: %s", datadir);
            goto fail;
        }
        if (!lx_files[i].required && access(path, F_OK) != 0)
            m->lx[i] = nw_lexicon_new();
        else
            m->lx[i] = nw_lexicon_load(path, err, errlen);
        if (!m->lx[i]) {
            if (!err[0])
                snprintf(err, errlen, "entities: cannot load %s", path);
            goto fail;
        }
    }
    if (!(m->surnames = surnames_of(m->lx[LX_PEOPLE], err, errlen)))
        goto fail;
    for (size_t k = 0; product_nouns[k] && k < N_PRODUCT_NOUNS; k++)
        m->product_h[m->n_product_h++] =
            nw_hash_lower(product_nouns[k], strlen(product_nouns[k]));
    return m;
fail:
    nw_entities_free(&m);
    return NULL;
}

/* ======================================================= text helpers == */

/* ASCII letter for U+00C0..U+017F (accents folded), '*' where none. */
static const char fold_tab[] =
    "aaaaaaaceeeeiiiidnooooo*ouuuuyts"
    "aaaaaaaceeeeiiiidnooooo*ouuuuyty"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkk"
    "llllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuu"
    "wwyyyzzzzzzs";
_Static_assert(sizeof(fold_tab) == 0x180 - 0xC0 + 1, "fold table size");

/* Append the key form of bytes s[0..n) to out (cap bytes, *len used):
   ASCII lower case, accents folded, '.' and '\'' dropped, '-' and '_' as a
   word break, one space between words.  Never writes past cap. */
static void key_append(const char *s, size_t n, char *out, size_t cap,
                       size_t *len) {
    size_t o = *len;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            out[o++] = (char)(c + 32);
        } else if (c == '.' || c == '\'') {
            continue;
        } else if (c == '-' || c == '_' || c == ' ') {
            if (o > 0 && out[o - 1] != ' ')
                out[o++] = ' ';
        } else if (c >= 0xC3 && c <= 0xC5 && i + 1 < n &&
                   ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
            unsigned cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
            char f = fold_tab[cp - 0xC0];
            if (f != '*') {
                out[o++] = f;
                i++;
            } else {
                out[o++] = (char)c;
            }
        } else {
            out[o++] = (char)c;
        }
    }
    *len = o;
}

/* Key of tokens [a, b) of d, the last one ending at byte last_end. */
static size_t key_of_range(const nw_doc *d, uint32_t a, uint32_t b,
                           uint32_t last_end, char *out, size_t cap) {
    size_t len = 0;
    for (uint32_t i = a; i < b && i < a + ENT_MAX_TOKS; i++) {
        uint32_t s = d->tok[i].start, e = d->tok[i].end;
        if (i + 1 == b && last_end >= s && last_end < e)
            e = last_end;
        if (len > 0 && out[len - 1] != ' ' && len + 1 < cap)
            out[len++] = ' ';
        key_append(d->text.buf + s, e - s, out, cap, &len);
    }
    while (len > 0 && out[len - 1] == ' ')
        len--;
    out[len < cap ? len : cap - 1] = '\0';
    return len;
}

static size_t key_of_string(const char *s, char *out, size_t cap) {
    size_t len = 0;
    key_append(s, strlen(s), out, cap, &len);
    while (len > 0 && out[len - 1] == ' ')
        len--;
    out[len] = '\0';
    return len;
}

static uint64_t hash64(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h ? h : 1;
}

/* Key hash of the single token i ("Simpson-Daniel" is one surname). */
static uint64_t tok_key_hash(const nw_doc *d, uint32_t i, uint32_t last_end) {
    char key[ENT_MAX_KEY];
    size_t n = key_of_range(d, i, i + 1, last_end, key, sizeof(key));
    return hash64(key, n);
}

static int tok_eq(const nw_doc *d, uint32_t i, const char *w) {
    const char *p = nw_tok_ptr(d, i);
    /* most calls end at the first byte, before strlen */
    if (*p != *w && !(*p >= 'A' && *p <= 'Z' && (char)(*p + 32) == *w))
        return 0;
    size_t n = strlen(w);
    if (nw_tok_len(d, i) != n)
        return 0;
    for (size_t k = 0; k < n; k++) {
        char c = p[k];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != w[k])
            return 0;
    }
    return 1;
}

static int tok_is_poss(const nw_doc *d, uint32_t i) {
    return (d->tok[i].flags & NW_TF_POSS) || tok_eq(d, i, "'s") ||
           tok_eq(d, i, "'");
}

/* Is token i one of the words of w (NULL-terminated; tok_eq's folding)? */
static int tok_among(const nw_doc *d, uint32_t i, const char *const *w) {
    for (; *w; w++)
        if (tok_eq(d, i, *w))
            return 1;
    return 0;
}
static int tok_is_punct(const nw_doc *d, uint32_t i) {
    return d->tok[i].kind == NW_TK_PUNCT || d->tok[i].kind == NW_TK_QUOTE ||
           d->tok[i].kind == NW_TK_URL;
}

/* A capital letter (ASCII) or any non-ASCII letter byte in token i. */
static int tok_has_cap(const nw_doc *d, uint32_t i) {
    if (d->tok[i].flags & (NW_TF_CAP | NW_TF_ALLCAP))
        return 1;
    const char *p = nw_tok_ptr(d, i);
    for (uint32_t k = 0; k < nw_tok_len(d, i); k++)
        if ((p[k] >= 'A' && p[k] <= 'Z') || ((unsigned char)p[k] >= 0xC0))
            return 1;
    return 0;
}

static int tok_first_upper(const nw_doc *d, uint32_t i) {
    unsigned char c = (unsigned char)nw_tok_ptr(d, i)[0];
    return (c >= 'A' && c <= 'Z') || (c >= 0xC3 && c <= 0xC5 &&
                                      (d->tok[i].flags & NW_TF_CAP));
}

/* Letters of an all-capital token, dots dropped ("U.N." -> "UN"), into out;
   0 when the token is not an acronym (2..8 capitals, at most one lower
   case letter as in "MoD"). */
static size_t acronym_of(const nw_doc *d, uint32_t i, char *out) {
    const char *p = nw_tok_ptr(d, i);
    size_t n = 0, lower = 0;
    for (uint32_t k = 0; k < nw_tok_len(d, i); k++) {
        char c = p[k];
        if (c == '.')
            continue;
        if (c >= 'a' && c <= 'z')
            lower++;
        else if (!(c >= 'A' && c <= 'Z'))
            return 0;
        if (n >= 8)
            return 0;
        out[n++] = (char)(c >= 'a' ? c - 32 : c);
    }
    if (n < 2 || lower > 1 || (lower && n < 3))
        return 0;
    return n;
}

/* "Icann", "Nato", "Opec": initials written as a word (the BBC's style),
   three to six letters, the first a capital; upper-cased into out.  Their
   length, or 0. */
static size_t word_acronym_of(const nw_doc *d, uint32_t i, char *out) {
    const char *p = nw_tok_ptr(d, i);
    size_t n = nw_tok_len(d, i);
    if (n < 3 || n > 6 || !(p[0] >= 'A' && p[0] <= 'Z'))
        return 0;
    out[0] = p[0];
    for (size_t k = 1; k < n; k++) {
        if (!(p[k] >= 'a' && p[k] <= 'z'))
            return 0;
        out[k] = (char)(p[k] - 32);
    }
    return n;
}

/* Phrase of lex starting at token i, not past end; 0 when none. */
static uint32_t lex_at(const nw_lexicon *lex, const nw_doc *d, uint32_t i,
                       uint32_t end, const char **label) {
    const char *lab = NULL;
    if (label)
        *label = NULL;
    if (!lex || i >= end || end > d->n_tok)
        return 0;
    uint32_t n = nw_lexicon_match(lex, d, i, end, &lab);
    if (n > end - i)
        return 0;
    if (label)
        *label = lab;
    return n;
}

static uint32_t lx_at(const nw_entities_model *m, int which, const nw_doc *d,
                      uint32_t i, uint32_t end, const char **label) {
    return lex_at(m->lx[which], d, i, end, label);
}

/* Does the whole range [a, b) form one phrase of the list? */
static int lx_whole(const nw_entities_model *m, int which, const nw_doc *d,
                    uint32_t a, uint32_t b, const char **label) {
    return b > a && lx_at(m, which, d, a, b, label) == b - a;
}

static uint8_t gender_of_label(const char *lab) {
    if (!lab)
        return 0;
    if (lab[0] == 'M' || lab[0] == 'm')
        return 1;
    if (lab[0] == 'F' || lab[0] == 'f')
        return 2;
    return 0;
}

/* ========================================================== hash map == */

/* Open addressing, 64-bit keys (never 0), 32-bit values. */
typedef struct hmap {
    uint64_t *k;
    uint32_t *v;
    uint32_t mask;
} hmap;

static int hmap_init(hmap *h, uint32_t n) {
    uint32_t cap = 16;
    while (cap < 2 * n + 2 && cap < (1u << 30))
        cap <<= 1;
    h->k = calloc(cap, sizeof(*h->k));
    h->v = malloc(cap * sizeof(*h->v));
    h->mask = cap - 1;
    return h->k && h->v ? 0 : -1;
}

static void hmap_release(hmap *h) {
    free(h->k);
    free(h->v);
    h->k = NULL;
    h->v = NULL;
}

static void hmap_clear(hmap *h) {
    memset(h->k, 0, ((size_t)h->mask + 1) * sizeof(*h->k));
}

/* Slot of key k: its own or the empty one where it would go. */
static uint32_t hmap_slot(const hmap *h, uint64_t k) {
    uint32_t i = (uint32_t)(k ^ (k >> 29)) & h->mask;
    while (h->k[i] && h->k[i] != k)
        i = (i + 1) & h->mask;
    return i;
}

static uint32_t hmap_get(const hmap *h, uint64_t k) {
    uint32_t i = hmap_slot(h, k);
    return h->k[i] ? h->v[i] : NONE;
}

static void hmap_put(hmap *h, uint64_t k, uint32_t v) {
    uint32_t i = hmap_slot(h, k);
    h->k[i] = k;
    h->v[i] = v;
}

/* ================================================== per-article state == */

typedef struct mx {      /* one mention, cleaned */
    uint32_t a, b;       /* name tokens [a, b); a == b when dropped */
    uint32_t t;          /* start of the titled form (t <= a) */
    uint32_t last_end;   /* buf byte where the name ends */
    uint32_t form;
    uint8_t gender;      /* from a title */
    uint8_t titled;      /* a title was stripped or stands just before */
    uint8_t hon;         /* that title was Mr, Ms, Dr...: a surname follows */
} mx;

typedef struct form {
    uint64_t h;          /* key hash */
    uint64_t h_first;    /* key hash of the first token of rep */
    uint64_t h_last;     /* key hash of the last token of rep */
    uint32_t key, klen;  /* key bytes in ws.keys */
    uint32_t ntok;       /* tokens in the name */
    uint32_t rep;        /* representative mention */
    uint32_t first_pos;  /* first token of its first mention */
    uint32_t count;      /* mentions */
    uint32_t n_the;      /* of them, written right after "the", no title */
    uint32_t parent;     /* union-find */
    uint32_t sur;        /* surname candidate set, NONE when none */
    uint32_t tail;       /* ORG tail match: a form, NONE or AMBIG */
    uint32_t canon;      /* root only: canonical form */
    uint32_t entity;     /* root only: output index or NONE */
    uint32_t last_seen;  /* root only: token of the last assigned mention */
    uint32_t seen;       /* root only: mentions assigned so far */
    float vote[NW_ENT_MISC + 1];
    uint16_t male, female;
    uint8_t type;        /* own vote before merging */
    uint8_t alias_loc;   /* key came from an alias whose name is a LOC */
    uint8_t alias_org;   /* ... whose name is a listed organisation */
    uint8_t alias_type;  /* ... with this type in aliases.txt, or 0 */
    uint8_t titled;      /* some mention had a title */
    uint8_t hon;         /* some mention had Mr, Ms, Dr...: a surname */
} form;

typedef struct cset {
    uint32_t n;
    uint32_t f[ENT_MAX_CAND];
} cset;

typedef struct ws {
    mx *mx;
    form *fm;
    uint32_t n_fm;
    char *keys;
    size_t keys_len, keys_cap;
    hmap byk;            /* key hash -> form */
    hmap aux1, aux2;     /* rule indexes, cleared between rules */
    hmap descs;          /* word text -> DESC_* bits of its occurrences */
    int descs_state;     /* 0 not built yet, 1 built, -1 out of memory */
    cset *cs;
    uint32_t n_cs;
    int newsy;           /* article-length text that names people in full */
} ws;

static void ws_release(ws *w) {
    free(w->mx);
    free(w->fm);
    free(w->keys);
    free(w->cs);
    hmap_release(&w->byk);
    hmap_release(&w->aux1);
    hmap_release(&w->aux2);
    hmap_release(&w->descs);
    memset(w, 0, sizeof(*w));
}

static uint32_t uf_find(form *fm, uint32_t x) {
    while (fm[x].parent != x) {
        fm[x].parent = fm[fm[x].parent].parent;
        x = fm[x].parent;
    }
    return x;
}

static void uf_union(form *fm, uint32_t a, uint32_t b) {
    a = uf_find(fm, a);
    b = uf_find(fm, b);
    if (a == b)
        return;
    /* the earlier form stays the root: stable output order */
    if (fm[b].first_pos < fm[a].first_pos ||
        (fm[b].first_pos == fm[a].first_pos && b < a)) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    fm[b].parent = a;
}

/* A rule that wants exactly one partner per key: the value a key holding
   old takes when form f votes for it: f when the key was free, AMBIG once
   two different entities (union-find roots) voted, else old. */
static uint32_t vote(form *fm, uint32_t old, uint32_t f) {
    if (old == NONE)
        return f;
    if (old != AMBIG && uf_find(fm, old) != uf_find(fm, f))
        return AMBIG;
    return old;
}

static void vote_put(hmap *h, form *fm, uint64_t k, uint32_t f) {
    hmap_put(h, k, vote(fm, hmap_get(h, k), f));
}

/* Did exactly one form win the vote (neither NONE nor AMBIG)? */
static int is_one(uint32_t v) {
    return v != NONE && v != AMBIG;
}

/* Merge form s (a look-up result, NONE when none) into f unless it is f
   itself or a person: the organisation and place rules never take a
   person. */
static void merge_non_person(ws *w, uint32_t s, uint32_t f) {
    if (s != NONE && s != f && w->fm[s].type != NW_ENT_PERSON)
        uf_union(w->fm, s, f);
}

/* ============================================= pass 1: clean mentions == */

/* "Sri Lankans", "Britons": a demonym plus a plural s. */
static int plural_demonym(const nw_entities_model *m, const nw_doc *d,
                          uint32_t a, uint32_t b) {
    char buf[128];
    size_t n = 0;
    for (uint32_t i = a; i < b; i++) {
        uint32_t l = nw_tok_len(d, i);
        if (n + l + 2 > sizeof(buf))
            return 0;
        if (i > a)
            buf[n++] = ' ';
        memcpy(buf + n, nw_tok_ptr(d, i), l);
        n += l;
    }
    if (n < 4 || buf[n - 1] != 's')
        return 0;
    return nw_lexicon_get(m->lx[LX_DEMONYMS], buf, n - 1) != NULL ||
           nw_lexicon_get(m->lx[LX_DEMONYMS], buf, n) != NULL;
}

/* "Nicaraguan", "Chadian", "Omani", "Dominicans": one word that is a
   listed country's name (or its stem: "Chin-a", "Ital-y", "Ukrain-e") with
   a demonym ending (-n, -an, -ian, -ese; -i after the whole name only),
   plural or not -- the nationalities demonyms.txt does not list. */
static int country_demonym(const nw_entities_model *m, const nw_doc *d,
                           uint32_t a, uint32_t b) {
    static const char *const suf[] = {"ian", "ese", "an", "n", "i"};
    static const char *const back[] = {"", "a", "e", "y"};
    char w[64], stem[68];
    if (b != a + 1 || d->tok[a].kind != NW_TK_WORD)
        return 0;
    size_t n = nw_tok_len(d, a);
    if (n < 5 || n >= sizeof(w))
        return 0;
    memcpy(w, nw_tok_ptr(d, a), n);
    int plural = w[n - 1] == 's';
    if (plural)
        n--; /* "Dominicans" */
    for (size_t k = 0; k < sizeof(suf) / sizeof(suf[0]); k++) {
        size_t sl = strlen(suf[k]);
        int i_end = suf[k][0] == 'i' && sl == 1;
        if (n < sl + 3 || memcmp(w + n - sl, suf[k], sl) != 0 || (i_end && plural))
            continue; /* "Francis" is no "Franc(e)-i" */
        for (size_t j = 0; j < (i_end ? 1 : sizeof(back) / sizeof(back[0])); j++) {
            size_t bl = strlen(back[j]);
            memcpy(stem, w, n - sl);
            memcpy(stem + n - sl, back[j], bl);
            if (nw_lexicon_get(m->lx[LX_COUNTRIES], stem, n - sl + bl))
                return 1;
        }
    }
    return 0;
}

/* Is [a, b) an honorific that goes before a surname (label HON)? */
static int is_hon(const nw_entities_model *m, const nw_doc *d, uint32_t a,
                  uint32_t b) {
    const char *lab;
    return lx_whole(m, LX_STOP, d, a, b, &lab) && lab && !strcmp(lab, "HON");
}

/* After a title at a: "Chancellor of the Exchequer Gordon Brown",
   "Secretary of State John Kerry": the office named after "of" runs up to
   a first name, or else leaves the last two words. */
static uint32_t skip_office(const nw_entities_model *m, const nw_doc *d,
                            uint32_t a, uint32_t b) {
    if (b - a <= 2 || !tok_eq(d, a, "of"))
        return a;
    a++;
    if (b - a > 2 && tok_eq(d, a, "the"))
        a++;
    while (b - a > 2 && !lx_whole(m, LX_FIRST, d, a, a + 1, NULL))
        a++;
    return a;
}

static void clean_mention(const nw_entities_model *m, const nw_doc *d,
                          const nw_mention *mt, mx *x) {
    uint32_t a = mt->first, b = mt->end;
    const char *lab;

    x->a = x->b = x->t = 0;
    x->form = NONE;
    x->gender = 0;
    x->titled = 0;
    x->hon = 0;
    if (a >= b || b > d->n_tok)
        return;
    /* a trailing possessive or punctuation is no part of the name, but
       for a listed organisation's ("McDonald's") */
    while (b > a && (tok_is_poss(d, b - 1) || tok_is_punct(d, b - 1)) &&
           !(tok_is_poss(d, b - 1) && lx_whole(m, LX_ORGS, d, a, b, NULL)))
        b--;
    while (a < b && tok_is_punct(d, a))
        a++;
    /* "U.S.-led" split by the tokeniser into "U.S.", "-", "led" */
    if (b - a >= 3 && tok_eq(d, b - 2, "-") &&
        lx_whole(m, LX_DESIG, d, b - 1, b, &lab) && lab && !strcmp(lab, "AFFIX"))
        b -= 2;
    /* "Nigel I": a word that is never part of a name at the end */
    while (b - a > 1 && lx_whole(m, LX_STOP, d, b - 1, b, &lab) && lab &&
           !strcmp(lab, "FW"))
        b--;
    /* "House of Lords on Tuesday": a date after a small word */
    if (b - a > 2 && lx_whole(m, LX_DATES, d, b - 1, b, NULL) &&
        !tok_has_cap(d, b - 2) && !lx_whole(m, LX_ORGS, d, a, b, NULL))
        b -= 2;
    if (b - a > 1 && tok_eq(d, a, "the"))
        a++;
    x->t = a;
    /* Titles: "Mr", "Foreign Minister", "Russian President", "U.S. Sen." */
    for (int it = 0; it < ENT_MAX_TITLES && b - a > 1; it++) {
        uint32_t n = lx_at(m, LX_TITLES, d, a, b, &lab);
        /* "King's College London", "the Prince's Trust": a title with a
           possessive names what is its, it is no title of the name */
        if (n > 0 && a + n < b && tok_is_poss(d, a + n))
            break;
        /* "General Motors": only personal titles outside PERSON mentions;
           none before an organisation or a venue word that ends the
           name ("Queen Mary Hospital", "Prince Edward Theatre") */
        if (n > 0 && mt->type != NW_ENT_PERSON &&
            (!gender_of_label(lab) || nw_ner_venue_word(d, b - 1) ||
             lx_whole(m, LX_ORG_WORDS, d, b - 1, b, NULL)))
            break;
        if (n > 0 && n < b - a) {
            if (gender_of_label(lab))
                x->gender = gender_of_label(lab);
            if (is_hon(m, d, a, a + n))
                x->hon = 1;
            a += n;
            if (mt->type == NW_ENT_PERSON)
                a = skip_office(m, d, a, b);
            continue;
        }
        uint32_t p = lx_at(m, LX_DEMONYMS, d, a, b, NULL);
        if (!p)
            p = lx_at(m, LX_COUNTRIES, d, a, b, NULL);
        if (!p)
            p = lx_at(m, LX_ALIASES, d, a, b, NULL);
        /* "Charlotte Mayor Jennifer Roberts", "Labour MP Jo Cox": one or
           two capitalised words (a place, a party) before a title */
        for (uint32_t q = 1; !p && q <= 2 && a + q + 1 < b && tok_has_cap(d, a + q - 1); q++)
            if (lx_at(m, LX_TITLES, d, a + q, b, NULL) > 0)
                p = q;
        if (p > 0 && a + p < b) {
            n = lx_at(m, LX_TITLES, d, a + p, b, &lab);
            if (n > 0 && a + p + n < b && mt->type == NW_ENT_PERSON) {
                if (gender_of_label(lab))
                    x->gender = gender_of_label(lab);
                a = skip_office(m, d, a + p + n, b);
                continue;
            }
        }
        break;
    }
    if (a >= b)
        return;
    /* "Camerino Francesco Brugnaro", "Cinematographer John Mathieson": a
       person's name starts at its first name when the words before it are
       not given names themselves (the hand list or the big one: "Jamie Lee
       Curtis", "Heidi Jordan Ley"), nor initials ("A. Noel Anketell
       Kramer") */
    if (mt->type == NW_ENT_PERSON && b - a >= 3 &&
        !lx_whole(m, LX_FIRST, d, a, a + 1, NULL) &&
        !lx_whole(m, LX_NAMES_BIG, d, a, a + 1, NULL) && !nw_tok_initials(d, a)) {
        for (uint32_t k = a + 1; k + 1 < b; k++) {
            if (lx_whole(m, LX_FIRST, d, k, k + 1, NULL)) {
                a = k;
                if (x->t < a && !x->gender)
                    x->t = a; /* what went was no title */
                break;
            }
        }
    }
    /* a title just before the mention (NER left it out) */
    if (a > x->t)
        x->titled = 1;
    if (a == mt->first && a > 0 && lx_whole(m, LX_TITLES, d, a - 1, a, &lab)) {
        x->titled = 1;
        if (is_hon(m, d, a - 1, a))
            x->hon = 1;
        if (!x->gender)
            x->gender = gender_of_label(lab);
        if (tok_first_upper(d, a - 1) && d->tok[a - 1].end <= d->tok[a].start)
            x->t = a - 1; /* "Mr Blair" becomes an alias */
    }
    /* what is never an entity on its own; "North Koreans", "South
       Korean": a compass word before a nationality is one too */
    uint32_t da = a;
    if (b - a == 2 && (tok_eq(d, a, "north") || tok_eq(d, a, "south") ||
                       tok_eq(d, a, "east") || tok_eq(d, a, "west")))
        da = a + 1;
    if (lx_whole(m, LX_TITLES, d, a, b, NULL) ||
        lx_whole(m, LX_DEMONYMS, d, da, b, NULL) ||
        lx_whole(m, LX_STOP, d, a, b, NULL) ||
        lx_whole(m, LX_NOT_NAMES, d, a, b, NULL) || plural_demonym(m, d, da, b) ||
        country_demonym(m, d, a, b))
        return;
    x->a = a;
    x->b = b;
    x->last_end = d->tok[b - 1].end;
    /* "UNRWA-sponsored", "Moscow-based", "TV-quality": the name before
       the hyphen, when what follows is a listed affix or lower case after
       an acronym */
    const char *q = nw_tok_ptr(d, b - 1);
    uint32_t ql = nw_tok_len(d, b - 1);
    for (uint32_t k = ql; k > 1; k--) {
        if (q[k - 1] != '-')
            continue;
        const char *lab = nw_lexicon_get(m->lx[LX_DESIG], q + k, ql - k);
        int lower = k < ql;
        for (uint32_t c = k; c < ql && lower; c++)
            lower = q[c] >= 'a' && q[c] <= 'z';
        int acro = 1;
        for (uint32_t c = 0; c + 1 < k && acro; c++)
            acro = (q[c] >= 'A' && q[c] <= 'Z') || q[c] == '.';
        if ((lab && !strcmp(lab, "AFFIX")) || (lower && acro && k >= 3)) {
            x->last_end = d->tok[b - 1].start + k - 1;
            if (b - a == 1 && nw_lexicon_get(m->lx[LX_STOP], q, k - 1)) {
                x->a = x->b = 0; /* "TV-quality": nothing left */
                return;
            }
        }
        break;
    }
    /* "Blair's" left whole by the tokeniser */
    uint32_t len = nw_tok_len(d, b - 1);
    const char *p = nw_tok_ptr(d, b - 1);
    if (len > 3 && p[len - 2] == '\'' && (p[len - 1] == 's' || p[len - 1] == 'S'))
        x->last_end -= 2;
}

/* ================================================ pass 2: build forms == */

/* A mention's weight in the type vote: the NER confidence counts, but
   only half, so that a badly calibrated score cannot silence a mention. */
static float vote_weight(float score) {
    if (!(score >= 0.0f))
        score = 0.0f; /* NaN too */
    if (score > 1.0f)
        score = 1.0f;
    return 0.5f + 0.5f * score;
}

static uint8_t type_of_name(const char *s) {
    if (!strcmp(s, "PERSON"))
        return NW_ENT_PERSON;
    if (!strcmp(s, "ORG"))
        return NW_ENT_ORG;
    if (!strcmp(s, "LOC"))
        return NW_ENT_LOC;
    return 0;
}

static int build_forms(const nw_entities_model *m, const nw_doc *d, ws *w) {
    char key[ENT_MAX_KEY], ckey[ENT_MAX_KEY];
    const char *lab;

    for (uint32_t i = 0; i < d->n_ment; i++) {
        mx *x = &w->mx[i];
        const nw_mention *mt = &d->ment[i];
        if (x->a >= x->b)
            continue;
        size_t klen = key_of_range(d, x->a, x->b, x->last_end, key, sizeof(key));
        if (klen == 0) {
            x->b = x->a;
            continue;
        }
        const char *k = key;
        uint8_t alias_loc = 0, alias_org = 0, alias_type = 0;
        /* by tokens ("u.s."), else by key ("U.S.-led" cut to "U.S.") */
        if (!lx_whole(m, LX_ALIASES, d, x->a, x->b, &lab))
            lab = nw_lexicon_get(m->lx[LX_ALIASES], key, klen);
        if (lab && lab[0]) {
            /* "United States|LOC": name, then an optional type */
            const char *bar = strchr(lab, '|');
            size_t ll = bar ? (size_t)(bar - lab) : strlen(lab);
            char name[ENT_MAX_KEY];
            if (ll >= sizeof(name))
                ll = sizeof(name) - 1;
            memcpy(name, lab, ll);
            name[ll] = '\0';
            if (bar)
                alias_type = type_of_name(bar + 1);
            size_t cl = key_of_string(name, ckey, sizeof(ckey));
            if (cl > 0) {
                k = ckey;
                klen = cl;
                alias_loc = nw_lexicon_get(m->lx[LX_COUNTRIES], name, ll) != NULL;
                alias_org = nw_lexicon_get(m->lx[LX_ORGS], name, ll) != NULL;
            }
        }
        uint64_t h = hash64(k, klen);
        uint32_t slot = hmap_slot(&w->byk, h);
        uint32_t f;
        if (w->byk.k[slot]) {
            f = w->byk.v[slot];
        } else {
            if (w->keys_len + klen + 1 > w->keys_cap) {
                size_t nc = w->keys_cap * 2 + klen + 1;
                char *nk = realloc(w->keys, nc);
                if (!nk)
                    return -1;
                w->keys = nk;
                w->keys_cap = nc;
            }
            f = w->n_fm++;
            form *nf = &w->fm[f];
            memset(nf, 0, sizeof(*nf));
            nf->h = h;
            nf->key = (uint32_t)w->keys_len;
            nf->klen = (uint32_t)klen;
            memcpy(w->keys + w->keys_len, k, klen);
            w->keys[w->keys_len + klen] = '\0';
            w->keys_len += klen + 1;
            nf->rep = i;
            nf->first_pos = x->a;
            nf->parent = f;
            nf->sur = NONE;
            nf->tail = NONE;
            nf->entity = NONE;
            nf->alias_loc = alias_loc;
            nf->alias_org = alias_org;
            nf->alias_type = alias_type;
            w->byk.k[slot] = h;
            w->byk.v[slot] = f;
        }
        form *F = &w->fm[f];
        x->form = f;
        F->count++;
        F->n_the += x->a > 0 && x->t == x->a && tok_eq(d, x->a - 1, "the");
        uint32_t nt = x->b - x->a;
        if (nt > F->ntok)
            F->ntok = nt;
        /* representative: the longest surface, not all capitals if we can */
        const mx *r = &w->mx[F->rep];
        int r_caps = (d->tok[r->a].flags & NW_TF_ALLCAP) && r->b - r->a >= 1 &&
                     !(d->tok[x->a].flags & NW_TF_ALLCAP);
        if (nt > r->b - r->a || r_caps)
            F->rep = i;
        uint8_t ty = mt->type <= NW_ENT_MISC ? mt->type : NW_ENT_MISC;
        float sc = vote_weight(mt->score);
        F->vote[ty] += sc * (1.0f + 0.5f * (float)(nt - 1));
        if (x->a > x->t && x->gender)
            F->vote[NW_ENT_PERSON] += 0.5f; /* a personal title */
        if (x->gender == 1)
            F->male++;
        else if (x->gender == 2)
            F->female++;
        F->titled |= x->titled;
        F->hon |= x->hon;
    }
    for (uint32_t f = 0; f < w->n_fm; f++) {
        form *F = &w->fm[f];
        const mx *r = &w->mx[F->rep];
        F->h_first = tok_key_hash(d, r->a, r->b == r->a + 1 ? r->last_end : d->tok[r->a].end);
        F->h_last = tok_key_hash(d, r->b - 1, r->last_end);
        uint8_t best = NW_ENT_NONE;
        for (uint8_t t = 1; t <= NW_ENT_MISC; t++)
            if (F->vote[t] > F->vote[best])
                best = t;
        F->type = best;
    }
    return 0;
}

/* ==================================================== pass 3: merging == */

/* The form whose key is that of tokens [a, b), or NONE. */
static uint32_t form_of_range(const nw_doc *d, const ws *w, uint32_t a,
                              uint32_t b, uint32_t last_end) {
    char key[ENT_MAX_KEY];
    size_t kl = key_of_range(d, a, b, last_end, key, sizeof(key));
    return kl ? hmap_get(&w->byk, hash64(key, kl)) : NONE;
}

/* Capitalised initials of tokens [a, b), into out (<= 15); 0 when a word
   starts with a non-ASCII capital. */
static size_t initials_range(const nw_doc *d, uint32_t a, uint32_t b,
                             char *out) {
    size_t n = 0;
    for (uint32_t i = a; i < b && n < 15; i++) {
        if (d->tok[i].kind != NW_TK_WORD && d->tok[i].kind != NW_TK_NUM)
            continue;
        if (!tok_first_upper(d, i))
            continue;
        unsigned char c = (unsigned char)nw_tok_ptr(d, i)[0];
        if (c >= 0x80)
            return 0;
        out[n++] = (char)c;
    }
    return n;
}

/* Where the name proper starts after a leading place: "Gaza's Civil
   Defense Directorate", "Russian Foreign Ministry" -> the second word. */
static uint32_t core_start(const nw_entities_model *m, const nw_doc *d,
                           uint32_t a, uint32_t b) {
    if (b - a >= 4 && tok_is_poss(d, a + 1))
        return a + 2;
    if (b - a >= 3 && (lx_whole(m, LX_DEMONYMS, d, a, a + 1, NULL) ||
                       lx_whole(m, LX_COUNTRIES, d, a, a + 1, NULL) ||
                       lx_whole(m, LX_CITIES, d, a, a + 1, NULL)))
        return a + 1;
    return a;
}

/* Are the n letters of ac, in order, among the capital letters of the
   tokens [a, b), the first of them the first capital ("WADA" in "World
   Anti-Doping Agency")? */
static int capitals_spell(const nw_doc *d, uint32_t a, uint32_t b,
                          const char *ac, size_t n) {
    size_t k = 0;
    for (uint32_t i = a; i < b && k < n; i++) {
        const char *p = nw_tok_ptr(d, i);
        for (uint32_t j = 0; j < nw_tok_len(d, i) && k < n; j++) {
            if (!(p[j] >= 'A' && p[j] <= 'Z'))
                continue;
            if (p[j] == ac[k])
                k++;
            else if (k == 0)
                return 0;
        }
    }
    return k == n;
}

/* "European Union (EU)" and "EU (European Union)"; "World Anti-Doping
   Agency (Wada)", initials written as a word, when its letters are the
   name's capitals in order. */
static void rule_defined_acronyms(const nw_doc *d, ws *w) {
    char ac[16];
    for (uint32_t i = 0; i < d->n_ment; i++) {
        const mx *x = &w->mx[i];
        uint32_t e = d->ment[i].end;
        if (x->a >= x->b || x->b - x->a < 2 || e + 2 >= d->n_tok + 0u)
            continue;
        if (!tok_eq(d, e, "(") || !tok_eq(d, e + 2, ")"))
            continue;
        size_t n = acronym_of(d, e + 1, ac);
        if (!n && !((n = word_acronym_of(d, e + 1, ac)) &&
                    capitals_spell(d, x->a, x->b, ac, n)))
            continue;
        char ini[16];
        size_t ni = initials_range(d, x->a, x->b, ini);
        if (!ni || !memchr(ini, ac[0], ni))
            continue;
        uint32_t s = form_of_range(d, w, e + 1, e + 2, d->tok[e + 1].end);
        if (s != NONE && s < w->n_fm)
            uf_union(w->fm, s, x->form);
    }
    /* ACRONYM (Long Form): two mentions in a row */
    for (uint32_t i = 0; i + 1 < d->n_ment; i++) {
        const mx *x = &w->mx[i], *y = &w->mx[i + 1];
        uint32_t e = d->ment[i].end;
        if (x->a >= x->b || y->a >= y->b || x->b - x->a != 1 || y->b - y->a < 2)
            continue;
        if (e >= d->n_tok || !tok_eq(d, e, "(") || d->ment[i + 1].first != e + 1)
            continue;
        char ini[16];
        size_t n = acronym_of(d, x->a, ac);
        size_t ni = n ? initials_range(d, y->a, y->b, ini) : 0;
        if (ni && memchr(ini, ac[0], ni))
            uf_union(w->fm, x->form, y->form);
    }
}

static uint64_t initials_key(const char *ini, size_t n) {
    return hash64(ini, n) ^ 0x9e3779b97f4a7c15ull;
}

/* "IFS" -> "Institute for Fiscal Studies", "Icann" -> "Internet
   Corporation for Assigned Names and Numbers" when exactly one form fits. */
static void rule_initials(const nw_entities_model *m, const nw_doc *d,
                          ws *w) {
    char ini[16];
    hmap_clear(&w->aux1);
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        const mx *x = &w->mx[F->rep];
        if (F->ntok < 2 || (F->type != NW_ENT_ORG && F->type != NW_ENT_LOC))
            continue;
        size_t n = initials_range(d, x->a, x->b, ini);
        if (n >= 2)
            vote_put(&w->aux1, w->fm, initials_key(ini, n), f);
        uint32_t c = core_start(m, d, x->a, x->b);
        if (c > x->a && (n = initials_range(d, c, x->b, ini)) >= 2)
            vote_put(&w->aux1, w->fm, initials_key(ini, n), f);
    }
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        const mx *x = &w->mx[F->rep];
        if (F->ntok != 1)
            continue;
        /* initials as a word ("Icann") the tagger may take for a name: the
           one organisation they spell out decides */
        size_t n = F->type == NW_ENT_PERSON ? 0 : acronym_of(d, x->a, ini);
        if (!n)
            n = word_acronym_of(d, x->a, ini);
        if (!n)
            continue;
        uint32_t g = hmap_get(&w->aux1, initials_key(ini, n));
        if (is_one(g))
            uf_union(w->fm, f, g);
    }
}

static int is_person_form(const form *F) {
    return F->type == NW_ENT_PERSON;
}

/* Are the tokens of form s, in order, a subsequence of those of form l? */
static int tokens_subsequence(const nw_doc *d, const ws *w, uint32_t s,
                              uint32_t l) {
    const mx *xs = &w->mx[w->fm[s].rep], *xl = &w->mx[w->fm[l].rep];
    uint32_t j = xl->a;
    if (xs->b - xs->a > ENT_MAX_TOKS || xl->b - xl->a > ENT_MAX_TOKS)
        return 0; /* bounded work per pair */
    for (uint32_t i = xs->a; i < xs->b; i++) {
        uint64_t h = tok_key_hash(d, i, i + 1 == xs->b ? xs->last_end : d->tok[i].end);
        while (j < xl->b &&
               tok_key_hash(d, j, j + 1 == xl->b ? xl->last_end : d->tok[j].end) != h)
            j++;
        if (j == xl->b)
            return 0;
        j++;
    }
    return 1;
}

/* Same first and last token: "George Bush" / "George W. Bush" (people),
   "Greek Federation" / "Greek Athletics Federation" (ORG, LOC: when the
   shorter one's words all appear in the longer one, in order). */
static void rule_variants(const nw_doc *d, ws *w) {
    hmap_clear(&w->aux1);
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        if (F->ntok < 2 || F->type == NW_ENT_DATE || F->type == NW_ENT_NONE)
            continue;
        uint64_t h = (F->h_first * 31 + F->h_last) ^ ((uint64_t)F->type << 56);
        h = h ? h : 1;
        uint32_t old = hmap_get(&w->aux1, h);
        if (old == NONE) {
            hmap_put(&w->aux1, h, f);
            continue;
        }
        if (F->type == NW_ENT_PERSON) {
            uf_union(w->fm, old, f);
            continue;
        }
        const form *O = &w->fm[old];
        uint32_t s = F->ntok < O->ntok ? f : old, l = s == f ? old : f;
        if (tokens_subsequence(d, w, s, l))
            uf_union(w->fm, s, l);
    }
}

/* "Institute of Fiscal Studies" / "Institute for Fiscal Studies": the same
   capitalised words, other small words between them. */
static void rule_content_words(const nw_doc *d, ws *w) {
    hmap_clear(&w->aux1);
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        const mx *x = &w->mx[F->rep];
        if (x->b - x->a < 3 || (F->type != NW_ENT_ORG && F->type != NW_ENT_LOC))
            continue;
        uint64_t h = 0;
        uint32_t caps = 0, small = 0;
        for (uint32_t i = x->a; i < x->b; i++) {
            if (!tok_first_upper(d, i)) {
                small++;
                continue;
            }
            caps++;
            h = h * 1099511628211ull +
                tok_key_hash(d, i, i + 1 == x->b ? x->last_end : d->tok[i].end);
        }
        if (caps < 2 || !small)
            continue;
        h = (h ^ ((uint64_t)F->type << 60)) | 1;
        uint32_t old = hmap_get(&w->aux1, h);
        if (old == NONE)
            hmap_put(&w->aux1, h, f);
        else
            uf_union(w->fm, old, f);
    }
}

static uint32_t cset_add(ws *w, uint32_t set, uint32_t root) {
    if (set == NONE) {
        set = w->n_cs++;
        w->cs[set].n = 0;
    }
    cset *c = &w->cs[set];
    for (uint32_t i = 0; i < c->n; i++)
        if (uf_find(w->fm, c->f[i]) == root)
            return set;
    if (c->n < ENT_MAX_CAND)
        c->f[c->n++] = root;
    return set;
}

/* Is the form a known place (countries, regions, cities)? */
static int form_is_gaz_loc(const nw_entities_model *m, const nw_doc *d,
                           const ws *w, uint32_t f) {
    const form *F = &w->fm[f];
    const mx *x = &w->mx[F->rep];
    return F->alias_loc || lx_whole(m, LX_COUNTRIES, d, x->a, x->b, NULL) ||
           lx_whole(m, LX_REGIONS, d, x->a, x->b, NULL) ||
           lx_whole(m, LX_CITIES, d, x->a, x->b, NULL);
}

/* "energy analyst Orin Middleton" (a town), "spokeswoman Rosario Murillo"
   (a city first), tagged a place or a firm: two capitalised words after a
   title, neither an organisation's, a place's or a venue's word, the
   first no country ("UK Athletics chief"), the pair on no list -- a
   person's name.  decide_type() types it so; rule_person_short() lets its
   surname join it ("Murillo said"). */
static int titled_pair_name(const nw_entities_model *m, const nw_doc *d,
                            const ws *w, uint32_t f, uint32_t titled) {
    const form *C = &w->fm[f];
    const mx *cx = &w->mx[C->rep];
    return titled && C->ntok == 2 && !form_is_gaz_loc(m, d, w, f) &&
           tok_has_cap(d, cx->a) && tok_has_cap(d, cx->a + 1) &&
           !lx_whole(m, LX_ORGS, d, cx->a, cx->b, NULL) &&
           !lx_whole(m, LX_COUNTRIES, d, cx->a, cx->a + 1, NULL) &&
           !lx_whole(m, LX_ALIASES, d, cx->a, cx->a + 1, NULL) &&
           !lx_whole(m, LX_ORG_WORDS, d, cx->a, cx->a + 1, NULL) &&
           !lx_whole(m, LX_ORG_WORDS, d, cx->b - 1, cx->b, NULL) &&
           !lx_whole(m, LX_DESIG, d, cx->b - 1, cx->b, NULL) &&
           !nw_ner_venue_word(d, cx->b - 1);
}

/* "Tirunesh Dibaba" tagged an organisation, "Dibaba" a person twice (or
   after a title): a name of two or three words that opens with a given
   name (or initials) and ends with the surname of such a person is that
   person's full name, so the surname joins it (rule_person_short) -- not
   when the whole name is a listed organisation or place, nor when it
   holds an organisation's word or ends with a designator ("Party"). */
static void rule_full_name_of_surname(const nw_entities_model *m, const nw_doc *d,
                                      ws *w) {
    hmap_clear(&w->aux1); /* one-word person -> form, AMBIG when two */
    int any = 0;
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        if (F->ntok == 1 && F->type == NW_ENT_PERSON &&
            (F->count >= 2 || F->titled || F->hon)) {
            vote_put(&w->aux1, w->fm, F->h_first, f);
            any = 1;
        }
    }
    if (!any)
        return;
    for (uint32_t f = 0; f < w->n_fm; f++) {
        form *F = &w->fm[f];
        if (F->ntok < 2 || F->ntok > 3 ||
            (F->type != NW_ENT_ORG && F->type != NW_ENT_LOC) ||
            !is_one(hmap_get(&w->aux1, F->h_last)))
            continue;
        const mx *x = &w->mx[F->rep];
        if (!(lx_whole(m, LX_FIRST, d, x->a, x->a + 1, NULL) ||
              lx_whole(m, LX_NAMES_BIG, d, x->a, x->a + 1, NULL) ||
              nw_tok_initials(d, x->a)) ||
            lx_whole(m, LX_ALIASES, d, x->a, x->a + 1, NULL) || /* "U.S. Marines" */
            lx_whole(m, LX_COUNTRIES, d, x->a, x->a + 1, NULL) ||
            lx_whole(m, LX_ORGS, d, x->a, x->b, NULL) || form_is_gaz_loc(m, d, w, f) ||
            F->alias_org || F->alias_type ||
            lx_whole(m, LX_DESIG, d, x->b - 1, x->b, NULL))
            continue;
        int orgword = 0;
        for (uint32_t k = x->a; k < x->b; k++)
            orgword |= lx_whole(m, LX_ORG_WORDS, d, k, k + 1, NULL);
        if (!orgword)
            F->type = NW_ENT_PERSON;
    }
}

/* "al-Baghdadi", "Al-Baghdadi", "el-Sisi": the key hash of a surname
   behind an Arabic article and a hyphen, "Baghdadi", by which the
   articles name the person again; 0 when the token is no such name.  Not
   nw_ner_particle_len(): the features read only the lower-case article,
   while names are merged however it is written. */
static uint64_t particle_tail_hash(const nw_doc *d, uint32_t i, uint32_t last_end) {
    static const char *const P[] = {"al ", "el ", "ad ", "adh ", "an ", "ar ",
                                    "as ", "ash ", "at ", "ath ", "az ", "ud "};
    if (!(d->tok[i].flags & NW_TF_HYPHEN))
        return 0;
    char key[ENT_MAX_KEY];
    size_t n = key_of_range(d, i, i + 1, last_end, key, sizeof(key));
    for (size_t k = 0; k < sizeof(P) / sizeof(P[0]); k++) {
        size_t pl = strlen(P[k]);
        if (n >= pl + 3 && !memcmp(key, P[k], pl) && !memchr(key + pl, ' ', n - pl))
            return hash64(key + pl, n - pl);
    }
    return 0;
}

/* Add form root r to the set of persons with surname key h in w->aux1. */
static void surname_put(ws *w, uint64_t h, uint32_t r) {
    uint32_t slot = hmap_slot(&w->aux1, h);
    uint32_t set = w->aux1.k[slot] ? w->aux1.v[slot] : NONE;
    set = cset_add(w, set, r);
    w->aux1.k[slot] = h;
    w->aux1.v[slot] = set;
}

/* One-token forms to the full name: surname, then first name. */
static void rule_person_short(const nw_entities_model *m, const nw_doc *d,
                              ws *w) {
    hmap_clear(&w->aux1); /* surname -> cset */
    hmap_clear(&w->aux2); /* first name -> form or AMBIG */
    w->n_cs = 0;
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        if (F->ntok < 2 ||
            !(is_person_form(F) || titled_pair_name(m, d, w, f, F->titled)))
            continue;
        uint32_t r = uf_find(w->fm, f);
        surname_put(w, F->h_last, r);
        vote_put(&w->aux2, w->fm, F->h_first, f);
        /* "Wang Yan", "Kim Jong-un": the family name comes first */
        const mx *x = &w->mx[F->rep];
        if (lx_whole(m, LX_SURNAMES_FIRST, d, x->a, x->a + 1, NULL) &&
            F->h_first != F->h_last)
            surname_put(w, F->h_first, r);
        /* "Abu Bakr al-Baghdadi" is "Baghdadi" too */
        uint64_t ht = particle_tail_hash(d, x->b - 1, x->last_end);
        if (ht)
            surname_put(w, ht, r);
    }
    for (uint32_t f = 0; f < w->n_fm; f++) {
        form *F = &w->fm[f];
        if (F->ntok != 1 || uf_find(w->fm, f) != f)
            continue;
        if (F->type == NW_ENT_DATE)
            continue;
        if (F->type != NW_ENT_PERSON && form_is_gaz_loc(m, d, w, f))
            continue;
        uint32_t set = hmap_get(&w->aux1, F->h_first);
        if (set != NONE) {
            const cset *c = &w->cs[set];
            if (c->n == 1)
                uf_union(w->fm, f, c->f[0]);
            else
                F->sur = set; /* resolved mention by mention */
            continue;
        }
        uint32_t g = hmap_get(&w->aux2, F->h_first);
        if (is_one(g) && F->type == NW_ENT_PERSON && !F->hon)
            uf_union(w->fm, f, g);
    }
}

/* Vote form f for the key of tokens [a, b) (the last ending at
   last_end) in h.  1 when it voted. */
static int vote_range(const nw_doc *d, ws *w, hmap *h, uint32_t a, uint32_t b,
                      uint32_t last_end, uint32_t f) {
    char key[ENT_MAX_KEY];
    size_t kl = key_of_range(d, a, b, last_end, key, sizeof(key));
    if (kl)
        vote_put(h, w->fm, hash64(key, kl), f);
    return kl != 0;
}

/* "Syrian Observatory" -> "Syrian Observatory for Human Rights",
   "Reserve Bank" -> "Reserve Bank of Australia": an organisation of two
   or more words that is, exactly, the part before "of" / "for" of one
   longer organisation ("European Court" beside both "European Court of
   Justice" and "... of Human Rights" stays apart). */
static void rule_of_suffix(const nw_doc *d, ws *w) {
    hmap_clear(&w->aux1);
    int any = 0;
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        const mx *x = &w->mx[F->rep];
        if (F->type != NW_ENT_ORG || F->ntok < 4)
            continue;
        for (uint32_t k = x->a + 2; k + 1 < x->b; k++)
            if (tok_eq(d, k, "of") || tok_eq(d, k, "for")) {
                any |= vote_range(d, w, &w->aux1, x->a, k, d->tok[k - 1].end, f);
                break;
            }
    }
    if (!any)
        return;
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        if (F->ntok < 2 || F->type == NW_ENT_DATE || F->type == NW_ENT_LOC)
            continue;
        uint32_t g = hmap_get(&w->aux1, F->h);
        if (is_one(g))
            merge_non_person(w, f, g);
    }
}

/* A particle that starts a surname, in either case: "de Blasio", "van
   Gogh", "da Silva", "al Nabet", "Le Pen", "Van Persie". */
static int surname_particle(const nw_doc *d, uint32_t i) {
    static const char *const P[] = {"de", "van", "von", "da", "di", "du", "del", "della",
                                    "dos", "das", "der", "den", "ter", "al", "el", "bin",
                                    "ibn", "le", "la", NULL};
    return d->tok[i].kind == NW_TK_WORD && tok_among(d, i, P);
}

/* Surnames of more than one word join the one person whose name ends in
   exactly them:
   - "de Blasio" -> "Bill de Blasio", "da Silva" -> "Luiz Inacio Lula da
     Silva": a form that opens with a surname particle;
   - "Sandino Moreno" -> "Catalina Sandino Moreno", "Jong Un" -> "Kim Jong
     Un": a person's form of two words, the first no listed given name,
     when the full name opens with a given name or a family name that goes
     first (not "R.I.P. Axl Rose"). */
static void rule_surname_tails(const nw_entities_model *m, const nw_doc *d,
                               ws *w) {
    hmap_clear(&w->aux1); /* particle tails */
    hmap_clear(&w->aux2); /* two-word tails */
    int any = 0;
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        const mx *x = &w->mx[F->rep];
        if (!is_person_form(F) || F->ntok < 3)
            continue;
        /* inside a name, after its first word, a capitalised particle
           is one too ("Marine Le Pen", "Robert De Niro") */
        for (uint32_t p = x->a + 1; p + 1 < x->b; p++)
            if (surname_particle(d, p)) {
                any |= vote_range(d, w, &w->aux1, p, x->b, x->last_end, f);
                break;
            }
        if (lx_whole(m, LX_FIRST, d, x->a, x->a + 1, NULL) ||
            lx_whole(m, LX_NAMES_BIG, d, x->a, x->a + 1, NULL) ||
            lx_whole(m, LX_SURNAMES_FIRST, d, x->a, x->a + 1, NULL))
            any |= vote_range(d, w, &w->aux2, x->b - 2, x->b, x->last_end, f);
    }
    if (!any)
        return;
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        const mx *x = &w->mx[F->rep];
        uint32_t g = NONE;
        /* "van Persie", and "Van Persie" opening a sentence or written
           so */
        if (F->ntok >= 2 && F->type != NW_ENT_DATE && surname_particle(d, x->a))
            g = hmap_get(&w->aux1, F->h);
        if (!is_one(g) && F->ntok == 2 && is_person_form(F) &&
            !lx_whole(m, LX_FIRST, d, x->a, x->a + 1, NULL) &&
            !lx_whole(m, LX_NAMES_BIG, d, x->a, x->a + 1, NULL))
            g = hmap_get(&w->aux2, F->h);
        if (is_one(g) && uf_find(w->fm, g) != uf_find(w->fm, f))
            uf_union(w->fm, f, g);
    }
}

/* "Labour" / "Labour Party", "Gaza" / "Gaza Strip", "Time" / "Time magazine". */
static void rule_designators(const nw_entities_model *m, const nw_doc *d,
                             ws *w) {
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        const mx *x = &w->mx[F->rep];
        if (x->b - x->a < 2 || F->type == NW_ENT_PERSON)
            continue;
        for (uint32_t k = 1; k <= 2 && k < x->b - x->a; k++) {
            const char *lab;
            if (!lx_whole(m, LX_DESIG, d, x->b - k, x->b, &lab) ||
                (lab && !strcmp(lab, "AFFIX")))
                continue;
            uint32_t pe = x->b - k;
            uint32_t s = form_of_range(d, w, x->a, pe, d->tok[pe - 1].end);
            merge_non_person(w, s, f);
        }
    }
}

/* A lone word tagged PERSON with nothing else saying so: no title, not a
   first name, not the surname of a listed person. */
static int weak_person(const nw_entities_model *m, const nw_doc *d,
                       const ws *w, uint32_t f) {
    const form *F = &w->fm[f];
    const mx *x = &w->mx[F->rep];
    return F->type == NW_ENT_PERSON && F->ntok == 1 && !F->titled &&
           !lx_whole(m, LX_FIRST, d, x->a, x->b, NULL) &&
           lex_at(m->surnames, d, x->a, x->b, NULL) != x->b - x->a;
}

/* "Riverside" -> "Riverside Clinic", "Harvard" -> "Harvard University":
   a name plus one organisation word (org_words.txt), when only one such
   organisation fits and the short form is not a known place ("Oxford" /
   "Oxford University", "Manchester" / "Manchester United" stay apart). */
static void rule_org_word_prefix(const nw_entities_model *m, const nw_doc *d,
                                 ws *w) {
    hmap_clear(&w->aux1);
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        const mx *x = &w->mx[F->rep];
        if (x->b - x->a < 2 || F->type != NW_ENT_ORG ||
            !lx_whole(m, LX_ORG_WORDS, d, x->b - 1, x->b, NULL))
            continue;
        uint32_t pe = x->b - 1;
        uint32_t s = form_of_range(d, w, x->a, pe, d->tok[pe - 1].end);
        if (s == NONE || s == f || w->fm[s].type == NW_ENT_DATE ||
            (w->fm[s].type == NW_ENT_PERSON && !weak_person(m, d, w, s)) ||
            form_is_gaz_loc(m, d, w, s))
            continue;
        vote_put(&w->aux1, w->fm, w->fm[s].h, f);
    }
    for (uint32_t s = 0; s < w->n_fm; s++) {
        uint32_t l = hmap_get(&w->aux1, w->fm[s].h);
        if (is_one(l))
            uf_union(w->fm, s, l);
    }
}

/* "Court of Appeal" / "Appeal Court", "Ministry of Interior" / "Interior
   Ministry": an organisation named "A of [the] B" and the same as "B A". */
static void rule_of_inversion(const nw_doc *d, ws *w) {
    char key[ENT_MAX_KEY];
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        const mx *x = &w->mx[F->rep];
        uint32_t n = x->b - x->a, bs = x->a + 2;
        if (F->type != NW_ENT_ORG || n < 3 || n > 5 || !tok_eq(d, x->a + 1, "of"))
            continue;
        if (tok_eq(d, bs, "the"))
            bs++;
        if (x->b - bs < 1 || x->b - bs > 2)
            continue;
        /* key of "B A": B's words, then A */
        size_t kl = key_of_range(d, bs, x->b, x->last_end, key, sizeof(key));
        if (kl == 0 || kl + 2 >= sizeof(key))
            continue;
        char ka[ENT_MAX_KEY];
        size_t al = key_of_range(d, x->a, x->a + 1, d->tok[x->a].end, ka, sizeof(ka));
        if (al == 0 || kl + 1 + al >= sizeof(key))
            continue;
        key[kl++] = ' ';
        memcpy(key + kl, ka, al);
        kl += al;
        uint32_t s = hmap_get(&w->byk, hash64(key, kl));
        merge_non_person(w, s, f);
    }
}

/* "Inter Milan" and "Inter would accept", the one word tagged a person:
   a one-word form the tagger called a person, that no list knows as a
   given name, a person's surname, a title, an organisation word or a
   place, that no mention calls a place nor the corpus writes as one
   ("A Kermit parent" beside "Kermit Elementary School"), and that ends
   no full name of the article ("Bezos" of "Jeff Bezos" beside "Bezos
   Expeditions"), is the short form of the one organisation of two or
   three words that it opens ("Merrill" -> "Merrill Lynch", "Bayern" ->
   "Bayern Munich"). */
static void rule_org_heads(const nw_entities_model *m, const nw_doc *d,
                           ws *w) {
    hmap_clear(&w->aux1); /* first word -> ORG form, or AMBIG */
    hmap_clear(&w->aux2); /* last words of full names */
    for (uint32_t g = 0; g < w->n_fm; g++) {
        const form *G = &w->fm[g];
        if (G->type == NW_ENT_ORG && G->ntok >= 2 && G->ntok <= 3)
            vote_put(&w->aux1, w->fm, G->h_first, uf_find(w->fm, g));
        if (G->type == NW_ENT_PERSON && G->ntok >= 2)
            hmap_put(&w->aux2, G->h_last, g);
    }
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        const mx *x = &w->mx[F->rep];
        if (F->ntok != 1 || F->type != NW_ENT_PERSON || F->titled ||
            lx_whole(m, LX_FIRST, d, x->a, x->b, NULL) ||
            lx_whole(m, LX_NAMES_BIG, d, x->a, x->b, NULL) ||
            lx_whole(m, LX_TITLES, d, x->a, x->b, NULL) ||
            lx_whole(m, LX_ORG_WORDS, d, x->a, x->b, NULL) ||
            lex_at(m->surnames, d, x->a, x->b, NULL) == x->b - x->a ||
            form_is_gaz_loc(m, d, w, f) || F->vote[NW_ENT_LOC] > 0.0f ||
            (d->ment[F->rep].wc & NW_WC_PLACE) ||
            hmap_get(&w->aux2, F->h) != NONE) /* "Bezos" of "Jeff Bezos" */
            continue;
        uint32_t g = hmap_get(&w->aux1, F->h);
        if (is_one(g) && uf_find(w->fm, g) != uf_find(w->fm, f))
            uf_union(w->fm, f, g);
    }
}

/* "Foreign Ministry" -> "Russian Foreign Ministry" when only one fits. */
static void rule_org_tails(const nw_entities_model *m, const nw_doc *d,
                           ws *w) {
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        const mx *x = &w->mx[F->rep];
        if (F->type != NW_ENT_ORG || x->b - x->a < 3)
            continue;
        uint32_t lim = x->b - x->a > ENT_MAX_TOKS ? x->b - ENT_MAX_TOKS : x->a;
        for (uint32_t j = (lim > x->a ? lim : x->a) + 1; j + 2 <= x->b; j++) {
            if (tok_is_poss(d, j) || tok_is_punct(d, j) || !tok_has_cap(d, j))
                continue;
            uint32_t s = form_of_range(d, w, j, x->b, x->last_end);
            if (s == NONE || s == f || w->fm[s].type == NW_ENT_PERSON ||
                w->fm[s].type == NW_ENT_DATE)
                continue;
            /* a tail tagged as a place must still end like an organisation
               ("Foreign Ministry"), not be one ("South Carolina") */
            if (w->fm[s].type != NW_ENT_ORG &&
                !lx_whole(m, LX_ORG_WORDS, d, x->b - 1, x->b, NULL))
                continue;
            w->fm[s].tail = vote(w->fm, w->fm[s].tail, uf_find(w->fm, f));
        }
    }
    for (uint32_t s = 0; s < w->n_fm; s++)
        if (is_one(w->fm[s].tail))
            uf_union(w->fm, s, w->fm[s].tail);
}

/* "the Bank" -> "Bank of England", "the Observatory" -> "Syrian
   Observatory", "the Post" -> "Washington Post": a one-word form that
   every mention writes after "the", with no title and not a first name,
   is the short form of the one organisation of several words whose head
   it is (its last word, or its first before "of").  The model often
   calls such a word a person; one it calls an organisation must be an
   organisation word and no acronym ("the BBC" stays beside "BBC News").
   Places stay apart ("the Gulf" / "Gulf Cooperation Council"). */
static void rule_the_short(const nw_entities_model *m, const nw_doc *d, ws *w) {
    hmap_clear(&w->aux1); /* first or last word -> ORG form or AMBIG */
    int any = 0;
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        if (F->type != NW_ENT_ORG || F->ntok < 2)
            continue;
        /* the head word: the last ("Syrian Observatory"), or the one
           before the first "of" / "for" ("Bank of England", "Syrian
           Observatory for Human Rights"; not "House Republicans") */
        const mx *x = &w->mx[F->rep];
        vote_put(&w->aux1, w->fm, F->h_last, f);
        for (uint32_t k = x->a + 1; k + 1 < x->b; k++)
            if (tok_eq(d, k, "of") || tok_eq(d, k, "for")) {
                uint64_t hh = tok_key_hash(d, k - 1, x->last_end);
                if (hh != F->h_last)
                    vote_put(&w->aux1, w->fm, hh, f);
                break;
            }
        any = 1;
    }
    if (!any)
        return;
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        const mx *x = &w->mx[F->rep];
        if (F->ntok != 1 || F->titled || F->count == 0 || F->n_the != F->count ||
            F->type == NW_ENT_DATE || (F->type == NW_ENT_LOC) ||
            lx_whole(m, LX_FIRST, d, x->a, x->b, NULL) || form_is_gaz_loc(m, d, w, f))
            continue;
        /* an organisation of its own ("the BBC" beside "BBC News"): an
           acronym, or a word that is no organisation word */
        if (F->type != NW_ENT_PERSON &&
            ((d->tok[x->a].flags & NW_TF_ALLCAP) ||
             !lx_whole(m, LX_ORG_WORDS, d, x->a, x->b, NULL)))
            continue;
        uint32_t g = hmap_get(&w->aux1, F->h_first);
        if (is_one(g) && uf_find(w->fm, g) != uf_find(w->fm, f))
            uf_union(w->fm, f, g);
    }
}

/* "the North" -> "North Korea", "the South" -> "South Korea": "north" or
   "south", in every mention written after "the", is the one listed
   country of several words that it opens (the tagger takes it for
   anything).  Not "the West": the Western countries, not "West Africa". */
static void rule_the_compass(const nw_entities_model *m, const nw_doc *d, ws *w) {
    uint32_t loc[2] = {NONE, NONE}, cand[2] = {NONE, NONE};
    static const char *const C[2] = {"north", "south"};
    for (uint32_t f = 0; f < w->n_fm; f++) {
        const form *F = &w->fm[f];
        const mx *x = &w->mx[F->rep];
        for (int k = 0; k < 2; k++)
            if (tok_eq(d, x->a, C[k])) {
                if (F->ntok == 1)
                    cand[k] = f;
                else if (lx_whole(m, LX_COUNTRIES, d, x->a, x->b, NULL))
                    loc[k] = vote(w->fm, loc[k], f);
            }
    }
    for (int k = 0; k < 2; k++) {
        const form *F = cand[k] != NONE ? &w->fm[cand[k]] : NULL;
        if (F && F->count && F->n_the == F->count && !F->titled && is_one(loc[k]))
            uf_union(w->fm, cand[k], loc[k]);
    }
}

/* ================================================== pass 4: entities == */

/* Write the surface of tokens [a, b) (last one ending at last_end) into
   out: token bytes, one space where the text had white space. */
static size_t surface(const nw_doc *d, uint32_t a, uint32_t b,
                      uint32_t last_end, char *out, size_t cap) {
    size_t n = 0;
    for (uint32_t i = a; i < b; i++) {
        uint32_t s = d->tok[i].start, e = d->tok[i].end;
        if (i + 1 == b && last_end > s && last_end < e)
            e = last_end;
        if (i > a && s > d->tok[i - 1].end && n + 1 < cap)
            out[n++] = ' ';
        size_t l = e - s;
        if (n + l + 1 > cap)
            l = cap - n - 1;
        /* never cut a UTF-8 sequence */
        while (l > 0 && l < e - s &&
               ((unsigned char)d->text.buf[s + l] & 0xC0) == 0x80)
            l--;
        memcpy(out + n, d->text.buf + s, l);
        n += l;
        if (n + 1 >= cap)
            break;
    }
    out[n] = '\0';
    return n;
}

static int add_alias(nw_entity *e, const char *s, size_t n) {
    if (n == 0 || (strlen(e->name) == n && !memcmp(e->name, s, n)))
        return 0;
    for (size_t i = 0; i < e->n_aliases; i++)
        if (strlen(e->aliases[i]) == n && !memcmp(e->aliases[i], s, n))
            return 0;
    if (e->n_aliases >= ENT_MAX_ALIASES)
        return 0;
    if (!e->aliases) {
        e->aliases = calloc(ENT_MAX_ALIASES, sizeof(*e->aliases));
        if (!e->aliases)
            return -1;
    }
    e->aliases[e->n_aliases] = strndup(s, n);
    if (!e->aliases[e->n_aliases])
        return -1;
    e->n_aliases++;
    return 0;
}

/* Gender of a person root: its titled mentions, else the label of its
   canonical form's first name; 0 unknown. */
static uint8_t root_gender(const nw_entities_model *m, const nw_doc *d,
                           const ws *w, uint32_t r) {
    const form *R = &w->fm[r];
    if (R->male != R->female)
        return R->male > R->female ? 1 : 2;
    const mx *cx = &w->mx[w->fm[R->canon == NONE ? r : R->canon].rep];
    const char *lab;
    if (cx->b - cx->a >= 2 && lx_at(m, LX_FIRST, d, cx->a, cx->a + 1, &lab) == 1)
        return gender_of_label(lab);
    return 0;
}

/* Entity (root form) for mention i.  A surname several people share goes
   to one whose gender does not contradict the mention's title ("Mrs
   Cruz"), and among those to the one the article has named most so far,
   the last named on a tie, else the first introduced: a reporter who
   brings in "Heidi Cruz" goes on calling the senator "Cruz" and her
   "Heidi" or "Mrs Cruz". */
static uint32_t root_for_mention(const nw_entities_model *m, const nw_doc *d,
                                 ws *w, uint32_t i) {
    const mx *x = &w->mx[i];
    uint32_t r = uf_find(w->fm, x->form);
    const form *F = &w->fm[x->form];
    if (r != x->form || F->sur == NONE)
        return r;
    const cset *c = &w->cs[F->sur];
    uint32_t best = NONE, first = NONE;
    for (int pass = 0; pass < 2 && best == NONE && first == NONE; pass++) {
        for (uint32_t k = 0; k < c->n; k++) {
            uint32_t cr = uf_find(w->fm, c->f[k]);
            const form *C = &w->fm[cr];
            if (pass == 0 && x->gender && x->gender <= 2) {
                uint8_t g = root_gender(m, d, w, cr);
                if (g && g != x->gender)
                    continue;
            }
            if (C->last_seen != NONE && C->last_seen < x->a &&
                (best == NONE || C->seen > w->fm[best].seen ||
                 (C->seen == w->fm[best].seen &&
                  C->last_seen > w->fm[best].last_seen)))
                best = cr;
            if (first == NONE || C->first_pos < w->fm[first].first_pos)
                first = cr;
        }
    }
    return best != NONE ? best : first;
}

/* Entity type: the vote of its mentions (v), with the gazetteers first
   (a listed person is PERSON, a country LOC, a listed organisation ORG),
   and a lone capitalised word with no sign of a person (no title, not a
   first name, not a known surname) that the tagger also called an ORG or
   a LOC somewhere is not taken for a PERSON: news introduces people by
   their full name, so such a word is far more often a club, a company or
   a place.  That holds for articles only (w->newsy): in e-mails and forum
   posts a lone first name is the usual way to name someone.  (Without the
   split vote, half the words it turned were people known by surname.) */
/* Mention i stands before "resident(s)" or "native(s)" ("the Lehi
   resident", "Harlem residents"): a place. */
static int before_resident(const nw_doc *d, const ws *w, uint32_t i) {
    uint32_t k = w->mx[i].b;
    return k < d->n_tok && (tok_eq(d, k, "resident") || tok_eq(d, k, "residents") ||
                            tok_eq(d, k, "native") || tok_eq(d, k, "natives"));
}

/* Mention i stands before a player's or a manager's role ("Liverpool
   striker", "Newcastle's manager"): a place named so is its club. */
static int before_club_role(const nw_doc *d, const ws *w, uint32_t i) {
    static const char *const role[] = {
        "striker", "midfielder", "defender", "goalkeeper", "keeper",
        "winger", "full-back", "centre-back", "centre-half", "fly-half",
        "scrum-half", "playmaker", "skipper", "boss", "manager", "coach",
        NULL};
    uint32_t k = w->mx[i].b;
    if (k < d->n_tok && tok_is_poss(d, k))
        k++;
    return k < d->n_tok && d->tok[k].kind == NW_TK_WORD && tok_among(d, k, role);
}

/* Mention i is one side of a match: "Cardiff v Blackburn", "Chelsea beat
   Portsmouth", "beating Norwich", "the tie against Leeds", "a win over
   Birmingham", "lost to Bolton" (not "home to": "now home to Slice
   Pizza").  A town named so is its club (with
   before_club_role; decide_type keeps countries and regions places: a
   national side is written as its country). */
static int match_side(const nw_doc *d, const ws *w, uint32_t i) {
    static const char *const vs[] = {"v", "vs", "vs.", "versus", NULL};
    static const char *const beat[] = {"beat", "beats", "beating", "thrashed", "defeated",
                                       "edged", "hammered", "trounced", "overcame", NULL};
    static const char *const prep[] = {"against", "over", "to", "by", "host", "hosts",
                                       "hosting", "face", "faces", "facing", NULL};
    static const char *const play[] = {"win", "wins", "victory", "defeat", "defeats",
                                       "draw", "match", "game", "tie", "fixture", "clash",
                                       "final", "semi-final", "derby", "loss", "lost",
                                       "drawn", "scored", "play", "played", "playing",
                                       "penalty", NULL};
    const uint32_t a = w->mx[i].a, b = w->mx[i].b, n = d->n_tok;
    /* X v Y, Y v X: a capitalised word on the other side */
    if (b + 1 < n && tok_among(d, b, vs) && tok_has_cap(d, b + 1))
        return 1;
    if (a >= 2 && tok_among(d, a - 1, vs) && tok_has_cap(d, a - 2))
        return 1;
    /* X beat Y; ... beat X */
    if (b + 1 < n && tok_among(d, b, beat) && tok_has_cap(d, b + 1))
        return 1;
    if (a >= 1 && tok_among(d, a - 1, beat))
        return 1;
    /* against / over / to X after a word of play, four words back at most
       and in the same sentence */
    if (a >= 2 && tok_among(d, a - 1, prep))
        for (uint32_t k = a - 1; k-- > 0 && a - 1 - k <= 4;) {
            if (d->tok[k].kind != NW_TK_WORD)
                break;
            if (tok_among(d, k, play))
                return 1;
            if (d->tok[k].flags & NW_TF_SENT)
                break;
        }
    return 0;
}

/* Mention i stands in apposition right after a company's noun: "the
   biggest sweets firm, Carrow Lindqvist, has", "the
   national carrier, Qantas." -- closed by punctuation, no age after it
   ("the newspaper, Bary, 23,"), and the noun's phrase is no object of
   of / for / to ("the head of the state company, Yury Boyko,"). */
static int after_company_noun(const nw_entities_model *m, const nw_doc *d,
                              const ws *w, uint32_t i) {
    static const char *const prep[] = {"of", "for", "to", NULL};
    static const char *const det[] = {"the", "a", "an", "its", "their", "his",
                                      "her", "our", NULL};
    const mx *x = &w->mx[i];
    const uint32_t a = x->a, b = x->b;
    if (a < 2 || x->titled || b >= d->n_tok || !tok_eq(d, a - 1, ","))
        return 0;
    const uint32_t c = a - 2;
    if (d->tok[c].kind != NW_TK_WORD || tok_has_cap(d, c) ||
        !lx_whole(m, LX_ORG_CUES, d, c, c + 1, NULL))
        return 0;
    if (!(tok_eq(d, b, ",") || tok_eq(d, b, ".") || tok_eq(d, b, ";") || tok_eq(d, b, "(")))
        return 0;
    if (tok_eq(d, b, ",") && b + 1 < d->n_tok && d->tok[b + 1].kind == NW_TK_NUM)
        return 0;
    for (uint32_t k = c; k-- > 0 && c - k <= 8;) {
        if (tok_is_poss(d, k) || tok_eq(d, k, "-"))
            continue; /* "the world's", "state-owned" */
        if (d->tok[k].kind != NW_TK_WORD)
            return 1;
        if (tok_among(d, k, prep))
            return 0; /* "head of Naftohaz company" */
        if (tok_among(d, k, det))
            return !(k > 0 && tok_among(d, k - 1, prep));
    }
    return 1;
}

/* Mention i stands in quotation marks, alone: "known as \"Jihadi John\"". */
static int quoted_alone(const nw_doc *d, const ws *w, uint32_t i) {
    const mx *x = &w->mx[i];
    if (x->a == 0 || x->b >= d->n_tok)
        return 0;
    const nw_token *l = &d->tok[x->a - 1], *r = &d->tok[x->b];
    return (l->kind == NW_TK_QUOTE || tok_eq(d, x->a - 1, "'")) &&
           (r->kind == NW_TK_QUOTE || tok_eq(d, x->b, "'") ||
            (tok_eq(d, x->b, ",") && x->b + 1 < d->n_tok &&
             d->tok[x->b + 1].kind == NW_TK_QUOTE));
}

/* Tokens [a, b) are described as a company: "the Titan corporation"
   (the, the name, a company noun from org_cues.txt), or "Titan, a
   California-based company," (an apposition of a few words that ends in
   such a noun or an organisation word, with no preposition before it,
   closed by punctuation or going on with "which", "at", "based" ...; not
   "Under Baghdadi, the jihadist group grew"). */
static int company_desc(const nw_entities_model *m, const nw_doc *d,
                        uint32_t a, uint32_t b) {
    static const char *const prep[] = {"of", "with", "at", "for", "in", "from",
                                       "by", "to", "on", NULL};
    if (b >= d->n_tok)
        return 0;
    if (a > 0 && tok_eq(d, a - 1, "the") && d->tok[b].kind == NW_TK_WORD &&
        !tok_has_cap(d, b) && (lx_whole(m, LX_ORG_CUES, d, b, b + 1, NULL) ||
                               tok_eq(d, b, "corporation")))
        return 1;
    if (b + 2 >= d->n_tok || !tok_is_punct(d, b) || nw_tok_len(d, b) != 1 ||
        *nw_tok_ptr(d, b) != ',' ||
        !(tok_eq(d, b + 1, "a") || tok_eq(d, b + 1, "an") || tok_eq(d, b + 1, "the")))
        return 0;
    for (uint32_t k = b + 2; k < d->n_tok && k < b + 9; k++) {
        if (tok_is_punct(d, k) && nw_tok_len(d, k) == 1 && *nw_tok_ptr(d, k) == '-')
            continue; /* "California-based" */
        if (d->tok[k].kind != NW_TK_WORD || tok_among(d, k, prep))
            return 0; /* "Conal, an employee with a ... firm" */
        if (!tok_has_cap(d, k) && (lx_whole(m, LX_ORG_CUES, d, k, k + 1, NULL) ||
                                   lx_whole(m, LX_ORG_WORDS, d, k, k + 1, NULL))) {
            static const char *const next[] = {"which", "that", "whose", "at",
                                               "behind", "based", "owned",
                                               "founded", "led", "run", NULL};
            if (k + 1 >= d->n_tok || tok_among(d, k + 1, next))
                return 1; /* "the food group which went bust" */
            if (d->tok[k + 1].kind != NW_TK_PUNCT || nw_tok_len(d, k + 1) != 1)
                return 0;
            char c = *nw_tok_ptr(d, k + 1);
            return c == ',' || c == '.' || c == ';' || c == '(';
        }
    }
    return 0;
}

/* Token t is followed by a noun that names a product or a work: "Linux
   software", "Symbian phones", "the Cell processor", "Countryfile
   programme". */
static int product_desc(const nw_entities_model *m, const nw_doc *d,
                        uint32_t t, uint32_t u) {
    (void)t;
    if (u >= d->n_tok || d->tok[u].kind != NW_TK_WORD || tok_has_cap(d, u))
        return 0;
    for (size_t k = 0; k < m->n_product_h; k++)
        if (d->tok[u].hash == m->product_h[k] && tok_eq(d, u, product_nouns[k]))
            return 1;
    return tok_eq(d, u, "operating") && u + 1 < d->n_tok && tok_eq(d, u + 1, "system");
}

/* Tokens [a, b) are written as a place: "in the Amazon", "the Amazon
   rainforest" (the, the name, then punctuation or a word for land or
   water; or in / across / through / into the name). */
static int place_desc(const nw_entities_model *m, const nw_doc *d,
                      uint32_t a, uint32_t b) {
    static const char *const land[] = {"rainforest", "forest", "basin", "river",
                                       "region", "jungle", "valley", "delta",
                                       NULL};
    (void)m;
    if (a == 0 || !tok_eq(d, a - 1, "the"))
        return 0;
    if (b >= d->n_tok || (tok_is_punct(d, b) && !tok_is_poss(d, b)))
        return 1;
    if (a >= 2 && (tok_eq(d, a - 2, "in") || tok_eq(d, a - 2, "across") ||
                   tok_eq(d, a - 2, "through") || tok_eq(d, a - 2, "into")))
        return 1; /* "forest lost in the Amazon has tripled" */
    return tok_among(d, b, land);
}

#define DESC_COMPANY 1u
#define DESC_PRODUCT 2u
#define DESC_PLACE 4u

static uint64_t word_text_hash(const nw_doc *d, uint32_t t) {
    return hash64(nw_tok_ptr(d, t), nw_tok_len(d, t));
}

/* Index every capitalised word of the article under its text with what
   its occurrences say of it (company_desc, product_desc, place_desc), so
   that a one-word name's description anywhere in the article is one
   lookup: the tagger may have tagged only "accused Titan of" and left
   "the Titan corporation" alone.  0, or -1 out of memory. */
static int build_descs(const nw_entities_model *m, const nw_doc *d, ws *w) {
    uint8_t *fl = calloc(d->n_tok + 1, 1);
    uint32_t n = 0;
    if (!fl)
        return -1;
    for (uint32_t t = 0; t < d->n_tok; t++) {
        if (d->tok[t].kind != NW_TK_WORD || !tok_has_cap(d, t))
            continue;
        fl[t] = (uint8_t)((company_desc(m, d, t, t + 1) ? DESC_COMPANY : 0) |
                          (product_desc(m, d, t, t + 1) ? DESC_PRODUCT : 0) |
                          (place_desc(m, d, t, t + 1) ? DESC_PLACE : 0));
        n += fl[t] != 0;
    }
    if (hmap_init(&w->descs, n) != 0) {
        free(fl);
        return -1;
    }
    for (uint32_t t = 0; t < d->n_tok; t++)
        if (fl[t]) {
            uint64_t k = word_text_hash(d, t);
            uint32_t v = hmap_get(&w->descs, k);
            hmap_put(&w->descs, k, (v == NONE ? 0 : v) | fl[t]);
        }
    free(fl);
    return 0;
}

/* Is the one-word name at token i described so (DESC_* bits) at one of
   its occurrences?  The index is built on the first question (most
   articles never ask); out of memory, nothing is described. */
static int desc_anywhere(const nw_entities_model *m, const nw_doc *d, ws *w,
                         uint32_t i, uint32_t what) {
    if (w->descs_state == 0)
        w->descs_state = build_descs(m, d, w) == 0 ? 1 : -1;
    if (w->descs_state < 0)
        return 0;
    uint32_t v = hmap_get(&w->descs, word_text_hash(d, i));
    return v != NONE && (v & what);
}

/* The entity's type from its canonical form, its mentions' votes v, and
   what stands beside its mentions: titled (a title), where: 4 a player's
   or manager's role after one ("Liverpool striker"), 64 one a side in a
   match ("Cardiff v Blackburn", match_side), 8 "resident(s)" /
   "native(s)" after one ("the Lehi resident"), 16 a company's noun and a
   comma before one (after_company_noun), 32 one in quotation marks. */
static uint8_t decide_type(const nw_entities_model *m, const nw_doc *d,
                           ws *w, uint32_t canon, const float *v,
                           uint32_t titled, uint32_t where) {
    const form *C = &w->fm[canon];
    const mx *cx = &w->mx[C->rep];
    uint8_t best = NW_ENT_NONE;
    for (uint8_t t = 1; t <= NW_ENT_MISC; t++)
        if (v[t] > v[best])
            best = t;
    int loc = form_is_gaz_loc(m, d, w, canon);
    if (lx_whole(m, LX_PEOPLE, d, cx->a, cx->b, NULL))
        return NW_ENT_PERSON;
    if (C->alias_type)
        return C->alias_type;
    /* "Ryan Roche" and four times "Roche" (a listed company): a full
       name the tagger called a person, opening with a listed first name,
       says what its short forms are */
    if (best != NW_ENT_PERSON && C->ntok >= 2 && C->type == NW_ENT_PERSON &&
        (lx_whole(m, LX_FIRST, d, cx->a, cx->a + 1, NULL) ||
         lx_whole(m, LX_NAMES_BIG, d, cx->a, cx->a + 1, NULL)) &&
        !lx_whole(m, LX_COUNTRIES, d, cx->a, cx->b, NULL))
        return NW_ENT_PERSON;
    /* "Jihadi John" in quotation marks: a nickname that ends in a given
       name is a person's -- not after a place's word ("Lake Maria") */
    static const char *const place_head[] = {"san", "santa", "st", "st.", "saint",
                                             "port", "fort", "lake", "mount",
                                             "mt", "cape", "point", "glen", "new",
                                             "north", "south", "east", "west", NULL};
    if ((where & 32) && best == NW_ENT_LOC && !loc && C->ntok >= 2 && C->ntok <= 3 &&
        lx_whole(m, LX_FIRST, d, cx->b - 1, cx->b, NULL) &&
        !tok_among(d, cx->a, place_head))
        return NW_ENT_PERSON;
    /* "the confectionery firm, Cadbury Schweppes,": the company */
    if ((where & 16) && !titled && best != NW_ENT_ORG &&
        !lx_whole(m, LX_COUNTRIES, d, cx->a, cx->b, NULL) &&
        !lx_whole(m, LX_REGIONS, d, cx->a, cx->b, NULL))
        return NW_ENT_ORG;
    /* "Liverpool striker", "Newcastle boss": a town's club, an
       organisation; a country's team stays the country */
    if ((where & 4) && (loc || best == NW_ENT_LOC) &&
        !lx_whole(m, LX_COUNTRIES, d, cx->a, cx->b, NULL) &&
        !lx_whole(m, LX_REGIONS, d, cx->a, cx->b, NULL))
        return NW_ENT_ORG;
    /* "Cardiff v Blackburn", "the win over Norwich": a town on one side of
       a match is its club -- a place by the tagger or the lists, of one
       word or on no list ("Nottm Forest"; not "Faroe Islands"); people
       ("beat Lleyton Hewitt") and countries stay what they are */
    if ((where & 64) && (loc || best == NW_ENT_LOC) && (C->ntok == 1 || !loc) &&
        !lx_whole(m, LX_COUNTRIES, d, cx->a, cx->b, NULL) &&
        !lx_whole(m, LX_REGIONS, d, cx->a, cx->b, NULL))
        return NW_ENT_ORG;
    /* a name on both lists ("Amazon", the company and the region) goes
       by the votes */
    if (loc && best == NW_ENT_ORG && !C->alias_loc &&
        lx_whole(m, LX_ORGS, d, cx->a, cx->b, NULL) &&
        !(C->ntok == 1 && desc_anywhere(m, d, w, cx->a, DESC_PLACE)))
        return NW_ENT_ORG;
    if (loc && (best != NW_ENT_PERSON || C->alias_loc ||
                lx_whole(m, LX_COUNTRIES, d, cx->a, cx->b, NULL)))
        return NW_ENT_LOC;
    if (C->alias_org || lx_whole(m, LX_ORGS, d, cx->a, cx->b, NULL))
        return NW_ENT_ORG;
    /* "Gaza Strip", "Labour Party": the designator tells */
    for (uint32_t k = 1; k <= 2 && k < cx->b - cx->a; k++) {
        const char *lab;
        if (lx_whole(m, LX_DESIG, d, cx->b - k, cx->b, &lab) && lab) {
            uint8_t t = type_of_name(lab);
            if (t && (best != NW_ENT_PERSON || t == NW_ENT_LOC))
                return t;
        }
    }
    /* "Officer Darren Wilson" and six times "Wilson" (a town too): a
       titled person whose full name was tagged a person stays one, however
       its bare surname voted */
    if (titled && best != NW_ENT_PERSON && C->ntok >= 2 && C->type == NW_ENT_PERSON)
        return NW_ENT_PERSON;
    /* "energy analyst Orin Middleton" (a town), tagged a place */
    if (best != NW_ENT_PERSON && titled_pair_name(m, d, w, canon, titled))
        return NW_ENT_PERSON;
    /* "Lucent Technologies" and twice "Lucent" tagged a person: the full
       name, tagged an organisation or a place, says what the short forms
       are -- unless it is a titled pair of names ("spokeswoman Rosario
       Murillo", then "Murillo said") */
    if (best == NW_ENT_PERSON && C->ntok >= 2 &&
        (C->type == NW_ENT_ORG || C->type == NW_ENT_LOC) &&
        !titled_pair_name(m, d, w, canon, titled))
        return C->type;
    /* "Diocese of ...", "Ministry of ...": no person's name starts so */
    if (best == NW_ENT_PERSON && C->ntok >= 2 &&
        lx_whole(m, LX_ORG_WORDS, d, cx->a, cx->a + 1, NULL))
        return NW_ENT_ORG;
    if (best == NW_ENT_PERSON && C->ntok == 1 && !titled &&
        !lx_whole(m, LX_FIRST, d, cx->a, cx->b, NULL) &&
        lex_at(m->surnames, d, cx->a, cx->b, NULL) != cx->b - cx->a) {
        if (loc || (where & 8))
            return NW_ENT_LOC; /* a listed place, or "the Lehi resident":
                                  nothing says a person */
        /* "Juve manager Luciano Moggi", "the Titan corporation" */
        if ((where & 4) || desc_anywhere(m, d, w, cx->a, DESC_COMPANY))
            return NW_ENT_ORG;
        if (w->newsy && (v[NW_ENT_ORG] > 0.0f || v[NW_ENT_LOC] > 0.0f))
            return NW_ENT_ORG;
        /* "Linux software", "Symbian phones": a product, no person */
        if (desc_anywhere(m, d, w, cx->a, DESC_PRODUCT))
            return NW_ENT_MISC;
        /* the unlabelled corpus writes the word before organisation
           words or after "the", never after a first name or a title:
           "Nike", "the Mirror", "Pompey", "Bundesbank"; or after in / at /
           from, and not before "said": "Raqqa", "Anfield" */
        const uint8_t wc = d->ment[C->rep].wc;
        if (w->newsy && (wc & NW_WC_SEEN) && !(wc & NW_WC_PERSON)) {
            if (wc & NW_WC_ORG)
                return NW_ENT_ORG;
            if ((wc & NW_WC_PLACE) && !(wc & NW_WC_SAID))
                return NW_ENT_LOC;
        }
    }
    /* "the Exeem program", "Firefox browser": an unlisted "place" named
       before a product noun is the product */
    if (best == NW_ENT_LOC && C->ntok == 1 && !(where & 8) &&
        desc_anywhere(m, d, w, cx->a, DESC_PRODUCT))
        return NW_ENT_MISC;
    return best == NW_ENT_NONE ? NW_ENT_MISC : best;
}

static int build_entities(const nw_entities_model *m, nw_doc *d, ws *w) {
    char buf[ENT_MAX_KEY * 2];
    nw_extraction *x = d->x;
    uint32_t n_ent = 0;

    /* canonical form per root: most tokens, then longest key, then first */
    for (uint32_t f = 0; f < w->n_fm; f++) {
        w->fm[f].canon = NONE;
        w->fm[f].last_seen = NONE;
        w->fm[f].seen = 0;
    }
    for (uint32_t f = 0; f < w->n_fm; f++) {
        uint32_t r = uf_find(w->fm, f);
        form *R = &w->fm[r];
        const form *F = &w->fm[f];
        if (R->canon == NONE) {
            R->canon = f;
            continue;
        }
        const form *C = &w->fm[R->canon];
        if (F->ntok > C->ntok || (F->ntok == C->ntok && F->klen > C->klen))
            R->canon = f;
    }
    /* assign mentions in text order; entities numbered by first mention */
    for (uint32_t i = 0; i < d->n_ment; i++) {
        d->ment[i].entity = -1;
        if (w->mx[i].a >= w->mx[i].b || w->mx[i].form == NONE)
            continue;
        uint32_t r = root_for_mention(m, d, w, i);
        form *R = &w->fm[r];
        if (R->entity == NONE)
            R->entity = n_ent++;
        R->last_seen = w->mx[i].a;
        R->seen++;
        d->ment[i].entity = (int32_t)R->entity;
    }
    x->entities = calloc(n_ent + 1, sizeof(*x->entities));
    d->ent_gender = calloc(n_ent + 1, sizeof(*d->ent_gender));
    if (!x->entities || !d->ent_gender)
        return -1;
    x->n_entities = n_ent;
    /* per-entity tallies, indexed by entity through a root list */
    uint32_t *root_of = malloc((n_ent + 1) * sizeof(*root_of));
    float *votes = calloc((size_t)(n_ent + 1) * (NW_ENT_MISC + 1), sizeof(*votes));
    uint32_t *male = calloc(n_ent + 1, sizeof(*male));
    uint32_t *female = calloc(n_ent + 1, sizeof(*female));
    uint8_t *head = calloc(n_ent + 1, 1);
    uint32_t *first_tok = malloc((n_ent + 1) * sizeof(*first_tok));
    int rc = -1;
    if (!root_of || !votes || !male || !female || !head || !first_tok)
        goto out;
    for (uint32_t f = 0; f < w->n_fm; f++)
        if (w->fm[f].parent == f && w->fm[f].entity != NONE)
            root_of[w->fm[f].entity] = f;
    /* votes and gender by form (a form split by proximity votes for the
       entities its mentions went to) */
    for (uint32_t i = 0; i < d->n_ment; i++) {
        int32_t e = d->ment[i].entity;
        if (e < 0)
            continue;
        const mx *mxi = &w->mx[i];
        nw_entity *E = &x->entities[e];
        E->n_mentions++;
        uint8_t ty = d->ment[i].type <= NW_ENT_MISC ? d->ment[i].type : NW_ENT_MISC;
        float sc = vote_weight(d->ment[i].score);
        votes[(size_t)e * (NW_ENT_MISC + 1) + ty] +=
            sc * (1.0f + 0.5f * (float)(mxi->b - mxi->a - 1));
        if (mxi->a > mxi->t && mxi->gender)
            votes[(size_t)e * (NW_ENT_MISC + 1) + NW_ENT_PERSON] += 0.5f;
        if (mxi->gender == 1)
            male[e]++;
        else if (mxi->gender == 2)
            female[e]++;
        if (d->tok[mxi->a].flags & NW_TF_TITLE)
            head[e] |= 1; /* in the headline */
        if (mxi->titled || (d->ment[i].flags & NW_MENT_LINEUP))
            head[e] |= 2; /* a title stands with it, or a line-up lists it */
        if (before_club_role(d, w, i))
            head[e] |= 4; /* "Liverpool striker" */
        if (match_side(d, w, i))
            head[e] |= 64; /* "Cardiff v Blackburn" */
        if (before_resident(d, w, i))
            head[e] |= 8; /* "the Lehi resident" */
        if (after_company_noun(m, d, w, i))
            head[e] |= 16; /* "the confectionery firm, Cadbury Schweppes," */
        if (quoted_alone(d, w, i))
            head[e] |= 32; /* "known as \"Jihadi John\"" */
    }
    uint32_t max_count = 1;
    for (uint32_t e = 0; e < n_ent; e++) {
        nw_entity *E = &x->entities[e];
        if (E->n_mentions > max_count)
            max_count = (uint32_t)E->n_mentions;
        E->mentions = calloc(E->n_mentions ? E->n_mentions : 1, sizeof(*E->mentions));
        if (!E->mentions)
            goto out;
        E->n_mentions = 0;
        /* name */
        const form *C = &w->fm[w->fm[root_of[e]].canon];
        const mx *cx = &w->mx[C->rep];
        size_t n = surface(d, cx->a, cx->b, cx->last_end, buf, sizeof(buf));
        E->name = strndup(buf, n);
        if (!E->name)
            goto out;
        uint8_t best = decide_type(m, d, w, w->fm[root_of[e]].canon,
                                   &votes[(size_t)e * (NW_ENT_MISC + 1)],
                                   (head[e] & 2) != 0, head[e] & (4 | 8 | 16 | 32 | 64));
        E->type = (nw_entity_type)best;
        /* gender */
        uint8_t g = 0;
        if (best == NW_ENT_PERSON) {
            const char *lab;
            if (male[e] > female[e])
                g = 1;
            else if (female[e] > male[e])
                g = 2;
            else if (cx->b - cx->a >= 2 &&
                     lx_at(m, LX_FIRST, d, cx->a, cx->a + 1, &lab) == 1)
                g = gender_of_label(lab);
        } else if (best == NW_ENT_ORG || best == NW_ENT_LOC) {
            g = 3;
        }
        d->ent_gender[e] = g;
    }
    /* mentions and aliases, in text order */
    for (uint32_t e = 0; e < n_ent; e++)
        first_tok[e] = NONE;
    for (uint32_t i = 0; i < d->n_ment; i++) {
        int32_t e = d->ment[i].entity;
        if (e < 0)
            continue;
        const mx *mxi = &w->mx[i];
        nw_entity *E = &x->entities[e];
        E->mentions[E->n_mentions++] =
            nw_text_src(&d->text, d->tok[mxi->a].start, mxi->last_end);
        if (first_tok[e] == NONE)
            first_tok[e] = mxi->a;
        size_t n = surface(d, mxi->a, mxi->b, mxi->last_end, buf, sizeof(buf));
        if (add_alias(E, buf, n) != 0)
            goto out;
        if (mxi->t < mxi->a) {
            n = surface(d, mxi->t, mxi->b, mxi->last_end, buf, sizeof(buf));
            if (add_alias(E, buf, n) != 0)
                goto out;
        }
    }
    /* salience: how often, how early, in the headline */
    for (uint32_t e = 0; e < n_ent; e++) {
        nw_entity *E = &x->entities[e];
        double cnt = log1p((double)E->n_mentions) / log1p((double)max_count);
        double pos = d->n_tok ? 1.0 - (double)first_tok[e] / (double)d->n_tok : 1.0;
        double s = 0.5 * cnt + 0.3 * pos + 0.2 * ((head[e] & 1) ? 1.0 : 0.0);
        E->salience = s < 0.0 ? 0.0 : s > 1.0 ? 1.0 : s;
    }
    rc = 0;
out:
    free(first_tok);
    free(root_of);
    free(votes);
    free(male);
    free(female);
    free(head);
    return rc;
}

/* ================================================================ run == */

/* Fill d->x->entities (d->x must exist, with no entities yet),
   d->ent_gender and every d->ment[i].entity.  Mention ranges are checked,
   never trusted.  Returns 0, or -1 when out of memory (what was filled is
   then owned by d and released by nw_doc_release()). */
int nw_entities_run(const nw_entities_model *m, nw_doc *d) {
    ws w;
    int rc = -1;

    if (!m || !d || !d->x)
        return -1;
    memset(&w, 0, sizeof(w));
    if (d->n_ment == 0) {
        d->x->entities = calloc(1, sizeof(*d->x->entities));
        d->ent_gender = calloc(1, 1);
        d->x->n_entities = 0;
        return d->x->entities && d->ent_gender ? 0 : -1;
    }
    uint32_t n = d->n_ment;
    w.mx = calloc(n, sizeof(*w.mx));
    w.fm = calloc(n, sizeof(*w.fm));
    /* a person's name files under its surname and, for a family name
       written first, under its first word too: two sets and two keys a
       form at most (rule_person_short) */
    w.cs = calloc(2 * (size_t)n, sizeof(*w.cs));
    if (!w.mx || !w.fm || !w.cs || hmap_init(&w.byk, n) != 0 ||
        hmap_init(&w.aux1, 2 * n) != 0 || hmap_init(&w.aux2, n) != 0)
        goto out;
    for (uint32_t i = 0; i < n; i++)
        clean_mention(m, d, &d->ment[i], &w.mx[i]);
    w.keys_cap = (size_t)n * 24 + 64;
    w.keys = malloc(w.keys_cap);
    if (!w.keys)
        goto out;
    if (build_forms(m, d, &w) != 0)
        goto out;
    /* news style: a few sentences, and people named in full */
    for (uint32_t f = 0; f < w.n_fm && d->n_tok >= ENT_NEWS_TOKENS; f++)
        if (w.fm[f].type == NW_ENT_PERSON && w.fm[f].ntok >= 2)
            w.newsy = 1;
    rule_defined_acronyms(d, &w);
    rule_initials(m, d, &w);
    rule_variants(d, &w);
    rule_content_words(d, &w);
    rule_designators(m, d, &w);
    rule_org_word_prefix(m, d, &w);
    rule_of_inversion(d, &w);
    rule_org_tails(m, d, &w);
    rule_org_heads(m, d, &w);
    rule_of_suffix(d, &w);
    rule_the_short(m, d, &w);
    rule_the_compass(m, d, &w);
    rule_full_name_of_surname(m, d, &w);
    rule_surname_tails(m, d, &w);
    rule_person_short(m, d, &w);
    rc = build_entities(m, d, &w);
    if (w.descs_state < 0)
        rc = -1;
out:
    ws_release(&w);
    return rc;
}
