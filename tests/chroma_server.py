"""Start a real Chroma server on a free loopback port for tests that exercise the client-server setup.

Usage in a test::

    with chroma_server(tmp_path) as (host, port):
        client = chromadb.HttpClient(host=host, port=port, settings=client_settings())

The server is the `chroma` command of the running interpreter's environment (`.venv/bin/chroma`), so tests
need no service started beforehand; it listens on 127.0.0.1 only and is terminated when the block ends.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import chromadb
from chromadb.config import Settings

log = logging.getLogger(__name__)

HOST = "127.0.0.1"


class ChromaServerError(RuntimeError):
    """The Chroma server did not start or did not answer its heartbeat in time."""


def chroma_command() -> str:
    """The `chroma` CLI beside the running interpreter (the venv's), else the first on PATH."""
    beside = Path(sys.executable).with_name("chroma")
    if beside.is_file():
        return str(beside)
    found = shutil.which("chroma")
    if found is None:
        msg = "the `chroma` command was not found: run `make install`"
        raise ChromaServerError(msg)
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def client_settings() -> Settings:
    """Client settings for tests: no product telemetry, so nothing leaves the machine."""
    return Settings(anonymized_telemetry=False)


def _heartbeat(port: int) -> bool:
    try:
        chromadb.HttpClient(host=HOST, port=port, settings=client_settings()).heartbeat()
    except Exception:  # any failure here means "not up yet": the caller retries until its deadline
        return False
    return True


@contextmanager
def chroma_server(data_dir: Path, *, timeout: float = 60.0) -> Iterator[tuple[str, int]]:
    """Run `chroma run --path DATA_DIR --host 127.0.0.1 --port PORT`; yield (host, port) once it answers."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = data_dir.parent / f"chroma-server-{port}.log"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "NO_COLOR": "1"}
    command = [chroma_command(), "run", "--path", str(data_dir), "--host", HOST, "--port", str(port)]
    with log_path.open("wb") as server_log:
        process = subprocess.Popen(
            command, stdout=server_log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
        )
    try:
        started = time.monotonic()
        while not _heartbeat(port):
            if process.poll() is not None:
                msg = f"chroma server exited with code {process.returncode}:\n{_tail(log_path)}"
                raise ChromaServerError(msg)
            if time.monotonic() - started > timeout:
                msg = f"chroma server silent on {HOST}:{port} for {timeout:.0f} s:\n{_tail(log_path)}"
                raise ChromaServerError(msg)
            time.sleep(0.05)
        log.info("chroma server on %s:%d answered after %.2f s", HOST, port, time.monotonic() - started)
        yield HOST, port
    finally:
        stop_process(process, timeout=10)


def stop_process(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Ask a child to end, and end it if it has not within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
