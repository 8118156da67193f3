"""Images through the API (issue 26): a tiny random-weight Qwen2-VL model (mlx-vlm) behind a real
engine and server, called with the official ``openai``, ``anthropic`` and ``ollama`` packages.
An image is sent inside the request (a data URL, or base64 data), never fetched; it is decoded
and counted in the prompt. The refusals are one sentence each (a text model's
``model_not_multimodal`` is tested with the other modules' text models)."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anthropic
import httpx
import ollama
import openai
import pytest

from app.server.app import BackgroundServer
from app.server.guard import ServerConfig
from app.server.images import MAX_IMAGES
from inference.engine import Engine
from inference.model.load import load_model

WAIT = 60  # seconds: a safety net against hangs, never a timing assumption


@pytest.fixture(scope="module")
def vlm_engine(tiny_vlm: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with pytest.MonkeyPatch.context() as mp:  # no per-model overrides from the real config
        mp.setenv("ORCHARD_HOME", str(tmp_path_factory.mktemp("orchard_home")))
        engine = Engine(lambda: load_model(tiny_vlm), max_waiting=2)
        engine.start()
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def server(vlm_engine: Engine) -> Iterator[BackgroundServer]:
    with BackgroundServer(vlm_engine, ServerConfig(port=0)) as srv:
        yield srv


@pytest.fixture()
def client(server: BackgroundServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0,
                         timeout=WAIT)


@pytest.fixture()
def claude(server: BackgroundServer) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=server.url, api_key="unused", max_retries=0,
                               timeout=WAIT)


@pytest.fixture(scope="module")
def png(image_bytes: Callable[..., bytes]) -> bytes:
    return image_bytes()


@pytest.fixture(scope="module")
def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def ask(client: openai.OpenAI, engine: Engine, content: Any, **kw: Any) -> Any:
    return client.chat.completions.create(
        model=engine.model_id, max_tokens=4, temperature=0,
        messages=[{"role": "user", "content": content}], **kw)


def picture(url: str, **extra: Any) -> dict[str, Any]:
    return {"type": "image_url", "image_url": {"url": url, **extra}}


QUESTION = {"type": "text", "text": "What is in this picture?"}


def test_the_engine_knows_it_loaded_a_vision_model(vlm_engine: Engine) -> None:
    assert vlm_engine.model_info is not None and vlm_engine.model_info.vision


# --- Chat Completions ---------------------------------------------------------------------
def test_a_data_url_image_is_answered_and_its_tokens_are_counted(
    client: openai.OpenAI, vlm_engine: Engine, data_url: str
) -> None:
    alone = ask(client, vlm_engine, [QUESTION])
    seen = ask(client, vlm_engine, [QUESTION, picture(data_url, detail="high")])
    assert seen.object == "chat.completion"
    assert isinstance(seen.choices[0].message.content, str)
    assert seen.choices[0].finish_reason in ("stop", "length")
    assert seen.usage is not None and alone.usage is not None
    # the image's tokens (the tiny model's processor makes 1 to 4), between two markers
    assert seen.usage.prompt_tokens >= alone.usage.prompt_tokens + 3


def test_two_images_count_more_than_one(client: openai.OpenAI, vlm_engine: Engine,
                                        data_url: str,
                                        image_bytes: Callable[..., bytes]) -> None:
    other = "data:image/jpeg;base64," + base64.b64encode(
        image_bytes(seed=1, fmt="JPEG")).decode()
    one = ask(client, vlm_engine, [QUESTION, picture(data_url)])
    two = ask(client, vlm_engine, [picture(data_url), QUESTION, picture(other)])
    assert two.usage.prompt_tokens > one.usage.prompt_tokens


def test_a_streamed_reply_to_an_image(client: openai.OpenAI, vlm_engine: Engine,
                                      data_url: str) -> None:
    alone = ask(client, vlm_engine, [QUESTION])
    chunks = list(ask(client, vlm_engine, [QUESTION, picture(data_url)], stream=True,
                      stream_options={"include_usage": True}))
    assert chunks[0].choices[0].delta.role == "assistant"
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] in ("stop", "length")
    usage = chunks[-1].usage
    assert usage is not None and usage.prompt_tokens > alone.usage.prompt_tokens


def test_a_remote_url_is_never_fetched(client: openai.OpenAI, vlm_engine: Engine) -> None:
    for url in ("https://example.com/cat.png", "http://127.0.0.1:1/cat.png", "file:///etc/x"):
        with pytest.raises(openai.BadRequestError) as info:
            ask(client, vlm_engine, [QUESTION, picture(url)])
        assert info.value.status_code == 400
        assert "never fetches remote URLs" in info.value.message
        assert "data:image/png;base64," in info.value.message
        assert info.value.code == "invalid_image_url"
        assert info.value.param == "messages[0].content[1]"


@pytest.mark.parametrize(("url", "says"), [
    ("data:image/png;base64,not base64!!", "is not valid base64 data"),
    ("data:image/png;base64," + base64.b64encode(b"hello, not a picture").decode(),
     "is not an image Orchard can read"),
    ("data:image/png;base64,", "holds no image data"),
    ("data:image/png,rawbytes", "is not a base64 data URL"),
    ("data:text/plain;base64,aGVsbG8=", "is text/plain, not an image"),
])
def test_what_is_not_an_image_is_400_in_one_sentence(client: openai.OpenAI, vlm_engine: Engine,
                                                     url: str, says: str) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        ask(client, vlm_engine, [QUESTION, picture(url)])
    assert info.value.status_code == 400
    assert says in info.value.message
    assert info.value.body["message"].startswith("messages[0].content[1] ")  # type: ignore[index]


@pytest.mark.parametrize("role", ["system", "developer", "assistant"])
def test_only_user_messages_may_carry_images(client: openai.OpenAI, vlm_engine: Engine,
                                             data_url: str, role: str) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        client.chat.completions.create(model=vlm_engine.model_id, max_tokens=4, messages=[
            {"role": role, "content": [{"type": "text", "text": "Look."}, picture(data_url)]},
            {"role": "user", "content": "Hi"}])
    assert "Only user messages may carry images" in info.value.message
    assert info.value.param == "messages[0].content[1]"


def test_too_many_images_are_refused_before_any_is_decoded(
    client: openai.OpenAI, vlm_engine: Engine, data_url: str
) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        ask(client, vlm_engine, [QUESTION, *[picture(data_url)] * (MAX_IMAGES + 1)])
    assert f"at most {MAX_IMAGES} images" in info.value.message


def test_a_body_over_the_limit_is_413_in_one_sentence(vlm_engine: Engine, png: bytes,
                                                      data_url: str) -> None:
    with BackgroundServer(vlm_engine, ServerConfig(port=0, max_body_bytes=4 << 20)) as small:
        big = "data:image/png;base64," + base64.b64encode(png * ((4 << 20) // len(png))).decode()
        body = {"model": vlm_engine.model_id, "max_tokens": 2, "messages": [
            {"role": "user", "content": [QUESTION, picture(big)]}]}
        raw = httpx.post(f"{small.url}/v1/chat/completions", json=body, timeout=WAIT)
        assert raw.status_code == 413
        message = raw.json()["error"]["message"]
        assert "larger than the 4 MiB this server takes" in message
        assert "fewer or smaller images" in message
        body["messages"][0]["content"][1] = picture(data_url)  # and the server goes on
        assert httpx.post(f"{small.url}/v1/chat/completions", json=body,
                          timeout=WAIT).status_code == 200


def test_tokenize_counts_the_image_as_the_chat_would(server: BackgroundServer,
                                                     client: openai.OpenAI, vlm_engine: Engine,
                                                     data_url: str) -> None:
    content = [QUESTION, picture(data_url)]
    counted = httpx.post(f"{server.url}/tokenize", timeout=WAIT, json={
        "messages": [{"role": "user", "content": content}]}).json()["count"]
    assert counted == ask(client, vlm_engine, content).usage.prompt_tokens


# --- Responses ----------------------------------------------------------------------------
def respond(client: openai.OpenAI, engine: Engine, *parts: dict[str, Any]) -> Any:
    return client.responses.create(model=engine.model_id, max_output_tokens=4, temperature=0,
                                   input=[{"role": "user", "content": [
                                       {"type": "input_text", "text": "What is it?"}, *parts]}])


def test_responses_take_an_input_image(client: openai.OpenAI, vlm_engine: Engine,
                                       data_url: str) -> None:
    alone = respond(client, vlm_engine)
    seen = respond(client, vlm_engine,
                   {"type": "input_image", "image_url": data_url, "detail": "auto"})
    assert seen.status in ("completed", "incomplete")
    assert isinstance(seen.output_text, str)
    assert seen.usage is not None and alone.usage is not None
    assert seen.usage.input_tokens > alone.usage.input_tokens


@pytest.mark.parametrize(("part", "says", "param"), [
    ({"type": "input_image", "image_url": "https://example.com/a.png", "detail": "auto"},
     "never fetches remote URLs", "input[0].content[1]"),
    ({"type": "input_image", "file_id": "file-abc", "detail": "auto"},
     "keeps no files", "input[0].content[1]"),
    ({"type": "input_image", "image_url": "data:image/png;base64,@@@", "detail": "auto"},
     "is not valid base64 data", "input[0].content[1]"),
    ({"type": "input_image", "image_url": "data:image/png;base64,aGVsbG8=", "detail": "auto"},
     "is not an image Orchard can read", "input[0].content[1]"),
])
def test_responses_refuse_what_they_cannot_read(client: openai.OpenAI, vlm_engine: Engine,
                                                part: dict[str, Any], says: str,
                                                param: str) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        respond(client, vlm_engine, part)
    assert says in info.value.message
    assert info.value.param == param


def test_responses_take_images_from_user_messages_only(client: openai.OpenAI,
                                                       vlm_engine: Engine,
                                                       data_url: str) -> None:
    with pytest.raises(openai.BadRequestError, match="Only user messages may carry images"):
        client.responses.create(model=vlm_engine.model_id, max_output_tokens=4, input=[
            {"role": "developer", "content": [
                {"type": "input_image", "image_url": data_url, "detail": "auto"}]},
            {"role": "user", "content": "Hi"}])


# --- Anthropic Messages -------------------------------------------------------------------
def block(png: bytes, media_type: str = "image/png") -> dict[str, Any]:
    return {"type": "image", "source": {"type": "base64", "media_type": media_type,
                                        "data": base64.b64encode(png).decode()}}


def read(message: anthropic.types.Message) -> int:
    """The tokens a reply's prompt had, read now or from the cache."""
    return message.usage.input_tokens + (message.usage.cache_read_input_tokens or 0)


def test_anthropic_takes_a_base64_image(claude: anthropic.Anthropic, vlm_engine: Engine,
                                        png: bytes) -> None:
    text = {"type": "text", "text": "What is in this picture?"}
    alone = claude.messages.create(model=vlm_engine.model_id, max_tokens=4,
                                   messages=[{"role": "user", "content": [text]}])
    seen = claude.messages.create(model=vlm_engine.model_id, max_tokens=4,
                                  messages=[{"role": "user", "content": [block(png), text]}])
    assert seen.type == "message" and seen.stop_reason in ("end_turn", "max_tokens")
    assert read(seen) >= read(alone) + 3


def test_anthropic_streams_a_reply_to_an_image(claude: anthropic.Anthropic,
                                               vlm_engine: Engine, png: bytes) -> None:
    with claude.messages.stream(model=vlm_engine.model_id, max_tokens=4, messages=[
            {"role": "user", "content": [block(png), {"type": "text", "text": "Hi"}]}]) as s:
        final = s.get_final_message()
    assert final.stop_reason in ("end_turn", "max_tokens")


def test_an_image_in_a_tool_result_is_seen_after_it(claude: anthropic.Anthropic,
                                                    vlm_engine: Engine, png: bytes) -> None:
    """Claude Code reads an image file with a tool: the picture comes back in the result."""
    call = {"type": "tool_use", "id": "toolu_1", "name": "read", "input": {"path": "a.png"}}
    messages: list[Any] = [{"role": "user", "content": "Read a.png"},
                           {"role": "assistant", "content": [call]}]
    plain = claude.messages.create(model=vlm_engine.model_id, max_tokens=2, messages=[
        *messages, {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_1", "content": "done"}]}])
    seen = claude.messages.create(model=vlm_engine.model_id, max_tokens=2, messages=[
        *messages, {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_1", "content": [
                {"type": "text", "text": "done"}, block(png)]}]}])
    assert read(seen) >= read(plain) + 3


@pytest.mark.parametrize(("source", "says"), [
    ({"type": "url", "url": "https://example.com/a.png"}, "never fetches remote URLs"),
    ({"type": "file", "file_id": "file_1"}, "keeps no files"),
    ({"type": "base64", "media_type": "image/png", "data": "%%%"}, "is not valid base64"),
    ({"type": "base64", "media_type": "image/png", "data": "aGVsbG8="},
     "is not an image Orchard can read"),
    ({"type": "base64", "media_type": "application/pdf", "data": "aGVsbG8="},
     "is application/pdf, not an image"),
])
def test_anthropic_refuses_what_it_cannot_read_in_its_error_shape(
    server: BackgroundServer, claude: anthropic.Anthropic, vlm_engine: Engine,
    source: dict[str, Any], says: str
) -> None:
    messages = [{"role": "user", "content": [{"type": "image", "source": source},
                                             {"type": "text", "text": "Hi"}]}]
    with pytest.raises(anthropic.BadRequestError, match=says):
        claude.messages.create(model=vlm_engine.model_id, max_tokens=4,
                               messages=messages)  # type: ignore[arg-type]
    raw = httpx.post(f"{server.url}/v1/messages", timeout=WAIT, json={
        "model": vlm_engine.model_id, "max_tokens": 4, "messages": messages})
    assert raw.status_code == 400
    assert raw.json()["type"] == "error"
    assert raw.json()["error"]["type"] == "invalid_request_error"


def test_anthropic_takes_images_in_user_turns_only(claude: anthropic.Anthropic,
                                                   vlm_engine: Engine, png: bytes) -> None:
    with pytest.raises(anthropic.BadRequestError, match="Only user messages may carry images"):
        claude.messages.create(model=vlm_engine.model_id, max_tokens=4, messages=[
            {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": [block(png)]},
            {"role": "user", "content": "And?"}])
    with pytest.raises(anthropic.BadRequestError, match="Only user messages may carry images"):
        claude.messages.create(model=vlm_engine.model_id, max_tokens=4,
                               system=[block(png)],  # type: ignore[list-item]
                               messages=[{"role": "user", "content": "Hi"}])


# --- Ollama -------------------------------------------------------------------------------
def test_ollama_images_reach_a_vision_model(server: BackgroundServer, vlm_engine: Engine,
                                            png: bytes) -> None:
    client = ollama.Client(host=server.url, timeout=WAIT)
    out = client.chat(model=vlm_engine.model_id, options={"num_predict": 2}, messages=[
        {"role": "user", "content": "What is it?", "images": [png]}])
    assert out.done and out.message.role == "assistant"
    assert (out.prompt_eval_count or 0) > 8
