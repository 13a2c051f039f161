/*
 * cli.h -- what the subcommands (worker/cmd_*.c) share at start-up: loading
 * the configuration table with the usual --help / error handling, the
 * client side of CURVE from the three --curve-* options, the SIGTERM/SIGINT
 * handler, and reading a whole input file.
 *
 * Every message names the command ("newsworker CMD: ..." on stderr), so the
 * commands keep their exact output; nothing here logs or exits.
 */
#ifndef NW_CLI_H
#define NW_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "curve.h"
#include "mq.h"

#define NW_CLI_GO_ON (-1) /* nw_cli_config: the command carries on */

/*
 * nw_config_load for the command `newsworker cmd`, then the usual handling.
 * Returns NW_CLI_GO_ON with target filled (release it with nw_config_free),
 * or the exit status the command must return, target already freed:
 *   0  --help / -h: usage(stdout) printed;
 *   2  pos given (positional arguments wanted) but none: usage(stderr);
 *   2  a configuration error: "newsworker cmd: MESSAGE" on stderr.
 * pos/maxpos/npos are passed on to nw_config_load (NULL, 0, NULL: none).
 */
int nw_cli_config(const char *cmd, const nw_config_entry *t, size_t n, void *target, int argc,
                  char **argv, char **pos, int maxpos, int *npos, void (*usage)(FILE *));

/* The --curve-public-key and --curve-secret-key entries of a CURVE client's
   config table (fields curve_public_key and curve_secret_key, strings; O is
   the table's offsetof macro); the command adds its own --curve-server-key
   and hands the three to nw_cli_curve_client. */
#define NW_CLI_CURVE_CLIENT_KEY_ENTRIES(O)                                                       \
    {"curve-public-key", "NEWSWORKER_CURVE_PUBLIC_KEY", NW_CFG_STR, O(curve_public_key), "", 0,  \
     4096, NULL, "this client's Z85 public key or @FILE; empty = derived from the secret key",  \
     0},                                                                                         \
    {"curve-secret-key", "NEWSWORKER_CURVE_SECRET_KEY", NW_CFG_STR, O(curve_secret_key), "", 0,  \
     4096, NULL,                                                                                 \
     "this client's Z85 secret key or @FILE (its public key must be on the "                    \
     "server's --curve-allow list)",                                                             \
     1}

/* A client's resolved CURVE keys; on == 0: plain. */
typedef struct nw_cli_curve {
    int on;
    char server[NW_CURVE_KEYLEN + 1], pub[NW_CURVE_KEYLEN + 1], sec[NW_CURVE_KEYLEN + 1];
} nw_cli_curve;

/* nw_curve_client_load of the three --curve-* option values into c.  0 (c->on
   says whether CURVE is used), or -1 after "newsworker cmd: MESSAGE" on
   stderr. */
int nw_cli_curve_client(const char *cmd, const char *server_arg, const char *pub_arg,
                        const char *sec_arg, nw_cli_curve *c);

/* Point the client key fields of o at c's keys (NULL when c is plain). */
void nw_cli_curve_opts(const nw_cli_curve *c, nw_mq_opts *o);

/* handler for SIGTERM and SIGINT (sigaction, no flags, empty mask). */
void nw_cli_on_stop_signals(void (*handler)(int));

/* The whole of path ("-" = stdin, not closed) into a fresh NUL-terminated
   buffer *out of *len bytes (the caller frees it).  0, or -1 with errno set
   (EFBIG once more than about max bytes would have to be held). */
int nw_cli_read_file(const char *path, size_t max, char **out, size_t *len);

/* The next line of fp, without its '\n' ('\r' and NUL bytes are kept), into
   *buf (NUL-terminated, grown as needed and reused from call to call: start
   with *buf NULL and *cap 0, free *buf at the end) and *len.  Never holds more
   than max + 1 bytes: a longer line is read to its end but not kept, and
   *too_long says so (with *len 0).  1 for a line, 0 at end of file, -1 on a
   read or allocation error (errno set). */
int nw_cli_read_line(FILE *fp, size_t max, char **buf, size_t *cap, size_t *len, int *too_long);

#endif
