#!/usr/bin/env bash
# Rank-reward soak against a Release server on embedded defaults, sampling /metrics every 10 s.
# Usage: bash docs/reliability/soak.sh [rate/s] [duration] [warm-up] [reward window s] [report prefix]
# Build first: dotnet build Api -c Release && dotnet build LoadTests -c Release
# The server inherits the environment, e.g. Kafka__ClosedEventRetentionSeconds=120 to bound the join memory sooner.
set -u
rate=${1:-100}
duration=${2:-10m}
warmup=${3:-30s}
window=${4:-30}
out=${5:-docs/reliability/rank-reward-soak}
cd "$(dirname "$0")/../.."
work=$(mktemp -d -t banditserve-soak-XXXXXX)
port=18080
Auth__AdminKeys__0=soak-admin-key Storage__SqlitePath="$work/banditserve.db" ASPNETCORE_URLS=http://127.0.0.1:$port \
  Logging__LogLevel__Default=Warning dotnet Api/bin/Release/net10.0/BanditServe.Api.dll > "$work/server.log" 2>&1 &
server=$!
for i in $(seq 1 120); do curl -sf http://127.0.0.1:$port/health/ready >/dev/null && break; sleep 0.5; done
( while kill -0 $server 2>/dev/null; do
    m=$(curl -s http://127.0.0.1:$port/metrics)
    echo "$(date +%s) $(echo "$m" | grep -E '^process_working_set_bytes ' | awk '{print $2}') $(echo "$m" | grep -E '^process_num_threads ' | awk '{print $2}') $(echo "$m" | grep -E '^dotnet_total_memory_bytes ' | awk '{print $2}') $(cut -d' ' -f1 /proc/loadavg)"
    sleep 10
  done ) > "$out.samples.txt" &
sampler=$!
dotnet LoadTests/bin/Release/net10.0/BanditServe.LoadTests.dll run rank-reward --url http://127.0.0.1:$port --admin-key soak-admin-key \
  --rate "$rate" --duration "$duration" --warmup "$warmup" --catalog 10000 --dimension 32 --slots 5 --reward-window "$window" --no-baseline \
  --slo 'errors=0' --slo 'reward:errors=0' --out "$out" > "$work/loadtests.log" 2>&1
status=$?
sleep 5
kill $sampler; kill -TERM $server; wait $server
echo "loadtests exit $status; samples (unix time, working set bytes, threads, managed heap bytes, load average) in $out.samples.txt; logs in $work"
exit $status
