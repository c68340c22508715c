#!/usr/bin/env bash
# The benchmark (README, Performance): builds the jar, then runs io.pusherpipeline.bench.Bench
# (test scope, not in the jar) on the test classpath. With no arguments: the target case three
# times (median reported), the scaling series (1k to 1M channels, 1 ms answers; into PostgreSQL too
# when run under .ci/with-postgres) and 10 snapshots of the long-running mode.
# Arguments go to Bench, e.g. bench/run.sh --case ci --latency-ms 5, or the webhook shapes (issue 28):
#   .ci/with-postgres bench/run.sh --webhooks postgres --webhook-order in-order,shuffled,retried,two-receivers --duration 300s
# A webhook run whose stored sessions differ from the load's prints BENCH-WEBHOOK-CHECK FAIL and exits 1.
# The history API (issue 29: pages of 100 events, at least 2,000 a second), the jar against its floors:
#   .ci/with-postgres bench/run.sh --history postgres [--history-channels 1000 --history-events 1000
#     --history-clients 32 --history-duration 30s --history-warmup 10s];  bench/run.sh --history h2
# A history run with any page not what channel_events holds prints BENCH-HISTORY-CHECK FAIL and exits 1.
# The websocket archiver against soketi (issue 29; npm ci --prefix e2e first), 1,000 channels, rising rates then 60 s:
#   .ci/with-postgres bench/run.sh --archive postgres [--archive-rate 5000 --archive-rates 1000,2500,5000,7500,10000]
# A run that does not store every published event exactly once prints BENCH-ARCHIVE-CHECK FAIL and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
bench() {
  java -Xmx3g -Dsun.net.httpserver.nodelay=true -cp "$cp" io.pusherpipeline.bench.Bench "$@"
}
if [ $# -eq 0 ]; then
  bench --case target --repeat 3
  destinations=h2${PUSHER_TEST_PG_URL:+,postgres}
  bench --scale scale-1k,scale-10k,scale-100k,scale-1m --destinations "$destinations" --latency-ms 1 --soak 10
else
  bench "$@"
fi
