#!/usr/bin/env bash
# scripts/stance-model.sh TRAIN_STANCE -- rebuild
# worker/data/models/stance.model, the pair classifier of the stance stage,
# from the directed-sentiment data of Park et al. (2021) in
# ../shared/data/dirsent (train.txt; valid.txt is only scored, never
# trained on), with the lexicons, front end and NER model of worker/data.
# Deterministic: the same data, lexicons, NER model and options give the
# same file.  Validation scores per epoch are printed on stderr.
# NW_SHARED overrides the location of ../shared; STANCE_OUT the file written
# (to retrain into a scratch path and compare with the committed model);
# STANCE_EPOCHS, STANCE_RUNS, STANCE_BITS, STANCE_SEED and STANCE_THRESHOLD
# the training options.
set -euo pipefail
trainer=${1:-build/release/tools/train_stance}
. "$(dirname "$0")/model-lib.sh"
data="$shared/data/dirsent"
if [ ! -f "$data/train.txt" ]; then
    echo "stance-model: $data not found; the committed model is kept" >&2
    exit 0
fi
model_write stance-model "${STANCE_OUT:-$root/worker/data/models/stance.model}" \
    "$trainer" --epochs "${STANCE_EPOCHS:-10}" --runs "${STANCE_RUNS:-10}" \
    --bits "${STANCE_BITS:-18}" \
    --seed "${STANCE_SEED:-1}" --threshold "${STANCE_THRESHOLD:-8}" \
    "$root/worker/data" "$data/train.txt" "$data/valid.txt"
