"""The bundled model on this machine: llama.cpp's own server run in-process by xllamacpp, spoken to over loopback.

Going through llama.cpp's OpenAI-compatible endpoint (rather than a Python binding's generate loop) means the local
model and a remote server share one chat-model class (ChatOpenAI), one streaming path and one set of tests, and the
server's /tokenize gives the model's real token counts. The port is random, on 127.0.0.1 only, and requests need a key
made for this process.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import urllib.request
from pathlib import Path
from typing import Any

from assistant.llm import BackendUnavailable, LanguageModel

log = logging.getLogger(__name__)

INSTALL_HINT = "chạy `make llm` (hoặc `python -m assistant models install`)"


def default_threads() -> int:
    """All cores but one. llama.cpp's threads wait for each other by spinning: on a machine whose cores are also
    serving the web UI, retrieval or other work, one thread fewer than cores answered several times faster (measured
    on 2 shared cores: 5.2 tokens/s with one thread, 0.4 with two)."""
    return max(1, (os.cpu_count() or 2) - 1)


class LocalServer:
    """`LocalServer(model_path, context_tokens, threads)`: loads the GGUF once; `language_model()` hands out clients."""

    def __init__(self, model_path: Path, context_tokens: int = 4096, threads: int = 0) -> None:
        if not model_path.is_file():
            msg = f"Chưa có tệp mô hình ngôn ngữ {model_path}: {INSTALL_HINT}, hoặc đặt TRO_LY_LLM_MODEL."
            raise BackendUnavailable(msg)
        try:
            import xllamacpp
        except ImportError:
            msg = f"Chưa cài thư viện chạy mô hình cục bộ (xllamacpp): {INSTALL_HINT}."
            raise BackendUnavailable(msg) from None
        self.model_path = model_path
        self.context_tokens = context_tokens
        self.api_key = secrets.token_urlsafe(24)
        params = xllamacpp.CommonParams()
        params.model.path = str(model_path)
        params.n_ctx = context_tokens
        params.n_parallel = 1  # one slot owns the whole window; the context is not split between idle slots
        params.cpuparams.n_threads = threads or default_threads()
        params.cpuparams_batch.n_threads = params.cpuparams.n_threads
        params.api_keys = [self.api_key]
        params.offline = True  # never reach for a model hub
        params.sampling.temp = 0.0
        params.sampling.top_k = 1
        log.info("nạp mô hình %s (ngữ cảnh %d token)", model_path, context_tokens)
        try:
            self._server: Any = xllamacpp.Server(params)
        except Exception as error:  # the runtime raises plain RuntimeError/ValueError on a file it cannot load
            msg = f"Không nạp được mô hình {model_path}: {error}"
            raise BackendUnavailable(msg) from error
        self.base_url = str(self._server.listening_address).rstrip("/")

    def close(self) -> None:
        """Stop llama.cpp's server: xllamacpp's Server holds it by a shared pointer, released with the object."""
        self._server = None

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            self.base_url + path,
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.api_key}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # loopback only
            result: dict[str, Any] = json.loads(response.read())
            return result

    def count_tokens(self, text: str) -> int:
        """Tokens of `text` in the model's own tokenizer."""
        return len(self._post("/tokenize", {"content": text}).get("tokens", []))

    def language_model(self, answer_tokens: int = 384, name: str | None = None) -> LanguageModel:
        from langchain_openai import ChatOpenAI

        chat = ChatOpenAI(
            base_url=self.base_url + "/v1",
            api_key=self.api_key,  # type: ignore[arg-type]
            model=name or self.model_path.stem,
            temperature=0.0,
            max_tokens=answer_tokens,  # type: ignore[call-arg]
            streaming=True,
            max_retries=0,
            timeout=900,  # a long prompt on two CPU cores takes minutes, not seconds
        )
        return LanguageModel(chat, self.context_tokens, self.count_tokens, name or self.model_path.stem, self)
