"""The tool host against real MCP servers (tests/inference/tools/mcp_server.py, written with
the SDK's server API) over stdio and over streamable HTTP on loopback: listing, calls, the
output cap, and every way a call can end badly (timeout, stop, crash, garbage, a server that
never starts), with close() bounded throughout."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from inference.tools.config import ServerSpec
from inference.tools.host import (
    CLOSE_SECONDS,
    STOP_GRACE_SECONDS,
    ToolError,
    ToolHost,
    ToolStopped,
)

# Every test here starts server processes (half a second each on a laptop).
pytestmark = pytest.mark.slow

SERVER = Path(__file__).with_name("mcp_server.py")
MISSING = "/nonexistent/orchard-test-mcp-server"


def stdio(name: str, root: Path, *extra: str, enabled: bool = True,
          disabled_tools: frozenset[str] = frozenset()) -> ServerSpec:
    return ServerSpec(name, command=sys.executable, args=(str(SERVER), "--root", str(root), *extra),
                      enabled=enabled, disabled_tools=disabled_tools)


def one_sentence(text: str) -> bool:
    return text.endswith(".") and ". " not in text and "\n" not in text


def gone(pid: int, within: float = 10.0) -> bool:
    """Whether process ``pid`` has ended (the host's loop reaps its children); a safety net
    wait, not a timing assumption."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("tools")
    (base / "secret.txt").write_text("not for the model", encoding="utf-8")
    folder = base / "root"
    folder.mkdir()
    (folder / "notes.txt").write_text("apples and pears", encoding="utf-8")
    return folder


@contextlib.contextmanager
def http_server(root: Path, port: int = 0, *, sse: bool = False) -> Iterator[str]:
    """The test server over streamable HTTP (or SSE) on loopback, at the URL this yields."""
    command = [sys.executable, str(SERVER), "--root", str(root), "--http", str(port)]
    with subprocess.Popen(command + ["--sse"] * sse, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True) as process:
        # Safety net: a server that never says its port is killed, which ends readline().
        watchdog = threading.Timer(30, process.kill)
        watchdog.start()
        line = process.stdout.readline() if process.stdout else ""
        watchdog.cancel()
        assert line.startswith("listening "), line
        try:
            yield f"http://127.0.0.1:{int(line.split()[1])}/{'sse' if sse else 'mcp'}"
        finally:
            process.terminate()


@pytest.fixture(scope="module")
def http_url(root: Path) -> Iterator[str]:
    with http_server(root) as url:
        yield url


@pytest.fixture(scope="module")
def host(root: Path, http_url: str) -> Iterator[ToolHost]:
    specs = [
        stdio("calc", root, disabled_tools=frozenset({"multiply"})),
        ServerSpec("web", url=http_url),
        ServerSpec("gone", command=MISSING),
        stdio("off", root, enabled=False),
    ]
    with ToolHost(specs, call_timeout=20, start_timeout=20) as h:
        yield h


def test_start_lists_both_transports_and_a_missing_program_is_one_sentence(
        host: ToolHost) -> None:
    problems = host.start()
    assert list(problems) == ["gone"]
    assert problems["gone"] == (f"The tool server gone could not start because the program "
                                f"{MISSING} was not found.")
    names = [tool.name for tool in host.tools()]
    # calc's tools keep their names; web offers the same ones, so it gets its own prefix.
    assert names[:3] == ["add", "read_file", "pid"]
    assert "multiply" not in names  # turned off by the user
    assert {"web_add", "web_multiply", "web_read_file"} <= set(names)
    assert not any(tool.server == "off" for tool in host.all_tools())  # never started
    add = next(tool for tool in host.tools() if tool.name == "add")
    assert (add.server, add.remote_name, add.remote) == ("calc", "add", False)
    web_add = next(tool for tool in host.tools() if tool.name == "web_add")
    assert (web_add.server, web_add.remote_name, web_add.remote) == ("web", "add", False)
    function = add.function()
    assert function["type"] == "function"
    assert function["function"]["name"] == "add"
    assert function["function"]["description"] == "Add two numbers."
    assert function["function"]["parameters"]["properties"].keys() == {"a", "b"}


def test_start_again_keeps_what_runs(host: ToolHost) -> None:
    host.start()
    pid = host.call("pid", {}).text
    assert list(host.start()) == ["gone"]
    assert host.call("pid", {}).text == pid


def test_a_turned_off_tool_is_listed_for_settings_but_cannot_be_called(host: ToolHost) -> None:
    host.start()
    multiply = [tool for tool in host.all_tools() if tool.remote_name == "multiply"]
    # Named with the others, so turning one off or on never renames another.
    assert [(tool.server, tool.name) for tool in multiply] == [("calc", "multiply"),
                                                               ("web", "web_multiply")]
    with pytest.raises(ToolError) as caught:
        host.call("multiply", {"a": 2, "b": 3})
    assert str(caught.value) == "The tool multiply is turned off in Orchard's tool settings."
    with pytest.raises(ToolError, match="There is no tool called nothing_here."):
        host.call("nothing_here", {})


def test_calls_over_stdio_and_http(host: ToolHost) -> None:
    host.start()
    result = host.call("add", {"a": 2, "b": 40})
    assert (result.text, result.is_error, result.cut) == ("42.0", False, False)
    assert 0 <= result.seconds < 20
    assert host.call("web_add", {"a": 1, "b": 2}).text == "3.0"
    assert host.call("web_multiply", {"a": 3, "b": 4}).text == "12.0"
    assert host.call("read_file", {"path": "notes.txt"}).text == "apples and pears"


@pytest.mark.parametrize("path", ["../secret.txt", "SECRET"])
def test_a_file_outside_the_servers_folder_is_an_error_result(
        host: ToolHost, root: Path, path: str) -> None:
    host.start()
    path = str(root.parent / "secret.txt") if path == "SECRET" else path
    result = host.call("read_file", {"path": path})
    assert result.is_error
    assert "outside the folder" in result.text
    assert "not for the model" not in result.text


def test_bad_arguments_come_back_as_the_servers_error(host: ToolHost) -> None:
    host.start()
    result = host.call("add", {"a": "two"})
    assert result.is_error
    assert "add" in result.text


def test_long_output_is_cut_and_says_so(host: ToolHost) -> None:
    host.start()
    result = host.call("big", {})
    assert result.cut and not result.is_error
    assert result.text.startswith("0123456789" * 1600)
    assert result.text.endswith("\n[… output cut at 16,000 characters]")
    assert len(result.text) == 16_000 + len("\n[… output cut at 16,000 characters]")


def test_an_image_is_described_in_words(host: ToolHost) -> None:
    host.start()
    # mcp_server.PNG: a 1x1 PNG of 66 bytes.
    assert host.call("picture", {}).text == "a red dot\n[image: image/png, 66 bytes]"


def test_no_answer_in_time_stops_the_server_and_the_next_call_starts_it(host: ToolHost) -> None:
    host.start()
    pid = int(host.call("pid", {}).text)
    with pytest.raises(ToolError) as caught:
        host.call("hang", {}, timeout=0.5)
    assert str(caught.value) == ("The tool hang did not answer within 0.5 seconds; its server "
                                 "was stopped.")
    assert gone(pid)
    assert int(host.call("pid", {}).text) != pid
    assert host.call("add", {"a": 1, "b": 1}).text == "2.0"


def test_an_http_server_that_does_not_answer_in_time_is_connected_again(host: ToolHost) -> None:
    host.start()
    with pytest.raises(ToolError, match="The tool web_hang did not answer within 0.5 seconds"):
        host.call("web_hang", {}, timeout=0.5)
    assert host.call("web_add", {"a": 1, "b": 2}).text == "3.0"


def test_stop_is_prompt_tells_the_server_and_leaves_it_running(host: ToolHost) -> None:
    host.start()
    pid = host.call("pid", {}).text
    stop = threading.Event()
    outcome: list[BaseException] = []

    def call_hang() -> None:
        try:
            host.call("hang", {}, cancel=stop)
        except BaseException as exc:  # noqa: BLE001 - the test reads it
            outcome.append(exc)

    caller = threading.Thread(target=call_hang)
    caller.start()
    # Calls to one server do not queue behind each other: this one answers while hang waits.
    assert host.call("add", {"a": 1, "b": 2}).text == "3.0"
    stop.set()
    pressed = time.monotonic()
    caller.join(timeout=10)
    assert time.monotonic() - pressed < 1.0
    assert len(outcome) == 1 and isinstance(outcome[0], ToolStopped)
    assert str(outcome[0]) == "The tool hang was stopped."
    # The server heard notifications/cancelled and kept going.
    assert host.call("was_cancelled", {}).text == "true"
    assert host.call("pid", {}).text == pid


def test_a_server_hung_by_a_stopped_call_is_stopped_and_the_next_call_starts_it(
        root: Path) -> None:
    with ToolHost([stdio("calc", root)]) as h:
        assert h.start() == {}
        pid = int(h.call("pid", {}).text)
        stop = threading.Event()
        threading.Timer(0.3, stop.set).start()
        # stuck blocks the server's loop: the cancel is never read, nor the ping after it
        with pytest.raises(ToolStopped):
            h.call("stuck", {}, cancel=stop)
        assert gone(pid, within=STOP_GRACE_SECONDS + CLOSE_SECONDS)
        # the next call does not wait out a time limit: it starts the server again
        started = time.monotonic()
        assert h.call("add", {"a": 1, "b": 2}, timeout=30).text == "3.0"
        assert time.monotonic() - started < 10


def test_a_stop_set_before_the_call_stops_it_at_once(host: ToolHost) -> None:
    host.start()
    stop = threading.Event()
    stop.set()
    with pytest.raises(ToolStopped):
        host.call("add", {"a": 1, "b": 2}, cancel=stop)


def test_a_crash_mid_call_is_one_sentence_and_the_next_call_works(host: ToolHost) -> None:
    host.start()
    pid = int(host.call("pid", {}).text)
    with pytest.raises(ToolError) as caught:
        host.call("crash", {})
    assert str(caught.value) == ("The tool crash failed because its server calc stopped "
                                 "during the call.")
    assert gone(pid)
    assert host.call("add", {"a": 2, "b": 2}).text == "4.0"
    assert host.problems() == {"gone": host.problems()["gone"]}


def test_garbage_on_stdout_fails_the_call(root: Path, caplog: pytest.LogCaptureFixture) -> None:
    with ToolHost([stdio("noisy", root, "--garbage")], call_timeout=20) as h:
        assert h.start() == {}
        with pytest.raises(ToolError) as caught:
            h.call("add", {"a": 1, "b": 2})
        assert str(caught.value) == ("The tool add failed because its server noisy sent "
                                     "something that is not MCP.")
        # The server was started afresh; calls that print nothing still work.
        assert h.call("read_file", {"path": "notes.txt"}).text == "apples and pears"
    assert "sent something that is not MCP" in caplog.text


def test_a_server_that_quits_while_starting_says_what_it_printed_and_others_still_work(
        root: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="inference.tools")
    quits = ServerSpec("quits", command=sys.executable, args=(
        "-c", "import sys; sys.stderr.write('config.toml: no such file\\n'); sys.exit(2)"))
    with ToolHost([quits, stdio("calc", root), ServerSpec("nowhere")]) as h:
        problems = h.start()
        assert problems == {
            "quits": "The tool server quits quit while starting; it said: config.toml: no such "
                     "file.",
            "nowhere": "The tool server nowhere has neither a program to run nor an address.",
        }
        assert h.call("add", {"a": 1, "b": 2}).text == "3.0"
        assert {tool.server for tool in h.tools()} == {"calc"}
    # A server's stderr goes to the log, never to the user's terminal.
    assert "no such file" not in capfd.readouterr().err
    assert "quits: config.toml: no such file" in caplog.text


def test_a_server_that_never_answers_at_start_is_given_up_on(root: Path) -> None:
    # Reads its stdin and never answers; it ends when the host closes that.
    silent = ServerSpec("silent", command=sys.executable,
                        args=("-c", "import sys; sys.stdin.read()"))
    with ToolHost([silent, stdio("calc", root)], start_timeout=1) as h:
        assert h.start() == {
            "silent": "The tool server silent did not answer within 1 second of starting."}
        assert h.call("add", {"a": 1, "b": 2}).text == "3.0"


def test_an_http_server_that_is_not_there_is_one_sentence(root: Path) -> None:
    # A port nothing listens on: bind one, note it, let it go.
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/mcp"
    with ToolHost([ServerSpec("web", url=url)]) as h:
        problem = h.start()["web"]
    assert problem == f"Orchard could not connect to the tool server web at {url}."


def test_a_wrong_address_on_a_running_server_is_one_sentence(http_url: str) -> None:
    url = http_url.replace("/mcp", "/nothing-here")
    with ToolHost([ServerSpec("web", url=url)]) as h:
        problem = h.start()["web"]
    assert problem == f"Orchard found no MCP server at {url} (for the tool server web)."


def test_close_is_bounded_with_a_stuck_server_and_idempotent(root: Path) -> None:
    h = ToolHost([stdio("calc", root)])
    assert h.start() == {}
    pid = int(h.call("pid", {}).text)
    # stuck blocks the server's own loop: it no longer reads stdin, so only a signal ends it.
    with pytest.raises(ToolError, match="did not answer within 0.5 seconds"):
        h.call("stuck", {}, timeout=0.5)
    started = time.monotonic()
    h.close()
    assert time.monotonic() - started < CLOSE_SECONDS + 3
    assert gone(pid, within=1.0)
    h.close()
    with pytest.raises(ToolError, match="shut down"):
        h.call("add", {"a": 1, "b": 2})


def test_close_ends_a_call_in_flight(root: Path) -> None:
    h = ToolHost([stdio("calc", root)])
    assert h.start() == {}
    outcome: list[BaseException] = []

    def call_hang() -> None:
        try:
            h.call("hang", {})
        except BaseException as exc:  # noqa: BLE001 - the test reads it
            outcome.append(exc)

    caller = threading.Thread(target=call_hang)
    caller.start()
    h.close()
    caller.join(timeout=10)
    assert not caller.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], ToolError)
    assert one_sentence(str(outcome[0])), outcome[0]
    assert "shut down" in str(outcome[0])
    assert h.start() == {}  # a closed host starts nothing


def test_an_http_server_that_restarts_is_reached_again(root: Path) -> None:
    with http_server(root) as url:
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        h = ToolHost([ServerSpec("web", url=url)])
        assert h.start() == {}
        assert h.call("add", {"a": 1, "b": 2}).text == "3.0"
    with h:
        with pytest.raises(ToolError) as caught:
            h.call("add", {"a": 1, "b": 2})
        assert str(caught.value) == ("The tool add failed because the connection to its server "
                                     "web was lost.")
        with http_server(root, port):
            assert h.call("add", {"a": 2, "b": 2}).text == "4.0"
        # Restarted while no call ran: the new process does not know the old session, which
        # the host learns from the refusal and answers with a new session, unseen.
        with http_server(root, port):
            assert h.call("add", {"a": 3, "b": 2}).text == "5.0"


# Runs the test server the first time only: later starts fail the way a broken install does.
ONCE = ("import os, sys\n"
        "marker = sys.argv[1]\n"
        "if os.path.exists(marker):\n"
        "    sys.exit('the marker says no')\n"
        "open(marker, 'w').close()\n"
        "os.execv(sys.executable, [sys.executable, *sys.argv[2:]])\n")


def test_a_server_that_cannot_start_again_keeps_its_tools_and_says_why(
        root: Path, tmp_path: Path) -> None:
    marker = tmp_path / "started"
    once = ServerSpec("once", command=sys.executable,
                      args=("-c", ONCE, str(marker), str(SERVER), "--root", str(root)))
    with ToolHost([once]) as h:
        assert h.start() == {}
        with pytest.raises(ToolError, match="stopped during the call"):
            h.call("crash", {})
        with pytest.raises(ToolError) as caught:
            h.call("add", {"a": 1, "b": 2})
        assert str(caught.value) == ("The tool add is not available because its server once "
                                     "could not start.")
        assert h.problems() == {
            "once": "The tool server once quit while starting; it said: the marker says no."}
        # Still offered: the next call tries again, and works once the server can start.
        assert "add" in [tool.name for tool in h.tools()]
        marker.unlink()
        assert h.call("add", {"a": 1, "b": 2}).text == "3.0"
        assert h.problems() == {}


def test_an_sse_server_works(root: Path) -> None:
    with http_server(root, sse=True) as url, ToolHost([ServerSpec("old", url=url, sse=True)]) as h:
        assert h.start() == {}
        assert h.call("add", {"a": 1, "b": 2}).text == "3.0"
        with pytest.raises(ToolError, match="did not answer within 0.5 seconds"):
            h.call("hang", {}, timeout=0.5)
        assert h.call("multiply", {"a": 2, "b": 3}).text == "6.0"


def test_a_server_whose_tools_change_is_listed_again(root: Path) -> None:
    with ToolHost([stdio("calc", root)]) as h:
        assert h.start() == {}
        assert "extra" not in [tool.name for tool in h.tools()]
        assert h.call("grow", {}).text == "grown"
        # The new listing arrives a moment after the call's answer; wait for it (bounded).
        deadline = time.monotonic() + 10
        while "extra" not in [tool.name for tool in h.tools()] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert h.call("extra", {}).text == "extra"
