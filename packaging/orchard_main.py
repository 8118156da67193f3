"""The frozen app's entry point: the same ``orchard`` command as ``app.cli.main:main``.

Double-clicked, it opens the window; ``Orchard --self-test`` and every ``orchard``
subcommand work from a terminal too (``Orchard.app/Contents/MacOS/Orchard chat -m starter``).
"""

import multiprocessing
import sys

from app.cli.main import main

if __name__ == "__main__":
    # the model runs in a spawned child process (inference.remote): in the frozen app that
    # child is this same executable, which must then run the child and nothing else
    multiprocessing.freeze_support()
    sys.exit(main())
