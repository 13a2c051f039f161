/* text.c -- STUB front end (to be replaced): identity normalisation,
   whitespace/punctuation tokens, sentences at . ! ? */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

struct nw_frontend { int unused; };

nw_frontend *nw_frontend_load(const char *datadir, char *err, size_t errlen) {
    (void)datadir;
    nw_frontend *fe = calloc(1, sizeof(*fe));
    if (!fe)
        snprintf(err, errlen, "out of memory");
    return fe;
}

void nw_frontend_free(nw_frontend **fe) {
    if (fe) { free(*fe); *fe = NULL; }
}

int nw_text_init(nw_text *t, const char *src, size_t len) {
    memset(t, 0, sizeof(*t));
    t->src = src; t->src_len = len;
    t->buf = malloc(len + 1);
    t->off = malloc((len + 1) * sizeof(*t->off));
    if (!t->buf || !t->off) { nw_text_release(t); return -1; }
    memcpy(t->buf, src, len);
    t->buf[len] = 0; t->len = len;
    for (size_t i = 0; i <= len; i++) t->off[i] = (uint32_t)i;
    return 0;
}

void nw_text_release(nw_text *t) {
    free(t->buf); free(t->off);
    t->buf = NULL; t->off = NULL; t->len = 0;
}

int nw_frontend_run(const nw_frontend *fe, nw_doc *d) {
    (void)fe;
    const char *b = d->text.buf;
    size_t n = d->text.len, cap = n / 2 + 2;
    d->tok = malloc(cap * sizeof(*d->tok));
    d->sent = malloc(cap * sizeof(*d->sent));
    d->tok_sent = malloc(cap * sizeof(*d->tok_sent));
    if (!d->tok || !d->sent || !d->tok_sent) return -1;
    uint32_t nt = 0, ns = 0, first = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)b[i];
        if (isspace(c)) { i++; continue; }
        size_t s = i;
        nw_token tk = {0};
        if (isalnum(c) || c >= 0x80) {
            while (i < n && (isalnum((unsigned char)b[i]) || (unsigned char)b[i] >= 0x80)) i++;
            tk.kind = isdigit(c) ? NW_TK_NUM : NW_TK_WORD;
            if (isupper(c)) tk.flags |= NW_TF_CAP;
        } else {
            i++;
            tk.kind = c == '"' ? NW_TK_QUOTE : NW_TK_PUNCT;
        }
        if (nt == cap) break;
        tk.start = (uint32_t)s; tk.end = (uint32_t)i;
        tk.hash = nw_hash_lower(b + s, i - s);
        if (nt == first) tk.flags |= NW_TF_SENT;
        d->tok[nt++] = tk;
        if (c == '.' || c == '!' || c == '?') {
            d->sent[ns].first = first; d->sent[ns].end = nt; d->sent[ns].para = 0;
            ns++; first = nt;
        }
    }
    if (first < nt) { d->sent[ns].first = first; d->sent[ns].end = nt; d->sent[ns].para = 0; ns++; }
    for (uint32_t s = 0; s < ns; s++)
        for (uint32_t k = d->sent[s].first; k < d->sent[s].end; k++) d->tok_sent[k] = s;
    d->n_tok = nt; d->n_sent = ns;
    return 0;
}
