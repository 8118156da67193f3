"""PyInstaller runtime hook: runs in the frozen app before any of Orchard's code.

Everything the app writes lives in the platformdirs folders (``inference.paths``), never
inside the bundle, which is read-only once signed. huggingface_hub reads its cache locations
when it is imported, so they must be set first: ``import inference`` does that
(``inference.system.prepare_runtime``: the Hub's caches under Orchard's cache folder, its
telemetry off), for the bundle as for the terminal.
"""

import inference  # noqa: F401  (prepare_runtime runs on import)
