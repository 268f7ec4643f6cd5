package org.postern.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tokenising and parsing (section 1 of the shell behaviour notes): argument mode against
 * expression mode, quoting and expansion, numbers, arrays, hashtables, comments,
 * continuation, and the parse errors' layout.
 */
class ParsingTest {

    final ShellHarness sh = new ShellHarness();

    @Test
    void argumentModeMakesStringsOfWhatExpressionModeComputes() {
        assertThat(sh.argument("2+2")).isEqualTo("2+2");
        assertThat(sh.argument("(2+2)")).isEqualTo(4);
        assertThat(sh.ok("$a = 4; Write-Output $a+2")).isEqualTo("4+2\n");
        assertThat(sh.ok("$a = 4; Write-Output a$a")).isEqualTo("a4\n");
        assertThat(sh.ok("$a = 4; Write-Output a'$a'")).isEqualTo("a$a\n");
        assertThat(sh.argument("!1")).isEqualTo("!1");
        assertThat(sh.argument("true")).isEqualTo("true");
        assertThat(sh.argument("$true")).isEqualTo(true);
    }

    @Test
    void aVariableArgumentTakesMemberAccessUnlessItsNameIsBraced() {
        sh.ok("$x = Get-Thing one; $f = 'file'");
        assertThat(sh.argument("$x.Name")).isEqualTo("one");
        assertThat(sh.argument("${f}.txt")).isEqualTo("file.txt");
        assertThat(sh.argument("$f+2")).isEqualTo("file+2");
        sh.ok("Record-Value $x.Name-more");
        assertThat(sh.recorder.value()).isEqualTo("one");
        assertThat(sh.recorder.rest()).isEqualTo(List.of("-more"));
    }

    @Test
    void argumentsThatScanAsNumbersAreNumbers() {
        assertThat(sh.argument("25")).isEqualTo(25);
        assertThat(sh.argument("36MB")).isEqualTo(37748736);
        assertThat(sh.argument("1.5")).isEqualTo(1.5);
        assertThat(sh.argument("0x1F")).isEqualTo(31);
        assertThat(sh.argument("5gb")).isEqualTo(5368709120L);
        assertThat(sh.argument("-5")).isEqualTo(-5);
    }

    @Test
    void addressesAndBindingsAreStrings() {
        assertThat(sh.argument("10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(sh.argument("0.0.0.0:25")).isEqualTo("0.0.0.0:25");
        assertThat(sh.argument("[::]:25")).isEqualTo("[::]:25");
        assertThat(sh.argument("192.168.1.0/24")).isEqualTo("192.168.1.0/24");
        assertThat(sh.argument("10.0.0.1-10.0.0.9")).isEqualTo("10.0.0.1-10.0.0.9");
        assertThat(sh.argument("a@b.com")).isEqualTo("a@b.com");
        assertThat(sh.argument("pre#post")).isEqualTo("pre#post");
        assertThat(sh.argument("*\\Relay")).isEqualTo("*\\Relay");
    }

    @Test
    void commasInArgumentModeMakeAnArray() {
        sh.ok("Set-Thing X -Tags 10.0.0.1,10.0.0.2");
        assertThat(sh.setThing.last().get("Tags")).isEqualTo(List.of("10.0.0.1", "10.0.0.2"));
        assertThat(sh.argument("a, b ,c")).isEqualTo(List.of("a", "b", "c"));
        assertThat(sh.argument("1,\n 2")).isEqualTo(List.of(1, 2));
    }

    @Test
    void hashtableWithAddAndRemove() {
        Object v = sh.argument("@{Add=\"a\",\"b\"; Remove=\"c\"}");
        assertThat(v).isInstanceOf(Map.class);
        Map<?, ?> m = (Map<?, ?>) v;
        assertThat(m.get("Add")).isEqualTo(List.of("a", "b"));
        assertThat(m.get("remove")).isEqualTo("c");
        assertThat(m.keySet()).extracting(Object::toString).containsExactly("Add", "Remove");
    }

    @Test
    void hashtableKeysIgnoreCaseAndMayNotRepeat() {
        String err = sh.fails("@{a=1; A=2}");
        assertThat(err).isEqualTo("At line:1 char:8\n"
                + "+ @{a=1; A=2}\n"
                + "+        ~\n"
                + "Duplicate keys 'A' are not allowed in hash literals.\n"
                + "    + CategoryInfo          : ParserError: (:) [], "
                + "ParentContainsErrorRecordException\n"
                + "    + FullyQualifiedErrorId : DuplicateKeyInHashLiteral\n"
                + " \n");
        assertThat(sh.value("@{Name='x'}.name")).isEqualTo("x");
    }

    @Test
    void orderedHashtableKeepsOrder() {
        Object v = sh.value("[ordered]@{z=1; a=2}");
        assertThat(((Map<?, ?>) v).keySet()).extracting(Object::toString).containsExactly("z", "a");
    }

    @Test
    void singleQuotesAreVerbatimAndDoubleQuotesExpand() {
        assertThat(sh.value("'don''t $x `n'")).isEqualTo("don't $x `n");
        sh.ok("$x = 3");
        assertThat(sh.value("\"a `\"$x`\" `$x ${x}y\"")).isEqualTo("a \"3\" $x 3y");
        assertThat(sh.value("\"say \"\"hi\"\"\"")).isEqualTo("say \"hi\"");
        assertThat(sh.value("\"tab`there\"")).isEqualTo("tab\there");
        assertThat(sh.value("\"$(1 + 2) and $((1,2,3).Count)\"")).isEqualTo("3 and 3");
        sh.ok("$a = 1,2,3");
        assertThat(sh.value("\"$a\"")).isEqualTo("1 2 3");
    }

    @Test
    void memberAccessInAStringNeedsASubexpression() {
        sh.ok("$rc = Get-Thing one");
        assertThat(sh.value("\"$rc.Name\"")).isEqualTo("SRV\\one.Name");
        assertThat(sh.value("\"$($rc.Name)\"")).isEqualTo("one");
    }

    @Test
    void colonAfterAVariableInAStringIsAParseError() {
        assertThat(sh.fails("\"$HOME: x\"")).contains("Variable reference is not valid. ':' was"
                + " not followed by a valid variable name character. Consider using ${} to"
                + " delimit the name.").contains("InvalidVariableReferenceWithDrive");
        sh.ok("$HOME = 'h'");
        assertThat(sh.value("\"${HOME}: x\"")).isEqualTo("h: x");
    }

    @Test
    void hereStrings() {
        assertThat(sh.value("@\"\nline $(1+1)\n\"quoted\"\n\"@")).isEqualTo("line 2\n\"quoted\"");
        assertThat(sh.value("@'\n$x\n'@")).isEqualTo("$x");
    }

    @Test
    void curlyQuotesAndTypographicDashesWork() {
        sh.ok("Set-Thing \u201cA B\u201d \u2013Comment \u2018c d\u2019 \u2014Force");
        assertThat(sh.setThing.last().get("Identity")).isEqualTo("A B");
        assertThat(sh.setThing.last().get("Comment")).isEqualTo("c d");
        assertThat(sh.setThing.last().get("Force")).isEqualTo(true);
    }

    @Test
    void commentsAndContinuations() {
        assertThat(sh.ok("# a comment\nWrite-Output a # trailing\n<# block\n#> Write-Output b"))
                .isEqualTo("a\nb\n");
        assertThat(sh.ok("Write-Output `\n  continued")).isEqualTo("continued\n");
        assertThat(sh.ok("Get-Thing one |\n  ForEach-Object Name")).isEqualTo("one\n");
        assertThat(sh.ok("(1 +\n 2)")).isEqualTo("3\n");
    }

    @Test
    void statementsSeparateBySemicolonsAndNewlines() {
        assertThat(sh.ok("1; 2\n3")).isEqualTo("1\n2\n3\n");
    }

    @Test
    void rangesIndexingAndArraySubexpressions() {
        assertThat(sh.value("1..5")).isEqualTo(List.of(1, 2, 3, 4, 5));
        assertThat(sh.value("(1..5)[-1]")).isEqualTo(5);
        assertThat(sh.value("(1..5)[1..2]")).isEqualTo(List.of(2, 3));
        assertThat(sh.value("@(Get-Thing one).Count")).isEqualTo(1);
        assertThat(sh.value("@().Count")).isEqualTo(0);
        assertThat(sh.value("$null.Count")).isEqualTo(0);
        assertThat(sh.value(",7")).isEqualTo(List.of(7));
    }

    @Test
    void memberAccessEnumeratesCollections() {
        assertThat(sh.value("(Get-Thing one,two).Name")).isEqualTo(List.of("one", "two"));
        assertThat(sh.value("(Get-Thing).Count")).isEqualTo(2);
        assertThat(sh.value("'a,b, c'.Split(',').Trim()")).isEqualTo(List.of("a", "b", "c"));
    }

    @Test
    void stringMethods() {
        assertThat(sh.value("'  x '.Trim()")).isEqualTo("x");
        assertThat(sh.value("'Hello'.ToLower() + 'x'.ToUpper()")).isEqualTo("helloX");
        assertThat(sh.value("'abc'.Contains('B')")).isEqualTo(false);
        assertThat(sh.value("'abc'.StartsWith('ab')")).isEqualTo(true);
        assertThat(sh.value("'a-b-c'.Replace('-', '+')")).isEqualTo("a+b+c");
        assertThat(sh.value("'a, b'.Split(', ')")).isEqualTo(List.of("a", "", "b"));
        assertThat(sh.value("(12).ToString()")).isEqualTo("12");
    }

    @Test
    void ifElseifElseAndForeach() {
        assertThat(sh.ok("if (1 -gt 2) { 'one' } elseif ($true) { 'two' } else { 'three' }"))
                .isEqualTo("two\n");
        assertThat(sh.ok("if ($false) {\n 'a'\n}\nelse {\n 'b'\n}")).isEqualTo("b\n");
        assertThat(sh.ok("foreach ($t in Get-Thing) { $t.Name.ToUpper() }"))
                .isEqualTo("ONE\nTWO\n");
        assertThat(sh.ok("$sum = 0; foreach ($i in 1..4) { $sum += $i }; $sum")).isEqualTo("10\n");
    }

    @Test
    void assignmentForms() {
        sh.ok("$x = 1; $x += 2");
        assertThat(sh.value("$x")).isEqualTo(3);
        sh.ok("$r = @('a'); $r += 'b'");
        assertThat(sh.value("$r")).isEqualTo(List.of("a", "b"));
        sh.ok("$h = @{}; $h.k = 1; $h['j'] = 2");
        assertThat(sh.value("$h.k + $h.J")).isEqualTo(3);
        sh.ok("$a = 1,2,3; $a[1] = 9");
        assertThat(sh.value("$a")).isEqualTo(List.of(1, 9, 3));
        assertThat(sh.ok("$i = 1; $i++; ++$i; $i; ($i++); $i--; $i")).isEqualTo("3\n3\n3\n");
        sh.ok("$null = 5; $x = @()");
        assertThat(sh.value("$x.Count")).isEqualTo(0);
    }

    @Test
    void scriptBlocksKeepTheirText() {
        assertThat(sh.value("{ $_.Name }").toString()).isEqualTo(" $_.Name ");
    }

    @Test
    void missingClosingParenthesis() {
        assertThat(sh.fails("(1 + 2")).isEqualTo("At line:1 char:7\n"
                + "+ (1 + 2\n"
                + "+       ~\n"
                + "Missing closing ')' in expression.\n"
                + "    + CategoryInfo          : ParserError: (:) [], "
                + "ParentContainsErrorRecordException\n"
                + "    + FullyQualifiedErrorId : MissingEndParenthesisInExpression\n"
                + " \n");
    }

    @Test
    void parseErrorsOfTheNotes() {
        assertThat(sh.fails("if ($x) { 'a'")).contains("Missing closing '}' in statement block"
                + " or type definition.");
        assertThat(sh.fails("Write-Output 'abc")).contains("At line:1 char:14\n"
                + "+ Write-Output 'abc\n+              ~~~~\n"
                + "The string is missing the terminator: '.");
        assertThat(sh.fails("Get-Thing |")).contains("An empty pipe element is not allowed.");
        assertThat(sh.fails("1 -eq")).contains("You must provide a value expression following"
                + " the '-eq' operator.");
        assertThat(sh.fails("@{a}")).contains("Missing '=' operator after key in hash"
                + " literal.");
        assertThat(sh.fails("1 2")).contains("Unexpected token '2' in expression or statement.");
        assertThat(sh.fails("Write-Output a,,b")).contains("Missing argument in parameter"
                + " list.");
    }

    @Test
    void aParseErrorRunsNothing() {
        ExecutionResult r = sh.run("Set-Thing A\n(");
        assertThat(r.success()).isFalse();
        assertThat(sh.setThing.calls).isEmpty();
    }

    @Test
    void longLinesAreCutAroundTheErrorInThePositionBlock() {
        String err = sh.fails("Write-Output 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';"
                + " Write-Output bbbbbbbbbbbbbbbbbbbb -eq )");
        assertThat(err).startsWith("At line:1 char:");
        assertThat(err.lines().skip(1).findFirst().orElseThrow()).startsWith("+ ... ")
                .hasSize(2 + 4 + 69);
    }
}
