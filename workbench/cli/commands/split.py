"""Subcommand: ``split`` (news archives' exports cut into a corpus folder)."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.cli.parser import command
from workbench.errors import WorkbenchError
from workbench.store.parquet import current_umask
from workbench.wording import counted

if TYPE_CHECKING:
    from workbench.corpus.news_export import ExportedArticle

_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9]+")
_HEADER = "# Written by `workbench split` from news archives' exports; correct it by hand.\n\n"


@command("split")
def split_command(args: argparse.Namespace) -> int:
    """Write a new corpus folder of the exports' articles, one file each, and its manifest."""
    out: Path = args.out
    if out.exists():
        raise WorkbenchError(f"{out} exists: name a new folder for the corpus")
    if not out.parent.is_dir():
        raise WorkbenchError(f"{out.parent} is not a folder")
    files: dict[str, str] = {}  # file name in the corpus → its text
    entries: list[str] = []
    written: set[str] = set()  # the words of each article written
    repeated = 0
    for export, named in _exports_of(args.exports):
        articles = _export_articles(export)
        if not articles and not named:  # a file of a folder given: the folder may hold others
            print(f"{export}: no news archive's export (skipped)", file=sys.stderr)
            continue
        if not articles:
            raise WorkbenchError(
                f"{export}: no news archive's export (no '1 of N DOCUMENTS', 'End of "
                "Document' or Factiva's 'Document …' marks on lines of their own, nor "
                "Factiva's HTML articles, nor ProQuest's 'ProQuest document ID:' fields)"
            )
        stem = _NOT_IN_NAME.sub("-", export.stem).strip("-").lower() or "export"
        for number, article in enumerate(articles, start=1):
            # Searches overlap: an article downloaded twice (the same words) is written once.
            key = " ".join(article.text.split()).casefold()
            if key in written:
                repeated += 1
                continue
            written.add(key)
            article_id = _unique(f"{stem}-{number:03d}", files)
            name = f"articles/{article_id}.txt"
            files[name] = article.text
            entries.append(_entry(article_id, name, article, export.name, number, len(articles)))
        print(f"{export}: {counted(len(articles), 'article')}", file=sys.stderr)
    if not files:
        raise WorkbenchError("no news archive's export among the files given: nothing written")
    if repeated:
        print(
            f"{repeated} article{'s' if repeated > 1 else ''} found again in the exports, "
            "written once",
            file=sys.stderr,
        )
    _write_folder(out, files, "\n".join(entries))
    print(
        f"wrote {out} ({counted(len(files), 'article')}); open it with: workbench {out}",
        file=sys.stderr,
    )
    return 0


_EXPORT_SUFFIXES = (".txt", ".rtf", ".docx", ".pdf", ".html", ".htm")


def _exports_of(paths: list[Path]) -> list[tuple[Path, bool]]:
    """The export files to read, each with whether it was named (not found in a folder given):
    a folder stands for the export files directly in it, in name order."""
    found: list[tuple[Path, bool]] = []
    for path in paths:
        if not path.is_dir():
            found.append((path, True))
            continue
        inside = sorted(
            child
            for child in path.iterdir()
            if child.suffix.lower() in _EXPORT_SUFFIXES
            and not child.name.startswith(".")
            and child.is_file()
        )
        if not inside:
            kinds = ", ".join(_EXPORT_SUFFIXES)
            raise WorkbenchError(f"{path}: no export files in the folder ({kinds})")
        found.extend((child, False) for child in inside)
    return found


def _export_articles(path: Path) -> list[ExportedArticle]:
    """The articles of one export file (Factiva's HTML, or a text, Word, RTF or PDF export,
    ProQuest's text among them)."""
    from workbench.corpus.listing import HTML_SUFFIXES
    from workbench.corpus.news_export import split_export, split_factiva_html

    text = _export_text(path)
    if path.suffix.lower() in HTML_SUFFIXES:
        return split_factiva_html(text)
    return split_export(text)


def _export_text(path: Path) -> str:
    """The text of an export file (text, Word or PDF); WorkbenchError if unreadable."""
    from workbench.corpus.document import document_text
    from workbench.corpus.office_document import UnreadableDocument
    from workbench.corpus.textio import NotTextError, decode_text

    try:
        raw = path.read_bytes()
    except OSError as error:
        raise WorkbenchError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        document = document_text(raw, path.suffix.lower())
        return decode_text(raw).text if document is None else document.text
    except UnreadableDocument as error:
        raise WorkbenchError(f"{path}: {error}") from None
    except NotTextError:
        raise WorkbenchError(f"{path}: not a text, Word, RTF or PDF file") from None


def _unique(name: str, taken: dict[str, str]) -> str:
    """``name``, or it with a number after it if a file of that name is taken."""
    candidate, count = name, 1
    while f"articles/{candidate}.txt" in taken:
        count += 1
        candidate = f"{name}-{count}"
    return candidate


def _entry(article_id: str, name: str, article, export: str, number: int, count: int) -> str:
    """The manifest's ``[[article]]`` table of one article."""
    from workbench.corpus.manifest_text import toml_string

    lines = ["[[article]]", f"id = {toml_string(article_id)}", f"file = {toml_string(name)}"]
    for key, value in (
        ("title", article.title),
        ("outlet", article.outlet),
        ("author", article.author),
        ("published", article.published),
    ):
        if value:
            lines.append(f"{key} = {toml_string(value)}")
    lines.append(f"note = {toml_string(f'article {number} of {count} in {export}')}")
    return "\n".join(lines) + "\n"


def _write_folder(out: Path, files: dict[str, str], manifest: str) -> None:
    """The folder written beside ``out`` under a temporary name, then renamed to it: it
    appears whole or not at all."""
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as error:
        raise WorkbenchError(f"cannot write {out}: {error.strerror or error}") from None
    try:
        (temporary / "articles").mkdir()
        for name, text in files.items():
            (temporary / name).write_text(text, encoding="utf-8")
        (temporary / "manifest.toml").write_text(_HEADER + manifest, encoding="utf-8")
        os.chmod(temporary, 0o777 & ~current_umask())  # mkdtemp's 0700 would hide it
        os.rename(temporary, out)
    except OSError as error:
        raise WorkbenchError(f"cannot write {out}: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(temporary)
