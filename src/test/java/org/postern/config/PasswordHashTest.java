package org.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void newHashIsArgon2idInTheStandardEncodedFormWithOwaspParameters() {
        PasswordHash h = PasswordHash.of("Pa55w.rd".toCharArray());
        assertThat(h.encoded()).matches(
                "\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(h.toString()).doesNotContain(h.encoded()).doesNotContain("Pa55w.rd");
    }

    @Test
    void theRightPasswordVerifiesAndOthersDoNot() {
        PasswordHash h = PasswordHash.of("Pa55w.rd".toCharArray());
        assertThat(h.verify("Pa55w.rd".toCharArray())).isTrue();
        assertThat(h.verify("pa55w.rd".toCharArray())).isFalse();
        assertThat(h.verify("Pa55w.rd ".toCharArray())).isFalse();
        assertThat(h.verify(new char[0])).isFalse();
    }

    @Test
    void twoHashesOfOnePasswordHaveDifferentSalts() {
        PasswordHash a = PasswordHash.of("same".toCharArray());
        PasswordHash b = PasswordHash.of("same".toCharArray());
        assertThat(a.encoded()).isNotEqualTo(b.encoded());
        assertThat(a.verify("same".toCharArray())).isTrue();
        assertThat(b.verify("same".toCharArray())).isTrue();
    }

    @Test
    void aStoredHashReadsBackAndVerifies() {
        PasswordHash h = PasswordHash.of("Grüße €".toCharArray());
        PasswordHash back = PasswordHash.parse(h.encoded());
        assertThat(back).isEqualTo(h);
        assertThat(back.verify("Grüße €".toCharArray())).isTrue();
        assertThat(back.verify("Grusse €".toCharArray())).isFalse();
    }

    /** The same computation by hand: the stored form means what it says. */
    @Test
    void aHashWithOtherParametersIsVerifiedWithThoseParameters() {
        byte[] salt = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(64)
                .withIterations(3).withParallelism(2).withSalt(salt).build());
        byte[] out = new byte[24];
        g.generateBytes("secret".getBytes(java.nio.charset.StandardCharsets.UTF_8), out);
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder().withoutPadding();
        String encoded = "$argon2id$v=19$m=64,t=3,p=2$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(out);
        PasswordHash h = PasswordHash.parse(encoded);
        assertThat(h.verify("secret".toCharArray())).isTrue();
        assertThat(h.verify("Secret".toCharArray())).isFalse();
    }

    @Test
    void malformedOrOutOfRangeHashesAreRefusedWithoutEchoingThem() {
        String good = PasswordHash.of("x".toCharArray()).encoded();
        for (String bad : new String[] {"", "plaintext", good.replace("argon2id", "argon2i"),
                good.replace("v=19", "v=16"), good.replace("m=19456", "m=99999999"),
                good.replace("m=19456", "m=300000"),
                good.replace("t=2", "t=0"), good.replace("p=1", "p=0"),
                good.substring(0, good.lastIndexOf('$') + 5)}) {
            assertThatThrownBy(() -> PasswordHash.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(good));
        }
    }
}
