"""The guards on their own, in front of a one-route app (test_app.py covers them through a
real server, and the connection guards against raw sockets)."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from app.server.guard import (
    ServerConfig,
    ServerConfigError,
    check_config,
    guard_middleware,
    is_loopback,
)


def guarded(config: ServerConfig) -> TestClient:
    async def ok(request: Request) -> Response:
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/", ok)], middleware=guard_middleware(config))
    return TestClient(app, base_url="http://localhost")


@pytest.mark.parametrize(("host", "loopback"), [
    ("localhost", True), ("127.0.0.1", True), ("[::1]", True), ("127.8.0.1", True),
    ("0.0.0.0", False), ("192.168.1.2", False), ("example.com", False),
])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_check_config() -> None:
    check_config(ServerConfig())
    check_config(ServerConfig(host="0.0.0.0", api_key="k"))
    with pytest.raises(ServerConfigError, match="without an API key"):
        check_config(ServerConfig(host="0.0.0.0"))
    with pytest.raises(ServerConfigError, match="--port"):
        check_config(ServerConfig(port=70000))


def test_host_and_origin() -> None:
    client = guarded(ServerConfig(allowed_hosts=["mac.local"]))
    assert client.get("/").text == "ok"
    assert client.get("/", headers={"host": "mac.local:8000"}).status_code == 200
    refused = client.get("/", headers={"host": "evil.example"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "host_not_allowed"
    page = client.get("/", headers={"origin": "http://evil.example"})
    assert page.status_code == 403 and page.json()["error"]["code"] == "origin_not_allowed"


def test_configured_origin_gets_cors() -> None:
    client = guarded(ServerConfig(cors_origins=["http://app.example"]))
    answer = client.get("/", headers={"origin": "http://app.example"})
    assert answer.headers["access-control-allow-origin"] == "http://app.example"
    # the preflight of the OpenAI JS SDK in a browser: its x-stainless-* headers are allowed
    asked = "authorization, content-type, x-stainless-os, x-stainless-retry-count"
    preflight = client.options("/", headers={
        "origin": "http://app.example", "access-control-request-method": "POST",
        "access-control-request-headers": asked})
    assert preflight.status_code == 200
    allowed = preflight.headers["access-control-allow-headers"].lower()
    assert all(h.strip() in allowed for h in asked.split(","))
    stranger = client.options("/", headers={
        "origin": "http://evil.example", "access-control-request-method": "POST",
        "access-control-request-headers": asked})
    assert stranger.status_code == 403


def test_api_key() -> None:
    client = guarded(ServerConfig(api_key="k"))
    missing = client.get("/")
    assert missing.status_code == 401
    assert missing.json()["error"] == {
        "message": "Missing or wrong API key; send it as 'Authorization: Bearer KEY' or "
                   "'x-api-key: KEY'.",
        "type": "authentication_error", "param": None, "code": "invalid_api_key"}
    assert client.get("/", headers={"authorization": "Bearer k"}).text == "ok"
    # Anthropic's clients send x-api-key; a wrong key in either header is still refused
    assert client.get("/", headers={"x-api-key": "k"}).text == "ok"
    assert client.get("/", headers={"x-api-key": "K"}).status_code == 401
    assert client.get("/", headers={"authorization": "Bearer x", "x-api-key": "y"}
                      ).status_code == 401
    # launchers probe /health without a key
    assert client.get("/health").status_code != 401
