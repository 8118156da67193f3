"""What a comparison found, and how it is written out: the settings it ran with, one
:class:`ModelResult` per model, and :class:`CompareReport` (table, CSV, the Markdown document).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from inference.eval.quality import (
    DEFAULT_MAX_TOKENS,
    DEFAULT_TOP_K,
    DEFAULT_WINDOW,
    Quality,
)


@dataclass(frozen=True)
class CompareSettings:
    prompt: str | None = None  # None: no replies, quality only
    system_prompt: str | None = None  # None: the reference model's default
    max_tokens: int = 128
    temperature: float = 0.0  # greedy, so columns are comparable token by token
    seed: int = 0
    quality_text: str | None = None  # None: no perplexity / KL
    quality_max_tokens: int = DEFAULT_MAX_TOKENS
    window: int = DEFAULT_WINDOW
    #: the reference's likeliest tokens kept per position, and whether its scores are stored
    #: on disk (and reused when the same model, text and settings come again)
    top_k: int = DEFAULT_TOP_K
    store_reference: bool = True
    ctx: int | None = None
    exact: bool = False  # load GGUF files in exact mode
    reference: int | None = None  # model index; None: the highest precision
    #: answer the shipped short questions (inference.eval.flips) and count the flips
    flips: bool = False


@dataclass
class ModelResult:
    """Everything measured for one model (one column / one table row)."""

    index: int
    spec: str
    name: str = ""
    format: str = ""
    quantization: str = ""
    size_bytes: int = 0
    parameters: int = 0
    bits_per_weight: float = 0.0
    memory_estimate_bytes: int = 0
    load_s: float = 0.0
    reply: str = ""
    reply_ids: list[int] = field(default_factory=list)
    finish_reason: str | None = None
    prompt_tokens: int = 0
    generation_tokens: int = 0
    ttft_s: float = 0.0
    prompt_tps: float = 0.0
    generation_tps: float = 0.0
    #: the most memory MLX held while this model was loaded (alone: weights, KV cache and
    #: the activations of its reply and of scoring a window)
    peak_memory_gb: float = 0.0
    diverges_at: int | None = None  # first reply token that differs from the reference's
    diverges_at_char: int | None = None  # the same place as a character offset in ``reply``
    quality: Quality | None = None
    error: str | None = None
    #: one sentence when the quality figures look implausible for a variant of the reference
    warning: str = ""
    #: the reference's scores came from disk (the model was not run over the text again)
    reference_reused: bool = False
    #: where the reply first leaves the reference's: {"token": index, "reference": [...],
    #: "model": [...]}, each list the five likeliest tokens there as {"token", "p"}
    divergence: dict[str, Any] | None = None
    #: the scored tokens where this model strays furthest from the reference, largest KL
    #: first: {"position", "kl", "token", "before", "after", "passage_before",
    #: "passage_after"} (a few tokens of text around it, and a wider passage)
    worst_tokens: list[dict[str, Any]] = field(default_factory=list)
    #: its normalised answers to the shipped short questions (inference.eval.flips), and
    #: how many differ from the reference's (None: not counted, or this is the reference)
    answers: list[str] = field(default_factory=list)
    flips: int | None = None


def nats(kl: float) -> str:
    """A token's KL as people read it: three decimals, or three figures when it is smaller
    (a near-lossless quant's worst tokens would all read 0.000)."""
    return f"{kl:.3f}" if kl >= 0.001 else f"{kl:.2e}"


def _num(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _quoted(text: str) -> str:
    """``text`` as a Markdown block quote (kept whole: blank lines stay inside it)."""
    return "\n".join(f"> {line}".rstrip() for line in text.strip("\n").splitlines())


@dataclass
class CompareReport:
    results: list[ModelResult]
    reference: int
    plan: str = ""
    settings: CompareSettings | None = None  # what the replies were asked with
    text_name: str = ""  # the text quality was measured on, as the user chose it

    COLUMNS = ("model", "quantization", "bits/weight", "size MB", "perplexity", "KL",
               "KL ±", "KL p99", "top-1", "top-5", "Δp RMS", "gen tok/s", "prompt tok/s",
               "TTFT s", "load s", "peak GB", "diverges at")

    @property
    def flips_counted(self) -> bool:
        return any(r.answers for r in self.results)

    def columns(self) -> tuple[str, ...]:
        """The table's columns: :attr:`COLUMNS`, and "flips" when answers were compared."""
        return (*self.COLUMNS, "flips") if self.flips_counted else self.COLUMNS

    def _flips(self, r: ModelResult) -> str:
        if r.index == self.reference:
            return f"{len(r.answers)} asked" if r.answers else ""
        return "" if r.flips is None else f"{r.flips}/{len(r.answers)}"

    def rows(self) -> list[list[str]]:
        flips = self.flips_counted
        out = []
        for r in self.results:
            q = r.quality
            st = q.stats if q is not None else None
            name = r.name + (" (reference)" if r.index == self.reference else "")
            if r.error:
                out.append([name, r.quantization, "", f"{r.size_bytes / 1e6:.1f}",
                            *[""] * (len(self.COLUMNS) - 5), f"failed: {r.error}",
                            *([""] if flips else [])])
                continue
            answered = r.generation_tokens > 0
            diverge = "" if r.index == self.reference or not answered else (
                "same" if r.diverges_at is None else f"token {r.diverges_at}"
            )
            out.append([
                name, r.quantization, f"{r.bits_per_weight:.2f}", f"{r.size_bytes / 1e6:.1f}",
                _num(q.ppl if q else None, 3), _num(q.kl if q else None, 5),
                _num(st.kld.error if st else None, 5), _num(st.kld_p99 if st else None, 4),
                _num(q.top1 if q else None, 3), _num(st.same_top5.value if st else None, 3),
                _num(st.dp_rms.value if st else None, 4),
                _num(r.generation_tps if answered else None, 1),
                _num(r.prompt_tps if answered else None, 1),
                _num(r.ttft_s if answered else None, 2), f"{r.load_s:.2f}",
                _num(r.peak_memory_gb or None, 3), diverge,
                *([self._flips(r)] if flips else []),
            ])
        return out

    def markdown(self) -> str:
        def line(cells: list[str] | tuple[str, ...]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

        columns = self.columns()
        lines = [line(columns), line(["---"] * len(columns))]
        lines += [line(row) for row in self.rows()]
        return "\n".join(lines) + "\n"

    def document(self, chart: str | None = None) -> str:
        """The whole comparison as Markdown, to keep or share: the prompt and settings, the
        table, the chart (``chart``: a path relative to the document) and every reply."""
        out = ["# Orchard compare", ""]
        if self.plan:
            out += [self.plan, ""]
        s = self.settings
        answered = [r for r in self.results if r.reply and not r.error]
        if s is not None and s.prompt is not None:
            out += ["## Prompt", ""]
            if s.system_prompt:
                out += ["System prompt:", "", _quoted(s.system_prompt), ""]
            out += [_quoted(s.prompt), "",
                    f"Seed {s.seed}, temperature {s.temperature:g}, up to {s.max_tokens} "
                    "tokens per reply; the same for every model.", ""]
        out += ["## Results", ""]
        if self.text_name:
            out += [f"Quality measured on {self.text_name}, against "
                    f"[{self.reference + 1}].", ""]
        out.append(self.markdown())
        out += [f"**Warning:** {r.warning}\n" for r in self.results if r.warning]
        if self.flips_counted:
            asked = max(len(r.answers) for r in self.results)
            out += [f"Flips: of {asked} short questions answered greedily (letters, words, "
                    "numbers), how many each model answered differently from the reference.",
                    ""]
        if chart:
            out += [f"![Size against quality and speed]({chart})", ""]
        parted = [r for r in self.results if r.divergence is not None or r.worst_tokens]
        if parted:
            out += ["## Where they diverge", ""]
            for r in parted:
                out += [f"### [{r.index + 1}] {r.name}", ""]
                if r.divergence is not None:
                    d = r.divergence
                    out += [f"Its reply leaves the reference's at token {d['token']}. The five "
                            "likeliest tokens there:", "",
                            "| reference | p | this model | p |", "| --- | --- | --- | --- |"]
                    out += [f"| `{a['token']!r}` | {a['p']:.1%} | `{b['token']!r}` | "
                            f"{b['p']:.1%} |" for a, b in zip(d["reference"], d["model"],
                                                             strict=False)]
                    out.append("")
                if r.worst_tokens:
                    out += ["The scored tokens where it strays furthest (KL in nats):", ""]
                    out += [f"- {nats(w['kl'])}: …{w['before'][-40:]}**{w['token']}**"
                            f"{w['after']}…".replace("\n", " ") for w in r.worst_tokens[:8]]
                    out.append("")
        if answered:
            out += ["## Replies", ""]
            for r in answered:
                tag = " (reference)" if r.index == self.reference else ""
                out += [f"### [{r.index + 1}] {r.name}{tag}", "", _quoted(r.reply), ""]
                if r.index != self.reference and r.diverges_at is not None:
                    out += [f"*Leaves the reference's reply at token {r.diverges_at}.*", ""]
        return "\n".join(out).rstrip("\n") + "\n"

    def csv(self) -> str:
        import csv
        import io

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.columns())
        writer.writerows(self.rows())
        return buf.getvalue()


__all__ = ["CompareReport", "CompareSettings", "ModelResult", "nats"]
