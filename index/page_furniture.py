"""Page furniture dropped from a PDF's pages: running headers and footers (lines repeated at the edges of most pages)
and page numbers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_SPACES_RE = re.compile(r"[ \t]+")

# "2", "- 2 -", "2/5", "Trang 2", "Trang 2/5", "Báo cáo quý I - Trang 2 trên 5"
_PAGE_NUMBER_RE = re.compile(
    r"^(?:.*\s)?(?:[-–]\s*)?(?:Trang\s+|Page\s+)?(\d{1,4})(?:\s*(?:/|trên|of)\s*\d{1,4})?(?:\s*[-–])?$",
    re.IGNORECASE,
)
_BARE_PAGE_NUMBER_RE = re.compile(r"[-–\s]*\d{1,4}(?:\s*(?:/|trên|of)\s*\d{1,4})?[-–\s]*", re.IGNORECASE)
_PAGE_LABEL_RE = re.compile(r"(?:^|\s)(?:Trang|Page)\s+\d", re.IGNORECASE)
_PAGE_NUMBER_EDGE = 2
_EDGE_LINES = 3
# The national motto heads every form in an appendix, and the metadata extractor needs it: never "running".
_NEVER_RUNNING_RE = re.compile(r"cộng h[oòõ][aà] xã hội|độc lập\s*[-–—]\s*tự do", re.IGNORECASE)
_RUNNING_SHARE = 0.6


def _line_key(line: str) -> str:
    """What must match for a line to count as "the same" on two pages (spacing and case may differ).

    Digits must match too: "Mẫu số 01" / "Mẫu số 02" heading the forms of an appendix are no running header;
    lines that differ only by the page number are caught as page numbers instead.
    """
    return _SPACES_RE.sub(" ", unicodedata.normalize("NFC", line)).strip().lower()


def _is_page_number(line: str, page_number: int) -> bool:
    text = line.strip()
    match = _PAGE_NUMBER_RE.match(text)
    # text before the number only with a "Trang"/"Page" label: "Có 12" is no page number
    if not match or not (_BARE_PAGE_NUMBER_RE.fullmatch(text) or _PAGE_LABEL_RE.search(text)):
        return False
    # a bare number could be a table cell: accept it only if it is close to this page's position
    return abs(int(match.group(1)) - page_number) <= 2


def strip_running_lines(pages: list[str]) -> list[str]:
    """Pages without running headers/footers (lines repeated at the edges of most pages) or page numbers."""
    split = [page.replace("\r\n", "\n").split("\n") for page in pages]
    edges: list[set[str]] = []
    for lines in split:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        edge_idx = set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:])
        edges.append({_line_key(lines[i]) for i in edge_idx})
    counts = Counter(key for keys in edges for key in keys)
    needed = max(2, int(_RUNNING_SHARE * len(pages) + 0.999))
    running = {
        key
        for key, n in counts.items()
        if n >= needed and key.strip("0123456789 -/") and not _NEVER_RUNNING_RE.search(key)
    }

    result = []
    for page_number, lines in enumerate(split, start=1):
        filled = [i for i, line in enumerate(lines) if line.strip()]
        edge_idx = set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:])
        number_idx = set(filled[:_PAGE_NUMBER_EDGE] + filled[-_PAGE_NUMBER_EDGE:])
        kept = [
            line
            for i, line in enumerate(lines)
            if not (i in edge_idx and _line_key(line) in running)
            and not (i in number_idx and _is_page_number(line, page_number))
        ]
        result.append("\n".join(kept))
    return result
