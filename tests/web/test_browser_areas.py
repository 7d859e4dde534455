"""The work-area pages of Làm quen in a real Chromium: an area's page with its cited facts, and one of its starter
questions asked in the chat with the area as filter, answered from the area's documents."""

from __future__ import annotations

import pytest

from tests.web.conftest import separate_data_dir
from tests.web.test_browser_chat import ANSWERS, SOURCES

pytestmark = pytest.mark.browser
CLUSTERS = "Khu, cụm công nghiệp"  # the demo's plan, notices and their meeting on industrial clusters


def test_an_area_page_shows_cited_facts_and_asks_its_question(live_app, web_index, tmp_path, chromium_page) -> None:
    app = live_app(settings=separate_data_dir(web_index, tmp_path))
    page = chromium_page
    page.goto(app.url)
    page.get_by_role("tab", name="Làm quen").click()
    area_page = page.locator("#onboarding-area-page")
    page.wait_for_function(
        "() => document.querySelector('#onboarding-area-page').innerText.includes('Cơ sở pháp lý')", timeout=60_000
    )
    text = area_page.inner_text()
    assert text.startswith(CLUSTERS)
    # the legal text its plan cites, with the citing sentence; the case plan → notice with the days between
    assert "Quyết định số 2417/QĐ-UBND" in text and "Căn cứ Quyết định số 2417/QĐ-UBND" in text
    assert "Kế hoạch → Thông báo" in text and "khoảng 20 ngày sau bước trước" in text
    assert "CCN\tcụm công nghiệp" in text  # the words of the area, as the plan defines them
    links = area_page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any(href.endswith("KH_112-KH-SCT_20.2.2025_Ke-hoach-phat-trien-CCN-2025.pdf") for href in links)

    starters = page.locator(".tl-area-starter:visible")
    questions = starters.all_inner_texts()
    assert 1 <= len(questions) <= 5 and all(q.endswith("?") for q in questions)
    asked = questions[0]
    starters.first.click()
    page.wait_for_selector(SOURCES, timeout=60_000)
    assert page.get_by_role("tab", name="Hỏi đáp").get_attribute("aria-selected") == "true"
    assert page.input_value("#tl-area input") == CLUSTERS  # the chat keeps the area as its filter
    assert page.locator("#tl-chat .message.user, #tl-chat [data-testid='user']").first.inner_text().strip() == asked
    sources = page.locator(ANSWERS).last.locator(".tl-sources").inner_text()
    assert any(number in sources for number in ("112/KH-SCT", "87/TB-SCT", "245/TB-SCT"))  # the area's own
    what = page.locator(ANSWERS).last.locator(".tl-what").first
    what.locator("summary").click()
    assert f"Thuộc lĩnh vực “{CLUSTERS}”" in what.inner_text()
