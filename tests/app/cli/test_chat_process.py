"""``orchard chat`` runs its model in a process of its own: a kill of that process mid-reply
keeps the reply so far, says so in one sentence and the chat goes on with the model loaded
again (``-p`` exits 2); a saved conversation loses nothing; Ctrl+C while the model loads
stops the load at once.

Deterministic by construction: the kill happens at the first chunk of text of the first
reply (tests/app/cli/chat_killer.py), the Ctrl+C once the engine says the model is being
read, never after a sleep. The replies are greedy and too long to end before the kill lands.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from queue import SimpleQueue
from typing import Any

import pytest

import app.cli.chat as cli_chat
from app.cli.main import main
from inference.engine import LoadFailed
from inference.remote import LOST, ProcessEngine, RemoteJob, ended_how
from inference.store import ConversationStore
from tests.app.cli.chat_killer import WAIT, Seen, killing
from tests.inference import remote_helpers

REPO = Path(__file__).resolve().parents[3]
#: Greedy, no loop guard: the tiny model's reply runs to its end, far past the kill.
LONG = ("--temp", "0", "--no-loop-guard", "--max-tokens", "1000")
SAID = f"orchard: {ended_how(-signal.SIGKILL)} Try again."

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture()
def gguf(tiny_gguf: Callable[..., Path]) -> Path:
    return tiny_gguf("llama")


@pytest.fixture()
def seen(monkeypatch: pytest.MonkeyPatch) -> Seen:
    """Every reply of ``orchard chat`` in this process; the first one's process killed."""
    record = Seen()
    monkeypatch.setattr(ProcessEngine, "chat", killing(ProcessEngine.chat, record))
    return record


def test_a_kill_mid_reply_keeps_the_reply_says_one_sentence_and_the_chat_goes_on(
        gguf: Path, tmp_path: Path) -> None:
    report = tmp_path / "seen.json"
    proc = subprocess.run(
        [sys.executable, "-m", "tests.app.cli.chat_killer", str(report), "chat", "-m",
         str(gguf), *LONG],
        input=b"hi\nand now?\n", capture_output=True, timeout=240, cwd=REPO,
    )
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert err == SAID + "\n"  # one sentence (the engine's own log line is not said twice)
    seen = json.loads(report.read_text(encoding="utf-8"))
    assert seen["ends"] == [LOST, "answered"]
    partial, answer = seen["texts"]
    assert partial and answer
    # the reply so far stays on screen, ended by a line break before the sentence
    assert proc.stdout.decode() == f"{partial}\n{answer}\n"
    # ...and in the conversation the second line was answered in
    assert seen["histories"][1] == [["user", "hi"], ["assistant", partial],
                                    ["user", "and now?"]]
    # the model ran in another process than the command's, a new one after the kill
    first, second = seen["pids"]
    assert seen["killed"] == [first]
    assert len({seen["cli"], first, second}) == 3


def test_a_saved_conversation_loses_nothing_to_a_kill(
        capsys: pytest.CaptureFixture[str], gguf: Path, seen: Seen) -> None:
    code = main(["chat", "-m", str(gguf), "--conversation", "apples", "-p", "hi", *LONG])
    out, err = capsys.readouterr()
    assert code == 2  # -p: the one reply asked for did not come
    assert err == SAID + "\n"
    assert seen.ends == [LOST] and seen.texts[0]
    assert out == seen.texts[0] + "\n"
    assert seen.pids[0] != os.getpid()  # the model ran in a process of its own
    with ConversationStore() as store:
        (conv,) = store.list_conversations()
        kept = store.messages(conv.id)
    assert [(m.role, m.content, m.complete) for m in kept] == [
        ("user", "hi", True), ("assistant", seen.texts[0], False)]  # shown "interrupted"

    # the next run continues it: the message, the reply so far, the new message
    code = main(["chat", "-m", str(gguf), "--conversation", "apples", "-p", "And now?",
                 "--temp", "0", "--max-tokens", "3", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert seen.ends[1] == "answered"
    assert seen.histories[1] == [["user", "hi"], ["assistant", seen.texts[0]],
                                 ["user", "And now?"]]
    stats = json.loads(out)
    with ConversationStore() as store:
        kept = store.messages(conv.id)
    assert [(m.role, m.complete) for m in kept] == [
        ("user", True), ("assistant", False), ("user", True), ("assistant", True)]
    assert kept[-1].stats is not None
    assert kept[-1].stats["prompt_tokens"] == stats["prompt_tokens"]


def test_ctrl_c_while_the_model_loads_stops_the_load_at_once(
        capsys: pytest.CaptureFixture[str], gguf: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The load never ends by itself (it reads a fifo no one writes); Ctrl+C comes once the
    engine says the model is being read: the load ends, and the command with 130."""
    fifo = remote_helpers.make_fifo(tmp_path)
    jobs: list[RemoteJob] = []
    load = ProcessEngine.load

    def blocked(self: ProcessEngine, _load: Any, sink: Any, **kwargs: Any) -> Any:
        job = load(self, functools.partial(remote_helpers.blocked_load, fifo), sink, **kwargs)
        assert isinstance(job, RemoteJob)
        jobs.append(job)
        return job

    wait = cli_chat._wait

    def ctrl_c(events: SimpleQueue[Any]) -> Any:
        if not jobs[0].cancelled:
            assert jobs[0].reading.wait(WAIT)
            signal.raise_signal(signal.SIGINT)  # as the terminal sends it
        return wait(events)

    monkeypatch.setattr(ProcessEngine, "load", blocked)
    monkeypatch.setattr(cli_chat, "_wait", ctrl_c)
    before = signal.getsignal(signal.SIGINT)
    code = main(["chat", "-m", str(gguf), "-p", "hi"])
    out, err = capsys.readouterr()
    assert code == 130
    assert (out, err) == ("", "orchard: interrupted.\n")
    (job,) = jobs
    assert isinstance(job.result, LoadFailed) and job.result.code == "cancelled"
    assert signal.getsignal(signal.SIGINT) is before  # Ctrl+C is the command's again
