/*
 * extractor.c -- the pipeline: loads every stage's model once, then runs
 * text -> tokens -> sentences -> mentions -> entities -> quotes -> stances
 * over one document and hands the caller the nw_extraction it built.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "entities.h"
#include "extractor.h"
#include "ner.h"
#include "quotes.h"
#include "stance.h"
#include "text.h"

struct nw_extractor {
    nw_frontend *fe;
    nw_ner *ner;
    nw_entities_model *ents;
    nw_quotes_model *quotes;
    nw_stance_model *stance;
};

const char *nw_strerror(nw_status st) {
    switch (st) {
    case NW_OK: return "ok";
    case NW_ERR_NOMEM: return "out of memory";
    case NW_ERR_IO: return "cannot read data file";
    case NW_ERR_MODEL: return "corrupt or incompatible model";
    case NW_ERR_INPUT: return "unusable input";
    }
    return "unknown error";
}

const char *nw_entity_type_name(nw_entity_type t) {
    switch (t) {
    case NW_ENT_PERSON: return "PERSON";
    case NW_ENT_ORG: return "ORG";
    case NW_ENT_LOC: return "LOC";
    case NW_ENT_DATE: return "DATE";
    case NW_ENT_MISC: return "MISC";
    case NW_ENT_NONE: break;
    }
    return "NONE";
}

const char *nw_polarity_name(nw_polarity p) {
    switch (p) {
    case NW_POL_SUPPORT: return "support";
    case NW_POL_OPPOSE: return "oppose";
    case NW_POL_NEUTRAL: break;
    }
    return "neutral";
}

uint32_t nw_hash_lower(const char *s, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h = (h ^ c) * 16777619u;
    }
    return h;
}

nw_span nw_text_src(const nw_text *t, size_t a, size_t b) {
    nw_span s = {0, 0};
    if (a > t->len)
        a = t->len;
    if (b > t->len)
        b = t->len;
    if (b < a)
        b = a;
    s.start = t->off[a];
    /* The end maps through the last byte of the range so that a range that
       ends just before dropped characters does not swallow them. */
    s.end = b > a ? (size_t)t->off[b - 1] + 1 : s.start;
    /* Extend over the rest of a multi-byte source character. */
    while (s.end < t->src_len && b > a &&
           ((unsigned char)t->src[s.end] & 0xC0) == 0x80)
        s.end++;
    if (s.end > t->src_len)
        s.end = t->src_len;
    return s;
}

nw_span nw_doc_tok_src(const nw_doc *d, uint32_t first, uint32_t end) {
    nw_span s = {0, 0};
    if (first >= end || end > d->n_tok)
        return s;
    return nw_text_src(&d->text, d->tok[first].start, d->tok[end - 1].end);
}

void nw_extraction_free(nw_extraction **px) {
    if (!px || !*px)
        return;
    nw_extraction *x = *px;
    for (size_t i = 0; i < x->n_entities; i++) {
        nw_entity *e = &x->entities[i];
        free(e->name);
        for (size_t j = 0; j < e->n_aliases; j++)
            free(e->aliases[j]);
        free(e->aliases);
        free(e->mentions);
    }
    free(x->entities);
    for (size_t i = 0; i < x->n_quotes; i++) {
        free(x->quotes[i].text);
        free(x->quotes[i].speaker);
        free(x->quotes[i].cue);
    }
    free(x->quotes);
    for (size_t i = 0; i < x->n_stances; i++) {
        free(x->stances[i].holder);
        free(x->stances[i].target);
    }
    free(x->stances);
    free(x);
    *px = NULL;
}

void nw_doc_release(nw_doc *d) {
    if (!d)
        return;
    nw_text_release(&d->text);
    free(d->tok);
    free(d->sent);
    free(d->tok_sent);
    free(d->ment);
    free(d->ent_gender);
    nw_extraction_free(&d->x);
    memset(d, 0, sizeof(*d));
}

void nw_extractor_free(nw_extractor **pex) {
    if (!pex || !*pex)
        return;
    nw_extractor *ex = *pex;
    nw_frontend_free(&ex->fe);
    nw_ner_free(&ex->ner);
    nw_entities_free(&ex->ents);
    nw_quotes_free(&ex->quotes);
    nw_stance_free(&ex->stance);
    free(ex);
    *pex = NULL;
}

nw_extractor *nw_extractor_new(const char *datadir, char *err, size_t errlen) {
    char dummy[1];
    if (!err || errlen == 0) {
        err = dummy;
        errlen = sizeof(dummy);
    }
    err[0] = '\0';
    nw_extractor *ex = calloc(1, sizeof(*ex));
    if (!ex) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (!(ex->fe = nw_frontend_load(datadir, err, errlen)) ||
        !(ex->ner = nw_ner_load(datadir, err, errlen)) ||
        !(ex->ents = nw_entities_load(datadir, err, errlen)) ||
        !(ex->quotes = nw_quotes_load(datadir, err, errlen)) ||
        !(ex->stance = nw_stance_load(datadir, err, errlen))) {
        nw_extractor_free(&ex);
        return NULL;
    }
    return ex;
}

nw_status nw_extract(const nw_extractor *ex, const char *text, size_t len,
                     nw_extraction **out) {
    nw_doc d;
    size_t words = 0;

    if (!out)
        return NW_ERR_INPUT;
    *out = NULL;
    if (!ex || (!text && len) || len > NW_EXTRACT_MAX_INPUT)
        return NW_ERR_INPUT;
    memset(&d, 0, sizeof(d));
    if (!text)
        text = "";
    if (nw_text_init(&d.text, text, len) != 0)
        return NW_ERR_NOMEM;
    if (!(d.x = calloc(1, sizeof(*d.x))) ||
        nw_frontend_run(ex->fe, &d) != 0 ||
        nw_ner_run(ex->ner, &d) != 0 ||
        nw_entities_run(ex->ents, &d) != 0 ||
        nw_quotes_run(ex->quotes, &d) != 0 ||
        nw_stance_run(ex->stance, &d) != 0) {
        nw_doc_release(&d);
        return NW_ERR_NOMEM;
    }
    for (uint32_t i = 0; i < d.n_tok; i++)
        if (d.tok[i].kind == NW_TK_WORD || d.tok[i].kind == NW_TK_NUM)
            words++;
    d.x->n_words = words;
    *out = d.x;
    d.x = NULL;
    nw_doc_release(&d);
    return NW_OK;
}
