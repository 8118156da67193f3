"""Vision-language models: mlx-vlm's model classes, run by the same generate loop as text.

mlx-vlm loads a vision model folder (a vision tower, a projector and a language model) with
its processor. Orchard keeps its own loop (mlx-lm's ``stream_generate`` with the session's
sampler, stop strings, progress and the pool of KV caches) and hands it the prompt as
embeddings instead of token ids for the part the KV cache does not hold yet, as mlx-lm's
``input_embeddings`` allows: :class:`VisionModel` is the language model as that loop calls a
model, and the image features are put in place by mlx-vlm's own ``get_input_embeddings``.

The prompt is still built by :class:`~inference.prompt.builder.PromptBuilder`: the model's
template places one image token per image (``{"type": "image"}`` parts), and
:func:`expand` swaps each for the tokens mlx-vlm's processor makes of that image (a Qwen2-VL
image of 1,000 × 750 pixels is about 950 of them). Message text stays plain text: an image
token typed into a message is never an image.

Why not mlx-vlm's ``stream_generate``: it takes a prompt string (typed control text would
become real), keeps one prompt cache, and has its own sampling and stopping; Orchard's
caches, steering and stop handling would all fork for vision models.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import mlx.core as mx
import mlx.nn as nn

from inference.errors import ModelError, OrchardError, UnsupportedModelError
from inference.prompt.builder import Prompt
from inference.prompt.templates import ChatTemplate, TemplateRenderError, render

log = logging.getLogger(__name__)

#: Processed images kept per model (a conversation's images are processed once, not per turn).
_KEPT_MEDIA = 4
# What the processor is given between images, to tell their tokens apart.
_SEPARATOR = "\n"


def is_vision_config(config: dict[str, Any]) -> bool:
    """Whether an MLX folder's config.json describes a vision-language model."""
    return isinstance(config.get("vision_config"), dict)


def takes_images(template: ChatTemplate) -> bool:
    """Whether ``template`` reads message content given as a list of parts (text and
    images), as vision models' templates do; a text template would print the list."""
    probe = "\ue003"
    try:
        text = render(template, [{"role": "user", "content": [
            {"type": "image"}, {"type": "text", "text": probe}]}])
    except (TemplateRenderError, OrchardError):
        return False
    return probe in text and "'type'" not in text and '"type"' not in text


@dataclass(frozen=True)
class Media:
    """A prompt's images as the model takes them: the processor's arrays (pixel values and
    whatever else this model's ``get_input_embeddings`` reads), and how the prompt's ids
    stand for them."""

    arrays: dict[str, Any]
    #: the prompt's ids with each image token run replaced by a value naming that image's
    #: pixels (negative: never a real token), for matching KV caches
    cache_ids: list[int]
    image_tokens: int
    digest: str


@dataclass
class _Processed:
    runs: list[list[int]]  # each image's tokens, in order
    arrays: dict[str, Any]


class VisionModel(nn.Module):
    """An mlx-vlm model as mlx-lm's generate loop calls a model: ``model(tokens, cache=...,
    input_embeddings=...)`` gives logits. Prepare each prompt with :meth:`embed` first."""

    def __init__(self, vlm: nn.Module, processor: Any, config: dict[str, Any]) -> None:
        super().__init__()
        self.vlm = vlm
        self.processor = processor
        text = config.get("text_config") or {}
        token = config.get("image_token_id", config.get("image_token_index",
                                                        text.get("image_token_id")))
        image_token = getattr(processor, "image_token", None)
        if not isinstance(token, int) or not isinstance(image_token, str):
            raise UnsupportedModelError(
                "Orchard cannot tell where this vision model's images go in a prompt.")
        self.image_token_id: int = token
        self.image_token: str = image_token
        self._extra: dict[str, Any] = {}
        self._prompt_len = 0
        self._processed: OrderedDict[str, _Processed] = OrderedDict()
        # prompts are built on the engine thread and, to be shown, on others (prompt_to_send)
        self._lock = threading.Lock()

    # what mlx-lm's cache helpers read from a model
    @property
    def layers(self) -> Any:
        return self.vlm.language_model.layers

    def make_cache(self) -> list[Any]:
        from mlx_lm.models.cache import KVCache

        lm = self.vlm.language_model
        if hasattr(lm, "make_cache"):
            return list(lm.make_cache())
        return [KVCache() for _ in lm.layers]

    def __call__(self, inputs: mx.array, cache: Any = None,
                 input_embeddings: mx.array | None = None) -> mx.array:
        offset = int(getattr(cache[0], "offset", 0) or 0) if cache else 0
        if offset < self._prompt_len:  # the prompt: its positions (Qwen's 3-D ones) and so on
            kwargs = self._extra
        else:  # a generated token: only what carries on from the prompt
            kwargs = {k: v for k, v in self._extra.items() if k == "rope_deltas"}
        out = self.vlm.language_model(inputs, inputs_embeds=input_embeddings, cache=cache,
                                      **kwargs)
        return out.logits

    # --- prompts ---------------------------------------------------------------------------
    def expand(self, prompt: Prompt, images: Sequence[bytes]) -> Prompt:
        """``prompt`` with each image token the template placed replaced by that image's
        tokens, and the images processed for :meth:`embed`."""
        places = [i for i, t in enumerate(prompt.ids) if t == self.image_token_id]
        if len(places) != len(images):
            if not images:
                raise OrchardError(
                    "A message holds this model's image token as text; remove it.")
            raise OrchardError(
                f"Orchard cannot place images for this model yet: its {prompt.template_source}"
                f" chat template placed {len(places)} of the {len(images)} images where its "
                "processor looks for them (with another template chosen, choose the model's "
                "own).")
        if not images:
            return replace(prompt, media=None)
        each = [hashlib.sha256(d).digest() for d in images]  # one hash per image, used twice
        digest = hashlib.sha256(b"".join(each)).hexdigest()
        processed = self._process(images, digest)
        ids: list[int] = []
        cache_ids: list[int] = []
        shifts: list[tuple[int, int]] = []  # (old index, tokens added before what follows)
        last, added = 0, 0
        for k, place in enumerate(places):
            ids += prompt.ids[last:place]
            cache_ids += prompt.ids[last:place]
            run = processed.runs[k]
            ids += run
            name = -1 - int.from_bytes(each[k][:4], "big") % (1 << 28)
            cache_ids += [name] * len(run)
            added += len(run) - 1
            shifts.append((place, added))
            last = place + 1
        ids += prompt.ids[last:]
        cache_ids += prompt.ids[last:]

        def moved(i: int) -> int:  # an old index, after the images before it grew
            return i + next((a for place, a in reversed(shifts) if place < i), 0)

        spans = [(moved(a), moved(b)) for a, b in prompt.message_spans]
        media = Media(processed.arrays, cache_ids, sum(len(r) for r in processed.runs), digest)
        return replace(prompt, ids=ids, message_spans=spans, media=media)

    def _process(self, images: Sequence[bytes], digest: str) -> _Processed:
        with self._lock:
            kept = self._processed.get(digest)
            if kept is not None:
                self._processed.move_to_end(digest)
                return kept
        from mlx_vlm.utils import prepare_inputs
        from PIL import Image

        pictures = []
        for data in images:
            with Image.open(io.BytesIO(data)) as im:
                pictures.append(im.convert("RGB"))
        text = _SEPARATOR.join([self.image_token] * len(images))
        try:
            inputs = prepare_inputs(self.processor, images=pictures, prompts=text,
                                    image_token_index=self.image_token_id,
                                    add_special_tokens=False)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise OrchardError(f"This vision model's processor could not read the images "
                               f"({exc}).") from exc
        ids = [int(t) for t in inputs["input_ids"].reshape(-1).tolist()]
        tokenizer = getattr(self.processor, "tokenizer", self.processor)
        sep = list(tokenizer.encode(_SEPARATOR, add_special_tokens=False))
        runs = _split(ids, sep)
        if len(runs) > len(images) and runs[0] and self.image_token_id not in runs[0]:
            runs = runs[1:]  # a beginning-of-text token the processor put first
        if len(runs) != len(images) or any(self.image_token_id not in r for r in runs):
            raise UnsupportedModelError(
                "Orchard cannot yet send images to this vision model (its processor lays "
                "images out in a way Orchard does not follow).")
        arrays = {k: v for k, v in inputs.items() if k not in ("input_ids", "attention_mask")}
        processed = _Processed(runs, arrays)
        with self._lock:
            self._processed[digest] = processed
            while len(self._processed) > _KEPT_MEDIA:
                self._processed.popitem(last=False)
        return processed

    def embed(self, prompt: Prompt, cached: int) -> mx.array:
        """The embeddings of ``prompt``'s ids after the first ``cached`` (which the KV cache
        holds), images in place, and what the language model needs besides for this prompt
        (Qwen-VL's positions, which images change for all the text after them)."""
        lm = self.vlm.language_model
        for stale in ("_position_ids", "_rope_deltas"):  # kept by Qwen-VL from the last prompt
            if hasattr(lm, stale):
                setattr(lm, stale, None)
        ids = mx.array([prompt.ids])
        media: Media | None = prompt.media
        arrays = dict(media.arrays) if media is not None else {}
        pixels = arrays.pop("pixel_values", None)
        if pixels is not None and self.image_token_id in prompt.ids[cached:]:
            out = self.vlm.get_input_embeddings(ids, pixels, mask=None, **arrays)
            extra = {k: v for k, v in out.to_dict().items()
                     if k != "inputs_embeds" and v is not None}
        else:
            # the images (if any) are in the KV cache already: no vision tower, only positions
            out = self.vlm.get_input_embeddings(ids, None, mask=None)
            extra = {k: v for k, v in out.to_dict().items()
                     if k != "inputs_embeds" and v is not None}
            rope_index = getattr(lm, "get_rope_index", None)
            if pixels is not None and callable(rope_index):
                extra["position_ids"], extra["rope_deltas"] = rope_index(
                    ids, arrays.get("image_grid_thw"), arrays.get("video_grid_thw"), None)
        self._extra = {**arrays, **extra}
        self._prompt_len = len(prompt.ids)
        embeds: mx.array = out.inputs_embeds[0, cached:]
        return embeds

    def done(self) -> None:
        """Forget the last prompt (a later plain call is text from position 0)."""
        self._extra, self._prompt_len = {}, 0


def _split(ids: list[int], sep: list[int]) -> list[list[int]]:
    if not sep:
        return [ids]
    runs: list[list[int]] = [[]]
    i = 0
    while i < len(ids):
        if ids[i:i + len(sep)] == sep:
            runs.append([])
            i += len(sep)
        else:
            runs[-1].append(ids[i])
            i += 1
    return runs


def load_vision_folder(folder: Path) -> tuple[VisionModel, Any]:
    """mlx-vlm's model and processor for ``folder``, with the language model wrapped."""
    try:
        from mlx_vlm.utils import load as vlm_load
    except ImportError as exc:  # pragma: no cover - mlx-vlm is a dependency
        raise UnsupportedModelError("Vision models need mlx-vlm, which is not installed.") from exc
    import json

    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    try:
        vlm, processor = vlm_load(str(folder))
    except ValueError as exc:
        if "not supported" in str(exc) or "Model type" in str(exc):
            raise UnsupportedModelError(
                f"unsupported vision architecture: {config.get('model_type')}") from exc
        raise ModelError(f"{folder.name} could not be loaded: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - mlx-vlm's loaders raise all kinds
        raise ModelError(f"{folder.name} could not be loaded as a vision model: {exc}") from exc
    model = VisionModel(vlm, processor, config)
    mx.eval(model.parameters())
    return model, processor


__all__ = ["Media", "VisionModel", "is_vision_config", "load_vision_folder", "takes_images"]
