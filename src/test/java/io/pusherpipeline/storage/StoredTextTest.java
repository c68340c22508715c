package io.pusherpipeline.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StoredTextTest {

    private static final String M = StoredText.MARKER;

    @Test
    void nullStaysNull() {
        assertThat(StoredText.store(null)).isNull();
        assertThat(StoredText.read(null)).isNull();
    }

    @Test
    void plainValuesAreStoredAsTheyAre() {
        for (String plain : new String[] {"", "presence-lobby", "a\\b", "\\u0000 as six characters", "tab\there",
                "line\nbreak\r\n", "\u0001\u001f\u007f", "caf\u00e9 \ud83d\ude00", "x pusher-escaped: later"}) {
            assertThat(StoredText.needsEscape(plain)).as(plain).isFalse();
            assertThat(StoredText.store(plain)).as(plain).isSameAs(plain);
            assertThat(StoredText.read(plain)).as(plain).isSameAs(plain);
        }
    }

    @Test
    void nulIsEscapedAndReadBack() {
        assertThat(StoredText.store("x\u0000y")).isEqualTo(M + "x\\u0000y");
        assertThat(StoredText.read(M + "x\\u0000y")).isEqualTo("x\u0000y");
    }

    @Test
    void backslashesOfAnEscapedValueAreDoubled() {
        String value = "C:\\dir\\u0000\u0000";

        assertThat(StoredText.store(value)).isEqualTo(M + "C:\\\\dir\\\\u0000\\u0000");
        assertThat(StoredText.read(StoredText.store(value))).isEqualTo(value);
    }

    @Test
    void loneSurrogatesAreEscapedInLowercaseHex() {
        assertThat(StoredText.store("a\ud83d")).isEqualTo(M + "a\\ud83d");
        assertThat(StoredText.store("\ude00b")).isEqualTo(M + "\\ude00b");
        // A low surrogate before a high one is no pair: both are escaped.
        assertThat(StoredText.store("\ude00\ud83d")).isEqualTo(M + "\\ude00\\ud83d");
        for (String lone : new String[] {"a\ud83d", "\ude00b", "\ude00\ud83d", "\ud83d\ud83d\ude00", "\ud83d\ude00\ude00"}) {
            assertThat(StoredText.read(StoredText.store(lone))).as(escaped(lone)).isEqualTo(lone);
        }
    }

    @Test
    void aPairedSurrogateIsKeptAsItIs() {
        assertThat(StoredText.store("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
        assertThat(StoredText.store("\ud83d\ude00\u0000")).isEqualTo(M + "\ud83d\ude00\\u0000");
        assertThat(StoredText.store("\ud83d\ud83d\ude00")).isEqualTo(M + "\\ud83d\ud83d\ude00");
    }

    @Test
    void aValueThatStartsWithTheMarkerIsEscapedSoItReadsBackAsItWas() {
        String value = M + "x\\u0000";

        assertThat(StoredText.store(value)).isEqualTo(M + M + "x\\\\u0000");
        assertThat(StoredText.read(StoredText.store(value))).isEqualTo(value);
        assertThat(StoredText.read(StoredText.store(M))).isEqualTo(M);
    }

    @Test
    void anInvalidEscapeIsReadAsItIs() {
        for (String bad : new String[] {M + "a\\", M + "\\x", M + "\\u12", M + "\\u12g4", M + "ok\\u00", M + "\\u\uff10\uff10\uff10\uff10"}) {
            assertThat(StoredText.read(bad)).as(bad).isSameAs(bad);
        }
        assertThat(StoredText.read(M + "\\u0041\\uD83D")).isEqualTo("A\ud83d");
    }

    @Test
    void randomStringsRoundTripAndTheStoredFormHoldsNoNulNorLoneSurrogate() {
        long seed = Long.getLong("storedtext.seed", new Random().nextLong());
        Random random = new Random(seed);
        for (int n = 0; n < 100_000; n++) {
            String value = randomString(random);
            String stored = StoredText.store(value);
            String why = "seed " + seed + " (rerun with -Dstoredtext.seed=" + seed + "), value " + escaped(value);
            assertThat(StoredText.read(stored)).as(why).isEqualTo(value);
            assertThat(holdsNulOrLoneSurrogate(stored)).as(why).isFalse();
            assertThat(stored.equals(value)).as(why).isEqualTo(!holdsNulOrLoneSurrogate(value) && !value.startsWith(M));
        }
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder(random.nextInt(8) == 0 ? M : "");
        int length = random.nextInt(16);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(8)) {
                case 0 -> s.append((char) (0x20 + random.nextInt(0x5f)));
                case 1 -> s.append((char) random.nextInt(0x20));
                case 2 -> s.append("\\u0000\\\\u".charAt(random.nextInt(9)));
                case 3 -> s.append((char) (0xd800 + random.nextInt(0x400)));
                case 4 -> s.append((char) (0xdc00 + random.nextInt(0x400)));
                case 5 -> s.appendCodePoint(0x10000 + random.nextInt(0x100000));
                case 6 -> s.append("0123456789abcdefABCDEF".charAt(random.nextInt(22)));
                default -> s.append((char) random.nextInt(0x10000));
            }
        }
        return s.toString();
    }

    /** Independent of the codec: String.codePoints gives an unpaired surrogate as itself. */
    private static boolean holdsNulOrLoneSurrogate(String s) {
        return s.codePoints().anyMatch(cp -> cp == 0 || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE));
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(ch -> out.append(ch < 0x20 || ch > 0x7e ? String.format("\\u%04x", ch) : String.valueOf((char) ch)));
        return out.toString();
    }
}
