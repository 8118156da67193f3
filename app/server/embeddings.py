"""Embeddings over HTTP: OpenAI's ``POST /v1/embeddings`` here, and what Ollama's
``/api/embed`` (:mod:`app.server.ollama`) calls, for the apps that search a user's documents
(RAG in Open WebUI or Continue). The request's ``model`` names a downloaded embedding model
(its library name, such as ``local/NAME`` or ``owner/repo``) or the one ``orchard serve
--embeddings`` was given; it runs on the engine thread beside the chat model
(:mod:`inference.embeddings`).
"""

from __future__ import annotations

import asyncio
import base64
import struct
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.server.api import Api
from app.server.errors import ApiError
from app.server.fields import read_json
from inference.embeddings import Embeddings, is_embedding_folder
from inference.engine import JobFailed, TaskDone
from inference.model import library

#: The most texts one request may embed.
MAX_INPUTS = 2048


def embedding_spec(api: Api, name: str) -> str | None:
    """The embedding model a request's ``model`` names, as a path, or None: the one the
    server was given (by its spec or folder name), or a downloaded one by its library name.
    A client cannot name an arbitrary folder."""
    default = getattr(api.config, "embeddings", None)
    if default and name in (default, Path(default).name):
        return str(default)
    path = library.find_installed(name)
    return str(path) if path is not None and is_embedding_folder(path) else None


def texts_of(value: Any, param: str) -> list[str]:
    texts = [value] if isinstance(value, str) else value
    if not isinstance(texts, list) or not texts:
        raise ApiError(400, f"'{param}' must be a text or a non-empty list of texts.",
                       param=param, code="invalid_type")
    if not all(isinstance(t, str) for t in texts):
        raise ApiError(400, f"'{param}' must hold texts; token ids are not accepted, send the "
                       "text.", param=param, code="invalid_type")
    if len(texts) > MAX_INPUTS:
        raise ApiError(400, f"At most {MAX_INPUTS} texts can be embedded in one request.",
                       param=param, code="invalid_value")
    return texts


async def embed_texts(api: Api, model: Any, texts: list[str]) -> Embeddings:
    if not isinstance(model, str) or not model:
        raise ApiError(400, "'model' must name an embedding model.", param="model",
                       code="invalid_type")
    spec = embedding_spec(api, model)
    if spec is None:
        raise ApiError(404, f"'{model}' is not an embedding model here; download one (a "
                       "BERT-family sentence-embedding model in MLX format) and name it.",
                       param="model", code="model_not_found")
    embed = getattr(api.engine, "embed", None)
    if embed is None:
        raise ApiError(501, "This server cannot embed texts.", code="not_supported")
    loop = asyncio.get_running_loop()
    done: asyncio.Future[Any] = loop.create_future()

    def settle(event: Any) -> None:
        if not done.done():
            done.set_result(event)

    def sink(event: Any) -> None:  # on the engine thread
        if isinstance(event, TaskDone | JobFailed):
            loop.call_soon_threadsafe(settle, event)

    embed(spec, texts, sink)
    event = await done
    if isinstance(event, JobFailed):
        raise ApiError(400 if event.code != "server_error" else 500, event.message,
                       param="model", code="embedding_failed")
    result: Embeddings = event.value
    return result


async def openai_embeddings(api: Api, request: Request) -> Response:
    body = await read_json(request, api.config.max_body_bytes)
    texts = texts_of(body.get("input"), "input")
    fmt = body.get("encoding_format", "float")
    if fmt not in ("float", "base64"):
        raise ApiError(400, "'encoding_format' must be \"float\" or \"base64\".",
                       param="encoding_format", code="invalid_value")
    out = await embed_texts(api, body.get("model"), texts)
    size = len(out.vectors[0]) if out.vectors else 0
    dimensions = body.get("dimensions")
    if dimensions is not None and dimensions != size:
        raise ApiError(400, f"This model's embeddings have {size} dimensions; 'dimensions' "
                       "cannot change that.", param="dimensions", code="invalid_value")

    def encoded(vector: list[float]) -> Any:
        if fmt == "float":
            return vector
        return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")

    return JSONResponse({
        "object": "list", "model": body["model"],
        "data": [{"object": "embedding", "index": i, "embedding": encoded(v)}
                 for i, v in enumerate(out.vectors)],
        "usage": {"prompt_tokens": out.tokens, "total_tokens": out.tokens},
    })


__all__ = ["embed_texts", "embedding_spec", "openai_embeddings", "texts_of"]
