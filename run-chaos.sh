#!/usr/bin/env bash
# The main job: run the chaos experiments (Category=Chaos) against your AWS stack, or against the local sandbox when
# no stack is configured. Exit codes (decided by the engine from the run's summary.json, never re-derived here): 0 every
# experiment held; 1 an experiment deviated (or the system was not steady before it); 2 an error or an inconclusive
# run, or nothing ran; 130 interrupted. Ctrl+C stops the run, rolls the fault back and cleans up. The last line printed is
# the path of the run's HTML report.
set -uo pipefail

usage() {
  cat <<'USAGE'
usage: ./run-chaos.sh [--env-file FILE] [--filter EXPR] [--experiment FILE] [--lambda-timeout SECONDS] [--handler fire-and-forget|awaited] [--time-scale N]
                    [--failure-lambda 0.4|1] [--failure-cache-ttl SECONDS] [--seed N]
       ./run-chaos.sh --restore [--env-file FILE]

  --env-file FILE          the stack's aws_resource_names.sh (instead of sourcing it first)
  --filter EXPR            narrow the run, ANDed with Category=Chaos (dotnet test filter syntax),
                           e.g. --filter "FullyQualifiedName~MinorDelay"
  --experiment FILE        run one Chaos Toolkit experiment file (JSON or YAML), unchanged
  --restore                run no experiment: restore any fault a gone run left open for the stack (on this
                           machine's ledger or in the stack itself) and say so; for a CI step under if: always().
                           Exit 0 nothing left open by a gone run, 1 a live run's fault is open (left alone), 2 failed
  sandbox only (used when no stack is configured):
  --lambda-timeout SECONDS the function's Timeout (the workshop's is 3; its fix is 120)
  --handler MODE           fire-and-forget (the workshop's) or awaited (lab 4's fix)
  --time-scale N           divide every duration by N (default: the sandbox's)
  --failure-lambda 0.4|1   which failure-lambda the sandbox's function wraps (default 0.4; 1: the 1.x layer)
  --failure-cache-ttl N    1.x's FAILURE_CACHE_TTL in seconds (default: unset, so 1.x's 60 s)
  --seed N                 the sandbox's random seed (its workload and failure-lambda's draws; default: a fresh one,
                           printed in sandbox.log so a run can be repeated)
USAGE
}

root=$(cd "$(dirname "$0")" && pwd)
env_file="" filter="" experiment="" restore="" sandbox_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --env-file) env_file=${2:?--env-file needs a file}; shift 2 ;;
    --filter) filter=${2:?--filter needs an expression}; shift 2 ;;
    --experiment) experiment=${2:?--experiment needs a file}; shift 2 ;;
    --restore) restore=1; shift ;;
    --lambda-timeout|--handler|--time-scale|--failure-lambda|--failure-cache-ttl|--seed) sandbox_args+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run-chaos: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
if [ -n "$restore" ] && [ -n "$experiment$filter" ]; then
  echo "run-chaos: --restore runs no experiment: it takes no --experiment or --filter" >&2
  exit 2
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="${CHAOS_RESULTS_DIR:-$root/results}/$stamp"
mkdir -p "$results" || exit 2
export CHAOS_RESULTS_DIR="$results"
test_filter="Category=Chaos"
[ -n "$filter" ] && test_filter="Category=Chaos&($filter)"
if [ -n "$experiment" ]; then
  # The experiments project offers only this file (CHAOS_EXPERIMENT_FILE), and only its Chaos Toolkit files run.
  [ -f "$experiment" ] || { echo "run-chaos: --experiment $experiment does not exist" >&2; exit 2; }
  export CHAOS_EXPERIMENT_FILE
  CHAOS_EXPERIMENT_FILE=$(cd "$(dirname "$experiment")" && pwd)/$(basename "$experiment")
  test_filter="$test_filter&FullyQualifiedName~ChaosToolkitExperiments"
fi

sandbox_pid="" test_pid="" interrupted=0
stop_sandbox() {
  if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
    kill -INT -- "-$sandbox_pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$sandbox_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$sandbox_pid" 2>/dev/null
    echo "run-chaos: sandbox stopped (log: $results/sandbox.log)"
  fi
}
on_signal() {
  interrupted=1
  echo "run-chaos: interrupted; stopping the experiments (they roll back) ..." >&2
  [ -n "$test_pid" ] && kill -INT -- "-$test_pid" 2>/dev/null
}
trap on_signal INT TERM HUP
trap stop_sandbox EXIT
# Job control for the two background jobs (the sandbox and the test run): each gets its own process group, so a Ctrl+C
# reaches this script first and is forwarded in order, and each keeps SIGINT; without it bash makes a script's
# background jobs ignore SIGINT, and .NET keeps an inherited "ignore": the forwarded Ctrl+C would not cancel the
# experiment, and the fault would stay until its pause ended. Their stdin is /dev/null: a background group must not
# read the terminal.
set -m

engine="$root/fixtures/Chaos.Engine/bin/Debug/net10.0/Chaos.Engine.dll"
echo "run-chaos: building ..."
if ! dotnet build "$root/ChaosTests.sln" -nologo -v quiet > "$results/build.log" 2>&1; then
  echo "run-chaos: the build failed; see $results/build.log" >&2
  tail -20 "$results/build.log" >&2
  exit 2
fi

if [ -n "$env_file" ]; then
  [ -f "$env_file" ] || { echo "run-chaos: --env-file $env_file does not exist" >&2; exit 2; }
  export CHAOS_ENV_FILE
  CHAOS_ENV_FILE=$(cd "$(dirname "$env_file")" && pwd)/$(basename "$env_file")
  echo "run-chaos: stack from $CHAOS_ENV_FILE"
elif [ -n "${S3_BUCKET_NAME:-}${LAMBDA_FUNCTION_NAME:-}${SNS_TOPIC_NAME:-}${CHAOS_ENV_FILE:-}" ]; then
  echo "run-chaos: stack from the environment (function ${LAMBDA_FUNCTION_NAME:-?}, region ${AWS_REGION:-${AWS_DEFAULT_REGION:-?}})"
elif [ -n "$restore" ]; then
  echo "run-chaos: --restore needs a stack (--env-file, or the sourced aws_resource_names.sh): there is nothing to restore" >&2
  exit 2
else
  echo "run-chaos: no AWS stack configured (no --env-file, S3_BUCKET_NAME etc. unset): starting the local sandbox"
  # The sandbox is a world of its own: nothing of the shell's AWS set-up may reach it or the experiments run against
  # it. A shell's AWS_REGION=eu-west-1 would win over the sandbox's region (real variables override the env file) and a
  # preflight would report the sandbox's metrics missing there; an AWS_PROFILE would make the SDK read ~/.aws for a
  # profile the sandbox does not have. So every AWS_* variable is set aside for this run (named here), and the shared
  # config and credentials files are hidden; the sandbox's env file then supplies region, endpoints and dummy keys.
  aside=$(compgen -e | grep '^AWS_' | sort | tr '\n' ' ')
  for name in $aside; do unset "$name"; done
  export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
  [ -n "$aside" ] && echo "run-chaos: sandbox mode: set aside from your shell for this run: ${aside% } (they describe a real AWS set-up, not the sandbox)"
  # Its own process group: a Ctrl+C meant for the run must not stop the sandbox before the rollback has reached it.
  dotnet run --no-build --project "$root/sandbox/Chaos.Sandbox" -- --env-file "$results/sandbox.env" "${sandbox_args[@]}" \
    < /dev/null > "$results/sandbox.log" 2>&1 &
  sandbox_pid=$!
  # Wait on the sandbox's state file (sandbox.env.state: starting, ready, warm, stopped), not on its log. Once ready it
  # says when it will be warm (CHAOS_SANDBOX_WARM_BY, epoch seconds: a window of load plus the metrics' publication
  # delays, at whatever time scale), so the wait is bounded by what the sandbox promised, plus a grace.
  state_file="$results/sandbox.env.state"
  deadline=$(( $(date +%s) + 300 )) warm="" state=""
  while kill -0 "$sandbox_pid" 2>/dev/null; do
    [ "$interrupted" = 1 ] && exit 130
    state=$(sed -n 's/^CHAOS_SANDBOX_STATE=//p' "$state_file" 2>/dev/null)
    warm_by=$(sed -n 's/^CHAOS_SANDBOX_WARM_BY=//p' "$state_file" 2>/dev/null)
    [ "$state" = warm ] && { warm=1; break; }
    [ "$state" = stopped ] && break
    [ -n "$warm_by" ] && deadline=$(( warm_by + 120 ))
    [ "$(date +%s)" -gt "$deadline" ] && break
    sleep 1
  done
  if [ -z "$warm" ]; then
    echo "run-chaos: the sandbox did not get warm (state: ${state:-none}); its log ($results/sandbox.log):" >&2
    tail -20 "$results/sandbox.log" >&2
    exit 2
  fi
  grep -E '^(ready|warm):' "$results/sandbox.log"
  export CHAOS_ENV_FILE="$results/sandbox.env"
fi

# --restore: the engine's restore command in place of this script (exec: it gets the job's signals itself).
[ -n "$restore" ] && exec dotnet "$engine" restore

dotnet test "$root/tests/Chaos.Experiments" --no-build --filter "$test_filter" --settings "$root/.runsettings" \
  --results-directory "$results" < /dev/null &
test_pid=$!
while kill -0 "$test_pid" 2>/dev/null; do wait "$test_pid"; done
wait "$test_pid" 2>/dev/null
test_exit=$?

# The run's HTML report (results/<time>/report.html: every indicator over time, the tolerance bands, the fault and the
# rollback marked) and the index of runs beside it (results/index.html). Its path is the last line printed, so it is the
# one a reader sees: the sandbox is stopped first (its own "stopped" line would come after). It never changes the exit code.
report() {
  stop_sandbox
  local page
  if page=$(dotnet "$engine" report "$results"); then
    echo "run-chaos: index of runs: $(dirname "$results")/index.html"
    echo "run-chaos: report: $page"
  else
    echo "run-chaos: the report could not be written (the verdicts above stand)" >&2
  fi
}

echo
[ "$interrupted" = 1 ] && { dotnet "$engine" summary "$results"; echo "run-chaos: interrupted; results in $results"; report; exit 130; }
# The table and the exit code come from the engine, from the verdicts each experiment recorded in summary.json.
dotnet "$engine" summary "$results"
summary_exit=$?
echo "run-chaos: results in $results"
if [ "$summary_exit" = 2 ] && [ ! -s "$results/summary.json" ]; then
  echo "run-chaos: no experiment ran (dotnet test exit $test_exit): a setup or configuration error, or a filter that matches nothing" >&2
fi
report
exit "$summary_exit"
