/*
 * extraction_json.c -- nw_extraction to JSON (jansson).  Strings from the
 * extractor are valid UTF-8 by construction; json_stringn() would refuse
 * anything else, and we then emit "" rather than fail the whole article.
 */
#include <string.h>

#include "extraction_json.h"

static json_t *str(const char *s) {
    json_t *j;
    if (!s)
        return json_null();
    j = json_stringn(s, strlen(s));
    return j ? j : json_string("");
}

static json_t *span(nw_span s) {
    return json_pack("[I,I]", (json_int_t)s.start, (json_int_t)s.end);
}

json_t *nw_extraction_json(const nw_extraction *x, const char *id) {
    json_t *o = json_object(), *ents = json_array(), *qs = json_array(),
           *sts = json_array();
    if (!o || !ents || !qs || !sts)
        goto fail;
    if (id && json_object_set_new(o, "id", str(id)))
        goto fail;
    for (size_t i = 0; i < x->n_entities; i++) {
        const nw_entity *e = &x->entities[i];
        json_t *al = json_array(), *ms = json_array();
        json_t *je = json_object();
        if (!al || !ms || !je) {
            json_decref(al); json_decref(ms); json_decref(je);
            goto fail;
        }
        for (size_t k = 0; k < e->n_aliases; k++)
            json_array_append_new(al, str(e->aliases[k]));
        for (size_t k = 0; k < e->n_mentions; k++)
            json_array_append_new(ms, span(e->mentions[k]));
        json_object_set_new(je, "name", str(e->name));
        json_object_set_new(je, "type", str(nw_entity_type_name(e->type)));
        json_object_set_new(je, "aliases", al);
        json_object_set_new(je, "mention_count", json_integer((json_int_t)e->n_mentions));
        json_object_set_new(je, "mentions", ms);
        json_object_set_new(je, "salience", json_real(e->salience));
        json_array_append_new(ents, je);
    }
    for (size_t i = 0; i < x->n_quotes; i++) {
        const nw_quote *q = &x->quotes[i];
        json_t *jq = json_object();
        if (!jq)
            goto fail;
        json_object_set_new(jq, "text", str(q->text));
        json_object_set_new(jq, "speaker", str(q->speaker));
        json_object_set_new(jq, "start", json_integer((json_int_t)q->span.start));
        json_object_set_new(jq, "end", json_integer((json_int_t)q->span.end));
        json_object_set_new(jq, "cue", str(q->cue));
        json_object_set_new(jq, "confidence", json_real(q->confidence));
        if (q->indirect)
            json_object_set_new(jq, "kind", json_string("indirect"));
        json_array_append_new(qs, jq);
    }
    for (size_t i = 0; i < x->n_stances; i++) {
        const nw_stance *s = &x->stances[i];
        json_t *js = json_object();
        if (!js)
            goto fail;
        json_object_set_new(js, "holder", str(s->holder));
        json_object_set_new(js, "target", str(s->target));
        json_object_set_new(js, "polarity", str(nw_polarity_name(s->polarity)));
        json_object_set_new(js, "score", json_real(s->score));
        json_object_set_new(js, "evidence", span(s->evidence));
        json_array_append_new(sts, js);
    }
    json_object_set_new(o, "entities", ents);
    json_object_set_new(o, "quotes", qs);
    json_object_set_new(o, "stances", sts);
    return o;
fail:
    json_decref(o); json_decref(ents); json_decref(qs); json_decref(sts);
    return NULL;
}
