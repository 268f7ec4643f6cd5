package org.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postern.config.ReceiveConnectorSchema.*;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The five default receive connectors of fact sheet section (e), as the first start makes them. */
class SetupTest {

    private static final ServerIdentity SERVER =
            new ServerIdentity("EX01", "ex01.contoso.com", "CONTOSO");

    private static Map<String, ReceiveConnector> byName(Configuration cfg) {
        return cfg.receiveConnectors().stream()
                .collect(Collectors.toMap(ReceiveConnector::name, Function.identity()));
    }

    private static String bindings(ReceiveConnector c) {
        return c.bindings().toString();
    }

    private static String groups(ReceiveConnector c) {
        return c.acl().displayGroups().toString();
    }

    @Test
    @DisplayName("names, roles, bindings, ranges, mechanisms, groups, logging and limits as "
            + "section (e) lists them")
    void theFiveDefaultConnectors() {
        Configuration cfg = Setup.initial(SERVER, "contoso.com", 0, Instant.EPOCH);
        assertThat(cfg.receiveConnectors()).extracting(ReceiveConnector::name).containsExactly(
                "Default Frontend EX01", "Client Frontend EX01", "Outbound Proxy Frontend EX01",
                "Default EX01", "Client Proxy EX01");
        Map<String, ReceiveConnector> c = byName(cfg);

        ReceiveConnector fe = c.get("Default Frontend EX01");
        assertThat(fe.identity()).isEqualTo("EX01\\Default Frontend EX01");
        assertThat(fe.transportRole()).isEqualTo(TransportRole.FrontendTransport);
        assertThat(bindings(fe)).isEqualTo("[[::]:25, 0.0.0.0:25]");
        assertThat(fe.authMechanism().toString())
                .isEqualTo("[Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer]");
        assertThat(groups(fe))
                .isEqualTo("[AnonymousUsers, ExchangeServers, ExchangeLegacyServers]");
        assertThat(fe.get(PROTOCOL_LOGGING_LEVEL)).isEqualTo(ProtocolLoggingLevel.Verbose);
        assertThat(fe.get(MESSAGE_RATE_LIMIT).isUnlimited()).isTrue();
        assertThat(fe.get(MESSAGE_RATE_SOURCE)).isEqualTo(MessageRateSource.IPAddress);
        assertThat(fe.get(MAX_RECIPIENTS_PER_MESSAGE)).isEqualTo(200);

        ReceiveConnector client = c.get("Client Frontend EX01");
        assertThat(client.transportRole()).isEqualTo(TransportRole.FrontendTransport);
        assertThat(bindings(client)).isEqualTo("[[::]:587, 0.0.0.0:587]");
        assertThat(client.authMechanism().toString())
                .isEqualTo("[Tls, Integrated, BasicAuth, BasicAuthRequireTLS]");
        assertThat(groups(client)).isEqualTo("[ExchangeUsers]");
        assertThat(client.get(PROTOCOL_LOGGING_LEVEL)).isEqualTo(ProtocolLoggingLevel.None);
        assertThat(client.get(MESSAGE_RATE_LIMIT)).hasToString("5");
        assertThat(client.get(MESSAGE_RATE_SOURCE)).isEqualTo(MessageRateSource.User);

        ReceiveConnector proxy = c.get("Outbound Proxy Frontend EX01");
        assertThat(proxy.transportRole()).isEqualTo(TransportRole.FrontendTransport);
        assertThat(bindings(proxy)).isEqualTo("[[::]:717, 0.0.0.0:717]");
        assertThat(proxy.authMechanism().toString())
                .isEqualTo("[Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer]");
        assertThat(groups(proxy)).isEqualTo("[ExchangeServers]");
        assertThat(proxy.get(MESSAGE_RATE_LIMIT).isUnlimited()).isTrue();

        ReceiveConnector hub = c.get("Default EX01");
        assertThat(hub.transportRole()).isEqualTo(TransportRole.HubTransport);
        assertThat(bindings(hub)).isEqualTo("[0.0.0.0:2525, [::]:2525]");
        assertThat(hub.authMechanism().toString())
                .isEqualTo("[Tls, Integrated, BasicAuth, ExchangeServer]");
        assertThat(groups(hub))
                .isEqualTo("[ExchangeUsers, ExchangeServers, ExchangeLegacyServers]");
        assertThat(hub.get(MAX_INBOUND_CONNECTION_PER_SOURCE).isUnlimited()).isTrue();
        assertThat(hub.get(MAX_INBOUND_CONNECTION_PERCENTAGE_PER_SOURCE)).isEqualTo(100);
        assertThat(hub.get(MAX_RECIPIENTS_PER_MESSAGE)).isEqualTo(5000);

        ReceiveConnector clientProxy = c.get("Client Proxy EX01");
        assertThat(clientProxy.transportRole()).isEqualTo(TransportRole.HubTransport);
        assertThat(bindings(clientProxy)).isEqualTo("[[::]:465, 0.0.0.0:465]");
        assertThat(clientProxy.authMechanism().toString())
                .isEqualTo("[Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer]");
        assertThat(groups(clientProxy)).isEqualTo("[ExchangeUsers, ExchangeServers]");
        assertThat(clientProxy.get(MESSAGE_RATE_LIMIT)).hasToString("5");
        assertThat(clientProxy.get(MESSAGE_RATE_SOURCE)).isEqualTo(MessageRateSource.User);
        assertThat(clientProxy.get(MAX_INBOUND_CONNECTION_PER_SOURCE)).hasToString("20");
        assertThat(clientProxy.get(MAX_INBOUND_CONNECTION_PERCENTAGE_PER_SOURCE)).isEqualTo(2);

        for (ReceiveConnector x : cfg.receiveConnectors()) {
            assertThat(x.remoteIpRanges()).as(x.name()).extracting(Object::toString)
                    .containsExactly("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                            "0.0.0.0-255.255.255.255");
            assertThat(x.enabled()).isTrue();
            assertThat(x.get(MAX_INBOUND_CONNECTION)).hasToString("5000");
            assertThat(x.get(MAX_MESSAGE_SIZE).bytes()).isEqualTo(37_748_736L);
            assertThat(x.get(MAX_HEADER_SIZE).bytes()).isEqualTo(262_144L);
            assertThat(x.get(MAX_PROTOCOL_ERRORS)).hasToString("5");
            assertThat(x.get(MAX_LOGON_FAILURES)).isEqualTo(3);
            assertThat(x.get(TARPIT_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
            assertThat(x.get(AUTH_TARPIT_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
            assertThat(x.get(MAX_HOP_COUNT)).isEqualTo(60);
            assertThat(x.get(MAX_LOCAL_HOP_COUNT)).isEqualTo(5);
            assertThat(x.get(SIZE_ENABLED)).isEqualTo(SizeEnabled.Enabled);
            assertThat(x.get(CONNECTION_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
            assertThat(x.get(CONNECTION_INACTIVITY_TIMEOUT)).isEqualTo(Duration.ofMinutes(5));
        }
        assertThat(cfg.acceptedDomains()).singleElement().satisfies(d -> {
            assertThat(d.domainName()).isEqualTo("contoso.com");
            assertThat(d.domainType()).isEqualTo(DomainType.Authoritative);
        });
    }

    @Test
    @DisplayName("a port offset moves every default port and nothing else")
    void portOffset() {
        Configuration cfg = Setup.initial(SERVER, "contoso.com", 1000, Instant.EPOCH);
        assertThat(cfg.receiveConnectors()).extracting(c -> c.bindings().get(0).port())
                .containsExactly(1025, 1587, 1717, 3525, 1465);
    }

    @Test
    @DisplayName("the configuration file round-trips the defaults and is written atomically")
    void configFileRoundTrip(@TempDir java.nio.file.Path dir) throws Exception {
        Configuration cfg = Setup.initial(SERVER, "contoso.com", 0, Instant.parse(
                "2016-08-05T23:24:41Z"));
        ConfigFile file = new ConfigFile(dir);
        file.write(cfg);
        assertThat(file.read()).isEqualTo(cfg);
        assertThat(java.nio.file.Files.list(dir).map(p -> p.getFileName().toString()).toList())
                .containsExactly("config.json");
        String json = java.nio.file.Files.readString(file.path());
        assertThat(json).contains("Default Frontend EX01").contains("[::]:25");
        List<String> lines = json.lines().toList();
        assertThat(lines.size()).as("indented, one value a line").isGreaterThan(50);
    }
}
