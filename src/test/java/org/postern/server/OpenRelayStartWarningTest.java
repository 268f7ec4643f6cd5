package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.Binding;
import org.postern.config.ConfigFile;
import org.postern.config.Configuration;
import org.postern.config.IpRange;
import org.postern.config.ReceiveConnector;
import org.postern.config.ReceiveConnectorSchema;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;
import org.postern.config.TransportRole;
import org.postern.permission.AccessEntry;
import org.postern.permission.Acl;
import org.postern.permission.ExtendedRight;
import org.postern.permission.PermissionGroup;
import org.postern.permission.Principal;

/** A configuration that is an open relay (made with -Force) is warned about at every start. */
class OpenRelayStartWarningTest {

    @TempDir
    Path data;

    @Test
    void everyStartWarnsAboutAForcedOpenRelayConnector() throws Exception {
        int offset = PosternProcess.freePortOffset();
        Configuration cfg = Setup.initial(new ServerIdentity(PosternProcess.SERVER,
                PosternProcess.FQDN, "CONTOSO"), "contoso.com", offset, Instant.now());
        ReceiveConnector open = ReceiveConnector.create("Open", PosternProcess.SERVER,
                Instant.now())
                .with(ReceiveConnectorSchema.TRANSPORT_ROLE, TransportRole.FrontendTransport)
                .with(ReceiveConnectorSchema.BINDINGS,
                        List.of(Binding.parse("127.0.0.1:" + (2526 + offset))))
                .with(ReceiveConnectorSchema.REMOTE_IP_RANGES, List.of(IpRange.ALL_IPV4))
                .withAcl(Acl.empty().withGroups(EnumSet.of(PermissionGroup.AnonymousUsers),
                        "CONTOSO").with(new AccessEntry(Principal.ANONYMOUS_LOGON,
                        ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT, false, null)));
        new ConfigFile(data).write(cfg.withReceiveConnector(open));

        for (int start = 0; start < 2; start++) {
            try (PosternProcess server = PosternProcess.start(data, offset)) {
                assertThat(server.outputLines("event=open-relay")).singleElement().asString()
                        .contains("connector=\"EX01\\\\Open\"")
                        .contains("NT AUTHORITY")
                        .contains("0.0.0.0-255.255.255.255");
            }
        }
    }
}
