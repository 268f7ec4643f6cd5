package org.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryConfigFileTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final ServerIdentity SERVER = new ServerIdentity("EX01", "ex01.contoso.com",
            "CONTOSO");

    @TempDir
    Path dir;

    private Configuration sample() {
        Configuration base = Setup.initial(SERVER, "contoso.com", 0, NOW);
        SendConnector relay = SendConnector.create("Smart host", SendConnectorUsage.Custom,
                List.of(AddressSpace.parse("*"), AddressSpace.parse("SMTP:*.fabrikam.com;5")),
                "EX01", NOW).toBuilder().dnsRoutingEnabled(false)
                .smartHosts(List.of(SmartHost.parse("192.0.2.25"),
                        SmartHost.parse("smtp.example.net")))
                .port(587).smartHostAuthMechanism(SmartHostAuthMechanism.BasicAuthRequireTLS)
                .authenticationCredential(new SmtpCredential("relay@contoso.com", "Pa$$w0rd!"))
                .requireTls(true).maxMessageSize(ByteLimit.UNLIMITED).fqdn("out.contoso.com")
                .enabled(false).connectionInactivityTimeOut(Duration.ofMinutes(3))
                .smtpMaxMessagesPerConnection(50).comment("via the ISP").build(NOW);
        SendConnector internet = SendConnector.create("Internet", SendConnectorUsage.Internet,
                List.of(AddressSpace.parse("*")), "EX01", NOW);
        Mailbox kim = Mailbox.create("Kim Akers", "Kim A.", "kim@contoso.com",
                List.of("ka@contoso.com"), NOW);
        return base.withSendConnector(relay).withSendConnector(internet).withMailbox(kim)
                .withTransportService(base.transportService().withTransientFailureRetryCount(3)
                        .withMessageExpirationTimeout(Duration.ofDays(1))
                        .withMaxOutboundConnections(Unlimited.UNLIMITED));
    }

    @Test
    void everyDeliverySettingSurvivesARoundTrip() throws Exception {
        Configuration config = sample();
        ConfigFile file = new ConfigFile(dir);
        file.write(config);
        assertThat(new ConfigFile(dir).read()).isEqualTo(config);
    }

    @Test
    void passwordIsEncryptedInTheFileAndTheKeyIsOwnerOnly() throws Exception {
        new ConfigFile(dir).write(sample());
        String text = Files.readString(dir.resolve("config.json"));
        assertThat(text).contains("relay@contoso.com").doesNotContain("Pa$$w0rd!")
                .contains("aes-gcm:");
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("credential.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aFileWithoutCredentialsNeedsNoKey() throws Exception {
        new ConfigFile(dir).write(Setup.initial(SERVER, "contoso.com", 0, NOW));
        assertThat(dir.resolve("credential.key")).doesNotExist();
    }

    @Test
    void passwordsFromAnotherKeyAreReportedNotGuessed() throws Exception {
        new ConfigFile(dir).write(sample());
        Files.delete(dir.resolve("credential.key"));
        assertThatThrownBy(() -> new ConfigFile(dir).read())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Smart host").hasMessageContaining("credential.key");
    }

    @Test
    void aReceiveOnlyFileLoadsWithDeliveryDefaults() throws Exception {
        Configuration receiveOnly = Setup.initial(SERVER, "contoso.com", 0, NOW);
        ConfigFile file = new ConfigFile(dir);
        file.write(receiveOnly);
        String text = Files.readString(file.path());
        // What a file written before delivery existed looks like.
        String old = text.replaceAll("(?s),\\s*\"sendConnectors\".*", "\n}\n");
        assertThat(old).doesNotContain("transportService").doesNotContain("mailboxes");
        Files.writeString(file.path(), old);
        Configuration read = file.read();
        assertThat(read.sendConnectors()).isEmpty();
        assertThat(read.mailboxes()).isEmpty();
        assertThat(read.transportService()).isEqualTo(TransportService.defaults("EX01"));
        assertThat(read).isEqualTo(receiveOnly);
    }

    @Test
    void badSendConnectorValueIsNamedWithItsConnector() throws Exception {
        ConfigFile file = new ConfigFile(dir);
        file.write(sample());
        String text = Files.readString(file.path()).replace("SMTP:*.fabrikam.com;5",
                "SMTP:*.fabrikam.com;500");
        Files.writeString(file.path(), text);
        assertThatThrownBy(file::read).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Smart host").hasMessageContaining("500");
    }

    @Test
    void repositoryRefusesAnInvalidSendConnectorAndKeepsTheOldSnapshot() {
        Configuration initial = Setup.initial(SERVER, "contoso.com", 0, NOW);
        ConfigRepository repo = new ConfigRepository(new ConfigFile(dir), initial);
        SendConnector bad = SendConnector.create("X", SendConnectorUsage.Custom,
                List.of(AddressSpace.parse("*")), "EX01", NOW).toBuilder()
                .dnsRoutingEnabled(false).build(NOW);
        assertThatThrownBy(() -> repo.update(c -> c.withSendConnector(bad)))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThat(repo.current()).isSameAs(initial);
        assertThat(dir.resolve("config.json")).doesNotExist();
    }
}
