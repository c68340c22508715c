package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How events become requests: batches of single-channel events, one request per multi-channel event, order kept. */
class PublishRequestTest {

    private static PusherEvent single(int index) {
        return new PusherEvent(index, List.of("c"), "e", "d", null, null);
    }

    private static List<PusherEvent> singles(int count) {
        return IntStream.range(0, count).mapToObj(PublishRequestTest::single).toList();
    }

    @Test
    void tenSingleChannelEventsAreOneBatchAndElevenAreTwo() {
        assertThat(PublishRequest.plan(singles(10), 10)).extracting(r -> r.events().size()).containsExactly(10);
        assertThat(PublishRequest.plan(singles(11), 10)).extracting(r -> r.events().size()).containsExactly(10, 1);
        assertThat(PublishRequest.plan(singles(11), 10)).extracting(PublishRequest::path).containsOnly("/batch_events");
    }

    @Test
    void aBatchEndsWhereTheAppChangesAndEachRequestCarriesItsAppsId() {
        List<PusherEvent> events = List.of(toApp(0, "prod"), toApp(1, "prod"), toApp(2, "staging"), toApp(3, "prod"));
        List<PublishRequest> plan = PublishRequest.plan(events, 10, new io.pusherpipeline.encryption.ChannelEncryption(),
                app -> app.equals("prod") ? "10" : "20");
        assertThat(plan).extracting(r -> r.events().stream().map(PusherEvent::index).toList())
                .containsExactly(List.of(0, 1), List.of(2), List.of(3));
        assertThat(plan).extracting(PublishRequest::app, PublishRequest::appId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("prod", "10"), org.assertj.core.groups.Tuple.tuple("staging", "20"),
                org.assertj.core.groups.Tuple.tuple("prod", "10"));
    }

    @Test
    void theSameEventToTwoAppsHasTwoKeysAndToTheSingleAppTheKeyOfBefore() {
        assertThat(toApp(0, "prod").key("f.json")).isNotEqualTo(toApp(0, "staging").key("f.json"))
                .isNotEqualTo(single(0).key("f.json"));
        assertThat(toApp(0, "").key("f.json")).isEqualTo(single(0).key("f.json"));
    }

    private static PusherEvent toApp(int index, String app) {
        return new PusherEvent(index, List.of("c"), "e", "d", null, null, app);
    }

    @Test
    void aMultiChannelEventClosesTheBatchBeforeItSoOrderIsKept() {
        PusherEvent multi = new PusherEvent(2, List.of("a", "b"), "m", "d", null, null);
        List<PublishRequest> plan = PublishRequest.plan(List.of(single(0), single(1), multi, single(3)), 10);
        assertThat(plan).extracting(PublishRequest::path).containsExactly("/batch_events", "/events", "/batch_events");
        assertThat(plan).extracting(r -> r.events().stream().map(PusherEvent::index).toList())
                .containsExactly(List.of(0, 1), List.of(2), List.of(3));
    }

    @Test
    void bodiesAreWhatPushersApiDocuments() {
        PusherEvent withOptions = new PusherEvent(0, List.of("c"), "e", "{\"a\":1}", "1.2", "subscription_count");
        assertThat(new String(new PublishRequest("/batch_events", List.of(withOptions)).body()))
                .isEqualTo("{\"batch\":[{\"channel\":\"c\",\"name\":\"e\",\"data\":\"{\\\"a\\\":1}\",\"socket_id\":\"1.2\",\"info\":\"subscription_count\"}]}");
        assertThat(new String(new PublishRequest("/events", List.of(new PusherEvent(0, List.of("a", "b"), "e", "x", null, null))).body()))
                .isEqualTo("{\"name\":\"e\",\"channels\":[\"a\",\"b\"],\"data\":\"x\"}");
    }

    @Test
    void anEncryptedEventIsSealedOnceSoEveryBodyAndTheHistoryCarryTheSameCiphertext() {
        io.pusherpipeline.encryption.ChannelEncryption encryption = new io.pusherpipeline.encryption.ChannelEncryption();
        encryption.setMasterKey(java.util.Base64.getEncoder().encodeToString(new byte[32]));
        PusherEvent secret = new PusherEvent(0, List.of("private-encrypted-x"), "e", "plain", null, null);
        PublishRequest request = PublishRequest.plan(List.of(secret), 10, encryption).get(0);

        assertThat(request.body()).isEqualTo(request.body());
        assertThat(request.sent().get(0).data()).startsWith("{\"nonce\":\"").doesNotContain("plain");
        assertThat(new String(request.body())).contains(request.sent().get(0).data().replace("\"", "\\\""));
        assertThat(request.events()).containsExactly(secret);
    }

    @Test
    void theEventKeyChangesWithTheContentAndTheSourceButNotWithAnythingElse() {
        PusherEvent event = single(3);
        assertThat(event.key("f.json")).isEqualTo(single(3).key("f.json")).startsWith("f.json#3#");
        assertThat(event.key("f.json")).isNotEqualTo(event.key("g.json"))
                .isNotEqualTo(new PusherEvent(3, List.of("c"), "e", "other", null, null).key("f.json"));
    }
}
