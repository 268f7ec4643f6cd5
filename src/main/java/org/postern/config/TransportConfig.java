package org.postern.config;

import java.util.Objects;

/**
 * The organisation's transport limits (Get-/Set-TransportConfig): the largest message the
 * organisation receives and sends, and the most recipients a message may have. Defaults are
 * Exchange's (exchange-behaviour.md section h). The delivery engine applies them when it
 * categorises a message (Router.organizationLimit); receive connectors have their own limits.
 *
 * @param maxReceiveSize the largest message accepted from outside (anonymous or external
 *     senders)
 * @param maxSendSize the largest message an Internal sender may send
 * @param maxRecipientEnvelopeLimit the most recipients a message may have
 */
public record TransportConfig(ByteLimit maxReceiveSize, ByteLimit maxSendSize,
        Unlimited maxRecipientEnvelopeLimit) {

    /** The identity and name Exchange shows: the organisation's one settings object. */
    public static final String IDENTITY = "Transport Settings";

    public TransportConfig {
        Objects.requireNonNull(maxReceiveSize);
        Objects.requireNonNull(maxSendSize);
        Objects.requireNonNull(maxRecipientEnvelopeLimit);
    }

    /** Exchange's defaults: 10 MB each way, 500 recipients. */
    public static TransportConfig defaults() {
        return new TransportConfig(ByteLimit.of(ByteSize.ofMegabytes(10)),
                ByteLimit.of(ByteSize.ofMegabytes(10)), Unlimited.of(500));
    }

    public TransportConfig withMaxReceiveSize(ByteLimit v) {
        return new TransportConfig(v, maxSendSize, maxRecipientEnvelopeLimit);
    }

    public TransportConfig withMaxSendSize(ByteLimit v) {
        return new TransportConfig(maxReceiveSize, v, maxRecipientEnvelopeLimit);
    }

    public TransportConfig withMaxRecipientEnvelopeLimit(Unlimited v) {
        return new TransportConfig(maxReceiveSize, maxSendSize, v);
    }

    /**
     * Checks the ranges Set-TransportConfig accepts: sizes up to 2147483647 bytes, the
     * recipient limit up to 2147483647, or Unlimited.
     *
     * @throws InvalidConfigurationException naming the parameter and its value
     */
    public void check() {
        size("MaxReceiveSize", maxReceiveSize);
        size("MaxSendSize", maxSendSize);
        if (!maxRecipientEnvelopeLimit.isUnlimited()
                && maxRecipientEnvelopeLimit.value() > Integer.MAX_VALUE) {
            throw new InvalidConfigurationException("The MaxRecipientEnvelopeLimit value \""
                    + maxRecipientEnvelopeLimit + "\" is out of range: use 0 to 2147483647, or"
                    + " Unlimited.");
        }
    }

    private static void size(String name, ByteLimit v) {
        if (v.size().isPresent() && v.size().get().bytes() > Integer.MAX_VALUE) {
            throw new InvalidConfigurationException("The " + name + " value \"" + v
                    + "\" is out of range: use 0 to 2147483647 bytes (2 GB), or Unlimited.");
        }
    }
}
