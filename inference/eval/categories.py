"""The kinds of text a quantization is measured on, each reported on its own.

A quant that is close to its reference on English prose can lose far more on code, on
non-Latin scripts, on a chat transcript or deep into a long document (localbench's
per-category tables of 53 GGUFs of one model show even Q8_0 losing several times its average
KL on long documents and Japanese). So compare scores a set of :class:`Category` texts and
reports every statistic per category and over all of them.

Kinds of category:

- a plain text (prose in several languages, source code, the user's own file), cut into
  llama.cpp's windows (``window`` tokens, the second half of each scored);
- a dialogue (``messages``), rendered with the *reference* model's own chat template, control
  tokens and all, exactly as a chat with it is tokenized: what the model reads in a chat;
- a long document (``long``): one window as long as the text (up to :data:`LONG_WINDOW` and
  the model's context; its end when it is longer), so its second half, the document's end,
  is scored with thousands of tokens before it.

The shipped texts live in ``resources/texts`` (see the README there for what each is and its
licence). Every model of a comparison scores the same token ids: those of the reference's
tokenizer (and template, for the dialogue).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inference.errors import OrchardError
from inference.eval.quality import tokenize_text
from inference.model.load import TextTokenizer
from inference.prompt.presets import TemplateChoice
from inference.prompt.templates import RESOURCES

TEXTS_DIR = RESOURCES / "texts"

#: The long document is read whole, up to this many tokens and the model's context (its end
#: when it is longer): one window, its first half context, its second half scored (as
#: ``llama-perplexity -c N`` scores a chunk of N tokens).
LONG_WINDOW = 8192
#: Below this many tokens of context, the "long document" would be no longer than the other
#: texts' windows: it is left out, with a sentence.
LONG_MIN = 2048


@dataclass(frozen=True)
class Category:
    """One text to score, under the name the tables show."""

    key: str  # short and stable: "en", "chat", "long", "file:notes.txt"
    label: str  # what a user reads: "English prose"
    text: str = ""
    #: a dialogue, [{"role", "content"}, ...], rendered with the reference's template
    messages: tuple[dict[str, str], ...] = field(default=())
    #: one window over the whole text (up to LONG_WINDOW tokens), its second half scored
    long: bool = False

    def identity(self) -> str:
        """What the stored reference scores are keyed by (with the model and the window)."""
        if self.messages:  # hex only: it names a file
            body = json.dumps(list(self.messages), ensure_ascii=False, sort_keys=True)
            return hashlib.sha256(f"dialogue\n{body}".encode()).hexdigest()
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


#: The shipped categories, in the order tables show them: (key, label, file in resources/texts)
SHIPPED: tuple[tuple[str, str, str], ...] = (
    ("en", "English prose", "en.txt"),
    ("code", "Code", "code.txt"),
    ("ja", "Japanese", "ja.txt"),
    ("zh", "Chinese", "zh.txt"),
    ("ko", "Korean", "ko.txt"),
    ("ru", "Russian", "ru.txt"),
    ("chat", "Chat dialogue", "chat.json"),
    ("long", "Long document", "long.txt"),
)
#: What "all categories" measures by default: prose, code, two non-Latin scripts, a chat and a
#: long document. Korean and Russian are there to choose; each category adds a few windows
#: per model, and the default has to stay minutes on a laptop.
DEFAULT_SET = ("en", "code", "ja", "zh", "chat", "long")
#: The name that asks for :data:`DEFAULT_SET` (``orchard compare --text all``).
ALL = "all"


def shipped_keys() -> list[str]:
    return [key for key, _, name in SHIPPED if (TEXTS_DIR / name).is_file()]


def shipped(key: str) -> Category:
    """A shipped category by its key (``en``, ``chat``, ``long``, …)."""
    found = next(((label, name) for k, label, name in SHIPPED if k == key), None)
    if found is None or not (TEXTS_DIR / found[1]).is_file():
        raise OrchardError(f"There is no built-in text called {key!r}; choose one of "
                           f"{', '.join([*shipped_keys(), ALL])}.")
    label, name = found
    raw = (TEXTS_DIR / name).read_text(encoding="utf-8")
    if name.endswith(".json"):
        return Category(key, label, messages=tuple(_dialogue(json.loads(raw), name)))
    return Category(key, label, text=raw, long=key == "long")


def default_set() -> list[Category]:
    return [shipped(k) for k in DEFAULT_SET if k in shipped_keys()]


def from_file(path: Path) -> Category:
    """The user's own text as a category named after its file (a ``.json`` with a
    ``messages`` list is a dialogue, rendered with the reference's template)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise OrchardError(f"{path} does not exist.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise OrchardError(f"{path} could not be read as UTF-8 text.") from exc
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise OrchardError(f"{path.name} is not valid JSON: {exc}.") from exc
        return Category(f"file:{path.name}", path.name,
                        messages=tuple(_dialogue(data, path.name)))
    return Category(f"file:{path.name}", path.name, text=raw)


def _dialogue(data: Any, name: str) -> list[dict[str, str]]:
    messages = data.get("messages") if isinstance(data, dict) else None
    ok = isinstance(messages, list) and bool(messages) and all(
        isinstance(m, dict) and m.get("role") in ("system", "user", "assistant")
        and isinstance(m.get("content"), str) for m in messages)
    if not ok:
        raise OrchardError(f"{name} must hold a dialogue: a \"messages\" list of "
                           "system, user and assistant messages, each with its \"content\".")
    assert isinstance(messages, list)
    return [{"role": m["role"], "content": m["content"]} for m in messages]


def category_ids(category: Category, tokenizer: TextTokenizer, choice: TemplateChoice | None,
                 max_tokens: int) -> list[int]:
    """The token ids every model scores for ``category``: the reference's tokenizer's (and its
    chat template's, for a dialogue), at most ``max_tokens`` of them."""
    if category.long:  # the end of the document, with as much of it before as fits
        return tokenize_text(tokenizer, category.text, 1 << 40)[-max_tokens:]
    if not category.messages:
        return tokenize_text(tokenizer, category.text, max_tokens)
    if choice is None:
        raise OrchardError(f"The {category.label} text needs the reference's chat template.")
    from inference.prompt.builder import PromptBuilder

    builder = PromptBuilder(tokenizer, choice.template)
    ids = builder.build(list(category.messages), add_generation_prompt=False).ids[:max_tokens]
    if len(ids) < 3:
        raise OrchardError(f"The {category.label} text is too short to measure.")
    return ids


def window_for(category: Category, ids: Sequence[int], window: int, ctx: int) -> int:
    """The scoring window of ``category``'s ``ids``: the comparison's, or for the long document
    its whole length (up to :data:`LONG_WINDOW` and the context)."""
    if not category.long:
        return window
    return max(window, min(len(ids), LONG_WINDOW, ctx))


def long_tokens(ctx: int) -> int:
    """How many tokens of the long document are read (its window)."""
    return min(LONG_WINDOW, ctx)


__all__ = ["ALL", "Category", "DEFAULT_SET", "LONG_MIN", "LONG_WINDOW", "category_ids",
           "default_set", "from_file", "long_tokens", "shipped", "shipped_keys",
           "window_for"]
