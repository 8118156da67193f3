"""The tokenizer a GGUF file describes, built with HF `tokenizers`, giving llama.cpp's token ids.

A GGUF carries no tokenizer.json: only the vocabulary, merges or scores, token types and the name
of a pre-tokenizer (`tokenizer.ggml.pre`) whose regexes live in llama.cpp's source. We rebuild the
same pipeline from `tokenizers` parts. The goldens in tests/data/tokenizer come from llama.cpp.

Why not transformers' GGUF converter (integrations/gguf/gguf_tokenizer_mapping.py): it silently
falls back to GPT-2's regex for pre types it does not list (smollm, starcoder, default, ...), does
not ignore merges for llama3-style vocabularies, and its Metaspace setup drops the extra "▁" that
llama.cpp's SPM tokenizer keeps for text starting with a space. We reuse its ideas (control tokens
→ special added tokens, user-defined → plain added tokens, SPM merges ranked by piece score).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers

from inference.errors import GGUFError, UnsupportedModelError

if TYPE_CHECKING:
    from mlx_lm.tokenizer_utils import TokenizerWrapper
    from transformers import PreTrainedTokenizerFast

log = logging.getLogger(__name__)

# llama_token_type as stored in `tokenizer.ggml.token_type`.
NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE = 1, 2, 3, 4, 5, 6

# Pre-tokenizer regexes copied verbatim from llama.cpp src/llama-vocab.cpp (llm_tokenizer_bpe).
# llama.cpp applies the list in order, each regex splitting the pieces of the previous one and
# keeping the unmatched gaps: that is a sequence of `Split(..., "isolated")`. Its "adapted"
# spellings (no (?i:...), [^a-z] under a letter look-ahead) are used on purpose: they are what
# llama.cpp runs, and Oniguruma reads them the same way.
_CONTRACTIONS = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])"
_GPT2 = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)"
_LLAMA3 = (_CONTRACTIONS + r"|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
           r"|\s*[\r\n]+|\s+(?!\S)|\s+")
_QWEN2 = (_CONTRACTIONS + r"|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
          r"|\s*[\r\n]+|\s+(?!\S)|\s+")
_TEKKEN = (r"[^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))*((?=[\p{L}])([^A-Z]))+"
           r"|[^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))+((?=[\p{L}])([^A-Z]))*"
           r"|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+")
_DS_LETTERS = r"\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝὟ-ώᾀ-ᾴᾶ-ᾼιῂ-ῄῆ-ῌῐ-ΐῖ-Ίῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝℤΩℨK-ℭℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ𐐀-𐑏𐒰-𐓓𐓘-𐓻𐲀-𐲲𐳀-𐳲𑢠-𑣟𞤀-𞥃]+"  # noqa: E501
_DS_PUNCT = r"\s?[!-/:-~！-／：-～‘-‟　-。]+"
_DS_CJK = "[一-龥ࠀ-一가-퟿]+"
_PRE_REGEXES: dict[str, list[str]] = {
    "default": [r"[\p{P}\$\+<=>\^~\|]+", _GPT2, r"\p{N}+", "[0-9][0-9][0-9]"],
    "llama3": [_LLAMA3],
    "qwen2": [_QWEN2],
    "gpt2": [_GPT2],
    "starcoder": [r"\p{N}", _GPT2],
    "falcon": [r"[\p{P}\$\+<=>\^~\|`]+", _GPT2, "[0-9][0-9][0-9]"],
    "tekken": [_TEKKEN],
    "deepseek-coder": ["[\r\n]", r"\s?\p{L}+", r"\s?\p{P}+", "[一-龥ࠀ-一가-퟿]+", r"\p{N}"],
    "bloom": [r" ?[^(\s|.,!?…。，、।۔،)]+"],
    "deepseek-llm": ["[\r\n]", _DS_LETTERS, _DS_PUNCT, r"\s+$", _DS_CJK, r"\p{N}+"],
}
# `tokenizer.ggml.pre` value → (regex family, ignore_merges), as llama_vocab::impl::load maps them.
_PRE_TYPES: dict[str, tuple[str, bool]] = {
    **dict.fromkeys(["default"], ("default", False)),
    **dict.fromkeys(["llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral",
                     "midm-2.0", "lfm2", "jina-v5-nano"], ("llama3", True)),
    **dict.fromkeys(["dbrx", "smaug-bpe", "chatglm-bpe"], ("llama3", False)),
    **dict.fromkeys(["glm4", "glm5"], ("llama3", True)),
    **dict.fromkeys(["qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "megrez", "stablelm2",
                     "hunyuan", "solar-open"], ("qwen2", False)),
    **dict.fromkeys(["gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es",
                     "jina-v2-de", "a.x-4.0", "mellum", "modern-bert", "jina-v1-en",
                     "jina-v2-code", "roberta-bpe", "mpt", "olmo", "jais", "trillion",
                     "granite-docling", "exaone4"], ("gpt2", False)),
    **dict.fromkeys(["starcoder", "refact", "command-r", "smollm", "codeshell", "exaone",
                     "minerva-7b", "mellum2"], ("starcoder", False)),
    "falcon": ("falcon", False),
    "tekken": ("tekken", True),
    "deepseek-coder": ("deepseek-coder", False),
    "deepseek-llm": ("deepseek-llm", False),
    **dict.fromkeys(["bloom", "gpt3-finnish", "poro-chat"], ("bloom", False)),
}
# Token texts llama.cpp treats as end of generation whatever their type (special_eog_ids), and
# the FIM pad/repo/file-separator tokens it also adds there; it forces all of them to CONTROL.
_EOG_TEXTS = frozenset([
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>",
    "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]",
    "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>",
    "<｜end▁of▁sentence｜>", "[e~[",
])
_FIM_TEXTS = (("fim_pad", ("<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]")),
              ("fim_rep", ("<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>")),
              ("fim_sep", ("<|file_sep|>",)))
_SPIECE = "\u2581"


class GGUFTokenizer:
    """Encode/decode with llama.cpp's ids; adapters for transformers and mlx-lm."""

    def __init__(self, tokenizer: Tokenizer, tokens: list[str], *, spm: bool,
                 bos_token_id: int | None, eos_token_id: int | None, add_bos: bool,
                 eos_token_ids: set[int], chat_template: str | None) -> None:
        self._tok = tokenizer
        # A twin that reads control tokens written in the text as plain text (parse_special=False);
        # two objects rather than toggling one flag keeps encode() safe across threads.
        self._plain = Tokenizer.from_str(tokenizer.to_str())
        self._plain.encode_special_tokens = True
        self._tokens = tokens
        self._spm = spm
        self.vocab_size = len(tokens)
        self.bos_token_id = bos_token_id
        self.eos_token_id = eos_token_id
        self.add_bos = add_bos
        self.eos_token_ids = eos_token_ids
        self.chat_template = chat_template
        self._mlx: TokenizerWrapper | None = None
        added = tokenizer.get_added_tokens_decoder()
        #: Control tokens by text: only a template's own scaffolding may produce these.
        self.special_tokens = {t.content: i for i, t in added.items() if t.special}

    def token_text(self, token_id: int | None) -> str:
        """The text a template writes for a token (e.g. its bos_token), or ""."""
        if token_id is None or not 0 <= token_id < self.vocab_size:
            return ""
        return self._tokens[token_id]

    def encode(self, text: str, *, parse_special: bool = False,
               add_bos: bool | None = None) -> list[int]:
        tok = self._tok if parse_special else self._plain
        ids: list[int] = tok.encode(text, add_special_tokens=False).ids
        if (self.add_bos if add_bos is None else add_bos) and self.bos_token_id is not None:
            ids.insert(0, self.bos_token_id)
        return ids

    def decode(self, ids: Sequence[int], *, skip_special: bool = False) -> str:
        return str(self._tok.decode(list(ids), skip_special_tokens=skip_special))

    def token_to_piece(self, token_id: int) -> str:
        """The token's stored text (byte-level or "▁" spelling), as in the vocabulary."""
        if not 0 <= token_id < self.vocab_size:
            raise IndexError(f"token id {token_id} is outside the vocabulary")
        return self._tokens[token_id]

    def hf_tokenizer(self) -> PreTrainedTokenizerFast:
        from transformers import PreTrainedTokenizerFast

        def text(i: int | None) -> str | None:
            return self._tokens[i] if i is not None else None

        hf = PreTrainedTokenizerFast(
            tokenizer_object=self._tok,  # transformers deep-copies it: ours stays untouched
            bos_token=text(self.bos_token_id), eos_token=text(self.eos_token_id),
            clean_up_tokenization_spaces=False)
        if self.chat_template:
            hf.chat_template = self.chat_template
        return hf

    def mlx_tokenizer(self) -> TokenizerWrapper:
        from mlx_lm.tokenizer_utils import (
            BPEStreamingDetokenizer,
            SPMStreamingDetokenizer,
            TokenizerWrapper,
        )

        if self._mlx is None:  # building the transformers tokenizer takes a second or two
            detok = SPMStreamingDetokenizer if self._spm else BPEStreamingDetokenizer
            self._mlx = TokenizerWrapper(
                self.hf_tokenizer(), detok, eos_token_ids=set(self.eos_token_ids)
            )
        return self._mlx


def _int(md: Mapping[str, Any], key: str, n_vocab: int) -> int | None:
    value = md.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < n_vocab:
        raise GGUFError(f"The tokenizer's {key.rsplit('.', 1)[-1]} ({value!r}) is not a valid id.")
    return value


def _spm_merges(tokens: list[str], scores: Sequence[float], types: Sequence[int]
                ) -> list[tuple[str, str]]:
    # llama.cpp's SPM session merges the adjacent pair whose concatenation is a vocabulary piece
    # with the highest score (leftmost on ties). A BPE whose merges are ranked by the merged
    # piece's score does the same; this is transformers' SentencePieceExtractor ordering.
    vocab = {t: i for i, t in reversed(list(enumerate(tokens)))}
    ranked: list[tuple[float, int, int, tuple[str, str]]] = []
    for i, piece in enumerate(tokens):
        if types[i] not in (NORMAL, USER_DEFINED) or len(piece) < 2:
            continue
        for cut in range(1, len(piece)):
            left, right = piece[:cut], piece[cut:]
            if left in vocab and right in vocab:
                ranked.append((-float(scores[i]), i, vocab[left], (left, right)))
    ranked.sort()
    return [m for *_, m in ranked]


def tokenizer_from_gguf(metadata: Mapping[str, Any]) -> GGUFTokenizer:
    model = metadata.get("tokenizer.ggml.model")
    tokens = metadata.get("tokenizer.ggml.tokens")
    if model not in ("gpt2", "llama"):
        raise UnsupportedModelError(f"Orchard cannot use the tokenizer type {model!r} yet.")
    if not isinstance(tokens, list) or not tokens or not all(isinstance(t, str) for t in tokens):
        raise GGUFError("The model file has no usable tokenizer vocabulary.")
    n = len(tokens)
    raw_types = metadata.get("tokenizer.ggml.token_type")
    types = [int(t) for t in raw_types] if raw_types is not None else [NORMAL] * n
    if len(types) != n:
        raise GGUFError("The tokenizer's token types do not match its vocabulary size.")
    ids = {k: _int(metadata, f"tokenizer.ggml.{k}_token_id", n)
           for k in ("bos", "eos", "eot", "eom", "unknown", "padding",
                     "fim_pad", "fim_rep", "fim_sep")}
    # llama.cpp finds unnamed FIM tokens by their text and makes them, and EOG texts, CONTROL.
    for key, texts in _FIM_TEXTS:
        if ids[key] is None:
            ids[key] = next((i for i, t in enumerate(tokens) if t in texts), None)
    eog = {i for i, t in enumerate(tokens) if t in _EOG_TEXTS}
    for i in eog | {ids[k] for k in ("fim_pad", "fim_rep", "fim_sep")} - {None}:
        if i is not None:
            types[i] = CONTROL
    eog |= {i for k in ("eos", "eot", "eom", "fim_pad", "fim_rep", "fim_sep")
            if (i := ids[k]) is not None}
    extra = metadata.get("tokenizer.ggml.eos_token_ids")
    if extra is not None:
        eog |= {int(i) for i in extra if 0 <= int(i) < n}

    vocab: dict[str, int] = {}
    for i, t in enumerate(tokens):
        if vocab.setdefault(t, i) != i:
            log.warning("token %d repeats the text of token %d; it can never be produced", i,
                        vocab[t])
    spm = model == "llama"
    if spm:
        scores = metadata.get("tokenizer.ggml.scores")
        if scores is None or len(scores) != n:
            raise GGUFError("The tokenizer's scores do not match its vocabulary size.")
        unk = ids["unknown"]
        tok = Tokenizer(models.BPE(vocab, _spm_merges(tokens, scores, types), byte_fallback=True,
                                   unk_token=tokens[unk] if unk is not None else None,
                                   fuse_unk=True))
        # llama.cpp prepends one space to every run of text that starts the input or follows a
        # special/user-defined token, then spells spaces as "▁"; the normalizer runs per run.
        space_prefix = bool(metadata.get("tokenizer.ggml.add_space_prefix", True))
        norm: list[normalizers.Normalizer] = [normalizers.Replace(" ", _SPIECE)]
        dec: list[decoders.Decoder] = [decoders.Replace(_SPIECE, " "), decoders.ByteFallback(),
                                       decoders.Fuse()]
        if space_prefix:
            norm.insert(0, normalizers.Prepend(_SPIECE))
            dec.append(decoders.Strip(" ", 1, 0))
        tok.normalizer = normalizers.Sequence(norm)
        tok.decoder = decoders.Sequence(dec)
        add_bos = bool(metadata.get("tokenizer.ggml.add_bos_token", True))
    else:
        pre = metadata.get("tokenizer.ggml.pre", "default")
        if pre not in _PRE_TYPES:
            raise UnsupportedModelError(f"Orchard does not know the pre-tokenizer {pre!r} yet.")
        family, ignore_merges = _PRE_TYPES[pre]
        merges = metadata.get("tokenizer.ggml.merges")
        if not isinstance(merges, list):
            raise GGUFError("The model file has a BPE vocabulary without merges.")
        pairs = [tuple(m.split(" ", 1)) for m in merges]
        if any(len(p) != 2 for p in pairs):
            raise GGUFError("The tokenizer's merges are malformed.")
        try:
            tok = Tokenizer(models.BPE(vocab, pairs, ignore_merges=ignore_merges))  # type: ignore[arg-type]
        except Exception as exc:  # tokenizers raises a bare Exception for merges it cannot use
            raise GGUFError(
                f"The tokenizer's merges do not match its vocabulary ({exc})."
            ) from None
        tok.pre_tokenizer = pre_tokenizers.Sequence(
            [pre_tokenizers.Split(Regex(r), behavior="isolated") for r in _PRE_REGEXES[family]]
            + [pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
        tok.decoder = decoders.ByteLevel()
        add_bos = bool(metadata.get("tokenizer.ggml.add_bos_token", False))
    # CONTROL → special (matched only when parse_special); USER_DEFINED → matched always.
    tok.add_tokens([AddedToken(t, special=False, normalized=False)
                    for t, ty in zip(tokens, types, strict=True) if ty == USER_DEFINED])
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False)
                            for t, ty in zip(tokens, types, strict=True) if ty == CONTROL])
    template = metadata.get("tokenizer.chat_template")
    return GGUFTokenizer(tok, list(tokens), spm=spm, bos_token_id=ids["bos"],
                         eos_token_id=ids["eos"], add_bos=add_bos, eos_token_ids=eog,
                         chat_template=template if isinstance(template, str) else None)
