#!/usr/bin/env bash
# Builds Release and runs every figure-producing benchmark of VoiceAgent, several runs each where cheap,
# then prints the median of every figure. Raw output, JSON lines and medians go to $OUT.
#
#   eng/run-benchmarks.sh                 # everything, 3 runs each (about 35-40 minutes on 2 cores)
#   RUNS=5 eng/run-benchmarks.sh          # more runs
#   ONLY="broker send" eng/run-benchmarks.sh   # a subset: broker, send, bdn, sessions
#   SESSION_COUNTS="10 50" ONLY=sessions eng/run-benchmarks.sh   # voice sessions at chosen session counts
#   QUICK=1 eng/run-benchmarks.sh         # short windows, 1 run: checks the tooling, figures are not worth quoting
#
# Figures (see BENCHMARKS.md for what each means):
#   broker  VoiceAgent.LoadTest broker latency --kind fifo|lite (sustained rate closed-loop, then latency at half of it),
#           broker memory (bytes per idle lite topic and per subscription), broker lite-churn (created/expired per s)
#   send    VoiceAgent.Benchmarks rocketmq-send (producer to an ack-only server: single, batched, gRPC floor)
#   bdn     VoiceAgent.Benchmarks BenchmarkDotNet suites, short job (gRPC framing and loopback, message codec,
#           request signing, RESP encode and parse)
#   sessions VoiceAgent.LoadTest sessions --stack: N concurrent voice sessions through the whole stack (AppHost model:
#           broker, Redis, mocks, processors, gateways), zero-latency mocks (the link alone) and realistic mock
#           latencies; turn latency (commit -> first output audio) and its breakdown, CPU per component
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

RUNS=${RUNS:-3}
QUICK=${QUICK:-0}
ONLY=${ONLY:-"broker send bdn sessions"}
OUT=${OUT:-artifacts/benchmark-results/$(date -u +%Y%m%dT%H%M%SZ)}

if ! command -v jq >/dev/null; then
  echo "jq is required (apt-get install jq)" >&2
  exit 1
fi

if [[ "$QUICK" == 1 ]]; then
  RUNS=1
  WINDOW=(--warmup 2 --duration 3)
  LITE_TOPICS=2000
  MEMORY_TOPICS=2000
  SEND_MESSAGES=20000
  SEND_WARMUP=1
  SESSION_COUNTS=${SESSION_COUNTS:-"10"}
  SESSION_WINDOW=(--ramp 2s --duration 10s)
else
  WINDOW=(--warmup 5 --duration 10)
  LITE_TOPICS=10000
  MEMORY_TOPICS=10000
  SEND_MESSAGES=100000
  SEND_WARMUP=3
  SESSION_COUNTS=${SESSION_COUNTS:-"10 50 200"}
  SESSION_WINDOW=(--ramp 10s --warmup 30s --duration 30s)
fi

wants() { [[ " $ONLY " == *" $1 "* ]]; }

mkdir -p "$OUT"
echo "== results in $OUT"

echo "== build (Release)"
dotnet build VoiceAgent.Broker -c Release -v q -nologo >/dev/null
# LoadTest references the AppHost, so this also builds the gateway, processor and mocks that sessions --stack runs.
dotnet build VoiceAgent.LoadTest -c Release -v q -nologo >/dev/null
if wants send || wants bdn; then
  dotnet build VoiceAgent.Benchmarks -c Release -v q -nologo >/dev/null
fi

LOADTEST=(dotnet artifacts/bin/VoiceAgent.LoadTest/release/VoiceAgent.LoadTest.dll)
BENCHMARKS=(dotnet artifacts/bin/VoiceAgent.Benchmarks/release/VoiceAgent.Benchmarks.dll)

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "nproc: $(nproc)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "dotnet: $(dotnet --version)"
  echo "loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "runs: $RUNS quick: $QUICK"
} | tee "$OUT/machine.txt"

# The median of every numeric field, per mode, over the JSON lines of a file.
medians() {
  jq -s -c '
    def median: sort | if length == 0 then null
      elif length % 2 == 1 then .[length / 2 | floor]
      else (.[length / 2 - 1] + .[length / 2]) / 2 end;
    group_by(.mode)[] | . as $runs
    | reduce ($runs[0] | keys_unsorted[]) as $k ({mode: $runs[0].mode, runs: ($runs | length)};
        if ($runs[0][$k] | type) == "number" then .[$k] = ([$runs[][$k] | select(. != null)] | median)
        elif $k == "mode" then . else .[$k] = $runs[0][$k] end)' "$1"
}

# Runs one load-test command RUNS times, keeping its output and its JSON lines.
load_test() {
  local name=$1
  shift
  for run in $(seq "$RUNS"); do
    echo "-- $name run $run/$RUNS (loadavg $(cut -d' ' -f1 /proc/loadavg)): ${LOADTEST[*]} $* --json"
    "${LOADTEST[@]}" "$@" --json --broker-log "$OUT/$name-broker-$run.log" | tee -a "$OUT/$name.txt" \
      | sed -n 's/^json: //p' >>"$OUT/$name.jsonl"
  done
}

if wants broker; then
  echo "== broker figures (VoiceAgent.LoadTest against a VoiceAgent.Broker child process)"
  load_test fifo broker latency --kind fifo --groups 1000 "${WINDOW[@]}"
  load_test lite broker latency --kind lite --lite-topics "$LITE_TOPICS" --consumers 4 "${WINDOW[@]}"
  load_test memory broker memory --lite-topics "$MEMORY_TOPICS"
  load_test lite-churn broker lite-churn --expiration 2 "${WINDOW[@]}"
fi

if wants send; then
  echo "== producer send throughput to an ack-only server (VoiceAgent.Benchmarks rocketmq-send)"
  for run in $(seq "$RUNS"); do
    echo "-- send run $run/$RUNS (loadavg $(cut -d' ' -f1 /proc/loadavg)): ${BENCHMARKS[*]} rocketmq-send --messages $SEND_MESSAGES --warmup $SEND_WARMUP"
    "${BENCHMARKS[@]}" rocketmq-send --messages "$SEND_MESSAGES" --warmup "$SEND_WARMUP" | tee -a "$OUT/send.txt" \
      | awk -F'|' -v load="$(cut -d' ' -f1 /proc/loadavg)" '
          $1 ~ /^(single|batched|grpc-floor) / {
            for (i = 1; i <= NF; i++) { gsub(/[ ,]/, "", $i) }
            printf "{\"mode\":\"rocketmq-send-%s\",\"batch\":%s,\"msgs_per_s\":%s,\"msgs_per_producer_cpu_s\":%s,\"msgs_per_total_cpu_s\":%s,\"p50_ms\":%s,\"p99_ms\":%s,\"loadavg\":%s}\n",
              $1, $2, $3, $4, ($5 == "n/a" ? "null" : $5), $6, $7, load
          }' >>"$OUT/send.jsonl"
  done
fi

if wants sessions; then
  echo "== voice sessions through the whole stack (VoiceAgent.LoadTest sessions --stack)"
  for mocks in zero realistic; do
    for sessions in $SESSION_COUNTS; do
      name="sessions-$mocks-$sessions"
      for run in $(seq "$RUNS"); do
        args=(sessions --stack --mocks "$mocks" --sessions "$sessions" "${SESSION_WINDOW[@]}" --json --stack-log "$OUT/$name-stack-$run.log")
        echo "-- $name run $run/$RUNS (loadavg $(cut -d' ' -f1 /proc/loadavg)): ${LOADTEST[*]} ${args[*]}"
        "${LOADTEST[@]}" "${args[@]}" | tee -a "$OUT/$name.txt" | sed -n 's/^json: //p' >>"$OUT/$name.jsonl"
      done
    done
  done
fi

if wants bdn; then
  echo "== BenchmarkDotNet suites, short job (VoiceAgent.Benchmarks)"
  echo "-- loadavg $(cut -d' ' -f1 /proc/loadavg): ${BENCHMARKS[*]} --filter '*' --job short"
  "${BENCHMARKS[@]}" --filter '*' --job short --artifacts "$OUT/bdn" >"$OUT/bdn.txt" 2>&1 || {
    echo "BenchmarkDotNet failed; see $OUT/bdn.txt" >&2
    exit 1
  }
fi

echo
echo "== medians over $RUNS run(s) (loadavg now $(cut -d' ' -f1-3 /proc/loadavg))"
for file in "$OUT"/*.jsonl; do
  [[ -e "$file" ]] || continue
  medians "$file" | tee -a "$OUT/medians.jsonl" \
    | jq -r 'to_entries | map("\(.key)=\(.value)") | join(" ")'
done

if wants bdn; then
  echo
  for report in "$OUT"/bdn/results/*-report-github.md; do
    [[ -e "$report" ]] || continue
    echo "### $(basename "$report" -report-github.md)"
    sed -n '/^|/p' "$report"
    echo
  done | tee "$OUT/bdn-summary.md"
fi
