"""Errors the user sees. Each message is one plain sentence: what happened and what to do."""


class OrchardError(Exception):
    """Base class: ``str(error)`` is shown to the user as it is."""


class ModelError(OrchardError):
    """A model file or folder that cannot be used (missing, malformed, unsafe)."""


class GGUFError(ModelError):
    """A GGUF file that is malformed or would be unsafe to load."""


class UnsupportedModelError(ModelError):
    """A well-formed model that Orchard cannot run (architecture or tensor type)."""


class ModelTooLargeError(OrchardError):
    """A model whose estimated memory does not fit on this machine."""
