package org.postern.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The type of a configuration property: how a value typed in the shell or read from the
 * configuration file becomes the property's value, and how it is written back to the file.
 * Every conversion error is an {@link IllegalArgumentException} whose message names the value.
 *
 * @param <T> the Java type of the value
 */
public abstract class ValueType<T> {

    /**
     * Converts a shell or file value: a String, Boolean, Number, List, or for multi-valued types a
     * Map with {@code Add}/{@code Remove} keys, applied to {@code current}.
     */
    public abstract T convert(Object raw, T current);

    /** The value as the configuration file stores it: String, Boolean, Number or List. */
    public Object toFile(T value) {
        return value == null ? null : value.toString();
    }

    public static final ValueType<String> STRING = new ValueType<>() {
        @Override
        public String convert(Object raw, String current) {
            if (raw == null) {
                return null;
            }
            if (raw instanceof Collection || raw instanceof Map) {
                throw new IllegalArgumentException("Cannot convert \"" + Scalars.describe(raw)
                        + "\" to a single string value.");
            }
            String s = raw.toString();
            return s.isEmpty() ? null : s;
        }
    };

    public static final ValueType<Boolean> BOOLEAN = new ValueType<>() {
        @Override
        public Boolean convert(Object raw, Boolean current) {
            if (raw instanceof Boolean) {
                return (Boolean) raw;
            }
            if (raw instanceof Number) {
                return ((Number) raw).longValue() != 0;
            }
            if (raw instanceof String) {
                String s = ((String) raw).trim().toLowerCase(Locale.ROOT);
                if (s.equals("true") || s.equals("$true")) {
                    return true;
                }
                if (s.equals("false") || s.equals("$false")) {
                    return false;
                }
            }
            throw new IllegalArgumentException("Cannot convert value \"" + Scalars.describe(raw)
                    + "\" to type \"System.Boolean\". Boolean parameters accept only Boolean"
                    + " values and numbers, such as $True, $False, 1 or 0.");
        }

        @Override
        public Object toFile(Boolean value) {
            return value;
        }
    };

    public static final ValueType<Duration> TIMESPAN = new ValueType<>() {
        @Override
        public Duration convert(Object raw, Duration current) {
            if (raw instanceof Duration) {
                return (Duration) raw;
            }
            if (raw instanceof String) {
                return TimeSpans.parse((String) raw);
            }
            throw new IllegalArgumentException("Cannot convert value \"" + Scalars.describe(raw)
                    + "\" to a time span. Use [d.]hh:mm:ss, for example 00:10:00.");
        }

        @Override
        public Object toFile(Duration value) {
            return TimeSpans.format(value);
        }
    };

    public static final ValueType<ByteSize> BYTE_SIZE = new ValueType<>() {
        @Override
        public ByteSize convert(Object raw, ByteSize current) {
            if (raw instanceof ByteSize) {
                return (ByteSize) raw;
            }
            if (raw instanceof Number) {
                return ByteSize.ofBytes(((Number) raw).longValue());
            }
            if (raw instanceof String) {
                return ByteSize.parse((String) raw);
            }
            throw new IllegalArgumentException("Cannot convert value \"" + Scalars.describe(raw)
                    + "\" to a size.");
        }
    };

    /** A size or Unlimited ({@link ByteLimit}). */
    public static final ValueType<ByteLimit> BYTE_LIMIT = new ValueType<>() {
        @Override
        public ByteLimit convert(Object raw, ByteLimit current) {
            if (raw instanceof ByteLimit) {
                return (ByteLimit) raw;
            }
            if (raw instanceof Number) {
                return ByteLimit.of(ValueType.BYTE_SIZE.convert(raw, null));
            }
            if (raw instanceof String) {
                return ByteLimit.parse((String) raw);
            }
            throw new IllegalArgumentException("Cannot convert value \"" + raw
                    + "\" to a size. Use a size such as 35MB, or Unlimited.");
        }
    };

    public static final ValueType<Unlimited> UNLIMITED = new ValueType<>() {
        @Override
        public Unlimited convert(Object raw, Unlimited current) {
            if (raw instanceof Unlimited) {
                return (Unlimited) raw;
            }
            if (raw instanceof Number) {
                return Unlimited.of(((Number) raw).longValue());
            }
            if (raw instanceof String) {
                return Unlimited.parse((String) raw);
            }
            throw new IllegalArgumentException("Cannot convert value \"" + Scalars.describe(raw)
                    + "\". Use a whole number or Unlimited.");
        }
    };

    /** A whole number. */
    public static ValueType<Integer> integer() {
        return new ValueType<>() {
            @Override
            public Integer convert(Object raw, Integer current) {
                if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
                    long v = ((Number) raw).longValue();
                    if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                        return (int) v;
                    }
                }
                if (raw instanceof String) {
                    try {
                        return Integer.parseInt(((String) raw).trim());
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                }
                throw new IllegalArgumentException("Cannot convert value \""
                        + Scalars.describe(raw) + "\" to type \"System.Int32\".");
            }

            @Override
            public Object toFile(Integer value) {
                return value;
            }
        };
    }

    /** One value of an enum, by name, ignoring case. */
    public static <E extends Enum<E>> ValueType<E> enumeration(Class<E> type) {
        return new ValueType<>() {
            @Override
            public E convert(Object raw, E current) {
                if (type.isInstance(raw)) {
                    return type.cast(raw);
                }
                return Scalars.enumConstant(type, raw == null ? "" : raw.toString());
            }
        };
    }

    /** A flags value: a set of enum names, given as {@code "A, B"} or as an array. */
    public static <E extends Enum<E>> ValueType<EnumSet<E>> flags(Class<E> type) {
        return flags(type, null);
    }

    /**
     * A flags value whose empty set is the enum's {@code none} constant, as a .NET flags enum
     * prints 0 as its None name.
     */
    public static <E extends Enum<E>> ValueType<EnumSet<E>> flags(Class<E> type, E none) {
        return new ValueType<>() {
            @Override
            public EnumSet<E> convert(Object raw, EnumSet<E> current) {
                EnumSet<E> out = parse(raw);
                if (none != null && out.isEmpty()) {
                    out.add(none);
                }
                return out;
            }

            private EnumSet<E> parse(Object raw) {
                EnumSet<E> out = EnumSet.noneOf(type);
                for (Object item : Scalars.items(raw)) {
                    if (type.isInstance(item)) {
                        out.add(type.cast(item));
                        continue;
                    }
                    for (String part : item.toString().split(",")) {
                        if (!part.isBlank()) {
                            out.add(Scalars.enumConstant(type, part));
                        }
                    }
                }
                return out;
            }

            @Override
            public Object toFile(EnumSet<E> value) {
                List<String> names = new ArrayList<>();
                value.forEach(v -> names.add(v.name()));
                return names;
            }
        };
    }

    /**
     * A multi-valued property. A single value or an array replaces the list; a hashtable
     * {@code @{Add=...; Remove=...}} adds and removes values.
     */
    public static <E> ValueType<List<E>> list(Function<String, E> parser, Class<E> type) {
        return new ValueType<>() {
            @Override
            public List<E> convert(Object raw, List<E> current) {
                if (raw instanceof Map) {
                    List<E> out = new ArrayList<>(current == null ? List.of() : current);
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) raw).entrySet()) {
                        String key = e.getKey().toString().toLowerCase(Locale.ROOT);
                        List<E> values = parseAll(e.getValue());
                        if (key.equals("add")) {
                            for (E v : values) {
                                if (!out.contains(v)) {
                                    out.add(v);
                                }
                            }
                        } else if (key.equals("remove")) {
                            out.removeAll(values);
                        } else {
                            throw new IllegalArgumentException("The hashtable key \""
                                    + e.getKey() + "\" isn't valid. Use Add or Remove.");
                        }
                    }
                    return List.copyOf(out);
                }
                return List.copyOf(parseAll(raw));
            }

            private List<E> parseAll(Object raw) {
                List<E> out = new ArrayList<>();
                for (Object item : Scalars.items(raw)) {
                    E value = type.isInstance(item)
                            ? type.cast(item) : parser.apply(item.toString());
                    if (!out.contains(value)) {
                        out.add(value);
                    }
                }
                return out;
            }

            @Override
            public Object toFile(List<E> value) {
                List<String> out = new ArrayList<>();
                value.forEach(v -> out.add(v.toString()));
                return out;
            }
        };
    }

    /**
     * A certificate named as Exchange's SmtpX509Identifier: {@code <I>issuer<S>subject}, both
     * parts given (Get-ExchangeCertificate's Issuer and Subject).
     */
    public static final ValueType<String> CERTIFICATE_NAME = new ValueType<>() {
        @Override
        public String convert(Object raw, String current) {
            String s = STRING.convert(raw, current);
            if (s == null) {
                return null;
            }
            int subject = s.indexOf("<S>");
            boolean ok = s.startsWith("<I>") && subject > 3
                    && !s.substring(3, subject).isBlank()
                    && !s.substring(subject + 3).isBlank();
            if (!ok) {
                throw new IllegalArgumentException("The value \"" + s + "\" isn't a valid"
                        + " certificate name. Use \"<I>X.500Issuer<S>X.500Subject\", for example"
                        + " \"<I>CN=Contoso CA<S>CN=mail.contoso.com\".");
            }
            return s;
        }
    };

    public static final ValueType<List<Binding>> BINDINGS = list(Binding::parse, Binding.class);
    public static final ValueType<List<IpRange>> IP_RANGES = list(IpRange::parse, IpRange.class);
    public static final ValueType<List<String>> STRINGS = list(s -> s, String.class);
    public static final ValueType<List<TlsDomainCapability>> TLS_DOMAIN_CAPABILITIES =
            list(TlsDomainCapability::parse, TlsDomainCapability.class);
}
