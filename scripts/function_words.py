"""Write ``workbench/data/function_words.toml``: the function words of languages other than
English, for recurring phrases and alignment shingles in articles written in them.

    python scripts/function_words.py [--top 60]

Each language's most frequent words in ``wordfreq``'s lists (its data ships in its wheel): in
any language the hundred most frequent are nearly all articles, pronouns, prepositions,
conjunctions, auxiliaries and the commonest verbs. Digits and the few place names among them
are left out. English keeps the hand-made list of ``workbench.analysis.tokens``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wordfreq import top_n_list

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "workbench" / "data" / "function_words.toml"
# Languages written in Latin or Cyrillic script (the others have no spaces between words, or
# are not read by the embedding model either).
LANGUAGES = ["bg", "cs", "da", "de", "es", "fi", "fr", "hu", "it", "nb", "nl", "pl", "pt"]
LANGUAGES += ["ro", "ru", "sk", "sv", "tr", "uk"]
# Place names among the most frequent words of some languages.
NOT_FUNCTION_WORDS = {
    "brasil",
    "deutschland",
    "españa",
    "france",
    "istanbul",
    "italia",
    "polska",
    "sverige",
    "türk",
    "türkiye",
    "россии",
    "россия",
    "україна",
    "україні",
}


def function_words(language: str, top: int) -> list[str]:
    """The ``top`` most frequent words of ``language`` less digits and place names."""
    return [
        word
        for word in top_n_list(language, top)
        if not any(c.isdigit() for c in word) and word not in NOT_FUNCTION_WORDS
    ]


def main() -> int:
    """Write the file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=100, help="words per language (default 100)")
    args = parser.parse_args()
    lines = [
        "# Function words of languages other than English (scripts/function_words.py writes",
        f"# this file: each language's {args.top} most frequent words in wordfreq's lists, less",
        "# digits and place names). Used for articles written in these languages.",
        "",
    ]
    for language in LANGUAGES:
        words = ", ".join(f'"{word}"' for word in function_words(language, args.top))
        lines.append(f"{language} = [{words}]")
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(LANGUAGES)} languages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
