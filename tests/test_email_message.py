"""Articles saved as e-mail: a newsletter's HTML, a forwarded story's plain text."""

from __future__ import annotations

from workbench.corpus.email_message import email_article
from workbench.corpus.ingest import load_corpus

NEWSLETTER = b"""From: POLITICO Playbook <playbook@email.politico.com>
To: reader@example.org
Subject: =?utf-8?q?Playbook=3A_Trump_and_Putin_meet_in_Helsinki?=
Date: Mon, 16 Jul 2018 23:02:11 -0400
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset="utf-8"

Trump and Putin met in Helsinki on Monday.

--b1
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

<html><head><title>Playbook</title></head><body><table width=3D"600"><tr><td>
<p>President Donald Trump and Russian President Vladimir Putin met for more than two hours in Hel=
sinki on Monday, with only their interpreters in the room.</p>
<p>The summit came days after the indictment of twelve Russian intelligence officers for hacking=
 during the 2016 election, and Democrats had called on Trump to cancel it.</p>
<p>Putin said the two leaders had agreed to keep talking about arms control and Syria.</p>
</td></tr><tr><td><a href=3D"https://example.org/u">Unsubscribe</a> | <a href=3D"https://exam=
ple.org/p">Manage your preferences</a></td></tr></table></body></html>
--b1--
"""
FORWARDED = (
    "From: Jane Doe <jane@example.org>\nSubject: Fwd: Kerry in Moscow\n"
    "Date: Tue, 07 May 2013 18:00:00 +0400\nContent-Type: text/plain; charset=cp1252\n\n"
    "Kerry met Lavrov in Moscow on Tuesday and they agreed to convene a conference on Syria.\n\n"
    "The two men spoke to reporters for an hour afterwards about the \u201creset\u201d.\n"
).encode("cp1252")


def test_a_newsletter_is_read_as_its_page_with_the_headers_as_its_metadata(make_corpus):
    corpus = load_corpus(make_corpus({"playbook.eml": NEWSLETTER}))
    row = corpus.articles.row(0, named=True)
    assert (row["title"], row["published"], row["outlet"]) == (
        "Playbook: Trump and Putin meet in Helsinki",
        "2018-07-16",  # the day it was sent where it was sent, not in UTC
        "POLITICO Playbook",
    )
    assert (row["date_source"], row["title_source"]) == ("email", "email")
    sentences = corpus.sentences["text"].to_list()
    assert sentences[0].startswith("President Donald Trump and Russian President Vladimir Putin")
    assert (
        sentences[-1]
        == "Putin said the two leaders had agreed to keep talking about arms control and Syria."
    )
    assert not any("|" in sentence or "Unsubscribe" in sentence for sentence in sentences)


def test_a_forwarded_story_in_plain_text_and_a_file_that_is_no_email(make_corpus):
    corpus = load_corpus(make_corpus({"fwd.eml": FORWARDED, "junk.eml": b"\x00\x01 no mail"}))
    row = corpus.articles.row(0, named=True)
    assert (row["title"], row["published"], row["outlet"]) == (
        "Fwd: Kerry in Moscow",
        "2013-05-07",
        "Jane Doe",
    )
    assert corpus.sentences["text"].to_list()[-1] == (
        "The two men spoke to reporters for an hour afterwards about the \u201creset\u201d."
    )
    assert corpus.warnings == ("junk.eml: not an e-mail with a text that can be read (skipped)",)


def test_headers_that_cannot_be_read_leave_their_fields_out():
    found = email_article(b"Subject: \nDate: someday\nFrom: <>\n\nThe reset began in 2009.\n")
    assert found is not None and not found.is_html
    assert found.fields == {}
    assert found.body == b"The reset began in 2009.\n"
    assert email_article(b"") is None
