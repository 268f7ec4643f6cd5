package org.postern.shell.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postern.config.AuthMechanism;
import org.postern.config.Binding;
import org.postern.config.ByteSize;
import org.postern.config.IpRange;
import org.postern.permission.PermissionGroup;
import org.postern.shell.PsObject;
import org.postern.shell.View;

/**
 * Exact text of EMS (Windows PowerShell 5.1, 119 columns, $FormatEnumerationLimit 16), built from
 * the samples in the shell-behaviour reference. Table lines are padded to the table's full width
 * because 5.1 pads every cell, the last one included.
 */
class FormatterTest {

    private static final String RECEIVE_CONNECTOR =
            "Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector";

    private final Formatter ems = new Formatter(119, 16);

    // ---- Format-List framing and layout ----------------------------------------------------

    @Test
    void oneObjectListHasTwoEmptyLinesBeforeAndThreeAfter() {
        PsObject o = PsObject.of("Test").put("testName", "testValue");

        assertThat(ems.formatList(List.of(o), List.of()))
                .isEqualTo("\n\ntestName : testValue\n\n\n\n");
    }

    @Test
    void twoListedObjectsAreSeparatedByOneEmptyLineAndAlignEachOnItsOwnLabels() {
        PsObject a = PsObject.of("Test").put("Name", "a").put("Enabled", true);
        PsObject b = PsObject.of("Test").put("Name", "b").put("MaxHopCount", 60);

        assertThat(ems.formatList(List.of(a, b), List.of())).isEqualTo("\n\n"
                + "Name    : a\n"
                + "Enabled : True\n"
                + "\n"
                + "Name        : b\n"
                + "MaxHopCount : 60\n"
                + "\n\n\n");
    }

    @Test
    void receiveConnectorListAlignsEveryColonOnTheLongestLabel() {
        PsObject c = PsObject.of(RECEIVE_CONNECTOR)
                .put("AuthMechanism", EnumSet.of(AuthMechanism.ExchangeServer, AuthMechanism.Tls,
                        AuthMechanism.Integrated, AuthMechanism.BasicAuth,
                        AuthMechanism.BasicAuthRequireTLS))
                .put("Banner", null)
                .put("Bindings", List.of(Binding.parse("[::]:25"), Binding.parse("0.0.0.0:25")))
                .put("ConnectionTimeout", Duration.ofMinutes(10))
                .put("MaxHeaderSize", ByteSize.ofKilobytes(256))
                .put("MaxMessageSize", ByteSize.ofMegabytes(36))
                .put("PermissionGroups", EnumSet.of(PermissionGroup.Custom,
                        PermissionGroup.AnonymousUsers, PermissionGroup.ExchangeServers,
                        PermissionGroup.ExchangeLegacyServers))
                .put("RemoteIPRanges", List.of(IpRange.ALL_IPV6, IpRange.ALL_IPV4))
                .put("RejectReservedSecondLevelRecipientDomains", false)
                .put("ExchangeVersion", "0.1 (8.0.535.0)");

        assertThat(ems.formatList(List.of(c), List.of())).isEqualTo("\n\n"
                + "AuthMechanism                             : Tls, Integrated, BasicAuth, "
                + "BasicAuthRequireTLS, ExchangeServer\n"
                + "Banner                                    : \n"
                + "Bindings                                  : {[::]:25, 0.0.0.0:25}\n"
                + "ConnectionTimeout                         : 00:10:00\n"
                + "MaxHeaderSize                             : 256 KB (262,144 bytes)\n"
                + "MaxMessageSize                            : 36 MB (37,748,736 bytes)\n"
                + "PermissionGroups                          : AnonymousUsers, ExchangeServers, "
                + "ExchangeLegacyServers, Custom\n"
                + "RemoteIPRanges                            : "
                + "{::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 0.0.0.0-255.255.255.255}\n"
                + "RejectReservedSecondLevelRecipientDomains : False\n"
                + "ExchangeVersion                           : 0.1 (8.0.535.0)\n"
                + "\n\n\n");
        for (String line : ems.formatList(List.of(c), List.of()).strip().split("\n")) {
            assertThat(line.indexOf(" : ")).as(line).isEqualTo(41);
        }
    }

    @Test
    void anEmptyValueLeavesATrailingSpaceAfterTheColon() {
        PsObject c = PsObject.of("Test").put("Banner", null).put("Comment", "");

        assertThat(ems.formatList(List.of(c), List.of()))
                .contains("\nBanner  : \n")
                .contains("\nComment : \n");
    }

    @Test
    void aLongListValueWordWrapsAtTheRightEdgeWithAHangingIndent() {
        String words = "one two three four five six seven eight nine ten eleven twelve";
        PsObject o = PsObject.of("Test").put("Name", words);

        // Field width 20 - 4 - 3 = 13; spaces stay on the word before them.
        assertThat(new Formatter(20, 16).formatList(List.of(o), List.of())).isEqualTo("\n\n"
                + "Name : one two \n"
                + "       three four \n"
                + "       five six \n"
                + "       seven eight \n"
                + "       nine ten \n"
                + "       eleven twelve\n"
                + "\n\n\n");
    }

    @Test
    void embeddedLineBreaksInAListValueAlwaysBreak() {
        PsObject o = PsObject.of("Test").put("Banner", "220 first\r\nsecond");

        assertThat(ems.formatList(List.of(o), List.of()))
                .isEqualTo("\n\nBanner : 220 first\n         second\n\n\n\n");
    }

    @Test
    void aWordLongerThanTheFieldIsBrokenCharacterByCharacter() {
        PsObject o = PsObject.of("Test").put("Id", "abcdefghijklmnop");

        assertThat(new Formatter(12, 16).formatList(List.of(o), List.of()))
                .isEqualTo("\n\nId : abcdefg\n     hijklmn\n     op\n\n\n\n");
    }

    @Test
    void formatListExpandsWildcardsWithTheObjectsSpellingAndDropsUnmatchedNames() {
        PsObject c = PsObject.of("Test").put("Name", "Relay").put("MaxHopCount", 60)
                .put("MaxLogonFailures", 3).put("Enabled", true);

        String out = ems.formatList(List.of(c), List.of(PropertySpec.named("name"),
                PropertySpec.named("max*"), PropertySpec.named("NoSuchProperty")));

        assertThat(out).isEqualTo("\n\n"
                + "Name             : Relay\n"
                + "MaxHopCount      : 60\n"
                + "MaxLogonFailures : 3\n"
                + "\n\n\n");
    }

    @Test
    void aCalculatedPropertyShowsItsLabelAndComputedValue() {
        PsObject c = PsObject.of("Test").put("Name", "Relay").put("MaxHopCount", 60);
        PropertySpec doubled = new PropertySpec("Hops", "Hops x2",
                o -> ((Integer) ((PsObject) o).get("MaxHopCount")) * 2, 0, null);

        assertThat(ems.formatList(List.of(c), List.of(PropertySpec.named("Name"), doubled)))
                .isEqualTo("\n\nName    : Relay\nHops x2 : 120\n\n\n\n");
    }

    @Test
    void aLabelLongerThanTheScreenIsCutToWidthMinusFour() {
        PsObject o = PsObject.of("Test").put("ABCDEFGHIJKLMNOP", "v");

        assertThat(new Formatter(12, 16).formatList(List.of(o), List.of()))
                .isEqualTo("\n\nABCDEFGH : v\n\n\n\n");
    }

    // ---- Format-Table layout -----------------------------------------------------------------

    private static final View MAILBOX_VIEW = View.table(View.Column.of("Name", 25),
            View.Column.of("Alias", 20), View.Column.of("ServerName", 16),
            View.Column.of("ProhibitSendQuota"));

    private static PsObject mailbox(String name, String alias, String quota) {
        return PsObject.of("Microsoft.Exchange.Data.Directory.Management.Mailbox")
                .put("Name", name).put("Alias", alias).put("ServerName", "t16mail1")
                .put("ProhibitSendQuota", quota).view(MAILBOX_VIEW);
    }

    @Test
    void mailboxViewUsesItsWidthsGivesTheRestToTheLastColumnAndTruncatesWithThreeDots() {
        List<Object> mailboxes = List.of(mailbox("mail", "mail", "Unlimited"),
                mailbox("DiscoverySearchMailbox {D919BA05-46A6-415f-80AD-7E09334BB852}",
                        "DiscoverySearchMailbox{D919BA05-46A6-415f-80AD-7E09334BB852}",
                        "50 GB (53,687,091,200 bytes)"));

        assertThat(ems.outDefault(mailboxes)).isEqualTo(table(119,
                "Name                      Alias                ServerName       ProhibitSendQuota",
                "----                      -----                ----------       -----------------",
                "mail                      mail                 t16mail1         Unlimited",
                "DiscoverySearchMailbox... DiscoverySearchMa... t16mail1         "
                        + "50 GB (53,687,091,200 bytes)"));
    }

    @Test
    void exchangeCertificateViewKeepsTrailingBlanksAfterSubject() {
        View view = View.table(View.Column.of("Thumbprint", 41), View.Column.of("Services", 10),
                View.Column.of("Subject"));
        List<Object> certs = List.of(
                PsObject.of("Microsoft.Exchange.Management.SystemConfigurationTasks"
                        + ".ExchangeCertificate")
                        .put("Thumbprint", "C07B19E88671134C4C4A38D72F0A587974CE137D")
                        .put("Services", "IP.WS..").put("Subject", "CN=EX01").view(view),
                PsObject.of("Microsoft.Exchange.Management.SystemConfigurationTasks"
                        + ".ExchangeCertificate")
                        .put("Thumbprint", "4CE834243B37D27F29379287D3DED6294935EB2D")
                        .put("Services", "....S..")
                        .put("Subject", "CN=Microsoft Exchange Server Auth Certificate")
                        .view(view));

        String out = ems.outDefault(certs);

        assertThat(out).isEqualTo(table(119,
                "Thumbprint                                Services   Subject",
                "----------                                --------   -------",
                "C07B19E88671134C4C4A38D72F0A587974CE137D  IP.WS..    CN=EX01",
                "4CE834243B37D27F29379287D3DED6294935EB2D  ....S..    "
                        + "CN=Microsoft Exchange Server Auth Certificate"));
        assertThat(out.split("\n")[1]).hasSize(119).endsWith("Subject" + " ".repeat(59));
    }

    @Test
    void messageTrackingViewWithoutWidthsAutoSizesAndShowsAnEmptyListAsBraces() {
        // The doc sample's widths (10, 11, 17, 22, 14) are its longest values, which is what
        // auto-sizing gives; that Exchange's view has no widths is UNCONFIRMED.
        View view = View.table("EventId", "Source", "Sender", "Recipients", "MessageSubject");
        List<Object> events = List.of(
                PsObject.of("Microsoft.Exchange.Management.TransportLogSearchTasks"
                        + ".MessageTrackingEvent")
                        .put("EventId", "NOTIFYMAPI").put("Source", "STOREDRIVER")
                        .put("Sender", "").put("Recipients", List.of())
                        .put("MessageSubject", "").view(view),
                PsObject.of("Microsoft.Exchange.Management.TransportLogSearchTasks"
                        + ".MessageTrackingEvent")
                        .put("EventId", "RECEIVE").put("Source", "STOREDRIVER")
                        .put("Sender", "chris@contoso.com")
                        .put("Recipients", List.of("michelle@contoso.com"))
                        .put("MessageSubject", "test").view(view));

        assertThat(ems.outDefault(events)).isEqualTo(table(78,
                "EventId    Source      Sender            Recipients             MessageSubject",
                "-------    ------      ------            ----------             --------------",
                "NOTIFYMAPI STOREDRIVER                   {}",
                "RECEIVE    STOREDRIVER chris@contoso.com {michelle@contoso.com} test"));
    }

    @Test
    void receiveConnectorDefaultViewAutoSizesItsThreeColumns() {
        // Exchange's view is Identity, Bindings, Enabled; its widths are UNCONFIRMED (the only
        // public sample lost its whitespace). A view without widths auto-sizes in 5.1, and
        // Exchange's views align left, so Enabled is left-aligned here.
        View view = View.table("Identity", "Bindings", "Enabled");
        List<Object> connectors = List.of(
                connector("EX01\\Default EX01", List.of("0.0.0.0:2525", "[::]:2525"), true, view),
                connector("EX01\\Anonymous Relay", List.of("0.0.0.0:25"), false, view));

        assertThat(ems.outDefault(connectors)).isEqualTo(table(54,
                "Identity             Bindings                  Enabled",
                "--------             --------                  -------",
                "EX01\\Default EX01    {0.0.0.0:2525, [::]:2525} True",
                "EX01\\Anonymous Relay {0.0.0.0:25}              False"));
    }

    private static PsObject connector(String identity, List<String> bindings, boolean enabled,
            View view) {
        List<Binding> parsed = new ArrayList<>();
        for (String b : bindings) {
            parsed.add(Binding.parse(b));
        }
        return PsObject.of(RECEIVE_CONNECTOR)
                .put("Name", identity.substring(identity.indexOf('\\') + 1))
                .put("Bindings", parsed).put("Enabled", enabled).put("Identity", identity)
                .view(view);
    }

    @Test
    void adPermissionViewShowsItsLabelsAndLeftAlignsBooleans() {
        // The view as the manage package registers it; widths UNCONFIRMED, so it auto-sizes.
        View view = View.table(View.Column.of("Identity"), View.Column.of("User"),
                View.Column.of("Deny"), new View.Column("IsInherited", "Inherited", 0),
                new View.Column("ExtendedRights", "Rights", 0));
        PsObject ace = PsObject.of("Microsoft.Exchange.Management.RecipientTasks"
                + ".ADAcePresentationObject")
                .put("AccessRights", List.of("ExtendedRight"))
                .put("ExtendedRights", List.of("ms-Exch-SMTP-Accept-Any-Recipient"))
                .put("Deny", false).put("User", "NT AUTHORITY\\ANONYMOUS LOGON")
                .put("Identity", "EX01\\Anonymous Relay").put("IsInherited", false).view(view);

        assertThat(ems.outDefault(List.of(ace))).isEqualTo(table(101,
                "Identity             User                         Deny  Inherited Rights",
                "--------             ----                         ----  --------- ------",
                "EX01\\Anonymous Relay NT AUTHORITY\\ANONYMOUS LOGON False False     "
                        + "{ms-Exch-SMTP-Accept-Any-Recipient}"));
    }

    @Test
    void tableWithoutViewRightAlignsNumbersAndBooleansFromTheFirstObject() {
        List<Object> rows = List.of(
                PsObject.of("Test").put("Name", "Default EX01").put("Enabled", true),
                PsObject.of("Test").put("Name", "Relay").put("Enabled", false));

        String out = ems.formatTable(rows, List.of(PropertySpec.named("Name"),
                PropertySpec.named("Enabled")), TableOptions.defaults());

        assertThat(out).isEqualTo(table(20,
                "Name         Enabled",
                "----         -------",
                "Default EX01    True",
                "Relay          False"));
    }

    @Test
    void aNameThatMatchesNothingStillMakesAnEmptyTableColumnWithTheTypedHeader() {
        PsObject o = PsObject.of("Test").put("Name", "Relay");

        String out = ems.formatTable(List.of(o), List.of(PropertySpec.named("name"),
                PropertySpec.named("Fqdn"), PropertySpec.named("Zz*")), TableOptions.defaults());

        assertThat(out).isEqualTo(table(10, "Name  Fqdn", "----  ----", "Relay"));
    }

    @Test
    void aTableWhosePropertiesMatchNothingPrintsOnlyItsFraming() {
        PsObject o = PsObject.of("Test").put("Name", "Relay");

        assertThat(ems.formatTable(List.of(o, "note"), List.of(PropertySpec.named("Zz*")),
                TableOptions.defaults())).isEqualTo("\nnote\n\n\n");
    }

    @Test
    void aLabelLongerThanAFixedColumnWrapsOntoMoreHeaderLines() {
        PsObject o = PsObject.of("Test").put("Name", "Relay");
        PropertySpec narrow = new PropertySpec("LongLongHeader", "LongLongHeader", x -> 1, 4,
                null);

        String out = ems.formatTable(List.of(o), List.of(narrow, PropertySpec.named("Name")),
                TableOptions.defaults());

        // A fixed first column means no auto-size: Name takes the other 114 columns. The
        // number right-aligns its column, header lines included.
        assertThat(out).isEqualTo(table(119,
                "Long Name",
                "Long",
                "Head",
                "  er",
                "---- ----",
                "   1 Relay"));
    }

    @Test
    void columnsWithoutWidthShareTheFreeSpaceRoundRobin() {
        PsObject o = PsObject.of("Test").put("A", "a").put("B", "b");
        PropertySpec first = new PropertySpec("X", "X", x -> "x", 10, null);

        String out = ems.formatTable(List.of(o),
                List.of(first, PropertySpec.named("A"), PropertySpec.named("B")),
                TableOptions.defaults());

        // 119 - 2 separators - 10 = 107 shared: 54 to A, 53 to B.
        String header = out.split("\n")[1];
        assertThat(header).isEqualTo("X" + " ".repeat(9) + " A" + " ".repeat(53) + " B"
                + " ".repeat(52));
    }

    @Test
    void wrapBreaksLongCellsIntoLinesAndFillsShorterCellsWithBlanks() {
        View view = View.table(View.Column.of("Name", 10), View.Column.of("Comment", 12));
        PsObject o = PsObject.of("Test").put("Name", "Relay")
                .put("Comment", "for the scanners on the third floor").view(view);

        String out = ems.formatTable(List.of(o), List.of(),
                new TableOptions(false, true, false));

        assertThat(out).isEqualTo(table(23,
                "Name       Comment",
                "----       -------",
                "Relay      for the ",
                "           scanners on ",
                "           the third ",
                "           floor"));
    }

    @Test
    void withoutWrapACellIsCutAtItsFirstLineBreakWithDots() {
        View view = View.table(View.Column.of("Name", 10), View.Column.of("Banner", 20));
        PsObject o = PsObject.of("Test").put("Name", "Relay").put("Banner", "220 hi\r\nmore")
                .view(view);

        assertThat(ems.formatTable(List.of(o), List.of(), TableOptions.defaults()))
                .isEqualTo(table(31, "Name       Banner", "----       ------",
                        "Relay      220 hi..."));
    }

    @Test
    void rightAlignedCellsKeepTheirTailWhenTruncated() {
        assertThat(TableLayout.truncate("1234567890", 6, Align.RIGHT)).isEqualTo("...890");
        assertThat(TableLayout.truncate("1234567890", 6, Align.LEFT)).isEqualTo("123...");
        assertThat(TableLayout.truncate("1234567890", 3, Align.LEFT)).isEqualTo("123");
        assertThat(TableLayout.truncate("123456", 6, Align.LEFT)).isEqualTo("123456");
    }

    @Test
    void hideTableHeadersLeavesOutHeaderAndDashes() {
        PsObject o = PsObject.of("Test").put("Name", "Relay");

        assertThat(ems.formatTable(List.of(o), List.of(PropertySpec.named("Name")),
                new TableOptions(false, false, true))).isEqualTo("\nRelay\n\n\n");
    }

    @Test
    void autoSizeIgnoresGivenWidths() {
        PsObject o = mailbox("mail", "mail", "Unlimited");

        assertThat(ems.formatTable(List.of(o), List.of(), new TableOptions(true, false, false)))
                .isEqualTo(table(39,
                        "Name Alias ServerName ProhibitSendQuota",
                        "---- ----- ---------- -----------------",
                        "mail mail  t16mail1   Unlimited"));
    }

    @Test
    void autoSizedColumnsThatDoNotFitAreRemovedFromTheRightWithAWarning() {
        PsObject o = PsObject.of("Test").put("A", "x".repeat(15)).put("B", "y".repeat(15))
                .put("C", "z".repeat(15));

        String out = new Formatter(30, 16).formatTable(List.of(o), List.of(),
                TableOptions.defaults());

        // A and B need 31 columns; B shrinks to 14 and C (which would drop below 1) goes.
        assertThat(out).isEqualTo("WARNING: 1 columns do not fit into the display and were"
                + " removed.\n"
                + "\n"
                + "A               B             \n"
                + "-               -             \n"
                + "xxxxxxxxxxxxxxx yyyyyyyyyyy...\n"
                + "\n\n");
    }

    @Test
    void tableWithoutViewTakesAtMostTenProperties() {
        PsObject o = PsObject.of("Test");
        for (int i = 1; i <= 12; i++) {
            o.put("P" + i, i);
        }

        String header = ems.formatTable(List.of(o), List.of(), TableOptions.defaults())
                .split("\n")[1];

        assertThat(header).isEqualTo("P1 P2 P3 P4 P5 P6 P7 P8 P9 P10");
    }

    // ---- Out-Default -----------------------------------------------------------------------

    @Test
    void objectsWithoutViewAreATableUpToFourPropertiesAndAListFromFive() {
        PsObject four = PsObject.of("Four").put("A", 1).put("B", 2).put("C", 3).put("D", 4);
        PsObject five = PsObject.of("Five").put("A", 1).put("B", 2).put("C", 3).put("D", 4)
                .put("E", 5);

        assertThat(ems.outDefault(List.of(four)))
                .isEqualTo(table(7, "A B C D", "- - - -", "1 2 3 4"));
        assertThat(ems.outDefault(List.of(five)))
                .isEqualTo("\n\nA : 1\nB : 2\nC : 3\nD : 4\nE : 5\n\n\n\n");
    }

    @Test
    void stringsNumbersAndBooleansPrintBareOnePerLine() {
        assertThat(ems.outDefault(List.of("Relay", 25, true, 1.5))).isEqualTo(
                "Relay\n25\nTrue\n1.5\n");
        assertThat(ems.formatList(List.of("Relay"), List.of())).isEqualTo("Relay\n");
        assertThat(ems.formatTable(List.of("Relay"), List.of(), TableOptions.defaults()))
                .isEqualTo("Relay\n");
    }

    @Test
    void aBareValueInsideARunningTablePrintsBetweenItsRows() {
        List<Object> out = List.of(mailbox("a", "a", "Unlimited"), "note",
                mailbox("b", "b", "Unlimited"));

        String[] lines = ems.outDefault(out).split("\n", -1);

        assertThat(lines[3]).startsWith("a ");
        assertThat(lines[4]).isEqualTo("note");
        assertThat(lines[5]).startsWith("b ");
    }

    @Test
    void anObjectOfAnotherTypeInsideAViewTablePrintsOutOfBandAsAList() {
        View view = View.table("Identity", "Bindings", "Enabled");
        PsObject rc = connector("EX01\\Relay", List.of("0.0.0.0:25"), true, view);
        PsObject domain = PsObject.of("Microsoft.Exchange.Data.Directory.SystemConfiguration"
                + ".AcceptedDomain").put("DomainName", "contoso.com").put("Default", true)
                .view(View.table("Name", "DomainName", "DomainType", "Default"));

        assertThat(ems.outDefault(List.of(rc, domain))).isEqualTo("\n"
                + "Identity   Bindings     Enabled\n"
                + "--------   --------     -------\n"
                + "EX01\\Relay {0.0.0.0:25} True   \n"
                + "\n"
                + "DomainName : contoso.com\n"
                + "Default    : True\n"
                + "\n"
                + "\n\n");
    }

    @Test
    void objectsWithoutViewKeepTheFirstObjectsColumns() {
        List<Object> rows = List.of(PsObject.of("Custom").put("Name", "a").put("Port", 25),
                PsObject.of("Other").put("Name", "b").put("Fqdn", "mail.contoso.com"));

        assertThat(ems.outDefault(rows)).isEqualTo(table(9,
                "Name Port", "---- ----", "a      25", "b"));
    }

    @Test
    void aHashtablePrintsItsEntriesAsNameAndValue() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("Name", "Relay");
        h.put("Port", 25);

        assertThat(ems.outDefault(List.of(h))).isEqualTo(table(119,
                "Name                           Value",
                "----                           -----",
                "Name                           Relay",
                "Port                           25"));
    }

    @Test
    void anEmptyPipelinePrintsNothing() {
        assertThat(ems.outDefault(List.of())).isEmpty();
        assertThat(ems.outDefault(new ArrayList<>(java.util.Collections.singletonList(null))))
                .isEmpty();
    }

    // ---- Values (3.1) ----------------------------------------------------------------------

    @Test
    void collectionsPrintInBracesWithNullAsDollarNull() {
        assertThat(ems.cell(List.of("a", "b"))).isEqualTo("{a, b}");
        assertThat(ems.cell(List.of())).isEqualTo("{}");
        assertThat(ems.cell(new Object[] {"x", null, 3})).isEqualTo("{x, $null, 3}");
        assertThat(ems.cell(new int[] {1, 2})).isEqualTo("{1, 2}");
        assertThat(ems.cell(null)).isEmpty();
        assertThat(ems.cell(true)).isEqualTo("True");
        assertThat(ems.cell(false)).isEqualTo("False");
    }

    @Test
    void moreThanSixteenItemsShowSixteenAndThreeDotsWithNoSeparator() {
        List<Integer> seventeen = new ArrayList<>();
        for (int i = 1; i <= 17; i++) {
            seventeen.add(i);
        }

        assertThat(ems.cell(seventeen))
                .isEqualTo("{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16...}");
        assertThat(ems.cell(seventeen.subList(0, 16)))
                .isEqualTo("{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}");
        assertThat(new Formatter(119, 4).cell(seventeen)).isEqualTo("{1, 2, 3, 4...}");
        assertThat(new Formatter(119, -1).cell(seventeen)).endsWith(", 16, 17}");
        assertThat(new Formatter(119, 0).cell(seventeen)).isEqualTo("{...}");
    }

    @Test
    void flagsPrintTheirNamesInDeclarationOrderWithoutBraces() {
        assertThat(ems.cell(EnumSet.of(PermissionGroup.Custom, PermissionGroup.ExchangeServers,
                PermissionGroup.AnonymousUsers, PermissionGroup.ExchangeLegacyServers)))
                .isEqualTo("AnonymousUsers, ExchangeServers, ExchangeLegacyServers, Custom");
        assertThat(ems.cell(EnumSet.noneOf(AuthMechanism.class))).isEqualTo("None");
        assertThat(ems.cell(AuthMechanism.Tls)).isEqualTo("Tls");
    }

    @Test
    void timeSpansPrintAsDotNetDoes() {
        assertThat(ems.cell(Duration.ofMinutes(10))).isEqualTo("00:10:00");
        assertThat(ems.cell(Duration.ofSeconds(5))).isEqualTo("00:00:05");
        assertThat(ems.cell(Duration.ofDays(1))).isEqualTo("1.00:00:00");
        assertThat(ems.cell(Duration.ofDays(2).plusHours(3).plusMillis(500)))
                .isEqualTo("2.03:00:00.5000000");
    }

    @Test
    void exchangeValueTypesPrintThroughTheirOwnForm() {
        assertThat(ems.cell(ByteSize.ofMegabytes(36))).isEqualTo("36 MB (37,748,736 bytes)");
        assertThat(ems.cell(org.postern.config.Unlimited.UNLIMITED)).isEqualTo("Unlimited");
        assertThat(ems.cell(Binding.parse("[::]:25"))).isEqualTo("[::]:25");
    }

    @Test
    void doublesPrintWithFifteenSignificantDigits() {
        assertThat(ems.cell(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(ems.cell(2.0)).isEqualTo("2");
        assertThat(ems.cell(1e20)).isEqualTo("1E+20");
        assertThat(ems.cell(0.00001)).isEqualTo("1E-05");
        assertThat(ems.cell(0.0001)).isEqualTo("0.0001");
        assertThat(ems.cell(123456789012345.0)).isEqualTo("123456789012345");
    }

    @Test
    void hashtableValuesShowTheirKeysAndNestedOnesTheirTypeName() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("Add", "x");
        h.put("Remove", "y");

        assertThat(ems.cell(h)).isEqualTo("{Add, Remove}");
        assertThat(ems.cell(List.of(h))).isEqualTo("{System.Collections.Hashtable}");
        assertThat(ems.cell(List.of(List.of(1, 2), 3))).isEqualTo("{1 2, 3}");
    }

    @Test
    void aNestedShellObjectPrintsItsStringForm() {
        PsObject inner = PsObject.of("Microsoft.Exchange.Data.ObjectId");

        assertThat(ems.cell(inner)).isEqualTo("Microsoft.Exchange.Data.ObjectId");
    }

    /**
     * A table as 5.1 prints it: an empty line, the given lines each padded to the table's
     * width, then two empty lines.
     */
    private static String table(int width, String... lines) {
        StringBuilder sb = new StringBuilder("\n");
        for (String line : lines) {
            assertThat(line.length()).as("fixture line longer than the table")
                    .isLessThanOrEqualTo(width);
            sb.append(line).append(" ".repeat(width - line.length())).append('\n');
        }
        return sb.append("\n\n").toString();
    }
}
