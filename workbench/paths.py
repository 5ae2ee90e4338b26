"""Where the bundled corpus and default data files live, installed or in a checkout."""

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = _PACKAGE_DIR / "data"  # data files that ship with the package


def bundled_corpus_dir() -> Path:
    """The corpus shipped with workbench: inside the wheel, or the checkout's ``corpus/``."""
    installed = _PACKAGE_DIR / "_corpus"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "corpus"


def default_lexicon_path() -> Path:
    """The default theme lexicon, ``themes.toml`` of the bundled corpus."""
    return bundled_corpus_dir() / "themes.toml"


def inside_corpus(path: Path, corpus: Path) -> bool:
    """Whether ``path`` is the corpus or lies inside it (symbolic links followed where they
    exist): a place the workbench never writes to."""
    target, root = Path(path).resolve(), Path(corpus).resolve()
    return target == root or target.is_relative_to(root)
