/* lexicon.c -- STUB (to be replaced). */
#include <stdlib.h>
#include "lexicon.h"
struct nw_lexicon { int unused; };
nw_lexicon *nw_lexicon_new(void) { return calloc(1, sizeof(nw_lexicon)); }
nw_lexicon *nw_lexicon_load(const char *path, char *err, size_t errlen) { (void)path; (void)err; (void)errlen; return nw_lexicon_new(); }
void nw_lexicon_free(nw_lexicon **l) { if (l) { free(*l); *l = NULL; } }
int nw_lexicon_add(nw_lexicon *l, const char *p, size_t n, const char *lab) { (void)l; (void)p; (void)n; (void)lab; return 0; }
size_t nw_lexicon_size(const nw_lexicon *l) { (void)l; return 0; }
const char *nw_lexicon_get(const nw_lexicon *l, const char *s, size_t n) { (void)l; (void)s; (void)n; return NULL; }
uint32_t nw_lexicon_match(const nw_lexicon *l, const nw_doc *d, uint32_t i, uint32_t end, const char **label) { (void)l; (void)d; (void)i; (void)end; (void)label; return 0; }
