#!/usr/bin/env bash
# The benchmark (README, Performance): builds the jar, then runs io.pusherpipeline.bench.Bench
# (test scope, not in the jar) on the test classpath. With no arguments: the target case three
# times (median reported), the scaling series (1k, 10k = target, 100k channels) and 10 snapshots
# of the long-running mode.
# Arguments go to Bench, e.g. bench/run.sh --case ci --latency-ms 5
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
bench() {
  java -Xmx3g -cp "$cp" io.pusherpipeline.bench.Bench "$@"
}
if [ $# -eq 0 ]; then
  bench --case target --repeat 3
  bench --case scale-1k --case scale-100k --soak 10 --naive-max-channels 1000
else
  bench "$@"
fi
