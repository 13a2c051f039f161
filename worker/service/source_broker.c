/* source_broker.c -- STUB until the broker lands: refuses with a clear error. */
#include <stdio.h>
#include "source.h"
nw_source *nw_source_broker_new(void *zctx, const nw_source_opts *o, char *err,
                                size_t errlen) {
    (void)zctx; (void)o;
    snprintf(err, errlen, "broker mode is not built yet");
    return NULL;
}
