#!/usr/bin/env bash
# Coalescing benchmark: packages the gateway, then against the in-process HubSpot simulator (100 requests per 10 s per
# portal, so at most 1,000 records/s in batches of 100) sends single-contact creates from many concurrent callers
# through /hubspot/{portalId}, beside the Node SDK's way without the gateway (one request per record) and the latency
# coalescing adds at low load; prints one line of JSON.
# Options: --records N (default 10000) --callers N (200) --baseline-records N (500; 10000 for the full set, ~18 min)
#          --latency-seconds N (20)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package
./mvnw -q exec:java -Dexec.mainClass=io.hubgate.bench.CoalescingBenchmark -Dexec.args="$*" 2>/dev/null | grep '^{"benchmark"'
