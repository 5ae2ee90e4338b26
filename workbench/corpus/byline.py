"""The author a page's header names: "By Anton Troianovski and Karen DeYoung", "By Lucas
Tomlinson | Fox News", "BY VLADIMIR ISACHENKOV", "Chris Davies - Nov 19, 2019, 10:31 pm CST",
"Monday November 18, 2019 7:45 am PST by Joe Rossignol", "Von …", "Por …", "By" on a line of its
own with the names on the next, or a name alone that its handle, its date, its wire or how long
the article takes to read marks as the byline ("Catherine Shu" / "@catherineshu", "Rodrigo
Campos" / "5 Min Read", "Tanza Loudenback, Business Insider" / "13.11.2019, 23:06"), also just
below a standfirst.

A text with no metadata names its author this way between its headline and its body; ingest
keeps the names as the article's author (the byline itself is removed by the rules).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from workbench.corpus.dates import full_dates
from workbench.corpus.headline import is_date_marker
from workbench.corpus.outlet import Gazetteer, gazetteer
from workbench.corpus.venue import is_venue

# What follows the names: a date or a time ("By Tom O'Connor On 4/10/17"), never a name.
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# ... or a month with its day ("Joseph Tsidulko November 19, 2019"; "Theresa May" is a name).
_NOT_A_NAME = rf"(?!(?:On|At|Updated|Published|Posted|Last|In|For|From|With)\b|{_MONTH}\.?,? \d)"
_PARTICLE = r"(?:de|da|das|dos|van|von|der|den|del|di|du|la|le|bin|ibn|al)"
_NAME = rf"[A-Z][\w.'/-]*(?: (?:{_NOT_A_NAME}[A-Z][\w.'-]*|{_PARTICLE}(?= [A-Z]))){{0,4}}"
# "A, B and C" (a comma between names only in a list that ends with "and"), or "A and B"
_AND = r"(?:and|And|AND|&|und|y|e|et|en)"
_NAMES = rf"{_NAME}(?:, {_NAME})+,? {_AND} {_NAME}|{_NAME}(?: {_AND} {_NAME}){{0,2}}"
# "By" ("by", "Analysis by", "Published by"), and "Von" (German: "Gepostet von"), "Por"
# (Spanish, Portuguese: "Publicado por"), "Par" (French), "Door" (Dutch)
_BY = (
    r"(?:(?:Blog Post|Article|Op-Ed|Analysis|Commentary|Opinion|Essay|Column|Interview|Report"
    r"|Posted|Published|Written|Story|Words|Text) [Bb]y"
    r"|(?:Gepostet|Veröffentlicht|Erstellt|Eingestellt|Geschrieben|Verfasst) von"
    r"|(?:Publicado|Escrito|Escrita) por"
    r"|By|BY|by|Von|VON|von|Por|POR|por|Par|PAR|par|Door|DOOR)"
)
_BYLINE = re.compile(rf"{_BY}:? (?P<names>{_NAMES})")
# The outlet a byline names before its writer: its own ("By BBC News Online's Iain Rodger") or
# with the writer's role ("By BBC News Online science editor Dr David Whitehouse").
_OUTLET_BEFORE = re.compile(
    rf"(?P<by>{_BY}:? )[A-Z][\w.&-]*(?: [A-Z][\w.&-]*){{0,3}}"
    r"(?:['’]s | (?:[a-z]+ ){0,2}(?:editor|correspondent|reporter|writer|analyst|producer"
    r"|presenter|columnist) (?:(?:Dr|Prof|Professor)\.? )?)(?=[A-Z])"
)
_BY_AT_END = re.compile(rf".*\d.* {_BY}:? (?P<names>{_NAMES})")  # "... 7:45 am PST by A"
_NAME_THEN_DATE = re.compile(rf"(?P<names>{_NAMES}) ?[-|,•·] ?(?P<rest>.*\d.*)")
# "November 20, 2019 Emiliano Bellini", "2019-11-20 17:27:46 Marcus De Guzman"
_DATE_THEN_NAME = re.compile(rf"(?P<rest>.*\d)(?: [|•·-])? (?P<names>{_NAMES})")
# A wire's dateline: its place in capitals, a state's abbreviation after it, the day ("BEVERLY
# HILLS, Calif., Jan. 8, 2008", "ANNAPOLIS, Md., Nov. 27").
_WIRE_PLACE = re.compile(r"[A-Z][A-Z .'-]{1,40}, [A-Z][A-Za-z.]{0,5}\., ")
_HANDLE = re.compile(r"@\w{2,30}")
# An address glued to the name: "… Carrasquilla Reinamaria.carrasquilla@laestrella.com.pa"
_EMAIL = re.compile(r"\S*@[\w-]+(?:\.[\w-]+)+")
_BY_ALONE = re.compile(rf"{_BY}:?")  # "By" on a line of its own, the names on the next
# How long the article takes to read, under its byline ("5 Min Read", "3 minute read")
_READING_TIME = re.compile(r"\d+ ?(?:min|mins|minute|minutes)\.?(?: read)?", re.IGNORECASE)
_ABOVE_HEADLINE = 6  # lines above the headline an explicit byline may stand in
_UNDER_STANDFIRST = 4  # lines below the body's first paragraph a byline may stand in
_IN_PLACE = re.compile(r" in [A-Z][\w.'-]+(?: [A-Z][\w.'-]+)?$")
MAX_WORDS = 18  # a byline is at most this long
_SHOUTED_WORD = re.compile(r"[A-Z][A-Z'-]+")
# A role glued to the name or standing after it ("Michael HiltzikBusiness Columnist").
_ROLE_TAIL = re.compile(
    r"(?:(?<=[a-z])|^|(?<= ))(?:(?:Business|Staff|Senior|Contributing|Chief|Foreign|Political"
    r"|Special|Associate|Managing|Deputy|Opinion|Guest|National|Diplomatic|Security|Defense"
    r"|Economics|Politics|World|News|Sports) )?(?:Columnist|Writer|Reporter|Correspondent|Editor"
    r"|Contributor|Commentator|Foto|Fotos|Photo|Photos)$"
)
# What a page glued to the last name: a date ("Nadja Demel13.12.2022"), an outlet in capitals
# ("Jonathan GarberFOXBusiness"; one capital inside a name is the name's: "DeYoung")
_GLUED_DATE = re.compile(r"(?<=[a-z])(?:\d|[A-Z]{2,}).*$")
_AGENCIES = frozenset({"Reuters", "Bloomberg", "Xinhua", "Interfax", "Sputnik", "Axios"})
# Words that name no person: "By Staff Reports", "By Main Ingredient" (a recipe's field).
_NOT_NAMES = frozenset(
    {"Reports", "Report", "Ingredient", "Ingredients", "Category", "Topic", "Our", "Desk"}
)  # "By Our Correspondent", "By Web Desk": no one's name
# An outlet's initials after the names of a byline ("Ed Payne and Ashley Fantz CNN").
_INITIALS_AFTER = re.compile(r"(?<=[a-z]) [A-Z]{2,5}$")
# A line that stands below a name as a byline's: the wire it writes for.
_AGENCY_LINE = re.compile(
    r"(the )?(associated press|ap|reuters|afp|bloomberg( news)?|cnn|bbc( news)?|upi|dpa|tass"
    r"|staff( writer| reporter)?)",
    re.IGNORECASE,
)
# Letters of the Latin alphabets ("González", "Bornhöft", "Łukasz"), by case.
_UP = "A-Z" + "".join(chr(code) for code in range(0xC0, 0x250) if chr(code).isupper())
_LOW = "a-z" + "".join(chr(code) for code in range(0xC0, 0x250) if chr(code).islower())
# A word of a name: "Jane", "O'Connor", "DeYoung", "J.", "Quibeldey-Cirkel"
_NAME_WORD = (
    rf"[{_UP}][{_LOW}'’-]+|[{_UP}]\.|[{_UP}][{_LOW}]*[{_UP}][{_LOW}]+"
    rf"|[{_UP}][{_LOW}'’]+(?:-[{_UP}][{_LOW}'’]+)+"
)
# A name standing alone is a person's only when it looks like one: two to four capitalized
# words, none of them a section's, a place's or a page's ("Middle East", "World News").
_PERSON = re.compile(
    rf"(?:{_NAME_WORD}|(?:de|da|van|von|der|del|la|le|bin|al-?))"
    rf"(?: (?:{_NAME_WORD}|de|da|van|von|der|del|la|le|bin)){{1,3}}"
    rf"|[{_UP}]{{2,}}(?: [{_UP}]\.)?(?: [{_UP}][{_UP}'-]+){{1,2}}"
)
_NOT_PERSON_TEXT = """
    news world politics business sports sport tech technology opinion opinions health science
    entertainment local national international home latest breaking live video videos photos
    middle east west north south us uk europe asia africa america americas markets economy
    culture arts travel style life lifestyle food media education environment climate security
    defense analysis features feature editorial editorials column columns blog blogs weather
    crime courts white house supreme court city state county government elections election
    trending top stories more related also share follow subscribe sign login menu search
    sponsored
    updated published posted minutes hours read listen watch comments topics the new york hong
    kong los angeles san francisco washington moscow london paris beijing berlin kyiv kiev
    street journal times post daily weekly review magazine press associated united states kingdom
    republic party senate congress department ministry president minister recent posts open
    future fun fit argument ein eine der die das santo santa san saint usa today bureau newsletter
    anmeldung artikel presse am pm et est edt cst cdt pst pdt gmt bst cet ist utc
    road stadium arena avenue square ground chart stock intraday series correspondent
    redacción redaktion república país collège université universität kultur politik
    wirtschaft nachrichten noticias deportes cultura mundo nacional economía"""
_NOT_PERSON_WORDS = frozenset(_NOT_PERSON_TEXT.split())


def author_from_byline(line: str) -> str | None:
    """The names a "By ..." line gives (its role, outlet and date left out), in the case a name
    is written in; None when the line is no byline."""
    line = _EMAIL.sub("", line).strip()
    if len(line.split()) > MAX_WORDS:
        return None
    line = _OUTLET_BEFORE.sub(r"\g<by>", line, count=1)
    found = _BYLINE.match(line)
    return _cleaned(found["names"]) if found else None


def byline_author(
    lines: Sequence[str],
    headline: int | None,
    body: int | None,
    first_long: int,
    title: str | None = None,
    outlets: Gazetteer | None = None,
    *,
    alone: bool = True,
) -> str | None:
    """The author named between the headline (None: the top) and the body's first paragraph
    (None: the first line of more than 25 words, ``first_long``): a "By ..." line first (also
    just below that paragraph, under a standfirst, or just above the headline; "By" alone
    takes the names on the next line), else a name before a date ("Chris Davies - Nov 19,
    2019") or after one ("... 7:45 am PST by Joe Rossignol", "November 20, 2019 Emiliano
    Bellini"), else a name alone (or before its outlet) that its own handle or the next line
    marks: a handle, a wire, a date, a role or a reading time ("Julian Borger in Helsinki" /
    "Mon 16 Jul 2018"), also on the first lines under a standfirst, with no word of the
    ``title`` (a recipe's name above its date), no known outlet's name (``outlets``: a
    corpus's own, else the bundled ones) and no ground the body names again ("Ewood Park");
    without ``alone``, a byline's line only (a "By" or a date names it as one)."""
    known = (outlets or gazetteer()).written
    end = first_long if body is None else body
    top = 0 if headline is None or headline >= end else headline + 1
    # Below the headline, then (an explicit byline only) just above it: "Von" / "Moritz
    # Bachmann" / "publiziert am 25. September 2018" / headline.
    below = range(top, min(len(lines), end + _UNDER_STANDFIRST))
    above = range(max(0, top - 1 - _ABOVE_HEADLINE), top - 1) if top else range(0)
    for number in [*below, *above]:
        line = lines[number].strip()
        if _BY_ALONE.fullmatch(line):  # "By" / "Joseph Tsidulko November 19, 2019, 07:47 PM"
            names = (n.strip() for n in lines[number + 1 : number + 3] if n.strip())
            line = f"{line} {next(names, '')}"
        author = author_from_byline(line)
        if author:
            return author
    window = [line.strip() for line in lines[top:end] if line.strip()]
    for line in window:
        if len(line.split()) > MAX_WORDS:
            continue
        found = _BY_AT_END.fullmatch(line)
        if found and full_dates(line):
            return _cleaned(found["names"])
        if _WIRE_PLACE.match(line):
            continue  # "BEVERLY HILLS, Calif., Jan. 8, 2008": a wire's place and day
        found = _NAME_THEN_DATE.fullmatch(line) or _DATE_THEN_NAME.fullmatch(line)
        if found and _is_person(found["names"], known) and is_date_marker(found["rest"]):
            return _cleaned(found["names"])
    if not alone:
        return None
    # A name alone, between the headline and the body or on one of the first lines under the
    # body's first paragraph (a standfirst the body was taken to start with).
    under = [line.strip() for line in lines[end + 1 : end + 1 + _UNDER_STANDFIRST] if line.strip()]
    titled = {word.casefold() for word in (title or "").split() if len(word) > 3}
    body = " ".join(line.strip() for line in lines[end:] if line.strip())
    for position, line in enumerate([*window, *under[:2]]):
        name = _HANDLE.sub("", line).strip()  # "Natasha Turak@NatashaTurak"
        name = _IN_PLACE.sub("", name)  # "Julian Borger in Helsinki"
        parts = name.split(", ")  # "Ibtisam Mahdi, Ruwaida Kamal Amer"
        people = len(parts) > 1 and all(
            _is_person(part, known) and not _ROLE_TAIL.search(part) for part in parts
        )
        if not people and len(parts) == 2 and _is_label(parts[1]):
            name = parts[0]  # "Tanza Loudenback, Business Insider"
        if not (people or _is_person(name, known)) or titled.intersection(
            w.casefold() for w in name.split()
        ):
            continue
        if is_venue(name, body):  # a fixture's ground the preview names again: "Ewood Park"
            continue
        below = [*window, *under][position + 1 : position + 3]
        if (below and _marks_name(below[0])) or _HANDLE.search(line[len(name) :]):
            return _cleaned(name)  # the line's own handle marks it: "Natasha Turak@NatashaTurak"
        if len(below) == 2 and _is_label(below[0]) and is_date_marker(below[1]):
            return _cleaned(name)  # "David Jackson" / "USA TODAY" / "Published 5:02 PM EDT …"
    return None


def _marks_name(line: str) -> bool:
    """A line that marks the line above as a byline: a handle, a wire, a date or a time."""
    return bool(
        _HANDLE.fullmatch(line)
        or _AGENCY_LINE.fullmatch(line)
        or _READING_TIME.fullmatch(line)
        or _ROLE_TAIL.fullmatch(line)  # "Senior Contributor"
        or is_date_marker(line)
    )


def _is_label(line: str) -> bool:
    """A short line of words alone: an outlet's or a desk's name under a byline."""
    return len(line.split()) <= 4 and not any(c.isdigit() for c in line) and line[-1:] not in ".!?"


def _is_person(name: str, outlets: Mapping[str, object]) -> bool:
    """Whether a line could be a person's name alone (not a section, place, label or one of
    the written names of known ``outlets``)."""
    if len(name) > 40 or not _PERSON.fullmatch(name) or name[name.rfind(" ") + 1 :].islower():
        return False  # a particle ends no name ("Artikel von" above "Alexa von Heyden")
    if any(word.casefold().strip(".") in _NOT_PERSON_WORDS for word in name.split()):
        return False
    return name not in outlets


def without_role(name: str) -> str:
    """A name with the role written after it taken off ("Christian Datoc Sports Editor");
    "" when the role is all there is ("Political Commentator")."""
    return _ROLE_TAIL.sub("", name).strip()


def _cleaned(found: str) -> str | None:
    """Names as found, their role cut off and written in the case names are."""
    names = without_role(_GLUED_DATE.sub("", found))
    names = _INITIALS_AFTER.sub("", names)
    words = names.split()
    if words and len(words[-1]) > 3:  # "Tatyana Turner." but "Perry Bacon Jr."
        names = names.removesuffix(".")
    if len(words) == 1 and not (names.isupper() or names in _AGENCIES):
        return None  # "By Invitation", "By Method": a column's or a recipe's label
    if _NOT_NAMES.intersection(word.strip(",.") for word in words):
        return None
    shouted = [w.rstrip(",") for w in words if w.lower() not in ("and", "&")]
    names = names.replace(" And ", " and ")
    if len(words) > 1 and all(_SHOUTED_WORD.fullmatch(w) for w in shouted):
        names = " ".join(w.lower() if w.lower() == "and" else w.title() for w in words)
    return names or None
