"""The model library: models downloaded into Orchard's models folder.

(The downloader and the listing arrive with the Hub work; until then nothing is installed.)
"""

from __future__ import annotations

from pathlib import Path


def find_installed(spec: str) -> Path | None:
    """The path of an installed ``owner/repo`` or ``owner/repo:QUANT``, if there is one."""
    return None
