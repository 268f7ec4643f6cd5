package org.postern.manage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.postern.config.ConfigRepository;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.PsObject;
import org.postern.shell.ShellDateTime;
import org.postern.shell.ShellError;
import org.postern.shell.View;
import org.postern.tls.CertificateFiles;
import org.postern.tls.CertificateService;
import org.postern.tls.CertificateStore;
import org.postern.tls.CertificateTrust;
import org.postern.tls.ExchangeCertificate;

/**
 * Import-, Get-, Enable- and Remove-ExchangeCertificate on the server's certificate store.
 * Postern serves SMTP only, so SMTP is the one service a certificate can be enabled for.
 */
final class ExchangeCertificateCmdlets {

    static final String TYPE =
            "Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate";
    private static final View VIEW = View.table(View.Column.of("Thumbprint", 41),
            new View.Column("ServicesStringForm", "Services", 10), View.Column.of("Subject"));

    private ExchangeCertificateCmdlets() {
    }

    static List<ExchangeCmdlet> all(ConfigRepository repo) {
        return List.of(new Import(repo), new Get(repo), new Enable(repo), new Remove(repo));
    }

    /** A certificate as Get-ExchangeCertificate returns it (the properties of its fl view). */
    static PsObject certificate(ExchangeCertificate c, ConfigRepository repo) {
        Instant now = Instant.now();
        ZoneId local = ZoneId.systemDefault();
        PsObject o = PsObject.of(TYPE);
        o.put("CertificateDomains", c.certificateDomains());
        o.put("HasPrivateKey", c.hasPrivateKey());
        o.put("IsSelfSigned", c.isSelfSigned());
        o.put("Issuer", c.issuer());
        o.put("NotAfter", new ShellDateTime(c.notAfter(), local));
        o.put("NotBefore", new ShellDateTime(c.notBefore(), local));
        o.put("PublicKeySize", c.publicKeySize());
        o.put("RootCAType", CertificateTrust.rootCaType(c, now));
        o.put("SerialNumber", c.serialNumber());
        o.put("Services", services(c));
        o.put("Status", CertificateTrust.status(c, now));
        o.put("Subject", c.subject());
        o.put("Thumbprint", c.thumbprint());
        // Exchange's table shows the services in their short form; Postern's views can show
        // only properties, so the short form is one, after those of Exchange's list view.
        o.put("ServicesStringForm", c.servicesStringForm());
        return o.view(VIEW).text(c.thumbprint());
    }

    /** The Services value: the flag names ({@code SMTP}), or None. */
    private static String services(ExchangeCertificate c) {
        if (c.services().isEmpty()) {
            return "None";
        }
        List<String> names = new ArrayList<>();
        for (CertificateService s : CertificateService.values()) {
            if (c.services().contains(s)) {
                names.add(s.name());
            }
        }
        return String.join(", ", names);
    }

    private static CertificateStore store(ConfigRepository repo) {
        return repo.certificates();
    }

    private static ShellError notFound(String thumbprint) {
        return new ShellError("The certificate with thumbprint " + thumbprint
                + " was not found.", ErrorCategory.ObjectNotFound,
                "ManagementObjectNotFoundException", null, null);
    }

    private static ExchangeCertificate one(ConfigRepository repo, Invocation inv) {
        String t = thumbprint(inv);
        return store(repo).find(t).orElseThrow(() -> notFound(t));
    }

    /** -Thumbprint, or -Identity in Exchange's {@code SERVER\thumbprint} form. */
    private static String thumbprint(Invocation inv) {
        String t = inv.params().has("Thumbprint") ? inv.params().string("Thumbprint")
                : inv.params().string("Identity");
        if (t == null) {
            throw ExchangeCmdlet.missing("Thumbprint");
        }
        int slash = t.lastIndexOf('\\');
        return (slash >= 0 ? t.substring(slash + 1) : t).trim().toUpperCase(Locale.ROOT);
    }

    private static List<Parameter> identityOrThumbprint(boolean mandatory) {
        Parameter.Builder thumb = Parameter.named("Thumbprint").type(Parameter.Type.STRING)
                .position(0).byPropertyName();
        return List.of(mandatory ? thumb.build() : thumb.build(),
                Parameter.named("Identity").type(Parameter.Type.STRING).byPropertyName()
                        .build(),
                Parameter.named("Server").type(Parameter.Type.STRING).build());
    }

    private static ShellError failed(RuntimeException e) {
        if (e instanceof UncheckedIOException) {
            return new ShellError(e.getMessage(), ErrorCategory.WriteError, "IOException",
                    null, null);
        }
        return new ShellError(e.getMessage(), ErrorCategory.InvalidOperation,
                "InvalidOperationException", null, null);
    }

    /**
     * Import-ExchangeCertificate -FileData bytes | -FileName path [-Password pw]
     * [-PrivateKeyExportable $true] [-FriendlyName name].
     */
    static final class Import extends ExchangeCmdlet {
        Import(ConfigRepository repo) {
            super(repo, "Import-ExchangeCertificate", List.of(
                    Parameter.named("FileData").build(),
                    Parameter.named("FileName").type(Parameter.Type.STRING).alias("Path")
                            .build(),
                    Parameter.named("Password").build(),
                    bool("PrivateKeyExportable"),
                    Parameter.named("FriendlyName").type(Parameter.Type.STRING).build(),
                    Parameter.named("Server").type(Parameter.Type.STRING).build()));
        }

        @Override
        public void process(Invocation inv) {
            byte[] data;
            if (inv.params().has("FileData")) {
                data = fileData(inv.params().get("FileData"));
            } else if (inv.params().has("FileName")) {
                String name = inv.params().string("FileName");
                try {
                    data = Files.readAllBytes(Path.of(name));
                } catch (NoSuchFileException e) {
                    throw new ShellError("The file \"" + name + "\" doesn't exist.",
                            ErrorCategory.ObjectNotFound, "FileNotFoundException", null, null);
                } catch (IOException e) {
                    throw new ShellError("The file \"" + name + "\" can't be read: "
                            + e.getMessage(), ErrorCategory.ReadError, "IOException", null,
                            null);
                }
            } else {
                throw missing("FileData");
            }
            char[] password = SecretArgument.password(inv.params().get("Password"));
            CertificateFiles.Loaded loaded;
            try {
                loaded = CertificateFiles.read(data, password);
            } catch (CertificateFiles.BadCertificateFileException e) {
                throw new ShellError("The certificate can't be imported. " + e.getMessage(),
                        ErrorCategory.InvalidData, "InvalidOperationException", null, null);
            }
            ExchangeCertificate c = new ExchangeCertificate(loaded.chain(), loaded.key(),
                    EnumSet.noneOf(CertificateService.class),
                    inv.params().bool("PrivateKeyExportable"),
                    inv.params().string("FriendlyName"));
            if (!inv.shouldProcess("Importing certificate with thumbprint " + c.thumbprint()
                    + " (" + c.subject() + ").")) {
                return;
            }
            try {
                store(repo).add(c);
            } catch (RuntimeException e) {
                throw failed(e);
            }
            if (!c.hasPrivateKey()) {
                inv.writeWarning("The certificate " + c.thumbprint() + " has no private key;"
                        + " it can't be used for TLS.");
            }
            inv.emit(certificate(c, repo));
        }

        /** Byte[] (from [System.IO.File]::ReadAllBytes), a list of numbers, or PEM text. */
        private static byte[] fileData(Object raw) {
            if (raw instanceof byte[]) {
                return (byte[]) raw;
            }
            if (raw instanceof CharSequence) {
                return raw.toString().getBytes(StandardCharsets.UTF_8);
            }
            if (raw instanceof List || raw instanceof Object[]) {
                List<?> items = raw instanceof List ? (List<?>) raw
                        : java.util.Arrays.asList((Object[]) raw);
                byte[] out = new byte[items.size()];
                for (int i = 0; i < out.length; i++) {
                    Object v = items.get(i);
                    if (!(v instanceof Number) || ((Number) v).intValue() < 0
                            || ((Number) v).intValue() > 255) {
                        throw badFileData();
                    }
                    out[i] = (byte) ((Number) v).intValue();
                }
                return out;
            }
            throw badFileData();
        }

        private static ShellError badFileData() {
            return new ShellError("Cannot process argument transformation on parameter"
                    + " 'FileData'. Give the file's bytes"
                    + " ([System.IO.File]::ReadAllBytes('path')) or its PEM text.",
                    ErrorCategory.InvalidData, "ParameterBindingArgumentTransformationException",
                    null, "ParameterArgumentTransformationError");
        }
    }

    /** Get-ExchangeCertificate [[-Thumbprint] thumbprint] [-DomainName name]. */
    static final class Get extends ExchangeCmdlet {
        Get(ConfigRepository repo) {
            super(repo, "Get-ExchangeCertificate", withDomainName());
        }

        private static List<Parameter> withDomainName() {
            List<Parameter> p = new ArrayList<>(identityOrThumbprint(false));
            p.add(Parameter.named("DomainName").type(Parameter.Type.STRING).array().build());
            return p;
        }

        @Override
        public void process(Invocation inv) {
            List<ExchangeCertificate> found;
            if (inv.params().has("Thumbprint") || inv.params().has("Identity")) {
                String t = thumbprint(inv);
                var c = store(repo).find(t);
                if (c.isEmpty()) {
                    inv.writeError(notFound(t));
                    return;
                }
                found = List.of(c.get());
            } else {
                found = store(repo).all();
            }
            List<Object> domains = inv.params().list("DomainName");
            for (ExchangeCertificate c : found) {
                boolean match = domains.isEmpty();
                for (Object d : domains) {
                    match |= c.covers(String.valueOf(d));
                }
                if (match) {
                    inv.emit(certificate(c, repo));
                }
            }
        }
    }

    /** Enable-ExchangeCertificate -Thumbprint X -Services SMTP [-Force]. */
    static final class Enable extends ExchangeCmdlet {
        Enable(ConfigRepository repo) {
            super(repo, "Enable-ExchangeCertificate", withServices());
        }

        private static List<Parameter> withServices() {
            List<Parameter> p = new ArrayList<>(identityOrThumbprint(true));
            p.add(Parameter.named("Services").build());
            p.add(Parameter.switchNamed("Force"));
            p.add(Parameter.switchNamed("DoNotRequireSsl"));
            return p;
        }

        @Override
        public void process(Invocation inv) {
            if (!inv.params().has("Services")) {
                throw missing("Services");
            }
            EnumSet<CertificateService> services = services(inv.params().list("Services"));
            ExchangeCertificate c = one(repo, inv);
            if (services.contains(CertificateService.SMTP) && !c.hasPrivateKey()) {
                throw new ShellError("The certificate with thumbprint " + c.thumbprint()
                        + " has no private key, so it can't be enabled for SMTP.",
                        ErrorCategory.InvalidOperation, "InvalidOperationException", null,
                        null);
            }
            if (!inv.shouldProcess("Enabling certificate " + c.thumbprint() + " for "
                    + services + ".")) {
                return;
            }
            try {
                store(repo).enable(c.thumbprint(), services);
            } catch (RuntimeException e) {
                throw failed(e);
            }
        }

        private static EnumSet<CertificateService> services(List<Object> raw) {
            EnumSet<CertificateService> out = EnumSet.noneOf(CertificateService.class);
            for (Object o : raw) {
                for (String part : String.valueOf(o).split(",")) {
                    String name = part.trim();
                    if (name.isEmpty() || name.equalsIgnoreCase("None")) {
                        continue;
                    }
                    CertificateService found = null;
                    for (CertificateService s : CertificateService.values()) {
                        if (s.name().equalsIgnoreCase(name)) {
                            found = s;
                        }
                    }
                    if (found == null) {
                        throw new ShellError("Cannot process argument transformation on"
                                + " parameter 'Services'. \"" + name + "\" isn't a service;"
                                + " use SMTP.", ErrorCategory.InvalidData,
                                "ParameterBindingArgumentTransformationException", null,
                                "ParameterArgumentTransformationError");
                    }
                    if (found != CertificateService.SMTP) {
                        throw new ShellError("Postern serves SMTP only; the service " + found
                                + " isn't available.", ErrorCategory.InvalidArgument,
                                "ArgumentException", null, null);
                    }
                    out.add(found);
                }
            }
            return out;
        }
    }

    /** Remove-ExchangeCertificate -Thumbprint X: the certificate and its private key. */
    static final class Remove extends ExchangeCmdlet {
        Remove(ConfigRepository repo) {
            super(repo, "Remove-ExchangeCertificate", identityOrThumbprint(true));
        }

        @Override
        public void process(Invocation inv) {
            ExchangeCertificate c = one(repo, inv);
            if (!inv.shouldProcess("Remove certificate with thumbprint " + c.thumbprint()
                    + " from the computer's certificate store.")) {
                return;
            }
            boolean wasDefault = store(repo).smtpDefault()
                    .map(d -> d.thumbprint().equals(c.thumbprint())).orElse(false);
            try {
                store(repo).remove(c.thumbprint());
            } catch (RuntimeException e) {
                throw failed(e);
            }
            if (wasDefault) {
                inv.writeWarning("The certificate " + c.thumbprint() + " was the SMTP default"
                        + " certificate. Connectors without a TlsCertificateName now use a"
                        + " certificate whose names cover their FQDN, or offer no STARTTLS;"
                        + " run Enable-ExchangeCertificate -Services SMTP to choose one.");
            }
        }
    }
}
