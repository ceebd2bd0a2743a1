#!/bin/bash
# Submits a slasim run to Slurm as SHARDS array tasks and a merge job that runs only when
# every task has succeeded. Prints the two job ids: array, then merge.
#
#   SCENARIO=scenarios/q3.json TRIALS=1000000 SEED=42 SHARDS=16 deploy/slurm/submit.sh
#
# Optional: SLASIM (the slasim binary, default: slasim on PATH), PARTS (the folder of the
# shard files, default slasim-parts), RESULT (default slasim-result.json). Paths are taken
# from the submitting folder, which must be shared with the compute nodes.
set -euo pipefail
: "${SCENARIO:?set SCENARIO}" "${TRIALS:?set TRIALS}" "${SEED:?set SEED}" "${SHARDS:?set SHARDS}"
export SCENARIO TRIALS SEED SHARDS
export SLASIM="${SLASIM:-slasim}" PARTS="${PARTS:-slasim-parts}" RESULT="${RESULT:-slasim-result.json}"
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$PARTS"
array=$(sbatch --parsable --export=ALL --array="0-$((SHARDS - 1))" "$here/slasim-shard.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --export=ALL --dependency="afterok:$array" "$here/slasim-merge.sbatch")
echo "$array ${merge%%;*}"
