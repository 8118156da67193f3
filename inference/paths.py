"""Every folder Orchard writes to, from platformdirs.

On macOS these are ``~/Library/Application Support/Orchard`` and friends. Tests (and users
who want a portable setup) set ``ORCHARD_HOME`` to put everything under one folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Orchard"


def _home_override() -> Path | None:
    value = os.environ.get("ORCHARD_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """Conversations, the model library."""
    home = _home_override()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Settings and per-model overrides."""
    home = _home_override()
    if home:
        return home / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Anything that can be rebuilt (the Hub's download cache among them)."""
    home = _home_override()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    """Where downloaded models live."""
    value = os.environ.get("ORCHARD_MODELS_DIR")
    return Path(value).expanduser() if value else data_dir() / "models"
