"""Which chat template a model gets, and where it came from.

Order: the user's per-model override; the model's own template (GGUF
``tokenizer.chat_template``, ``chat_template.jinja``, ``tokenizer_config.json``); a preset
chosen by recognising the model (special tokens, name, architecture); the plain fallback.
Presets are data in ``resources/templates/`` (a Jinja file each, stop strings in
``presets.json``). Overrides live in the user's config folder.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inference.errors import OrchardError
from inference.files import write_atomically
from inference.paths import config_dir
from inference.prompt.templates import TEMPLATES_DIR, ChatTemplate, TemplateRenderError, render

log = logging.getLogger(__name__)

PRESET_INDEX = TEMPLATES_DIR / "presets.json"
OVERRIDES_FILE = "templates.json"
FALLBACK = "plain"

#: A short conversation every template must render before Orchard trusts it.
_PROBE = [
    {"role": "system", "content": "S"},
    {"role": "user", "content": "U"},
    {"role": "assistant", "content": "A"},
    {"role": "user", "content": "U"},
]


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    template: ChatTemplate
    stop: list[str] = field(default_factory=list)


def _index() -> dict[str, dict[str, Any]]:
    data = json.loads(PRESET_INDEX.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def preset_names() -> list[str]:
    return list(_index())


def get_preset(name: str) -> Preset:
    entry = _index().get(name)
    if entry is None:
        raise OrchardError(
            f"There is no template preset called '{name}'; choose one of: "
            f"{', '.join(preset_names())}."
        )
    text = (TEMPLATES_DIR / entry["file"]).read_text(encoding="utf-8")
    source = "fallback" if name == FALLBACK else f"preset:{name}"
    return Preset(name, entry["title"], ChatTemplate(source, text), list(entry["stop"]))


def recognise(name: str, architecture: str, special_tokens: set[str] | dict[str, int]) -> str:
    """The preset that fits a model without a template of its own."""
    tokens = set(special_tokens)
    lowered = name.lower()
    if "<|im_start|>" in tokens:
        return "chatml"
    if "<|start_header_id|>" in tokens and "<|eot_id|>" in tokens:
        return "llama3"
    if "<start_of_turn>" in tokens or architecture.startswith("gemma"):
        return "gemma"
    if "<|user|>" in tokens and "<|end|>" in tokens or architecture == "phi3":
        return "phi3"
    if architecture in ("gptneox", "gpt_neox") and any(
        k in lowered for k in ("rinna", "line", "japanese", "jp")
    ):
        return "japanese-instruct"
    for key, preset in (("mistral", "mistral"), ("mixtral", "mistral"), ("llama-2", "llama2"),
                        ("llama2", "llama2"), ("vicuna", "vicuna"), ("alpaca", "alpaca")):
        if key in lowered:
            return preset
    if architecture == "qwen2" or architecture == "qwen3":
        return "chatml"
    return FALLBACK


def check_template(template: ChatTemplate) -> None:
    """Render a probe conversation; raises TemplateRenderError with a clear message."""
    try:
        render(template, _PROBE, bos_token="<s>", eos_token="</s>")
    except TemplateRenderError as exc:
        if "refused" not in str(exc):
            raise
        # Templates that reject a system role (Mistral's own) still work without one.
        render(template, _PROBE[1:], bos_token="<s>", eos_token="</s>")


# --- per-model overrides -----------------------------------------------------------------


@dataclass
class Override:
    """The user's choice for one model: a preset or custom Jinja, and a system prompt."""

    preset: str | None = None
    custom: str | None = None
    system_prompt: str | None = None

    def is_empty(self) -> bool:
        return self.preset is None and self.custom is None and self.system_prompt is None


def _overrides_path() -> Path:
    return config_dir() / OVERRIDES_FILE


def _load_overrides() -> dict[str, dict[str, Any]]:
    path = _overrides_path()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable template overrides %s: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def get_override(model_key: str) -> Override:
    raw = _load_overrides().get(model_key, {})
    return Override(raw.get("preset"), raw.get("custom"), raw.get("system_prompt"))


def set_override(model_key: str, override: Override) -> None:
    """Save (or, when empty, remove) the override for one model, atomically."""
    if override.preset is not None:
        get_preset(override.preset)  # unknown names are refused now, not at the next chat
    if override.custom is not None:
        check_template(ChatTemplate("override", override.custom))
    data = _load_overrides()
    if override.is_empty():
        data.pop(model_key, None)
    else:
        data[model_key] = {k: v for k, v in vars(override).items() if v is not None}
    # whole or not at all; a full disk is a DiskFullError sentence, the file as it was
    write_atomically(_overrides_path(), json.dumps(data, indent=2, ensure_ascii=False),
                     what="the model's template")


def reset_override(model_key: str) -> None:
    """Back to the model's default template and system prompt."""
    set_override(model_key, Override())


# --- choosing --------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateChoice:
    template: ChatTemplate
    stop: list[str]
    system_prompt: str | None = None
    #: Set when a template was broken and a preset stands in: one sentence for the user.
    notice: str | None = None

    @property
    def source(self) -> str:
        return self.template.source


def _usable(template: ChatTemplate) -> str | None:
    try:
        check_template(template)
    except TemplateRenderError as exc:
        return str(exc)
    return None


def choose_template(
    *,
    model_key: str,
    own: ChatTemplate | None,
    name: str,
    architecture: str,
    special_tokens: set[str] | dict[str, int],
    requested: str | ChatTemplate | None = None,
) -> TemplateChoice:
    """Pick the template by the documented order. ``requested`` (a preset name or a Jinja
    file path, e.g. ``orchard chat --template``) overrides everything for one run."""
    override = get_override(model_key)
    recognised = get_preset(recognise(name, architecture, special_tokens))
    stop = recognised.stop
    candidates: list[tuple[ChatTemplate, list[str]]] = []
    if requested:
        candidates.append(_requested(requested))
    elif override.custom is not None:
        candidates.append((ChatTemplate("override", override.custom), stop))
    elif override.preset is not None:
        p = get_preset(override.preset)
        candidates.append((ChatTemplate(f"override:{p.name}", p.template.text), p.stop))
    if own is not None:
        candidates.append((own, stop))
    problems: list[str] = []
    for template, stops in candidates:
        problem = _usable(template)
        if problem is None:
            return TemplateChoice(
                template, stops, override.system_prompt,
                notice=" ".join(problems) + f" Using the {template.source} template instead."
                if problems else None,
            )
        problems.append(problem)
    notice = None
    if problems:
        notice = f"{problems[0]} Using the {recognised.title} preset instead."
        log.warning("%s", notice)
    return TemplateChoice(recognised.template, recognised.stop, override.system_prompt, notice)


def _requested(requested: str | ChatTemplate) -> tuple[ChatTemplate, list[str]]:
    if isinstance(requested, ChatTemplate):  # custom Jinja typed in the app's settings
        return requested, []
    if requested in preset_names():
        p = get_preset(requested)
        return p.template, p.stop
    path = Path(requested).expanduser()
    if not path.is_file():
        raise OrchardError(
            f"--template {requested} is neither a preset ({', '.join(preset_names())}) nor a "
            "Jinja file."
        )
    try:
        return ChatTemplate(f"file:{path.name}", path.read_text(encoding="utf-8")), []
    except (OSError, UnicodeDecodeError) as exc:
        raise OrchardError(f"{path} could not be read as a template ({exc}).") from exc
