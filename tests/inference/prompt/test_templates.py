"""A chat template comes from a downloaded file: it runs with time, memory and size budgets.

Each hostile template below used to hang Orchard or eat gigabytes (during the model load,
and in the Settings preview). Now each fails in one sentence within the budget, the model
falls back to a preset, and the sandbox still refuses escapes.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from inference.prompt.templates import (
    RENDER_MEMORY,
    RENDER_SECONDS,
    ChatTemplate,
    TemplateRenderError,
    render,
)

HOSTILE = {
    "string times 10**10": "{{ 'a' * 10**10 }}",
    "tower of powers": "{{ (9 ** (9 ** 9)) }}",
    "nested range loops": "{% for i in range(100000) %}{% for j in range(100000) %}"
                          "{% endfor %}{% endfor %}",
    "exponential macro": "{% macro f(n) %}{% if n > 0 %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}"
                         "{% endmacro %}{{ f(40) }}",
    "lipsum": "{{ lipsum(n=10**6) }}",
    "indent 10**9": "{{ 'x' | indent(10**9) }}",
    "our tojson with a huge indent": "{{ messages | tojson(indent=10**9) }}",
    "doubling a string": "{% set ns = namespace(s='ab') %}{% for i in range(60) %}"
                         "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    "format width": "{{ '%0999999999d' | format(1) }}",
    "str.format width": "{{ '{:>999999999}'.format('x') }}",
    "replace blow-up": "{% set ns = namespace(s='a') %}{% for i in range(40) %}"
                       "{% set ns.s = ns.s|replace('a', 'aaaa') %}{% endfor %}{{ ns.s }}",
    "center": "{{ 'x' | center(10**9) }}",
    "huge output": "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
}
ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ messages.append(1) }}",
]
MESSAGES = [{"role": "user", "content": "hi"}]


def _rss_peak() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_template_is_stopped_within_its_budget(name: str) -> None:
    before = _rss_peak()
    start = time.monotonic()
    with pytest.raises(TemplateRenderError) as info:
        render(ChatTemplate("gguf", HOSTILE[name]), MESSAGES)
    assert time.monotonic() - start < RENDER_SECONDS + 1.5
    assert _rss_peak() - before < 3 * RENDER_MEMORY
    message = str(info.value)
    assert message.startswith("The gguf chat template was stopped: it needed ")
    assert "\n" not in message


@pytest.mark.parametrize("text", ESCAPES)
def test_the_sandbox_still_refuses_escapes(text: str) -> None:
    with pytest.raises(TemplateRenderError):
        render(ChatTemplate("gguf", text), MESSAGES)


def test_an_ordinary_template_with_a_long_conversation_renders_fast() -> None:
    text = ("{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content | trim }}<|im_end|>\n"
            "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
    messages = [{"role": "user" if i % 2 == 0 else "assistant", "content": "word " * 200}
                for i in range(400)]
    start = time.monotonic()
    out = render(ChatTemplate("gguf", text), messages)
    assert time.monotonic() - start < 1.0
    assert out.count("<|im_start|>") == 401


def test_a_model_whose_template_is_hostile_falls_back_to_a_preset(
    tiny_gguf: Callable[..., Path], tmp_path: Path
) -> None:
    from inference.model.load import load_model
    from tests.fixtures.gguf_edit import edit_gguf

    bad = edit_gguf(tiny_gguf("llama", "Q8_0"), tmp_path / "hostile.gguf",
                    {"tokenizer.chat_template": HOSTILE["nested range loops"]})
    start = time.monotonic()
    loaded = load_model(bad)
    assert time.monotonic() - start < 3 * RENDER_SECONDS + 5
    assert loaded.template.source.startswith("preset:")
    assert loaded.choice.notice and "\n" not in loaded.choice.notice
