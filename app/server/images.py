"""Images in API requests: what each API sends, checked, as a user message's ``images``.

Orchard answers offline, so an image must come inside the request: a ``data:`` URL (Chat
Completions' ``image_url`` parts, Responses' ``input_image``, Ollama's ``images`` turned into
one) or base64 data with its media type (Anthropic's ``image`` blocks). A remote URL is never
fetched, nor a file id looked up: 400, saying to send a data URL. Each API's translator turns
its parts into :class:`Picture` (cheap checks only); :func:`decode` then counts them
(:data:`MAX_IMAGES`) and has :func:`inference.attachments.image_from_bytes` decode, turn upright
and scale each, whose one sentence is the 400 for bytes that are not an image. The body limit
(:data:`app.server.guard.MAX_BODY_BYTES`) caps their total size.

Only user messages carry images, and only to a vision model: anything else is a 400 saying so
(``model_not_multimodal`` for a model that reads text only). Errors are :class:`ImageError`,
which each API words in its own error shape.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from inference.attachments import AttachmentError, image_from_bytes

#: What an image sent to a model that reads only text is told (all the APIs say it).
TEXT_ONLY = ("The model loaded here reads text only: it cannot see images. Load a vision "
             "model to send images, or send the text alone.")
#: The most images one request may carry (Anthropic's own limit): each is decoded before the
#: model reads it, so a flood of small, highly compressed pictures cannot keep the server busy.
MAX_IMAGES = 100
#: How a request should send an image instead of a remote URL or a file id.
SEND_DATA_URL = "send the image itself as a data URL (data:image/png;base64,...)"


class ImageError(ValueError):
    """An image the request cannot send: a 400 with one sentence, its parameter and code."""

    def __init__(self, param: str, message: str, code: str = "invalid_image") -> None:
        super().__init__(message)
        self.param, self.message, self.code = param, message, code


@dataclass(frozen=True)
class Picture:
    """An image part, checked but not decoded yet: its bytes, and the parameter it came as
    (for the error if it is not an image). JSON never makes one, so a content list holding
    one came from a translator that checked it."""

    data: bytes
    param: str


def sees_images(engine: Any) -> bool:
    """Whether the loaded model is a vision model (a fake engine without ``model_info``
    reads text only)."""
    return bool(getattr(getattr(engine, "model_info", None), "vision", False))


def check_may_carry(engine: Any, role: str, param: str, *, user: str = "user") -> None:
    """Refuse an image outside a user message, or for a model that reads text only."""
    if role != user:
        article = "an" if role[:1] in "aeiou" else "a"
        raise ImageError(param, f"Only user messages may carry images; {param} is in "
                         f"{article} {role} message.", "invalid_value")
    if not sees_images(engine):
        raise ImageError(param, TEXT_ONLY, "model_not_multimodal")


def from_url(url: Any, param: str) -> Picture:
    """An image sent as a URL, which must be a ``data:`` URL of base64 image bytes."""
    if not isinstance(url, str) or not url:
        raise ImageError(param, f"{param} needs the image as a data URL "
                         "(data:image/png;base64,...).", "invalid_type")
    if url[:5].lower() != "data:":
        raise ImageError(param, f"Orchard never fetches remote URLs (it works offline), so "
                         f"it cannot read the image at {param}; {SEND_DATA_URL}.",
                         "invalid_image_url")
    head, comma, payload = url[5:].partition(",")
    kind, *options = (p.strip().lower() for p in head.split(";"))
    if not comma or "base64" not in options:
        raise ImageError(param, f"{param} is not a base64 data URL; {SEND_DATA_URL}.",
                         "invalid_image_url")
    return from_base64(payload, param, kind)


def from_base64(data: Any, param: str, media_type: Any = "image/*") -> Picture:
    """An image sent as base64 text, with its media type (any ``image/*``)."""
    if not isinstance(media_type, str) or not media_type.lower().startswith("image/"):
        raise ImageError(param, f"{param} is {media_type or 'data'!s}, not an image; send "
                         "PNG, JPEG, GIF or WebP (image/...).", "invalid_image")
    if not isinstance(data, str):
        raise ImageError(param, f"{param} needs the image's bytes in base64.", "invalid_type")
    try:
        raw = base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ImageError(param, f"{param} is not valid base64 data.") from None
    if not raw:
        raise ImageError(param, f"{param} holds no image data.")
    return Picture(raw, param)


def decode(pictures: list[Picture]) -> list[bytes]:
    """Each image decoded, upright and at most 2,048 pixels a side, as PNG or JPEG bytes."""
    if len(pictures) > MAX_IMAGES:
        raise ImageError(pictures[MAX_IMAGES].param, f"A request may carry at most "
                         f"{MAX_IMAGES} images; this one has {len(pictures)}.", "invalid_value")
    out = []
    for picture in pictures:
        try:
            out.append(image_from_bytes(picture.data, picture.param).data)
        except AttachmentError as exc:
            raise ImageError(picture.param, str(exc)) from None
    return out
