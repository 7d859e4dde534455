"""Abbreviations the archive defines ("vật liệu nổ công nghiệp (VLNCN)"), and query expansion with them.

A definition is an abbreviation in parentheses after the words it abbreviates, or the words in parentheses
after the abbreviation ("CCN (cụm công nghiệp)"), or "(sau đây gọi tắt là VLNCN)". The expansion is the run
of words whose initials spell the abbreviation, read the Vietnamese way: one letter per syllable ("công
nghiệp" gives CN), "Đ" as D, "&" for "và"; a "và" or "của" inside the run may have no letter ("Tài nguyên và
Môi trường (TNMT)").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from index.vocabulary import fold

ABBREVIATION_MAX = 12
EXPANSION_MAX_CHARS = 120

_ABBR = r"[A-ZĐ][A-ZĐ&]{1,11}"
# "... công nghiệp (VLNCN)" and "... (sau đây gọi tắt là VLNCN)"
_AFTER_RE = re.compile(
    rf"\(\s*(?:(?:sau\s+đây\s+)?(?:được\s+)?(?:gọi|viết)\s+tắt\s+(?:là\s+)?)?[\"“]?(?P<abbr>{_ABBR})[\"”]?\s*\)"
)
# "CCN (cụm công nghiệp)"
_BEFORE_RE = re.compile(rf"(?<![\w&])(?P<abbr>{_ABBR})\s*\((?P<words>[^()\d]{{3,{EXPANSION_MAX_CHARS}}})\)")
_WORD_RE = re.compile(r"[^\W\d_]+|&")
# Words that may stand inside an expansion without a letter of their own.
_SILENT = frozenset({"và", "của", "các", "với", "cho", "trong", "về"})
# A Vietnamese syllable without tone marks: a lower-case word of this shape in a question is a word, not an
# abbreviation typed in lower case ("ban", "cho"); "vlncn", "ubnd" are not syllables.
_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)


def _initials(words: list[str], abbreviation: str) -> int | None:
    """How many of the last `words` spell `abbreviation` by their initials (None when they do not)."""
    letters = fold(abbreviation)
    i, j = len(letters) - 1, len(words) - 1
    while i >= 0 and j >= 0:
        word = words[j]
        if letters[i] == "&" and word.lower() in ("và", "&") or fold(word[0]) == letters[i]:
            i -= 1
        elif not (word.lower() in _SILENT and i < len(letters) - 1):
            return None
        j -= 1
    if i >= 0 or words[j + 1].lower() in _SILENT:
        return None
    return len(words) - (j + 1)


def _plausible(words: list[str]) -> bool:
    """An expansion is made of words, not of single letters ("số Y (SY)" defines nothing)."""
    return all(len(word) >= 2 or word == "&" for word in words)


def find_definitions(text: str) -> list[tuple[str, str]]:
    """(abbreviation, expansion) for each abbreviation `text` defines, in order of appearance."""
    found: list[tuple[int, str, str]] = []
    for match in _AFTER_RE.finditer(text):
        abbreviation = match.group("abbr")
        before = text[max(0, match.start() - EXPANSION_MAX_CHARS) : match.start()]
        before = re.split(r"[;.:()\n]", before)[-1]
        tokens = list(_WORD_RE.finditer(before))
        words = [t.group() for t in tokens]
        # "Trung tâm Phục vụ Hành chính công tỉnh (TTPVHCC)": the province the body serves has no letter
        trailing = 1 if words and words[-1] == "tỉnh" and fold(abbreviation)[-1:] != "T" else 0
        count = _initials(words[: len(words) - trailing], abbreviation)
        if count and _plausible(words[len(words) - trailing - count :]):
            expansion = before[tokens[len(tokens) - trailing - count].start() :].strip(' ,"“”')
            found.append((match.start(), abbreviation, " ".join(expansion.split())))
    for match in _BEFORE_RE.finditer(text):
        abbreviation, written = match.group("abbr"), match.group("words").strip()
        spelled = [t.group() for t in _WORD_RE.finditer(written)]
        if spelled and _initials(spelled, abbreviation) == len(spelled) and _plausible(spelled):
            found.append((match.start(), abbreviation, " ".join(written.split())))
    return [(abbreviation, expansion) for _, abbreviation, expansion in sorted(found)]


def _typed_abbreviation(token: str) -> bool:
    """Whether a word of a question can be an abbreviation: upper case, or a lower-case non-syllable."""
    if sum(c.isupper() for c in token) >= 2:
        return True
    return token.islower() and len(token) >= 3 and not _SYLLABLE_RE.fullmatch(token)


def expand_query(question: str, glossary: Mapping[str, tuple[str, int]]) -> str:
    """`question` with the expansion of each defined abbreviation it uses appended, for retrieval."""
    by_key = {fold(abbreviation): expansion for abbreviation, (expansion, _) in glossary.items()}
    folded_question = fold(question)
    additions: list[str] = []
    for token in re.findall(r"[^\W\d_][^\W\d_&]*(?:&[^\W\d_]+)*", question):
        expansion = by_key.get(fold(token))
        if (
            expansion
            and _typed_abbreviation(token)
            and fold(expansion) not in folded_question
            and expansion not in additions
        ):
            additions.append(expansion)
    if not additions:
        return question
    return f"{question} ({'; '.join(additions)})"


def usual_expansions(definitions: Iterable[tuple[str, str]]) -> dict[str, tuple[str, int]]:
    """Abbreviation -> (its most usual expansion, how many times it is defined), from (abbreviation, expansion)."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for abbreviation, expansion in definitions:
        spellings[abbreviation][expansion] += 1
    glossary = {}
    for abbreviation, counts in sorted(spellings.items()):
        # "cụm công nghiệp" and "Cụm công nghiệp" are one expansion: counted together, the usual one shown
        folded: Counter[str] = Counter()
        for expansion, n in counts.items():
            folded[fold(expansion)] += n
        top = folded.most_common(1)[0][0]
        shown = max((e for e in counts if fold(e) == top), key=lambda e: (counts[e], e.islower()))
        glossary[abbreviation] = (shown, sum(counts.values()))
    return glossary
