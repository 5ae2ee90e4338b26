"""Outlook messages (``.msg``): read as an e-mail is, from the message's properties."""

from __future__ import annotations

import struct
from datetime import UTC, datetime
from pathlib import Path

from msg_support import compound_file, make_msg

from workbench.corpus.ingest import load_corpus
from workbench.corpus.outlook_msg import msg_article
from workbench.corpus.sniff import sniffed_suffix

PARAGRAPHS = [
    "Secretary of State John Kerry and Foreign Minister Sergei Lavrov agreed on Friday to resume "
    "talks on Syria's chemical weapons, officials said after a long meeting in Geneva.",
    "The two men met for several hours and said they would meet again later this month in New "
    "York, where the United Nations General Assembly opens its annual session.",
]
SENT = datetime(2013, 9, 13, 21, 30, tzinfo=UTC)


def test_a_plain_text_message_is_an_article_with_its_subject_date_and_sender(make_corpus):
    raw = make_msg(
        "Kerry and Lavrov agree to resume talks",
        "\r\n\r\n".join(PARAGRAPHS),
        sender="Daily Diplomacy Brief",
        sent=SENT,
    )
    corpus = load_corpus(make_corpus({"brief.msg": raw}))
    row = corpus.articles.row(0, named=True)
    assert (row["title"], row["published"], row["outlet"]) == (
        "Kerry and Lavrov agree to resume talks",
        "2013-09-13",
        "Daily Diplomacy Brief",
    )
    assert (row["title_source"], row["date_source"]) == ("email", "email")
    assert corpus.sentences["text"].to_list()[0] == PARAGRAPHS[0]


def test_a_newsletters_html_body_is_read_as_a_page_its_tables_as_blocks(make_corpus):
    cells = "".join(f"<tr><td><p>{p}</p></td></tr>" for p in PARAGRAPHS)
    html = (
        "<html><body><table><tr><td><a href='/'>View in browser</a></td></tr>"
        f"{cells}<tr><td>Unsubscribe</td></tr></table></body></html>"
    ).encode()
    raw = make_msg("Morning brief", "the plain text body, not read", html=html, sent=SENT)
    article = msg_article(raw)
    assert article is not None and article.is_html
    corpus = load_corpus(make_corpus({"brief.msg": raw}))
    texts = corpus.sentences["text"].to_list()
    assert PARAGRAPHS[0] in texts and PARAGRAPHS[1] in texts
    assert not any("plain text body" in text for text in texts)


def test_strings_in_the_messages_code_page_are_decoded_with_it():
    subject = "Лавров и Керри договорились".encode("cp1251") + b"\x00"
    body = "Переговоры продолжатся в Женеве.".encode("cp1251")
    raw = make_msg(
        code_page=1251,
        extra={"__substg1.0_0037001E": subject, "__substg1.0_1000001E": body},
    )
    article = msg_article(raw)
    assert article is not None
    assert article.fields["title"] == "Лавров и Керри договорились"
    assert article.body.decode() == "Переговоры продолжатся в Женеве."


def test_a_message_without_a_text_body_or_no_message_is_skipped_saying_so(make_corpus):
    rtf_only = make_msg("Kept as RTF", extra={"__substg1.0_10090102": b"LZFu compressed"})
    other = compound_file({"Workbook": b"\x09\x08" + bytes(100)})  # a spreadsheet's container
    corpus_dir = make_corpus(
        {
            "rtf.msg": rtf_only,
            "other.msg": other,
            "real.msg": make_msg("Kerry in Moscow", PARAGRAPHS[0], sent=SENT),
        }
    )
    corpus = load_corpus(corpus_dir)
    assert corpus.articles["article_id"].to_list() == ["real"]
    skipped = [w for w in corpus.warnings if "Outlook message" in w]
    assert len(skipped) == 2 and all("\n" not in w for w in skipped)


def test_a_message_saved_without_a_suffix_is_told_from_its_bytes(make_corpus):
    raw = make_msg("Kerry in Moscow", PARAGRAPHS[0], sent=SENT)
    assert sniffed_suffix(raw) == ".msg"
    word = (Path(__file__).parent / "fixtures" / "word97" / "kerry-lavrov.doc").read_bytes()
    assert sniffed_suffix(word) == ".doc"
    corpus = load_corpus(make_corpus({"forwarded": raw}))
    assert corpus.articles.row(0, named=True)["title"] == "Kerry in Moscow"


def test_a_sent_time_out_of_range_dates_nothing():
    properties = bytes(32) + struct.pack("<IIq", 0x00390040, 0, -1)  # before 1601
    raw = make_msg("Kerry in Moscow", PARAGRAPHS[0], extra={"__properties_version1.0": properties})
    article = msg_article(raw)
    assert article is not None and "published" not in article.fields
