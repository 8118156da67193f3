"""Vision models: the tiny Qwen2-VL (mlx-vlm's model classes, random weights) sees images
through the session as mlx-vlm itself would show them, remembers them across turns without
reading them again, and a text model says it cannot see."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mlx.core as mx
import pytest

from inference.attachments import image_from_bytes
from inference.errors import OrchardError
from inference.model.load import LoadedModel, inspect_model, load_model
from inference.session import ChatSession
from inference.store import ConversationStore
from inference.types import Message, SamplingSettings

GREEDY = SamplingSettings(temperature=0.0, max_tokens=6, loop_guard=False)


@pytest.fixture(scope="module")
def vlm(tiny_vlm: Path) -> LoadedModel:
    return load_model(tiny_vlm)


@pytest.fixture
def picture(image_bytes: Callable[..., bytes]) -> bytes:
    return image_from_bytes(image_bytes(56, 56, seed=1), "apple.png").data


def session(loaded: LoadedModel, **kw: object) -> ChatSession:
    return ChatSession(loaded, system_prompt="", settings=GREEDY, **kw)  # type: ignore[arg-type]


def reply(chunks: object) -> tuple[str, object]:
    pieces = list(chunks)  # type: ignore[call-overload]
    return "".join(c.text for c in pieces), pieces[-1]


def test_a_vision_folder_is_known_as_one_from_its_config(tiny_vlm: Path, vlm: LoadedModel,
                                                       tiny_mlx_model: Callable[..., Path]
                                                       ) -> None:
    assert inspect_model(tiny_vlm).vision and vlm.vision is not None
    assert not inspect_model(tiny_mlx_model("qwen2")).vision


def test_the_prompt_holds_the_image_as_mlx_vlm_lays_it_out_and_the_logits_match(
        vlm: LoadedModel, picture: bytes) -> None:
    """Our ids (template + processor) are mlx-vlm's own for the same chat, and the first
    token's logits through Orchard's loop equal mlx-vlm's full forward pass."""
    import io

    from mlx_vlm.utils import prepare_inputs
    from PIL import Image

    s = session(vlm)
    s.messages.append(Message("user", "What is this?", images=(picture,)))
    prompt = s.prompt_to_send()
    assert "<|vision_start|><|image_pad|><|vision_end|>What is this?" in prompt.text
    assert prompt.image_tokens > 1 and prompt.ids.count(5) == prompt.image_tokens

    vision = vlm.vision
    assert vision is not None
    theirs = prepare_inputs(vision.processor, images=[Image.open(io.BytesIO(picture))],
                            prompts=prompt.text, image_token_index=5)
    assert theirs["input_ids"].reshape(-1).tolist() == prompt.ids

    reference = vision.vlm(theirs["input_ids"], theirs["pixel_values"],
                           image_grid_thw=theirs["image_grid_thw"]).logits[0, -1]
    embeds = vision.embed(prompt, 0)
    ours = vision(mx.array([prompt.ids]), cache=vision.make_cache(),
                  input_embeddings=embeds[None])[0, -1]
    vision.done()
    assert mx.allclose(ours, reference, atol=1e-4).item()


def test_the_next_turn_reads_only_its_new_tokens_and_answers_as_a_fresh_read_would(
        vlm: LoadedModel, picture: bytes) -> None:
    s = session(vlm)
    reply(_send(s, "Describe it.", picture))
    text, end = reply(s.send("And the colours?"))
    assert end.cached_tokens > end.prompt_tokens // 2  # the image was not read again

    fresh = session(vlm)
    fresh.follow([Message(m.role, m.content, m.token_ids, images=m.images)
                  for m in s.messages[:-1]])
    again, end2 = reply(fresh.reply())
    assert end2.prompt_tokens == end.prompt_tokens
    assert again == text  # positions after the image carried on right from the cache


def _send(s: ChatSession, text: str, image: bytes) -> object:
    s.messages.append(Message("user", text, images=(image,)))
    return s.reply()


def test_another_picture_of_the_same_size_is_not_taken_for_the_cached_one(
        vlm: LoadedModel, image_bytes: Callable[..., bytes]) -> None:
    one = image_from_bytes(image_bytes(56, 56, seed=2), "one.png").data
    two = image_from_bytes(image_bytes(56, 56, seed=3), "two.png").data
    a = session(vlm)
    reply(_send(a, "What is this?", one))
    b = session(vlm, caches=a.caches)  # shares the pool that holds the first picture
    b.messages.append(Message("user", "What is this?", images=(two,)))
    prompt = b.prompt_to_send()
    _, end = reply(b.reply())
    first_image_token = prompt.ids.index(5)
    assert end.cached_tokens <= first_image_token  # same ids, other pixels: read again


def test_a_text_model_says_it_cannot_see_and_keeps_nothing_half_sent(
        tiny_mlx_model: Callable[..., Path], picture: bytes) -> None:
    s = session(load_model(tiny_mlx_model("qwen2")))
    s.messages.append(Message("user", "What is this?", images=(picture,)))
    with pytest.raises(OrchardError, match="reads text only, so it cannot see images"):
        s.reply()
    assert s.messages == []


def test_an_image_token_typed_as_text_stays_text(vlm: LoadedModel) -> None:
    s = session(vlm)
    s.messages.append(Message("user", "<|vision_start|><|image_pad|><|vision_end|> hi"))
    prompt = s.prompt_to_send()
    assert 5 not in prompt.ids and prompt.image_tokens == 0
    text, end = reply(s.reply())
    assert end.finish_reason in ("stop", "length")


def test_a_template_that_cannot_place_images_says_so(vlm: LoadedModel, picture: bytes) -> None:
    s = session(vlm, template="chatml")
    s.messages.append(Message("user", "What is this?", images=(picture,)))
    with pytest.raises(OrchardError, match="cannot place images"):
        s.prompt_to_send()


def test_images_sent_with_a_message_come_back_after_a_restart(
        tmp_path: Path, vlm: LoadedModel, image_bytes: Callable[..., bytes]) -> None:
    photo = image_from_bytes(image_bytes(64, 40, seed=4, fmt="JPEG"), "receipt.jpg")
    db = tmp_path / "c.sqlite3"
    with ConversationStore(db) as st:
        c = st.create_conversation("expenses", "tiny", {})
        st.add_message(c, "user", "What did I pay?", attachments=[photo])
    with ConversationStore(db) as st:
        (stored,) = st.messages(c)
        assert stored.attachments == (photo,)
        sent = stored.as_message()
        assert sent.images == (photo.data,) and sent.content == "What did I pay?"
        s = session(vlm)
        s.follow([sent])
        text, end = reply(s.reply())
        assert end.prompt_tokens > len(s.loaded.tokenizer.encode("What did I pay?"))
        copy = st.import_json(st.export_json(c))  # the JSON export keeps the pixels
        assert st.messages(copy)[0].attachments == (photo,)
        assert st.search("receipt")  # found by its name


def test_a_text_model_carries_on_a_conversation_whose_earlier_turn_had_an_image(
        tiny_mlx_model: Callable[..., Path], picture: bytes) -> None:
    """Switched to a text model after a vision one: it is told an image was there."""
    from inference.session import UNSEEN

    s = session(load_model(tiny_mlx_model("qwen2")))
    s.follow([Message("user", "What is this?", images=(picture,)),
              Message("assistant", "An apple."), Message("user", "Tell me about apples.")])
    prompt = s.prompt_to_send()
    assert f"What is this?\n\n{UNSEEN}" in prompt.text
    text, end = reply(s.reply())
    assert end.finish_reason in ("stop", "length")


def test_a_second_picture_later_in_the_chat_reads_only_from_it_on(
        vlm: LoadedModel, image_bytes: Callable[..., bytes]) -> None:
    one = image_from_bytes(image_bytes(56, 56, seed=5), "one.png").data
    two = image_from_bytes(image_bytes(40, 48, seed=6), "two.png").data
    s = session(vlm)
    reply(_send(s, "First picture.", one))
    s.messages.append(Message("user", "Second picture.", images=(two,)))
    prompt = s.prompt_to_send()
    text, end = reply(s.reply())
    second_image = max(i for i, t in enumerate(prompt.ids) if t == 5)
    assert prompt.image_tokens == prompt.ids.count(5) and prompt.ids.count(5) > 2
    assert 0 < end.cached_tokens < second_image  # the first picture came from the cache

    fresh = session(vlm)
    fresh.follow([Message(m.role, m.content, m.token_ids, images=m.images)
                  for m in s.messages[:-1]])
    again, _ = reply(fresh.reply())
    assert again == text


def test_a_vision_folder_mlx_vlm_cannot_run_still_loads_for_text(
        tmp_path: Path, tiny_mlx_model: Callable[..., Path]) -> None:
    """As such folders loaded before Orchard had vision: text, rather than nothing."""
    import json
    import shutil

    folder = shutil.copytree(tiny_mlx_model("qwen2"), tmp_path / "odd-vl")
    config = json.loads((folder / "config.json").read_text())
    config["vision_config"] = {"model_type": "nothing-mlx-vlm-knows"}
    (folder / "config.json").write_text(json.dumps(config))
    assert inspect_model(folder).vision
    loaded = load_model(folder)
    assert loaded.vision is None and not loaded.info.vision
    text, end = reply(session(loaded).send("Hello"))
    assert end.finish_reason in ("stop", "length")
