"""Finding the work areas: a folder named for a topic is an area (its name decoded from its own documents), and the
documents outside such folders are sorted by their subject into the work areas of `lexicon`.

A folder is a topic when its name is neither a place or issuing body ("lao-cai", "quang-ngai-ubnd") nor a
container of document types ("van-ban-goc", "01-luat", "bao-cao"): those are looked into, not taken as areas.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from assistant.areas.lexicon import GENERAL_AREA, best_work_area
from assistant.vietnamese import fold
from index.places import PLACE_KEYS
from index.records import DocMeta

# folder-name words that say where documents come from, not what they are about
_SOURCE_WORDS = {w for key in PLACE_KEYS for w in key.split()} | {
    "ubnd", "sct", "so", "vn", "trung", "uong", "tinh", "huyen", "bo", "cuc", "ct", "hdnd", "scan", "signed",
}  # fmt: skip
# folder-name words of containers that sort documents by kind or stage
_CONTAINER_WORDS = {
    "van", "ban", "goc", "vi", "du", "thuc", "te", "examples", "example", "sources", "source", "luat", "nghi",
    "dinh", "thong", "tu", "quyet", "bao", "cao", "cong", "to", "trinh", "bieu", "mau", "phu", "luc", "thao",
    "tai", "lieu", "khac", "docs", "files", "pdf", "docx", "qcvn", "tcvn", "ke", "hoach", "danh", "muc",
}  # fmt: skip
_WORD_RE = re.compile(r"[^\W\d_]+")
_SEGMENT_RE = re.compile(r"[^;:.()\[\]\"“”\n/–-]+")
MIN_DECODE_VOTES = 2
# a run one word longer that holds the best one is preferred when it is written at least this share as often:
# "hàng hóa nguy hiểm" (a compound word keeps one letter) over "hóa nguy hiểm" for "hnh"
LONGER_RUN_SHARE = 0.5
# documents of one folder read to decode its name: the largest area folder of ../shared/archive holds 52, so there all
# document is read; an archive of a million chunks has folders of thousands, and a few hundred give the votes
DECODE_SAMPLE = 200
MIN_SUBJECT_AREA_DOCS = 2


@dataclass(frozen=True)
class Area:
    """One work area: a stable key, its name, its documents, and whether a folder or the subjects made it."""

    key: str  # "lao-cai/hc-sct-vn" for a folder; "chu-de:hoa-chat" for a subject area
    name: str
    paths: tuple[str, ...]
    origin: str  # "folder" | "subjects" | "admin"

    def to_json(self) -> dict[str, object]:
        return {"key": self.key, "name": self.name, "origin": self.origin, "paths": list(self.paths)}


def folder_words(name: str) -> list[str]:
    return _WORD_RE.findall(fold(name))


def folder_kind(name: str) -> str:
    """ "topic", "source" (a place or issuing body) or "container" (document kinds, years, stages)."""
    words = folder_words(name)
    if all(w in _CONTAINER_WORDS for w in words):
        return "container"
    if all(w in _SOURCE_WORDS or w in _CONTAINER_WORDS for w in words):
        return "source"
    return "topic"


def area_folders(paths: Iterable[str]) -> dict[str, list[str]]:
    """Topic folder -> its documents (its whole subtree), and "" -> the documents under no topic folder."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        parts = path.split("/")[:-1]
        folder = ""
        for depth, part in enumerate(parts):
            if folder_kind(part) == "topic":
                folder = "/".join(parts[: depth + 1])
                break
        found[folder].append(path)
    return dict(found)


def decode_folder_name(
    name: str, subjects: list[str], texts: Callable[[], list[str]], glossary: Mapping[str, tuple[str, int]]
) -> str | None:
    """A folder's short name read back from its documents: each word an abbreviation the archive defines
    ("vlncn"), a word of the documents ("kho"), or the initials of a run of their words ("hl" → "huấn luyện");
    the subjects are read first, the whole text (`texts()`) only for a word they do not explain."""
    parts = []
    for word in folder_words(name):
        if word in _SOURCE_WORDS:
            continue
        decoded = _decode_word(word, subjects, glossary) or _decode_word(word, texts(), glossary)
        if decoded:
            parts.append(decoded)
    if not parts:
        return None
    phrase = " ".join(parts)
    return phrase[0].upper() + phrase[1:]


def _decode_word(word: str, texts: list[str], glossary: Mapping[str, tuple[str, int]]) -> str | None:
    for abbreviation, (expansion, _) in glossary.items():
        if fold(abbreviation) == word:
            return expansion.lower()
    # A sentence written again (a form's line in each of ten appendices, the overlap of two chunks) votes once, or
    # "thiết kế Mô hình (BIM)" repeated in every appendix outvotes "thiết kế mỏ" written across the documents.
    segments = {segment.strip() for text in texts for segment in _SEGMENT_RE.findall(text)}
    # Spans vote by their folded form, and the form that wins is written as its documents spell it most often.
    spans: Counter[str] = Counter()
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for segment in segments:
        words = segment.lower().split()
        bare = [w.strip(",") for w in words]
        folded = [fold(w) for w in bare]  # once per word: folding is most of this loop's time
        found = []
        for i in range(len(words)):
            if bare[i] and folded[i] == word:
                found.append(bare[i])
            if not folded[i].startswith(word[:1]):
                continue  # no run spells the word unless its first initial does
            for size in (len(word), len(word) + 1) if len(word) >= 2 else ():
                run = bare[i : i + size]
                if len(run) == size and all(w[:1].isalpha() for w in run) and _spells(folded[i : i + size], word):
                    found.append(" ".join(words[i : i + size]).strip(","))
        for span in found:
            spans[fold(span)] += 1
            spellings[fold(span)][span] += 1
    if not spans:
        return None
    phrase, votes = spans.most_common(1)[0]
    if votes < MIN_DECODE_VOTES:
        return None
    longer = [
        (n, p) for p, n in spans.items() if phrase in p and len(p) > len(phrase) and n >= LONGER_RUN_SHARE * votes
    ]
    chosen = max(longer)[1] if longer else phrase
    return max(spellings[chosen].items(), key=lambda kv: (_keeps_accents(kv[0]), kv[1], kv[0]))[0]


def _keeps_accents(span: str) -> bool:
    """False for a run of several words without one accent: text that lost its accents (a legacy font read as
    plain letters, OCR), never the archive's spelling while an accented one exists. A single bare word may be
    right ("kho"), so it keeps its votes."""
    return " " not in span or span != fold(span)


def _spells(run: list[str], word: str) -> bool:
    """The initials of the run (folded words) spell the word, one word of a compound (two same initials in a row)
    allowed no letter."""
    initials = "".join(w[:1] for w in run)
    if len(run) == len(word):
        return initials == word
    return any(
        initials[k] == initials[k - 1] and initials[:k] + initials[k + 1 :] == word for k in range(1, len(initials))
    )


def detect_areas(
    documents: Mapping[str, DocMeta],
    texts_of: Callable[[list[str]], list[str]],
    glossary: Mapping[str, tuple[str, int]],
) -> list[Area]:
    """The archive's work areas, folder areas first, then subject areas, each with at least one document.

    `texts_of(paths)` gives texts of those documents (subjects first) to read a folder's name back from."""
    areas = []
    folders = area_folders(documents)
    for folder, paths in sorted(folders.items()):
        if not folder:
            continue
        subjects = [documents[p].subject or "" for p in paths]
        base = folder.rsplit("/", 1)[-1]
        # a sample spread over the folder: enough votes to read a name back, at a cost that stops growing
        sample = paths[:: max(1, len(paths) // DECODE_SAMPLE)][:DECODE_SAMPLE]
        name = decode_folder_name(base, subjects, partial(texts_of, sample), glossary)
        if name is None:  # a name of letters the documents do not spell out: their usual subject then
            topics = Counter(t for t in map(best_work_area, subjects) if t)
            name = topics.most_common(1)[0][0] if topics else base
        areas.append(Area(folder, name, tuple(sorted(paths)), "folder"))
    by_topic: dict[str, list[str]] = defaultdict(list)
    for path in folders.get("", []):
        meta = documents[path]
        body = " ".join(texts_of([path])[:1]) if not meta.subject else ""
        by_topic[best_work_area(meta.subject or "", body) or GENERAL_AREA].append(path)
    for name in [n for n, paths in by_topic.items() if len(paths) < MIN_SUBJECT_AREA_DOCS and n != GENERAL_AREA]:
        by_topic[GENERAL_AREA] += by_topic.pop(name)  # one document does not make an area to learn
    for name, paths in sorted(by_topic.items(), key=lambda kv: (kv[0] == GENERAL_AREA, kv[0])):
        areas.append(Area(f"chu-de:{'-'.join(folder_words(name))}", name, tuple(sorted(paths)), "subjects"))
    return _distinct_names(areas)


def _distinct_names(areas: list[Area]) -> list[Area]:
    """Two areas never share a name: a folder area that would gets its folder's name beside it."""
    counts = Counter(fold(a.name) for a in areas)
    return [
        Area(a.key, f"{a.name} ({a.key.rsplit('/', 1)[-1]})", a.paths, a.origin)
        if counts[fold(a.name)] > 1 and a.origin == "folder"
        else a
        for a in areas
    ]
