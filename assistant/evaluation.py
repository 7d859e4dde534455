"""`python -m assistant eval`: the contract of eval/FORMAT.md — build or update the index, ask every case as a chat
user would (with its history), and score retrieval, answers, citations and abstention, overall and by tag."""

from __future__ import annotations

import json
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.chain import Assistant, passage_evidence
from assistant.settings import Settings
from assistant.verify import numbers_supported
from index.embedding import NamedEmbeddings

if TYPE_CHECKING:
    from assistant.lexical import LexicalIndex
    from index.index import Index

RANK_CUTOFFS = (1, 5, 10)


def load_cases(path: Path) -> list[dict[str, Any]]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as error:
            msg = f"{path}:{n}: dòng không phải JSON hợp lệ ({error.msg})"
            raise ValueError(msg) from None
        case.setdefault("history", [])
        case.setdefault("answer_contains", [])
        case.setdefault("sources", [])
        case.setdefault("tags", [])
        case.setdefault("answerable", True)
        cases.append(case)
    return cases


def _match_form(text: str) -> str:
    """NFC, case-folded, whitespace collapsed: how answer_contains is matched."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def answer_passes(answer: str, groups: list[list[str]]) -> bool:
    text = _match_form(answer)
    return all(any(_match_form(alt) in text for alt in group) for group in groups)


def run_evaluation(
    questions: Path, archive: Path, settings: Settings, baseline: bool = False, embedder: NamedEmbeddings | None = None
) -> dict[str, Any]:
    """Bring the index in line with `archive` (timed), ask every case, score; with `baseline`, the LangChain recipe
    on the same cases too. `embedder` stands in for the configured model."""
    from assistant.factory import make_runtime, open_index

    cases = load_cases(questions)
    with make_runtime(settings, embedder) as runtime, open_index(settings, runtime.embedder) as index:
        started = time.monotonic()
        index.ingest(archive)
        index_build_s = time.monotonic() - started
        assistant = runtime.assistant(index.snapshot())
        report = build_report(cases, ask_all(assistant, cases), index_build_s)
        if baseline:
            report["baseline"] = run_baseline(cases, archive, settings, index, assistant)
    return report


def ask_all(assistant: Assistant, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every case put to the assistant as a chat user would, with its history; one warm-up question first."""
    from assistant.chain import render

    assistant.ask("khởi động")  # model load and caches are not a question's latency
    results = []
    for case in cases:
        t0 = time.perf_counter()
        answer = assistant.ask(case["question"], history=case["history"])
        latency_ms = (time.perf_counter() - t0) * 1000
        results.append(score_case(case, answer, render(answer), latency_ms))
    return results


def run_baseline(
    cases: list[dict[str, Any]], archive: Path, settings: Settings, index: Index[LexicalIndex], ours: Assistant
) -> dict[str, Any]:
    """The plain LangChain recipe on the same cases, same embedder and Chroma, same answer step."""
    from assistant.baseline import BaselineRecipe, BaselineRetriever
    from assistant.factory import make_chroma_client

    collection = f"{settings.collection}_baseline"
    client = make_chroma_client(settings)
    try:
        recipe = BaselineRecipe(client, collection, index.embedder, index.cache)
        started = time.monotonic()
        recipe.build(archive, index.options.ocr, index.options.max_pages)
        build_s = time.monotonic() - started
        retriever = BaselineRetriever(recipe, index.snapshot().catalog)
        assistant = Assistant(retriever, ours.backend, ours.rewriter, k=4, judge=ours.judge)
        return build_report(cases, ask_all(assistant, cases), build_s)
    finally:
        client.close()


def score_case(case: dict[str, Any], answer: Any, shown: str, latency_ms: float) -> dict[str, Any]:
    retrieved = list(dict.fromkeys(p.doc_path for p in answer.passages))
    cited = answer.cited_files
    sources = set(case["sources"])
    hit_rank = next((i for i, path in enumerate(retrieved, start=1) if path in sources), None)
    given = set(retrieved)
    cited_ids = {i for c in answer.citations for i in (c.chunk_ids or (c.chunk_id,))}
    cited_text = "\n".join(passage_evidence(p) for p in answer.passages if p.chunk.chunk_id in cited_ids)
    valid = set(cited) <= given and numbers_supported(answer.text if not answer.abstained else "", cited_text)
    return {
        "id": case["id"],
        "question": case["question"],
        "rewritten": answer.rewritten,
        "retrieved": retrieved,
        "cited": cited,
        "answer": shown,
        "abstained": answer.abstained,
        "declined_because": answer.declined,
        "latency_ms": round(latency_ms, 1),
        "hit_rank": hit_rank,
        "answer_ok": answer_passes(shown, case["answer_contains"]) if case["answer_contains"] else None,
        "citation_ok": bool(set(cited) & sources) if case["answerable"] else None,
        "citation_valid": valid,
    }


def _figures(cases: list[dict[str, Any]], results: list[dict[str, Any]]) -> dict[str, Any]:
    answerable = [(c, r) for c, r in zip(cases, results, strict=True) if c["answerable"]]
    with_text = [(c, r) for c, r in answerable if c["answer_contains"]]
    unanswerable = [(c, r) for c, r in zip(cases, results, strict=True) if not c["answerable"]]
    figures: dict[str, Any] = {"n": len(cases)}
    for k in RANK_CUTOFFS:
        figures[f"hit@{k}"] = _mean(r["hit_rank"] is not None and r["hit_rank"] <= k for _, r in answerable)
    figures["mrr@10"] = _mean(
        (1.0 / r["hit_rank"]) if r["hit_rank"] and r["hit_rank"] <= 10 else 0.0 for _, r in answerable
    )
    figures["answer_accuracy"] = _mean(bool(r["answer_ok"]) for _, r in with_text)
    figures["citation_accuracy"] = _mean(bool(r["citation_ok"]) for _, r in answerable)
    figures["citation_validity"] = _mean(r["citation_valid"] for r in results)
    figures["abstention_accuracy"] = _mean(r["abstained"] and not r["cited"] for _, r in unanswerable)
    figures["false_abstention"] = _mean(r["abstained"] for _, r in answerable)
    # which test declined the answerable questions: an aggregate that says where false declines come from
    # without reading a single case (a report half's failures stay unread)
    reasons = Counter(str(r.get("declined_because")) for _, r in answerable if r["abstained"])
    figures["false_abstention_reasons"] = dict(sorted(reasons.items()))
    return figures


def build_report(cases: list[dict[str, Any]], results: list[dict[str, Any]], index_build_s: float) -> dict[str, Any]:
    metrics = _figures(cases, results)
    n = metrics.pop("n")
    latencies = [r["latency_ms"] for r in results] or [0.0]
    metrics["latency_ms_p50"] = round(float(np.percentile(latencies, 50)), 1)
    metrics["latency_ms_p95"] = round(float(np.percentile(latencies, 95)), 1)
    metrics["index_build_s"] = round(index_build_s, 1)
    by_tag: dict[str, Any] = {}
    for tag in sorted({t for c in cases for t in c["tags"]}):
        picked = [(c, r) for c, r in zip(cases, results, strict=True) if tag in c["tags"]]
        by_tag[tag] = _figures([c for c, _ in picked], [r for _, r in picked])
    return {"n": n, "metrics": metrics, "by_tag": by_tag, "results": results}


def _mean(values: Iterable[bool | float]) -> float:
    items = [float(v) for v in values]
    return round(sum(items) / len(items), 4) if items else 0.0


def format_report(report: dict[str, Any]) -> str:
    text = _format_figures(report)
    if "baseline" in report:
        text += "\n\nBaseline (LangChain recipe: RecursiveCharacterTextSplitter 1000/200, dense top-4):\n"
        text += _format_figures(report["baseline"])
    return text


def _format_figures(report: dict[str, Any]) -> str:
    m = report["metrics"]
    lines = [
        f"n={report['n']}  hit@1={m['hit@1']:.2f} hit@5={m['hit@5']:.2f} hit@10={m['hit@10']:.2f} "
        f"mrr@10={m['mrr@10']:.3f}",
        f"answer_accuracy={m['answer_accuracy']:.2f} citation_accuracy={m['citation_accuracy']:.2f} "
        f"citation_validity={m['citation_validity']:.2f}",
        f"abstention_accuracy={m['abstention_accuracy']:.2f} false_abstention={m['false_abstention']:.2f} "
        f"latency p50={m['latency_ms_p50']:.0f} ms p95={m['latency_ms_p95']:.0f} ms "
        f"index_build={m['index_build_s']:.0f} s",
        "declined answerable, by the test that declined: "
        + (", ".join(f"{k} {v}" for k, v in m["false_abstention_reasons"].items()) or "none"),
        "",
        f"{'tag':<16}{'n':>4}{'hit@5':>8}{'mrr@10':>8}{'answer':>8}{'cite':>7}{'abst':>7}",
    ]
    for tag, f in report["by_tag"].items():
        lines.append(
            f"{tag:<16}{f['n']:>4}{f['hit@5']:>8.2f}{f['mrr@10']:>8.2f}{f['answer_accuracy']:>8.2f}"
            f"{f['citation_accuracy']:>7.2f}{f['abstention_accuracy']:>7.2f}"
        )
    return "\n".join(lines)
