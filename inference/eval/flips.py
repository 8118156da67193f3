"""Answer flips: a small shipped set of short questions (resources/eval/answers.json), each
answered greedily by every compared model; where a model's answer differs from the
reference's, that is a flip (the count Unsloth reports for its quants). KL says how far the
distributions moved; flips say how often that changed an answer a user would read.

Answers are compared after normalising what does not change them: the first line only, case,
surrounding spaces, quotes and Markdown emphasis, a final full stop; a multiple-choice answer
("B", "B)", "(B) Mercury", "The answer is B") is its letter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from inference.caches import PromptCaches
from inference.errors import OrchardError
from inference.model.load import LoadedModel
from inference.prompt.presets import TemplateChoice
from inference.prompt.templates import RESOURCES
from inference.session import ChatSession
from inference.types import SamplingSettings

ANSWERS_FILE = RESOURCES / "eval" / "answers.json"
#: Tokens an answer may take: a letter, a word or a number, with room for a short preamble.
ANSWER_TOKENS = 12

# a letter alone or marked as one ("B", "B)", "(B) Mercury", "The answer is B"), never the
# article of a short answer ("A mouse")
_LETTER = re.compile(r"^(?:the answer is:?\s*)?[(\[]?([a-d])(?:[)\].:]|$)", re.IGNORECASE)
_AROUND = "*_`\"'“”‘’ .!。"


@cache
def questions(path: Path = ANSWERS_FILE) -> tuple[str, ...]:
    """The shipped questions, in order."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        prompts = tuple(str(p) for p in data["prompts"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OrchardError(f"The answer-flip questions could not be read ({exc}).") from exc
    if not prompts:
        raise OrchardError("The answer-flip question set is empty.")
    return prompts


def normalise(answer: str) -> str:
    """What an answer says, without what does not change it (see the module)."""
    line = next((part for part in answer.strip().splitlines() if part.strip()), "")
    letter = _LETTER.match(line.strip().lstrip("*_`\"'“”‘’ "))
    if letter:
        return letter.group(1).upper()
    return re.sub(r"\s+", " ", line.strip(_AROUND)).lower()


def answer_all(loaded: LoadedModel, *, choice: TemplateChoice | None = None,
               context_length: int = 512, kv_bits: int | None = None,
               cancel: Callable[[], bool] = lambda: False) -> list[str]:
    """Every question answered greedily by ``loaded`` (rendered with ``choice``, the
    reference's template, when given), normalised; stops early (shorter list) on ``cancel``."""
    settings = SamplingSettings(temperature=0.0, top_p=1.0, min_p=0.0, seed=0,
                                max_tokens=ANSWER_TOKENS, loop_guard=False)
    caches = PromptCaches(loaded.cache_model, max_entries=1, kv_bits=kv_bits,
                          head_dim=loaded.info.head_dim)
    answers: list[str] = []
    for prompt in questions():
        if cancel():
            break
        session = ChatSession(loaded, settings=settings, context_length=context_length,
                              template=choice, caches=caches)
        text = "".join(chunk.text for chunk in session.send(prompt))
        answers.append(normalise(text))
    return answers


def count_flips(reference: list[str], answers: list[str]) -> int:
    """How many of the questions both answered were answered differently."""
    return sum(a != b for a, b in zip(reference, answers, strict=False))


__all__ = ["ANSWERS_FILE", "answer_all", "count_flips", "normalise", "questions"]
