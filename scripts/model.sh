#!/usr/bin/env bash
# scripts/model.sh TRAIN_NER -- rebuild worker/data/models/ner.model from the
# public data in ../shared/data (GUM train split, Wikigold, UNER English EWT
# test) and the capitalisation counts of ../shared/corpus, with the
# gazetteers of worker/data/gazetteers.  Deterministic: the same data, the
# same gazetteers and the same options give the same file.  Scores on the
# held-out UNER EWT dev and GUM dev are printed at the end.
# NW_SHARED overrides the location of ../shared; NER_OUT the file written
# (to retrain into a scratch path and compare with the committed model);
# NER_EPOCHS, NER_BITS, NER_SEED, NER_RUNS, NER_PA (passive-aggressive step
# cap, 0 = plain perceptron), NER_LOWER and NER_UPPER (percent of training
# texts added in lower case / in capitals), NER_UNER_WEIGHT (times the UNER
# EWT test documents are counted) the training options.
set -euo pipefail
trainer=${1:-build/release/tools/train_ner}
. "$(dirname "$0")/model-lib.sh"
if [ ! -d "$shared/data/gum" ]; then
    echo "model: $shared/data not found; the committed model is kept" >&2
    exit 0
fi
model_write model "${NER_OUT:-$root/worker/data/models/ner.model}" \
    "$trainer" --data "$shared/data" --corpus "$shared/corpus" \
    --datadir "$root/worker/data" \
    --epochs "${NER_EPOCHS:-8}" --bits "${NER_BITS:-16}" --seed "${NER_SEED:-1}" \
    --runs "${NER_RUNS:-10}" --lower "${NER_LOWER:-25}" --upper "${NER_UPPER:-10}" \
    --uner-weight "${NER_UNER_WEIGHT:-2}" --pa "${NER_PA:-0.03}" --out
