package org.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressSpaceTest {

    @Test
    void starAloneIsSmtpWithCostOne() {
        AddressSpace a = AddressSpace.parse("*");
        assertThat(a).isEqualTo(new AddressSpace("SMTP", "*", 1));
        assertThat(a.toString()).isEqualTo("SMTP:*;1");
    }

    @Test
    void bareDomainIsLowerCasedAndExact() {
        AddressSpace a = AddressSpace.parse("Contoso.COM");
        assertThat(a.toString()).isEqualTo("SMTP:contoso.com;1");
        assertThat(a.matches("contoso.com")).isTrue();
        assertThat(a.matches("mail.contoso.com")).isFalse();
    }

    @Test
    void typeAndCostAreRead() {
        AddressSpace a = AddressSpace.parse("smtp:*.contoso.com;5");
        assertThat(a).isEqualTo(new AddressSpace("SMTP", "*.contoso.com", 5));
        assertThat(a.matches("contoso.com")).isTrue();
        assertThat(a.matches("a.b.contoso.com")).isTrue();
        assertThat(a.matches("notcontoso.com")).isFalse();
    }

    @Test
    void displayFormParsesBackToTheSameValue() {
        AddressSpace a = AddressSpace.parse("SMTP:*.fabrikam.net;17");
        assertThat(AddressSpace.parse(a.toString())).isEqualTo(a);
    }

    @Test
    void exactDomainIsMoreSpecificThanLongerWildcardsAndStar() {
        assertThat(AddressSpace.parse("contoso.com").specificity())
                .isGreaterThan(AddressSpace.parse("*.mail.contoso.com").specificity());
        assertThat(AddressSpace.parse("*.mail.contoso.com").specificity())
                .isGreaterThan(AddressSpace.parse("*.contoso.com").specificity());
        assertThat(AddressSpace.parse("*.contoso.com").specificity())
                .isGreaterThan(AddressSpace.parse("*").specificity());
    }

    @Test
    void otherAddressTypesAreRefusedByName() {
        assertThatThrownBy(() -> AddressSpace.parse("X400:c=US;a=;p=Contoso;1"))
                .hasMessageContaining("X400:c=US").hasMessageContaining("only SMTP");
    }

    @Test
    void costOutsideOneToHundredIsRefused() {
        assertThatThrownBy(() -> AddressSpace.parse("contoso.com;0"))
                .hasMessageContaining("\"contoso.com;0\"").hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> AddressSpace.parse("contoso.com;101"))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> AddressSpace.parse("contoso.com;cheap"))
                .hasMessageContaining("\"cheap\"");
    }

    @Test
    void malformedDomainsAreRefusedByName() {
        assertThatThrownBy(() -> AddressSpace.parse("contoso..com"))
                .hasMessageContaining("\"contoso..com\"");
        assertThatThrownBy(() -> AddressSpace.parse("*contoso.com"))
                .hasMessageContaining("*contoso.com");
        assertThatThrownBy(() -> AddressSpace.parse(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressSpace.parse("--"))
                .hasMessageContaining("Edge");
    }

    @Test
    void smartHostsTakeNamesAndAddressesButNoPort() {
        assertThat(SmartHost.parse("Mail.Contoso.com").toString()).isEqualTo("mail.contoso.com");
        assertThat(SmartHost.parse("192.0.2.25").toString()).isEqualTo("[192.0.2.25]");
        assertThat(SmartHost.parse("[192.0.2.25]")).isEqualTo(SmartHost.parse("192.0.2.25"));
        assertThat(SmartHost.parse("[2001:db8::25]").isAddress()).isTrue();
        assertThatThrownBy(() -> SmartHost.parse("mail.contoso.com:587"))
                .hasMessageContaining("\"mail.contoso.com:587\"").hasMessageContaining("-Port");
        assertThatThrownBy(() -> SmartHost.parse("bad host"))
                .hasMessageContaining("\"bad host\"");
    }
}
