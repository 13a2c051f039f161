/* main.c -- subcommand dispatch only.
 * (h6 is done with this file and cmds.h; h7 may edit the broker lines.) */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "extractor.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} cmds[] = {
    {"extract", cmd_extract, "extract from .txt / JSON Lines files, print JSON"},
    {"run", cmd_run, "the worker: PULL/broker -> extract -> Redis cache -> PUB"},
    {"feed", cmd_feed, "send .txt / JSON Lines files as Article messages"},
    {"tail", cmd_tail, "subscribe to workers and print results as JSON lines"},
    {"broker", cmd_broker, "the at-least-once queue: leases, credit, journal, dead letters"},
    {"deadletters", cmd_deadletters, "list or replay the dead-letter stream"},
    {"keygen", cmd_keygen, "print a new CURVE key pair"},
};

static void usage(FILE *f) {
    fprintf(f, "usage: newsworker COMMAND [OPTIONS]   (newsworker COMMAND --help)\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        fprintf(f, "  %-12s %s\n", cmds[i].name, cmds[i].help);
    fprintf(f, "\nnewsworker %s\n", NW_EXTRACTOR_VERSION);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("newsworker %s\n", NW_EXTRACTOR_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        if (!strcmp(argv[1], cmds[i].name))
            return cmds[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "newsworker: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
