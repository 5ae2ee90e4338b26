"""Where an export may be written: the path a user typed, turned into a safe file path.

In served mode (one workbench shared over SSH) every export stays under the exports directory,
whatever is typed: ``..`` components, absolute paths elsewhere and symbolic links that lead out
of it are refused. Checking the fully resolved path, not the text, is what catches the links.
"""

from __future__ import annotations

import os
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.paths import inside_corpus

EXPORT_SUFFIX = ".parquet"


def resolve_export_path(user_text: str, exports_dir: Path, confined: bool) -> Path:
    """The absolute file an export typed as ``user_text`` goes to; WorkbenchError if refused."""
    text = user_text.strip()
    if not text:
        raise WorkbenchError("export path is empty")
    if any(ord(char) < 32 or ord(char) == 127 for char in text):
        raise WorkbenchError(f"export path {text!r} contains a control character")
    if not confined:
        text = os.path.expanduser(text)
    elif text.startswith("~"):
        raise WorkbenchError(
            f"export path {text!r} refused: exports go under {exports_dir} (give a relative path)"
        )
    typed = Path(text)
    if typed.name in ("", ".", "..") or text.endswith(("/", os.sep)):
        raise WorkbenchError(f"export path {text!r} names a directory, not a file")
    if typed.suffix.lower() != EXPORT_SUFFIX:
        typed = typed.with_name(typed.name + EXPORT_SUFFIX)
    base = Path(os.path.abspath(exports_dir))
    if not confined:
        return Path(os.path.abspath(base / typed))
    try:
        root = base.resolve()
        # resolve() follows every existing link, dangling ones included, so a link anywhere on
        # the way (or a link at the end) that points outside shows up as a path outside the root.
        target = (root / typed).resolve()
    except (OSError, RuntimeError, ValueError) as error:
        # A symbolic link loop (RuntimeError before Python 3.13, OSError after), a name too
        # long, a directory that cannot be searched: the path is refused, with the reason.
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        if isinstance(error, RuntimeError) or "loop" in reason.lower():
            reason = "a symbolic link on the way loops"
        raise WorkbenchError(f"export path {text!r} cannot be used: {reason}") from None
    if target == root or not target.is_relative_to(root):
        raise WorkbenchError(
            f"export path {text!r} refused: it leads outside the exports directory {root}"
        )
    return target


def export_target(
    user_text: str, exports_dir: Path, confined: bool, corpus: Path | None = None
) -> tuple[Path, bool]:
    """The file an export typed as ``user_text`` goes to, and whether it exists already.

    WorkbenchError when the path is refused (see ``resolve_export_path``), is a directory or
    is inside the ``corpus``.
    """
    path = resolve_export_path(user_text, exports_dir, confined)
    if corpus is not None and inside_corpus(path, corpus):
        raise WorkbenchError(
            f"export path {user_text.strip()!r} refused: it is inside the corpus {corpus},"
            " which is never written to"
        )
    try:
        is_dir, exists = path.is_dir(), os.path.lexists(path)
    except (OSError, ValueError) as error:
        raise WorkbenchError(f"export path {user_text.strip()!r} cannot be used: {error}") from None
    if is_dir:
        raise WorkbenchError(f"{path} is a directory; give a file name")
    return path, exists
