"""The answer and feedback log, and the script that reads it back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from assistant.answers import Answer
from assistant.citations import Citation
from assistant.metadata_filters import Filters
from assistant.web.feedback import Asker, FeedbackLog
from tests.conftest import load_script

CITATION = Citation("bao-cao/BC 45.pdf", "Báo cáo số 45/BC-SCT", "tr. 2", "bao-cao/BC 45.pdf#3")
ANSWER = Answer("Kim ngạch xuất khẩu?", "Đạt 318,4 triệu USD [1].", (CITATION,))
WEB = Asker("web", "phien-1", "lan")


@pytest.fixture
def log(tmp_path: Path) -> FeedbackLog:
    return FeedbackLog(tmp_path / "feedback.sqlite")


def test_an_answer_is_stored_with_what_it_cited_and_its_filters(log: FeedbackLog) -> None:
    answer_id = log.log_answer(
        ANSWER, "Đạt 318,4 triệu USD [1].\n\nNguồn:\n[1] ...", WEB, Filters(issuer="Lào Cai"), 12.5, 80.0
    )
    row = (
        sqlite3.connect(log.path)
        .execute(
            "SELECT channel, session, username, question, filters, citations, abstained, first_token_ms, total_ms"
            " FROM answers WHERE id = ?",
            (answer_id,),
        )
        .fetchone()
    )
    assert row[:4] == ("web", "phien-1", "lan", "Kim ngạch xuất khẩu?")
    assert json.loads(row[4]) == {"issuer": "Lào Cai"}
    assert json.loads(row[5]) == [
        {
            "label": "Báo cáo số 45/BC-SCT",
            "pages": "tr. 2",
            "doc_path": "bao-cao/BC 45.pdf",
            "chunk_id": "bao-cao/BC 45.pdf#3",
        }
    ]
    assert row[6:] == (0, 12.5, 80.0)


def test_ratings_and_comments_are_reviewed_newest_first(log: FeedbackLog) -> None:
    first = log.log_answer(ANSWER, "một", WEB)
    second = log.log_answer(ANSWER, "hai", Asker("api"))
    feedback_id = log.rate(first, -1, WEB)
    log.comment(feedback_id, "  Thiếu nguồn quý II  ")
    log.rate(first, 1, WEB)  # changed their mind: the latest rating counts
    log.rate(second, None, WEB, "Chỉ góp ý")
    rows = log.review()
    assert [(r.answer_id, r.rating, r.comments, r.channel) for r in rows] == [
        (second, None, ("Chỉ góp ý",), "api"),
        (first, 1, ("Thiếu nguồn quý II",), "web"),
    ]
    assert log.counts() == {"answers": 2, "up": 1, "down": 1, "comments": 2}
    assert [r.answer_id for r in log.review(only_rated=True)] == [second, first]
    log.log_answer(ANSWER, "ba", WEB)
    assert len(log.review(only_rated=True)) == 2 and len(log.review()) == 3


def test_feedback_must_name_a_real_answer_and_a_real_rating(log: FeedbackLog) -> None:
    answer_id = log.log_answer(ANSWER, "một", WEB)
    with pytest.raises(LookupError):
        log.rate(answer_id + 1, 1, WEB)
    with pytest.raises(ValueError):
        log.rate(answer_id, 5, WEB)


def test_the_report_script_prints_the_review(log: FeedbackLog, capsys: pytest.CaptureFixture[str]) -> None:
    answer_id = log.log_answer(ANSWER, "Đạt 318,4 triệu USD [1].", WEB)
    log.rate(answer_id, -1, WEB, "Sai quý")
    script = load_script("feedback_report")
    assert script.main(["--db", str(log.path)]) == 0
    out = capsys.readouterr().out
    assert "1 câu trả lời; 👍 0, 👎 1, 1 góp ý." in out
    assert f"#{answer_id}" in out and "Hỏi: Kim ngạch xuất khẩu?" in out and "Góp ý: Sai quý" in out
    assert script.main(["--db", str(log.path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["answers"][0]["comments"] == ["Sai quý"]
    assert script.main(["--db", str(log.path.parent / "khong-co.sqlite")]) == 1
