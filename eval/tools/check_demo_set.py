"""Check a demo question set (its folder's set.toml) against the text of the generated demo archive.

Usage: /work/main/.venv/bin/python eval/tools/check_demo_set.py SET.toml [CASES.jsonl ...] [--archive DIR]
(the cases default to the set's whole file; ids start with the set's `prefix`, e.g. "dn-" and "dn-abs-")

Extracts the text of every file of the demo archive the way the brief prescribes:
  - PDF with a text layer: `pdftotext -layout`;
  - image-only (scanned) PDF: `pdftoppm -r 200 -gray` then `tesseract -l vie`;
  - DOCX: python-docx, body paragraphs, then every table cell (nested tables too);
  - TXT: read as UTF-8.
Normalisation for matching: NFC, casefold, whitespace collapsed (FORMAT.md).

Prints one line per problem and nothing when the set is clean:
  - answerable: an `answer_contains` alternative found in none of the case's `sources`, or a group with no
    alternative in one of the listed sources (README convention: every group is found in each source file);
    a source that is not a file of the archive;
  - unanswerable: a probe term (set.toml, [probes]) found in the text or file name of any demo file, matched on word
    boundaries both with diacritics and with diacritics stripped (đ -> d); `sources`/`answer_contains` not empty;
  - format: duplicate ids, wrong id prefix, missing fields, history shape, answerable case with empty groups.
With --show, prints the probe hits' contexts instead of just flagging them (for manual review).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_set import FIELDS, fold, norm, word_re  # noqa: E402
from set_config import SetConfig, load_config  # noqa: E402

DEFAULT_ARCHIVE = Path("/work/main/data/demo-archive")


def _docx_text(path: Path) -> str:
    import docx  # python-docx, from the project's virtualenv

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]

    def walk(tables) -> None:  # noqa: ANN001
        for grid in tables:
            for row in grid.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    walk(cell.tables)

    walk(document.tables)
    return "\n".join(parts)


def _pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    if text.strip():
        return text
    with tempfile.TemporaryDirectory() as tmp:  # image-only scan: OCR at 200 dpi in Vietnamese
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(path), f"{tmp}/page"], check=True)
        pages = []
        for image in sorted(Path(tmp).glob("page*.png")):
            pages.append(subprocess.run(["tesseract", str(image), "-", "-l", "vie"], capture_output=True,
                                        text=True, check=True).stdout)  # fmt: skip
        return "\n".join(pages)


def extract(archive: Path) -> dict[str, str]:
    texts = {}
    for path in sorted(p for p in archive.rglob("*") if p.is_file()):
        rel = path.relative_to(archive).as_posix()
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            texts[rel] = _pdf_text(path)
        elif suffix == ".docx":
            texts[rel] = _docx_text(path)
        elif suffix == ".txt":
            texts[rel] = path.read_text(encoding="utf-8")
        else:
            texts[rel] = ""
    return texts


def check_cases(path: Path, texts: dict[str, str], config: SetConfig, show: bool) -> list[str]:
    """The problems of one file of cases. For each unanswerable case, its probes (set.toml, [probes]) are phrases
    whose presence in the demo would mean the archive might answer it: each is searched on word boundaries in every
    file's text and file name, with and without diacritics."""
    answerable, unanswerable = f"{config.prefix}-", f"{config.prefix}-abs-"
    problems: list[str] = []
    normed = {rel: norm(t) for rel, t in texts.items()}
    # File names: "_" is a word character for \w, so it is turned into a space ("TB_87-TB-SCT" -> "TB 87-TB-SCT").
    haystacks = [(rel, norm(t), norm(rel.replace("_", " "))) for rel, t in texts.items()]
    seen: set[str] = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        case = json.loads(line)
        cid = case.get("id", f"<line {lineno}>")
        for f in FIELDS:
            if f not in case:
                problems.append(f"{path.name}:{cid}: missing field {f}")
        if cid in seen:
            problems.append(f"{path.name}:{cid}: duplicate id")
        seen.add(cid)
        for turn in case.get("history", []):
            if set(turn) != {"role", "content"} or turn["role"] not in ("user", "assistant"):
                problems.append(f"{path.name}:{cid}: bad history turn {turn}")
        if case.get("history") and "followup" not in case["tags"]:
            problems.append(f"{path.name}:{cid}: history without the followup tag")
        if case["answerable"]:
            if not cid.startswith(answerable) or cid.startswith(unanswerable):
                problems.append(f"{path.name}:{cid}: answerable id must start with {answerable} (not {unanswerable})")
            if not case["answer_contains"] or any(not g for g in case["answer_contains"]):
                problems.append(f"{path.name}:{cid}: empty answer_contains or group")
            for src in case["sources"]:
                if src not in texts:
                    problems.append(f"{path.name}:{cid}: source not in archive: {src}")
            srcs = [s for s in case["sources"] if s in texts]
            for group in case["answer_contains"]:
                for alt in group:
                    if not any(norm(alt) in normed[s] for s in srcs):
                        problems.append(f"{path.name}:{cid}: not in sources: {alt!r}")
                for s in srcs:
                    if not any(norm(alt) in normed[s] for alt in group):
                        problems.append(f"{path.name}:{cid}: group {group} not in source {s}")
        else:
            if not cid.startswith(unanswerable):
                problems.append(f"{path.name}:{cid}: unanswerable id must start with {unanswerable}")
            if case["sources"] or case["answer_contains"]:
                problems.append(f"{path.name}:{cid}: unanswerable case with sources/answer_contains")
            if "abstain" not in case["tags"]:
                problems.append(f"{path.name}:{cid}: unanswerable case without the abstain tag")
            if cid not in config.probes:
                problems.append(f"{path.name}:{cid}: no probe terms listed in set.toml")
            for term in config.probes.get(cid, []):
                for variant in {norm(term), fold(norm(term))}:
                    pattern = word_re(variant)
                    for rel, text, name in haystacks:
                        for hay in (text, fold(text), name, fold(name)):
                            m = pattern.search(hay)
                            if m:
                                msg = f"{path.name}:{cid}: probe {variant!r} found in {rel}"
                                if show:
                                    msg += f": …{hay[max(0, m.start() - 60) : m.end() + 60]}…"
                                problems.append(msg)
                                break
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path, metavar="SET.toml", help="the set's folder config (eval/demo-2/set.toml)")
    parser.add_argument("cases", nargs="*", type=Path, help="files of cases (default: the whole set)")
    parser.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    parser.add_argument("--show", action="store_true", help="print the context of each probe hit")
    parser.add_argument("--dump", type=Path, help="write the extracted texts into this folder")
    args = parser.parse_args(argv)
    texts = extract(args.archive)
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for rel, text in texts.items():
            (args.dump / (rel.replace("/", "__") + ".txt")).write_text(text, encoding="utf-8")
    config = load_config(args.config)
    problems = [p for cases in args.cases or [config.set] for p in check_cases(cases, texts, config, args.show)]
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
