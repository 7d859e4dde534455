"""The issuing body named after a cited number ("của UBND tỉnh Lào Cai ban hành ..." -> "UBND tỉnh Lào Cai"): where
a name of a body ends, read word by word."""

from __future__ import annotations

import re

from index.vocabulary import CITED_TYPES, fold

# Names of bodies capitalise their first word only ("Cục Hóa chất", "Công ty cổ phần Xây dựng giao thông Yên
# Bái"): lower-case words continue a name, up to a few in a row, until a word that opens what the body did
# ("của Chính phủ quy định ...", "của UBND tỉnh ban hành ...") or the next part of the sentence.
_BODY_STOPS = frozenset(
    "ngày tại quy phê hướng sửa bãi giao cấp thực triển đã được theo để có là này trên đối cho với gửi "
    "kèm như đến số xác nhận đề yêu ký trình hoặc do của năm tháng thì mà khi nếu sau trước từ trong qua "
    "bằng vào các những một nêu tham báo quyết chấp kết".split()
)
_BODY_STOP_PAIRS = frozenset(
    {("ban", "hành"), ("thành", "lập"), ("chỉ", "đạo"), ("công", "bố"), ("tổ", "chức"), ("thông", "báo")}
)

# ... and a few that open a description even when capitalised: "của Chính phủ Quy định chi tiết ..."
_CAPITAL_STOP_PAIRS = frozenset(
    {("quy", "định"), ("ban", "hành"), ("phê", "duyệt"), ("hướng", "dẫn"), ("sửa", "đổi"), ("về", "việc")}
)

# stop words opening a part of a name: "Sở Giao thông vận tải", "Công ty Xây dựng giao thông ..."
_BODY_NAME_PAIRS = frozenset({("giao", "thông")})

# lower-case words that are always part of a name, however many: "Ủy ban nhân dân tỉnh"
_BODY_WORDS = frozenset("tỉnh thành phố huyện xã quận phường thị trấn ban nhân dân ủy uỷ".split())
_BODY_LOWER_RUN = 3
_BODY_MAX_WORDS = 12
# the types a body's name may run into: "... của Quốc hội và Nghị quyết số ..."
_TYPE_KEYS = tuple(fold(name) for name in CITED_TYPES)


def body_after(text: str, start: int) -> tuple[str | None, int]:
    """The issuing body named from `start` ("UBND tỉnh Lào Cai ban hành ..." -> "UBND tỉnh Lào Cai")."""
    tokens = list(re.finditer(r"[^\W_]+|&", text[start : start + 200]))
    kept: list[re.Match[str]] = []
    lower_run = 0
    for i, token in enumerate(tokens):
        word = token.group()
        following = tokens[i + 1].group() if i + 1 < len(tokens) else ""
        if kept:
            gap = text[start + kept[-1].end() : start + token.start()]
            # "Cục Hóa chất - Bộ Công Thương" is one body; any other punctuation ends it
            if not re.fullmatch(r"[ \t]*\n?[ \t]*", gap) and not (gap.strip() == "-" and word[0].isupper()):
                break
        if kept and word.isupper() and len(word) > 1 and word.lower() in _BODY_STOPS:
            break  # a title in capitals: "CỦA CHÍNH PHỦ QUY ĐỊNH VỀ ..."
        if kept and (word.lower(), following.lower()) in _CAPITAL_STOP_PAIRS:
            break
        if word[0].isupper() and not word.isdigit() or word == "&":
            lower_run = 0
        elif (
            not kept
            or word.isdigit()
            or word in _BODY_STOPS
            and (word, following) not in _BODY_NAME_PAIRS
            or (word, following) in _BODY_STOP_PAIRS
            or word == "và"
            and (not following[:1].isupper() or _opens_type(tokens[i + 1 : i + 3]))
            or word == "về"
            and not _is_acronym(following)
        ):
            break
        elif word not in _BODY_WORDS:
            lower_run += 1
            if lower_run > _BODY_LOWER_RUN:
                break
        kept.append(token)
        if len(kept) >= _BODY_MAX_WORDS:
            break
    while kept and kept[-1].group() in ("và", "&"):
        kept.pop()
    if not kept:
        return None, start
    body = text[start + kept[0].start() : start + kept[-1].end()]
    return " ".join(body.split()), start + kept[-1].end()


def _is_acronym(word: str) -> bool:
    """ "TTXH", "QLHC": "Phòng Cảnh sát QLHC về TTXH" is one body, "về" there no description."""
    return len(word) >= 2 and word.isupper()


def _opens_type(tokens: list[re.Match[str]]) -> bool:
    """Whether the words open a document type: "... của Quốc hội và Nghị quyết số ..." names no more body."""
    phrase = fold(" ".join(t.group() for t in tokens)) + " "
    return any(phrase.startswith(f"{folded} ") for folded in _TYPE_KEYS)
