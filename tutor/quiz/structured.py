"""Ask a chat model for a pydantic object: tool-calling structured output where the model
supports it, else JSON text parsed by PydanticOutputParser (local models, fakes in tests)."""

from __future__ import annotations

from typing import TypeVar

from langchain_core.exceptions import OutputParserException
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.output_parsers import PydanticOutputParser
from pydantic import BaseModel, ValidationError

from tutor.exceptions import ProviderError

T = TypeVar("T", bound=BaseModel)


def invoke_structured(llm: BaseChatModel, schema: type[T], system: str, user: str) -> T:
    """One model call returning a ``schema`` instance. Raises ProviderError when the model
    fails or its answer does not fit the schema."""
    messages = [SystemMessage(system), HumanMessage(user)]
    try:
        try:
            structured = llm.with_structured_output(schema)
        except NotImplementedError:
            structured = None
        if structured is not None:
            result = structured.invoke(messages)
            if isinstance(result, schema):
                return result
            return schema.model_validate(result)
        parser = PydanticOutputParser(pydantic_object=schema)
        prompt = f"{user}\n\n{parser.get_format_instructions()}"
        reply = llm.invoke([SystemMessage(system), HumanMessage(prompt)])
        return parser.parse(str(reply.content))
    except (OutputParserException, ValidationError, ValueError) as e:
        raise ProviderError(
            f"The chat model's answer did not fit the expected form ({type(e).__name__}).",
            "Try again, or use a model that supports structured output.",
        ) from e
    except ProviderError:
        raise
    except Exception as e:  # any provider failure (network, auth, quota) is reported the same way
        raise ProviderError(
            f"The chat model did not answer: {type(e).__name__}: {e}",
            "Check TUTOR_LLM and the provider's credentials, or unset TUTOR_LLM to work offline.",
        ) from e
