#!/usr/bin/env bash
# Rate-limit benchmark: packages the gateway, then runs three gateway processes on one Redis against the in-process
# HubSpot simulator (three portals, 100 per 10 s each, saturating load through /hubspot/{portalId}), the Node SDK
# baseline, and the limiter cost beside Bucket4j's Redis limiter; prints one line of JSON.
# Options: --seconds N (measured, after a 10 s warm-up window; default 60) --callers N (per portal and gateway; 8)
#          --cost-seconds N (default 10) --safety-margin-ms N (δ of the gateways; default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package
./mvnw -q exec:java -Dexec.mainClass=io.hubgate.bench.RateLimitBenchmark -Dexec.args="$*" 2>/dev/null | grep '^{"benchmark"'
