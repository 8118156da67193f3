"""Regenerate the tokenizer goldens with real llama.cpp (not a project dependency).

    python3 -m venv /tmp/lcpp && /tmp/lcpp/bin/pip install llama-cpp-python==0.3.36 \
        sentencepiece==0.2.3 gguf==0.19.0 numpy
    /tmp/lcpp/bin/python tests/data/tokenizer/make_goldens.py \
        path/to/SmolLM2-135M-Instruct.Q4_1.gguf

Writes tiny_spm.gguf (a SentencePiece BPE vocabulary trained here) and *.json goldens next to
this file. Vocabulary-only copies of the starter with `tokenizer.ggml.pre` swapped go to /tmp.
"""

import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent

TEXTS = [
    "Hello world, how are you today? I'm fine, thanks!",
    " leading space",
    "   three leading spaces and  two   runs  ",
    "def main():\n\tif x:\n\t\treturn 1\n    y = [1, 2, 3]\n\n\n    return y  # done\n",
    "日本語のテキスト",
    "中文",
    "한국어",
    "Emoji: 😀 👍🏽 👨‍👩‍👧‍👦 🇯🇵🇫🇷 ❤️",
    "1234567",
    "3.14159 and 1,000,000 and 2024-01-01",
    "<|im_end|><|im_start|>system",
    "<s>[INST] hi [/INST]</s>",
    "[/INST]",
    "café naïve résumé, e\u0301 combining, Ångström, straße",
    "",
    " ",
    "\n",
    "  \n\n  \t ",
    "It's they're we've I'd you'll SHE'S",
    "Привет, мир! Γειά σου κόσμε. مرحبا بالعالم",
    "<think>user defined</think> <|im_start|>assistant\nOK<|im_end|>",
    "HTTPServer parseJSONString camelCase snake_case CONSTANT_VALUE",
    "a\r\nb\r\n",
    "ﬁ ligature and full-width ＡＢＣ１２３",
]

CORPUS_EN = """The quick brown fox jumps over the lazy dog. A journey of a thousand miles begins
with a single step. Tokenizers split text into pieces that a language model can read, and every
piece has an id. Local models run on the laptop, so nothing leaves the machine. We write tests
first, then the code, then we measure. The weather today is sunny with a chance of rain in the
evening. Please remember to save your work before closing the window. def hello(name):
    return f"Hello, {name}!"
for i in range(10):
    print(i * 2)
Numbers like 42, 3.14 and 2024 appear often in technical writing."""
CORPUS_JA = """吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。
今日は良い天気ですね。明日は雨が降るかもしれません。私は日本語を勉強しています。
東京は日本の首都です。このモデルはローカルで動きます。テキストをトークンに分割します。"""


def train_spm(workdir: Path) -> Path:
    import sentencepiece as spm

    corpus = workdir / "corpus.txt"
    corpus.write_text((CORPUS_EN + "\n" + CORPUS_JA + "\n") * 3, encoding="utf-8")
    prefix = workdir / "tiny"
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), model_type="bpe", vocab_size=700,
        byte_fallback=True, hard_vocab_limit=False, character_coverage=1.0,
        user_defined_symbols=["<think>", "</think>"],
        control_symbols=["<|im_start|>", "<|im_end|>"],
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1, split_digits=True,
        allow_whitespace_only_pieces=True, remove_extra_whitespaces=False,
        normalization_rule_name="identity", num_threads=1)
    return prefix.with_suffix(".model")


def write_spm_gguf(model_path: Path, out: Path) -> None:
    import gguf
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(model_path))
    tokens, scores, types = [], [], []
    for i in range(sp.vocab_size()):
        tokens.append(sp.id_to_piece(i))
        scores.append(sp.get_score(i))
        if sp.is_unknown(i):
            types.append(2)
        elif sp.is_control(i):
            types.append(3)
        elif sp.is_byte(i):
            types.append(6)
        elif sp.is_unused(i):
            types.append(5)
        elif tokens[-1] in ("<think>", "</think>"):
            types.append(4)
        else:
            types.append(1)
    w = gguf.GGUFWriter(str(out), "llama")
    _llama_hparams(w)
    w.add_tokenizer_model("llama")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_unk_token_id(0)
    w.add_add_bos_token(True)
    w.add_add_eos_token(False)
    w.add_add_space_prefix(True)
    _write(w)


def _llama_hparams(w) -> None:  # noqa: ANN001
    w.add_context_length(512)
    w.add_embedding_length(64)
    w.add_block_count(1)
    w.add_feed_forward_length(128)
    w.add_head_count(4)
    w.add_head_count_kv(4)
    w.add_rope_dimension_count(16)
    w.add_layer_norm_rms_eps(1e-5)


def _write(w) -> None:  # noqa: ANN001
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def write_bpe_copy(src: Path, pre: str, out: Path) -> None:
    """The starter's vocabulary only (no tensors), with another pre-tokenizer name."""
    import gguf

    r = gguf.GGUFReader(str(src))
    f = r.fields
    w = gguf.GGUFWriter(str(out), "llama")
    _llama_hparams(w)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre(pre)
    w.add_token_list([bytes(f["tokenizer.ggml.tokens"].parts[i]).decode()
                      for i in f["tokenizer.ggml.tokens"].data])
    w.add_token_types([int(f["tokenizer.ggml.token_type"].parts[i][0])
                       for i in f["tokenizer.ggml.token_type"].data])
    w.add_token_merges([bytes(f["tokenizer.ggml.merges"].parts[i]).decode()
                        for i in f["tokenizer.ggml.merges"].data])
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_unk_token_id(0)
    w.add_add_bos_token(False)
    _write(w)


def goldens(gguf_path: Path, description: str) -> dict:
    import llama_cpp

    llm = llama_cpp.Llama(model_path=str(gguf_path), vocab_only=True, verbose=False)
    vocab = llama_cpp.llama_model_get_vocab(llm._model.model)
    n = llama_cpp.llama_vocab_n_tokens(vocab)
    cases = []
    for text in TEXTS:
        cases.append({
            "text": text,
            "plain": llm.tokenize(text.encode(), add_bos=False, special=False),
            "special": llm.tokenize(text.encode(), add_bos=False, special=True),
            "with_bos": llm.tokenize(text.encode(), add_bos=True, special=False),
        })
    return {
        "produced_by": f"llama-cpp-python {llama_cpp.__version__}: {description}",
        "n_vocab": n,
        "eog": [i for i in range(n) if llama_cpp.llama_vocab_is_eog(vocab, i)],
        "cases": cases,
    }


def main() -> None:
    starter = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        model = train_spm(Path(tmp))
        write_spm_gguf(model, HERE / "tiny_spm.gguf")
    data = goldens(HERE / "tiny_spm.gguf", "Llama(tiny_spm.gguf, vocab_only=True).tokenize(...)")
    (HERE / "tiny_spm.json").write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n")
    for pre in ["smollm", "llama-bpe", "qwen2", "default", "gpt-2", "tekken", "falcon",
                "deepseek-coder", "deepseek-llm", "bloom"]:
        if pre == "smollm":
            path, desc = starter, f"Llama({starter.name}, vocab_only=True)"
        else:
            path = Path("/tmp") / f"starter_vocab_{pre}.gguf"
            write_bpe_copy(starter, pre, path)
            desc = f"starter vocabulary with tokenizer.ggml.pre={pre!r}, vocab_only=True"
        data = goldens(path, desc)
        (HERE / f"smollm2_{pre}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=0) + "\n")
        print(pre, "ok")


if __name__ == "__main__":
    main()
