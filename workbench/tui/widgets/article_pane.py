"""One article's cleaned text in a pane: each sentence on its own lines, wrapped by hand,
paragraphs apart, aligned pairs and sentence numbers in a gutter.

The text is laid out once per article and width (``ArticleText.layout``); moving the focused
pair, labelling or searching only restyles the lines on screen, so key presses never rebuild
widgets. Every sentence starts a line, so its gutter mark (pair, score, label, ``#N``) sits at
its first line, and line numbers of sentences are known exactly, which is what lets two panes
scroll to the same pair.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import ClassVar

import polars as pl
from rich.cells import cell_len, get_character_cell_size
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from workbench.corpus.document import INFERRED_DATE_SOURCES
from workbench.corpus.outlet import INFERRED_OUTLET_SOURCES
from workbench.tui.compare_model import PairMark
from workbench.tui.motion import Move, motion_bindings

# Background colours chosen from the 16 ANSI colours with a text colour that reads on each,
# so pairs stay distinct in TERM=xterm as well as in truecolor.
PAIR_STYLES: tuple[Style, ...] = tuple(
    Style.parse(spec)
    for spec in (
        "black on cyan",
        "black on yellow",
        "black on green",
        "black on magenta",
        "bright_white on blue",
        "black on bright_red",
        "black on bright_cyan",
        "black on bright_yellow",
    )
)
GUTTER_WIDTH = 10  # ``▶✓  2  67`` and a space: a score of 100 never runs into the number
# A label is a glyph in the gutter (readable without colour), coloured where colour exists:
# green, amber and red given as colours that stay so in 16 colours (as the word diff's).
LABEL_GLYPHS = {"same": "✓", "related": "~", "unrelated": "✗"}
LABEL_STYLES = {
    "same": Style(color="#22A34A", bold=True),
    "related": Style(color="#C89B00", bold=True),
    "unrelated": Style(color="#D14545", bold=True),
}
FOCUS_GLYPH = "▶"
SELECTED_GLYPH = "◆"  # a sentence chosen to be paired by hand
_SEARCH_STYLE = Style(color="black", bgcolor="bright_white", underline=True)
_SEARCH_CURRENT_STYLE = Style(color="black", bgcolor="bright_yellow", bold=True, underline=True)
_NUMBER_STYLE = Style(dim=True)
_HIT_STYLE = Style(underline=True)
_TAG_STYLE = Style(italic=True, dim=True)
_REMOVED_STYLE = Style(dim=True, italic=True)
_FOCUS_EXTRA = Style(bold=True, reverse=True)
_SPACE = re.compile(r"\s+")
# The rest of a word after a hit: letters and digits, joined by hyphens or apostrophes.
_WORD_REST = re.compile(r"(?:[-'’]?\w)*")


def pair_style(mark: PairMark) -> Style:
    """The highlight of a marked sentence's text."""
    base = PAIR_STYLES[mark.colour % len(PAIR_STYLES)]
    return base + _FOCUS_EXTRA if mark.focused else base


@dataclass
class Block:
    """A paragraph (or a removed boilerplate span) as it is shown, with its marked ranges."""

    text: str
    kind: str = "paragraph"  # "paragraph" | "removed"
    sentences: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, id
    hits: list[tuple[int, int]] = field(default_factory=list)
    tags: list[tuple[int, int]] = field(default_factory=list)
    start: int = 0  # offset of the block in the original text, for ordering


@dataclass(frozen=True)
class ArticleData:
    """What a pane needs to show an article; built off the UI thread."""

    article_id: str
    meta: dict
    sentences: pl.DataFrame
    hits: pl.DataFrame
    removed: pl.DataFrame

    def sentence_text(self, sentence_id: int) -> str:
        """The text of one sentence ("" when unknown)."""
        rows = self.sentences.filter(pl.col("sentence_id") == sentence_id)
        return rows["text"][0] if rows.height else ""

    def paragraph_of(self, sentence_id: int) -> int | None:
        """The paragraph id of one sentence."""
        rows = self.sentences.filter(pl.col("sentence_id") == sentence_id)
        return rows["paragraph_id"][0] if rows.height else None


def fold_space(text: str) -> str:
    """Runs of white space as one space, trimmed (how sentence texts are stored)."""
    return _SPACE.sub(" ", text).strip()


def _locate(sentence: str, matched: str, approx: int) -> int:
    """Where ``matched`` sits in ``sentence``: the occurrence nearest ``approx``, or -1."""
    haystack, needle = sentence.lower(), fold_space(matched).lower()
    if not needle:
        return -1
    best, position = -1, haystack.find(needle)
    while position != -1:
        if best == -1 or abs(position - approx) < abs(best - approx):
            best = position
        position = haystack.find(needle, position + 1)
    return best


def label_groups(
    text: str, found: Iterable[tuple[int, int, str]]
) -> list[tuple[int, int, int, list[str]]]:
    """Theme hits of a sentence as (start, end, label_at, themes), in text order.

    Hits that overlap, or end in the same word, are one group with one label naming each of
    their themes once; the label goes after the whole word the group ends in (``civil
    war-wracked ‹syria_war›``), never inside it.
    """
    groups: list[tuple[int, int, int, list[str]]] = []
    for start, end, theme in sorted(found):
        label_at = end + len(_WORD_REST.match(text, end)[0]) if end > start else end
        if groups and (start < groups[-1][2] or start == end == groups[-1][2]):
            first, last, at, themes = groups[-1]
            if theme not in themes:
                themes.append(theme)
            groups[-1] = (first, max(last, end), max(at, label_at), themes)
        else:
            groups.append((start, end, label_at, [theme]))
    return groups


def build_blocks(data: ArticleData, show_removed: bool, show_tags: bool = True) -> list[Block]:
    """The article's paragraphs in text order, each theme hit underlined (and tagged)."""
    hits_by_sentence: dict[int, list[dict]] = {}
    for hit in data.hits.iter_rows(named=True):
        hits_by_sentence.setdefault(hit["sentence_id"], []).append(hit)
    blocks: list[Block] = []
    current: _BlockText | None = None
    current_paragraph = None
    for row in data.sentences.sort("sentence_id").iter_rows(named=True):
        if current is None or row["paragraph_id"] != current_paragraph:
            if current is not None:
                current.finish()
            current = _BlockText(Block(text="", start=row["start"]))
            current_paragraph = row["paragraph_id"]
            blocks.append(current.block)
        text = row["text"]
        found: list[tuple[int, int, str]] = []
        for hit in hits_by_sentence.get(row["sentence_id"], ()):
            matched = hit.get("matched_text") or hit["phrase"]
            at = _locate(text, matched, hit["start"] - row["start"])
            if at >= 0:
                found.append((at, at + len(fold_space(matched)), hit["theme"]))
            else:
                found.append((len(text), len(text), hit["theme"]))
        if current.length:
            current.add(" ")
        sentence_start = current.length
        cursor = 0
        for start, end, label_at, themes in label_groups(text, found):
            current.add(text[cursor:start])
            hit = current.add(text[start:end])
            if end > start:
                current.block.hits.append(hit)
            cursor = end
            if not show_tags:
                continue
            current.add(text[end:label_at])
            cursor = label_at
            current.block.tags.append(current.add(f" ‹{', '.join(themes)}›"))
        current.add(text[cursor:])
        current.block.sentences.append((sentence_start, current.length, row["sentence_id"]))
    if current is not None:
        current.finish()
    if show_removed:
        for row in data.removed.iter_rows(named=True):
            label = f"[removed · {row['family']}] "
            blocks.append(
                Block(
                    text=label + fold_space(row["text"]),
                    kind="removed",
                    start=row["start"],
                    tags=[(0, len(label) - 1)],
                )
            )
        blocks.sort(key=lambda block: block.start)
    return blocks


class _BlockText:
    """A block's text made piece by piece and joined once (a paragraph of thousands of
    sentences made by ``+=``, a copy of the text so far per piece, took minutes)."""

    def __init__(self, block: Block) -> None:
        self.block = block
        self.length = len(block.text)
        self._pieces: list[str] = [block.text]

    def add(self, piece: str) -> tuple[int, int]:
        """Append ``piece``; its (start, end) in the block's text."""
        start = self.length
        if piece:
            self._pieces.append(piece)
            self.length += len(piece)
        return start, self.length

    def finish(self) -> None:
        """Write the pieces into the block's text."""
        self.block.text = "".join(self._pieces)


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap: (start, end) character ranges of the lines of ``text``, ``width`` cells."""
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    position, length = 0, len(text)
    while position < length:
        while position < length and text[position] == " ":
            position += 1
        if position >= length:
            break
        cells, index, last_space = 0, position, -1
        while index < length:
            size = get_character_cell_size(text[index])
            if cells + size > width:
                break
            if text[index] == " ":
                last_space = index
            cells += size
            index += 1
        if index >= length:
            lines.append((position, length))
            break
        if text[index] == " ":
            lines.append((position, index))
            position = index + 1
        elif last_space > position:
            lines.append((position, last_space))
            position = last_space + 1
        else:
            lines.append((position, max(index, position + 1)))
            position = max(index, position + 1)
    return lines or [(0, 0)]


def sentence_label(sentence_id: int) -> str:
    """How a sentence is named on screen: ``#1`` for the first (sentence ids count from 0)."""
    return f"#{sentence_id + 1}"


ID_LABEL_WIDTH = 22  # an article's id in a line of text, at most
_SHORTEST_ID_LABEL = 11  # ... and cut to fit a narrow pane's title, at least


def id_label(article_id: str, width: int = ID_LABEL_WIDTH) -> str:
    """How an article is named in a line of text: its id, or for a long one (a page named by
    its folders, "kerry-lavrov-agree-on-syria-talks-index") its start and end around "…",
    where ids made of paths differ."""
    if len(article_id) <= width:
        return article_id
    head = (width - 1) // 2
    return f"{article_id[:head]}…{article_id[len(article_id) - (width - 1 - head) :]}"


@dataclass(frozen=True)
class TextMatch:
    """A match of a search in the text shown: block, character range, and its sentence."""

    block: int
    start: int
    end: int
    sentence: int | None


def find_in_blocks(blocks: list[Block], term: str) -> list[TextMatch]:
    """Where ``term`` occurs (case-insensitively) in the text of the blocks, in reading order;
    theme tags are not text and never match."""
    needle = fold_space(term).lower()
    if not needle:
        return []
    found: list[TextMatch] = []
    for index, block in enumerate(blocks):
        haystack = block.text.lower()
        position = haystack.find(needle)
        # Sentences and tags are in text order and apart: each match looks up its own by
        # bisection (a one-paragraph article of 3,000 tagged sentences took seconds a letter).
        tag_starts = [start for start, _ in block.tags]
        sentence_starts = [start for start, _, _ in block.sentences]
        while position != -1:
            end = position + len(needle)
            tag = bisect_left(tag_starts, end) - 1  # the last tag opening before the match ends
            if tag < 0 or block.tags[tag][1] <= position:
                where = bisect_right(sentence_starts, position) - 1
                sentence = None
                if where >= 0 and position < block.sentences[where][1]:
                    sentence = block.sentences[where][2]
                found.append(TextMatch(index, position, end, sentence))
            position = haystack.find(needle, position + 1)
    return found


@dataclass(frozen=True)
class _Line:
    block: int | None  # None: the blank line between blocks
    start: int = 0
    end: int = 0
    sentence: int | None = None  # the sentence the line belongs to
    row: int = 0  # the line's place in its sentence (0: its first line)


# Compare's search keys, on the pane whose text has the focus rather than on the screen beside
# the pair keys n / N: Textual applies a keymap by key, and rebinding a pair key in the same
# bindings would drop the match key sharing it. The screen turns them off with no search on.
SEARCH_BINDINGS = [
    Binding(
        "n",
        "screen.step_match(1)",
        "Matches",
        key_display="n/N",
        tooltip="The next (n) or previous (N) match of the search",
        id="compare.next-match",
    ),
    Binding("N", "screen.step_match(-1)", "Prev match", show=False, id="compare.prev-match"),
]


class ArticleText(ScrollView, can_focus=True):
    """The scrolling body of a pane (Line API: only the lines on screen are rendered)."""

    HELP_NAME = "Article pane"

    BINDINGS: ClassVar[list[BindingType]] = [
        *motion_bindings(
            "pane",
            Move("down", "scroll_down", "Scroll down", "scroll-down"),
            Move("up", "scroll_up", "Scroll up", "scroll-up"),
            Move("home", "scroll_home"),
            Move("end", "scroll_end"),
            Move("page_down", "page_down"),
            Move("page_up", "page_up"),
            space_pages=True,
        ),
        *SEARCH_BINDINGS,
    ]

    DEFAULT_CSS = """
    ArticleText {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.blocks: list[Block] = []
        self.marks: dict[int, PairMark] = {}
        self.focus_sentence: int | None = None
        self.selected_sentence: int | None = None
        self.matches: dict[int, list[tuple[int, int, bool]]] = {}  # block → (start, end, current)
        self.on_scrolled: Callable[[ArticleText], None] | None = None
        self.on_resized: Callable[[ArticleText], None] | None = None  # after a resize
        # After the reader moved the text (keys, mouse wheel, scroll bar), not the program.
        self.on_moved: Callable[[ArticleText], None] | None = None
        self._lines: list[_Line] = []
        self._sentence_lines: dict[int, int] = {}
        self._laid_out_width = -1
        self._cache: dict[int, Strip] = {}
        self._pending_sentence: int | None = None

    # -- content --------------------------------------------------------------------------

    def set_blocks(self, blocks: list[Block]) -> None:
        """Show new blocks (a new article, or removed spans toggled)."""
        self.blocks = blocks
        self._laid_out_width = -1
        self._sentence_lines = {}
        self._lines = []
        self.layout_lines()

    def set_marks(
        self,
        marks: dict[int, PairMark],
        focus_sentence: int | None = None,
        selected_sentence: int | None = None,
    ) -> None:
        """Restyle aligned sentences; layout is kept, only the cached lines are dropped."""
        self.marks = marks
        self.focus_sentence = focus_sentence
        self.selected_sentence = selected_sentence
        self._cache.clear()
        self.refresh()

    def set_matches(self, matches: list[TextMatch], current: int | None = None) -> None:
        """Highlight search matches (``current``: the index of the one stepped to)."""
        self.matches = {}
        for index, match in enumerate(matches):
            self.matches.setdefault(match.block, []).append(
                (match.start, match.end, index == current)
            )
        self._cache.clear()
        self.refresh()

    def line_of_offset(self, block: int, offset: int) -> int | None:
        """The line showing character ``offset`` of ``block`` (None: no such block)."""
        for index, line in enumerate(self._lines):
            if line.block == block and offset < line.end:
                return index
        return None

    def sentence_at_line(self, index: int) -> int | None:
        """The sentence shown on line ``index``, or the nearest one above it."""
        for line in reversed(self._lines[: max(index, 0) + 1]):
            if line.sentence is not None:
                return line.sentence
        return next((line.sentence for line in self._lines if line.sentence is not None), None)

    def reading_sentence(self) -> int | None:
        """The sentence at the reading line, a third of the way down (where jumps put one)."""
        return self.sentence_at_line(round(self.scroll_y) + self.size.height // 3)

    def scroll_to_line(self, line: int) -> None:
        """Put a line a third of the way down."""
        self.scroll_to(y=max(line - self.size.height // 3, 0), animate=False, force=True)

    def in_view(self, line: int | None) -> bool:
        """Whether line ``line`` is on screen."""
        top = round(self.scroll_y)
        return line is not None and top <= line < top + self.size.height

    def sentences_in_view(self) -> list[int]:
        """The sentences with a line on screen, in reading order."""
        top = round(self.scroll_y)
        seen: dict[int, None] = {}
        for line in self._lines[top : top + self.size.height]:
            if line.sentence is not None:
                seen.setdefault(line.sentence)
        return list(seen)

    def scroll_to_sentence(self, sentence_id: int) -> None:
        """Put a sentence a third of the way down (once the text is laid out, if it is not yet)."""
        line = self._sentence_lines.get(sentence_id)
        if line is None:
            self._pending_sentence = sentence_id if not self._lines else None
            return
        self._pending_sentence = None
        self.scroll_to_line(line)

    def line_of(self, sentence_id: int) -> int | None:
        """The first line of a sentence, or None if the article has no such sentence."""
        return self._sentence_lines.get(sentence_id)

    def line_text(self, index: int) -> str:
        """The plain text of laid-out line ``index``, gutter included, wherever it is scrolled."""
        if not 0 <= index < len(self._lines):
            return ""
        return self._render_full_line(index, self.rich_style).text

    @property
    def laid_out(self) -> bool:
        """Whether the text has been wrapped to the pane's width (its lines are known)."""
        return self._laid_out_width > 0

    @property
    def line_count(self) -> int:
        """How many lines the laid-out text has."""
        return len(self._lines)

    def layout_lines(self) -> None:
        """Wrap every block to the current width (cheap: a few thousand characters)."""
        # The scrollbar's column is always kept free, so its appearing never needs a re-wrap.
        available = self.content_region.width - self.styles.scrollbar_size_vertical
        if available <= GUTTER_WIDTH:
            return  # not laid out yet: on_resize wraps the text once the pane has a width
        width = max(available - GUTTER_WIDTH, 10)
        if width == self._laid_out_width:
            return
        # A re-wrap (resize, a scrollbar appearing) keeps the sentence at the top in place.
        anchor = self._top_sentence() if self._laid_out_width > 0 else None
        old_width, self._laid_out_width = self._laid_out_width, width
        lines: list[_Line] = []
        sentence_lines: dict[int, int] = {}
        for index, block in enumerate(self.blocks):
            if index:
                lines.append(_Line(None))
            if not block.sentences:
                lines.extend(_Line(index, a, b) for a, b in wrap_offsets(block.text, width))
                continue
            for start, end, sentence_id in block.sentences:
                sentence_lines.setdefault(sentence_id, len(lines))
                for row, (a, b) in enumerate(wrap_offsets(block.text[start:end], width)):
                    lines.append(_Line(index, start + a, start + b, sentence_id, row))
        self._lines = lines
        self._sentence_lines = sentence_lines
        self._cache.clear()
        self.virtual_size = Size(width + GUTTER_WIDTH, len(lines))
        if self._pending_sentence is not None:
            self.scroll_to_sentence(self._pending_sentence)
        elif anchor is not None:
            sentence, offset = anchor
            offset = round(offset * old_width / width)  # the same share of a re-wrapped sentence
            self.scroll_to(y=sentence_lines.get(sentence, 0) + offset, animate=False, force=True)
        self.refresh()

    def _top_sentence(self) -> tuple[int, int] | None:
        """(sentence, lines below its start) of the sentence starting at or above the top line."""
        top = round(self.scroll_y)
        best: tuple[int, int] | None = None
        for sentence, line in self._sentence_lines.items():
            if line <= top and (best is None or line > self._sentence_lines[best[0]]):
                best = (sentence, top - line)
        return best

    def on_resize(self) -> None:
        self.layout_lines()
        if self.on_resized is not None:
            self.on_resized(self)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.on_scrolled is not None and round(old_value) != round(new_value):
            self.on_scrolled(self)

    # -- rendering ------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """The lines drawn in the old styles go (a theme switched with ``ctrl+t``)."""
        super().notify_style_update()
        self._cache.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._cache.get(index)
        if strip is None:
            strip = self._render_full_line(index, base)
            self._cache[index] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _render_full_line(self, index: int, base: Style) -> Strip:
        line = self._lines[index]
        if line.block is None:
            return Strip.blank(GUTTER_WIDTH, base)
        block = self.blocks[line.block]
        body = Text(block.text[line.start : line.end], style=base, no_wrap=True, end="")
        if block.kind == "removed":
            body.stylize(_REMOVED_STYLE)
            text = "   cut" if line.start == 0 else ""
            gutter = Text(text, style=base + Style(dim=True, italic=True))
        else:
            mark = self.marks.get(line.sentence) if line.sentence is not None else None
            if mark is not None:
                body.stylize(pair_style(mark))
            elif line.sentence is not None and line.sentence == self.focus_sentence:
                body.stylize(_FOCUS_EXTRA)
            gutter = self._gutter(line, mark, base)
        spans = [(start, end, _HIT_STYLE) for start, end in block.hits]
        spans += [(start, end, _TAG_STYLE) for start, end in block.tags]
        spans += [
            (start, end, _SEARCH_CURRENT_STYLE if current else _SEARCH_STYLE)
            for start, end, current in self.matches.get(line.block, ())
        ]
        for start, end, style in spans:
            if end > line.start and start < line.end:
                body.stylize(
                    style, max(start, line.start) - line.start, min(end, line.end) - line.start
                )
        gutter.truncate(GUTTER_WIDTH, pad=True)
        segments = list(gutter.render(self.app.console)) + list(body.render(self.app.console))
        # Rich drops a Text's own style when it has no spans: the base goes under every segment.
        return Strip(segments).apply_style(base)

    def _gutter(self, line: _Line, mark: PairMark | None, base: Style) -> Text:
        """``▶✓  2  67``: focus, label, pair number and score on a paired sentence's first line;
        ``#12`` (the sentence's number) on the first line of any other sentence and on the
        second line of a paired one."""
        sentence = line.sentence
        focused = sentence == self.focus_sentence or (mark is not None and mark.focused)
        selected = sentence is not None and sentence == self.selected_sentence
        glyph = " "
        if line.row == 0:
            glyph = FOCUS_GLYPH if focused else SELECTED_GLYPH if selected else " "
        gutter = Text(glyph, style=base + Style(bold=True))
        if mark is not None and line.row == 0:
            label = mark.label
            labelled = label in LABEL_GLYPHS
            # The pair number and the score apart, the score in three digits ("  1 100", not
            # "  1100"); a number of four digits (two long reports) takes the label's column
            # when the pair has no label ("1024 100"), else the space between.
            long_number = mark.number >= 1000
            if labelled or not long_number:
                gutter.append(
                    LABEL_GLYPHS.get(label, " "), style=base + LABEL_STYLES.get(label, Style())
                )
            colour = PAIR_STYLES[mark.colour % len(PAIR_STYLES)]
            gutter.append(f"{mark.number:>3}", style=base + colour)
            score = f"{mark.score:>3.0f}"
            gutter.append(
                score if long_number and labelled else f" {score}",
                style=base + Style(dim=not mark.focused),
            )
        elif sentence is not None and line.row == (1 if mark is not None else 0):
            strong = focused or selected
            gutter.append(
                f"{sentence_label(sentence):>8}",
                style=base + (Style(bold=True) if strong else _NUMBER_STYLE),
            )
        return gutter

    # -- actions --------------------------------------------------------------------------

    def _move(self, y: float) -> None:
        """Scroll where the reader asked, then say so (``on_moved``)."""
        self.scroll_to(y=y, animate=False, force=True)
        self._moved()

    def _moved(self) -> None:
        if self.on_moved is not None:
            self.on_moved(self)

    def on_mouse_scroll_down(self) -> None:
        self.call_next(self._moved)  # once the wheel has scrolled

    def on_mouse_scroll_up(self) -> None:
        self.call_next(self._moved)

    def on_scroll_to(self) -> None:
        self.call_next(self._moved)  # the scroll bar dragged

    def action_scroll_home(self) -> None:
        self._move(0)

    def action_scroll_end(self) -> None:
        self._move(self.max_scroll_y)

    def action_scroll_down(self) -> None:
        self._move(self.scroll_y + 1)

    def action_scroll_up(self) -> None:
        self._move(self.scroll_y - 1)

    def action_page_down(self) -> None:
        self._move(self.scroll_y + max(self.size.height - 2, 1))

    def action_page_up(self) -> None:
        self._move(self.scroll_y - max(self.size.height - 2, 1))


TITLE_LINES = 2  # a pane's header shows this many lines of the article's title


def clamp_title(title: str, width: int | None, lines: int = TITLE_LINES) -> str:
    """``title`` as the pane's header shows it, ``width`` cells a line: whole when it fits in
    ``lines`` lines, else cut at the end of the last one with "…" (the header's height would
    cut it without a mark)."""
    if width is None or width < 2:
        return title
    wrapped = wrap_offsets(title, width)
    if len(wrapped) <= lines:
        return title
    start, end = wrapped[lines - 1]
    last = title[start:end]
    while last and cell_len(last) > width - 1:
        last = last[:-1]
    return title[:start] + last.rstrip() + "…"


def article_heading(meta: dict, width: int | None = None) -> tuple[str, str]:
    """(border title, header line) for an article: id · date · outlet, and the title. A date or
    an outlet inferred from the text, an address or the file name is marked "~", as the Library
    marks it: it is never shown as certain. In ``width`` cells a long id is cut further (its start
    and end) so that the date shows whole."""
    date = meta.get("published") or "undated"
    if meta.get("published") and meta.get("date_source") in INFERRED_DATE_SOURCES:
        date += "~"
    outlet = meta.get("outlet") or "unknown outlet"
    if meta.get("outlet") and meta.get("outlet_source") in INFERRED_OUTLET_SOURCES:
        outlet += "~"
    title = meta.get("title") or meta.get("article_id", "")
    article_id = meta.get("article_id", "")
    label_width = ID_LABEL_WIDTH
    if width is not None:  # the id, the date whole and the outlet's first letters
        label_width = max(_SHORTEST_ID_LABEL, min(label_width, width - len(date) - 6 - 5))
    return f"{id_label(article_id, label_width)} · {date} · {outlet}", title


class ArticlePane(Vertical):
    """A titled pane holding one article's text."""

    DEFAULT_CSS = """
    ArticlePane {
        border: round $panel;
        height: 1fr;
        width: 1fr;
        padding: 0;
    }
    ArticlePane:light {  /* $panel is white in 16 colours: on white, no border, no title */
        border: round $foreground 50%;
    }
    ArticlePane:focus-within {
        border: round $accent;
    }
    ArticlePane > .pane-title {
        text-style: bold;
        height: auto;
        max-height: 2;
        padding: 0 1;
        color: $text;
    }
    """

    article_id: reactive[str | None] = reactive(None, init=False)

    def __init__(self, article_id: str | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(ArticlePane.article_id, article_id)
        self.data: ArticleData | None = None

    def compose(self) -> Iterable:
        yield Static("", classes="pane-title", markup=False)
        yield ArticleText()

    @property
    def text(self) -> ArticleText:
        """The scrolling body."""
        return self.query_one(ArticleText)

    def _title_width(self) -> int | None:
        """The cells the border title has (None before the pane is laid out)."""
        return self.size.width - 4 if self.size.width else None

    def on_resize(self) -> None:
        """Fit the border title and the header to the pane's new width."""
        if self.data is not None:
            self._show_heading()

    def _show_heading(self) -> None:
        width = self._title_width()
        border, title = article_heading(self.data.meta, width)
        self.border_title = border
        self.query_one(".pane-title", Static).update(clamp_title(title, width))

    def show(self, data: ArticleData, show_removed: bool, show_tags: bool = True) -> None:
        """Show ``data`` (laid out now; restyled later with ``text.set_marks``)."""
        self.data = data
        self.set_reactive(ArticlePane.article_id, data.article_id)
        self._show_heading()
        self.text.set_blocks(build_blocks(data, show_removed, show_tags))
