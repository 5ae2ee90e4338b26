"""Property tests: any bytes as an article (or manifest) load or fail with WorkbenchError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.corpus.boilerplate import load_rules
from workbench.corpus.document import ingest_document
from workbench.corpus.ingest import load_corpus
from workbench.corpus.pdf_document import join_broken_words
from workbench.errors import WorkbenchError

RULES = load_rules()

# Bytes that look like text now and then: words, punctuation, quotes, line breaks, boilerplate.
_TEXTISH = st.lists(
    st.sampled_from(
        [
            "Putin",
            " ",
            "met",
            "Mr.",
            "U.S.",
            "“",
            "”",
            '"',
            ".",
            "!",
            "?",
            "…",
            "\n",
            "\n\n",
            "\r\n",
            "Wash-",  # a word broken at a line's end, when "\n" follows
            "ington",
            "Advertisement",
            "Read more",
            "• Read this",
            "[See more]",
            "May 17, 2019",
            "A Message from The Times:",
            "—",
            " – ",
            "\u00a0",
            "theUnited",
            "é",
            "\t",
            "#",
            "<p>",
            "</p>",
            "<script>",
            "&amp;",
        ]
    ),
    max_size=60,
).map(lambda parts: "".join(parts).encode())
_BYTES = st.one_of(
    st.binary(max_size=400),
    _TEXTISH,
    _TEXTISH.map(lambda raw: raw.decode().encode("cp1252", "replace")),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=_BYTES, suffix=st.sampled_from([".txt", ".md", ".html", ".eml"]))
def test_any_bytes_as_an_article_load_or_fail_cleanly(raw, suffix):
    with tempfile.TemporaryDirectory() as directory:
        (Path(directory) / f"article{suffix}").write_bytes(raw)
        try:
            corpus = load_corpus(Path(directory))
        except WorkbenchError as error:
            assert "\n" not in str(error)
            return
    text = corpus.documents["text"][0]
    for start, end, sentence in corpus.sentences.select("start", "end", "text").rows():
        assert 0 <= start < end <= len(text)
        # the span as shown: white space folded, words broken at line ends whole
        assert " ".join(join_broken_words(text[start:end]).split()) == sentence
    for start, end, removed in corpus.removed.select("start", "end", "text").rows():
        assert text[start:end] == removed


@settings(max_examples=200, deadline=None)
@given(raw=_BYTES)
def test_ingest_document_invariants(raw):
    document = ingest_document(raw, "a.txt", None, RULES)
    if document.skipped:
        assert document.warnings
        return
    ends = [0]
    for start, end in zip(document.sentence_starts, document.sentence_ends, strict=True):
        assert ends[-1] <= start < end <= len(document.text)
        ends.append(end)
    spans = [(start, end) for start, end, _, _ in document.removed]
    for start, end in spans:
        for s_start, s_end in zip(document.sentence_starts, document.sentence_ends, strict=True):
            assert s_end <= start or end <= s_start
    assert len(document.sentence_norms) == len(document.sentence_texts)
    assert document.article["sentences"] == len(document.sentence_starts)


@settings(max_examples=100, deadline=None)
@given(
    raw=st.one_of(
        st.binary(max_size=200),
        st.lists(
            st.sampled_from(
                [
                    "[[article]]\n",
                    'id = "a"\n',
                    'file = "a.txt"\n',
                    "published = ",
                    '"2013-02-30"\n',
                    "2019-05-17\n",
                    '"x"\n',
                    "title = 3\n",
                    "[x]\n",
                    'id = "b"\n',
                    "=\n",
                    '"\n',
                ]
            ),
            max_size=12,
        ).map(lambda parts: "".join(parts).encode()),
    )
)
def test_any_bytes_as_a_manifest_load_or_fail_cleanly(raw):
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "a.txt").write_text("Title\n\nSome text.")
        (root / "manifest.toml").write_bytes(raw)
        try:
            load_corpus(root)
        except WorkbenchError as error:
            assert "\n" not in str(error)


def _documents() -> list[tuple[str, bytes]]:
    """One small file of each kind read from bytes, with its suffix."""
    import gzip
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from document_support import make_docx, make_odt, make_pdf, make_webarchive
    from msg_support import make_msg

    prose = ["Kerry met Lavrov in Moscow on Tuesday to talk about Syria and the conference."]
    page = f"<html><body><article><p>{prose[0]}</p></article></body></html>".encode()
    return [
        (".pdf", make_pdf([prose])),
        (".docx", make_docx(prose)),
        (".odt", make_odt(prose)),
        (".webarchive", make_webarchive(page)),
        (
            ".eml",
            b"From: Jane Doe <jane@example.org>\nTo: a@example.org\nMIME-Version: 1.0\n"
            b"Date: Tue, 07 May 2013 18:00:00 +0400\nSubject: Kerry in Moscow\n"
            b"Content-Type: text/html; charset=utf-8\n\n" + page,
        ),
        (".rtf", b"{\\rtf1 " + prose[0].encode() + b"}"),
        (".txt.gz", gzip.compress(prose[0].encode())),
        (
            ".json",
            b'{"title": "Kerry in Moscow", "date_publish": "2013-05-07", "maintext": "'
            + prose[0].encode()
            + b'", "authors": ["Jane Doe"]}',
        ),
        (".doc", (Path(__file__).parent / "fixtures" / "word97" / "kerry-lavrov.doc").read_bytes()),
        (".msg", make_msg("Kerry in Moscow", prose[0], sender="Daily Brief")),
        (".msg", make_msg("Kerry in Moscow", html=page, sender="Daily Brief")),
        (
            ".xml",
            (
                Path(__file__).parent / "fixtures" / "news_xml" / "nitf-kerry-lavrov.xml"
            ).read_bytes(),
        ),
    ]


DOCUMENTS = _documents()
_EDIT = st.tuples(st.integers(0, 2), st.floats(0, 1), st.floats(0, 1), st.binary(max_size=24))


def _damaged(raw: bytes, edits: list[tuple[int, float, float, bytes]]) -> bytes:
    """``raw`` with bytes changed, cut out or put in at the places the edits name."""
    data = bytearray(raw)
    for kind, where, until, inserted in edits:
        start = int(where * len(data))
        end = max(start, int(until * len(data)))
        if kind == 0 and data:
            data[min(start, len(data) - 1)] ^= 0xFF
        elif kind == 1:
            del data[start:end]
        else:
            data[start:start] = inserted
    return bytes(data)


@settings(max_examples=300, deadline=None)
@given(
    which=st.integers(0, len(DOCUMENTS) - 1),
    edits=st.lists(_EDIT, min_size=1, max_size=6),
    named=st.booleans(),
)
def test_a_damaged_document_is_read_or_skipped_named_or_not(which, edits, named):
    """A damaged PDF, Word (also 97-2003), OpenDocument, web archive, e-mail (also Outlook's),
    RTF, gzip, news XML or scraped JSON file, with its suffix or without one (its kind then
    told from its bytes), is read or skipped with a reason: never an error."""
    suffix, raw = DOCUMENTS[which]
    document = ingest_document(_damaged(raw, edits), f"doc{suffix if named else ''}", None, RULES)
    if document.skipped:
        assert document.warnings and "\n" not in document.warnings[0]
