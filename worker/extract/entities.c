/* entities.c -- STUB (to be replaced): one entity per distinct surface. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "entities.h"
struct nw_entities_model { int unused; };
nw_entities_model *nw_entities_load(const char *datadir, char *err, size_t errlen) { (void)datadir; nw_entities_model *m = calloc(1, sizeof(*m)); if (!m) snprintf(err, errlen, "out of memory"); return m; }
void nw_entities_free(nw_entities_model **m) { if (m) { free(*m); *m = NULL; } }
int nw_entities_run(const nw_entities_model *m, nw_doc *d) {
    (void)m;
    nw_extraction *x = d->x;
    x->entities = calloc(d->n_ment + 1, sizeof(*x->entities));
    if (!x->entities) return -1;
    for (uint32_t i = 0; i < d->n_ment; i++) {
        nw_mention *mt = &d->ment[i];
        nw_span sp = nw_doc_tok_src(d, mt->first, mt->end);
        size_t k;
        for (k = 0; k < x->n_entities; k++)
            if (strlen(x->entities[k].name) == sp.end - sp.start && !memcmp(x->entities[k].name, d->text.src + sp.start, sp.end - sp.start)) break;
        if (k == x->n_entities) {
            nw_entity *e = &x->entities[x->n_entities++];
            e->name = strndup(d->text.src + sp.start, sp.end - sp.start);
            e->type = (nw_entity_type)mt->type;
            e->mentions = calloc(d->n_ment, sizeof(nw_span));
            if (!e->name || !e->mentions) return -1;
        }
        x->entities[k].mentions[x->entities[k].n_mentions++] = sp;
        mt->entity = (int32_t)k;
    }
    return 0;
}
