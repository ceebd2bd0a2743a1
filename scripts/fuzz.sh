#!/usr/bin/env bash
# Runs each libFuzzer target of Fuzz/ for a bounded time (make fuzz; .ci/run runs a short pass).
#
# Usage: scripts/fuzz.sh SECONDS [TARGET...]   (targets: FuzzScenario FuzzHistory)
#
# Each target starts from the committed seed corpus (Fuzz/Corpus/<kind>, read only) and keeps
# what it learns in .build-fuzz/corpus/<kind>, so later runs go on from there. A crash, a trap,
# a leak, an input slower than 10 s (a hang) or one using more than 4 GiB stops the run with
# the input saved under .build-fuzz/artifacts/; the script then fails and says how to replay
# it. Every input found that way becomes a regression test (docs/guarantees.md, "Fuzzing").
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzScenario FuzzHistory)
bin=$(swift build --package-path Fuzz -c release --show-bin-path)
mkdir -p .build-fuzz/artifacts
status=0
for target in "${targets[@]}"; do
  case $target in
    FuzzScenario) kind=scenario; extra=(-dict=Fuzz/scenario.dict -max_len=16384) ;;
    FuzzHistory) kind=history; extra=(-max_len=16384) ;;
    *) echo "scripts/fuzz.sh: no target '$target'; the targets are FuzzScenario and FuzzHistory." >&2; exit 64 ;;
  esac
  mkdir -p ".build-fuzz/corpus/$kind"
  echo "== $target for ${seconds} s (corpus .build-fuzz/corpus/$kind + Fuzz/Corpus/$kind)"
  log=".build-fuzz/$target.log"
  if "$bin/$target" ".build-fuzz/corpus/$kind" "Fuzz/Corpus/$kind" "${extra[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix=".build-fuzz/artifacts/$target-" >"$log" 2>&1; then
    grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added)' "$log" || true
  else
    status=1
    grep -E 'ERROR|SUMMARY|Test unit written|artifact_prefix|Fatal error|deadly signal|timeout' "$log" | head -20 >&2 || true
    echo "$target failed: the input is under .build-fuzz/artifacts/ (whole log: $log)." >&2
    echo "Replay it with: $bin/$target .build-fuzz/artifacts/$target-<name>, then add it as a regression test." >&2
  fi
done
exit $status
