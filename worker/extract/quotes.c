/*
 * quotes.c -- direct quotations and who said them.
 *
 * Design.  The stage works on the token stream only (doc.h); it never
 * re-reads raw bytes except to look at the characters right beside a quote
 * mark.  Passes, each linear in the number of tokens:
 *
 *  1. Paragraphs and marks.  Paragraphs come from the front end (a blank
 *     line, NW_TF_PARA); a break after a comma or a function word is taken
 *     for a wrapped line.  Every NW_TK_QUOTE token is classed as opening or
 *     closing by its spacing (space before and none after opens), and by
 *     the curly direction (NW_TF_QOPEN/QCLOSE) only where spacing cannot
 *     tell: smart-quote software often turns a mark the wrong way, it
 *     rarely glues it to the wrong word.  A small state machine pairs marks
 *     inside each paragraph.  A paragraph that ends inside a quote continues
 *     it only when the next paragraph starts with an opening mark (the
 *     multi-paragraph convention); otherwise the quote ends with its
 *     paragraph, so a stray mark never swallows the rest of the article.
 *     Each contiguous quoted span is one quote; a trailing comma or full
 *     stop is left out.  Titles of works and nicknames (Title Case runs,
 *     a film called "Heat") are dropped.  Paragraphs holding only
 *     boilerplate or page code (NW_TF_NOTTEXT: a URL line, "Related
 *     article: ...", "<!-- google_ad_client = ..."), whose marks make no
 *     quotes, share the content number (qctx.pcont) of the paragraph
 *     before them, so every look-back that counts paragraphs or sentences
 *     passes over them as if absent.
 *
 *  2. Cues.  Every token outside quotes and outside names is looked up in
 *     the cue lexicon (lexicons/speech_verbs.txt, an nw_lexicon: longest
 *     phrase first; every label is checked at load).  A
 *     cue's label says where its speaker stands: "say" (Brown said / ...,
 *     said Brown), "left" (Brown told reporters, Brown was quoted as saying),
 *     "right" (according to Brown).
 *
 *  3. Attribution, per quote in text order.  The quote's frames are the
 *     stretch after its closing mark to the end of the sentence and the
 *     stretch before its opening mark back to the sentence start or the
 *     previous quote.  In order: a transcript label inside the quote
 *     ("HOLT: ..."); a colon or cue lead-in before it; a cue after it
 *     ("...," he said / said X / -- X, and a verb the lexicon lacks right
 *     after the quote); any cue before it; the previous span's speaker for
 *     a continued quote; the subject of a colon lead-in; a cue elsewhere in
 *     the sentence; the subject of the clause holding a partial quote; the
 *     nearest cue in the paragraph, then in the paragraph before; the
 *     previous quote's speaker.  Beside a cue the speaker is a mention
 *     (doc->ment) after skipping adverbs, auxiliaries, dates and appositions
 *     ("Page, an economist at Investec, said"), following title words to the
 *     person they name ("ADB chief economist Ifzal Ali"), past a club or
 *     place before a description ("said the Liverpool defender"); a
 *     pronoun; or a description (lexicons/speaker_nouns.txt).  "X quoted Y
 *     as saying", and after a quote "X quoted Y", are Y's.  The subject of
 *     a one-word cue in the passive ("X was criticised", "she was told") is
 *     no speaker, beside the cue or as the subject of a partial quote.  A
 *     description after "one" or "another" is an unnamed person; after
 *     "a"/"an" it is nobody named before it ("a judge claimed ... Judge
 *     Charles Harris"); "the diplomat" after "One Western diplomat", with
 *     no earlier use that names someone, is unnamed too.  Pronouns and
 *     descriptions
 *     are resolved Hobbs-style: the leftmost fitting mention outside quotes
 *     of the same sentence, then of each earlier sentence (he/she: persons
 *     of that gender, they/it: organisations and places); a description
 *     first looks for the name it was attached to elsewhere ("spokeswoman
 *     Maria Zakharova", "Letwin, the shadow chancellor"), and an unnamed
 *     spokesperson stands for the organisation beside it.  A participle or
 *     a coordinated verb ("..., adding", "... but denied") shares the
 *     subject of the sentence's earlier verb.  Last, a span without a cue of
 *     its own takes the speaker of the span that continues it.
 *
 * Cost: every search is bounded (frames of 50 tokens, references of 800
 * tokens, 24 earlier uses of a description, found through per-word chains)
 * and pronoun and description results are remembered per token, so a
 * document costs O(tokens) with small constants.  Memory: a handful of
 * per-document arrays sized by the token count, allocated once per call;
 * nothing per token.  No global mutable state.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lexicon.h"
#include "quotes.h"
#include "text.h"

/* ============================================================ lexicon == */

enum {
    QL_NONE = 0,
    QL_SAY,                /* speech verbs: speaker either side */
    QL_LEFT,               /* speaker before the cue */
    QL_RIGHT,              /* speaker after the cue */
    QL_PERSON,             /* description of a person */
    QL_SPOKES,             /* spokesperson */
    QL_ORG,                /* description of an organisation */
    QL_ANON,               /* unnamed source */
    QL_MEDIA,              /* a publication: an organisation named with
                              that noun, else unnamed */
};

struct nw_quotes_model {
    nw_lexicon *cues;      /* lexicons/speech_verbs.txt, labels say/left/right */
    nw_lexicon *nouns;     /* lexicons/speaker_nouns.txt, person/spokes/org/anon */
    /* closed-class words, as hashes */
    uint32_t h_he, h_she, h_they, h_it;
    uint32_t h_the, h_a, h_an, h_his, h_her, h_its, h_their, h_our;
    uint32_t h_for, h_of, h_at, h_from;
    uint32_t h_s;          /* the possessive "s" */
    uint32_t skip[96];     /* adverbs and auxiliaries between subject and cue */
    size_t n_skip;
    uint32_t male[16], female[16];
    size_t n_male, n_female;
    uint32_t titles[40];   /* words before a quoted title of a work */
    size_t n_titles;
    uint32_t small[24];    /* function words allowed inside a Title Case run */
    size_t n_small;
    uint32_t notname[48];  /* capitalised words that are no speaker */
    size_t n_notname;
    uint32_t abbr[40];     /* abbreviations whose full stop ends nothing */
    size_t n_abbr;
};

static uint32_t hs(const char *s) { return nw_hash_lower(s, strlen(s)); }

static int in_set(const uint32_t *set, size_t n, uint32_t h) {
    for (size_t i = 0; i < n; i++)
        if (set[i] == h)
            return 1;
    return 0;
}

static size_t fill_set(uint32_t *set, size_t cap, const char *const *w) {
    size_t n = 0;
    for (; n < cap && w[n]; n++)
        set[n] = hs(w[n]);
    return n;
}

static int label_code(const char *s) {
    static const struct { const char *name; int code; } tab[] = {
        {"say", QL_SAY}, {"left", QL_LEFT}, {"right", QL_RIGHT},
        {"person", QL_PERSON}, {"spokes", QL_SPOKES}, {"org", QL_ORG},
        {"anon", QL_ANON}, {"media", QL_MEDIA},
    };
    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
        if (strcmp(s, tab[i].name) == 0)
            return tab[i].code;
    return -1;
}

static int label_bad(const char *phrase, const char *label, void *arg) {
    (void)phrase;
    (void)arg;
    return label_code(label) < 0;
}

/* Load datadir/lexicons/name; every phrase must carry a known label. */
static nw_lexicon *qx_lex_load(const char *datadir, const char *name,
                               char *err, size_t errlen) {
    char path[4096];
    snprintf(path, sizeof(path), "%s/lexicons/%s", datadir, name);
    nw_lexicon *l = nw_lexicon_load(path, err, errlen);
    const char *bad = l ? nw_lexicon_each(l, label_bad, NULL) : NULL;
    if (bad) {
        snprintf(err, errlen, "quotes: %s: \"%s\": missing or unknown label",
                 path, bad);
        nw_lexicon_free(&l);
    }
    return l;
}

/* Longest phrase of l starting at word token i, not crossing end.  Returns
   its length in tokens (0: none; *label then untouched) and its QL_ code in
   *label. */
static uint32_t qx_match(const nw_lexicon *l, const nw_doc *d, uint32_t i,
                         uint32_t end, int *label) {
    const char *lab;
    if (i >= end || d->tok[i].kind != NW_TK_WORD)
        return 0;
    uint32_t n = nw_lexicon_match(l, d, i, end, &lab);
    if (n)
        *label = label_code(lab);
    return n;
}

/* ============================================================== model == */

/* Free the model and set *pm to NULL.  Safe on NULL and on *pm == NULL. */
void nw_quotes_free(nw_quotes_model **pm) {
    if (!pm || !*pm)
        return;
    nw_lexicon_free(&(*pm)->cues);
    nw_lexicon_free(&(*pm)->nouns);
    free(*pm);
    *pm = NULL;
}

/* Load lexicons/speech_verbs.txt and lexicons/speaker_nouns.txt from
   datadir (NULL: the built-in default).  Returns NULL with a one-line
   reason in err when a file is missing, malformed or memory runs out. */
nw_quotes_model *nw_quotes_load(const char *datadir, char *err,
                                size_t errlen) {
    static const char *const skip[] = {
        "also", "later", "earlier", "has", "have", "had", "was", "is", "were",
        "are", "will", "would", "could", "should", "may", "might", "then",
        "again", "previously", "recently", "once", "further", "reportedly",
        "repeatedly", "did", "does", "do", "not", "never", "just", "has",
        "yesterday", "today", "tonight", "last", "week", "night", "on",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "morning", "afternoon", "evening", "still", "even", "who", "which",
        "himself", "herself", "itself", "themselves", "too", "already",
        "subsequently", "separately", "meanwhile", "however", "january",
        "february", "march", "april", "june", "july", "august", "september",
        "october", "november", "december", "first", "publicly", "privately",
        NULL};
    static const char *const male[] = {"mr", "mr.", "mister", "sir", "lord",
        "king", "prince", "father", "brother", "dr", NULL};
    static const char *const female[] = {"ms", "ms.", "mrs", "mrs.", "miss",
        "lady", "dame", "queen", "princess", "sister", "madam", "mother",
        NULL};
    static const char *const titles[] = {"film", "movie", "album", "song",
        "book", "novel", "single", "show", "programme", "program", "series",
        "play", "musical", "magazine", "titled", "entitled", "nicknamed",
        "dubbed", "codenamed", "named", "hit", "documentary", "episode",
        "track", "opera", "poem", "painting", "game", "operation",
        "hashtag", "slogan", "brand", "label", "drama", "sitcom", NULL};
    static const char *const small[] = {"of", "the", "and", "a", "an", "in",
        "on", "to", "for", "at", "by", "with", "or", "&", "-", NULL};
    static const char *const notname[] = {"the", "a", "an", "but", "and",
        "in", "on", "at", "as", "if", "when", "while", "after", "before",
        "this", "that", "these", "those", "it", "he", "she", "they", "we",
        "i", "you", "there", "here", "so", "yet", "or", "for", "with",
        "speaking", "asked", "writing", "meanwhile", "however", "also",
        "his", "her", "their", "its", "our", "my", "what", NULL};
    static const char *const abbr[] = {"mr", "mrs", "ms", "dr", "st", "jr",
        "sr", "gen", "gov", "sen", "rep", "lt", "col", "capt", "prof", "rev",
        "no", "inc", "corp", "co", "ltd", "vs", "sgt", "maj", "adm", "cmdr",
        "u.s", "u.k", "u.n", "jan", "feb", "aug", "sept", "oct", "nov",
        "dec", "mt", "ft", NULL};
    char dummy[1];
    if (!err || errlen == 0) {
        err = dummy;
        errlen = sizeof(dummy);
    }
    if (!datadir)
        datadir = NW_DEFAULT_DATADIR;
    nw_quotes_model *m = calloc(1, sizeof(*m));
    if (!m) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (!(m->cues = qx_lex_load(datadir, "speech_verbs.txt", err, errlen)) ||
        !(m->nouns = qx_lex_load(datadir, "speaker_nouns.txt", err, errlen)))
        goto fail;
    m->h_he = hs("he");
    m->h_she = hs("she");
    m->h_they = hs("they");
    m->h_it = hs("it");
    m->h_the = hs("the");
    m->h_a = hs("a");
    m->h_an = hs("an");
    m->h_his = hs("his");
    m->h_her = hs("her");
    m->h_its = hs("its");
    m->h_their = hs("their");
    m->h_our = hs("our");
    m->h_for = hs("for");
    m->h_of = hs("of");
    m->h_at = hs("at");
    m->h_from = hs("from");
    m->h_s = hs("s");
    m->n_skip = fill_set(m->skip, 96, skip);
    m->n_male = fill_set(m->male, 16, male);
    m->n_female = fill_set(m->female, 16, female);
    m->n_titles = fill_set(m->titles, 40, titles);
    m->n_small = fill_set(m->small, 24, small);
    m->n_notname = fill_set(m->notname, 48, notname);
    m->n_abbr = fill_set(m->abbr, 40, abbr);
    return m;
fail:
    nw_quotes_free(&m);
    return NULL;
}

/* ========================================================== per document */

#define QW_FRAME 50        /* longest frame scanned beside a quote */
#define QW_APPOS 30        /* longest apposition skipped */
#define QW_DESC 4000       /* how far back a description is looked for */
#define QW_PRON 60         /* mentions looked at for a pronoun */
#define QW_REF 800         /* tokens looked at to resolve a reference */
#define QW_OCC 24          /* earlier/later uses of a description looked at */
#define QW_REPEAT 6        /* words a quote repeated elsewhere must have */
#define QW_REPEAT_Q 40     /* quotes looked at either side for a repeat */
#define QC_REPEAT 0.6      /* a cue-attributed speaker's confidence at least */

enum { MK_AMBIG = 0, MK_OPEN = 1, MK_CLOSE = 2 };
enum { QM_UNSET = -2, QM_ANON = -3 };

typedef struct qspan {
    uint32_t open, close;  /* mark tokens; close == UINT32_MAX: none */
    uint32_t a, b;         /* content tokens [a, b) */
    uint32_t para;
    uint8_t cont;          /* continues the previous span (next paragraph) */
    uint8_t title;         /* a title or nickname: not output */
} qspan;

/* A resolved speaker: an entity, a surface string, or "unknown". */
typedef struct spk {
    int found;             /* 0 none, 1 resolved, 2 known to be unnamed */
    int ent;               /* entity index or -1 */
    uint32_t sa, sb;       /* surface tokens when ent < 0 */
    uint32_t cue_a, cue_b; /* cue tokens */
    double conf;
} spk;

typedef struct qctx {
    const nw_quotes_model *m;
    nw_doc *d;
    uint32_t n;            /* tokens */
    uint32_t *para;        /* paragraph of each token */
    uint32_t *pcont;       /* per paragraph: its number counting only
                              paragraphs with text, so a boilerplate line
                              (URL, "Related article: ...") in between
                              adds no distance; it shares the number of
                              the paragraph before */
    int32_t *qid;          /* quote span holding token (marks too), -1 */
    int32_t *tment;        /* mention holding token, -1 */
    uint8_t *cue_len;      /* cue phrase length starting here */
    uint8_t *cue_lab;
    uint8_t *gender;       /* per entity: 0 ?, 1 m, 2 f, 3 group */
    uint32_t *ent_first;   /* per entity: first token of its first mention */
    uint32_t *prev_same;   /* for description words: the previous and next */
    uint32_t *next_same;   /* token with the same hash, UINT32_MAX none */
    int32_t *memo;         /* resolved pronoun or description at a token */
    size_t n_ent;
    qspan *q;
    uint32_t nq;
    spk *res;              /* per quote */
} qctx;

static int is_punct(const nw_doc *d, uint32_t i, char c) {
    return d->tok[i].kind == NW_TK_PUNCT && nw_tok_len(d, i) == 1 &&
           nw_tok_ptr(d, i)[0] == c;
}

static int is_word(const nw_doc *d, uint32_t i) {
    return d->tok[i].kind == NW_TK_WORD;
}

static int is_hash(const qctx *c, uint32_t j, const char *w) {
    return is_word(c->d, j) && c->d->tok[j].hash == nw_hash_lower(w, strlen(w));
}

/* Is token j one of the words of w (NULL-terminated, case folded)? */
static int is_among(const qctx *c, uint32_t j, const char *const *w) {
    if (!is_word(c->d, j))
        return 0;
    for (; *w; w++)
        if (c->d->tok[j].hash == nw_hash_lower(*w, strlen(*w)))
            return 1;
    return 0;
}

static int is_lower_word(const nw_doc *d, uint32_t i) {
    return is_word(d, i) && !(d->tok[i].flags & NW_TF_CAP) &&
           !((unsigned char)nw_tok_ptr(d, i)[0] >= 'A' &&
             (unsigned char)nw_tok_ptr(d, i)[0] <= 'Z');
}

static int is_cap_word(const nw_doc *d, uint32_t i) {
    unsigned char c = (unsigned char)nw_tok_ptr(d, i)[0];
    return is_word(d, i) &&
           ((d->tok[i].flags & NW_TF_CAP) || (c >= 'A' && c <= 'Z'));
}

/* A full stop, question or exclamation mark that ends a sentence. */
static int is_boundary(const qctx *c, uint32_t i) {
    const nw_doc *d = c->d;
    if (d->tok[i].kind != NW_TK_PUNCT || nw_tok_len(d, i) != 1)
        return 0;
    char ch = nw_tok_ptr(d, i)[0];
    if (ch == '!' || ch == '?')
        return 1;
    if (ch != '.')
        return 0;
    if (i == 0)
        return 1;
    if (i + 1 < d->n_tok &&
        (is_lower_word(d, i + 1) || is_punct(d, i + 1, ')') ||
         is_punct(d, i + 1, ',')))
        return 0; /* "(D-Wis.) said", "Inc. said" */
    if (d->tok[i - 1].end != d->tok[i].start)
        return 1; /* a spaced full stop */
    if (d->tok[i - 1].flags & NW_TF_ABBR)
        return 0;
    if (is_word(d, i - 1) && nw_tok_len(d, i - 1) == 1 &&
        is_cap_word(d, i - 1))
        return 0; /* an initial */
    return !in_set(c->m->abbr, c->m->n_abbr, d->tok[i - 1].hash);
}

/* ------------------------------------------------------------ pass 1 -- */

static int mark_class(const nw_doc *d, uint32_t i) {
    const nw_token *t = &d->tok[i];
    const char *b = d->text.buf;
    size_t len = d->text.len;
    int before = t->start == 0 || isspace((unsigned char)b[t->start - 1]) ||
                 strchr("([{-/", b[t->start - 1]) != NULL;
    int after = t->end >= len || isspace((unsigned char)b[t->end]) ||
                strchr(".,;:!?)]}-", b[t->end]) != NULL;
    /* spacing first: a curly mark typed the wrong way round (" ”And")
       is common, a mark glued to the wrong side is not */
    if (before && !after)
        return MK_OPEN;
    if (!before && after)
        return MK_CLOSE;
    if (t->flags & NW_TF_QOPEN)
        return MK_OPEN;
    if (t->flags & NW_TF_QCLOSE)
        return MK_CLOSE;
    return MK_AMBIG;
}

/* Paragraph numbers: from the front end's flags, and from a blank line
   between two tokens. */
static void find_paragraphs(qctx *c) {
    const nw_doc *d = c->d;
    uint32_t p = 0;
    for (uint32_t i = 0; i < c->n; i++) {
        int brk = 0;
        if (i > 0) {
            if (d->tok[i].flags & NW_TF_PARA)
                brk = 1;
            else if (d->tok_sent && d->sent &&
                     d->tok_sent[i] < d->n_sent &&
                     d->tok_sent[i - 1] < d->n_sent &&
                     d->sent[d->tok_sent[i]].para !=
                         d->sent[d->tok_sent[i - 1]].para)
                brk = 1;
            else {
                const char *s = d->text.buf + d->tok[i - 1].end;
                const char *e = d->text.buf + d->tok[i].start;
                const char *nl = s < e ? memchr(s, '\n', (size_t)(e - s)) : NULL;
                if (nl && nl + 1 < e && memchr(nl + 1, '\n', (size_t)(e - nl - 1)))
                    brk = 1;
            }
        }
        /* a break after a comma or a function word is a line the front
           end took for a paragraph: the sentence runs on */
        if (brk && (is_punct(d, i - 1, ',') ||
                    (is_lower_word(d, i - 1) &&
                     in_set(c->m->small, c->m->n_small, d->tok[i - 1].hash))))
            brk = 0;
        p += (uint32_t)brk;
        c->para[i] = p;
    }
    /* content numbering: first mark paragraphs holding only boilerplate */
    uint32_t np = c->n ? c->para[c->n - 1] + 1 : 0;
    for (uint32_t k = 0; k < np; k++)
        c->pcont[k] = 1;
    for (uint32_t i = 0; i < c->n; i++)
        if (!(d->tok[i].flags & NW_TF_NOTTEXT))
            c->pcont[c->para[i]] = 0;
    for (uint32_t k = 0, num = 0; k < np; k++) {
        num += k > 0 && !c->pcont[k];
        c->pcont[k] = num;
    }
}

/* Title of a work or a nickname rather than someone's words. */
static int looks_like_title(const qctx *c, const qspan *q) {
    const nw_doc *d = c->d;
    uint32_t words = 0, caps = 0, smalls = 0, first_cap = 0;
    for (uint32_t i = q->a; i < q->b; i++) {
        if (d->tok[i].kind == NW_TK_PUNCT) {
            char ch = nw_tok_ptr(d, i)[0];
            if (ch == '.' || ch == '!' || ch == '?' || ch == ',' || ch == ';')
                if (i + 1 < q->b)
                    return 0; /* a sentence is no title */
            continue;
        }
        if (!is_word(d, i) && d->tok[i].kind != NW_TK_NUM)
            continue;
        words++;
        if (is_cap_word(d, i) || d->tok[i].kind == NW_TK_NUM) {
            caps++;
            first_cap |= words == 1;
        } else if (in_set(c->m->small, c->m->n_small, d->tok[i].hash)) {
            smalls++;
        } else {
            return 0;
        }
    }
    if (words == 0)
        return 1;
    if (words > 10)
        return 0;
    /* "Sir Wastealot", "Blue Planet": Title Case of two words or more, not
       at the start of a sentence-like quote */
    if (caps >= 2 && caps == words)
        return 1;
    /* "The Song Remains the Same", "Pirates of Silicon Valley": Title
       Case with its small words, opening with a capital, inside a
       sentence (one that opens a sentence is speech: 'Snowden said.
       "Especially for Tailored Access Operations."') */
    if (caps >= 3 && first_cap && caps + smalls == words &&
        !(d->tok[q->open].flags & NW_TF_SENT) && !(d->tok[q->a].flags & NW_TF_SENT) &&
        !(q->open > 0 && is_punct(d, q->open - 1, ':'))) /* 'replied: "Is the Pope a Catholic?"' */
        return 1;
    /* a film called "Heat", the hashtag "MeToo" */
    if (q->open > 0) {
        uint32_t j = q->open - 1;
        if (is_word(c->d, j) &&
            in_set(c->m->titles, c->m->n_titles, d->tok[j].hash) &&
            caps == words)
            return 1;
    }
    return 0;
}

static int push_span(qctx *c, uint32_t open, uint32_t close, uint32_t a,
                     uint32_t b, int cont) {
    const nw_doc *d = c->d;
    /* trim a trailing comma or full stop that belongs to the sentence */
    while (b > a && d->tok[b - 1].kind == NW_TK_PUNCT &&
           (is_punct(d, b - 1, ',') || is_punct(d, b - 1, '.') ||
            is_punct(d, b - 1, ';') || is_punct(d, b - 1, ':')))
        b--;
    uint32_t words = 0;
    for (uint32_t i = a; i < b; i++)
        if (d->tok[i].kind == NW_TK_WORD || d->tok[i].kind == NW_TK_NUM)
            words++;
    if (words == 0)
        return 0;
    qspan *q = &c->q[c->nq];
    memset(q, 0, sizeof(*q));
    q->open = open;
    q->close = close;
    q->a = a;
    q->b = b;
    q->para = c->para[a];
    q->cont = (uint8_t)cont;
    q->title = (uint8_t)looks_like_title(c, q);
    uint32_t hi = close != UINT32_MAX ? close + 1 : b;
    for (uint32_t i = open; i < hi && i < c->n; i++)
        c->qid[i] = (int32_t)c->nq;
    c->nq++;
    return 0;
}

static void find_quotes(qctx *c) {
    const nw_doc *d = c->d;
    uint32_t open = UINT32_MAX;  /* the open mark, when inside */
    int cont = 0;
    for (uint32_t i = 0; i < c->n; i++) {
        if (open != UINT32_MAX && c->para[i] != c->para[open]) {
            /* the paragraph ended inside a quote */
            int next_opens = d->tok[i].kind == NW_TK_QUOTE &&
                             mark_class(d, i) != MK_CLOSE;
            push_span(c, open, UINT32_MAX, open + 1, i, cont);
            if (next_opens) {
                open = i;
                cont = 1;
                continue;
            }
            open = UINT32_MAX;
            cont = 0;
        }
        /* marks in boilerplate ("Related article: "..."", page code) are
           no quotations */
        if (d->tok[i].kind != NW_TK_QUOTE || (d->tok[i].flags & NW_TF_NOTTEXT))
            continue;
        int k = mark_class(d, i);
        if (open == UINT32_MAX && k == MK_CLOSE &&
            (d->tok[i].flags & NW_TF_QCLOSE) &&
            (i == 0 || c->para[i - 1] != c->para[i]) &&
            i + 1 < c->n && c->para[i + 1] == c->para[i] &&
            d->tok[i + 1].start == d->tok[i].end)
            k = MK_OPEN; /* a paragraph opened with the wrong curly mark */
        if (open == UINT32_MAX) {
            if (k != MK_CLOSE) {
                open = i;
                cont = 0;
            }
            continue;
        }
        if (k == MK_OPEN && i > open + 1) {
            /* an opening mark inside a quote: a paragraph break the front
               end could not see (after a full stop), else a stray mark */
            if (is_boundary(c, i - 1) ||
                (d->tok[i].flags & NW_TF_QOPEN && is_punct(d, i - 1, ','))) {
                push_span(c, open, UINT32_MAX, open + 1, i, cont);
                cont = 1;
            } else {
                cont = 0;
            }
            open = i;
            continue;
        }
        push_span(c, open, i, open + 1, i, cont);
        open = UINT32_MAX;
        cont = 0;
    }
    if (open != UINT32_MAX)
        push_span(c, open, UINT32_MAX, open + 1, c->n, cont);
}

/* ------------------------------------------------------------ pass 2 -- */

static void find_cues(qctx *c) {
    const nw_doc *d = c->d;
    for (uint32_t i = 0; i < c->n;) {
        int lab = 0;
        uint32_t n = 0;
        /* "United States", "Washington Post": a cue word inside a name,
           or capitalised inside a sentence, is no cue */
        if (c->qid[i] < 0 && is_word(d, i) && c->tment[i] < 0 &&
            (!is_cap_word(d, i) || (d->tok[i].flags & NW_TF_SENT) ||
             i == 0 || is_boundary(c, i - 1) ||
             d->tok[i - 1].kind == NW_TK_QUOTE))
            n = qx_match(c->m->cues, d, i, c->n, &lab);
        /* "will continue to be", "goes on recess": a verb of going on
           is a cue only right before a colon, a comma, a quote or the
           end of the sentence ("he continued: ...", "..., he went on."),
           or before "about", or "went on to" */
        static const char *const going_on[] = {"continue", "continues", "continued",
                                               "went", "goes", "go", NULL};
        if (n && is_among(c, i, going_on) &&
            i + n < c->n && d->tok[i + n].kind == NW_TK_WORD &&
            /* "Trump went on about "..."", "Foley goes on to describe" */
            !is_hash(c, i + n, "about") &&
            !(is_hash(c, i + n, "to") && n == 2))
            n = 0;
        if (n) {
            /* a cue must not run into a quote */
            uint32_t k = 1;
            while (k < n && c->qid[i + k] < 0)
                k++;
            if (k == n) {
                c->cue_len[i] = (uint8_t)n;
                c->cue_lab[i] = (uint8_t)lab;
                i += n;
                continue;
            }
        }
        i++;
    }
}

/* Entity genders: the entity stage's, else titles before mentions. */
static void find_genders(qctx *c) {
    const nw_doc *d = c->d;
    for (size_t k = 0; k < c->n_ent; k++)
        c->gender[k] = d->ent_gender ? d->ent_gender[k] : 0;
    for (uint32_t i = 0; i < d->n_ment; i++) {
        const nw_mention *mt = &d->ment[i];
        if (mt->entity < 0 || (size_t)mt->entity >= c->n_ent)
            continue;
        if (c->gender[mt->entity])
            continue;
        if (d->x->entities[mt->entity].type != NW_ENT_PERSON &&
            mt->type != NW_ENT_PERSON) {
            if (d->x->entities[mt->entity].type == NW_ENT_ORG)
                c->gender[mt->entity] = 3;
            continue;
        }
        for (int back = 0; back < 2; back++) {
            uint32_t j;
            if (back == 0)
                j = mt->first;
            else if (mt->first > 0)
                j = mt->first - 1;
            else
                continue;
            uint32_t h = d->tok[j].hash;
            if (is_punct(d, j, '.') && j > 0)
                h = d->tok[j - 1].hash;
            if (in_set(c->m->male, c->m->n_male, h))
                c->gender[mt->entity] = 1;
            else if (in_set(c->m->female, c->m->n_female, h))
                c->gender[mt->entity] = 2;
        }
    }
}

/* ------------------------------------------------------------ pass 3 -- */

static int ent_type(const qctx *c, int e) {
    if (e < 0 || (size_t)e >= c->n_ent)
        return NW_ENT_NONE;
    return (int)c->d->x->entities[e].type;
}

static int speaker_type_ok(int t) {
    return t == NW_ENT_PERSON || t == NW_ENT_ORG || t == NW_ENT_LOC;
}

/* Index of the last mention that starts before token p, or -1. */
static int32_t mention_before(const nw_doc *d, uint32_t p) {
    int32_t lo = 0, hi = (int32_t)d->n_ment - 1, ans = -1;
    while (lo <= hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (d->ment[mid].first < p) {
            ans = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return ans;
}

/* Does entity e fit want: 1 male person, 2 female person, 3 organisation
   or place, 4 any person, 5 organisation only. */
static int ent_fits(const qctx *c, int e, int want) {
    if (e < 0 || (size_t)e >= c->n_ent)
        return 0;
    int t = ent_type(c, e), g = c->gender[e];
    switch (want) {
    case 1: return t == NW_ENT_PERSON && g != 2 && g != 3;
    case 2: return t == NW_ENT_PERSON && g != 1 && g != 3;
    case 3: return t == NW_ENT_ORG || t == NW_ENT_LOC;
    case 4: return t == NW_ENT_PERSON;
    case 5: return t == NW_ENT_ORG;
    }
    return 0;
}

/* Most recent entity before token p, outside quotes, that fits want. */
static int recent_entity(const qctx *c, uint32_t p, int want) {
    const nw_doc *d = c->d;
    int32_t mi = mention_before(d, p);
    for (int steps = 0; mi >= 0 && steps < QW_PRON; mi--, steps++) {
        const nw_mention *mt = &d->ment[mi];
        if (c->qid[mt->first] >= 0)
            continue;
        if (ent_fits(c, mt->entity, want))
            return mt->entity;
    }
    return -1;
}

/* First token of the sentence holding token p (within its paragraph). */
static uint32_t sent_start(const qctx *c, uint32_t p) {
    uint32_t s = p;
    while (s > 0 && p - s < 150 && c->para[s - 1] == c->para[p] &&
           !is_boundary(c, s - 1))
        s--;
    /* 'calling her "a failed candidate." Weiss fired back': the mark
       that closes the quote before belongs to the sentence before */
    while (s < p && c->d->tok[s].kind == NW_TK_QUOTE && c->qid[s] >= 0 &&
           c->qid[s] != c->qid[p])
        s++;
    return s;
}

static int pronoun_want(const qctx *c, uint32_t i);


/* Entity of the mention holding token i, when it can speak. */
static int ment_ent(const qctx *c, uint32_t i) {
    int32_t mi = c->tment[i];
    if (mi < 0)
        return -1;
    int e = c->d->ment[mi].entity;
    const nw_mention *mt = &c->d->ment[mi];
    /* "Thursday", "July": a date word is nobody ("WHO", in capitals, is
       an acronym, not "who") */
    if (mt->end == mt->first + 1 && !(c->d->tok[mt->first].flags & NW_TF_ALLCAP) &&
        in_set(c->m->skip, c->m->n_skip, c->d->tok[mt->first].hash))
        return -1;
    return speaker_type_ok(ent_type(c, e)) ? e : -1;
}

/* "ADB chief economist Ifzal Ali", "Kidman's spokeswoman Wendy Day": from
   the mention at token j, follow a possessive and a few title words to a
   person named right after them; that person is the speaker. */
static int name_chain(const qctx *c, uint32_t j, uint32_t hi) {
    const nw_doc *d = c->d;
    int e = ment_ent(c, j);
    for (int hops = 0; hops < 3 && e >= 0; hops++) {
        uint32_t t = d->ment[c->tment[j]].end, words = 0;
        int poss = 0;
        if (t < hi && ((d->tok[t].flags & NW_TF_POSS) || is_punct(d, t, '\''))) {
            t++;
            poss = 1;
            if (t < hi && d->tok[t].hash == c->m->h_s)
                t++;
        }
        /* a person's title words lead to another person only when
           possessive ("Kidman's publicist Wendy Day") or a description of
           a person or a spokesperson ("Hunter spokesman Joe Kasper", and
           where the recogniser took a firm for a person: "Speegle founder
           Gordon Renton", "Prebon Yamane economist Lena Komileva") */
        if (!poss && ent_type(c, e) == NW_ENT_PERSON) {
            int lab = 0;
            uint32_t n = t < hi && !is_cap_word(d, t)
                             ? qx_match(c->m->nouns, d, t, hi, &lab) : 0;
            if (!(n && (lab == QL_SPOKES || lab == QL_PERSON)))
                break;
        }
        /* title words: capitalised, descriptions, "of" and its object */
        while (t < hi && words < 5 && is_word(d, t) && c->tment[t] < 0 &&
               !c->cue_len[t] && !pronoun_want(c, t)) {
            int lab = 0;
            if (!is_cap_word(d, t) && !qx_match(c->m->nouns, d, t, t + 1, &lab) &&
                !is_hash(c, t, "of") &&
                !(t > 0 && is_hash(c, t - 1, "of")))
                break;
            t++;
            words++;
        }
        /* "said Woods' agent, Mark Steinberg,": the name in apposition */
        if (words > 0 && t + 1 < hi && is_punct(d, t, ',') &&
            !is_cap_word(d, t - 1) && ment_ent(c, t + 1) >= 0)
            t++;
        /* "The Blaze's Matt Walsh": a possessor's person right after it */
        if ((words == 0 && !poss) || t >= hi || ment_ent(c, t) < 0 ||
            ent_type(c, ment_ent(c, t)) != NW_ENT_PERSON)
            break;
        j = t;
        e = ment_ent(c, t);
    }
    return e;
}

/* The entity whose name or an alias is the text of tokens [a, b) (ASCII
   case folded, one space between words): a speaker the recogniser missed
   at the cue ("the ADB report said") that the article names elsewhere.
   -1 when none or more than one. */
static int ent_by_surface(const nw_doc *d, uint32_t a, uint32_t b) {
    char buf[128];
    size_t n = 0;
    for (uint32_t i = a; i < b; i++) {
        uint32_t l = nw_tok_len(d, i);
        if (n + l + 2 > sizeof(buf))
            return -1;
        if (i > a)
            buf[n++] = ' ';
        memcpy(buf + n, nw_tok_ptr(d, i), l);
        n += l;
    }
    buf[n] = 0;
    const nw_extraction *x = d->x;
    int hit = -1;
    for (size_t e = 0; e < x->n_entities; e++) {
        const nw_entity *E = &x->entities[e];
        int same = E->name && !strcasecmp(E->name, buf);
        for (size_t k = 0; k < E->n_aliases && !same; k++)
            same = !strcasecmp(E->aliases[k], buf);
        if (!same)
            continue;
        if (hit >= 0)
            return -1;
        hit = (int)e;
    }
    return hit;
}

static int noun_ending_at(const qctx *c, uint32_t j, uint32_t lo,
                          uint32_t *ns);
static int is_det(const qctx *c, uint32_t i);
static int resolve_desc(const qctx *c, uint32_t ns, uint32_t ne, int lab,
                        uint32_t hi, int *anon);

/* The entity a reference at token p stands for, Hobbs-style: the leftmost
   fitting mention (outside quotes) of p's own sentence before p, else of
   each earlier sentence in turn, over at most two paragraphs back.  The
   leftmost mention is most often the subject, which pronouns and
   descriptions in news prefer over the nearest name.  A fitting pronoun
   found first is followed back in its turn.  A possessor ("Athletics'
   ruling body the IAAF") counts only when nothing after it in its
   sentence fits; an acronym the recogniser missed counts when the
   article names it elsewhere. */
static int indefinite_before(const qctx *c, uint32_t t);

static int resolve_ref(const qctx *c, uint32_t p, int want, int depth) {
    const nw_doc *d = c->d;
    uint32_t end = p, s;
    const int from_pronoun = depth == 0;
    if (depth < 0) {
        /* a description: its antecedent lies in an earlier sentence */
        end = sent_start(c, p);
        depth = 0;
    }
    uint32_t para0 = p < c->n ? c->para[p] : (c->n ? c->para[c->n - 1] : 0);
    uint32_t budget = QW_REF; /* tokens looked at, all sentences together */
    /* "it" and "they" for organisations reach back less far than he/she:
       they refer to things the article just named, or to nothing named */
    int max_sents = want == 3 ? 4 : 12;
    uint32_t max_paras = want == 3 ? 1 : 2;
    /* boilerplate (a URL line, "Related article: ...") is passed over:
       it counts neither as a sentence nor as a paragraph */
    for (int sents = 0; sents < max_sents && end > 0 && budget > 0;) {
        s = sent_start(c, end - 1);
        if (c->pcont[para0] > c->pcont[c->para[s]] + max_paras)
            break;
        if (end - s > budget)
            s = end - budget;
        budget -= end - s;
        if (d->tok[s].flags & NW_TF_NOTTEXT) {
            end = s;
            continue;
        }
        sents++;
        int poss = -1, desc = -1;
        for (uint32_t t = s; t < end; t++) {
            if (c->qid[t] >= 0)
                continue;
            int32_t mi = c->tment[t];
            if (mi >= 0) {
                uint32_t me = d->ment[mi].end;
                if (ent_fits(c, d->ment[mi].entity, want) && me < c->n &&
                    ((d->tok[me].flags & NW_TF_POSS) || is_punct(d, me, '\''))) {
                    /* "Athletics' ruling body the IAAF said. It added":
                       a possessor gives way to a later name that fits */
                    if (poss < 0)
                        poss = d->ment[mi].entity;
                    t = me - 1;
                    continue;
                }
                /* "the ministry's department in the Northern District
                   said. It added": a place after a preposition is no
                   later name the possessor gives way to */
                if (poss >= 0 && t > s) {
                    uint32_t k = t - 1;
                    if (k > s && d->tok[k].hash == c->m->h_the)
                        k--;
                    if (is_hash(c, k, "in") || is_hash(c, k, "at") || is_hash(c, k, "on") ||
                        is_hash(c, k, "from") || is_hash(c, k, "near")) {
                        t = d->ment[mi].end - 1;
                        continue;
                    }
                }
                if (ent_fits(c, d->ment[mi].entity, want)) {
                    /* "Sale Sharks director of rugby Philippe Saint-Andre" */
                    int e2 = name_chain(c, t, end);
                    return ent_fits(c, e2, want) ? e2 : d->ment[mi].entity;
                }
                t = d->ment[mi].end - 1;
                continue;
            }
            /* a described person the article names elsewhere, in this
               sentence or the one before, when no name in the sentence
               fits: "..., according to our correspondent, ... \"...\",
               he said" */
            if (from_pronoun && sents <= 2 && desc < 0 && (want == 1 || want == 2) &&
                is_word(d, t) && (t + 1 >= end || c->tment[t + 1] < 0)) {
                uint32_t ns;
                int lab = noun_ending_at(c, t, s, &ns);
                if (lab == QL_PERSON && ns > s && is_det(c, ns - 1)) {
                    int anon, e = resolve_desc(c, ns, t, lab, end, &anon);
                    if (e >= 0 && ent_fits(c, e, want))
                        desc = e;
                }
                /* "A spokesman for the UK Film Council said: ... He
                   added": an unnamed spokesperson ("a", not "the Lib
                   Dems' Treasury spokesman", who may be named before),
                   who stands for the body */
                int one = is_hash(c, t, "spokesman") || is_hash(c, t, "spokeswoman") ||
                          is_hash(c, t, "spokesperson") || is_hash(c, t, "official") ||
                          is_hash(c, t, "representative");
                if (lab == QL_SPOKES && one && ns >= s && indefinite_before(c, t) == 1 &&
                    !(want == 1 && is_hash(c, t, "spokeswoman")) &&
                    !(want == 2 && is_hash(c, t, "spokesman"))) {
                    int anon, e = resolve_desc(c, ns, t, lab, end, &anon);
                    if (e >= 0 && (ent_type(c, e) != NW_ENT_PERSON || ent_fits(c, e, want)))
                        desc = e;
                }
            }
            /* an acronym the recogniser missed here but the article
               names elsewhere: "the NIESR report was optimistic. It said" */
            if ((d->tok[t].flags & NW_TF_ALLCAP) && is_word(d, t)) {
                int e = ent_by_surface(d, t, t + 1);
                if (e >= 0 && ent_fits(c, e, want))
                    return e;
            }
            if (depth < 4 && (want == 1 || want == 2) &&
                pronoun_want(c, t) == want) {
                /* the chain goes through that pronoun, win or lose */
                int e = resolve_ref(c, t, want, depth + 1);
                return e >= 0 ? e : recent_entity(c, p, want);
            }
        }
        if (poss >= 0)
            return poss; /* "Clinton's campaign said. She added" */
        if (desc >= 0)
            return desc;
        end = s;
    }
    return want == 3 ? -1 : recent_entity(c, p, want);
}

static int pronoun_want(const qctx *c, uint32_t i) {
    uint32_t h = c->d->tok[i].hash;
    if (!is_word(c->d, i))
        return 0;
    if (h == c->m->h_he)
        return 1;
    if (h == c->m->h_she)
        return 2;
    if (h == c->m->h_they || h == c->m->h_it)
        return 3;
    return 0;
}

static int is_det(const qctx *c, uint32_t i) {
    uint32_t h = c->d->tok[i].hash;
    return is_word(c->d, i) &&
           (h == c->m->h_the || h == c->m->h_a || h == c->m->h_an ||
            h == c->m->h_his || h == c->m->h_her || h == c->m->h_its ||
            h == c->m->h_their || h == c->m->h_our);
}


/* Noun phrase of the speaker-noun lexicon that ends at token j: its first
   token in *ns and its label; 0 when none. */
static int noun_ending_at(const qctx *c, uint32_t j, uint32_t lo,
                          uint32_t *ns) {
    for (uint32_t len = 4; len >= 1; len--) {
        if (j + 1 < len || j + 1 - len < lo)
            continue;
        uint32_t s = j + 1 - len;
        int lab = 0;
        uint32_t n = qx_match(c->m->nouns, c->d, s, j + 1, &lab);
        if (n == len) {
            *ns = s;
            return lab;
        }
    }
    return 0;
}

/* Do the len tokens at t read the same words as those at ns? */
static int same_words(const qctx *c, uint32_t t, uint32_t ns, uint32_t len) {
    if (t + len > c->n)
        return 0;
    for (uint32_t k = 0; k < len; k++)
        if (c->d->tok[t + k].hash != c->d->tok[ns + k].hash)
            return 0;
    return 1;
}

/* The token that names whoever owns the noun at t (t > 0): the one before
   it, or before its "'s" / "'" ("the ADB report", "Brown's spokesman"). */
static uint32_t possessor_at(const qctx *c, uint32_t t) {
    const nw_doc *d = c->d;
    uint32_t k = t - 1;
    if (k > 0 && (d->tok[k].flags & NW_TF_POSS || d->tok[k].hash == c->m->h_s))
        k--;
    if (k > 0 && is_punct(d, k, '\''))
        k--;
    return k;
}

/* The organisation named right before a document noun at t, "the ADB
   report", "the ministry's statement"; -1 when none. */
static int owner_before(const qctx *c, uint32_t t) {
    const nw_doc *d = c->d;
    if (t == 0)
        return -1;
    uint32_t k = possessor_at(c, t);
    int e = ment_ent(c, k);
    if (e < 0 && is_cap_word(d, k))
        e = ent_by_surface(d, k, k + 1); /* an acronym the recogniser missed */
    return e >= 0 && ent_type(c, e) == NW_ENT_ORG ? e : -1;
}

/* The determiner of the description starting at t, over at most two
   words between ("a senior economic adviser", "One Western diplomat"):
   1 "a" / "an", 2 "one" / "another", 0 anything else. */
static int indefinite_before(const qctx *c, uint32_t t) {
    const nw_doc *d = c->d;
    for (uint32_t k = t; k-- > 0 && t - k <= 3;) {
        if (is_hash(c, k, "a") || is_hash(c, k, "an"))
            return 1;
        if (is_hash(c, k, "one") || is_hash(c, k, "another"))
            return 2;
        /* "a senior U.S. diplomat": a place may stand between, not an
           organisation ("a Pentagon official" is the Pentagon's) */
        if (!is_word(d, k) || is_det(c, k) || t - k == 3 ||
            (c->tment[k] >= 0 && ent_type(c, d->ment[c->tment[k]].entity) != NW_ENT_LOC))
            return 0;
    }
    return 0;
}

/* "Hunter, a California Republican congressman": the person named
   before a comma, a determiner and up to four capitalised words (a place
   or a party among them) that open the description at t; -1 when none. */
static int appositive_name(const qctx *c, uint32_t t) {
    const nw_doc *d = c->d;
    uint32_t k = t;
    while (k > 0 && t - k < 4 && is_cap_word(d, k - 1) &&
           (c->tment[k - 1] < 0 || d->ment[c->tment[k - 1]].type != NW_ENT_PERSON))
        k--; /* "California", "Labour": a place or a party may modify it */
    if (k == t || k < 3 || !is_det(c, k - 1) || !is_punct(d, k - 2, ','))
        return -1;
    int e = ment_ent(c, k - 3);
    return e >= 0 && ent_type(c, e) == NW_ENT_PERSON &&
                   d->ment[c->tment[k - 3]].end == k - 2
               ? e
               : -1;
}

/* The description [ns, ne] refers to: the entity it was attached to
   earlier in the article, an organisation beside it, or the most recent
   compatible entity. */
static int resolve_desc_raw(const qctx *c, uint32_t ns, uint32_t ne,
                            int lab, uint32_t hi, int *anon) {
    const nw_doc *d = c->d;
    uint32_t len = ne + 1 - ns;
    /* "said the magazine": a publication is resolved as an organisation's
       description, but only to one named with that noun ("US magazine
       Mobile PC", "the Rolling Stone magazine") -- the nearest organisation
       is most often another */
    const int media = lab == QL_MEDIA;
    *anon = 0;
    if (media && !(ns > 0 && is_det(c, ns - 1)))
        return -1; /* "Hazards magazine, which ..., said": no description */
    if (media)
        lab = QL_ORG;
    if (lab == QL_ANON) {
        *anon = 1;
        return -1;
    }
    /* "a spokesman for the Foreign Office", "the chairman of Ofcom" */
    if (ne + 1 < hi && is_word(d, ne + 1) &&
        (d->tok[ne + 1].hash == c->m->h_for ||
         d->tok[ne + 1].hash == c->m->h_of ||
         d->tok[ne + 1].hash == c->m->h_at ||
         d->tok[ne + 1].hash == c->m->h_from) &&
        (lab == QL_SPOKES || lab == QL_ORG)) {
        uint32_t k = ne + 2;
        if (k < hi && is_det(c, k))
            k++;
        if (k < hi) {
            int e = ment_ent(c, k);
            if (e >= 0)
                return e;
            /* "a spokesperson for the Iraqi health ministry", "a spokesman
               for the family": someone's spokesperson whom the article
               names as no entity is unnamed -- unless it is a description
               itself ("a spokesman for the company", "for the author") */
            int l2 = 0;
            if (is_word(d, k) && c->tment[k] < 0 &&
                !qx_match(c->m->nouns, d, k, hi, &l2)) {
                *anon = 1;
                return -1;
            }
        }
    }
    /* "Foreign Ministry spokeswoman", "Brown's spokesman" */
    if (ns > 0 && (lab == QL_SPOKES || lab == QL_ORG)) {
        int e = ment_ent(c, possessor_at(c, ns));
        if (e >= 0 && c->tment[ns] < 0)
            return e;
    }
    /* the same description attached to a name earlier on */
    uint32_t stop = ns > QW_DESC ? ns - QW_DESC : 0;
    int steps = 0, indef_seen = 0;
    for (uint32_t t = c->prev_same[ns]; t != UINT32_MAX && t >= stop &&
                                        steps < QW_OCC;
         t = c->prev_same[t], steps++) {
        if (!same_words(c, t, ns, len))
            continue;
        uint32_t after = t + len;
        int e = -1;
        if (c->tment[t] >= 0 && ment_ent(c, t) >= 0)
            e = ment_ent(c, t);          /* "Chancellor Gordon Brown" */
        else if (after < c->n && ment_ent(c, after) >= 0)
            e = ment_ent(c, after);      /* "spokeswoman Maria Zakharova" */
        else if (after + 1 < c->n && is_punct(d, after, ',') &&
                 ment_ent(c, after + 1) >= 0)
            e = ment_ent(c, after + 1);
        else if (t >= 2 && is_det(c, t - 1) && is_punct(d, t - 2, ',') &&
                 t >= 3 && ment_ent(c, t - 3) >= 0)
            e = ment_ent(c, t - 3);      /* "Letwin, the shadow chancellor" */
        else if ((e = appositive_name(c, t)) >= 0)
            ;                            /* "Hunter, a California Republican
                                            congressman" */
        else if (t >= 1 && is_punct(d, t - 1, ',') && t >= 2 &&
                 ment_ent(c, t - 2) >= 0)
            e = ment_ent(c, t - 2);
        else if (lab == QL_ORG)
            e = owner_before(c, t);      /* "the ADB report" */
        if (e >= 0) {
            int ty = ent_type(c, e);
            if (lab == QL_ORG || ty == NW_ENT_PERSON || lab == QL_SPOKES)
                return e;
        }
        /* "One Western diplomat in Lagos pointed out ... the diplomat
           said": brought in unnamed (outside quotes), still unnamed --
           unless an earlier use names someone */
        if (e < 0 && lab == QL_PERSON && c->qid[t] < 0 && indefinite_before(c, t))
            indef_seen = 1;
    }
    if (indef_seen) {
        *anon = 1;
        return -1;
    }
    /* introduced later on ("..., the minister said. ... Minister Alan
       Johnson"): the same description attached to a name ahead */
    uint32_t fstop = ns + QW_DESC < c->n ? ns + QW_DESC : c->n;
    steps = 0;
    for (uint32_t t = c->next_same[ns]; t != UINT32_MAX && t + len <= fstop &&
                                        steps < QW_OCC;
         t = c->next_same[t], steps++) {
        if (t <= ne || !same_words(c, t, ns, len))
            continue;
        int e = ment_ent(c, t);
        if (e < 0 && t + len < c->n)
            e = ment_ent(c, t + len);
        if (e < 0 && lab == QL_ORG)
            e = owner_before(c, t);      /* "... the ADB report said" */
        if (e >= 0 && (lab == QL_ORG || ent_type(c, e) == NW_ENT_PERSON))
            return e;
    }
    /* "a hospital spokesman", "the family spokesperson", "a police
       spokesman": the spokesperson of a body the article names nowhere is
       unnamed -- the nearest firm or place is most often the outlet that
       reported it or the city it happened in ("a government spokesman"
       still goes to the nearest organisation or country) */
    if (lab == QL_SPOKES && ns > 0 && is_lower_word(d, ns - 1) &&
        !(d->tok[ns - 1].flags & NW_TF_POSS)) {
        static const char *const body[] = {
            "hospital", "police", "family", "college", "school", "university",
            "prison", "airport", "hotel", "fire", "ambulance", "zoo", "museum",
            "clinic", "church", "store", "restaurant", "council"};
        for (size_t k = 0; k < sizeof(body) / sizeof(body[0]); k++) {
            if (!is_hash(c, ns - 1, body[k]))
                continue;
            /* "... at Liaoning Vocational College. A college spokesman
               said": the organisation named with that word */
            const uint32_t h = d->tok[ns - 1].hash;
            for (int32_t mi = mention_before(d, ns - 1), steps = 0;
                 mi >= 0 && steps < QW_PRON; mi--, steps++) {
                const nw_mention *mt = &d->ment[mi];
                if (mt->type != NW_ENT_ORG || mt->entity < 0)
                    continue;
                for (uint32_t t = mt->first; t < mt->end; t++)
                    if (d->tok[t].hash == h)
                        return mt->entity;
            }
            *anon = 1;
            return -1;
        }
    }
    if (media) {
        *anon = 1;
        return -1;
    }
    int want = lab == QL_ORG ? 5 : lab == QL_SPOKES ? 3 : 4;
    int e = resolve_ref(c, ns, want, -1);
    /* "Mr Sigarchi's lawyer labelled ...", "Sotloff's mother said": the
       nearest person is most often the possessor, who is not their own
       lawyer or mother; named nowhere, they are unnamed */
    if (e >= 0 && lab == QL_PERSON && ns > 1 &&
        ((d->tok[ns - 1].flags & NW_TF_POSS) || is_punct(d, ns - 1, '\'')) &&
        ment_ent(c, possessor_at(c, ns)) == e) {
        *anon = 1;
        return -1;
    }
    if (e < 0 && lab == QL_PERSON) {
        /* nothing before: the first person named after it */
        for (uint32_t t = ne + 1; t < fstop && t < ne + 600; t++)
            if (c->qid[t] < 0 && ment_ent(c, t) >= 0 &&
                ent_type(c, ment_ent(c, t)) == NW_ENT_PERSON)
                return ment_ent(c, t);
    }
    return e;
}

/* resolve_desc_raw(), remembered per description so that a description
   met from several quotes is resolved once. */
static int resolve_desc(const qctx *c, uint32_t ns, uint32_t ne, int lab,
                        uint32_t hi, int *anon) {
    int32_t v = c->memo[ns];
    if (v == QM_UNSET) {
        v = resolve_desc_raw(c, ns, ne, lab, hi, anon);
        c->memo[ns] = *anon ? QM_ANON : v;
        return v;
    }
    *anon = v == QM_ANON;
    return v == QM_ANON ? -1 : v;
}

/* Resolve out to entity e (leaving the surface and cue fields as they
   are) with confidence conf.  Returns 1. */
static int spk_ent(spk *out, int e, double conf) {
    out->found = 1;
    out->ent = e;
    out->conf = conf;
    return 1;
}

/* Resolve out to the surface tokens [a, b), no entity.  Returns 1. */
static int spk_span(spk *out, uint32_t a, uint32_t b, double conf) {
    out->found = 1;
    out->ent = -1;
    out->sa = a;
    out->sb = b;
    out->conf = conf;
    return 1;
}

/* The speaker the description [ns, ne] with QL_ label lab stands for: the
   unnamed source (found 2) or an entity (confidence 0.7).  1 when found. */
static int spk_desc(const qctx *c, uint32_t ns, uint32_t ne, int lab,
                    uint32_t hi, spk *out) {
    int anon, indef = indefinite_before(c, ns);
    if (indef == 1 && lab != QL_PERSON)
        indef = 0;
    /* "one musician quoted by the report", "another adviser", "one
       official": one of several, unnamed; "a judge claimed ... Judge
       Charles Harris": a person brought in without a name is someone not
       named before */
    if (indef == 2) {
        out->found = 2;
        return 1;
    }
    int e = resolve_desc(c, ns, ne, lab, hi, &anon);
    if (indef && e >= 0 && (size_t)e < c->n_ent && c->ent_first[e] < ns) {
        out->found = 2;
        return 1;
    }
    if (anon) {
        out->found = 2;
        return 1;
    }
    return e >= 0 ? spk_ent(out, e, 0.7) : 0;
}

/* "one", "another", "a second" ... "a fifth" at token j, the speaker
   picked out as one of several and left unnamed ("said one", "added a
   third", "another wrote"): its length in tokens, else 0. */
static uint32_t one_of_several(const qctx *c, uint32_t j, uint32_t hi) {
    static const char *const ord[] = {"second", "third", "fourth", "fifth", NULL};
    if (j >= hi || !is_word(c->d, j))
        return 0;
    if (is_hash(c, j, "another"))
        return 1;
    if (is_hash(c, j, "one")) {
        /* "no one", "the one who", "every one of them" pick out none */
        static const char *const not[] = {"no", "the", "every", "each", "any",
                                          "this", "that", "which", NULL};
        for (int k = 0; j > 0 && not[k]; k++)
            if (is_hash(c, j - 1, not[k]))
                return 0;
        return 1;
    }
    if ((is_hash(c, j, "a") || is_hash(c, j, "yet")) && j + 1 < hi)
        for (int k = 0; ord[k]; k++)
            if (is_hash(c, j + 1, ord[k]) ||
                (is_hash(c, j, "yet") && is_hash(c, j + 1, "another")))
                return 2;
    return 0;
}

/* The words ending at token j, left of a cue, pick out one of several:
   "one wrote", "a third added", "one local said", "one of them said", "one
   of the lawyers told". */
static int one_before_cue(const qctx *c, uint32_t j, uint32_t lo) {
    const nw_doc *d = c->d;
    if (one_of_several(c, j, j + 1) == 1 ||
        (j > lo && one_of_several(c, j - 1, j + 1) == 2))
        return 1;
    /* "One local said", "another commenter wrote": a noun of no lexicon
       -- not "in one freestyle posted on his page", nor "one strike was
       said to" (a thing, not the speaker) */
    if (j > lo && is_lower_word(d, j) && c->tment[j] < 0 && !is_det(c, j) &&
        one_of_several(c, j - 1, j) == 1 &&
        !(j - 1 > lo && (is_hash(c, j - 2, "in") || is_hash(c, j - 2, "on") ||
                         is_hash(c, j - 2, "at") || is_hash(c, j - 2, "from") ||
                         is_hash(c, j - 2, "with") || is_hash(c, j - 2, "by") ||
                         is_hash(c, j - 2, "of"))) &&
        !(j + 1 < c->n && (is_hash(c, j + 1, "was") || is_hash(c, j + 1, "were") ||
                           is_hash(c, j + 1, "is") || is_hash(c, j + 1, "are"))))
        return 1;
    /* "one of the states suing": "states" is no verb after "the" */
    if (c->tment[j] >= 0 || !is_lower_word(d, j) || is_det(c, j))
        return 0;
    uint32_t k = j;
    if (k > lo && (is_det(c, k - 1) || (d->tok[k - 1].flags & NW_TF_POSS)))
        k--;
    return k >= lo + 2 && is_hash(c, k - 1, "of") &&
           one_of_several(c, k - 2, k - 1) == 1;
}

/* The speaker whose phrase ends at token j (left of a cue), or starts at
   token j when right is set.  lo/hi bound the search. */
static int candidate(const qctx *c, uint32_t j, uint32_t lo, uint32_t hi,
                     int right, spk *out) {
    const nw_doc *d = c->d;
    int want, e;
    uint32_t ns;
    if (j >= c->n || c->qid[j] >= 0)
        return 0;
    if (!right && one_before_cue(c, j, lo)) {
        out->found = 2;
        return 1;
    }
    if ((want = pronoun_want(c, j)) != 0) {
        if (c->memo[j] != QM_UNSET) {
            e = c->memo[j];
        } else {
            e = resolve_ref(c, j, want, 0);
            if (e < 0 && want == 3 && d->tok[j].hash == c->m->h_they)
                e = resolve_ref(c, j, 4, 0);
            c->memo[j] = e;
        }
        if (e >= 0)
            return spk_ent(out, e, 0.8);
        return 0;
    }
    if (right) {
        /* "said one", "added a third", "said one of his close friends",
           "said one London-based broker": unnamed -- unless a name follows
           in apposition ("said one of their lawyers, Michalis
           Dimitrakopoulos") */
        uint32_t w = one_of_several(c, j, hi);
        if (w) {
            uint32_t t = j + w;
            while (t < hi && t - j < 10 && c->qid[t] < 0 && !c->cue_len[t] &&
                   (is_word(d, t) || (d->tok[t].flags & NW_TF_POSS) ||
                    is_punct(d, t, '\'') || is_punct(d, t, '-') ||
                    d->tok[t].kind == NW_TK_NUM))
                t++;
            if (t + 1 < hi && is_punct(d, t, ',') && c->qid[t + 1] < 0 &&
                (e = ment_ent(c, t + 1)) >= 0 && ent_type(c, e) == NW_ENT_PERSON)
                return spk_ent(out, name_chain(c, t + 1, hi), 0.85);
            out->found = 2;
            return 1;
        }
        /* "said ADB chief economist Ifzal Ali", "said AOL chief executive
           Jonathan Miller": title words, then the person */
        {
            uint32_t t = j;
            while (t < hi && t - j < 6 && c->qid[t] < 0 && !c->cue_len[t] &&
                   (is_word(d, t) || (d->tok[t].flags & NW_TF_POSS) ||
                    is_punct(d, t, '\'') ||
                    d->tok[t].kind == NW_TK_NUM)) { /* "9/11 widow" */
                e = ment_ent(c, t);
                if (e >= 0 && ent_type(c, e) == NW_ENT_PERSON) {
                    if (t == j) {
                        /* "Kidman's publicist Wendy Day": go on */
                        uint32_t me = d->ment[c->tment[t]].end;
                        if (me < hi && ((d->tok[me].flags & NW_TF_POSS) ||
                                        is_punct(d, me, '\''))) {
                            t = me;
                            continue;
                        }
                        break;
                    }
                    return spk_ent(out, name_chain(c, t, hi), 0.85);
                }
                if (c->tment[t] >= 0) {
                    t = d->ment[c->tment[t]].end;
                    continue;
                }
                if (t > j && is_lower_word(d, t - 1) && is_cap_word(d, t) &&
                    t + 1 < hi && is_cap_word(d, t + 1) && c->tment[t + 1] < 0)
                    break;
                t++;
            }
            /* a name the recogniser missed, after the title words:
               "said Kidman's publicist Wendy Day" */
            if (t > j + 1 && t + 1 < hi && is_cap_word(d, t) &&
                is_cap_word(d, t + 1) && c->tment[t] < 0 &&
                c->tment[t + 1] < 0 && !is_cap_word(d, t - 1)) {
                uint32_t b = t + 2;
                while (b < hi && b - t < 4 && is_cap_word(d, b) && c->tment[b] < 0)
                    b++;
                return spk_span(out, t, b, 0.6);
            }
        }
        /* "said Foreign Minister Sergei Lavrov": a title before the name */
        int lab = 0;
        uint32_t n = qx_match(c->m->nouns, d, j, hi, &lab);
        if (n && j + n < hi && ment_ent(c, j + n) >= 0 && c->tment[j] < 0)
            return spk_ent(out, name_chain(c, j + n, hi), 0.9);
        if ((e = ment_ent(c, j)) >= 0) {
            /* "said the East Kilbride athlete", "said the Chelsea
               striker": a place or club before a description of a person
               is no speaker; the description is */
            uint32_t me = d->ment[c->tment[j]].end;
            int l2 = 0;
            uint32_t n2 = ent_type(c, e) != NW_ENT_PERSON && me < hi
                              ? qx_match(c->m->nouns, d, me, hi, &l2)
                              : 0;
            if (n2 && l2 == QL_PERSON && spk_desc(c, me, me + n2 - 1, l2, hi, out))
                return 1;
            return spk_ent(out, name_chain(c, j, hi), 0.9);
        }
        /* "said the spokeswoman": the description */
        if (n && spk_desc(c, j, j + n - 1, lab, hi, out))
            return 1;
        /* "said a male witness", "said a different source": "a", one or
           two lower-case words and a person's description, unnamed */
        const int indef = j > 0 && (d->tok[j - 1].hash == c->m->h_a ||
                                    d->tok[j - 1].hash == c->m->h_an);
        for (uint32_t k = j; indef && !n && k < j + 2 && k + 1 < hi && is_lower_word(d, k) &&
                             !c->cue_len[k] && c->qid[k] < 0;
             k++) {
            int l3 = 0;
            uint32_t n3 = qx_match(c->m->nouns, d, k + 1, hi, &l3);
            if (n3 && (l3 == QL_PERSON || l3 == QL_ANON) && c->qid[k + 1] < 0 &&
                ment_ent(c, k + 1) < 0) {
                out->found = 2;
                return 1;
            }
        }
        /* "laughed the legendary editor": "the", one lower-case word, a
           person's description named before; "said the French coach",
           "added the Uruguayan-born researcher", "said the European
           cross-country champion": a capitalised modifier that names no
           one (a nationality, "Newport-based"), at most one lower-case
           word after it, then the description */
        if (!n && j > 0 && d->tok[j - 1].hash == c->m->h_the && j + 1 < hi &&
            !c->cue_len[j] && c->qid[j] < 0) {
            uint32_t k = j + 1;
            if (is_cap_word(d, j) && ment_ent(c, j) < 0 &&
                !in_set(c->m->notname, c->m->n_notname, d->tok[j].hash) &&
                k + 1 < hi && is_lower_word(d, k) && !c->cue_len[k] &&
                c->qid[k] < 0 && !qx_match(c->m->nouns, d, k, hi, &(int){0}))
                k++;
            else if (!is_lower_word(d, j) && !is_cap_word(d, j))
                k = hi;
            int l3 = 0;
            uint32_t n3 = k < hi && c->qid[k] < 0 && ment_ent(c, k) < 0
                              ? qx_match(c->m->nouns, d, k, hi, &l3)
                              : 0;
            if (n3 && l3 == QL_PERSON && spk_desc(c, k, k + n3 - 1, l3, hi, out))
                return 1;
        }
    } else {
        if ((e = ment_ent(c, j)) >= 0) {
            /* "Matthew Herren from EduVision told", "Joe Hart of the
               Acme Group said": the person, not the organisation */
            uint32_t k = d->ment[c->tment[j]].first;
            if (k > lo && d->tok[k - 1].hash == c->m->h_the)
                k--;
            int pe;
            if (ent_type(c, e) != NW_ENT_PERSON && k >= lo + 2 &&
                (d->tok[k - 1].hash == c->m->h_from ||
                 d->tok[k - 1].hash == c->m->h_of ||
                 d->tok[k - 1].hash == c->m->h_at)) {
                if ((pe = ment_ent(c, k - 2)) >= 0 && ent_type(c, pe) == NW_ENT_PERSON)
                    return spk_ent(out, pe, 0.9);
                /* "Marc Ostwald, a strategist at Monument Securities told",
                   "John Woodward, chief executive of the UK Film Council,
                   said": the person the job of the apposition belongs to */
                uint32_t t = k - 1;
                while (t > lo && k - t < 8 && is_word(d, t - 1) &&
                       c->tment[t - 1] < 0 && !c->cue_len[t - 1] && c->qid[t - 1] < 0)
                    t--;
                if (t > lo + 1 && t < k - 1 && is_punct(d, t - 1, ',') &&
                    (pe = ment_ent(c, t - 2)) >= 0 && ent_type(c, pe) == NW_ENT_PERSON &&
                    d->ment[c->tment[t - 2]].end == t - 1)
                    return spk_ent(out, pe, 0.85);
            }
            return spk_ent(out, e, 0.9);
        }
        int lab = noun_ending_at(c, j, lo, &ns);
        /* "Paul Boateng MP, Labour's Chief Secretary, said", "Andrew
           Tyrie MP demanded": a post-nominal letter after a name */
        if (lab && ns == j && ns > lo && (d->tok[ns].flags & NW_TF_ALLCAP) &&
            (e = ment_ent(c, ns - 1)) >= 0 && ent_type(c, e) == NW_ENT_PERSON &&
            d->ment[c->tment[ns - 1]].end == ns)
            return spk_ent(out, e, 0.85);
        if (lab) {
            /* "Eric Abensur, Wanadoo's chief executive, told": a name in
               apposition before the description */
            uint32_t t = ns;
            while (t > lo && ns - t < 5 && !is_punct(d, t - 1, ',') &&
                   (is_det(c, t - 1) || c->tment[t - 1] >= 0 ||
                    d->tok[t - 1].flags & NW_TF_POSS ||
                    is_punct(d, t - 1, '\'') || is_hash(c, t - 1, "s") ||
                    is_word(d, t - 1)))
                t--;
            if (t > lo + 1 && is_punct(d, t - 1, ',') &&
                (e = ment_ent(c, t - 2)) >= 0 &&
                ent_type(c, e) == NW_ENT_PERSON && lab != QL_ORG && lab != QL_MEDIA)
                return spk_ent(out, e, 0.85);
            /* "Foreign Ministry spokeswoman Maria Zakharova" ends in the
               name, handled above; here the description is the head */
            return spk_desc(c, ns, j, lab, hi, out);
        }
    }
    /* a capitalised name the recogniser missed */
    if (is_cap_word(d, j) && !in_set(c->m->notname, c->m->n_notname, d->tok[j].hash) &&
        !in_set(c->m->skip, c->m->n_skip, d->tok[j].hash) &&
        !(d->tok[j].flags & NW_TF_SENT && !right &&
          (j + 1 >= c->n || !is_cap_word(d, j + 1)))) {
        uint32_t a = j, b = j + 1;
        if (right) {
            while (b < hi && b - a < 4 && is_cap_word(d, b))
                b++;
        } else {
            while (a > lo && j + 1 - a < 4 && is_cap_word(d, a - 1) &&
                   !in_set(c->m->notname, c->m->n_notname, d->tok[a - 1].hash))
                a--;
        }
        /* a single sentence-initial capital is too weak */
        if (b - a == 1 && (d->tok[a].flags & NW_TF_SENT))
            return 0;
        return spk_span(out, a, b, 0.5);
    }
    return 0;
}

static int skippable(const qctx *c, uint32_t j) {
    const nw_doc *d = c->d;
    if (!is_word(d, j) || c->tment[j] >= 0) /* "WHO said": a name, not "who" */
        return 0;
    if (in_set(c->m->skip, c->m->n_skip, d->tok[j].hash))
        return 1;
    uint32_t n = nw_tok_len(d, j);
    const char *p = nw_tok_ptr(d, j);
    return is_lower_word(d, j) && n > 3 && p[n - 2] == 'l' && p[n - 1] == 'y';
}

static int cue_speaker(const qctx *c, uint32_t i, uint32_t lo, uint32_t hi,
                       int at_start, int depth, spk *out);

/* A cue that shares its subject with an earlier verb of the sentence:
   "he said ..., adding", "Brown hailed ... but denied".  Resolves that
   earlier cue's speaker. */
static int shared_subject(const qctx *c, uint32_t c0, int depth, spk *out) {
    if (depth > 3)
        return 0;
    uint32_t s = sent_start(c, c0);
    for (uint32_t i = c0; i-- > s;) {
        if (c->qid[i] >= 0 || !c->cue_len[i])
            continue;
        if (cue_speaker(c, i, s, c0, 0, depth + 1, out))
            return 1;
    }
    /* no earlier verb: the first person or pronoun of the sentence --
       the person a possessor names ("The Blaze's Matt Walsh provided a
       justification, saying ...") */
    for (uint32_t t = s; t < c0; t++) {
        if (c->qid[t] >= 0)
            continue;
        int e = ment_ent(c, t);
        if (e >= 0 && ent_type(c, e) != NW_ENT_PERSON) {
            int pe = name_chain(c, t, c0);
            if (pe >= 0 && pe != e)
                return spk_ent(out, pe, 0.85);
        }
        if (pronoun_want(c, t) || (e >= 0 && ent_type(c, e) != NW_ENT_LOC))
            return candidate(c, t, s, c0, 0, out);
    }
    return 0;
}

/* "The rapper was criticised", "she was told", "was heavily criticised":
   a one-word cue in the passive, whose subject is its object, not the
   speaker ("was quoted" is still the speaker's). */
static int passive_cue(const qctx *c, uint32_t c0, uint32_t lo) {
    const nw_doc *d = c->d;
    if (c0 <= lo || c->cue_len[c0] != 1 || is_hash(c, c0, "quoted"))
        return 0;
    uint32_t cn = nw_tok_len(d, c0);
    const char *cp = nw_tok_ptr(d, c0);
    if (!((cn > 3 && cp[cn - 2] == 'e' && cp[cn - 1] == 'd') || is_hash(c, c0, "told")))
        return 0;
    uint32_t k = c0 - 1;
    while (k > lo && c0 - k < 3 && is_lower_word(d, k) && nw_tok_len(d, k) > 3 &&
           nw_tok_ptr(d, k)[nw_tok_len(d, k) - 2] == 'l' &&
           nw_tok_ptr(d, k)[nw_tok_len(d, k) - 1] == 'y')
        k--;
    return is_hash(c, k, "was") || is_hash(c, k, "were") || is_hash(c, k, "been") ||
           is_hash(c, k, "being") || is_hash(c, k, "is") || is_hash(c, k, "are") ||
           is_hash(c, k, "be");
}

/* Speaker left of the cue at c0, within [lo, c0). */
static int left_of(const qctx *c, uint32_t c0, uint32_t lo, int depth,
                   spk *out) {
    const nw_doc *d = c->d;
    if (c0 <= lo)
        return 0;
    if (passive_cue(c, c0, lo))
        return 0;
    uint32_t j = c0 - 1;
    int skipped = 0;
    while (j > lo && skipped < 5) {
        if (skippable(c, j)) {
            j--;
            skipped++;
            continue;
        }
        if (j + 1 < c0 && (is_hash(c, j, "in") || is_hash(c, j, "on") ||
                           is_hash(c, j, "at") || is_hash(c, j, "during")) &&
            (skippable(c, j + 1) || d->tok[j + 1].kind == NW_TK_NUM)) {
            j--;
            skipped++;
            continue;
        }
        /* "in July", "on Monday", "at a rally": a short phrase after a
           preposition, when a skippable word or a place ends it */
        if (j > lo + 1 && (skippable(c, j) || ment_ent(c, j) < 0 ||
                           ent_type(c, ment_ent(c, j)) == NW_ENT_LOC)) {
            uint32_t k = j;
            while (k > lo && j - k < 3 && !is_hash(c, k, "in") &&
                   !is_hash(c, k, "on") && !is_hash(c, k, "at") &&
                   !is_hash(c, k, "during"))
                k--;
            if (k > lo && j - k < 3 && k < j &&
                (is_hash(c, k, "in") || is_hash(c, k, "on") ||
                 is_hash(c, k, "at") || is_hash(c, k, "during")) &&
                (ment_ent(c, j) >= 0 || skippable(c, j) ||
                 d->tok[j].kind == NW_TK_NUM)) {
                j = k - 1;
                skipped++;
                continue;
            }
        }
        break;
    }
    if (skippable(c, j) && j == lo)
        return 0;
    uint32_t cn = nw_tok_len(d, c0);
    const char *cp = nw_tok_ptr(d, c0);
    int participle = cn > 4 && memcmp(cp + cn - 3, "ing", 3) == 0;
    /* "..., adding", "... but denied": the subject of the earlier verb */
    if ((participle && is_punct(d, j, ',')) || is_hash(c, j, "and") ||
        is_hash(c, j, "but") || (participle && j + 1 == c0 &&
                                 !is_word(d, j)))
        return shared_subject(c, c0, depth, out);
    /* an apposition: "David Page, an economist at Investec, said" */
    if (is_punct(d, j, ',') || is_punct(d, j, '-') || is_punct(d, j, ')')) {
        char close = nw_tok_ptr(d, j)[0];
        char openc = close == ')' ? '(' : close;
        uint32_t stop = j > lo + QW_APPOS ? j - QW_APPOS : lo;
        uint32_t k = j;
        int found = 0;
        while (k > stop) {
            k--;
            if (is_punct(d, k, openc)) {
                found = 1;
                break;
            }
            if (c->qid[k] >= 0 || is_boundary(c, k))
                break;
        }
        /* "Sam Hale, who lost the race to Tom Reyes, said": a relative
           clause names no speaker; the person before it speaks */
        static const char *const rel[] = {"who", "which", "whose", "whom", NULL};
        int relative = found && k + 1 < j && is_among(c, k + 1, rel);
        if (found && k + 1 < j && !relative) {
            /* "The charity's director, Barbara Stocking, said", "chief of
               the agency in Gaza, Brigadier General Said Al-Saudi, told":
               a person that ends the apposition, after title words only */
            for (uint32_t t = k + 1; t < j && is_word(d, t); t++) {
                int e = ment_ent(c, t);
                if (e < 0)
                    continue;
                /* ... not the object of a preposition ("Eric
                   Fehrnstrom, a former senior adviser to Romney, said") */
                static const char *const obj[] = {"to", "of", "for", "with", "by",
                                                  "from", NULL};
                uint32_t mf = d->ment[c->tment[t]].first;
                int object = mf > k + 1 && is_among(c, mf - 1, obj);
                if (ent_type(c, e) == NW_ENT_PERSON && !object &&
                    d->ment[c->tment[t]].end == j) {
                    memset(out, 0, sizeof(*out));
                    return spk_ent(out, e, 0.9);
                }
                /* "Another friend, Max Fisher of Vox, praised": the
                   person, then of / at / from and the organisation that
                   ends the apposition -- when no person is named before
                   it ("Meenakshi Ganguly, South Asia Director at Human
                   Rights Watch, wrote" is Ganguly's) */
                uint32_t pe = d->ment[c->tment[t]].end;
                int named_before = k > lo && ment_ent(c, k - 1) >= 0 &&
                                   ent_type(c, ment_ent(c, k - 1)) == NW_ENT_PERSON;
                if (ent_type(c, e) == NW_ENT_PERSON && !named_before && pe + 1 < j &&
                    (is_hash(c, pe, "of") || is_hash(c, pe, "at") ||
                     is_hash(c, pe, "from")) &&
                    ment_ent(c, pe + 1) >= 0 &&
                    ent_type(c, ment_ent(c, pe + 1)) != NW_ENT_PERSON &&
                    d->ment[c->tment[pe + 1]].end == j) {
                    memset(out, 0, sizeof(*out));
                    return spk_ent(out, e, 0.85);
                }
                break;
            }
        }
        if (found && k > lo) {
            /* "Rep. Jim Jordan (R-Ohio), an oversight panel member,
               said": a bracket before the apposition is passed over */
            uint32_t kk = k;
            if (kk > lo + 1 && is_punct(d, kk - 1, ')')) {
                for (uint32_t t = kk - 1; t-- > lo && kk - t < 10;)
                    if (is_punct(d, t, '(')) {
                        kk = t;
                        break;
                    }
            }
            /* "Scott Pruitt, the attorney general of Oklahoma, one of the
               states suing the EPA, said": a place or organisation after
               of / in / at / for / from ends an earlier apposition; the
               person before that one speaks */
            /* "Stephen Douglas, 26, from Wales, said": past the age */
            if (kk > lo + 3 && d->tok[kk - 1].kind == NW_TK_NUM && is_punct(d, kk - 2, ','))
                kk -= 2;
            int pe = kk > lo ? ment_ent(c, kk - 1) : -1;
            if (pe >= 0 && ent_type(c, pe) != NW_ENT_PERSON) {
                uint32_t mf = d->ment[c->tment[kk - 1]].first;
                static const char *const ends[] = {"of", "in", "at", "for", "from",
                                                   "with", "to", "by", NULL};
                if (mf > lo && is_among(c, mf - 1, ends)) {
                    for (uint32_t t = mf - 1; t > lo + 1 && j - t < QW_APPOS; t--) {
                        if (c->qid[t] >= 0 || is_boundary(c, t))
                            break;
                        if (!is_punct(d, t, ','))
                            continue;
                        int p2 = ment_ent(c, t - 1);
                        if (p2 >= 0 && ent_type(c, p2) == NW_ENT_PERSON &&
                            d->ment[c->tment[t - 1]].end == t &&
                            candidate(c, t - 1, lo, c0, 0, out))
                            return 1;
                        break;
                    }
                }
            }
            if (kk > lo && candidate(c, kk - 1, lo, c0, 0, out))
                return 1;
        }
        if (j > lo && close == ',') {
            /* "..., he said, adding" and the like: nearest candidate */
            for (uint32_t t = j; t-- > lo && j - t < 12;) {
                if (c->qid[t] >= 0)
                    break;
                if (pronoun_want(c, t) || ment_ent(c, t) >= 0)
                    return candidate(c, t, lo, c0, 0, out);
            }
        }
        return 0;
    }
    /* "Rhian Beynon of the JCWI said", "Peter Morgan from Oxfam said":
       the person before of / from / at and an organisation or place */
    if (c->tment[j] >= 0 && d->ment[c->tment[j]].type != NW_ENT_PERSON) {
        uint32_t k = d->ment[c->tment[j]].first;
        if (k > lo && is_hash(c, k - 1, "the"))
            k--;
        if (k > lo + 1 && (is_hash(c, k - 1, "of") || is_hash(c, k - 1, "from") ||
                           is_hash(c, k - 1, "at"))) {
            int pe = ment_ent(c, k - 2);
            if (pe >= 0 && ent_type(c, pe) == NW_ENT_PERSON &&
                d->ment[c->tment[k - 2]].end == k - 1 &&
                candidate(c, k - 2, lo, c0, 0, out))
                return 1;
        }
    }
    if (candidate(c, j, lo, c0, 0, out))
        return 1;
    return 0;
}

/* Speaker right of a cue ending before token k, within [k, hi). */
static int right_of(const qctx *c, uint32_t k, uint32_t hi, spk *out) {
    if (k < hi && is_det(c, k) && pronoun_want(c, k) == 0)
        k++;
    if (k >= hi)
        return 0;
    return candidate(c, k, k, hi, 1, out);
}

static int verb_like(const nw_doc *d, uint32_t t);
/* Do the names from token k on (one, or several joined by "and" / ","),
   or "it", open a clause -- an auxiliary, a modal or a verb after
   them ("China and Russia have established", "Clinton would", "it is")? */
static int clause_subject(const qctx *c, uint32_t k, uint32_t hi) {
    static const char *const aux[] = {"have", "has", "had", "is", "are", "was", "were",
                                      "will", "would", "could", "should", "can", "may",
                                      "might", "must", "did", "does", "do", NULL};
    const nw_doc *d = c->d;
    /* "said Thursday his biggest worry ...": past a day or a time word */
    while (k + 1 < hi && c->tment[k] < 0 && is_word(d, k) &&
           in_set(c->m->skip, c->m->n_skip, d->tok[k].hash) && !is_det(c, k) &&
           !pronoun_want(c, k))
        k++;
    if (k + 1 < hi && is_hash(c, k, "it")) {
        k++; /* "saying it is necessary to ..." (not "said he would ...":
                he is most often the one saying) */
    } else if (k + 1 < hi && c->tment[k] < 0 && is_det(c, k)) {
        /* "..., said the mayor offered no changes", "said Thursday his
           biggest worry about Reyes is": a description (up to five words,
           names aside), then an auxiliary or a past tense and its
           object */
        uint32_t t = k + 1, w = 0;
        /* "the Reyes campaign would": a name may open the description */
        while (t < hi && t - k <= 3 && c->tment[t] >= 0)
            t = d->ment[c->tment[t]].end;
        while (t < hi && w < 5 && (is_lower_word(d, t) || c->tment[t] >= 0) &&
               !c->cue_len[t] && !is_det(c, t)) {
            if (c->tment[t] >= 0) { /* "his worry about Tom Reyes is" */
                t = d->ment[c->tment[t]].end;
                continue;
            }
            static const char *const prep[] = {"in", "by", "at", "on", "from", "with",
                                               "for", "to", NULL};
            uint32_t n = nw_tok_len(d, t);
            const char *p = nw_tok_ptr(d, t);
            int past = w > 0 && n > 4 && p[n - 2] == 'e' && p[n - 1] == 'd' &&
                       t + 1 < hi && is_lower_word(d, t + 1) && !is_among(c, t + 1, prep);
            if (w > 0 && (is_among(c, t, aux) || past))
                return 1;
            t++;
            w++;
        }
        /* "..., said the president "offered no changes ...": the
           description ends at a quote that goes on in lower case */
        return w > 0 && t == hi && hi + 1 < c->n && c->qid[hi] >= 0 &&
               is_lower_word(d, hi + 1);
    } else {
        for (int names = 0; k < hi && names < 4; names++) {
            if (c->tment[k] < 0)
                return 0;
            k = d->ment[c->tment[k]].end;
            if (k + 1 < hi && (is_hash(c, k, "and") || is_punct(d, k, ',')) &&
                c->tment[k + 1] >= 0) {
                k++;
                continue;
            }
            break;
        }
    }
    if (k >= hi || !is_lower_word(d, k))
        return 0;
    if (is_among(c, k, aux))
        return 1;
    /* a verb-like word (-ed, -s) with more words after it ("China and
       Russia agreed a truce") */
    return verb_like(d, k) && k + 1 < hi && !is_punct(d, k + 1, ',') &&
           !is_punct(d, k + 1, '.');
}

/* Resolve one cue starting at token i with frame [lo, hi).  at_start: the
   cue opens the frame that follows a quote. */
static int cue_speaker(const qctx *c, uint32_t i, uint32_t lo, uint32_t hi,
                       int at_start, int depth, spk *out) {
    const nw_doc *d = c->d;
    int lab = c->cue_lab[i];
    uint32_t end = i + c->cue_len[i];
    memset(out, 0, sizeof(*out));
    out->ent = -1;
    int ok = 0;
    /* ", said Chris Stening": inversion after a comma or a quote */
    int inverted = lab == QL_SAY && i > 0 &&
                   (is_punct(d, i - 1, ',') || d->tok[i - 1].kind == NW_TK_QUOTE);
    /* "The Associated Press quoted Alhakim as saying", "Reuters quoted a
       central bank official as saying": the one quoted speaks, not the
       one quoting */
    uint32_t as = UINT32_MAX;
    if (lab == QL_LEFT && c->cue_len[i] == 1 && end < hi &&
        !is_hash(c, end, "by") && /* "was quoted by the BBC as saying" */
        !is_hash(c, end, "its") && !is_hash(c, end, "his") && /* a text */
        !is_hash(c, end, "her") && !is_hash(c, end, "their") &&
        (is_hash(c, i, "quoted") || is_hash(c, i, "quotes") ||
         is_hash(c, i, "quote") || is_hash(c, i, "cited") || is_hash(c, i, "cites")))
        for (uint32_t k = end + 1; k + 1 < hi && k <= end + 8 && as == UINT32_MAX; k++)
            if (is_hash(c, k, "as") &&
                (is_hash(c, k + 1, "saying") || is_hash(c, k + 1, "telling") ||
                 is_hash(c, k + 1, "writing")))
                as = k;
    /* '"...," Arab News quoted Nnamdi Obasi, senior analyst': after a
       quote, the name quoted is its speaker */
    int quoted_after = as == UINT32_MAX && lab == QL_LEFT && c->cue_len[i] == 1 &&
                       (is_hash(c, i, "quoted") || is_hash(c, i, "cited")) && lo > 0 &&
                       i > lo && i - lo <= 6 &&
                       (d->tok[lo - 1].kind == NW_TK_QUOTE || is_punct(d, lo - 1, ',')) &&
                       end < hi && ment_ent(c, end) >= 0 &&
                       ent_type(c, ment_ent(c, end)) != NW_ENT_LOC;
    if (as != UINT32_MAX) {
        ok = right_of(c, end, as, out);
    } else if (quoted_after) {
        ok = right_of(c, end, hi, out);
    } else if (lab == QL_RIGHT) {
        ok = right_of(c, end, hi, out);
    } else if ((at_start || inverted) && lab == QL_SAY) {
        /* "..., said of Cruz", "..., said about the plan": no speaker
           after the cue */
        static const char *const preps[] = {"of", "about", "to", "on", NULL};
        int prep = end < hi && is_lower_word(d, end) && is_among(c, end, preps);
        ok = !prep && right_of(c, end, hi, out);
        /* "Ayrault, the foreign minister, said North Korea's latest
           "provocation ...": a possessor after the cue is no speaker */
        if (ok && !at_start && end < hi && c->tment[end] >= 0 &&
            c->d->ment[c->tment[end]].entity == out->ent) {
            uint32_t me = c->d->ment[c->tment[end]].end;
            if (me < hi && (c->d->tok[me].flags & NW_TF_POSS) &&
                !(me + 1 < hi && ment_ent(c, me + 1) >= 0)) {
                spk keep = *out;
                if (left_of(c, i, lo, depth, out))
                    ok = 1;
                else
                    *out = keep;
            }
        }
        /* "Pantucci, at RUSI, said China and Russia have established
           ...", "..., saying Clinton would "abolish ..."": a name after an
           inverted cue that a verb follows opens the words said, not the
           one saying them */
        if (ok && !at_start && end < hi && clause_subject(c, end, hi)) {
            spk keep = *out;
            if (left_of(c, i, lo, depth, out))
                ok = 1;
            else {
                *out = keep;
                ok = 0;
            }
        }
        if (!ok)
            ok = left_of(c, i, lo, depth, out);
    } else {
        ok = left_of(c, i, lo, depth, out);
        if (!ok && lab == QL_SAY && i == lo)
            ok = right_of(c, end, hi, out); /* Said Brown: "..." */
    }
    if (ok) {
        out->cue_a = i;
        out->cue_b = end;
    }
    return ok;
}

/* Frame after quote q: tokens [lo, hi). */
static void frame_after(const qctx *c, const qspan *q, uint32_t *lo,
                        uint32_t *hi) {
    uint32_t s = q->close != UINT32_MAX ? q->close + 1 : q->b;
    uint32_t e = s;
    while (e < c->n && e - s < QW_FRAME && c->para[e] == q->para &&
           c->qid[e] < 0 && !is_boundary(c, e) && !is_punct(c->d, e, ':'))
        e++;
    *lo = s;
    *hi = e;
}

/* Frame before quote q: tokens [lo, hi). */
static void frame_before(const qctx *c, const qspan *q, uint32_t *lo,
                         uint32_t *hi) {
    uint32_t e = q->open, s = q->open;
    while (s > 0 && e - s < QW_FRAME && c->para[s - 1] == q->para &&
           c->qid[s - 1] < 0 && !is_boundary(c, s - 1))
        s--;
    *lo = s;
    *hi = e;
}

/* Does the quote end a sentence of its own ("...done." He ...)? */
static int ends_sentence(const qctx *c, const qspan *q) {
    uint32_t k = q->close != UINT32_MAX ? q->close : q->b;
    while (k > q->a && c->d->tok[k - 1].kind == NW_TK_PUNCT) {
        char ch = nw_tok_ptr(c->d, k - 1)[0];
        if (ch == '.' || ch == '!' || ch == '?')
            return 1;
        k--;
    }
    return 0;
}

/* a lower-case word that may be a verb the cue lexicon lacks: "beamed",
   "jokes" (more than three letters, ending in -ed or -s); "of", "with" and
   "from" are not */
static int verb_like(const nw_doc *d, uint32_t t) {
    uint32_t n = nw_tok_len(d, t);
    const char *w = nw_tok_ptr(d, t);
    return n > 3 && ((w[n - 2] == 'e' && w[n - 1] == 'd') || w[n - 1] == 's');
}

static int attr_after(const qctx *c, const qspan *q, spk *out) {
    uint32_t lo, hi;
    frame_after(c, q, &lo, &hi);
    int ended = ends_sentence(c, q);
    /* "..." -- Sonya Herridge; not "..." - just as she did with X */
    if (lo + 1 < hi && is_punct(c->d, lo, '-') &&
        (is_cap_word(c->d, lo + 1) || c->tment[lo + 1] >= 0)) {
        memset(out, 0, sizeof(*out));
        out->ent = -1;
        if (candidate(c, lo + 1, lo + 1, hi, 1, out) && out->found == 1) {
            out->conf = 0.8;
            return 1;
        }
    }
    /* '... as a "disgrace" after she attacked the police': a clause of
       time or cause after the quote has its own subject, not the
       quote's speaker */
    {
        uint32_t k0 = lo;
        while (k0 < hi && c->d->tok[k0].kind == NW_TK_PUNCT && !is_punct(c->d, k0, '-'))
            k0++;
        static const char *const SUB[] = {"after", "when", "before", "because", "since",
                                          "while", "until", "whereas", "although", "though"};
        for (size_t w = 0; k0 < hi && w < sizeof(SUB) / sizeof(SUB[0]); w++)
            if (is_hash(c, k0, SUB[w]) && is_lower_word(c->d, k0))
                return 0;
    }
    /* "has been called "strategic ambiguity" by Dan Cole": a naming verb
       in the passive before the quote, its agent after it */
    static const char *const naming[] = {"called", "dubbed", "termed", "labelled",
                                         "labeled", "branded", NULL};
    static const char *const describing[] = {"described", "characterized",
                                             "characterised", NULL};
    if (lo + 1 < hi && is_hash(c, lo, "by") && q->open > 0 &&
        (is_among(c, q->open - 1, naming) ||
         (is_hash(c, q->open - 1, "as") && q->open > 1 &&
          is_among(c, q->open - 2, describing)))) {
        int e = ment_ent(c, lo + 1);
        if (e >= 0 && ent_type(c, e) != NW_ENT_LOC) {
            memset(out, 0, sizeof(*out));
            return spk_ent(out, name_chain(c, lo + 1, hi), 0.8);
        }
    }
    for (uint32_t i = lo; i < hi; i++) {
        if (!c->cue_len[i])
            continue;
        /* after "...done." a new sentence starts: only a short one with a
           cue right there ("Mr Brown said."), and not a lead-in to the
           next quote ("Simpson-Daniel added: "...") */
        if (ended && c->d->tok[lo].kind == NW_TK_WORD &&
            is_cap_word(c->d, lo) && !pronoun_want(c, lo)) {
            if (i - lo > 3 || hi - lo > 10)
                return 0;
            if (hi < c->n && (is_punct(c->d, hi, ':') ||
                              (c->qid[hi] >= 0 && c->q[c->qid[hi]].open == hi)))
                return 0;
        }
        uint32_t k = lo;
        while (k < i && c->d->tok[k].kind == NW_TK_PUNCT)
            k++;
        int at_start = k == i;
        if (cue_speaker(c, i, lo, hi, at_start, 0, out)) {
            out->conf = out->conf * (at_start || i - lo < 6 ? 1.0 : 0.9);
            return 1;
        }
        i += c->cue_len[i] - 1u;
    }
    /* a speech verb the lexicon lacks, right after the quote: "...!"
       beamed Donald Hartley / "...," Trump quipped. */
    uint32_t k = lo;
    while (k < hi && c->d->tok[k].kind == NW_TK_PUNCT && !is_punct(c->d, k, '-'))
        k++;
    if (k + 1 < hi && k < lo + 2 && is_lower_word(c->d, k) && verb_like(c->d, k) &&
        ment_ent(c, k + 1) >= 0 &&
        ent_type(c, ment_ent(c, k + 1)) == NW_ENT_PERSON) {
        memset(out, 0, sizeof(*out));
        return spk_ent(out, name_chain(c, k + 1, hi), 0.6);
    }
    if (k < hi && k < lo + 2 && !ended) {
        uint32_t t = k;
        int e = ment_ent(c, k);
        if (e >= 0)
            t = c->d->ment[c->tment[k]].end;
        else if (pronoun_want(c, k) == 1 || pronoun_want(c, k) == 2)
            t = k + 1;
        else
            return 0;
        if (t < hi && is_lower_word(c->d, t)) {
            if (verb_like(c->d, t) && (t + 1 >= hi || c->d->tok[t + 1].kind == NW_TK_PUNCT ||
                         skippable(c, t + 1)))
                return candidate(c, k, lo, hi, 0, out);
        }
    }
    return 0;
}

static int attr_before(const qctx *c, const qspan *q, spk *out) {
    uint32_t lo, hi;
    frame_before(c, q, &lo, &hi);
    for (uint32_t i = hi; i-- > lo;) {
        if (!c->cue_len[i])
            continue;
        if (cue_speaker(c, i, lo, hi, 0, 0, out)) {
            int colon = hi > lo && is_punct(c->d, hi - 1, ':');
            out->conf *= colon || hi - i < 4 ? 1.0 : 0.85;
            return 1;
        }
    }
    return 0;
}

/* The speaker of a cue at i found away from the quote, its frame running
   from lo to the end of i's sentence within paragraph p: a weak (0.45)
   attribution.  1 when found. */
static int para_cue(const qctx *c, uint32_t i, uint32_t lo, uint32_t p,
                    spk *out) {
    uint32_t hi = i;
    while (hi < c->n && hi - i < QW_FRAME && c->para[hi] == p &&
           c->qid[hi] < 0 && !is_boundary(c, hi))
        hi++;
    if (!cue_speaker(c, i, lo, hi, 0, 0, out))
        return 0;
    out->conf = 0.45;
    return 1;
}

/* Nearest cue with a speaker in q's paragraph outside quotes, before the
   quote first, then after it. */
static int attr_paragraph(const qctx *c, const qspan *q, spk *out) {
    uint32_t p = q->para;
    int tries = 0;
    for (uint32_t i = q->open, n = 0; i-- > 0 && n < 400 && tries < 4; n++) {
        if (c->para[i] != p)
            break;
        if (!c->cue_len[i] || c->qid[i] >= 0)
            continue;
        tries++;
        uint32_t lo = i;
        while (lo > 0 && i - lo < QW_FRAME && c->para[lo - 1] == p &&
               c->qid[lo - 1] < 0 && !is_boundary(c, lo - 1))
            lo--;
        if (cue_speaker(c, i, lo, q->open, 0, 0, out)) {
            out->conf = 0.55;
            return 1;
        }
    }
    uint32_t s = q->close != UINT32_MAX ? q->close + 1 : q->b;
    tries = 0;
    for (uint32_t i = s, n = 0; i < c->n && n < 400 && tries < 4; i++, n++) {
        if (c->para[i] != p)
            break;
        /* no further than the end of the sentence the quote stands in, or
           of the one after a quote that ends its own: a later sentence's
           subject has not said the words of a phrase quoted before it
           ("...a paper's view that the "time is ripe" for a change. ...
           The White House will announce") */
        if (c->qid[i] < 0 && is_boundary(c, i))
            break;
        if (!c->cue_len[i] || c->qid[i] >= 0)
            continue;
        tries++;
        uint32_t lo = i;
        while (lo > s && i - lo < QW_FRAME && c->qid[lo - 1] < 0 &&
               !is_boundary(c, lo - 1))
            lo--;
        if (para_cue(c, i, lo, p, out))
            return 1;
    }
    return 0;
}

/* A transcript line: "WALLACE: ..." -- the speaker's name and a colon open
   the quote. */
static int attr_label(const qctx *c, const qspan *q, spk *out) {
    const nw_doc *d = c->d;
    uint32_t k = q->a;
    while (k < q->b && k - q->a < 4 && is_cap_word(d, k))
        k++;
    if (k == q->a || k >= q->b || !is_punct(d, k, ':'))
        return 0;
    memset(out, 0, sizeof(*out));
    out->ent = -1;
    int e = ment_ent(c, q->a);
    if (e >= 0) {
        out->found = 1;
        out->ent = e;
    } else if (d->tok[q->a].flags & NW_TF_ALLCAP ||
               (nw_tok_len(d, q->a) > 1 && isupper((unsigned char)nw_tok_ptr(d, q->a)[1]))) {
        out->found = 1;
        out->sa = q->a;
        out->sb = k;
    } else {
        return 0;
    }
    out->conf = 0.75;
    return 1;
}

/* A partial quote without a cue, inside a sentence that opens with a name:
   "Trump openly admires Putin as a "strong leader"" -- the sentence's
   subject. */
static int attr_subject(const qctx *c, const qspan *q, spk *out) {
    const nw_doc *d = c->d;
    uint32_t s = sent_start(c, q->open);
    if (s == q->open || c->qid[s] >= 0)
        return 0;
    /* an opening phrase: "In recent weeks, Reid has gone after ...",
       "During a May interview on CNBC's Squawk Box, Trump said ..." */
    for (uint32_t t = s; t < q->open && t < s + 12; t++)
        if (is_punct(d, t, ',')) {
            /* ... but "Mr Kilroy-Silk, who recently quit UKIP, said": a
               person's name (and a title) before the comma is the
               subject */
            int opener = in_set(c->m->notname, c->m->n_notname, d->tok[s].hash) &&
                         !is_hash(c, s, "and") && !is_hash(c, s, "but");
            /* one word before the name: a title or "And" ("Rep. Adam
               Schiff, a California Democrat,"), not a preposition or the
               like ("Before Obamacare, they ...") */
            uint32_t u = s < t && c->tment[s] < 0 && is_cap_word(d, s) && !opener ? s + 1 : s;
            int person = u < t && ment_ent(c, u) >= 0 &&
                         ent_type(c, ment_ent(c, u)) == NW_ENT_PERSON &&
                         d->ment[c->tment[u]].first == u && d->ment[c->tment[u]].end == t;
            if (c->tment[s] < 0 && !pronoun_want(c, s) && !person)
                s = t + 1;
            break;
        }
    /* the clause holding the quote: after ", but", ", and", "; " */
    for (uint32_t t = q->open; t-- > s + 1;) {
        if (c->qid[t] >= 0)
            break;
        if (is_punct(d, t, ';')) {
            s = t + 1;
            break;
        }
        if (is_punct(d, t, ',') && t + 1 < q->open &&
            (is_hash(c, t + 1, "but") || is_hash(c, t + 1, "and") ||
             is_hash(c, t + 1, "while") || is_hash(c, t + 1, "although"))) {
            s = t + 2;
            break;
        }
    }
    /* "Ms Hart was criticised by viewers for a "lewd" show": the
       subject of a passive cue did not say it */
    for (uint32_t t = s + 1; t < q->open; t++)
        if (c->qid[t] < 0 && passive_cue(c, t, s))
            return 0;
    for (uint32_t t = s; t < q->open && t < s + 7; t++) {
        int e = ment_ent(c, t);
        if (e >= 0) {
            if (ent_type(c, e) == NW_ENT_LOC)
                return 0;
            memset(out, 0, sizeof(*out));
            /* "Liberal Democrat deputy leader Menzies Campbell said",
               "Shadow Constitutional Affairs Secretary Oliver Heald
               accused": a person further on in the subject, before its
               verb, is the one */
            if (ent_type(c, e) != NW_ENT_PERSON)
                for (uint32_t k = d->ment[c->tment[t]].end; k < q->open && k < t + 8; k++) {
                    int pe = ment_ent(c, k);
                    if (pe >= 0 && ent_type(c, pe) == NW_ENT_PERSON)
                        return spk_ent(out, name_chain(c, k, q->open), 0.5);
                    if (!is_word(d, k) || c->cue_len[k] ||
                        (is_lower_word(d, k) && (verb_like(d, k) || skippable(c, k))))
                        break;
                }
            return spk_ent(out, name_chain(c, t, q->open), 0.5);
        }
        if (pronoun_want(c, t) == 1 || pronoun_want(c, t) == 2)
            return candidate(c, t, s, q->open, 0, out);
        if (c->tment[t] >= 0)
            return 0;
        int lab = 0;
        uint32_t n = qx_match(c->m->nouns, d, t, q->open, &lab);
        if (n && lab == QL_PERSON && ment_ent(c, t + n) < 0) {
            memset(out, 0, sizeof(*out));
            out->ent = -1;
            return candidate(c, t + n - 1, s, q->open, 0, out);
        }
        /* title words before the name: "Democratic presidential
           candidate Bernie Sanders is ..." */
        if (!is_word(d, t) || c->cue_len[t])
            return 0;
    }
    return 0;
}

/* The subject of a lead-in that ends in a colon, when its verb is not in
   the cue list ("17-year-old Jared Potts echoed:"). */
static int attr_colon(const qctx *c, const qspan *q, spk *out) {
    const nw_doc *d = c->d;
    if (q->open == 0 || !is_punct(d, q->open - 1, ':'))
        return 0;
    uint32_t colon = q->open - 1, s = sent_start(c, colon);
    for (uint32_t t = s; t < colon && t < s + 12; t++) {
        if (c->qid[t] >= 0)
            return 0;
        int e = ment_ent(c, t);
        if (e >= 0 && ent_type(c, e) != NW_ENT_LOC) {
            memset(out, 0, sizeof(*out));
            return spk_ent(out, name_chain(c, t, colon), 0.55);
        }
        if (c->tment[t] >= 0) {
            t = d->ment[c->tment[t]].end - 1;
            continue;
        }
        if (pronoun_want(c, t) == 1 || pronoun_want(c, t) == 2)
            return candidate(c, t, s, colon, 0, out);
    }
    return 0;
}

/* Does paragraph p hold only boilerplate (a URL line, "Related article:
   ...")?  Such a paragraph shares its content number with the one before. */
static int para_boiler(const qctx *c, uint32_t p) {
    return p > 0 && c->pcont[p] == c->pcont[p - 1];
}

/* A quote paragraph with nothing of its own: the nearest cue in the
   paragraph before ("Valastro praised Christie's leadership.") */
static int attr_prev_para(const qctx *c, const qspan *q, spk *out) {
    if (q->open == 0 || c->para[q->open - 1] == q->para)
        return 0;
    /* past boilerplate lines, to the paragraph with text before */
    uint32_t st = q->open;
    while (st > 0 && q->open - st < 400 && para_boiler(c, c->para[st - 1]))
        st--;
    if (st == 0 || para_boiler(c, c->para[st - 1]))
        return 0;
    uint32_t p = c->para[st - 1];
    int tries = 0;
    for (uint32_t i = st, n = 0; i-- > 0 && n < 400 && tries < 3; n++) {
        if (c->para[i] != p)
            break;
        if (c->qid[i] >= 0)
            break; /* a quote there: the continuation rules had their say */
        if (!c->cue_len[i])
            continue;
        tries++;
        if (para_cue(c, i, sent_start(c, i), p, out))
            return 1;
    }
    return 0;
}

/* A cue elsewhere in the quote's sentence, past other quotes: "The
   party "always" knew what "modern Britain" wanted, he said." */
static int attr_sentence(const qctx *c, const qspan *q, spk *out) {
    uint32_t i = q->close != UINT32_MAX ? q->close + 1 : q->b;
    uint32_t lo = i;
    for (uint32_t n = 0; i < c->n && n < 120 && c->para[i] == q->para; i++, n++) {
        if (c->qid[i] >= 0) {
            if (c->q[c->qid[i]].close == UINT32_MAX)
                break;
            i = c->q[c->qid[i]].close;
            lo = i + 1;
            continue;
        }
        if (is_boundary(c, i))
            break;
        if (c->cue_len[i]) {
            uint32_t hi = i;
            while (hi < c->n && hi - i < QW_FRAME && c->para[hi] == q->para &&
                   c->qid[hi] < 0 && !is_boundary(c, hi))
                hi++;
            if (cue_speaker(c, i, lo, hi, 0, 0, out)) {
                out->conf = 0.6;
                return 1;
            }
        }
    }
    return 0;
}

static void attribute(qctx *c) {
    for (uint32_t qi = 0; qi < c->nq; qi++) {
        const qspan *q = &c->q[qi];
        spk *r = &c->res[qi];
        memset(r, 0, sizeof(*r));
        r->ent = -1;
        uint32_t blo, bhi;
        frame_before(c, q, &blo, &bhi);
        int leadin = bhi > blo && (is_punct(c->d, bhi - 1, ':') ||
                                   (c->cue_len[bhi - 1] && bhi - 1 > blo));
        if (q->title)
            continue;
        if (attr_label(c, q, r))
            continue;
        if (leadin && attr_before(c, q, r))
            continue;
        if (attr_after(c, q, r))
            continue;
        if (!q->cont && attr_before(c, q, r))
            continue;
        /* continuation of the previous quote */
        if (qi > 0) {
            const qspan *pq = &c->q[qi - 1];
            int same_para = pq->para == q->para;
            int opens_para = q->open == 0 || c->para[q->open - 1] != q->para;
            int next_para = c->pcont[pq->para] + 1 == c->pcont[q->para];
            /* "more listening" and "more learning": quotes joined by a
               conjunction share their speaker */
            int joined = same_para && bhi > blo && bhi - blo <= 2;
            for (uint32_t t = blo; joined && t < bhi; t++)
                joined = is_punct(c->d, t, ',') || is_hash(c, t, "and") ||
                         is_hash(c, t, "or");
            if (q->cont || (same_para && bhi == blo) || joined ||
                (opens_para && next_para && c->res[qi - 1].found)) {
                if (c->res[qi - 1].found) {
                    *r = c->res[qi - 1];
                    r->conf = q->cont ? 0.8 : 0.65;
                    continue;
                }
            }
        }
        if (attr_colon(c, q, r))
            continue;
        if (attr_sentence(c, q, r))
            continue;
        if (attr_subject(c, q, r))
            continue;
        if (attr_paragraph(c, q, r))
            continue;
        if (attr_prev_para(c, q, r))
            continue;
        /* a quote paragraph after a colon lead-in paragraph */
        if (q->para > 0 && q->open > 0 && c->para[q->open - 1] != q->para &&
            is_punct(c->d, q->open - 1, ':')) {
            qspan fake = *q;
            fake.para = c->para[q->open - 1];
            uint32_t lo = q->open - 1;
            while (lo > 0 && q->open - lo < QW_FRAME &&
                   c->para[lo - 1] == fake.para && c->qid[lo - 1] < 0 &&
                   !is_boundary(c, lo - 1))
                lo--;
            for (uint32_t i = q->open; i-- > lo;)
                if (c->cue_len[i] && cue_speaker(c, i, lo, q->open, 0, 0, r)) {
                    r->conf = 0.7;
                    break;
                }
            if (r->found)
                continue;
        }
        /* the speaker of the quote just before, in this paragraph or the
           one before: news keeps quoting the same person */
        if (qi > 0 && c->res[qi - 1].found == 1 &&
            c->pcont[c->q[qi - 1].para] + 1 >= c->pcont[q->para]) {
            *r = c->res[qi - 1];
            r->conf = 0.4;
        }
    }
}

/* A quote whose own speaker is unknown or only guessed takes the speaker
   of the span that continues it ("...manage it. "If five ...," he told
   BBC Sport.") */
static void propagate_back(qctx *c) {
    for (uint32_t i = c->nq; i-- > 1;) {
        const qspan *q = &c->q[i];
        spk *prev = &c->res[i - 1];
        if (!q->cont || c->res[i].found != 1 || c->res[i].conf < 0.8 ||
            q->title || c->q[i - 1].title)
            continue;
        if (prev->found == 0 || prev->conf < 0.7) {
            *prev = c->res[i];
            prev->conf = 0.7;
        }
    }
}

/* The next word token of quote q at or after token i, or q->b. */
static uint32_t next_word(const nw_doc *d, const qspan *q, uint32_t i) {
    while (i < q->b && d->tok[i].kind != NW_TK_WORD)
        i++;
    return i;
}

/* The number of words of quote q, counted up to QW_REPEAT. */
static uint32_t quote_words(const nw_doc *d, const qspan *q) {
    uint32_t n = 0;
    for (uint32_t i = next_word(d, q, q->a); i < q->b && n < QW_REPEAT;
         i = next_word(d, q, i + 1))
        n++;
    return n;
}

/* Does quote s hold all the words of quote w as one run, punctuation
   aside? */
static int quote_holds(const nw_doc *d, const qspan *s, const qspan *w) {
    uint32_t w0 = next_word(d, w, w->a);
    for (uint32_t p = next_word(d, s, s->a); p < s->b; p = next_word(d, s, p + 1)) {
        if (d->tok[p].hash != d->tok[w0].hash)
            continue;
        uint32_t x = p, y = w0;
        while (y < w->b && x < s->b && d->tok[x].hash == d->tok[y].hash) {
            x = next_word(d, s, x + 1);
            y = next_word(d, w, y + 1);
        }
        if (y >= w->b)
            return 1;
    }
    return 0;
}

/* The same words quoted twice -- a pull quote set above the paragraph that
   says who spoke them, or a headline quote repeated in the body -- have one
   speaker: a quote attributed only by proximity, or not at all, takes the
   speaker of a nearby quote that holds its words and was attributed by a
   cue.  Two cue-attributed speakers that disagree both stand. */
static void share_repeats(qctx *c) {
    for (uint32_t i = 0; i < c->nq; i++) {
        const qspan *w = &c->q[i];
        if (w->title || (c->res[i].found && c->res[i].conf >= QC_REPEAT) ||
            quote_words(c->d, w) < QW_REPEAT)
            continue;
        uint32_t lo = i > QW_REPEAT_Q ? i - QW_REPEAT_Q : 0;
        uint32_t hi = c->nq - i > QW_REPEAT_Q ? i + QW_REPEAT_Q : c->nq;
        int from = -1;
        for (uint32_t j = lo; j < hi; j++) {
            const spk *r = &c->res[j];
            if (j == i || c->q[j].title || r->found != 1 || r->conf < QC_REPEAT ||
                !quote_holds(c->d, &c->q[j], w))
                continue;
            if (from >= 0 && (c->res[from].ent != r->ent ||
                              (r->ent < 0 && !(c->res[from].sa == r->sa &&
                                               c->res[from].sb == r->sb)))) {
                from = -2; /* two speakers: leave it */
                break;
            }
            if (from == -1)
                from = (int)j;
        }
        if (from >= 0) {
            c->res[i] = c->res[from];
            c->res[i].conf = QC_REPEAT;
        }
    }
}

/* ------------------------------------------------------------- output -- */

/* The one person whose name ends in the capitalised word at token i
   ("Dean said" after "friends Casey Dean and Eduard Nitz", where the
   recogniser missed the surname alone), or -1. */
static int person_by_surname(const nw_doc *d, uint32_t i) {
    const nw_extraction *x = d->x;
    uint32_t n = nw_tok_len(d, i);
    const char *w = nw_tok_ptr(d, i);
    if (!(d->tok[i].flags & NW_TF_CAP) || n < 2)
        return -1;
    int hit = -1;
    for (size_t e = 0; e < x->n_entities; e++) {
        const nw_entity *E = &x->entities[e];
        if (E->type != NW_ENT_PERSON || !E->name)
            continue;
        size_t l = strlen(E->name);
        if (l <= n || E->name[l - n - 1] != ' ' || memcmp(E->name + l - n, w, n))
            continue;
        if (hit >= 0)
            return -1;
        hit = (int)e;
    }
    return hit;
}

static char *dup_tokens(const nw_doc *d, uint32_t a, uint32_t b) {
    size_t n = 0;
    for (uint32_t i = a; i < b; i++)
        n += nw_tok_len(d, i) + 1;
    char *s = malloc(n + 1), *p = s;
    if (!s)
        return NULL;
    for (uint32_t i = a; i < b; i++) {
        if (i > a && d->tok[i].start > d->tok[i - 1].end)
            *p++ = ' ';
        memcpy(p, nw_tok_ptr(d, i), nw_tok_len(d, i));
        p += nw_tok_len(d, i);
    }
    *p = '\0';
    return s;
}

static int emit(qctx *c) {
    nw_doc *d = c->d;
    nw_extraction *x = d->x;
    size_t n = 0;
    for (uint32_t i = 0; i < c->nq; i++)
        n += !c->q[i].title;
    if (n == 0)
        return 0;
    x->quotes = calloc(n, sizeof(*x->quotes));
    if (!x->quotes)
        return -1;
    for (uint32_t i = 0; i < c->nq; i++) {
        const qspan *q = &c->q[i];
        const spk *r = &c->res[i];
        if (q->title)
            continue;
        nw_quote *o = &x->quotes[x->n_quotes++];
        o->speaker_entity = -1;
        o->span = nw_doc_tok_src(d, q->a, q->b);
        /* Normalised text, white space folded: a quotation hyphenated or
           wrapped across source lines reads as clean text. */
        if (!(o->text = nw_text_dup(&d->text, d->tok[q->a].start,
                                    d->tok[q->b - 1].end)))
            return -1;
        if (r->found == 1 && r->ent >= 0) {
            o->speaker_entity = r->ent;
            if (!(o->speaker = strdup(x->entities[r->ent].name)))
                return -1;
        } else if (r->found == 1 && r->sb > r->sa) {
            int e = ent_by_surface(d, r->sa, r->sb);
            uint32_t h0 = d->tok[r->sa].hash;
            if (e < 0 && r->sb - r->sa == 1)
                e = person_by_surname(d, r->sa);
            /* "Mr Dean": an honorific and the surname of one person */
            if (e < 0 && r->sb - r->sa == 2 &&
                (in_set(c->m->male, c->m->n_male, h0) ||
                 in_set(c->m->female, c->m->n_female, h0)))
                e = person_by_surname(d, r->sa + 1);
            if (e >= 0) {
                o->speaker_entity = e;
                if (!(o->speaker = strdup(x->entities[e].name)))
                    return -1;
            } else if (in_set(c->m->notname, c->m->n_notname, h0) ||
                       (nw_tok_len(d, r->sa) > 1 && nw_tok_ptr(d, r->sa)[0] == 'I' &&
                        nw_tok_ptr(d, r->sa)[1] == '\'')) {
                /* "I've felt ... "boyish" things": a pronoun names no one */
            } else if (!(o->speaker = dup_tokens(d, r->sa, r->sb))) {
                return -1;
            }
        }
        if (r->found && r->cue_b > r->cue_a &&
            !(o->cue = dup_tokens(d, r->cue_a, r->cue_b)))
            return -1;
        o->confidence = r->found ? r->conf : (q->close == UINT32_MAX ? 0.2 : 0.3);
        if (q->close == UINT32_MAX && !q->cont && o->confidence > 0.4)
            o->confidence -= 0.2;
        o->indirect = 0;
    }
    return 0;
}

/* Fill d->x->quotes (direct quotes only, in text order; offsets are source
   offsets).  Needs tokens, sentences, mentions and entities.  Returns 0, or
   -1 when memory runs out (d->x->quotes may then hold the quotes made so
   far, all valid, released with the doc). */
int nw_quotes_run(const nw_quotes_model *m, nw_doc *d) {
    qctx c;
    uint32_t *last_at = NULL;
    int rc = -1;
    uint32_t marks = 0;
    if (!m || !d || !d->x)
        return -1;
    if (d->x->quotes) /* already run on this doc: nothing to add */
        return 0;
    for (uint32_t i = 0; i < d->n_tok; i++)
        marks += d->tok[i].kind == NW_TK_QUOTE;
    if (marks == 0)
        return 0;
    memset(&c, 0, sizeof(c));
    c.m = m;
    c.d = d;
    c.n = d->n_tok;
    c.n_ent = d->x->n_entities;
    c.para = malloc(c.n * sizeof(*c.para));
    c.pcont = malloc(c.n * sizeof(*c.pcont));
    c.qid = malloc(c.n * sizeof(*c.qid));
    c.tment = malloc(c.n * sizeof(*c.tment));
    c.cue_len = calloc(c.n, 1);
    c.cue_lab = calloc(c.n, 1);
    c.gender = calloc(c.n_ent + 1, 1);
    c.ent_first = malloc((c.n_ent + 1) * sizeof(*c.ent_first));
    c.prev_same = malloc(c.n * sizeof(*c.prev_same));
    c.next_same = malloc(c.n * sizeof(*c.next_same));
    c.memo = malloc(c.n * sizeof(*c.memo));
    last_at = malloc((nw_lexicon_n_ids(m->nouns) + 1) * sizeof(*last_at));
    c.q = malloc((marks + 1) * sizeof(*c.q));
    c.res = calloc(marks + 1, sizeof(*c.res));
    if (!c.para || !c.pcont || !c.qid || !c.tment || !c.cue_len ||
        !c.cue_lab || !c.gender || !c.ent_first || !c.q || !c.res || !c.prev_same ||
        !c.next_same || !c.memo || !last_at)
        goto out;
    /* chains of description words, so that earlier and later uses of "the
       minister" are found without rescanning the text */
    for (size_t k = 0; k < nw_lexicon_n_ids(m->nouns); k++)
        last_at[k] = UINT32_MAX;
    for (uint32_t i = 0; i < c.n; i++) {
        c.prev_same[i] = c.next_same[i] = UINT32_MAX;
        c.memo[i] = QM_UNSET;
        int32_t sl = d->tok[i].kind == NW_TK_WORD
                         ? nw_lexicon_word_id(m->nouns, d, i) : -1;
        if (sl < 0)
            continue;
        if (last_at[sl] != UINT32_MAX) {
            c.prev_same[i] = last_at[sl];
            c.next_same[last_at[sl]] = i;
        }
        last_at[sl] = i;
    }
    for (uint32_t i = 0; i < c.n; i++) {
        c.qid[i] = -1;
        c.tment[i] = -1;
    }
    for (size_t e = 0; e <= c.n_ent; e++)
        c.ent_first[e] = UINT32_MAX;
    for (uint32_t k = 0; k < d->n_ment; k++) {
        for (uint32_t i = d->ment[k].first; i < d->ment[k].end && i < c.n; i++)
            c.tment[i] = (int32_t)k;
        int32_t e = d->ment[k].entity;
        if (e >= 0 && (size_t)e < c.n_ent && d->ment[k].first < c.ent_first[e])
            c.ent_first[e] = d->ment[k].first;
    }
    find_paragraphs(&c);
    find_quotes(&c);
    find_cues(&c);
    find_genders(&c);
    attribute(&c);
    propagate_back(&c);
    share_repeats(&c);
    rc = emit(&c);
out:
    free(c.para);
    free(c.pcont);
    free(c.qid);
    free(c.tment);
    free(c.cue_len);
    free(c.cue_lab);
    free(c.gender);
    free(c.ent_first);
    free(c.prev_same);
    free(c.next_same);
    free(c.memo);
    free(last_at);
    free(c.q);
    free(c.res);
    return rc;
}
