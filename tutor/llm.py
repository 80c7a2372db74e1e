"""Chat models: every provider goes through LangChain's ``init_chat_model``, registered here.

No model is the default: the tutor then answers offline. A configured model that cannot be
built (missing package, missing key) gives a ProviderError that names what to install or set;
callers fall back to the offline path with a visible notice.
"""

from __future__ import annotations

import importlib.util
import os
import threading

from langchain_core.language_models import BaseChatModel

from tutor.exceptions import ProviderError
from tutor.settings import Settings

# provider -> (Python module that must be importable, pip package, env vars one of which is needed)
PROVIDERS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "openai": ("langchain_openai", "langchain-openai", ("OPENAI_API_KEY",)),
    "anthropic": ("langchain_anthropic", "langchain-anthropic", ("ANTHROPIC_API_KEY",)),
    "bedrock": ("langchain_aws", "langchain-aws", ()),
    "bedrock_converse": ("langchain_aws", "langchain-aws", ()),
    "ollama": ("langchain_ollama", "langchain-ollama", ()),
    "google_genai": ("langchain_google_genai", "langchain-google-genai", ("GOOGLE_API_KEY",)),
    "mistralai": ("langchain_mistralai", "langchain-mistralai", ("MISTRAL_API_KEY",)),
    "groq": ("langchain_groq", "langchain-groq", ("GROQ_API_KEY",)),
}

_cache: dict[str, BaseChatModel] = {}
_lock = threading.Lock()


def parse_llm_spec(spec: str) -> tuple[str, str]:
    """'provider:model' -> (provider, model). Colons inside the model id are kept."""
    provider, sep, model = spec.partition(":")
    if not sep or not provider or not model:
        raise ProviderError(
            f"TUTOR_LLM='{spec}' is not of the form provider:model.",
            "For example TUTOR_LLM=openai:gpt-4o-mini or TUTOR_LLM=ollama:llama3.2; unset it to answer offline.",
        )
    return provider.strip().lower(), model.strip()


def get_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, built once per process; None when none is configured."""
    if not settings.llm:
        return None
    spec = settings.llm
    key = f"{spec} @ {settings.llm_base_url}" if settings.llm_base_url else spec
    with _lock:
        if key in _cache:
            return _cache[key]
        provider, model = parse_llm_spec(spec)
        if settings.llm_base_url:  # a local OpenAI-compatible server (llama.cpp, LM Studio, vLLM, Ollama)
            _cache[key] = _openai_compatible(settings, provider, model)
            return _cache[key]
        if provider in PROVIDERS:
            module, package, keys = PROVIDERS[provider]
            if importlib.util.find_spec(module) is None:
                raise ProviderError(
                    f"The '{provider}' provider needs the Python package {package}, which is not installed.",
                    f"Run `.venv/bin/pip install {package}`, or unset TUTOR_LLM to answer offline.",
                )
            if keys and not any(os.environ.get(k) for k in keys):
                raise ProviderError(
                    f"The '{provider}' provider needs {' or '.join(keys)} to be set.",
                    f"Export {keys[0]}=... before starting the tutor, or unset TUTOR_LLM to answer offline.",
                )
        try:
            from langchain.chat_models import init_chat_model

            chat = init_chat_model(
                model,
                model_provider=provider,
                temperature=settings.llm_temperature,
                # The setting bounds the whole call: the provider retries with its own timeout.
                timeout=settings.llm_timeout_s / (settings.llm_max_retries + 1),
                max_retries=settings.llm_max_retries,
                max_tokens=settings.llm_max_tokens,
            )
        except (ImportError, AttributeError) as e:
            raise ProviderError(
                f"Could not load the '{provider}' chat model: {e}",
                "Install the provider's LangChain package, or unset TUTOR_LLM to answer offline.",
            ) from e
        except (ValueError, TypeError) as e:
            raise ProviderError(
                f"Could not create the chat model '{spec}': {e}",
                "Check the provider and model name, or unset TUTOR_LLM to answer offline.",
            ) from e
        _cache[key] = chat
        return chat


def _openai_compatible(settings: Settings, provider: str, model: str) -> BaseChatModel:
    """ChatOpenAI pointed at TUTOR_LLM_BASE_URL; no OpenAI key needed (TUTOR_LLM_API_KEY if the server wants one)."""
    if provider != "openai":
        raise ProviderError(
            f"TUTOR_LLM_BASE_URL is set, but TUTOR_LLM='{settings.llm}' is not an 'openai:' model.",
            "An OpenAI-compatible server is used as TUTOR_LLM=openai:<model name the server knows>.",
        )
    if importlib.util.find_spec("langchain_openai") is None:
        raise ProviderError(
            "TUTOR_LLM_BASE_URL needs the Python package langchain-openai, which is not installed.",
            "Run `.venv/bin/pip install langchain-openai`, or unset TUTOR_LLM to answer offline.",
        )
    from langchain_openai import ChatOpenAI

    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
    return ChatOpenAI(
        model=model,
        base_url=settings.llm_base_url,
        api_key=key,
        temperature=settings.llm_temperature,
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        max_tokens=settings.llm_max_tokens,
    )


def resolve_chat_model(
    settings: Settings, llm: BaseChatModel | None = None
) -> tuple[BaseChatModel | None, str | None]:
    """(model or None, notice). A model passed in wins; a broken configuration falls back
    to offline with a notice saying why, instead of failing."""
    if llm is not None:
        return llm, None
    try:
        return get_chat_model(settings), None
    except ProviderError as e:
        return None, f"{e.message} Answering offline instead. {e.hint or ''}".strip()
