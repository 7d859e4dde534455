"""How scripts/bench_scale.py reads the size of an index on disk and prints one N's figures."""

from __future__ import annotations

from pathlib import Path


def disk(index_dir: Path) -> dict:
    """Bytes on disk of the index folder and of each part of it."""
    parts = {
        "chroma": du(index_dir / "chroma"),
        "bm25": du(index_dir / "lexical"),
        "catalogue": sum(du(p) for p in index_dir.glob("catalog.sqlite*")),
        "registry": sum(du(p) for p in index_dir.glob("registry.sqlite*")),
    }
    return {"total_bytes": du(index_dir), **{f"{k}_bytes": v for k, v in parts.items()}}


def format_run(run: dict) -> str:
    """One N's figures as a table."""
    b, d = run["build"], run["disk"]
    lines = [
        f"\n{run['chunks']:,} chunks in {b['files']:,} files: build {b['seconds']} s (vectors {b['vectors_seconds']},"
        f" catalogue {b['catalogue_seconds']}, registry {b['registry_seconds']}, BM25 {b['bm25_seconds']};"
        f" not counted: writing the corpus {b['corpus_seconds']}, fake embedding {b['embedding_seconds']})",
        f"disk {mb(d['total_bytes'])} MB (chroma {mb(d['chroma_bytes'])}, catalogue {mb(d['catalogue_bytes'])},"
        f" registry {mb(d['registry_bytes'])}, BM25 {mb(d['bm25_bytes'])}); peak RSS: build"
        f" {run['build_peak_rss_mb']} MB, whole run {run['peak_rss_mb']} MB",
    ]
    backends = [(name, run[name]) for name in ("embedded", "server") if run[name]]
    rows = [
        ("serve start-up s (RSS MB)", "{serve_startup_seconds} ({serve_rss_mb})"),
        ("open index in-process s", "{open_seconds}"),
        ("add one file s (ingest+reload)", "{add_seconds} ({add_ingest_seconds}+{add_reload_seconds})"),
        ("remove one file s (forget+reload)", "{remove_seconds} ({remove_forget_seconds}+{remove_reload_seconds})"),
        ("hash every file / read vector paths s", "{scan_hash_seconds} / {vector_paths_seconds}"),
    ]
    for step in ("retrieve", "answer"):
        for prefix, name in (("", ""), ("filtered_", " filtered")):
            rows.append((f"{step}{name} p50/p95 ms", f"{{{prefix}{step}_p50_ms}} / {{{prefix}{step}_p95_ms}}"))
    lines.append(f"{'':40}" + "".join(f"{name:>22}" for name, _ in backends))
    lines += [f"{label:40}" + "".join(f"{cell.format(**f):>22}" for _, f in backends) for label, cell in rows]
    for name, figures in backends:
        for key in ("vector_paths_error", "add_error"):
            if figures.get(key):
                lines.append(f"{name}: {key.removesuffix('_error')} failed: {figures[key][:300]}")
    if run["server"]:
        s = run["server"]
        lines.append(
            f"server: vectors uploaded in {s['vectors_seconds']} s, its RSS {s['chroma_server_rss_mb']} MB,"
            f" its folder {mb(s['disk_bytes'])} MB"
        )
    return "\n".join(lines)


def du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_blocks * 512
    return sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def mb(size: int) -> float:
    return round(size / 2**20, 1)
