"""The chat's "Cuộc hội thoại" panel: past conversations to reopen, rename and delete, and saving after each answer.

Whose conversations: the signed-in user's; in open mode (no sign-in), this browser's, known by a random id kept in
its localStorage (gr.BrowserState). The id of the open conversation is kept there too, so a reload reopens it. Both
come from the page and are checked: the browser id against its pattern, the conversation id by the store against
the owner. The store is conversations.py; the chat components it redraws are chat_tab.py's.
"""

from __future__ import annotations

import html
import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import gradio as gr

from assistant.web.chat import Turn
from assistant.web.conversations import BadTitle, Conversation, ConversationNotFound, ConversationStore

log = logging.getLogger(__name__)

BROWSER_ID = re.compile(r"[A-Za-z0-9_-]{22,64}")  # what new_browser_id makes; anything else is replaced
# BrowserState encrypts what it keeps with a secret it sends to the page: it hides nothing from the browser's owner,
# and a random one (Gradio's default) changes at every restart, losing every browser's id. So a fixed one.
STATE_SECRET = "tro-ly-kho-bao-cao-hoi-thoai"
NOTHING_OPEN = "Chưa mở cuộc hội thoại nào: hãy hỏi một câu, hoặc chọn một cuộc trong danh sách."
EMPTY_LIST = "Chưa có cuộc hội thoại nào. Mỗi câu hỏi được lưu lại ở đây."
LIST_INFO = "Mới nhất ở trên; chọn để mở lại."


def new_browser_id() -> str:
    return secrets.token_urlsafe(18)


def owner_of(request: gr.Request | None, browser_id: Any) -> str | None:
    """Whose conversations: the signed-in name, else a well-formed browser id, else nobody (nothing is saved)."""
    name = getattr(request, "username", None)
    if name:
        return f"user:{name}"
    if isinstance(browser_id, str) and BROWSER_ID.fullmatch(browser_id):
        return f"browser:{browser_id}"
    return None


def redraw(turns: Sequence[Turn]) -> list[dict[str, str]]:
    """The chatbot's messages for stored turns, escaped as chat.py escapes a question."""
    messages = []
    for turn in turns:
        messages.append({"role": "user", "content": html.escape(turn.question)})
        messages.append({"role": "assistant", "content": turn.html})
    return messages


def _label(conversation: Conversation) -> str:
    day = datetime.fromisoformat(conversation.updated).astimezone()
    return f"{conversation.title} · {day:%d/%m/%Y}"


@dataclass
class ChatView:
    """The chat components a reopened conversation redraws (chat_tab.py's)."""

    chatbot: Any
    turns: Any
    last_copy: Any
    copy_box: Any
    comment_row: Any

    def outputs(self) -> list[Any]:
        return [self.chatbot, self.turns, self.last_copy, self.copy_box, self.comment_row]


class ConversationHandlers:
    """The panel's event handlers over a store (testable without a browser). Those that show a conversation return
    (current id, list, title box) followed by ChatView's outputs."""

    def __init__(self, store: ConversationStore) -> None:
        self.store = store

    def _listing(self, owner: str | None, current: Conversation | None) -> tuple[Any, Any, Any]:
        conversations = self.store.owned_by(owner) if owner else []
        picker = gr.update(
            choices=[(_label(c), c.id) for c in conversations],
            value=current.id if current else None,
            info=LIST_INFO if conversations else EMPTY_LIST,
        )
        return (current.id if current else None), picker, (current.title if current else "")

    def _show(self, owner: str | None, conversation_id: Any) -> tuple[Any, ...]:
        """The conversation drawn in the chat, or an empty chat when it is not the owner's (or gone)."""
        current: Conversation | None = None
        turns: list[Turn] = []
        if owner and isinstance(conversation_id, int):
            try:
                current = self.store.get(owner, conversation_id)
                turns = self.store.turns(owner, conversation_id)
            except ConversationNotFound:  # deleted meanwhile, or never this owner's: an empty chat
                current, turns = None, []
        last_copy = turns[-1].copy if turns else ""
        hidden = gr.update(visible=False)
        return (*self._listing(owner, current), redraw(turns), turns, last_copy, hidden, hidden)

    def restore(self, browser_id: Any, current: Any, request: gr.Request) -> tuple[Any, ...]:
        """On page load: a browser id for a new browser in open mode, then the conversation open before the reload."""
        if not getattr(request, "username", None) and owner_of(None, browser_id) is None:
            browser_id = new_browser_id()
        return (browser_id, *self._show(owner_of(request, browser_id), current))

    def open(self, picked: Any, browser_id: Any, request: gr.Request) -> tuple[Any, ...]:
        return self._show(owner_of(request, browser_id), picked)

    def start_new(self, browser_id: Any, request: gr.Request) -> tuple[Any, ...]:
        """'Cuộc hội thoại mới': an empty chat; the conversation is stored once its first question is answered."""
        return self._show(owner_of(request, browser_id), None)

    def save(self, browser_id: Any, turns: list[Turn], request: gr.Request) -> tuple[Any, Any, Any]:
        """After an answer: the turns into the conversation that holds the earlier ones, or into a new one named
        after the first question. Found by the turns, not by the page's open id: the page may have switched to
        another conversation while the answer streamed, and the answer belongs to the one it was asked in."""
        owner = owner_of(request, browser_id)
        if owner is None or not turns:
            return gr.skip(), gr.skip(), gr.skip()
        conversation = self.store.holding(owner, [turn.answer_id for turn in turns])
        if conversation is None:  # a new conversation (or its earlier turns were deleted meanwhile)
            conversation = self.store.create(owner, turns[0].question)
        self.store.append(owner, conversation.id, turns)
        return self._listing(owner, self.store.get(owner, conversation.id))

    def rename(self, browser_id: Any, current: Any, title: str, request: gr.Request) -> tuple[Any, Any, Any]:
        owner = owner_of(request, browser_id)
        if owner is None or not isinstance(current, int):
            gr.Warning(NOTHING_OPEN)
            return gr.skip(), gr.skip(), gr.skip()
        try:
            conversation = self.store.rename(owner, current, title)
        except (BadTitle, ConversationNotFound) as error:
            gr.Warning(str(error))
            return gr.skip(), gr.skip(), gr.skip()
        gr.Info(f"Đã đổi tên thành “{conversation.title}”.")
        return self._listing(owner, conversation)

    def ask_delete(self, browser_id: Any, current: Any, request: gr.Request) -> tuple[Any, Any, Any]:
        """Deleting, step one: (pending id, confirmation group, its text) naming the conversation to delete."""
        owner = owner_of(request, browser_id)
        try:
            if owner is None or not isinstance(current, int):
                raise ConversationNotFound(NOTHING_OPEN)
            conversation = self.store.get(owner, current)
        except ConversationNotFound as error:
            gr.Warning(str(error))
            return None, gr.update(visible=False), gr.skip()
        question = f"Xóa hẳn cuộc hội thoại “{conversation.title}”? Không khôi phục lại được."
        return conversation.id, gr.update(visible=True), question

    def delete(self, browser_id: Any, pending: Any, request: gr.Request) -> tuple[Any, ...]:
        """The confirmed deletion of the conversation ask_delete named; an empty chat after it, the group hidden."""
        owner = owner_of(request, browser_id)
        if owner and isinstance(pending, int):
            try:
                self.store.delete(owner, pending)
                gr.Info("Đã xóa cuộc hội thoại.")
            except ConversationNotFound as error:
                gr.Warning(str(error))
        return (None, gr.update(visible=False), *self._show(owner, None))


@dataclass
class ConversationPanel:
    """The panel's components, wired to its buttons and to the chat; `save_after` and `restore_on` add the events
    that belong to the chat's asking and to the page load."""

    handlers: ConversationHandlers
    chat: ChatView
    browser_id: Any
    current: Any
    picker: Any
    title: Any

    def shown(self) -> list[Any]:
        return [self.current, self.picker, self.title, *self.chat.outputs()]

    def save_after(self, *answered: Any) -> None:
        """Store the conversation each time one of these events (the chat's ways of asking) answers a question."""
        for event in answered:
            event.success(
                self.handlers.save,
                [self.browser_id, self.chat.turns],
                [self.current, self.picker, self.title],
                api_visibility="private",
                show_progress="hidden",
            )

    def restore_on(self, app: gr.Blocks) -> None:
        """On each page load: the list, and the conversation that was open before."""
        app.load(
            self.handlers.restore,
            [self.browser_id, self.current],
            [self.browser_id, *self.shown()],
            api_visibility="private",
            queue=False,
        )


def build_conversation_panel(store: ConversationStore, chat: ChatView, new: Any) -> ConversationPanel:
    """The panel, inside the caller's open column, wired to its own buttons, to `new` ('Cuộc hội thoại mới') and
    to the chatbot's 🗑 button (both start an empty conversation: nothing is deleted)."""
    handlers = ConversationHandlers(store)
    browser_id = gr.BrowserState(None, storage_key="tro-ly-trinh-duyet", secret=STATE_SECRET)
    current = gr.BrowserState(None, storage_key="tro-ly-hoi-thoai", secret=STATE_SECRET)
    pending = gr.State(None)  # the id the confirmation names, so that "Xóa hẳn" deletes exactly that one
    with gr.Accordion("Cuộc hội thoại", open=True, elem_id="tl-conversations"):
        picker = gr.Radio([], label="Đã lưu", info=EMPTY_LIST, elem_id="tl-conversation-list")
        title = gr.Textbox(label="Tên cuộc hội thoại đang mở", elem_id="tl-conversation-title", max_lines=1)
        with gr.Row():
            rename = gr.Button("Đổi tên", size="sm", elem_id="tl-rename")
            delete = gr.Button("Xóa", size="sm", variant="stop", elem_id="tl-delete")
        with gr.Group(visible=False) as confirm_group:
            confirm_text = gr.Markdown(elem_id="tl-confirm-question")
            with gr.Row():
                confirm = gr.Button("Xóa hẳn", size="sm", variant="stop", elem_id="tl-confirm")
                cancel = gr.Button("Không xóa", size="sm", elem_id="tl-cancel-delete")
    panel = ConversationPanel(handlers, chat, browser_id, current, picker, title)

    private: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
    listing = [current, picker, title]
    picker.input(handlers.open, [picker, browser_id], panel.shown(), **private)
    gr.on([new.click, chat.chatbot.clear], handlers.start_new, [browser_id], panel.shown(), **private)
    gr.on([rename.click, title.submit], handlers.rename, [browser_id, current, title], listing, **private)
    delete.click(handlers.ask_delete, [browser_id, current], [pending, confirm_group, confirm_text], **private)
    confirm.click(handlers.delete, [browser_id, pending], [pending, confirm_group, *panel.shown()], **private)
    cancel.click(lambda: (None, gr.update(visible=False)), None, [pending, confirm_group], **private)
    return panel
