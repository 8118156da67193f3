"""OpenAI's Responses API (``POST /v1/responses``) through the official ``openai`` client
against a real server and engine: plain text whole and streamed, forced tool calls and their
results going back in, structured output checked with ``jsonschema``, max_output_tokens, a
generation that fails mid-stream, keep-alives and a client that leaves, and the parameters
Orchard refuses with 400.

The model is conftest's tiny random-weight Qwen 2 (``tool_engine``), whose chat template renders
tools; its choices are noise, so every shape checked is one a grammar enforces or the server
builds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import jsonschema
import openai
import pydantic
import pytest

from app.server.app import BackgroundServer
from app.server.guard import ServerConfig
from inference.engine import Engine, Event, GenerationRequest, JobFailed, PromptProgress
from inference.types import GenerationChunk
from tests.app.server.recording import Recording

WAIT = 60  # seconds: a safety net against hangs, never a timing assumption

WEATHER = {"type": "function", "name": "get_weather", "description": "The weather in a city now",
           "parameters": {"type": "object", "properties": {
               "city": {"type": "string", "maxLength": 20},
               "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
               "required": ["city", "unit"], "additionalProperties": False},
           "strict": True}
TIME = {"type": "function", "name": "get_time", "description": "The time in a time zone",
        "parameters": {"type": "object", "properties": {
            "zone": {"type": "string", "maxLength": 12}},
            "required": ["zone"], "additionalProperties": False},
        "strict": True}
SCHEMAS = {"get_weather": WEATHER["parameters"], "get_time": TIME["parameters"]}
PERSON = {"type": "object", "properties": {
    "name": {"type": "string", "maxLength": 12},
    "age": {"type": "integer", "minimum": 0, "maximum": 120},
    "member": {"type": "boolean"}},
    "required": ["name", "age", "member"], "additionalProperties": False}


@pytest.fixture(scope="module")
def recording(tool_engine: Engine) -> Recording:
    return Recording(tool_engine)


@pytest.fixture(scope="module")
def server(recording: Recording) -> Iterator[BackgroundServer]:
    with BackgroundServer(recording, ServerConfig(port=0)) as srv:  # type: ignore[arg-type]
        yield srv


@pytest.fixture()
def client(server: BackgroundServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0,
                         timeout=WAIT)


@pytest.fixture()
def model(tool_engine: Engine) -> str:
    return tool_engine.model_id


def types(events: list[Any]) -> list[str]:
    return [e.type for e in events]


# --- text -----------------------------------------------------------------------------------
def test_a_plain_answer_is_one_message_with_usage(client: openai.OpenAI, model: str) -> None:
    response = client.responses.create(model=model, input="Tell me about apples.",
                                       instructions="Answer briefly.", temperature=0,
                                       max_output_tokens=12, metadata={"case": "plain"})
    assert response.id.startswith("resp_") and response.object == "response"
    assert response.model == model and response.error is None
    assert response.status in ("completed", "incomplete")
    [message] = response.output
    assert message.type == "message" and message.role == "assistant"
    assert message.id.startswith("msg_")
    assert response.output_text == message.content[0].text
    usage = response.usage
    assert usage is not None and usage.input_tokens > 0 and 0 < usage.output_tokens <= 12
    assert usage.total_tokens == usage.input_tokens + usage.output_tokens
    assert response.instructions == "Answer briefly." and response.max_output_tokens == 12
    assert response.metadata == {"case": "plain"}
    assert response.temperature == 0 and response.tools == []


def test_the_stream_says_what_the_whole_answer_says(client: openai.OpenAI, model: str) -> None:
    ask: dict[str, Any] = {"model": model, "input": "Tell me about pears.", "temperature": 0,
                           "max_output_tokens": 10}
    whole = client.responses.create(**ask)
    events = list(client.responses.create(**ask, stream=True))
    assert [e.sequence_number for e in events] == list(range(len(events)))
    kinds = types(events)
    deltas = [e for e in events if e.type == "response.output_text.delta"]
    assert kinds[:4] == ["response.created", "response.in_progress",
                         "response.output_item.added", "response.content_part.added"]
    assert kinds[4:4 + len(deltas)] == ["response.output_text.delta"] * len(deltas)
    assert kinds[4 + len(deltas):] == [
        "response.output_text.done", "response.content_part.done",
        "response.output_item.done", f"response.{whole.status}"]
    added = events[2]
    assert added.type == "response.output_item.added"
    assert all(d.item_id == added.item.id for d in deltas)
    text = "".join(d.delta for d in deltas)
    done = events[-4]
    assert done.type == "response.output_text.done" and done.text == text
    final = events[-1].response
    assert final.output_text == text == whole.output_text  # greedy: the same reply
    assert final.id == events[0].response.id
    assert final.usage is not None and final.usage.output_tokens == whole.usage.output_tokens


def test_max_output_tokens_makes_an_incomplete_response(client: openai.OpenAI, model: str
                                                        ) -> None:
    response = client.responses.create(model=model, input="Go on and on.",
                                       temperature=0, max_output_tokens=3)
    assert response.status == "incomplete"
    assert response.incomplete_details is not None
    assert response.incomplete_details.reason == "max_output_tokens"
    assert response.usage is not None and response.usage.output_tokens == 3
    assert response.output[0].status == "incomplete"
    last = list(client.responses.create(model=model, input="Go on and on.",
                                        temperature=0, max_output_tokens=3, stream=True))[-1]
    assert last.type == "response.incomplete"
    assert last.response.output_text == response.output_text


# --- tools ----------------------------------------------------------------------------------
def test_a_required_call_is_a_function_call_item_and_its_output_goes_back(
    client: openai.OpenAI, model: str
) -> None:
    question = [{"role": "user", "content": "What is the weather in Paris?"}]
    first = client.responses.create(model=model, input=question,
                                    tools=[WEATHER, TIME], tool_choice="required",
                                    temperature=0.8, max_output_tokens=120,
                                    extra_body={"seed": 1})
    assert first.status == "completed" and first.output_text == ""
    [call] = first.output
    assert call.type == "function_call" and call.call_id and call.id
    assert call.id.startswith("fc_") and call.status == "completed"
    jsonschema.validate(json.loads(call.arguments), SCHEMAS[call.name])
    assert [t.name for t in first.tools] == ["get_weather", "get_time"]

    # the round trip: the call (as the SDK returned it) and its result go back in
    follow = question + [call, {"type": "function_call_output", "call_id": call.call_id,
                                "output": "18 C and sunny"}]
    second = client.responses.create(model=model, input=follow,
                                     tools=[WEATHER, TIME], tool_choice="none",
                                     temperature=0, max_output_tokens=8)
    assert second.output[0].type == "message"
    alone = client.responses.create(model=model, input=question,
                                    max_output_tokens=1)
    assert second.usage is not None and alone.usage is not None
    # the call and its result were rendered into the prompt
    assert second.usage.input_tokens > alone.usage.input_tokens + 10


def test_a_named_call_streams_as_function_call_events(client: openai.OpenAI, model: str) -> None:
    with client.responses.stream(model=model, input="What time is it in Tokyo?",
                                 tools=[WEATHER, TIME],
                                 tool_choice={"type": "function", "name": "get_time"},
                                 temperature=0.8, max_output_tokens=120,
                                 extra_body={"seed": 2}) as stream:
        events = list(stream)
        final = stream.get_final_response()
    assert [e for e in types(events) if "function_call" in e or "item" in e] == [
        "response.output_item.added", "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.output_item.done"]
    [call] = final.output
    assert call.type == "function_call" and call.name == "get_time"
    done = next(e for e in events if e.type == "response.function_call_arguments.done")
    assert done.arguments == call.arguments
    jsonschema.validate(json.loads(call.arguments), SCHEMAS["get_time"])


# --- structured output ----------------------------------------------------------------------
def test_a_json_schema_format_gives_valid_json(client: openai.OpenAI, model: str) -> None:
    for seed in range(4):
        response = client.responses.create(
            model=model, input="Describe a person as JSON.", temperature=1.0,
            max_output_tokens=200, extra_body={"seed": seed},
            text={"format": {"type": "json_schema", "name": "person", "schema": PERSON,
                             "strict": True}})
        assert response.status == "completed", response.output_text
        jsonschema.validate(json.loads(response.output_text), PERSON)
        assert response.text is not None and response.text.format is not None
        assert response.text.format.type == "json_schema"


def test_the_sdks_parse_and_stream_helpers_get_their_model(client: openai.OpenAI,
                                                           model: str) -> None:
    class Fruit(pydantic.BaseModel):
        name: str = pydantic.Field(max_length=10)
        ripe: bool

    parsed = client.responses.parse(model=model, input="A fruit, please.",
                                    text_format=Fruit, temperature=1.0,
                                    max_output_tokens=100, extra_body={"seed": 3})
    assert isinstance(parsed.output_parsed, Fruit)
    with client.responses.stream(model=model, input="A fruit, please.",
                                 text_format=Fruit, temperature=1.0, max_output_tokens=100,
                                 extra_body={"seed": 4}) as stream:
        final = stream.get_final_response()
    assert isinstance(final.output_parsed, Fruit)


def test_json_object_format(client: openai.OpenAI, model: str) -> None:
    response = client.responses.create(model=model, input="JSON please",
                                       temperature=0.7, max_output_tokens=300,
                                       text={"format": {"type": "json_object"}},
                                       extra_body={"seed": 5})
    assert isinstance(json.loads(response.output_text), dict)


# --- what is refused ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"previous_response_id": "resp_123"}, "previous_response_id"),
        ({"conversation": "conv_1"}, "conversation"),
        ({"background": True}, "background"),
        ({"include": ["message.output_text.logprobs"]}, "include"),
        ({"top_logprobs": 2}, "top_logprobs"),
        ({"frequency_penalty": 1}, "frequency_penalty"),  # a chat parameter, not a Responses one
        ({"tools": [{"type": "web_search"}]}, "tools[0]"),
        ({"tools": [{"type": "function"}]}, "tools[0].name"),
        ({"tools": [WEATHER], "tool_choice": {"type": "file_search"}}, "tool_choice"),
        ({"tools": [WEATHER], "tool_choice": {"type": "function", "name": "nope"}},
         "tool_choice"),
        ({"tool_choice": "required"}, "tool_choice"),
        ({"text": {"format": {"type": "json_schema", "name": "x"}}}, "text.format.schema"),
        ({"text": {"format": {"type": "xml"}}}, "text.format"),
        ({"text": {"verbosity": "low"}}, "text.verbosity"),
        ({"max_output_tokens": 0}, "max_output_tokens"),
        ({"temperature": 3}, "temperature"),
        ({"input": []}, "input"),
        ({"input": [{"role": "robot", "content": "hi"}]}, "input[0].role"),
        ({"input": [{"role": "user", "content": [
            {"type": "input_image", "image_url": "https://example.com/a.png"}]}]},
         "input[0].content[0]"),
        ({"input": [{"type": "item_reference", "id": "msg_1"}]}, "input[0]"),
        ({"input": [{"type": "function_call_output", "output": "42"}]}, "input[0].call_id"),
        ({"input": [{"type": "function_call", "call_id": "c", "name": "f", "arguments": "[1]"}]},
         "input[0].arguments"),
        ({"input": "\ud800"}, "input"),
    ],
)
def test_what_orchard_cannot_do_is_400_naming_the_parameter(
    server: BackgroundServer, client: openai.OpenAI, model: str, body: dict[str, Any],
    param: str,
) -> None:
    request = {"model": model, "input": "hi", **body}
    # json.dumps escapes a lone surrogate as \\ud800, as a client in another language would
    response = httpx.post(f"{server.url}/v1/responses", content=json.dumps(request),
                          headers={"Content-Type": "application/json"}, timeout=WAIT)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["param"] == param and error["type"] == "invalid_request_error"
    assert error["message"]
    assert client.responses.create(model=model, input="Still there?",
                                   max_output_tokens=2).output_text is not None


def test_previous_response_id_through_the_client(client: openai.OpenAI, model: str) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        client.responses.create(model=model, input="and then?", previous_response_id="resp_abc")
    assert "stores no responses" in str(info.value)
    assert info.value.code == "unsupported_parameter"


def test_chat_names_in_errors_become_responses_names(
    server: BackgroundServer, tool_engine: Engine, model: str
) -> None:
    long = "apple pear plum " * (tool_engine.context_length // 2)
    response = httpx.post(f"{server.url}/v1/responses", timeout=WAIT, json={
        "model": model, "input": long})
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "context_length_exceeded"
    assert error["param"] == "input"
    response = httpx.post(f"{server.url}/v1/responses", timeout=WAIT, json={
        "model": model, "input": "hi", "tools": [WEATHER], "tool_choice": "required",
        "text": {"format": {"type": "json_object"}}})
    error = response.json()["error"]
    assert error["param"] == "text.format" and "response_format" not in error["message"]


def test_bookkeeping_parameters_are_accepted(client: openai.OpenAI, model: str) -> None:
    response = client.responses.create(
        model=model, input=[{"role": "developer", "content": "Be kind."},
                            {"role": "user", "content": [{"type": "input_text", "text": "Hi"}]}],
        store=True, user="u1", parallel_tool_calls=False, truncation="disabled",
        include=[], reasoning={"effort": None}, background=False, max_output_tokens=2,
        service_tier="auto", safety_identifier="abc")
    assert response.to_dict()["store"] is False  # nothing is stored, whatever was asked
    assert response.user == "u1" and response.parallel_tool_calls is False


def test_what_a_coding_agent_sends_about_reasoning_is_accepted(client: openai.OpenAI,
                                                                model: str) -> None:
    """Codex CLI asks for a reasoning effort and for encrypted reasoning to be included; the
    models here have neither, so the answer is the plain answer, with no reasoning items."""
    response = client.responses.create(
        model=model, input="Hi", max_output_tokens=2, store=False,
        reasoning={"effort": "medium", "summary": "auto"},
        include=["reasoning.encrypted_content"])
    assert [item.type for item in response.output] == ["message"]


def test_without_a_model_the_loaded_one_answers(server: BackgroundServer, model: str) -> None:
    response = httpx.post(f"{server.url}/v1/responses", timeout=WAIT,
                          json={"input": "Hi", "max_output_tokens": 2})
    assert response.status_code == 200, response.text
    assert response.json()["model"] == model


# --- streams that wait, fail or are left ------------------------------------------------------
def test_keep_alives_come_before_a_slow_first_token(tool_engine: Engine, model: str) -> None:
    held = Recording(tool_engine, held=True)
    with BackgroundServer(held, ServerConfig(port=0, keepalive_s=0.05)) as srv:  # type: ignore[arg-type]
        body = {"model": model, "input": "Hi", "max_output_tokens": 3, "temperature": 0,
                "stream": True}
        with httpx.stream("POST", f"{srv.url}/v1/responses", json=body,
                          timeout=WAIT) as response:
            assert response.status_code == 200  # the headers, while the engine is held
            assert response.headers["content-type"].startswith("text/event-stream")
            lines = response.iter_lines()
            seen: list[str] = []
            for line in lines:
                seen.append(line)
                if line.startswith(":"):
                    break  # a keep-alive comment, before any token
            assert "event: response.created" in seen
            assert not any("output_text.delta" in s for s in seen)
            held.gate.set()  # the prompt is read: tokens flow
            rest = list(lines)
    assert {"event: response.completed", "event: response.incomplete"} & set(rest)


def test_a_client_that_leaves_cancels_its_generation(
    recording: Recording, client: openai.OpenAI, tool_engine: Engine, model: str
) -> None:
    before = len(recording.jobs)
    stream = client.responses.create(model=model, input="Go on", temperature=0,
                                     max_output_tokens=tool_engine.context_length, stream=True)
    for event in stream:
        if event.type == "response.output_text.delta":
            break
    stream.close()
    # the connection is closed: the server cancels the job and the engine takes the next one
    job = recording.jobs[before]
    assert job.done.wait(WAIT)
    result = job.result
    assert isinstance(result, GenerationChunk) and result.finish_reason == "stopped"
    assert result.generation_tokens < tool_engine.context_length // 2


class Failing:
    """An engine that accepts a request, says a little and then breaks off."""

    model_ids = ("fake",)
    model_id = "fake"
    context_length = 512
    chat_template = "{{ messages }}"

    class _Job:
        def cancel(self) -> None:
            pass

    def submit(self, request: GenerationRequest, sink: Callable[[Event], None]) -> Any:
        sink(PromptProgress(0, 4))
        sink(GenerationChunk(text="Hel"))
        sink(JobFailed("The model ran out of memory.", "server_error"))
        return self._Job()


def test_a_generation_that_breaks_off_ends_in_error_and_failed() -> None:
    with BackgroundServer(Failing(), ServerConfig(port=0)) as srv:  # type: ignore[arg-type]
        c = openai.OpenAI(base_url=f"{srv.url}/v1", api_key="x", max_retries=0, timeout=WAIT)
        events = list(c.responses.create(model="fake", input="Hi", stream=True))
    assert types(events)[-2:] == ["error", "response.failed"]
    error, failed = events[-2], events[-1]
    assert error.type == "error" and error.message == "The model ran out of memory."
    assert failed.type == "response.failed" and failed.response.status == "failed"
    assert failed.response.error is not None and failed.response.error.code == "server_error"
    assert failed.response.output_text == "Hel"


def test_an_input_image_for_a_text_only_model_is_400_saying_so(
    client: openai.OpenAI, model: str
) -> None:
    with pytest.raises(openai.BadRequestError, match="reads text only: it cannot see images"):
        client.responses.create(model=model, max_output_tokens=4, input=[
            {"role": "user", "content": [
                {"type": "input_text", "text": "What is this?"},
                {"type": "input_image", "image_url": "data:image/png;base64,AAAA"}]}])
