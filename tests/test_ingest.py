"""Ingest: frames and their schemas, faithful offsets, prose kept, inference, encodings, errors."""

from __future__ import annotations

import quopri

import polars as pl
import pytest

import workbench.corpus.ingest as ingest
from workbench.corpus.document import ingest_document
from workbench.corpus.ingest import assemble_corpus, load_corpus, plan_corpus, read_source
from workbench.corpus.segment import MAX_SENTENCE
from workbench.errors import WorkbenchError

# Sentences at the start, middle and end of every seed's article proper.
SEED_PROSE = {
    "000": [
        "At the Group of 20 summit in Mexico, President Barack Obama and Vladimir Putin had their "
        "first face-to-face meeting since Putin resumed the Russian presidency in May.",
        "Why would Putin behave this way?",
        "Moscow doesn't see itself as willfully and wrongly defying \"the broad international "
        'community."',
        "Washington must now decide whether the cooperation it wants from Russia is really worth "
        "that.",
    ],
    "001": [
        "The Kremlin will milk for what it is worth U.S. President Barack Obama's "
        '"encouragement" with Moscow\'s "cooperative compartmentalization" on the Iran nuclear '
        "deal and Putin's interest in joint efforts to combat ISIS in Syria.",
        "Obama knows Assad's fate will be decided in Tehran, not in Moscow.",
        "It's a possibility worth exploring.",
    ],
    "002": [
        "Talks between the U.S. and Russia are unlikely to produce any real results.",
        "President Obama and his Russian counterpart, Vladimir Putin, recently set a September "
        "date for bilateral discussions.",
        "Iran, too, represents something of an impasse.",
        "If they don't, September's talks are liable to look like more of the same.",
    ],
    "003": [
        "Secretary of State John Kerry sought to ease diplomatic tensions with Russia in "
        "preparation for meetings between Putin and Obama later this year.",
        "Mr. Markov says the current upswing bodes well for almost all aspects of the troubled "
        "relationship, except Syria.",
        "Other areas of tension in US-Russian relations look more promising, say experts.",
        "“A full agreement is probably some time off, but the re-start of serious negotiations "
        "could happen very soon.”",
    ],
    "004": [
        "US Secretary of State Mike Pompeo came to Moscow with a message of reconciliation from "
        "President Donald Trump that the Kremlin happily embraced, yet the old disagreements are "
        "all still there.",
        "On May 3, US President Donald Trump called Putin.",
        "The next day, Putin’s press secretary, Dmitry Peskov, denied that Pompeo had assured "
        "Moscow that the United States did not seek war with Iran.",
    ],
}


@pytest.mark.parametrize("article_id", sorted(SEED_PROSE))
def test_article_prose_survives_cleaning(bundled_corpus, article_id):
    texts = bundled_corpus.sentences.filter(pl.col("article_id") == article_id)["text"].to_list()
    for sentence in SEED_PROSE[article_id]:
        assert sentence in texts


def test_last_sentence_of_004_survives_with_its_quotes(bundled_corpus):
    texts = bundled_corpus.sentences.filter(pl.col("article_id") == "004")["text"].to_list()
    assert texts[-1].startswith("While — quite remarkably — Peskov said Moscow was")
    assert texts[-1].endswith('tends to escalate further."')


def test_titles_are_not_prose(bundled_corpus):
    for article_id, title in bundled_corpus.articles.select("article_id", "title").rows():
        texts = bundled_corpus.sentences.filter(pl.col("article_id") == article_id)["text"]
        assert title not in texts.to_list()


def test_frames_have_the_documented_schemas(bundled_corpus):
    assert bundled_corpus.articles.schema == pl.Schema(ingest.ARTICLE_SCHEMA)
    assert bundled_corpus.sentences.schema == pl.Schema(ingest.SENTENCE_SCHEMA)
    assert bundled_corpus.removed.schema == pl.Schema(ingest.REMOVED_SCHEMA)
    assert bundled_corpus.documents.schema == pl.Schema(ingest.DOCUMENT_SCHEMA)
    assert bundled_corpus.warnings == ()


def test_articles_sorted_by_date_with_metadata(bundled_corpus):
    articles = bundled_corpus.articles
    assert articles["article_id"].to_list() == ["000", "002", "003", "001", "004"]
    row = articles.filter(pl.col("article_id") == "004").row(0, named=True)
    assert row["year"] == 2019
    assert row["date_precision"] == "day"
    assert row["encoding"] == "utf-8"
    assert row["author"] == "Maxim A. Suchkov"
    assert articles.filter(pl.col("article_id") == "001")["date_precision"][0] == "year"
    assert articles.filter(pl.col("article_id") == "000")["date_precision"][0] == "month"


def test_counts_agree_with_the_frames(bundled_corpus):
    per_article = bundled_corpus.sentences.group_by("article_id").agg(
        pl.len().alias("n"), pl.col("text").str.split(" ").list.len().sum().alias("w")
    )
    removed = bundled_corpus.removed.group_by("article_id").len()
    for row in bundled_corpus.articles.iter_rows(named=True):
        counts = per_article.filter(pl.col("article_id") == row["article_id"]).row(0, named=True)
        assert row["sentences"] == counts["n"]
        assert row["words"] == counts["w"]
        assert (
            row["removed_spans"]
            == removed.filter(pl.col("article_id") == row["article_id"])["len"][0]
        )


def test_offsets_are_into_the_original_text(bundled_corpus, seed_texts):
    documents = dict(bundled_corpus.documents.iter_rows())
    for article_id, text in seed_texts.items():
        assert documents[article_id] == text
    for row in bundled_corpus.sentences.iter_rows(named=True):
        original = documents[row["article_id"]][row["start"] : row["end"]]
        assert " ".join(original.split()) == row["text"]
        assert original == original.strip()


def test_sentence_and_paragraph_ids_are_in_text_order(bundled_corpus):
    for _, group in bundled_corpus.sentences.group_by("article_id"):
        assert group["sentence_id"].to_list() == list(range(group.height))
        assert group["start"].is_sorted()
        paragraphs = group["paragraph_id"].to_list()
        assert paragraphs == sorted(paragraphs) and paragraphs[0] == 0


def test_norm_column_is_normalized_text(bundled_corpus):
    norms = bundled_corpus.sentences.filter(pl.col("article_id") == "002")["norm"].to_list()
    assert any("tit-for-tat" in norm for norm in norms)
    assert any("non-interference" in norm for norm in norms)
    assert any("pro-democracy forces" in norm for norm in norms)
    norms = bundled_corpus.sentences.filter(pl.col("article_id") == "003")["norm"].to_list()
    assert any("russia and the united states must" in norm for norm in norms)
    assert any("everyone agrees on the need" in norm for norm in norms)
    assert any("vetoing two un security council" in norm for norm in norms)
    assert all(
        norm == norm.lower() and "’" not in norm and "\u00a0" not in norm
        for norm in bundled_corpus.sentences["norm"]
    )


def test_loading_writes_nothing_into_the_corpus(bundled_dir):
    before = {p: p.stat().st_mtime_ns for p in bundled_dir.rglob("*")}
    load_corpus(bundled_dir)
    after = {p: p.stat().st_mtime_ns for p in bundled_dir.rglob("*")}
    assert before == after


def test_assemble_from_documents_equals_load(bundled_corpus):
    plan = plan_corpus()
    documents = [
        ingest_document(read_source(source), source.name, source.meta, plan.rules)
        for source in reversed(plan.sources)
    ]
    rebuilt = assemble_corpus(plan.directory, documents, plan.warnings)
    assert rebuilt.articles.equals(bundled_corpus.articles)
    assert rebuilt.sentences.equals(bundled_corpus.sentences)
    assert rebuilt.removed.equals(bundled_corpus.removed)


def test_progress_is_reported_per_file(make_corpus):
    corpus_dir = make_corpus({f"a{n}.txt": f"Title {n}\n\nSome prose here." for n in range(3)})
    calls = []
    load_corpus(corpus_dir, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_worker_processes_give_the_same_corpus(make_corpus, monkeypatch):
    files = {
        f"{n:02d}.txt": f"Title {n}\n\nMr. Smith met Dr. Jones. They talked.\n" for n in range(6)
    }
    files["05.txt"] = b"\x00\x01\x02binary"
    corpus_dir = make_corpus(files)
    serial = load_corpus(corpus_dir)
    monkeypatch.setattr(ingest, "POOL_THRESHOLD", 2)
    monkeypatch.setattr(ingest.os, "cpu_count", lambda: 2)
    pooled = load_corpus(corpus_dir)
    assert pooled.articles.equals(serial.articles)
    assert pooled.sentences.equals(serial.sentences)
    assert pooled.warnings == serial.warnings == ("05.txt: not a text file (skipped)",)


# --- files without a manifest entry ----------------------------------------------------------


def test_inference_without_manifest(make_corpus):
    corpus_dir = make_corpus(
        {
            "putin-visit.txt": "Support Our Newsroom!\n\nPutin Visits Paris\n\nMay 17, 2019\n\n"
            "Putin went to Paris. He met Macron.\n",
            "2013-05-07 kerry.md": "# Kerry in Moscow\n\nKerry met Putin on Tuesday.\n",
            "undated.txt": "Some heading\n\nNo date anywhere in this text.\n",
        }
    )
    corpus = load_corpus(corpus_dir)
    rows = {row["article_id"]: row for row in corpus.articles.iter_rows(named=True)}
    assert set(rows) == {"putin-visit", "2013-05-07_kerry", "undated"}
    assert rows["putin-visit"]["title"] == "Putin Visits Paris"
    assert rows["putin-visit"]["published"] == "2019-05-17"
    assert rows["putin-visit"]["date_precision"] == "day"
    assert "date taken from a dateline" in rows["putin-visit"]["note"]
    assert rows["2013-05-07_kerry"]["title"] == "Kerry in Moscow"
    assert rows["2013-05-07_kerry"]["published"] == "2013-05-07"
    assert "file name" in rows["2013-05-07_kerry"]["note"]
    assert rows["undated"]["published"] is None
    assert rows["undated"]["year"] is None
    assert rows["undated"]["date_precision"] == "unknown"
    assert corpus.articles["article_id"].to_list()[-1] == "undated"  # unknown dates last
    texts = corpus.sentences["text"].to_list()
    assert "Putin Visits Paris" not in texts and "# Kerry in Moscow" not in texts
    assert texts.count("Putin went to Paris.") == 1
    assert "Kerry met Putin on Tuesday." in texts


def test_files_with_and_without_manifest_entries_mix(make_corpus):
    corpus_dir = make_corpus(
        {
            "listed.txt": "Listed\n\nOne.",
            "extra/unlisted.txt": "Unlisted\n\nTwo.",
            "README.md": "Not an article.",
            "notes.csv": "a,b",
            ".hidden.txt": "x",
            "themes.toml": "x = 1",
        },
        manifest='[[article]]\nid = "L"\nfile = "listed.txt"\ntitle = "Listed"\n',
    )
    corpus = load_corpus(corpus_dir)
    assert sorted(corpus.articles["article_id"]) == ["L", "unlisted"]
    assert (
        corpus.articles.filter(pl.col("article_id") == "unlisted")["file"][0]
        == "extra/unlisted.txt"
    )


def test_long_first_line_is_not_taken_whole_as_title_nor_dropped(make_corpus):
    prose = (
        "The first paragraph of this article runs on for quite a while and has no headline "
        "above it at all, which is common in plain text exports."
    )
    corpus = load_corpus(make_corpus({"x.txt": prose + "\n"}))
    assert corpus.articles["title"][0].endswith("…")
    assert corpus.sentences["text"].to_list() == [prose]


def test_html_pages_become_text(make_corpus):
    page = (
        "<html><head><title>T</title><style>p{}</style><script>var x = 1;</script></head>"
        "<body><nav><a href='/'>Home</a> <a>World</a></nav><article><h1>Reset Redux</h1>"
        "<p>Obama met&nbsp;Medvedev in <b>Moscow</b>. They spoke &amp; agreed.</p>"
        "<p>Article continues after advertisement</p><ul><li>Read more: Other story</li></ul>"
        "<p>The second paragraph.</p></article><footer>© 2010 Outlet</footer></body></html>"
    )
    corpus = load_corpus(make_corpus({"page.html": page}))
    assert corpus.articles["title"][0] == "Reset Redux"
    assert corpus.sentences["text"].to_list() == [
        "Obama met Medvedev in Moscow.",
        "They spoke & agreed.",
        "The second paragraph.",
    ]
    assert "var x" not in corpus.documents["text"][0]
    assert "Home" not in corpus.documents["text"][0]
    assert set(corpus.removed["rule"]) >= {"ad-marker", "title-line"}


def _mhtml(html: bytes, content_type: str = "text/html", url: str = "") -> bytes:
    """A page saved as a single file, as a browser writes one: the page quoted-printable."""
    boundary = "----MultipartBoundary--x1"
    saved_from = f"Snapshot-Content-Location: {url}\r\n" if url else ""
    return (
        (
            f"From: <Saved by Blink>\r\n{saved_from}Subject: saved\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"'
            f"\r\n\r\n--{boundary}\r\nContent-Type: {content_type}\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        ).encode()
        + quopri.encodestring(html)
        + (
            f"\r\n--{boundary}\r\nContent-Type: image/png\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--{boundary}--\r\n"
        ).encode()
    )


def test_a_page_saved_as_a_single_file_is_read_as_its_page(make_corpus):
    prose = "Kerry and Lavrov agreed on Tuesday to convene a conference on Syria – at last."
    page = f"<html><body><article><h1>Syria talks</h1><p>{prose}</p></article></body></html>"
    russian = "<html><body><article><h1>Сирия</h1><p>Лавров и Керри договорились.</p>"
    corpus = load_corpus(
        make_corpus(
            {
                "talks.mhtml": _mhtml(page.encode(), url="https://news.example.com/syria"),
                # the part's charset stands for a page that declares none
                "moscow.mht": _mhtml(
                    (russian + "</article></body></html>").encode("cp1251"),
                    "text/html; charset=windows-1251",
                ),
                "empty.mht": _mhtml(b"", "text/plain"),
            }
        )
    )
    texts = dict(corpus.articles.select("article_id", "title").iter_rows())
    assert texts == {"talks": "Syria talks", "moscow": "Сирия"}
    urls = dict(corpus.articles.select("article_id", "url").iter_rows())
    assert urls == {"talks": "https://news.example.com/syria", "moscow": None}
    assert prose in corpus.sentences["text"].to_list()
    assert "Лавров и Керри договорились." in corpus.sentences["text"].to_list()
    assert corpus.warnings == ("empty.mht: no web page in the saved file (skipped)",)


# --- encodings and unreadable files -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "encoding", "warned"),
    [
        ("Title\n\nPutin’s “reset” — café.".encode(), "utf-8", False),
        (b"\xef\xbb\xbf" + "Title\n\nPutin’s “reset”.".encode(), "utf-8-sig", False),
        ("Title\n\nPutin’s “reset” — café.".encode("cp1252"), "cp1252", True),
        ("Title\n\nPutin's caf\u00e9 \u0081.".encode("latin-1"), "latin-1", True),
        ("Title\n\nPutin’s “reset”.".encode("utf-16"), "utf-16", False),
        # ... also without a byte-order mark, either way round
        ("Title\n\nPutin’s “reset” in Genève.".encode("utf-16-le"), "utf-16", False),
        ("Title\n\nPutin’s “reset” in Genève.".encode("utf-16-be"), "utf-16", False),
        # Russian saved by Windows or an old Unix: not cp1252 gibberish ("Ïóòèí")
        ("Putin\n\nПутин и Трамп встретились в Хельсинки.".encode("cp1251"), "cp1251", True),
        (("Putin\n\nПутин и Трамп встретились в Хельсинки. " * 8).encode("koi8-r"), "koi8-r", True),
        # ... and Western European text stays cp1252, whatever a detector would say
        (
            ("Putin\n\nLes négociations ont échoué à Genève, dit-on. " * 8).encode("cp1252"),
            "cp1252",
            True,
        ),
    ],
)
def test_encodings(make_corpus, raw, encoding, warned):
    corpus = load_corpus(make_corpus({"a.txt": raw}))
    assert corpus.articles["encoding"][0] == encoding
    text = corpus.documents["text"][0]
    assert "Putin" in text and not text.startswith("\ufeff")
    if warned:
        assert corpus.warnings == (f"a.txt: not UTF-8, read as {encoding}",)
    else:
        assert corpus.warnings == ()


def test_words_broken_at_line_ends_are_whole_in_sentences_and_offsets_stay(make_corpus):
    # Text pasted from a PDF viewer, or converted from a PDF: words hyphenated at line ends.
    text = (
        "Russia and the West\r\n\r\nIn March the officials who had negotiated the reset in "
        "Wash-\r\nington called the Kremlin-\r\nbacked referendum illegal.\r\n"
    )
    corpus = load_corpus(make_corpus({"brief.txt": text.encode()}))
    row = corpus.sentences.row(0, named=True)
    assert row["text"] == (
        "In March the officials who had negotiated the reset in Washington called the "
        "Kremlin-backed referendum illegal."
    )
    assert "washington called the kremlin-backed" in row["norm"]
    original = corpus.documents["text"][0][row["start"] : row["end"]]
    assert original.startswith("In March") and "Wash-\r\nington" in original


def test_bom_offsets_are_after_bom_removal(make_corpus):
    corpus = load_corpus(make_corpus({"a.txt": b"\xef\xbb\xbfTitle\n\nOne sentence."}))
    start, end = corpus.sentences.select("start", "end").row(0)
    assert corpus.documents["text"][0][start:end] == "One sentence."


def test_binary_and_empty_files_are_skipped_with_a_warning(make_corpus):
    corpus = load_corpus(
        make_corpus(
            {
                "good.txt": "Title\n\nFine text.",
                "image.txt": bytes(range(256)) * 4,
                "empty.md": "  \n\n",
            }
        )
    )
    assert corpus.articles["article_id"].to_list() == ["good"]
    assert set(corpus.warnings) == {
        "image.txt: not a text file (skipped)",
        "empty.md: empty file (skipped)",
    }


def test_a_stray_nul_byte_or_nul_padding_is_left_out_and_said_wherever_it_is(make_corpus):
    body = "Title\n\n" + "The reset was announced in Geneva in March. " * 60
    raw = body.encode()
    corpus = load_corpus(
        make_corpus(
            {
                "early.txt": raw[:100] + b"\x00" + raw[100:],
                "late.txt": raw.replace(b"Title", b"Later") + b"\x00",
                "padded.txt": raw.replace(b"Title", b"Padded") + b"\x00" * 4096,  # cut off
                "zeros.txt": b"\x00" * 64,
            }
        )
    )
    texts = dict(corpus.documents.select("article_id", "text").iter_rows())
    assert texts == {
        "early": body,
        "late": body.replace("Title", "Later"),
        "padded": body.replace("Title", "Padded"),
    }
    assert set(corpus.warnings) == {
        "early.txt: 1 NUL byte left out",
        "late.txt: 1 NUL byte left out",
        "padded.txt: 4,096 NUL bytes left out",
        "zeros.txt: not a text file (skipped)",
    }


def test_a_file_of_boilerplate_alone_is_skipped_saying_so(make_corpus):
    # Nothing left to read or compare once cleaned: said, not listed as an empty article.
    corpus = load_corpus(
        make_corpus(
            {
                "good.txt": "Title\n\nFine text about the reset.",
                "boiler.txt": "Share this article\nAdvertisement\n",
            }
        )
    )
    assert corpus.articles["article_id"].to_list() == ["good"]
    assert corpus.warnings == ("boiler.txt: no article text once boilerplate is removed (skipped)",)


def test_a_text_of_one_line_is_its_own_title_and_its_body(make_corpus):
    # A headline or a short post (an archive row of one line): not skipped as empty.
    line = "Putin and Trump meet in Helsinki to discuss election interference and arms control."
    corpus = load_corpus(make_corpus({"one.txt": line + "\n"}))
    row = corpus.articles.row(0, named=True)
    assert (row["title"], row["sentences"], row["removed_spans"]) == (line, 1, 0)
    assert corpus.sentences["text"].to_list() == [line]
    assert corpus.warnings == ()


def test_a_dateline_past_blank_lines_of_crumbs_wins_over_a_caption_date(make_corpus):
    # A page saved as text: headline, standfirst, a photo caption with its own date, byline and
    # topic crumbs each between blank lines, then the dateline above the body.
    text = "\n\n".join(
        [
            "Can Putin, Trump reboot ties over Syria?",
            "The secretary of state came to Moscow with a message of reconciliation from the "
            "president that the Kremlin happily embraced, yet the old disagreements over Syria, "
            "Iran and Venezuela are all still there.",
            "Russian President Vladimir Putin meets the secretary of state at the residence in "
            "Sochi, Russia, May 14, 2019. Photo by Pool",
            "Maxim A. Suchkov",
            "Maxim A. Suchkov",
            "Topics covered",
            "Syria Conflict",
            "May 17, 2019",
            "MOSCOW - The secretary of state came to Sochi on Tuesday for talks with his Russian "
            "counterpart and with the president, who said ties could be restored in full.",
            "Both sides said the talks on Syria would go on at a lower level within weeks.",
        ]
    )
    row = load_corpus(make_corpus({"a.txt": text})).articles.row(0, named=True)
    assert (row["published"], row["date_source"]) == ("2019-05-17", "dateline")


_BODY = (
    "The committee heard two days of testimony on the sanctions bill before it voted, and the "
    "senators who had doubted it said the new wording answered most of their concerns."
)


@pytest.mark.parametrize(
    "dateline",
    [
        "13/06/2014 Tony Carter All, Books, Kit Reviews",  # the date, the author, the sections
        "Nissan November 20, 2019 13:42",  # a section label, the date and its time
        "By Justine Coleman - 11/18/19 11:04 PM EST",
    ],
)
def test_the_line_an_article_is_dated_by_is_no_sentence_of_it(make_corpus, dateline):
    # A page saved as text whose dateline no rule knows: it dates the article, and is taken out
    # of its text as a dateline (it was the first "sentence", and Compare paired two sites'
    # datelines first of all).
    text = f"Sanctions bill clears the committee\n\n{dateline}\n\n{_BODY}\n"
    corpus = load_corpus(make_corpus({"a.txt": text}))
    row = corpus.articles.row(0, named=True)
    assert row["date_source"] == "dateline" and row["published"] is not None
    assert corpus.sentences["text"].to_list() == [_BODY]
    removed = corpus.removed.filter(pl.col("rule") == "dateline-found")
    assert removed["text"].to_list() == [dateline]
    assert removed["family"].to_list() == ["Dateline"]


def test_a_sentence_that_dates_the_article_stays_in_it(make_corpus):
    # A short sentence stating the date is read as the dateline, but it is prose: it stays.
    sentence = "The vote was held on May 7, 2013."
    text = f"Sanctions bill clears the committee\n\n{sentence}\n\n{_BODY}\n"
    corpus = load_corpus(make_corpus({"a.txt": text}))
    assert corpus.articles["published"].to_list() == ["2013-05-07"]
    assert corpus.sentences["text"].to_list() == [sentence, _BODY]


# --- corpus-level errors ---------------------------------------------------------------------


def test_missing_corpus_dir(tmp_path):
    with pytest.raises(WorkbenchError, match=r"corpus directory .*nowhere does not exist"):
        load_corpus(tmp_path / "nowhere")


def test_corpus_dir_that_is_a_file(tmp_path):
    path = tmp_path / "file.txt"
    path.write_text("x")
    with pytest.raises(WorkbenchError, match="is not a directory"):
        load_corpus(path)


def test_empty_corpus_dir(tmp_path):
    with pytest.raises(WorkbenchError, match=r"no article files in .*"):
        load_corpus(tmp_path)


def test_corpus_of_only_unreadable_files(make_corpus):
    with pytest.raises(WorkbenchError, match="no readable article files") as raised:
        load_corpus(make_corpus({"a.txt": b"\x00\x00\x00"}))
    assert str(raised.value).endswith(": a.txt: not a text file")


def test_a_corpus_none_of_whose_files_is_read_says_why_for_the_first_few(make_corpus):
    files = {f"{n}.txt": b"" for n in range(5)}
    with pytest.raises(WorkbenchError) as raised:
        load_corpus(make_corpus(files))
    message = str(raised.value)
    assert "\n" not in message
    assert message.endswith(
        ": 0.txt: empty file; 1.txt: empty file; 2.txt: empty file; and 2 more skipped"
    )


def test_files_sharing_a_stem_are_named_by_their_paths(make_corpus):
    # A site saved page by page: every article is an index.html in a folder of its own; and
    # one article kept as text and as Markdown beside it.
    body = "Kerry met Lavrov in Moscow on Tuesday to talk about Syria and the talks ahead."
    corpus_dir = make_corpus(
        {
            "cnn/2013/05/07/kerry/index.txt": body,
            "cnn/2013/05/08/lavrov/index.txt": body.replace("Tuesday", "Wednesday"),
            "story.txt": "Putin spoke. " + body,
            "story.md": "Obama spoke. " + body,
            "alone.txt": "Lavrov spoke. " + body,
        }
    )
    corpus = load_corpus(corpus_dir)
    files = dict(zip(corpus.articles["article_id"], corpus.articles["file"], strict=True))
    assert files == {
        "kerry-index": "cnn/2013/05/07/kerry/index.txt",
        "lavrov-index": "cnn/2013/05/08/lavrov/index.txt",
        "story-txt": "story.txt",
        "story-md": "story.md",
        "alone": "alone.txt",  # a stem of its own keeps its id
    }
    # the folders date a page that states no date
    dates = dict(zip(corpus.articles["article_id"], corpus.articles["published"], strict=True))
    assert dates["kerry-index"] == "2013-05-07"
    assert dates["alone"] is None
    # the sentences are the articles' own
    first = corpus.sentences.filter(pl.col("article_id") == "story-md")["text"][0]
    assert first == "Obama spoke."


def test_a_stem_whose_id_an_entry_has_takes_another(make_corpus):
    corpus_dir = make_corpus(
        {"a.txt": "Putin spoke in Moscow today.", "b.txt": "Obama spoke in Washington today."},
        manifest='[[article]]\nid = "b"\nfile = "a.txt"\n',
    )
    corpus = load_corpus(corpus_dir)
    files = dict(zip(corpus.articles["article_id"], corpus.articles["file"], strict=True))
    assert files == {"b": "a.txt", "b-txt": "b.txt"}


def test_manifest_error_surfaces_from_load(make_corpus):
    corpus_dir = make_corpus({"a.txt": "A"}, manifest='[[article]]\nid = "a"\nfile = "gone.txt"\n')
    with pytest.raises(WorkbenchError, match=r"manifest\.toml:3: file \"gone.txt\" does not exist"):
        load_corpus(corpus_dir)


def test_markdown_front_matter_gives_metadata_and_is_not_prose(make_corpus):
    corpus = load_corpus(
        make_corpus(
            {
                "note.md": '---\ntitle: "Kerry in the Kremlin"\ndate: 2013-05-07\n'
                "author: Fred Weir\nsource: The Christian Science Monitor\nlayout: post\n---\n\n"
                "Kerry in the Kremlin\n\n"
                "Kerry met Putin for hours. Syria stayed a sticking point.\n"
            }
        )
    )
    row = corpus.articles.row(0, named=True)
    assert row["title"] == "Kerry in the Kremlin"
    assert row["published"] == "2013-05-07"
    assert row["author"] == "Fred Weir"
    assert row["outlet"] == "The Christian Science Monitor"
    assert corpus.sentences["text"].to_list() == [
        "Kerry met Putin for hours.",
        "Syria stayed a sticking point.",
    ]
    assert corpus.removed["rule"].to_list()[:2] == ["front-matter", "title-line"]


@pytest.mark.parametrize(
    ("header", "published", "author"),
    [
        # Hugo's TOML front matter, its date a TOML date-time
        (
            '+++\ntitle = "Kerry in the Kremlin"\ndate = 2013-05-07T10:00:00+04:00\n'
            'authors = ["Fred Weir", "Anna Smith"]\ndraft = false\n+++\n',
            "2013-05-07",
            "Fred Weir, Anna Smith",
        ),
        # YAML with a month for a date and a list of authors in brackets
        (
            "---\ntitle: Kerry in the Kremlin\ndate: 2013-05\n"
            "author: [Fred Weir, 'Anna Smith']\n---\n",
            "2013-05",
            "Fred Weir, Anna Smith",
        ),
    ],
)
def test_front_matter_in_toml_or_with_lists_and_months(make_corpus, header, published, author):
    prose = "Kerry met Putin for hours. Syria stayed a sticking point."
    corpus = load_corpus(make_corpus({"note.md": f"{header}\n{prose}\n"}))
    row = corpus.articles.row(0, named=True)
    assert (row["title"], row["published"], row["author"]) == (
        "Kerry in the Kremlin",
        published,
        author,
    )
    assert row["date_source"] == "front-matter"
    assert " ".join(corpus.sentences["text"].to_list()) == prose


def test_a_front_matter_date_that_is_none_is_left_out_and_said(make_corpus):
    note = "---\ntitle: Kerry in Moscow\ndate: 2013-99-99\n---\n\nKerry met Putin.\n"
    corpus = load_corpus(make_corpus({"x.md": note}))
    row = corpus.articles.row(0, named=True)
    assert (row["title"], row["published"]) == ("Kerry in Moscow", None)
    assert corpus.warnings == ('x.md: front matter date "2013-99-99" is not a date (left out)',)


def test_a_block_that_is_not_toml_is_no_front_matter(make_corpus):
    corpus = load_corpus(make_corpus({"x.md": "+++\nnot = toml = at all\n+++\n\nPutin spoke.\n"}))
    assert corpus.articles["date_source"][0] == "unknown"
    assert corpus.removed.filter(pl.col("rule") == "front-matter").is_empty()


def test_markdown_is_read_as_the_text_it_shows(make_corpus):
    corpus = load_corpus(
        make_corpus(
            {
                "helsinki.md": "# Putin and Trump meet in Helsinki\n\n"
                "![The two presidents](https://e.org/photo.jpg)\n\n"
                "The two leaders [met in Helsinki](https://e.org/helsinki) and spoke of "
                "**arms control** for two hours.\n"
                "Their aides were *not* in the room.\n\n"
                "* [Home](/)\n* [World](/world)\n\n"
                "Article continues after advertisement\n"
            }
        )
    )
    assert corpus.articles["title"][0] == "Putin and Trump meet in Helsinki"
    assert corpus.sentences["text"].to_list() == [
        "The two leaders met in Helsinki and spoke of arms control for two hours.",
        "Their aides were not in the room.",
    ]
    # offsets are into the text as read: each sentence is there where it says
    document = corpus.documents.row(0, named=True)["text"]
    for start, end, text in corpus.sentences.select("start", "end", "text").iter_rows():
        assert " ".join(document[start:end].split()) == text
    assert "https://" not in document


def test_a_reader_services_header_gives_metadata_and_its_markdown_is_read(make_corpus):
    page = (
        "Title: Kerry and Lavrov agree on Syria talks\n\n"
        "URL Source: https://example.org/2013/05/kerry-lavrov\n\n"
        "Published Time: 2013-05-07T18:30:00Z\n\n"
        "Markdown Content:\n"
        "Kerry and Lavrov agree on Syria talks\n=====\n\n"
        "Kerry and Lavrov said they would convene a conference on Syria.\n"
        "They differ over the fate of [Bashar al-Assad](https://example.org/assad).\n"
    )
    corpus = load_corpus(make_corpus({"kerry.txt": page}))
    row = corpus.articles.row(0, named=True)
    assert (row["title"], row["published"], row["url"], row["date_source"]) == (
        "Kerry and Lavrov agree on Syria talks",
        "2013-05-07",
        "https://example.org/2013/05/kerry-lavrov",
        "front-matter",
    )
    assert corpus.sentences["text"].to_list() == [
        "Kerry and Lavrov said they would convene a conference on Syria.",
        "They differ over the fate of Bashar al-Assad.",
    ]
    assert corpus.removed["rule"].to_list()[0] == "front-matter"


def test_a_text_file_is_not_read_as_markdown(make_corpus):
    # Only a Markdown file (or a reader's Markdown) is rendered: a text file's asterisks stay.
    corpus = load_corpus(make_corpus({"note.txt": "Putin said *no* to the reset talks.\n"}))
    assert corpus.sentences["text"].to_list() == ["Putin said *no* to the reset talks."]


def test_html_meta_tags_give_metadata(make_corpus):
    page = (
        '<html><head><meta property="og:title" content="Reset Redux">'
        '<meta property="article:published_time" content="2010-04-08T09:00:00Z">'
        '<meta name="author" content="Jane Doe"><meta property="og:site_name" content="Daily">'
        '<link rel="canonical" href="https://example.org/reset"></head>'
        "<body><h1>Reset Redux</h1><p>By Jane Doe</p><p>The treaty was signed in Prague.</p>"
        "</body></html>"
    )
    row = load_corpus(make_corpus({"p.htm": page})).articles.row(0, named=True)
    assert (row["title"], row["published"], row["author"], row["outlet"], row["url"]) == (
        "Reset Redux",
        "2010-04-08",
        "Jane Doe",
        "Daily",
        "https://example.org/reset",
    )
    assert row["sentences"] == 1


def test_a_caption_date_is_a_text_mention_not_a_dateline(make_corpus):
    corpus = load_corpus(
        make_corpus(
            {
                "x.txt": "Heading\n\nPresident Vladimir Putin speaks at the summit June 18, 2012 "
                "in Los Cabos, Mexico, where he met President Barack Obama.\n",
                "y.txt": "Heading\n\nThe treaty signed on April 8, 2010 expired on February 5, "
                "2026, and nobody talked about it on June 18, 2012 or later.\n",
            }
        )
    )
    rows = {row["article_id"]: row for row in corpus.articles.iter_rows(named=True)}
    assert (rows["x"]["published"], rows["x"]["date_source"]) == ("2012-06-18", "text-mention")
    assert "a date the text mentions" in rows["x"]["note"]
    # Several dates in the text and no dateline: which one is the article's is not guessed.
    assert (rows["y"]["published"], rows["y"]["date_source"]) == (None, "unknown")


def test_unreadable_files_are_skipped_with_a_warning(make_corpus):
    corpus_dir = make_corpus({"good.txt": "Title\n\nFine."})
    (corpus_dir / "dangling.txt").symlink_to(corpus_dir / "missing-target.txt")
    corpus = load_corpus(corpus_dir)
    assert corpus.articles["article_id"].to_list() == ["good"]
    assert corpus.warnings == ("dangling.txt: broken symbolic link (skipped)",)


def test_worker_processes_from_a_thread(make_corpus, monkeypatch):
    """The interface loads in a thread: workers are then started fresh (spawn), not forked."""
    import threading

    files = {
        f"{n:02d}.txt": f"Title {n}\n\nThe U.S. and Russia met. Talks went on.\n" for n in range(4)
    }
    corpus_dir = make_corpus(files)
    serial = load_corpus(corpus_dir)
    monkeypatch.setattr(ingest, "POOL_THRESHOLD", 2)
    monkeypatch.setattr(ingest.os, "cpu_count", lambda: 2)
    methods: list[str] = []
    real_context = ingest.get_context
    monkeypatch.setattr(
        ingest, "get_context", lambda method: methods.append(method) or real_context(method)
    )
    result: list = []
    thread = threading.Thread(target=lambda: result.append(load_corpus(corpus_dir)))
    thread.start()
    thread.join(timeout=120)
    assert methods == ["spawn"]
    assert result[0].sentences.equals(serial.sentences)


def test_a_headline_wrapped_over_two_lines_is_the_whole_title_and_leaves_the_body():
    import textwrap

    from workbench.corpus.boilerplate import load_rules

    head = (
        "Russia and the United States agree to resume talks on strategic stability after a "
        "year of silence"
    )
    body = [
        "GENEVA - Diplomats from Washington and Moscow said on Tuesday that they would meet "
        "again next month to discuss arms control, the first such talks since the New START "
        "treaty was extended for five years.",
        "The announcement followed a two-hour meeting between the two delegations, who "
        "described the atmosphere as businesslike and said both sides had raised their "
        "concerns about new weapons systems.",
        "Officials cautioned that no breakthrough was expected soon, but said the decision to "
        "keep talking was itself a signal that the relationship had not broken down entirely.",
    ]
    # A browser saving the page as text wraps every paragraph, the headline too, at one width.
    width = max(len(line) for paragraph in body for line in textwrap.wrap(paragraph, 80))
    head_lines = textwrap.wrap(head, width)
    assert len(head_lines) == 2
    text = "\n\n".join(
        ["Skip to content", "World News", "\n".join(head_lines), "By Jane Doe"]
        + [textwrap.fill(paragraph, 80) for paragraph in body]
    )
    doc = ingest_document(text.encode(), "story.txt", None, load_rules())
    assert doc.article["title"] == head
    # The body keeps its first line (its dateline removed as a lead, "GENEVA -").
    assert doc.sentence_texts[0].startswith("Diplomats from Washington and Moscow")
    assert not any("year of silence" in sentence for sentence in doc.sentence_texts)


def test_a_page_on_one_line_without_sentence_ends_gives_bounded_sentences(make_corpus):
    # A page's text saved on one line with no full stop: every sentence is at most
    # MAX_SENTENCE characters (themes match pairs of a phrase's words within a sentence, so
    # one sentence of 10,000 words took gigabytes), cut between words, offsets exact.
    run = "Russia said the sanctions over Ukraine were illegal and would be answered "
    corpus = load_corpus(make_corpus({"one-line.txt": "Headline\n\n" + run * 800}))
    sentences = corpus.sentences
    assert sentences.height > 50
    assert sentences["text"].str.len_chars().max() <= MAX_SENTENCE
    document = corpus.documents["text"][0]
    for start, end, text in sentences.select("start", "end", "text").iter_rows():
        assert document[start:end] == text
        assert document[start - 1].isspace() and (end == len(document) or document[end].isspace())


def test_russian_pages_and_texts_in_a_legacy_code_page_are_read_as_russian(make_corpus):
    prose = "Президенты обсудили Сирию, санкции и контроль над вооружениями."
    more = "Встреча продолжалась более двух часов."
    page = (
        "<html><head><title>Путин и Трамп</title></head><body><article>"
        f"<h1>Путин и Трамп встретились в Хельсинки</h1><p>{prose}</p><p>{more}</p>"
        "</article></body></html>"
    )
    corpus = load_corpus(
        make_corpus(
            {
                "page.html": page.encode("cp1251"),  # no charset declared
                "wire.txt": f"Хельсинки\n\n{prose}\n".encode("koi8-r"),
            }
        )
    )
    assert dict(corpus.articles.select("article_id", "encoding").iter_rows()) == {
        "page": "cp1251",
        "wire": "koi8-r",
    }
    texts = corpus.sentences["text"].to_list()
    assert texts.count(prose) == 2 and more in texts
    assert "Путин и Трамп встретились в Хельсинки" in corpus.articles["title"].to_list()


def test_utf8_with_a_stray_byte_stays_utf8(make_corpus):
    # One byte of another encoding in UTF-8 text (a line pasted from a cp1252 file, a cut-off
    # download): read as cp1252 every curly quote and dash would be garbled ("itâ€™s").
    prose = "He said it’s “time” — for Russia’s reset, and the talks went on."
    raw = f"Title\n\n{prose}\n\n{prose}\n".encode() + b"Caf\xe9 talk.\n" + prose.encode()
    corpus = load_corpus(make_corpus({"a.txt": raw}))
    assert corpus.articles["encoding"][0] == "utf-8"
    assert corpus.warnings == ("a.txt: UTF-8 but for 1 byte, read as \ufffd",)
    texts = corpus.sentences["text"].to_list()
    assert texts.count(prose) == 3 and "Caf\ufffd talk." in texts
    corpus = load_corpus(make_corpus({"a.txt": b"\xef\xbb\xbf" + raw}))  # with a byte-order mark
    assert corpus.articles["encoding"][0] == "utf-8-sig"
    assert not corpus.documents["text"][0].startswith("\ufeff")
    # a short English text: a few curly quotes outweigh the one stray byte all the same
    short = "Kerry’s visit to Moscow\n\nKerry’s talks \x96 and Lavrov’s \u201creset\u201d.\n"
    corpus = load_corpus(make_corpus({"a.txt": short.encode().replace(b"\xc2\x96", b"\x96")}))
    assert corpus.articles["encoding"][0] == "utf-8"
    assert corpus.documents["text"][0].startswith("Kerry’s visit to Moscow")


def test_text_converted_from_pdf_loses_its_page_footers_at_the_page_breaks(make_corpus):
    page = "The New START treaty, signed in Prague in April 2010, remained the most durable\n"
    text = (
        "Russia and the West: A Decade of Drift\n\n"
        "The reset of 2009 promised a new era of cooperation between Washington and Moscow,\n"
        "but within three years the talks on missile defense had stalled.\n\n"
        "Policy Brief No. 12                                   Page 1\n"
        f"\f{page}achievement of the period.\n\n"
        "Policy Brief No. 12                                   Page 2\n"
    )
    corpus = load_corpus(make_corpus({"brief.txt": text}))
    assert corpus.sentences["text"].to_list() == [
        "The reset of 2009 promised a new era of cooperation between Washington and Moscow, "
        "but within three years the talks on missile defense had stalled.",
        page.strip() + " achievement of the period.",
    ]
    assert corpus.removed.filter(pl.col("rule") == "page-number").height == 2


def test_a_news_archives_export_of_many_articles_is_said_to_be_one(make_corpus):
    story = (
        "The New York Times\n\nMay 7, 2013 Tuesday\n\nKerry and Lavrov agree on Syria talks\n\n"
        "Kerry and Lavrov said they would convene a conference on Syria.\n\nEnd of Document\n\n"
    )
    # LexisNexis writes Windows line ends, opening each article with its number
    opened = "".join(
        f"                 {n} of 3 DOCUMENTS\r\n\r\n" + story.replace("End of Document\n\n", "")
        for n in (1, 2, 3)
    ).replace("\n", "\r\n")
    corpus = load_corpus(
        make_corpus({"nexis.txt": story * 3, "note.txt": story, "lexis.txt": opened.encode()})
    )
    warned = [w for w in corpus.warnings if "news archive's export" in w]
    assert warned == [
        f"{name}: holds 3 articles of a news archive's export, read as one article "
        "(`workbench split` cuts it into one file per article)"
        for name in ("lexis.txt", "nexis.txt")
    ]
    assert corpus.articles.height == 3  # still read, as one article each
