package io.pusherpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each of Pusher's limits at its boundary: the last accepted value and the first refused one. */
class EventRulesTest {

    private final EventReader reader = new EventReader(new EventRules(10240));

    private List<PusherEvent> read(String json) {
        return reader.read("test.json", json);
    }

    private List<EventProblem> problems(String json) {
        try {
            read(json);
            return List.of();
        } catch (RefusedEventsException e) {
            return e.problems();
        }
    }

    private static String event(String channelPart, String name, String data) {
        return "{" + channelPart + ", \"name\": \"" + name + "\", \"data\": " + data + "}";
    }

    @Test
    void withoutPusherAppsAnEventNamingAnAppIsRefusedSayingToLeaveItOut() {
        assertThat(problems(event("\"app\": \"prod\", \"channel\": \"c\"", "e", "1"))).extracting(EventProblem::toString)
                .containsExactly("event 0, app: \"prod\" is not an app: pusher.apps is not set, so events go to the app of"
                        + " pusher.app-id; leave app out");
    }

    @Test
    void withPusherAppsAnEventGoesToTheAppItNamesOrToTheFallbackAndTheFieldListNamesApp() {
        EventReader apps = new EventReader(new EventRules(10240, false, new EventApps(List.of("prod", "staging"), "prod", null)));

        assertThat(apps.read("t", "[" + event("\"app\": \"staging\", \"channel\": \"c\"", "e", "1") + ","
                + event("\"channel\": \"c\"", "e", "1") + "]")).extracting(PusherEvent::app).containsExactly("staging", "prod");
        assertThatThrownBy(() -> apps.read("t", event("\"app\": 7, \"chanel\": \"c\", \"channel\": \"c\"", "e", "1")))
                .isInstanceOfSatisfying(RefusedEventsException.class, e -> assertThat(e.problems()).extracting(EventProblem::toString)
                        .containsExactlyInAnyOrder("event 0, app: must be the name of an app of pusher.apps (a string)",
                                "event 0, chanel: unknown field; an event has channel, channels or user, name, data, and"
                                        + " optionally socket_id, info, app"));
    }

    @Test
    void aChannelNameOf164CharactersIsAcceptedAnd165Refused() {
        assertThat(problems(event("\"channel\": \"" + "c".repeat(164) + "\"", "e", "1"))).isEmpty();
        assertThat(problems(event("\"channel\": \"" + "c".repeat(165) + "\"", "e", "1")))
                .containsExactly(new EventProblem(0, "channel", "at most 164 characters, has 165"));
    }

    @Test
    void dataOf10240BytesIsAcceptedAnd10241Refused() {
        // Counted in UTF-8 bytes of the data as sent: 'é' is two bytes.
        assertThat(problems(event("\"channel\": \"c\"", "e", "\"" + "é".repeat(5120) + "\""))).isEmpty();
        assertThat(problems(event("\"channel\": \"c\"", "e", "\"" + "é".repeat(5120) + "x\"")))
                .containsExactly(new EventProblem(0, "data", "at most 10240 bytes (pusher.events.max-data-bytes), has 10241"));
    }

    @Test
    void dataThatIsNotAStringIsSentAsItsJsonTextAndCountedSo() {
        assertThat(read(event("\"channel\": \"c\"", "e", "{\"a\": [1, 2]}")).get(0).data()).isEqualTo("{\"a\":[1,2]}");
        assertThat(new EventReader(new EventRules(11)).read("t", event("\"channel\": \"c\"", "e", "{\"a\": [1, 2]}"))).hasSize(1);
        assertThatThrownBy(() -> new EventReader(new EventRules(10)).read("t", event("\"channel\": \"c\"", "e", "{\"a\": [1, 2]}")))
                .hasMessageContaining("at most 10 bytes (pusher.events.max-data-bytes), has 11");
    }

    @Test
    void oneHundredChannelsAreAcceptedAnd101Refused() {
        assertThat(problems(event("\"channels\": " + channels(100), "e", "1"))).isEmpty();
        assertThat(problems(event("\"channels\": " + channels(101), "e", "1")))
                .containsExactly(new EventProblem(0, "channels", "at most 100 channels per event, has 101"));
    }

    @Test
    void anEventNameOf1To200CharactersIsAcceptedEmptyAnd201Refused() {
        assertThat(problems(event("\"channel\": \"c\"", "n", "1"))).isEmpty();
        assertThat(problems(event("\"channel\": \"c\"", "n".repeat(200), "1"))).isEmpty();
        assertThat(problems(event("\"channel\": \"c\"", "", "1")))
                .containsExactly(new EventProblem(0, "name", "must be 1 to 200 characters, has 0"));
        assertThat(problems(event("\"channel\": \"c\"", "n".repeat(201), "1")))
                .containsExactly(new EventProblem(0, "name", "must be 1 to 200 characters, has 201"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"123\"", "\"123.\"", "\".456\"", "\"12a.456\"", "\"1.2.3\"", "123.456"})
    void aSocketIdMustBeDigitsDotDigits(String socketId) {
        assertThat(problems("{\"channel\": \"c\", \"name\": \"e\", \"data\": 1, \"socket_id\": " + socketId + "}"))
                .singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("socket_id"));
        assertThat(problems("{\"channel\": \"c\", \"name\": \"e\", \"data\": 1, \"socket_id\": \"123.456\"}")).isEmpty();
    }

    @Test
    void everyCharacterPusherAllowsInAChannelNameIsAcceptedAndOthersAreNot() {
        assertThat(problems(event("\"channel\": \"presence-a;b@c,d=e.f_g-H9\"", "e", "1"))).isEmpty();
        assertThat(problems(event("\"channel\": \"a/b\"", "e", "1"))).singleElement()
                .satisfies(p -> assertThat(p.rule()).contains("may contain only letters, digits and - _ = @ , . ;"));
        assertThat(problems(event("\"channel\": \"\"", "e", "1"))).hasSize(1);
    }

    @Test
    void anEncryptedChannelWithoutAMasterKeyIsRefusedNamingTheSettingToSet() {
        assertThat(problems(event("\"channel\": \"private-encrypted-x\"", "e", "1")))
                .containsExactly(new EventProblem(0, "channel", "\"private-encrypted-x\" is end-to-end encrypted and no master key"
                        + " is set: set pusher.encryption-master-key (environment variable PUSHER_ENCRYPTION_MASTER_KEY) to the"
                        + " base64 master key your channel authorization uses"));
    }

    @Test
    void withAMasterKeyAnEncryptedChannelIsAcceptedAloneButNotAmongOthers() {
        EventReader keyed = new EventReader(new EventRules(10240, true));
        assertThat(keyed.read("t", event("\"channel\": \"private-encrypted-x\"", "e", "1"))).hasSize(1);
        assertThat(keyed.read("t", event("\"channels\": [\"private-encrypted-x\"]", "e", "1"))).hasSize(1);
        assertThatThrownBy(() -> keyed.read("t", event("\"channels\": [\"ok\", \"private-encrypted-x\"]", "e", "1")))
                .isInstanceOfSatisfying(RefusedEventsException.class, e -> assertThat(e.problems()).containsExactly(
                        new EventProblem(0, "channels[1]", "\"private-encrypted-x\" is end-to-end encrypted, so an event to it goes"
                                + " to that one channel only (its data is sealed with that channel's key): send it as an event of"
                                + " its own, with channel")));
    }

    @Test
    void encryptedDataIsMeasuredAsSentSealedAndInBase64() {
        EventReader keyed = new EventReader(new EventRules(200, true));
        // 100 bytes: 24 nonce + 16 MAC + 100, in base64 (32 + 156) and the JSON around it (28) = 216.
        String data = "\"" + "d".repeat(100) + "\"";
        assertThat(new EventReader(new EventRules(200)).read("t", event("\"channel\": \"ok\"", "e", data))).hasSize(1);
        assertThatThrownBy(() -> keyed.read("t", event("\"channel\": \"private-encrypted-x\"", "e", data)))
                .isInstanceOfSatisfying(RefusedEventsException.class, e -> assertThat(e.problems()).containsExactly(
                        new EventProblem(0, "data", "at most 200 bytes (pusher.events.max-data-bytes) as sent, has 216 once"
                                + " encrypted for private-encrypted-x (100 before)")));
    }

    @Test
    void anEventToAUserGoesToTheUsersChannelAloneThroughEvents() {
        List<PusherEvent> events = read("[" + event("\"user\": \"alice@example.com\"", "e", "1") + ","
                + event("\"channel\": \"a\"", "e", "2") + "]");
        assertThat(events.get(0).channels()).containsExactly("#server-to-user-alice@example.com");
        assertThat(PublishRequest.plan(events, 10)).extracting(PublishRequest::path).containsExactly("/events", "/batch_events");
    }

    @Test
    void aUserIdIsRefusedWhenItCannotBeAChannelNameOrComesWithChannels() {
        assertThat(problems(event("\"user\": \"" + "u".repeat(148) + "\"", "e", "1"))).isEmpty();
        assertThat(problems(event("\"user\": \"" + "u".repeat(149) + "\"", "e", "1"))).containsExactly(new EventProblem(0, "user",
                "at most 148 characters (#server-to-user-{id} is a channel name, at most 164), has 149"));
        assertThat(problems(event("\"user\": \"auth0|42\"", "e", "1"))).containsExactly(new EventProblem(0, "user",
                "\"auth0|42\" may contain only letters, digits and - _ = @ , . ; (and is not empty): it becomes the channel"
                        + " #server-to-user-{id}"));
        assertThat(problems(event("\"user\": 42", "e", "1"))).containsExactly(new EventProblem(0, "user",
                "must be a user id (a string), the id your user authentication signs in"));
        assertThat(problems(event("\"user\": \"a\", \"channel\": \"b\"", "e", "1"))).containsExactly(new EventProblem(0, "channel",
                "give one of channel, channels or user, not both channel and user"));
        assertThat(problems(event("\"user\": \"a\"", "e", "\"" + "d".repeat(10241) + "\""))).containsExactly(new EventProblem(0,
                "data", "at most 10240 bytes (pusher.events.max-data-bytes), has 10241"));
    }

    @Test
    void everyBadEventOfAFileIsListedWithItsIndexNotJustTheFirst() {
        RefusedEventsException refused = (RefusedEventsException) catchRefusal("""
                [{"channel": "ok", "name": "e", "data": 1},
                 {"name": "e", "data": 1},
                 {"channel": "c", "channels": ["d"], "name": "e", "data": 1},
                 {"channel": "c", "name": "e"},
                 {"channel": "c", "name": "e", "data": 1, "chanel": "typo"},
                 "not an object"]""");
        assertThat(refused.problems()).extracting(EventProblem::toString).containsExactly(
                "event 1, channel: missing: give channel (a name), channels (a list of names) or user (a user id)",
                "event 2, channel: give one of channel, channels or user, not both channel and channels",
                "event 3, data: missing: a string, or any JSON value (sent as its JSON text)",
                "event 4, chanel: unknown field; an event has channel, channels or user, name, data, and optionally socket_id, info",
                "event 5, event: must be a JSON object, is string");
        assertThat(refused.getMessage()).startsWith("Refused test.json (nothing of it was sent):");
    }

    @Test
    void malformedOrEmptyInputIsRefusedSayingWhere() {
        assertThat(problems("[{\"channel\": }]")).singleElement()
                .satisfies(p -> assertThat(p.toString()).startsWith("input, json: not valid JSON").contains("line 1, column"));
        assertThat(problems("")).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("empty: expected one event object or an array of them"));
    }

    @Test
    void oneEventOrAnArrayAreBothAFile() {
        assertThat(read(event("\"channel\": \"c\"", "e", "\"x\""))).hasSize(1);
        assertThat(read("[]")).isEmpty();
        assertThat(read("[" + event("\"channel\": \"c\"", "e", "1") + "," + event("\"channels\": [\"a\", \"b\"]", "f", "2") + "]"))
                .extracting(PusherEvent::index, PusherEvent::channels)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, List.of("c")), org.assertj.core.groups.Tuple.tuple(1, List.of("a", "b")));
    }

    private Throwable catchRefusal(String json) {
        try {
            read(json);
        } catch (RefusedEventsException e) {
            return e;
        }
        throw new AssertionError("not refused: " + json);
    }

    private static String channels(int count) {
        return IntStream.range(0, count).mapToObj(i -> "\"ch-" + i + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
