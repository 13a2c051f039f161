/*
 * codec.c -- protobuf-c packing/unpacking for the worker (see codec.h).
 *
 * Extraction packing allocates the protobuf-c structs in a handful of flat
 * arrays (entities, their pointer array, all mention spans in one block...)
 * so the cost is a fixed number of mallocs per article, not one per field.
 */
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "sha256.h"

typedef Newsworker__V1__Extraction PbExtraction;
typedef Newsworker__V1__Entity PbEntity;
typedef Newsworker__V1__Quote PbQuote;
typedef Newsworker__V1__Stance PbStance;
typedef Newsworker__V1__Span PbSpan;
typedef Newsworker__V1__DeadLetter PbDeadLetter;

static char *s_or_empty(const char *s) { return (char *)(s ? s : ""); }

static uint32_t u32(size_t v) { return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v; }

static Newsworker__V1__Polarity pol_to_pb(nw_polarity p) {
    switch (p) {
    case NW_POL_SUPPORT: return NEWSWORKER__V1__POLARITY__POLARITY_SUPPORT;
    case NW_POL_OPPOSE: return NEWSWORKER__V1__POLARITY__POLARITY_OPPOSE;
    case NW_POL_NEUTRAL: break;
    }
    return NEWSWORKER__V1__POLARITY__POLARITY_NEUTRAL;
}

static Newsworker__V1__EntityType type_to_pb(nw_entity_type t) {
    switch (t) {
    case NW_ENT_PERSON: return NEWSWORKER__V1__ENTITY_TYPE__ENTITY_TYPE_PERSON;
    case NW_ENT_ORG: return NEWSWORKER__V1__ENTITY_TYPE__ENTITY_TYPE_ORG;
    case NW_ENT_LOC: return NEWSWORKER__V1__ENTITY_TYPE__ENTITY_TYPE_LOC;
    case NW_ENT_DATE: return NEWSWORKER__V1__ENTITY_TYPE__ENTITY_TYPE_DATE;
    case NW_ENT_MISC: return NEWSWORKER__V1__ENTITY_TYPE__ENTITY_TYPE_MISC;
    case NW_ENT_NONE: break;
    }
    return NEWSWORKER__V1__ENTITY_TYPE__ENTITY_TYPE_UNSPECIFIED;
}

static void *zalloc(size_t n, size_t sz) { return calloc(n ? n : 1, sz); }

int nw_codec_pack_extraction(const nw_extraction *x, const nw_codec_meta *m,
                             unsigned char **out, size_t *len) {
    PbExtraction e = NEWSWORKER__V1__EXTRACTION__INIT;
    size_t nm = 0, k = 0;
    int rc = -1;
    for (size_t i = 0; i < x->n_entities; i++)
        nm += x->entities[i].n_mentions;
    PbEntity *ents = zalloc(x->n_entities, sizeof(*ents));
    PbEntity **entp = zalloc(x->n_entities, sizeof(*entp));
    PbSpan *spans = zalloc(nm + 2 * x->n_quotes + x->n_stances, sizeof(*spans));
    PbSpan **spanp = zalloc(nm, sizeof(*spanp));
    PbQuote *qs = zalloc(x->n_quotes, sizeof(*qs));
    PbQuote **qp = zalloc(x->n_quotes, sizeof(*qp));
    PbStance *ss = zalloc(x->n_stances, sizeof(*ss));
    PbStance **sp = zalloc(x->n_stances, sizeof(*sp));
    *out = NULL;
    *len = 0;
    if (!ents || !entp || !spans || !spanp || !qs || !qp || !ss || !sp)
        goto done;
    size_t si = 0; /* next free Span in spans */
    for (size_t i = 0; i < x->n_entities; i++) {
        const nw_entity *ne = &x->entities[i];
        PbEntity *pe = &ents[i];
        newsworker__v1__entity__init(pe);
        pe->name = s_or_empty(ne->name);
        pe->type = type_to_pb(ne->type);
        pe->n_aliases = ne->n_aliases;
        pe->aliases = ne->aliases;
        pe->mention_count = u32(ne->n_mentions);
        pe->n_mentions = ne->n_mentions;
        pe->mentions = spanp + k;
        for (size_t j = 0; j < ne->n_mentions; j++, k++, si++) {
            newsworker__v1__span__init(&spans[si]);
            spans[si].start = u32(ne->mentions[j].start);
            spans[si].end = u32(ne->mentions[j].end);
            spanp[k] = &spans[si];
        }
        pe->salience = (float)ne->salience;
        entp[i] = pe;
    }
    for (size_t i = 0; i < x->n_quotes; i++) {
        const nw_quote *nq = &x->quotes[i];
        PbQuote *q = &qs[i];
        newsworker__v1__quote__init(q);
        q->text = s_or_empty(nq->text);
        newsworker__v1__span__init(&spans[si]);
        spans[si].start = u32(nq->span.start);
        spans[si].end = u32(nq->span.end);
        q->span = &spans[si++];
        q->speaker = s_or_empty(nq->speaker);
        q->speaker_entity = nq->speaker_entity;
        q->cue = s_or_empty(nq->cue);
        q->confidence = (float)nq->confidence;
        q->kind = nq->indirect ? NEWSWORKER__V1__QUOTE_KIND__QUOTE_KIND_INDIRECT
                               : NEWSWORKER__V1__QUOTE_KIND__QUOTE_KIND_DIRECT;
        qp[i] = q;
    }
    for (size_t i = 0; i < x->n_stances; i++) {
        const nw_stance *ns = &x->stances[i];
        PbStance *s = &ss[i];
        newsworker__v1__stance__init(s);
        s->holder = s_or_empty(ns->holder);
        s->holder_entity = ns->holder_entity;
        s->target = s_or_empty(ns->target);
        s->target_entity = ns->target_entity;
        s->polarity = pol_to_pb(ns->polarity);
        s->score = (float)ns->score;
        newsworker__v1__span__init(&spans[si]);
        spans[si].start = u32(ns->evidence.start);
        spans[si].end = u32(ns->evidence.end);
        s->evidence = &spans[si++];
        sp[i] = s;
    }
    e.article_id = s_or_empty(m->article_id);
    e.content_hash = s_or_empty(m->content_hash);
    e.result_id = s_or_empty(m->content_hash);
    e.extractor_version = s_or_empty(m->extractor_version);
    e.worker_id = s_or_empty(m->worker_id);
    e.produced_at_ms = m->produced_at_ms;
    e.processing_us = m->processing_us;
    e.cache_hit = m->cache_hit ? 1 : 0;
    e.n_entities = x->n_entities;
    e.entities = entp;
    e.n_quotes = x->n_quotes;
    e.quotes = qp;
    e.n_stances = x->n_stances;
    e.stances = sp;
    size_t sz = newsworker__v1__extraction__get_packed_size(&e);
    *out = malloc(sz ? sz : 1);
    if (!*out)
        goto done;
    *len = newsworker__v1__extraction__pack(&e, *out);
    rc = 0;
done:
    free(ents); free(entp); free(spans); free(spanp);
    free(qs); free(qp); free(ss); free(sp);
    return rc;
}

int nw_codec_repack_cached(const unsigned char *cached, size_t clen, const nw_codec_meta *m,
                           unsigned char **out, size_t *len, size_t counts[3]) {
    PbExtraction *e = newsworker__v1__extraction__unpack(NULL, clen, cached);
    int rc = -1;
    *out = NULL;
    *len = 0;
    if (!e)
        return -1;
    if (m->content_hash && strcmp(e->content_hash, m->content_hash) != 0)
        goto done;
    /* Borrow the caller's strings for the pack, then restore the owned
       pointers so free_unpacked frees what it allocated. */
    char *own_id = e->article_id, *own_worker = e->worker_id;
    e->article_id = s_or_empty(m->article_id);
    e->worker_id = s_or_empty(m->worker_id);
    e->produced_at_ms = m->produced_at_ms;
    e->processing_us = 0;
    e->cache_hit = 1;
    size_t sz = newsworker__v1__extraction__get_packed_size(e);
    *out = malloc(sz ? sz : 1);
    if (*out) {
        *len = newsworker__v1__extraction__pack(e, *out);
        rc = 0;
    } else {
        rc = -2;
    }
    e->article_id = own_id;
    e->worker_id = own_worker;
    if (counts) {
        counts[0] = e->n_entities;
        counts[1] = e->n_quotes;
        counts[2] = e->n_stances;
    }
done:
    newsworker__v1__extraction__free_unpacked(e, NULL);
    return rc;
}

int nw_codec_pack_deadletter(const nw_codec_deadletter *d, unsigned char **out,
                             size_t *len) {
    PbDeadLetter dl = NEWSWORKER__V1__DEAD_LETTER__INIT;
    char hex[65];
    nw_sha256_hex(d->raw ? d->raw : "", d->raw ? d->raw_len : 0, hex);
    dl.article_id = s_or_empty(d->article_id);
    dl.code = (Newsworker__V1__ErrorCode)d->code;
    dl.message = s_or_empty(d->message);
    dl.input_sha256 = hex;
    dl.input_size = d->raw_len;
    dl.worker_id = s_or_empty(d->worker_id);
    dl.produced_at_ms = d->produced_at_ms;
    dl.attempts = d->attempts;
    if (d->raw && d->raw_len <= NW_CODEC_DEADLETTER_RAW_MAX) {
        dl.raw.data = (uint8_t *)d->raw;
        dl.raw.len = d->raw_len;
    }
    size_t sz = newsworker__v1__dead_letter__get_packed_size(&dl);
    *out = malloc(sz ? sz : 1);
    *len = 0;
    if (!*out)
        return -1;
    *len = newsworker__v1__dead_letter__pack(&dl, *out);
    return 0;
}

const char *nw_codec_error_name(int code) {
    switch (code) {
    case NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_UNDECODABLE: return "UNDECODABLE";
    case NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_INVALID_UTF8: return "INVALID_UTF8";
    case NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_EMPTY_BODY: return "EMPTY_BODY";
    case NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_TOO_LARGE: return "TOO_LARGE";
    case NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_MISSING_ID: return "MISSING_ID";
    case NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_EXTRACTION_FAILED: return "EXTRACTION_FAILED";
    case NEWSWORKER__V1__ERROR_CODE__ERROR_CODE_TOO_MANY_ATTEMPTS: return "TOO_MANY_ATTEMPTS";
    default: break;
    }
    return "UNSPECIFIED";
}

/* Read a base-128 varint; 0 on success. */
static int varint(const unsigned char *p, size_t len, size_t *i, uint64_t *v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (*i >= len)
            return -1;
        unsigned char b = p[(*i)++];
        *v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return 0;
    }
    return -1;
}

int nw_codec_body_span(const unsigned char *raw, size_t len, size_t *off, size_t *blen) {
    size_t i = 0;
    int found = 0;
    while (i < len) { /* each pass consumes >= 1 byte: bounded by len */
        uint64_t key, v;
        if (varint(raw, len, &i, &key))
            return -1;
        switch (key & 7) {
        case 0:
            if (varint(raw, len, &i, &v))
                return -1;
            break;
        case 1:
            if (len - i < 8)
                return -1;
            i += 8;
            break;
        case 5:
            if (len - i < 4)
                return -1;
            i += 4;
            break;
        case 2:
            if (varint(raw, len, &i, &v) || v > len - i)
                return -1;
            if ((key >> 3) == 5) {
                *off = i;
                *blen = (size_t)v;
                found = 1;
            }
            i += (size_t)v;
            break;
        default:
            return -1;
        }
    }
    return found;
}

/* ------------------------------------------------------------- JSON -- */

static json_t *jstr(const char *s) {
    json_t *j = json_stringn(s ? s : "", s ? strlen(s) : 0);
    return j ? j : json_string("");
}

static json_t *jspan(const PbSpan *s) {
    return json_pack("[I,I]", (json_int_t)(s ? s->start : 0), (json_int_t)(s ? s->end : 0));
}

static const char *type_name(Newsworker__V1__EntityType t) {
    switch (t) {
    case NEWSWORKER__V1__ENTITY_TYPE__ENTITY_TYPE_PERSON: return "PERSON";
    case NEWSWORKER__V1__ENTITY_TYPE__ENTITY_TYPE_ORG: return "ORG";
    case NEWSWORKER__V1__ENTITY_TYPE__ENTITY_TYPE_LOC: return "LOC";
    case NEWSWORKER__V1__ENTITY_TYPE__ENTITY_TYPE_DATE: return "DATE";
    case NEWSWORKER__V1__ENTITY_TYPE__ENTITY_TYPE_MISC: return "MISC";
    default: break;
    }
    return "NONE";
}

static const char *pol_name(Newsworker__V1__Polarity p) {
    switch (p) {
    case NEWSWORKER__V1__POLARITY__POLARITY_SUPPORT: return "support";
    case NEWSWORKER__V1__POLARITY__POLARITY_OPPOSE: return "oppose";
    default: break;
    }
    return "neutral";
}

/* Floats came from doubles through a float: keep 4 decimals. */
static json_t *jreal(float f) {
    long long k = (long long)(f * 10000.0f + (f < 0 ? -0.5f : 0.5f));
    return json_real((double)k / 10000.0);
}

json_t *nw_codec_extraction_json(const Newsworker__V1__Extraction *x) {
    json_t *o = json_object(), *ents = json_array(), *qs = json_array(), *sts = json_array();
    if (!o || !ents || !qs || !sts)
        goto fail;
    json_object_set_new(o, "topic", json_string("extraction"));
    json_object_set_new(o, "id", jstr(x->article_id));
    for (size_t i = 0; i < x->n_entities; i++) {
        const PbEntity *e = x->entities[i];
        json_t *al = json_array(), *ms = json_array(), *je = json_object();
        if (!al || !ms || !je) {
            json_decref(al); json_decref(ms); json_decref(je);
            goto fail;
        }
        for (size_t k = 0; k < e->n_aliases; k++)
            json_array_append_new(al, jstr(e->aliases[k]));
        for (size_t k = 0; k < e->n_mentions; k++)
            json_array_append_new(ms, jspan(e->mentions[k]));
        json_object_set_new(je, "name", jstr(e->name));
        json_object_set_new(je, "type", json_string(type_name(e->type)));
        json_object_set_new(je, "aliases", al);
        json_object_set_new(je, "mention_count", json_integer(e->mention_count));
        json_object_set_new(je, "mentions", ms);
        json_object_set_new(je, "salience", jreal(e->salience));
        json_array_append_new(ents, je);
    }
    for (size_t i = 0; i < x->n_quotes; i++) {
        const PbQuote *q = x->quotes[i];
        json_t *jq = json_object();
        if (!jq)
            goto fail;
        json_object_set_new(jq, "text", jstr(q->text));
        json_object_set_new(jq, "speaker", *q->speaker ? jstr(q->speaker) : json_null());
        json_object_set_new(jq, "start", json_integer(q->span ? q->span->start : 0));
        json_object_set_new(jq, "end", json_integer(q->span ? q->span->end : 0));
        json_object_set_new(jq, "cue", *q->cue ? jstr(q->cue) : json_null());
        json_object_set_new(jq, "confidence", jreal(q->confidence));
        if (q->kind == NEWSWORKER__V1__QUOTE_KIND__QUOTE_KIND_INDIRECT)
            json_object_set_new(jq, "kind", json_string("indirect"));
        json_array_append_new(qs, jq);
    }
    for (size_t i = 0; i < x->n_stances; i++) {
        const PbStance *s = x->stances[i];
        json_t *js = json_object();
        if (!js)
            goto fail;
        json_object_set_new(js, "holder", jstr(s->holder));
        json_object_set_new(js, "target", jstr(s->target));
        json_object_set_new(js, "polarity", json_string(pol_name(s->polarity)));
        json_object_set_new(js, "score", jreal(s->score));
        json_object_set_new(js, "evidence", jspan(s->evidence));
        json_array_append_new(sts, js);
    }
    json_object_set_new(o, "entities", ents);
    json_object_set_new(o, "quotes", qs);
    json_object_set_new(o, "stances", sts);
    json_object_set_new(o, "content_hash", jstr(x->content_hash));
    json_object_set_new(o, "result_id", jstr(x->result_id));
    json_object_set_new(o, "extractor_version", jstr(x->extractor_version));
    json_object_set_new(o, "worker_id", jstr(x->worker_id));
    json_object_set_new(o, "produced_at_ms", json_integer(x->produced_at_ms));
    json_object_set_new(o, "processing_us", json_integer(x->processing_us));
    json_object_set_new(o, "cache_hit", json_boolean(x->cache_hit));
    return o;
fail:
    json_decref(o); json_decref(ents); json_decref(qs); json_decref(sts);
    return NULL;
}

json_t *nw_codec_deadletter_json(const Newsworker__V1__DeadLetter *d) {
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "topic", json_string("deadletter"));
    json_object_set_new(o, "id", jstr(d->article_id));
    json_object_set_new(o, "code", json_string(nw_codec_error_name(d->code)));
    json_object_set_new(o, "message", jstr(d->message));
    json_object_set_new(o, "input_sha256", jstr(d->input_sha256));
    json_object_set_new(o, "input_size", json_integer((json_int_t)d->input_size));
    json_object_set_new(o, "worker_id", jstr(d->worker_id));
    json_object_set_new(o, "produced_at_ms", json_integer(d->produced_at_ms));
    json_object_set_new(o, "attempts", json_integer(d->attempts));
    json_object_set_new(o, "raw_size", json_integer((json_int_t)d->raw.len));
    return o;
}
