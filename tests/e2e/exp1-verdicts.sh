#!/usr/bin/env bash
# End to end, through ./run-chaos.sh against the sandbox: exp_1 must FAIL with the workshop's 3 s function timeout,
# naming percent in error, and must PASS with the lab's fix (120 s). Both verdicts are asserted; either wrong fails CI.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
failures=0

run() { # expected-exit expected-deviating label args...
  local expected=$1 deviating=$2 label=$3; shift 3
  local results; results=$(mktemp -d)
  CHAOS_RESULTS_DIR="$results" "$root/run-chaos.sh" --filter "FullyQualifiedName~MinorDelay" "$@" > "$results/run.log" 2>&1
  local code=$?
  local summary; summary=$(cat "$results"/*/summary.tsv 2>/dev/null)
  local parameter; parameter=$(grep -h "restored to" "$results"/*/journals/*.json 2>/dev/null | head -1)
  if [ "$code" = "$expected" ] && printf '%s' "$summary" | grep -q "$deviating" && [ -n "$parameter" ]; then
    echo "e2e: $label: exit $code as expected; $(printf '%s' "$summary" | cut -f1-3 | tr '\t' '|'); rollback: ${parameter//[\" ]/}"
  else
    echo "e2e: $label: FAILED (exit $code, expected $expected; summary: ${summary:-none}; rollback: ${parameter:-none}); log:"
    tail -40 "$results/run.log"
    failures=$((failures + 1))
  fi
}

run 1 $'\tnormal-error-rates\t' "exp_1 with the workshop's 3 s timeout deviates on percent in error"
run 0 $'\tcompleted\t-\t' "exp_1 with the 120 s timeout holds" --lambda-timeout 120
echo "e2e: $((2 - failures)) passed, $failures failed"
[ "$failures" = 0 ]
