"""A throw-away PostgreSQL cluster for the register's tests and benchmark."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def _pg_binary(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class TemporaryCluster:
    """A throw-away PostgreSQL cluster on a Unix socket in a temporary folder."""

    def __init__(self) -> None:
        initdb, pg_ctl = _pg_binary("initdb"), _pg_binary("pg_ctl")
        if initdb is None or pg_ctl is None:
            raise RuntimeError("PostgreSQL (initdb, pg_ctl) is not installed")
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            if runuser is None:
                raise RuntimeError("running as root and runuser is missing")
            self.prefix = [runuser, "-u", "postgres", "--"]
        self.dir = Path(tempfile.mkdtemp(prefix="kkletter-pg-"))
        self.dir.chmod(0o777)
        data = self.dir / "data"
        self.pg_ctl, self.data = pg_ctl, data
        self._run(
            [
                initdb,
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "kkletter",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        )
        options = f"-k {self.dir} -c listen_addresses='' -c fsync=off -c max_connections=100"
        self._run(
            [pg_ctl, "-D", str(data), "-o", options, "-w", "-l", str(self.dir / "log"), "start"]
        )
        self.url = f"postgresql://kkletter@/postgres?host={self.dir}"

    def _run(self, command: list[str]) -> None:
        result = subprocess.run(
            [*self.prefix, *command], capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:300]}")

    def stop(self) -> None:
        try:
            self._run([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
