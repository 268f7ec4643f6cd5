package org.postern.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DateTime values in the shell: the text forms admins type, properties, methods, formats. */
class ShellDateTimeTest {

    private static final ZoneId LOCAL = ZoneId.systemDefault();

    private static Instant local(int y, int m, int d, int h, int min, int s) {
        return LocalDateTime.of(y, m, d, h, min, s).atZone(LOCAL).toInstant();
    }

    private static Instant parsed(String text) {
        return ShellDateTime.parse(text).instant();
    }

    @Test
    void usDatesWithTwelveAndTwentyFourHourTimes() {
        assertThat(parsed("12/3/2026")).isEqualTo(local(2026, 12, 3, 0, 0, 0));
        assertThat(parsed("12/03/2026 9:00 AM")).isEqualTo(local(2026, 12, 3, 9, 0, 0));
        assertThat(parsed("12/3/2026 12:05 am")).isEqualTo(local(2026, 12, 3, 0, 5, 0));
        assertThat(parsed("12/3/2026 12:05 PM")).isEqualTo(local(2026, 12, 3, 12, 5, 0));
        assertThat(parsed("12/3/2026 8:30:15 PM")).isEqualTo(local(2026, 12, 3, 20, 30, 15));
        assertThat(parsed(" 12/3/2026 21:00:05 ")).isEqualTo(local(2026, 12, 3, 21, 0, 5));
        assertThat(parsed("12/3/2026 9 PM")).isEqualTo(local(2026, 12, 3, 21, 0, 0));
    }

    @Test
    void isoDatesAndTimesWithAndWithoutOffset() {
        assertThat(parsed("2026-12-03")).isEqualTo(local(2026, 12, 3, 0, 0, 0));
        assertThat(parsed("2026-12-03 09:15")).isEqualTo(local(2026, 12, 3, 9, 15, 0));
        assertThat(parsed("2026-12-03T09:15:30")).isEqualTo(local(2026, 12, 3, 9, 15, 30));
        assertThat(parsed("2026-12-03T09:15:30Z"))
                .isEqualTo(Instant.parse("2026-12-03T09:15:30Z"));
        assertThat(parsed("2026-12-03T09:15:30.250+01:00"))
                .isEqualTo(Instant.parse("2026-12-03T08:15:30.250Z"));
        assertThat(parsed("2026/12/3 07:00")).isEqualTo(local(2026, 12, 3, 7, 0, 0));
    }

    @Test
    void monthNamesAndTheLongFormGetDatePrints() {
        assertThat(parsed("December 3, 2026")).isEqualTo(local(2026, 12, 3, 0, 0, 0));
        assertThat(parsed("Dec 3 2026 9:00 PM")).isEqualTo(local(2026, 12, 3, 21, 0, 0));
        assertThat(parsed("3 Dec 2026")).isEqualTo(local(2026, 12, 3, 0, 0, 0));
        assertThat(parsed("Thursday, December 3, 2026 8:30:00 PM"))
                .isEqualTo(local(2026, 12, 3, 20, 30, 0));
    }

    @Test
    void aTimeAloneIsToday() {
        assertThat(parsed("9:30 AM")).isEqualTo(LocalDate.now(LOCAL).atTime(9, 30)
                .atZone(LOCAL).toInstant());
    }

    @Test
    void textThatIsNoDateIsRefusedWithDotNetsMessage() {
        for (String bad : List.of("", "yesterday", "13/3/2026", "2/30/2026", "12/3/2026 25:00",
                "12/3/2026 13:00 PM", "12/3/2026x", "Smarch 3, 2026", "12/3/2026 9:00 AM junk")) {
            assertThatThrownBy(() -> ShellDateTime.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("String was not recognized as a valid DateTime.");
        }
    }

    @Test
    void cellTextIsEnUsAndStringsAreInvariant() {
        ShellDateTime d = new ShellDateTime(local(2026, 12, 3, 20, 30, 0), LOCAL);
        assertThat(d.toString()).isEqualTo("12/3/2026 8:30:00 PM");
        assertThat(Values.toStr(d)).isEqualTo("12/03/2026 20:30:00");
        assertThat(Values.typeName(d)).isEqualTo("System.DateTime");
    }

    @Test
    void propertiesAndArithmeticMethods() {
        ShellDateTime d = new ShellDateTime(local(2026, 12, 3, 20, 30, 15), LOCAL);
        assertThat(Members.get(d, "Year")).isEqualTo(2026);
        assertThat(Members.get(d, "month")).isEqualTo(12);
        assertThat(Members.get(d, "Hour")).isEqualTo(20);
        assertThat(Members.get(d, "DayOfWeek")).isEqualTo("Thursday");
        assertThat(Members.get(d, "TimeOfDay")).isEqualTo(Duration.ofSeconds(20 * 3600 + 1815));
        assertThat(Members.get(d, "Date").toString()).isEqualTo("12/3/2026 12:00:00 AM");
        assertThat(Members.get(d, "Ticks")).isEqualTo(expectedTicks(d));
        assertThat(Members.call(d, "AddHours", List.of(-1)).toString())
                .isEqualTo("12/3/2026 7:30:15 PM");
        assertThat(Members.call(d, "AddDays", List.of(1.5)).toString())
                .isEqualTo("12/5/2026 8:30:15 AM");
        assertThat(Members.call(d, "AddMinutes", List.of("30")).toString())
                .isEqualTo("12/3/2026 9:00:15 PM");
        assertThat(Members.call(d, "AddMonths", List.of(1)).toString())
                .isEqualTo("1/3/2027 8:30:15 PM");
        ShellDateTime earlier = (ShellDateTime) Members.call(d, "AddSeconds", List.of(-15));
        assertThat(Members.call(d, "Subtract", List.of(earlier)))
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(Operators.apply("gt", d, earlier)).isEqualTo(true);
        assertThat(Operators.apply("lt", d, "12/4/2026")).isEqualTo(true);
        assertThat(Operators.apply("eq", d, "12/3/2026 8:30:15 PM")).isEqualTo(true);
    }

    private static long expectedTicks(ShellDateTime d) {
        LocalDateTime t = d.zoned().toLocalDateTime();
        return java.time.temporal.ChronoUnit.SECONDS.between(LocalDateTime.of(1, 1, 1, 0, 0), t)
                * 10_000_000L;
    }

    @Test
    void dotNetFormatStrings() {
        ShellDateTime d = new ShellDateTime(local(2026, 12, 3, 20, 5, 9), LOCAL);
        assertThat(d.format("yyyy-MM-dd HH:mm:ss")).isEqualTo("2026-12-03 20:05:09");
        assertThat(d.format("dd.MM.yy h:mm tt")).isEqualTo("03.12.26 8:05 PM");
        assertThat(d.format("dddd, MMMM d")).isEqualTo("Thursday, December 3");
        assertThat(d.format("'Day' d 'of' MMM")).isEqualTo("Day 3 of Dec");
        assertThat(d.format("yyyyMMdd")).isEqualTo("20261203");
        assertThat(d.format("d")).isEqualTo("12/3/2026");
        assertThat(d.format("D")).isEqualTo("Thursday, December 3, 2026");
        assertThat(d.format("s")).isEqualTo("2026-12-03T20:05:09");
        assertThat(Members.call(d, "ToShortTimeString", List.of())).isEqualTo("8:05 PM");
        assertThatThrownBy(() -> d.format("q")).isInstanceOf(ShellError.class);
    }
}
