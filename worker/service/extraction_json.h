/*
 * extraction_json.h -- an nw_extraction as the JSON object of the
 * `newsworker extract` contract (README, "Extraction contract").
 */
#ifndef NW_EXTRACTION_JSON_H
#define NW_EXTRACTION_JSON_H

#include <jansson.h>

#include "extractor.h"

/* New reference to {"id", "entities", "quotes", "stances", ...}; NULL on
   allocation failure.  id may be NULL (then "id" is omitted). */
json_t *nw_extraction_json(const nw_extraction *x, const char *id);

#endif
