"""Check text extraction on the real archive: what loads, what fails and why, which pages need OCR,
OCR speed and accuracy, and extraction accuracy against the reference plain text.

    .venv/bin/python scripts/check_extraction.py [--archive ../shared/archive] [--ocr-pages 10]

Skips cleanly (exit 0) when the shared archive is absent. OCR runs only on a sample of pages: OCR of the whole
archive takes about 20 minutes.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import logging
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.errors import UnreadableDocument  # noqa: E402
from index.loaders import SUPPORTED_SUFFIXES, load_document  # noqa: E402
from index.loaders.pdf import classify_page, open_pdf, pdf_text_layer  # noqa: E402
from index.normalise import garbage_ratio, normalise_text  # noqa: E402
from index.ocr import OcrConfig, ocr_image, render_page, tesseract_problem  # noqa: E402
from index.page_furniture import strip_running_lines  # noqa: E402

SHARED = ROOT.parent / "shared"
SCANNED_GLOB = "sct-quang-ngai-tra-vinh/003_*.pdf"


def _flat(text: str) -> str:
    return " ".join(text.split())


def char_ratio(a: str, b: str) -> float:
    """difflib similarity of two texts, whitespace-insensitive, on characters."""
    return difflib.SequenceMatcher(None, _flat(a), _flat(b), autojunk=False).ratio()


def word_ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def survey(archive: Path) -> dict[str, str]:
    """Load every file without OCR; print counts and reasons. Returns {path: failure reason}."""
    files = sorted(p for p in archive.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
    others = sorted(p for p in archive.rglob("*") if p.is_file() and p.suffix.lower() not in SUPPORTED_SUFFIXES)
    kinds: collections.Counter[str] = collections.Counter()
    failures: dict[str, str] = {}
    start = time.perf_counter()
    for path in files:
        rel = path.relative_to(archive).as_posix()
        try:
            doc = load_document(path, archive, OcrConfig(enabled=False))
            kinds[doc.kind] += 1
        except UnreadableDocument as exc:
            failures[rel] = str(exc)
    elapsed = time.perf_counter() - start
    print(f"\n== Loading without OCR: {len(files)} files in {elapsed:.1f} s ({len(others)} unsupported skipped)")
    print(f"loaded: {sum(kinds.values())} {dict(kinds)}")
    reasons = collections.Counter(failures.values())
    print(f"not loaded: {len(failures)}")
    for reason, n in reasons.most_common():
        print(f"  {n:3d} x {reason}")
    return failures


def ocr_rules(archive: Path) -> list[tuple[Path, int, str]]:
    """Count PDF pages needing OCR by rule; returns (file, page, rule) for each."""
    needing: list[tuple[Path, int, str]] = []
    pages_total = 0
    by_rule: collections.Counter[str] = collections.Counter()
    files_by_rule: dict[str, set[str]] = collections.defaultdict(set)
    signed_image_pages = 0
    for path in sorted(archive.rglob("*.pdf")):
        try:
            reader = open_pdf(path.read_bytes())
        except UnreadableDocument:
            continue
        texts = pdf_text_layer(reader)
        pages_total += len(texts)
        for number, text in enumerate(texts, start=1):
            rule = classify_page(text)
            if rule:
                by_rule[rule] += 1
                files_by_rule[rule].add(path.relative_to(archive).as_posix())
                needing.append((path, number, rule))
                annots = reader.pages[number - 1].get("/Annots") or []
                if rule == "image-only" and any(
                    a.get_object().get("/FT") == "/Sig" for a in annots if hasattr(a, "get_object")
                ):
                    signed_image_pages += 1
    print(f"\n== Pages needing OCR: {sum(by_rule.values())} of {pages_total} PDF pages")
    for rule in ("image-only", "stamp-only", "garbage"):
        print(f"  {rule:10s}: {by_rule[rule]:4d} pages in {len(files_by_rule[rule])} files")
    print(
        f"  (of the image-only pages, {signed_image_pages} carry a digital-signature widget: pypdf does not "
        "extract annotation text, so a stamp-only page reads as image-only)"
    )
    for path in sorted(files_by_rule["garbage"]):
        print(f"  garbage: {path}")
    return needing


def ocr_timing_and_accuracy(archive: Path, seed: Path, sample: list[tuple[Path, int, str]], n_pages: int) -> None:
    """OCR the scanned reference file at 300 and 200 dpi, then sample pages; time them, compare with seed."""
    if (problem := tesseract_problem("vie")) is not None:
        print(f"\n== OCR skipped: {problem}")
        return
    scanned = sorted(archive.glob(SCANNED_GLOB))
    if not scanned:
        print("\n== OCR skipped: scanned reference file not found")
        return
    pdf_path = scanned[0]
    data = pdf_path.read_bytes()
    n_scan_pages = len(open_pdf(data).pages)
    reference = seed / (pdf_path.stem + ".txt")
    print(f"\n== OCR of {pdf_path.relative_to(archive)} ({n_scan_pages} pages) vs {reference.name}")
    for dpi in (300, 200):
        start = time.perf_counter()
        raw_pages = [ocr_image(render_page(data, n, dpi)) for n in range(1, n_scan_pages + 1)]
        per_page = (time.perf_counter() - start) / n_scan_pages
        text = "\n\n".join(normalise_text(t) for t in strip_running_lines(raw_pages))
        line = f"  {dpi} dpi: {per_page:.2f} s/page (render + tesseract)"
        if reference.is_file():
            expected = normalise_text(reference.read_text(encoding="utf-8"))
            line += f", char ratio {char_ratio(text, expected):.4f}, word ratio {word_ratio(text, expected):.4f}"
            raw = "\n".join(raw_pages)
            line += f" (raw OCR before normalising: char {char_ratio(raw, expected):.4f})"
        print(line)

    # one page per file, taking the rules and the folders in turn
    first_page: dict[Path, tuple[Path, int, str]] = {}
    for item in sample:
        if item[0] != pdf_path:
            first_page.setdefault(item[0], item)
    queues: dict[str, list[tuple[Path, int, str]]] = collections.defaultdict(list)
    for item in first_page.values():
        queues[f"{item[2]} {item[0].relative_to(archive).parts[0]}"].append(item)
    picked: list[tuple[Path, int, str]] = []
    while len(picked) < n_pages and any(queues.values()):
        for key in sorted(queues):
            if queues[key] and len(picked) < n_pages:
                picked.append(queues[key].pop(len(queues[key]) // 2))
    print(f"\n== OCR of {len(picked)} sample pages, one per file (seconds at 300 / 200 dpi)")
    totals = {300: 0.0, 200: 0.0}
    for path, number, rule in picked:
        data = path.read_bytes()
        before = pdf_text_layer(open_pdf(data))[number - 1]
        texts = {}
        for dpi in totals:
            start = time.perf_counter()
            texts[dpi] = normalise_text(ocr_image(render_page(data, number, dpi)))
            totals[dpi] += time.perf_counter() - start
        print(
            f"  {rule:10s} {path.relative_to(archive)} p{number}: 300/200 dpi agree "
            f"{char_ratio(texts[300], texts[200]):.3f}, {len(texts[200])} chars, garbage ratio "
            f"{garbage_ratio(before):.2f} -> {garbage_ratio(texts[200]):.3f}: {_flat(texts[200])[:60]!r}"
        )
    if picked:
        print(f"  mean s/page: 300 dpi {totals[300] / len(picked):.2f}, 200 dpi {totals[200] / len(picked):.2f}")


def text_accuracy(archive: Path, seed: Path) -> None:
    """Extraction of the text PDFs and DOCX of the reference folder vs the reference plain text."""
    folder = (archive / SCANNED_GLOB).parent
    print(f"\n== Text extraction vs {seed.name} (OCR off; scanned files skipped)")
    for path in sorted(folder.iterdir()):
        reference = seed / (path.stem + ".txt")
        if not reference.is_file():
            continue
        try:
            doc = load_document(path, archive, OcrConfig(enabled=False))
        except UnreadableDocument as exc:
            print(f"  {path.name}: not loaded ({exc})")
            continue
        expected = normalise_text(reference.read_text(encoding="utf-8"), reflow=False)
        print(
            f"  {path.name}: {doc.kind}, {len(doc.pages)} pages, "
            f"char ratio {char_ratio(doc.text, expected):.4f}, "
            f"word ratio {word_ratio(doc.text, expected):.4f}"
        )


def doc_and_zip_check(archive: Path, failures: dict[str, str]) -> None:
    docs = sorted(archive.rglob("*.doc"))
    ratios = []
    for path in docs:
        rel = path.relative_to(archive).as_posix()
        if rel in failures:
            continue
        doc = load_document(path, archive, OcrConfig(enabled=False))
        ratios.append(garbage_ratio(doc.text))
    if ratios:
        print(
            f"\n== Legacy .doc via antiword: {len(ratios)}/{len(docs)} loaded, "
            f"garbage ratio max {max(ratios):.4f} (Vietnamese comes out right)"
        )
    worst = (0.0, "", 0)
    biggest = (0, "")
    for path in sorted(archive.rglob("*.docx")):
        try:
            with zipfile.ZipFile(path) as zf:
                infos = zf.infolist()
        except zipfile.BadZipFile:
            continue
        total = sum(i.file_size for i in infos)
        biggest = max(biggest, (total, path.name))
        for info in infos:
            if info.file_size > 1024 * 1024:
                worst = max(worst, (info.file_size / max(info.compress_size, 1), path.name, info.file_size))
    print(
        f"== DOCX zip-bomb limits: largest unpacked {biggest[0] / 2**20:.1f} MB ({biggest[1]}); "
        f"highest ratio of a member over 1 MB {worst[0]:.1f}:1 ({worst[1]})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, default=SHARED / "archive")
    parser.add_argument("--seed", type=Path, default=SHARED / "reference" / "seed-text")
    parser.add_argument("--ocr-pages", type=int, default=10, help="sample pages to OCR besides the reference scan")
    args = parser.parse_args()
    if not args.archive.is_dir():
        print(f"skipped: archive not found at {args.archive}")
        return 0
    logging.basicConfig(level=logging.ERROR)
    failures = survey(args.archive)
    needing = ocr_rules(args.archive)
    doc_and_zip_check(args.archive, failures)
    text_accuracy(args.archive, args.seed)
    ocr_timing_and_accuracy(args.archive, args.seed, needing, args.ocr_pages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
