/*
 * train_ner.c -- trains worker/data/models/ner.model (make model runs it
 * through scripts/model.sh).
 *
 *   train_ner [--data DIR] [--corpus DIR] [--datadir DIR] [--out FILE]
 *             [--epochs N] [--bits N] [--seed N] [--runs N]
 *             [--lower PCT] [--upper PCT] [--news-weight N]
 *             [--uner-weight N] [--uner-docs N] [--pa C]
 *
 * Training data (read directly, never copied): from --data (../shared/data)
 *   - GUM gum/dep/ (.conllu files), train split (documents not listed under
 *     dev or test in gum/splits.md; GENTLE (test2) and reddit files
 *     skipped): named mentions = Entity= annotations whose syntactic head
 *     is a proper noun; the name is the run of capitalised words around the
 *     head inside the mention (joined by of/for/&/de..., a hyphen, or ended
 *     by a number: "BBC Radio 4"), cut after the last title word for people
 *     (President, Mr ...); person -> PERSON, organization -> ORG, place ->
 *     LOC, time -> none, other types and plural nationalities -> MISC; a
 *     lone title is no name; outer mentions win over nested ones.
 *   - Wikigold wikigold/wikigold.conll.txt (IO tags PER/ORG/LOC/MISC).
 *   - UNER English EWT test uner-ewt/ewt_en_ewt-ud-test.iob2 (IOB2).
 * UNER EWT dev (one sentence a text, as the gold jsonl has it) and GUM dev
 * are scored after training, never trained on.
 *
 * Adapter: every gold document becomes a text (tokens joined as they were
 * written, sentences by blank lines), which goes through the real front
 * end (nw_text_init + nw_frontend_run, the code the worker runs); each
 * front-end token takes the gold label of the source byte it starts at.
 * Features then come from nw_ner_features() with the document facts of
 * nw_ner_docinfo_build(), exactly as at run time.
 *
 * Unsupervised tables from --corpus (../shared/corpus, its .jsonl files),
 * kept in the model file as word hashes only, never the texts: per-word
 * capitalisation class (how often a word is capitalised away from sentence
 * and headline starts) and word clusters (spherical k-means over left and
 * right neighbour counts, see build_clusters).
 *
 * Training: structured perceptron, Viterbi, averaged, --epochs passes over
 * the shuffled instances (xorshift with a fixed --seed), so the model is
 * byte-for-byte reproducible from the same data and gazetteers.  --pa C
 * takes passive-aggressive steps (PA-I, capped at C) instead of unit
 * steps; --runs N averages N models trained on different shuffles;
 * --lower / --upper PCT add lower-cased / upper-cased copies of that share
 * of the training texts (augment_case); --news-weight N counts GUM's news,
 * biography and interview documents N times (1 by default: no gain seen);
 * --uner-weight N counts the UNER EWT test documents, the only web-text
 * training data, N times (model.sh: 2, five-seed means: UNER EWT dev
 * 0.744 -> 0.747 and dev entity 0.928 -> 0.931 against 1; 3 and 4 no better).
 * --uner-docs N keeps only the first N of those documents (a learning
 * curve: how much in-domain data buys).
 * NW_TRAIN_DUMP=FILE writes the converted training set with [TYPE ...]
 * brackets, for checking the conversions.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "ner_feat.h"
#include "ner_gaz.h"
#include "perceptron.h"
#include "text.h"

#define CAP_MAGIC 0x5043574eu
#define MAX_TOK 4096u
#define MAX_MENT 512u

/* ---------------------------------------------------------- utilities -- */

static void die(const char *msg) {
    fprintf(stderr, "train_ner: %s\n", msg);
    exit(1);
}

/* Open a data file for reading, or exit with its name and the reason. */
static FILE *open_or_die(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "train_ner: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return f;
}

/* Strip the line end (\n, \r\n) in place; returns the new length. */
static size_t chomp(char *line) {
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = 0;
    return n;
}

/* Split a CoNLL line at tabs, in place, into at most max columns (the last
   keeps any further tabs); returns the number of columns. */
static int split_tabs(char *line, char **col, int max) {
    int nc = 0;
    for (char *p = line; nc < max;) {
        col[nc++] = p;
        char *t = strchr(p, '\t');
        if (!t)
            break;
        *t = 0;
        p = t + 1;
    }
    return nc;
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static void *xrealloc(void *p, size_t n) {
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static char *xstrdup(const char *s) {
    size_t n = strlen(s);
    char *p = xmalloc(n + 1);
    memcpy(p, s, n + 1);
    return p;
}

/* entity types used in gold labels */
enum { G_O = 0, G_PER, G_ORG, G_LOC, G_MISC };

/* A gold sentence: text plus tokens with byte ranges and labels. */
typedef struct gsent {
    char *text;
    uint32_t n;
    uint32_t *ts, *te;   /* token byte range in text */
    uint8_t *type;       /* G_* */
    uint8_t *begin;      /* 1 when an entity starts at this token */
} gsent;

typedef struct gset {
    gsent *s;
    size_t n, cap;
    const char *name;
} gset;

/* Builder for one sentence or one document. */
typedef struct sbuild {
    char *text;
    size_t len, cap;
    uint32_t n, tcap;
    uint32_t *ts, *te;
    uint8_t *type, *begin;
} sbuild;

static void sb_reset(sbuild *b) {
    b->len = 0;
    b->n = 0;
}

static void sb_free(sbuild *b) {
    free(b->text);
    free(b->ts);
    free(b->te);
    free(b->type);
    free(b->begin);
    memset(b, 0, sizeof(*b));
}

static void sb_room(sbuild *b) {
    if (b->n < b->tcap)
        return;
    b->tcap = b->tcap ? b->tcap * 2 : 256;
    b->ts = xrealloc(b->ts, b->tcap * sizeof(uint32_t));
    b->te = xrealloc(b->te, b->tcap * sizeof(uint32_t));
    b->type = xrealloc(b->type, b->tcap);
    b->begin = xrealloc(b->begin, b->tcap);
}

static void sb_append(sbuild *b, const char *s, size_t n) {
    if (b->len + n + 2 > b->cap) {
        b->cap = (b->len + n + 2) * 2;
        b->text = xrealloc(b->text, b->cap);
    }
    memcpy(b->text + b->len, s, n);
    b->len += n;
    b->text[b->len] = 0;
}

/* Add a token written at the end of the text (space before it when sp). */
static void sb_tok(sbuild *b, const char *form, int sp, int type, int begin) {
    sb_room(b);
    if (sp && b->len)
        sb_append(b, " ", 1);
    b->ts[b->n] = (uint32_t)b->len;
    sb_append(b, form, strlen(form));
    b->te[b->n] = (uint32_t)b->len;
    b->type[b->n] = (uint8_t)type;
    b->begin[b->n] = (uint8_t)begin;
    b->n++;
}

/* Append sentence s to document d after the separator sep. */
static void sb_merge(sbuild *d, const sbuild *s, const char *sep) {
    if (s->n == 0)
        return;
    if (d->len)
        sb_append(d, sep, strlen(sep));
    uint32_t base = (uint32_t)d->len;
    sb_append(d, s->text, s->len);
    for (uint32_t k = 0; k < s->n; k++) {
        sb_room(d);
        d->ts[d->n] = s->ts[k] + base;
        d->te[d->n] = s->te[k] + base;
        d->type[d->n] = s->type[k];
        d->begin[d->n] = s->begin[k];
        d->n++;
    }
}

static void set_add(gset *set, const sbuild *b) {
    if (b->n == 0)
        return;
    if (set->n == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 1024;
        set->s = xrealloc(set->s, set->cap * sizeof(gsent));
    }
    gsent *g = &set->s[set->n++];
    g->text = xmalloc(b->len + 1);
    memcpy(g->text, b->text, b->len);
    g->text[b->len] = 0;
    g->n = b->n;
    g->ts = xmalloc(b->n * sizeof(uint32_t));
    g->te = xmalloc(b->n * sizeof(uint32_t));
    g->type = xmalloc(b->n);
    g->begin = xmalloc(b->n);
    memcpy(g->ts, b->ts, b->n * sizeof(uint32_t));
    memcpy(g->te, b->te, b->n * sizeof(uint32_t));
    memcpy(g->type, b->type, b->n);
    memcpy(g->begin, b->begin, b->n);
}

/* Print a set with [TYPE words] brackets (for checking the conversions). */
static void set_dump(const gset *set, FILE *f) {
    static const char *const TN[] = {"", "PER", "ORG", "LOC", "MISC"};
    for (size_t i = 0; i < set->n; i++) {
        const gsent *s = &set->s[i];
        for (uint32_t k = 0; k < s->n; k++) {
            int open = s->type[k] && (s->begin[k] || k == 0 || s->type[k - 1] != s->type[k]);
            int close = s->type[k] && (k + 1 == s->n || s->type[k + 1] != s->type[k] || s->begin[k + 1]);
            fprintf(f, "%s%s%s%s%.*s%s", k ? " " : "", open ? "[" : "", open ? TN[s->type[k]] : "", open ? " " : "",
                    (int)(s->te[k] - s->ts[k]), s->text + s->ts[k], close ? "]" : "");
        }
        fputc('\n', f);
    }
}

static void set_free(gset *set) {
    for (size_t i = 0; i < set->n; i++) {
        free(set->s[i].text);
        free(set->s[i].ts);
        free(set->s[i].te);
        free(set->s[i].type);
        free(set->s[i].begin);
    }
    free(set->s);
    memset(set, 0, sizeof(*set));
}

static int type_code(const char *t) {
    if (!strcmp(t, "PER") || !strcmp(t, "PERSON"))
        return G_PER;
    if (!strcmp(t, "ORG"))
        return G_ORG;
    if (!strcmp(t, "LOC") || !strcmp(t, "GPE"))
        return G_LOC;
    if (!strcmp(t, "MISC"))
        return G_MISC;
    return G_O;
}

/* ------------------------------------------------------------ wikigold -- */

static int no_space_before(const char *t) {
    static const char *const L[] = {",", ".", ";", ":", "!", "?", ")", "]",
                                    "'s", "n't", "'", "%", "'re", "'ve",
                                    "'ll", "'d", "'m", NULL};
    for (int i = 0; L[i]; i++)
        if (!strcmp(t, L[i]))
            return 1;
    return 0;
}

static void read_wikigold(const char *path, gset *set) {
    FILE *f = open_or_die(path);
    char line[4096];
    sbuild b = {0}, doc = {0};
    int prevtype = G_O, nospace_next = 0;
    while (fgets(line, sizeof(line), f)) {
        size_t n = chomp(line);
        if (n == 0) {
            sb_merge(&doc, &b, " ");
            sb_reset(&b);
            prevtype = G_O;
            nospace_next = 0;
            continue;
        }
        char *sp = strrchr(line, ' ');
        if (!sp)
            continue;
        *sp = 0;
        const char *form = line, *tag = sp + 1;
        if (!strcmp(form, "-DOCSTART-")) {
            sb_merge(&doc, &b, " ");
            sb_reset(&b);
            set_add(set, &doc);
            sb_reset(&doc);
            continue;
        }
        int type = G_O;
        if (tag[0] == 'I' || tag[0] == 'B')
            type = type_code(tag + 2);
        int begin = type != G_O && (tag[0] == 'B' || type != prevtype);
        sb_tok(&b, form, !nospace_next && !no_space_before(form), type, begin);
        nospace_next = !strcmp(form, "(") || !strcmp(form, "$");
        prevtype = type;
    }
    sb_merge(&doc, &b, " ");
    set_add(set, &doc);
    fclose(f);
    sb_free(&b);
    sb_free(&doc);
}

/* ---------------------------------------------------------------- UNER -- */

/* per_doc: one instance per document (sentences joined by blank lines),
   else one per sentence (as the gold jsonl of the dev set has them). */
static void read_uner(const char *path, gset *set, int per_doc) {
    FILE *f = open_or_die(path);
    char line[8192];
    sbuild b = {0}, doc = {0};
    char *text = NULL;
    size_t pos = 0;
    int bad = 0;
    while (fgets(line, sizeof(line), f)) {
        size_t n = chomp(line);
        if (!strncmp(line, "# text = ", 9)) {
            free(text);
            text = xstrdup(line + 9);
            pos = 0;
            bad = 0;
            sb_reset(&b);
            sb_append(&b, text, strlen(text));
            continue;
        }
        if (!strncmp(line, "# newdoc", 8)) {
            set_add(set, &doc);
            sb_reset(&doc);
            continue;
        }
        if (line[0] == '#')
            continue;
        if (n == 0) {
            if (text && !bad && per_doc)
                sb_merge(&doc, &b, "\n\n");
            else if (text && !bad)
                set_add(set, &b);
            free(text);
            text = NULL;
            sb_reset(&b);
            continue;
        }
        if (!text)
            continue;
        char *col[5] = {0};
        int nc = split_tabs(line, col, 5);
        if (nc < 3 || strchr(col[0], '-') || strchr(col[0], '.'))
            continue;
        const char *form = col[1], *tag = col[2];
        size_t fl = strlen(form);
        char *at = strstr(text + pos, form);
        if (!at) {
            bad = 1;
            continue;
        }
        sb_room(&b);
        int type = G_O;
        if (tag[0] == 'B' || tag[0] == 'I')
            type = type_code(tag + 2);
        b.ts[b.n] = (uint32_t)(at - text);
        b.te[b.n] = (uint32_t)(at - text + fl);
        b.type[b.n] = (uint8_t)type;
        b.begin[b.n] = (uint8_t)(tag[0] == 'B');
        b.n++;
        pos = (size_t)(at - text) + fl;
    }
    if (text && !bad && per_doc)
        sb_merge(&doc, &b, "\n\n");
    else if (text && !bad)
        set_add(set, &b);
    set_add(set, &doc);
    free(text);
    fclose(f);
    sb_free(&b);
    sb_free(&doc);
}

/* ----------------------------------------------------------------- GUM -- */

typedef struct gtok {
    char form[128];
    char upos[12];
    int head;
    int space;
} gtok;

typedef struct gment {
    int id;
    int start, end;  /* token range [start, end], 0-based, end inclusive */
    int type;        /* G_*, or -1 for ignore */
    int named;
} gment;

static int gum_type(const char *et) {
    if (!strcmp(et, "person"))
        return G_PER;
    if (!strcmp(et, "organization"))
        return G_ORG;
    if (!strcmp(et, "place"))
        return G_LOC;
    if (!strcmp(et, "time"))
        return -1;
    return G_MISC;
}

static int is_conn(const char *w) {
    static const char *const C[] = {"of", "for", "&", "de", "the", "del",
                                    "von", "van", "la", "du", "da", "on",
                                    "upon", NULL};
    for (int i = 0; C[i]; i++)
        if (!strcmp(w, C[i]))
            return 1;
    return 0;
}

static int name_tok(const gtok *t) {
    if (!strcmp(t->upos, "PROPN"))
        return 1;
    if (!isupper((unsigned char)t->form[0]))
        return 0;
    return strcmp(t->upos, "DET") && strcmp(t->upos, "PRON") &&
           strcmp(t->upos, "ADP") && strcmp(t->upos, "CCONJ") &&
           strcmp(t->upos, "PUNCT");
}

static int is_title(const nw_ner_gaz *g, const char *w) {
    uint16_t cats;
    uint8_t cap;
    nw_ner_gaz_word(g, nw_hash_lower(w, strlen(w)), &cats, &cap);
    return (cats & NW_GZ_TITLE) != 0;
}

static int is_demonym(const nw_ner_gaz *g, const char *w) {
    uint16_t cats;
    uint8_t cap;
    size_t n = strlen(w);
    nw_ner_gaz_word(g, nw_hash_lower(w, n), &cats, &cap);
    if (cats & NW_GZ_DEMONYM)
        return 1;
    if (n > 3 && w[n - 1] == 's') {
        nw_ner_gaz_word(g, nw_hash_lower(w, n - 1), &cats, &cap);
        return (cats & NW_GZ_DEMONYM) != 0;
    }
    return 0;
}

static void gum_flush(gtok *t, int nt, gment *m, int nm, const nw_ner_gaz *g,
                      sbuild *doc, sbuild *b) {
    int lab[MAX_TOK], beg[MAX_TOK];
    if (nt == 0)
        return;
    for (int i = 0; i < nt; i++)
        lab[i] = G_O, beg[i] = 0;
    /* candidate name spans */
    int cs[MAX_MENT], ce[MAX_MENT], ct[MAX_MENT], nc = 0;
    for (int k = 0; k < nm && nc < (int)MAX_MENT; k++) {
        if (m[k].type < 0 || m[k].end < m[k].start)
            continue;
        int h = -1;
        for (int i = m[k].start; i <= m[k].end; i++) {
            int hd = t[i].head - 1;
            if (hd < m[k].start || hd > m[k].end) {
                h = i;
                break;
            }
        }
        if (h < 0 || strcmp(t[h].upos, "PROPN") != 0)
            continue;
        int a = h, z = h;
        for (;;) {
            if (a - 1 >= m[k].start && name_tok(&t[a - 1])) {
                a--;
                continue;
            }
            if (a - 2 >= m[k].start && !strcmp(t[a - 1].form, "-") &&
                !t[a - 2].space && !t[a - 1].space && name_tok(&t[a - 2])) {
                a -= 2;
                continue;
            }
            /* "and" joins name words only left of the head ("UN Relief
               and Works Agency"); right of it, it joins two names */
            if (a - 2 >= m[k].start && (is_conn(t[a - 1].form) ||
                                        !strcmp(t[a - 1].form, "and")) &&
                name_tok(&t[a - 2]) && strcmp(t[a - 1].form, "the") != 0) {
                a -= 2;
                continue;
            }
            break;
        }
        for (;;) {
            if (z + 1 <= m[k].end && name_tok(&t[z + 1])) {
                z++;
                continue;
            }
            if (z + 2 <= m[k].end && !strcmp(t[z + 1].form, "-") &&
                !t[z].space && !t[z + 1].space && name_tok(&t[z + 2])) {
                z += 2;
                continue;
            }
            if (z + 2 <= m[k].end && is_conn(t[z + 1].form) &&
                name_tok(&t[z + 2])) {
                z += 2;
                continue;
            }
            break;
        }
        /* a number that ends a name: "BBC Radio 4", "Apollo 11" */
        if (z + 1 <= m[k].end && !strcmp(t[z + 1].upos, "NUM") &&
            isupper((unsigned char)t[z].form[0]))
            z++;
        for (int i = h - 1; i >= a && m[k].type == G_PER; i--)
            if (is_title(g, t[i].form)) {
                a = i + 1;
                break;
            }
        while (a < h && (!strcmp(t[a].form, "The") || !strcmp(t[a].form, "the")) &&
               m[k].type != G_MISC)
            a++;
        int type = m[k].type;
        /* a lone title ("the President") is not a name */
        if (a == z && is_title(g, t[a].form))
            continue;
        /* "Americans", "Afghans": nationalities are not entities */
        if (a == z && is_demonym(g, t[a].form))
            type = G_MISC;
        cs[nc] = a, ce[nc] = z, ct[nc] = type, nc++;
    }
    /* longest first; a span overlapping one already placed is dropped */
    for (int done = 0; done < nc; done++) {
        int best = -1;
        for (int k = 0; k < nc; k++)
            if (ct[k] >= 0 && (best < 0 || ce[k] - cs[k] > ce[best] - cs[best]))
                best = k;
        if (best < 0)
            break;
        int ok = 1;
        for (int i = cs[best]; i <= ce[best]; i++)
            if (lab[i] != G_O)
                ok = 0;
        if (ok) {
            for (int i = cs[best]; i <= ce[best]; i++)
                lab[i] = ct[best];
            beg[cs[best]] = 1;
        }
        ct[best] = -1;
    }
    sb_reset(b);
    for (int i = 0; i < nt; i++)
        sb_tok(b, t[i].form, i > 0 && t[i - 1].space, lab[i], beg[i]);
    sb_merge(doc, b, "\n\n");
}

static void read_gum_file(const char *path, const nw_ner_gaz *g, gset *set) {
    FILE *f = open_or_die(path);
    static char line[65536];
    gtok *t = xmalloc(MAX_TOK * sizeof(gtok));
    gment m[MAX_MENT];
    int nt = 0, nm = 0;
    int open[MAX_MENT], nopen = 0;
    sbuild b = {0}, doc = {0};
    while (fgets(line, sizeof(line), f)) {
        size_t n = chomp(line);
        if (n == 0) {
            gum_flush(t, nt, m, nm, g, &doc, &b);
            nt = nm = nopen = 0;
            continue;
        }
        if (line[0] == '#')
            continue;
        char *col[10] = {0};
        int nc = split_tabs(line, col, 10);
        if (nc < 10 || strchr(col[0], '-') || strchr(col[0], '.'))
            continue;
        if (nt >= (int)MAX_TOK)
            continue;
        gtok *tk = &t[nt];
        snprintf(tk->form, sizeof(tk->form), "%s", col[1]);
        snprintf(tk->upos, sizeof(tk->upos), "%s", col[3]);
        tk->head = atoi(col[6]);
        tk->space = strstr(col[9], "SpaceAfter=No") == NULL;
        char *e = strstr(col[9], "Entity=");
        if (e) {
            e += 7;
            char *endp = strchr(e, '|');
            size_t el = endp ? (size_t)(endp - e) : strlen(e);
            size_t p = 0;
            while (p < el) {
                if (e[p] == '(') {
                    size_t q = p + 1;
                    while (q < el && e[q] != '(' && e[q] != ')')
                        q++;
                    char buf[512];
                    size_t bl = q - p - 1 < sizeof(buf) - 1 ? q - p - 1 : sizeof(buf) - 1;
                    memcpy(buf, e + p + 1, bl);
                    buf[bl] = 0;
                    /* id-etype-infstat-salience-centering-minspan-link[-identity] */
                    char *fld[8] = {0};
                    int nf = 0;
                    for (char *s = buf; nf < 8;) {
                        fld[nf++] = s;
                        if (nf == 8)
                            break;
                        char *dash = strchr(s, '-');
                        if (!dash)
                            break;
                        *dash = 0;
                        s = dash + 1;
                    }
                    if (nm < (int)MAX_MENT && nf >= 2) {
                        gment *mm = &m[nm];
                        mm->id = atoi(fld[0]);
                        mm->start = nt;
                        mm->end = -1;
                        mm->type = gum_type(fld[1]);
                        mm->named = nf >= 8;
                        if (q < el && e[q] == ')') {
                            mm->end = nt;
                            q++;
                        } else if (nopen < (int)MAX_MENT) {
                            open[nopen++] = nm;
                        }
                        nm++;
                    }
                    p = q;
                } else if (isdigit((unsigned char)e[p])) {
                    int id = atoi(e + p);
                    while (p < el && e[p] != ')')
                        p++;
                    p++;
                    for (int k = nopen - 1; k >= 0; k--)
                        if (m[open[k]].id == id) {
                            m[open[k]].end = nt;
                            memmove(&open[k], &open[k + 1],
                                    (size_t)(nopen - k - 1) * sizeof(int));
                            nopen--;
                            break;
                        }
                } else {
                    p++;
                }
            }
        }
        nt++;
    }
    gum_flush(t, nt, m, nm, g, &doc, &b);
    set_add(set, &doc);
    fclose(f);
    free(t);
    sb_free(&b);
    sb_free(&doc);
}

/* Names listed in splits.md under "## <section>". */
static int in_split(const char *splits, const char *doc, const char *section) {
    char hdr[64], item[256];
    snprintf(hdr, sizeof(hdr), "## %s\n", section);
    const char *s = strstr(splits, hdr);
    if (!s)
        return 0;
    s += strlen(hdr);
    const char *e = strstr(s, "\n## ");
    snprintf(item, sizeof(item), "* %s\n", doc);
    const char *hit = strstr(s, item);
    return hit && (!e || hit < e);
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0, r;
    if (!f)
        return NULL;
    do {
        if (n + 65536 > cap)
            buf = xrealloc(buf, cap = (n + 65536) * 2);
        r = fread(buf + n, 1, 65536, f);
        n += r;
    } while (r > 0);
    fclose(f);
    buf[n] = 0;
    return buf;
}

static int cmpstr(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int gum_news_weight = 1;
static int uner_weight = 1;
static long uner_docs = -1; /* --uner-docs: the first N documents only */

static void read_gum(const char *dir, const char *split, const nw_ner_gaz *g,
                     gset *set) {
    char path[4096];
    snprintf(path, sizeof(path), "%s/splits.md", dir);
    char *splits = slurp(path);
    if (!splits)
        die("gum/splits.md missing");
    snprintf(path, sizeof(path), "%s/dep", dir);
    DIR *dd = opendir(path);
    if (!dd)
        die("gum/dep missing");
    char **names = NULL;
    size_t nn = 0;
    struct dirent *de;
    while ((de = readdir(dd))) {
        const char *nm = de->d_name;
        size_t l = strlen(nm);
        if (l < 8 || strcmp(nm + l - 7, ".conllu") || strncmp(nm, "GUM_", 4) ||
            !strncmp(nm, "GUM_reddit_", 11))
            continue;
        names = xrealloc(names, (nn + 1) * sizeof(char *));
        names[nn++] = xstrdup(nm);
    }
    closedir(dd);
    if (nn > 1)
        qsort(names, nn, sizeof(char *), cmpstr);
    for (size_t i = 0; i < nn; i++) {
        char doc[256];
        snprintf(doc, sizeof(doc), "%.*s", (int)(strlen(names[i]) - 7), names[i]);
        int dev = in_split(splits, doc, "dev"), test = in_split(splits, doc, "test");
        int want = !strcmp(split, "train") ? !dev && !test
                   : !strcmp(split, "dev") ? dev : test;
        if (want) {
            snprintf(path, sizeof(path), "%s/dep/%s", dir, names[i]);
            /* news, biographies and interviews are the genres nearest to
               the worker's input: in the training split they count
               gum_news_weight times */
            int rep = 1;
            if (!strcmp(split, "train") &&
                (!strncmp(names[i], "GUM_news_", 9) ||
                 !strncmp(names[i], "GUM_bio_", 8) ||
                 !strncmp(names[i], "GUM_interview_", 14)))
                rep = gum_news_weight;
            for (int r = 0; r < rep; r++)
                read_gum_file(path, g, set);
        }
        free(names[i]);
    }
    free(names);
    free(splits);
}

/* ------------------------------------------------- capitalisation table -- */

typedef struct capent {
    uint32_t h;
    uint32_t cap, low;  /* capitalised / lower-case, away from sentence starts */
    uint32_t freq;      /* all occurrences; 0 = empty slot */
    uint16_t cluster;   /* + 1; 0 none */
    uint32_t ncap;      /* capitalised occurrences inside sentences */
    uint32_t c_pers, c_place, c_org, c_said; /* context counts, see ctx_bits */
    int32_t vocab;      /* row in the cluster matrix, -1 none */
    int32_t ctx;        /* context dimension, -1 none */
} capent;

typedef struct captab {
    capent *e;
    size_t cap, n;
} captab;

/* the corpus as a stream of token hashes (never its text) */
typedef struct cseq {
    uint32_t *h;
    uint8_t *fl;        /* 1 word, 2 sentence start */
    size_t n, cap;
} cseq;

static capent *cap_get(captab *t, uint32_t h) {
    if ((t->n + 1) * 2 > t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 1 << 16;
        capent *ne = calloc(nc, sizeof(capent));
        if (!ne)
            die("out of memory");
        for (size_t i = 0; i < t->cap; i++)
            if (t->e[i].freq) {
                size_t j = (t->e[i].h * 2654435761u) & (nc - 1);
                while (ne[j].freq)
                    j = (j + 1) & (nc - 1);
                ne[j] = t->e[i];
            }
        free(t->e);
        t->e = ne;
        t->cap = nc;
    }
    size_t j = (h * 2654435761u) & (t->cap - 1);
    while (t->e[j].freq && t->e[j].h != h)
        j = (j + 1) & (t->cap - 1);
    if (!t->e[j].freq) {
        t->e[j].h = h;
        t->e[j].vocab = t->e[j].ctx = -1;
        t->n++;
    }
    return &t->e[j];
}

static capent *cap_find(const captab *t, uint32_t h) {
    size_t j = (h * 2654435761u) & (t->cap - 1);
    while (t->e[j].freq) {
        if (t->e[j].h == h)
            return &t->e[j];
        j = (j + 1) & (t->cap - 1);
    }
    return NULL;
}

static void count_caps(const nw_frontend *fe, const char *text, size_t len,
                       captab *t, cseq *seq) {
    nw_doc d;
    memset(&d, 0, sizeof(d));
    if (nw_text_init(&d.text, text, len) != 0 || nw_frontend_run(fe, &d) != 0)
        die("front end failed");
    for (uint32_t i = 0; i < d.n_tok; i++) {
        const nw_token *k = &d.tok[i];
        if (seq->n == seq->cap) {
            seq->cap = seq->cap ? seq->cap * 2 : 1 << 20;
            seq->h = xrealloc(seq->h, seq->cap * sizeof(uint32_t));
            seq->fl = xrealloc(seq->fl, seq->cap);
        }
        /* a particle name counts as the capitalised name after it
           ("al-Dabbagh" as "Dabbagh"), as the features read it */
        const uint32_t pl = nw_ner_particle_len(&d, k);
        const uint32_t h = pl ? nw_ner_word_hash(&d, k) : k->hash;
        seq->h[seq->n] = h;
        seq->fl[seq->n] = (uint8_t)((k->kind == NW_TK_WORD ? 1 : 0) |
                                    (i == 0 || (k->flags & NW_TF_SENT) ? 2 : 0) |
                                    (k->flags & NW_TF_CAP || pl ? 4 : 0) |
                                    (k->flags & NW_TF_POSS ? 8 : 0));
        seq->n++;
        capent *e = cap_get(t, h);
        e->freq++;
        if (k->kind != NW_TK_WORD || (k->flags & (NW_TF_SENT | NW_TF_TITLE | NW_TF_ALLCAP | NW_TF_BOILER)))
            continue;
        if (i > 0 && (d.tok[i - 1].kind == NW_TK_QUOTE ||
                      (d.tok[i - 1].kind == NW_TK_PUNCT &&
                       nw_tok_len(&d, i - 1) == 1 &&
                       strchr(":.!?", *nw_tok_ptr(&d, i - 1)))))
            continue;
        unsigned char c = (unsigned char)nw_tok_ptr(&d, i)[pl];
        if (c >= 'A' && c <= 'Z')
            e->cap++;
        else if (c >= 'a' && c <= 'z')
            e->low++;
    }
    nw_doc_release(&d);
}

static void corpus_caps(const nw_frontend *fe, const char *dir, captab *t,
                        cseq *seq) {
    static const char *const FILES[] = {"bbc.jsonl", "fnc1.jsonl", NULL};
    char path[4096];
    size_t docs = 0;
    for (int fi = 0; FILES[fi]; fi++) {
        snprintf(path, sizeof(path), "%s/%s", dir, FILES[fi]);
        FILE *f = fopen(path, "r");
        if (!f) {
            fprintf(stderr, "train_ner: corpus %s missing, skipped\n", path);
            continue;
        }
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, f)) > 0) {
            json_error_t je;
            json_t *o = json_loadb(line, (size_t)n, 0, &je);
            json_t *tx = o ? json_object_get(o, "text") : NULL;
            if (json_is_string(tx)) {
                count_caps(fe, json_string_value(tx), json_string_length(tx), t,
                           seq);
                docs++;
            }
            json_decref(o);
        }
        free(line);
        fclose(f);
    }
    fprintf(stderr, "train_ner: corpus: %zu texts, %zu tokens, %zu types\n",
            docs, seq->n, t->n);
}

/* Entries sorted by frequency (descending), ties by hash: deterministic. */
static const captab *sort_tab;
static int cmp_freq(const void *a, const void *b) {
    const capent *x = &sort_tab->e[*(const uint32_t *)a];
    const capent *y = &sort_tab->e[*(const uint32_t *)b];
    if (x->freq != y->freq)
        return x->freq > y->freq ? -1 : 1;
    return x->h < y->h ? -1 : x->h > y->h;
}

#define CL_CTX 500u      /* context words (most frequent tokens) */
#define CL_VOCAB 20000u  /* clustered words (most frequent words, freq >= 5) */
#define CL_K 384u
#define CL_ITER 12

/* Word clusters: each word is described by the counts of its left and right
   neighbours among the CL_CTX most frequent tokens (plus "starts a
   sentence"), log-scaled and L2-normalised; spherical k-means with
   deterministic seeds puts CL_VOCAB words into CL_K clusters. */
static void build_clusters(captab *t, const cseq *seq) {
    const uint32_t D = 2 * CL_CTX + 1;
    uint32_t *order = xmalloc(t->n * sizeof(uint32_t));
    uint32_t n = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->e[i].freq)
            order[n++] = (uint32_t)i;
    sort_tab = t;
    qsort(order, n, sizeof(uint32_t), cmp_freq);
    uint32_t nctx = 0, V = 0;
    for (uint32_t i = 0; i < n && nctx < CL_CTX; i++)
        t->e[order[i]].ctx = (int32_t)nctx++;
    uint32_t *vh = xmalloc(CL_VOCAB * sizeof(uint32_t));
    /* a word counts as a word if it was ever seen as a word token */
    uint8_t *isword = calloc(t->cap, 1);
    if (!isword)
        die("out of memory");
    for (size_t p = 0; p < seq->n; p++)
        if (seq->fl[p] & 1) {
            size_t j = (seq->h[p] * 2654435761u) & (t->cap - 1);
            while (t->e[j].h != seq->h[p])
                j = (j + 1) & (t->cap - 1);
            isword[j] = 1;
        }
    for (uint32_t i = 0; i < n && V < CL_VOCAB; i++) {
        capent *e = &t->e[order[i]];
        if (e->freq < 5)
            break;
        if (!isword[order[i]])
            continue;
        e->vocab = (int32_t)V;
        vh[V++] = e->h;
    }
    free(isword);
    float *m = calloc((size_t)V * D, sizeof(float));
    if (!m)
        die("out of memory");
    for (size_t p = 0; p < seq->n; p++) {
        const capent *e = cap_find(t, seq->h[p]);
        if (!e || e->vocab < 0)
            continue;
        float *row = m + (size_t)e->vocab * D;
        if (seq->fl[p] & 2) {
            row[2 * CL_CTX]++;
        } else {
            const capent *l = cap_find(t, seq->h[p - 1]);
            if (l && l->ctx >= 0)
                row[l->ctx]++;
        }
        if (p + 1 < seq->n && !(seq->fl[p + 1] & 2)) {
            const capent *r = cap_find(t, seq->h[p + 1]);
            if (r && r->ctx >= 0)
                row[CL_CTX + (uint32_t)r->ctx]++;
        }
    }
    /* sparse rows */
    uint32_t *rs = xmalloc((V + 1) * sizeof(uint32_t));
    size_t nnz = 0;
    for (uint32_t v = 0; v < V; v++)
        for (uint32_t k = 0; k < D; k++)
            nnz += m[(size_t)v * D + k] != 0;
    uint16_t *ci = xmalloc(nnz * sizeof(uint16_t));
    float *cv = xmalloc(nnz * sizeof(float));
    nnz = 0;
    for (uint32_t v = 0; v < V; v++) {
        rs[v] = (uint32_t)nnz;
        double norm = 0;
        for (uint32_t k = 0; k < D; k++) {
            float x = m[(size_t)v * D + k];
            if (x != 0) {
                ci[nnz] = (uint16_t)k;
                cv[nnz] = logf(1.0f + x);
                norm += (double)cv[nnz] * cv[nnz];
                nnz++;
            }
        }
        for (size_t q = rs[v]; q < nnz; q++)
            cv[q] = (float)(cv[q] / (norm > 0 ? sqrt(norm) : 1.0));
    }
    rs[V] = (uint32_t)nnz;
    free(m);
    float *cent = calloc((size_t)CL_K * D, sizeof(float));
    uint16_t *asg = xmalloc(V * sizeof(uint16_t));
    if (!cent)
        die("out of memory");
    for (uint32_t c = 0; c < CL_K && V; c++) {
        uint32_t v = (uint32_t)(((uint64_t)c * V) / CL_K);
        for (uint32_t q = rs[v]; q < rs[v + 1]; q++)
            cent[(size_t)c * D + ci[q]] = cv[q];
    }
    for (int it = 0; it < CL_ITER; it++) {
        size_t moved = 0;
        for (uint32_t v = 0; v < V; v++) {
            float best = -1;
            uint16_t arg = 0;
            for (uint32_t c = 0; c < CL_K; c++) {
                const float *cc = cent + (size_t)c * D;
                float dot = 0;
                for (uint32_t q = rs[v]; q < rs[v + 1]; q++)
                    dot += cc[ci[q]] * cv[q];
                if (dot > best) {
                    best = dot;
                    arg = (uint16_t)c;
                }
            }
            moved += it == 0 || asg[v] != arg;
            asg[v] = arg;
        }
        float *nc = calloc((size_t)CL_K * D, sizeof(float));
        if (!nc)
            die("out of memory");
        for (uint32_t v = 0; v < V; v++)
            for (uint32_t q = rs[v]; q < rs[v + 1]; q++)
                nc[(size_t)asg[v] * D + ci[q]] += cv[q];
        for (uint32_t c = 0; c < CL_K; c++) {
            double norm = 0;
            for (uint32_t k = 0; k < D; k++)
                norm += (double)nc[(size_t)c * D + k] * nc[(size_t)c * D + k];
            if (norm == 0) { /* empty: keep the old centre */
                memcpy(nc + (size_t)c * D, cent + (size_t)c * D, D * sizeof(float));
                continue;
            }
            for (uint32_t k = 0; k < D; k++)
                nc[(size_t)c * D + k] = (float)(nc[(size_t)c * D + k] / sqrt(norm));
        }
        free(cent);
        cent = nc;
        if (moved == 0)
            break;
    }
    for (uint32_t v = 0; v < V; v++)
        cap_get(t, vh[v])->cluster = (uint16_t)(asg[v] + 1);
    fprintf(stderr, "train_ner: %u words in %u clusters over %u contexts\n", V,
            CL_K, nctx);
    if (getenv("NW_TRAIN_CLUSTERS")) /* debugging: hash cluster per line */
        for (uint32_t v = 0; v < V; v++)
            fprintf(stderr, "cluster %u %08x\n", asg[v], vh[v]);
    free(cent);
    free(asg);
    free(rs);
    free(ci);
    free(cv);
    free(vh);
    free(order);
}

/* Corpus contexts of capitalised words away from sentence starts: after a
   first name or a title (a surname), after in/at/from/near (a place),
   before an organisation word or after "the" (an organisation), before
   said/says/told (a speaker). */
static void count_contexts(captab *t, const cseq *seq, const nw_ner_gaz *g) {
    static const char *const LOCP[] = {"in", "at", "from", "near"};
    static const char *const SAID[] = {"said", "says", "told", "added"};
    uint32_t locp[4], said[4], the = nw_hash_lower("the", 3);
    for (int k = 0; k < 4; k++) {
        locp[k] = nw_hash_lower(LOCP[k], strlen(LOCP[k]));
        said[k] = nw_hash_lower(SAID[k], strlen(SAID[k]));
    }
    for (size_t p = 1; p + 1 < seq->n; p++) {
        uint8_t f = seq->fl[p];
        if ((f & 7) != 5) /* a capitalised word, not sentence-initial */
            continue;
        capent *e = cap_find(t, seq->h[p]);
        if (!e)
            continue;
        e->ncap++;
        uint16_t pc, nc;
        uint8_t cc;
        uint32_t ph = seq->h[p - 1], nh = seq->h[p + 1];
        nw_ner_gaz_word(g, ph, &pc, &cc);
        nw_ner_gaz_word(g, nh, &nc, &cc);
        if ((seq->fl[p - 1] & 4) && (pc & (NW_GZ_FIRST | NW_GZ_TITLE)) && ph != seq->h[p])
            e->c_pers++;
        if (!(seq->fl[p - 1] & 4)) {
            for (int k = 0; k < 4; k++)
                if (ph == locp[k])
                    e->c_place++;
            if (ph == the)
                e->c_org++;
        }
        if (!(seq->fl[p + 1] & 2)) {
            if ((seq->fl[p + 1] & 4) && (nc & NW_GZ_ORGWORD))
                e->c_org++;
            if (!(seq->fl[p + 1] & 4))
                for (int k = 0; k < 4; k++)
                    if (nh == said[k])
                        e->c_said++;
        }
    }
}

/* NW_WC_* bits from the context counts (at least 3 capitalised uses). */
static uint8_t ctx_bits(const capent *e) {
    uint8_t b = 0;
    if (e->ncap < 3)
        return 0;
    if (e->c_pers * 5 >= e->ncap)
        b |= 1;
    if (e->c_place * 5 >= e->ncap)
        b |= 2;
    if (e->c_org * 5 >= e->ncap)
        b |= 4;
    if (e->c_said * 10 >= e->ncap)
        b |= 8;
    return (uint8_t)(b | 16);
}

static uint8_t cap_class(const capent *e) {
    uint32_t tot = e->cap + e->low;
    if (tot < 2)
        return NW_CAP_UNSEEN;
    double r = (double)e->cap / tot;
    return r < 0.05 ? NW_CAP_NEVER : r < 0.3 ? NW_CAP_RARE : r < 0.7 ? NW_CAP_MIXED
         : r < 0.95 ? NW_CAP_MOSTLY : NW_CAP_ALWAYS;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Build the blob stored in the model and load it into g. */
static unsigned char *cap_blob(captab *t, nw_ner_gaz *g, size_t *len) {
    uint32_t *hs = xmalloc((t->n + 1) * sizeof(uint32_t));
    uint32_t n = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->e[i].freq && (cap_class(&t->e[i]) != NW_CAP_UNSEEN ||
                             t->e[i].cluster || ctx_bits(&t->e[i])))
            hs[n++] = t->e[i].h;
    qsort(hs, n, sizeof(uint32_t), cmp_u32);   /* reproducible order */
    *len = 12 + (size_t)n * 8;
    unsigned char *b = xmalloc(*len);
    uint32_t hdr[3] = {CAP_MAGIC, NW_NER_FEAT_VERSION, n};
    for (int k = 0; k < 3; k++)
        for (int q = 0; q < 4; q++)
            b[k * 4 + q] = (unsigned char)(hdr[k] >> (8 * q));
    for (uint32_t i = 0; i < n; i++) {
        capent *e = cap_get(t, hs[i]);
        uint8_t cls = cap_class(e);
        for (int q = 0; q < 4; q++)
            b[12 + (size_t)i * 4 + q] = (unsigned char)(hs[i] >> (8 * q));
        b[12 + (size_t)n * 4 + i] = cls;
        b[12 + (size_t)n * 5 + 2 * (size_t)i] = (unsigned char)(e->cluster & 0xff);
        b[12 + (size_t)n * 5 + 2 * (size_t)i + 1] = (unsigned char)(e->cluster >> 8);
        b[12 + (size_t)n * 7 + i] = ctx_bits(e);
        if (nw_ner_gaz_set_cap(g, hs[i], cls, e->cluster, ctx_bits(e)) != 0)
            die("out of memory");
    }
    free(hs);
    return b;
}

/* ---------------------------------------------------------- instances -- */

typedef struct inst {
    size_t off;     /* into feats (in tokens) */
    uint32_t n;
} inst;

typedef struct iset {
    uint32_t *feats;
    uint8_t *gold;
    uint8_t *trivial;   /* nw_ner_trivial() of each token */
    size_t ntok, cap;
    inst *in;
    size_t n, icap;
} iset;

static uint8_t bio(int type, int begin) {
    static const uint8_t B[] = {0, NW_NER_B_PER, NW_NER_B_ORG, NW_NER_B_LOC,
                                NW_NER_B_MISC};
    if (type == G_O)
        return NW_NER_O;
    return (uint8_t)(B[type] + (begin ? 0 : 1));
}

/* Case augmentation: append to set a copy of about lower_pct percent of
   its texts written all in lower case and of upper_pct percent written all
   in capitals (ASCII letters only, so every byte offset stays valid), chosen
   with a fixed xorshift seed.  Web text and headlines come like that; the
   copies teach the model not to lean on capitalisation alone. */
static void augment_case(gset *set, int lower_pct, int upper_pct,
                         uint64_t seed) {
    uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
    size_t n0 = set->n, nl = 0, nu = 0;
    for (size_t i = 0; i < n0; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int r = (int)(x % 100);
        int up = r < upper_pct, low = !up && r < upper_pct + lower_pct;
        if (!up && !low)
            continue;
        const gsent *s = &set->s[i];
        sbuild b = {0};
        size_t len = strlen(s->text);
        sb_append(&b, s->text, len);
        for (size_t k = 0; k < len; k++) {
            char c = b.text[k];
            if (low && c >= 'A' && c <= 'Z')
                b.text[k] = (char)(c - 'A' + 'a');
            else if (up && c >= 'a' && c <= 'z')
                b.text[k] = (char)(c - 'a' + 'A');
        }
        for (uint32_t k = 0; k < s->n; k++) {
            sb_room(&b);
            b.ts[b.n] = s->ts[k];
            b.te[b.n] = s->te[k];
            b.type[b.n] = s->type[k];
            b.begin[b.n] = s->begin[k];
            b.n++;
        }
        set_add(set, &b);   /* may move set->s: s is not used after this */
        sb_free(&b);
        nl += (size_t)low;
        nu += (size_t)up;
    }
    fprintf(stderr, "train_ner: case augmentation: %zu lower-case and %zu "
            "upper-case copies\n", nl, nu);
}

static void featurize(const nw_frontend *fe, const nw_ner_gaz *g,
                      const gset *set, iset *out) {
    size_t aligned = 0, lost = 0, sents = 0, trivial_lost = 0;
    for (size_t si = 0; si < set->n; si++) {
        const gsent *s = &set->s[si];
        size_t len = strlen(s->text);
        nw_doc d;
        nw_ner_docinfo di;
        memset(&d, 0, sizeof(d));
        if (nw_text_init(&d.text, s->text, len) != 0 ||
            nw_frontend_run(fe, &d) != 0 || nw_ner_docinfo_build(g, &d, &di) != 0)
            die("front end failed");
        /* byte -> gold token; bytes where a front-end token starts */
        int32_t *owner = xmalloc((len + 1) * sizeof(int32_t));
        uint8_t *starts = calloc(len + 1, 1);
        if (!starts)
            die("out of memory");
        for (size_t k = 0; k <= len; k++)
            owner[k] = -1;
        for (uint32_t k = 0; k < s->n; k++)
            for (uint32_t b = s->ts[k]; b < s->te[k] && b < len; b++)
                owner[b] = (int32_t)k;
        uint8_t *tags = xmalloc(d.n_tok + 1);
        int32_t prev_ent = -1;
        for (uint32_t i = 0; i < d.n_tok; i++) {
            size_t src = d.text.off[d.tok[i].start];
            if (src < len)
                starts[src] = 1;
            int32_t o = src < len ? owner[src] : -1;
            int type = o >= 0 ? s->type[o] : G_O;
            int32_t ent = -1;
            if (type != G_O) {
                int32_t k = o;
                while (k > 0 && !s->begin[k] && s->type[k - 1] == type)
                    k--;
                ent = k;
            }
            tags[i] = bio(type, type != G_O && ent != prev_ent);
            prev_ent = ent;
            if (type != G_O)
                aligned++;
        }
        for (uint32_t k = 0; k < s->n; k++)
            if (s->type[k] != G_O && s->ts[k] < len && !starts[s->ts[k]])
                lost++;
        uint32_t ns = d.n_sent ? d.n_sent : 1;
        sents += ns;
        for (uint32_t q = 0; q < ns; q++) {
            uint32_t sf = d.n_sent ? d.sent[q].first : 0;
            uint32_t se = d.n_sent ? d.sent[q].end : d.n_tok;
            int mode = nw_ner_sent_mode(&di, &d, sf, se);
            for (uint32_t c = sf; c < se; c += NW_NER_CHUNK) {
                uint32_t ce = se - c > NW_NER_CHUNK ? c + NW_NER_CHUNK : se;
                uint32_t n = ce - c;
                if (out->ntok + n > out->cap) {
                    out->cap = (out->ntok + n) * 2;
                    out->feats = xrealloc(out->feats, out->cap * NW_NER_NF * sizeof(uint32_t));
                    out->gold = xrealloc(out->gold, out->cap);
                    out->trivial = xrealloc(out->trivial, out->cap);
                }
                nw_ner_features(g, &di, &d, sf, se, c, ce,
                                out->feats + out->ntok * NW_NER_NF);
                memcpy(out->gold + out->ntok, tags + c, n);
                for (uint32_t k = 0; k < n; k++) {
                    out->trivial[out->ntok + k] =
                        (uint8_t)nw_ner_trivial(g, &d, sf, se, c + k, mode);
                    if (out->trivial[out->ntok + k] && out->gold[out->ntok + k]) {
                        out->gold[out->ntok + k] = NW_NER_O;
                        trivial_lost++;
                    }
                }
                if (out->n == out->icap) {
                    out->icap = out->icap ? out->icap * 2 : 4096;
                    out->in = xrealloc(out->in, out->icap * sizeof(inst));
                }
                out->in[out->n].off = out->ntok;
                out->in[out->n].n = n;
                out->n++;
                out->ntok += n;
            }
        }
        free(tags);
        free(owner);
        free(starts);
        nw_ner_docinfo_release(&di);
        nw_doc_release(&d);
    }
    fprintf(stderr, "train_ner: %s: %zu texts, %zu sentences, %zu tokens, %zu "
            "entity tokens aligned, %zu gold entity tokens merged by the "
            "tokeniser, %zu in lower-case context (taken as O)\n", set->name,
            set->n, sents, out->ntok, aligned, lost, trivial_lost);
}

static void iset_free(iset *s) {
    free(s->feats);
    free(s->gold);
    free(s->trivial);
    free(s->in);
    memset(s, 0, sizeof(*s));
}

/* ------------------------------------------------------ train and score -- */

static uint64_t rng_state;
static uint64_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void decode(const nw_perceptron *p, const iset *s, const inst *in,
                   float *em, uint8_t *pred, uint8_t *work) {
    for (uint32_t k = 0; k < in->n; k++) {
        if (s->trivial[in->off + k])
            nw_ner_trivial_emit(em + (size_t)k * NW_NER_NTAGS);
        else
            nw_perceptron_emit(p, s->feats + (in->off + k) * NW_NER_NF,
                               NW_NER_NF, em + (size_t)k * NW_NER_NTAGS);
    }
    nw_perceptron_viterbi(p, em, in->n, pred, work);
}

/* span F1 over PER/ORG/LOC (MISC ignored, like the runtime). */
static double score(const nw_perceptron *p, const iset *s, const char *name) {
    float *em = xmalloc(NW_NER_CHUNK * NW_NER_NTAGS * sizeof(float));
    uint8_t pred[NW_NER_CHUNK], work[NW_NER_CHUNK * NW_NER_NTAGS];
    size_t tp[4] = {0}, fp[4] = {0}, fn[4] = {0};
    for (size_t i = 0; i < s->n; i++) {
        const inst *in = &s->in[i];
        const uint8_t *gold = s->gold + in->off;
        decode(p, s, in, em, pred, work);
        /* spans as (start, end, type) */
        for (int pass = 0; pass < 2; pass++) {
            const uint8_t *a = pass ? pred : gold, *b = pass ? gold : pred;
            for (uint32_t k = 0; k < in->n;) {
                uint8_t t = a[k];
                if (t == NW_NER_O || t % 2 == 0 || t >= NW_NER_B_MISC) {
                    k++;
                    continue;
                }
                uint32_t e = k + 1;
                while (e < in->n && a[e] == t + 1)
                    e++;
                int same = b[k] == t;
                for (uint32_t q = k + 1; q < e && same; q++)
                    same = b[q] == t + 1;
                if (same && e < in->n && b[e] == t + 1)
                    same = 0;
                int ty = (t + 1) / 2;
                if (pass == 0) {
                    if (same)
                        tp[ty]++, tp[0]++;
                    else
                        fn[ty]++, fn[0]++;
                } else if (!same) {
                    fp[ty]++, fp[0]++;
                }
                k = e;
            }
        }
    }
    static const char *const TN[] = {"all", "PER", "ORG", "LOC"};
    double f_all = 0;
    for (int ty = 0; ty < 4; ty++) {
        double pr = tp[ty] + fp[ty] ? (double)tp[ty] / (tp[ty] + fp[ty]) : 0;
        double rc = tp[ty] + fn[ty] ? (double)tp[ty] / (tp[ty] + fn[ty]) : 0;
        double f = pr + rc ? 2 * pr * rc / (pr + rc) : 0;
        if (ty == 0)
            f_all = f;
        fprintf(stderr, "  %-12s %-3s P %.3f R %.3f F1 %.3f (gold %zu)\n", name,
                TN[ty], pr, rc, f, tp[ty] + fn[ty]);
    }
    free(em);
    return f_all;
}

static double pa_c = 0.0;   /* --pa C: passive-aggressive steps, 0 = off */

static void train(nw_perceptron *p, const iset *s, int epochs, uint64_t seed,
                  const iset *dev) {
    size_t *order = xmalloc(s->n * sizeof(size_t));
    float *em = xmalloc(NW_NER_CHUNK * NW_NER_NTAGS * sizeof(float));
    uint8_t pred[NW_NER_CHUNK], work[NW_NER_CHUNK * NW_NER_NTAGS];
    for (size_t i = 0; i < s->n; i++)
        order[i] = i;
    rng_state = seed ? seed : 88172645463325252ull;
    for (int ep = 0; ep < epochs; ep++) {
        for (size_t i = s->n; i > 1; i--) {
            size_t j = rng() % i;
            size_t t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
        size_t errs = 0;
        for (size_t r = 0; r < s->n; r++) {
            const inst *in = &s->in[order[r]];
            const uint8_t *gold = s->gold + in->off;
            decode(p, s, in, em, pred, work);
            if (memcmp(pred, gold, in->n) != 0) {
                float scale = 1.0f;
                if (pa_c > 0.0) {
                    /* passive-aggressive (PA-I, Crammer et al. 2006): the
                       smallest step that puts gold ahead of the prediction
                       by its Hamming loss, at most pa_c */
                    const uint32_t T = NW_NER_NTAGS;
                    double sg = 0, sp = 0, norm = 0, ham = 0;
                    for (uint32_t k = 0; k < in->n; k++) {
                        uint32_t g0 = k ? gold[k - 1] : T, p0 = k ? pred[k - 1] : T;
                        sg += em[(size_t)k * T + gold[k]] + p->trans[g0 * T + gold[k]];
                        sp += em[(size_t)k * T + pred[k]] + p->trans[p0 * T + pred[k]];
                        if (gold[k] != pred[k]) {
                            ham += 1;
                            norm += 2.0 * NW_NER_NF;
                        }
                        if (gold[k] != pred[k] || g0 != p0)
                            norm += 2.0;
                    }
                    double tau = norm > 0 ? (sp - sg + ham) / norm : 0;
                    scale = (float)(tau < pa_c ? tau : pa_c);
                }
                nw_perceptron_update_scaled(p, s->feats + in->off * NW_NER_NF,
                                            NW_NER_NF, in->n, gold, pred, scale);
                errs++;
            } else {
                nw_perceptron_tick(p);
            }
        }
        fprintf(stderr, "train_ner: epoch %d: %zu of %zu sentences wrong\n",
                ep + 1, errs, s->n);
        (void)dev;
    }
    free(order);
    free(em);
}

/* ---------------------------------------------------------------- main -- */

int main(int argc, char **argv) {
    const char *data = "../shared/data", *corpus = "../shared/corpus";
    const char *datadir = "worker/data", *out = "worker/data/models/ner.model";
    int epochs = 8, bits = 16, runs = 1, lower_pct = 0, upper_pct = 0;
    uint64_t seed = 1;
    char err[512], path[4096];

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--data") && v) data = v, i++;
        else if (!strcmp(a, "--corpus") && v) corpus = v, i++;
        else if (!strcmp(a, "--datadir") && v) datadir = v, i++;
        else if (!strcmp(a, "--out") && v) out = v, i++;
        else if (!strcmp(a, "--epochs") && v) epochs = atoi(v), i++;
        else if (!strcmp(a, "--bits") && v) bits = atoi(v), i++;
        else if (!strcmp(a, "--seed") && v) seed = strtoull(v, NULL, 10), i++;
        else if (!strcmp(a, "--runs") && v) runs = atoi(v) > 0 ? atoi(v) : 1, i++;
        else if (!strcmp(a, "--lower") && v) lower_pct = atoi(v), i++;
        else if (!strcmp(a, "--upper") && v) upper_pct = atoi(v), i++;
        else if (!strcmp(a, "--pa") && v) pa_c = atof(v), i++;
        else if (!strcmp(a, "--news-weight") && v)
            gum_news_weight = atoi(v) > 0 ? atoi(v) : 1, i++;
        else if (!strcmp(a, "--uner-weight") && v)
            uner_weight = atoi(v) > 0 ? atoi(v) : 1, i++;
        else if (!strcmp(a, "--uner-docs") && v)
            uner_docs = atol(v) >= 0 ? atol(v) : -1, i++;
        else {
            fprintf(stderr, "usage: train_ner [--data DIR] [--corpus DIR] "
                            "[--datadir DIR] [--out FILE] [--epochs N] "
                            "[--bits N] [--seed N] [--runs N] "
                            "[--lower PCT] [--upper PCT] [--news-weight N] "
                            "[--uner-weight N] [--uner-docs N] [--pa C]\n");
            return 2;
        }
    }
    nw_frontend *fe = nw_frontend_load(datadir, err, sizeof(err));
    if (!fe)
        die(err);
    nw_ner_gaz *g = nw_ner_gaz_new();
    if (!g || nw_ner_gaz_load_dir(g, datadir, err, sizeof(err)) != 0)
        die(g ? err : "out of memory");

    captab ct = {0};
    cseq seq = {0};
    corpus_caps(fe, corpus, &ct, &seq);
    if (ct.n && !getenv("NW_NO_CLUSTERS"))
        build_clusters(&ct, &seq);
    if (ct.n && !getenv("NW_NO_CONTEXTS"))
        count_contexts(&ct, &seq, g);
    size_t blob_len;
    unsigned char *blob = ct.n ? cap_blob(&ct, g, &blob_len) : NULL;
    if (!blob) { /* no corpus: an empty table */
        captab empty = {0};
        cap_get(&empty, 0);
        blob = cap_blob(&empty, g, &blob_len);
        free(empty.e);
    }
    free(ct.e);
    free(seq.h);
    free(seq.fl);

    gset train_set = {.name = "train"}, uner_dev = {.name = "uner-dev"},
         gum_dev = {.name = "gum-dev"};
    snprintf(path, sizeof(path), "%s/gum", data);
    read_gum(path, "train", g, &train_set);
    size_t n_gum = train_set.n;
    snprintf(path, sizeof(path), "%s/wikigold/wikigold.conll.txt", data);
    read_wikigold(path, &train_set);
    size_t n_wg = train_set.n - n_gum;
    snprintf(path, sizeof(path), "%s/uner-ewt/ewt_en_ewt-ud-test.iob2", data);
    for (int k = 0; k < uner_weight; k++) {
        size_t before = train_set.n;
        read_uner(path, &train_set, 1);
        /* a learning curve: only the first uner_docs documents */
        while (uner_docs >= 0 && train_set.n > before + (size_t)uner_docs) {
            gsent *x = &train_set.s[--train_set.n];
            free(x->text);
            free(x->ts);
            free(x->te);
            free(x->type);
            free(x->begin);
        }
    }
    fprintf(stderr, "train_ner: sentences: GUM train %zu, Wikigold %zu, UNER EWT "
            "test %zu\n", n_gum, n_wg, train_set.n - n_gum - n_wg);
    if (lower_pct > 0 || upper_pct > 0)
        augment_case(&train_set, lower_pct, upper_pct, seed);
    snprintf(path, sizeof(path), "%s/uner-ewt/ewt_en_ewt-ud-dev.iob2", data);
    read_uner(path, &uner_dev, 0);
    snprintf(path, sizeof(path), "%s/gum", data);
    read_gum(path, "dev", g, &gum_dev);

    if (getenv("NW_TRAIN_DUMP")) {
        FILE *df = fopen(getenv("NW_TRAIN_DUMP"), "w");
        if (df) {
            set_dump(&train_set, df);
            fclose(df);
        }
    }
    iset tr = {0}, ud = {0}, gd = {0};
    featurize(fe, g, &train_set, &tr);
    featurize(fe, g, &uner_dev, &ud);
    featurize(fe, g, &gum_dev, &gd);

    /* --runs N: N averaged perceptrons trained on different shuffles
       (seeds seed .. seed+N-1), their weights averaged: a linear model, so
       this is one model with less variance from the shuffle order */
    nw_perceptron *p = NULL;
    for (int r = 0; r < runs; r++) {
        nw_perceptron *q = nw_perceptron_new(NW_NER_NTAGS, (uint32_t)bits, 1);
        if (!q)
            die("cannot allocate the model");
        nw_ner_allowed(q->allowed);
        train(q, &tr, epochs, seed + (uint64_t)r, &ud);
        nw_perceptron_average(q);
        if (!p) {
            p = q;
            continue;
        }
        size_t rows = (size_t)p->mask + 1;
        for (size_t i = 0; i < rows * NW_PERCEPTRON_STRIDE; i++)
            p->w[i] += q->w[i];
        for (size_t i = 0; i < (size_t)(NW_NER_NTAGS + 1) * NW_NER_NTAGS; i++)
            p->trans[i] += q->trans[i];
        nw_perceptron_free(&q);
    }
    if (runs > 1) {
        size_t rows = (size_t)p->mask + 1;
        for (size_t i = 0; i < rows * NW_PERCEPTRON_STRIDE; i++)
            p->w[i] /= (float)runs;
        for (size_t i = 0; i < (size_t)(NW_NER_NTAGS + 1) * NW_NER_NTAGS; i++)
            p->trans[i] /= (float)runs;
    }
    fprintf(stderr, "train_ner: token-span scores (front-end tokens):\n");
    score(p, &ud, "uner-ewt-dev");
    score(p, &gd, "gum-dev");
    if (nw_perceptron_save(p, blob, blob_len, out, err, sizeof(err)) != 0)
        die(err);
    fprintf(stderr, "train_ner: wrote %s\n", out);

    nw_perceptron_free(&p);
    iset_free(&tr);
    iset_free(&ud);
    iset_free(&gd);
    set_free(&train_set);
    set_free(&uner_dev);
    set_free(&gum_dev);
    free(blob);
    nw_ner_gaz_free(&g);
    nw_frontend_free(&fe);
    return 0;
}
