"""``orchard compare`` and ``orchard quantize`` through app/cli/compare.py's add_parser/run."""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.cli import compare as cli_compare
from inference.errors import OrchardError
from inference.eval.compare import builtin_text
from tests.fixtures.full_disk import fill_disk_for


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="orchard")
    sub = parser.add_subparsers(dest="command")
    cli_compare.add_parser(sub)
    return parser


def _run(argv: list[str]) -> int:
    return cli_compare.run(_parser().parse_args(argv))


@pytest.fixture(scope="module")
def folders(
    tiny_mlx_model: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory
) -> list[Path]:
    src = tiny_mlx_model("llama")
    root = tmp_path_factory.mktemp("cli_variants")
    out = [src]
    for bits in (8, 3):
        assert _run(["quantize", "-m", str(src), "--bits", str(bits), "--out",
                     str(root / f"q{bits}")]) == 0
        out.append(root / f"q{bits}")
    return out


def test_quantize_prints_what_it_wrote(
    tiny_mlx_model: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "q4"
    assert _run(["quantize", "-m", str(tiny_mlx_model("llama")), "--bits", "4",
                 "--group-size", "32", "--out", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["bits"] == 4 and data["group_size"] == 32 and data["folder"] == str(out)
    assert 4 < data["bits_per_weight"] < 32
    assert json.loads((out / "config.json").read_text())["quantization"]["bits"] == 4


def test_compare_json_has_every_model_with_reply_stats_and_quality(
    folders: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    md, table, chart = tmp_path / "t.md", tmp_path / "t.csv", tmp_path / "t.png"
    args = ["compare", *sum((["-m", str(f)] for f in folders), []), "-p", "Hello",
            "--max-tokens", "6", "--text", "en", "--quality-tokens", "200", "--json",
            "--markdown", str(md), "--csv", str(table), "--chart", str(chart)]
    assert _run(args) == 0
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert data["reference"] == 0 and data["text"] == "built-in text 'en'"
    assert len(data["models"]) == 3
    for m in data["models"]:
        assert m["generation_tokens"] > 0 and m["ttft_s"] > 0 and m["bits_per_weight"] > 0
        # one window of the 200 tokens, its second half scored
        assert m["quality"]["tokens"] == 99 and m["quality"]["kl"] is not None
    assert data["models"][0]["quality"]["kl"] == 0.0
    assert data["text_sha256"] == hashlib.sha256(builtin_text("en").encode()).hexdigest()
    # llama.cpp's statistics under the ladder's names, for each model measured against the
    # reference (the reference itself has none)
    assert data["models"][0]["kld_mean"] is None
    for m in data["models"][1:]:
        assert m["tokens_scored"] == 99 and m["bpw"] == m["bits_per_weight"]
        assert m["kld_mean"] == pytest.approx(m["quality"]["kl"])
        assert m["kld_se"] > 0 and m["kld_median"] <= m["kld_p99"] <= m["kld_max"]
        assert 0 <= m["same_top1"] <= m["same_top5"] <= 1
        assert m["ppl_ratio"] == pytest.approx(m["ppl"] / data["models"][0]["ppl"], rel=1e-4)
        assert m["dp_rms"] >= abs(m["dp_mean"])
    # the Markdown report keeps the prompt, the table, the chart beside it and every reply
    report = md.read_text()
    assert "## Prompt\n\n> Hello\n" in report and "Seed 0, temperature 0" in report
    assert "| model | quantization | bits/weight" in report
    assert "Quality measured on built-in text 'en'" in report
    assert "![Size against quality and speed](t.png)" in report
    assert len(re.findall(r"\n### \[\d\] .*\n\n> \S", report)) == 3  # each reply, quoted
    rows = list(csv.reader(table.open()))
    assert len(rows) == 4 and rows[0][4] == "perplexity"
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_compare_text_output_streams_each_reply_then_the_table(
    folders: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "mine.txt"
    text.write_text("The orchard was quiet in the early morning. " * 8, encoding="utf-8")
    assert _run(["compare", "-m", str(folders[0]), "-m", str(folders[2]), "-p", "Hi",
                 "--max-tokens", "4", "--text-file", str(text)]) == 0
    out = capsys.readouterr()
    assert "== [1] " in out.out and "reference)" in out.out and "== [2] " in out.out
    assert "bits/weight" in out.out and "KL " in out.out
    assert out.out.rstrip().splitlines()[-1].startswith("| q3 ")
    assert "One model in memory at a time" in out.err
    # where the 3-bit reply leaves the reference's: both models' likeliest tokens there
    if "diverges from the reference at token" in out.out:
        assert "reference '" in out.out.split("diverges from the reference at token")[-1]


def test_compare_quality_only(folders: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["compare", "-m", str(folders[0]), "-m", str(folders[1]), "--text", "ja",
                 "--quality-tokens", "100"]) == 0
    out = capsys.readouterr().out
    assert "perplexity" in out and "TTFT" not in out.split("| model")[0]
    # where the 8-bit copy strays most, with the text before each token
    assert "largest KL: " in out and "…" in out.split("largest KL: ")[1]


def test_compare_measures_on_the_users_own_saved_conversations(
    folders: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from inference.store import ConversationStore

    with pytest.raises(OrchardError, match="no saved conversations"):
        _run(["compare", "-m", str(folders[0]), "-m", str(folders[1]),
              "--text", "conversations"])
    store = ConversationStore()
    try:
        old = store.create_conversation("Plums")
        store.add_message(old, "user", "How do I prune a plum tree in its first year?")
        store.add_message(old, "assistant", "Cut the leader back by a third in early spring.")
        gone = store.create_conversation("Deleted")
        store.add_message(gone, "user", "This chat was deleted and must not be measured.")
        store.delete(gone)
        new = store.create_conversation("Pears")
        store.add_message(new, "user", "Which pears keep best over winter? " * 4)
        # read while the window's own connection is open
        assert _run(["compare", "-m", str(folders[0]), "-m", str(folders[1]),
                     "--text", "conversations", "--json"]) == 0
    finally:
        store.close()
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert data["text"] == "your saved conversations"
    expected = ("Which pears keep best over winter? " * 4).strip() + "\n\n" + \
        "How do I prune a plum tree in its first year?\n\n" + \
        "Cut the leader back by a third in early spring."
    assert data["text_sha256"] == hashlib.sha256(expected.encode()).hexdigest()
    assert data["models"][1]["tokens_scored"] > 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "Give a prompt"),
        (["-p", "Hi", "--max-tokens", "0"], "whole number from 1"),  # declared bounds
        (["-p", "Hi", "--reference", "5"], "--reference must be"),
        (["--text-file", "/nonexistent/t.txt"], "does not exist"),
        (["--text", "xx"], "no built-in text"),
        (["--text", "en", "--text-file", "x.txt"], "x.txt does not exist"),  # both: categories
    ],
)
def test_usage_errors_are_one_sentence(
    folders: list[Path], extra: list[str], message: str
) -> None:
    with pytest.raises(OrchardError, match=message):
        _run(["compare", "-m", str(folders[0]), "-m", str(folders[1]), *extra])


def test_one_model_is_not_a_comparison(folders: list[Path]) -> None:
    with pytest.raises(OrchardError, match="2 to 4 models"):
        _run(["compare", "-m", str(folders[0]), "-p", "Hi"])


def test_a_model_that_is_not_a_variant_is_called_implausible(
    tiny_mlx_model: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Two different models on one tokenizer: the figures cannot be those of a quantization,
    and the user is told so instead of reading them as one."""
    llama, qwen = tiny_mlx_model("llama"), tiny_mlx_model("qwen2")
    assert _run(["compare", "-m", str(llama), "-m", str(qwen), "--text", "en",
                 "--quality-tokens", "120"]) == 0
    err = capsys.readouterr().err
    assert "look implausible for a quantization of the reference" in err
    assert "it may be damaged, or a different model" in err


def test_implausible_thresholds() -> None:
    from inference.eval.compare import implausible
    from inference.eval.quality import Quality

    def q(top1: float, kl: float) -> Quality:
        return Quality(ppl=10.0, nll=2.3, tokens=100, kl=kl, top1=top1)

    assert implausible("Q4_K_M", q(0.93, 0.02)) == ""
    assert "top-1 agreement 40%" in implausible("Q2_K", q(0.40, 0.3))
    assert "mean KL 1.50 nats" in implausible("Q2_K", q(0.9, 1.5))
    assert implausible("ref", Quality(ppl=10.0, nll=2.3, tokens=100)) == ""


def test_the_ladder_of_a_hub_repo_downloads_then_measures_rung_after_rung(
    hub: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """orchard compare --repo: the rungs come from the (loopback) Hub, the highest precision
    is the reference, run over the text once; a second run downloads nothing and reuses its
    stored scores."""
    from tests.fixtures.fake_hub import GGUF_REPO

    args = ["compare", "--repo", GGUF_REPO, "--quants", "Q4_0,F16,Q8_0", "--text", "en",
            "--quality-tokens", "160", "--json"]
    assert _run(args) == 0
    out = capsys.readouterr()
    first = json.loads(out.out.strip().splitlines()[-1])
    assert first["reference"] == "F16" and not first["cache_reused"]
    assert [m["quant"] for m in first["models"]] == ["F16", "Q4_0", "Q8_0"]
    q4, q8 = first["models"][1], first["models"][2]
    assert q8["kld_mean"] < q4["kld_mean"] and q8["bpw"] > q4["bpw"]
    def fetched() -> int:
        return len([path for method, path, _ in hub.requests
                    if method == "GET" and path.endswith(".gguf")])

    downloads = fetched()
    assert downloads >= 3
    assert _run(args) == 0
    again = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert again["cache_reused"]
    assert fetched() == downloads  # nothing downloaded again
    assert again["models"][1]["kld_mean"] == pytest.approx(q4["kld_mean"], rel=1e-6)


def test_a_ladder_needs_two_rungs_and_no_models_beside() -> None:
    with pytest.raises(OrchardError, match="at least two rungs"):
        _run(["compare", "--repo", "owner/tiny", "--quants", "Q4_0", "--text", "en"])
    with pytest.raises(OrchardError, match="not both"):
        _run(["compare", "--repo", "owner/tiny", "-m", "starter", "--quants", "Q4_0,Q8_0"])
    with pytest.raises(OrchardError, match="2 to 4 models with -m, or a repository"):
        _run(["compare", "-p", "Hi"])


def test_compare_a_model_against_itself_with_a_quantized_kv_cache(
    tiny_mlx_model: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    wide = str(tiny_mlx_model("llama", wide=True))
    text = tmp_path / "text.txt"
    text.write_text(builtin_text("en")[:700], encoding="utf-8")
    assert _run(["compare", "-m", wide, "-m", f"{wide}@kv8", "-m", f"{wide}@kv4",
                 "--text-file", str(text), "--window", "64", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = data["models"]
    assert [r["name"].endswith("(KV cache 8-bit)") for r in rows] == [False, True, False]
    kl8, kl4 = rows[1]["quality"]["kl"], rows[2]["quality"]["kl"]
    assert 0 < kl8 < kl4


def test_a_full_disk_while_storing_the_reference_is_one_line_exit_2_and_no_part_file(
        folders: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """It exited 0 and left a 3 MB ``.npz.part`` that kept the disk full (issue 30, item 5)."""

    from inference.eval.reference_cache import references_dir

    fill_disk_for(monkeypatch, ".npz")
    text = tmp_path / "text.txt"
    text.write_text(builtin_text("en")[:2000], encoding="utf-8")
    code = _run(["compare", "-m", str(folders[0]), "-m", str(folders[1]), "--text-file",
                 str(text), "--quality-tokens", "100"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "perplexity" in out  # the comparison went on with the scores in memory
    said = [line for line in err.splitlines() if "is full" in line]
    assert said == [f"orchard: The disk holding {references_dir()} is full, so Orchard could "
                    "not save the reference model's scores; free some space and try again."]
    assert "Traceback" not in err
    left = [p.name for p in references_dir().iterdir() if p.name != "digests.json"]
    assert left == []  # no .part, no temp file, no half a reference


def test_compare_all_categories_and_the_users_own_reports_each_apart(
    folders: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--text all`` measures the shipped categories (a chat in the model's template and a
    long document among them), ``--text-file`` adds the user's own; every number per
    category lands in --json, and the text output says it plainly, then per category."""
    mine = tmp_path / "mine.txt"
    mine.write_text("Minutes of the allotment society, spring meeting. " * 30, encoding="utf-8")
    args = ["compare", "-m", str(folders[0]), "-m", str(folders[2]), "--text", "all",
            "--text-file", str(mine), "--quality-tokens", "128", "--window", "64"]
    assert _run([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    keys = ["en", "code", "ja", "zh", "chat", "long", "file:mine.txt"]
    assert [c["key"] for c in data["categories"]] == keys and data["notes"] == []
    rung = data["models"][1]
    assert list(rung["by_category"]) == keys
    for figures in rung["by_category"].values():
        assert figures["kld_mean"] > 0 and figures["kld_p999"] >= figures["kld_p99"]
        assert figures["tokens_scored"] > 0
    assert rung["by_category"]["long"]["tokens_scored"] > 900  # the tiny model's 2048 / 2
    assert rung["tokens_scored"] == sum(f["tokens_scored"] for f in rung["by_category"].values())
    assert data["machine"]["mlx"] and data["summary"][0].startswith("3-bit is ")
    page = tmp_path / "report.html"
    assert _run([*args, "--html", str(page)]) == 0
    out = capsys.readouterr().out
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "</svg>" in html
    assert "Per category" in html and "Chat dialogue" in html and "mine.txt" in html
    assert "KL p99.9" in html and data["machine"]["mlx"] in html
    assert "http" not in html.replace("http://www.w3.org", "")  # nothing fetched: one file
    lines = out.splitlines()
    summary = next(k for k, line in enumerate(lines) if line.startswith("3-bit is "))
    table = next(k for k, line in enumerate(lines) if line.startswith("| model "))
    assert summary < table  # in words first, then the numbers
    assert "Mean KL per category" in out
    assert "English prose" in out and "Chat dialogue" in out and "mine.txt" in out
