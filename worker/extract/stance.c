/* stance.c -- STUB (to be replaced). */
#include <stdio.h>
#include <stdlib.h>
#include "stance.h"
struct nw_stance_model { int unused; };
nw_stance_model *nw_stance_load(const char *datadir, char *err, size_t errlen) { (void)datadir; nw_stance_model *m = calloc(1, sizeof(*m)); if (!m) snprintf(err, errlen, "out of memory"); return m; }
void nw_stance_free(nw_stance_model **m) { if (m) { free(*m); *m = NULL; } }
int nw_stance_run(const nw_stance_model *m, nw_doc *d) { (void)m; (void)d; return 0; }
