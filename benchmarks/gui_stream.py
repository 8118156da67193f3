"""Stream 2,000 tokens into the real window from a fast fake engine and measure the GUI.

Prints the longest main-thread stall (goal: under 16 ms, one frame at 60 Hz) and the render
cost per token at the start and at the end of the reply (it must stay flat: only the open
tail of the streaming reply is re-rendered). Also times opening a 500-message conversation.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_stream.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ORCHARD_HOME", tempfile.mkdtemp(prefix="orchard-bench-"))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.gui.settings import AppSettings  # noqa: E402
from app.gui.window import MainWindow  # noqa: E402
from inference.store import ConversationStore  # noqa: E402
from tests.app.fake_engine import FakeModel, fake_worker  # noqa: E402

TOKENS = 2000
REPLY = "".join(
    f"Word{i} " + ("\n\n" if i % 40 == 39 else "") + ("`code` " if i % 97 == 0 else "")
    for i in range(TOKENS)
)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    model = FakeModel()
    model.script.reply = REPLY
    model.script.pieces = TOKENS
    model.script.seconds_per_token = 1 / 400  # a fast model on a Mac: 400 tokens a second
    worker = fake_worker(model)
    store = ConversationStore()
    window = MainWindow(store, worker, AppSettings())
    window.resize(1100, 720)
    window.show()
    while window.controller.model_info is None:
        app.processEvents()

    # per-update render cost, by how far into the reply the update was
    costs: list[tuple[int, float, int]] = []  # (chars so far, seconds, chars added)
    original = window.transcript.append_text

    def timed(piece: str) -> None:
        start = time.perf_counter()
        original(piece)
        costs.append((len(window.controller.pending.text if window.controller.pending else ""),
                      time.perf_counter() - start, len(piece)))

    window.transcript.append_text = timed  # type: ignore[method-assign]

    # the longest time the main thread spends in one pass of the event loop: while it is
    # busy there, the window cannot repaint or answer input
    gaps: list[float] = []
    done = [False]
    started = [False]

    def busy(flag: bool) -> None:  # emitted on the GUI thread by the controller
        started[0] = started[0] or flag
        done[0] = started[0] and not flag

    window.controller.busy_changed.connect(busy)
    start = time.perf_counter()
    window.composer.edit.setPlainText("stream please")
    window.composer._send()
    while not done[0]:
        t0 = time.perf_counter()
        app.processEvents()
        gaps.append(time.perf_counter() - t0)
    total = time.perf_counter() - start

    n = len(costs)
    head = costs[: max(1, n // 5)]
    tail = costs[-max(1, n // 5) :]

    def per_token(rows: list[tuple[int, float, int]]) -> float:
        seconds = sum(r[1] for r in rows)
        words = sum(r[2] for r in rows) / 6  # about six characters per token here
        return seconds / max(words, 1) * 1e6

    start_cost, end_cost = per_token(head), per_token(tail)
    print(f"streamed {TOKENS} tokens in {total:.2f} s through {n} GUI updates "
          f"({n / total:.1f} per second)")
    streaming = gaps[:-3]  # the last passes render the finished reply once and save it
    print(f"longest main-thread stall while streaming: {max(streaming) * 1000:.1f} ms "
          f"(goal < 16 ms); finishing the reply: {max(gaps[-3:]) * 1000:.1f} ms once")
    if os.environ.get("ORCHARD_BENCH_DEBUG"):
        print("largest passes (index, ms):", sorted(
            ((i, round(g * 1000, 1)) for i, g in enumerate(gaps)), key=lambda x: -x[1])[:6],
            "of", len(gaps))
    print(f"render cost per token: start {start_cost:.1f} µs, end {end_cost:.1f} µs, "
          f"ratio end/start {end_cost / start_cost:.2f} (flat is about 1)")

    # opening a 500-message conversation
    cid = store.create_conversation("long", "fake", {})
    for i in range(250):
        store.add_message(cid, "user", f"Question {i}: how do apples keep over winter?")
        store.add_message(cid, "assistant", f"Answer {i}:\n\n- cool\n- dark\n\n```python\n"
                                            f"print({i})\n```\n")
    t0 = time.perf_counter()
    window.controller.open_conversation(cid)
    app.processEvents()
    print(f"opening a 500-message conversation: {(time.perf_counter() - t0) * 1000:.0f} ms")
    worker.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
