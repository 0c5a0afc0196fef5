"""What the server suites share: starting `escalate serve` on an ephemeral loopback port,
requests through http.client, and where the checkout and the build are.

The command is found through ESCALATE_CLI (CTest sets it), else build/bin/escalate.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[2]
RULESETS = ROOT / "rulesets"
CLI = Path(os.environ.get("ESCALATE_CLI", ROOT / "build" / "bin" / "escalate"))
BUILD = Path(os.environ.get("ESCALATE_BUILD_DIR", CLI.parent.parent))
OPENAPI = ROOT / "bindings" / "cli" / "serve" / "openapi.json"

TOKEN = "test-token-0123456789abcdef"
ADMIN_TOKEN = "admin-token-0123456789abcdef"


class Server:
    """`escalate serve --port 0 ...`, stopped by stop() (SIGTERM, then SIGKILL)."""

    def __init__(self, *args: str, rulesets: Optional[list] = None, token: bool = False, admin: bool = False,
                 host: str = "127.0.0.1"):
        self.temp = tempfile.TemporaryDirectory(prefix="escalate-serve-test-")
        command = [str(CLI), "serve", "--host", host, "--port", "0"]
        for path in rulesets or []:
            command += ["--rulesets", str(path)]
        if token:
            command += ["--token-file", self._write("token", TOKEN)]
        if admin:
            command += ["--admin-token-file", self._write("admin", ADMIN_TOKEN)]
        command += list(args)
        self.stderr_path = Path(self.temp.name) / "stderr"
        self._stderr = open(self.stderr_path, "wb")
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self._stderr, text=True)
        line = self.process.stdout.readline()
        if "listening on http://" not in line:
            self.process.wait(timeout=10)
            self.process.stdout.close()
            raise RuntimeError(f"escalate serve did not start: {line!r} {self.stderr()}")
        address = line.rsplit("http://", 1)[1].strip().rstrip("/")
        self.host, port = address.rsplit(":", 1)
        self.port = int(port)
        # Keep draining stdout so that the server can never block on it.
        self._drain = threading.Thread(target=self.process.stdout.read, daemon=True)
        self._drain.start()

    def _write(self, name: str, text: str) -> str:
        path = Path(self.temp.name) / name
        path.write_text(text + "\n")
        return str(path)

    def stderr(self) -> str:
        self._stderr.flush()
        return self.stderr_path.read_text(errors="replace")

    def connection(self, timeout: float = 30) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def request(self, method: str, path: str, body=None, headers: Optional[dict] = None,
                connection: Optional[http.client.HTTPConnection] = None):
        """(status, headers, body bytes). A dict body is sent as JSON."""
        headers = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            headers.setdefault("Content-Type", "application/json")
        own = connection is None
        connection = connection or self.connection()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            if own:
                connection.close()

    def json(self, method: str, path: str, body=None, headers: Optional[dict] = None):
        status, response_headers, data = self.request(method, path, body, headers)
        return status, response_headers, json.loads(data) if data else None

    def signal(self, number: int) -> None:
        self.process.send_signal(number)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._drain.join(timeout=5)
        self.process.stdout.close()
        self._stderr.close()
        self.temp.cleanup()
        return self.process.returncode


def copy_rulesets(target: Path) -> Path:
    """A private copy of the bundled rulesets, for tests that change files under a server."""
    destination = target / "rulesets"
    shutil.copytree(RULESETS, destination, ignore=shutil.ignore_patterns("schema"))
    return destination


def wait_for(predicate, timeout: float = 10, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
