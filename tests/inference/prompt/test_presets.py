"""Template presets, where a template comes from, overrides, and broken templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from inference.errors import OrchardError
from inference.paths import config_dir
from inference.prompt.presets import (
    Override,
    TemplateChoice,
    choose_template,
    get_override,
    get_preset,
    preset_names,
    recognise,
    reset_override,
    set_override,
)
from inference.prompt.templates import ChatTemplate, TemplateRenderError, render

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "templates"
SPECIALS = {"llama3": ("<|begin_of_text|>", "<|eot_id|>"), "gemma": ("<bos>", "<eos>")}
CONVERSATION = [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "What is the capital of France?"},
    {"role": "assistant", "content": "Paris."},
    {"role": "user", "content": "And of Japan?\nAnswer briefly."},
]
CHATML_TOKENS = {"<|im_start|>": 1, "<|im_end|>": 2}


def test_every_preset_has_a_golden_file() -> None:
    expected = {"alpaca", "vicuna", "llama2", "mistral", "chatml", "llama3", "gemma", "phi3",
                "japanese-instruct", "plain"}
    assert expected <= set(preset_names())
    assert {p.stem for p in GOLDEN.glob("*.txt")} == set(preset_names())


@pytest.mark.parametrize("name", preset_names())
def test_preset_renders_its_golden_file(name: str) -> None:
    bos, eos = SPECIALS.get(name, ("<s>", "</s>"))
    text = render(get_preset(name).template, CONVERSATION, bos_token=bos, eos_token=eos)
    assert text == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")


def test_presets_carry_their_stop_strings() -> None:
    assert get_preset("alpaca").stop == ["### Instruction:"]
    assert "<|im_end|>" in get_preset("chatml").stop
    assert any("ユーザー" in s for s in get_preset("japanese-instruct").stop)


def test_unknown_preset_is_a_clear_error() -> None:
    with pytest.raises(OrchardError, match="no template preset called 'nope'"):
        get_preset("nope")


@pytest.mark.parametrize(
    ("name", "arch", "tokens", "expected"),
    [
        ("SmolLM2", "llama", {"<|im_start|>", "<|im_end|>"}, "chatml"),
        ("Meta-Llama-3-8B", "llama", {"<|start_header_id|>", "<|eot_id|>"}, "llama3"),
        ("gemma-2-2b-it", "gemma2", {"<start_of_turn>"}, "gemma"),
        ("Phi-3-mini", "phi3", {"<|user|>", "<|end|>"}, "phi3"),
        ("Mistral-7B-Instruct-v0.2", "llama", {"<s>", "</s>"}, "mistral"),
        ("Llama-2-7b-chat", "llama", {"<s>", "</s>"}, "llama2"),
        ("vicuna-7b-v1.5", "llama", {"<s>"}, "vicuna"),
        ("alpaca-native", "llama", {"<s>"}, "alpaca"),
        ("rinna japanese-gpt-neox-3.6b-instruction-sft", "gptneox", {"</s>"}, "japanese-instruct"),
        ("some-base-model", "llama", set(), "plain"),
    ],
)
def test_models_without_a_template_are_recognised(
    name: str, arch: str, tokens: set[str], expected: str
) -> None:
    assert recognise(name, arch, tokens) == expected


def _choose(own: ChatTemplate | None, key: str = "model.gguf", **kw: str) -> TemplateChoice:
    return choose_template(model_key=key, own=own, name="SmolLM2", architecture="llama",
                           special_tokens=CHATML_TOKENS, **kw)


def test_source_order_override_then_own_then_preset() -> None:
    own = ChatTemplate("gguf", get_preset("chatml").template.text)
    assert _choose(own).source == "gguf"
    assert _choose(None).source == "preset:chatml"
    set_override("model.gguf", Override(preset="llama3", system_prompt="Be kind."))
    choice = _choose(own)
    assert choice.source == "override:llama3"
    assert choice.system_prompt == "Be kind."
    assert _choose(own, key="other.gguf").source == "gguf"
    assert _choose(own, requested="alpaca").source == "preset:alpaca"
    reset_override("model.gguf")
    assert _choose(own).source == "gguf"


def test_plain_fallback_when_nothing_is_recognised() -> None:
    choice = choose_template(model_key="x", own=None, name="base", architecture="llama",
                             special_tokens={})
    assert choice.source == "fallback"


def test_overrides_live_in_the_config_folder_and_survive_a_restart() -> None:
    set_override("m.gguf", Override(custom="{{ messages[0]['content'] }}", system_prompt="Hi"))
    assert (config_dir() / "templates.json").is_file()
    assert get_override("m.gguf") == Override(None, "{{ messages[0]['content'] }}", "Hi")
    assert _choose(None, key="m.gguf").source == "override"
    reset_override("m.gguf")
    assert get_override("m.gguf").is_empty()


def test_an_override_with_a_broken_template_is_refused_when_saved() -> None:
    with pytest.raises(TemplateRenderError):
        set_override("m.gguf", Override(custom="{% for %}"))
    with pytest.raises(OrchardError):
        set_override("m.gguf", Override(preset="does-not-exist"))


BROKEN = {
    "syntax error": "{% for message in messages %}{{ message['content'] }",
    "raise_exception": "{{ raise_exception('this template hates everyone') }}",
    "sandbox violation": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "runtime error": "{{ messages[99]['content'] | int / 0 }}",
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_broken_model_template_falls_back_to_a_preset(kind: str) -> None:
    choice = _choose(ChatTemplate("gguf", BROKEN[kind]))
    assert choice.source == "preset:chatml"
    notice = choice.notice
    assert notice and "gguf chat template" in notice and "ChatML preset" in notice
    assert "\n" not in notice


def test_a_template_that_refuses_a_system_role_is_kept() -> None:
    text = ("{% if messages[0]['role'] == 'system' %}{{ raise_exception('no system') }}{% endif %}"
            "{% for m in messages %}[{{ m['content'] }}]{% endfor %}")
    assert _choose(ChatTemplate("gguf", text)).source == "gguf"


def test_a_requested_file_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(OrchardError, match="neither a preset"):
        _choose(None, requested=str(tmp_path / "missing.jinja"))
    custom = tmp_path / "mine.jinja"
    custom.write_text("{% for m in messages %}{{ m['content'] }}{% endfor %}")
    assert _choose(None, requested=str(custom)).source == "file:mine.jinja"


def test_a_full_disk_keeps_the_saved_override_and_leaves_no_temp_file(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    from inference.files import DiskFullError

    set_override("model.gguf", Override(preset="llama3"))
    folder = config_dir()
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(DiskFullError, match=r"^The disk holding .* is full, so Orchard could "
                                            r"not save the model's template; free some space"):
        set_override("model.gguf", Override(preset="chatml"))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert get_override("model.gguf").preset == "llama3"
