"""Boilerplate rules as data (``data/boilerplate.toml``) and finding the spans they remove."""

from __future__ import annotations

import hashlib
import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate, compress
from pathlib import Path

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

from workbench.corpus.outlet import CORPUS_OUTLETS_NAME, Gazetteer, load_outlets
from workbench.errors import WorkbenchError
from workbench.paths import DATA_DIR
from workbench.store.tomlfile import read_toml, read_toml_text

DEFAULT_RULES_PATH = DATA_DIR / "boilerplate.toml"
CORPUS_RULES_NAME = "boilerplate.toml"
_OUTLETS_MARK = "outlets.toml\n"  # a corpus's outlets in the rules' fingerprint
_DEFAULT_RULES_SHOWN = "boilerplate.toml (default)"  # how messages name the default rules
_KINDS = ("line", "block", "page", "lead")
# Rules of kind "page" remove what surrounds the article in a page saved as text (ingest finds
# where): the page's header above its headline, its footer below the article; and the lines
# that run at the top or the foot of a document's pages.
PAGE_RULES = ("page-header", "page-footer", "story-list", "running-header")
# Rules of kind "lead" look at the first sentence of each of the body's first paragraphs (with
# where = "head", of its first paragraph only), and leave at least this many words of it.
LEAD_PARAGRAPHS = 2
_LEAD_REST_WORDS = 3
_WHERE = ("anywhere", "tail", "head")
_KEYS = {
    "id",
    "family",
    "kind",
    "pattern",
    "start",
    "end",
    "continue",
    "ignore_case",
    "max_words",
    "where",
    "min_count",
    "to_end",
    "max_lines",
    "enabled",
    "requires",
}
# A table with none of these only switches a rule off (`id` and `enabled = false`).
_RULE_BODY_KEYS = frozenset({"kind", "pattern", "start", "end", "continue"})
_PLACEHOLDERS = ("author", "title", "outlet")
# Rules for lines up to this many words are screened together (see RuleSet.screen).
SCREEN_MAX_WORDS = 25
SCREENED_KEYS_KEPT = 100_000  # lines whose screening a rule set remembers, at most
# Lines are compared with straight quotes and plain spaces.
_KEY_TABLE = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"}
)
_QUOTES = re.compile("[‘’‚‛“”„–—]")


@dataclass(frozen=True)
class Pattern:
    """A compiled whole-line pattern; ``field`` names the metadata placeholder it uses, if any."""

    regex: re.Pattern[str]
    field: str | None

    def match(self, key: str, values: dict[str, str | None]) -> bool:
        """True when the whole line ``key`` matches (with the article's metadata filled in)."""
        if self.field is None:
            return self.regex.fullmatch(key) is not None
        value = values.get(self.field)
        if not value:
            return False
        # The value is put in front of the line and matched back by a backreference, so that
        # one compiled pattern serves every article. Several authors are matched each alone
        # too: the bio below the article names one of them ("Karen DeYoung is ...").
        names = author_names(value) if self.field == "author" else (value,)
        return any(self.regex.fullmatch(f"{name}\x00{key}") is not None for name in names)


_NAME_SEPARATOR = re.compile(r",? (?:and|&) |, |; ", re.IGNORECASE)


@lru_cache(maxsize=4096)
def author_names(author: str) -> tuple[str, ...]:
    """An author field and, when it names several people ("A and B", "A, B & C"), each of them."""
    parts = [part.strip() for part in _NAME_SEPARATOR.split(author)]
    names = [part for part in parts if len(part) > 2 and part != author]
    return (author, *names) if len(names) > 1 else (author,)


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule."""

    rule_id: str
    family: str
    kind: str
    pattern: Pattern | None
    start: Pattern | None
    end: Pattern | None
    cont: Pattern | None
    max_words: int
    where: str
    min_count: int
    to_end: bool
    max_lines: int
    requires: tuple[str, ...] = ()  # lower-case substrings, one of which a line must contain


@dataclass(frozen=True)
class RuleSet:
    """The rules in force for a corpus and a fingerprint of their source.

    ``screen`` is one pattern that every line some ``screened`` rule removes also matches: a
    line it rejects is skipped by all those rules at once, which keeps cleaning fast.
    """

    rules: tuple[Rule, ...]
    fingerprint: str
    screen: re.Pattern[str] | None = None
    screened: frozenset[str] = frozenset()
    outlets: Gazetteer | None = None  # the corpus's known outlets (None: the bundled ones)

    @cached_property
    def _screened_keys(self) -> dict[str, bool]:
        return {}

    def __getstate__(self) -> dict:
        """What a worker process is sent: the rules, not the lines this process screened."""
        state = dict(self.__dict__)
        state.pop("_screened_keys", None)
        state.pop("passed_rules", None)
        state.pop("requires_finder", None)
        return state

    @cached_property
    def passed_rules(self) -> tuple[tuple[Rule, bool, bool, bool], ...]:
        """The rules ``rules_pass`` walks the lines with, in order, each with whether it is a
        line rule, screened, and of the head: worked out once, not once per text."""
        return tuple(
            (rule, rule.kind == "line", rule.rule_id in self.screened, rule.where == "head")
            for rule in self.rules
            if rule.where != "tail" and rule.kind not in ("page", "lead")
        )

    @cached_property
    def requires_finder(self) -> RequiresFinder:
        """The ``requires`` of the rules that look at every short line (not screened), found
        in a text in one scan: the many prose lines a long caption or notice rule looks at
        would otherwise each be searched for each of its substrings, rule after rule."""
        return RequiresFinder(
            needle
            for rule, _, screened, _ in self.passed_rules
            if not screened
            for needle in rule.requires
        )

    def screen_passes(self, key: str) -> bool:
        """Whether the screen lets a line (its ``line_key``) through. Remembered per line: the
        short lines it is asked about are mostly furniture that recurs from page to page."""
        seen = self._screened_keys
        passes = seen.get(key)
        if passes is None:
            passes = self.screen is not None and self.screen.fullmatch(key) is not None
            if len(seen) < SCREENED_KEYS_KEPT:
                seen[key] = passes
        return passes

    def page_rule(self, rule_id: str) -> Rule | None:
        """The rule of kind "page" with this id, when it is in force."""
        return next((r for r in self.rules if r.kind == "page" and r.rule_id == rule_id), None)

    @cached_property
    def title_rules(self) -> tuple[Rule, ...] | None:
        """The rules that name ``{title}`` when ``with_title`` can add their lines to a pass
        made without the title: line rules, anywhere, each line alone, run before every other
        rule of the main pass (None: it cannot, or there are none)."""
        ordered = [r for r in self.rules if r.where != "tail" and r.kind not in ("page", "lead")]
        titled = tuple(r for r in ordered if _names_title(r))
        if (
            not titled
            or tuple(ordered[: len(titled)]) != titled
            or any(r.kind != "line" or r.where != "anywhere" or r.min_count > 1 for r in titled)
        ):
            return None
        return titled

    @cached_property
    def author_rules(self) -> RuleSet:
        """The rules that name ``{author}``: what a pass adds once the author is known."""
        return self._naming("author")

    @cached_property
    def outlet_rules(self) -> RuleSet:
        """The rules that name ``{outlet}``: what a pass adds once the outlet is known."""
        return self._naming("outlet")

    def _naming(self, field: str) -> RuleSet:
        named = tuple(
            rule
            for rule in self.rules
            if any(p is not None and p.field == field for p in _patterns(rule))
        )
        return RuleSet(named, self.fingerprint)


def _patterns(rule: Rule) -> tuple[Pattern | None, ...]:
    return (rule.pattern, rule.start, rule.end, rule.cont)


@dataclass(frozen=True)
class Removal:
    """A span of the original text removed by a rule."""

    start: int
    end: int
    rule: str
    family: str


def line_key(line: str) -> str:
    """The form a line is compared in: white space folded, quotes straight, dashes "-", trimmed."""
    key = " ".join(line.split())
    if key.isascii():  # most lines: no curly quote or dash to straighten, nothing to search
        return key
    return _QUOTES.sub(_straight_quote, key) if _QUOTES.search(key) else key


def _straight_quote(match: re.Match[str]) -> str:
    return _KEY_TABLE[ord(match.group())]


def _compile(source: str, ignore_case: bool, where: str) -> Pattern:
    fields = [name for name in _PLACEHOLDERS if "{" + name + "}" in source]
    if len(fields) > 1:
        raise WorkbenchError(f"{where}: a pattern may use only one placeholder")
    field = fields[0] if fields else None
    text = source
    if field:
        text = "(?P<_value>[^\x00]*)\x00" + source.replace("{" + field + "}", "(?P=_value)")
    try:
        regex = re.compile(text, re.IGNORECASE if ignore_case else 0)
    except re.error as error:
        raise WorkbenchError(f"{where}: bad regular expression: {error}") from None
    return Pattern(regex, field)


def _rule_from_table(table: dict, where: str) -> Rule | None:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise WorkbenchError(f'{where}: unknown key "{unknown[0]}"')
    rule_id = table.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise WorkbenchError(f'{where}: rule has no "id"')
    where = f"{where} (rule {rule_id})"
    if table.get("enabled", True) is False:
        return None
    kind = table.get("kind", "line")
    if kind not in _KINDS:
        raise WorkbenchError(f"{where}: kind must be one of {', '.join(_KINDS)}")
    position = table.get("where", "anywhere")
    if position not in _WHERE:
        raise WorkbenchError(f"{where}: where must be one of {', '.join(_WHERE)}")
    family = table.get("family")
    if not isinstance(family, str) or not family:
        raise WorkbenchError(f'{where}: rule has no "family"')
    for key in ("pattern", "start", "end", "continue"):
        if key in table and not isinstance(table[key], str):
            raise WorkbenchError(f'{where}: "{key}" must be a string')
    for key in ("max_words", "min_count", "max_lines"):
        if key in table and (not isinstance(table[key], int) or table[key] < 1):
            raise WorkbenchError(f'{where}: "{key}" must be a positive integer')
    ignore_case = bool(table.get("ignore_case", False))

    def compiled(key: str) -> Pattern | None:
        return _compile(table[key], ignore_case, where) if key in table else None

    requires = table.get("requires", [])
    if not isinstance(requires, list) or not all(isinstance(r, str) and r for r in requires):
        raise WorkbenchError(f'{where}: "requires" must be a list of strings')
    requires = tuple(r.lower() for r in requires)
    if kind == "page" and rule_id not in PAGE_RULES:
        raise WorkbenchError(f"{where}: kind page is for the rules {', '.join(PAGE_RULES)}")
    if kind == "line" and "pattern" not in table:
        raise WorkbenchError(f'{where}: a line rule needs "pattern"')
    if kind == "lead" and "pattern" not in table:
        raise WorkbenchError(f'{where}: a lead rule needs "pattern"')
    if kind == "block" and ("start" not in table or not ({"end", "continue"} & set(table))):
        raise WorkbenchError(f'{where}: a block rule needs "start" and "end" or "continue"')
    if kind == "block" and position == "tail" and "continue" not in table:
        raise WorkbenchError(f'{where}: a block rule of the tail needs "continue"')
    return Rule(
        rule_id=rule_id,
        family=family,
        kind=kind,
        pattern=compiled("pattern"),
        start=compiled("start"),
        end=compiled("end"),
        cont=compiled("continue"),
        max_words=int(table.get("max_words", 25)),
        where=position,
        min_count=int(table.get("min_count", 1)),
        to_end=bool(table.get("to_end", False)),
        max_lines=int(table.get("max_lines", 40)),
        requires=requires,
    )


def _rules_from_file(
    path: Path, display: str
) -> tuple[list[tuple[str, Rule | None, str | None]], str]:
    """Each table's id and rule (None: switched off) and, for a table that only switches a rule
    off, where it is; and the file's text."""
    data, text = read_toml(path, "boilerplate rules", display)
    unknown = sorted(set(data) - {"rule"})
    if unknown:
        raise WorkbenchError(f'{display}: unknown key "{unknown[0]}" (expected [[rule]] tables)')
    tables = data.get("rule", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise WorkbenchError(f"{display}: 'rule' must be [[rule]] tables")
    headers = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[rule]]"]
    rules = []
    for index, table in enumerate(tables):
        line = headers[index] if index < len(headers) else None
        where = f"{display}:{line}" if line else display
        rule = _rule_from_table(table, where)
        switch_only = rule is None and not _RULE_BODY_KEYS & set(table)
        rules.append((str(table.get("id")), rule, where if switch_only else None))
    return rules, text


def _no_such_rule(rule_id: str, known: list[str], where: str) -> WorkbenchError:
    """The error of switching off a rule that does not exist, naming the closest ids."""
    from rapidfuzz import fuzz, process

    close = process.extract(rule_id, known, scorer=fuzz.WRatio, limit=3, score_cutoff=70)
    if close:
        hint = "did you mean " + ", ".join(f'"{name}"' for name, _, _ in close) + "?"
    else:
        more = f", … ({len(known)} in all)" if len(known) > 8 else ""
        hint = f"known rules: {', '.join(known[:8])}{more}"
    return WorkbenchError(f'{where}: no rule "{rule_id}" to switch off ({hint})')


def load_rules(corpus_dir: Path | None = None) -> RuleSet:
    """The default rules plus the corpus's own ``boilerplate.toml`` if it has one (reads files)."""
    entries, default_text = _rules_from_file(DEFAULT_RULES_PATH, _DEFAULT_RULES_SHOWN)
    seen: set[str] = set()
    for rule_id, _, _ in entries:
        if rule_id in seen:
            raise WorkbenchError(f'{_DEFAULT_RULES_SHOWN}: duplicate rule id "{rule_id}"')
        seen.add(rule_id)
    texts = [default_text]
    if corpus_dir is not None and os.path.lexists(corpus_dir / CORPUS_RULES_NAME):
        path = corpus_dir / CORPUS_RULES_NAME
        extra, extra_text = _rules_from_file(path, str(path))
        texts.append(extra_text)
        defined = [*entries, *(entry for entry in extra if entry[2] is None)]
        known = list(dict.fromkeys(rule_id for rule_id, _, _ in defined))
        for rule_id, _, switch in extra:
            if switch is not None and rule_id not in known:
                raise _no_such_rule(rule_id, known, switch)
        index = {rule_id: position for position, (rule_id, _, _) in enumerate(entries)}
        for entry in extra:
            if entry[0] in index:
                entries[index[entry[0]]] = entry
            else:
                index[entry[0]] = len(entries)
                entries.append(entry)
    rules = tuple(rule for _, rule, _ in entries if rule is not None)
    screen, screened = _screen(rules)
    outlets, outlets_text = load_outlets(corpus_dir)
    if outlets_text is not None:
        texts.append(_OUTLETS_MARK + outlets_text)
    return RuleSet(rules, _fingerprint(texts), screen, screened, outlets)


def _fingerprint(texts: list[str]) -> str:
    digest = hashlib.sha256(texts[0].encode())
    for text in texts[1:]:
        digest.update(b"\x00" + text.encode())
    return digest.hexdigest()[:16]


def rules_fingerprint(corpus_dir: Path | None = None) -> str:
    """The ``fingerprint`` of ``load_rules(corpus_dir)``, from the files' texts alone: whether
    an index's rules are still the corpus's, without compiling them (reads files)."""
    texts = [read_toml_text(DEFAULT_RULES_PATH, "boilerplate rules", _DEFAULT_RULES_SHOWN)]
    if corpus_dir is not None and os.path.lexists(corpus_dir / CORPUS_RULES_NAME):
        path = corpus_dir / CORPUS_RULES_NAME
        texts.append(read_toml_text(path, "boilerplate rules", str(path)))
    if corpus_dir is not None and os.path.lexists(corpus_dir / CORPUS_OUTLETS_NAME):
        path = corpus_dir / CORPUS_OUTLETS_NAME
        texts.append(_OUTLETS_MARK + read_toml_text(path, "outlets", str(path)))
    return _fingerprint(texts)


def _screen(rules: tuple[Rule, ...]) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    """One alternation of the plain first-line patterns, and the ids of the rules it covers."""
    parts: list[str] = []
    covered: set[str] = set()
    for rule in rules:
        pattern = rule.pattern if rule.kind == "line" else rule.start
        if (
            rule.where != "anywhere"
            or pattern is None
            or pattern.field is not None
            or rule.max_words > SCREEN_MAX_WORDS
        ):
            continue
        source = pattern.regex.pattern
        # Global flags, group names and numbered backreferences do not survive being combined.
        if re.search(r"\(\?[aiLmsux]+\)|\(\?P|\\\d", source):
            continue
        flags = "i" if pattern.regex.flags & re.IGNORECASE else ""
        parts.append(f"(?{flags}:{source})" if flags else f"(?:{source})")
        covered.add(rule.rule_id)
    if not parts:
        return None, frozenset()
    try:
        return re.compile("|".join(parts)), frozenset(covered)
    except re.error:
        return None, frozenset()


class RequiresFinder:
    """Which lines of a text hold which of some lower-case substrings, found in one scan."""

    def __init__(self, needles: Iterable[str]) -> None:
        self.covered = frozenset(needle for needle in needles if needle)
        # A line key holds no line break: a substring with one is in no line (and would be
        # found across two in the lines joined), so it is not looked for.
        self.needles = sorted(needle for needle in self.covered if "\n" not in needle)
        # A DFA: built in well under a millisecond for the rules' hundred-odd substrings, and
        # scans a text about three times as fast as the default NFA.
        self.finder = (
            AhoCorasick(
                self.needles, matchkind=MatchKind.Standard, implementation=Implementation.DFA
            )
            if self.needles
            else None
        )

    def lines_holding(self, lowered: list[str]) -> dict[str, set[int]]:
        """Each substring found in ``lowered`` (line keys, lower-cased) and the lines it is in."""
        holding: dict[str, set[int]] = {}
        if self.finder is None:
            return holding
        joined = "\n".join(lowered)
        # where each line starts in the lines joined (after the first)
        starts = list(accumulate(len(line) + 1 for line in lowered))
        needles = self.needles
        for index, start, _ in self.finder.find_matches_as_indexes(joined, overlapping=True):
            needle = needles[index]
            number = bisect_right(starts, start)
            found = holding.get(needle)
            if found is None:
                holding[needle] = {number}
            else:
                found.add(number)
        return holding


@dataclass
class LineFacts:
    """What the rules look at in each line of one text, whatever the title and author are:
    made once per text, read by every pass of ``find_boilerplate`` over it."""

    keys: list[str]  # each line's ``line_key``
    words: list[int]  # its words (0: blank)
    lowered: list[str]
    passes: list[bool]  # whether the rules' screen lets it through
    first_prose: int  # the first line longer than any screened rule looks at
    by_length: dict[int, list[int]]  # max words → the non-blank lines of at most that many
    counts: Counter[str] | None = None  # how often each key occurs (made when a rule asks)
    screened: dict[int, list[int]] = field(default_factory=dict)  # ... and those screened in
    # A list item's key without the extractor's mark before it ("- Share this"): a page's
    # controls and an author's note set as a list are the same furniture as alone.
    bare: dict[int, str] = field(default_factory=dict)
    nonblank: list[int] | None = None  # the non-blank lines (made when first asked)
    nonblank_words: list[int] = field(default_factory=list)  # ... and their words
    longest: int = 0  # ... and the most words of one
    finder: RequiresFinder | None = None  # the rules' ``requires_finder``
    holding: dict[str, set[int]] | None = None  # its substrings' lines (made when first asked)
    # (max words, screened, requires) → the lines a rule looks at that hold one of requires
    required: dict[tuple[int, bool, tuple[str, ...]], list[int]] = field(default_factory=dict)

    def short_lines(self, max_words: int) -> list[int]:
        """The non-blank lines of at most ``max_words`` words."""
        found = self.by_length.get(max_words)
        if found is None:
            # Picked by C-level iteration over the non-blank lines: asked for every length
            # the rules look at, of every text.
            if self.nonblank is None:
                self.nonblank = [n for n, count in enumerate(self.words) if count]
                self.nonblank_words = [self.words[n] for n in self.nonblank]
                self.longest = max(self.nonblank_words, default=0)
            if max_words >= self.longest:  # as often as not: every line is short enough
                found = self.by_length[max_words] = self.nonblank
            else:
                found = self.by_length[max_words] = list(
                    compress(self.nonblank, map(max_words.__ge__, self.nonblank_words))
                )
        return found

    def screened_lines(self, max_words: int) -> list[int]:
        """The ``short_lines`` that the rules' screen lets through: all a screened rule needs
        to look at (few: most lines match no rule)."""
        found = self.screened.get(max_words)
        if found is None:
            passes = self.passes
            found = self.screened[max_words] = [n for n in self.short_lines(max_words) if passes[n]]
        return found

    def required_lines(
        self, max_words: int, screened: bool, requires: tuple[str, ...]
    ) -> list[int]:
        """The ``short_lines`` (``screened_lines`` if ``screened``) that hold one of
        ``requires``; the same in every pass of the rules over the text."""
        memo = (max_words, screened, requires)
        found = self.required.get(memo)
        if found is None:
            numbers = self.screened_lines(max_words) if screened else self.short_lines(max_words)
            finder = self.finder
            if screened or finder is None or not finder.covered.issuperset(requires):
                # few lines (or substrings the text was not scanned for): each looked at
                lowered = self.lowered
                found = [n for n in numbers if any(map(lowered[n].__contains__, requires))]
            else:
                if self.holding is None:
                    self.holding = finder.lines_holding(self.lowered)
                hits = [self.holding[n] for n in requires if n in self.holding]
                held = hits[0] if len(hits) == 1 else set().union(*hits)
                found = [n for n in numbers if n in held] if held else []
            self.required[memo] = found
        return found

    def key_counts(self) -> Counter[str]:
        """How often each non-blank key occurs in the text."""
        if self.counts is None:
            self.counts = Counter(key for key in self.keys if key)
        return self.counts


def line_facts(lines: list[tuple[int, int]], text: str, rules: RuleSet) -> LineFacts:
    """The ``LineFacts`` of ``text`` (``lines``: (start, end) of each line) under ``rules``."""
    keys = [line_key(text[start:end]) for start, end in lines]
    words = [key.count(" ") + 1 if key else 0 for key in keys]
    screen_passes = rules.screen_passes
    passes = [
        bool(key) and count <= SCREEN_MAX_WORDS and screen_passes(key)
        for key, count in zip(keys, words, strict=True)
    ]
    first_prose = next((n for n, count in enumerate(words) if count > SCREEN_MAX_WORDS), len(words))
    bare: dict[int, str] = {}
    for number, key in enumerate(keys):
        if _LIST_MARK.match(key):
            bare[number] = key[2:]
            if not passes[number] and words[number] <= SCREEN_MAX_WORDS:
                passes[number] = screen_passes(key[2:])
    lowered = [key.lower() for key in keys]
    return LineFacts(
        keys, words, lowered, passes, first_prose, {}, bare=bare, finder=rules.requires_finder
    )


# The mark an extractor writes before each item of a list ("- Share this", "- Tags:").
_LIST_MARK = re.compile(r"[-*•·▪‣◦] (?=\S)")


def find_boilerplate(
    lines: list[tuple[int, int]],
    text: str,
    rules: RuleSet,
    values: dict[str, str | None],
    facts: LineFacts | None = None,
) -> list[Removal]:
    """Spans of ``text`` that the rules remove; ``lines`` are (start, end) of each line.

    ``facts`` are the text's ``line_facts`` when a caller passes over it more than once."""
    return rules_pass(lines, text, rules, values, facts).removals


@dataclass
class RulesPass:
    """One pass of the rules over a text: what they removed (sorted by start) and, per line,
    how, so that a pass with the title known can often be had from it (``with_title``)."""

    removals: list[Removal]
    alone: list[bool]  # per line: removed by a line rule on its own (not a block, not the tail)
    tail_stop: int  # the line the walk back from the end stopped at (-1: none)


def rules_pass(
    lines: list[tuple[int, int]],
    text: str,
    rules: RuleSet,
    values: dict[str, str | None],
    facts: LineFacts | None = None,
) -> RulesPass:
    """``find_boilerplate`` with what ``with_title`` needs of it."""
    facts = facts or line_facts(lines, text, rules)
    keys, words, bare = facts.keys, facts.words, facts.bare
    first_prose = facts.first_prose
    removed: list[Removal | None] = [None] * len(lines)
    alone = [False] * len(lines)
    blocks: list[Removal] = []

    def mark(first: int, last: int, rule: Rule) -> None:
        for number in range(first, last + 1):
            removed[number] = Removal(0, 0, rule.rule_id, rule.family)
        blocks.append(_line_removal(text, lines, first, last, rule))

    tail_rules = [rule for rule in rules.rules if rule.where == "tail"]
    for rule, line_rule, screened, head in rules.passed_rules:
        block_end = -1
        requires = rule.requires
        # Lines by length: most rules only look at short lines, and most prose lines are long;
        # a screened rule only at those its screen lets through.
        # ... and a rule that requires substrings only at the lines that hold one.
        if requires:
            candidates = facts.required_lines(rule.max_words, screened, requires)
        elif screened:
            candidates = facts.screened_lines(rule.max_words)
        else:
            candidates = facts.short_lines(rule.max_words)
        if line_rule:
            pattern = rule.pattern
            # A plain pattern is matched directly: no placeholder to fill in.
            fullmatch = pattern.regex.fullmatch if pattern.field is None else None
            counts = facts.key_counts() if rule.min_count > 1 else None
            for number in candidates:
                if head and number > first_prose:
                    break
                if removed[number] is not None:
                    continue
                key = keys[number]
                matched = (
                    fullmatch(key) is not None
                    if fullmatch is not None
                    else pattern.match(key, values)
                ) or (number in bare and pattern.match(bare[number], values))
                if matched and (
                    rule.min_count <= 1 or (counts is not None and counts[key] >= rule.min_count)
                ):
                    mark(number, number, rule)
                    alone[number] = True
            continue
        for number in candidates:
            if head and number > first_prose:
                break
            if number <= block_end or removed[number] is not None:
                continue
            key = keys[number]
            if rule.start.match(key, values) or (
                number in bare and rule.start.match(bare[number], values)
            ):
                block_end = _block_end(number, keys, removed, rule, values)
                mark(number, block_end, rule)

    # Tail rules: walk back from the end over blank and removed lines.
    tail_stop = -1
    if tail_rules:
        number = len(lines) - 1
        while number >= 0:
            key = keys[number]
            if not key or removed[number] is not None:
                number -= 1
                continue
            rule = next(
                (
                    r
                    for r in tail_rules
                    if r.kind == "line"
                    and words[number] <= r.max_words
                    and r.pattern.match(key, values)
                ),
                None,
            )
            if rule is not None:
                mark(number, number, rule)
                number -= 1
                continue
            block = _tail_block(number, facts, removed, tail_rules, values)
            if block is None:
                tail_stop = number
                break
            first, rule = block
            # the lines of the block that no rule removed yet, run by run
            for run_start, run_end in _runs(
                [n for n in range(first, number + 1) if removed[n] is None], keys
            ):
                mark(run_start, run_end, rule)
            number = first - 1
    blocks.sort(key=lambda removal: removal.start)
    return RulesPass(blocks, alone, tail_stop)


def _tail_block(
    last: int,
    facts: LineFacts,
    removed: list,
    tail_rules: list[Rule],
    values: dict[str, str | None],
) -> tuple[int, Rule] | None:
    """The first line and the rule of a block of the tail that runs through line ``last``, the
    last line left: the nearest opening above it below which every line matches the rule's
    ``continue`` or was removed already (None: there is none within its ``max_lines``)."""
    keys = facts.keys
    for rule in tail_rules:
        if rule.kind != "block" or rule.cont is None:
            continue
        for number in range(last, max(-1, last - rule.max_lines), -1):
            key = keys[number]
            if not key or removed[number] is not None:
                continue
            if (
                facts.words[number] <= rule.max_words
                and (
                    not rule.requires or any(map(facts.lowered[number].__contains__, rule.requires))
                )
                and rule.start.match(key, values)
            ):
                return number, rule
            if not rule.cont.match(key, values):
                break
    return None


def _runs(numbers: list[int], keys: list[str]) -> list[tuple[int, int]]:
    """Consecutive stretches (first, last) of ascending line numbers, each from its first to
    its last non-blank line (a stretch of blank lines only is left out)."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    found = []
    for run in runs:
        filled = [number for number in run if keys[number]]
        if filled:
            found.append((filled[0], filled[-1]))
    return found


def with_title(
    first: RulesPass,
    lines: list[tuple[int, int]],
    text: str,
    rules: RuleSet,
    values: dict[str, str | None],
    facts: LineFacts,
) -> list[Removal]:
    """What ``find_boilerplate`` removes with ``values``' title known, given ``first``, a pass
    over the same text with the same ``values`` but the title unknown.

    Only the rules that name ``{title}`` see the title. When they are line rules that run
    before every other rule, and the lines they match now were kept by ``first`` or removed
    there by a line rule on its own, the other rules remove what they removed before and those
    lines are the title rules': no second pass over every line (the rules pass over a text
    without metadata twice: once to find its headline, once with it as the title).
    """
    titled = rules.title_rules
    if titled is None:
        return find_boilerplate(lines, text, rules, values, facts)
    found: dict[int, Rule] = {}
    for rule in titled:
        for number in facts.short_lines(rule.max_words):
            if number in found:
                continue
            if rule.requires and not any(map(facts.lowered[number].__contains__, rule.requires)):
                continue
            if rule.pattern.match(facts.keys[number], values):
                found[number] = rule
    if not found:
        return list(first.removals)
    starts = {_trim_start(text, lines[number]) for number in found}
    for number in found:
        if number == first.tail_stop or (
            not first.alone[number] and _is_removed(first.removals, text, lines[number])
        ):
            return find_boilerplate(lines, text, rules, values, facts)
    kept = [r for r in first.removals if r.start not in starts]
    titles = [_line_removal(text, lines, n, n, rule) for n, rule in found.items()]
    return sorted(kept + titles, key=lambda removal: removal.start)


def _names_title(rule: Rule) -> bool:
    return any(pattern is not None and pattern.field == "title" for pattern in _patterns(rule))


def _is_removed(removals: list[Removal], text: str, line: tuple[int, int]) -> bool:
    """Whether one of ``removals`` covers ``line``."""
    start, end = _trim_start(text, line), _trim_end(text, line)
    return any(r.start <= start and end <= r.end and r.end > r.start for r in removals)


def _line_removal(
    text: str, lines: list[tuple[int, int]], first: int, last: int, rule: Rule
) -> Removal:
    """The removal of lines ``first`` to ``last`` (inclusive) by ``rule``."""
    return Removal(
        _trim_start(text, lines[first]), _trim_end(text, lines[last]), rule.rule_id, rule.family
    )


def _block_end(
    first: int, keys: list[str], removed: list, rule: Rule, values: dict[str, str | None]
) -> int:
    """The last line of a block opened at line ``first``."""
    limit = min(len(keys), first + rule.max_lines)
    if rule.end is not None:
        for number in range(first + 1, limit):
            if keys[number] and rule.end.match(keys[number], values):
                return number
        remaining = [n for n in range(first + 1, len(keys)) if keys[n]]
        if rule.to_end and len(keys) <= first + rule.max_lines:
            return remaining[-1] if remaining else first
    last = first
    if rule.cont is not None:
        for number in range(first + 1, limit):
            key = keys[number]
            if not key:
                continue
            if removed[number] is not None or not rule.cont.match(key, values):
                break
            last = number
    return last


def _trim_start(text: str, line: tuple[int, int]) -> int:
    start, end = line
    while start < end and text[start].isspace():
        start += 1
    return start


def _trim_end(text: str, line: tuple[int, int]) -> int:
    start, end = line
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def lead_prefix(sentence: str, rules: RuleSet, first: bool = True) -> tuple[int, Rule] | None:
    """Where the opening that a rule of kind "lead" removes from ``sentence`` (as written)
    ends, with the rule: the first whose pattern matches at its start ("MOSCOW (Reuters) -"),
    a few words before the sentence's own, or the whole sentence ("MOSCOW, May 7. /TASS/.").
    A rule whose ``where`` is "head" looks only at the body's ``first`` paragraph."""
    for rule in rules.rules:
        if rule.kind != "lead" or rule.pattern is None or rule.pattern.field is not None:
            continue
        if rule.where == "head" and not first:
            continue
        match = rule.pattern.regex.match(sentence)
        rest = len(sentence[match.end() :].split()) if match else 0
        if match and (rest >= _LEAD_REST_WORDS or rest == 0):
            return match.end(), rule
    return None
