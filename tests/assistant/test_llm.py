"""LLM settings, the factory's choice of model, and the clear errors when a model or runtime is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.factory import make_language_model
from assistant.llm import BackendUnavailable, approximate_tokens
from assistant.llm.local import LocalServer
from assistant.settings import DOCUMENTED, Settings


def test_llm_is_off_unless_configured():
    settings = Settings.from_env({})
    assert settings.llm == "off"
    assert settings.llm_context == 2048
    assert settings.llm_model == Path("data/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
    assert (settings.llm_rewrite, settings.llm_rerank) == (False, False)


def test_llm_settings_are_read_from_the_environment():
    settings = Settings.from_env(
        {
            "TRO_LY_DATA_DIR": "/srv/tro-ly",
            "TRO_LY_LLM": "OpenAI",
            "TRO_LY_LLM_URL": "http://127.0.0.1:8080/v1",
            "TRO_LY_LLM_NAME": "qwen",
            "TRO_LY_LLM_CONTEXT": "8192",
            "TRO_LY_LLM_THREADS": "4",
            "TRO_LY_LLM_REWRITE": "1",
            "TRO_LY_LLM_RERANK": "0",
        }
    )
    assert settings.llm == "openai" and settings.llm_url == "http://127.0.0.1:8080/v1" and settings.llm_name == "qwen"
    assert (settings.llm_context, settings.llm_threads) == (8192, 4)
    assert (settings.llm_rewrite, settings.llm_rerank) == (True, False)
    assert settings.llm_model == Path("/srv/tro-ly/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
    assert {"LLM", "LLM_MODEL", "LLM_URL", "LLM_CONTEXT", "LLM_REWRITE", "LLM_RERANK"} <= DOCUMENTED.keys()


def test_an_unknown_llm_choice_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="off, local, openai"):
        Settings.from_env({"TRO_LY_LLM": "gpt"})


def test_a_missing_model_file_says_how_to_install_it(tmp_path: Path):
    settings = Settings(llm="local", llm_model=tmp_path / "none.gguf")
    with pytest.raises(BackendUnavailable, match=r"Chưa có tệp mô hình .*make llm"):
        make_language_model(settings)


def test_a_missing_runtime_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    monkeypatch.setitem(__import__("sys").modules, "xllamacpp", None)  # import fails as if it were not installed
    with pytest.raises(BackendUnavailable, match=r"xllamacpp.*make llm"):
        LocalServer(model)


def test_openai_needs_a_url():
    with pytest.raises(BackendUnavailable, match="TRO_LY_LLM_URL"):
        make_language_model(Settings(llm="openai"))


def test_openai_server_is_a_chat_model_at_that_url_without_connecting():
    model = make_language_model(
        Settings(llm="openai", llm_url="http://127.0.0.1:9/v1", llm_name="qwen", llm_context=8192)
    )
    assert model.chat.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.chat.model_name == "qwen" and model.chat.temperature == 0.0 and model.chat.streaming
    assert model.context_tokens == 8192
    assert model.count_tokens is approximate_tokens


def test_approximate_tokens_overestimates_rather_than_under():
    # Qwen2.5's tokenizer gave 18 tokens for this sentence; the estimate must not promise a window it cannot keep
    assert approximate_tokens("Kim ngạch xuất khẩu quý I ước đạt 402,6 triệu USD") >= 18
