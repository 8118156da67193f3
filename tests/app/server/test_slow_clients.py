"""Slow, idle and half-closing clients against a real server on loopback, with an engine that
never loads a model (the connection guards are all that is tested here).

Timing never decides a result: where a test waits for the request deadline it is set to a
fraction of a second and the test only reads until the server acts; every other test sets the
deadline far beyond its own run, so only the connection limits can explain what it sees. Every
socket has a timeout, a safety net against hangs.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from app.server.app import BackgroundServer
from app.server.guard import ServerConfig
from inference.engine import Event, GenerationRequest
from inference.types import GenerationChunk

WAIT = 10  # seconds: a safety net against hangs, never a timing assumption
LONG = 600.0  # a request deadline no test reaches
HEADERS = b"Host: 127.0.0.1\r\nContent-Type: application/json\r\n"
CHAT = json.dumps({"model": "fake", "messages": [{"role": "user", "content": "hi"}]}).encode()


class Silent:
    """An engine that takes requests and answers only when the test says so."""

    model_ids = ("fake",)
    model_id = "fake"
    context_length = 512
    chat_template = "{{ messages }}"

    def __init__(self) -> None:
        self.sinks: list[Callable[[Event], None]] = []
        self.submitted = threading.Semaphore(0)

    class _Job:
        def cancel(self) -> None:
            pass

    def submit(self, request: GenerationRequest, sink: Callable[[Event], None]) -> Any:
        self.sinks.append(sink)
        self.submitted.release()
        return self._Job()


@contextmanager
def serving(**settings: Any) -> Iterator[tuple[BackgroundServer, Silent]]:
    engine = Silent()
    settings.setdefault("idle_timeout_s", LONG)
    with BackgroundServer(engine, ServerConfig(port=0, **settings)) as srv:  # type: ignore[arg-type]
        yield srv, engine


def connect(srv: BackgroundServer, source: str = "127.0.0.1") -> socket.socket:
    return socket.create_connection((srv.host, srv.port), timeout=WAIT, source_address=(source, 0))


def read_all(s: socket.socket) -> bytes:
    """Everything the server sends until it closes (a reset counts as a close)."""
    data = b""
    try:
        while piece := s.recv(65536):
            data += piece
    except ConnectionResetError:
        pass
    return data


def get(srv: BackgroundServer, path: str, source: str = "127.0.0.1") -> tuple[int, bytes]:
    """A request on a fresh connection that asks to be closed: (status, body)."""
    with connect(srv, source) as s:
        s.sendall(b"GET %s HTTP/1.1\r\n%sConnection: close\r\n\r\n" % (path.encode(), HEADERS))
        head, _, body = read_all(s).partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def chat_request(length: int | None = None) -> bytes:
    return (b"POST /v1/chat/completions HTTP/1.1\r\n%sContent-Length: %d\r\n\r\n"
            % (HEADERS, len(CHAT) if length is None else length))


def read_response(s: socket.socket) -> bytes:
    """One whole response (it has a Content-Length), leaving the connection open."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(65536) or b"!"  # "!": closed early, a failure below
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
    while len(body) < length:
        body += s.recv(65536) or b"!"
    return head + b"\r\n\r\n" + body


def _until(condition: Callable[[], bool]) -> None:
    """Wait for the server's own thread to reach a state (bounded; never a timing guess)."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.01)


def _in_service(srv: BackgroundServer) -> list[Any]:
    """The server's connections whose request headers it has read."""
    return [c for c in list(srv.server.server_state.connections)
            if getattr(c, "cycle", None) is not None]


# --- the deadline covers the body ---------------------------------------------------------
def test_a_body_that_never_arrives_is_answered_408_and_closed() -> None:
    """``Content-Length: 100`` and 7 bytes used to get neither a reply nor a close."""
    with serving(idle_timeout_s=0.5) as (srv, _), connect(srv) as s:
        s.sendall(chat_request(100) + b'{"mode')
        answer = read_all(s)  # returns once the server closes
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 ")
    error = json.loads(body)["error"]
    assert error["code"] == "request_timeout" and error["type"] == "invalid_request_error"


def test_a_trickled_body_gets_no_more_time_than_a_whole_request() -> None:
    """The deadline is one for headers and body: a byte now and then does not renew it."""
    with serving(idle_timeout_s=0.5) as (srv, _), connect(srv) as s:
        s.sendall(chat_request(100))
        start = time.monotonic()
        answer = b""
        for _ in range(100):  # a byte each time the server has said nothing for 0.1 s
            s.settimeout(0.1)
            try:
                answer = s.recv(65536)
                break
            except TimeoutError:
                s.sendall(b" ")
        s.settimeout(WAIT)
        answer += read_all(s)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert time.monotonic() - start < 5  # not 100 x 0.1 s: the trickle did not keep it


def test_the_deadline_starts_again_after_each_response() -> None:
    with serving(idle_timeout_s=0.5) as (srv, _), connect(srv) as s:
        s.sendall(b"GET /health HTTP/1.1\r\n" + HEADERS + b"\r\n")
        assert read_response(s).startswith(b"HTTP/1.1 200 ")
        s.sendall(b"GET /health HTTP/1.1\r\n" + HEADERS)  # never finished
        assert read_all(s) == b""  # closed after the deadline, without a reply


# --- slow clients cannot lock others out --------------------------------------------------
def test_slow_bodies_on_loopback_cannot_lock_out_health() -> None:
    """63 loopback connections sending a body slowly made every request, /health included,
    a 503 for as long as they lasted. Now one address holds 16 connections, and the one that
    has waited longest for its request makes room for a new one."""
    with serving() as (srv, _):
        slow: list[socket.socket] = []
        try:
            for _ in range(63):
                slow.append(connect(srv))
                slow[-1].sendall(chat_request(100) + b"{")
            assert get(srv, "/health") == (200, b'{"status":"ok","model":"fake"}')
            assert get(srv, "/v1/models")[0] == 200
            # the longest-waiting went: a 408 if the server had read its headers, else a close
            first = read_all(slow[0])
            assert first == b"" or first.startswith(b"HTTP/1.1 408 ")
        finally:
            for s in slow:
                s.close()


def test_reopened_slow_headers_cannot_hold_the_pool() -> None:
    """Clients that keep opening connections with unfinished headers, from many loopback
    addresses, take every place the server has, over and over; a fresh request still gets in."""
    with serving(max_connections=8) as (srv, _):
        slow: list[socket.socket] = []
        try:
            for i in range(40):
                s = connect(srv, f"127.0.0.{2 + i % 20}")
                s.sendall(b"GET /health HTTP/1.1\r\n")  # never finished
                slow.append(s)
            assert get(srv, "/health")[0] == 200
            assert read_all(slow[0]) == b""  # the longest-waiting went: closed, no answer
        finally:
            for s in slow:
                s.close()


def test_a_slow_body_making_room_is_answered_408() -> None:
    with serving(max_connections_per_client=1) as (srv, _), connect(srv) as slow:
        slow.sendall(chat_request(100) + b"{")
        _until(lambda: len(_in_service(srv)) == 1)  # its headers are read: a body is awaited
        assert get(srv, "/health")[0] == 200
        answer = read_all(slow)
    assert answer.startswith(b"HTTP/1.1 408 ") and b"request_timeout" in answer


def test_an_address_whose_connections_are_all_answered_is_refused_at_once() -> None:
    """When every connection of an address has a request being answered, its next connection
    reads a 503 at once and is closed, and another address is served as before."""
    with serving(max_connections_per_client=2) as (srv, engine):
        busy = [connect(srv) for _ in range(2)]
        try:
            for s in busy:
                s.sendall(chat_request() + CHAT)
                assert engine.submitted.acquire(timeout=WAIT)  # being answered
            status, body = get(srv, "/health")
            assert status == 503
            assert json.loads(body)["error"]["code"] == "too_many_connections"
            assert get(srv, "/health", source="127.0.0.2")[0] == 200
        finally:
            for s in busy:
                s.close()


def test_a_full_pool_of_requests_being_answered_refuses_at_once() -> None:
    with serving(max_connections=2) as (srv, engine):
        busy = [connect(srv, f"127.0.0.{n}") for n in (2, 3)]
        try:
            for s in busy:
                s.sendall(chat_request() + CHAT)
                assert engine.submitted.acquire(timeout=WAIT)
            status, body = get(srv, "/health")
            assert status == 503
            assert json.loads(body)["error"]["code"] == "too_many_connections"
        finally:
            for s in busy:
                s.close()


# --- a client that half-closes --------------------------------------------------------------
def test_a_client_that_half_closes_after_its_request_gets_its_reply() -> None:
    with serving() as (srv, engine), connect(srv) as s:
        s.sendall(chat_request() + CHAT)
        assert engine.submitted.acquire(timeout=WAIT)
        s.shutdown(socket.SHUT_WR)  # done sending; still reading
        # the server has seen the end of the client's side: the connection is gone (as it
        # used to be), or marked to close after its reply
        _until(lambda: not any(c.cycle.keep_alive for c in _in_service(srv)))
        engine.sinks[0](GenerationChunk(text="hello", finish_reason="stop",
                                        prompt_tokens=3, generation_tokens=1))
        answer = read_all(s)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ")
    assert json.loads(body)["choices"][0]["message"]["content"] == "hello"


def test_a_half_close_before_a_whole_request_is_closed(caplog: pytest.LogCaptureFixture
                                                       ) -> None:
    with serving() as (srv, _), connect(srv) as s:
        s.sendall(chat_request(100) + b"{")
        _until(lambda: len(_in_service(srv)) == 1)
        s.shutdown(socket.SHUT_WR)
        assert read_all(s) == b""  # the request can never be whole
        _until(lambda: not srv.server.server_state.connections)
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
