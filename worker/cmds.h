/* cmds.h -- the subcommands of the newsworker binary (cmd_*.c). */
#ifndef NW_CMDS_H
#define NW_CMDS_H

int cmd_extract(int argc, char **argv);

#endif
