#!/usr/bin/env bash
# Start-up and memory (JVM mode): packages the gateway once with an AppCDS archive, then starts it alternately without
# and with the archive (--rounds N, default 5): time from process start to the first accepted signed webhook delivery,
# resident memory right then and under --load-seconds (default 15) of deliveries on --connections (default 32), heap
# capped by --xmx (default 256m); prints one line of JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package -Dquarkus.package.jar.appcds.enabled=true
./mvnw -q exec:java -Dexec.mainClass=io.hubgate.bench.StartupBenchmark -Dexec.args="$*" 2>/dev/null | grep '^{"benchmark"'
