#!/usr/bin/env bash
# End to end, through ./run-chaos.sh against the sandbox: exp_1 must DEVIATE with the workshop's 3 s function timeout,
# decided on percent in error, and must HOLD with the lab's fix (120 s). Both verdicts are read from the run's
# summary.json (what the engine decided), with the exit code, the restored parameter and the run's HTML report (the last
# line run-chaos.sh prints); either wrong fails CI. The second run starts from a shell set up for a real account
# (AWS_REGION=eu-west-1 AWS_PROFILE=prod): sandbox mode must set both aside, say so, and be unaffected.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
failures=0

# verdict, deciding indicators and rollback line of the run's only experiment, from summary.json and its journal
describe() {
  python3 - "$1" <<'PY'
import json, sys, glob
paths = glob.glob(sys.argv[1] + "/*/summary.json")
if not paths:
    print("none|none|none"); sys.exit()
entry = json.load(open(paths[0]))["experiments"][0]
journal = json.load(open(entry["journal"]))
rollback = next((r["output"] for r in journal["rollbacks"] if r["status"] == "succeeded"), "none")
print(f'{entry["verdict"]}|{";".join(entry["deciding"]) or "-"}|{rollback}')
PY
}

run() { # expected-exit expected-verdict expected-deciding label args...
  local expected=$1 verdict=$2 deciding=$3 label=$4; shift 4
  local results; results=$(mktemp -d)
  env "${shell_env[@]}" CHAOS_RESULTS_DIR="$results" "$root/run-chaos.sh" --filter "FullyQualifiedName~MinorDelay" "$@" > "$results/run.log" 2>&1
  local code=$?
  # A shell set up for a real account must not leak into a sandbox run: each variable is named as set aside.
  local leaked=""
  for assignment in "${shell_env[@]}"; do
    grep -q "set aside from your shell for this run: .*${assignment%%=*}" "$results/run.log" || leaked="$leaked ${assignment%%=*}"
  done
  local seen; seen=$(describe "$results")
  IFS='|' read -r got_verdict got_deciding rollback <<< "$seen"
  # The last line names the run's report, which shows the same verdict; the index of runs is beside the run's folder.
  local last report="none"; last=$(tail -n 1 "$results/run.log")
  if [[ "$last" == "run-chaos: report: $results/"*"/report.html" ]] && grep -q "data-verdict=\"$verdict\"" "${last#run-chaos: report: }" \
    && [ -s "$results/index.html" ]; then report=${last#run-chaos: report: }; fi
  if [ "$code" = "$expected" ] && [ "$got_verdict" = "$verdict" ] && [[ "$got_deciding" == $deciding* ]] && [[ "$rollback" == *"restored to"* ]] \
    && [ "$report" != none ] && [ -z "$leaked" ]; then
    echo "e2e: $label: exit $code, verdict $got_verdict, deciding $got_deciding; rollback: $rollback; report: $report"
  else
    echo "e2e: $label: FAILED (exit $code, expected $expected; verdict ${got_verdict:-none}, expected $verdict; deciding ${got_deciding:-none}; rollback: ${rollback:-none}; report: $report, last line: $last; not said to be set aside:${leaked:- none}); log:"
    tail -40 "$results/run.log"
    failures=$((failures + 1))
  fi
}

# Both runs draw the same workload (the sandbox's --seed): the workshop's 5% error tolerance sits close enough to its
# 3% ± 1.2% baseline that a fresh draw crosses it by chance about once in twenty-five windows (README, "How the verdict is
# decided"); CI proves the harness's verdicts, not the lab's luck. Fresh seeds are run by hand (the closing notes' runs).
seed=20261125
shell_env=()
run 1 deviated "normal-error-rates" "exp_1 with the workshop's 3 s timeout deviates on percent in error" --seed "$seed"
# The same sandbox run from a shell configured for a production account: the run is unaffected and says what it set aside.
shell_env=(AWS_REGION=eu-west-1 AWS_PROFILE=prod)
run 0 held "-" "exp_1 with the 120 s timeout holds (from a shell with AWS_REGION=eu-west-1 AWS_PROFILE=prod)" --lambda-timeout 120 --seed "$seed"
echo "e2e: $((2 - failures)) passed, $failures failed"
[ "$failures" = 0 ]
