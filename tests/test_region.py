"""A page saved as text: the page's header and footer around the article are removed."""

from __future__ import annotations

from pathlib import Path

from workbench.corpus.boilerplate import load_rules
from workbench.corpus.document import ingest_document
from workbench.corpus.list_heading import is_list_heading
from workbench.corpus.region import (
    boxed_lists,
    comments_start,
    footer_start,
    is_page_header,
    listing_start,
    slide_shows,
    story_lists,
)

PARAGRAPHS = [
    "Secretary of State John Kerry and Foreign Minister Sergei Lavrov agreed on Friday to resume "
    "talks on Syria's chemical weapons, officials said after a long meeting in Geneva.",
    "The two men met for several hours and said they would meet again later this month in New "
    "York, where the United Nations General Assembly opens its annual session.",
    "Neither side gave details of the proposal, which diplomats said would put the weapons "
    "under international control before they are destroyed over the coming year.",
    "Russia has blocked three resolutions on Syria at the Security Council, and Moscow said on "
    "Friday that it would not support any text that threatened the use of force.",
]
CLOSING = "He said he would travel to Moscow next month."
HEADER = [
    "Home",
    "Politics",
    "World Affairs",
    "Local Sports Scores",
    "Weather Radar",
    "Kerry and Lavrov agree to resume Syria talks",
]
FOOTER = [
    "Most Popular",
    "Senate passes the farm bill",
    "Storm closes schools across the state",
    "Five things to know today",
    "About Us",
    "Contact",
    "Careers",
    "Advertise With Us",
    "Terms of Use",
    "We welcome letters to the editor of up to 200 words.",
]
GALLERY = ["1 of 9", "Photo", "Caption", "Close", "2 of 9", "Photo", "Caption", "Close", "3 of 9"]


def _ingest(lines: list[str], rules=None):
    text = "\n\n".join(lines) + "\n"
    return ingest_document(text.encode(), "page.txt", None, rules or load_rules())


def _removed_by(document, rule: str) -> list[str]:
    return [document.text[s:e] for s, e, r, _ in document.removed if r == rule]


def test_the_header_above_the_headline_and_the_footer_below_the_article_are_removed():
    document = _ingest([*HEADER, *PARAGRAPHS, CLOSING, *FOOTER])
    assert document.article["title"] == HEADER[-1]
    removed = {document.text[s:e]: rule for s, e, rule, _ in document.removed}
    # Every line around the article goes: by a rule of its own where one matches, else by the
    # page's header or footer.
    assert all(line in removed for line in HEADER[:-1] + FOOTER)
    assert removed["Local Sports Scores"] == removed["Weather Radar"] == "page-header"
    assert removed["Storm closes schools across the state"] == "page-footer"
    assert document.sentence_texts == (*PARAGRAPHS, CLOSING)


def test_a_run_of_short_lines_inside_the_article_is_not_its_footer():
    lines = [*HEADER, *PARAGRAPHS[:2], *GALLERY, *PARAGRAPHS[2:], *FOOTER]
    document = _ingest(lines)
    kept = " ".join(document.sentence_texts)
    assert all(paragraph in kept for paragraph in PARAGRAPHS)
    assert not any("Senate passes" in line for line in document.sentence_texts)
    assert footer_start(lines, len(HEADER)) == len(HEADER) + 4 + len(GALLERY)


def test_a_table_whose_cells_stand_a_line_each_is_not_the_articles_footer():
    # A table flattened to a cell a line (a sports blog's splits, a poll's figures), however
    # long, with the article going on below it: one paragraph is enough there.
    table = ["NOLAN ARENADO", "AB", "AVG", "OBP", "SLG", "HOME", "310", ".316", ".350", ".610"]
    table += ["AWAY", "284", ".250", ".285", ".525"]
    lines = [*HEADER, *PARAGRAPHS[:2], *table, PARAGRAPHS[2], *table, PARAGRAPHS[3], *FOOTER]
    document = _ingest(lines)
    kept = " ".join(document.sentence_texts)
    assert all(paragraph in kept for paragraph in PARAGRAPHS)
    assert "Senate passes" not in kept
    # Short lines with few figures in them are no table: below the article, its footer.
    links = ["Most Popular", "Senate passes the farm bill", "Five things to know", "About Us"]
    links += ["Contact", "Careers", "Terms of Use", "Privacy", "Sitemap", "Jobs"]
    lines = [*HEADER, *PARAGRAPHS[:2], *links, PARAGRAPHS[2]]
    assert footer_start(lines, len(HEADER)) == len(HEADER) + 2


def test_prose_above_the_headline_keeps_the_lines_above_it():
    lines = [PARAGRAPHS[0], "Kerry and Lavrov agree to resume Syria talks", *PARAGRAPHS[1:]]
    assert not is_page_header(lines, 1)
    assert is_page_header(["Home", "World Affairs", *lines[1:]], 2)
    assert not is_page_header(lines, 0)


def test_an_article_without_a_footer_keeps_its_last_lines():
    lines = [*PARAGRAPHS, "Short line one", "Short line two", CLOSING]
    assert footer_start(lines, 0) is None
    document = _ingest(lines)
    assert CLOSING in document.sentence_texts


def test_a_corpus_can_switch_the_page_rules_off(tmp_path: Path):
    (tmp_path / "boilerplate.toml").write_text(
        '[[rule]]\nid = "page-header"\nenabled = false\n\n'
        '[[rule]]\nid = "page-footer"\nenabled = false\n',
        encoding="utf-8",
    )
    document = _ingest([*HEADER, *PARAGRAPHS, *FOOTER], load_rules(tmp_path))
    assert not _removed_by(document, "page-header") and not _removed_by(document, "page-footer")
    assert "Local Sports Scores" in document.sentence_texts
    assert "Storm closes schools across the state" in document.sentence_texts


COMMENTS = [
    "34 responses to “Kerry and Lavrov agree to resume Syria talks”",
    "moscowwatcher says:",
    "The talks will fail again, as they did last year in Geneva and the year before that.",
    "diplomat_42 says:",
    "Give them a chance: both sides now need an agreement more than they need a victory.",
]


def test_the_comments_below_the_article_are_its_footer():
    # Comments are paragraphs, so no run of short lines ends the article before them.
    document = _ingest([*HEADER, *PARAGRAPHS, CLOSING, *COMMENTS])
    assert document.sentence_texts == (*PARAGRAPHS, CLOSING)
    assert COMMENTS[2] in _removed_by(document, "page-footer")


def test_commenters_names_alone_open_the_comments():
    names = ["Anna on May 3, 2013 at 9:14 am said:", "I agree.", "Boris says:", "No.", "Carl says:"]
    lines = [
        *PARAGRAPHS,
        CLOSING,
        *names,
        "Talks always fail when the sides want different things.",
    ]
    assert comments_start(lines, 0) == len(PARAGRAPHS) + 1
    # a name or two over a quotation is no comments section
    quoted = [*PARAGRAPHS, "Lavrov said:", "We are ready.", "Kerry said:", "So are we.", CLOSING]
    assert comments_start(quoted, 0) is None


def test_comments_signed_below_each_open_at_their_heading():
    # A blog's comments, each with its commenter and time below it (the post's own line has
    # no colon); the section opens at its heading, above the first comment.
    comments = [
        "Comments",
        "The talks will fail again, as they did last year.",
        "Posted by: Anna at September 10, 2012 11:40 AM",
        "Give them a chance.",
        "Posted by: Boris | Sep 10, 2012 12:11:05 PM",
        "Both sides need an agreement now.",
        "Posted by: Carl at September 10, 2012 12:12 PM",
    ]
    signed = "Posted by Dana at September 10, 2012 9:01 AM"
    lines = [*PARAGRAPHS, signed, *comments]
    assert comments_start(lines, 0) == len(PARAGRAPHS) + 1
    # the post's own line and a heading or two over quotations are no comments section
    assert comments_start([*PARAGRAPHS, signed, "Comments", CLOSING], 0) is None
    assert comments_start([*PARAGRAPHS, *comments[:5], CLOSING], 0) is None


def test_a_question_in_the_comments_is_not_the_headline_of_a_short_post():
    # The post is a paragraph; the comments below it are paragraphs too, and one asks a
    # question that reads like a headline.
    comments = [
        "Thank you for the update, we have read the whole report twice and shared it with the "
        "members of our local group, who found the figures on the talks very useful.",
        "We have not yet looked at the sanctions, but we plan to consider them as part of our "
        "review at the end of the year, and we will write about what we find then.",
        "I would like to know more about how the two sides chose the place of the next round "
        "of talks, and whether the other members of the council were asked at all.",
    ]
    lines = [
        "Home",
        "Blog",
        "Quarterly open thread for readers",
        "September 10, 2018",
        PARAGRAPHS[0] + " Ask us anything about the talks and our work below.",
        "You can read our last open thread here.",
        "Posted in Open thread | 3 Comments",
        "Previous Post",
        "Next Post",
        "Anna on September 12, 2018 at 4:47 pm said:",
        "Any update on how the new sanctions will affect the talks?",
        comments[0],
        "Boris on September 13, 2018 at 5:23 pm said:",
        comments[1],
        "Carl on September 14, 2018 at 6:34 am said:",
        comments[2],
    ]
    document = ingest_document("\n\n".join(lines).encode(), "page.txt", None, load_rules())
    assert document.article["title"] == "Quarterly open thread for readers"


def test_a_comment_count_under_the_headline_does_not_cut_the_article():
    lines = [*HEADER, "12 Comments", *PARAGRAPHS, CLOSING]
    document = _ingest(lines)
    assert document.sentence_texts == (*PARAGRAPHS, CLOSING)


CARDS = [
    "More in World",
    "Israel carries out strikes on Iranian targets in Syria",
    "The defense chief says the strikes were a message to Iran.",
    "1H ago",
    "Two U.S. troops killed in helicopter crash in Afghanistan",
    "Officials dismiss a Taliban claim that it downed the craft and say the cause is unknown.",
    "2H ago",
    "Woman risks her life to save a koala",
    "At least six people have died and hundreds of homes have been destroyed by bushfires.",
    "14H ago",
]


def test_a_list_of_story_cards_inside_the_article_is_removed_and_the_article_goes_on():
    document = _ingest([*HEADER, *PARAGRAPHS[:2], *CARDS, *PARAGRAPHS[2:], CLOSING])
    assert document.sentence_texts == (*PARAGRAPHS, CLOSING)
    removed = _removed_by(document, "story-list")
    assert CARDS[2] in removed and CARDS[-1] in removed


def test_story_cards_below_the_article_go_with_the_footer_after_them():
    document = _ingest([*HEADER, *PARAGRAPHS, CLOSING, *CARDS, *CARDS[1:], *FOOTER])
    assert document.sentence_texts == (*PARAGRAPHS, CLOSING)


def test_a_chronology_or_a_live_blog_is_no_list_of_stories():
    chronology = [
        "Nov 18",
        "Russia and the United States agreed to resume talks on Syria's chemical weapons.",
        "Nov 19",
        "The Security Council met for six hours and adjourned without a vote on the text.",
        "Nov 20",
        "Both sides said a resolution would be put to a vote by the end of the week.",
    ]
    live = [
        "10:32",
        "Lavrov arrives in Geneva",
        "11:05",
        "Kerry's motorcade reaches the hotel",
        "11:40",
        "The talks begin behind closed doors",
    ]
    for entries in (chronology, live):
        lines = [*PARAGRAPHS, *entries, CLOSING]
        assert story_lists(lines, lines, 0) == []
        document = _ingest([*HEADER, *PARAGRAPHS, *entries, CLOSING])
        assert not _removed_by(document, "story-list")


def test_a_promotion_far_above_the_headline_does_not_keep_the_menus():
    promotion = (
        "Complete coverage of Washington, weekly video and the editors' picks, all in one place "
        "every morning."
    )
    menus = [
        "Politics",
        "Congress",
        "Campaigns",
        "Energy",
        "Courts",
        "Opinion",
        "Videos",
        "Podcasts",
    ]
    headline = "Kerry and Lavrov agree to resume Syria talks"
    lines = ["Home", promotion, *menus, headline, *PARAGRAPHS]
    assert is_page_header(lines, lines.index(headline))
    document = _ingest(lines)
    assert document.sentence_texts == tuple(PARAGRAPHS)
    # close above the headline, or with a second paragraph, prose is the article's
    assert not is_page_header(["Home", promotion, "Politics", headline, *PARAGRAPHS], 3)
    assert not is_page_header([PARAGRAPHS[0], PARAGRAPHS[1], *menus, headline], 10)


TEASERS = [
    "You may also like",
    "Putin and Trump to meet in Helsinki next month",
    "Lavrov says the door to dialogue with Washington stays open to anyone who wants to talk.",
    "Sanctions bill heads to the Senate floor",
    "Senators from both parties back new measures against Russian banks and energy firms.",
]


def test_a_heading_of_other_stories_below_the_article_starts_its_footer():
    # Teasers are sentences, so no run of short lines ends the article before them.
    document = _ingest([*HEADER, *PARAGRAPHS, CLOSING, *TEASERS])
    assert document.sentence_texts == (*PARAGRAPHS, CLOSING)
    assert TEASERS[2] in _removed_by(document, "page-footer")
    shown = [*PARAGRAPHS, CLOSING, *TEASERS]
    assert listing_start(shown, shown, 0) == len(PARAGRAPHS) + 1


def test_headings_of_other_stories_are_read_in_the_languages_of_the_web():
    for heading in (
        "Artigos relacionados",
        "Das könnte Sie auch interessieren:",
        "Diese Artikel könnten dich ebenfalls interessieren:",
        "関連記事",
        "Other Opinion Columns",
        "Featured Slide Shows",
        "Você pode gostar...",
        "También te puede gustar",
        "Vous aimerez aussi",
        "Ti potrebbe interessare",
    ):
        shown = [*PARAGRAPHS, heading, *TEASERS[1:]]
        assert listing_start(shown, shown, 0) == len(PARAGRAPHS), heading
    # ... and a sentence that opens with those words is none
    assert not is_list_heading("Você pode gostar de viajar para o Rio no verão deste ano")


def test_a_box_of_links_inside_the_article_does_not_end_it():
    box = ["Related stories", "Putin and Trump to meet in Helsinki next month"]
    document = _ingest([*HEADER, *PARAGRAPHS[:2], *box, *PARAGRAPHS[2:], CLOSING])
    assert set(document.sentence_texts) >= {*PARAGRAPHS, CLOSING}
    # ... nor a long one, the article's paragraphs further below it
    most_read = ["Most read in world news", *[f"Headline number {n}" for n in range(14)]]
    lines = [*PARAGRAPHS[:2], *most_read, *PARAGRAPHS[2:], CLOSING]
    assert listing_start(lines, lines, 0) is None


def test_the_articles_tags_below_it_end_it_and_the_next_story_goes():
    # Labels the article names ("Syria", "Geneva", "Sergei Lavrov"), then another story's
    # headline and paragraphs: the article ended at its tags, however long what follows.
    tags = ["World", "Syria", "Geneva", "Sergei Lavrov", "Security Council"]
    other = [
        "Share your thoughts with friends.",
        "A year ago Tuesday, our father was arrested in Japan and held for months without trial.",
        "He is finally free on bail, but his activities are highly restricted by the courts.",
        "We do not know when his trial will begin and when this nightmare will finally end.",
    ]
    lines = [*PARAGRAPHS, CLOSING, *tags, *other]
    assert footer_start(lines, 0) == len(PARAGRAPHS) + 1
    document = _ingest([*HEADER, *lines])
    assert document.sentence_texts == (*PARAGRAPHS, CLOSING)


def test_short_lines_the_article_does_not_name_or_a_list_it_opens_are_no_tags():
    # The article's own list, opened by its paragraph ("... are:"), and a box of labels it
    # does not name, with the article going on below: neither ends it.
    opened = PARAGRAPHS[1].rstrip(".") + ", and the proposals on the table are:"
    listed = ["Syria", "Geneva", "Security Council", "Sergei Lavrov"]
    lines = [PARAGRAPHS[0], opened, *listed, *PARAGRAPHS[2:], CLOSING]
    assert footer_start(lines, 0) is None
    unnamed = ["Weather", "Traffic", "Local Sports", "Lottery"]
    lines = [*PARAGRAPHS[:2], *unnamed, *PARAGRAPHS[2:], CLOSING]
    assert footer_start(lines, 0) is None


def test_the_authors_box_below_the_article_starts_its_footer():
    biography = "Anna Petrova covers Russia and the former Soviet Union from Moscow for the paper."
    document = _ingest([*HEADER, *PARAGRAPHS, CLOSING, "About Anna Petrova", biography, *TEASERS])
    assert document.sentence_texts == (*PARAGRAPHS, CLOSING)
    # a heading that merely begins with "About" is the article's
    shown = [*PARAGRAPHS[:2], "About the talks", *PARAGRAPHS[2:], CLOSING]
    assert listing_start(shown, shown, 0) is None


def test_lines_other_rules_take_from_a_footer_count_in_its_run():
    # Five of the footer's lines are taken by their own rules (share buttons, a newsletter box,
    # social links) and four are left: still the footer, and the site's blurbs below it go.
    footer = [
        "Share on Facebook",
        "Share on Twitter",
        "Sign up for our newsletter",
        "Follow us on Twitter",
        "Get the latest news delivered to your inbox",
        "Latest",
        "Popular",
        "Contact",
        "About",
        "Our reporters cover the world from bureaus in twelve capital cities.",
        "The paper has been published every weekday since it was founded in 1898.",
    ]
    document = _ingest([*HEADER, *PARAGRAPHS, CLOSING, *footer])
    assert document.sentence_texts == (*PARAGRAPHS, CLOSING)
    assert footer[-1] in _removed_by(document, "page-footer")


def test_a_box_of_other_stories_inside_the_article_is_removed_and_the_article_goes_on():
    box = [
        "Trending News",
        "Putin and Trump to meet in Helsinki next month",
        "Sanctions bill heads to the Senate floor",
        "What the summit means for Syria?",
    ]
    document = _ingest([*HEADER, *PARAGRAPHS[:2], *box, *PARAGRAPHS[2:], CLOSING])
    assert document.sentence_texts == (*PARAGRAPHS, CLOSING)
    assert set(box) <= set(_removed_by(document, "story-list"))
    lines = [*PARAGRAPHS[:2], *box, *PARAGRAPHS[2:]]
    assert boxed_lists(lines, lines, 0) == [range(2, 6)]
    # a heading over one line, or over the article's own lines, is no box
    for below in (box[1:2], ["— Why now?", "Because the talks failed."], [CLOSING]):
        lines = [*PARAGRAPHS[:2], "Related", *below, *PARAGRAPHS[2:]]
        assert boxed_lists(lines, lines, 0) == [], below


def test_a_box_of_other_stories_between_the_headline_and_the_body_is_removed():
    box = ["More On:", "syria", "Putin and Trump to meet in Helsinki next month"]
    document = _ingest([*HEADER, "By Jane Doe", *box, *PARAGRAPHS, CLOSING])
    assert document.article["title"] == HEADER[-1]
    assert document.sentence_texts == (*PARAGRAPHS, CLOSING)
    assert box[2] in _removed_by(document, "story-list")


SLIDES = [
    "Business news in pictures",
    "",
    "Business news in pictures",
    "",
    "- 1/50 United going down Manchester United's absence from the Champions League hurt more "
    "than the fans' pride last year: it also dented the bottom line. GETTY IMAGES",
    "- 2/50 Star Wars boosts economy Production of the next Star Wars movie has brought an "
    "economic impact of some £150 million to Britain, according to company accounts.",
    # the extractor dropped the third slide
    "- 4/50 World's richest lose $182b Warren Buffett, the world's third richest person, lost "
    "$3.6bn in last week's market slump. Getty",
]


def test_a_slide_show_is_found_from_its_heading_to_its_last_slide():
    shown = [*PARAGRAPHS[:2], *SLIDES, *PARAGRAPHS[2:]]
    (show,) = slide_shows(shown, 0)
    assert shown[show.start] == "Business news in pictures"
    assert shown[show.stop - 1].startswith("- 4/50")
    assert PARAGRAPHS[2] not in [shown[n] for n in show]


def test_fractions_and_numbers_out_of_a_changing_count_are_no_slide_show():
    recipe = ["1/2 cup flour", "1/3 cup sugar", "1/4 teaspoon salt", "2/3 cup milk"]
    assert slide_shows([PARAGRAPHS[0], *recipe], 0) == []
    scores = ["1 of 3 voted", "2 of 5 abstained", "3 of 7 left"]
    assert slide_shows([PARAGRAPHS[0], *scores], 0) == []


def test_a_slide_show_in_a_saved_page_goes_with_its_captions_and_the_article_stays():
    slides = [line for line in SLIDES if line]
    document = _ingest([*HEADER, *PARAGRAPHS[:3], *slides, PARAGRAPHS[3], *FOOTER])
    kept = " ".join(document.sentence_texts)
    assert all(paragraph in kept for paragraph in PARAGRAPHS)
    assert "Star Wars" not in kept and "in pictures" not in kept
    assert any(text.startswith("- 2/50") for text in _removed_by(document, "story-list"))


def test_labels_with_their_counts_below_the_article_are_its_footer_from_the_first():
    # "2020 Election (611 posts)": a closing bracket after a count ends no sentence, so the
    # footer starts at the first label, not after the labels that end "like" a sentence.
    counted = [
        "2020 Election (611 posts)",
        "2020 Democratic Primary (578)",
        "Bernie Sanders (341)",
        "Joe Biden (233)",
        "Elizabeth Warren (184)",
        "Iowa Caucus (140)",
        "Pete Buttigieg (117)",
        "New Hampshire Primary (79)",
        "Amy Klobuchar (56)",
    ]
    lines = [*PARAGRAPHS, CLOSING, *counted]
    assert footer_start(lines, 0) == len(PARAGRAPHS) + 1
