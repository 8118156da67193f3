"""PyInstaller runtime hook: runs in the frozen app before any of Orchard's code.

Everything the app writes lives in the platformdirs folders (``inference.paths``), never
inside the bundle, which is read-only once signed. huggingface_hub reads its cache
locations when it is imported, so they are set here, first: the Hub's cache goes under
Orchard's cache folder (``~/Library/Caches/Orchard/huggingface`` on a Mac, under
``ORCHARD_HOME`` when that is set). ``HF_HOME`` itself is left alone, so the token from
``hf auth login`` (kept in ``HF_HOME``) still works for gated repos. A variable the user
set wins.
"""

import os


def _set_hub_cache() -> None:
    from inference import paths  # platformdirs only: no Qt, no MLX, no huggingface_hub

    hub = paths.cache_dir() / "huggingface"
    os.environ.setdefault("HF_HUB_CACHE", str(hub / "hub"))
    os.environ.setdefault("HF_ASSETS_CACHE", str(hub / "assets"))
    os.environ.setdefault("HF_XET_CACHE", str(hub / "xet"))


_set_hub_cache()
