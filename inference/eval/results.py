"""What a comparison found, and how it is written out: the settings it ran with, one
:class:`ModelResult` per model, and :class:`CompareReport` (table, CSV, the Markdown document).
"""

from __future__ import annotations

import html
import math
import platform
from dataclasses import asdict, dataclass, field
from importlib import metadata
from typing import Any

from inference.eval.categories import Category
from inference.eval.quality import (
    DEFAULT_MAX_TOKENS,
    DEFAULT_TOP_K,
    DEFAULT_WINDOW,
    Quality,
)
from inference.eval.speed import Speed
from inference.settings_schema import COMPARE


@dataclass(frozen=True)
class CompareSettings:
    prompt: str | None = None  # None: no replies, quality only
    system_prompt: str | None = None  # None: the reference model's default
    # greedy, seed 0 and short replies: the columns compare token by token (settings_schema)
    max_tokens: int = int(COMPARE["max_tokens"])
    temperature: float = float(COMPARE["temperature"])
    seed: int = int(COMPARE["seed"])
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
    #: the texts to measure on, each reported on its own and all together
    #: (inference.eval.categories); when empty, ``quality_text`` alone (if any)
    categories: tuple[Category, ...] = ()
    #: time each measured model's prefill and decode at the context (inference.eval.speed):
    #: the long document's pass when it is measured, else one more prefill of the context
    speed: bool = False
    #: the decode speed (tokens/s) a recommended model must reach; 0: any
    min_tps: float = 0.0

    def texts(self) -> list[Category]:
        """The categories measured: :attr:`categories`, or the one ``quality_text``."""
        if self.categories:
            return list(self.categories)
        if self.quality_text is not None:
            return [Category("text", "the text", text=self.quality_text)]
        return []

    @property
    def measures(self) -> bool:
        """Whether quality (perplexity, KL) is measured at all."""
        return bool(self.categories) or self.quality_text is not None


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
    #: how the estimate at the comparison's context sits in this machine's memory, as the
    #: model picker says it: "fits", "tight" (over 80% of what models may use), "will not fit"
    memory_verdict: str = ""
    #: prefill and decode speed at the comparison's context, timed while it was loaded
    speed: Speed | None = None
    diverges_at: int | None = None  # first reply token that differs from the reference's
    diverges_at_char: int | None = None  # the same place as a character offset in ``reply``
    #: the figures over all measured texts
    quality: Quality | None = None
    #: the same figures per category (key -> Quality), in the order measured
    categories: dict[str, Quality] = field(default_factory=dict)
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


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


#: Mean KL (nats per token) and what it means to a reader. Under 0.01 the two models' next-
#: token distributions are indistinguishable in use; llama.cpp's Q4_K_M of a 7B sits near
#: 0.03-0.05; at 0.2 and over, answers change often (the starter's Q2_K: 0.49).
CLOSENESS = ((0.01, "practically the same as"), (0.05, "close to"),
             (0.2, "noticeably worse than"), (math.inf, "clearly worse than"))


def _closeness(kl: float) -> str:
    return next(words for limit, words in CLOSENESS if kl < limit)


def _short(r: ModelResult) -> str:
    """A model as a sentence names it: its quantization when it has one, else its name."""
    return r.quantization or r.name


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _where(w: dict[str, Any]) -> str:
    return f" ({w['category_label']})" if w.get("category_label") else ""


def _predicted(w: dict[str, Any]) -> str:
    """What both models predicted at a worst token: `` (reference: 'a' 61%, … | this model:
    'b' 40%, …)``; "" when not recorded."""
    if not w.get("reference") or not w.get("model"):
        return ""

    def side(choices: list[dict[str, Any]]) -> str:
        return ", ".join(f"{c['token']!r} {c['p']:.0%}" for c in choices)

    return f" (reference: {side(w['reference'])} | this model: {side(w['model'])})"


def _quoted(text: str) -> str:
    """``text`` as a Markdown block quote (kept whole: blank lines stay inside it)."""
    return "\n".join(f"> {line}".rstrip() for line in text.strip("\n").splitlines())


#: What KL divergence means, in one line for readers of a report.
KL_EXPLAINED = ("KL divergence (nats per token) measures how far a model's next-token "
                "probabilities drift from the reference's: 0 is identical; under 0.01 is "
                "indistinguishable in use; above 0.2 answers change often.")


@dataclass
class CompareReport:
    results: list[ModelResult]
    reference: int
    plan: str = ""
    settings: CompareSettings | None = None  # what the replies were asked with
    text_name: str = ""  # the text quality was measured on, as the user chose it
    #: the categories measured, (key, label), in order; one entry for a single text
    categories: list[tuple[str, str]] = field(default_factory=list)
    #: sentences about texts left out
    notes: list[str] = field(default_factory=list)

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
                _percent(q.top1 if q else None), _percent(st.same_top5.value if st else None),
                _num(st.dp_rms.value if st else None, 4),
                _num(r.generation_tps if answered else None, 1),
                _num(r.prompt_tps if answered else None, 1),
                _num(r.ttft_s if answered else None, 2), f"{r.load_s:.2f}",
                _num(r.peak_memory_gb or None, 3), diverge,
                *([self._flips(r)] if flips else []),
            ])
        return out

    # --- per category --------------------------------------------------------------------
    @property
    def by_category(self) -> bool:
        """Whether more than one category was measured (then each gets its own figures)."""
        return len(self.categories) > 1

    def category_rows(self, key: str) -> list[list[str]]:
        """One category's table: each measured model's figures on it."""
        out = []
        for r in self.results:
            q = r.categories.get(key)
            if q is None or r.error:
                continue
            st = q.stats
            name = r.name + (" (reference)" if r.index == self.reference else "")
            out.append([name, str(q.tokens), _num(q.ppl, 3),
                        _num(st.ppl_ratio.value if st else None, 4), _num(q.kl, 5),
                        _num(st.kld_p99 if st else None, 4),
                        _num(st.kld_p999 if st else None, 4), _percent(q.top1)])
        return out

    CATEGORY_COLUMNS = ("model", "tokens", "perplexity", "PPL ratio", "mean KL", "KL p99",
                        "KL p99.9", "same top-1")

    def category_matrix(self) -> list[list[str]]:
        """Mean KL of each model (rows) on each category (columns), the overall last."""
        rows = []
        for r in self.results:
            if r.index == self.reference or r.error or r.quality is None:
                continue
            rows.append([r.name, *(_num(q.kl if (q := r.categories.get(k)) else None, 4)
                                   for k, _ in self.categories), _num(r.quality.kl, 4)])
        return rows

    def summary(self) -> list[str]:
        """The result in plain words, one sentence per model: how close it stays to the
        reference overall (by mean KL), and the categories where it loses clearly more."""
        ref = self.results[self.reference]
        labels = dict(self.categories)
        out = []
        for r in self.results:
            q = r.quality
            if r.index == self.reference or r.error or q is None or q.kl is None:
                continue
            words = _closeness(q.kl)
            worse = [labels.get(k, k) for k, c in r.categories.items()
                     if self.by_category and c.kl is not None
                     and c.kl > max(2 * q.kl, q.kl + 0.02)]
            better = [labels.get(k, k) for k, c in r.categories.items()
                      if self.by_category and c.kl is not None and c.kl < q.kl / 2]
            sentence = f"{_short(r)} is {words} {_short(ref)}"
            if better and worse:
                sentence += f" on {_and(better)}, and loses more on {_and(worse)}"
            elif worse:
                sentence += f" overall, but loses more on {_and(worse)}"
            out.append(f"{sentence} (mean KL {q.kl:.3f}; same first choice "
                       f"{_percent(q.top1)} of the time).")
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
        summary = self.summary()
        if summary:
            out += [" ".join(summary), ""]
        out += [KL_EXPLAINED, ""]
        out.append(self.markdown())
        out += [f"**Warning:** {r.warning}\n" for r in self.results if r.warning]
        out += [f"*{note}*\n" for note in self.notes]
        if self.by_category:
            out += self._category_sections()
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
                    out += [(f"- {nats(w['kl'])}{_where(w)}: …{w['before'][-40:]}**{w['token']}**"
                             f"{w['after']}…").replace("\n", " ") + _predicted(w)
                            for w in r.worst_tokens[:8]]
                    out.append("")
        if answered:
            out += ["## Replies", ""]
            for r in answered:
                tag = " (reference)" if r.index == self.reference else ""
                out += [f"### [{r.index + 1}] {r.name}{tag}", "", _quoted(r.reply), ""]
                if r.index != self.reference and r.diverges_at is not None:
                    out += [f"*Leaves the reference's reply at token {r.diverges_at}.*", ""]
        return "\n".join(out).rstrip("\n") + "\n"

    def _category_sections(self) -> list[str]:
        def line(cells: list[str] | tuple[str, ...]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

        head = ("model", *(label for _, label in self.categories), "all")
        out = ["## Per category", "", "Mean KL against the reference on each kind of text "
               "(lower is closer):", "", line(head), line(["---"] * len(head))]
        out += [line(row) for row in self.category_matrix()]
        out.append("")
        for key, label in self.categories:
            rows = self.category_rows(key)
            if not rows:
                continue
            out += [f"### {label}", "", line(self.CATEGORY_COLUMNS),
                    line(["---"] * len(self.CATEGORY_COLUMNS)), *(line(r) for r in rows), ""]
        return out

    # --- which one to run ------------------------------------------------------------------
    def recommend(self, min_tps: float | None = None) -> tuple[int | None, str]:
        """The model to run on this machine and one sentence why: the lowest mean KL among
        those that fit this machine's memory with the model picker's headroom and decode at
        least ``min_tps`` tokens/s (default: the settings'), at the comparison's context.
        (None, the reason) when no model qualifies or nothing was measured."""
        if min_tps is None:
            min_tps = self.settings.min_tps if self.settings is not None else 0.0
        measured = [r for r in self.results if not r.error and r.quality is not None
                    and (r.quality.kl is not None or r.index == self.reference)]
        if not measured:
            return None, ""
        fits = [r for r in measured if r.memory_verdict in ("fits", "")]
        if not fits:
            return None, ("None of these fits this Mac's memory with room to spare; "
                          "choose a smaller quantization or a shorter context.")
        fast = [r for r in fits if not min_tps or (r.speed is not None
                                                   and r.speed.decode_tps >= min_tps)]
        if not fast:
            best = max(fits, key=lambda r: r.speed.decode_tps if r.speed else 0.0)
            speed = f"{best.speed.decode_tps:.1f}" if best.speed else "unmeasured"
            return None, (f"None of those that fit decodes at {min_tps:g} tokens/s here; the "
                          f"fastest, {_short(best)}, manages {speed}.")
        best = min(fast, key=lambda r: (0.0 if r.index == self.reference
                                        else r.quality.kl or 0.0, r.size_bytes))  # type: ignore[union-attr]
        kl = 0.0 if best.index == self.reference else (best.quality.kl or 0.0)  # type: ignore[union-attr]
        speed = (f"; it decodes at {best.speed.decode_tps:.1f} tokens/s here at a "
                 f"{best.speed.context}-token context" if best.speed else "")
        wanted = f" (you asked for at least {min_tps:g})" if min_tps else ""
        closest = ("the reference itself fits" if best.index == self.reference
                   else f"the closest to the reference (mean KL {kl:.3f}) that fits")
        return best.index, (f"Run {_short(best)}: {closest} this Mac's memory with room to "
                            f"spare{speed}{wanted}.")

    # --- to share ------------------------------------------------------------------------
    def as_dict(self, machine: dict[str, Any] | None = None) -> dict[str, Any]:
        """Every number of the comparison, as JSON-ready data: the settings, the texts, each
        model's row (overall and per category, under the names the ladder documents use),
        and the machine it ran on."""
        return {
            "plan": self.plan, "reference": self.reference, "text": self.text_name or None,
            "settings": asdict(self.settings) if self.settings is not None else None,
            "categories": [{"key": k, "label": label} for k, label in self.categories],
            "notes": list(self.notes), "summary": self.summary(),
            "machine": machine if machine is not None else machine_facts(),
            "models": [result_dict(r) for r in self.results],
        }

    def html(self, chart_svg: str | None = None, machine: dict[str, Any] | None = None) -> str:
        """The comparison as one self-contained HTML page to share: the result in words, the
        chart (``chart_svg``, inline), the tables overall and per category, where the
        models part, the replies, the texts used, the machine and the versions."""
        e = html.escape
        machine = machine if machine is not None else machine_facts()

        def table(columns: tuple[str, ...] | list[str], rows: list[list[str]]) -> str:
            head = "".join(f"<th>{e(c)}</th>" for c in columns)
            body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>"
                           for row in rows)
            return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

        names = ", ".join(r.quantization or r.name for r in self.results)
        out = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
               f"<title>Orchard compare: {e(names)}</title><style>{_CSS}</style></head><body>",
               f"<h1>Orchard compare: {e(names)}</h1>"]
        if self.plan:
            out.append(f"<p class=\"plan\">{e(self.plan)}</p>")
        out += [f"<p class=\"summary\">{e(line)}</p>" for line in self.summary()]
        out.append(f"<p class=\"note\">{e(KL_EXPLAINED)}</p>")
        if chart_svg:
            out.append(f"<figure>{_inline_svg(chart_svg)}</figure>")
        out += ["<h2>Results</h2>", table(self.columns(), self.rows())]
        out += [f"<p class=\"warning\">{e(r.warning)}</p>" for r in self.results if r.warning]
        out += [f"<p class=\"note\">{e(n)}</p>" for n in self.notes]
        if self.by_category:
            out += ["<h2>Per category</h2>",
                    "<p>Mean KL against the reference on each kind of text (lower is "
                    "closer).</p>",
                    table(["model", *(label for _, label in self.categories), "all"],
                          self.category_matrix())]
            for key, label in self.categories:
                rows = self.category_rows(key)
                if rows:
                    out += [f"<h3>{e(label)}</h3>", table(self.CATEGORY_COLUMNS, rows)]
        parted = [r for r in self.results if r.worst_tokens]
        if parted:
            out.append("<h2>Where they diverge</h2>")
            for r in parted:
                out.append(f"<h3>[{r.index + 1}] {e(r.name)}</h3><ul>")
                for w in r.worst_tokens[:8]:
                    where = f" ({e(w['category_label'])})" if w.get("category_label") else ""
                    out.append(f"<li>{nats(w['kl'])}{where}: …{e(w['before'][-60:])}"
                               f"<mark>{e(w['token'])}</mark>{e(w['after'])}…"
                               f"<br><small>{e(_predicted(w).strip(' ()'))}</small></li>")
                out.append("</ul>")
        answered = [r for r in self.results if r.reply and not r.error]
        if answered:
            out.append("<h2>Replies</h2>")
            if self.settings is not None and self.settings.prompt is not None:
                out.append(f"<blockquote>{e(self.settings.prompt)}</blockquote>")
            for r in answered:
                out.append(f"<h3>[{r.index + 1}] {e(r.name)}</h3><pre>{e(r.reply)}</pre>")
        s = self.settings
        out.append("<h2>How it was measured</h2><ul>")
        if self.text_name:
            out.append(f"<li>Texts: {e(self.text_name)}; categories "
                       f"{e(', '.join(label for _, label in self.categories))}.</li>")
        if s is not None:
            out.append(f"<li>Scoring windows of {s.window} tokens (the second half of each "
                       f"scored), up to {s.quality_max_tokens} tokens per text; the "
                       f"reference's {s.top_k} likeliest tokens kept per position; seed "
                       f"{s.seed}, temperature {s.temperature:g}.</li>")
        out += [f"<li>{e(str(k))}: {e(str(v))}</li>" for k, v in machine.items()]
        out.append("</ul></body></html>")
        return "\n".join(out) + "\n"

    def csv(self) -> str:
        import csv
        import io

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.columns())
        writer.writerows(self.rows())
        return buf.getvalue()


def _headline(q: Quality | None) -> dict[str, Any]:
    """The figures the ladder documents name, for one Quality (overall or one category)."""
    st = q.stats if q is not None else None
    return {
        "ppl": q.ppl if q else None,
        "tokens_scored": q.tokens if q else None,
        "ppl_ratio": st.ppl_ratio.value if st else None,
        "ppl_ratio_se": st.ppl_ratio.error if st else None,
        "kld_mean": st.kld.value if st else None,
        "kld_se": st.kld.error if st else None,
        "kld_median": st.kld_median if st else None,
        "kld_p90": st.kld_p90 if st else None,
        "kld_p99": st.kld_p99 if st else None,
        "kld_p999": st.kld_p999 if st else None,
        "kld_max": st.kld_max if st else None,
        "dp_mean": st.dp.value if st else None,
        "dp_rms": st.dp_rms.value if st else None,
        "same_top1": st.same_top1.value if st else None,
        "same_top1_se": st.same_top1.error if st else None,
        "same_top5": st.same_top5.value if st else None,
    }


def result_dict(r: ModelResult) -> dict[str, Any]:
    """Everything measured for one model, and the headline figures under the names the
    ladder documents use (llama.cpp's statistics, where a reference was scored), overall
    and per category (``by_category``)."""
    data = asdict(r)
    data.update({"bpw": r.bits_per_weight, **_headline(r.quality),
                 "by_category": {k: _headline(q) for k, q in r.categories.items()}})
    return data


def machine_facts() -> dict[str, str]:
    """This machine and the versions that measured: what a shared report must say."""
    import mlx.core as mx

    from inference.model.memory import physical_memory_bytes

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    chip = platform.processor() or platform.machine()
    return {
        "machine": f"{platform.system()} {platform.release()} {platform.machine()} ({chip})",
        "memory": f"{physical_memory_bytes() / 1024**3:.0f} GB",
        "device": str(mx.default_device()),
        "orchard": version("orchard"),
        "mlx": version("mlx"), "mlx-lm": version("mlx-lm"),
        "mlx-kquant": version("mlx-kquant"),
    }


def _inline_svg(svg: str) -> str:
    """An SVG document as an element of the page (its XML declaration dropped)."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else ""


_CSS = ("body{font:15px/1.45 -apple-system,system-ui,sans-serif;max-width:1100px;margin:2em auto;"
        "padding:0 1em;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:13px}"
        "th,td{border:1px solid #ccc;padding:3px 7px;text-align:right}"
        "th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}"
        ".summary{font-size:17px}.note{color:#555}.warning{color:#a40}"
        "figure{margin:1em 0}figure svg{max-width:100%;height:auto}"
        "pre{white-space:pre-wrap;background:#f7f7f7;padding:.6em}mark{background:#fd6}")


__all__ = ["CompareReport", "CompareSettings", "ModelResult", "machine_facts", "nats",
           "result_dict"]
