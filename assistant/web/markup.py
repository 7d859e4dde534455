"""Untrusted text (document metadata, sentences, file names) made safe to show in Gradio Markdown."""

from __future__ import annotations

import re

# The characters that mean something anywhere in a line (emphasis, code, links, tables, strike-through); "<", ">"
# and "&" become entities, so that a document cannot inject HTML, a link or an image into the page.
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")
# ...and what means something only at the start of a line: a list item ("- ", "+ ", "1. ", "1) ").
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+])")


def escape(text: object) -> str:
    """Text shown literally in Markdown: one line, special characters escaped, HTML neutralised."""
    flat = " ".join(str(text if text is not None else "").split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _INLINE_SPECIAL.sub(r"\\\1", flat)
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", flat)


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A Markdown table; headers are ours, every cell is escaped."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines.extend("| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows)
    return "\n".join(lines)
