/* quotes.c -- STUB (to be replaced). */
#include <stdio.h>
#include <stdlib.h>
#include "quotes.h"
struct nw_quotes_model { int unused; };
nw_quotes_model *nw_quotes_load(const char *datadir, char *err, size_t errlen) { (void)datadir; nw_quotes_model *m = calloc(1, sizeof(*m)); if (!m) snprintf(err, errlen, "out of memory"); return m; }
void nw_quotes_free(nw_quotes_model **m) { if (m) { free(*m); *m = NULL; } }
int nw_quotes_run(const nw_quotes_model *m, nw_doc *d) { (void)m; (void)d; return 0; }
