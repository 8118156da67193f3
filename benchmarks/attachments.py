"""Time to first token with a 10-page PDF attached, against the same text pasted.

    .venv/bin/python benchmarks/attachments.py [--model starter] [--pages 10] [--rounds 2]

A PDF of ``--pages`` pages of plain prose is written (by the tests' own PDF writer), read as
the window reads an attachment (pypdfium2, off the GUI thread there), and sent as the first
message of a fresh conversation with a one-line question; the baseline sends the same text
pasted into the message. Both run in this process, interleaved, one thread each: the ratio
says what an attachment costs over its own tokens (the extraction, the delimiters). Prints
CPU seconds (user+sys), wall seconds and tokens, and the ratio.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inference.attachments import read_attachment, render  # noqa: E402
from inference.model.load import load_model  # noqa: E402
from inference.session import ChatSession  # noqa: E402
from inference.types import SamplingSettings  # noqa: E402
from tests.inference.test_attachments import make_pdf  # noqa: E402

PROSE = ("The orchard keeps its apples in a cool room over winter. Each variety ripens at its "
         "own pace, and the gardener writes down the date it was picked, its weight and the "
         "tree it came from, so that next year's harvest can be planned around the best.")
QUESTION = "Summarise this document in two sentences."


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def first_token(loaded: object, content: str) -> tuple[float, float, int]:
    """(wall s, CPU s, prompt tokens) to the first token of a fresh conversation."""
    session = ChatSession(loaded, settings=SamplingSettings(temperature=0.0, max_tokens=1))
    t0, c0 = time.perf_counter(), cpu()
    chunks = list(session.send(content))
    return time.perf_counter() - t0, cpu() - c0, chunks[-1].prompt_tokens


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="starter")
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    pdf = Path(tempfile.mkdtemp()) / "report.pdf"
    lines = [PROSE[i:i + 80] for i in range(0, len(PROSE), 80)] * 3
    pdf.write_bytes(make_pdf([lines for _ in range(args.pages)]))
    t0 = time.perf_counter()
    attachment = read_attachment(pdf)
    read_s = time.perf_counter() - t0
    loaded = load_model(args.model)
    print(f"{loaded.info.name}; {args.pages}-page PDF, {pdf.stat().st_size:,} bytes, "
          f"{len(attachment.text):,} characters, read in {read_s:.3f} s "
          f"({platform.machine()}, {platform.system()})")
    attached = render(QUESTION, [attachment])
    pasted = attachment.text + "\n\n" + QUESTION
    rows: dict[str, list[tuple[float, float, int]]] = {"attached": [], "pasted": []}
    for _ in range(args.rounds):
        for name, content in (("attached", attached), ("pasted", pasted)):
            rows[name].append(first_token(loaded, content))
            wall, cpu_s, tokens = rows[name][-1]
            print(f"{name:8} {tokens:6,} prompt tokens  TTFT {wall:7.2f} s  CPU {cpu_s:7.2f} s",
                  flush=True)
    best = {name: min(r[1] for r in runs) for name, runs in rows.items()}
    print(f"attached / pasted, CPU s to the first token: {best['attached'] / best['pasted']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
