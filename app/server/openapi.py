"""The OpenAPI document served at ``GET /openapi.json``: what this server answers.

Written out by hand rather than generated: the endpoints mirror OpenAI's and Anthropic's
published APIs, so the document names their shapes and says which parameters Orchard takes
and which it refuses (see README, "Local API").
"""

from __future__ import annotations

from typing import Any

from app.server.openai import system_fingerprint
from inference.settings_schema import ALIASES, PER_REQUEST, setting

_ERROR = {"description": "An error in OpenAI's shape",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _post(summary: str, body: dict[str, Any], answer: str) -> dict[str, Any]:
    return {"post": {
        "summary": summary,
        "requestBody": {"required": True,
                        "content": {"application/json": {"schema": body}}},
        "responses": {
            "200": {"description": answer + " (or server-sent events with \"stream\": true)",
                    "content": {"application/json": {"schema": {"type": "object"}},
                                "text/event-stream": {"schema": {"type": "string"}}}},
            "400": _ERROR, "401": _ERROR, "404": _ERROR, "413": _ERROR, "503": _ERROR,
        },
    }}


def _get(summary: str) -> dict[str, Any]:
    return {"get": {"summary": summary, "responses": {
        "200": {"description": "OK", "content": {"application/json": {
            "schema": {"type": "object"}}}}, "404": _ERROR, "503": _ERROR}}}


def _declared() -> dict[str, Any]:
    """Every declared setting a request may carry (inference.settings_schema), with its
    declared bounds and default, under its name and its aliases."""
    out = {name: setting(name).json_schema() for name in
           (*PER_REQUEST, "presence_penalty", "frequency_penalty")}
    out["max_tokens"]["description"] += " (left out: up to the rest of the context)"
    for alias, name in ALIASES.items():
        out[alias] = {**out[name], "description": f"the same as '{name}'"}
    return out


def _sampling() -> dict[str, Any]:
    return {
        "model": {"type": "string"}, "stream": {"type": "boolean"},
        "stream_options": {"type": "object",
                           "properties": {"include_usage": {"type": "boolean"}}},
        **_declared(),
        "stop": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"},
                                                "maxItems": 4}]},
        "logit_bias": {"type": "object", "additionalProperties": {"type": "number"}},
        "n": {"type": "integer", "enum": [1]},
    }


def _chat() -> dict[str, Any]:
    return {"type": "object", "required": ["messages"], "properties": {
        **_sampling(),
        "messages": {"type": "array", "minItems": 1, "items": {"type": "object"}},
        "max_completion_tokens": {**setting("max_tokens").json_schema(),
                                  "description": "the same as 'max_tokens'"},
        "logprobs": {"type": "boolean"}, "top_logprobs": {"type": "integer", "maximum": 20},
        "tools": {"type": "array", "items": {"type": "object"}},
        "tool_choice": {"oneOf": [{"type": "string", "enum": ["none", "auto", "required"]},
                                  {"type": "object"}]},
        "response_format": {"type": "object", "properties": {
            "type": {"type": "string", "enum": ["text", "json_object", "json_schema"]}}},
    }}


def _completion() -> dict[str, Any]:
    return {"type": "object", "required": ["prompt"], "properties": {
        **_sampling(), "prompt": {"type": "string"},
        "logprobs": {"type": "integer", "maximum": 5}}}


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Orchard local API", "version": system_fingerprint(),
                 "description": "OpenAI-compatible endpoints served by the Orchard app or "
                                "`orchard serve`, on this machine."},
        "paths": {
            "/health": _get("200 while a model is loaded"),
            "/v1/models": _get("The model this server runs, with its aliases"),
            "/v1/models/{model}": _get("One model"),
            "/v1/chat/completions": _post("A chat reply", _chat(), "A chat.completion"),
            "/v1/completions": _post("A raw completion", _completion(), "A text_completion"),
            "/v1/responses": _post("OpenAI's Responses API (text, function tools, text.format)",
                                   {"type": "object", "required": ["input"]}, "A response"),
            "/v1/messages": _post("Anthropic's Messages API (text, tools, output_config)",
                                  {"type": "object", "required": ["max_tokens", "messages"]},
                                  "A message (errors in Anthropic's shape)"),
            "/v1/messages/count_tokens": _post(
                "Anthropic's token count: a Messages body's input tokens, nothing generated",
                {"type": "object", "required": ["messages"]}, "{input_tokens}"),
            "/v1/embeddings": _post("Embeddings from a downloaded embedding model (BERT family)",
                                    {"type": "object", "required": ["model", "input"]},
                                    "A list of embeddings with usage"),
            "/api/embed": _post("Ollama's embed", {"type": "object"}, "{embeddings}"),
            # Ollama's API (app/server/ollama.py): NDJSON streams, {"error": "..."} errors
            "/api/chat": _post("Ollama's chat (streamed as NDJSON unless \"stream\": false)",
                               {"type": "object", "required": ["model", "messages"]},
                               "A chat response in Ollama's shape"),
            "/api/generate": _post("Ollama's generate (a prompt, or raw)",
                                   {"type": "object", "required": ["model"]},
                                   "A generate response in Ollama's shape"),
            "/api/show": _post("Ollama's model description", {"type": "object"},
                               "The loaded model's details and capabilities"),
            "/api/tags": _get("Ollama's model list: the model this server runs"),
            "/api/ps": _get("Ollama's running models"),
            "/api/version": _get("The Ollama API version this server follows"),
            "/tokenize": _post("Text ('content') or a chat ('messages') in the model's tokens",
                               {"type": "object"}, "{tokens, count, max_model_len}"),
            "/detokenize": _post("Token ids back to text", {"type": "object",
                                 "required": ["tokens"]}, "{content}"),
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                "apiKey": {"type": "apiKey", "in": "header",
                                           "name": "x-api-key"}},
            "schemas": {"Error": {"type": "object", "properties": {"error": {
                "type": "object", "properties": {
                    "message": {"type": "string"}, "type": {"type": "string"},
                    "param": {"type": ["string", "null"]},
                    "code": {"type": ["string", "null"]}}}}}},
        },
    }


__all__ = ["openapi_document"]
