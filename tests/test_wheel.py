"""The wheel carries every module and every prompt: built offline from this checkout, installed, read in isolation."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
# Top-level entries a build does not read and that can be large (indexes, models) or are not source at all.
NOT_SOURCE = {".git", ".venv", "data", "logs", "reports", "demo-archive", "build", "dist"}
# Runs in a bare interpreter (-I -S: no site-packages, no editable install) so only the installed copy is found.
READ_PROMPTS = """
import json, sys
sys.path.insert(0, sys.argv[1])
import assistant.prompts
import prompts
names = sys.argv[2:]
print(json.dumps({"loader": assistant.prompts.__file__, "package": prompts.__file__,
                  "texts": {n: assistant.prompts.load_prompt(n) for n in names}}))
"""


def _run(args: list[str]) -> str:
    """Run a command that must succeed; its stderr is the failure message when it does not."""
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    return done.stdout


def _copy_checkout(target: Path) -> Path:
    """The checkout without what a build writes into it (build/, *.egg-info), so the test leaves no trace."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".*_cache")
    target.mkdir()
    for entry in ROOT.iterdir():
        if entry.name in NOT_SOURCE or entry.name.endswith(".egg-info"):
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name, ignore=ignore)
        else:
            shutil.copy2(entry, target / entry.name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("setuptools") is None:
        pytest.skip("setuptools is not installed in this environment (make install)")
    base = tmp_path_factory.mktemp("wheel")
    source = _copy_checkout(base / "src")
    out = base / "dist"
    _run([*PIP, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(out), str(source)])
    (built,) = out.glob("*.whl")
    return built


def test_the_wheel_has_every_module_of_the_packages(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {"app.py"} | {
        path.relative_to(ROOT).as_posix()
        for package in ("assistant", "index", "prompts")
        for path in (ROOT / package).rglob("*")
        if path.suffix in {".py", ".txt"} and "__pycache__" not in path.parts
    }
    assert expected - names == set()
    assert not any(name.startswith(("tests/", "scripts/", "eval/")) for name in names)


def test_an_installed_wheel_loads_every_prompt(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    _run([*PIP, "install", "--no-deps", "--no-index", "-q", "--target", str(target), str(wheel)])
    sources = sorted((ROOT / "prompts").glob("*.txt"))
    assert len(sources) >= 4
    loaded = json.loads(_run([sys.executable, "-I", "-S", "-c", READ_PROMPTS, str(target), *(p.stem for p in sources)]))
    assert Path(loaded["loader"]).is_relative_to(target) and Path(loaded["package"]).is_relative_to(target)
    assert loaded["texts"] == {p.stem: p.read_text(encoding="utf-8") for p in sources}
