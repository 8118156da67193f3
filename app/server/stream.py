"""The one streaming loop: a job's events, written by one :class:`Encoder` per API.

:func:`stream` walks a job's events (chunks, a failure, or a quiet keep-alive interval) and
asks the request's encoder what each one is on the wire; the encoder keeps the reply's state
(the open content block, the tool calls read so far, a sequence number), as llama.cpp's
server keeps one result state per API with ``update()`` and ``to_json()``. The same encoder
writes the whole (non-streamed) answer with :meth:`Encoder.whole`. Leaving the loop, by its
end or by the client going away (StreamingResponse cancels the iterator), cancels the job.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol

from starlette.responses import StreamingResponse

from app.server.errors import ApiError, job_error
from inference.engine import Event, JobFailed
from inference.types import GenerationChunk, TokenLogprob

#: An SSE comment: clients skip it, but it keeps the connection (and proxies) awake.
KEEPALIVE = ": keep-alive\n\n"
SSE = "text/event-stream"
NDJSON = "application/x-ndjson"


def sse(data: dict[str, Any] | str, event: str | None = None) -> str:
    """One server-sent event (with an event name, as Anthropic's and the Responses streams
    have)."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return (f"event: {event}\n" if event else "") + f"data: {text}\n\n"


class Encoder(Protocol):
    """One reply in one API's shape. Each streaming method returns the pieces to write, in
    order (each is written as it is; an empty list writes nothing)."""

    #: the stream's media type: :data:`SSE` or :data:`NDJSON`
    media_type: str

    def start(self, first: Event | None) -> list[str]:
        """The stream's opening, once the job is accepted (``first``: its first event, or
        None while it waits its turn)."""
        ...

    def keepalive(self) -> list[str]:
        """A keep-alive interval passed with nothing to say."""
        ...

    def update(self, chunk: GenerationChunk) -> list[str]:
        """A piece of the reply (not its last)."""
        ...

    def finish(self, last: GenerationChunk) -> list[str]:
        """The reply's last chunk (its text included), and the stream's end."""
        ...

    def fail(self, error: ApiError) -> list[str]:
        """The generation broke off: the error, and the stream's end."""
        ...

    def whole(self, text: str, last: GenerationChunk, logprobs: list[TokenLogprob]
              ) -> dict[str, Any]:
        """The whole reply as one JSON answer (not streamed)."""
        ...


async def stream(encoder: Encoder, first: Event | None, job: Any,
                 next_event: Callable[[], Awaitable[Event | None]]) -> AsyncIterator[str]:
    """The job's events as ``encoder`` writes them, from ``first`` to its last chunk or its
    failure; ``next_event`` gives None when a keep-alive interval passes without one."""
    try:
        for piece in encoder.start(first):
            yield piece
        event = first
        while True:
            done = False
            pieces: list[str] = []
            if event is None:
                pieces = encoder.keepalive()
            elif isinstance(event, JobFailed):
                pieces, done = encoder.fail(job_error(event)), True
            elif isinstance(event, GenerationChunk):
                done = event.finish_reason is not None
                pieces = encoder.finish(event) if done else encoder.update(event)
            for piece in pieces:  # other events (the prompt's progress) write nothing
                yield piece
            if done:
                return
            event = await next_event()
    finally:
        job.cancel()  # a no-op once the job has finished


def event_stream(body: AsyncIterator[str], media_type: str = SSE) -> StreamingResponse:
    return StreamingResponse(body, media_type=media_type,
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
                             if media_type == SSE else None)


__all__ = ["KEEPALIVE", "NDJSON", "SSE", "Encoder", "event_stream", "sse", "stream"]
