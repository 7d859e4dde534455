"""The conversation store over a real SQLite file: what is kept, in which order, for whom, and within which limits."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.web import conversations
from assistant.web.chat import Turn
from assistant.web.conversations import (
    MAX_TITLE_CHARS,
    BadTitle,
    ConversationNotFound,
    ConversationStore,
    title_from_question,
)

LAN = "user:lan"
HUNG = "user:hung"
QUESTION = "Kim ngạch xuất khẩu quý I đạt bao nhiêu?"


def turn(n: int, question: str = QUESTION) -> Turn:
    """An answered turn as chat.py makes it (message_index is where the live chat drew it: not stored)."""
    return Turn(question, f"đáp {n}", f"đáp {n}\n\nNguồn:\n[1] ...", 100 + n, 99, f"<div class='tl-answer'>{n}</div>")


@pytest.fixture
def store(tmp_path: Path) -> ConversationStore:
    return ConversationStore(tmp_path / "conversations.sqlite")


def test_turns_come_back_in_order_ready_to_redraw(store: ConversationStore) -> None:
    conversation = store.create(LAN, QUESTION)
    assert store.append(LAN, conversation.id, [turn(1), turn(2, "Còn nhập khẩu thì sao?")]) == 2
    assert store.turns(LAN, conversation.id) == [
        Turn(QUESTION, "đáp 1", "đáp 1\n\nNguồn:\n[1] ...", 101, 1, "<div class='tl-answer'>1</div>"),
        Turn("Còn nhập khẩu thì sao?", "đáp 2", "đáp 2\n\nNguồn:\n[1] ...", 102, 3, "<div class='tl-answer'>2</div>"),
    ]


def test_saving_the_whole_list_again_adds_only_the_new_turns(store: ConversationStore) -> None:
    conversation = store.create(LAN, QUESTION)
    store.append(LAN, conversation.id, [turn(1)])
    assert store.append(LAN, conversation.id, [turn(1), turn(2)]) == 1
    assert store.append(LAN, conversation.id, [turn(1), turn(2)]) == 0
    assert [t.answer_id for t in store.turns(LAN, conversation.id)] == [101, 102]


def test_the_conversation_holding_a_pages_answers_is_found_for_its_owner_only(store: ConversationStore) -> None:
    first = store.create(LAN, QUESTION)
    store.append(LAN, first.id, [turn(1), turn(2)])
    second = store.create(LAN, "Câu khác")
    store.append(LAN, second.id, [turn(5)])
    assert store.holding(LAN, [101, 102, 103]) == store.get(LAN, first.id)
    assert store.holding(LAN, [105]) == store.get(LAN, second.id)
    assert store.holding(LAN, [103]) is None and store.holding(LAN, []) is None
    assert store.holding(HUNG, [101, 102]) is None


def test_the_list_is_the_owners_most_recently_used_first(store: ConversationStore) -> None:
    first = store.create(LAN, "Câu thứ nhất")
    second = store.create(LAN, "Câu thứ hai")
    store.create(HUNG, "Câu của Hùng")
    assert [c.title for c in store.owned_by(LAN)] == ["Câu thứ hai", "Câu thứ nhất"]
    store.append(LAN, first.id, [turn(1)])  # a new answer brings it back to the top
    assert [c.id for c in store.owned_by(LAN)] == [first.id, second.id]
    assert [c.title for c in store.owned_by(HUNG)] == ["Câu của Hùng"]
    assert store.owned_by("browser:AAAAAAAAAAAAAAAAAAAAAAAA") == []


def test_another_owner_can_neither_read_nor_change_a_conversation(store: ConversationStore) -> None:
    conversation = store.create(LAN, QUESTION)
    store.append(LAN, conversation.id, [turn(1)])
    for attempt in (
        lambda: store.get(HUNG, conversation.id),
        lambda: store.turns(HUNG, conversation.id),
        lambda: store.append(HUNG, conversation.id, [turn(2)]),
        lambda: store.rename(HUNG, conversation.id, "Của tôi"),
        lambda: store.delete(HUNG, conversation.id),
    ):
        with pytest.raises(ConversationNotFound, match="Không tìm thấy cuộc hội thoại"):
            attempt()
    assert store.get(LAN, conversation.id).title == QUESTION
    assert [t.answer_id for t in store.turns(LAN, conversation.id)] == [101]


def test_rename_takes_a_trimmed_name_and_refuses_an_empty_or_long_one(store: ConversationStore) -> None:
    conversation = store.create(LAN, QUESTION)
    assert store.rename(LAN, conversation.id, "  Xuất khẩu\n quý I  ").title == "Xuất khẩu quý I"
    with pytest.raises(BadTitle, match="đang để trống"):
        store.rename(LAN, conversation.id, "   ")
    with pytest.raises(BadTitle, match=f"dài {MAX_TITLE_CHARS + 1} ký tự, quá giới hạn {MAX_TITLE_CHARS} ký tự"):
        store.rename(LAN, conversation.id, "x" * (MAX_TITLE_CHARS + 1))
    assert store.get(LAN, conversation.id).title == "Xuất khẩu quý I"  # a refused name changes nothing


def test_the_default_title_is_the_first_question_cut_at_a_word() -> None:
    assert title_from_question("  Ai ký\nKế hoạch 112/KH-SCT?  ") == "Ai ký Kế hoạch 112/KH-SCT?"
    long = "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng " * 3
    title = title_from_question(long)
    assert len(title) <= MAX_TITLE_CHARS and title.endswith("…")
    assert long.startswith(title[:-1]) and long[len(title) - 1] == " "  # cut before a space, not inside a word
    assert title_from_question("   ") == "Cuộc hội thoại"


def test_delete_removes_the_conversation_and_its_turns(store: ConversationStore) -> None:
    kept = store.create(LAN, "Giữ lại")
    store.append(LAN, kept.id, [turn(1)])
    gone = store.create(LAN, QUESTION)
    store.append(LAN, gone.id, [turn(2), turn(3)])
    store.delete(LAN, gone.id)
    assert [c.id for c in store.owned_by(LAN)] == [kept.id]
    with pytest.raises(ConversationNotFound):
        store.turns(LAN, gone.id)
    db = sqlite3.connect(store.path)
    assert db.execute("SELECT conversation_id, answer_id FROM turns").fetchall() == [(kept.id, 101)]


def test_everything_survives_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "data" / "conversations.sqlite"
    store = ConversationStore(path)
    conversation = store.create(LAN, QUESTION)
    store.append(LAN, conversation.id, [turn(1)])
    store.rename(LAN, conversation.id, "Xuất khẩu")
    store.close()
    reopened = ConversationStore(path)
    assert [(c.id, c.title) for c in reopened.owned_by(LAN)] == [(conversation.id, "Xuất khẩu")]
    assert reopened.turns(LAN, conversation.id)[0].html == "<div class='tl-answer'>1</div>"


def test_an_owner_keeps_only_the_most_recent_conversations(
    store: ConversationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conversations, "MAX_CONVERSATIONS", 2)
    oldest = store.create(LAN, "một")
    store.append(LAN, oldest.id, [turn(1)])
    store.create(LAN, "hai")
    store.create(HUNG, "của Hùng")
    store.create(LAN, "ba")
    assert [c.title for c in store.owned_by(LAN)] == ["ba", "hai"]
    assert [c.title for c in store.owned_by(HUNG)] == ["của Hùng"]  # the limit is per owner
    assert sqlite3.connect(store.path).execute("SELECT COUNT(*) FROM turns").fetchone() == (0,)  # its turns too


def test_a_conversation_keeps_only_its_latest_turns(store: ConversationStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conversations, "MAX_TURNS", 2)
    conversation = store.create(LAN, QUESTION)
    store.append(LAN, conversation.id, [turn(1), turn(2), turn(3)])
    assert [(t.answer_id, t.message_index) for t in store.turns(LAN, conversation.id)] == [(102, 1), (103, 3)]
    # the page still holds every turn: saving them all again must not bring a dropped one back, out of order
    store.append(LAN, conversation.id, [turn(1), turn(2), turn(3), turn(4)])
    assert [t.answer_id for t in store.turns(LAN, conversation.id)] == [103, 104]


@pytest.mark.parametrize("owner", ["", "lan", "../../etc/passwd", "user:", "browser:"])
def test_an_owner_without_its_kind_is_a_bug_not_a_shared_bucket(store: ConversationStore, owner: str) -> None:
    with pytest.raises(ValueError, match="owner must be"):
        store.create(owner, QUESTION)
