"""Reading a request: its JSON body (within the size limit), and the checked fields every
API's translator shares (plain text, numbers, flags, a call's JSON arguments).

Each check raises :class:`app.server.errors.ApiError` naming the parameter at fault.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from app.server.errors import ApiError, bad
from inference.settings_schema import ALIASES, SettingError, setting


async def read_json(request: Request, limit: int) -> dict[str, Any]:
    """The request's body, a JSON object of at most ``limit`` bytes (413 past it)."""
    size = f"{limit >> 20} MiB" if limit >= 1 << 20 and limit % (1 << 20) == 0 else \
        f"{limit} bytes"
    too_big = ApiError(413, f"The request body is larger than the {size} this server takes; "
                       "send fewer or smaller images, or less text.", code="request_too_large")
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise too_big
    data = bytearray()
    async for piece in request.stream():
        data += piece
        if len(data) > limit:
            raise too_big
    try:
        body = json.loads(bytes(data))
    except (ValueError, RecursionError):
        raise ApiError(400, "The request body is not valid JSON.", code="invalid_json") from None
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object.", code="invalid_json")
    return body


def plain_text(value: str, param: str) -> str:
    """JSON can carry a lone surrogate (\\ud800) that no tokenizer can encode."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise bad(param, f"'{param}' holds text that is not valid Unicode (a lone "
                  "surrogate).") from None
    return value


def declared(body: dict[str, Any], name: str, param: str | None = None) -> Any:
    """The declared setting ``name`` (inference.settings_schema) as the body sends it, or None
    when it is left out; checked against the declared bounds, a 400 naming ``param`` (by
    default the name the body used: ``repeat_penalty`` is ``repetition_penalty``'s alias)."""
    names = [name, *(alias for alias, of in ALIASES.items() if of == name)]
    sent = [n for n in names if body.get(n) is not None]
    if not sent:
        return None
    if len(sent) > 1 and len({repr(body[n]) for n in sent}) > 1:
        raise bad(sent[1], f"'{sent[0]}' and '{sent[1]}' are one setting; send one of them.")
    where = param or sent[0]
    value = body[sent[0]]
    declared = setting(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or (
            declared.integer and not isinstance(value, int)):
        kind = "an integer" if declared.integer else "a number"
        raise bad(where, f"'{where}' must be {kind}.", "invalid_type")
    try:
        return declared.check(value, where)
    except SettingError as exc:
        raise bad(where, str(exc)) from None


def integer(body: dict[str, Any], name: str, lo: int | None = None) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad(name, f"'{name}' must be an integer.", "invalid_type")
    if lo is not None and value < lo:
        raise bad(name, f"'{name}' must be at least {lo}, not {value}.")
    return value


def flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise bad(name, f"'{name}' must be true or false.", "invalid_type")
    return value


def json_arguments(value: Any, param: str) -> dict[str, Any]:
    """A tool call's arguments: an object, or a JSON string of one (as OpenAI sends them;
    an empty string is ``{}``)."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        try:
            parsed = json.loads(value) if value.strip() else {}
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            return parsed
    raise bad(param, f"'{param}' must be a JSON object (as a string).")


__all__ = ["declared", "flag", "integer", "json_arguments", "plain_text", "read_json"]
