#!/usr/bin/env bash
# End to end, Ctrl+C on ./run-chaos.sh itself, as a user presses it in a terminal (SIGINT to the whole foreground
# process group):
#   1. against a stack given by --env-file (here a sandbox this script starts and queries itself), Ctrl+C while the
#      fault is injected: exit 130, the parameter holds its original value byte for byte, no lease, no rollback record,
#      no test process left behind;
#   2. against the sandbox run-chaos.sh starts, Ctrl+C while it warms up: exit 130 and the sandbox (its two motos and its CloudWatch front) gone.
set -uo pipefail
# Job control: each background job gets its own process group (as a terminal gives one) and keeps SIGINT; without it
# bash makes background jobs of a script ignore SIGINT, and the Ctrl+C below would prove nothing.
set -m
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
failures=0
original='{"isEnabled": false, "note": "set by the ctrl-c e2e test"}'
sandbox_pid=""

cleanup() {
  if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
    kill -INT -- "-$sandbox_pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$sandbox_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$sandbox_pid" 2>/dev/null
  fi
}
trap cleanup EXIT

fail() { echo "e2e: ctrl-c: FAILED: $*"; failures=$((failures + 1)); }

# Waits (bounded) until the command succeeds; polls every half second.
wait_for() { # seconds command...
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do [ "$SECONDS" -ge "$deadline" ] && return 1; sleep 0.5; done
}

# Waits (bounded) for a background job to end; sets code to its exit code, or to "timeout".
exit_code_of() { # pid seconds
  local deadline=$((SECONDS + $2))
  while kill -0 "$1" 2>/dev/null; do [ "$SECONDS" -ge "$deadline" ] && { code=timeout; return; }; sleep 0.2; done
  wait "$1"; code=$?
}

dotnet build "$root/ChaosTests.sln" -nologo -v quiet > "$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 1; }

# --- 1. a stack given by --env-file, Ctrl+C while the fault is injected -------------------------------------------
# The 120 s timeout keeps exp_1 steady, so its guard does not end the pause before the Ctrl+C does.
dotnet run --no-build --project "$root/sandbox/Chaos.Sandbox" -- --env-file "$work/stack.env" --lambda-timeout 120 \
  > "$work/sandbox.log" 2>&1 &
sandbox_pid=$!
# The sandbox's state file says when it is warm (a window of load and its delayed metrics).
wait_for 300 grep -qs '^CHAOS_SANDBOX_STATE=warm' "$work/stack.env.state" || { tail -20 "$work/sandbox.log"; echo "e2e: ctrl-c: the sandbox did not warm up"; exit 1; }
# Read in a subshell: this script's own environment stays free of a stack, or step 2 would not start a sandbox.
# shellcheck disable=SC1091
stack() { (source "$work/stack.env" && printf '%s' "${!1}"); }
ssm() {
  AWS_ACCESS_KEY_ID=$(stack AWS_ACCESS_KEY_ID) AWS_SECRET_ACCESS_KEY=$(stack AWS_SECRET_ACCESS_KEY) AWS_SESSION_TOKEN="" \
    aws --endpoint-url "$(stack AWS_ENDPOINT_URL_SSM)" --region "$(stack AWS_REGION)" ssm "$@"
}
name=$(stack CHAOS_FAILURE_PARAMETER_NAME)
parameter() { ssm get-parameter --name "$name" --query Parameter.Value --output text 2>/dev/null; }
ssm put-parameter --name "$name" --type String --overwrite --value "$original" > /dev/null
test_processes='Chaos[.]Experiments|Chaos[.]Engine[.]dll watchdog'
no_test_process() { ! pgrep -f "$test_processes" > /dev/null; }
is_original() { [ "$(parameter)" = "$original" ]; }
injected() { parameter | grep -q '"isEnabled": *true'; }

CHAOS_RESULTS_DIR="$work/results" CHAOS_ROLLBACK_DIR="$work/rollback" \
  "$root/run-chaos.sh" --env-file "$work/stack.env" --filter "FullyQualifiedName~MinorDelay" > "$work/run.log" 2>&1 &
run_pid=$!
if wait_for 420 injected; then
  kill -INT -- "-$run_pid"
  interrupted_at=$(date +%s%3N)
  # The fault must go at once: the experiment is cancelled, not left to finish its pause (36 s here, 6 min on AWS).
  if wait_for 10 is_original; then restored_after=$(( $(date +%s%3N) - interrupted_at )); else restored_after=""; fi
  exit_code_of "$run_pid" 60
  ended_after=$(( $(date +%s%3N) - interrupted_at ))
  [ -n "$restored_after" ] || fail "the parameter was not restored within 10 s of the Ctrl+C"
  [ "$code" = 130 ] || fail "run-chaos.sh exited $code after Ctrl+C, expected 130"
  [ "$(parameter)" = "$original" ] || fail "the parameter holds '$(parameter)', expected '$original'"
  [ "$ended_after" -le 30000 ] || fail "run-chaos.sh took $ended_after ms to end after the Ctrl+C"
  if ssm get-parameter --name "/chaos-harness/lease/$name" > /dev/null 2>&1; then fail "the stack lease is still held"; fi
  if ls "$work"/rollback/*.json > /dev/null 2>&1; then fail "a rollback record is left: $(ls "$work"/rollback)"; fi
  if ! wait_for 30 no_test_process; then fail "test processes left: $(pgrep -af "$test_processes")"; fi
  [ "$failures" = 0 ] && echo "e2e: ctrl-c: injected fault: parameter restored to its original value ${restored_after} ms after the Ctrl+C, run ended after ${ended_after} ms with exit $code; no lease, no record, no process left"
else
  fail "no fault was injected within 420 s (settling included); the parameter holds '$(parameter)'"
  kill -INT -- "-$run_pid" 2>/dev/null
  exit_code_of "$run_pid" 90
fi
[ "$failures" = 0 ] || tail -40 "$work/run.log"
cleanup
sandbox_pid=""

# --- 2. the sandbox run-chaos.sh starts, Ctrl+C while it warms up -------------------------------------------------
before=$failures
CHAOS_RESULTS_DIR="$work/own" "$root/run-chaos.sh" --filter "FullyQualifiedName~MinorDelay" > "$work/own.log" 2>&1 &
run_pid=$!
sandbox_env() { ls "$work"/own/*/sandbox.env > /dev/null 2>&1; }
if wait_for 180 sandbox_env; then
  # Every port the sandbox listens on: both motos and the CloudWatch front (the endpoint variables of its env file).
  ports=$(sed -n 's/^export AWS_ENDPOINT_URL[A-Z_]*="http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work"/own/*/sandbox.env | sort -u | tr '\n' ' ')
  kill -INT -- "-$run_pid"
  exit_code_of "$run_pid" 60
  [ "$code" = 130 ] || fail "run-chaos.sh exited $code after Ctrl+C during the warm-up, expected 130"
  [ "$(wc -w <<< "$ports")" -ge 3 ] || fail "expected three sandbox ports (two motos, the front) in $(cat "$work"/own/*/sandbox.env)"
  for port in $ports; do
    wait_for 20 bash -c "! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null" || fail "port $port still listens"
  done
  if pgrep -f "$work/own" > /dev/null; then fail "sandbox processes left: $(pgrep -af "$work/own")"; fi
  [ "$failures" = "$before" ] && echo "e2e: ctrl-c: sandbox warming up: exit $code, sandbox, motos and front (ports ${ports% }) stopped"
else
  fail "run-chaos.sh did not start its sandbox within 180 s"
  kill -INT -- "-$run_pid" 2>/dev/null
  exit_code_of "$run_pid" 60
fi
[ "$failures" = "$before" ] || tail -40 "$work/own.log"

echo "e2e: ctrl-c: $failures failed check(s)"
[ "$failures" = 0 ] && rm -rf "$work"
[ "$failures" = 0 ]
