package org.postern.queue;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.postern.log.Endpoints;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes a spool envelope file: one JSON object holding the message's id, Message-ID,
 * content size and SMTP envelope. Endpoints are written as {@code ip:port} literals and times as
 * ISO-8601, so an operator can read the file and nothing in it needs DNS to parse back.
 */
final class EnvelopeCodec {

    /** Bumped when the file layout changes incompatibly. */
    static final int FORMAT = 1;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private EnvelopeCodec() {
    }

    /** What an envelope file holds. */
    record Stored(long internalId, String messageId, long size, Envelope envelope) {
    }

    /** The file's JSON shape; kept apart from the contract records so they can evolve freely. */
    record FileForm(
            int format,
            long internalId,
            String messageId,
            long size,
            String sender,
            List<RecipientForm> recipients,
            Map<String, String> mailParameters,
            String connectorId,
            String sessionId,
            String client,
            String local,
            String heloName,
            String principal,
            String receivedAt) {
    }

    record RecipientForm(String address, Map<String, String> parameters) {
    }

    static byte[] encode(long internalId, String messageId, long size, Envelope envelope) {
        List<RecipientForm> recipients = new ArrayList<>();
        for (Envelope.Recipient r : envelope.recipients()) {
            recipients.add(new RecipientForm(r.address(), new TreeMap<>(r.parameters())));
        }
        Origin o = envelope.origin();
        FileForm form = new FileForm(FORMAT, internalId, messageId, size, envelope.sender(),
                recipients, new TreeMap<>(envelope.mailParameters()),
                o == null ? null : o.connectorId(),
                o == null ? null : o.sessionId(),
                o == null || o.client() == null ? null : Endpoints.format(o.client()),
                o == null || o.local() == null ? null : Endpoints.format(o.local()),
                o == null ? null : o.heloName(),
                o == null ? null : o.principal(),
                o == null || o.receivedAt() == null ? null : o.receivedAt().toString());
        return JSON.writeValueAsBytes(form);
    }

    /**
     * Parses an envelope file.
     *
     * @throws IOException naming what is wrong when the bytes are not a valid envelope file
     */
    static Stored decode(byte[] bytes) throws IOException {
        FileForm f;
        try {
            f = JSON.readValue(bytes, FileForm.class);
        } catch (JacksonException e) {
            throw new IOException("envelope is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (f == null || f.format() != FORMAT) {
            throw new IOException("envelope format " + (f == null ? "missing" : f.format())
                    + " is not " + FORMAT);
        }
        if (f.sender() == null || f.recipients() == null || f.size() < 0) {
            throw new IOException("envelope lacks sender, recipients or size");
        }
        List<Envelope.Recipient> recipients = new ArrayList<>();
        for (RecipientForm r : f.recipients()) {
            recipients.add(new Envelope.Recipient(r.address(),
                    r.parameters() == null ? Map.of() : r.parameters()));
        }
        Origin origin = new Origin(f.connectorId(), f.sessionId(), parseEndpoint(f.client()),
                parseEndpoint(f.local()), f.heloName(), f.principal(),
                parseInstant(f.receivedAt()));
        Envelope envelope = new Envelope(f.sender(), recipients,
                f.mailParameters() == null ? Map.of() : f.mailParameters(), origin);
        return new Stored(f.internalId(), f.messageId(), f.size(), envelope);
    }

    /** Parses {@code 192.0.2.1:25} or {@code [2001:db8::1]:25} without any name lookup. */
    static InetSocketAddress parseEndpoint(String text) throws IOException {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IOException("endpoint without port: " + text);
        }
        String host = text.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IOException("endpoint with bad port: " + text, e);
        }
        if (port < 0 || port > 65535) {
            throw new IOException("endpoint with bad port: " + text);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        IPAddress address = new IPAddressString(host).getAddress();
        if (address == null) {
            // Stored as a name because the origin was never resolved; keep it that way.
            return InetSocketAddress.createUnresolved(host, port);
        }
        return new InetSocketAddress(address.toInetAddress(), port);
    }

    private static Instant parseInstant(String text) throws IOException {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException("envelope with bad receivedAt: " + text, e);
        }
    }
}
