"""Chat templates: the model's own Jinja template, rendered in jinja2's immutable sandbox.

A template is data from a downloaded file, so it never runs outside the sandbox: no
attribute access to Python internals, no mutation of the objects passed in.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import OrchardError


def resources_dir() -> Path:
    """The ``resources`` folder: beside the packages in a checkout, in the bundle when frozen.

    A PyInstaller bundle keeps its data under ``sys._MEIPASS`` (``_internal/`` in the
    one-folder bundle, ``Contents/Frameworks`` in Orchard.app, whose data files are links into
    ``Contents/Resources``), and the spec collects ``resources/`` there.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


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


def _raise_exception(message: str) -> None:
    raise _Refusal(message)


def _tojson(value: Any, indent: int | None = None, **_: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


def _environment() -> ImmutableSandboxedEnvironment:
    # Same whitespace handling as transformers' apply_chat_template, so prompts match.
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    env.globals["raise_exception"] = _raise_exception
    env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(fmt)
    env.filters["tojson"] = _tojson
    return env


_ENV = _environment()


def render(
    template: ChatTemplate,
    messages: list[dict[str, str]],
    *,
    add_generation_prompt: bool = True,
    bos_token: str = "",
    eos_token: str = "",
) -> str:
    """Render ``messages`` ([{role, content}]) to the exact prompt text."""
    try:
        compiled = _ENV.from_string(template.text)
        return compiled.render(
            messages=messages,
            add_generation_prompt=add_generation_prompt,
            bos_token=bos_token,
            eos_token=eos_token,
        )
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
