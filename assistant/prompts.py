"""Prompts are UTF-8 text files in the top-level `prompts` package, loaded by name.

They are read through importlib.resources, so the same call finds them in a source checkout, an editable install
and an installed wheel (pyproject.toml ships `prompts/*.txt` as package data).
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

PROMPTS_PACKAGE = "prompts"


def prompts_folder() -> Traversable:
    """Where the prompt files are: the `prompts` package, as a folder or inside an archive."""
    try:
        return files(PROMPTS_PACKAGE)
    except ModuleNotFoundError:
        msg = f"Không tìm thấy gói {PROMPTS_PACKAGE!r} chứa các tệp prompt: hãy cài lại dự án (make install)"
        raise FileNotFoundError(msg) from None


def load_prompt(name: str, directory: Traversable | None = None) -> str:
    """The text of `<name>.txt` in the prompts package, or in `directory` when one is given."""
    path = (prompts_folder() if directory is None else directory) / f"{name}.txt"
    if not path.is_file():
        msg = f"Không tìm thấy tệp prompt {path}"
        raise FileNotFoundError(msg)
    return path.read_text(encoding="utf-8")
