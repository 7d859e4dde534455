"""Prompts are UTF-8 text files in prompts/, loaded by name."""

from __future__ import annotations

from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> str:
    path = directory / f"{name}.txt"
    if not path.exists():
        msg = f"Không tìm thấy tệp prompt {path}"
        raise FileNotFoundError(msg)
    return path.read_text(encoding="utf-8")
