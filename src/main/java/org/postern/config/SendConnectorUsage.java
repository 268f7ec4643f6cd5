package org.postern.config;

/**
 * The usage type New-SendConnector is given. It only seeds defaults: MaxMessageSize is unlimited
 * for Internal and 35 MB for the others.
 */
public enum SendConnectorUsage {
    Custom, Internal, Internet, Partner;

    /** The MaxMessageSize a new connector of this usage gets. */
    public ByteLimit defaultMaxMessageSize() {
        return this == Internal ? ByteLimit.UNLIMITED : ByteLimit.of(ByteSize.ofMegabytes(35));
    }
}
