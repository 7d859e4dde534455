"""The conversation panel's handlers without a browser: whose conversations a page reaches, saving, reopening,
renaming and deleting."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.web.chat import Turn
from assistant.web.conversation_panel import BROWSER_ID, ConversationHandlers, new_browser_id, owner_of
from assistant.web.conversations import MAX_TITLE_CHARS, ConversationStore

BROWSER = new_browser_id()
OTHER_BROWSER = new_browser_id()
OPEN = SimpleNamespace(username=None)  # a request in open mode
LAN = SimpleNamespace(username="lan")
QUESTION = "Kim ngạch xuất khẩu quý I đạt bao nhiêu?"
TURNS = [
    Turn(QUESTION, "Đạt 318,4 triệu USD [1].", "Đạt 318,4 triệu USD [1].\n\nNguồn:\n[1] ...", 7, 1, "<p>318,4</p>"),
    Turn("Còn nhập khẩu?", "Đạt 276,5 triệu USD [1].", "Đạt 276,5 ...", 8, 5, "<p>276,5</p>"),  # a timeout between
]


@pytest.fixture
def handlers(tmp_path: Path) -> ConversationHandlers:
    return ConversationHandlers(ConversationStore(tmp_path / "conversations.sqlite"))


def choices(picker: dict) -> list[tuple[str, int]]:
    return [(label.split(" · ")[0], value) for label, value in picker["choices"]]


def test_the_owner_is_the_signed_in_name_else_a_well_formed_browser_id() -> None:
    assert BROWSER_ID.fullmatch(BROWSER) and BROWSER != OTHER_BROWSER
    assert owner_of(LAN, BROWSER) == "user:lan"  # signed in: the browser's id is not even read
    assert owner_of(OPEN, BROWSER) == f"browser:{BROWSER}"
    for forged in (None, "", "ngắn", "../../data/conversations", "a" * 200, 12345, {"id": BROWSER}):
        assert owner_of(OPEN, forged) is None


def test_a_first_visit_in_open_mode_gets_a_browser_id_and_an_empty_chat(handlers: ConversationHandlers) -> None:
    browser_id, current, picker, title, chat, turns, last_copy, *_ = handlers.restore(None, None, OPEN)
    assert BROWSER_ID.fullmatch(browser_id)
    assert (current, picker["choices"], title, chat, turns, last_copy) == (None, [], "", [], [], "")
    assert handlers.restore(BROWSER, None, OPEN)[0] == BROWSER  # a known browser keeps its id
    assert handlers.restore("../x", None, OPEN)[0] != "../x"


def test_an_answer_is_saved_and_a_reload_redraws_it(handlers: ConversationHandlers) -> None:
    current, picker, title = handlers.save(BROWSER, TURNS[:1], OPEN)
    assert title == QUESTION and choices(picker) == [(QUESTION, current)] and picker["value"] == current
    assert handlers.save(BROWSER, TURNS, OPEN)[0] == current  # the follow-up joins the same conversation

    _, again, picker, title, chat, turns, last_copy, copy_box, comment_row = handlers.restore(BROWSER, current, OPEN)
    assert (again, title, last_copy) == (current, QUESTION, TURNS[1].copy)
    assert chat == [
        {"role": "user", "content": "Kim ngạch xuất khẩu quý I đạt bao nhiêu?"},
        {"role": "assistant", "content": "<p>318,4</p>"},
        {"role": "user", "content": "Còn nhập khẩu?"},
        {"role": "assistant", "content": "<p>276,5</p>"},
    ]
    assert [t.message_index for t in turns] == [1, 3]  # renumbered for the redrawn chat (👍/👎 find their turn)
    assert [t.answer for t in turns] == [t.answer for t in TURNS]  # what a follow-up question is read against
    assert copy_box["visible"] is False and comment_row["visible"] is False


def test_a_question_with_markup_is_redrawn_escaped(handlers: ConversationHandlers) -> None:
    turn = Turn("<img src=x onerror=alert(1)>?", "không", "không", 9, 1, "<p>không</p>")
    current, *_ = handlers.save(BROWSER, [turn], OPEN)
    chat = handlers.open(current, BROWSER, OPEN)[3]
    assert chat[0]["content"] == "&lt;img src=x onerror=alert(1)&gt;?"


def test_no_page_reaches_another_owners_conversation(handlers: ConversationHandlers) -> None:
    mine, *_ = handlers.save(BROWSER, TURNS, OPEN)
    for browser_id, request in ((OTHER_BROWSER, OPEN), (BROWSER, LAN), ("forged", OPEN)):
        current, picker, title, chat, turns, *_ = handlers.open(mine, browser_id, request)
        assert (current, picker["choices"], title, chat, turns) == (None, [], "", [], [])
        with pytest.warns(UserWarning, match="Không tìm thấy cuộc hội thoại|Chưa mở cuộc hội thoại"):
            handlers.rename(browser_id, mine, "Của tôi", request)
        with pytest.warns(UserWarning):
            handlers.ask_delete(browser_id, mine, request)
        if browser_id == "forged":  # no owner: nothing to delete, nothing saved
            continue
        with pytest.warns(UserWarning, match="Không tìm thấy cuộc hội thoại"):
            handlers.delete(browser_id, mine, request)
        # the same turns sent by another owner's page go into a conversation of its own, never into mine
        theirs, *_ = handlers.save(browser_id, TURNS, request)
        assert theirs != mine
    assert handlers.open(mine, BROWSER, OPEN)[2] == QUESTION  # untouched
    assert len(handlers.store.turns(f"browser:{BROWSER}", mine)) == 2


def test_rename_shows_the_new_name_and_explains_a_refusal(handlers: ConversationHandlers) -> None:
    current, *_ = handlers.save(BROWSER, TURNS[:1], OPEN)
    _, picker, title = handlers.rename(BROWSER, current, "  Xuất khẩu quý I ", OPEN)
    assert title == "Xuất khẩu quý I" and choices(picker) == [("Xuất khẩu quý I", current)]
    with pytest.warns(UserWarning, match="Tên cuộc hội thoại đang để trống"):
        handlers.rename(BROWSER, current, " ", OPEN)
    with pytest.warns(UserWarning, match=f"quá giới hạn {MAX_TITLE_CHARS} ký tự"):
        handlers.rename(BROWSER, current, "x" * 200, OPEN)
    with pytest.warns(UserWarning, match="Chưa mở cuộc hội thoại nào"):
        handlers.rename(BROWSER, None, "Tên mới", OPEN)
    assert handlers.open(current, BROWSER, OPEN)[2] == "Xuất khẩu quý I"


def test_delete_asks_first_then_removes_exactly_the_named_conversation(handlers: ConversationHandlers) -> None:
    kept, *_ = handlers.save(BROWSER, TURNS[:1], OPEN)
    doomed, *_ = handlers.save(BROWSER, TURNS[1:], OPEN)
    pending, group, question = handlers.ask_delete(BROWSER, doomed, OPEN)
    assert (pending, group["visible"]) == (doomed, True) and "“Còn nhập khẩu?”" in question
    assert len(handlers.store.owned_by(f"browser:{BROWSER}")) == 2  # asking deletes nothing
    pending, group, current, picker, title, chat, turns, *_ = handlers.delete(BROWSER, doomed, OPEN)
    assert (pending, group["visible"], current, title, chat, turns) == (None, False, None, "", [], [])
    assert choices(picker) == [(QUESTION, kept)]


def test_a_save_into_a_conversation_deleted_meanwhile_starts_a_new_one(handlers: ConversationHandlers) -> None:
    first, *_ = handlers.save(BROWSER, TURNS[:1], OPEN)
    handlers.store.delete(f"browser:{BROWSER}", first)  # in another tab
    second, picker, title = handlers.save(BROWSER, TURNS, OPEN)
    assert second != first and title == QUESTION and choices(picker) == [(QUESTION, second)]
    assert [t.answer_id for t in handlers.store.turns(f"browser:{BROWSER}", second)] == [7, 8]


def test_an_answer_goes_to_the_conversation_it_was_asked_in(handlers: ConversationHandlers) -> None:
    asked_in, *_ = handlers.save(BROWSER, TURNS[:1], OPEN)
    other = Turn("Ai ký Kế hoạch 112/KH-SCT?", "Ông A.", "Ông A.", 20, 1, "<p>Ông A.</p>")
    switched_to, *_ = handlers.save(BROWSER, [other], OPEN)
    # the page switched to the other conversation while the follow-up streamed: its turns still say where it belongs
    current, picker, _ = handlers.save(BROWSER, TURNS, OPEN)
    assert current == asked_in and picker["value"] == asked_in
    assert [t.answer_id for t in handlers.store.turns(f"browser:{BROWSER}", asked_in)] == [7, 8]
    assert [t.answer_id for t in handlers.store.turns(f"browser:{BROWSER}", switched_to)] == [20]


def test_nothing_is_saved_for_a_page_without_an_owner(handlers: ConversationHandlers) -> None:
    handlers.save(None, TURNS, OPEN)
    handlers.save("../../forged", TURNS, OPEN)
    assert sqlite3.connect(handlers.store.path).execute("SELECT COUNT(*) FROM conversations").fetchone() == (0,)
