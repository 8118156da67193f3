"""Errors every endpoint shares: :class:`ApiError` (an HTTP status, a message and the
parameter at fault), the tables that turn a status into each API's error type, and the
answer for a generation the engine could not run.

An error is raised once, as an :class:`ApiError`; each API writes it in its own shape at its
edge (OpenAI's ``{"error": {"message", "type", "param", "code"}}`` here, Anthropic's in
:mod:`app.server.anthropic`, Ollama's in :mod:`app.server.ollama`). What an error is comes
from structured fields (``status``, ``param``, ``code``; ``JobFailed.code`` from the engine),
never from reading its message.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

from app.server.images import ImageError
from inference.engine import JobFailed

#: OpenAI's error type for each status (any other: "server_error").
OPENAI_TYPES = {
    400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
    404: "invalid_request_error", 405: "invalid_request_error", 413: "invalid_request_error",
    503: "server_error",
}
#: Anthropic's error type for each status (any other: "api_error").
ANTHROPIC_TYPES = {
    400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
    404: "not_found_error", 413: "request_too_large", 503: "overloaded_error",
}
#: How long a client should wait before trying again after a 503, in seconds.
RETRY_AFTER_S = 2


def error_response(body: dict[str, Any], status: int) -> JSONResponse:
    """An error body as an HTTP answer; a 503 says when to try again."""
    headers = {"Retry-After": str(RETRY_AFTER_S)} if status == 503 else None
    return JSONResponse(body, status_code=status, headers=headers)


class ApiError(Exception):
    """An error answer: its HTTP status, one sentence, and the parameter at fault."""

    def __init__(
        self, status: int, message: str, *, param: str | None = None, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code

    def body(self) -> dict[str, Any]:
        """OpenAI's shape (also the server's own: /health, the guard, unknown routes)."""
        kind = OPENAI_TYPES.get(self.status, "server_error")
        return {"error": {"message": self.message, "type": kind, "param": self.param,
                          "code": self.code}}

    def response(self) -> JSONResponse:
        return error_response(self.body(), self.status)


def bad(param: str | None, message: str, code: str = "invalid_value") -> ApiError:
    """A 400 for a value of the request's (``param`` None: no single parameter)."""
    return ApiError(400, message, param=param, code=code)


def image_error(exc: ImageError) -> ApiError:
    """An image the request cannot send, as the 400 that names it."""
    return bad(exc.param, exc.message, exc.code)


def job_error(event: JobFailed) -> ApiError:
    """The answer for a generation the engine could not run."""
    if event.code == "server_error":
        return ApiError(500, event.message, code="server_error")
    if event.code == "model_changed":  # another request switched models meanwhile: retry
        return ApiError(503, event.message, code="model_changed")
    if event.code == "engine_lost":  # the model's process ended (a crash): it is loading again
        return ApiError(503, event.message, code="model_crashed")
    param = "messages" if event.code == "context_length_exceeded" else None
    return ApiError(400, event.message, param=param, code=event.code)


__all__ = ["ANTHROPIC_TYPES", "OPENAI_TYPES", "RETRY_AFTER_S", "ApiError", "bad",
           "error_response", "image_error", "job_error"]
