/*
 * fuzz_frontend.c -- libFuzzer target for the front end and the whole
 * extraction (`make fuzz`).
 *
 * For any byte string it checks:
 *  - nw_text_init(): buf is NUL-terminated valid UTF-8, off[] is
 *    non-decreasing, every off[i] lies inside the source and off[len] is the
 *    source length, and the only line breaks left are paragraph breaks;
 *  - nw_frontend_run(): tokens are non-empty, ordered, inside the text, with
 *    the right hash; sentences tile the tokens; tok_sent agrees;
 *  - nw_extract(): every offset in the extraction (entity mentions, quote
 *    spans, stance evidence) satisfies start <= end <= input length.
 * A failed check aborts, which libFuzzer reports as a crash.
 *
 * The extractor is loaded once from NW_DEFAULT_DATADIR (or $NW_DATADIR); if
 * it cannot be loaded (a stage's model missing), only the front end is
 * fuzzed and the reason is printed once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "extractor.h"
#include "text.h"

static nw_extractor *g_ex;
static nw_frontend *g_fe;

#define CHECK(c)                                                            \
    do {                                                                    \
        if (!(c)) {                                                         \
            fprintf(stderr, "fuzz_frontend: check failed: %s (%s:%d)\n",    \
                    #c, __FILE__, __LINE__);                                \
            abort();                                                        \
        }                                                                   \
    } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    char err[512];
    const char *dir = getenv("NW_DATADIR");
    (void)argc;
    (void)argv;
    if (!dir || !*dir)
        dir = NW_DEFAULT_DATADIR;
    g_fe = nw_frontend_load(dir, err, sizeof(err));
    if (!g_fe) {
        fprintf(stderr, "fuzz_frontend: cannot load the front end: %s\n", err);
        abort();
    }
    g_ex = nw_extractor_new(dir, err, sizeof(err));
    if (!g_ex)
        fprintf(stderr, "fuzz_frontend: extractor not loaded (%s); fuzzing "
                        "the front end only\n", err);
    return 0;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    size_t l;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        l = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        l = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        l = 4;
    else
        return 0;
    if (l > n)
        return 0;
    for (size_t k = 1; k < l; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return l;
}

static void check_text(const nw_text *t, size_t size) {
    CHECK(t->buf && t->off);
    CHECK(t->buf[t->len] == '\0');
    CHECK(t->off[t->len] == size);
    for (size_t i = 0; i < t->len; i++) {
        CHECK(t->off[i] <= t->off[i + 1]);
        CHECK(t->off[i] < size);
    }
    for (size_t i = 0; i < t->len;) {
        size_t l = utf8_len((const unsigned char *)t->buf + i, t->len - i);
        CHECK(l > 0);
        CHECK(t->buf[i] != '\0');
        if (t->buf[i] == '\n') {
            /* "\n\n" only, never at the ends */
            CHECK(i > 0 && i + 2 < t->len + 1);
            CHECK(t->buf[i + 1] == '\n' || t->buf[i - 1] == '\n');
        }
        i += l;
    }
}

static void check_doc(const nw_doc *d) {
    uint32_t next = 0;
    for (uint32_t i = 0; i < d->n_tok; i++) {
        const nw_token *t = &d->tok[i];
        CHECK(t->start < t->end && t->end <= d->text.len);
        CHECK(i == 0 || d->tok[i - 1].end <= t->start);
        CHECK(t->hash == nw_hash_lower(d->text.buf + t->start, t->end - t->start));
        CHECK(t->kind >= NW_TK_WORD && t->kind <= NW_TK_URL);
        nw_span s = nw_doc_tok_src(d, i, i + 1);
        CHECK(s.start <= s.end && s.end <= d->text.src_len);
    }
    for (uint32_t s = 0; s < d->n_sent; s++) {
        CHECK(d->sent[s].first == next);
        CHECK(d->sent[s].end > d->sent[s].first && d->sent[s].end <= d->n_tok);
        CHECK(d->tok[d->sent[s].first].flags & NW_TF_SENT);
        for (uint32_t k = d->sent[s].first; k < d->sent[s].end; k++)
            CHECK(d->tok_sent[k] == s);
        next = d->sent[s].end;
    }
    CHECK(next == d->n_tok);
}

static void check_span(nw_span s, size_t size) {
    CHECK(s.start <= s.end);
    CHECK(s.end <= size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    nw_doc d;
    memset(&d, 0, sizeof(d));
    if (nw_text_init(&d.text, (const char *)data, size) == 0) {
        check_text(&d.text, size);
        if (nw_frontend_run(g_fe, &d) == 0)
            check_doc(&d);
    }
    nw_doc_release(&d);

    if (!g_ex)
        return 0;
    nw_extraction *x = NULL;
    if (nw_extract(g_ex, (const char *)data, size, &x) != NW_OK) {
        CHECK(x == NULL);
        return 0;
    }
    CHECK(x != NULL);
    for (size_t i = 0; i < x->n_entities; i++) {
        const nw_entity *e = &x->entities[i];
        CHECK(e->name != NULL);
        CHECK(e->salience >= 0.0 && e->salience <= 1.0);
        for (size_t m = 0; m < e->n_mentions; m++)
            check_span(e->mentions[m], size);
    }
    for (size_t i = 0; i < x->n_quotes; i++) {
        check_span(x->quotes[i].span, size);
        CHECK(x->quotes[i].speaker_entity < (int)x->n_entities);
    }
    for (size_t i = 0; i < x->n_stances; i++) {
        check_span(x->stances[i].evidence, size);
        CHECK(x->stances[i].holder_entity < (int)x->n_entities);
        CHECK(x->stances[i].target_entity < (int)x->n_entities);
    }
    nw_extraction_free(&x);
    return 0;
}
