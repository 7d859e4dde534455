"""An OpenAI-compatible server (llama.cpp's llama-server, vLLM, Ollama, a hosted API) as the language model."""

from __future__ import annotations

from assistant.llm import BackendUnavailable, LanguageModel


def openai_language_model(
    url: str | None, api_key: str | None, name: str | None, context_tokens: int, answer_tokens: int = 384
) -> LanguageModel:
    """ChatOpenAI pointed at `url`; tokens are estimated, since a remote tokenizer is not known in general."""
    if not url:
        msg = "TRO_LY_LLM=openai cần địa chỉ máy chủ: đặt TRO_LY_LLM_URL, vd. http://127.0.0.1:8080/v1"
        raise BackendUnavailable(msg)
    from langchain_openai import ChatOpenAI

    chat = ChatOpenAI(
        base_url=url,
        api_key=api_key or "khong-can",  # type: ignore[arg-type]  # local servers accept any key, the client needs one
        model=name or "default",
        temperature=0.0,
        max_tokens=answer_tokens,  # type: ignore[call-arg]
        streaming=True,
        max_retries=1,
        timeout=300,
    )
    return LanguageModel(chat, context_tokens, name=name or "openai")
