"""Orchard's inference library: model sources, GGUF reading, tokenizers, chat sessions.

This package never imports Qt: the GUI and the CLI are two front ends of it.
"""

from inference.system import prepare_runtime

prepare_runtime()  # before any submodule imports MLX
