package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postern.permission.ExtendedRight;
import org.postern.smtp.AuthStamps.AuthAs;
import org.postern.smtp.AuthStamps.Identity;

class AuthStampsTest {

    private static final Set<ExtendedRight> FLAG =
            EnumSet.of(ExtendedRight.SMTP_ACCEPT_AUTHENTICATION_FLAG);

    @Test
    void principalsMapToExchangesAuthAsValues() {
        assertThat(AuthStamps.forPrincipal("NT AUTHORITY\\ANONYMOUS LOGON", FLAG).authAs())
                .isEqualTo(AuthAs.Anonymous);
        assertThat(AuthStamps.forPrincipal("MS Exchange\\Externally Secured Servers", FLAG)
                .authAs()).isEqualTo(AuthAs.Internal);
        assertThat(AuthStamps.forPrincipal("MS Exchange\\Externally Secured Servers",
                Set.of()).authAs()).isEqualTo(AuthAs.External);
        assertThat(AuthStamps.forPrincipal("MS Exchange\\Partner Servers", Set.of()).authAs())
                .isEqualTo(AuthAs.Partner);
        assertThat(AuthStamps.forPrincipal("NT AUTHORITY\\Authenticated Users", Set.of())
                .authAs()).isEqualTo(AuthAs.Internal);
    }

    @Test
    void onlyInternalMailIsOriginating() {
        assertThat(new Identity(AuthAs.Internal, null).directionality()).isEqualTo("Originating");
        assertThat(new Identity(AuthAs.Partner, null).directionality()).isEqualTo("Incoming");
        assertThat(new Identity(AuthAs.Anonymous, null).directionality()).isEqualTo("Incoming");
    }

    @Test
    void mechanismCodeIsWrittenOnlyWhenThereIsOne() {
        assertThat(AuthStamps.fields(new Identity(AuthAs.Anonymous, null), "mx", "::1", "g",
                false)).noneMatch(f -> f.contains("AuthMechanism"))
                .noneMatch(f -> f.contains("SCL"));
        assertThat(AuthStamps.fields(new Identity(AuthAs.Internal, "04"), "mx", "::1", "g", true))
                .contains("X-MS-Exchange-Organization-AuthMechanism: 04",
                        "X-MS-Exchange-Organization-SCL: -1",
                        "X-MS-Exchange-Organization-OriginalClientIPAddress: ::1");
        assertThatThrownBy(() -> new Identity(AuthAs.Internal, "4\r\nX: y"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
