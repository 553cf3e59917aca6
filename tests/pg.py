#!/usr/bin/env python3
"""pg.py - a throwaway PostgreSQL server for the tests: initdb and pg_ctl
from Debian's postgresql package in a temporary folder, on a free loopback
port and a socket in that folder, without fsync (nothing in it outlives the
run, and the machine does not crash under it; a commit still reaches the
server's files before it is acknowledged), as an unprivileged user: the current one, or, when running as root
(PostgreSQL refuses to), the user "nobody" through setpriv.

    with PgServer() as pg:           # pg.url: postgres://pace:PASSWORD@127.0.0.1:PORT/postgres
        ...
    pg.stop_server() / pg.start_server()   # take it away and bring it back

PgServer(durable=True) keeps PostgreSQL's durability on instead (fsync,
synchronous_commit and full_page_writes on, shared_buffers at its default
128MB), for bench/run.py's figures; wrap is put before the server's start
command (bench/run.py: taskset, to share the servers' CPU).

From the shell: tests/pg.py run COMMAND...  runs COMMAND with
PACE_TEST_DATABASE_URL set, then tears the server down.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile

BIN_DIRS = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)


def find_bin():
    for d in BIN_DIRS:
        if os.access(os.path.join(d, "initdb"), os.X_OK):
            return d
    return None


def available():
    return find_bin() is not None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self, durable=False, wrap=()):
        self.bin = find_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL's server programs are not installed "
                               "(scripts/bootstrap test installs them)")
        self.dir = None
        self.port = None
        self.url = None
        self.as_root = os.geteuid() == 0
        self.durable = durable
        self.wrap = list(wrap)

    def _run(self, args, check=True, wrap=(), **kw):
        cmd = [os.path.join(self.bin, args[0]), *args[1:]]
        if self.as_root:
            cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *cmd]
        cmd = [*wrap, *cmd]
        return subprocess.run(cmd, check=check, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, **kw)

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="pace-pg-")
        os.chmod(self.dir, 0o700)
        if self.as_root:
            shutil.chown(self.dir, "nobody", "nogroup")
        self.port = free_port()
        # A password over TCP (so a wrong one can be tried), none on the socket.
        self.password = "pace-test-" + os.urandom(6).hex()
        pwfile = os.path.join(self.dir, "pw")
        with open(pwfile, "w") as f:
            f.write(self.password + "\n")
        if self.as_root:
            shutil.chown(pwfile, "nobody", "nogroup")
        p = self._run(["initdb", "-D", os.path.join(self.dir, "data"), "-U", "pace",
                       "--pwfile", pwfile, "--auth-host=scram-sha-256", "--auth-local=trust",
                       *([] if self.durable else ["--no-sync"]), "-E", "UTF8", "--locale=C"],
                      check=False)
        if p.returncode != 0:
            self.cleanup()
            raise RuntimeError("initdb failed:\n" + p.stdout)
        self.start_server()
        self.url = f"postgres://pace:{self.password}@127.0.0.1:{self.port}/postgres"
        return self

    def start_server(self):
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200 "
        if self.durable:
            opts += "-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
        else:
            opts += "-c fsync=off -c full_page_writes=off -c shared_buffers=32MB"
        p = self._run(["pg_ctl", "-D", os.path.join(self.dir, "data"), "-l",
                       os.path.join(self.dir, "log"), "-o", opts, "-w", "start"], check=False,
                      wrap=self.wrap)
        if p.returncode != 0:
            log = ""
            try:
                with open(os.path.join(self.dir, "log")) as f:
                    log = f.read()[-3000:]
            except OSError:
                pass
            raise RuntimeError("PostgreSQL did not start:\n" + p.stdout + log)

    def stop_server(self, mode="fast"):
        self._run(["pg_ctl", "-D", os.path.join(self.dir, "data"), "-m", mode, "-w", "stop"],
                  check=False)

    def cleanup(self):
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def stop(self):
        if self.dir:
            self.stop_server("immediate")
            self.cleanup()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False


def main(argv):
    if len(argv) < 3 or argv[1] != "run":
        sys.exit("usage: tests/pg.py run COMMAND...")
    with PgServer() as pg:
        env = dict(os.environ, PACE_TEST_DATABASE_URL=pg.url)
        return subprocess.run(argv[2:], env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
