"""Answer flips: each model answers the shipped short questions greedily; answers that
differ from the reference's (after normalising what does not change an answer) are flips."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import compare as cli_compare
from inference.eval.compare import CompareSettings, Comparison
from inference.eval.flips import count_flips, normalise, questions


@pytest.mark.parametrize(("said", "means"), [
    ("B", "B"), ("B) Mercury", "B"), ("(b) mercury", "B"), ("The answer is C.", "C"),
    ("d", "D"), ("**Tokyo**.", "tokyo"), ("Tokyo\nIt is the capital.", "tokyo"),
    (" 144 ", "144"), ("\n\n7 pm", "7 pm"), ("'Carbon dioxide'", "carbon dioxide"),
    ("Because", "because"), ("A mouse", "a mouse"), ("", ""),
])
def test_answers_are_compared_by_what_they_say(said: str, means: str) -> None:
    assert normalise(said) == means


def test_the_shipped_questions_and_counting() -> None:
    asked = questions()
    assert len(asked) == 20 and len(set(asked)) == 20
    assert all("Answer with" in q for q in asked)  # each asks for a short answer
    assert count_flips(["A", "b", "c"], ["A", "x", "c"]) == 1
    assert count_flips(["A", "b"], ["A"]) == 0  # a stopped run counts what both answered


def test_a_model_against_an_identical_copy_flips_nothing_and_the_report_says_so(
        tiny_gguf: Callable[..., Path], tmp_path: Path) -> None:
    ref = tiny_gguf("llama")
    copy = tmp_path / "copy" / ref.name
    copy.parent.mkdir()
    shutil.copy(ref, copy)
    c = Comparison([ref, copy, tiny_gguf("llama", "Q4_0")], CompareSettings(flips=True,
                                                                          reference=0))
    list(c.run())
    first, same, other = c.results
    assert len(first.answers) == len(questions()) == len(same.answers) == len(other.answers)
    assert first.flips is None  # the reference is what the others are held to
    assert same.flips == 0  # greedy, identical weights: identical answers
    assert other.flips == sum(a != b for a, b in zip(first.answers, other.answers,
                                                     strict=True))
    report = c.report()
    assert report.columns()[-1] == "flips"
    rows = report.rows()
    assert rows[0][-1] == "20 asked" and rows[1][-1] == "0/20"
    assert rows[2][-1] == f"{other.flips}/20"
    assert "| flips |" in report.markdown() and "Flips: of 20 short questions" in (
        report.document())
    assert report.csv().splitlines()[0].endswith(",flips")


def test_without_flips_the_table_is_as_before(tiny_gguf: Callable[..., Path]) -> None:
    c = Comparison([tiny_gguf("llama"), tiny_gguf("llama", "Q4_0")],
                   CompareSettings(prompt="Hi", max_tokens=2))
    list(c.run())
    report = c.report()
    assert "flips" not in report.columns() and all(not r.answers for r in report.results)
    assert len(report.rows()[0]) == len(report.COLUMNS)


def test_orchard_compare_counts_flips_in_its_json(
        tiny_gguf: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="orchard")
    cli_compare.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["compare", "-m", str(tiny_gguf("llama")), "-m",
                              str(tiny_gguf("llama", "Q4_0")), "--flips", "--json"])
    assert cli_compare.run(args) == 0
    data = json.loads(capsys.readouterr().out)
    reference, other = data["models"]
    assert len(reference["answers"]) == 20 and reference["flips"] is None
    assert isinstance(other["flips"], int) and 0 <= other["flips"] <= 20
