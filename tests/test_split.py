"""`workbench split`: news archives' exports cut into a corpus folder, one file per article."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from document_support import make_docx

from workbench.cli.parser import main
from workbench.corpus.ingest import load_corpus
from workbench.corpus.news_export import split_export

BODY = (
    "Secretary of State John Kerry and Foreign Minister Sergei Lavrov agreed on Tuesday to\n"
    "convene an international conference on Syria, a year after the last one failed.\n\n"
    "The two sides have long differed over the fate of Bashar al-Assad, whom Moscow has\n"
    "protected at the United Nations.\n"
)


def lexis_export(count: int) -> str:
    """A LexisNexis Academic text export of ``count`` articles (its layout, our words)."""
    parts = ["Download Request: Selected Items: 1-3\nTime Of Request: Friday, March 20, 2018\n"]
    for number in range(1, count + 1):
        parts.append(
            f"                               {number} of {count} DOCUMENTS\n\n\n"
            "                            The New York Times\n\n"
            f"                          May {number + 6}, 2013 Tuesday\n"
            "                          Late Edition - Final\n\n"
            f"Kerry and Lavrov Agree on Syria Talks, Part {number}\n\n"
            "BYLINE: By MICHAEL R. GORDON\n\n"
            "SECTION: Section A; Column 0; Foreign Desk; Pg. 4\n\n"
            "LENGTH: 850 words\n\n"
            f"{BODY}\n"
            "URL: http://www.nytimes.com/2013/05/07/world/kerry.html\n\n"
            f"LOAD-DATE: May {number + 6}, 2013\n\n"
            "LANGUAGE: ENGLISH\n\n"
            "PUBLICATION-TYPE: Newspaper\n\n\n"
            "                   Copyright 2013 The New York Times Company\n\n"
        )
    return "\r\n".join("".join(parts).split("\n"))


def nexis_uni_blocks(count: int) -> list[str]:
    """The paragraphs of a Nexis Uni Word export of ``count`` articles (cover page first)."""
    blocks = ["Date and Time: Friday, 5. July 2019 09:31:00 CEST", f"Documents ({count})"]
    blocks += [f"{n}. Lavrov says Moscow is ready, part {n}" for n in range(1, count + 1)]
    for number in range(1, count + 1):
        blocks += [
            f"Lavrov says Moscow is ready, part {number}",
            "The Moscow Times",
            f"July {number}, 2019 Monday 9:20 AM GMT",
            "Copyright 2019 The Moscow Times All Rights Reserved",
            "Section: NEWS; Version:2",
            "Length: 355 words",
            "Byline: Vladimir Frolov",
            "Body",
            *BODY.replace("\n", " ").split("  "),
            "Classification",
            "Language: ENGLISH",
            f"Load-Date: July {number}, 2019",
            "End of Document",
        ]
    return blocks


def test_a_lexisnexis_export_is_cut_into_articles_with_their_headers():
    articles = split_export(lexis_export(3))
    assert [a.title for a in articles] == [
        f"Kerry and Lavrov Agree on Syria Talks, Part {n}" for n in (1, 2, 3)
    ]
    assert [a.published for a in articles] == ["2013-05-07", "2013-05-08", "2013-05-09"]
    assert {a.outlet for a in articles} == {"The New York Times"}
    assert {a.author for a in articles} == {"MICHAEL R. GORDON"}
    text = articles[0].text
    assert text.startswith("Kerry and Lavrov Agree on Syria Talks, Part 1\n\n")
    assert "Bashar al-Assad" in text and "LOAD-DATE" not in text and "Copyright" not in text
    assert "BYLINE" not in text and "Download Request" not in text


def test_a_text_that_is_no_export_gives_no_articles():
    assert split_export(BODY) == []
    assert split_export("End of Document\n\n" + BODY) == []  # one mark: no export


def test_split_writes_a_corpus_that_opens_with_the_headers_metadata(tmp_path, capsys):
    (tmp_path / "nyt.txt").write_text(lexis_export(3), encoding="utf-8")
    (tmp_path / "mt.docx").write_bytes(make_docx(nexis_uni_blocks(2)))
    out = tmp_path / "corpus"
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert (
        main(["split", str(tmp_path / "nyt.txt"), str(tmp_path / "mt.docx"), "--out", str(out)])
        == 0
    )
    assert "wrote" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name != "corpus"} == before
    manifest = tomllib.loads((out / "manifest.toml").read_text(encoding="utf-8"))["article"]
    assert [entry["id"] for entry in manifest] == [
        "nyt-001", "nyt-002", "nyt-003", "mt-001", "mt-002",
    ]  # fmt: skip
    assert manifest[3] | {"file": ""} == {
        "id": "mt-001",
        "file": "",
        "title": "Lavrov says Moscow is ready, part 1",
        "outlet": "The Moscow Times",
        "author": "Vladimir Frolov",
        "published": "2019-07-01",
        "note": "article 1 of 2 in mt.docx",
    }
    corpus = load_corpus(out)
    assert corpus.articles.height == 5 and not corpus.warnings
    sentences = corpus.sentences.filter(corpus.sentences["article_id"] == "mt-002")
    assert sentences["text"].to_list()[-1] == (
        "The two sides have long differed over the fate of Bashar al-Assad, whom Moscow has "
        "protected at the United Nations."
    )


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("exists", "exists: name a new folder"),
        ("no-export", "no news archive's export"),
        ("missing", "cannot read"),
    ],
)
def test_split_refuses_with_one_line_and_writes_nothing(tmp_path, capsys, setup, message):
    export = tmp_path / "export.txt"
    export.write_text(BODY if setup == "no-export" else lexis_export(2), encoding="utf-8")
    out = tmp_path / "corpus"
    if setup == "exists":
        out.mkdir()
    if setup == "missing":
        export = tmp_path / "gone.txt"
    assert main(["split", str(export), "--out", str(out)]) != 0
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and message in error[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["export.txt"] + (["corpus"] if setup == "exists" else [])
    )


def test_a_body_line_that_looks_like_a_field_does_not_end_the_article():
    body = (
        "Copyright law was not discussed, officials said.\n\n"
        "Language: the word reset was mistranslated on the button Clinton gave Lavrov.\n\n"
    )
    export = lexis_export(2).replace("\r\n", "\n").replace(BODY, BODY + "\n" + body)
    text = split_export(export)[0].text
    assert "Copyright law was not discussed" in text and "mistranslated" in text
    assert "LOAD-DATE" not in text


def factiva_export(count: int) -> str:
    """A Factiva export of ``count`` articles as Factiva prints them to RTF or text (its layout,
    our words): headline, byline, word count, date, time, source, code, language, copyright."""
    parts = []
    for number in range(1, count + 1):
        parts.append(
            "World News\n"
            f"Kerry, Lavrov agree to convene Syria conference, part {number}\n"
            "By Arshad Mohammed and Steve Gutterman\n"
            "512 words\n"
            f"{number + 6} May 2013\n"
            "22:41\n"
            "Reuters News\n"
            "LBA\n"
            "English\n"
            "(c) 2013 Reuters Limited\n\n"
            f"{BODY}\n"
            f"Document LBA00000201305{number + 6:02d}e9570013w\n\n"
        )
    return "".join(parts)


def factiva_coded_export(count: int) -> str:
    """A Factiva export "with indexing": each field after its code."""
    parts = []
    for number in range(1, count + 1):
        parts.append(
            f"HD\tPutin signs law on foreign agents, part {number}\n"
            "BY\tAlissa de Carbonnel\n"
            "WC\t410 words\n"
            f"PD\t{number} June 2013\n"
            "SN\tReuters News\n"
            "LA\tEnglish\n"
            "CY\t(c) 2013 Reuters Limited\n"
            "LP\tPresident Vladimir Putin signed a law on Monday that critics say will muzzle\n"
            "non-governmental groups that receive money from abroad.\n"
            "TD\tThe law requires such groups to register as foreign agents.\n"
            "Washington said it was deeply concerned by the measure.\n"
            "NS\tgpol : Domestic Politics | gcat : Political/General News\n"
            "RE\trussia : Russia | eurz : Europe\n"
            f"AN\tDocument LBA00000201306{number:02d}e96100abc\n\n"
        )
    return "".join(parts)


def factiva_html(count: int) -> str:
    """Factiva's HTML export: a div per article holding a table of field codes and values."""

    def row(code: str, value: str) -> str:
        return f'<tr><td align="right" class="index"><b>{code}</b>&nbsp;</td><td>{value}</td></tr>'

    articles = "".join(
        '<div class="article enArticle"><table>'
        + row("HD", f"<b class='enHeadline'>Obama cancels Moscow summit, part {n}</b>")
        + row("BY", "Peter Baker")
        + row("WC", "900 words")
        + row("PD", f"{n} August 2013")
        + row("SN", "The New York Times")
        + row("LA", "English")
        + row(
            "LP",
            '<p class="articleParagraph">President Obama canceled a summit with '
            "Vladimir Putin.</p>",
        )
        + row(
            "TD",
            '<p class="articleParagraph">The decision followed Russia\'s asylum for '
            'Edward Snowden.</p><p class="articleParagraph">It was the first such step in '
            "decades.</p>",
        )
        + row("AN", f"Document NYTF000020130807e98700{n:03d}")
        + "</table></div>"
        for n in range(1, count + 1)
    )
    return f"<html><head><title>Factiva</title></head><body>{articles}</body></html>"


def test_a_factiva_export_is_cut_into_articles_with_their_headers():
    articles = split_export(factiva_export(3))
    assert [a.title for a in articles] == [
        f"Kerry, Lavrov agree to convene Syria conference, part {n}" for n in (1, 2, 3)
    ]
    assert [a.published for a in articles] == ["2013-05-07", "2013-05-08", "2013-05-09"]
    assert {a.outlet for a in articles} == {"Reuters News"}
    assert {a.author for a in articles} == {"Arshad Mohammed and Steve Gutterman"}
    text = articles[1].text
    assert text.startswith("Kerry, Lavrov agree to convene Syria conference, part 2\n\n")
    assert "Bashar al-Assad" in text
    for header in ("512 words", "22:41", "LBA", "(c) 2013", "World News", "Document "):
        assert header not in text


def test_a_factiva_export_with_field_codes_is_cut_by_its_fields():
    articles = split_export(factiva_coded_export(2))
    assert [a.title for a in articles] == [
        "Putin signs law on foreign agents, part 1",
        "Putin signs law on foreign agents, part 2",
    ]
    assert [a.published for a in articles] == ["2013-06-01", "2013-06-02"]
    assert {(a.outlet, a.author) for a in articles} == {("Reuters News", "Alissa de Carbonnel")}
    text = articles[0].text
    assert "muzzle non-governmental groups" in text and "deeply concerned" in text
    assert "Domestic Politics" not in text and "410 words" not in text


def said_and_split(folder: Path, name: str, text: str, articles: int) -> Path:
    """Write an export into ``folder``, check that ingest says it holds ``articles`` articles,
    split it into ``folder/corpus``; the corpus folder."""
    export = folder / name
    export.write_text(text, encoding="utf-8")
    corpus = load_corpus(folder)  # in a folder, the export is one file, and ingest says so
    said = f"holds {articles} articles of a news archive's export"
    assert any(said in warning for warning in corpus.warnings)
    out = folder / "corpus"
    assert main(["split", str(export), "--out", str(out)]) == 0
    return out


def test_split_cuts_factivas_html_export(tmp_path, capsys):
    out = said_and_split(tmp_path, "factiva.html", factiva_html(2), 2)
    manifest = tomllib.loads((out / "manifest.toml").read_text(encoding="utf-8"))["article"]
    assert [(e["title"], e["published"], e["outlet"], e["author"]) for e in manifest] == [
        (f"Obama cancels Moscow summit, part {n}", f"2013-08-0{n}", "The New York Times",
         "Peter Baker")
        for n in (1, 2)
    ]  # fmt: skip
    corpus = load_corpus(out)
    assert corpus.sentences.filter(corpus.sentences["article_id"] == "factiva-002")[
        "text"
    ].to_list() == [
        "President Obama canceled a summit with Vladimir Putin.",
        "The decision followed Russia's asylum for Edward Snowden.",
        "It was the first such step in decades.",
    ]


def test_an_article_found_in_two_exports_is_written_once(tmp_path, capsys):
    # Two searches that overlap: the second export holds the first two articles again.
    (tmp_path / "first.txt").write_text(lexis_export(3), encoding="utf-8")
    (tmp_path / "second.txt").write_text(lexis_export(2), encoding="utf-8")
    out = tmp_path / "corpus"
    exports = [str(tmp_path / "first.txt"), str(tmp_path / "second.txt")]
    assert main(["split", *exports, "--out", str(out)]) == 0
    assert "2 articles found again in the exports, written once" in capsys.readouterr().err
    manifest = tomllib.loads((out / "manifest.toml").read_text(encoding="utf-8"))["article"]
    assert [entry["id"] for entry in manifest] == ["first-001", "first-002", "first-003"]
    assert len(list((out / "articles").iterdir())) == 3


def test_a_folder_of_exports_is_split_whole(tmp_path, capsys):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    (downloads / "b-2014.txt").write_text(lexis_export(2), encoding="utf-8")
    (downloads / "a-2013.html").write_text(factiva_html(2), encoding="utf-8")
    (downloads / "notes.txt").write_text("Search terms: reset AND Lavrov\n", encoding="utf-8")
    (downloads / "cover.png").write_bytes(b"\x89PNG\r\n")
    out = tmp_path / "corpus"
    assert main(["split", str(downloads), "--out", str(out)]) == 0
    assert "notes.txt: no news archive's export (skipped)" in capsys.readouterr().err
    manifest = tomllib.loads((out / "manifest.toml").read_text(encoding="utf-8"))["article"]
    assert [entry["id"] for entry in manifest] == [
        "a-2013-001",
        "a-2013-002",
        "b-2014-001",
        "b-2014-002",
    ]
    # a folder with no export at all is an error, and nothing is written
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("nothing here\n", encoding="utf-8")
    assert main(["split", str(empty), "--out", str(tmp_path / "none")]) != 0
    assert "nothing written" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()


def test_factiva_codes_on_lines_of_their_own_and_page_breaks_between_articles():
    # As Factiva's RTF gives it as text: each code over its field, a page break after each
    # article, the search's summary after the last.
    article = (
        "   HD\n   Putin signs law on foreign agents, part {n}\n   BY\n   Alissa de Carbonnel\n"
        "   WC\n   410 words\n   PD\n   {n} June 2013\n   SN\n   Reuters News\n"
        "   LP\n   President Vladimir Putin signed a law on Monday.\n\n"
        "   Critics say it will muzzle groups that receive money from abroad.\n"
        "   TD\n   The law requires such groups to register as foreign agents.\n"
        "   NS\n   gpol : Domestic Politics\n   AN\n   Document LBA00000201306{n:02d}e96100abc\n\f"
    )
    export = "".join(article.format(n=n) for n in (1, 2, 3)) + "Search Summary\nText putin\n"
    articles = split_export(export)
    assert [a.title for a in articles] == [
        f"Putin signs law on foreign agents, part {n}" for n in (1, 2, 3)
    ]
    assert [a.published for a in articles] == ["2013-06-01", "2013-06-02", "2013-06-03"]
    assert articles[2].text.split("\n\n")[1:] == [
        "President Vladimir Putin signed a law on Monday.",
        "Critics say it will muzzle groups that receive money from abroad.",
        "The law requires such groups to register as foreign agents.\n",
    ]


RULE = "_" * 60
PARAGRAPHS = BODY.strip().split("\n\n")


def proquest_export(count: int) -> str:
    """A ProQuest text export ("TXT - Text Only") of ``count`` articles, as its layout is."""
    articles = []
    for number in range(1, count + 1):
        articles.append(
            f"Document {number} of {count}\n\n"
            f"Kerry and Lavrov agree to resume talks, part {number}\n\n"
            "Author: Gordon, Michael R\n\n"
            "Publication info: New York Times, Late Edition (East Coast) ; New York, N.Y. "
            f"[New York, N.Y]. {13 + number} Sep 2013: A.1.\n\n"
            "ProQuest document link\n\n"
            f"Full text: {PARAGRAPHS[0]}\n\n"
            "Location: Geneva, a line of the article that reads as no field.\n\n"
            f"{PARAGRAPHS[1]}\n\n"
            "Credit: By MICHAEL R. GORDON\n\n"
            "Subject: Diplomatic & consular services; Chemical weapons\n\n"
            "Publication title: New York Times, Late Edition (East Coast); New York, N.Y.\n\n"
            "First page: A.1\n\n"
            "Publication year: 2013\n\n"
            f"Publication date: Sep {13 + number}, 2013\n\n"
            "Section: A\n\n"
            "Publisher: New York Times Company\n\n"
            "Source type: Newspapers\n\n"
            "Language of publication: English\n\n"
            f"ProQuest document ID: 14328912{number:02d}\n\n"
            f"Document URL: https://www.proquest.com/docview/14328912{number:02d}\n\n"
            "Copyright: Copyright New York Times Company Sep 14, 2013\n\n"
            "Last updated: 2013-09-16\n\n"
            "Database: ProQuest Central\n\n"
        )
    header = (
        f"{RULE}\n\nReport Information from ProQuest\nDecember 05 2026 10:32\n{RULE}\n\n"
        "Table of contents\n"
        + "".join(f"{n}. Kerry and Lavrov agree to resume talks, part {n}\n" for n in range(1, 3))
    )
    footer = "Contact ProQuest\nCopyright © 2026 ProQuest LLC. All rights reserved.\n"
    return header + "".join(f"{RULE}\n\n{article}" for article in articles) + f"{RULE}\n\n{footer}"


def test_a_proquest_export_is_cut_into_articles_with_their_fields():
    articles = split_export(proquest_export(3))
    assert [a.title for a in articles] == [
        f"Kerry and Lavrov agree to resume talks, part {n}" for n in (1, 2, 3)
    ]
    first = articles[0]
    assert (first.outlet, first.published, first.author) == (
        "New York Times, Late Edition (East Coast)",
        "2013-09-14",
        "Gordon, Michael R",
    )
    body = first.text.split("\n\n")
    assert body[0] == first.title and body[1] == PARAGRAPHS[0]
    # the full text runs to the next field, a line of it that reads as a field included
    assert "Location: Geneva, a line of the article that reads as no field." in first.text
    assert body[3] == PARAGRAPHS[1] + "\n"
    assert "Credit:" not in first.text and "Diplomatic" not in first.text


def test_a_proquest_export_is_said_to_be_one_and_split_into_a_corpus(tmp_path, capsys):
    name = "ProQuestDocuments-2026-12-05.txt"
    out = said_and_split(tmp_path, name, proquest_export(2), 2)
    split = load_corpus(out)
    assert split.articles["title"].to_list() == [
        "Kerry and Lavrov agree to resume talks, part 1",
        "Kerry and Lavrov agree to resume talks, part 2",
    ]
    assert split.articles["outlet"].to_list() == ["New York Times, Late Edition (East Coast)"] * 2
