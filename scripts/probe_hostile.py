"""Probe the ingest with a hostile corpus: build it in a temporary folder, ingest it, print one line per case.

    .venv/bin/python scripts/probe_hostile.py [CASE ...] [--keep]
    .venv/bin/python scripts/probe_hostile.py ingest ARCHIVE INDEX [--pause S] [--rename-on-load NAME]

Each case builds its own small archive under a fresh folder, ingests it with the real pipeline in a subprocess (the
`ingest` worker below, with the tests' hash embedder: no model is loaded, the whole probe takes seconds), looks at
the result and prints `held` or `NOT HELD` with what it saw. Exit 1 when a case did not hold.

To add a case: write `def case_<name>(work: Path) -> Outcome`, building files under `work` and calling
`run_ingest`, and list it in CASES. `secret_indexed` tells whether a text outside the archive reached the index.

The worker prints one JSON line: the ingest summary, and the (start, end) times of each file's load, so that two
workers can be shown not to overlap. Its hooks only act on timing: --pause sleeps in each load (a slow file),
--rename-on-load renames a file just before the pipeline reads it (a file moved mid-ingest). Run as root, the
non-root case switches the worker to uid 65534 with `setpriv`, so file permissions apply as on a real install.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOBODY = 65534
SECRET = "MAT-KHAU-NGOAI-KHO root:x:0:0"  # written outside the archive: must never reach the index
WORKER_TIMEOUT_S = 120


@dataclass(frozen=True)
class Outcome:
    held: bool
    detail: str


@dataclass(frozen=True)
class Run:
    """What one worker did: exit code, its JSON report (None if it failed) and the last line it wrote to stderr."""

    exit_code: int
    report: dict | None
    error: str

    @property
    def skipped(self) -> dict[str, str]:
        rows = (self.report or {}).get("summary", {}).get("files_skipped", [])
        return {row["file"]: row["reason"] for row in rows}

    @property
    def indexed(self) -> int:
        return int((self.report or {}).get("summary", {}).get("files_indexed", 0))

    def describe(self) -> str:
        if self.report is None:
            return f"exit {self.exit_code}: {self.error}"
        return f"exit {self.exit_code}, {self.indexed} indexed, skipped {self.skipped}"


# -- helpers for cases ---------------------------------------------------------------------------------------------
def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def ordinary_files(archive: Path) -> None:
    """Two plain reports every case's archive holds: they must be indexed whatever else is there."""
    write(archive / "bao-cao" / "BC-01.txt", "BÁO CÁO\nSản lượng điện tháng 1 tăng 5% so với cùng kỳ.")
    write(archive / "thong-bao" / "TB-02.txt", "THÔNG BÁO\nLịch họp giao ban tháng 2.")


def worker_command(archive: Path, index: Path, *extra: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "ingest", str(archive), str(index), *extra]


def start_ingest(archive: Path, index: Path, *extra: str, as_nobody: bool = False) -> subprocess.Popen:
    """The worker, started; as uid 65534 when asked and this process is root (it is the user already otherwise)."""
    command = worker_command(archive, index, *extra)
    index.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(index), "ANONYMIZED_TELEMETRY": "False"}
    if as_nobody and os.geteuid() == 0:
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
        os.chown(index, NOBODY, NOBODY)
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> Run:
    out, err = process.communicate(timeout=WORKER_TIMEOUT_S)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    report = json.loads(lines[-1]) if process.returncode == 0 and lines else None
    error = (err.strip().splitlines() or [""])[-1]
    return Run(process.returncode, report, error)


def run_ingest(archive: Path, index: Path, *extra: str, as_nobody: bool = False) -> Run:
    return finish(start_ingest(archive, index, *extra, as_nobody=as_nobody))


def create_index(index: Path) -> None:
    """An index with nothing in it. Two processes creating Chroma's tables at the same instant collide inside Chroma,
    before any ingest (and its lock) starts: cases about concurrent ingests start from an existing index."""
    empty = index.parent / "kho-rong"
    empty.mkdir(exist_ok=True)
    run = run_ingest(empty, index)
    if run.exit_code:
        msg = f"could not create the index: {run.error}"
        raise RuntimeError(msg)


def secret_indexed(index: Path) -> bool:
    from index.catalog import Catalog

    catalog = Catalog(index / "catalog.sqlite")
    try:
        return any("MAT-KHAU-NGOAI-KHO" in chunk.text for chunk in catalog.all_chunks())
    finally:
        catalog.close()


def indexed_text(index: Path, doc_path: str) -> str:
    """The text the index holds for one document ("" when it holds none)."""
    from index.catalog import Catalog

    catalog = Catalog(index / "catalog.sqlite")
    try:
        return " ".join(" ".join(chunk.text.split()) for chunk in catalog.chunks_of(doc_path))
    finally:
        catalog.close()


# -- the cases -----------------------------------------------------------------------------------------------------
def case_symlink_out(work: Path) -> Outcome:
    """A file and a folder of the archive linking outside it are refused, and nothing of theirs is indexed."""
    archive = work / "kho"
    ordinary_files(archive)
    outside = write(work / "ngoai" / "passwd", SECRET)
    os.symlink(outside, archive / "ngoai.txt")
    os.symlink(outside.parent, archive / "thu-muc-ngoai")
    run = run_ingest(archive, work / "index")
    expected = {"ngoai.txt", "thu-muc-ngoai"}
    held = run.exit_code == 0 and set(run.skipped) == expected and not secret_indexed(work / "index")
    return Outcome(held, run.describe())


def case_symlink_turned_out(work: Path) -> Outcome:
    """A file indexed, then replaced by a link to a file outside: the next ingest purges what was indexed."""
    archive = work / "kho"
    ordinary_files(archive)
    write(archive / "ghi-chu.txt", "Ghi chú nội bộ, sẽ bị thay bằng liên kết.")
    run_ingest(archive, work / "index")
    (archive / "ghi-chu.txt").unlink()
    os.symlink(write(work / "ngoai" / "passwd", SECRET), archive / "ghi-chu.txt")
    run = run_ingest(archive, work / "index")
    held = run.exit_code == 0 and "ghi-chu.txt" in run.skipped and not secret_indexed(work / "index")
    return Outcome(held, run.describe())


def case_symlink_loop(work: Path) -> Outcome:
    """Links to each other, and a folder linking to its own parent: the ingest ends, the rest goes in."""
    archive = work / "kho"
    ordinary_files(archive)
    os.symlink("vong-2.txt", archive / "vong-1.txt")
    os.symlink("vong-1.txt", archive / "vong-2.txt")
    os.symlink("..", archive / "bao-cao" / "len-tren")
    run = run_ingest(archive, work / "index")
    held = run.exit_code == 0 and run.indexed == 2  # ended, and no looping link read as a file
    return Outcome(held, run.describe())


def case_link_to_folder(work: Path) -> Outcome:
    """A link to a folder inside the archive is fine: its files are indexed once, where they really are."""
    archive = work / "kho"
    ordinary_files(archive)
    os.symlink("bao-cao", archive / "bao-cao-moi-nhat")
    run = run_ingest(archive, work / "index")
    held = run.exit_code == 0 and run.indexed == 2 and not run.skipped
    return Outcome(held, run.describe())


def case_unreadable_file(work: Path) -> Outcome:
    """A file without read permission, ingested by a non-root user: skipped with its reason, the rest indexed."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        return Outcome(False, "not run: root without setpriv, permissions would not apply")
    work.chmod(0o755)  # the non-root worker must reach the archive and the index
    archive = work / "kho"
    ordinary_files(archive)
    write(archive / "khoa.txt", "Tệp bị khóa quyền đọc.").chmod(0)
    run = run_ingest(archive, work / "index", as_nobody=True)
    held = run.exit_code == 0 and run.indexed == 2 and run.skipped == {"khoa.txt": "không có quyền đọc tệp"}
    return Outcome(held, run.describe())


def case_renamed_mid_ingest(work: Path) -> Outcome:
    """A file renamed after the scan, before it is read: skipped with a Vietnamese reason, the rest indexed."""
    archive = work / "kho"
    ordinary_files(archive)
    write(archive / "doi-ten.txt", "Tệp sẽ bị đổi tên trong lúc nạp.")
    run = run_ingest(archive, work / "index", "--rename-on-load", "doi-ten.txt")
    reason = run.skipped.get("doi-ten.txt", "")
    held = run.exit_code == 0 and run.indexed == 2 and reason.startswith("tệp đã bị xóa hoặc đổi tên")
    return Outcome(held, run.describe())


def case_concurrent_ingests(work: Path) -> Outcome:
    """Two ingests into one index started at once: the second waits for the first, their loads never overlap."""
    for name in ("kho-a", "kho-b"):
        for n in range(3):
            write(work / name / f"BC-{n}.txt", f"BÁO CÁO {name} số {n}\nNội dung báo cáo.")
    create_index(work / "index")
    workers = [start_ingest(work / name, work / "index", "--pause", "0.4") for name in ("kho-a", "kho-b")]
    runs = [finish(worker) for worker in workers]
    if any(run.report is None for run in runs):
        return Outcome(False, "; ".join(run.describe() for run in runs))
    spans = sorted((min(s for s, _ in run.report["loads"]), max(e for _, e in run.report["loads"])) for run in runs)
    (first_start, first_end), (second_start, second_end) = ((s - spans[0][0], e - spans[0][0]) for s, e in spans)
    detail = (
        f"one ingest loaded at {first_start:.2f}–{first_end:.2f} s, the other at {second_start:.2f}–{second_end:.2f} s"
    )
    return Outcome(second_start >= first_end, detail)


def case_broken_utf8(work: Path) -> Outcome:
    """A UTF-8 TXT with two invalid bytes keeps its accented letters (it was read whole as Windows-1258)."""
    archive = work / "kho"
    ordinary_files(archive)
    text = "Sở Công Thương tỉnh Vân Mộng báo cáo tình hình sản xuất công nghiệp quý I năm 2023.".encode()
    (archive / "hong-utf8.txt").write_bytes(text[:40] + b"\xff\xfe" + text[40:])
    run = run_ingest(archive, work / "index")
    got = indexed_text(work / "index", "hong-utf8.txt")
    held = run.exit_code == 0 and "Sở Công Thương tỉnh Vân Mộng" in got and "công nghiệp quý I" in got
    return Outcome(held, f"{run.describe()}; indexed: {got[:60]!r}")


def case_legacy_font_txt(work: Path) -> Outcome:
    """TXT typed in the TCVN3 and VNI fonts is indexed as Unicode Vietnamese, not as "UBND TØNH V¢N MéNG"."""
    archive = work / "kho"
    ordinary_files(archive)
    tcvn3_bytes = (
        "UBND T\xd8NH V\xa2N M\xe9NG\nS\xeb C\xabng Th\xad\xacng b\xb8o c\xb8o t\xd7nh h\xd7nh s\xb6n xu\xcat"
        " c\xabng nghi\xd6p qu\xfd I n\xa8m 2023."
    )
    (archive / "tcvn3.txt").write_bytes(tcvn3_bytes.encode("latin-1"))
    vni = (
        "UÛY BAN NHAÂN DAÂN TÆNH VAÂN MOÄNG\n"
        "Sôû Coâng Thöông baùo caùo tình hình saûn xuaát coâng nghieäp quyù I naêm 2023."
    )
    (archive / "vni.txt").write_bytes(vni.encode("latin-1"))
    run = run_ingest(archive, work / "index")
    tcvn3, vni_text = indexed_text(work / "index", "tcvn3.txt"), indexed_text(work / "index", "vni.txt")
    held = run.exit_code == 0 and "UBND TỈNH VÂN MỘNG" in tcvn3 and "ỦY BAN NHÂN DÂN TỈNH VÂN MỘNG" in vni_text
    return Outcome(held, f"{run.describe()}; TCVN3: {tcvn3[:40]!r}; VNI: {vni_text[:40]!r}")


def case_xxe_docx(work: Path) -> Outcome:
    """A DOCX declaring an entity that names a file outside: the text after it is kept, the file never read."""
    import zipfile

    from tests.data.fixtures import make_docx

    archive = work / "kho"
    ordinary_files(archive)
    outside = write(work / "ngoai" / "passwd", SECRET)
    source = make_docx(work / "nguon.docx", ["BẮT ĐẦU DẤU KẾT THÚC"])
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(archive / "xxe.docx", "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                head, rest = data.decode().split("?>", 1)
                doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{outside}">]>'
                data = f"{head}?>{doctype}{rest}".replace("DẤU", "&xxe;").encode()
            zout.writestr(info, data)
    run = run_ingest(archive, work / "index")
    got = indexed_text(work / "index", "xxe.docx")
    held = run.exit_code == 0 and "BẮT ĐẦU KẾT THÚC" in got and not secret_indexed(work / "index")
    return Outcome(held, f"{run.describe()}; indexed: {got!r}")


def case_zip_slip(work: Path) -> Outcome:
    """A DOCX whose zip holds members named "../../thoat.txt": nothing is written outside (the loader reads members
    in memory, never extracts), the ingest ends, the rest goes in."""
    import zipfile

    from tests.data.fixtures import make_docx

    archive = work / "kho"
    ordinary_files(archive)
    source = make_docx(work / "nguon.docx", ["Văn bản có thành viên zip trỏ ra ngoài."])
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(archive / "zip-slip.docx", "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        zout.writestr("../../thoat.txt", SECRET)
        zout.writestr("word/../../../thoat.txt", SECRET)
    run = run_ingest(archive, work / "index")
    escaped = [str(p) for root in (work, Path("/tmp")) for p in root.rglob("thoat.txt")]
    held = run.exit_code == 0 and not escaped and not secret_indexed(work / "index")
    return Outcome(held, f"{run.describe()}; files named thoat.txt written: {escaped or 'none'}")


def case_huge_pdf(work: Path) -> Outcome:
    """A 5,000-page PDF: refused up front with its page count (the limit is a setting), the rest indexed."""
    import pypdf

    archive = work / "kho"
    ordinary_files(archive)
    writer = pypdf.PdfWriter()
    for _ in range(5000):
        writer.add_blank_page(width=595, height=842)
    with (archive / "nam-nghin-trang.pdf").open("wb") as handle:
        writer.write(handle)
    run = run_ingest(archive, work / "index")
    reason = run.skipped.get("nam-nghin-trang.pdf", "")
    held = run.exit_code == 0 and "5000 trang" in reason and len(run.skipped) == 1
    return Outcome(held, run.describe())


CASES: list[Callable[[Path], Outcome]] = [
    case_symlink_out,
    case_symlink_turned_out,
    case_symlink_loop,
    case_link_to_folder,
    case_unreadable_file,
    case_renamed_mid_ingest,
    case_concurrent_ingests,
    case_broken_utf8,
    case_legacy_font_txt,
    case_xxe_docx,
    case_zip_slip,
    case_huge_pdf,
]


# -- the worker ----------------------------------------------------------------------------------------------------
def ingest_worker(archive: Path, index: Path, pause: float, rename_on_load: str | None) -> int:
    """Ingest `archive` into `index` with the hash embedder; print the summary and load times as one JSON line."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from index import pipeline
    from index.embedding import EmbeddingCache
    from index.index import Index
    from index.ocr import OcrConfig
    from index.vectors import VectorStore
    from tests.conftest import HashEmbeddings

    loads: list[tuple[float, float]] = []
    real_load = pipeline.load_document

    def load(path: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.time()
        if rename_on_load and path.name == rename_on_load:
            path.rename(path.with_name(f"{path.name}.da-doi-ten"))
        time.sleep(pause)
        try:
            return real_load(path, *args, **kwargs)
        finally:
            loads.append((started, time.time()))

    pipeline.load_document = load
    embedder = HashEmbeddings()
    index.mkdir(parents=True, exist_ok=True)
    client = chromadb.PersistentClient(path=str(index / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    store = VectorStore(client, "probe", embedder.name, embedder.dimension)
    options = pipeline.IngestOptions(ocr=OcrConfig(enabled=False))
    cache = EmbeddingCache(index / "embeddings.sqlite")
    with Index(index, store, embedder, cache, options, lexical=lambda catalog: None) as opened:  # no snapshots here
        summary = opened.ingest(archive)
    print(json.dumps({"summary": summary.as_json(), "loads": loads}, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["ingest"]:
        worker = argparse.ArgumentParser(prog="probe_hostile.py ingest")
        worker.add_argument("archive", type=Path)
        worker.add_argument("index", type=Path)
        worker.add_argument("--pause", type=float, default=0.0)
        worker.add_argument("--rename-on-load")
        args = worker.parse_args(argv[1:])
        return ingest_worker(args.archive, args.index, args.pause, args.rename_on_load)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="names of the cases to run (default: all)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    args = parser.parse_args(argv)
    chosen = [case for case in CASES if not args.cases or case.__name__.removeprefix("case_") in args.cases]
    base = Path(tempfile.mkdtemp(prefix="probe-hostile-"))
    base.chmod(0o755)  # a case may run its worker as another user
    failed = 0
    try:
        for case in chosen:
            name = case.__name__.removeprefix("case_")
            work = base / name
            work.mkdir()
            started = time.monotonic()
            try:
                outcome = case(work)
            except Exception as error:  # a case that breaks is reported, the others still run
                outcome = Outcome(False, f"probe error: {type(error).__name__}: {error}")
            failed += not outcome.held
            verdict = "held    " if outcome.held else "NOT HELD"
            print(f"{verdict}  {name:<22} {time.monotonic() - started:5.1f} s  {outcome.detail}", flush=True)
    finally:
        if args.keep:
            print(f"files kept in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
