package org.postern.shell;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A System.DateTime in the shell: a point in time shown in a time zone (the server's, or UTC
 * for Exchange's *UTC properties). Its cell text is the en-US culture's general form that
 * Exchange samples show ({@code 12/3/2026 8:30:00 PM}); in strings (what {@code "$d"} and
 * comparisons with text use) it is the invariant culture's ({@code 12/03/2026 20:30:00}).
 *
 * <p>Scripts read its properties ({@code Year}, {@code Hour}, {@code Date}, ...) and call the
 * methods admins use ({@code AddHours(-1)}, {@code AddDays}, {@code ToUniversalTime()},
 * {@code ToString('yyyy-MM-dd')}). {@link #parse} reads the forms admins type, in the en-US
 * culture; a comparison such as {@code $_.Timestamp -gt "12/3/2026 9:00 AM"} converts the text
 * through it.
 */
public record ShellDateTime(Instant instant, ZoneId zone) implements Comparable<ShellDateTime> {

    private static final DateTimeFormatter EN_US =
            DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);
    private static final DateTimeFormatter INVARIANT =
            DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss", Locale.ROOT);
    /** .NET counts ticks (100 ns) from 0001-01-01T00:00. */
    private static final LocalDateTime TICKS_EPOCH = LocalDateTime.of(1, 1, 1, 0, 0);

    private static final String MONTH = "(?<monthname>[A-Za-z]{3,9})\\.?";
    private static final Pattern DATE_US = Pattern.compile(
            "(?<m>\\d{1,2})/(?<d>\\d{1,2})/(?<y>\\d{4})");
    private static final Pattern DATE_ISO = Pattern.compile(
            "(?<y>\\d{4})[-/](?<m>\\d{1,2})[-/](?<d>\\d{1,2})");
    private static final Pattern DATE_NAMED = Pattern.compile(
            "(?:[A-Za-z]+,\\s*)?" + MONTH + "\\s+(?<d>\\d{1,2}),?\\s+(?<y>\\d{4})");
    private static final Pattern DATE_DAY_FIRST = Pattern.compile(
            "(?:[A-Za-z]+,\\s*)?(?<d>\\d{1,2})\\s+" + MONTH + ",?\\s+(?<y>\\d{4})");
    private static final Pattern TIME = Pattern.compile(
            "(?<h>\\d{1,2}):(?<min>\\d{2})(?::(?<s>\\d{2})(?:\\.(?<f>\\d{1,7}))?)?"
            + "\\s*(?<ampm>[AaPp]\\.?[Mm]\\.?)?\\s*(?<zone>[Zz]|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern TIME_HOUR_ONLY = Pattern.compile(
            "(?<h>\\d{1,2})\\s*(?<ampm>[AaPp]\\.?[Mm]\\.?)");

    /** The current time in the server's zone, as Get-Date gives it. */
    public static ShellDateTime now() {
        return new ShellDateTime(Instant.now(), ZoneId.systemDefault());
    }

    /** A point in time shown in the server's zone. */
    public static ShellDateTime local(Instant instant) {
        return new ShellDateTime(instant, ZoneId.systemDefault());
    }

    /**
     * Reads a date and time as .NET's DateTime.Parse does in the en-US culture, for the forms
     * admins type: {@code 12/3/2026}, {@code 12/3/2026 9:00 AM}, {@code 12/3/2026 21:00:05},
     * {@code 2026-12-03}, {@code 2026-12-03 09:00}, {@code 2026-12-03T09:00:00Z} (or with an
     * offset), {@code December 3, 2026 9:00 PM}, {@code 3 Dec 2026}, the long form
     * {@code Thursday, December 3, 2026 9:00:00 PM}, and a time alone ({@code 9:00 AM}, today).
     * Without an offset the time is the server's local time.
     *
     * @throws IllegalArgumentException with .NET's message when the text is no date
     */
    public static ShellDateTime parse(String text) {
        String t = text == null ? "" : text.trim();
        try {
            ShellDateTime parsed = parseOrNull(t);
            if (parsed != null) {
                return parsed;
            }
        } catch (DateTimeException | ArithmeticException e) {
            // a field out of range (month 13, February 30, hour 25): not a date
        }
        throw new IllegalArgumentException("String was not recognized as a valid DateTime.");
    }

    private static ShellDateTime parseOrNull(String t) {
        ZoneId local = ZoneId.systemDefault();
        LocalDate date = null;
        String rest = t;
        for (Pattern p : List.of(DATE_US, DATE_ISO, DATE_NAMED, DATE_DAY_FIRST)) {
            Matcher m = p.matcher(t);
            if (m.lookingAt()) {
                int month = p == DATE_NAMED || p == DATE_DAY_FIRST
                        ? month(m.group("monthname")) : Integer.parseInt(m.group("m"));
                if (month == 0) {
                    continue;
                }
                date = LocalDate.of(Integer.parseInt(m.group("y")), month,
                        Integer.parseInt(m.group("d")));
                rest = t.substring(m.end());
                break;
            }
        }
        if (date != null && rest.isEmpty()) {
            return new ShellDateTime(date.atStartOfDay(local).toInstant(), local);
        }
        if (date != null) {
            if (!(rest.startsWith("T") || rest.startsWith("t")
                    || Character.isWhitespace(rest.charAt(0)))) {
                return null;
            }
            rest = rest.substring(1).trim();
        }
        Matcher tm = TIME.matcher(rest);
        Matcher hm = TIME_HOUR_ONLY.matcher(rest);
        LocalTime time;
        String zone = null;
        if (tm.matches()) {
            int hour = hour(Integer.parseInt(tm.group("h")), tm.group("ampm"));
            int seconds = tm.group("s") == null ? 0 : Integer.parseInt(tm.group("s"));
            String f = tm.group("f") == null ? "" : tm.group("f");
            int nanos = f.isEmpty() ? 0 : Integer.parseInt((f + "000000000").substring(0, 9));
            time = LocalTime.of(hour, Integer.parseInt(tm.group("min")), seconds, nanos);
            zone = tm.group("zone");
        } else if (hm.matches()) {
            time = LocalTime.of(hour(Integer.parseInt(hm.group("h")), hm.group("ampm")), 0);
        } else {
            return null;
        }
        LocalDate day = date != null ? date : LocalDate.now(local);
        Instant at;
        if (zone == null) {
            at = day.atTime(time).atZone(local).toInstant();
        } else if (zone.equalsIgnoreCase("Z")) {
            at = day.atTime(time).toInstant(ZoneOffset.UTC);
        } else {
            String z = zone.contains(":") ? zone : zone.substring(0, 3) + ":" + zone.substring(3);
            at = OffsetDateTime.of(day, time, ZoneOffset.of(z)).toInstant();
        }
        return new ShellDateTime(at, local);
    }

    /** A 12-hour clock hour with AM or PM to 0-23; a 24-hour hour as it is. */
    private static int hour(int h, String ampm) {
        if (ampm == null) {
            return h;
        }
        if (h < 1 || h > 12) {
            throw new DateTimeException("hour " + h + " with " + ampm);
        }
        boolean pm = Character.toUpperCase(ampm.charAt(0)) == 'P';
        return h % 12 + (pm ? 12 : 0);
    }

    /** An English month name or its three-letter abbreviation to 1-12; 0 when it is none. */
    private static int month(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (java.time.Month m : java.time.Month.values()) {
            String full = m.getDisplayName(TextStyle.FULL, Locale.US).toLowerCase(Locale.ROOT);
            if (n.equals(full) || n.length() == 3 && full.startsWith(n)) {
                return m.getValue();
            }
        }
        return 0;
    }

    /** The date and time in this value's zone. */
    public ZonedDateTime zoned() {
        return instant.atZone(zone);
    }

    /** The same instant shown in UTC ({@code ToUniversalTime()}). */
    public ShellDateTime toUniversalTime() {
        return new ShellDateTime(instant, ZoneOffset.UTC);
    }

    @Override
    public int compareTo(ShellDateTime o) {
        return instant.compareTo(o.instant);
    }

    /** The en-US general form: {@code 12/3/2026 8:30:00 PM}. */
    @Override
    public String toString() {
        return EN_US.format(zoned());
    }

    /** The invariant culture's form, which .NET uses to turn a DateTime into a string. */
    public String invariantText() {
        return INVARIANT.format(zoned());
    }

    /** A property as .NET's DateTime has it; {@link Members#NONE} when there is none. */
    Object property(String lowerName) {
        ZonedDateTime z = zoned();
        switch (lowerName) {
            case "date":
                return new ShellDateTime(z.toLocalDate().atStartOfDay(zone).toInstant(), zone);
            case "day":
                return z.getDayOfMonth();
            case "dayofweek":
                return z.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US);
            case "dayofyear":
                return z.getDayOfYear();
            case "hour":
                return z.getHour();
            case "kind":
                return zone.equals(ZoneOffset.UTC) ? "Utc" : "Local";
            case "millisecond":
                return z.getNano() / 1_000_000;
            case "minute":
                return z.getMinute();
            case "month":
                return z.getMonthValue();
            case "second":
                return z.getSecond();
            case "ticks":
                return ChronoUnit.MICROS.between(TICKS_EPOCH, z.toLocalDateTime()) * 10
                        + z.getNano() / 100 % 10;
            case "timeofday":
                return Duration.ofNanos(z.toLocalTime().toNanoOfDay());
            case "year":
                return z.getYear();
            default:
                return Members.NONE;
        }
    }

    /** A method of .NET's DateTime; {@link Members#NONE} when there is none of that shape. */
    Object call(String lowerName, List<Object> args) {
        if (lowerName.equals("add")) {
            return args.size() == 1 && args.get(0) instanceof Duration
                    ? new ShellDateTime(instant.plus((Duration) args.get(0)), zone)
                    : Members.NONE;
        }
        if (args.size() == 1 && lowerName.startsWith("add")) {
            double n = Values.toNumber(args.get(0)).doubleValue();
            switch (lowerName) {
                case "adddays":
                    return plusNanos(n * 86_400e9);
                case "addhours":
                    return plusNanos(n * 3_600e9);
                case "addminutes":
                    return plusNanos(n * 60e9);
                case "addseconds":
                    return plusNanos(n * 1e9);
                case "addmilliseconds":
                    return plusNanos(n * 1e6);
                case "addmonths":
                    return at(zoned().plusMonths((long) n));
                case "addyears":
                    return at(zoned().plusYears((long) n));
                default:
                    return Members.NONE;
            }
        }
        switch (lowerName) {
            case "touniversaltime":
                return args.isEmpty() ? toUniversalTime() : Members.NONE;
            case "tolocaltime":
                return args.isEmpty() ? local(instant) : Members.NONE;
            case "tostring":
                return args.size() == 1 ? format(Values.toStr(args.get(0))) : Members.NONE;
            case "toshortdatestring":
                return args.isEmpty() ? format("d") : Members.NONE;
            case "tolongdatestring":
                return args.isEmpty() ? format("D") : Members.NONE;
            case "toshorttimestring":
                return args.isEmpty() ? format("t") : Members.NONE;
            case "tolongtimestring":
                return args.isEmpty() ? format("T") : Members.NONE;
            case "subtract":
                if (args.size() == 1 && args.get(0) instanceof ShellDateTime) {
                    return Duration.between(((ShellDateTime) args.get(0)).instant, instant);
                }
                if (args.size() == 1 && args.get(0) instanceof Duration) {
                    return new ShellDateTime(instant.minus((Duration) args.get(0)), zone);
                }
                return Members.NONE;
            case "compareto":
                return args.size() == 1 && args.get(0) instanceof ShellDateTime
                        ? (Object) compareTo((ShellDateTime) args.get(0)) : Members.NONE;
            default:
                return Members.NONE;
        }
    }

    private ShellDateTime plusNanos(double nanos) {
        // .NET rounds the added value to whole milliseconds.
        long millis = Math.round(nanos / 1e6);
        return new ShellDateTime(instant.plusMillis(millis), zone);
    }

    private ShellDateTime at(ZonedDateTime z) {
        return new ShellDateTime(z.toInstant(), zone);
    }

    /**
     * The text for a .NET format string (en-US): a standard one ({@code d D t T f F g G s u o})
     * or a custom one of {@code yyyy yy MMMM MMM MM M dddd ddd dd d HH H hh h mm m ss s fff tt
     * zzz} and quoted literals.
     *
     * @throws ShellError when the format cannot be read
     */
    public String format(String net) {
        ZonedDateTime z = zoned();
        switch (net) {
            case "d":
                return pattern("M/d/yyyy", z);
            case "D":
                return pattern("EEEE, MMMM d, yyyy", z);
            case "t":
                return pattern("h:mm a", z);
            case "T":
                return pattern("h:mm:ss a", z);
            case "f":
                return pattern("EEEE, MMMM d, yyyy h:mm a", z);
            case "F":
                return pattern("EEEE, MMMM d, yyyy h:mm:ss a", z);
            case "g":
                return pattern("M/d/yyyy h:mm a", z);
            case "G":
                return toString();
            case "s":
                return pattern("yyyy-MM-dd'T'HH:mm:ss", z);
            case "u":
                return pattern("yyyy-MM-dd HH:mm:ss'Z'", z);
            case "o":
            case "O":
                return pattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSxxx", z);
            default:
                break;
        }
        if (net.length() == 1) {
            throw new ShellError("Exception calling \"ToString\" with \"1\" argument(s): \"Input"
                    + " string was not in a correct format.\"", ErrorCategory.NotSpecified,
                    "MethodInvocationException", null, "FormatException");
        }
        return pattern(javaPattern(net), z);
    }

    private static String pattern(String java, ZonedDateTime z) {
        return DateTimeFormatter.ofPattern(java, Locale.US).format(z);
    }

    /** A .NET custom date format as a java.time pattern. */
    private static String javaPattern(String net) {
        StringBuilder out = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < net.length()) {
            char c = net.charAt(i);
            int run = 1;
            while (i + run < net.length() && net.charAt(i + run) == c) {
                run++;
            }
            String field;
            switch (c) {
                case 'y':
                    field = run <= 2 ? "yy" : "yyyy";
                    break;
                case 'M':
                    field = run >= 4 ? "MMMM" : "M".repeat(run);
                    break;
                case 'd':
                    field = run >= 4 ? "EEEE" : run == 3 ? "EEE" : "d".repeat(run);
                    break;
                case 'H':
                case 'h':
                case 'm':
                case 's':
                    field = String.valueOf(c).repeat(Math.min(run, 2));
                    break;
                case 'f':
                case 'F':
                    field = "S".repeat(Math.min(run, 7));
                    break;
                case 't':
                    field = "a";
                    break;
                case 'z':
                    field = run >= 3 ? "xxx" : "x";
                    break;
                case 'K':
                    field = "xxx";
                    break;
                case '\'':
                case '"': {
                    int end = net.indexOf(c, i + 1);
                    literal.append(end < 0 ? net.substring(i + 1) : net.substring(i + 1, end));
                    i = end < 0 ? net.length() : end + 1;
                    continue;
                }
                case '\\':
                    if (i + 1 < net.length()) {
                        literal.append(net.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    field = null;
                    break;
                case '%':
                    i++;
                    continue;
                default:
                    field = null;
            }
            if (field == null) {
                literal.append(String.valueOf(c).repeat(run));
            } else {
                out.append(quote(literal.toString())).append(field);
                literal.setLength(0);
            }
            i += run;
        }
        return out.append(quote(literal.toString())).toString();
    }

    private static String quote(String literal) {
        return literal.isEmpty() ? "" : "'" + literal.replace("'", "''") + "'";
    }
}
