package org.postern.config;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv6.IPv6Address;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry of a receive connector's RemoteIPRanges: a single address, a range {@code a-b}, or a
 * CIDR block {@code address/length}, IPv4 or IPv6. It prints as it was typed (normalised to
 * lower case), the way Exchange shows it.
 */
public final class IpRange {

    /**
     * Only the address forms an administrator means: dotted-quad IPv4 with four decimal parts
     * and no leading zeros (so {@code 192.0.2} is not quietly {@code 192.0.0.2} and
     * {@code 010.0.2.1} not an octal number), standard IPv6, and no wildcards or segment ranges.
     */
    private static final IPAddressStringParameters STRICT;

    static {
        IPAddressStringParameters.Builder b = new IPAddressStringParameters.Builder()
                .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowMask(false)
                .allowPrefixOnly(false).allowWildcardedSeparator(false)
                .setRangeOptions(RangeParameters.NO_RANGE).allow_inet_aton(false);
        b.getIPv4AddressParametersBuilder().allowLeadingZeros(false)
                .allowPrefixesBeyondAddressSize(false).allowBinary(false);
        b.getIPv6AddressParametersBuilder().allowPrefixesBeyondAddressSize(false)
                .allowBinary(false).allowBase85(false);
        STRICT = b.toParams();
    }

    /** Every IPv4 address, as Exchange's default connectors list it. */
    public static final IpRange ALL_IPV4 = parse("0.0.0.0-255.255.255.255");
    /** Every IPv6 address, as Exchange's default connectors list it. */
    public static final IpRange ALL_IPV6 = parse("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

    private final String text;
    private final IPAddressSeqRange range;

    private IpRange(String text, IPAddressSeqRange range) {
        this.text = text;
        this.range = range;
    }

    /**
     * Parses one entry.
     *
     * @throws IllegalArgumentException with a message naming the value if it is not an address,
     *     a range or a CIDR block, if a range runs backwards or mixes IPv4 and IPv6
     */
    public static IpRange parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            throw new IllegalArgumentException(
                    "The value \"" + value + "\" isn't a valid IP range: it is empty.");
        }
        int dash = text.indexOf('-');
        try {
            if (dash >= 0) {
                IPAddress low = address(text.substring(0, dash).trim(), value);
                IPAddress high = address(text.substring(dash + 1).trim(), value);
                if (low.isIPv4() != high.isIPv4()) {
                    throw invalid(value, "the two ends are of different address families");
                }
                if (low.compareTo(high) > 0) {
                    throw invalid(value, "the start address is greater than the end address");
                }
                return new IpRange(text, low.spanWithRange(high));
            }
            IPAddressString parsed = new IPAddressString(text, STRICT);
            IPAddress address = parsed.toAddress();
            if (address.getNetworkPrefixLength() != null) {
                // Host bits may be set (192.168.5.1/24): the entry means the whole block.
                return new IpRange(text, address.toPrefixBlock().toSequentialRange());
            }
            if (address.getCount().compareTo(BigInteger.ONE) != 0) {
                throw invalid(value, "it is not a single address, a range or a CIDR block");
            }
            return new IpRange(text, stripZone(address).toSequentialRange());
        } catch (AddressStringException | inet.ipaddr.IncompatibleAddressException e) {
            throw invalid(value, badPrefix(text).orElse("it is not a valid IP address"));
        }
    }

    /**
     * For a CIDR entry whose address is valid but whose prefix length is not (10.0.0.0/99):
     * which lengths the family allows.
     */
    private static Optional<String> badPrefix(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        IPAddress address = new IPAddressString(text.substring(0, slash), STRICT).getAddress();
        if (address == null || address.getNetworkPrefixLength() != null) {
            return Optional.empty();
        }
        return Optional.of("the prefix length \"" + text.substring(slash + 1)
                + "\" is not one of 0 to " + address.getBitCount() + " for an "
                + (address.isIPv4() ? "IPv4" : "IPv6") + " address");
    }

    private static IPAddress address(String part, String whole) throws AddressStringException {
        IPAddressString parsed = new IPAddressString(part, STRICT);
        IPAddress address = parsed.toAddress();
        if (address.getNetworkPrefixLength() != null
                || address.getCount().compareTo(BigInteger.ONE) != 0) {
            throw invalid(whole, "each end of a range must be a single address");
        }
        return stripZone(address);
    }

    private static IPAddress stripZone(IPAddress address) {
        if (address instanceof IPv6Address) {
            return ((IPv6Address) address).removeZone();
        }
        return address;
    }

    private static IllegalArgumentException invalid(String value, String why) {
        return new IllegalArgumentException(
                "The value \"" + value + "\" isn't a valid IP range: " + why + ".");
    }

    /** Whether the client address is in this range (an IPv4-mapped IPv6 address counts as IPv4). */
    public boolean contains(InetAddress client) {
        IPAddress address = ClientAddress.of(client);
        return address.isIPv4() == range.isIPv4() && range.contains(address);
    }

    /** How many addresses the range holds: the smaller, the more specific. */
    public BigInteger size() {
        return range.getCount();
    }

    public boolean isIPv4() {
        return range.isIPv4();
    }

    /** Whether every address of {@code other} is also in this range. */
    public boolean encloses(IpRange other) {
        return isIPv4() == other.isIPv4() && range.contains(other.range);
    }

    /** The addresses as the ipaddress library's range, for set arithmetic in this package. */
    IPAddressSeqRange addresses() {
        return range;
    }

    /** Whether the two ranges share at least one address. */
    public boolean overlaps(IpRange other) {
        return isIPv4() == other.isIPv4() && range.overlaps(other.range);
    }

    /** Whether the two ranges hold exactly the same addresses, however they were written. */
    public boolean sameAddresses(IpRange other) {
        return isIPv4() == other.isIPv4()
                && range.getLower().equals(other.range.getLower())
                && range.getUpper().equals(other.range.getUpper());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpRange && ((IpRange) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
