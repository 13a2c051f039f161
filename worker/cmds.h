/* cmds.h -- the subcommands of the newsworker binary (cmd_*.c).  Each takes
   argc/argv with argv[0] = the command name and returns the exit status. */
#ifndef NW_CMDS_H
#define NW_CMDS_H

int cmd_extract(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_feed(int argc, char **argv);
int cmd_tail(int argc, char **argv);
int cmd_broker(int argc, char **argv);      /* cmd_broker.c (h7) */
int cmd_keygen(int argc, char **argv);      /* cmd_broker.c (h7) */
int cmd_deadletters(int argc, char **argv); /* cmd_deadletters.c (h7) */

#endif
