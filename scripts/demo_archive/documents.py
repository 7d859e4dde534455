"""The demo documents, read from archive.toml and the NN_<number>.toml files beside this module.

archive.toml holds what every document shares; each NN_<number>.toml is one document (its fields override the
shared ones), in the order of NN. A document's `body` is plain text, one block after another:

- a line starting with "# " is a heading ("I. ...", "1.1. ...");
- consecutive lines starting with "|" are the rows of one table, cells between the "|";
- other lines form a paragraph up to the next blank line, heading or table, joined with single spaces, so a long
  paragraph can be wrapped in the file.

Every string is NFC-normalised, whichever form the editor saved.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent
SHARED_FILE = "archive.toml"
DOCUMENT_FILES = "[0-9][0-9]_*.toml"

# One fixed instant for every metadata date, so the bytes do not change from run to run.
FIXED_DATE = datetime(2025, 5, 6, 8, 0, 0, tzinfo=UTC)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Block:
    """A heading, a paragraph or a table of the document body."""

    kind: str  # "heading" | "para" | "table"
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class DemoDoc:
    """One demo document: its header fields, body and signature, rendered to any of the four formats."""

    path: str  # relative to the archive root; its suffix (and a stem ending in _scan) picks the format
    number_line: str  # "Số: 45/BC-SCT", or a draft's "Số:      /TB-SCT"
    date_line: str
    subject: tuple[str, ...]
    blocks: tuple[Block, ...]
    recipients: tuple[str, ...]
    signer_capacity: tuple[str, ...]
    signer: str
    issuer: tuple[str, ...]  # the two lines of the issuing body, top left
    motto: tuple[str, ...]  # the national motto, top right
    note: str  # the fiction note in every footer
    author: str  # the DOCX author property
    doc_type: str | None = None  # "BÁO CÁO"; none for a công văn, whose trích yếu sits under the number
    extra_header: tuple[str, ...] = ()  # "Kính gửi: ..." lines of a công văn

    @property
    def header_left(self) -> tuple[str, ...]:
        lines = (*self.issuer, self.number_line)
        return lines if self.doc_type else (*lines, *self.subject)

    @property
    def header_right(self) -> tuple[str, ...]:
        return (*self.motto, "", self.date_line)

    @property
    def title(self) -> tuple[str, ...]:
        return (self.doc_type, *self.subject) if self.doc_type else ()


def parse_body(text: str) -> tuple[Block, ...]:
    """The blocks of a `body` written in the markup of this module's docstring."""
    blocks: list[Block] = []
    lines: list[str] = []  # the paragraph being read
    rows: list[tuple[str, ...]] = []  # the table being read

    def end_block() -> None:
        if lines:
            blocks.append(Block("para", " ".join(lines)))
            lines.clear()
        if rows:
            if len({len(row) for row in rows}) > 1:
                msg = f"table rows have different numbers of cells: {rows}"
                raise ValueError(msg)
            blocks.append(Block("table", rows=tuple(rows)))
            rows.clear()

    for line in (_nfc(raw.strip()) for raw in text.splitlines()):
        if line.startswith("|"):
            if lines:
                end_block()
            cells = line.removeprefix("|").removesuffix("|").split("|")
            rows.append(tuple(cell.strip() for cell in cells))
        elif not line:
            end_block()
        elif line.startswith("# "):
            end_block()
            blocks.append(Block("heading", line.removeprefix("# ").strip()))
        else:
            if rows:
                end_block()
            lines.append(line)
    end_block()
    return tuple(blocks)


def _document(fields: dict[str, Any], source: Path) -> DemoDoc:
    try:
        values = {
            key: tuple(_nfc(item) for item in value) if isinstance(value, list) else _nfc(value)
            for key, value in fields.items()
            if key != "body"
        }
        return DemoDoc(**values, blocks=parse_body(fields.get("body", "")))
    except (TypeError, ValueError) as exc:  # a missing, unknown or mistyped field; a ragged table
        msg = f"{source}: {exc}"
        raise ValueError(msg) from exc


def demo_documents(folder: Path = DATA_DIR) -> tuple[DemoDoc, ...]:
    """The documents of the demo archive, in the order they are written."""
    shared = tomllib.loads((folder / SHARED_FILE).read_text(encoding="utf-8"))
    return tuple(
        _document({**shared, **tomllib.loads(path.read_text(encoding="utf-8"))}, path)
        for path in sorted(folder.glob(DOCUMENT_FILES))
    )
