"""The embedding model: offline loading, clear failure, and the embeddings it gives."""

from __future__ import annotations

import socket
import threading
import time

import numpy as np
import polars as pl
import pytest

from workbench.analysis import embeddings
from workbench.analysis.embeddings import (
    EMBEDDING_DIM,
    embed_sentences,
    embed_texts,
    embeddings_bytes,
    embeddings_matrix,
    embeddings_series,
    get_model,
    load_model,
    model_location,
)
from workbench.errors import WorkbenchError

SENTENCES = [
    "the talks collapsed after moscow refused to withdraw its troops.",
    "negotiations broke down when russia would not pull its soldiers out.",
    "the museum reopened its gallery of dutch paintings on sunday.",
    "u.s.-russia relations hit a new low over the summer.",
]


def _no_network(*_args, **_kwargs):
    raise AssertionError("the network was touched")


def test_model_loads_and_embeds_with_sockets_blocked(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", _no_network)
    monkeypatch.setattr(socket, "create_connection", _no_network)
    monkeypatch.setattr(socket, "getaddrinfo", _no_network)
    model = load_model()
    vectors = model.embed(SENTENCES)
    assert vectors.shape == (len(SENTENCES), EMBEDDING_DIM)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_missing_model_is_one_clear_line(tmp_path):
    with pytest.raises(WorkbenchError) as error:
        load_model(tmp_path)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("embedding model: cannot load l2_supercat from")
    assert str(tmp_path) in message


def test_corrupt_weights_are_one_clear_line(tmp_path):
    source = model_location()
    (tmp_path / "weights").mkdir()
    (tmp_path / "tokenizers").mkdir()
    (tmp_path / embeddings.WEIGHTS_FILE).write_bytes(b"\x00garbage" * 64)
    (tmp_path / embeddings.TOKENIZER_FILE).write_bytes(
        (source / embeddings.TOKENIZER_FILE).read_bytes()
    )
    with pytest.raises(WorkbenchError, match="embedding model: cannot load") as error:
        load_model(tmp_path)
    assert "\n" not in str(error.value)


def test_same_vectors_as_wordllama_itself():
    """Tokenizing word by word gives what WordLlama's own loader and pooling give."""
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import wordllama  # its import configures the root logger: put it back after

    root.handlers[:], root.level = handlers, level
    reference = wordllama.WordLlama.load(cache_dir=model_location(), disable_download=True)
    texts = [*SENTENCES, "it's the 2016 election, again: 'meddling' -- 100%!"]
    expected = reference.embed(texts, norm=True)
    np.testing.assert_allclose(embed_texts(texts), expected, atol=1e-5)


def test_a_text_gets_the_same_vector_in_any_batch():
    alone = np.vstack([embed_texts([text]) for text in SENTENCES])
    together = embed_texts(SENTENCES)
    reordered = embed_texts(list(reversed(SENTENCES)))[::-1]
    assert np.array_equal(alone, together)
    assert np.array_equal(together, reordered)
    assert np.array_equal(embed_texts(SENTENCES), together)


def test_empty_input_and_empty_texts():
    assert embed_texts([]).shape == (0, EMBEDDING_DIM)
    vectors = embed_texts(["", "   ", "russia"])
    assert not vectors[0].any() and not vectors[1].any()
    assert np.linalg.norm(vectors[2]) == pytest.approx(1.0, abs=1e-5)


def test_paraphrase_is_closer_than_an_unrelated_sentence():
    vectors = embed_texts(SENTENCES)
    paraphrase = float(vectors[0] @ vectors[1])
    unrelated = float(vectors[0] @ vectors[2])
    assert paraphrase > unrelated + 0.1


def test_model_is_loaded_once_across_threads(monkeypatch):
    calls = []
    real = embeddings.load_model

    def slow_load(location=None):
        calls.append(1)
        time.sleep(0.05)
        return real(location)

    monkeypatch.setattr(embeddings, "_MODEL", None)
    monkeypatch.setattr(embeddings, "load_model", slow_load)
    got = []
    threads = [threading.Thread(target=lambda: got.append(get_model())) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len({id(model) for model in got}) == 1


def test_embed_sentences_uses_the_norm_column_row_by_row():
    frame = pl.DataFrame({"text": ["Ignored", "Also ignored"], "norm": SENTENCES[:2]})
    assert np.array_equal(embed_sentences(frame), embed_texts(SENTENCES[:2]))


def test_embeddings_round_trip_through_a_polars_column(tmp_path):
    matrix = embed_texts(SENTENCES)
    column = embeddings_series(matrix)
    assert column.dtype == pl.Array(pl.Float32, EMBEDDING_DIM)
    path = tmp_path / "e.parquet"
    column.to_frame().write_parquet(path)
    back = embeddings_matrix(pl.read_parquet(path)["embedding"])
    assert np.array_equal(back, matrix)
    assert embeddings_matrix(column.head(0)).shape == (0, EMBEDDING_DIM)


def test_embeddings_round_trip_through_their_bytes(tmp_path):
    matrix = embed_texts(SENTENCES)
    matrix[1] = 0.0  # a sentence without a meaning signal: its bytes all zero, none lost
    column = embeddings_bytes(matrix, "vector")
    assert column.dtype == pl.Binary and column.name == "vector"
    assert column.bin.size().to_list() == [EMBEDDING_DIM * 4] * len(SENTENCES)
    path = tmp_path / "e.parquet"
    column.to_frame().write_parquet(path, compression="zstd")
    back = embeddings_matrix(pl.read_parquet(path)["vector"])
    assert back.dtype == np.float32 and np.array_equal(back, matrix)
    assert embeddings_matrix(column.head(0)).shape == (0, EMBEDDING_DIM)


def test_fingerprint_is_stable():
    assert get_model().fingerprint == load_model().fingerprint


def test_text_in_a_script_the_model_cannot_read_gets_no_meaning_signal():
    texts = [
        "The Kremlin rejected new sanctions.",
        "Кремль отверг новые санкции.",
        "ロシアと米国は軍備管理交渉の再開で合意した。",
        "Путин (Vladimir Putin) met John Kerry in Moscow on Tuesday.",  # mostly Latin letters
        "Der Kreml lehnte neue Sanktionen ab, sagte Peskow über die Lage.",
        "2017 — 2019",
    ]
    assert embeddings.readable(pl.Series(texts)).tolist() == [True, False, False, True, True, True]
    vectors = embed_texts([text.lower() for text in texts])
    assert [bool(row.any()) for row in vectors] == [True, False, False, True, True, True]


def test_sentences_of_an_article_in_another_language_get_no_meaning_signal():
    # The model was trained on English: a German article's sentences are no meaning signal
    # (their nearest neighbours are other German sentences, whatever they say), an English
    # one's are, and a German sentence quoted in an English article stays in its article's.
    from workbench.corpus.normalize import normalize_many

    german = [
        "Der Kreml lehnte am Montag die neuen Sanktionen der Europäischen Union ab.",
        "Das sagte ein Sprecher, der auch auf die Lage in der Ukraine einging.",
        "Die Gespräche sollen nach dem Gipfel in Genf weitergehen.",
    ]
    english = [
        "The Kremlin rejected the new European Union sanctions on Monday.",
        "A spokesman said so, and spoke of the situation in Ukraine too.",
        "„Die Gespräche sollen weitergehen“, he added in German.",
    ]
    texts = german + english
    frame = pl.DataFrame(
        {
            "article_id": ["de"] * 3 + ["en"] * 3,
            "sentence_id": [0, 1, 2, 0, 1, 2],
            "norm": normalize_many(texts),
        }
    )
    vectors = embed_sentences(frame)
    assert [bool(row.any()) for row in vectors] == [False] * 3 + [True] * 3
    # without the article's sentences to tell its language, every row is the model's
    assert all(row.any() for row in embed_sentences(frame.select("norm")))
