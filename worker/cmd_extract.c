/*
 * cmd_extract.c -- `newsworker extract [--data-dir DIR] [--stats] [FILE|-]...`
 *
 * One-shot extraction, no service needed.  A FILE ending in .txt is one
 * article whose id is the file name without .txt; anything else (and "-",
 * standard input) is JSON Lines, one {"id", "text"} object a line ("body"
 * is accepted for "text").  Prints one JSON object per article on stdout.
 * A line that cannot be used gives {"id", "error"} on stdout and a message
 * on stderr, and the run goes on; the exit status is then 1.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cmds.h"
#include "extraction_json.h"
#include "extractor.h"

#define MAX_LINE (NW_EXTRACT_MAX_INPUT + 4096u)

typedef struct {
    const nw_extractor *ex;
    size_t articles, words, errors;
    double secs;
} run_state;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void emit_error(run_state *st, const char *id, const char *where,
                       const char *why) {
    json_t *o = json_pack("{s:s?,s:s}", "id", id, "error", why);
    fprintf(stderr, "newsworker extract: %s: %s\n", where, why);
    if (o) {
        char *s = json_dumps(o, JSON_COMPACT);
        if (s)
            puts(s);
        free(s);
        json_decref(o);
    }
    st->errors++;
}

static void extract_one(run_state *st, const char *id, const char *text,
                        size_t len, const char *where) {
    nw_extraction *x = NULL;
    double t0 = now();
    nw_status rc = nw_extract(st->ex, text, len, &x);
    st->secs += now() - t0;
    if (rc != NW_OK) {
        emit_error(st, id, where, nw_strerror(rc));
        return;
    }
    st->articles++;
    st->words += x->n_words;
    json_t *o = nw_extraction_json(x, id);
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII * 0) : NULL;
    if (s)
        puts(s);
    else
        emit_error(st, id, where, "out of memory");
    free(s);
    json_decref(o);
    nw_extraction_free(&x);
}

static void do_txt(run_state *st, const char *path) {
    char *text = NULL, *id;
    size_t len = 0;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    id = strndup(base, strlen(base) - 4);
    if (!id || nw_cli_read_file(path, NW_EXTRACT_MAX_INPUT, &text, &len) != 0) {
        emit_error(st, id, path, strerror(errno));
    } else {
        extract_one(st, id, text, len, path);
    }
    free(text);
    free(id);
}

static void do_jsonl(run_state *st, FILE *f, const char *name) {
    char *line = NULL, where[512];
    size_t cap = 0, n = 0;
    int too_long = 0, r;
    unsigned long lineno = 0;
    /* one line held at a time, never more than MAX_LINE bytes of it */
    while ((r = nw_cli_read_line(f, MAX_LINE, &line, &cap, &n, &too_long)) == 1) {
        json_error_t jerr;
        json_t *o, *jid, *jt;
        lineno++;
        snprintf(where, sizeof(where), "%s:%lu", name, lineno);
        if (too_long) {
            emit_error(st, NULL, where, "line too long");
            continue;
        }
        if (strspn(line, " \t\r") == n)
            continue;
        o = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES, &jerr);
        if (!o || !json_is_object(o)) {
            char why[300];
            snprintf(why, sizeof(why), "not a JSON object: %s", o ? "wrong type" : jerr.text);
            emit_error(st, NULL, where, why);
            json_decref(o);
            continue;
        }
        jid = json_object_get(o, "id");
        jt = json_object_get(o, "text");
        if (!jt)
            jt = json_object_get(o, "body");
        char idbuf[32];
        const char *id = NULL;
        if (json_is_string(jid))
            id = json_string_value(jid);
        else if (json_is_integer(jid)) {
            snprintf(idbuf, sizeof(idbuf), "%lld", (long long)json_integer_value(jid));
            id = idbuf;
        }
        if (!id)
            emit_error(st, NULL, where, "missing \"id\"");
        else if (!json_is_string(jt))
            emit_error(st, id, where, "missing \"text\"");
        else
            extract_one(st, id, json_string_value(jt), json_string_length(jt), where);
        json_decref(o);
    }
    if (r < 0) {
        snprintf(where, sizeof(where), "%s:%lu", name, lineno + 1);
        emit_error(st, NULL, where, strerror(errno));
    }
    free(line);
}

static void usage(FILE *f) {
    fprintf(f,
            "usage: newsworker extract [--data-dir DIR] [--stats] [FILE|-]...\n"
            "  FILE.txt      one article, id = file name without .txt\n"
            "  FILE, -       JSON Lines of {\"id\", \"text\"} (- = standard input)\n"
            "  --data-dir    models and lexicons (default $NEWSWORKER_DATA_DIR or\n"
            "                %s)\n"
            "  --stats       print articles, words and words/second on stderr\n",
            NW_DEFAULT_DATADIR);
}

int cmd_extract(int argc, char **argv) {
    const char *datadir = getenv("NEWSWORKER_DATA_DIR");
    int stats = 0, nfiles = 0;
    char err[256];
    run_state st = {0};
    int i;

    if (!datadir || !*datadir)
        datadir = NW_DEFAULT_DATADIR;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--data-dir") && i + 1 < argc) {
            datadir = argv[++i];
        } else if (!strcmp(argv[i], "--stats")) {
            stats = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "newsworker extract: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        } else {
            nfiles++;
        }
    }
    nw_extractor *ex = nw_extractor_new(datadir, err, sizeof(err));
    if (!ex) {
        fprintf(stderr, "newsworker extract: cannot load data from %s: %s\n", datadir, err);
        return 2;
    }
    st.ex = ex;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--data-dir")) {
            i++;
            continue;
        }
        if (a[0] == '-' && a[1])
            continue;
        size_t n = strlen(a);
        if (!strcmp(a, "-")) {
            do_jsonl(&st, stdin, "<stdin>");
        } else if (n > 4 && !strcmp(a + n - 4, ".txt")) {
            do_txt(&st, a);
        } else {
            FILE *f = fopen(a, "r");
            if (!f) {
                emit_error(&st, NULL, a, strerror(errno));
                continue;
            }
            do_jsonl(&st, f, a);
            fclose(f);
        }
    }
    if (nfiles == 0)
        do_jsonl(&st, stdin, "<stdin>");
    fflush(stdout);
    if (stats)
        fprintf(stderr, "newsworker extract: %zu articles, %zu words in %.3f s = %.0f words/s\n",
                st.articles, st.words, st.secs, st.secs > 0 ? st.words / st.secs : 0.0);
    nw_extractor_free(&ex);
    return st.errors ? 1 : 0;
}
