"""One typeface with every Vietnamese letter: body text, table cells and bold all DejaVu Sans, served by the app.

Also takes screenshots of the chat and a table, to look at by eye: into docs/screenshots/ (chat.png, table.png) when
TRO_LY_SCREENSHOTS=1, so that a plain test run leaves the working tree as it was; else into a temporary folder.
"""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from assistant.web.fonts import FAMILY, ROUTE
from tests.web.conftest import separate_data_dir
from tests.web.test_browser_chat import open_chat

pytestmark = pytest.mark.browser

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where the screenshots go: docs/screenshots/ when asked for (TRO_LY_SCREENSHOTS=1), else a temporary folder."""
    return DOCS_SCREENSHOTS if os.environ.get("TRO_LY_SCREENSHOTS") == "1" else tmp_path


FAMILY_OF_JS = "(el) => getComputedStyle(el).fontFamily"


def family_of(element: Any) -> str:
    """The first family an element (a locator) asks for, unquoted: "DejaVu Sans", sans-serif → DejaVu Sans."""
    family = element.evaluate(FAMILY_OF_JS)
    return str(family).split(",")[0].strip().strip("\"'")


def first_family(page: Any, selector: str) -> str:
    return family_of(page.locator(selector).first)


def test_all_text_is_set_in_dejavu_sans(live_app, web_index, tmp_path, chromium_page, screenshots: Path) -> None:
    app = live_app(settings=separate_data_dir(web_index, tmp_path))
    page = chromium_page
    open_chat(page, app.url)
    page.locator("#tl-chat strong").first.wait_for()  # the bold line of the empty chat
    assert first_family(page, "body") == FAMILY
    assert first_family(page, "#tl-chat strong") == FAMILY
    assert first_family(page, "#tl-question textarea") == FAMILY
    assert page.evaluate("document.fonts.check('16px \"DejaVu Sans\"', 'Số hiệu')")
    screenshots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshots / "chat.png"))

    page.get_by_role("tab", name="Văn bản").click()
    table = page.locator(".table-wrap").first  # Gradio 6 draws its table with divs (a virtual table)
    cell = table.locator(".body-cell").filter(has_text="45/BC-SCT").first
    cell.wait_for()
    assert family_of(cell) == FAMILY
    assert family_of(cell.get_by_text("45/BC-SCT", exact=True)) == FAMILY
    assert family_of(table.get_by_text("Số hiệu", exact=True).first) == FAMILY
    page.screenshot(path=str(screenshots / "table.png"))


def test_the_font_files_are_served_and_nothing_else(live_app, web_index, tmp_path) -> None:
    app = live_app(settings=separate_data_dir(web_index, tmp_path))
    with urllib.request.urlopen(f"{app.url}{ROUTE}/DejaVuSans-Bold.ttf") as response:
        assert response.headers["Content-Type"] == "font/ttf"
        assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType file
    for name in ("DejaVuSerif.ttf", "..%2F..%2F..%2Fetc%2Fpasswd"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{app.url}{ROUTE}/{name}")
        assert refused.value.code == 404
