"""One screenshot per tab of a running web chat, a question answered first: OUT/<tab>.png, 1280×800.

    .venv/bin/python scripts/screenshots.py --out docs/screenshots/after [--url http://127.0.0.1:7860/]
        [--question "..."] [--number "1389/QĐ-UBND"]

Start the server first (`make run`, or `python -m assistant serve --index ... --port ...`). The question is asked in
the chat and answered before any screenshot; the Tra số hiệu tab looks up --number (by default one the demo archive
does not hold, to show the not-found message). docs/screenshots/before/ and after/ were taken this way on the demo
archive (the "before" from commit d5d8fe6, served from a worktree of it). Uses Debian's /usr/bin/chromium in a
Vietnamese locale; downloads nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.time_chat_browser import ARGS, CHROMIUM  # noqa: E402

# tab label → file name
TABS = {
    "Hỏi đáp": "chat",
    "Văn bản": "browse",
    "Tra số hiệu": "directive",
    "Tải lên": "upload",
    "Làm quen": "onboarding",
}
VIEWPORT = {"width": 1280, "height": 800}
QUESTION = "Kim ngạch xuất khẩu quý I đạt bao nhiêu?"
NUMBER = "1389/QĐ-UBND"
ANSWERED_JS = """() => {
  const answers = [...document.querySelectorAll('#tl-chat .tl-answer')];
  const last = answers[answers.length - 1];
  const done = last && (last.querySelector('.tl-sources') || last.textContent.includes('Không tìm thấy'));
  return done && !document.querySelector('#tl-chat .tl-waiting');
}"""
# what each tab shows once it has loaded its content (every version of the app has these)
READY = {
    "browse": "() => document.querySelectorAll('#browse-table .body-cell').length > 0",
    "directive": "(n) => document.querySelector('#directive-result').innerText.includes(n)",
    "onboarding": "() => document.querySelector('#onboarding-overview').innerText.includes('Kho có')",
}


def take(page: Any, url: str, out: Path, question: str, number: str) -> list[Path]:
    """Ask `question`, then screenshot every tab into `out`; the paths written."""
    page.goto(url)
    page.wait_for_selector("#tl-question textarea")
    page.fill("#tl-question textarea", question)
    page.press("#tl-question textarea", "Enter")
    page.wait_for_function(ANSWERED_JS, timeout=120_000)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for label, name in TABS.items():
        page.get_by_role("tab", name=label).click()
        if name == "directive":
            page.fill("#directive-number textarea", number)
            page.press("#directive-number textarea", "Enter")
        if name in READY:
            page.wait_for_function(READY[name], arg=number)
        page.wait_for_timeout(500)  # the tab's last drawing (fonts, table widths) settles
        path = out / f"{name}.png"
        page.screenshot(path=str(path))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--out", type=Path, required=True, help="folder for <tab>.png")
    parser.add_argument("--question", default=QUESTION, help="asked in the chat before the screenshots")
    parser.add_argument("--number", default=NUMBER, help="looked up in the Tra số hiệu tab")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT, locale="vi-VN")
            page.set_default_timeout(30_000)
            for path in take(page, args.url, args.out, args.question, args.number):
                print(path)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
