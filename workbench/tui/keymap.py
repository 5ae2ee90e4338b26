"""The user keymap: a TOML file that rebinds keys by binding id.

::

    # ~/.config/workbench/keymap.toml
    [keys]
    "library.open-compare" = "o"          # one key
    "table.down" = "down,j,ctrl+n"        # several keys, comma-separated
    "app.quit" = "ctrl+q"

The file lives in the platform's config directory (``platformdirs.user_config_dir``, e.g.
``~/.config/workbench/keymap.toml`` on Linux, honouring ``XDG_CONFIG_HOME``), or wherever
``WORKBENCH_KEYMAP`` points.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.store.tomlfile import parse_toml, read_toml_text

KEYMAP_ENV = "WORKBENCH_KEYMAP"
_KEY = re.compile(r"^[A-Za-z0-9_+\-]+$|^.$")


def default_keymap_path() -> Path:
    """Where the user keymap is looked for: ``$WORKBENCH_KEYMAP`` or the config dir."""
    if os.environ.get(KEYMAP_ENV):
        return Path(os.environ[KEYMAP_ENV]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("workbench", appauthor=False)) / "keymap.toml"


def parse_keymap(text: str, source: str = "keymap.toml") -> dict[str, str]:
    """The ``[keys]`` table of a keymap TOML as binding id → comma-separated keys."""
    data = parse_toml(text, source)
    unknown = sorted(set(data) - {"keys"})
    if unknown:
        raise WorkbenchError(f"{source}: unknown table or key {unknown[0]!r} (expected [keys])")
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise WorkbenchError(f'{source}: [keys] must be a table of binding id = "keys"')
    keymap: dict[str, str] = {}
    for binding_id, value in keys.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ",".join(value)
        if not isinstance(value, str) or not value.strip():
            raise WorkbenchError(
                f'{source}: keys.{binding_id} must be a key such as "o" or "ctrl+o,o"'
            )
        parts = [part.strip() for part in value.split(",")]
        bad = next((part for part in parts if not part or not _KEY.match(part)), None)
        if bad is not None:
            raise WorkbenchError(f"{source}: keys.{binding_id}: {bad!r} is not a key name")
        keymap[binding_id] = ",".join(parts)
    return keymap


def read_keymap(path: Path | None = None, *, required: bool = False) -> dict[str, str]:
    """Read the keymap file (the default place when ``path`` is None); {} when there is none."""
    path = default_keymap_path() if path is None else path
    text = read_toml_text(path, "keymap", missing_ok=not required)
    return {} if text is None else parse_keymap(text, str(path))


def known_binding_ids() -> set[str]:
    """Every binding id a keymap can rebind: those of the workbench's screens and widgets (and
    of Textual's own widgets that have one)."""
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import workbench.tui

    # Some screens are imported only when first shown (the row view): import every one now.
    for module in pkgutil.walk_packages(workbench.tui.__path__, "workbench.tui."):
        importlib.import_module(module.name)
    return {
        binding.id
        for cls in _subclasses(DOMNode)
        if cls.__dict__.get("BINDINGS")
        for binding in Binding.make_bindings(cls.__dict__["BINDINGS"])
        if binding.id
    }


def _subclasses(cls: type) -> Iterator[type]:
    """Every subclass of ``cls``, however deep."""
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def unknown_binding_ids(
    keymap: dict[str, str], source: str, known: set[str] | None = None
) -> list[str]:
    """One line for each binding id of ``keymap`` that no binding has, with the nearest one
    that does (a misspelt id otherwise leaves its key unbound with no word said)."""
    known = known_binding_ids() if known is None else known
    lines = []
    for binding_id in keymap:
        if binding_id in known:
            continue
        # A high cutoff: ids share their screen's prefix, which alone makes them look alike.
        close = difflib.get_close_matches(binding_id, sorted(known), n=1, cutoff=0.8)
        hint = f" (did you mean {close[0]}?)" if close else ""
        lines.append(f"{source}: keys.{binding_id}: unknown binding id{hint}")
    return lines
