"""One document: bytes + metadata → article row, sentences, removed spans (``ingest_document``).

Pure (no I/O): a cache re-ingests only the files that changed, and ``corpus.ingest`` puts a
corpus together again from the documents (``assemble_corpus``).
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from workbench.corpus.address import own_address
from workbench.corpus.boilerplate import (
    LEAD_PARAGRAPHS,
    Removal,
    Rule,
    RuleSet,
    find_boilerplate,
    lead_prefix,
    line_facts,
    line_key,
    rules_pass,
    with_title,
)
from workbench.corpus.byline import byline_author
from workbench.corpus.dates import (
    FoundDate,
    date_from_filename,
    find_date,
    first_date,
    is_dateline,
    paragraphs,
)
from workbench.corpus.email_message import EMAIL_SUFFIXES, EmailArticle, email_article
from workbench.corpus.headline import (
    body_start,
    find_headline,
    is_furniture,
    reads_as_question_lead,
    reads_as_sentence,
    without_leading_date,
    word_count,
)
from workbench.corpus.json_article import JSON_SUFFIXES, JsonArticle, json_article
from workbench.corpus.listing import (
    HTML_SUFFIXES,
    SAVED_PAGE_SUFFIXES,
    FileSkipped,
    article_name,
    kind_suffix,
)
from workbench.corpus.manifest import (
    ArticleMeta,
    front_matter,
    id_from_filename,
    parse_published,
    reader_header,
)
from workbench.corpus.markdown import MARKDOWN_SUFFIXES, plain_text
from workbench.corpus.news_export import export_articles, export_warning
from workbench.corpus.news_xml import NEWS_XML_SUFFIXES, is_xhtml, news_xml_article
from workbench.corpus.normalize import normalize_many
from workbench.corpus.office_document import (
    OPENDOCUMENT_SUFFIXES,
    RTF_SUFFIXES,
    WORD_SUFFIXES,
    DocumentText,
    UnreadableDocument,
    odt_text,
    rtf_text,
    word_text,
)
from workbench.corpus.outlet import (
    FROM_ADDRESS,
    FROM_FILE_NAME,
    FROM_PAGE_HEADER,
    FROM_TEXT,
    gazetteer,
    infer_outlet,
    known_outlet_name,
    page_outlet,
)
from workbench.corpus.outlook_msg import MSG_SUFFIXES, msg_article
from workbench.corpus.pdf_document import PDF_SUFFIXES, join_broken_words, pdf_text
from workbench.corpus.region import (
    before_comments,
    boxed_lists,
    comments_start,
    footer_start,
    is_page_header,
    listing_start,
    slide_shows,
    story_lists,
)
from workbench.corpus.running import print_header, printed_page, running_lines
from workbench.corpus.segment import line_spans, paragraph_spans, sentence_spans
from workbench.corpus.sniff import sniffed_suffix
from workbench.corpus.textio import DecodedText, NotTextError, decode_text
from workbench.corpus.webpage import (
    WEB_ARCHIVE_SUFFIX,
    declared_charset,
    is_markup,
    read_webpage,
    saved_page,
    web_archive_page,
)
from workbench.corpus.word97 import OLE_MAGIC, WORD97_SUFFIXES, word97_text
from workbench.errors import WorkbenchError

_PAGE_NUMBER = "page-number"  # the rule that removes a page's number (and a print's address)
_ADDRESS_LINE = "address-line"  # the removal of a line giving the article's own address
_NO_ARTICLE = "no article text once boilerplate is removed"
_MASTHEAD_LINES = 2  # the first lines of a text, where a page saved as text names its site
# Where a date comes from when it was inferred rather than given: shown as uncertain.
INFERRED_DATE_SOURCES = ("dateline", "text-mention", "address", "file-name")
_TYPED_SOURCES = ("manifest", "sidecar")  # what a person wrote stays as written
_OUTLET_NOTES = {
    FROM_ADDRESS: "outlet taken from the article's address",
    FROM_FILE_NAME: "outlet taken from the file name",
    FROM_TEXT: "outlet taken from what the page says of itself",
}


@dataclass(frozen=True)
class IngestedDocument:
    """Everything ingest learned from one file, as plain values (picklable, cacheable)."""

    article_id: str
    file: str
    article: dict[str, object]  # one row of `articles`
    text: str  # the original decoded text
    sentence_starts: tuple[int, ...] = ()
    sentence_ends: tuple[int, ...] = ()
    paragraph_ids: tuple[int, ...] = ()
    sentence_texts: tuple[str, ...] = ()
    sentence_norms: tuple[str, ...] = ()
    removed: tuple[tuple[int, int, str, str], ...] = ()  # start, end, rule, family
    warnings: tuple[str, ...] = ()
    skipped: bool = False  # True when the file could not be read as text


def skipped_document(
    name: str, meta: ArticleMeta | None, reason: str, inferred_id: str | None = None
) -> IngestedDocument:
    """The document of a file that could not be read: no article, a warning saying why."""
    article_id = meta.article_id if meta else inferred_id or id_from_filename(name)
    return IngestedDocument(
        article_id=article_id,
        file=name,
        article={},
        text="",
        warnings=(f"{name}: {reason} (skipped)",),
        skipped=True,
    )


def _first_meaningful_line(
    text: str, lines: list[tuple[int, int]], keep: list[bool], rules: RuleSet
) -> str | None:
    """The first kept line with a letter or digit, without its opening (``without_opening``)."""
    for (start, end), kept in zip(lines, keep, strict=True):
        key = line_key(text[start:end]).lstrip("#").strip() if kept else ""
        if key and any(char.isalnum() for char in key) and not is_furniture(key):
            return without_opening(key, rules)
    return None


def without_opening(line: str, rules: RuleSet) -> str:
    """A first paragraph's line without the opening a rule of kind "lead" takes from it (a wire
    story's "MOSCOW (Reuters) -", "March 9, 2015 .") or a source glued to it ("(CNN)Singer")."""
    lead = lead_prefix(line, rules)
    if lead is not None and line[lead[0] :].strip():
        line = line[lead[0] :].strip()
    return _GLUED_SOURCE.sub("", line)


# A source in brackets glued to the text it opens, where it was filed before it: "(CNN)Singer …",
# "London (CNN)A photo …", "(The Hollywood Reporter)A".
_GLUED_SOURCE = re.compile(
    r"^(?:{place}(?:, {place})? )?\([A-Z][^()]{{1,40}}\)(?=[A-Z\"“‘'])".format(
        place=r"[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){0,2}"
    )
)


# The source in brackets of a dateline that opens the article: "(Mental Floss) --".
_DATELINE_SOURCE = re.compile(r"\(([^()]{1,40})\)")
_DATELINE_RULES = frozenset({"wire-dateline", "wire-credit", "agency-tag"})


def _without_credited_source(author: str, text: str, removals: list[Removal]) -> str:
    """An author field of several names without the one the article's dateline credits as
    its source ("Ethan Trex; Mental Floss" above "(Mental Floss) -- More and more …"): the
    publication the story was taken from, not a writer."""
    names = author.split("; ")
    if len(names) < 2:
        return author
    credited = {
        _key(found[1])
        for removal in removals
        if removal.rule in _DATELINE_RULES
        for found in _DATELINE_SOURCE.finditer(text[removal.start : removal.end])
    }
    kept = [name for name in names if _key(name) not in credited]
    return "; ".join(kept) if kept else author


def _key(text: str) -> str:
    return re.sub(r"[^\w]", "", text.casefold())


def _title_from_line(line: str | None) -> str | None:
    if line is None:
        return None
    words = line.split()
    if len(words) <= 25:
        return line
    return " ".join(words[:12]) + " …"


def _goes_on(text: str, lines: list[tuple[int, int]], end: int) -> bool:
    """Whether the line at ``end`` goes on with the paragraph above it: a sentence right below
    it, no blank line between, in a text that puts blank lines between its paragraphs."""
    following = [text[start:stop].strip() for start, stop in lines[end : end + _GOES_ON_LINES]]
    return bool(following) and reads_as_sentence(following[0]) and "" in following[1:]


_GOES_ON_LINES = 40  # lines looked at below a title for a blank line between paragraphs


def _line_keep(lines: list[tuple[int, int]], removals: list[Removal]) -> list[bool]:
    """For each line, False when a removed span (sorted) overlaps it."""
    keep = [True] * len(lines)
    index = 0
    for number, (start, end) in enumerate(lines):
        while index < len(removals) and removals[index].end <= start:
            index += 1
        if index < len(removals) and removals[index].start <= max(start, end - 1):
            keep[number] = False
    return keep


def _lines_removed_as(
    lines: list[tuple[int, int]], removals: list[Removal], families: tuple[str, ...]
) -> frozenset[int]:
    """The lines that cleaning removed as one of ``families`` ("Byline", "Photo caption")."""
    starts = [line[0] for line in lines]
    return frozenset(
        bisect.bisect_right(starts, removal.start) - 1
        for removal in removals
        if removal.family in families
    )


# What other rules remove that a page's footer holds: its lines count in the footer's run.
FOOTER_FAMILIES = (
    "Share buttons",
    "Social links",
    "Newsletter sign-up",
    "Cookie notice",
    "Donation appeal",
    "Paywall teaser",
    "Disclaimer",
    "Page furniture",
)


def _page_outside(
    shown: list[str],
    written: list[str],
    headline: int | None,
    first_paragraph: int | None,
    lines: list[tuple[int, int]],
    keep: list[bool],
    rules: RuleSet,
    footer_lines: frozenset[int] = frozenset(),
) -> list[Removal]:
    """The lines that other rules left of a saved page's header (above its headline), lists
    of other stories and footer (below its article, from its comments on), each as a removal,
    as far as the page rules are in force."""
    outside: list[tuple[int, Rule]] = []
    header = rules.page_rule("page-header")
    if header is not None and headline is not None and is_page_header(shown, headline):
        outside += [(n, header) for n in range(headline)]
    if first_paragraph is None:
        return _removals_of(outside, lines, keep)
    stories = rules.page_rule("story-list")
    # A line another rule removed as what a footer holds (a share row, a newsletter box) is one
    # of the footer's lines.
    counted = [line or ("·" if n in footer_lines else "") for n, line in enumerate(shown)]
    ends = [
        footer_start(counted, first_paragraph),
        comments_start(written, first_paragraph),
        listing_start(shown, written, first_paragraph),
    ]
    if stories is not None:
        listed = story_lists(shown, written, first_paragraph)
        # a box may stand between the headline and the body too
        top = first_paragraph if headline is None else min(headline, first_paragraph)
        listed += boxed_lists(shown, written, top)
        listed += slide_shows(shown, first_paragraph)
        outside += [(n, stories) for span in listed for n in span]
        if listed:  # where the page goes on below its lists of stories, they are not in the way
            in_lists = {n for span in listed for n in span}
            without = ["" if n in in_lists else line for n, line in enumerate(counted)]
            ends.append(footer_start(without, first_paragraph))
    footer_rule = rules.page_rule("page-footer")
    if footer_rule is not None:
        footer = min((n for n in ends if n is not None), default=None)
        if footer is not None:
            outside += [(n, footer_rule) for n in range(footer, len(lines))]
    return _removals_of(outside, lines, keep)


# An extracted article's tail below a list's heading is the list when it is at most this share
# of the article's words: a longer one is a section of the article ("See also" in a manual).
LISTING_LEFT_SHARE = 0.25


def _listing_left(
    shown: list[str],
    written: list[str],
    first_paragraph: int,
    lines: list[tuple[int, int]],
    keep: list[bool],
    rules: RuleSet,
) -> list[Removal]:
    """The lines of a web page's extracted article from the heading of a list of other stories
    that ends it ("You might also like", "Related stories") on, or from its comments section
    on, as the page footer's removals, and its slide shows, as lists of stories: extractors
    keep such lists and comments when they are marked up as the article's."""
    footer_rule = rules.page_rule("page-footer")
    stories = rules.page_rule("story-list")
    outside: list[tuple[int, Rule]] = []
    if stories is not None:  # a gallery's slides, however long
        outside += [(n, stories) for show in slide_shows(shown, first_paragraph) for n in show]
    start = listing_start(shown, written, first_paragraph)
    if footer_rule is not None and start is not None:
        tail = sum(len(line.split()) for line in shown[start:])
        if tail <= LISTING_LEFT_SHARE * sum(len(line.split()) for line in shown):
            outside += [(n, footer_rule) for n in range(start, len(lines))]
    comments = comments_start(written, first_paragraph)
    if footer_rule is not None and comments is not None:  # however long: readers' words
        outside += [(n, footer_rule) for n in range(comments, len(lines))]
    return _removals_of(outside, lines, keep)


def _removals_of(
    outside: list[tuple[int, Rule]], lines: list[tuple[int, int]], keep: list[bool]
) -> list[Removal]:
    """Each line a page rule takes that other rules left, once, as a removal of that rule."""
    taken: dict[int, Rule] = {}
    for n, rule in outside:
        taken.setdefault(n, rule)
    return [
        Removal(*lines[n], rule.rule_id, rule.family)
        for n, rule in sorted(taken.items())
        if keep[n] and lines[n][1] > lines[n][0]
    ]


def _body(
    text: str, lines: list[tuple[int, int]], removals: list[Removal], rules: RuleSet
) -> tuple[list[int], list[int], list[int], list[Removal]] | None:
    """The article's sentences (starts, ends, paragraph ids) once ``removals`` are taken out,
    a wire's dateline opening its first paragraphs taken off their sentences, and the
    removals with those datelines; None when no sentence is left."""
    keep = _line_keep(lines, removals)
    starts, ends, paragraph_ids = _sentences(text, lines, keep)
    if not starts and any(r.rule == _TITLE_LINE for r in removals):
        # A text of one line (a headline, a short post) is its own title and its body.
        removals = [r for r in removals if r.rule != _TITLE_LINE]
        keep = _line_keep(lines, removals)
        starts, ends, paragraph_ids = _sentences(text, lines, keep)
    tail = {rule.rule_id for rule in rules.rules if rule.where == "tail"} if not starts else set()
    if tail and any(r.rule in tail for r in removals):
        # A short post's one line over its template's furniture: what is left once the
        # furniture is gone is no list of links below an article, but the article. Left as
        # a page of several such lines is (a list of other stories, and nothing else).
        restored = [r for r in removals if r.rule not in tail]
        keep = _line_keep(lines, restored)
        found = _sentences(text, lines, keep)
        if len(set(found[2])) == 1:
            removals, (starts, ends, paragraph_ids) = restored, found
    if not starts:
        return None
    leads = _lead_removals(text, starts, ends, paragraph_ids, rules)
    if leads:  # the wire's dateline opening the first paragraph: its sentence starts after it
        for number, start, _ in leads:
            starts[number] = start
        removals = sorted(removals + [removal for *_, removal in leads], key=lambda r: r.start)
        # A dateline that is a sentence of its own ("MOSCOW, May 7. /TASS/.") leaves none.
        whole = [n for n in range(len(starts)) if starts[n] >= ends[n]]
        if whole and len(whole) < len(starts):
            starts, ends, paragraph_ids = (
                [values[n] for n in range(len(values)) if n not in whole]
                for values in (starts, ends, paragraph_ids)
            )
    # "… in the retrial. The story first appeared on …. Featured image via …": the article's
    # own closing sentences, a copy that lost its line breaks having glued them to its end.
    while (closing := _closing_removal(text, starts, ends, rules)) is not None:
        starts, ends, paragraph_ids = starts[:-1], ends[:-1], paragraph_ids[:-1]
        removals = sorted([*removals, closing], key=lambda r: r.start)
    credit = _glued_credit(text, starts[-1], ends[-1], rules)
    if credit is not None:  # "… in 2018.Featured image via …", "… on Twitter The story first …"
        ends[-1] = starts[-1] + len(text[starts[-1] : credit.start].rstrip())
        removals = sorted([*removals, credit], key=lambda r: r.start)
    return starts, ends, paragraph_ids, removals


# Where a closing sentence may start glued to the one before it: "… in 2018.Featured image via
# …", "Follow us on Twitter The story first appeared on …".
_GLUED_CLOSING = re.compile(
    r"(?<=\S)\s?(?=(?:Featured|Header|Top) (?:image|photo|picture)\b|The (?:story|article) )"
)


def _glued_credit(text: str, start: int, end: int, rules: RuleSet) -> Removal | None:
    """The removal of a closing sentence (``CLOSING_RULES``) glued to the end of the article's
    last sentence, which stays."""
    for found in _GLUED_CLOSING.finditer(text, start, end):
        rule = _closing_rule(line_key(text[found.end() : end]), rules)
        if rule is not None:
            return Removal(found.end(), end, rule.rule_id, rule.family)
    return None


# Rules whose line may also stand as the last sentence of the article's last paragraph, where a
# copy that lost its line breaks leaves it: a blog's photo credit, a republication note.
CLOSING_RULES = ("featured-image", "republication-note", "photo-caption-credit-end")


def _closing_rule(key: str, rules: RuleSet) -> Rule | None:
    """The rule of ``CLOSING_RULES`` that matches a sentence (as a line key) whole, if any."""
    for rule in rules.rules:
        pattern = rule.pattern if rule.rule_id in CLOSING_RULES else None
        if pattern is not None and pattern.field is None and pattern.match(key, {}):
            return rule
    return None


def _closing_removal(
    text: str, starts: list[int], ends: list[int], rules: RuleSet
) -> Removal | None:
    """The removal of the article's last sentence when a rule of ``CLOSING_RULES`` matches it
    whole (never the only sentence)."""
    if len(starts) < 2:
        return None
    rule = _closing_rule(line_key(text[starts[-1] : ends[-1]]), rules)
    return None if rule is None else Removal(starts[-1], ends[-1], rule.rule_id, rule.family)


def _header_view(
    text: str,
    lines: list[tuple[int, int]],
    keep: list[bool],
    removals: list[Removal],
    keys: list[str] | None = None,
) -> tuple[list[str], list[str], frozenset[int]]:
    """What a headline is chosen from: each line as cleaning leaves it ("" when removed), each
    line as written, and the lines removed as bylines or datelines (they follow a headline).
    ``keys``: each line's ``line_key`` when made already (the rules' ``LineFacts``)."""
    written = keys if keys is not None else [line_key(text[a:b]) for a, b in lines]
    shown = [line.lstrip("#").strip() if k else "" for line, k in zip(written, keep, strict=True)]
    return shown, written, _lines_removed_as(lines, removals, ("Byline", "Dateline"))


def _with_captions(
    shown: list[str], written: list[str], lines: list[tuple[int, int]], removals: list[Removal]
) -> list[str]:
    """``shown`` with the photos' captions back in view, for finding the headline: a caption is
    no prose of the article, but a lead photo's caption is where the article begins below its
    headline (the page's header and footer are still found without them)."""
    captions = _lines_removed_as(lines, removals, ("Photo caption",))
    if not captions:
        return shown
    return [
        written[n].lstrip("#").strip() if n in captions else line for n, line in enumerate(shown)
    ]


def _headline_end(shown: list[str], headline: int | None) -> int:
    """The line past the headline's last: a headline wrapped at a fixed width (a page saved as
    text by a browser) goes on over the lines of its paragraph."""
    if headline is None:
        return 0
    if headline + 1 >= len(shown) or not shown[headline + 1]:
        return headline + 1
    return next((end for first, end, _ in paragraphs(shown) if first == headline), headline + 1)


def _address_date(url: str | None) -> str | None:
    """The date an article's address gives ("https://site/2019/05/17/story" → 2019-05-17, as
    much of it as the address has), read as a file's folders are."""
    if not url:
        return None
    path = url.split("://", 1)[-1].split("?", 1)[0].split("#", 1)[0]
    return date_from_filename(path.partition("/")[2]) if "/" in path else None


def headline_view(text: str, rules: RuleSet) -> tuple[list[str], list[str], frozenset[int]]:
    """The lines a text's headline is chosen from, as ingest sees a file without metadata."""
    lines = line_spans(text)
    removals = find_boilerplate(lines, text, rules, {"author": None, "title": None})
    shown, written, bylines = _header_view(
        text, lines, _line_keep(lines, _merge_removals(removals)), removals
    )
    return (
        before_comments(_with_captions(shown, written, lines, removals), written),
        written,
        bylines,
    )


def _merge_removals(removals: list[Removal]) -> list[Removal]:
    """Sorted, with spans that another span contains dropped and overlaps trimmed."""
    merged: list[Removal] = []
    for removal in sorted(removals, key=lambda r: (r.start, -r.end)):
        if merged and removal.end <= merged[-1].end:
            continue
        if merged and removal.start < merged[-1].end:
            removal = Removal(merged[-1].end, removal.end, removal.rule, removal.family)
        merged.append(removal)
    return merged


def document_text(raw: bytes, suffix: str) -> DocumentText | None:
    """The text and title of a Word, OpenDocument, RTF or PDF document (None for a file of
    another kind)."""
    if suffix in WORD_SUFFIXES:
        return word_text(raw)
    if suffix in WORD97_SUFFIXES:
        return word97_text(raw)
    if suffix in OPENDOCUMENT_SUFFIXES:
        return odt_text(raw)
    if suffix in RTF_SUFFIXES:
        return rtf_text(raw)
    if suffix in PDF_SUFFIXES:
        return pdf_text(raw)
    return None


@dataclass(frozen=True)
class FileText:
    """One file read as the text that cleaning works on, and what the file says of itself."""

    text: str
    encoding: str
    is_page: bool  # a web page's extracted text (the page's furniture is the extractor's)
    embedded: dict[str, str]  # title, author, published, outlet, url, language it carries
    embedded_source: str  # html-meta, document-meta, email, xml-meta or json-meta
    warnings: tuple[str, ...] = ()
    dateline: str | None = None  # the day a web page's header states (its markup states none)


def file_text(raw: bytes, name: str) -> FileText:
    """A file's bytes read as text: a web page's or an e-mail's article extracted, a Word,
    RTF or PDF document's text, a text file decoded (pure); FileSkipped with the reason when
    there is none to read."""
    suffix = kind_suffix(name) or sniffed_suffix(raw)
    if suffix in WORD97_SUFFIXES and not raw.startswith(OLE_MAGIC):
        # Programs save RTF, a web page or a .docx under .doc: each is read as what it is.
        suffix = sniffed_suffix(raw)
    if suffix in NEWS_XML_SUFFIXES:
        if is_xhtml(raw):  # a page saved as XHTML under .xml
            suffix = HTML_SUFFIXES[0]
        else:
            try:
                item = news_xml_article(raw)
            except UnreadableDocument as error:
                raise FileSkipped(str(error)) from None
            return FileText(item.text, "utf-8", False, item.fields, "xml-meta")
    saved_from = None
    sent: EmailArticle | None = None
    scraped: JsonArticle | None = None
    if suffix in SAVED_PAGE_SUFFIXES:
        saved = web_archive_page(raw) if suffix == WEB_ARCHIVE_SUFFIX else saved_page(raw)
        if saved is None:
            raise FileSkipped("no web page in the saved file")
        raw, saved_from = saved.html, saved.url
    elif suffix in EMAIL_SUFFIXES:
        sent = email_article(raw)
        if sent is None:
            raise FileSkipped("not an e-mail with a text that can be read")
        raw = sent.body
    elif suffix in MSG_SUFFIXES:
        sent = msg_article(raw)
        if sent is None:
            raise FileSkipped("not an Outlook message with a text that can be read")
        raw = sent.body
    elif suffix in JSON_SUFFIXES:  # a scraper's article: its text read as a text file's
        try:
            scraped = json_article(decode_text(raw).text)
        except NotTextError:
            raise FileSkipped("not a text file") from None
        except UnreadableDocument as error:
            raise FileSkipped(str(error)) from None
        raw, suffix = scraped.text.encode("utf-8"), ""
    try:
        document = document_text(raw, suffix)
        decoded = (
            decode_text(raw) if document is None else DecodedText(document.text, "utf-8", False)
        )
    except UnreadableDocument as error:
        raise FileSkipped(str(error)) from None
    except NotTextError:
        raise FileSkipped("not a text file") from None
    warnings: list[str] = []
    is_page = suffix in HTML_SUFFIXES or suffix in SAVED_PAGE_SUFFIXES
    if sent is not None:
        is_page = sent.is_html
    elif suffix not in SAVED_PAGE_SUFFIXES and suffix not in MARKDOWN_SUFFIXES and document is None:
        # A page's source saved as .txt or in an archive's text column (as scrapers often
        # write it) is read as the page; a "page" of plain text without markup, as the text.
        is_page = is_markup(decoded.text, named_as_page=is_page)
    charset = declared_charset(raw) if is_page and decoded.guessed else None
    if charset == "utf-8":  # it is not (that is why it was guessed): the page declares wrong
        warnings.append(f"{name}: not UTF-8 as the page declares, read as {decoded.encoding}")
    elif charset is not None:  # not UTF-8, but the page says what it is
        decoded = DecodedText(raw.decode(charset, "replace"), charset, False)
    if decoded.problem and charset != "utf-8":
        warnings.append(f"{name}: {decoded.problem}")
    text = decoded.text
    exported = export_articles(text, html=is_page)
    if exported:
        warnings.append(export_warning(name, exported))
    embedded: dict[str, str] = {}  # metadata the file carries: HTML <meta>, a document's title
    embedded_source = "html-meta"
    dateline = None
    if document is not None and document.title:
        embedded, embedded_source = {"title": document.title}, "document-meta"
    if is_page:
        page = read_webpage(text, saved_from)
        if page is None:
            raise FileSkipped("no article text found in the page")
        text, dateline = page.text, page.dateline
        embedded = {
            key: value
            for key, value in (
                ("title", page.title),
                ("author", page.author),
                ("published", page.published),
                ("outlet", page.site),
                ("url", page.url),
                ("language", page.language),
            )
            if value
        }
    if sent is not None:  # the headers say what the message's page may not
        embedded, embedded_source = {**embedded, **sent.fields}, "email"
    if scraped is not None:  # the scraper's fields, over a page's own
        embedded, embedded_source = {**embedded, **scraped.fields}, "json-meta"
    if not is_page:
        text = decoded_entities(text)
    return FileText(
        text, decoded.encoding, is_page, embedded, embedded_source, tuple(warnings), dateline
    )


# An HTML character reference in a text (a scraper's copy of a page's words): "caf&#233;",
# "&#163;1.8m", "AT&amp;T", "&rsquo;". Named ones only with their ";": "AT&T" stays.
_CHARACTER_REFERENCE = re.compile(
    r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,30});"
)


def decoded_entities(text: str) -> str:
    """A text with the HTML character references a page's copy left in it read as characters."""
    if "&" not in text:
        return text
    return _CHARACTER_REFERENCE.sub(lambda match: html.unescape(match.group()), text)


def ingest_document(
    raw: bytes,
    name: str,
    meta: ArticleMeta | None,
    rules: RuleSet,
    inferred_id: str | None = None,
) -> IngestedDocument:
    """Decode, clean and segment one article file (pure: no I/O).

    ``name`` is the file's path relative to the corpus directory; ``meta`` its manifest entry,
    or None to infer id, title and date from the file (the id is ``inferred_id`` when given:
    another file has the same stem).
    """
    suffix = kind_suffix(name)
    try:
        read = file_text(raw, name)
    except FileSkipped as reason:
        return skipped_document(name, meta, str(reason), inferred_id)
    text, is_page, warnings = read.text, read.is_page, list(read.warnings)
    embedded, embedded_source = dict(read.embedded), read.embedded_source
    if not text.strip():
        return skipped_document(name, meta, "empty file", inferred_id)
    front = front_matter(text)
    header = front or reader_header(text)
    if suffix in MARKDOWN_SUFFIXES or (header and not front):
        # Markdown read as the text it shows (links' words, no markup); a front matter or a
        # reader's header above it stays as written, removed as metadata.
        header_end = header.end if header else 0
        text = text[:header_end] + plain_text(text[header_end:])
    header_removal: list[Removal] = []
    if header:
        header_end = header.end
        warnings += [f"{name}: front matter {unread} (left out)" for unread in header.unread]
        embedded = {**header.fields, **embedded}
        embedded_source = "front-matter"
        header_removal = [Removal(0, len(text[:header_end].rstrip()), "front-matter", "Metadata")]

    notes: list[str] = []
    sources: dict[str, str] = {}

    def meta_field(key: str) -> str | None:
        value = getattr(meta, key) if meta else None
        if value is not None:
            sources[key] = meta.source_of(key) if meta else "unknown"
        elif embedded.get(key):
            value = embedded[key]
            sources[key] = embedded_source
            notes.append(f"{key} taken from the file's metadata")
        return value

    lines = line_spans(text)
    article_id = meta.article_id if meta else inferred_id or id_from_filename(name)
    title = meta_field("title")
    author = meta_field("author")
    values = {
        "author": line_key(author) if author else None,
        "title": line_key(title) if title else None,
    }
    facts = line_facts(lines, text, rules)
    if values["title"] is not None:
        values["title"] = _title_as_written(values["title"], facts.lowered)
    first_pass = rules_pass(lines, text, rules, values, facts)
    # What the rules' passes leave to be removed besides: a front matter's header, the lines
    # a document repeats at the top or the foot of its pages.
    running = running_lines(text, lines)
    # A page a browser printed: its address in the running footer, or, printed on one page,
    # before the page's number ("https://… 1/1", which the page-number rule takes), and then
    # the day it was printed with its title above ("5/17/19, 3:45 PM Can Putin … - Al-Monitor").
    addressed = _addressed_page_numbers(first_pass.removals, lines, text)
    if addressed and not running:
        running = print_header(text, lines)
    header_removal += _running_removals(running, lines, rules)
    printed = printed_page(text, lines, running + addressed) if running or addressed else None
    removals = first_pass.removals + header_removal
    keep = _line_keep(lines, _merge_removals(removals))
    shown, written, bylines = _header_view(text, lines, keep, removals, facts.keys)
    seen = _with_captions(shown, written, lines, removals)
    # A known outlet's name alone on a line is its masthead, never the article's headline.
    mastheads = (rules.outlets or gazetteer()).written
    candidates = ["" if line in mastheads else line for line in before_comments(seen, written)]
    stem = PurePosixPath(article_name(name)).stem
    headline = find_headline(candidates, written, bylines, name=stem)
    if title is None:
        headline_end = _headline_end(seen, headline)
        # A title line that reads as a sentence is the article's lead (a text with no
        # headline): it stands for the title, without its opening, and stays in the article.
        lead = False
        if headline is not None:  # as written (quotes and dashes as they are)
            span = slice(lines[headline][0], lines[headline_end - 1][1])
            title = " ".join(text[span].split()).lstrip("#").strip()
            continued = _goes_on(text, lines, headline_end)
            lead = reads_as_sentence(title) or reads_as_question_lead(title, continued)
            if lead:
                title = _title_from_line(without_opening(title, rules))
        if not title:
            first = _first_meaningful_line(text, lines, keep, rules)
            lead = first is not None and (reads_as_sentence(first) or reads_as_question_lead(first))
            title = _title_from_line(first)
        if title:
            sources["title"] = "text"
            notes.append("title taken from the text")
            values["title"] = line_key(title)
        if title and not lead:
            removals = with_title(first_pass, lines, text, rules, values, facts)
            removals += header_removal
            # "September 8, 2015 Daily Prayer …": the line goes (the rule took it whole), its
            # date is the dateline's, and the title is what follows it.
            title = without_leading_date(title)
            if headline is not None and headline_end - headline > 1:
                # A headline wrapped over lines is the title as a whole: none of its lines
                # equals it, so the title rule cannot find them.
                start, end = lines[headline][0], lines[headline_end - 1][1]
                removals.append(Removal(start, end, _TITLE_LINE, "Title"))
    elif values["title"] is not None:
        headline = next((n for n, line in enumerate(shown) if line == values["title"]), headline)
    removals = _merge_removals(removals)
    keep = _line_keep(lines, removals)
    first_paragraph = body_start(shown)
    if author is None:
        author = byline_author(
            written, headline, first_paragraph, facts.first_prose, title, rules.outlets
        )
        if author:
            # The rules that name the author see it now: the lines of its byline and its bio.
            notes.append("author taken from a byline")
            values["author"] = line_key(author)
            named = find_boilerplate(lines, text, rules.author_rules, values, facts)
            removals = _merge_removals(removals + named)
            keep = _line_keep(lines, removals)
    # A page saved as text: its header and footer around the article; so too a web page whose
    # extractor gave the whole page back (its menus line after line).
    whole_page = is_page and _whole_page_given(shown)
    if not is_page or whole_page:
        footer_lines = _lines_removed_as(lines, removals, FOOTER_FAMILIES)
        # A whole page's title is its metadata: the header ends at the line that states it,
        # else where the article's first paragraph begins (a headline guessed among hundreds
        # of menu lines is one of them).
        top = headline
        if whole_page:
            top = next((n for n, line in enumerate(shown) if line == values["title"]), None)
            top = first_paragraph if top is None else top
        outside = _page_outside(
            shown, written, top, first_paragraph, lines, keep, rules, footer_lines
        )
        if outside:
            removals = _merge_removals(removals + outside)
            keep = _line_keep(lines, removals)
    elif first_paragraph is not None:
        # A web page's extracted article: the list of other stories the extractor left below it.
        outside = _listing_left(shown, written, first_paragraph, lines, keep, rules)
        if outside:
            removals = _merge_removals(removals + outside)
            keep = _line_keep(lines, removals)

    published = meta_field("published")
    if read.dateline is not None and (
        published is None or (sources["published"] == "html-meta" and published != read.dateline)
    ):
        # The day the page shows under its headline: what its readers take for its date. A
        # day its markup states otherwise is more often the page's last change, or a time
        # in another zone, than the day it was published.
        published = read.dateline
        sources["published"] = "dateline"
        notes.append("date taken from the dateline under the page's headline")
    if published is None:
        # A headline above paragraphs all under 25 words (wire copy, or a page that is no
        # article at all) names the title but is not trusted to place a dateline.
        # A date in a running header is the day a browser printed the page, or a series'
        # date: none of them dates the article.
        gone = set(running)
        dated = ["" if n in gone else line for n, line in enumerate(written)] if gone else written
        found = find_date(dated, headline if first_paragraph is not None else None, first_paragraph)
        # The address a printed page carries dates it as a page's address does
        # ("…/2019/05/17/…"): before a date the text merely mentions.
        printed_date = _address_date(printed.url if printed else None)
        if found is not None and (found.source == "dateline" or printed_date is None):
            published = found.date
            sources["published"] = found.source
            stated = _dateline_line(found, lines, keep, written, first_paragraph)
            if stated is not None:  # the line that dates the article is its metadata
                removals = _merge_removals([*removals, stated])
                keep = _line_keep(lines, removals)
            notes.append(
                "date taken from a dateline"
                if found.source == "dateline"
                else "date taken from a date the text mentions"
            )
        elif printed_date is not None:
            published = printed_date
            sources["published"] = "address"
            notes.append("date taken from the address printed with the page")
        else:
            published = date_from_filename(name)
            if published:
                sources["published"] = "file-name"
                notes.append("date taken from the file name")
    try:
        date = parse_published(published)
    except ValueError as error:  # a manifest is validated before; this guards direct callers
        raise WorkbenchError(f"{name}: published {error}") from None
    outlet = meta_field("outlet")
    url = meta_field("url")
    if printed is not None and printed.url is not None:  # a page a browser printed to PDF
        if url is None:
            url = printed.url
            notes.append("address taken from the page's running footer")
        if outlet is None and printed.outlet:
            outlet = printed.outlet
            sources["outlet"] = FROM_PAGE_HEADER
            notes.append("outlet taken from the page's running header")
    language = meta_field("language")
    if url is None:  # the article's own address on a line above its body ("Source: https://…")
        header = [text[a:b] for a, b in lines[: first_paragraph or 0]]
        found_address = own_address(header, title)
        if found_address is not None:
            number, url = found_address
            notes.append("address taken from the text")
            removals = _merge_removals(
                [*removals, Removal(*lines[number], _ADDRESS_LINE, "Metadata")]
            )

    before_leads = removals
    body = _body(text, lines, removals, rules)
    if body is None:  # a page of links, share buttons and notices: no article to compare
        return skipped_document(name, meta, _NO_ARTICLE, inferred_id)
    starts, ends, paragraph_ids, removals = body
    if outlet is None:  # what the file says of itself: its address, its name, its furniture
        removed = ((r.family, r.rule, text[r.start : r.end]) for r in removals)
        masthead = [line for line in written[: _MASTHEAD_LINES * 4] if line][:_MASTHEAD_LINES]
        inferred = infer_outlet(url, name, removed, masthead, rules.outlets)
        if inferred is not None:
            outlet, sources["outlet"] = inferred
            notes.append(_OUTLET_NOTES[sources["outlet"]])
    elif sources.get("outlet") == "html-meta":  # "FOXNews.com - Politics": the known name
        outlet = page_outlet(outlet, url, rules.outlets)
    elif sources.get("outlet") not in _TYPED_SOURCES:  # "POLITICO", "nytimes.com": a known name
        outlet = known_outlet_name(outlet, rules.outlets)
    if outlet and rules.outlet_rules.rules:
        # The rules that name the outlet see it now ("Newsweek is committed to …"): the lines
        # they add to what was removed, and the sentences and leads again without them.
        values["outlet"] = line_key(outlet)
        named = find_boilerplate(lines, text, rules.outlet_rules, values, facts)
        new = [r for r in named if not any(o.start <= r.start and r.end <= o.end for o in removals)]
        if new:
            body = _body(text, lines, _merge_removals(before_leads + new), rules)
            if body is None:
                return skipped_document(name, meta, _NO_ARTICLE, inferred_id)
            starts, ends, paragraph_ids, removals = body
    if author and sources.get("author") != "manifest":
        author = _without_credited_source(author, text, removals)
    # Each sentence as shown and matched: its white space made single spaces, a word hyphenated
    # at a line's end made whole (text pasted from a PDF, or converted from one).
    spans = zip(starts, ends, strict=True)
    if _HYPHEN_AT_LINE_END.search(text):
        texts = [" ".join(join_broken_words(text[start:end]).split()) for start, end in spans]
    else:
        texts = [" ".join(text[start:end].split()) for start, end in spans]
    norms = normalize_many(texts)
    # Chinese and Japanese at two characters a word; counted sentence by sentence (the same
    # sum), so that the ASCII ones need no search for such characters.
    words = sum(map(word_count, texts))

    note = meta.note if meta else None
    if meta is None:
        notes.insert(0, "no manifest entry")
    if notes:
        note = "; ".join(filter(None, [note, "; ".join(notes)]))
    article = {
        "article_id": article_id,
        "file": name,
        "title": title,
        "outlet": outlet,
        "author": author,
        "published": date.text,
        "year": date.year,
        "date_precision": date.precision,
        "date_source": sources.get("published", "unknown"),
        "title_source": sources.get("title", "unknown"),
        "outlet_source": sources.get("outlet", "unknown"),
        "language": language,
        "url": url,
        "note": note,
        "encoding": read.encoding,
        "words": words,
        "sentences": len(starts),
        "removed_spans": len(removals),
    }
    return IngestedDocument(
        article_id=article_id,
        file=name,
        article=article,
        text=text,
        sentence_starts=tuple(starts),
        sentence_ends=tuple(ends),
        paragraph_ids=tuple(paragraph_ids),
        sentence_texts=tuple(texts),
        sentence_norms=tuple(norms),
        removed=tuple((r.start, r.end, r.rule, r.family) for r in removals),
        warnings=tuple(warnings),
    )


_TITLE_LINE = "title-line"  # the boilerplate rule that removes the title from the body
_DATELINE_FOUND = "dateline-found"  # the line a dateline was read from, when no rule took it
# A line that ends as a sentence does ("The talks opened on May 7, 2013.") is prose, not a
# dateline, though it dates the article; a time of day's "a.m." ends none.
_ENDS_SENTENCE = re.compile(r"(?<![ap]\.m)[.!?…][\"'”’)\]]*$", re.IGNORECASE)


def _dateline_line(
    found: FoundDate,
    lines: list[tuple[int, int]],
    keep: list[bool],
    written: list[str],
    body: int | None,
) -> Removal | None:
    """The removal of the line a dateline was read from when the rules left it in the text
    ("13/06/2014 Tony Carter All, Books", "Nissan November 20, 2019 13:42"): a line above the
    body (which starts at line ``body``) that states the date on its own, reads as a dateline
    and does not end as a sentence; else None. Below the body's start a dated line is the
    article's own (a timeline's entry, a schedule's), though it may date the article."""
    if found.source != "dateline" or body is None or found.line >= body:
        return None
    if not keep[found.line]:
        return None
    line = written[found.line]
    if not is_dateline(line) or first_date(line) != found.date or _ENDS_SENTENCE.search(line):
        return None
    return Removal(*lines[found.line], _DATELINE_FOUND, "Dateline")


_HYPHEN_AT_LINE_END = re.compile(r"-[ \t]*\r?\n")  # a word may be broken there


WHOLE_PAGE_LINES = 200  # an extracted page this long ...
WHOLE_PAGE_SHORT = 0.8  # ... with this share of its lines of three words or fewer: menus


def _whole_page_given(shown: list[str]) -> bool:
    """Whether the text extracted from a web page is the whole page rather than its article:
    hundreds of lines, nearly all of them a menu's few words."""
    lines = [line for line in shown if line]
    if len(lines) < WHOLE_PAGE_LINES:
        return False
    short = sum(len(line.split()) <= 3 for line in lines)
    return short >= WHOLE_PAGE_SHORT * len(lines)


_TITLE_PARTS = re.compile(r"\s+[|–—:·»]\s+|\s+-\s+")


def _title_as_written(title: str, lowered: list[str]) -> str:
    """The title as the text states it on a line of its own: the whole title, else its longest
    part of three words or more that a line states ("Opinion | Is Football Violence a Crime?",
    "Putin meets Trump - CNN": a page's title with its section or site)."""
    stated = {line.removeprefix("# ").rstrip(".") for line in lowered if line}
    if title.lower() in stated:
        return title
    parts = sorted(_TITLE_PARTS.split(title), key=len, reverse=True)
    for part in parts:
        if len(part.split()) >= 3 and part.lower() in stated:
            return part
    return title


def _addressed_page_numbers(
    removals: list[Removal], lines: list[tuple[int, int]], text: str
) -> list[int]:
    """The lines the page-number rule removes that hold an address ("https://… 1/1"), by
    number."""
    starts = [
        removal.start
        for removal in removals
        if removal.rule == _PAGE_NUMBER and "://" in text[removal.start : removal.end]
    ]
    if not starts:
        return []
    number_of = {start: number for number, (start, _) in enumerate(lines)}
    return [number_of[start] for start in starts if start in number_of]


def _running_removals(
    running: list[int], lines: list[tuple[int, int]], rules: RuleSet
) -> list[Removal]:
    """The running headers and footers of a document's pages (their line numbers), as
    removals of their rule."""
    rule = rules.page_rule("running-header")
    if rule is None:
        return []
    return [Removal(*lines[n], rule.rule_id, rule.family) for n in running]


def _lead_removals(
    text: str, starts: list[int], ends: list[int], paragraph_ids: list[int], rules: RuleSet
) -> list[tuple[int, int, Removal]]:
    """The openings that rules of kind "lead" remove from the first sentence of each of the
    body's first paragraphs: the sentence's number, where it starts after it, the removal."""
    found = []
    for number, paragraph in enumerate(paragraph_ids):
        if paragraph >= LEAD_PARAGRAPHS:
            break
        if number and paragraph_ids[number - 1] == paragraph:
            continue
        start = starts[number]
        lead = lead_prefix(text[start : ends[number]], rules, first=paragraph == 0)
        if lead is not None:
            cut, rule = lead
            removed = Removal(
                start, start + len(text[start : start + cut].rstrip()), rule.rule_id, rule.family
            )
            rest = start + cut
            while rest < ends[number] and text[rest].isspace():
                rest += 1
            found.append((number, rest, removed))
    return found


def _sentences(
    text: str, lines: list[tuple[int, int]], keep: list[bool]
) -> tuple[list[int], list[int], list[int]]:
    """The kept lines' sentences: their starts, ends and paragraph numbers."""
    starts: list[int] = []
    ends: list[int] = []
    paragraph_ids: list[int] = []
    for paragraph_id, (p_start, p_end) in enumerate(paragraph_spans(text, lines, keep)):
        for start, end in sentence_spans(text, p_start, p_end):
            starts.append(start)
            ends.append(end)
            paragraph_ids.append(paragraph_id)
    return starts, ends, paragraph_ids
