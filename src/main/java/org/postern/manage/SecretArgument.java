package org.postern.manage;

import org.postern.shell.ErrorCategory;
import org.postern.shell.SecureString;
import org.postern.shell.ShellError;

/**
 * A -Password value: a SecureString from {@code ConvertTo-SecureString -AsPlainText -Force}, as
 * Exchange takes it, or (Postern's deviation, for scripts that can't make one) plain text.
 */
final class SecretArgument {

    private SecretArgument() {
    }

    /** @return null for $null or an absent parameter */
    static char[] password(Object raw) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof SecureString) {
            return ((SecureString) raw).copy();
        }
        if (raw instanceof CharSequence) {
            return raw.toString().toCharArray();
        }
        throw new ShellError("Cannot process argument transformation on parameter 'Password'."
                + " Give (ConvertTo-SecureString -String 'password' -AsPlainText -Force).",
                ErrorCategory.InvalidData, "ParameterBindingArgumentTransformationException",
                null, "ParameterArgumentTransformationError");
    }
}
