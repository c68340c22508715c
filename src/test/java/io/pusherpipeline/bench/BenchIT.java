package io.pusherpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.pusherpipeline.e2e.JarRun;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark works: its smallest case runs the built jar, the floor and the naive baseline
 * against the simulated Pusher and prints a complete BENCH line. No timing is asserted.
 */
class BenchIT {

    @TempDir
    Path work;

    @Test
    void theSmallestCasePrintsACompleteLineWithTheFewestRequests() throws Exception {
        Map<String, String> options = Bench.defaults();
        options.putAll(Map.of("latency-ms", "5", "concurrency", "4", "repeat", "2", "work", work.toString()));

        String line = Bench.runCase("ci", JarRun.jar(), work, options);

        assertThat(line).startsWith("BENCH case=ci ");
        Map<String, String> fields = fields(line);
        assertThat(fields).containsKeys("pipeline_s", "floor_s", "naive_s", "ratio_floor", "ratio_floor_range",
                "speedup_vs_naive", "max_in_flight", "startup_s", "requests_s", "tail_s", "peak_heap_mb", "floor_process_s",
                "ratio_floor_process");
        assertThat(fields).containsEntry("runs", "2");
        String[] range = fields.get("ratio_floor_range").split("\\.\\.");
        assertThat(Double.parseDouble(fields.get("ratio_floor"))).as("the median pair's ratio lies in the range")
                .isBetween(Double.parseDouble(range[0]), Double.parseDouble(range[1]));
        assertThat(fields).containsEntry("channels", "100").containsEntry("presence", "20").containsEntry("members", "3")
                .containsEntry("latency_ms", "5").containsEntry("concurrency", "4");
        assertThat(fields.get("requests")).as("1 list + 1 members call per presence channel").isEqualTo("21");
        assertThat(Integer.parseInt(fields.get("max_in_flight"))).as("pusher.http.concurrency holds").isBetween(1, 4);
        for (String number : new String[] {"pipeline_s", "floor_s", "naive_s", "ratio_floor", "speedup_vs_naive", "peak_heap_mb",
                "startup_s", "requests_s", "floor_process_s"}) {
            assertThat(Double.parseDouble(fields.get(number))).as(number).isPositive();
        }
    }

    @Test
    void comparingTwoBuildsPrintsBothMediansAndTheirPairedDifference() throws Exception {
        Map<String, String> options = Bench.defaults();
        options.putAll(Map.of("latency-ms", "5", "concurrency", "4", "repeat", "3", "work", work.toString()));

        // The same build on both sides: the line's shape is what is checked, not a difference.
        String line = Bench.compareCase("ci", JarRun.jar(), JarRun.jar(), work, options);

        assertThat(line).startsWith("BENCH-COMPARE case=ci ");
        Map<String, String> fields = fields(line);
        assertThat(fields).containsEntry("runs", "3").containsEntry("channels", "100")
                .containsEntry("a", JarRun.jar().toString()).containsEntry("b", JarRun.jar().toString());
        for (String number : new String[] {"a_pipeline_s", "b_pipeline_s", "a_startup_s", "b_startup_s", "a_requests_s",
                "b_requests_s", "a_tail_s", "b_tail_s"}) {
            assertThat(Double.parseDouble(fields.get(number))).as(number).isPositive();
        }
        String[] range = fields.get("b_minus_a_range").split("\\.\\.(?=-?\\d)");
        assertThat(Double.parseDouble(fields.get("b_minus_a_s"))).as("the median difference lies in the range")
                .isBetween(Double.parseDouble(range[0]), Double.parseDouble(range[1]));
    }

    @Test
    void theScalingSeriesPrintsTheWritePhaseAndTheHeapOnEachDestination() throws Exception {
        Map<String, String> options = Bench.defaults();
        options.putAll(Map.of("latency-ms", "1", "concurrency", "4", "work", work.toString()));

        for (String destination : new String[] {"h2", "postgres"}) {
            Map<String, String> fields = fields(ScaleBench.run("ci", destination, JarRun.jar(), work, options));

            assertThat(fields).containsEntry("destination", destination).containsEntry("channels", "100")
                    .containsEntry("requests", "21");
            for (String number : new String[] {"pipeline_s", "write_s", "write_busy_s", "peak_heap_mb"}) {
                assertThat(Double.parseDouble(fields.get(number))).as(number).isPositive();
            }
            assertThat(Double.parseDouble(fields.get("write_busy_s"))).as("part of the write phase")
                    .isLessThanOrEqualTo(Double.parseDouble(fields.get("write_s")));
            // The log's milliseconds against this JVM's clock: the commit after the last answer, within the write phase.
            assertThat(Double.parseDouble(fields.get("commit_after_answers_s"))).as("commit after Pusher's last answer")
                    .isBetween(-0.01, Double.parseDouble(fields.get("write_s")));
            if (destination.equals("postgres")) {
                assertThat(Double.parseDouble(fields.get("copy_s"))).as("PostgreSQL's COPY of the same rows").isPositive();
                assertThat(Double.parseDouble(fields.get("copy_ordered_s"))).as("the same rows made in order").isPositive();
            }
        }
    }

    @Test
    void theWebhookCaseCountsEveryEventAnsweredStoredOnceOnEachDatabase() throws Exception {
        Map<String, String> options = Bench.defaults();
        options.putAll(Map.of("webhook-rates", "200", "webhook-step-s", "2", "duration", "5s", "webhook-rate", "200",
                "webhook-channels", "50", "webhook-in-flight", "8", "work", work.toString()));

        for (String database : new String[] {"h2", "postgres"}) {
            Map<String, String> fields = fields(WebhookBench.run(database, WebhookOrder.IN_ORDER, JarRun.jar(), work, options));

            assertThat(fields).containsEntry("case", "webhooks-" + database).containsEntry("order", "in-order")
                    .containsEntry("non_200", "0").containsEntry("late_answers", "0").containsEntry("check", "PASS")
                    .containsEntry("rows", fields.get("events")).containsEntry("floor_rows", fields.get("floor_events"))
                    .containsEntry("sessions", fields.get("expected_sessions"))
                    .containsEntry("open_sessions", fields.get("expected_open"));
            // 200 events/s for 2 s, then 5 s: 10 batches of 20 events each second, none sent twice.
            assertThat(Long.parseLong(fields.get("events_ok"))).as("every batch answered 200").isEqualTo(1400);
            assertThat(fields.get("events")).isEqualTo("1400");
            assertThat(fields.get("heap_after_gc_mb").split("/")).as("after the steps and after the run").hasSize(2);
        }
    }

    @Test
    void shuffledBatchesLeaveExactlyTheSessionsTheirEventsMake() throws Exception {
        Map<String, String> options = Bench.defaults();
        // No rising steps; 4 s at 400 events/s: 80 batches, the first 64 sent in one random order.
        options.putAll(Map.of("webhook-rates", "", "duration", "4s", "webhook-rate", "400", "webhook-floor-duration", "1s",
                "webhook-channels", "40", "webhook-in-flight", "16", "work", work.toString()));

        Map<String, String> fields = fields(WebhookBench.run("h2", WebhookOrder.SHUFFLED, JarRun.jar(), work, options));

        assertThat(fields).containsEntry("order", "shuffled").containsEntry("check", "PASS").containsEntry("non_200", "0")
                .containsEntry("missing", "0").containsEntry("doubled", "0").containsEntry("wrong", "0")
                .containsEntry("extra", "0").containsEntry("rows", "1600").containsEntry("events", "1600")
                .containsEntry("sessions", fields.get("expected_sessions"))
                .containsEntry("open_sessions", fields.get("expected_open"));
        // Each channel touched 40 times: 4 joins, then a leave and a join in turn: 22 joins, 4 still there.
        assertThat(fields).containsEntry("expected_sessions", "880").containsEntry("expected_open", "160");
    }

    @Test
    void theWarmScalingCaseMeasuresTheLongRunningModesSecondSnapshotAgainstASecondCopy() throws Exception {
        Map<String, String> options = Bench.defaults();
        options.putAll(Map.of("latency-ms", "1", "concurrency", "4", "scale-warm", "true", "work", work.toString()));

        Map<String, String> fields = fields(ScaleBench.run("ci", "postgres", JarRun.jar(), work, options));

        assertThat(fields).containsEntry("warm", "true").containsEntry("channels", "100").containsEntry("members", "3");
        for (String number : new String[] {"pipeline_s", "write_s", "copy_s", "ratio_write_copy"}) {
            assertThat(Double.parseDouble(fields.get(number))).as(number).isPositive();
        }
    }

    @Test
    void theHistoryCaseServesCheckedPagesFromTheJarAndTheFloors() throws Exception {
        Map<String, String> options = Bench.defaults();
        options.putAll(Map.of("history-channels", "20", "history-events", "300", "history-clients", "4",
                "history-duration", "2s", "history-warmup", "1s", "work", work.toString()));

        Map<String, String> fields = fields(HistoryBench.run("h2", JarRun.jar(), work, options));

        assertThat(fields).containsEntry("case", "history-h2").containsEntry("mismatches", "0")
                .containsEntry("floor_mismatches", "0").containsEntry("check", "PASS").containsEntry("limit", "100");
        assertThat(Long.parseLong(fields.get("pages"))).as("pages served").isPositive();
        assertThat(Long.parseLong(fields.get("private_pages"))).as("the signed path measured too").isPositive();
        for (String number : new String[] {"pages_per_s", "floor_pages_per_s", "jdbc_floor_pages_per_s", "ratio", "p99_ms"}) {
            assertThat(Double.parseDouble(fields.get(number))).as(number).isPositive();
        }
    }

    @Test
    void theArchiverCaseStoresEveryPublishedEventOnce() throws Exception {
        Map<String, String> options = Bench.defaults();
        options.putAll(Map.of("archive-channels", "100", "archive-rates", "", "archive-rate", "200", "archive-duration", "3s",
                "work", work.toString()));

        Map<String, String> fields = fields(ArchiveBench.run("h2", JarRun.jar(), work, options));

        assertThat(fields).containsEntry("case", "archive-h2").containsEntry("channels", "100").containsEntry("rate", "200")
                .containsEntry("check", "PASS").containsEntry("missing", "0").containsEntry("doubled", "0")
                .containsEntry("failed_requests", "0").containsEntry("published", "600");
        for (String number : new String[] {"stored_events_per_s", "p99_ms", "floor_events_per_s", "floor_p99_ms"}) {
            assertThat(Double.parseDouble(fields.get(number))).as(number).isNotNegative();
        }
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : line.substring(line.indexOf(' ') + 1).split(" ")) {
            String[] kv = pair.split("=", 2);
            fields.put(kv[0], kv[1]);
        }
        return fields;
    }
}
