#!/usr/bin/env python3
"""Drives an interactive program through a real pseudo-terminal, like expect.

Usage: pty-drive.py STEPS.json -- COMMAND [ARG...]

STEPS.json is a list of steps, run in order:
  {"send": "text"}                      write text to the terminal (\t is Tab, \r is Enter)
  {"expect": "regex", "timeout": 20}    wait until the screen text written since the last
                                        matched expect matches (escape sequences removed)
  {"exit": 0, "timeout": 20}            wait for the program to end with this status

The terminal is 40 rows by 120 columns, TERM=xterm-256color. Everything the program wrote,
with escape sequences removed, goes to stdout at the end. The exit status is 0 when every step
passed, 1 otherwise (the failed step is named on stderr).
"""
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[=>]|\x1b\][^\x07]*\x07|\r")


def main():
    steps = json.load(open(sys.argv[1], encoding="utf-8"))
    command = sys.argv[sys.argv.index("--") + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    raw = b""
    seen = 0  # the part of the clean text already matched by an expect
    status = None

    def clean():
        return ANSI.sub(b"", raw).decode("utf-8", errors="replace")

    def pump(wait):
        nonlocal raw
        r, _, _ = select.select([fd], [], [], wait)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return False
            if not data:
                return False
            raw += data
        return True

    failed = None
    for i, step in enumerate(steps):
        if "send" in step:
            os.write(fd, step["send"].encode("utf-8"))
            time.sleep(step.get("pause", 0.05))
        elif "expect" in step:
            pattern = re.compile(step["expect"])
            deadline = time.time() + step.get("timeout", 20)
            while True:
                text = clean()
                m = pattern.search(text, seen)
                if m:
                    seen = m.end()
                    break
                if time.time() > deadline or not pump(0.1):
                    if not m and not pattern.search(clean(), seen):
                        failed = "step %d: %r not seen" % (i, step["expect"])
                    break
            if failed:
                break
        elif "exit" in step:
            deadline = time.time() + step.get("timeout", 20)
            while time.time() < deadline:
                pump(0.1)
                done, st = os.waitpid(pid, os.WNOHANG)
                if done:
                    status = os.waitstatus_to_exitcode(st)
                    break
            if status != step["exit"]:
                failed = "step %d: exit status %r, wanted %r" % (i, status, step["exit"])
                break
    if status is None:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
    sys.stdout.write(clean())
    if failed:
        sys.stderr.write(failed + "\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
