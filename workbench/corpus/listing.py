"""Which files of a corpus are articles, and reading them safely: the one home of both.

Only regular files inside the corpus are read. A symbolic link that leads out of the corpus is
skipped unless the user opts in (``follow_symlinks``); a broken link, a link loop, a FIFO, a
socket, a device, a file over the size limit, a folder that cannot be listed and a path the
system refuses are skipped too, each with one warning line naming it. The same listing serves
every command, so ``info``, ``export`` and ``index`` skip the same files with the same words.

File names that are not valid UTF-8 are kept as the operating system gives them for reading and
shown with the odd bytes escaped (``caf\\xe9.txt``).
"""

from __future__ import annotations

import os
import re
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path

# Pages a site's scripts served, saved under the script's name ("story.php", "view.aspx").
SERVED_PAGE_SUFFIXES = (".php", ".asp", ".aspx", ".jsp", ".cfm")
ARTICLE_SUFFIXES = (
    ".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".shtml", ".mht", ".mhtml",
    ".docx", ".doc", ".odt", ".rtf", ".pdf", ".eml", ".msg", ".webarchive", ".xml", ".nitf",
    ".json", ".story",
    *SERVED_PAGE_SUFFIXES,
)  # fmt: skip
# ".story": a news story as research collections keep it (CNN and Daily Mail's), plain text
# with its highlights below it, each under a line "@highlight".
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", *SERVED_PAGE_SUFFIXES)
# A web page saved as a single file: its page and resources as the parts of a MIME message
# (MHTML), or in a property list (Safari's web archive).
SAVED_PAGE_SUFFIXES = (".mht", ".mhtml", ".webarchive")
# An article file saved compressed ("page.html.gz", as crawls and benchmarks keep pages): read
# as the file inside.
GZIP_SUFFIX = ".gz"
_GZIP_MAGIC = b"\x1f\x8b"
# Files that sit in a corpus folder without being articles.
NOT_ARTICLES = (
    "readme", "license", "licence", "changelog", "notes", "contributing", "copying", "authors",
    "makefile", "dockerfile", "icon\r",
)  # fmt: skip
# ("Icon\r": the empty file macOS keeps in a folder that has an icon of its own.)
# A suffix that names a kind of file: a dot, a letter, then letters or digits ("Putin. What
# next", "report.2013" and "story.php?id=12" have none).
_KIND_SUFFIX = re.compile(r"\.[a-z][a-z0-9]{0,11}")
# Word keeps a small file beside a document it has open: "~$article.docx" (no document at all).
OWNER_FILE_PREFIX = "~$"
DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024
# A browser saving "Web Page, complete" puts the page's images, scripts and frames (ads,
# comment widgets: HTML files that are no articles) in a folder named after the page, the
# ending in the browser's language: "story_files/" beside "story.html".
SAVED_PAGE_FOLDERS = (
    "_files",
    "-dateien",
    "_fichiers",
    "_archivos",
    "_arquivos",
    "_file",
    "_bestanden",
    "_pliki",
    "_soubory",
    "-filer",
    ".fld",
)


@dataclass(frozen=True)
class ReadPolicy:
    """What ingest may read: links out of the corpus or not, and the largest file."""

    follow_symlinks: bool = False
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES

    def key(self) -> str:
        """A stable text of the policy, for cache keys."""
        return f"follow={self.follow_symlinks},max={self.max_file_bytes}"


@dataclass(frozen=True)
class ListedFile:
    """An article file: its printable name relative to the corpus, the path to open, its stat."""

    name: str  # forward slashes; bytes that are not UTF-8 shown as \xNN
    path: str  # what to open (may hold surrogate escapes)
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Listing:
    """The article files of a corpus in name order, a warning for each file skipped and one
    counting the documents of other kinds (PDF, Word, …) that are not read."""

    files: tuple[ListedFile, ...]
    skipped: tuple[str, ...]


class FileSkipped(Exception):
    """A file that cannot be read as an article; the message says why, in a few words."""


def display_name(name: str) -> str:
    """``name`` with bytes that are not UTF-8 shown as ``\\xNN`` (always valid UTF-8)."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def is_article_name(name: str) -> bool:
    """True for a file name that is an article: a known suffix (also gzipped) or none at all
    (what it holds is then told from its bytes), not hidden, not a README, not the owner file
    Word keeps beside a document it has open (``~$``), not an editor's backup (``page.txt~``)
    or autosave (``#page.txt#``)."""
    if name.startswith((".", OWNER_FILE_PREFIX)):
        return False
    if name.endswith("~") or (len(name) > 1 and name.startswith("#") and name.endswith("#")):
        return False
    stem, suffix = os.path.splitext(article_name(name))
    suffix = _kind(suffix)
    if stem.lower() in NOT_ARTICLES:
        return False
    # Without a suffix, the bytes tell; a gzipped file's must name what it holds ("x.tar.gz").
    return suffix in ARTICLE_SUFFIXES or (suffix == "" and not name.lower().endswith(GZIP_SUFFIX))


def article_name(name: str) -> str:
    """The name of the file an article file holds: ``page.html`` for ``page.html.gz``; a page
    saved under its address's script and query (``story.php?id=12``, as ``wget`` names it)
    as ``story_id=12.php``."""
    if name.lower().endswith(GZIP_SUFFIX):
        name = name[: -len(GZIP_SUFFIX)]
    folder, slash, base = name.rpartition("/")
    page, mark, query = base.partition("?")
    if mark and "?" in os.path.splitext(base)[1]:
        stem, suffix = os.path.splitext(page)
        base = f"{stem}_{query}{suffix}"
    return folder + slash + base


def kind_suffix(name: str) -> str:
    """The suffix that says what a file holds, in lower case (``.html`` for ``page.html.gz``,
    ``.php`` for ``story.php?id=12``); empty for a name without one ("kerry-in-moscow",
    "Putin. What next", "report.2013"): the file's bytes tell."""
    return _kind(os.path.splitext(article_name(name))[1])


def _kind(suffix: str) -> str:
    """A suffix in lower case when it names a kind of file, else empty."""
    suffix = suffix.lower()
    return suffix if _KIND_SUFFIX.fullmatch(suffix) else ""


def unpacked(raw: bytes, name: str, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> bytes:
    """The article a file's bytes hold: a gzipped file's contents (named ``.gz``, or without a
    suffix and gzip's bytes first), at most ``max_bytes`` of them (FileSkipped beyond, or when
    it is not gzip), other files' bytes as they are."""
    gzipped = name.lower().endswith(GZIP_SUFFIX) or (
        raw.startswith(_GZIP_MAGIC) and kind_suffix(name) == ""
    )
    if not gzipped:
        return raw
    pieces: list[bytes] = []
    size = 0
    rest = raw
    while rest and size <= max_bytes:  # a gzip file may hold several members, one after another
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            piece = inflater.decompress(rest, max_bytes + 1 - size)
        except zlib.error as error:
            raise FileSkipped(f"not a readable gzip file ({error})") from None
        if not inflater.eof and not inflater.unconsumed_tail and len(piece) <= max_bytes - size:
            raise FileSkipped("not a readable gzip file (it ends too soon)")
        pieces.append(piece)
        size += len(piece)
        rest = inflater.unused_data.lstrip(b"\x00")  # zeros padding the last member
    if size > max_bytes:
        raise FileSkipped(f"over the {_megabytes(max_bytes)} limit once decompressed")
    return b"".join(pieces)


# Documents a user may expect to be read as articles and that are not: said once, counted by
# kind (images, style sheets and scripts saved beside pages, settings and sidecars are not).
_DOCUMENT_SUFFIXES = (
    ".epub", ".pages",
)  # fmt: skip


def _other_kinds_note(suffixes: dict[str, int]) -> str | None:
    """One line counting the files of kinds that are not read, by suffix; None if none."""
    if not suffixes:
        return None
    total = sum(suffixes.values())
    ranked = sorted(suffixes.items(), key=lambda item: (-item[1], item[0]))
    shown = ", ".join(f"{suffix} {count}" for suffix, count in ranked[:6])
    more = ", …" if len(ranked) > 6 else ""
    return (
        f"{total} document{'s' if total != 1 else ''} of other kinds not read ({shown}{more}); "
        f"articles are {', '.join(s for s in ARTICLE_SUFFIXES if s not in SERVED_PAGE_SUFFIXES)}"
    )


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size:,} bytes"


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _resolve_link(path: str, root: str, policy: ReadPolicy) -> str:
    """Where a symbolic link leads; FileSkipped when broken, looping or leaving the corpus."""
    try:
        target = str(Path(path).resolve(strict=True))
    except FileNotFoundError:
        raise FileSkipped("broken symbolic link") from None
    except RuntimeError:
        raise FileSkipped("symbolic link loop") from None
    except OSError as error:
        if error.errno == 40:  # ELOOP
            raise FileSkipped("symbolic link loop") from None
        raise FileSkipped(f"cannot follow symbolic link: {_reason(error)}") from None
    if not policy.follow_symlinks and not _inside(target, root):
        raise FileSkipped("symbolic link leading outside the corpus (--follow-symlinks reads it)")
    return target


def check_file(
    path: str, root: str, policy: ReadPolicy, entry: os.DirEntry | None = None
) -> os.stat_result:
    """The stat of an article file that may be read; FileSkipped saying why it may not.

    ``entry`` (the file's directory entry, when listing) answers from what the listing already
    read: one system call per file instead of two, which counts at 100,000 files.
    """
    try:
        if entry.is_symlink() if entry is not None else os.path.islink(path):
            _resolve_link(path, root, policy)
        info = entry.stat() if entry is not None else os.stat(path)
    except FileSkipped:
        raise
    except OSError as error:
        raise FileSkipped(f"cannot read: {_reason(error)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileSkipped("a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise FileSkipped("not a regular file (a FIFO, socket or device)")
    if info.st_size > policy.max_file_bytes:
        raise FileSkipped(
            f"{_megabytes(info.st_size)}, over the {_megabytes(policy.max_file_bytes)} limit"
        )
    return info


def list_article_files(directory: Path, policy: ReadPolicy | None = None) -> Listing:
    """Every article file under ``directory`` that may be read, and why others were skipped.

    Hidden files and folders are not looked into. A linked folder that stays inside the corpus
    is not followed (its files are listed where they are); one leading out is followed only when
    the policy allows, each real folder once, so link loops end.
    """
    policy = policy or ReadPolicy()
    root = str(Path(directory).resolve())
    files: list[ListedFile] = []
    skipped: list[str] = []
    other_kinds: dict[str, int] = {}  # suffix → files of a kind that is not read
    seen_folders: set[tuple[int, int]] = set()
    pending = [(os.fspath(directory), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen_folders:
                continue
            seen_folders.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            skipped.append(f"{display_name(prefix or './')}: cannot list: {_reason(error)}")
            continue
        pages = _page_stems(entries)
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            relative = prefix + name
            shown = display_name(relative)
            try:
                try:
                    is_folder = entry.is_dir(follow_symlinks=True)
                except OSError:
                    is_folder = False  # a link loop: checked as a file below, and said
                if is_folder:
                    if _is_saved_page_folder(name, pages):
                        continue
                    if entry.is_symlink():
                        target = _resolve_link(entry.path, root, policy)
                        if _inside(target, root):
                            continue
                    pending.append((entry.path, relative + "/"))
                    continue
                if not is_article_name(name):
                    suffix = os.path.splitext(name)[1].lower()
                    if suffix in _DOCUMENT_SUFFIXES and not name.startswith(
                        (".", OWNER_FILE_PREFIX)
                    ):
                        other_kinds[suffix] = other_kinds.get(suffix, 0) + 1
                    continue
                info = check_file(entry.path, root, policy, entry)
            except FileSkipped as reason:
                skipped.append(f"{shown}: {reason} (skipped)")
                continue
            except OSError as error:
                skipped.append(f"{shown}: cannot read: {_reason(error)} (skipped)")
                continue
            files.append(ListedFile(shown, entry.path, info.st_size, info.st_mtime_ns))
    files.sort(key=lambda f: f.name)
    note = _other_kinds_note(other_kinds)
    return Listing(tuple(files), tuple(sorted(skipped)) + ((note,) if note else ()))


def _page_stems(entries: list[os.DirEntry]) -> set[str]:
    """The names, less their suffix and in lower case, of a folder's HTML files."""
    stems = set()
    for entry in entries:
        stem, suffix = os.path.splitext(entry.name)
        if suffix.lower() in HTML_SUFFIXES:
            stems.add(stem.lower())
    return stems


def _is_saved_page_folder(name: str, pages: set[str]) -> bool:
    """Whether folder ``name`` holds the files of a page saved beside it ("story_files")."""
    lowered = name.lower()
    return any(
        lowered.endswith(ending) and lowered[: -len(ending)] in pages
        for ending in SAVED_PAGE_FOLDERS
    )


def listed_file(directory: Path, name: str, policy: ReadPolicy | None = None) -> ListedFile:
    """One named file of the corpus (a manifest entry), checked; FileSkipped if unreadable."""
    policy = policy or ReadPolicy()
    root = str(Path(directory).resolve())
    path = os.path.join(os.fspath(directory), name)
    info = check_file(path, root, policy)
    if not policy.follow_symlinks:
        try:
            real = str(Path(path).resolve(strict=True))
        except (OSError, RuntimeError):
            raise FileSkipped("cannot resolve its path") from None
        if not _inside(real, root):
            raise FileSkipped("leads outside the corpus (--follow-symlinks reads it)")
    return ListedFile(display_name(name), path, info.st_size, info.st_mtime_ns)


def read_file_bytes(path: str, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, at most ``max_bytes`` (reads it); FileSkipped otherwise.

    Opening without blocking and checking the opened file (not the name) means a FIFO or a
    device swapped in after listing is refused rather than waited on or read forever.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise FileSkipped(f"cannot read: {_reason(error)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileSkipped("not a regular file (a FIFO, socket or device)")
        if info.st_size > max_bytes:
            raise FileSkipped(f"{_megabytes(info.st_size)}, over the {_megabytes(max_bytes)} limit")
        chunks = []
        remaining = max_bytes + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as error:
        raise FileSkipped(f"cannot read: {_reason(error)}") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > max_bytes:
        raise FileSkipped(f"grew over the {_megabytes(max_bytes)} limit while read")
    return raw
