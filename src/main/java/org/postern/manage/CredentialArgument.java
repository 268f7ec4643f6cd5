package org.postern.manage;

import java.util.Map;
import org.postern.config.SmtpCredential;
import org.postern.shell.ErrorCategory;
import org.postern.shell.PsObject;
import org.postern.shell.ShellError;

/**
 * The value of {@code -AuthenticationCredential}. Exchange takes a PSCredential, made with
 * {@code Get-Credential} or {@code New-Object System.Management.Automation.PSCredential(user,
 * (ConvertTo-SecureString pw -AsPlainText -Force))}. Postern's shell may not build those .NET
 * objects, so this also takes, as a documented deviation, a hashtable
 * {@code @{UserName="relay"; Password="pw"}} or a string {@code "relay:pw"} (split at the first
 * colon). A PSCredential object the shell does produce is taken when its Password property is
 * plain text to Postern (a string); Postern never prints it back.
 */
final class CredentialArgument {

    private CredentialArgument() {
    }

    /** @return null for $null (no credential) */
    static SmtpCredential convert(Object raw) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof SmtpCredential) {
            return (SmtpCredential) raw;
        }
        if (raw instanceof Map) {
            String user = null;
            String password = null;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) raw).entrySet()) {
                String key = String.valueOf(e.getKey());
                if (key.equalsIgnoreCase("UserName")) {
                    user = text(e.getValue());
                } else if (key.equalsIgnoreCase("Password")) {
                    password = text(e.getValue());
                } else {
                    throw bad("the hashtable key \"" + key + "\" isn't valid; use UserName and"
                            + " Password");
                }
            }
            return of(user, password);
        }
        if (raw instanceof PsObject) {
            PsObject o = (PsObject) raw;
            Object password = o.get("Password");
            if (!(password instanceof CharSequence)) {
                throw bad("Postern can't read the password of a " + o.typeName()
                        + " object; give @{UserName=\"user\"; Password=\"password\"} instead");
            }
            return of(text(o.get("UserName")), password.toString());
        }
        if (raw instanceof CharSequence) {
            String s = raw.toString();
            int colon = s.indexOf(':');
            if (colon <= 0) {
                throw bad("the string form is user:password");
            }
            return of(s.substring(0, colon), s.substring(colon + 1));
        }
        throw bad("use @{UserName=\"user\"; Password=\"password\"} or \"user:password\"");
    }

    private static SmtpCredential of(String user, String password) {
        if (user == null || user.isBlank()) {
            throw bad("the user name is missing");
        }
        if (password == null) {
            throw bad("the password is missing");
        }
        return new SmtpCredential(user, password);
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    private static ShellError bad(String why) {
        return new ShellError("Cannot process argument transformation on parameter"
                + " 'AuthenticationCredential'. The credential isn't valid: " + why + ".",
                ErrorCategory.InvalidData, "ParameterBindingArgumentTransformationException", null,
                null);
    }
}
