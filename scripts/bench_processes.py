"""The processes scripts/bench_scale.py starts and times: `serve`, and a Chroma server on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from assistant.settings import Settings

HOST = "127.0.0.1"


def serve_startup(settings: Settings, work: Path, command: list[str]) -> dict:
    """Seconds from running `command` (serve on `settings`' index, with PORT at its end) to its page answering
    HTTP 200, and its memory then."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRO_LY_")}
    env.update(
        TRO_LY_DATA_DIR=str(settings.data_dir),
        TRO_LY_CACHE_DIR=str(settings.cache_dir),
        TRO_LY_LLM="off",
        GRADIO_ANALYTICS_ENABLED="False",
        HF_HUB_OFFLINE="1",
    )
    if settings.chroma_host:
        env.update(TRO_LY_CHROMA_HOST=settings.chroma_host, TRO_LY_CHROMA_PORT=str(settings.chroma_port))
    command = [*command, str(port)]
    log = (work / f"serve-{port}.log").open("wb")
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        while not answers(f"http://{HOST}:{port}/"):
            if process.poll() is not None:
                msg = f"serve exited with {process.returncode}: see {log.name}"
                raise RuntimeError(msg)
            if time.perf_counter() - started > 900:
                msg = f"serve did not answer within 900 s: see {log.name}"
                raise RuntimeError(msg)
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        return {"serve_startup_seconds": round(seconds, 2), **rss_mb(process.pid, "serve")}
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class chroma_server:  # noqa: N801 (used as a context manager, like a function)
    """`chroma run --path DIR` on a free loopback port; yields (port, pid) once its heartbeat answers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()

    def __enter__(self) -> tuple[int, int]:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.path.mkdir(parents=True, exist_ok=True)
        chroma = str(Path(sys.executable).with_name("chroma"))
        command = [chroma, "run", "--path", str(self.path), "--host", HOST, "--port", str(self.port)]
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "NO_COLOR": "1"}
        self.log = (self.path.parent / "chroma-server.log").open("wb")
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            try:
                chromadb.HttpClient(host=HOST, port=self.port, settings=ChromaSettings(anonymized_telemetry=False))
                return self.port, self.process.pid
            except Exception:  # not up yet: retried until the deadline
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    raise
                time.sleep(0.1)

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def free_port() -> int:

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int, name: str = "") -> dict:
    """Resident and peak resident memory of a running process, from /proc."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    prefix = f"{name}_" if name else ""
    return {f"{prefix}rss_mb": kb_mb(fields["VmRSS"]), f"{prefix}peak_rss_mb": kb_mb(fields["VmHWM"])}


def kb_mb(field: str) -> float:
    return round(int(field.split()[0]) / 1024, 1)
