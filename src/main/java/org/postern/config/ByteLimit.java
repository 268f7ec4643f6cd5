package org.postern.config;

import java.util.Locale;
import java.util.Objects;

/**
 * A size limit that may be switched off, as Exchange's {@code Unlimited<ByteQuantifiedSize>}
 * (a send connector's MaxMessageSize): printed {@code Unlimited} or as the {@link ByteSize}.
 */
public final class ByteLimit {

    public static final ByteLimit UNLIMITED = new ByteLimit(null);

    private final ByteSize size;

    private ByteLimit(ByteSize size) {
        this.size = size;
    }

    public static ByteLimit of(ByteSize size) {
        return new ByteLimit(Objects.requireNonNull(size));
    }

    /**
     * Parses {@code Unlimited} (any case) or a size as {@link ByteSize#parse} takes it.
     *
     * @throws IllegalArgumentException naming the value
     */
    public static ByteLimit parse(String text) {
        if (text.trim().toLowerCase(Locale.ROOT).equals("unlimited")) {
            return UNLIMITED;
        }
        return of(ByteSize.parse(text));
    }

    public boolean isUnlimited() {
        return size == null;
    }

    /** The limit; empty when unlimited. */
    public java.util.Optional<ByteSize> size() {
        return java.util.Optional.ofNullable(size);
    }

    /** Whether a message of this many bytes fits. */
    public boolean allows(long bytes) {
        return size == null || bytes <= size.bytes();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteLimit && Objects.equals(((ByteLimit) o).size, size);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(size);
    }

    @Override
    public String toString() {
        return size == null ? "Unlimited" : size.toString();
    }
}
