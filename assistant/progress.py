"""Progress bars for long work (files, OCR'd pages, chunks embedded), drawn on stderr with tqdm."""

from __future__ import annotations

from types import TracebackType


class ProgressBars:
    """Routes the pipeline's (what, n) ticks to one tqdm bar per kind of work."""

    LABELS = {"file": "tệp", "page_ocr": "trang OCR", "chunk": "đoạn đã nhúng"}

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._bars: dict[str, object] = {}

    def __enter__(self) -> ProgressBars:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        for bar in self._bars.values():
            bar.close()  # type: ignore[attr-defined]

    def tick(self, what: str, n: int) -> None:
        if not self.enabled or n <= 0:
            return
        if what not in self._bars:
            from tqdm import tqdm

            self._bars[what] = tqdm(desc=self.LABELS.get(what, what), unit="", position=len(self._bars), leave=True)
        self._bars[what].update(n)  # type: ignore[attr-defined]
