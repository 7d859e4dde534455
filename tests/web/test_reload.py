"""Reloading the web app's assistant after uploads and deletions reopens nothing and starts nothing: counted on this
process (open file descriptors, child processes) over 20 reloads, with a real Chroma folder and SQLite files."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import gradio as gr

from assistant.factory import ingest_archive, make_runtime
from assistant.llm import LanguageModel
from assistant.settings import Settings
from assistant.web import upload
from assistant.web.auth import hash_password
from assistant.web.context import WebContext
from tests.assistant.conftest import ScriptedChatModel, write_archive
from tests.conftest import HashEmbeddings

ADMIN = gr.Request(username="lan")
UPLOADED = "tai-len/BC 12 xang dau.txt"
FUEL = "BÁO CÁO\nGiá bán lẻ xăng RON 95 trên địa bàn tỉnh ở mức 23.150 đồng một lít."


class StandInServer:
    """Stands in for the llama.cpp server of TRO_LY_LLM=local: a real child process, running until closed."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def open_files() -> Counter[str]:
    """Open descriptors by what they lead to (a path, or the kind of a pipe or socket). Chroma's own database is
    left out: its connection pool opens one connection per thread it serves, up to a limit of its own."""
    gc.collect()  # an object dropped but not yet collected is not a leak: only what stays reachable counts
    targets: Counter[str] = Counter()
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # the descriptor listdir itself used
            continue
        if not Path(target).name.startswith("chroma.sqlite3"):
            targets[target if target.startswith("/") else target.split(":")[0]] += 1
    return targets


def child_processes() -> set[int]:
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == os.getpid():
            children.add(int(stat.parent.name))
    return children


def test_twenty_reloads_reopen_nothing_and_the_model_starts_once(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        index_dir=tmp_path / "index",
        cache_dir=tmp_path / "cache",
        ocr=False,
        llm="local",
        users=f"lan:admin:{hash_password('mat-khau-cua-lan')}",
    )
    ingest_archive(settings, write_archive(tmp_path / "kho"), HashEmbeddings())
    servers: list[StandInServer] = []

    def start_model(settings: Settings) -> LanguageModel:
        servers.append(StandInServer())
        return LanguageModel(ScriptedChatModel(replies=[]), settings.llm_context, holder=servers[-1])

    source = tmp_path / "tai-ve" / "BC 12 xang dau.txt"
    source.parent.mkdir()
    source.write_text(FUEL, encoding="utf-8")
    runtime = make_runtime(settings, HashEmbeddings(), start_model)
    ctx = WebContext.open(settings, runtime)
    reading = ctx.assistant.retriever.catalog

    def upload_then_delete() -> list[object]:
        """Two reloads; the assistant after each."""
        assert "Đã thêm" in upload.upload_document(ctx, ADMIN, source)
        with_upload = ctx.assistant
        assert UPLOADED in {p.doc_path for p in with_upload.retrieve("giá bán lẻ xăng RON 95")}
        assert upload.delete_document(ctx, ADMIN, UPLOADED, True).startswith("Đã xóa")
        assert UPLOADED not in {p.doc_path for p in ctx.assistant.retrieve("giá bán lẻ xăng RON 95")}
        return [with_upload, ctx.assistant]

    upload_then_delete()  # the first upload creates what Chroma and the lexical index then keep
    files, children = open_files(), child_processes()
    assistants = [ctx.assistant]
    for _ in range(10):
        assistants += upload_then_delete()

    assert all(a is not b for a, b in zip(assistants, assistants[1:], strict=False))  # 20 reloads, each a swap
    assert all(a.retriever.catalog is reading for a in assistants)  # over the index's one reading handle
    # nothing more is open: earlier tests' idle sockets may close meanwhile, so fewer is no failure
    assert not open_files() - files
    assert child_processes() == children and len(servers) == 1 and servers[0].process.pid in children

    ctx.close()
    runtime.close()
    assert servers[0].process.poll() is not None and servers[0].process.pid not in child_processes()
