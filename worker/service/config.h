/*
 * config.h -- table-driven configuration: flags, NEWSWORKER_* variables,
 * defaults, bounds and --help, all from one table (the redis config.c way).
 *
 * Each command declares a struct for its settings and a table of
 * nw_config_entry rows, one per setting, that says where in the struct the
 * value lives (offsetof), its type, default, bounds and help text:
 *
 *   typedef struct { char *redis; long long ttl; int source; } my_cfg;
 *   static const nw_config_entry T[] = {
 *     {"redis", "NEWSWORKER_REDIS", NW_CFG_STR, offsetof(my_cfg, redis), "",
 *      0, 256, NULL, "host:port of the cache; empty = no cache", 0},
 *     {"cache-ttl", "NEWSWORKER_CACHE_TTL", NW_CFG_INT, offsetof(my_cfg, ttl),
 *      "86400", 0, 31536000, NULL, "seconds a cached result lives", 0},
 *     {"source", "NEWSWORKER_SOURCE", NW_CFG_ENUM, offsetof(my_cfg, source),
 *      "pull", 0, 0, "pull|broker", "where articles come from", 0},
 *   };
 *
 * Precedence: flag > environment > default.  Every value, whatever its
 * origin, is parsed and checked against its bounds at load time, and the
 * first bad one fails the load with a message naming the setting, where the
 * value came from and what is allowed:
 *   "--cache-ttl: '-5' is out of range 0..31536000"
 *   "NEWSWORKER_SOURCE: 'kafka' is not one of pull|broker"
 *
 * Types and storage in the target struct:
 *   NW_CFG_STR   char *     (malloc'd copy; max = longest length allowed)
 *   NW_CFG_INT   long long  (decimal; min..max inclusive)
 *   NW_CFG_ENUM  int        (index into choices, a '|'-separated list)
 *   NW_CFG_BOOL  int        (0/1; accepts 1/0/true/false/yes/no/on/off;
 *                            a bare --flag means true)
 *
 * Flags are "--name value" or "--name=value".  Arguments that do not start
 * with "--" (and everything after a bare "--") are positional and are
 * returned to the caller in order.
 */
#ifndef NW_CONFIG_H
#define NW_CONFIG_H

#include <stddef.h>
#include <stdio.h>

typedef enum nw_config_type {
    NW_CFG_STR = 0,
    NW_CFG_INT,
    NW_CFG_ENUM,
    NW_CFG_BOOL,
} nw_config_type;

typedef struct nw_config_entry {
    const char *name;      /* flag without "--", e.g. "cache-ttl" */
    const char *env;       /* "NEWSWORKER_CACHE_TTL", or NULL for flag only */
    nw_config_type type;
    size_t offset;         /* offsetof(target struct, field) */
    const char *def;       /* default, as text */
    long long min, max;    /* INT: bounds; STR: max = longest length */
    const char *choices;   /* ENUM: "a|b|c" */
    const char *help;
    int secret;            /* 1: never shown by nw_config_json */
} nw_config_entry;

#define NW_CONFIG_HELP 1   /* nw_config_load saw --help / -h */

/*
 * Fill target from defaults, environment and argv[1..argc).  Positional
 * arguments are stored as pointers into argv in pos[0..*npos) (at most
 * maxpos; more is an error).  Returns 0 on success, NW_CONFIG_HELP when
 * --help or -h was given (target then holds defaults/env; caller prints
 * help), -1 on error with the message in err.  On any return the strings
 * in target must be released with nw_config_free().
 */
int nw_config_load(const nw_config_entry *t, size_t n, void *target, int argc,
                   char **argv, char **pos, int maxpos, int *npos, char *err,
                   size_t errlen);

/* Free every NW_CFG_STR field of target and set it to NULL. */
void nw_config_free(const nw_config_entry *t, size_t n, void *target);

/* Print the table as help text: one block per setting with its flag, env
   variable, type/choices, default, bounds and help. */
void nw_config_help(const nw_config_entry *t, size_t n, FILE *f);

/* Print the table as a Markdown table (README generation). */
void nw_config_markdown(const nw_config_entry *t, size_t n, FILE *f);

/* The effective settings as a jansson object (json_t *, returned as void *
   so that this header does not need jansson), secrets shown as "***".
   NULL on allocation failure. */
void *nw_config_json(const nw_config_entry *t, size_t n, const void *target);

#endif
