package org.postern.shell.builtin;

import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.SecureString;
import org.postern.shell.ShellError;
import org.postern.shell.Values;

/**
 * ConvertTo-SecureString [-String] text -AsPlainText -Force: the idiom administrators type to
 * hand a password to a cmdlet ({@code Set-Mailbox kim -Password (ConvertTo-SecureString -String
 * 'pw' -AsPlainText -Force)}). The result prints as {@code System.Security.SecureString} and its
 * text is never written anywhere.
 *
 * <p>Without -AsPlainText, PowerShell reads an "encrypted standard string" that Windows' data
 * protection (DPAPI, or -Key) made; Postern has neither, so that form is refused with a message
 * that says what to give instead.
 */
final class ConvertToSecureString extends Builtin {

    ConvertToSecureString() {
        super("ConvertTo-SecureString", SECURITY,
                Parameter.named("String").type(Parameter.Type.STRING).position(0).mandatory()
                        .byValue("*").build(),
                sw("AsPlainText"), sw("Force"));
    }

    @Override
    public void process(Invocation inv) {
        if (!inv.params().bool("AsPlainText")) {
            throw new ShellError("Postern can't read an encrypted standard string (that needs"
                    + " Windows data protection or a key). Give the text with -AsPlainText"
                    + " -Force.", ErrorCategory.InvalidArgument, "FormatException",
                    null, "ImportSecureString_InvalidArgument_CryptographicError");
        }
        if (!inv.params().bool("Force")) {
            throw new ShellError("The system cannot protect plain text input. To suppress this"
                    + " warning and convert the plain text to a SecureString, reissue the"
                    + " command specifying the Force parameter. For more information ,type:"
                    + " get-help ConvertTo-SecureString.", ErrorCategory.InvalidArgument,
                    "ArgumentException", null, "ImportSecureString_InvalidArgument");
        }
        Object raw = inv.params().get("String");
        if (raw == null) {
            throw new ShellError("Cannot bind argument to parameter 'String' because it is null.",
                    ErrorCategory.InvalidData, "ParameterBindingValidationException", null,
                    "ParameterArgumentValidationErrorNullNotAllowed");
        }
        inv.emit(new SecureString(Values.toStr(raw).toCharArray()));
    }
}
