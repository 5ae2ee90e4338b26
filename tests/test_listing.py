"""Listing a corpus and reading its files: only regular files inside it, bounded, each skip said."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from workbench.corpus.ingest import load_corpus, plan_corpus
from workbench.corpus.listing import (
    FileSkipped,
    ReadPolicy,
    display_name,
    list_article_files,
    read_file_bytes,
    unpacked,
)

ARTICLE = "A headline\n\nSome prose about the reset between Washington and Moscow in 2013.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text(ARTICLE)
    (root / "sub" / "deeper.md").write_text(ARTICLE)
    return root


def names(root: Path, policy: ReadPolicy | None = None) -> list[str]:
    return [f.name for f in list_article_files(root, policy).files]


def skipped(root: Path, policy: ReadPolicy | None = None) -> list[str]:
    return list(list_article_files(root, policy).skipped)


def test_regular_article_files_are_listed_in_name_order(corpus):
    (corpus / "README.md").write_text("about")
    (corpus / ".hidden.txt").write_text(ARTICLE)
    (corpus / "image.png").write_bytes(b"\x89PNG")
    # the owner file Word keeps beside a document it has open: no document, said nowhere
    (corpus / "~$good.docx").write_bytes(b"\x05Jane Doe\x00\x00")
    # an editor's backup and autosave of an article: the article is already there
    (corpus / "good.txt~").write_text(ARTICLE)
    (corpus / "#good.txt#").write_text(ARTICLE)
    assert names(corpus) == ["good.txt", "sub/deeper.md"]
    assert skipped(corpus) == []


def test_documents_of_kinds_not_read_are_counted_in_one_line(corpus):
    (corpus / "report.epub").write_bytes(b"PK")
    (corpus / "sub" / "report.pages").write_bytes(b"PK")  # Apple's Pages: not read
    (corpus / "sub" / "clip.doc").write_bytes(b"\xd0\xcf")  # Word 97-2003: read
    (corpus / "sub" / "memo.epub").write_bytes(b"PK")
    (corpus / "memo.odt").write_bytes(b"PK")  # OpenDocument text and Safari's pages are read
    (corpus / "page.webarchive").write_bytes(b"bplist00")
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8")  # beside saved pages: not worth a word
    (corpus / "page.shtml").write_text("<html><body><p>x</p></body></html>")
    (corpus / "saved.mhtml").write_text("MIME-Version: 1.0\n")  # a page saved as one file
    (corpus / "brief.pdf").write_bytes(b"%PDF-1.4")  # Word documents and PDFs are articles
    (corpus / "sub" / "clip.docx").write_bytes(b"PK")
    (corpus / "sub" / "clip.rtf").write_bytes(b"{\\rtf1 x}")
    (corpus / "sub" / "playbook.eml").write_bytes(b"Subject: Playbook\n\nText.\n")  # e-mail
    assert names(corpus) == [
        "brief.pdf",
        "good.txt",
        "memo.odt",
        "page.shtml",
        "page.webarchive",
        "saved.mhtml",
        "sub/clip.doc",
        "sub/clip.docx",
        "sub/clip.rtf",
        "sub/deeper.md",
        "sub/playbook.eml",
    ]
    assert skipped(corpus) == [
        "3 documents of other kinds not read (.epub 2, .pages 1); articles are .txt, .md, "
        ".markdown, .html, .htm, .xhtml, .shtml, .mht, .mhtml, .docx, .doc, .odt, .rtf, .pdf, "
        ".eml, .msg, .webarchive, .xml, .nitf, .json, .story"
    ]


def test_a_link_out_of_the_corpus_is_skipped_unless_followed(corpus, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (corpus / "passwd.txt").symlink_to(outside)
    (corpus / "linked-dir").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.txt").write_text(ARTICLE)
    assert names(corpus) == ["good.txt", "sub/deeper.md"]
    assert skipped(corpus) == [
        "linked-dir: symbolic link leading outside the corpus (--follow-symlinks reads it) "
        "(skipped)",
        "passwd.txt: symbolic link leading outside the corpus (--follow-symlinks reads it) "
        "(skipped)",
    ]
    followed = ReadPolicy(follow_symlinks=True)
    assert names(corpus, followed) == [
        "good.txt",
        "linked-dir/x.txt",
        "passwd.txt",
        "sub/deeper.md",
    ]


def test_a_link_inside_the_corpus_is_read_and_a_linked_folder_listed_once(corpus):
    (corpus / "alias.txt").symlink_to(corpus / "good.txt")
    (corpus / "again").symlink_to(corpus / "sub", target_is_directory=True)
    assert names(corpus) == ["alias.txt", "good.txt", "sub/deeper.md"]


def test_broken_links_loops_fifos_and_devices_are_skipped_with_a_reason(corpus):
    (corpus / "dangling.txt").symlink_to(corpus / "missing.txt")
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    (corpus / "loopdir").symlink_to(corpus, target_is_directory=True)
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    listing = list_article_files(corpus)
    assert [f.name for f in listing.files] == ["good.txt", "sub/deeper.md"]
    assert listing.skipped == (
        "dangling.txt: broken symbolic link (skipped)",
        "loop.txt: symbolic link loop (skipped)",
        "pipe.txt: not a regular file (a FIFO, socket or device) (skipped)",
        "zero.txt: symbolic link leading outside the corpus (--follow-symlinks reads it) (skipped)",
    )
    followed = list_article_files(corpus, ReadPolicy(follow_symlinks=True))
    assert "zero.txt: not a regular file (a FIFO, socket or device) (skipped)" in followed.skipped


def test_a_file_over_the_limit_is_skipped(corpus):
    (corpus / "big.txt").write_text("x" * 5000)
    listing = list_article_files(corpus, ReadPolicy(max_file_bytes=4096))
    assert "big.txt" not in [f.name for f in listing.files]
    assert listing.skipped == ("big.txt: 5,000 bytes, over the 4,096 bytes limit (skipped)",)


def test_gzipped_articles_are_read_as_the_files_inside(corpus):
    page = (
        "<html><head><title>Lavrov and Kerry meet in Geneva</title></head><body><article>"
        "<p>Lavrov and Kerry met in Geneva on Tuesday to talk about the ceasefire in Syria "
        "and the chemical weapons that Damascus has agreed to hand over.</p></article>"
        "</body></html>"
    )
    (corpus / "page.html.gz").write_bytes(gzip.compress(page.encode()))
    (corpus / "note.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (corpus / "archive.gz").write_bytes(gzip.compress(b"x"))  # no article inside the name
    assert names(corpus) == ["good.txt", "note.txt.gz", "page.html.gz", "sub/deeper.md"]
    loaded = load_corpus(corpus)
    rows = {row["file"]: row for row in loaded.articles.iter_rows(named=True)}
    assert rows["page.html.gz"]["article_id"] == "page"
    assert rows["page.html.gz"]["title"] == "Lavrov and Kerry meet in Geneva"  # read as a page
    assert rows["note.txt.gz"]["article_id"] == "note"
    assert rows["note.txt.gz"]["title"] == "A headline"
    assert not [w for w in loaded.warnings if "skipped" in w]


def test_a_gzipped_file_that_is_broken_or_too_large_inside_is_skipped(corpus):
    (corpus / "bad.txt.gz").write_bytes(b"not gzip at all")
    (corpus / "cut.txt.gz").write_bytes(gzip.compress(ARTICLE.encode() * 40)[:-30])
    (corpus / "bomb.txt.gz").write_bytes(gzip.compress(b"reset " * 2000))
    loaded = load_corpus(corpus, policy=ReadPolicy(max_file_bytes=4096))
    assert set(loaded.articles["file"].to_list()) == {"good.txt", "sub/deeper.md"}
    said = sorted(loaded.warnings)
    assert said[0] == (
        "bad.txt.gz: not a readable gzip file (Error -3 while decompressing data: incorrect "
        "header check) (skipped)"
    )
    assert said[1] == "bomb.txt.gz: over the 4,096 bytes limit once decompressed (skipped)"
    assert said[2] == "cut.txt.gz: not a readable gzip file (it ends too soon) (skipped)"


def test_a_gzipped_file_of_several_members_is_read_whole():
    raw = gzip.compress(b"first part, ") + gzip.compress(b"second part")
    assert unpacked(raw, "two.txt.gz") == b"first part, second part"
    assert unpacked(raw, "two.txt") == raw  # not gzipped by its name: as it is
    assert unpacked(raw + b"\x00" * 8, "two.txt.gz") == b"first part, second part"  # padded
    with pytest.raises(FileSkipped, match="over the 12 bytes limit once decompressed"):
        unpacked(raw, "two.txt.gz", max_bytes=12)


def test_a_folder_that_cannot_be_listed_is_said(corpus, monkeypatch):
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    listing = list_article_files(corpus)
    assert [f.name for f in listing.files] == ["good.txt"]
    assert listing.skipped == ("sub/: cannot list: Permission denied",)


def test_a_path_longer_than_the_system_allows_is_said(corpus):
    fd = os.open(corpus, os.O_RDONLY)
    try:
        for _ in range(30):
            name = "d" * 200
            os.mkdir(name, dir_fd=fd)
            child = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
        note = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(note, ARTICLE.encode())
        os.close(note)
    finally:
        os.close(fd)
    listing = list_article_files(corpus)
    assert [f.name for f in listing.files] == ["good.txt", "sub/deeper.md"]
    assert len(listing.skipped) == 1
    assert "cannot list: File name too long" in listing.skipped[0]


def test_names_that_are_not_utf8_are_read_and_shown_escaped(corpus):
    raw = os.fsencode(corpus) + b"/caf\xe9.txt"
    with open(raw, "wb") as stream:
        stream.write(ARTICLE.encode())
    listing = list_article_files(corpus)
    shown = [f.name for f in listing.files]
    assert "caf\\xe9.txt" in shown
    loaded = load_corpus(corpus)
    row = loaded.articles.filter(loaded.articles["file"] == "caf\\xe9.txt").row(0, named=True)
    assert row["article_id"] == "caf_xe9"
    assert row["title"] == "A headline"
    assert display_name("plain.txt") == "plain.txt"


def test_reading_is_bounded_and_refuses_what_is_not_a_regular_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert read_file_bytes(str(path), 100) == b"x" * 100
    with pytest.raises(FileSkipped, match="over the 99 bytes limit"):
        read_file_bytes(str(path), 99)
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(FileSkipped, match="not a regular file"):
        read_file_bytes(str(tmp_path / "pipe.txt"))
    with pytest.raises(FileSkipped, match="not a regular file"):
        read_file_bytes("/dev/zero")
    with pytest.raises(FileSkipped, match="cannot read: No such file"):
        read_file_bytes(str(tmp_path / "missing.txt"))


def test_a_manifest_entry_leading_out_of_the_corpus_is_skipped(corpus, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(ARTICLE)
    (corpus / "out.txt").symlink_to(outside)
    (corpus / "manifest.toml").write_text(
        '[[article]]\nid = "x"\nfile = "out.txt"\n\n[[article]]\nid = "g"\nfile = "good.txt"\n'
    )
    plan = plan_corpus(corpus)
    assert [s.name for s in plan.sources] == ["good.txt", "sub/deeper.md"]
    assert any(w.startswith("out.txt: symbolic link leading outside") for w in plan.warnings)


def test_the_folder_of_a_page_saved_complete_is_not_read(corpus):
    # "Web Page, complete": story.html and story_files/ (its images, scripts and frames, some of
    # them HTML: ads, comment widgets). A folder so named without its page is read.
    (corpus / "story.html").write_text(f"<html><body><p>{ARTICLE}</p></body></html>")
    for folder in ("story_files", "Story-Dateien", "other_files"):
        (corpus / folder).mkdir()
        (corpus / folder / "ad.html").write_text("<html><body><p>Buy now.</p></body></html>")
    assert names(corpus) == ["good.txt", "other_files/ad.html", "story.html", "sub/deeper.md"]
    assert skipped(corpus) == []
