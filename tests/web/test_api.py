"""The chat as an API: gradio_client against a live server on loopback, as the README shows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from gradio_client import Client

from tests.web.conftest import separate_data_dir

QUESTION = "Kim ngạch xuất khẩu quý I đạt bao nhiêu?"


@pytest.fixture(scope="module")
def api_app(live_app, web_index, tmp_path_factory: pytest.TempPathFactory):
    return live_app(settings=separate_data_dir(web_index, tmp_path_factory.mktemp("api-data")))


@pytest.fixture(scope="module")
def client(api_app) -> Client:
    return Client(api_app.url, verbose=False, download_files=False)


def test_chat_is_an_endpoint_with_the_ui_inputs(client: Client) -> None:
    api = client.view_api(print_info=False, return_format="dict")
    # the chat tab's own events (send, copy, like...) stay private: only /chat is the chat's API
    assert not any(
        name.startswith(("/respond", "/like", "/show_copy", "/send_comment")) for name in api["named_endpoints"]
    )
    names = [p["parameter_name"] for p in api["named_endpoints"]["/chat"]["parameters"]]
    assert names == ["message", "history", "issuer", "doc_type", "date_from", "date_to", "area"]


def test_an_area_keeps_the_answer_to_its_documents(client: Client) -> None:
    # the exports figure is in Báo cáo 45/BC-SCT, which is not of the industrial-clusters area
    text = client.predict(QUESTION, area="Khu, cụm công nghiệp", api_name="/chat")
    assert "318,4 triệu USD" not in text
    assert "45/BC-SCT" not in text


def test_predict_returns_the_answer_with_its_sources(client: Client, api_app) -> None:
    text = client.predict(QUESTION, api_name="/chat")
    answer, sources = text.split("\n\nNguồn:\n")
    assert "318,4 triệu USD" in answer
    assert sources.startswith("[1] Báo cáo số 45/BC-SCT ngày 04/4/2025 của Sở Công Thương tỉnh Vân Mộng, tr. ")
    logged = api_app.feedback.review(1)[0]
    assert (logged.channel, logged.question, logged.answer) == ("api", QUESTION, text)


def test_submit_streams_and_history_carries_the_topic(client: Client) -> None:
    history = [
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": "Kim ngạch xuất khẩu quý I ước đạt 318,4 triệu USD [1]."},
    ]
    job = client.submit("Còn nhập khẩu thì sao?", history, api_name="/chat")
    final = job.result(timeout=60)
    assert "276,5 triệu USD" in final and "Nguồn:" in final
    assert job.outputs()[-1] == final


def test_filters_apply(client: Client) -> None:
    emptied = client.predict(QUESTION, issuer="Hà Nội", api_name="/chat")
    assert emptied == "Không tìm thấy văn bản nào khớp bộ lọc (Cơ quan ban hành: Hà Nội)."
    assert "45/BC-SCT" in client.predict(QUESTION, doc_type="Báo cáo", date_from="4/2025", api_name="/chat")


def test_bad_input_is_an_error_with_a_reason(client: Client) -> None:
    with pytest.raises(Exception, match="không hợp lệ"):
        client.predict(QUESTION, date_from="hôm qua", api_name="/chat")
    with pytest.raises(Exception, match="Hãy nhập câu hỏi"):
        client.predict("  ", api_name="/chat")


def test_readme_example_runs_as_written(api_app) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("```python\nfrom gradio_client import Client")
    code = readme[start + len("```python\n") : readme.index("```", start + 10)]
    printed: list[str] = []
    namespace = {"print": lambda *args, **_: printed.append(" ".join(map(str, args)))}
    exec(code.replace("http://127.0.0.1:7860/", api_app.url), namespace)  # noqa: S102  # our own README
    assert printed and all("Nguồn:" in p or "Không tìm thấy" in p for p in printed)
