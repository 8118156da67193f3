"""A tiny model that takes tools (random weights, Qwen 2.5's way of rendering tools) behind a
real engine and server, for the API tests of every protocol. One per test module, so no model
stays loaded (and counted in MLX's active memory) once its module's tests are done."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.server.app import BackgroundServer
from app.server.guard import ServerConfig
from inference.engine import Engine
from inference.model.load import load_model
from tests.fixtures.tiny_models import TOOLS_TEMPLATE, with_chat_template


@pytest.fixture(scope="module")
def tool_engine(tiny_mlx_model: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[Engine]:
    folder = with_chat_template(tiny_mlx_model("qwen2"), TOOLS_TEMPLATE,
                                tmp_path_factory.mktemp("tools") / "qwen2-tools")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ORCHARD_HOME", str(tmp_path_factory.mktemp("orchard_home")))
        engine = Engine(lambda: load_model(folder), max_waiting=4)
        engine.start()
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def tool_server(tool_engine: Engine) -> Iterator[BackgroundServer]:
    with BackgroundServer(tool_engine, ServerConfig(port=0)) as server:
        yield server
