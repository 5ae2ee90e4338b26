"""safe_text: every control or escape character shown as one visible character."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from workbench.text_safety import REPLACEMENT, escape_unsafe, is_safe, safe_text


def test_escape_sequences_become_visible() -> None:
    assert safe_text("\x1b[2J\x1b]0;PWNED\x07") == "␛[2J␛]0;PWNED␇"
    assert safe_text("a\rb\bc\x00d\x7fe") == "a␍b␈c␀d␡e"
    assert safe_text("\x9b31m\u202eevil\u2066") == f"{REPLACEMENT}31m{REPLACEMENT}evil{REPLACEMENT}"
    assert safe_text("bad byte \udcff") == f"bad byte {REPLACEMENT}"


def test_text_tabs_newlines_and_scripts_are_kept() -> None:
    text = "Москва\tمرحبا\u200f — «reset»\n日本語 ✓"
    assert safe_text(text) == text and is_safe(text)
    assert safe_text("one\ntwo", multiline=False) == "one␊two"


@given(st.text())
def test_one_visible_character_for_one_and_nothing_unsafe_left(text: str) -> None:
    shown = safe_text(text)
    assert len(shown) == len(text)
    assert is_safe(shown)
    assert not any((ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) < 0xA0 for c in shown)


@given(st.text())
def test_json_escapes_mean_the_same_text(text: str) -> None:
    encoded = escape_unsafe(json.dumps(text, ensure_ascii=False))
    assert is_safe(encoded)
    assert json.loads(encoded) == text
