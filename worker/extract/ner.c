/* ner.c -- STUB (to be replaced): runs of capitalised words are PERSON. */
#include <stdio.h>
#include <stdlib.h>
#include "ner.h"
struct nw_ner { int unused; };
nw_ner *nw_ner_load(const char *datadir, char *err, size_t errlen) { (void)datadir; nw_ner *n = calloc(1, sizeof(*n)); if (!n) snprintf(err, errlen, "out of memory"); return n; }
void nw_ner_free(nw_ner **n) { if (n) { free(*n); *n = NULL; } }
int nw_ner_run(const nw_ner *ner, nw_doc *d) {
    (void)ner;
    d->ment = calloc(d->n_tok + 1, sizeof(*d->ment));
    if (!d->ment) return -1;
    for (uint32_t i = 0; i < d->n_tok;) {
        if (d->tok[i].kind == NW_TK_WORD && (d->tok[i].flags & NW_TF_CAP) && !(d->tok[i].flags & NW_TF_SENT)) {
            uint32_t s = i;
            while (i < d->n_tok && d->tok[i].kind == NW_TK_WORD && (d->tok[i].flags & NW_TF_CAP)) i++;
            nw_mention m = { s, i, NW_ENT_PERSON, 0.5f, -1 };
            d->ment[d->n_ment++] = m;
        } else i++;
    }
    return 0;
}
