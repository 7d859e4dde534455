"""Prompts load by name from the `prompts` package, wherever it sits: a folder or an archive."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from assistant.prompts import load_prompt, prompts_folder

SOURCE = Path(__file__).resolve().parents[2] / "prompts"


def test_the_prompts_package_is_the_folder_of_this_checkout():
    assert Path(str(prompts_folder())) == SOURCE


@pytest.mark.parametrize("path", sorted(SOURCE.glob("*.txt")), ids=lambda p: p.stem)
def test_every_prompt_file_loads_by_its_name(path):
    assert load_prompt(path.stem) == path.read_bytes().decode("utf-8")


def test_a_prompt_loads_from_inside_an_archive_as_from_a_wheel(tmp_path):
    archive = tmp_path / "prompts.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("prompts/rerank.txt", "Câu hỏi: {question}\n".encode())
    assert load_prompt("rerank", zipfile.Path(archive, "prompts/")) == "Câu hỏi: {question}\n"


def test_a_missing_prompt_names_the_file():
    with pytest.raises(FileNotFoundError, match=r"không-có\.txt"):
        load_prompt("không-có")
