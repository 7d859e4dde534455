"""Figures of an ingest: archive coverage, loading, OCR and embedding speed, peak memory, re-ingest time.

    .venv/bin/python scripts/bench_ingest.py [ARCHIVE_DIR] [--sample N] [--out bench.json]
        [--index INDEX_DIR] [--full] [--seed S] [--keep]

ARCHIVE_DIR defaults to ../shared/archive next to the repository; the script skips cleanly (exit 0) when it is
absent. It prints figures and never judges them. Everything it writes goes to a fresh temporary directory (its
own index and its own, initially empty, OCR and embedding caches), so the project's data/ is never touched.

Measured on a sample drawn at random (fixed --seed) from the archive:
  text      load + normalise N files whose pages all have a usable text layer, OCR off: pages/s, chars/s
  ocr       Tesseract on the scanned pages of whole scanned PDFs, about N pages in all, at TRO_LY_OCR_DPI,
            with an empty OCR cache: pages/s
  embedding the chunks of the text files (at most 20·N), with the configured embedder and an empty cache:
            chunks/s, chars/s (model loading timed apart)
  ingest    `python -m assistant ingest` over the sample files (text + scanned) into a fresh index, twice: the
            first run reuses the caches the steps above warmed, the second finds every file unchanged. Peak
            memory of each run, and the seconds to sha256 the sample and the whole archive, for comparison.
Archive coverage (files indexed / total, pages OCR'd, documents with a number, date, type, signer) is read from
the catalog of --index INDEX_DIR when given (read only), else of the --full index, else of the sample index.

--full also ingests the whole archive into a fresh index with fresh caches, then re-ingests it unchanged. On the
real archive (about 300 files, many scanned pages) that takes well over an hour on a 2-core machine.

--phases SECONDS measures the two phases of an ingest over the whole archive (scripts/bench_phases.py): phase 1 with
fresh, empty caches until the archive is searchable (seconds_to_searchable), then phase 2 for SECONDS, and the bare
model on the chunks phase 2 committed (its rate against the bare model's). The report gains "phases".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "scripts"))  # bench_phases, beside this script

from assistant.factory import make_embedder, open_catalog  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from index.chunking import chunk_document, chunk_text_for_embedding  # noqa: E402
from index.embedding import EmbeddingCache, embed_with_cache  # noqa: E402
from index.errors import UnreadableDocument  # noqa: E402
from index.loaders import SUPPORTED_SUFFIXES, load_document  # noqa: E402
from index.loaders.pdf import classify_page, open_pdf, pdf_text_layer  # noqa: E402
from index.ocr import OcrConfig, ocr_available, ocr_pdf_page  # noqa: E402
from index.pipeline import file_sha256, scan_archive  # noqa: E402
from index.records import LoadedDocument  # noqa: E402

log = logging.getLogger("bench_ingest")

DEFAULT_SAMPLE = 8
CHUNKS_PER_SAMPLE = 20  # the embedding sample is at most this many chunks per --sample unit
SAMPLE_MAX_PAGES = 50  # PDFs longer than this stay out of the sample, so a sample run stays a few minutes
SURVEY_MIN_FILES = 40  # files looked at for the sample before giving up on filling it (at least 5·N)


@dataclass
class Sample:
    """Files drawn for the speed figures: text-only files, and scanned PDFs with the pages that need OCR."""

    text_files: list[Path] = field(default_factory=list)
    scanned: list[tuple[Path, list[int]]] = field(default_factory=list)
    surveyed: int = 0

    @property
    def ocr_pages(self) -> int:
        return sum(len(pages) for _, pages in self.scanned)

    def files(self) -> list[Path]:
        return self.text_files + [path for path, _ in self.scanned]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        epilog=(
            "--full ingests the whole archive with fresh caches: over an hour on this 2-core machine. "
            "Run with `nice -n 19` when other work needs the CPU."
        ),
    )
    parser.add_argument(
        "archive",
        nargs="?",
        type=Path,
        default=ROOT.parent / "shared" / "archive",
        metavar="ARCHIVE_DIR",
        help="archive to measure (default ../shared/archive next to the repository; skipped when absent)",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=DEFAULT_SAMPLE,
        metavar="N",
        help=f"text files, scanned pages (about) and chunks/{CHUNKS_PER_SAMPLE} to time (default {DEFAULT_SAMPLE})",
    )
    parser.add_argument("--out", type=Path, metavar="BENCH.json", help="also write the figures here as JSON")
    parser.add_argument(
        "--index", type=Path, metavar="INDEX_DIR", help="read archive coverage from this built index (read only)"
    )
    parser.add_argument(
        "--full", action="store_true", help="also ingest the whole archive with fresh caches (takes over an hour)"
    )
    parser.add_argument(
        "--phases",
        type=float,
        metavar="SECONDS",
        help="also time phase 1 over the whole archive (fresh caches) and phase 2 for SECONDS against the bare model",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the random sample (default 0)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work directory and print it")
    args = parser.parse_args(argv)
    if args.sample < 1:
        parser.error("--sample must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    archive: Path = args.archive
    if not archive.is_dir():
        print(f"skipped: archive not found at {archive}")
        return 0
    settings = Settings.from_env()
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        report = run_bench(archive.resolve(), settings, work, args)
    finally:
        if args.keep:
            print(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(format_report(report))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nfigures written to {args.out}")
    return 0


def run_bench(archive: Path, settings: Settings, work: Path, args: argparse.Namespace) -> dict:
    """Every measurement in turn; the figures as one JSON-ready dict."""
    n = args.sample
    files = [path for _, path in scan_archive(archive)]
    cache_dir = work / "cache"
    ocr = OcrConfig(enabled=True, lang=settings.ocr_lang, dpi=settings.ocr_dpi, cache_dir=cache_dir / "ocr")
    report: dict = {
        "archive": str(archive),
        "archive_files": len(files),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "settings": {
            "ocr_dpi": settings.ocr_dpi,
            "ocr_lang": settings.ocr_lang,
            "embedding_backend": settings.embedding_backend,
            "embedding_model": settings.embedding_model,
            "chunk_size": settings.chunk_size,
        },
        "sample": {"n": n, "seed": args.seed, "max_pages_per_pdf": SAMPLE_MAX_PAGES},
    }

    step("drawing the sample")
    sample = draw_sample(files, n, args.seed, settings.max_pages)
    report["sample"].update(
        surveyed_files=sample.surveyed,
        text_files=[p.relative_to(archive).as_posix() for p in sample.text_files],
        scanned_files=[p.relative_to(archive).as_posix() for p, _ in sample.scanned],
    )
    step(f"text: loading {len(sample.text_files)} files without OCR")
    report["text"], docs = bench_text(sample.text_files, archive)
    step(f"ocr: {sample.ocr_pages} scanned pages at {ocr.dpi} dpi, empty cache")
    report["ocr"] = bench_ocr(sample.scanned, ocr)
    step("embedding: the text files' chunks, empty cache")
    report["embedding"] = bench_embedding(docs, settings, cache_dir / "embeddings.sqlite", CHUNKS_PER_SAMPLE * n)
    report["memory"] = {
        "bench_process_peak_rss_mb": _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
        "largest_child_peak_rss_mb": _mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
    }

    step("ingest: the sample files into a fresh index, twice")
    sample_dir = link_sample(sample.files(), archive, work / "sample")
    sample_index = work / "sample-index"
    first = run_ingest(sample_dir, sample_index, cache_dir, work / "ingest-1")
    second = run_ingest(sample_dir, sample_index, cache_dir, work / "ingest-2")
    report["sample_ingest"] = first
    report["reingest"] = {
        "files": second.get("files_total"),
        "second_run_seconds": second.get("seconds"),
        "second_run_wall_seconds": second["wall_seconds"],
        "second_run_files_unchanged": second.get("files_unchanged"),
        "second_run_peak_rss_mb": second["peak_rss_mb"],
        "sha256_sample": sha256_seconds(sample.files()),
        "sha256_archive": sha256_seconds(files),
    }
    report["memory"]["ingest_peak_rss_mb"] = max(first["peak_rss_mb"], second["peak_rss_mb"])

    coverage_index, coverage_source = sample_index, "sample index (only the sample files)"
    report["full"] = None
    if args.full:
        step("full: the whole archive into a fresh index with fresh caches (over an hour)")
        full_index = work / "full-index"
        full_first = run_ingest(archive, full_index, work / "full-cache", work / "full-1")
        full_second = run_ingest(archive, full_index, work / "full-cache", work / "full-2")
        report["full"] = {"first_run": full_first, "second_run": full_second}
        coverage_index, coverage_source = full_index, "full ingest"
    report["phases"] = None
    if args.phases:
        from bench_phases import measure_phases

        step(f"phases: phase 1 over the whole archive with fresh caches, then phase 2 for {args.phases:.0f} s")
        report["phases"] = measure_phases(archive, work, args.phases)
    if args.index:
        coverage_index, coverage_source = args.index, f"index {args.index}"
    total = len(sample.files()) if coverage_index == sample_index else len(files)
    report["coverage"] = {"source": coverage_source, **coverage(coverage_index, settings, total)}
    return report


def step(what: str) -> None:
    print(f"… {what}", file=sys.stderr, flush=True)


def draw_sample(files: list[Path], n: int, seed: int, max_pages: int) -> Sample:
    """Random files until N text-only files and about N scanned pages (whole PDFs) are found, or the survey ends."""
    order = [p for p in files if p.suffix.lower() in SUPPORTED_SUFFIXES]
    random.Random(seed).shuffle(order)
    sample = Sample()
    smallest_scan: tuple[Path, list[int]] | None = None
    limit = max(SURVEY_MIN_FILES, 5 * n)
    for path in order:
        if (len(sample.text_files) >= n and sample.ocr_pages >= n) or sample.surveyed >= limit:
            break
        sample.surveyed += 1
        if path.suffix.lower() != ".pdf":
            if len(sample.text_files) < n:
                sample.text_files.append(path)
            continue
        needing = pages_needing_ocr(path, max_pages)
        if needing is None:
            continue
        if not needing:
            if len(sample.text_files) < n:
                sample.text_files.append(path)
        elif sample.ocr_pages + len(needing) <= n:
            sample.scanned.append((path, needing))
        elif smallest_scan is None or len(needing) < len(smallest_scan[1]):
            smallest_scan = (path, needing)
    if not sample.scanned and smallest_scan:
        # every scan found is longer than N pages: one whole scan beats no OCR figure at all
        sample.scanned.append(smallest_scan)
    return sample


def pages_needing_ocr(path: Path, max_pages: int) -> list[int] | None:
    """1-based pages of a PDF whose text layer the loader would OCR; None for a PDF unfit for the sample."""
    try:
        reader = open_pdf(path.read_bytes(), max_pages)
        if len(reader.pages) > SAMPLE_MAX_PAGES:
            return None
        texts = pdf_text_layer(reader)
    except (UnreadableDocument, OSError) as error:
        log.info("not in the sample: %s (%s)", path.name, error)
        return None
    return [i + 1 for i, text in enumerate(texts) if classify_page(text)]


def bench_text(files: list[Path], archive: Path) -> tuple[dict, list[LoadedDocument]]:
    """Load and normalise `files` with OCR off; a DOCX, DOC or TXT file counts as one page."""
    docs: list[LoadedDocument] = []
    unreadable = 0
    started = time.perf_counter()
    for path in files:
        try:
            docs.append(load_document(path, archive, OcrConfig(enabled=False)))
        except UnreadableDocument:
            unreadable += 1
    seconds = time.perf_counter() - started
    pages = sum(len(d.pages) for d in docs)
    chars = sum(len(d.text) for d in docs)
    kinds: dict[str, int] = {}
    for doc in docs:
        kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
    result = {
        "files": len(files),
        "unreadable": unreadable,
        "kinds": kinds,
        "pages": pages,
        "chars": chars,
        "seconds": round(seconds, 3),
        "files_per_s": _rate(len(files), seconds),
        "pages_per_s": _rate(pages, seconds),
        "chars_per_s": _rate(chars, seconds),
    }
    return result, docs


def bench_ocr(scanned: list[tuple[Path, list[int]]], config: OcrConfig) -> dict:
    """OCR every listed page into the (empty) cache of `config`: render + Tesseract + cache write."""
    result: dict = {"files": len(scanned), "pages": 0, "dpi": config.dpi, "lang": config.lang}
    if not scanned or not ocr_available(config):
        result["skipped"] = "no scanned page in the sample" if scanned == [] else "tesseract unavailable"
        return result
    failed = 0
    chars = 0
    started = time.perf_counter()
    for path, pages in scanned:
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        for page in pages:
            text = ocr_pdf_page(data, page, config, sha)
            if text is None:
                failed += 1
            else:
                chars += len(text)
    seconds = time.perf_counter() - started
    pages_done = sum(len(pages) for _, pages in scanned)
    result.update(
        pages=pages_done,
        failed=failed,
        chars=chars,
        seconds=round(seconds, 3),
        pages_per_s=_rate(pages_done, seconds),
        seconds_per_page=round(seconds / pages_done, 3) if pages_done else None,
    )
    return result


def bench_embedding(docs: list[LoadedDocument], settings: Settings, cache_path: Path, max_chunks: int) -> dict:
    """Embed the chunks of `docs` (at most `max_chunks`) as the pipeline does, through an empty cache."""
    texts = [
        chunk_text_for_embedding(chunk, None)
        for doc in docs
        for chunk in chunk_document(doc.pages, doc.path, max_chars=settings.chunk_size)
    ][:max_chunks]
    embedder = make_embedder(settings)
    result: dict = {"model": embedder.name, "chunks": len(texts), "chars": sum(len(t) for t in texts)}
    if not texts:
        result["skipped"] = "no chunk in the text sample"
        return result
    started = time.perf_counter()
    embedder.embed_query("khởi động")  # loads the model, which is timed apart from the embedding
    result["model_load_seconds"] = round(time.perf_counter() - started, 3)
    cache = EmbeddingCache(cache_path)
    try:
        started = time.perf_counter()
        embed_with_cache(embedder, cache, texts)
        seconds = time.perf_counter() - started
    finally:
        cache.close()
    result.update(
        seconds=round(seconds, 3),
        chunks_per_s=_rate(len(texts), seconds),
        chars_per_s=_rate(result["chars"], seconds),
    )
    return result


def link_sample(files: list[Path], archive: Path, target: Path) -> Path:
    """A directory of `files` at their places in the archive: an archive of only the sample. Hard links, or copies
    across file systems: ingest refuses symlinks that leave the archive (issue 11), and so must these."""
    for path in files:
        link = target / path.relative_to(archive)
        link.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, link)
        except OSError:
            shutil.copy2(path, link)
    target.mkdir(parents=True, exist_ok=True)
    return target


def run_ingest(archive: Path, index: Path, cache_dir: Path, stem: Path) -> dict:
    """`python -m assistant ingest` in a child process: its JSON summary, wall seconds and peak memory."""
    env = dict(os.environ, TRO_LY_CACHE_DIR=str(cache_dir))
    env.pop("TRO_LY_CHROMA_HOST", None)  # the bench's index must be fresh: always the embedded store
    summary = stem.with_suffix(".json")
    output = stem.with_suffix(".log")
    command = [sys.executable, "-m", "assistant", "ingest", str(archive), "--index", str(index)]
    command += ["--json", str(summary), "--no-progress"]
    started = time.perf_counter()
    with output.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        # wait4 gives this child's own rusage (its Tesseract children included), not every child's maximum
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        tail = output.read_text(encoding="utf-8", errors="replace")[-2000:]
        msg = f"ingest exited with {process.returncode}:\n{tail}"
        raise RuntimeError(msg)
    result = json.loads(summary.read_text(encoding="utf-8"))
    result["files_skipped"] = len(result.get("files_skipped") or [])
    result.update(wall_seconds=round(wall, 2), peak_rss_mb=_mb(usage.ru_maxrss))
    return result


def sha256_seconds(files: list[Path]) -> dict:
    """Seconds to hash `files` as the ingest does to find what changed."""
    started = time.perf_counter()
    size = 0
    for path in files:
        file_sha256(path)
        size += path.stat().st_size
    return {"files": len(files), "mb": round(size / 2**20, 1), "seconds": round(time.perf_counter() - started, 4)}


def coverage(index: Path, settings: Settings, files_total: int) -> dict:
    """Files indexed out of `files_total`, pages, and documents with each metadata field, from a catalog."""
    catalog = open_catalog(settings.with_index(index))
    try:
        records = catalog.files()
    finally:
        catalog.close()
    indexed = [r for r in records.values() if r.status == "indexed"]
    metas = [r.meta for r in indexed if r.meta is not None]
    return {
        "files_total": files_total,
        "files_indexed": len(indexed),
        "files_skipped": sum(1 for r in records.values() if r.status != "indexed"),
        "pages": sum(r.pages for r in indexed),
        "pages_ocr": sum(r.pages_ocr for r in indexed),
        "documents": len(metas),
        "with_number": sum(1 for m in metas if m.number),
        "with_number_from_header": sum(1 for m in metas if m.number and m.number_source == "header"),
        "with_date": sum(1 for m in metas if m.date),
        "with_doc_type": sum(1 for m in metas if m.doc_type),
        "with_signer": sum(1 for m in metas if m.signer),
    }


def format_report(report: dict) -> str:
    """The figures as lines a person reads."""
    c, t, o, e = report["coverage"], report["text"], report["ocr"], report["embedding"]
    mem, ing, re_ = report["memory"], report["sample_ingest"], report["reingest"]
    docs = c["documents"] or 1
    s = report["sample"]
    lines = [
        f"archive {report['archive']}: {report['archive_files']} files; {report['cpus']} CPUs,"
        f" load average at start {report['load_average_at_start'][0]}",
        f"sample (seed {s['seed']}, N={s['n']}): {len(s['text_files'])} text files, {len(s['scanned_files'])}"
        f" scanned PDFs, from {s['surveyed_files']} files looked at",
        "",
        f"coverage — {c['source']}:",
        f"  files indexed {c['files_indexed']} / {c['files_total']} (skipped {c['files_skipped']});"
        f" pages {c['pages']}, of them OCR'd {c['pages_ocr']}",
        f"  documents {c['documents']}: with a number {c['with_number']} ({_pct(c['with_number'], docs)},"
        f" {c['with_number_from_header']} from the header), a date {c['with_date']} ({_pct(c['with_date'], docs)}),"
        f" a type {c['with_doc_type']} ({_pct(c['with_doc_type'], docs)}),"
        f" a signer {c['with_signer']} ({_pct(c['with_signer'], docs)})",
        "",
        f"text, OCR off: {t['files']} files ({_kinds(t['kinds'])}), {t['pages']} pages, {t['chars']} chars"
        f" in {t['seconds']:.2f} s → {t['pages_per_s']} pages/s, {t['chars_per_s']} chars/s"
        + (f"; {t['unreadable']} unreadable" if t["unreadable"] else ""),
    ]
    if o.get("skipped"):
        lines.append(f"ocr: skipped ({o['skipped']})")
    else:
        lines.append(
            f"ocr at {o['dpi']} dpi ({o['lang']}), empty cache: {o['pages']} pages of {o['files']} scanned PDFs"
            f" in {o['seconds']:.1f} s → {o['pages_per_s']} pages/s ({o['seconds_per_page']} s/page)"
            + (f"; {o['failed']} failed" if o["failed"] else "")
        )
    if e.get("skipped"):
        lines.append(f"embedding: skipped ({e['skipped']})")
    else:
        lines.append(
            f"embedding {e['model']}, empty cache: {e['chunks']} chunks, {e['chars']} chars in {e['seconds']:.2f} s"
            f" → {e['chunks_per_s']} chunks/s, {e['chars_per_s']} chars/s (model load {e['model_load_seconds']} s)"
        )
    lines += [
        f"peak memory: ingest process {mem['ingest_peak_rss_mb']} MB; this script {mem['bench_process_peak_rss_mb']}"
        f" MB; largest child (tesseract, antiword) {mem['largest_child_peak_rss_mb']} MB",
        "",
        f"sample ingest, caches warmed by the steps above: {ing['files_total']} files, {ing['pages']} pages"
        f" ({ing['pages_ocr']} OCR), {ing['chunks']} chunks ({ing['chunks_embedded']} embedded) in"
        f" {ing['seconds']} s ({ing['wall_seconds']} s with process start-up), peak {ing['peak_rss_mb']} MB",
        f"re-ingest of the unchanged sample: {re_['second_run_seconds']} s ({re_['second_run_wall_seconds']} s with"
        f" start-up), {re_['second_run_files_unchanged']} / {re_['files']} files unchanged;"
        f" sha256 alone: {re_['sha256_sample']['seconds']} s for the sample ({re_['sha256_sample']['mb']} MB),"
        f" {re_['sha256_archive']['seconds']} s for the whole archive ({re_['sha256_archive']['files']} files,"
        f" {re_['sha256_archive']['mb']} MB)",
    ]
    full = report.get("full")
    if full:
        a, b = full["first_run"], full["second_run"]
        lines += [
            "",
            f"full ingest, fresh caches: {a['files_indexed']} / {a['files_total']} files, {a['pages']} pages"
            f" ({a['pages_ocr']} OCR), {a['chunks']} chunks in {a['seconds']} s ({a['seconds'] / 60:.0f} min),"
            f" peak {a['peak_rss_mb']} MB",
            f"full re-ingest, unchanged: {b['seconds']} s ({b['wall_seconds']} s with start-up)",
        ]
    if report.get("phases"):
        from bench_phases import format_phases

        lines += ["", format_phases(report["phases"])]
    return "\n".join(lines)


def _rate(count: float, seconds: float) -> float | None:
    return round(count / seconds, 2) if seconds > 0 else None


def _mb(kilobytes: int) -> float:
    return round(kilobytes / 1024, 1)  # Linux reports ru_maxrss in KiB


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%"


def _kinds(kinds: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none"


if __name__ == "__main__":
    raise SystemExit(main())
