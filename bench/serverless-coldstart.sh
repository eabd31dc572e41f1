#!/usr/bin/env bash
# Serverless cold start (JVM mode): packages the serverless build, then launches the function N times (--runs N,
# default 5) on its class path as AWS's Java runtime would, each taking a signed webhook delivery from Quarkus' Lambda
# mock event server; prints one line of JSON (cold start ms, warm invocation ms, resident memory MiB).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -Pserverless -DskipTests package
./mvnw -q -Pserverless exec:java -Dexec.mainClass=io.hubgate.serverless.ServerlessColdStartBenchmark \
  -Dexec.args="$*" 2>/dev/null | grep '^{"benchmark"'
