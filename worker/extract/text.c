/*
 * text.c -- the front end: UTF-8 decoding and normalisation with an offset
 * map, PDF repair, tokenisation and sentence splitting (see doc.h, text.h).
 *
 * Design
 *  nw_text_init() makes two linear passes, each writing bytes together with
 *  their source offsets:
 *   1. characters: UTF-8 is decoded (a run of invalid bytes becomes one
 *      U+FFFD), curly quotes/apostrophes, Unicode spaces, dashes and
 *      ellipses are folded to ASCII, zero-width characters, BOM and soft
 *      hyphens are dropped, CR LF / CR become LF, controls become spaces.
 *   2. lines: the text is cut at LF into lines and every line break is
 *      decided with the lines on both sides in view; a paragraph break is
 *      "\n\n", the only line break left in the output:
 *       - boilerplate lines (URL-only, "Related article:", "Read more:",
 *         "Scroll down for video") become paragraphs of their own;
 *       - a blank line is a paragraph break, unless the text runs on in
 *         mid-sentence (no end mark before, lower case after: a page break);
 *       - "word-" LF "word" is joined: without the hyphen when the second
 *         part is lower case and the first is no prefix (self-, long-),
 *         with it otherwise ("al-" LF "Baghdadi");
 *       - a line followed by a lower-case start joins with a space;
 *       - the text is "hard-wrapped" when most lines are near one width W
 *         (the 90th percentile of line lengths, counted in source
 *         characters, W <= 140).  Then a break is a paragraph only where
 *         the next word would have fitted on the line (with a W/8 margin
 *         for proportional fonts unless the line ends a sentence): that
 *         catches headlines and paragraph ends without blank lines;
 *       - otherwise (one line a paragraph, as in FNC) a line break before
 *         a capital, digit or quote mark is a paragraph break.
 *  Each output byte keeps the source offset of the character it came from,
 *  so off[] is non-decreasing and every token maps back exactly.
 *
 *  nw_frontend_run() is a single scan over the normalised bytes making
 *  tokens (words with inner ' - . &, numbers, URLs, e-mails, quotes,
 *  punctuation; possessives split off), then a pass over the tokens making
 *  sentences.  The tokens of a boilerplate paragraph carry NW_TF_BOILER;
 *  those of a paragraph of page code a crawler left ("<!-- google_ad_client
 *  = ... //-->", "var x = ...;", "mboxCreate('...');") and of a CDATA
 *  section anywhere ("//<![CDATA[ ... //]]>") NW_TF_CODE, which
 *  the stages read as no text.  (Page code is not boilerplate for the line
 *  pass, so the NER trainer's corpus statistics, which skip boilerplate,
 *  still count it: making it so moved the five-seed dev mean by -0.003.)
 *  Abbreviations and sentence starters come from
 *  lexicons/abbreviations.txt.  Nothing is allocated per token: arrays
 *  grow geometrically.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define TX_MAX_SENT_TOKENS 300   /* a sentence is cut after this many */
#define TX_HEADLINE_TOKENS 30    /* longest headline, in tokens */

/* abbreviation classes (labels in abbreviations.txt) */
enum {
    AB_NONE = 0,
    AB_TITLE,   /* Mr. Dr. Gen. St.: never ends a sentence */
    AB_MONTH,   /* Jan. Sept.: capitalised only */
    AB_NUM,     /* No. Vol. pp.: only before a number */
    AB_ORG,     /* Inc. Corp. Ltd.: capitalised only */
    AB_OTHER,   /* etc. vs. approx. */
    AB_START,   /* not an abbreviation: a word that starts sentences */
};

struct nw_frontend {
    nw_lexicon *abbr;
};

/* ------------------------------------------------------ character data -- */

/* Decode one code point of valid UTF-8 at s[0..n); *len gets its length. */
static inline uint32_t tx_cp(const unsigned char *s, size_t n, int *len) {
    unsigned char c = s[0];
    if (c < 0x80 || n < 2) {
        *len = 1;
        return c;
    }
    if (c < 0xE0) {
        *len = 2;
        return ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (c < 0xF0 || n < 4) {
        if (n < 3) {
            *len = 1;
            return c;
        }
        *len = 3;
        return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
               (s[2] & 0x3F);
    }
    *len = 4;
    return ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* Letter case of a code point: 0 not a letter, 1 lower, 2 upper, 3 a letter
   (or a mark that belongs inside words) without case.  Exact for ASCII,
   Latin-1, Latin Extended-A and Additional, Greek, Cyrillic, Armenian;
   approximate elsewhere. */
static int tx_case(uint32_t cp) {
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            return 2;
        if (cp >= 'a' && cp <= 'z')
            return 1;
        return 0;
    }
    if (cp < 0xC0)
        return (cp == 0xAA || cp == 0xB5 || cp == 0xBA) ? 1 : 0;
    if (cp <= 0xFF) {
        if (cp == 0xD7 || cp == 0xF7)
            return 0;
        return cp <= 0xDE ? 2 : 1;
    }
    if (cp <= 0x17F) {
        if (cp == 0x130 || cp == 0x178)
            return 2;
        if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F)
            return 1;
        if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
            return (cp & 1) ? 2 : 1;
        return (cp & 1) ? 1 : 2;
    }
    if (cp <= 0x24F) {
        if (cp >= 0x1CD && cp <= 0x1DC)
            return (cp & 1) ? 2 : 1;
        if ((cp >= 0x1DE && cp <= 0x1EF) || (cp >= 0x1F8 && cp <= 0x21F) ||
            (cp >= 0x222 && cp <= 0x233))
            return (cp & 1) ? 1 : 2;
        return 3;
    }
    if (cp <= 0x2AF)
        return 1;
    if (cp <= 0x2FF)
        return (cp >= 0x2B0 && cp <= 0x2C1) ? 3 : 0;
    if (cp <= 0x36F)
        return 3; /* combining marks stay inside words */
    if (cp <= 0x3FF) {
        if (cp == 0x386 || (cp >= 0x388 && cp <= 0x38F) ||
            (cp >= 0x391 && cp <= 0x3AB))
            return 2;
        if (cp >= 0x3AC && cp <= 0x3CE)
            return 1;
        return (cp == 0x37E || cp == 0x387) ? 0 : 3;
    }
    if (cp <= 0x4FF) {
        if (cp <= 0x42F)
            return 2;
        if (cp <= 0x45F)
            return 1;
        if (cp >= 0x482 && cp <= 0x489)
            return 0;
        return (cp & 1) ? 1 : 2;
    }
    if (cp >= 0x531 && cp <= 0x556)
        return 2;
    if (cp >= 0x561 && cp <= 0x587)
        return 1;
    if (cp >= 0x1E00 && cp <= 0x1EFF) {
        if (cp >= 0x1E96 && cp <= 0x1E9D)
            return 1;
        if (cp == 0x1E9E)
            return 2;
        return (cp & 1) ? 1 : 2;
    }
    if (cp >= 0x2000 && cp <= 0x2BFF)
        return 0; /* punctuation, symbols, arrows, math */
    if (cp >= 0x2E00 && cp <= 0x303F)
        return 0;
    if (cp >= 0xE000 && cp <= 0xF8FF)
        return 0;
    if (cp >= 0xFE10 && cp <= 0xFE6F)
        return 0;
    if (cp >= 0xFF00 && cp <= 0xFFEF) {
        if (cp >= 0xFF21 && cp <= 0xFF3A)
            return 2;
        if (cp >= 0xFF41 && cp <= 0xFF5A)
            return 1;
        if ((cp >= 0xFF10 && cp <= 0xFF19) || cp >= 0xFF66)
            return 3;
        return 0;
    }
    if (cp >= 0xFFF0 && cp <= 0xFFFF)
        return 0;
    if (cp >= 0x1F000 && cp <= 0x1FAFF)
        return 0; /* emoji and pictographs */
    if (cp >= 0xE0000)
        return 0;
    return 3;
}

/* ASCII classes for the tokenizer */
#define TX_DIG(c) ((unsigned)(unsigned char)(c) - '0' < 10u)
#define TX_UP(c) ((unsigned)(unsigned char)(c) - 'A' < 26u)
#define TX_LO(c) ((unsigned)(unsigned char)(c) - 'a' < 26u)

/* Case of the character at b[i] (b valid UTF-8 of n bytes). */
static inline int tx_case_at(const char *b, size_t n, size_t i) {
    unsigned char c = (unsigned char)b[i];
    if (c < 0x80)
        return TX_UP(c) ? 2 : TX_LO(c) ? 1 : 0;
    int l;
    return tx_case(tx_cp((const unsigned char *)b + i, n - i, &l));
}

/* Letter or digit at b[i]? */
static inline int tx_alnum_at(const char *b, size_t n, size_t i) {
    if (i >= n)
        return 0;
    unsigned char c = (unsigned char)b[i];
    if (c < 0x80)
        return TX_DIG(c) || TX_UP(c) || TX_LO(c);
    return tx_case_at(b, n, i) != 0;
}

static inline int tx_alpha_at(const char *b, size_t n, size_t i) {
    return i < n && !TX_DIG(b[i]) && tx_alnum_at(b, n, i);
}

/* Length of the UTF-8 character at b[i] (b valid UTF-8). */
static inline size_t tx_clen(const char *b, size_t n, size_t i) {
    unsigned char c = (unsigned char)b[i];
    size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return i + l <= n ? l : n - i;
}

static inline int tx_ieq(const char *a, size_t n, const char *lit) {
    size_t m = strlen(lit);
    if (n != m)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)a[i];
        if (TX_UP(c))
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)lit[i])
            return 0;
    }
    return 1;
}

static int tx_in_list(const char *w, size_t n, const char *const *list) {
    for (size_t k = 0; list[k]; k++)
        if (tx_ieq(w, n, list[k]))
            return 1;
    return 0;
}

/* ------------------------------------------------------------- writer -- */

typedef struct tx_out {
    char *buf;
    uint32_t *off;
    size_t n, cap;
} tx_out;

static int tx_reserve(tx_out *o, size_t extra) {
    if (o->n + extra + 1 <= o->cap)
        return 0;
    size_t cap = o->cap ? o->cap : 64;
    while (cap < o->n + extra + 1)
        cap += cap / 2 + 64;
    char *b = realloc(o->buf, cap);
    if (!b)
        return -1;
    o->buf = b;
    uint32_t *f = realloc(o->off, (cap + 1) * sizeof(*f));
    if (!f)
        return -1;
    o->off = f;
    o->cap = cap;
    return 0;
}

static inline void tx_put(tx_out *o, char c, size_t src) {
    o->buf[o->n] = c;
    o->off[o->n] = (uint32_t)src;
    o->n++;
}

static void tx_out_free(tx_out *o) {
    free(o->buf);
    free(o->off);
    memset(o, 0, sizeof(*o));
}

/* --------------------------------------------------- pass 1: characters -- */

/* Length of a valid UTF-8 sequence at s[0..n), or 0 when invalid. */
static int tx_valid_seq(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
            (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0;
        if (c == 0xF4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

static int tx_pass_chars(const char *src, size_t len, tx_out *o) {
    const unsigned char *s = (const unsigned char *)src;
    if (tx_reserve(o, len + 16) != 0)
        return -1;
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        if (o->n + 8 >= o->cap && tx_reserve(o, (len - i) + 16) != 0)
            return -1;
        if (c >= 0x20 && c < 0x7F) {
            tx_put(o, (char)c, i);
            i++;
            continue;
        }
        if (c < 0x80) {
            if (c == '\n')
                tx_put(o, '\n', i);
            else if (c == '\r') {
                if (i + 1 >= len || s[i + 1] != '\n')
                    tx_put(o, '\n', i);
            } else
                tx_put(o, ' ', i);
            i++;
            continue;
        }
        int l = tx_valid_seq(s + i, len - i);
        if (l == 0) {
            /* one U+FFFD for a run of bad bytes: binary junk never grows
               the text */
            tx_put(o, (char)0xEF, i);
            tx_put(o, (char)0xBF, i);
            tx_put(o, (char)0xBD, i);
            i++;
            while (i < len && s[i] >= 0x80 && tx_valid_seq(s + i, len - i) == 0)
                i++;
            continue;
        }
        int dl;
        uint32_t cp = tx_cp(s + i, len - i, &dl);
        switch (cp) {
        case 0x201C: case 0x201D: case 0x201E: case 0x201F:
        case 0x00AB: case 0x00BB: case 0x2033: case 0x301D: case 0x301E:
        case 0xFF02:
            tx_put(o, '"', i);
            break;
        case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x02BC:
        case 0x2032: case 0xFF07:
            tx_put(o, '\'', i);
            break;
        case 0x00A0: case 0x1680: case 0x2000: case 0x2001: case 0x2002:
        case 0x2003: case 0x2004: case 0x2005: case 0x2006: case 0x2007:
        case 0x2008: case 0x2009: case 0x200A: case 0x202F: case 0x205F:
        case 0x3000:
            tx_put(o, ' ', i);
            break;
        case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0x2061:
        case 0x2062: case 0x2063: case 0x2064: case 0xFEFF: case 0x00AD:
        case 0x180E: case 0x200E: case 0x200F: case 0x202A: case 0x202B:
        case 0x202C: case 0x202D: case 0x202E: case 0x2066: case 0x2067:
        case 0x2068: case 0x2069: case 0xFE0E: case 0xFE0F:
            break; /* dropped: invisible format and bidi controls,
                      variation selectors */
        case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212:
        case 0xFE63: case 0xFF0D:
            tx_put(o, '-', i);
            break;
        case 0x2014: case 0x2015: case 0x2E3A: case 0x2E3B:
            /* em dash: a free-standing '-' with spaces around */
            if (o->n > 0 && o->buf[o->n - 1] != ' ' && o->buf[o->n - 1] != '\n')
                tx_put(o, ' ', i);
            tx_put(o, '-', i);
            if (i + (size_t)l < len && s[i + l] != ' ' && s[i + l] != '\n' &&
                s[i + l] != '\r' && s[i + l] != '\t')
                tx_put(o, ' ', i);
            break;
        case 0x2026:
            tx_put(o, '.', i);
            tx_put(o, '.', i);
            tx_put(o, '.', i);
            break;
        case 0x0085: case 0x2028:
            tx_put(o, '\n', i);
            break;
        case 0x2029:
            tx_put(o, '\n', i);
            tx_put(o, '\n', i);
            break;
        default:
            if (cp < 0xA0)
                tx_put(o, ' ', i); /* C1 controls */
            else
                for (int k = 0; k < l; k++)
                    tx_put(o, (char)s[i + k], i + (size_t)k);
        }
        i += (size_t)l;
    }
    o->buf[o->n] = '\0';
    o->off[o->n] = (uint32_t)len;
    return 0;
}

/* -------------------------------------------------------- pass 2: lines -- */

/* Boilerplate line prefixes (compared case-insensitively, before ':'). */
static const char *const tx_boiler_heads[] = {
    "related", "related article", "related articles", "related story",
    "related stories", "related content", "related coverage", "related news",
    "related link", "related links", "related reading", "related video",
    "read more", "read also", "also read", "see also", "more on this",
    "more on this story", "recommended", "read next", "you may also like",
    "click here", "more", "more from", "photos", "photo", "pictures",
    "related roundup", "related roundups", "source", "sources", "watch",
    "video", "image", "images", "follow us", "share this", NULL};

/* Whole-line boilerplate of web pages, matched as a line prefix. */
static const char *const tx_boiler_lines[] = {
    "scroll down for video", "view gallery", "advertisement",
    "continue reading the main story", "poll loading", "video loading",
    "more to come", "more stories", "sorry we are not currently accepting",
    "have something to add to this story", "[image via", "(image via",
    "image copyright", "image caption", "media playback is", "skip to ",
    NULL};

static int tx_url_word(const char *p, size_t n) {
    if (n >= 7 && tx_ieq(p, 7, "http://"))
        return 1;
    if (n >= 8 && tx_ieq(p, 8, "https://"))
        return 1;
    if (n >= 4 && tx_ieq(p, 4, "www."))
        return 1;
    return 0;
}

/* Is p[0..n) a line of page code that a crawler left in the text: an HTML
   comment ("<!-- google_ad_client = ...; //-->"), or a line of script
   ("(function(d, s, id) { var js ...", "var CasaleArgs = new Object();",
   "mboxCreate('FoxNews-Politics');")? */
static int tx_code_line(const char *p, size_t n) {
    if (n >= 4 && memcmp(p, "<!--", 4) == 0)
        return 1;
    if (n >= 3 && memcmp(p + n - 3, "-->", 3) == 0)
        return 1;
    if (n >= 10 && memcmp(p, "(function(", 10) == 0)
        return 1;
    /* "var NAME =" */
    if (n >= 7 && memcmp(p, "var ", 4) == 0) {
        size_t i = 4;
        while (i < n && (TX_LO(p[i]) || TX_UP(p[i]) || p[i] == '_' || TX_DIG(p[i])))
            i++;
        if (i > 4 && i + 1 < n && p[i] == ' ' && p[i + 1] == '=')
            return 1;
    }
    /* "name(...);" and "a.b(...);" with no space before the bracket */
    if (n >= 4 && p[n - 1] == ';' && p[n - 2] == ')') {
        size_t i = 0;
        while (i < n && (TX_LO(p[i]) || TX_UP(p[i]) || p[i] == '_' || p[i] == '.' ||
                         TX_DIG(p[i])))
            i++;
        if (i > 0 && i < n && p[i] == '(')
            return 1;
    }
    return 0;
}

/* Is p[0..n) (a trimmed line, or a paragraph) boilerplate: URL only, or a
   "Related article:"-style line? */
static int tx_boiler_line(const char *p, size_t n) {
    if (n == 0)
        return 0;
    /* URL-only: every space-separated word is a URL */
    size_t i = 0;
    int all_url = 1;
    while (i < n && all_url) {
        while (i < n && p[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t j = i;
        while (j < n && p[j] != ' ' && p[j] != '\n')
            j++;
        if (!tx_url_word(p + i, j - i))
            all_url = 0;
        i = j;
        if (i < n && p[i] == '\n')
            break;
    }
    if (all_url)
        return 1;
    if (n <= 100)
        for (size_t k = 0; tx_boiler_lines[k]; k++) {
            size_t m = strlen(tx_boiler_lines[k]);
            if (n >= m && tx_ieq(p, m, tx_boiler_lines[k]))
                return 1;
        }
    /* "Head:" with a known head of at most 24 bytes */
    size_t lim = n < 26 ? n : 26;
    for (size_t k = 0; k < lim; k++) {
        if (p[k] == ':') {
            size_t e = k;
            while (e > 0 && p[e - 1] == ' ')
                e--;
            return tx_in_list(p, e, tx_boiler_heads);
        }
        if (!(TX_UP(p[k]) || TX_LO(p[k]) || p[k] == ' '))
            return 0;
    }
    return 0;
}

typedef struct tx_line {
    uint32_t s, e;       /* trimmed content in the pass-1 buffer */
    uint32_t nl;         /* index of the LF that ends it (or buffer end) */
    uint32_t chars;      /* code points of content */
    uint8_t blank, boiler;
} tx_line;

/* Titles whose '.' never ends a line's sentence (the line stage has no
   lexicon: nw_text_init() takes none; keep this list short). */
static const char *const tx_line_titles[] = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "gov", "sen", "rep", "st",
    "sgt", "col", "lt", "capt", "maj", "adm", "rev", "hon", "pres", "no",
    "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", NULL};

static const char *const tx_line_starters[] = {
    "the", "he", "she", "it", "they", "we", "i", "but", "and", "in", "a",
    "an", "this", "that", "there", "his", "her", "its", "their", "our",
    "however", "meanwhile", "on", "at", "for", "as", "if", "when", "after",
    NULL};

/* Hyphenated-word prefixes kept with their hyphen when a line break
   splits them ("self-\nemployed" stays "self-employed"). */
static const char *const tx_hyphen_prefixes[] = {
    "self", "well", "long", "short", "half", "vice", "cross", "ex", "co",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety", "so", "e", "x", "t", "u", "re", NULL};

/* Does the line's content end a sentence (. ! ? maybe followed by closing
   quotes or brackets), not after a title or an initial? */
static int tx_line_ends_sentence(const char *b, const tx_line *L,
                                 const char *next, size_t next_n) {
    uint32_t e = L->e;
    while (e > L->s && (b[e - 1] == '"' || b[e - 1] == '\'' ||
                        b[e - 1] == ')' || b[e - 1] == ']'))
        e--;
    if (e == L->s)
        return 0;
    char c = b[e - 1];
    if (c == '!' || c == '?')
        return 1;
    if (c != '.')
        return 0;
    /* last word before the '.' */
    uint32_t w = e - 1;
    while (w > L->s && b[w - 1] != ' ')
        w--;
    size_t wl = (e - 1) - w;
    int abbr = 0;
    if (wl == 1 && TX_UP(b[w]))
        abbr = 1; /* initial */
    else if (memchr(b + w, '.', wl))
        abbr = 1; /* U.S. */
    else if (tx_in_list(b + w, wl, tx_line_titles))
        abbr = 1;
    if (!abbr)
        return 1;
    /* an abbreviation ends the sentence only before a clear starter */
    size_t k = 0;
    while (k < next_n && (TX_UP(next[k]) || TX_LO(next[k])))
        k++;
    return k > 0 && TX_UP(next[0]) && tx_in_list(next, k, tx_line_starters);
}

/* Does the line end with punctuation that can close a paragraph? */
static int tx_line_ends_clause(const char *b, const tx_line *L) {
    char c = b[L->e - 1];
    return strchr(".!?:;\"')]", c) != NULL;
}

/* Does the content starting at p (n bytes) start like a new paragraph:
   a capital, a digit, a quote mark, a bracket, a bullet? */
static int tx_starts_para(const char *p, size_t n) {
    if (n == 0)
        return 0;
    int cs = tx_case_at(p, n, 0);
    if (cs == 1)
        return 0;
    if (cs == 2 || cs == 3)
        return 1;
    return 1; /* digits, quotes, brackets, bullets, symbols */
}

/* Bytes of the first word of p[0..n). */
static size_t tx_word_len(const char *p, size_t n) {
    size_t i = 0;
    while (i < n && p[i] != ' ')
        i++;
    return i;
}

/* Source characters (code points, invalid bytes one each) behind the
   pass-1 range [s, e). */
static uint32_t tx_src_chars(const tx_out *in, const char *src, size_t s,
                             size_t e) {
    if (e <= s)
        return 0;
    size_t a = in->off[s], z = in->off[e];
    uint32_t c = 0;
    for (size_t i = a; i < z; i++)
        c += ((unsigned char)src[i] & 0xC0) != 0x80;
    return c;
}

/* separator decisions */
enum { SEP_SPACE = 0, SEP_PARA, SEP_JOIN, SEP_JOIN_DEHYPHEN };

static int tx_pass_lines(const tx_out *in, const char *src, tx_out *o) {
    const char *b = in->buf;
    size_t n = in->n;
    size_t nlines = 1;
    uint32_t hist[257] = {0}; /* lines of several words, by length */
    tx_line *L = NULL;
    uint8_t *sep = NULL;
    int rc = -1;

    for (size_t i = 0; i < n; i++)
        nlines += b[i] == '\n';
    if (!(L = calloc(nlines, sizeof(*L))) || !(sep = calloc(nlines, 1)))
        goto done;

    /* cut lines, trim, measure */
    size_t k = 0, pos = 0;
    uint32_t maxc = 0, ncontent = 0;
    while (k < nlines) {
        const char *nlp = memchr(b + pos, '\n', n - pos);
        size_t end = nlp ? (size_t)(nlp - b) : n;
        size_t s = pos, e = end;
        while (s < e && b[s] == ' ')
            s++;
        while (e > s && b[e - 1] == ' ')
            e--;
        L[k].s = (uint32_t)s;
        L[k].e = (uint32_t)e;
        L[k].nl = (uint32_t)end;
        L[k].blank = s == e;
        if (!L[k].blank) {
            /* length in source characters: what a wrapper counted */
            uint32_t c = tx_src_chars(in, src, s, e);
            L[k].chars = c;
            L[k].boiler = (uint8_t)tx_boiler_line(b + s, e - s);
            if (!L[k].boiler) {
                ncontent++;
                if (memchr(b + s, ' ', e - s))
                    hist[c < 256 ? c : 256]++;
            }
        }
        k++;
        if (!nlp)
            break;
        pos = end + 1;
    }
    nlines = k;

    /* The wrap width: the 90th percentile of the lengths of lines of
       several words (a few longer lines are outliers: long words, or
       words the wrapper saw as one, joined by no-break spaces). */
    {
        uint32_t total = 0, cum = 0;
        for (uint32_t l = 0; l <= 256; l++)
            total += hist[l];
        for (uint32_t l = 0; l <= 256 && total; l++) {
            cum += hist[l];
            if (cum * 10 >= total * 9) {
                maxc = l;
                break;
            }
        }
    }

    /* Hard-wrapped text: several lines close to one width. */
    int wrapped = 0;
    if (ncontent >= 3 && maxc <= 140 && maxc >= 40) {
        uint32_t near = 0, over = 0;
        for (size_t j = 0; j < nlines; j++) {
            if (L[j].blank || L[j].boiler)
                continue;
            if (L[j].chars > maxc + 2)
                over++;
            else if (L[j].chars * 4 >= maxc * 3)
                near++;
        }
        wrapped = near >= 2 && near * 10 >= ncontent * 3 &&
                  over * 10 <= ncontent;
    }

    /* decide the separator after each content line */
    size_t prev = (size_t)-1;
    int blank_between = 0;
    for (size_t j = 0; j < nlines; j++) {
        if (L[j].blank) {
            blank_between = 1;
            continue;
        }
        if (prev != (size_t)-1) {
            tx_line *P = &L[prev], *N = &L[j];
            const char *np = b + N->s;
            size_t nn = N->e - N->s;
            int d;
            if (P->boiler || N->boiler)
                d = SEP_PARA;
            else if (blank_between)
                /* a blank line is a paragraph break, except inside a
                   sentence (a page break): no end mark before, lower case
                   after */
                d = (tx_case_at(b, n, N->s) == 1 && !tx_line_ends_clause(b, P))
                        ? SEP_SPACE : SEP_PARA;
            else if (P->e - P->s >= 2 && b[P->e - 1] == '-' &&
                     tx_alnum_at(b, n, N->s) &&
                     tx_alnum_at(b, n, P->e - 2)) {
                /* hyphen at the line end, no space before it */
                uint32_t w = P->e - 1;
                while (w > P->s && b[w - 1] != ' ' && b[w - 1] != '-')
                    w--;
                size_t wl = (P->e - 1) - w;
                if (tx_case_at(b, n, N->s) == 1 && tx_alpha_at(b, n, w) &&
                    !tx_in_list(b + w, wl, tx_hyphen_prefixes))
                    d = SEP_JOIN_DEHYPHEN;
                else
                    d = SEP_JOIN;
            } else if (!tx_starts_para(np, nn))
                d = SEP_SPACE;
            else if (!wrapped)
                d = SEP_PARA; /* one line a paragraph */
            else {
                /* Wrapped: a break is hard (a paragraph) when the next
                   word would have fitted on the line -- with a margin for
                   proportional fonts unless the line ends a sentence. */
                uint32_t fit = P->chars + 1 +
                               tx_src_chars(in, src, N->s,
                                            N->s + tx_word_len(np, nn));
                if (!tx_line_ends_sentence(b, P, np, nn))
                    fit += maxc / 8;
                d = fit <= maxc ? SEP_PARA : SEP_SPACE;
            }
            sep[prev] = (uint8_t)d;
        }
        prev = j;
        blank_between = 0;
    }

    /* emit */
    if (tx_reserve(o, n + nlines + 16) != 0)
        goto done;
    prev = (size_t)-1;
    for (size_t j = 0; j < nlines; j++) {
        if (L[j].blank)
            continue;
        if (prev != (size_t)-1) {
            size_t at = L[prev].nl;
            uint32_t so = in->off[at < n ? at : n];
            switch (sep[prev]) {
            case SEP_PARA:
                tx_put(o, '\n', so);
                tx_put(o, '\n', so);
                break;
            case SEP_SPACE:
                tx_put(o, ' ', so);
                break;
            default:
                break;
            }
        }
        uint32_t e = L[j].e;
        if (sep[j] == SEP_JOIN_DEHYPHEN && e > L[j].s)
            e--; /* drop the hyphen */
        for (uint32_t p = L[j].s; p < e; p++)
            tx_put(o, b[p], in->off[p]);
        prev = j;
    }
    o->buf[o->n] = '\0';
    o->off[o->n] = in->off[n];
    rc = 0;
done:
    free(L);
    free(sep);
    return rc;
}

/* ---------------------------------------------------------------- text -- */

int nw_text_init(nw_text *t, const char *src, size_t len) {
    tx_out o1 = {0}, o2 = {0};
    memset(t, 0, sizeof(*t));
    if (!src)
        len = 0;
    if (len > UINT32_MAX / 4)
        return -1;
    t->src = src ? src : "";
    t->src_len = len;
    if (tx_pass_chars(t->src, len, &o1) != 0 || tx_pass_lines(&o1, t->src, &o2) != 0) {
        tx_out_free(&o1);
        tx_out_free(&o2);
        nw_text_release(t);
        return -1;
    }
    tx_out_free(&o1);
    t->buf = o2.buf;
    t->off = o2.off;
    t->len = o2.n;
    return 0;
}

void nw_text_release(nw_text *t) {
    if (!t)
        return;
    free(t->buf);
    free(t->off);
    t->buf = NULL;
    t->off = NULL;
    t->len = 0;
}

char *nw_text_dup(const nw_text *t, size_t a, size_t b) {
    if (!t || !t->buf)
        return NULL;
    if (b > t->len)
        b = t->len;
    if (a > b)
        a = b;
    char *out = malloc(b - a + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    int sp = 0;
    for (size_t i = a; i < b; i++) {
        char c = t->buf[i];
        if (c == ' ' || c == '\n') {
            sp = 1;
            continue;
        }
        if (sp && o > 0)
            out[o++] = ' ';
        sp = 0;
        out[o++] = c;
    }
    out[o] = '\0';
    return out;
}

/* ------------------------------------------------------------ frontend -- */

nw_frontend *nw_frontend_load(const char *datadir, char *err, size_t errlen) {
    char dummy[1];
    char path[4096];
    nw_frontend *fe = NULL;
    if (!err || errlen == 0) {
        err = dummy;
        errlen = sizeof(dummy);
    }
    if (!(fe = calloc(1, sizeof(*fe)))) {
        snprintf(err, errlen, "front end: out of memory");
        return NULL;
    }
    if (!datadir)
        datadir = NW_DEFAULT_DATADIR;
    snprintf(path, sizeof(path), "%s/lexicons/abbreviations.txt", datadir);
    if (!(fe->abbr = nw_lexicon_load(path, err, errlen))) {
        nw_frontend_free(&fe);
        return NULL;
    }
    return fe;
}

void nw_frontend_free(nw_frontend **pfe) {
    if (!pfe || !*pfe)
        return;
    nw_lexicon_free(&(*pfe)->abbr);
    free(*pfe);
    *pfe = NULL;
}

/* --------------------------------------------------------------- tokens -- */

static int tx_push(nw_doc *d, uint32_t *cap, const nw_token *t) {
    if (d->n_tok == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 256;
        nw_token *nt = realloc(d->tok, (size_t)nc * sizeof(*nt));
        if (!nt)
            return -1;
        d->tok = nt;
        *cap = nc;
    }
    d->tok[d->n_tok++] = *t;
    return 0;
}

static int tx_abbr_class(const char *label) {
    if (!label)
        return AB_NONE;
    switch (label[0]) {
    case 't': return AB_TITLE;
    case 'm': return AB_MONTH;
    case 'n': return AB_NUM;
    case 'o': return label[1] == 'r' ? AB_ORG : AB_OTHER;
    case 'p': return AB_ORG; /* place: behaves as org */
    case 's': return AB_START;
    default: return AB_OTHER;
    }
}

static const char *const tx_keep_s[] = {
    "it", "he", "she", "that", "there", "what", "who", "here", "where",
    "how", "let", "this", "when", "why", NULL};

/* Does a URL start at b[i]?  Returns its end, or 0. */
static size_t tx_url_end(const char *b, size_t n, size_t i) {
    const char *p = b + i;
    size_t rest = n - i;
    if (!((rest >= 8 && tx_ieq(p, 7, "http://")) ||
          (rest >= 9 && tx_ieq(p, 8, "https://")) ||
          (rest >= 5 && tx_ieq(p, 4, "www.") && tx_alnum_at(b, n, i + 4)) ||
          (rest >= 7 && tx_ieq(p, 6, "ftp://"))))
        return 0;
    size_t j = i;
    while (j < n && b[j] != ' ' && b[j] != '\n' && b[j] != '"' &&
           (unsigned char)b[j] >= 0x21)
        j++;
    /* trailing punctuation belongs to the sentence */
    int paren = memchr(b + i, '(', j - i) != NULL;
    while (j > i && strchr(".,;:!?')]", b[j - 1])) {
        if (b[j - 1] == ')' && paren)
            break;
        j--;
    }
    return j;
}

/* Does an e-mail address start at b[i] (i at a word start)?  End or 0. */
static size_t tx_email_end(const char *b, size_t n, size_t i) {
    size_t j = i;
    /* bounded (local part <= 64, domain <= 255 bytes) so that a long run
       of word characters is not rescanned at every token: stays linear */
    while (j < n && j - i <= 64 &&
           (TX_UP(b[j]) || TX_LO(b[j]) || TX_DIG(b[j]) || b[j] == '.' ||
            b[j] == '_' || b[j] == '-' || b[j] == '+'))
        j++;
    if (j == i || j >= n || b[j] != '@')
        return 0;
    size_t k = j + 1, dot = 0;
    while (k < n && k - j <= 255 &&
           (TX_UP(b[k]) || TX_LO(b[k]) || TX_DIG(b[k]) || b[k] == '.' ||
            b[k] == '-')) {
        if (b[k] == '.' && k + 1 < n && (TX_LO(b[k + 1]) || TX_UP(b[k + 1])))
            dot = k;
        k++;
    }
    while (k > j + 1 && (b[k - 1] == '.' || b[k - 1] == '-'))
        k--;
    return dot && dot > j + 1 && dot < k ? k : 0;
}

static const char *const tx_tlds[] = {
    "com", "org", "net", "gov", "edu", "co", "uk", "io", "tv", "info",
    "ru", "de", "fr", "eu", "int", "mil", "news", NULL};

/* Scan a word or number starting at b[i] (a letter or digit).  Sets *kind,
   ORs flags, returns the end.  *dots gets 1 for an initialism (U.S.). */
static size_t tx_scan_word(const char *b, size_t n, size_t i, int *kind,
                           uint16_t *flags, int *initialism) {
    size_t j = i;
    int num = TX_DIG(b[i]);
    int seg_alpha = 0, seg_len = 0, inner_dots = 0, all_short = 1;
    int seg_upper = 1;
    *initialism = 0;
    for (int guard = 0; j < n && guard < 1 << 20; guard++) {
        /* an alphanumeric run */
        seg_len = 0;
        seg_alpha = 0;
        seg_upper = 1;
        while (j < n) {
            unsigned char c = (unsigned char)b[j];
            if (c < 0x80) {
                if (TX_DIG(c))
                    *flags |= NW_TF_DIGIT;
                else if (TX_UP(c))
                    seg_alpha = 1;
                else if (TX_LO(c))
                    seg_alpha = 1, seg_upper = 0;
                else
                    break;
                j++;
                seg_len++;
            } else {
                int l;
                uint32_t cp = tx_cp((const unsigned char *)b + j, n - j, &l);
                int cs = tx_case(cp);
                if (!cs)
                    break;
                seg_alpha = 1;
                if (cs != 2)
                    seg_upper = 0;
                j += (size_t)l;
                seg_len++;
            }
        }
        if (seg_len > 2)
            all_short = 0;
        if (j >= n)
            break;
        char c = b[j];
        if (c == '-' && tx_alnum_at(b, n, j + 1)) {
            *flags |= NW_TF_HYPHEN;
            j++;
            continue;
        }
        if (c == '\'' && tx_alpha_at(b, n, j + 1) && !num) {
            /* possessive 's: stop before it (unless "it's"-like) */
            if ((b[j + 1] == 's' || b[j + 1] == 'S') &&
                !tx_alnum_at(b, n, j + 2)) {
                if (tx_in_list(b + i, j - i, tx_keep_s)) {
                    j += 2;
                }
                break;
            }
            j++;
            continue;
        }
        if (num && (c == ',' || c == '.') && j + 1 < n && TX_DIG(b[j + 1]) &&
            TX_DIG(b[j - 1])) {
            j++;
            continue;
        }
        if (num && (c == ':' || c == '/') && j + 1 < n && TX_DIG(b[j + 1]) &&
            TX_DIG(b[j - 1])) {
            j++;
            continue;
        }
        if (!num && c == '.' && tx_alpha_at(b, n, j + 1)) {
            if (seg_alpha && seg_len <= 2 && all_short) {
                inner_dots = 1;
                j++;
                continue;
            }
            /* domain-like: Amazon.com, bbc.co.uk */
            size_t k = j + 1;
            while (k < n && TX_LO(b[k]))
                k++;
            if (!tx_alnum_at(b, n, k) && tx_in_list(b + j + 1, k - j - 1, tx_tlds)) {
                j = k;
                all_short = 0;
                if (j < n && b[j] == '.' && tx_alpha_at(b, n, j + 1))
                    continue;
                break;
            }
            break;
        }
        if (c == '_' && tx_alnum_at(b, n, j + 1)) {
            j++;
            continue;
        }
        if (c == '&' && seg_upper && seg_alpha && j + 1 < n && TX_UP(b[j + 1])) {
            j++;
            continue;
        }
        if (num && c == '%') {
            j++;
            break;
        }
        break;
    }
    if (inner_dots && all_short && j < n && b[j] == '.') {
        j++;
        *initialism = 1;
    } else if (inner_dots && all_short) {
        *initialism = 1; /* U.S without final dot */
    }
    *kind = num ? NW_TK_NUM : NW_TK_WORD;
    return j;
}

/* Case flags for a token's bytes. */
static uint16_t tx_case_flags(const char *b, size_t n, size_t s, size_t e) {
    int first = -1, letters = 0, upper = 0;
    for (size_t i = s; i < e;) {
        unsigned char c = (unsigned char)b[i];
        int cs;
        if (c < 0x80) {
            cs = TX_UP(c) ? 2 : TX_LO(c) ? 1 : 0;
            i++;
        } else {
            int l;
            cs = tx_case(tx_cp((const unsigned char *)b + i, n - i, &l));
            i += (size_t)l;
        }
        if (cs == 1 || cs == 2) {
            if (first < 0)
                first = cs;
            letters++;
            upper += cs == 2;
        } else if (cs == 3 && first < 0) {
            first = 3;
        }
    }
    uint16_t f = 0;
    if (first == 2)
        f |= NW_TF_CAP;
    if (letters >= 2 && upper == letters)
        f |= NW_TF_ALLCAP;
    return f;
}

/* Quote direction of the '"' at b[i] (source consulted for curly marks). */
static uint16_t tx_quote_dir(const nw_text *t, size_t i) {
    const unsigned char *s = (const unsigned char *)t->src;
    const char *b = t->buf;
    size_t n = t->len, o = t->off[i];
    char pv = i > 0 ? b[i - 1] : ' ';
    char nx = i + 1 < n ? b[i + 1] : ' ';
    int ps = pv == ' ' || pv == '\n', ns = nx == ' ' || nx == '\n';
    /* Unambiguous typography wins over the mark's shape: converters that
       make curly quotes by alternation get them wrong in multi-paragraph
       quotations. */
    if (ps && !ns && tx_alnum_at(b, n, i + 1))
        return NW_TF_QOPEN;
    if (ns && !ps && (tx_alnum_at(b, n, i - 1) || strchr(".,;:!?)]'", pv)))
        return NW_TF_QCLOSE;
    if (o + 2 < t->src_len && s[o] == 0xE2 && s[o + 1] == 0x80) {
        switch (s[o + 2]) {
        case 0x9C: case 0x9E: case 0x9F: return NW_TF_QOPEN;
        case 0x9D: return NW_TF_QCLOSE;
        }
    }
    if (o + 1 < t->src_len && s[o] == 0xC2) {
        if (s[o + 1] == 0xAB)
            return NW_TF_QOPEN;
        if (s[o + 1] == 0xBB)
            return NW_TF_QCLOSE;
    }
    if (ns && ps)
        return 0;
    if (ns)
        return NW_TF_QCLOSE;
    if (ps)
        return NW_TF_QOPEN;
    if (strchr(".,;:!?)]}", nx))
        return NW_TF_QCLOSE;
    if (strchr("([{-:,;/", pv))
        return NW_TF_QOPEN;
    return 0;
}

static int tx_tokenize(const nw_frontend *fe, nw_doc *d, uint32_t *cap) {
    const nw_text *t = &d->text;
    const char *b = t->buf;
    size_t n = t->len;
    int para = 1, space = 0, boiler = 0, code = 0;
    size_t cdata_end = 0;              /* a "<![CDATA[ ... ]]>" runs to here */
    size_t squote_open = (size_t)-1; /* an open single quote in this para */
    int qopen = 0;                     /* a double quote is open in this para */

    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)b[i];
        if (c == ' ') {
            space = 1;
            i++;
            continue;
        }
        if (c == '\n') {
            space = 1;
            para = 1;
            i++;
            continue;
        }
        nw_token tk = {0};
        size_t s = i, e;
        int initialism = 0;
        if (space)
            tk.flags |= NW_TF_SPACE;
        if (para) {
            tk.flags |= NW_TF_PARA;
            const char *nl = memchr(b + i, '\n', n - i);
            size_t pe = nl ? (size_t)(nl - b) : n;
            boiler = tx_boiler_line(b + i, pe - i);
            code = tx_code_line(b + i, pe - i);
            squote_open = (size_t)-1;
            qopen = 0;
        }
        space = 0;
        para = 0;
        /* script a crawler left inside a paragraph of text: "... Alan
           Henning. //<![CDATA[ var randomNumber=... //]]>" */
        if (i >= cdata_end && c == '<' && n - i >= 9 && !memcmp(b + i, "<![CDATA[", 9)) {
            size_t x = i + 9;
            while (x + 2 < n && !(b[x] == ']' && b[x + 1] == ']' && b[x + 2] == '>'))
                x++;
            cdata_end = x + 2 < n ? x + 3 : n;
        }
        if ((e = tx_url_end(b, n, i)) > i) {
            tk.kind = NW_TK_URL;
        } else if (tx_alnum_at(b, n, i)) {
            int kind;
            if ((TX_UP(c) || TX_LO(c) || TX_DIG(c)) &&
                (e = tx_email_end(b, n, i)) > i) {
                tk.kind = NW_TK_URL;
            } else {
                e = tx_scan_word(b, n, i, &kind, &tk.flags, &initialism);
                tk.kind = (uint16_t)kind;
                tk.flags |= tx_case_flags(b, n, s, e);
                if (initialism) {
                    tk.flags |= NW_TF_ABBR;
                } else if (kind == NW_TK_WORD && e < n && b[e] == '.') {
                    const char *lab =
                        nw_lexicon_get(fe->abbr, b + s, e - s);
                    int cls = tx_abbr_class(lab);
                    int capd = (tk.flags & NW_TF_CAP) != 0;
                    int take = 0;
                    if (e - s == 1 && TX_UP(c))
                        take = 1; /* initial: J. K. Rowling, Oscar P. Quintero
                                     (before the list: "p." is also "page") */
                    else if (cls == AB_TITLE || cls == AB_MONTH || cls == AB_ORG)
                        take = capd;
                    else if (cls == AB_NUM) {
                        size_t k = e + 1;
                        while (k < n && b[k] == ' ')
                            k++;
                        take = k < n && TX_DIG(b[k]);
                    } else if (cls == AB_OTHER)
                        take = 1;
                    if (take) {
                        e++;
                        tk.flags |= NW_TF_ABBR;
                    }
                }
            }
        } else if (c == '"') {
            e = i + 1;
            tk.kind = NW_TK_QUOTE;
            uint16_t dir = tx_quote_dir(t, i);
            if (!dir) /* free-standing: the paragraph's pairing decides */
                dir = qopen ? NW_TF_QCLOSE : NW_TF_QOPEN;
            qopen = dir == NW_TF_QOPEN;
            tk.flags |= dir;
        } else if (c == '.') {
            e = i + 1;
            while (e < n && b[e] == '.' && e - i < 64)
                e++;
            tk.kind = NW_TK_PUNCT;
        } else if (c == '-') {
            e = i + 1;
            while (e < n && b[e] == '-' && e - i < 64)
                e++;
            tk.kind = NW_TK_PUNCT;
        } else if (c == '\'') {
            e = i + 1;
            tk.kind = NW_TK_PUNCT;
            /* possessive "'s" / "'" */
            int after_word = d->n_tok > 0 && !(tk.flags & NW_TF_SPACE) &&
                             (d->tok[d->n_tok - 1].kind == NW_TK_WORD ||
                              d->tok[d->n_tok - 1].kind == NW_TK_NUM) &&
                             d->tok[d->n_tok - 1].end == i;
            if (after_word && i + 1 < n && (b[i + 1] == 's' || b[i + 1] == 'S') &&
                !tx_alnum_at(b, n, i + 2)) {
                e = i + 2;
                tk.kind = NW_TK_WORD;
                tk.flags |= NW_TF_POSS;
            } else if (after_word && !tx_alnum_at(b, n, i + 1) &&
                       squote_open == (size_t)-1) {
                const nw_token *pt = &d->tok[d->n_tok - 1];
                char last = b[pt->end - 1];
                if (last == 's' || last == 'S') {
                    tk.kind = NW_TK_WORD;
                    tk.flags |= NW_TF_POSS;
                }
            } else if (!after_word && tx_alnum_at(b, n, i + 1)) {
                squote_open = i;
            } else if (after_word) {
                squote_open = (size_t)-1;
            }
        } else {
            e = i + tx_clen(b, n, i);
            tk.kind = NW_TK_PUNCT;
        }
        if (e <= i)
            e = i + 1;
        if (boiler)
            tk.flags |= NW_TF_BOILER;
        if (code || s < cdata_end)
            tk.flags |= NW_TF_CODE;
        tk.start = (uint32_t)s;
        tk.end = (uint32_t)e;
        tk.hash = nw_hash_lower(b + s, e - s);
        if (tx_push(d, cap, &tk) != 0)
            return -1;
        i = e;
    }
    return 0;
}

/* ------------------------------------------------------------ sentences -- */

static inline int tx_tok_is(const nw_doc *d, uint32_t k, char c) {
    return d->tok[k].end - d->tok[k].start == 1 &&
           d->text.buf[d->tok[k].start] == c;
}

/* Does token k start with a lower-case letter? */
static inline int tx_tok_lower(const nw_doc *d, uint32_t k) {
    return tx_case_at(d->text.buf, d->text.len, d->tok[k].start) == 1;
}

/* Is token k a capitalised word that typically starts a sentence? */
static int tx_tok_starter(const nw_frontend *fe, const nw_doc *d, uint32_t k) {
    const nw_token *t = &d->tok[k];
    if (t->kind == NW_TK_QUOTE)
        return (t->flags & NW_TF_QOPEN) != 0;
    if (t->kind != NW_TK_WORD || !(t->flags & NW_TF_CAP))
        return 0;
    const char *lab = nw_lexicon_get(fe->abbr, nw_tok_ptr(d, k), nw_tok_len(d, k));
    return tx_abbr_class(lab) == AB_START;
}

static int tx_push_sent(nw_doc *d, uint32_t *cap, uint32_t first, uint32_t end,
                        uint32_t para) {
    if (d->n_sent == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 64;
        nw_sentence *ns = realloc(d->sent, (size_t)nc * sizeof(*ns));
        if (!ns)
            return -1;
        d->sent = ns;
        *cap = nc;
    }
    nw_sentence s = {first, end, para};
    d->sent[d->n_sent++] = s;
    return 0;
}

static int tx_sentences(const nw_frontend *fe, nw_doc *d) {
    uint32_t cap = 0, first = 0, para = 0;
    uint32_t nt = d->n_tok;
    const char *b = d->text.buf;

    for (uint32_t k = 0; k < nt; k++) {
        nw_token *t = &d->tok[k];
        if (k > first && (t->flags & NW_TF_PARA)) {
            if (tx_push_sent(d, &cap, first, k, para) != 0)
                return -1;
            first = k;
        }
        if (t->flags & NW_TF_PARA && k > 0)
            para++;
        if (k == first)
            t->flags |= NW_TF_SENT;
        /* a boundary after token k? */
        int term = 0, abbr = 0;
        uint32_t len = t->end - t->start;
        if (t->kind == NW_TK_PUNCT) {
            char c = b[t->start];
            term = c == '!' || c == '?' || (c == '.' && len == 1);
            if (c == '.' && len > 1)
                term = 2; /* ellipsis */
        } else if ((t->flags & NW_TF_ABBR) && b[t->end - 1] == '.') {
            abbr = 1;
        }
        uint32_t e = k + 1;
        int cut = 0;
        if (term || abbr) {
            /* absorb closing marks and more terminators */
            while (e < nt && !(d->tok[e].flags & (NW_TF_SPACE | NW_TF_PARA))) {
                const nw_token *x = &d->tok[e];
                if (x->kind == NW_TK_QUOTE && !(x->flags & NW_TF_QOPEN)) {
                    e++;
                    continue;
                }
                if (x->kind == NW_TK_PUNCT &&
                    strchr(")]'!?.", b[x->start]) != NULL) {
                    e++;
                    continue;
                }
                break;
            }
            /* closing quote after a space: `said. "` rarely; keep simple */
            if (e >= nt || (d->tok[e].flags & NW_TF_PARA))
                cut = 0; /* the paragraph rule cuts */
            else if (abbr) {
                const char *lab = nw_lexicon_get(fe->abbr, b + t->start,
                                                 len - 1);
                int cls = tx_abbr_class(lab);
                cut = cls != AB_TITLE && tx_tok_starter(fe, d, e);
            } else if (term == 2) {
                cut = (d->tok[e].flags & NW_TF_CAP) || tx_tok_starter(fe, d, e);
            } else {
                const nw_token *x = &d->tok[e];
                if (x->kind == NW_TK_WORD && tx_tok_lower(d, e))
                    cut = 0;
                else if (x->kind == NW_TK_PUNCT &&
                         strchr(",;:)]", b[x->start]) != NULL)
                    cut = 0;
                else if (!(x->flags & NW_TF_SPACE) && x->kind != NW_TK_QUOTE)
                    cut = 0; /* "Yahoo!Inc" or "3.5" pieces */
                else
                    cut = 1;
            }
            if (cut) {
                for (uint32_t m = k + 1; m < e; m++)
                    if (m == first)
                        d->tok[m].flags |= NW_TF_SENT;
                if (tx_push_sent(d, &cap, first, e, para) != 0)
                    return -1;
                first = e;
                k = e - 1;
                continue;
            }
        }
        if (k + 1 - first >= TX_MAX_SENT_TOKENS && k + 1 < nt) {
            if (tx_push_sent(d, &cap, first, k + 1, para) != 0)
                return -1;
            first = k + 1;
        }
    }
    if (first < nt && tx_push_sent(d, &cap, first, nt, para) != 0)
        return -1;
    for (uint32_t s = 0; s < d->n_sent; s++)
        d->tok[d->sent[s].first].flags |= NW_TF_SENT;
    return 0;
}

/* Mark the first paragraph as a headline when it looks like one. */
static void tx_headline(nw_doc *d) {
    uint32_t nt = d->n_tok, e = 1;
    if (nt < 2)
        return;
    while (e < nt && !(d->tok[e].flags & NW_TF_PARA))
        e++;
    if (e >= nt || e > TX_HEADLINE_TOKENS)
        return; /* a single paragraph, or too long */
    const char *b = d->text.buf;
    uint32_t last = e - 1;
    while (last > 0 && (d->tok[last].kind == NW_TK_QUOTE ||
                        tx_tok_is(d, last, '\'') || tx_tok_is(d, last, ')')))
        last--;
    char c = b[d->tok[last].end - 1];
    if (d->tok[last].kind == NW_TK_PUNCT && (c == '.' || c == ':' || c == ','))
        return;
    if (d->tok[last].kind == NW_TK_URL || (d->tok[0].flags & NW_TF_BOILER))
        return;
    for (uint32_t k = 0; k < e; k++)
        d->tok[k].flags |= NW_TF_TITLE;
}

int nw_frontend_run(const nw_frontend *fe, nw_doc *d) {
    uint32_t cap = 0;
    if (!fe || !d || !d->text.buf)
        return -1;
    d->n_tok = 0;
    d->n_sent = 0;
    if (tx_tokenize(fe, d, &cap) != 0)
        return -1;
    tx_headline(d);
    /* the headline is its own sentence: it is its own paragraph already */
    if (tx_sentences(fe, d) != 0)
        return -1;
    d->tok_sent = malloc(((size_t)d->n_tok + 1) * sizeof(*d->tok_sent));
    if (!d->tok_sent)
        return -1;
    for (uint32_t s = 0; s < d->n_sent; s++)
        for (uint32_t k = d->sent[s].first; k < d->sent[s].end; k++)
            d->tok_sent[k] = s;
    if (!d->tok) {
        /* keep a valid (empty) array for stages that index it */
        d->tok = malloc(sizeof(*d->tok));
        if (!d->tok)
            return -1;
    }
    if (!d->sent) {
        d->sent = malloc(sizeof(*d->sent));
        if (!d->sent)
            return -1;
    }
    return 0;
}
