package org.postern.delivery;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local mailboxes as Maildirs: {@code <DIR>/mailboxes/<folder>/{tmp,new,cur}}. A message is
 * written to {@code tmp/}, fsynced, renamed into {@code new/} and the directory fsynced, the way
 * the Maildir format wants it, so a reader never sees a partial message and a crash never loses
 * an acknowledged one. Files use LF line ends, as Maildir readers expect; a {@code Return-Path:}
 * and a {@code Delivered-To:} header go first.
 *
 * <p>File names follow the Maildir convention {@code <seconds>.M<micros>P<pid>Q<n>.<host>}: the
 * process id, a per-process counter and the time make them unique on this host, and the file is
 * created exclusively so two writers can never share one.
 */
public final class Maildirs {

    private final Path root;
    private final String host;
    private final Clock clock;
    private final long pid = ProcessHandle.current().pid();
    private final AtomicLong counter = new AtomicLong();

    /**
     * @param dataDir Postern's data directory; mailboxes live in its {@code mailboxes} folder
     * @param host this server's FQDN, for file names
     */
    public Maildirs(Path dataDir, String host, Clock clock) {
        this.root = dataDir.resolve("mailboxes");
        this.host = safeHost(host);
        this.clock = clock;
    }

    /** The Maildir of a mailbox folder name. */
    public Path maildir(String folder) {
        if (folder.isEmpty() || folder.contains("/") || folder.contains("\\")
                || folder.equals(".") || folder.equals("..") || folder.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("mailbox folder \"" + folder
                    + "\" is not a plain folder name");
        }
        return root.resolve(folder);
    }

    /**
     * Delivers one message into a mailbox.
     *
     * @param folder the mailbox's folder name
     * @param returnPath the envelope sender, empty for the null sender
     * @param deliveredTo the recipient address
     * @param content the message as spooled (CRLF lines); read to its end, not closed
     * @return the file in {@code new/}
     */
    public Path deliver(String folder, String returnPath, String deliveredTo, InputStream content)
            throws IOException {
        Path dir = maildir(folder);
        Path tmpDir = dir.resolve("tmp");
        Path newDir = dir.resolve("new");
        Files.createDirectories(tmpDir);
        Files.createDirectories(newDir);
        Files.createDirectories(dir.resolve("cur"));
        String name = uniqueName();
        Path tmp = tmpDir.resolve(name);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream out = new java.io.BufferedOutputStream(
                        Channels.newOutputStream(ch), 64 * 1024);
                out.write(("Return-Path: <" + returnPath + ">\n" + "Delivered-To: "
                        + deliveredTo + "\n").getBytes(StandardCharsets.UTF_8));
                copyToLf(content, out);
                out.flush();
                ch.force(true);
            }
            Path target = newDir.resolve(name);
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(newDir, StandardOpenOption.READ)) {
                d.force(true);
            }
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new unique file name: {@code <seconds>.M<micros>P<pid>Q<n>.<host>}. */
    String uniqueName() {
        Instant now = clock.instant();
        long micros = now.getNano() / 1000;
        return now.getEpochSecond() + ".M" + micros + "P" + pid + "Q"
                + counter.incrementAndGet() + "." + host;
    }

    /** The host part as Maildir wants it: '/' as \057 and ':' as \072. */
    static String safeHost(String host) {
        return host.replace("/", "\\057").replace(":", "\\072");
    }

    /** Copies content turning CRLF into LF; every other byte is kept. */
    static void copyToLf(InputStream in, OutputStream out) throws IOException {
        InputStream b = in instanceof BufferedInputStream ? in : new BufferedInputStream(in,
                64 * 1024);
        boolean cr = false;
        for (int c; (c = b.read()) != -1;) {
            if (cr) {
                cr = false;
                if (c == '\n') {
                    out.write('\n');
                    continue;
                }
                out.write('\r');
            }
            if (c == '\r') {
                cr = true;
            } else {
                out.write(c);
            }
        }
        if (cr) {
            out.write('\r');
        }
    }
}
