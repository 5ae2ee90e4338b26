"""Word 97-2003 documents (``.doc``) read as articles (corpus.word97)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from workbench.corpus.ingest import load_corpus
from workbench.corpus.office_document import UnreadableDocument
from workbench.corpus.word97 import _main_document, _plain_text, word97_text

FIXTURES = Path(__file__).parent / "fixtures" / "word97"
KERRY = (FIXTURES / "kerry-lavrov.doc").read_bytes()
RESET = (FIXTURES / "reset-button.doc").read_bytes()


def test_a_word97_document_is_read_in_order_with_its_table_and_links_text():
    document = word97_text(KERRY)
    blocks = document.text.split("\n\n")
    assert blocks[:3] == ["Kerry and Lavrov agree on Syria talks", "By Anna Petrova", "May 7, 2013"]
    assert blocks[3].startswith("MOSCOW — Secretary of State John Kerry")
    assert "“as soon as possible,”" in blocks[3]
    # Cyrillic kept; a link's text kept and its field code ("HYPERLINK …") dropped.
    assert "(Владимир Путин)" in blocks[4]
    assert blocks[4].endswith("Read the joint statement for the details.")
    assert "HYPERLINK" not in document.text and "example.org" not in document.text
    assert blocks[5:7] == ["Year | Event", "2012 | Geneva communiqué"]  # a row a line
    assert blocks[7].startswith("Critics in Washington said the café-table diplomacy")
    assert document.title == "Kerry and Lavrov agree on Syria talks"  # the text states it


def test_footnotes_headers_and_an_unstated_title_are_no_part_of_the_article():
    document = word97_text(RESET)
    assert document.text.startswith("The reset of relations between Washington and Moscow\n\n")
    assert "Both sides laughed" in document.text
    for furniture in ("peregruzka", "Running header", "Page footer"):
        assert furniture not in document.text
    # A line break within a paragraph stays a line of it.
    assert "did not matter.\nIt was a new start all the same." in document.text
    assert document.title is None  # "Draft 3" is the file's, not the article's


def _streams(pieces: list[tuple[str, bool]], main: int | None = None) -> tuple[bytes, bytes]:
    """A minimal WordDocument stream and table stream holding ``pieces`` of text, each 8-bit
    (cp1252, "compressed") or UTF-16, with ``main`` characters of main document."""
    text_at = 0x400
    body = b""
    places = []
    for text, compressed in pieces:
        if compressed:
            places.append(((text_at + len(body)) * 2) | 0x40000000)
            body += text.encode("cp1252")
        else:
            places.append(text_at + len(body))
            body += text.encode("utf-16-le")
    total = sum(len(text) for text, _ in pieces)
    fib = bytearray(text_at)
    struct.pack_into("<HH", fib, 0, 0xA5EC, 0x00C1)
    struct.pack_into("<H", fib, 0x20, 14)  # 14 shorts, 22 longs, 93 (fc, lcb) pairs
    lw = 0x20 + 2 + 28
    struct.pack_into("<H", fib, lw, 22)
    struct.pack_into("<i", fib, lw + 2 + 12, total if main is None else main)
    fc_lcb = lw + 2 + 88
    struct.pack_into("<H", fib, fc_lcb, 93)
    cps, starts = [], 0
    for text, _ in pieces:
        cps.append(starts)
        starts += len(text)
    cps.append(starts)
    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(
        struct.pack("<HIH", 0, fc, 0) for fc in places
    )
    clx = b"\x01" + struct.pack("<H", 3) + b"abc" + b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", fib, fc_lcb + 2 + 33 * 8, 0, len(clx))
    return bytes(fib) + body, clx


def test_pieces_of_8_bit_and_utf16_text_are_read_in_order_up_to_the_main_documents_end():
    document, table = _streams(
        [("Sanctions were ", True), ("widened — Путин ", False), ("objected.\r", True)]
    )
    assert _main_document(document, table) == "Sanctions were widened — Путин objected.\r"
    # The footnotes and headers stored after the main document are not read.
    document, table = _streams([("Main text.\r", True), ("A footnote.\r", True)], main=11)
    assert _main_document(document, table) == "Main text.\r"


def test_a_piece_table_pointing_past_the_text_is_a_damaged_document():
    document, table = _streams([("Sanctions were widened.\r", True)])
    with pytest.raises(UnreadableDocument, match="damaged"):
        _main_document(document[:-10], table)
    with pytest.raises(UnreadableDocument, match="piece table"):
        _main_document(document, table[:8])


def test_marks_of_paragraphs_cells_fields_and_objects():
    characters = (
        'Title\r\x13 HYPERLINK "https://x.org" \x14the link\x15 and \x01a picture\r'
        "a\x07b\x07\x07c\x07d\x07\x07after\x0cnext page\x1eno\x1fted\r"
    )
    assert _plain_text(characters).split("\n\n") == [
        "Title",
        "the link and a picture",
        "a | b",
        "c | d",
        "after",
        "next page-noted\n",
    ]


@pytest.mark.parametrize(
    ("patch", "reason"),
    [
        ((2, struct.pack("<H", 0x0065)), "a Word 95 or older document"),
        ((0x0A, struct.pack("<H", 0x0100)), "an encrypted Word document"),
    ],
)
def test_older_and_encrypted_word_documents_are_skipped_with_the_reason(make_corpus, patch, reason):
    raw = bytearray(KERRY)
    fib = raw.index(b"\xec\xa5", 512)  # the WordDocument stream's first bytes
    offset, value = patch
    raw[fib + offset : fib + offset + len(value)] = value
    corpus = load_corpus(make_corpus({"old.doc": bytes(raw), "a.txt": "Title\n\nSome text."}))
    assert corpus.articles["article_id"].to_list() == ["a"]
    assert corpus.warnings[0].startswith(f"old.doc: {reason}")


def test_a_doc_file_that_is_rtf_a_page_or_a_docx_is_read_as_what_it_is(make_corpus):
    from document_support import make_docx

    prose = "Sanctions were renewed by the council on {} after a long debate."
    page = f"<html><body><article><p>{prose.format('Monday')}</p></article></body></html>"
    corpus = load_corpus(
        make_corpus(
            {
                "rtf.doc": "{\\rtf1\\ansi " + prose.format("Tuesday") + "\\par}",
                "page.doc": page,
                "zipped.doc": make_docx([prose.format("Friday")]),
                "word.doc": KERRY,
            }
        )
    )
    texts = dict(
        zip(
            corpus.articles["article_id"].to_list(), corpus.articles["title"].to_list(), strict=True
        )
    )
    assert set(texts) == {"rtf", "page", "zipped", "word"}
    assert texts["word"] == "Kerry and Lavrov agree on Syria talks"
    assert corpus.warnings == ()


def test_a_word97_article_is_dated_by_its_dateline_and_found_without_a_suffix(make_corpus):
    corpus = load_corpus(make_corpus({"kerry-lavrov.doc": KERRY, "download-7": KERRY}))
    rows = corpus.articles.sort("article_id").rows(named=True)
    assert [row["article_id"] for row in rows] == ["download-7", "kerry-lavrov"]
    for row in rows:
        assert (row["published"], row["date_source"]) == ("2013-05-07", "dateline")
        assert row["title"] == "Kerry and Lavrov agree on Syria talks"
    sentences = corpus.sentences.filter(corpus.sentences["article_id"] == "kerry-lavrov")
    assert sentences["text"][0].startswith("Secretary of State John Kerry")  # dateline off
