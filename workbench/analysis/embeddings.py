"""Sentence embeddings: the one module that owns the embedding model.

The model is WordLlama's ``l2_supercat`` at 256 dimensions, a static model (one vector per
token of the Llama-2 tokenizer) whose weights and tokenizer ship inside the ``wordllama`` wheel:
loading it reads two local files and never touches the network. A text's embedding is the mean
of its tokens' vectors, L2-normalised, so the cosine of two texts is the dot product of their
rows. Texts are embedded from their ``norm`` (lower case scores higher on STS-B than the
original case: docs/meaning.md).

The tokenizer has no pre-tokenizer and its merges never cross a space, so a text's tokens are
the tokens of its space-separated words in order. Each distinct word is tokenized once and its
token vectors summed once; a text's vector is then the sum of its words' sums. On a corpus
that is many times less tokenizer work than encoding every sentence, and the same numbers.
Sums run left to right per text (``np.add.reduceat``), so a text's embedding does not depend
on the batch it came in.

The model reads Latin-script text only: unrelated Russian or Japanese sentences come out at a
cosine of 0.65 on average (English 0.0, German 0.14), so their cosines say nothing. A text whose
letters are mostly of other scripts (``readable``) gets a zero row, as a text without tokens
does: no meaning signal, and its pairs are scored by their wording alone (``scoring.combine``).
It was trained on English: the sentences of an article written in another language (told by
its function words) get a zero row as well (``english_only``).

Loading is the module's one I/O: lazy, once per process, under a lock.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polars as pl

from workbench.analysis.tokens import distinct_codes
from workbench.errors import WorkbenchError

MODEL_PACKAGE = "wordllama"
MODEL_CONFIG = "l2_supercat"
EMBEDDING_DIM = 256
WEIGHTS_FILE = Path("weights") / f"{MODEL_CONFIG}_{EMBEDDING_DIM}.safetensors"
TOKENIZER_FILE = Path("tokenizers") / f"{MODEL_CONFIG}_tokenizer_config.json"
WEIGHTS_KEY = "embedding.weight"
CHUNK_WORDS = 96_000  # floats summed at once (segments per chunk = this / dimensions): 384 KB
# A text is read when at least this share of its letters are Latin (names in another script
# inside an English sentence leave it readable).
LATIN_SHARE = 0.5


def readable(texts: pl.Series) -> np.ndarray:
    """Per text: can the model read it (at least ``LATIN_SHARE`` of its letters Latin, or no
    letters at all)."""
    texts = texts.fill_null("")
    known = np.ones(len(texts), dtype=bool)
    # Plain ASCII, nearly every English sentence, is read without counting its letters.
    other = texts.str.contains(r"[^\x00-\x7F]").to_numpy()
    if other.any():
        rest = texts.filter(pl.Series(other))
        letters = rest.str.count_matches(r"\p{L}").to_numpy()
        latin = rest.str.count_matches(r"\p{Latin}").to_numpy()
        known[other] = latin >= LATIN_SHARE * letters
    return known


class EmbeddingModel:
    """A loaded static embedding model: token vectors and the tokenizer that indexes them."""

    def __init__(self, vectors: np.ndarray, tokenizer, name: str) -> None:
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.tokenizer = tokenizer
        self.name = name
        self.dim = int(self.vectors.shape[1])
        self._lock = threading.Lock()  # the tokenizer object is not shared between threads

    @property
    def fingerprint(self) -> str:
        """A short digest of the model's name and weights (for cache keys)."""
        digest = hashlib.blake2b(self.name.encode("utf-8"), digest_size=8)
        digest.update(self.vectors[:: max(1, len(self.vectors) // 64)].tobytes())
        return digest.hexdigest()

    def _word_sums(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The sum of each word's token vectors and its token count."""
        with self._lock:
            encoded = self.tokenizer.encode_batch(words, add_special_tokens=False)
        counts = np.fromiter((len(e.ids) for e in encoded), dtype=np.int64, count=len(encoded))
        ids = np.fromiter(
            (i for e in encoded for i in e.ids), dtype=np.int64, count=int(counts.sum())
        )
        np.clip(ids, 0, len(self.vectors) - 1, out=ids)
        return segment_sums(self.vectors, ids, counts), counts

    def embed(self, texts: Sequence[str] | pl.Series) -> np.ndarray:
        """One L2-normalised float32 row per text (zeros for a text without tokens or one the
        model cannot read: ``readable``); ``texts`` a sequence of strings or a string column."""
        if not len(texts):
            return np.zeros((0, self.dim), dtype=np.float32)
        if isinstance(texts, pl.Series):
            # A frame's column as it is: no Python string per text and back.
            series = texts.cast(pl.String).rename("text").fill_null("")
        else:
            series = pl.Series("text", list(texts), dtype=pl.String).fill_null("")
        words = series.str.split(" ").list.filter(pl.element() != "")
        lengths = words.list.len().to_numpy().astype(np.int64)
        flat = words.explode().drop_nulls()
        if flat.is_empty():
            return np.zeros((len(texts), self.dim), dtype=np.float32)
        vocabulary, codes = distinct_codes(flat)
        codes = codes.to_numpy().astype(np.int64)
        word_sums, word_tokens = self._word_sums(vocabulary.to_list())
        sums = segment_sums(word_sums, codes, lengths)
        tokens = np.zeros(len(lengths), dtype=np.int64)
        present = lengths > 0
        text_starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[present]
        tokens[present] = np.add.reduceat(word_tokens[codes], text_starts)
        # The mean's length is irrelevant after normalisation, but a text's mean is the model's
        # own embedding, so it is formed before normalising (same rounding as WordLlama).
        sums /= np.maximum(tokens, 1)[:, None].astype(np.float32)
        sums[~readable(series)] = 0.0
        return _normalize_in_place(sums)


def segment_sums(table: np.ndarray, codes: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Per segment, the sum of ``table[codes]`` over its run of ``codes`` (float32).

    Segments are consecutive runs of ``codes`` of the given ``lengths``. Each segment is summed
    left to right from zero, so its sum does not depend on the other segments. Segments are
    taken longest first: at word position k only the first segments are still running, and
    one gather-and-add per position serves all of them (numpy's ``reduceat`` along rows is
    many times slower).
    """
    dim = table.shape[1]
    out = np.zeros((len(lengths), dim), dtype=np.float32)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    order = np.argsort(-lengths, kind="stable")
    step = max(1, CHUNK_WORDS // max(1, dim))
    # One set of buffers for every position: the rows are gathered into one and added in
    # place, without a new array per position (``take`` fills ``out`` unbuffered only when
    # not asked to check its indices: they are a segment's own positions and codes).
    size = min(step, len(lengths))
    acc_buffer = np.empty((size, dim), dtype=np.float32)
    rows_buffer = np.empty((size, dim), dtype=np.float32)
    at_buffer = np.empty(size, dtype=np.int64)
    code_buffer = np.empty(size, dtype=codes.dtype)
    for first in range(0, len(order), step):
        chunk = order[first : first + step]
        chunk_lengths = lengths[chunk]
        chunk_starts = starts[chunk]
        acc = acc_buffer[: len(chunk)]
        acc.fill(0.0)
        longest = int(chunk_lengths[0]) if len(chunk) else 0
        running_at = np.searchsorted(-chunk_lengths, -np.arange(longest), side="left")
        for k in range(longest):
            running = int(running_at[k])
            at = np.add(chunk_starts[:running], k, out=at_buffer[:running])
            rows_codes = np.take(codes, at, out=code_buffer[:running], mode="clip")
            rows = np.take(table, rows_codes, axis=0, out=rows_buffer[:running], mode="clip")
            np.add(acc[:running], rows, out=acc[:running])
        out[chunk] = acc
    return out


def normalize_rows(matrix: np.ndarray) -> np.ndarray:
    """The rows of ``matrix`` scaled to unit length (zero rows stay zero), as new float32."""
    return _normalize_in_place(np.array(matrix, dtype=np.float32, copy=True))


def _normalize_in_place(matrix: np.ndarray) -> np.ndarray:
    norms = np.sqrt(np.einsum("ij,ij->i", matrix, matrix))
    norms[norms == 0] = 1.0  # a zero row stays zero
    matrix /= norms[:, None]
    return matrix


def model_location() -> Path:
    """The folder of the installed ``wordllama`` package, found without importing it."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise WorkbenchError(
            f"embedding model: the '{MODEL_PACKAGE}' package is not installed "
            f"(pip install {MODEL_PACKAGE})"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def load_model(location: Path | None = None) -> EmbeddingModel:
    """Load the model from ``location`` (default: the ``wordllama`` package); local files only.

    WorkbenchError in one line if a file is missing or unreadable.
    """
    folder = Path(location) if location is not None else model_location()
    weights_path = folder / WEIGHTS_FILE
    tokenizer_path = folder / TOKENIZER_FILE
    try:
        from safetensors import safe_open
        from tokenizers import Tokenizer

        with safe_open(str(weights_path), framework="np", device="cpu") as weights:
            vectors = weights.get_tensor(WEIGHTS_KEY)
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
    except Exception as error:  # any failure to read the model is one clear message
        reason = " ".join(str(error).split()) or type(error).__name__
        raise WorkbenchError(
            f"embedding model: cannot load {MODEL_CONFIG} from {folder}: {reason}"
        ) from error
    if vectors.ndim != 2 or vectors.shape[0] < tokenizer.get_vocab_size(with_added_tokens=False):
        raise WorkbenchError(
            f"embedding model: {weights_path} has shape {vectors.shape}, "
            f"not one vector per token of {tokenizer_path.name}"
        )
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return EmbeddingModel(vectors, tokenizer, f"{MODEL_PACKAGE}/{MODEL_CONFIG}_{vectors.shape[1]}")


_MODEL: EmbeddingModel | None = None
_MODEL_LOCK = threading.Lock()


def get_model() -> EmbeddingModel:
    """The process's model, loaded on first use (thread-safe)."""
    global _MODEL
    if _MODEL is None:
        with _MODEL_LOCK:
            if _MODEL is None:
                _MODEL = load_model()
    return _MODEL


def embed_texts(
    texts: Sequence[str] | pl.Series, model: EmbeddingModel | None = None
) -> np.ndarray:
    """One L2-normalised float32 row per text (texts as given: pass normalized text)."""
    return (model or get_model()).embed(texts)


def embed_sentences(
    sentences: pl.DataFrame,
    model: EmbeddingModel | None = None,
    *,
    column: str = "norm",
    languages: pl.DataFrame | None = None,
) -> np.ndarray:
    """The embedding of each row of a sentences frame (of its ``norm``), aligned with its rows;
    a zero row for each sentence of an article written in another language than English
    (``english_only``; ``languages``: its ``article_languages`` when already told)."""
    vectors = embed_texts(sentences.get_column(column), model)
    return english_only(vectors, sentences, languages)


def english_only(
    vectors: np.ndarray, sentences: pl.DataFrame, languages: pl.DataFrame | None = None
) -> np.ndarray:
    """``vectors`` (one row per row of ``sentences``) with the rows of the articles written in
    another language than English made zero: the model was trained on English, and the
    nearest neighbours of a German or a French sentence are other sentences of its language
    whatever they say (in a folder of unrelated German pages, six times as many pairs of
    sentences cleared the table's min score as in one of unrelated English pages). Such
    sentences are scored by their wording alone. Needs ``article_id`` and ``sentence_id``
    (the first sentences of an article tell its language); without them ``vectors`` as given.
    ``languages``: ``article_languages`` of ``sentences`` when already told."""
    from workbench.analysis.tokens import article_languages

    if not {"article_id", "sentence_id", "norm"} <= set(sentences.columns) or not len(vectors):
        return vectors
    foreign = article_languages(sentences) if languages is None else languages
    if foreign.is_empty():
        return vectors
    other = sentences.get_column("article_id").is_in(foreign.get_column("article_id").implode())
    vectors[other.to_numpy()] = 0.0
    return vectors


def embeddings_series(matrix: np.ndarray, name: str = "embedding") -> pl.Series:
    """An embedding matrix as one polars column of fixed-size float32 arrays (for Parquet)."""
    matrix = np.ascontiguousarray(matrix, dtype=np.float32)
    return pl.Series(name, matrix, dtype=pl.Array(pl.Float32, matrix.shape[1]))


def embeddings_bytes(matrix: np.ndarray, name: str = "embedding") -> pl.Series:
    """An embedding matrix as one polars column of each row's float32 bytes, for Parquet files
    a pipeline writes and reads back: Parquet stores an array column's every value with a
    repetition level, and reading 50,000 rows of 256 values took 5 times as long as their
    bytes (0.11 against 0.02 s)."""
    matrix = np.ascontiguousarray(matrix, dtype=np.float32)
    rows = matrix.view(np.uint8).reshape(len(matrix), matrix.shape[1] * 4)
    return pl.Series(name, rows).cast(pl.List(pl.UInt8)).cast(pl.Binary)


def embeddings_matrix(column: pl.Series) -> np.ndarray:
    """The float32 matrix back from an ``embeddings_series`` or ``embeddings_bytes`` column."""
    if column.dtype == pl.Binary:
        width = column.bin.size().max() // 4 if column.len() else EMBEDDING_DIM
        column = column.bin.reinterpret(dtype=pl.Array(pl.Float32, width))
    if column.len() == 0:
        width = column.dtype.size if isinstance(column.dtype, pl.Array) else 0
        return np.zeros((0, width), dtype=np.float32)
    return np.ascontiguousarray(column.to_numpy(), dtype=np.float32)
