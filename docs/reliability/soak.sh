#!/usr/bin/env bash
# 2.5-minute rank-reward soak at 100 rank/s against a Release server on embedded defaults.
set -u
cd /work/main
rm -rf /tmp/soak/data; mkdir -p /tmp/soak/data
Auth__AdminKeys__0=soak-admin-key Storage__SqlitePath=/tmp/soak/data/banditserve.db ASPNETCORE_URLS=http://127.0.0.1:18080 \
  dotnet Api/bin/Release/net10.0/BanditServe.Api.dll > /tmp/soak/server.log 2>&1 &
server=$!
echo $server > /tmp/soak/server.pid
for i in $(seq 1 120); do curl -sf http://127.0.0.1:18080/health/ready >/dev/null && break; sleep 0.5; done
( while kill -0 $server 2>/dev/null; do
    m=$(curl -s http://127.0.0.1:18080/metrics)
    echo "$(date +%s) $(echo "$m" | grep -E '^process_working_set_bytes ' | awk '{print $2}') $(echo "$m" | grep -E '^process_num_threads ' | awk '{print $2}') $(echo "$m" | grep -E '^dotnet_total_memory_bytes ' | awk '{print $2}')"
    sleep 10
  done ) > /tmp/soak/samples.txt &
sampler=$!
dotnet LoadTests/bin/Release/net10.0/BanditServe.LoadTests.dll run rank-reward --url http://127.0.0.1:18080 --admin-key soak-admin-key \
  --rate 100 --duration 150s --warmup 15s --catalog 10000 --dimension 32 --slots 5 --no-baseline \
  --slo 'errors=0' --slo 'reward:errors=0' --out /tmp/soak/rank-reward-soak-100 > /tmp/soak/loadtests.log 2>&1
echo "loadtests exit $?" >> /tmp/soak/loadtests.log
sleep 5
kill $sampler; kill -TERM $server; wait $server
echo done > /tmp/soak/finished
