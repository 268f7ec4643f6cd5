package org.postern.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.config.AuthMechanism;
import org.postern.config.ByteSize;
import org.postern.permission.PermissionGroup;

/** The operators of section 2: coercion, filtering on collections, wildcards, regexes. */
class OperatorsTest {

    final ShellHarness sh = new ShellHarness();

    private Object op(String operator, Object l, Object r) {
        return Operators.apply(operator, l, r);
    }

    @Test
    void theLeftOperandDecidesTheConversion() {
        assertThat(sh.value("1 -eq '1.0'")).isEqualTo(true);
        assertThat(sh.value("'1.0' -eq 1")).isEqualTo(false);
        assertThat(sh.value("10 -eq '0xa'")).isEqualTo(true);
        assertThat(sh.value("$true -eq 'False'")).isEqualTo(true);
        assertThat(sh.value("'False' -eq $false")).isEqualTo(true);
        assertThat(sh.value("1 -eq 1.0")).isEqualTo(true);
        assertThat(sh.value("1 -eq 'abc'")).isEqualTo(false);
        assertThat(sh.value("$null -eq $null")).isEqualTo(true);
        assertThat(sh.value("'ABC' -eq 'abc'")).isEqualTo(true);
        assertThat(sh.value("'ABC' -ceq 'abc'")).isEqualTo(false);
    }

    @Test
    void aCollectionOnTheLeftFilters() {
        assertThat(sh.value("1,2,3 -eq 2")).isEqualTo(List.of(2));
        assertThat(sh.value("'a','b' -ne 'a'")).isEqualTo(List.of("b"));
        assertThat(sh.value("(1,2) -eq 3")).isEqualTo(List.of());
        assertThat(sh.value("1,$null,2 -ne $null")).isEqualTo(List.of(1, 2));
        assertThat(sh.value("@(0) -eq 0")).isEqualTo(List.of(0));
        assertThat(sh.ok("if (@(0) -eq 0) { 'yes' } else { 'no' }")).isEqualTo("no\n");
        assertThat(sh.value("'ms-Exch-SMTP-Submit','ms-Exch-SMTP-Accept-Any-Recipient' -like"
                + " '*Any-Recipient*'")).isEqualTo(List.of("ms-Exch-SMTP-Accept-Any-Recipient"));
    }

    @Test
    void orderingComparesLikeTheLeftOperand() {
        assertThat(sh.value("'macOS' -clt 'MacOS'")).isEqualTo(true);
        assertThat(sh.value("'a' -lt 'Z'")).isEqualTo(true);
        assertThat(sh.value("10 -gt '9'")).isEqualTo(true);
        assertThat(sh.value("'10' -gt '9'")).isEqualTo(false);
        assertThat(sh.fails("1 -gt 'abc'")).contains("Could not compare \"1\" to \"abc\".");
    }

    @Test
    void flagsAreOneValue() {
        EnumSet<PermissionGroup> groups = EnumSet.of(PermissionGroup.AnonymousUsers,
                PermissionGroup.ExchangeServers);
        assertThat(Values.toStr(groups)).isEqualTo("AnonymousUsers, ExchangeServers");
        assertThat(op("eq", groups, "AnonymousUsers")).isEqualTo(false);
        assertThat(op("eq", EnumSet.of(PermissionGroup.AnonymousUsers), "AnonymousUsers"))
                .isEqualTo(true);
        assertThat(op("eq", groups, "exchangeservers, AnonymousUsers")).isEqualTo(true);
        assertThat(op("like", groups, "*AnonymousUsers*")).isEqualTo(true);
        assertThat(op("contains", groups, "AnonymousUsers")).isEqualTo(false);
        assertThat(op("eq", EnumSet.of(AuthMechanism.Tls), "Tls")).isEqualTo(true);
        assertThat(op("eq", EnumSet.noneOf(AuthMechanism.class), "None")).isEqualTo(true);
        assertThat(Values.isCollection(groups)).isFalse();
    }

    @Test
    void enumsAndExchangeValues() {
        assertThat(op("eq", AuthMechanism.Tls, "tls")).isEqualTo(true);
        assertThat(op("eq", ByteSize.ofMegabytes(36), "36MB")).isEqualTo(true);
        assertThat(op("gt", ByteSize.ofMegabytes(36), 1024)).isEqualTo(true);
        assertThat(op("eq", Duration.ofMinutes(10), "00:10:00")).isEqualTo(true);
        assertThat(Values.toStr(Duration.ofDays(1))).isEqualTo("1.00:00:00");
    }

    @Test
    void likeIsAnchoredAndCaseInsensitive() {
        assertThat(sh.value("'PowerShell' -like 'shell'")).isEqualTo(false);
        assertThat(sh.value("'PowerShell' -like '*shell'")).isEqualTo(true);
        assertThat(sh.value("'PowerShell' -clike '*shell'")).isEqualTo(false);
        assertThat(sh.value("'f?' -like 'f`?'")).isEqualTo(true);
        assertThat(sh.value("'fx' -like 'f`?'")).isEqualTo(false);
        assertThat(sh.value("'b' -like '[a-c]'")).isEqualTo(true);
        assertThat(sh.value("'!' -like '[!a]'")).isEqualTo(true);
        assertThat(sh.fails("'a' -like '[a'")).contains("The specified wildcard character pattern"
                + " is not valid: [a");
        assertThat(sh.value("'abc' -notlike 'a*'")).isEqualTo(false);
    }

    @Test
    void matchSetsMatchesOnScalarsOnly() {
        assertThat(sh.value("'PowerShell' -match 'shell'")).isEqualTo(true);
        assertThat(sh.value("$Matches[0]")).isEqualTo("Shell");
        sh.ok("$null = 'user@contoso.com' -match '@(?<domain>.+)$'");
        assertThat(sh.value("$Matches.domain")).isEqualTo("contoso.com");
        assertThat(sh.value("'a1','b','c2' -match '\\d'")).isEqualTo(List.of("a1", "c2"));
        assertThat(sh.value("$Matches.domain")).isEqualTo("contoso.com");
    }

    @Test
    void replaceUsesRegexAndDotNetReplacements() {
        assertThat(sh.value("'abcb' -replace 'B','x'")).isEqualTo("axcx");
        assertThat(sh.value("'abc' -creplace 'B','x'")).isEqualTo("abc");
        assertThat(sh.value("'John Smith' -replace '(\\w+) (\\w+)', '$2, $1'"))
                .isEqualTo("Smith, John");
        assertThat(sh.value("'a.b' -replace '\\.', '$$'")).isEqualTo("a$b");
        assertThat(sh.value("'abc' -replace 'b'")).isEqualTo("ac");
        assertThat(sh.value("'ab','cb' -replace 'b','x'")).isEqualTo(List.of("ax", "cx"));
    }

    @Test
    void containment() {
        assertThat(sh.value("'a','b' -contains 'B'")).isEqualTo(true);
        assertThat(sh.value("'a','b' -ccontains 'B'")).isEqualTo(false);
        assertThat(sh.value("'true','false' -contains $true")).isEqualTo(true);
        assertThat(sh.value("'abc','def','ghi' -contains 'abc','def'")).isEqualTo(false);
        assertThat(sh.value("'b' -in 'a','b'")).isEqualTo(true);
        assertThat(sh.value("'z' -notin 'a','b'")).isEqualTo(true);
    }

    @Test
    void typeTests() {
        assertThat(sh.value("'a' -is [string]")).isEqualTo(true);
        assertThat(sh.value("1 -is [int]")).isEqualTo(true);
        assertThat(sh.value("1 -isnot [string]")).isEqualTo(true);
        assertThat(sh.value("@(1) -is [array]")).isEqualTo(true);
        assertThat(sh.value("(Get-Thing one) -is [Test.Thing]")).isEqualTo(true);
        assertThat(sh.value("'5' -as [int]")).isEqualTo(5);
        assertThat(sh.value("'x' -as [int]")).isNull();
    }

    @Test
    void logicalOperatorsHaveEqualPrecedenceAndShortCircuit() {
        assertThat(sh.value("$true -or $false -and $false")).isEqualTo(false);
        assertThat(sh.value("-not $false")).isEqualTo(true);
        assertThat(sh.value("!''")).isEqualTo(true);
        assertThat(sh.value("$true -xor $true")).isEqualTo(false);
        assertThat(sh.value("$false -and (1/0)")).isEqualTo(false);
    }

    @Test
    void truthiness() {
        assertThat(Values.isTrue("False")).isTrue();
        assertThat(Values.isTrue("")).isFalse();
        assertThat(Values.isTrue(0)).isFalse();
        assertThat(Values.isTrue(List.of())).isFalse();
        assertThat(Values.isTrue(List.of(0))).isFalse();
        assertThat(Values.isTrue(List.of(0, 0))).isTrue();
        assertThat(Values.isTrue(null)).isFalse();
    }

    @Test
    void arithmeticAndConcatenation() {
        assertThat(sh.value("2 + 3 * 4")).isEqualTo(14);
        assertThat(sh.value("7 / 2")).isEqualTo(3.5);
        assertThat(sh.value("8 / 2")).isEqualTo(4);
        assertThat(sh.value("7 % 3")).isEqualTo(1);
        assertThat(sh.value("'a' + 1")).isEqualTo("a1");
        assertThat(sh.value("1 + '2'")).isEqualTo(3);
        assertThat(sh.value("'ab' * 2")).isEqualTo("abab");
        assertThat(sh.value("1,2 + 3")).isEqualTo(List.of(1, 2, 3));
        assertThat(sh.value("2147483647 + 1")).isEqualTo(2147483648.0);
        assertThat(sh.value("-(2)")).isEqualTo(-2);
        assertThat(sh.value("[int]2.5 + [int]3.5")).isEqualTo(6);
        assertThat(Values.toStr(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(Values.toStr(1e15)).isEqualTo("1E+15");
        assertThat(sh.fails("1/0")).startsWith("Attempted to divide by zero.\nAt line:1 char:1\n"
                + "+ 1/0\n+ ~~~\n");
    }

    @Test
    void formatSplitAndJoin() {
        assertThat(sh.value("'{0,-4}|{1:N2}|{2:D3}' -f 'ab', 1234.5, 7"))
                .isEqualTo("ab  |1,234.50|007");
        assertThat(sh.value("'a,b' -split ','")).isEqualTo(List.of("a", "b"));
        assertThat(sh.value("-split ' a  b '")).isEqualTo(List.of("a", "b"));
        assertThat(sh.value("1,2 -join '+'")).isEqualTo("1+2");
    }
}
