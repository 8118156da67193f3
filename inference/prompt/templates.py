"""Chat templates: the model's own Jinja template, rendered in jinja2's immutable sandbox.

A template is data from a downloaded file, so it never runs outside the sandbox: no
attribute access to Python internals, no mutation of the objects passed in. The sandbox
guards what a template may touch, not how long it runs or how much it builds, so a render
also has budgets (jinja2 has no such switch; this is ours):

- time: ``RENDER_SECONDS`` of wall time, checked on every line the compiled template runs;
- memory: the process may grow by at most ``RENDER_MEMORY`` while rendering, checked the same
  way, and the output may hold at most ``MAX_OUTPUT`` characters;
- single operations that would allocate or compute in one C call (``'a' * 10**10``,
  ``9 ** 9 ** 9``, ``indent(10**9)``, ``center``, ``format`` widths, ``lipsum``) are refused
  before they run.

Over budget, the render fails with a TemplateRenderError, and the caller falls back to a
preset as for any broken template.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from jinja2.filters import do_center, do_indent, do_wordwrap
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from inference.errors import OrchardError


def resources_dir() -> Path:
    """The ``resources`` folder: beside the packages in a checkout, in the bundle when frozen.

    A PyInstaller bundle keeps its data under ``sys._MEIPASS`` (``_internal/`` in the
    one-folder bundle, ``Contents/Frameworks`` in Orchard.app, whose data files are links into
    ``Contents/Resources``), and the spec collects ``resources/`` there.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


RESOURCES = resources_dir()
TEMPLATES_DIR = RESOURCES / "templates"


class TemplateRenderError(OrchardError):
    """A chat template that does not compile or fails while rendering."""


@dataclass(frozen=True)
class ChatTemplate:
    #: template_source: "gguf", "tokenizer_config", "chat_template.jinja", "override",
    #: "override:NAME", "preset:NAME", "file:NAME" or "fallback"
    source: str
    text: str


class _Refusal(Exception):
    """A template's own ``raise_exception(...)`` (e.g. "roles must alternate")."""


RENDER_SECONDS = 2.0
RENDER_MEMORY = 256 << 20
MAX_OUTPUT = 4 << 20  # characters; real prompts are a few hundred kilobytes at most
MAX_PIECE = 1 << 20  # one string or list made by one operation
MAX_WIDTH = 1000  # indent, center, wordwrap and format widths
MAX_POWER_BITS = 1 << 16


class _OverBudget(Exception):
    """A template that ran too long, built too much, or asked for a huge single result."""


def _raise_exception(message: str) -> None:
    raise _Refusal(message)


def _tojson(value: Any, indent: int | None = None, **_: Any) -> str:
    _check_width(indent)
    return json.dumps(value, ensure_ascii=False, indent=indent)


def _check_width(width: Any) -> None:
    size = len(width) if isinstance(width, str) else width
    if isinstance(size, int) and not isinstance(size, bool) and abs(size) > MAX_WIDTH:
        raise _OverBudget(f"a width of {size}")


def _sized(value: Any) -> int | None:
    return len(value) if isinstance(value, str | list | tuple) else None


def _limited(filter_: Callable[..., Any], *width_args: int) -> Callable[..., Any]:
    """A filter whose width arguments (by position after the value, or by name) are capped."""

    def run(value: Any, *args: Any, **kwargs: Any) -> Any:
        for i in width_args:
            if i < len(args):
                _check_width(args[i])
        for key in ("width", "indent"):
            _check_width(kwargs.get(key))
        return filter_(value, *args, **kwargs)

    return run


_FORMAT_WIDTH = re.compile(r"%[-+ #0]*(\*|\d+)")


class _LimitedEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with single oversized operations refused before they run."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(left) > 1 and right * max(abs(left).bit_length(), 1) > MAX_POWER_BITS:
                raise _OverBudget(f"{left} ** {right}")
        elif operator == "*":
            for seq, times in ((left, right), (right, left)):
                n = _sized(seq)
                if n is not None and isinstance(times, int) and n * times > MAX_PIECE:
                    raise _OverBudget(f"a sequence repeated {times} times")
            if isinstance(left, int) and isinstance(right, int) \
                    and left.bit_length() + right.bit_length() > MAX_POWER_BITS:
                raise _OverBudget("a product of huge numbers")
        elif operator == "+":
            a, b = _sized(left), _sized(right)
            if a is not None and b is not None and a + b > MAX_OUTPUT:
                raise _OverBudget("a concatenation too long")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        spec = str(getattr(value, "__self__", ""))

        def checked(*args: Any, **kwargs: Any) -> str:
            _check_format(spec)
            return wrapped(*args, **kwargs)

        return checked


def _check_format(spec: str) -> None:
    for width in _FORMAT_WIDTH.findall(spec):
        if width == "*" or int(width) > MAX_WIDTH:
            raise _OverBudget(f"a format width of {width}")
    for match in re.finditer(r"\{[^{}]*:[^{}]*?(\d+)[^{}]*\}", spec):
        if int(match.group(1)) > MAX_WIDTH:
            raise _OverBudget(f"a format width of {match.group(1)}")


def _format(value: str, *args: Any, **kwargs: Any) -> str:
    _check_format(str(value))
    return str(value) % (kwargs or args)


def _replace(value: Any, old: Any, new: Any, count: int | None = None) -> Any:
    text, old, new = str(value), str(old), str(new)
    n = text.count(old) if old else len(text) + 1
    if count is not None:
        n = min(n, count)
    if len(text) + n * (len(new) - len(old)) > MAX_PIECE:
        raise _OverBudget("a replace() result too long")
    return text.replace(old, new, -1 if count is None else count)


def _no_lipsum(*_: Any, **__: Any) -> str:
    raise _OverBudget("lipsum()")


def _environment() -> ImmutableSandboxedEnvironment:
    # Same whitespace handling as transformers' apply_chat_template, so prompts match.
    env = _LimitedEnvironment(trim_blocks=True, lstrip_blocks=True)
    env.globals["raise_exception"] = _raise_exception
    env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(fmt)
    env.globals["lipsum"] = _no_lipsum
    env.filters["tojson"] = _tojson
    env.filters["indent"] = _limited(do_indent, 0)
    env.filters["center"] = _limited(do_center, 0)
    env.filters["wordwrap"] = _limited(do_wordwrap, 0)
    env.filters["format"] = _format
    env.filters["replace"] = _replace
    return env


def _rss_peak() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


class _Budget:
    """A trace function that stops a template's compiled code when it runs over budget.

    Raising from a local trace function raises in the traced frame, so even a template loop
    with nothing in it stops at the deadline. Only the template's own frames are traced.
    """

    def __init__(self) -> None:
        self.deadline = time.monotonic() + RENDER_SECONDS
        self.memory_limit = _rss_peak() + RENDER_MEMORY

    def __call__(self, frame: Any, event: str, arg: Any) -> Any:
        if event == "call" and frame.f_code.co_filename == "<template>":
            return self._line
        return None

    def _line(self, frame: Any, event: str, arg: Any) -> Any:
        # Every line: one doubling of a string per line reaches gigabytes in 30 lines.
        if time.monotonic() > self.deadline:
            raise _OverBudget(f"more than {RENDER_SECONDS:g} s")
        if _rss_peak() > self.memory_limit:
            raise _OverBudget(f"more than {RENDER_MEMORY >> 20} MB")
        return self._line


_ENV = _environment()


def render(
    template: ChatTemplate,
    messages: list[dict[str, Any]],
    *,
    add_generation_prompt: bool = True,
    bos_token: str = "",
    eos_token: str = "",
    tools: list[dict[str, Any]] | None = None,
) -> str:
    """Render ``messages`` ([{role, content}]) to the exact prompt text, within the budgets.
    ``tools``: the client's tool definitions (the standard ``tools`` template variable);
    left undefined when None, as templates test for it either way."""
    extra: dict[str, Any] = {} if tools is None else {"tools": tools}
    previous = sys.gettrace()
    try:
        compiled = _ENV.from_string(template.text)
        parts: list[str] = []
        size = 0
        sys.settrace(_Budget())
        try:
            for piece in compiled.generate(
                messages=messages,
                add_generation_prompt=add_generation_prompt,
                bos_token=bos_token,
                eos_token=eos_token,
                **extra,
            ):
                size += len(piece)
                if size > MAX_OUTPUT:
                    raise _OverBudget(f"more than {MAX_OUTPUT >> 20} MB of text")
                parts.append(piece)
        finally:
            sys.settrace(previous)
        return "".join(parts)
    except _OverBudget as exc:
        raise TemplateRenderError(
            f"The {template.source} chat template was stopped: it needed {exc}, more than a "
            "chat template may use."
        ) from None
    except _Refusal as exc:
        raise TemplateRenderError(
            f"The {template.source} chat template refused the conversation ({exc})."
        ) from exc
    except TemplateError as exc:
        raise TemplateRenderError(
            f"The {template.source} chat template does not work ({exc})."
        ) from exc
    except Exception as exc:  # a template is untrusted code: any failure is its failure
        raise TemplateRenderError(
            f"The {template.source} chat template does not work ({type(exc).__name__}: {exc})."
        ) from exc
