/*
 * config.c -- the config table engine (see config.h).  Loading is three
 * passes over the table: defaults, then environment, then argv, each value
 * validated as it is set, so a bad default is caught as surely as a bad
 * flag.  The table is the single source of truth for --help and the README.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"

#define FIELD(target, e, T) ((T *)((char *)(target) + (e)->offset))

/* Index of word in the '|'-separated list, or -1. */
static int choice_index(const char *choices, const char *word) {
    const char *p = choices;
    size_t wl = strlen(word);
    for (int i = 0; p && *p && i < 64; i++) {
        const char *bar = strchr(p, '|');
        size_t l = bar ? (size_t)(bar - p) : strlen(p);
        if (l == wl && !strncmp(p, word, l))
            return i;
        p = bar ? bar + 1 : NULL;
    }
    return -1;
}

/* The idx-th word of the list, copied into buf. */
static const char *choice_name(const char *choices, int idx, char *buf, size_t len) {
    const char *p = choices;
    for (int i = 0; p && *p && i < 64; i++) {
        const char *bar = strchr(p, '|');
        size_t l = bar ? (size_t)(bar - p) : strlen(p);
        if (i == idx) {
            snprintf(buf, len, "%.*s", (int)l, p);
            return buf;
        }
        p = bar ? bar + 1 : NULL;
    }
    snprintf(buf, len, "?");
    return buf;
}

static int parse_bool(const char *v) {
    static const char *yes[] = {"1", "true", "yes", "on"};
    static const char *no[] = {"0", "false", "no", "off"};
    for (int i = 0; i < 4; i++) {
        if (!strcasecmp(v, yes[i]))
            return 1;
        if (!strcasecmp(v, no[i]))
            return 0;
    }
    return -1;
}

/* Parse value for e into target; origin is "--name", "NAME" or "default". */
static int set_value(const nw_config_entry *e, void *target, const char *v,
                     const char *origin, char *err, size_t errlen) {
    switch (e->type) {
    case NW_CFG_STR: {
        size_t l = strlen(v);
        if (e->max > 0 && l > (size_t)e->max) {
            snprintf(err, errlen, "%s: value is %zu bytes long, at most %lld allowed",
                     origin, l, e->max);
            return -1;
        }
        char *copy = strdup(v), **slot = FIELD(target, e, char *);
        if (!copy) {
            snprintf(err, errlen, "%s: out of memory", origin);
            return -1;
        }
        free(*slot);
        *slot = copy;
        return 0;
    }
    case NW_CFG_INT: {
        char *end;
        errno = 0;
        long long x = strtoll(v, &end, 10);
        if (!*v || *end || errno) {
            snprintf(err, errlen, "%s: '%.64s' is not an integer", origin, v);
            return -1;
        }
        if (x < e->min || x > e->max) {
            snprintf(err, errlen, "%s: '%.64s' is out of range %lld..%lld", origin, v,
                     e->min, e->max);
            return -1;
        }
        *FIELD(target, e, long long) = x;
        return 0;
    }
    case NW_CFG_ENUM: {
        int i = choice_index(e->choices, v);
        if (i < 0) {
            snprintf(err, errlen, "%s: '%.64s' is not one of %s", origin, v, e->choices);
            return -1;
        }
        *FIELD(target, e, int) = i;
        return 0;
    }
    case NW_CFG_BOOL: {
        int b = parse_bool(v);
        if (b < 0) {
            snprintf(err, errlen, "%s: '%.64s' is not a boolean (true/false)", origin, v);
            return -1;
        }
        *FIELD(target, e, int) = b;
        return 0;
    }
    }
    snprintf(err, errlen, "%s: bad table entry", origin);
    return -1;
}

static const nw_config_entry *find_flag(const nw_config_entry *t, size_t n,
                                        const char *name, size_t len) {
    for (size_t i = 0; i < n; i++)
        if (strlen(t[i].name) == len && !strncmp(t[i].name, name, len))
            return &t[i];
    return NULL;
}

int nw_config_load(const nw_config_entry *t, size_t n, void *target, int argc,
                   char **argv, char **pos, int maxpos, int *npos, char *err,
                   size_t errlen) {
    char origin[96];
    int help = 0, only_pos = 0;

    if (npos)
        *npos = 0;
    for (size_t i = 0; i < n; i++) {
        snprintf(origin, sizeof(origin), "default of --%s", t[i].name);
        if (set_value(&t[i], target, t[i].def ? t[i].def : "", origin, err, errlen))
            return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *v = t[i].env ? getenv(t[i].env) : NULL;
        if (!v)
            continue;
        if (set_value(&t[i], target, v, t[i].env, err, errlen))
            return -1;
    }
    for (int a = 1; a < argc; a++) {
        const char *arg = argv[a];
        if (only_pos || strncmp(arg, "--", 2) != 0 || !strcmp(arg, "-")) {
            if (!strcmp(arg, "-h")) {
                help = 1;
                continue;
            }
            if (!npos || *npos >= maxpos) {
                snprintf(err, errlen, "unexpected argument '%.64s'", arg);
                return -1;
            }
            pos[(*npos)++] = argv[a];
            continue;
        }
        if (!strcmp(arg, "--")) {
            only_pos = 1;
            continue;
        }
        if (!strcmp(arg, "--help")) {
            help = 1;
            continue;
        }
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t nl = eq ? (size_t)(eq - name) : strlen(name);
        const nw_config_entry *e = find_flag(t, n, name, nl);
        const char *v;
        if (!e) {
            snprintf(err, errlen, "unknown option '--%.*s' (see --help)", (int)(nl > 64 ? 64 : nl), name);
            return -1;
        }
        snprintf(origin, sizeof(origin), "--%s", e->name);
        if (eq)
            v = eq + 1;
        else if (e->type == NW_CFG_BOOL)
            v = "true";
        else if (a + 1 < argc)
            v = argv[++a];
        else {
            snprintf(err, errlen, "%s needs a value", origin);
            return -1;
        }
        if (set_value(e, target, v, origin, err, errlen))
            return -1;
    }
    return help ? NW_CONFIG_HELP : 0;
}

void nw_config_free(const nw_config_entry *t, size_t n, void *target) {
    for (size_t i = 0; i < n; i++)
        if (t[i].type == NW_CFG_STR) {
            char **slot = FIELD(target, &t[i], char *);
            free(*slot);
            *slot = NULL;
        }
}

static const char *type_text(const nw_config_entry *e, char *buf, size_t len) {
    switch (e->type) {
    case NW_CFG_STR: snprintf(buf, len, "string"); break;
    case NW_CFG_INT: snprintf(buf, len, "integer %lld..%lld", e->min, e->max); break;
    case NW_CFG_ENUM: snprintf(buf, len, "%s", e->choices); break;
    case NW_CFG_BOOL: snprintf(buf, len, "true|false"); break;
    }
    return buf;
}

void nw_config_help(const nw_config_entry *t, size_t n, FILE *f) {
    char ty[96];
    for (size_t i = 0; i < n; i++) {
        const nw_config_entry *e = &t[i];
        fprintf(f, "  --%s %s\n", e->name, type_text(e, ty, sizeof(ty)));
        fprintf(f, "      %s\n", e->help);
        fprintf(f, "      default: %s%s%s", e->def && *e->def ? "" : "(", 
                e->def && *e->def ? e->def : "empty", e->def && *e->def ? "" : ")");
        if (e->env)
            fprintf(f, "   env: %s", e->env);
        fputc('\n', f);
    }
}

/* Markdown cell text: '|' escaped so it does not end the cell. */
static void md_cell(FILE *f, const char *s) {
    for (; s && *s; s++) {
        if (*s == '|')
            fputc('\\', f);
        fputc(*s, f);
    }
}

void nw_config_markdown(const nw_config_entry *t, size_t n, FILE *f) {
    char ty[96];
    fprintf(f, "| flag | environment | type / bounds | default | meaning |\n"
               "|---|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        const nw_config_entry *e = &t[i];
        fprintf(f, "| `--%s` | `%s` | ", e->name, e->env ? e->env : "");
        md_cell(f, type_text(e, ty, sizeof(ty)));
        fputs(" | `", f);
        md_cell(f, e->def ? e->def : "");
        fputs("` | ", f);
        md_cell(f, e->help);
        fputs(" |\n", f);
    }
}

void *nw_config_json(const nw_config_entry *t, size_t n, const void *target) {
    json_t *o = json_object();
    char buf[64];
    if (!o)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const nw_config_entry *e = &t[i];
        json_t *v = NULL;
        switch (e->type) {
        case NW_CFG_STR: {
            const char *s = *FIELD((void *)target, e, char *);
            v = e->secret && s && *s ? json_string("***") : json_string(s ? s : "");
            break;
        }
        case NW_CFG_INT: v = json_integer(*FIELD((void *)target, e, long long)); break;
        case NW_CFG_ENUM:
            v = json_string(choice_name(e->choices, *FIELD((void *)target, e, int), buf, sizeof(buf)));
            break;
        case NW_CFG_BOOL: v = json_boolean(*FIELD((void *)target, e, int)); break;
        }
        if (!v || json_object_set_new(o, e->name, v)) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}
