"""Figures of the index at scale: build, disk, memory, start-up, one file added and removed, query latency.

    .venv/bin/python scripts/bench_scale.py --chunks 10000 100000 --json OUT.json [--chroma-server] [--seed S]

Each N runs in a process of its own (so that its peak memory is its own), in a temporary folder under /tmp that is
deleted afterwards (--keep keeps it). The figures are printed as a table and written to --json; never judged.

Real: the catalogue, the citation registry, the embedded Chroma (or a `chroma run` server on 127.0.0.1 with
--chroma-server), the BM25 index and its saving, the snapshot, the answer chain and its Retriever (extractive
answers, no LLM), `Index.ingest` and `Index.forget` (the web upload's and deletion's calls) and `serve` itself,
started as `python -m assistant serve` would be and timed until its page answers HTTP 200.
Synthetic: the archive (scripts/scale_corpus.py writes one .txt per document, so that an ingest finds every indexed
file unchanged) and the vectors: random unit vectors of 384 dimensions, one per text, from RandomUnitEmbeddings
below (embedding a million passages with the real model would take days here). The bulk build writes each
document through the layer after loading, metadata and chunking (store.add_documents, catalog.record_indexed,
registry.replace_document, the calls of `Index._index_document`); the one file added goes through the whole
pipeline (hash, load, metadata, chunking, embedding cache, stores).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_processes import HOST, chroma_server, rss_mb, serve_startup  # noqa: E402
from scale_corpus import RandomUnitEmbeddings, SyntheticDocument, documents, make_document, questions  # noqa: E402
from scale_report import disk, du, format_run  # noqa: E402

from assistant.factory import make_chroma_client, open_index  # noqa: E402
from assistant.metadata_filters import Filters  # noqa: E402
from assistant.runtime import Runtime  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from index.archive import walk_archive  # noqa: E402
from index.chunking import chunk_text_for_embedding  # noqa: E402
from index.index import Index  # noqa: E402
from index.journal import JOURNAL_KEPT  # noqa: E402
from index.pipeline import ARCHIVE_ROOT_KEY, PIPELINE_VERSION, fingerprint  # noqa: E402
from index.records import Chunk, DocMeta  # noqa: E402
from index.vectors import VectorStore  # noqa: E402

FILTERS = (
    Filters(issuer="Quảng Ngãi"),
    Filters(doc_type="Báo cáo"),
    Filters(date_from="2022-01-01", date_to="2023-12-31"),
    Filters(issuer="Lào Cai", doc_type="Kế hoạch"),
)


VECTOR_GROUP = 1000  # chunks whose vectors the build writes in one call (index.vectors.ADD_BATCH)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chunks", type=int, nargs="+", required=True, metavar="N", help="index sizes to measure")
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="also write the figures here")
    parser.add_argument("--chroma-server", action="store_true", help="also measure over `chroma run` on loopback")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic archive (default 0)")
    parser.add_argument("--queries", type=int, default=50, help="questions timed, each with and without a filter")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders and print them")
    parser.add_argument(
        "--list-vectors", action="store_true", help="also time listing every vector's document, as ingests once did"
    )
    parser.add_argument(
        "--work",
        type=Path,
        metavar="DIR",
        help="build in DIR and keep it; a later run with the same DIR (one N) measures the index built there"
        " without building it again, e.g. the code of a later commit on a million chunks",
    )
    parser.add_argument(
        "--server-only",
        action="store_true",
        help="with --chroma-server and a --work folder built before: measure over the server alone",
    )
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # measure one N in this process
    parser.add_argument("--serve-child", nargs=2, metavar=("INDEX", "PORT"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_child:  # `python -m assistant serve`, with the bench's embedder in place of the model
        from assistant.cli import main as cli

        index, port = args.serve_child
        return cli(["serve", "--index", index, "--port", port], embedder=RandomUnitEmbeddings())
    if args.one:
        work = args.work or Path(tempfile.mkdtemp(prefix=f"bench-scale-{args.chunks[0]}-", dir="/tmp"))
        work.mkdir(parents=True, exist_ok=True)
        try:
            run = measure(args.chunks[0], args, work)
        finally:
            if args.keep or args.work:
                print(f"work folder kept: {work}", file=sys.stderr)
            else:
                shutil.rmtree(work, ignore_errors=True)
        assert args.json is not None
        args.json.write_text(json.dumps(run, ensure_ascii=False, indent=2), encoding="utf-8")
        return 0
    runs = []
    for n in args.chunks:
        with tempfile.NamedTemporaryFile(suffix=".json", dir="/tmp") as part:
            command = [sys.executable, __file__, "--one", "--chunks", str(n), "--json", part.name]
            command += ["--seed", str(args.seed), "--queries", str(args.queries)]
            command += ["--chroma-server"] * args.chroma_server + ["--keep"] * args.keep
            command += ["--list-vectors"] * args.list_vectors + ["--server-only"] * args.server_only
            command += ["--work", str(args.work / str(n))] if args.work else []
            subprocess.run(command, check=True)
            runs.append(json.loads(Path(part.name).read_text(encoding="utf-8")))
        print(format_run(runs[-1]), flush=True)
    report = {"cpus": os.cpu_count(), "seed": args.seed, "queries": args.queries, "runs": runs}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def measure(n: int, args: argparse.Namespace, work: Path) -> dict:
    """Every figure for an index of `n` chunks built in `work`."""
    archive = work / "archive"
    settings = Settings(data_dir=work / "data", index_dir=work / "index", cache_dir=work / "data" / "cache", ocr=False)
    embedder = RandomUnitEmbeddings()
    run: dict = {"chunks": n}
    built = work / "build.json"  # written once the build is whole: a folder without it is built again
    if built.exists():
        run.update(json.loads(built.read_text(encoding="utf-8")), reused=str(work))
    else:
        shutil.rmtree(settings.index_dir, ignore_errors=True)
        shutil.rmtree(archive, ignore_errors=True)
        run["build"], run["numbers"] = build(settings, embedder, archive, n, args.seed)
        run["build_peak_rss_mb"] = _peak_rss_mb()
        built.write_text(json.dumps(run, ensure_ascii=False), encoding="utf-8")
    numbers = [tuple(pair) for pair in run.pop("numbers")]
    run["disk"] = disk(settings.index_dir)
    asked = questions(random.Random(args.seed + 1), numbers, args.queries)
    run["embedded"] = None
    if not args.server_only:
        run["embedded"] = measure_backend(settings, embedder, archive, asked, work, args.seed, args.list_vectors)
        _checkpoint(work, run)
    run["server"] = None
    if args.chroma_server:
        with chroma_server(work / "chroma-server") as (port, pid):
            served = replace(settings, chroma_host=HOST, chroma_port=port)
            started = time.perf_counter()
            filled = fill_server(served, embedder, n, args.seed)
            fill = round(time.perf_counter() - started, 2) if filled else "reused"
            _checkpoint(work, {**run, "server_vectors_seconds": fill})
            run["server"] = measure_backend(served, embedder, archive, asked, work, args.seed, args.list_vectors)
            run["server"].update(vectors_seconds=fill, **rss_mb(pid, "chroma_server"))
        run["server"]["disk_bytes"] = du(work / "chroma-server")
    run["peak_rss_mb"] = _peak_rss_mb()
    return run


def build(settings: Settings, embedder: RandomUnitEmbeddings, archive: Path, n: int, seed: int) -> tuple[dict, list]:
    """Write the synthetic archive and index it chunk by chunk; seconds of each step, and (type, number) pairs."""
    spent = dict.fromkeys(("corpus", "embedding", "vectors", "catalogue", "registry", "bm25"), 0.0)
    numbers: list[tuple[str, str]] = []
    files = 0
    with open_index(settings, embedder) as index, index.locked():
        index.catalog.set_info(ARCHIVE_ROOT_KEY, str(archive.resolve()))
        # as the first ingest of an empty index records it: the vector journal is kept from the start
        index.catalog.set_info(JOURNAL_KEPT, "yes")
        clock = time.perf_counter()

        def lap(step: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            spent[step] += now - clock
            clock = now

        groups = VectorGroups(index.store)
        for doc in documents(n, seed):
            file = archive / doc.path
            file.parent.mkdir(parents=True, exist_ok=True)
            data = doc.text().encode("utf-8")
            file.write_bytes(data)
            chunks = list(doc.chunks)
            if files % 7 == 0 and len(numbers) < 200:
                numbers.append((doc.meta.doc_type or "", doc.meta.number or ""))
            files += 1
            lap("corpus")
            vectors = embedder.embed_documents([chunk_text_for_embedding(c, None) for c in chunks])
            lap("embedding")
            index_document(index, doc, data, lap)
            if groups.add(chunks, vectors, doc.meta):
                lap("vectors")
        groups.flush()
        lap("vectors")
        index.snapshot()  # builds the BM25 index over the catalogue and saves it, as the first question would
        index.tidy()  # and merges its segments, as `ingest` does once the archive is searchable
        lap("bm25")
    figures = {f"{step}_seconds": round(seconds, 2) for step, seconds in spent.items()}
    indexing = sum(spent[s] for s in ("vectors", "catalogue", "registry", "bm25"))
    return {"files": files, "seconds": round(indexing, 2), **figures}, numbers


class VectorGroups:
    """Documents' vectors written VECTOR_GROUP chunks a call, as phase 2 writes a group of files."""

    def __init__(self, store: VectorStore) -> None:
        self.store = store
        self.waiting: list[tuple[list[Chunk], list[list[float]], DocMeta]] = []
        self.chunks = 0

    def add(self, chunks: list[Chunk], vectors: list[list[float]], meta: DocMeta) -> bool:
        """Keep one document's vectors; whether a group was written."""
        self.waiting.append((chunks, vectors, meta))
        self.chunks += len(chunks)
        if self.chunks < VECTOR_GROUP:
            return False
        self.flush()
        return True

    def flush(self) -> None:
        self.store.add_documents(self.waiting)
        self.waiting, self.chunks = [], 0


def index_document(index: Index, doc: SyntheticDocument, data: bytes, lap: Callable[[str], None]) -> None:
    """Store one document's catalogue row and registry entries as `Index._index_document` does (its vectors are
    written by the caller, a group of documents at a time, as phase 2 writes them)."""
    chunks = list(doc.chunks)
    sha = hashlib.sha256(data).hexdigest()
    written = (index.catalog.get_info(ARCHIVE_ROOT_KEY) or "") + "/" + doc.path
    index.catalog.record_indexed(
        doc.path, sha, len(data), "txt", doc.meta, chunks, PIPELINE_VERSION, mtime_ns=os.stat(written).st_mtime_ns
    )
    lap("catalogue")
    index.registry.replace_document(doc.path, doc.meta, chunks)
    lap("registry")


def fill_server(settings: Settings, embedder: RandomUnitEmbeddings, n: int, seed: int) -> bool:
    """The same vectors as the embedded build, into the server's collection (catalogue and BM25 are shared).

    A server folder that already holds all n (a finished earlier fill: over an hour at a million) is measured as it
    is; False says so."""
    store = VectorStore(make_chroma_client(settings), settings.collection, embedder.name, embedder.dimension)
    try:
        if store.count() == n:
            return False
        groups = VectorGroups(store)
        for doc in documents(n, seed):
            chunks = list(doc.chunks)
            groups.add(chunks, embedder.embed_documents([chunk_text_for_embedding(c, None) for c in chunks]), doc.meta)
        groups.flush()
        return True
    finally:
        store.close()


def measure_backend(
    settings: Settings,
    embedder: RandomUnitEmbeddings,
    archive: Path,
    asked: list[str],
    work: Path,
    seed: int,
    list_vectors: bool = False,
) -> dict:
    """Open, query, add a file, remove it (all in this process), then time `serve` starting over the index."""
    figures: dict = {}
    started = time.perf_counter()
    runtime = Runtime(settings, embedder)
    index = open_index(settings, embedder)
    try:
        assistant = runtime.assistant(index.snapshot())
        figures["open_seconds"] = round(time.perf_counter() - started, 2)
        figures["open_rss_mb"] = rss_mb(os.getpid())["rss_mb"]
        for label, filters in (("", [None]), ("filtered_", list(FILTERS))):
            retrieve, answer = [], []
            for i, question in enumerate(asked):
                chosen = filters[i % len(filters)]
                t0 = time.perf_counter()
                assistant.retrieve(question, chosen)
                t1 = time.perf_counter()
                assistant.ask(question, filters=chosen)
                retrieve.append(t1 - t0)
                answer.append(time.perf_counter() - t1)
            figures.update(_percentiles(f"{label}retrieve", retrieve) | _percentiles(f"{label}answer", answer))
        # what every ingest does before it indexes anything: hash every file, read every vector's metadata
        t0 = time.perf_counter()
        for rel, file in walk_archive(archive).files:
            fingerprint(archive, rel, file)
        figures["scan_hash_seconds"] = round(time.perf_counter() - t0, 2)
        figures["vector_paths_seconds"] = "-"  # not timed without --list-vectors
        if list_vectors:  # what an ingest did before the vector journal (index/journal.py): now only an upgrade's once
            t0 = time.perf_counter()
            figures["vector_paths_error"] = _failure(index.store.doc_paths)
            figures["vector_paths_seconds"] = round(time.perf_counter() - t0, 2)

        added = make_document(random.Random(seed + 2), 9_999_999, 30, prefix="tai-len/")
        (archive / added.path).parent.mkdir(parents=True, exist_ok=True)
        (archive / added.path).write_text(added.text(), encoding="utf-8")
        t0 = time.perf_counter()
        # what the web upload calls, then ctx.reload(): a new snapshot
        figures["add_error"] = _failure(lambda: index.ingest(archive))
        if figures["add_error"]:  # the file still goes in, through the bulk build's layer, so removing it is timed
            with index.locked():
                data = added.text().encode("utf-8")
                vectors = embedder.embed_documents([chunk_text_for_embedding(c, None) for c in added.chunks])
                index_document(index, added, data, lambda step: None)
                index.store.add(list(added.chunks), vectors, added.meta)
        t1 = time.perf_counter()
        assistant = runtime.assistant(index.snapshot())
        t2 = time.perf_counter()
        found = assistant.retrieve(f"{added.meta.doc_type} {added.meta.number}")
        figures.update(
            add_ingest_seconds=round(t1 - t0, 2),
            add_reload_seconds=round(t2 - t1, 2),
            add_seconds=round(t2 - t0, 2),
            add_chunks=len(index.catalog.chunks_of(added.path)),
            add_found_first=bool(found) and found[0].doc_path == added.path,
        )
        (archive / added.path).unlink()
        t0 = time.perf_counter()
        index.forget(added.path)  # what the web deletion calls, then ctx.reload()
        t1 = time.perf_counter()
        runtime.assistant(index.snapshot())
        t2 = time.perf_counter()
        figures.update(
            remove_forget_seconds=round(t1 - t0, 2),
            remove_reload_seconds=round(t2 - t1, 2),
            remove_seconds=round(t2 - t0, 2),
        )
    finally:
        index.close()
        runtime.close()
    serve = [sys.executable, __file__, "--chunks", "0", "--serve-child", str(settings.index_dir)]
    figures.update(serve_startup(settings, work, serve))
    return figures


def _checkpoint(work: Path, run: dict) -> None:
    """The figures so far, in the work folder and on stderr: a million chunks take hours, and a run cut short keeps
    what it measured."""
    (work / "measured.json").write_text(json.dumps(run, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(run, ensure_ascii=False), file=sys.stderr, flush=True)


def _failure(call: Callable[[], object]) -> str | None:
    """Run `call`; what it raised, as a line, or None: a step that fails at this size is a figure too."""
    try:
        call()
    except Exception as error:  # recorded in the report and printed, never hidden
        return f"{type(error).__name__}: {error}"
    return None


def _percentiles(name: str, seconds: list[float]) -> dict:
    p50, p95 = np.percentile(np.asarray(seconds) * 1000, [50, 95])
    return {f"{name}_p50_ms": round(float(p50), 1), f"{name}_p95_ms": round(float(p95), 1)}


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


if __name__ == "__main__":
    raise SystemExit(main())
