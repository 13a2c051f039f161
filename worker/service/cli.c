/*
 * cli.c -- start-up pieces shared by the subcommands (see cli.h).
 *
 * These were written once per command before; keeping them here keeps the
 * commands' behaviour (messages, exit statuses, limits) the same everywhere.
 */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int nw_cli_config(const char *cmd, const nw_config_entry *t, size_t n, void *target, int argc,
                  char **argv, char **pos, int maxpos, int *npos, void (*usage)(FILE *)) {
    char err[512];
    int l = nw_config_load(t, n, target, argc, argv, pos, maxpos, npos, err, sizeof(err));
    if (l == NW_CONFIG_HELP || (l == 0 && pos && npos && *npos == 0)) {
        usage(l == NW_CONFIG_HELP ? stdout : stderr);
        nw_config_free(t, n, target);
        return l == NW_CONFIG_HELP ? 0 : 2;
    }
    if (l < 0) {
        fprintf(stderr, "newsworker %s: %s\n", cmd, err);
        nw_config_free(t, n, target);
        return 2;
    }
    return NW_CLI_GO_ON;
}

int nw_cli_curve_client(const char *cmd, const char *server_arg, const char *pub_arg,
                        const char *sec_arg, nw_cli_curve *c) {
    char err[512];
    int r = nw_curve_client_load(server_arg, pub_arg, sec_arg, c->server, c->pub, c->sec, err,
                                 sizeof(err));
    if (r < 0) {
        fprintf(stderr, "newsworker %s: %s\n", cmd, err);
        c->on = 0;
        return -1;
    }
    c->on = r;
    return 0;
}

void nw_cli_curve_opts(const nw_cli_curve *c, nw_mq_opts *o) {
    o->curve_server_key = c->on ? c->server : NULL;
    o->curve_public_key = c->on ? c->pub : NULL;
    o->curve_secret_key = c->on ? c->sec : NULL;
}

void nw_cli_on_stop_signals(void (*handler)(int)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
}


int nw_cli_read_file(const char *path, size_t max, char **out, size_t *len) {
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!fp)
        return -1;
    for (;;) { /* bounded: cap doubles up to max */
        if (n == cap) {
            if (cap >= max) {
                errno = EFBIG;
                goto fail;
            }
            cap = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, cap + 1);
            if (!nb)
                goto fail;
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, fp);
        n += r;
        if (r == 0)
            break;
    }
    if (ferror(fp))
        goto fail;
    if (fp != stdin)
        fclose(fp);
    buf[n] = '\0'; /* buf is set: the first pass allocates */
    *out = buf;
    *len = n;
    return 0;
fail:
    free(buf);
    if (fp != stdin)
        fclose(fp);
    return -1;
}

int nw_cli_read_line(FILE *fp, size_t max, char **buf, size_t *cap, size_t *len, int *too_long) {
    size_t n = 0;
    int c, any = 0;
    *too_long = 0;
    *len = 0;
    while ((c = getc_unlocked(fp)) != EOF) {
        any = 1;
        if (c == '\n')
            break;
        if (*too_long)
            continue;
        if (n == max) { /* one byte too many: drop the line, read on to its end */
            *too_long = 1;
            n = 0;
            continue;
        }
        if (n + 1 >= *cap) { /* room for this byte and the NUL */
            size_t nc = *cap ? *cap * 2 : 4096;
            if (nc > max + 1)
                nc = max + 1;
            char *nb = realloc(*buf, nc);
            if (!nb)
                return -1;
            *buf = nb;
            *cap = nc;
        }
        (*buf)[n++] = (char)c;
    }
    if (ferror(fp))
        return -1;
    if (!any)
        return 0;
    if (!*buf) { /* an empty line before anything was allocated */
        if (!(*buf = malloc(1)))
            return -1;
        *cap = 1;
    }
    (*buf)[n] = '\0';
    *len = n;
    return 1;
}
