"""Helper for test_store's crash test: writes a conversation and streams a reply forever.

    python crash_child.py DB_PATH EARLIER

Prints ``conv ID``, then ``reply ID``, then ``update N`` after each committed update_reply,
whose content is ``reply_content(N)``. The test kills this process with SIGKILL.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from inference.store import ConversationStore  # noqa: E402

MAX_UPDATES = 100_000  # a bound, in case the test died before killing us


def earlier_content(i: int) -> str:
    return f"earlier message {i}"


def reply_content(n: int) -> str:
    return "".join(f"word{j} " for j in range(n + 1))


def main() -> None:
    path, earlier = Path(sys.argv[1]), int(sys.argv[2])
    store = ConversationStore(path)
    conv = store.create_conversation("crash", "tiny", {"system_prompt": None})
    for i in range(earlier):
        store.add_message(conv, "user" if i % 2 == 0 else "assistant", earlier_content(i))
    print(f"conv {conv}", flush=True)
    reply = store.begin_reply(conv)
    print(f"reply {reply}", flush=True)
    for n in range(MAX_UPDATES):
        store.update_reply(reply, reply_content(n), stats={"generation_tokens": n + 1})
        print(f"update {n}", flush=True)


if __name__ == "__main__":
    main()
