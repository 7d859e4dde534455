"""Footnotes a page break put inside a paragraph, moved after it.

A document converted from print (a PDF saved as DOCX, a PDF's text layer) carries each page's footnotes as lines at
the page's foot, so a paragraph running over the page is cut in two by them:

    ... ghi nhận 14/45 trường hợp còn tồn tại hạn chế; nhắc nhở,
    ⁹ Gồm 07 cơ sở sản xuất và 38 cửa hàng kinh doanh thực phẩm, tạp hóa
    cho cam kết khắc phục 10 trường hợp và xử phạt ... với số tiền 9,5 triệu đồng

The paragraph is put back together and its footnotes follow it, so that a figure stays in the sentence it belongs to.
"""

from __future__ import annotations

import re

# a footnote line: superscript digits, then its text ("⁹ Gồm 07 cơ sở ...", "¹⁰Trong đó ...")
_FOOTNOTE = re.compile(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s*\S")
# a paragraph broken off mid-sentence ends in a word, a figure or a comma, not in . : ; ! ? or a closing bracket
_OPEN_END = re.compile(r"[\w,]$")


def move_footnotes(lines: list[str]) -> list[str]:
    """`lines` with each run of footnote lines that interrupts a sentence moved after the sentence's end."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or _FOOTNOTE.match(lines[j].strip())):
            j += 1  # the notes, and the blank lines between them
        notes = [n for n in lines[i + 1 : j] if n.strip()]
        following = lines[j].strip() if j < len(lines) else ""
        # a sentence left open, footnotes, and a line going on in lower case: one paragraph and its notes
        if notes and _OPEN_END.search(line.rstrip()) and following[:1].islower():
            out.append(f"{line.rstrip()} {following}")
            out.extend(notes)
            i = j + 1
        else:
            out.append(line)
            i += 1
    return out
