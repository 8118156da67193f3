"""App settings: one typed module with declared defaults, saved as JSON in the config folder.

A conversation's own settings start as a copy of the app defaults (``ChatSettings``).
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar

from inference.files import write_atomically
from inference.paths import config_dir
from inference.settings_schema import SETTINGS
from inference.types import SamplingSettings

if TYPE_CHECKING:
    from inference.prompt.templates import ChatTemplate

log = logging.getLogger(__name__)
SETTINGS_FILE = "settings.json"


@dataclass
class ChatSettings:
    system_prompt: str = ""
    template: str = "auto"  # "auto" (the model's own), a preset name, or "custom"
    custom_template: str = ""
    # None: the model's own (inference/model/defaults.py), each setting's declared default
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None  # 0: off
    min_p: float | None = None
    repetition_penalty: float | None = None
    dry_multiplier: float | None = None  # the DRY penalty (inference/repetition.py)
    seed: int | None = None
    #: the declared default (inference.settings_schema), read when a ChatSettings is made
    max_tokens: int = field(default_factory=lambda: int(SETTINGS["max_tokens"].default or 1))
    context_length: int | None = None  # None: the model's own, capped by memory
    loop_guard: bool = True  # end a reply that has started repeating itself

    def sampling(self, model: Any = None) -> SamplingSettings:
        """The sampler's settings; what is left to the model comes from ``model`` (a
        ModelInfo: its generation_config.json, else its size)."""
        from inference.model.defaults import settle

        return SamplingSettings(
            **settle(model, temperature=self.temperature, top_p=self.top_p, top_k=self.top_k,
                     min_p=self.min_p, repetition_penalty=self.repetition_penalty,
                     dry_multiplier=self.dry_multiplier),
            seed=self.seed, max_tokens=self.max_tokens, loop_guard=self.loop_guard,
        )

    def requested_template(self) -> str | ChatTemplate | None:
        """What the worker passes to the session: None, a preset name or a ChatTemplate."""
        from inference.prompt.templates import ChatTemplate

        if self.template == "auto":
            return None
        if self.template == "custom":
            return ChatTemplate("custom", self.custom_template) if self.custom_template else None
        return self.template

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChatSettings:
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in data.items() if k in known}
        if "loop_guard" not in data:
            # saved before these had "the model's own": the old defaults were only defaults
            for name, old in (("top_k", 0), ("min_p", 0.05), ("repetition_penalty", 1.0)):
                if data.get(name) == old:
                    data[name] = None
        return cls(**data)


def _conversation(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _port(value: Any) -> int:
    try:
        port = int(value)
    except (TypeError, ValueError):
        return 8000
    return port if 0 < port < 65536 else 8000


def _kv_bits(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if v in (8, 4) and not isinstance(v, bool)}


def _drafts(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, str) and v}


def _presets(value: Any) -> dict[str, ChatSettings]:
    """Named presets as saved; an entry that is not one is left out (and said in the log)."""
    if not isinstance(value, dict):
        return {}
    out = {}
    for name, data in value.items():
        try:
            out[str(name)] = ChatSettings.from_dict(data)
        except (TypeError, AttributeError) as exc:
            log.warning("preset %r left out: %s", name, exc)
    return out


def _gigabytes(value: Any) -> float:
    try:
        gb = float(value)
    except (TypeError, ValueError):
        return 4.0
    return gb if 0 <= gb <= 10_000 else 4.0


def _tool_steps(value: Any) -> int:
    """The most tool calls for one message, within the declared range (else the default)."""
    declared = SETTINGS["tool_steps"]
    if isinstance(value, bool) or not isinstance(value, int) or not (
            declared.lo <= value <= declared.hi):
        return int(declared.default or 8)
    return value


def _tool_timeout(value: Any) -> float:
    """Seconds a tool call may take, within the declared range (else the default)."""
    declared = SETTINGS["tool_timeout"]
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = -1.0
    return seconds if declared.lo <= seconds <= declared.hi else float(declared.default or 60)


def _consent_keys(value: Any) -> list[str]:
    """The "server/tool" keys as saved, each once; anything else is left out."""
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(k for k in value if isinstance(k, str) and "/" in k))


@dataclass
class AppSettings:
    defaults: ChatSettings = field(default_factory=ChatSettings)
    model: str = "starter"
    added_models: list[str] = field(default_factory=list)
    welcomed: bool = False
    #: The Local API: an OpenAI-compatible server on 127.0.0.1 for the model loaded here.
    api_enabled: bool = False
    api_port: int = 8000
    #: Reopened at the next launch: the conversation that was open, the window's place.
    last_conversation: int | None = None
    window_geometry: str = ""  # QWidget.saveGeometry(), base64
    #: The KV cache's precision per model (its spec, as `model`): 8 or 4 bits; not listed
    #: is 16-bit.
    kv_bits: dict[str, int] = field(default_factory=dict)
    #: A draft model per model (its spec → the draft's): a smaller model of the same family
    #: that proposes tokens for it to check (speculative decoding).
    drafts: dict[str, str] = field(default_factory=dict)
    #: KV caches saved on disk so conversations reopen without reading them again; at most
    #: this many gigabytes (0: none kept).
    saved_caches_gb: float = 4.0
    #: The window's language: a Qt locale name of app/gui/i18n.py's LANGUAGES, or "" for
    #: the system's.
    language: str = ""
    #: Named settings (a system prompt, sampling) a new chat can start with.
    presets: dict[str, ChatSettings] = field(default_factory=dict)
    #: MCP tools (Settings ▸ Tools; the servers themselves are in mcp.json): offered in chats.
    tools_enabled: bool = False
    tool_steps: int = 8  # the most tool calls the model may make for one message, 1–50
    tool_first: str = "auto"  # "auto": the model decides; "required": it must call a tool first
    tool_timeout_s: float = 60.0  # a call with no answer after this is stopped, 5–3600
    #: Tools the user allowed "Always for this tool", as "server/remote_name" keys.
    tools_always: list[str] = field(default_factory=list)
    #: Told when the settings could not be written (the window's one sentence); not saved.
    on_save_error: ClassVar[Callable[[OSError], None] | None] = None

    def kv_bits_for(self, spec: str | None) -> int | None:
        bits = self.kv_bits.get(spec or "")
        return bits if bits in (8, 4) else None

    def draft_for(self, spec: str | None) -> str | None:
        return self.drafts.get(spec or "") or None

    def saved_caches_bytes(self) -> int:
        return int(max(0.0, self.saved_caches_gb) * 1e9)

    @classmethod
    def load(cls) -> AppSettings:
        path = config_dir() / SETTINGS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("settings at %s could not be read (%s); using defaults", path, exc)
            return cls()
        return cls(
            defaults=ChatSettings.from_dict(data.get("defaults", {})),
            model=str(data.get("model", "starter")),
            added_models=[str(p) for p in data.get("added_models", [])],
            welcomed=bool(data.get("welcomed", False)),
            api_enabled=bool(data.get("api_enabled", False)),
            api_port=_port(data.get("api_port", 8000)),
            last_conversation=_conversation(data.get("last_conversation")),
            window_geometry=str(data.get("window_geometry", "") or ""),
            kv_bits=_kv_bits(data.get("kv_bits")),
            drafts=_drafts(data.get("drafts")),
            saved_caches_gb=_gigabytes(data.get("saved_caches_gb", 4.0)),
            language=str(data.get("language", "") or ""),
            presets=_presets(data.get("presets")),
            tools_enabled=bool(data.get("tools_enabled", False)),
            tool_steps=_tool_steps(data.get("tool_steps")),
            tool_first="required" if data.get("tool_first") == "required" else "auto",
            tool_timeout_s=_tool_timeout(data.get("tool_timeout_s")),
            tools_always=_consent_keys(data.get("tools_always")),
        )

    def save(self) -> bool:
        """Write the settings (atomically: the file is whole, old or new). A write that fails
        (a full disk, a read-only home) leaves the settings in force until Orchard closes, the
        file as it was and no half-written copy, and tells :attr:`on_save_error` (the window
        says it in one sentence); returns whether they were written."""
        path = config_dir() / SETTINGS_FILE
        try:
            write_atomically(path, json.dumps(asdict(self), indent=2, ensure_ascii=False),
                             what="its settings")
        except OSError as exc:
            log.warning("settings could not be saved to %s (%s)", path, exc)
            if AppSettings.on_save_error is not None:
                with contextlib.suppress(RuntimeError):  # its window is gone (tests, quit)
                    AppSettings.on_save_error(exc)
            return False
        return True
