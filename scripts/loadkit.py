"""What scripts/load-slow-and-flood and scripts/soak share: a private Postern and a loopback
smtp-sink, each started here and stopped by its process id, and SMTP clients bound to source
addresses in 127.0.0.0/8.

Everything listens on 127.0.0.1 (or the server's wildcard bindings) on free high ports; nothing
is sent beyond loopback.
"""

import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The default connectors sit at these ports plus an offset (postern serve --port-offset).
DEFAULT_PORTS = (25, 465, 587, 717, 2525)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_free(port):
    for family, host in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
        with socket.socket(family) as s:
            try:
                s.bind((host, port))
            except OSError:
                return False
    return True


def free_offset():
    """A port offset at which every default connector's port is free."""
    for _ in range(200):
        offset = free_port() % 20000 + 30000
        if all(port_free(p + offset) for p in DEFAULT_PORTS):
            return offset
    raise RuntimeError("no free port offset found")


def percentile(values, p):
    """The p-th percentile (0-100) by the nearest-rank method; None for no values."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


class Sink:
    """Postfix's smtp-sink on 127.0.0.1, appending every message to one dump file."""

    def __init__(self, work):
        self.dir = os.path.join(work, "sink")
        os.makedirs(self.dir)
        os.chmod(self.dir, 0o777)  # smtp-sink drops to nobody before it writes
        self.dump = os.path.join(self.dir, "dump")
        self.port = free_port()
        self.proc = subprocess.Popen(
            ["smtp-sink", "-u", "nobody", "-D", self.dump, "-m", "512",
             "127.0.0.1:%d" % self.port, "1024"],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "sink.err"), "w"))
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("smtp-sink did not start on port %d" % self.port)

    def ids(self, header="X-Load-Id"):
        """The values of every {header} line the sink received (one per message)."""
        if not os.path.exists(self.dump):
            return []
        pat = re.compile((r"^%s: (\S+)" % re.escape(header)).encode())
        out = []
        with open(self.dump, "rb") as f:
            for line in f:
                m = pat.match(line)
                if m:
                    out.append(m.group(1).decode())
        return out

    def stop(self):
        stop_pid(self.proc)


def stop_pid(proc, grace=20):
    """Stops one child by its process id: SIGTERM, then SIGKILL after {grace} seconds."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


class Postern:
    """A private `postern serve` in its own data directory, managed with `postern exec`."""

    def __init__(self, work, jvm_options=""):
        self.data = os.path.join(work, "postern")
        self.offset = free_offset()
        self.frontend_port = 25 + self.offset
        self.out_path = os.path.join(work, "postern.out")
        env = dict(os.environ)
        if jvm_options:
            env["JAVA_TOOL_OPTIONS"] = (env.get("JAVA_TOOL_OPTIONS", "") + " " + jvm_options)
        launcher = os.path.join(ROOT, "postern")
        # The launcher builds when the sources changed, then execs java: its pid is the JVM's.
        subprocess.run([os.path.join(ROOT, "scripts", "install-build-tools")], check=True)
        self.proc = subprocess.Popen(
            [launcher, "serve", "--data", self.data, "--server-name", "LOAD",
             "--fqdn", "load.postern.test", "--domain", "postern.test",
             "--port-offset", str(self.offset), "--admin-listen", "127.0.0.1:0",
             # Delivery asks only a closed loopback port: no resolver off the machine.
             "--dns-server", "127.0.0.1:%d" % free_port()],
            stdout=open(self.out_path, "w"), stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 300  # a first run builds the project
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("postern serve exited (%s); see %s"
                                   % (self.proc.returncode, self.out_path))
            if "event=ready" in self.output():
                break
            time.sleep(0.3)
        else:
            raise RuntimeError("postern serve not ready; see %s" % self.out_path)
        self.pid = self.proc.pid
        with open("/proc/%d/comm" % self.pid) as f:
            if f.read().strip() != "java":
                raise RuntimeError("process %d is not the JVM" % self.pid)

    def output(self):
        with open(self.out_path, errors="replace") as f:
            return f.read()

    def exec(self, script, check=True):
        """Runs a pipeline through `postern exec`; returns its output."""
        r = subprocess.run([os.path.join(ROOT, "postern"), "exec", "--data", self.data, script],
                           capture_output=True, text=True)
        if check and r.returncode != 0:
            raise RuntimeError("postern exec failed (%d): %s\n%s%s"
                               % (r.returncode, script, r.stdout, r.stderr))
        return r.stdout

    def stop(self):
        stop_pid(self.proc)

    # What the soak samples: the JVM's own view, from outside the process.

    def heap_after_gc_kb(self):
        """Runs a full GC (jcmd GC.run), then the used heap from GC.heap_info, in KiB."""
        subprocess.run(["jcmd", str(self.pid), "GC.run"], capture_output=True, timeout=120)
        info = subprocess.run(["jcmd", str(self.pid), "GC.heap_info"], capture_output=True,
                              text=True, timeout=60).stdout
        m = re.search(r"total (\d+)K, used (\d+)K", info)
        if not m:
            raise RuntimeError("unexpected GC.heap_info output: %s" % info)
        return int(m.group(2))

    def open_fds(self):
        return len(os.listdir("/proc/%d/fd" % self.pid))

    def threads(self):
        return len(os.listdir("/proc/%d/task" % self.pid))

    def rss_kb(self):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def relay_setup(server, sink, listed_ip, connector="Listed Relay"):
    """The article's method 2 on the Default Frontend port: a connector for {listed_ip} whose
    anonymous sessions may relay, and a send connector that hands everything to {sink}."""
    port = server.frontend_port
    server.exec("New-ReceiveConnector -Name '%s' -TransportRole FrontendTransport -Custom "
                "-Bindings 0.0.0.0:%d -RemoteIPRanges %s -PermissionGroups AnonymousUsers"
                % (connector, port, listed_ip))
    server.exec("Get-ReceiveConnector '%s' | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS "
                "LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient" % connector)
    server.exec("New-SendConnector -Name Sink -Custom -AddressSpaces * -SmartHosts 127.0.0.1 "
                "-Port %d -DNSRoutingEnabled $false" % sink.port)


class Smtp:
    """A blocking SMTP client bound to a source address; each step returns the reply."""

    def __init__(self, source, port, timeout=60):
        self.sock = socket.socket()
        self.sock.settimeout(timeout)
        self.sock.bind((source, 0))
        self.sock.connect(("127.0.0.1", port))
        self.buf = b""

    def reply(self):
        lines = []
        while True:
            while b"\r\n" not in self.buf:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError("closed by the server after %r" % lines)
                self.buf += chunk
            line, self.buf = self.buf.split(b"\r\n", 1)
            lines.append(line.decode("ascii", "replace"))
            if len(line) < 4 or line[3:4] != b"-":
                return lines

    def cmd(self, text):
        self.sock.sendall(text.encode() + b"\r\n")
        return self.reply()

    def send(self, data):
        self.sock.sendall(data)

    def close(self):
        self.sock.close()


def message(load_id, sender, rcpt, size=0):
    """A message with an X-Load-Id header and about {size} bytes of body, dot-stuffed, CRLF."""
    body_line = "x" * 76
    lines = ["From: <%s>" % sender, "To: <%s>" % rcpt, "Subject: load %s" % load_id,
             "X-Load-Id: %s" % load_id, "Message-ID: <%s@load.postern.test>" % load_id, "",
             "test message %s" % load_id]
    lines += [body_line] * (size // 78)
    return ("\r\n".join(lines) + "\r\n").encode()


def transaction(source, port, load_id, rcpt="someone@example.net", size=0,
                sender="app@postern.test"):
    """One whole transaction (connect, EHLO, MAIL, RCPT, DATA, QUIT). Returns (ok, seconds,
    the failing reply or None)."""
    t0 = time.perf_counter()
    c = None
    try:
        c = Smtp(source, port)
        r = c.reply()
        if not r[0].startswith("220"):
            return False, time.perf_counter() - t0, r[0]
        for step, want in (("EHLO app.postern.test", "250"), ("MAIL FROM:<%s>" % sender, "250"),
                           ("RCPT TO:<%s>" % rcpt, "250"), ("DATA", "354")):
            r = c.cmd(step)
            if not r[-1].startswith(want):
                return False, time.perf_counter() - t0, r[-1]
        c.send(message(load_id, sender, rcpt, size) + b".\r\n")
        r = c.reply()
        if not r[0].startswith("250"):
            return False, time.perf_counter() - t0, r[0]
        c.cmd("QUIT")
        return True, time.perf_counter() - t0, None
    except (OSError, ConnectionError) as e:
        return False, time.perf_counter() - t0, "%s: %s" % (type(e).__name__, e)
    finally:
        if c:
            c.close()


def reset_close(sock):
    """Closes with a reset, as a client that drops a session does: no FIN, no TIME_WAIT here."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


def work_dir(prefix):
    d = tempfile.mkdtemp(prefix=prefix)
    os.chmod(d, 0o755)  # smtp-sink runs as nobody and writes below it
    return d


def remove(work):
    shutil.rmtree(work, ignore_errors=True)


def dumps(obj):
    return json.dumps(obj, sort_keys=True)
