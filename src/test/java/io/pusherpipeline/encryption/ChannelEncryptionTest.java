package io.pusherpipeline.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pusherpipeline.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChannelEncryptionTest {

    /** Base64 of 32 bytes of 7. */
    static final String MASTER_KEY = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";

    private static ChannelEncryption keyed() {
        ChannelEncryption encryption = new ChannelEncryption();
        encryption.setMasterKey(MASTER_KEY);
        return encryption;
    }

    @Test
    void theChannelKeyIsTheOneTheOfficialNodeLibraryDerives() {
        // npm pusher 5.3.4: new Pusher({..., encryptionMasterKeyBase64}).channelSharedSecret("private-encrypted-döner")
        assertThat(HexFormat.of().formatHex(keyed().channelKey("private-encrypted-döner")))
                .isEqualTo("f532486c0582e09c30b20cc5e5e1ddad5c2710c35792393d82ab50086cb643e2");
    }

    @Test
    void dataIsSentAsNonceAndCiphertextOfTheChannelsKeyWithAFreshNonceEachTime() throws Exception {
        ChannelEncryption encryption = keyed();
        String data = "{\"text\":\"grüße\"}";
        JsonNode first = Json.MAPPER.readTree(encryption.encrypt("private-encrypted-a", data));
        JsonNode second = Json.MAPPER.readTree(encryption.encrypt("private-encrypted-a", data));
        assertThat(first.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("nonce", "ciphertext");
        byte[] nonce = Base64.getDecoder().decode(first.get("nonce").textValue());
        assertThat(nonce).hasSize(24);
        assertThat(Base64.getDecoder().decode(first.get("ciphertext").textValue())).isEqualTo(
                SecretBox.seal(encryption.channelKey("private-encrypted-a"), nonce, data.getBytes(StandardCharsets.UTF_8)));
        assertThat(second.get("nonce")).isNotEqualTo(first.get("nonce"));
        assertThat(second.get("ciphertext")).isNotEqualTo(first.get("ciphertext"));
        assertThat(ChannelEncryption.encryptedBytes(data.getBytes(StandardCharsets.UTF_8).length))
                .isEqualTo(encryption.encrypt("private-encrypted-a", data).length());
    }

    @Test
    void aMasterKeyThatIsNotBase64IsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> ChannelEncryption.parse("not*base64*secret"))
                .hasMessage("pusher.encryption-master-key (environment variable PUSHER_ENCRYPTION_MASTER_KEY) is not base64:"
                        + " give the base64 of 32 random bytes, such as the output of `openssl rand -base64 32`")
                .message().doesNotContain("secret");
    }

    @Test
    void aMasterKeyOfAnotherLengthIsRefusedSayingHowLongItIs() {
        String sixteen = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> ChannelEncryption.parse(sixteen))
                .hasMessageContaining("is base64 of 16 bytes, not 32")
                .message().doesNotContain(sixteen);
    }

    @Test
    void noMasterKeyMeansNoEncryptedChannelsAndNothingInToString() {
        assertThat(new ChannelEncryption().hasMasterKey()).isFalse();
        assertThat(ChannelEncryption.parse("  ")).isNull();
        assertThat(keyed().toString()).doesNotContain(MASTER_KEY).isEqualTo("ChannelEncryption[master key set]");
    }
}
