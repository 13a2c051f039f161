/*
 * ner_tag.c -- run the front end and NER alone over JSON Lines articles
 * ({"id", "text"} a line) and print, per article, the raw mentions as
 * {"id", "entities": [{"name", "type"}]} (one entry per distinct surface
 * form and type, no merging), which ../shared/eval/score.py can score; or,
 * with --bench, time nw_ner_run alone over pre-tokenised documents.
 *
 *   ner_tag [--data-dir DIR] [--bench] FILE.jsonl
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "ner.h"
#include "text.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: robust on a busy machine */
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    const char *datadir = NW_DEFAULT_DATADIR, *file = NULL;
    int bench = 0;
    char err[512];
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--data-dir") && i + 1 < argc)
            datadir = argv[++i];
        else if (!strcmp(argv[i], "--bench"))
            bench = 1;
        else
            file = argv[i];
    }
    if (!file) {
        fprintf(stderr, "usage: ner_tag [--data-dir DIR] [--bench] FILE.jsonl\n");
        return 2;
    }
    nw_frontend *fe = nw_frontend_load(datadir, err, sizeof(err));
    nw_ner *ner = fe ? nw_ner_load(datadir, err, sizeof(err)) : NULL;
    if (!ner) {
        fprintf(stderr, "ner_tag: %s\n", err);
        nw_frontend_free(&fe);
        return 1;
    }
    FILE *f = fopen(file, "r");
    if (!f) {
        perror(file);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0, words = 0, ndocs = 0, dcap = 0;
    ssize_t n;
    nw_doc *docs = NULL;
    json_t **ids = NULL;
    while ((n = getline(&line, &cap, f)) > 0) {
        json_error_t je;
        json_t *o = json_loadb(line, (size_t)n, 0, &je);
        json_t *tx = o ? json_object_get(o, "text") : NULL;
        if (!json_is_string(tx)) {
            json_decref(o);
            continue;
        }
        if (ndocs == dcap) {
            dcap = dcap ? dcap * 2 : 256;
            nw_doc *nd = realloc(docs, dcap * sizeof(*docs));
            json_t **ni = realloc(ids, dcap * sizeof(*ids));
            if (!nd || !ni) {
                fprintf(stderr, "ner_tag: out of memory\n");
                return 1;
            }
            docs = nd;
            ids = ni;
        }
        nw_doc *d = &docs[ndocs];
        memset(d, 0, sizeof(*d));
        /* the doc points into text; keep a private copy of it */
        size_t tl = json_string_length(tx);
        char *copy = malloc(tl + 1);
        if (!copy) {
            fprintf(stderr, "ner_tag: out of memory\n");
            return 1;
        }
        memcpy(copy, json_string_value(tx), tl + 1);
        if (nw_text_init(&d->text, copy, tl) != 0 || nw_frontend_run(fe, d) != 0) {
            fprintf(stderr, "ner_tag: front end failed\n");
            return 1;
        }
        for (uint32_t i = 0; i < d->n_tok; i++)
            if (d->tok[i].kind == NW_TK_WORD || d->tok[i].kind == NW_TK_NUM)
                words++;
        ids[ndocs] = json_incref(json_object_get(o, "id"));
        json_decref(o);
        ndocs++;
    }
    free(line);
    fclose(f);
    double t0 = now();
    for (size_t k = 0; k < ndocs; k++)
        if (nw_ner_run(ner, &docs[k]) != 0) {
            fprintf(stderr, "ner_tag: out of memory\n");
            return 1;
        }
    double secs = now() - t0;
    if (bench)
        fprintf(stderr, "ner_tag: NER alone: %zu docs, %zu words in %.3f s = "
                "%.0f words/s\n", ndocs, words, secs, words / (secs > 0 ? secs : 1e-9));
    for (size_t k = 0; k < ndocs; k++) {
        nw_doc *d = &docs[k];
        if (!bench) {
            json_t *out = json_object(), *ents = json_array();
            json_object_set(out, "id", ids[k]);
            for (uint32_t m = 0; m < d->n_ment; m++) {
                nw_span sp = nw_doc_tok_src(d, d->ment[m].first, d->ment[m].end);
                json_t *e = json_object();
                json_object_set_new(e, "name", json_stringn(d->text.src + sp.start,
                                                            sp.end - sp.start));
                json_object_set_new(e, "type", json_string(nw_entity_type_name(
                                                   (nw_entity_type)d->ment[m].type)));
                json_object_set_new(e, "score", json_real(d->ment[m].score));
                json_array_append_new(ents, e);
            }
            json_object_set_new(out, "entities", ents);
            char *s = json_dumps(out, JSON_COMPACT);
            if (s)
                puts(s);
            free(s);
            json_decref(out);
        }
        free((char *)d->text.src);
        nw_doc_release(d);
        json_decref(ids[k]);
    }
    free(docs);
    free(ids);
    nw_ner_free(&ner);
    nw_frontend_free(&fe);
    return 0;
}
