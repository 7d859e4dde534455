"""The chat's first-screen examples are questions the demo archive answers: a click never ends in an abstention."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.web.chat import ChatHandlers
from assistant.web.chat_tab import EXAMPLES
from assistant.web.feedback import FeedbackLog
from assistant.web.filters import ANY

REQUEST = SimpleNamespace(session_hash="phien-vd", username=None)
# What each example's answer must say: the figure the demo's text gives (scripts/demo_archive/*.toml).
EXPECTED = {
    "Kim ngạch xuất khẩu quý I đạt bao nhiêu?": "318,4 triệu USD",
    "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng đạt bao nhiêu?": "9.215,7 tỷ đồng",
    "Toàn tỉnh có bao nhiêu cụm công nghiệp?": "9 cụm công nghiệp",
}


@pytest.fixture(scope="module")
def handlers(web_index, tmp_path_factory: pytest.TempPathFactory) -> ChatHandlers:
    feedback = FeedbackLog(Path(tmp_path_factory.mktemp("vd")) / "feedback.sqlite")
    return ChatHandlers(web_index.context(), feedback)


def test_every_example_has_its_expected_figure() -> None:
    assert set(EXAMPLES) == set(EXPECTED)


@pytest.mark.parametrize("question", EXAMPLES)
def test_each_first_screen_example_is_answered_with_a_source(handlers: ChatHandlers, question: str) -> None:
    *_, (_, _, _, copied) = handlers.respond(question, [], [], ANY, ANY, "", "", REQUEST)
    direct = copied.splitlines()[0]
    assert not copied.startswith("Không tìm thấy")
    assert EXPECTED[question] in direct  # the figure asked for, in the direct sentence, not only somewhere in a quote
    assert "\nNguồn:\n[1] " in copied
