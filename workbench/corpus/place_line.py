"""The place a story was filed from, written alone on a line above the dateline that repeats it.

Some pages show a wire story's place as a heading of its own and again in the dateline that
opens the story ("JAKARTA" above "JAKARTA (Reuters) - Countries around Asia …"). Cleaning
takes the dateline off the first sentence; the place alone would stay as a line of the text.
"""

from __future__ import annotations

import re

from workbench.corpus.headline import word_count

# What follows the place in a dateline: a date or a region after a comma, then a credit in
# brackets and a dash or a colon ("JAKARTA (Reuters) -", "WASHINGTON, May 7 (AP) —").
_CREDITED = re.compile(r"(?:,[^.()\n]{1,40})?\s*\([^()\n]{1,30}\)\s*(?:[-–—]{1,2}|:)\s")
# ... or, after a place in capitals, a comma or a dash alone ("MOSCOW — ", "PARIS, May 7 -").
_BARE = re.compile(r"(?:,\s|\s*[-–—]{1,2}\s)")
_PLACE_WORDS = 6  # a place and its country or state, one or two of them
_LOOK_AHEAD = 4  # the dateline's paragraph comes this soon after (share buttons between)
_HEAD = 8  # only among the text's first paragraphs


def without_place_lines(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without a place written alone above a dateline that opens with it."""
    dropped = set()
    for index, place in enumerate(paragraphs[:_HEAD]):
        if not place or word_count(place) > _PLACE_WORDS or place[-1] in ".!?:":
            continue
        capitals = place.split()[0].isupper()
        for later in paragraphs[index + 1 : index + 1 + _LOOK_AHEAD]:
            rest = later[len(place) :]
            if later.startswith(place) and (
                _CREDITED.match(rest) or (capitals and _BARE.match(rest))
            ):
                dropped.add(index)
                break
    return [paragraph for index, paragraph in enumerate(paragraphs) if index not in dropped]
