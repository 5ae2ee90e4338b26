"""Headlines of pages saved as text: menus, labels, bylines and share lines passed over."""

from __future__ import annotations

import pytest
from bench_support import load_bench

from workbench.corpus.boilerplate import load_rules
from workbench.corpus.document import ingest_document
from workbench.corpus.headline import (
    body_start,
    find_headline,
    headline_candidates,
    headline_weights,
    is_headline_like,
)

BODY = (
    "Secretary of State John Kerry and Foreign Minister Sergei Lavrov agreed on Friday to resume "
    "talks on Syria's chemical weapons, officials said after a long meeting in Geneva.\n\n"
    "The two men met for several hours and said they would meet again later this month in New "
    "York, where the United Nations General Assembly opens its annual session.\n"
)


def _article(text: str) -> dict:
    return ingest_document(text.encode(), "page.txt", None, load_rules()).article


def test_saved_page_headline_passes_over_navigation_labels_and_bylines():
    page = (
        "Skip to: Content\nAccessibility links\nSign In\nSubscribe\nPolitics & Government\n"
        "US & World\nMeet the honorees ⭐ Start the day smarter ☀️\n"
        "You are reading an article from the archives\nHome › World › Europe\n"
        "Kerry and Lavrov agree to resume Syria talks\n"
        "The two diplomats will meet again in New York.\nBy Jane Doe\n"
        "- The Washington Times - Friday, September 13, 2013\nShare this:\n"
        "Click to share on Twitter (Opens in new window)\n" + BODY
    )
    article = _article(page)
    assert article["title"] == "Kerry and Lavrov agree to resume Syria talks"
    assert (article["published"], article["date_source"]) == ("2013-09-13", "dateline")
    assert article["title_source"] == "text"


def test_a_japanese_page_saved_as_text_has_its_headline_found():
    # No spaces between words: a headline and the body's paragraphs are counted at two
    # characters a word, and a headline may open with a letter that has no capital.
    page = (
        "ホーム\nサイトマップ\nNEW\nニュース\n"
        "小さいのに高性能！Ankerのモバイルプロジェクターで我が家がホームシアターに\n"
        "2019年4月19日\n"
        "アンカー・ジャパンは、手のひらに収まる小型のモバイルプロジェクターを発売した。"
        "本体は缶飲料ほどの大きさで、バッテリーを内蔵しているため、電源のない場所でも"
        "映画やゲームを大きな画面で楽しむことができる。\n\n"
        "実際に自宅の白い壁に映してみると、明るさは十分で、夜であれば寝室の天井にも"
        "はっきりと映像を映し出すことができた。操作はスマートフォンのアプリから行う。\n"
    )
    assert _article(page)["title"] == (
        "小さいのに高性能！Ankerのモバイルプロジェクターで我が家がホームシアターに"
    )
    assert is_headline_like("「平和条約」交渉、首脳会談で前進せず")
    assert not is_headline_like("ホーム")


def test_standfirst_outlet_and_author_lines_between_headline_and_date():
    page = (
        "Learn More\nKerry and Lavrov agree to resume Syria talks, and nobody is surprised\n"
        "Jane Doe and John J. Roe\nSioux Falls Argus Leader\n"
        "Published 10:02 AM EST Sep 13, 2013\n" + BODY
    )
    article = _article(page)
    assert (
        article["title"] == "Kerry and Lavrov agree to resume Syria talks, and nobody is surprised"
    )
    assert article["published"] == "2013-09-13"


def test_wire_copy_written_a_sentence_a_line_has_its_headline_found():
    # No paragraph reaches 25 words: the body is found among paragraphs of 15.
    sentences = [
        "Russian President Vladimir Putin told Barack Obama on Tuesday that the planned "
        "missile shield still worries Moscow.",
        "The two leaders spoke by telephone for about an hour, the Kremlin said in a statement.",
        "Putin said Russia wanted legal guarantees that the shield would not be aimed at it.",
        "The White House said Obama stressed that the system was meant to counter Iran.",
    ]
    page = (
        "Skip to main content\nUS & World\nPolitics\n"
        "Putin tells Obama the missile shield still worries Moscow\nBy JANE DOE\n"
        "Associated Press\nMay 7, 2013\nShare this:\n\n" + "\n\n".join(sentences) + "\n"
    )
    assert max(len(sentence.split()) for sentence in sentences) < 25
    article = _article(page)
    assert article["title"] == "Putin tells Obama the missile shield still worries Moscow"
    assert (article["published"], article["date_source"]) == ("2013-05-07", "dateline")


def test_the_navigation_lines_are_removed_with_their_rules():
    page = "Skip to: Content\nAccessibility links\nPolitics & Government\nKerry talks\n\n" + BODY
    document = ingest_document(page.encode(), "p.txt", None, load_rules())
    rules = {document.text[s:e]: rule for s, e, rule, _ in document.removed}
    assert rules["Skip to: Content"] == "skip-links"
    assert rules["Accessibility links"] == "skip-links"
    assert rules["Politics & Government"] == "section-label"
    page = "You are at:\nHome » World\nYou are here: News › Europe\n\n" + BODY
    document = ingest_document(page.encode(), "p.txt", None, load_rules())
    rules = {document.text[s:e]: rule for s, e, rule, _ in document.removed}
    assert rules["You are at:"] == rules["You are here: News › Europe"] == "breadcrumbs"
    assert document.article["title"] != "You are at:"
    # a crumb a line ("Home ›", "World ›", "Europe ›") over the headline
    page = "Home ›\nWorld ›\nEurope ›\nKerry and Lavrov agree to resume talks\n\n" + BODY
    document = ingest_document(page.encode(), "p.txt", None, load_rules())
    rules = {document.text[s:e]: rule for s, e, rule, _ in document.removed}
    assert rules["Home ›"] == rules["Europe ›"] == "breadcrumbs"
    assert document.article["title"] == "Kerry and Lavrov agree to resume talks"
    assert not any("Skip" in sentence for sentence in document.sentence_texts)


def test_headlines_that_begin_with_a_navigation_word_are_headlines():
    assert is_headline_like("Home Depot sales miss, shares plunge")
    assert is_headline_like("Search for the missing jet enters its second month")
    assert is_headline_like("Sign of the times: Moscow courts the Gulf")
    for menu in ("Home › World › Europe", "Home / Politics / Congress", "Sign in to comment"):
        assert not is_headline_like(menu)


@pytest.mark.parametrize(
    "line",
    [
        "Backpinsel oder etwas Küchenpapier,",  # a list's item that goes on
        "Harm Otten sagt:",  # a comment's header
        "Jane Doe says:",
        "Blog | Mailaktion Bundestag |",  # a crumb's end
        "Gunter Frank /",
        "Wüstenrot Stiftung ↗",  # a link out
        "1 min ago in world news",  # a card's time
        "vor 3 Stunden aktualisiert",
        "Zum Inhalt springen",  # skip links in German
        "Son tres los periodos de vacaciones durante el año escolar. Foto: Andina",  # captions
        "Abb.: Collage aus Internetbild und Wake News",
        "Angela Merkel keskusteli Berliinissä Sanna Marinin kanssa. Kuva: ALEXANDER BECHER",
        "Un grupo de pingüinos, en la Antártida el 11 de febrero pasado. EFE",
        "Foto: Marco Roepers [CC BY-SA 3.0], via Wikimedia Commons",
        "5 from 7 votes",  # a recipe's rating
        "Keine Kommentare",  # a count of comments
        "Write to jane.roe@example.com for the full report",  # an address
        "Navigation Menu: Social Icons",  # a menu's heading
    ],
)
def test_lines_that_go_on_or_name_no_story_are_no_headlines(line):
    assert not is_headline_like(line)


def test_headlines_with_a_colon_or_a_quoted_claim_stay_headlines():
    assert is_headline_like("Why the reset failed: a look back at 2009")
    assert is_headline_like("Putin says: no deal on missile defense")
    assert is_headline_like("Lavrov: talks with Kerry were useful")
    assert is_headline_like("« Poutine dit non aux Américains »")
    assert is_headline_like("Navigating the new Cold War with Russia")
    assert is_headline_like("Navigation satellites jammed over the Baltic")
    assert is_headline_like("Putin's new photo: the Kremlin strikes back")
    assert is_headline_like("Russia blocks social media links to Ukraine")
    assert is_headline_like("KI @ China: Wie das Fernost-Facebook das Gesundheitswesen prägt")
    # a Spanish question or exclamation, a German quotation
    assert is_headline_like("¿Ha llegado realmente la Antártida a los 20 grados?")
    assert is_headline_like("¡Exclusividad! Vergara ahora será una marca registrada")
    assert is_headline_like("„AllerVielfalt Verden“ bringt Natur an die Aller zurück")
    assert is_headline_like("Lavrov meets Kerry in Geneva. AP chief reports from the talks")


def test_a_photos_caption_naming_who_stands_where_is_no_headline():
    assert not is_headline_like("US professor Kevin King (left) and his colleague Timothy Weeks")
    assert not is_headline_like("Lavrov (R) greets Kerry in Moscow on Tuesday")
    assert is_headline_like("Putin leaves Kerry waiting for three hours in Moscow")
    assert is_headline_like("Left (and right) unite against the new sanctions bill")


HEADLINE = "Kerry and Lavrov agree to resume Syria talks"
PAGES = {
    "a promoted story with its own date is not the headline": (
        "Markets\nInitial public offerings: Is there still a pulse?\n"
        f"Wednesday 20 November 2019 9:22 am\n{HEADLINE}\nBy Anna Menin\n"
    ),
    "gallery links and credited captions are not headlines": (
        f"{HEADLINE}\nBack to Gallery\n"
        "Secretary Kerry arrives for the talks in Geneva on Friday. (Photo: Jane Doe)\n"
        "Posters of the campaign hang in the hall of the conference center (example.com)\n"
        "By Jane Doe\n"
    ),
    "the headline a page repeats wins over a longer standfirst": (
        f"{HEADLINE}\nWorld\n{HEADLINE}\n"
        "The two diplomats say they will meet again in New York later this month, officials say\n"
        "By Jane Doe\n"
    ),
    "a byline block the page repeats passes over the lines between the two": (
        f"{HEADLINE}\nBy\nJane Doe\nPublished Sep 13, 2013\nShare\nNever miss a story\n"
        "Email address\nDelegates gather in the hall of the conference center\nBy\nJane Doe\n"
        "Published Sep 13, 2013\nShare\n"
    ),
    "a standfirst below the headline is not the headline": (
        f"World News\nOpinion\n{HEADLINE}\n"
        "The ministers will meet again in New York later this month\n"
        "Jane Doe, Staff Writer\nSeptember 13, 2013\n"
    ),
    "a menu item just above the headline and again in the footer": (
        f"Classifieds\nRentals\nPlace an Ad\n{HEADLINE}\nBy Jane Doe\nApril 21, 2022\nShare\n"
    ),
}


@pytest.mark.parametrize("header", PAGES.values(), ids=PAGES.keys())
def test_the_headline_among_the_lines_above_the_body(header: str):
    assert _article(header + BODY)["title"] == HEADLINE


def test_every_feature_of_a_candidate_has_a_fitted_weight():
    lines = ["World News", HEADLINE, "By Jane Doe", *BODY.splitlines()]
    candidates = headline_candidates(lines)
    assert [lines[n] for n, _ in candidates] == [HEADLINE, "World News"]
    weights = headline_weights()
    for _, features in candidates:
        assert set(features) == set(weights)


def test_the_weights_decide_between_the_candidates():
    standfirst = "The ministers meet again in New York"  # too short to be taken for a lead
    lines = [HEADLINE, standfirst, "", *BODY.splitlines()]
    assert find_headline(lines) == 0
    assert find_headline(lines, weights={"next_to_body": 1.0}) == 1
    assert find_headline(lines, weights={"topmost": 1.0}) == 0


def test_a_file_named_after_one_of_two_plausible_headlines_decides_between_them():
    other = "A long day in Geneva ends with a deal on talks"
    page = f"World\n{other}\n{HEADLINE}\nBy Jane Doe\n{BODY}"
    for name, title in (
        ("page.txt", HEADLINE),
        ("a-long-day-in-geneva-ends-with-a-deal-on-talks.txt", other),
        ("Kerry and Lavrov agree to resume Syria talks.txt", HEADLINE),
    ):
        document = ingest_document(page.encode(), name, None, load_rules())
        assert document.article["title"] == title


# A page saved as text by a browser that wraps its lines at 78 columns, a blank line between
# blocks: the standfirst and the first paragraph are wrapped, the headline is not.
WRAPPED_PAGE = """Skip to main content

POLITICO

Foreign Policy

Tillerson heads to Moscow amid escalating tensions over Syria

The secretary of state will press Russia to abandon its support for Assad
after last week's chemical attack.

By Nahal Toosi

Secretary of State Rex Tillerson arrives in Moscow on Tuesday for his first
visit as the nation's top diplomat, carrying a message that Russia must choose
between the United States and its support for Syrian President Bashar Assad.

The visit comes days after President Donald Trump ordered missile strikes on a
Syrian air base in retaliation for a chemical weapons attack that U.S.
officials blame on Assad's forces.
"""


def test_a_page_wrapped_at_a_fixed_width_has_its_body_and_headline_found():
    lines = WRAPPED_PAGE.split("\n")
    assert body_start(lines) == lines.index(
        "Secretary of State Rex Tillerson arrives in Moscow on Tuesday for his first"
    )
    assert _article(WRAPPED_PAGE)["title"] == (
        "Tillerson heads to Moscow amid escalating tensions over Syria"
    )
    # The standfirst's first line is no headline of its own: read whole, it is a sentence.
    standfirst = lines.index(
        "The secretary of state will press Russia to abandon its support for Assad"
    )
    features = dict(headline_candidates(lines))
    assert features[standfirst]["period_end"] == 1.0


def test_a_headline_over_its_standfirst_is_not_read_as_one_wrapped_paragraph():
    # Two lines about as long, the second no longer than the first: a wrapped paragraph's
    # shape, but the second does not go on with the first's sentence.
    page = (
        "World\n\nKerry and Lavrov agree to resume talks on Syria's chemical weapons\n"
        "The two diplomats will meet again in New York later this month.\n\n" + BODY
    )
    assert _article(page)["title"] == (
        "Kerry and Lavrov agree to resume talks on Syria's chemical weapons"
    )
    lines = page.split("\n")
    assert body_start(lines) == 5
    assert {n for n, _ in headline_candidates(lines)} == {2, 3}


def test_a_site_named_in_the_file_name_does_not_make_its_banner_the_headline():
    # A host name in the file's name names the site, whose banner stands on every page.
    headline = "Geneva meeting ends with a promise"
    page = f"Skip to content\nThe Moscow Times\nIndependent News From Russia\n{headline}\n{BODY}"
    for name in ("www.the-moscow-times.com.txt", "the-moscow-times.com-2013-09.txt", "page.txt"):
        document = ingest_document(page.encode(), name, None, load_rules())
        assert document.article["title"] == headline


def test_the_site_s_own_controls_are_no_headlines():
    for control in (
        "Open Navigation Menu",
        "Do Not Sell My Personal Information",
        "Powered by WordPress VIP",
        "Press J to jump to the feed.",
        "To revisit this article, visit My Profile, then View saved stories",
    ):
        assert not is_headline_like(control), control
    assert is_headline_like("Putin opens a new front in his war of words with the West")
    assert is_headline_like("Obama's reset faces its sternest test yet in Moscow")
    assert is_headline_like("How Russian hackers got into your inbox")
    page = (
        "To revisit this article, visit My Profile, then View saved stories\n"
        f"Close Alert\n{HEADLINE}\nBy Jane Doe\n{BODY}"
    )
    assert _article(page)["title"] == HEADLINE


def test_a_headline_above_a_longer_standfirst_and_the_byline_is_the_headline():
    # The headline, then a standfirst of more words without a full stop, then the byline:
    # both are headline-like and near the byline; the shorter one above is the headline.
    page = (
        "World\nDonald Trump\nThis article is more than 5 years old\n"
        "Kerry and Lavrov agree on Syria talks in Geneva\n"
        "The two men will meet again in New York later this month, officials say, as the "
        "United Nations General Assembly opens\n"
        "Jane Doe in Geneva and John Roe in Moscow\nFri 13 Sep 2013 19.13 EDT\n" + BODY
    )
    article = _article(page)
    assert article["title"] == "Kerry and Lavrov agree on Syria talks in Geneva"
    assert article["published"] == "2013-09-13"
    # What tells them apart: the line just below the headline is longer.
    lines = [
        "Kerry and Lavrov agree on Syria talks",
        "The two men will meet again soon",
        *BODY.split("\n"),
    ]
    features = dict(headline_candidates(lines))
    assert (features[0]["longer_below"], features[1]["longer_below"]) == (0.0, 0.0)
    lines[1] = "The two diplomats will meet again in New York later this month"
    features = dict(headline_candidates(lines))
    assert (features[0]["longer_below"], features[1]["longer_below"]) == (1.0, 0.0)
    assert find_headline(lines, weights={"longer_below": 1.0}) == 0
    assert headline_weights()["longer_below"] > 0


def test_fitting_with_weights_held_fits_only_the_other_features():
    fit_headline = load_bench("fit_headline")
    # Twelve pages of two candidates: the true one has "new" set, "old" is noise.
    pages = [
        {
            "candidates": [
                (0, {"old": float(n % 3), "new": 1.0}),
                (1, {"old": float(n % 2), "new": 0.0}),
            ],
            "right": 0,
        }
        for n in range(12)
    ]
    fitted = fit_headline.fit(pages, ["old", "new"], {"old": -0.25})
    assert fitted["old"] == pytest.approx(-0.25)
    assert fitted["new"] > 1.0
    assert fit_headline.fit(pages, ["old", "new"])["old"] != pytest.approx(-0.25)


def test_a_byline_of_two_reporters_and_where_they_filed_from_is_no_headline():
    # "X in Washington and Y in Moscow" is a byline: title-cased and short as a headline is,
    # it came out as the title when the standfirst below the headline was left out.
    page = (
        "Trump and Putin to meet in Helsinki next month\n\n"
        "Julian Borger in Washington and Shaun Walker in Moscow\n\n" + BODY
    )
    assert _article(page)["title"] == "Trump and Putin to meet in Helsinki next month"
    page = (
        "Julian Borger in Washington and Shaun Walker in Moscow\n\n"
        "Trump and Putin to meet in Helsinki next month\n\n" + BODY
    )
    assert _article(page)["title"] == "Trump and Putin to meet in Helsinki next month"


def test_a_photo_caption_above_the_headline_is_not_the_body_s_first_paragraph():
    caption = (
        "The two foreign ministers at the start of their talks in Geneva on Friday, before "
        "the meeting that went on late into the night with their delegations. "
        "(Photo: State Department/Jane Roe)"
    )
    page = f"{caption}\n\nKerry and Lavrov agree to resume Syria talks\n\nby Jane Doe\n\n{BODY}"
    lines = page.splitlines()
    assert body_start(lines) == lines.index(BODY.splitlines()[0])
    assert _article(page)["title"] == "Kerry and Lavrov agree to resume Syria talks"


# A page whose body lines were saved with a blank line between each (no line of it a
# paragraph): only the lead photo's caption, below the headline, marks where the article starts.
CAPTION_PAGE = (
    "\n\n".join(
        [
            "Accessibility for screenreader",
            "Sign In",
            "Politics",
            "Opinions",
            "World",
            "Kerry and Lavrov agree to resume Syria talks",
            "Share on Facebook",
            "Share on Twitter",
            "Comments",
            "Secretary of State John Kerry and Foreign Minister Sergei Lavrov shake hands before "
            "their meeting in Geneva on Friday. (Dustin Franz/AFP/Getty Images)",
            "By Jane Doe",
            "Secretary of State John Kerry and Foreign Minister",
            "Sergei Lavrov agreed on Friday to resume talks on",
            "Syria's chemical weapons, officials said after a long",
            "meeting in Geneva.",
        ]
    )
    + "\n"
)


def test_a_lead_photo_s_caption_removed_as_boilerplate_still_marks_the_article_s_start():
    document = ingest_document(CAPTION_PAGE.encode(), "page.txt", None, load_rules())
    assert document.article["title"] == "Kerry and Lavrov agree to resume Syria talks"
    # The caption is cleaned away, and so is the page's header above the headline.
    assert document.sentence_texts[0] == "Secretary of State John Kerry and Foreign Minister"
    assert not any("Getty" in text or text == "Politics" for text in document.sentence_texts)


def test_a_headline_listed_under_a_list_of_other_stories_is_another_story():
    # The headline and its byline, then lists of other stories right above the body: one of
    # them shares the lead's words more than the headline does.
    headline = "Diplomats see hope for a deal on Syria's weapons"
    related = "Kerry and Lavrov agree to resume talks on Syria's chemical weapons in Geneva"
    lines = [
        headline,
        "By Jane Doe",
        "View author archive",
        "Get author RSS feed",
        "Most Popular",
        "1",
        "Putin says Russia will answer new sanctions",
        "2",
        "Senate passes the farm bill",
        "More On:",
        "syria",
        related,
        *BODY.splitlines(),
    ]
    features = dict(headline_candidates(lines))
    assert features[11]["listed"] == 1.0 and features[0]["listed"] == 0.0
    assert find_headline(lines) == 0
    # without the feature's weight, the story nearest the body would win
    unlisted = {k: v for k, v in headline_weights().items() if k != "listed"}
    assert find_headline(lines, weights=unlisted) == 11


def test_the_dates_of_a_list_of_other_stories_mark_no_headline():
    # Each item of "MORE STORIES LIKE THIS ONE" has a date below its headline; those dates
    # are the other stories', and a headline with one below it is no likelier the article's.
    lines = [
        "Diplomats see hope for a deal on Syria's weapons",
        "Jane DoeView More Articles",
        "Jane Doe September 13, 2013 12:32",
        "MORE STORIES LIKE THIS ONE",
        "WORLD",
        "Kerry meets Lavrov in Moscow",
        "May 7, 2013",
        "OPINION",
        "What the reset was for",
        "March 6, 2009",
        "WORLD",
        "Kerry and Lavrov agree to resume talks on Syria's chemical weapons",
        "September 20, 2012",
        *BODY.splitlines(),
    ]
    features = dict(headline_candidates(lines))
    assert features[0]["date_below"] == 1.0
    assert features[5]["date_below"] == features[11]["date_below"] == 0.0


def test_a_headline_far_down_a_list_of_dated_stories_is_another_story():
    # The headline, its byline and dateline, then "MORE STORIES LIKE THIS ONE": section,
    # headline, date, again and again, right above the body (AutoIndustriya's pages). The
    # story nearest the body, seven items down, is listed all the same, and its date is not
    # the article's.
    items = [
        ("WORLD", "Kerry meets Lavrov in Moscow", "May 7, 2013"),
        ("OPINION", "What the reset was for", "March 6, 2009"),
        ("WORLD", "Russia and America at the UN", "September 20, 2012"),
        ("ANALYSIS", "Sanctions, a year on", "March 17, 2015"),
        ("WORLD", "Putin and Obama speak by phone", "August 2, 2013"),
        ("FEATURES", "Inside the Geneva talks", "June 30, 2012"),
        (
            "WORLD",
            "Lavrov and Kerry: the Geneva talks resume",
            "May 8, 2013",
        ),
    ]
    text = "\n\n".join(
        [
            "World",
            "Diplomats see hope for a deal on Syria's weapons",
            "By Jane Doe",
            "Both sides say the weapons can be removed within the year",
            "Jane Doe September 13, 2013 12:32",
            "MORE STORIES LIKE THIS ONE",
            *(line for item in items for line in item),
            BODY,
        ]
    )
    article = _article(text)
    assert article["title"] == "Diplomats see hope for a deal on Syria's weapons"
    assert article["published"] == "2013-09-13"


def _sentences(text: str, name: str = "page.txt") -> tuple[str, list[str]]:
    document = ingest_document(text.encode(), name, None, load_rules())
    return str(document.article["title"]), list(document.sentence_texts)


_MINIMUM_WAGE = (
    "The minimum wage will rise in October, benefiting more than 1m people, the government has "
    "announced."
)


@pytest.mark.parametrize(
    ("headline", "standfirst"),
    [
        ("Minimum wage increased to £5.05", _MINIMUM_WAGE),  # a sentence
        (  # a line longer than the headline, however it ends
            "Japan turns to beer alternatives",
            "Japanese brewers are increasingly making money from beer-flavoured drinks rather "
            "than beer itself",
        ),
        # a figure or a word of a page's furniture in the headline rules it out of nothing
        ("Bank holds interest rate at 4.75%", _MINIMUM_WAGE),
        ("S Korean credit card firm rescued", _MINIMUM_WAGE),
    ],
)
def test_a_headline_over_its_standfirst_is_the_title_and_the_standfirst_stays_in_the_article(
    headline, standfirst
):
    # A text whose first line is its headline and second its standfirst, nothing around them:
    # the standfirst is the article's lead, not its title.
    title, sentences = _sentences(f"{headline}\n\n{standfirst}\n\n{BODY}")
    assert title == headline
    assert sentences[0] == standfirst
    assert headline not in sentences


def test_the_first_line_of_a_text_with_no_headline_is_its_title_and_stays_its_lead():
    lead = (
        "Dan Carter won't get to practice his kicking at the match venue before the game "
        "against Georgia."
    )
    title, sentences = _sentences(f"{lead}\n\n{BODY}")
    assert title == lead
    assert sentences[0] == lead


@pytest.mark.parametrize(
    ("opening", "is_lead"),
    [
        # long prose asking a question: the article's first sentence
        (
            "Have you ever wondered why the talks between the two ministers always seem to "
            "end on a Friday, just before the weekend begins?",
            True,
        ),
        # of ten words or more, with the paragraph going on right below it
        (
            "Have you ever wondered why the talks always end on a Friday?\n"
            "Diplomats say the reason is simpler than it looks, and it has to do with flights.",
            True,
        ),
        # a question headline: short, or capitalized, and a blank line above the article
        ("Is the reset over?", False),
        (
            "Can Kerry and Lavrov Save the Syria Talks Before the General Assembly Opens in "
            "New York?",
            False,
        ),
        ("Have you ever wondered why the talks always end on a Friday?", False),
        # opening with a word that goes on from what was said before: prose
        ("So how hard can the ministers' own diplomats be on the talks?", True),
        ("But is it art?", False),
    ],
)
def test_a_question_opening_the_first_paragraph_stays_its_first_sentence(opening, is_lead):
    title, sentences = _sentences(f"{opening}\n\n{BODY}")
    first = opening.splitlines()[0]
    assert title.removesuffix(" …").split()[:8] == first.split()[:8]
    assert (sentences[0] == first) is is_lead
    assert (first in sentences) is is_lead


@pytest.mark.parametrize(
    ("line", "headline_like"),
    [
        ("Disney settles disclosure charges", True),
        ("Share boost for feud-hit Reliance", True),
        ("iTunes now selling Band Aid song", True),
        ("Minimum wage increased to £5.05", True),
        ("Share this article", False),
        ("Share on Facebook", False),
        ("Affiliate disclosure", False),
        ("Disclosure: the author owns shares", False),
        ("Updated 10:50 AM EDT", False),
    ],
)
def test_words_of_page_furniture_inside_a_headline_do_not_rule_it_out(line, headline_like):
    assert is_headline_like(line, min_words=2) is headline_like


@pytest.mark.parametrize(
    ("opening", "title"),
    [
        ("(CNN)Singer-songwriter", "Singer-songwriter"),
        ("London (CNN)Singer-songwriter", "Singer-songwriter"),
        ("Coral Gables, Florida (CNN)Singer-songwriter", "Singer-songwriter"),
        ("MOSCOW (Reuters) - Singer-songwriter", "Singer-songwriter"),
        ("March 9, 2015 . Singer-songwriter", "Singer-songwriter"),
        ("HOUSTON , Sept. 2, 2015 /PRNewswire/ -- Singer-songwriter", "Singer-songwriter"),
        ("LONDON--(Marketwired - Sep 21, 2015) - Singer-songwriter", "Singer-songwriter"),
    ],
)
def test_a_title_taken_from_a_first_line_leaves_its_source_and_dateline_out(opening, title):
    # A text with no headline (a summarization collection's CNN story): its first sentence is
    # its title, without where and for whom it was filed.
    lead = f"{opening} David Crosby hit a jogger with his car on Sunday evening, a spokesman said."
    found, sentences = _sentences(f"{lead}\n\n{BODY}")
    assert found.startswith(f"{title} David Crosby hit a jogger")
    assert sentences[0].startswith("Singer-songwriter")


def test_html_character_references_a_text_file_kept_are_read_as_characters():
    first = "The caf&#233; and AT&amp;T, not AT&T."
    text = f"&#163;1.8m indecency fine for Viacom\n\n{first}\n\n{BODY}"
    title, sentences = _sentences(text)
    assert title == "£1.8m indecency fine for Viacom"
    assert sentences[0] == "The café and AT&T, not AT&T."


@pytest.mark.parametrize(
    "furniture",
    [
        "By ANI | ANI -",
        "John Hutchinson for MailOnline",
        "5:52 p.m. EDT",
        "Posted Tuesday, September 29th 2015 @ 1pm",
        "Calcutta News.Net Tuesday 22nd September, 2015",
    ],
)
def test_a_text_without_a_headline_is_not_titled_by_the_furniture_above_its_lead(furniture):
    lead = (
        "Secretary of State John Kerry told lawmakers in a closed-door session that the talks "
        "with Russia on Syria would go on."
    )
    title, sentences = _sentences(f"{furniture}\n\n{lead}\n\n{BODY}")
    assert title == lead
    assert lead in sentences


def test_a_wire_dateline_closed_by_a_colon_is_left_out_of_the_lead_and_the_title():
    lead = "London, Sept. 26 (ANI): Jennifer Lopez might just become the next face of the brand."
    title, sentences = _sentences(f"{lead}\n\n{BODY}")
    assert title == sentences[0] == "Jennifer Lopez might just become the next face of the brand."


# A made-up match preview: its fixture above the text (teams, ground, day, kick-off time).
FIXTURE = (
    "Rovers v United (Sat)\n\n{venue}\n\nSaturday, 12 March\n\n1500 GMT\n\n"
    "Rovers return to Kingsmead Park after three away games and will hope their home form holds "
    "against a United side that has not lost in six. The hosts are without their captain, who "
    "injured a hamstring in midweek.\n\n"
    'Manager Tom Hale said: "We know what is coming. United press high and we have to be brave '
    'on the ball and keep our shape when they come at us in numbers."\n'
)


@pytest.mark.parametrize("venue", ["Kingsmead Park, Exeter", "Kingsmead Park"])
def test_a_fixture_s_venue_is_neither_the_headline_nor_the_author(venue):
    article = _article(FIXTURE.format(venue=venue))
    assert (article["title"], article["author"]) == ("Rovers v United (Sat)", None)


def test_a_name_like_a_ground_s_that_the_text_never_names_is_still_a_byline():
    article = _article(FIXTURE.format(venue="Grace Park").replace("(Sat)", "preview"))
    assert (article["title"], article["author"]) == ("Rovers v United preview", "Grace Park")


def test_a_date_glued_before_a_headline_dates_the_article_and_leaves_the_title():
    headline = "September 8, 2015 Daily Prayer with the Parish: Who Am I That You Should Come?"
    document = ingest_document(f"{headline}\n\n{BODY}".encode(), "page.txt", None, load_rules())
    assert (
        document.article["title"] == "Daily Prayer with the Parish: Who Am I That You Should Come?"
    )
    assert str(document.article["published"]) == "2015-09-08"
    assert not any("Daily Prayer" in sentence for sentence in document.sentence_texts)


def test_a_press_release_dated_after_its_wire_is_dated_and_its_lead_starts_after_the_date():
    lead = (
        "MISSION, KS -- (Marketwired) -- 09/17/15 --  (Family Features) The dangers of "
        "distracted driving affect thousands of lives each year. Are you taking the proper steps "
        "to ensure a safe driving experience for you, your passengers and others on the road?"
    )
    document = ingest_document(f"{lead}\n\n{BODY}".encode(), "page.txt", None, load_rules())
    assert str(document.article["published"]) == "2015-09-17"
    assert document.sentence_texts[0].startswith("The dangers of distracted driving")
    assert str(document.article["title"]).startswith("The dangers of distracted driving")


def test_the_value_of_a_labelled_field_is_no_headline_candidate():
    # "Author:" over a name in capitals that reads like a headline: the name is the field's.
    lines = [
        "Stocks slide as bond yields climb",
        "Author:",
        "The Morning Desk Team",
        "Source:",
        "Market Wire Service",
        *BODY.splitlines(),
    ]
    found = [n for n, _ in headline_candidates(lines)]
    assert 0 in found
    assert 2 not in found and 4 not in found


def test_pieces_of_a_broken_sentence_and_introductions_are_no_headline_candidates():
    lines = [
        "Unstillbares Heimweh",
        "Talks on the future of Syria and",  # ends with a word no headline ends with
        "Das Thema der Melancholie beschäftigt den",
        "Two engineers, Jane Roe and John Doe, who discuss the most",  # goes on below
        "interesting content of the week in this podcast",
        "Sie erhalten bei uns zu jedem Drucker das passende Zubehör:",  # introduces a list
        "Kerry and Lavrov in Geneva",
        "veröffentlicht am 14 Feb 2020 | Kategorien: Politik",  # a post's details below
        *BODY.splitlines(),
    ]
    found = {lines[n] for n, _ in headline_candidates(lines)}
    assert found == {"Unstillbares Heimweh", "Kerry and Lavrov in Geneva"}


def test_a_german_verbs_particle_may_end_a_headline():
    lines = ["Home", "Zverev zieht ins Viertelfinale von Montpellier ein", *BODY.splitlines()]
    assert [n for n, _ in headline_candidates(lines)] == [1]
