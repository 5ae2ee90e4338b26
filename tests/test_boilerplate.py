"""Boilerplate cleaning: every family in the seeds is removed and named; prose is never removed."""

from __future__ import annotations

import pickle

import polars as pl
import pytest

from workbench.corpus.boilerplate import (
    RequiresFinder,
    find_boilerplate,
    line_facts,
    line_key,
    load_rules,
    rules_fingerprint,
    rules_pass,
    with_title,
)
from workbench.corpus.document import ingest_document
from workbench.corpus.ingest import load_corpus
from workbench.corpus.manifest import ArticleMeta
from workbench.corpus.segment import line_spans
from workbench.errors import WorkbenchError

# (article, a piece of the removed text, rule id, family)
SEED_REMOVALS = [
    ("000", "News: Obama and Putin discuss Syria", "labelled-link", "Related links"),
    ("000", "Syria exposes cool spots in U.S.-Russia ties", "trailing-headline", "Related links"),
    (
        "000",
        "The opinions expressed in this commentary are solely those of Mark N. Katz.",
        "opinion-disclaimer",
        "Disclaimer",
    ),
    ("001", "Support The Moscow Times!", "support-outlet", "Donation appeal"),
    ("001", "Why Obama and Putin Are Tied to Each Other", "title-line", "Title"),
    ("001", "Wikicommons", "photo-credit", "Photo credit"),
    ("001", "Vladimir Frolov is president of", "author-bio", "Author bio"),
    ("001", "Sign up for our free weekly newsletter", "newsletter-block", "Newsletter sign-up"),
    ("001", "Subscribers agree to the Privacy Policy", "newsletter-block", "Newsletter sign-up"),
    ("001", "A Message from The Moscow Times:", "donation-appeal-block", "Donation appeal"),
    ("001", "We are facing unprecedented challenges.", "donation-appeal-block", "Donation appeal"),
    ("001", "Remind me later.", "donation-appeal-block", "Donation appeal"),
    ("001", "Read more", "read-more", "Related links"),
    ("002", "Obama’s Dim Prospects for Reviving the Russian ‘Reset’", "title-line", "Title"),
    ("002", "By + More", "byline-more", "Byline"),
    (
        "002",
        "Heather Stetten is a researcher at the American Foreign Policy Council",
        "author-bio",
        "Author bio",
    ),
    (
        "002",
        "[See a collection of political cartoons on North Korea.]",
        "bracketed-promo",
        "Promo link",
    ),
    ("002", "[See a collection of political cartoons on Syria.]", "bracketed-promo", "Promo link"),
    (
        "002",
        "Read Daniel Gallington: How the Republicans Lost Their Way",
        "bulleted-link",
        "Related links",
    ),
    ("002", "Check out U.S. News Weekly, now available on iPad", "bulleted-link", "Related links"),
    ("003", "Nonprofit, nonpartisan journalism. Supported by", "outlet-tagline", "Outlet tagline"),
    ("003", "At Kerry-Putin meeting, US-Russia relations thaw — a little", "title-line", "Title"),
    ("003", "Article continues after advertisement", "ad-marker", "Advertisement marker"),
    ("004", "Can Putin, Trump reboot ties over Syria?", "title-line", "Title"),
    ("004", "Photo by Alexander Nemenov/Pool via REUTERS.", "photo-caption", "Photo caption"),
    ("004", "Maxim A. Suchkov", "byline-author", "Byline"),
    ("004", "Topics covered", "topics-block", "Topic labels"),
    ("004", "Syria Conflict", "topics-block", "Topic labels"),
    ("004", "May 17, 2019", "dateline", "Dateline"),
    (
        "004",
        "Continue reading this article by registering at no cost",
        "paywall-block",
        "Paywall teaser",
    ),
    ("004", "Invitation-only Briefings", "paywall-block", "Paywall teaser"),
]


@pytest.mark.parametrize(("article_id", "fragment", "rule", "family"), SEED_REMOVALS)
def test_seed_boilerplate_is_removed_and_named(bundled_corpus, article_id, fragment, rule, family):
    removed = bundled_corpus.removed.filter(
        (pl.col("article_id") == article_id) & pl.col("text").str.contains(fragment, literal=True)
    )
    assert removed.height >= 1, f"{fragment!r} was not removed from {article_id}"
    assert removed["rule"][0] == rule
    assert removed["family"][0] == family
    sentences = bundled_corpus.sentences.filter(pl.col("article_id") == article_id)
    folded = " ".join(fragment.split())
    assert not sentences["text"].str.contains(folded, literal=True).any()


def test_repeated_byline_lines_are_both_removed(bundled_corpus):
    bylines = bundled_corpus.removed.filter(
        (pl.col("article_id") == "004") & (pl.col("text") == "Maxim A. Suchkov")
    )
    assert bylines.height == 2


def test_removed_spans_are_exact_slices_of_the_original(bundled_corpus):
    texts = dict(bundled_corpus.documents.iter_rows())
    for row in bundled_corpus.removed.iter_rows(named=True):
        assert texts[row["article_id"]][row["start"] : row["end"]] == row["text"]


def test_removed_spans_and_sentences_never_overlap(bundled_corpus):
    for article_id in bundled_corpus.articles["article_id"]:
        spans = bundled_corpus.removed.filter(pl.col("article_id") == article_id)
        sentences = bundled_corpus.sentences.filter(pl.col("article_id") == article_id)
        for r_start, r_end in spans.select("start", "end").rows():
            for s_start, s_end in sentences.select("start", "end").rows():
                assert s_end <= r_start or r_end <= s_start


def _removed(text: str, meta: ArticleMeta | None = None) -> dict[str, str]:
    """Removed text → rule id, for one document ingested with the default rules."""
    document = ingest_document(text.encode(), "page.txt", meta, load_rules())
    return {text[start:end]: rule for start, end, rule, _family in document.removed}


def _sentences(text: str, meta: ArticleMeta | None = None) -> list[str]:
    return list(ingest_document(text.encode(), "page.txt", meta, load_rules()).sentence_texts)


PROSE = "The talks in Geneva ended without agreement, officials said on Friday."


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Story continues below advertisement", "ad-marker"),
        ("[embedded content]", "embed-placeholder"),
        ("Share article", "share-buttons"),
        ("The story first appeared on The Sydney Morning Herald.", "republication-note"),
        (
            "The story Push to dump the treasurer first appeared on The Sydney Morning Herald .",
            "republication-note",
        ),
        ("Featured image via screen capture", "featured-image"),
        ("ADVERTISEMENT", "ad-marker"),
        ("Subscribe to our daily newsletter for the latest on Russia", "newsletter-block"),
        ("Sign up for the Morning Brief newsletter", "newsletter-block"),
        (
            "Putin and Trump shake hands in Helsinki. (AP Photo/Pablo Martinez Monsivais)",
            "photo-caption-parenthetical",
        ),
        ("Photo: Mikhail Klimentyev/TASS", "photo-credit-line"),
        ("Getty Images", "photo-credit"),
        ("Related: Kremlin rejects sanctions talk", "labelled-link"),
        ("Read more: Why the reset failed", "labelled-link"),
        ("[Read: The Cold War that never ended]", "bracketed-promo"),
        ("[Watch the full interview here]", "bracketed-promo"),
        ("• Watch: Lavrov's press conference", "bulleted-link"),
        ("The views expressed here are the author's own.", "opinion-disclaimer"),
        ("This article was originally published by The Conversation.", "republication-note"),
        ("By John Smith and Jane Doe", "byline-by"),
        ("Tags: Russia, Syria, Diplomacy", "topics-block"),
        ("Published: March 3, 2014", "dateline"),
        ("Donate now", "donate-button"),
        ("Share | Tweet | Email", "share-buttons"),
        ("Reporting by Vladimir Soldatkin; Editing by Mark Trevelyan", "reporting-credit"),
        ("Additional reporting by Jane Doe in Moscow.", "reporting-credit"),
        (
            "Associated Press writer Vladimir Isachenkov in Moscow contributed to this report.",
            "reporting-credit",
        ),
        (
            "FILE PHOTO: Putin attends a meeting in Moscow, May 13, 2019. Sputnik/Kremlin via "
            "REUTERS",
            "photo-caption-agency",
        ),
        ("Photograph: Alexei Nikolsky/AP", "photo-credit-line"),
        ("Image source, Getty Images", "image-credit-label"),
        ("Credit...Doug Mills/The New York Times", "photo-credit-outlet"),
        ("Credit: Alexander Zemlianichenko", "image-credit-label"),
        ("Follow Fred Weir on Twitter", "follow-us"),
        ("5 min read", "reading-time"),
        ("Show comments (12)", "page-furniture"),
        ("Continue reading the main story", "page-furniture"),
        (
            "Copyright 2019 The Associated Press. All rights reserved. This material may not be "
            "published, broadcast, rewritten or redistributed.",
            "republication-note",
        ),
        # Korean news sites' copyright line.
        (
            "저작권자 ⓒ '대중문화컨텐츠 전문가그룹' 엔터미디어(www.entermedia.co.kr), 무단전재 및 "
            "재배포금지",
            "republication-note",
        ),
        ("Copyright ⓒ Entermedia.co.kr. 무단전재 및 재배포 금지", "republication-note"),
        (
            "A version of this article appears in print on May 8, 2013, Section A, Page 4 of the "
            "New York edition.",
            "republication-note",
        ),
        ("First published on Tue 7 May 2013 10.54 BST", "republication-note"),
        (
            "*This article appears in the September 5, 2016 issue of New York Magazine.",
            "republication-note",
        ),
        ("Tue 18 Mar 2014 12.46 GMT", "dateline"),
        ("sexta-feira, 22 de outubro de 2010 às 20:13", "dateline-foreign"),
        ("Montag, 17. März 2014, 10:30 Uhr", "dateline-foreign"),
        ("Publié le 3 mars 2014 à 10h30", "dateline-foreign"),
        ("17 марта 2014 года", "dateline-foreign"),
        ("Aktualisiert am 17.03.2014 - 10:30 Uhr", "dateline-foreign"),
        ("Share on Facebook", "share-buttons"),
        (
            "Putin meets Pompeo in Sochi, May 14, 2019. Sputnik/Kremlin via REUTERS",
            "photo-caption-credit-end",
        ),
        ("Share via Email", "share-buttons"),
        # A row of buttons saved as one line, with or without separators.
        ("Share on Facebook Share on Twitter Email", "share-buttons"),
        ("Share on Facebook | Share on Twitter | Email", "share-buttons"),
        ("Facebook Twitter Email", "share-buttons"),
        (
            "FILE PHOTO: Kerry and Lavrov shake hands in Geneva, September 14, 2013. "
            "REUTERS/Ruben Sprich/File Photo",
            "photo-caption-agency",
        ),
        (
            "Lavrov speaks in Moscow, Russia, May 6, 2019. REUTERS/Maxim Shemetov",
            "photo-caption-agency",
        ),
        ("We use cookies to improve your experience on our site.", "cookie-notice"),
        # A photographer and the outlet or agency the picture is from.
        ("Max Whittaker for The New York Times", "photo-credit-outlet"),
        ("Ruth Fremson/The New York Times", "photo-credit-outlet"),
        ("Justin T. Gellerson for The New York Times", "photo-credit-outlet"),
        ("(Jacquelyn Martin / Associated Press)", "photo-credit-outlet"),
        ("(Ellen M. Banner / The Seattle Times)", "photo-credit-outlet"),
        ("Shutterstock / Getty Images (Composite)", "photo-credit-outlet"),
        # A caption with that credit glued to its end, or in parentheses after it.
        (
            "Mr. Lavrov's aides outside the ministry in Moscow.Credit...Mel Evans/Associated Press",
            "photo-caption-credit-end",
        ),
        (
            "The two men at the start of their talks.CreditCredit...Doug Mills/The New York Times",
            "photo-caption-credit-end",
        ),
        (
            "Kerry and Lavrov shake hands in Geneva on Friday. (Dustin Franz/AFP/Getty Images)",
            "photo-caption-credit-end",
        ),
        # Page numbers: pagination, and a PDF's running header or footer made text.
        ("Page 2 of 5", "page-number"),
        ("- 14 -", "page-number"),
        ("Policy Brief No. 12                              Page 1", "page-number"),
        ("Seite 34 von 40", "page-number"),
        # Markup without text of its own, in a Markdown file
        ('<img src="/images/lavrov.jpg" alt="Lavrov and Tillerson" class="wide"/>', "markup-line"),
        ("</figure></div>", "markup-line"),
        ("![Lavrov and Tillerson](/images/lavrov.jpg)", "markup-line"),
        ("* * *", "markup-line"),
        ('[1]: https://www.state.gov/remarks "Remarks"', "markup-line"),
        # ... and a table's rows of empty cells, as an extractor leaves them
        ("| | | |", "markup-line"),
        ("|---|---|---|", "markup-line"),
        # Skip links in other languages
        ("Zum Inhalt springen", "skip-links"),
        ("Springe zum Hauptinhalt", "skip-links"),
        ("Aller au contenu principal", "skip-links"),
        ("Ir al contenido", "skip-links"),
        # What a web video player says to screen readers
        (
            "This is a modal window. This modal can be closed by pressing the Escape key or "
            "activating the close button.",
            "video-player",
        ),
        ("Beginning of dialog window. Escape will cancel and close the window.", "video-player"),
        # Furniture of other outlets' pages, found on pages nobody here had seen
        ("Media playback is unsupported on your device", "page-furniture"),
        ("Share this with Facebook", "share-buttons"),
        ("Email this article", "page-furniture"),
        ("You must be logged in to comment.", "page-furniture"),
        ("This story has been updated.", "page-furniture"),
        ("Click here to subscribe to The Paradigm Newsletter", "newsletter-line"),
        ("Get the latest news delivered to your inbox", "newsletter-line"),
        ("Want more stories like this? Sign up for our daily briefing.", "newsletter-line"),
        ("Dann abonnieren Sie unseren Newsletter!", "newsletter-line-de"),
        (
            "Excerpted from “Superminds”. Copyright © 2018 by Thomas W. Malone. Used with "
            "permission of Little, Brown and Company, New York. All rights reserved.",
            "excerpt-credit",
        ),
        ("Reprinted by permission of Basic Books, New York, NY.", "excerpt-credit"),
        (
            "We may receive compensation when you click on links to those products.",
            "affiliate-disclosure",
        ),
        ("This post contains affiliate links.", "affiliate-disclosure"),
        ("We want to hear what you think about this article.", "reader-letters"),
        ("Melden Sie sich jetzt für unseren Newsletter an.", "newsletter-line-de"),
        ("Recommended by Outbrain", "ad-marker"),
        ("Accept all cookies", "cookie-notice"),
        ("This article originally appeared on The Conversation.", "republication-note"),
        ("Support our journalism. Subscribe today.", "support-outlet"),
        ("(CNN)", "agency-tag"),
        ("(Image credit: Blue Origin)", "image-credit-label"),
        ("Illustration: Sarah Grillo/Axios", "image-credit-label"),
        ("Illustration by Jane Doe", "image-credit-label"),
        ("(Reporting by Jonathan Landay; Editing by Grant McCool)", "reporting-credit"),
        (
            "(Additional reporting by Wilda Asmarini, Kanupriya Kapoor and Siva Govindasamy in "
            "JAKARTA/SURABAYA, Al-Zaquan Amer Hamzah in KUALA LUMPUR, Tim Hepher in PARIS and Mark "
            "Hosenball, David Brunnstrom, and Lesley Wroughton in WASHINGTON; Writing by Dean "
            "Yates; Editing by Michael Perry)",
            "reporting-credit",
        ),
        (
            "Missing out on the latest scoops? Sign up for POLITICO Playbook and get the latest "
            "news, every morning — in your inbox.",
            "newsletter-question",
        ),
        ("Subscribe to my free statistics newsletter", "newsletter-question"),
        ("Since you’re here, we have a small favour to ask.", "appeal-line"),
        ("Enjoy unlimited access to all of our content. Subscribe now.", "appeal-line"),
        ("Subscribe to our YouTube channel", "follow-us"),
        ("Updated at 10.35am EDT", "timed-dateline"),
        ("16 January 2015 Last updated at 12:29 ET", "dated-update-stamp"),
        ("Friday, 17 January 2015, last updated at 9.01am GMT", "dated-update-stamp"),
        ("Related Coverage", "page-furniture"),
        ("Unsubscribe | Manage your preferences", "newsletter-links"),
        ("View this email in your browser", "newsletter-links"),
        ("This copy is for your personal, non-commercial use only.", "reprints-notice"),
        (
            "Distribution and use of this material are governed by our Subscriber Agreement "
            "and by copyright law.",
            "reprints-notice",
        ),
        ("- Order Reprints", "reprints-notice"),
        ("Write to Al Root at allen.root@dowjones.com", "reprints-notice"),
        ("Thanks for signing up!", "newsletter-line"),
        ("Keep an eye on your inbox for the latest sports news.", "newsletter-line"),
        ("There was an error processing your subscription.", "newsletter-line"),
        ("Newsletter", "newsletter-heading"),
        ("Birdlife Newsletter", "newsletter-heading"),
        ("Jetzt Newsletter abonnieren", "newsletter-heading"),
        ("Subscribe to our mailing list to get the latest news!", "newsletter-question"),
        ("Sign Up For Breaking News Alerts", "newsletter-question"),
        ("Cookies", "cookie-notice"),
        ("Cookie-Richtlinie", "cookie-notice"),
        ("To find out more, see here: Cookie Policy", "cookie-notice"),
        ("Advertisements", "ad-marker"),
        ("Filed under 2020 Election", "topics-block"),
        ("See comments", "page-furniture"),
        ("View All 32 Comments", "page-furniture"),
        ("1.132 Comments", "page-furniture"),
        ("Log in to leave a comment", "page-furniture"),
        ("Image: Keystone", "image-credit-label"),
        ("(Image: © HandyGames)", "image-credit-label"),
        ("Foto: © rido/123RF.com", "image-credit-label"),
        ("Читайте также: Путин и Обама обсудили Сирию по телефону", "related-links-ru"),
        ("Материалы по теме", "related-links-ru"),
        ("Реклама", "furniture-ru"),
        ("Поделиться", "furniture-ru"),
        ("Подписывайтесь на наш канал в Telegram", "furniture-ru"),
        ("Нашли опечатку? Выделите текст и нажмите Ctrl+Enter", "furniture-ru"),
        ("Фото: РИА Новости / Алексей Дружинин", "photo-credit-ru"),
        ("При использовании материалов гиперссылка на сайт обязательна.", "republication-note"),
        ("copyright Inexhibit 2019 - ISSN: 2283-5474", "republication-note"),
        ("©", "copyright-line"),
        (
            "This material may not be published, broadcast, rewritten, or redistributed.",
            "redistribution-notice",
        ),
        ("(Copyright 2010 by The Wire Agency. All Rights Reserved.)", "redistribution-notice"),
        # An encyclopedia's footnotes and citations.
        (
            '- ^ a b Eich, Brendan (21 June 2011). "New JavaScript engine". Archived from the '
            "original on 2011-06-23. Retrieved 2011-06-23.",
            "citation",
        ),
        (
            'Wayne Arnold (2 August 2007). "Surviving Without Subsidies". The New York Times. '
            "Retrieved 11 August 2015.",
            "citation",
        ),
        ("^ The Chatham Islands have a separate time zone.", "citation"),
        # A line with a pictogram that is no sentence: a promotion, a menu entry.
        ("Meet the honorees ⭐ Start the day smarter ☀️", "emoji-promo"),
        ("📱 Torn between the latest phones? Never fear, see our buying guide.", "emoji-promo"),
        ("✂ Gift ideas for 1. April 2020", "emoji-promo"),
        ("— Dianna E. Anderson 🏳️ (@diannaeanderson) November 18, 2019", "emoji-promo"),
        ("©Ambroise Tézenas", "copyright-line"),
        (
            "Note: Pages will open in a new browser windowExternal sites are not endorsed by CNN "
            "Interactive.",
            "external-sites-note",
        ),
        ("CNN.com does not endorse external sites", "external-sites-note"),
        # A page's controls set as a list: the extractor's mark before each item.
        ("- Share this", "share-buttons"),
        ("- Tweet this", "share-ui"),
        ("- Digg this", "share-ui"),
        ("- Reprints", "reprints-notice"),
        ("- Permalink", "page-furniture"),
        ("Show Transcript Hide Transcript", "page-furniture"),
        ("Loading... Please wait...", "page-furniture"),
        ("Trending On Reuters", "page-furniture"),
        ("Full Article", "page-furniture"),
        ("Share this with all of your girlfriends by clicking the Share button below.", "share-ui"),
        ("FOXNews.com does not endorse content on external sites", "external-sites-note"),
        (
            "© 2004-2020 Healthline Media UK Ltd, Brighton, UK, a Red Ventures Company. All "
            "rights reserved. MNT is the registered trade mark of Healthline Media. Any medical "
            "information published on this website is not intended as a substitute for informed "
            "medical advice and you should not take any action before consulting a professional.",
            "copyright-line",
        ),
        ("Loading weather data ...", "page-furniture"),
        ("Get The Daily Business On Twitter, Facebook, and Google Buzz!", "follow-us"),
        ("Know something we don't? E-mail us at tips@example.com", "tip-line"),
        ("(MORE: The 10 Best Tweets About the Earthquake)", "bracketed-link"),
        ("(PHOTOS: Inside the Summit)", "bracketed-link"),
        ("(See pictures of the summit.)", "bracketed-link"),
        ("Main Content", "page-furniture"),
        ("Get reporter alerts", "account-links"),
        ("Get email alerts", "account-links"),
        ("-", "ornament-line"),
        ("• • •", "ornament-line"),
        ("See the Monitor's Pictures of the Week.", "media-pointer"),
        ("READ the minister's full remarks:", "media-pointer"),
        ("Watch the video", "media-pointer"),
        ("Episode Teaser Image:", "template-label"),
        ("Episode Description:", "template-label"),
        ("Courtesy G4", "image-credit-label"),
        ("Courtesy of the family", "image-credit-label"),
        ("Newer Post Older Post Home", "blog-furniture"),
        ("Older Post", "blog-furniture"),
        ("Subscribe to:", "blog-furniture"),
        ("Post Comments (Atom)", "blog-furniture"),
        ("No comments yet.", "blog-furniture"),
        ("RSS feed for comments on this post. TrackBack URI", "blog-furniture"),
        ("Subscribe to comments on this entry", "blog-furniture"),
        ("Name (required)", "blog-furniture"),
        ("Mail (will not be published) (required)", "blog-furniture"),
    ],
)
def test_other_outlets_boilerplate_is_removed(line, rule):
    text = f"Headline of the piece\n\n{PROSE}\n\n{line}\n\n{PROSE} It went on.\n"
    assert _removed(text).get(line) == rule
    assert PROSE in _sentences(text)


def test_paywall_teaser_takes_its_bullet_list():
    text = (
        f"Title\n\n{PROSE}\n\nThis article is available to subscribers only.\n"
        "  • Unlimited access\n  • Daily briefings\n\nSome closing prose follows here.\n"
    )
    removed = _removed(text)
    block = next(span for span, rule in removed.items() if rule == "paywall-block")
    assert "Daily briefings" in block
    assert "Some closing prose follows here." in _sentences(text)


def test_author_bio_and_byline_use_the_manifest_author():
    meta = ArticleMeta("x", "page.txt", title="A Title", author="Jane Q. Public")
    text = (
        "A Title\n\nBy Jane Q. Public\n\n"
        f"{PROSE}\n\nJane Q. Public is a senior fellow at the Example Institute.\n"
    )
    removed = _removed(text, meta)
    assert removed["A Title"] == "title-line"
    assert removed["By Jane Q. Public"] == "byline-author"
    assert removed["Jane Q. Public is a senior fellow at the Example Institute."] == "author-bio"
    assert _sentences(text, meta) == [PROSE]


@pytest.mark.parametrize(
    "line",
    [
        "By contrast, the Kremlin was pleased with the outcome of the talks.",
        "Support for the deal grew quickly in Congress.",
        "Read the statement, he said, and you will see what Moscow wants.",
        "A photo by the agency showed the two leaders shaking hands.",
        "Reuters reported that the meeting lasted two hours.",
        "Advertising revenue at state media fell by a third last year, the ministry said.",
        "Sign up for a second term was what Putin wanted, critics said.",
        "Topics such as Ukraine were not discussed, the spokesman said.",
        "Share prices in Moscow fell on the news.",
        "Illustration by committee was how the treaty was drafted, he said.",
        "Get the sanctions lifted, Lavrov told reporters, and trade will return to your inbox.",
        "This article of the treaty originally appeared in a draft Moscow rejected.",
        "The story of the rescue first appeared on local television that night.",
        "Accept the cookies of the Kremlin's press office, a reporter joked, and you are tracked.",
        "Still, the reset was a real achievement.",
        "Reporting by the Times showed that the Kremlin had known for weeks.",
        "Since you're here, the minister told the delegation, let us talk about Syria.",
        "Before you go to Moscow, the ambassador warned, read the treaty twice over.",
        "Voters were asked to sign up for the new program by the end of the month.",
        "Related coverage of the summit in state media was sparse, analysts noted.",
        "Editing by committee, he said, had ruined the treaty text.",
        "Follow the money, investigators were told.",
        "Print media in Russia is largely state-controlled.",
        "Print this article twice, Twitter users said on Friday.",
        "Facebook and Twitter removed the accounts, officials said.",
        "Image matters to Putin more than substance, critics say.",
        "Close to 40 percent of Russians approved of the deal.",
        "Comments by Lavrov on Tuesday angered Washington.",
        "Credit: Russia paid for the pipeline itself, officials said.",
        "The statement was released on Tuesday and distributed via Reuters.",
        "Pictures of the meeting were distributed by AP.",
        "Putin spoke to reporters in Sochi — AP",
        "Most Americans backed the talks, according to an AP/NORC poll.",
        "Only 38 percent agreed, the AP/NORC Center found.",
        # Headings and prose that name an outlet are no photo credits.
        "Support for Ukraine",
        "A Victory for the Free Press",
        "Trump/Russia",
        "Peter Baker covers the White House for The New York Times.",
        "The leak was first reported by The Washington Post/ABC News poll.",
        "Credit for the deal went to the Kerry/Lavrov talks in Geneva, aides said.",
        # A page named in prose ends with a full stop or runs longer than a footer.
        "The story ran on page 3.",
        # Text in angle brackets that is no HTML tag (a title, as Korean pages quote one)
        "<The Palace: Tale of Jang Noksu>",
        '<p class="note">The meeting came a day after the firing of James Comey.</p>',
        "The Kremlin's reply to the note arrived the next day and ran to page 14 of the dossier",
        # A newsletter, cookies or comments spoken of in prose; a credit glued to a press
        # release's first paragraph (no year after the sign): the paragraph stays.
        "The Kremlin's newsletter called the summit a success.",
        "Cookies were served at the reception in Geneva.",
        "Write to your congressman, the ambassador urged Russians living in America.",
        "Thanks for signing up for the talks, Lavrov told Kerry with a smile on Tuesday.",
        "Copyright law in Russia was tightened in 2013, the ministry said.",
        "Comments from the Kremlin were sparse on Tuesday.",
        "On 16 January 2015 last updated at 12:29 the list showed no change.",
        # Archives and what was retrieved, spoken of in prose.
        "The files were retrieved from the archive on 3 May 2018 by investigators.",
        "Archived documents from the original inquiry were released on Tuesday.",
        # A writer's sentence with an emoticon in it.
        "We hope to see you soon at the embassy's open day! 🙂",
        "I saw a lot of diplomats wasting a lot of time. 🙁",
        "The talks 🤝 ended without a deal on Friday in Geneva.",
        "По теме санкций Лавров высказался резко, заявив, что Москва ответит.",
        "Реклама на государственном телевидении выросла на треть за год.",
        "Фотографии с саммита в Хельсинки облетели все мировые издания в понедельник.",
        "Поделиться опытом переговоров с американцами Лавров отказался.",
        "Loading the ships took the crews three days in the storm.",
        "(More talks are planned for next month, the ministry said.)",
        "(See, the talks were never meant to succeed, he said.)",
        "See, the photos were never published in Moscow.",
        "Read together, the remarks suggest a change of course in Moscow.",
        "Watch what they do, not what they say, the minister told reporters.",
        "Description: the ministry called the talks constructive and said more would follow.",
        "Courtesy calls on the new ambassador went on all week in Moscow.",
        "Main content of the treaty was agreed in Geneva on Friday.",
        "See more photos:",
        "No comments yet, the ministry said, on the draft it received on Friday.",
        "Older posts on the forum were deleted after the talks.",
        "Get the talks going again, he told the foreign minister on Twitter.",
        "© Kremlin press service (pressedienst) - Putin met Trump in Helsinki on Monday and the "
        "two spoke for more than two hours about Syria, about arms control and about the "
        "elections of 2016, and then they went out together to face the reporters, who had "
        "waited in the hall of the palace for most of the afternoon and who asked about the "
        "indictments first.",
    ],
)
def test_prose_that_looks_like_boilerplate_is_kept(line):
    text = f"Headline\n\n{PROSE}\n\n{line}\n\n{PROSE} That was all.\n"
    assert line not in _removed(text)
    assert line in _sentences(text)


def test_an_author_bio_set_as_a_list_item_is_removed():
    meta = ArticleMeta("x", "page.txt", title="A Title", author="Jane Q. Public; John Roe")
    bios = (
        "- Jane Q. Public is a senior fellow at the Example Institute.",
        "- John Roe is a data reporter for the Example Daily.",
    )
    text = f"A Title\n\n{PROSE}\n\n{bios[0]}\n\n{bios[1]}\n"
    removed = _removed(text, meta)
    assert all(removed.get(bio) == "author-bio" for bio in bios)
    assert _sentences(text, meta) == [PROSE]


def test_a_list_item_of_prose_keeps_its_mark_and_its_place():
    item = "- Share this with the committee before the vote on Tuesday, the chair said."
    text = f"Headline\n\n{PROSE}\n\n{item}\n\n{PROSE} That was all.\n"
    assert item not in _removed(text)


def test_trailing_short_lines_only_at_the_tail():
    text = f"Headline\n\nA subhead in the middle\n\n{PROSE}\n\nAnother related story headline\n"
    removed = _removed(text)
    assert removed.get("Another related story headline") == "trailing-headline"
    assert "A subhead in the middle" not in removed


def test_a_timeline_closing_an_article_is_the_articles():
    timeline = [
        "March 6, 2009 – Clinton hands Lavrov the reset button in Geneva",
        "May 7 – Kerry meets Lavrov in Moscow",
        "17 March 2014 – Washington imposes sanctions over Crimea",
    ]
    text = f"Headline\n\n{PROSE}\n\n" + "\n".join(timeline) + "\nAnother related story headline\n"
    removed = _removed(text)
    assert not any(line in removed for line in timeline)
    assert removed.get("Another related story headline") == "trailing-headline"
    kept = " ".join(_sentences(text))
    assert all(line in kept for line in timeline)


def test_corpus_rules_extend_and_override_the_defaults(make_corpus):
    corpus_dir = make_corpus(
        {"a.txt": f"Headline\n\nBrought to you by Acme\n\nAdvertisement\n\n{PROSE}\n"},
        boilerplate=(
            '[[rule]]\nid = "sponsor"\nfamily = "Sponsor line"\n'
            "pattern = '''Brought to you by \\w+'''\n\n"
            '[[rule]]\nid = "ad-marker"\nenabled = false\n'
        ),
    )
    corpus = load_corpus(corpus_dir)
    rules = dict(corpus.removed.select("text", "rule").rows())
    assert rules["Brought to you by Acme"] == "sponsor"
    assert "Advertisement" not in rules
    assert "Advertisement" in corpus.sentences["text"].to_list()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[rule]]\nid = "bad"\nfamily = "X"\npattern = "(unclosed"\n', "bad regular expression"),
        ('[[rule]]\nid = "bad"\nfamily = "X"\n', "needs"),
        ('[[rule]]\nid = "bad"\nfamily = "X"\npattern = "x"\ncolour = 1\n', "unknown key"),
        ('[[rule]\nid = "bad"\n', "malformed TOML"),
        ('[[rule]]\nid = "bad"\nfamily = "X"\nkind = "sentence"\npattern = "x"\n', "kind"),
        ('[[rule]]\nid = "bad"\nfamily = "X"\nkind = "page"\n', "story-list, running-header"),
        ('[[rule]]\nid = "bad"\nfamily = "X"\nkind = "lead"\n', 'a lead rule needs "pattern"'),
        (
            '[[rule]]\nid = "bad"\nfamily = "X"\nkind = "block"\nwhere = "tail"\nstart = "x"\n'
            'end = "y"\n',
            'a block rule of the tail needs "continue"',
        ),
    ],
)
def test_bad_corpus_rules_are_one_line_errors(make_corpus, content, message):
    corpus_dir = make_corpus({"a.txt": PROSE}, boilerplate=content)
    with pytest.raises(WorkbenchError) as error:
        load_corpus(corpus_dir)
    text = str(error.value)
    assert message in text
    assert "boilerplate.toml:" in text
    assert "\n" not in text


def test_switching_off_an_unknown_rule_is_a_one_line_error_naming_close_rules(make_corpus, capsys):
    from workbench.cli.parser import main

    corpus_dir = make_corpus(
        {"a.txt": PROSE},
        boilerplate='# ours\n\n[[rule]]\nid = "trailing-headlines"\nenabled = false\n',
    )
    with pytest.raises(WorkbenchError) as error:
        load_rules(corpus_dir)
    assert str(error.value) == (
        f'{corpus_dir / "boilerplate.toml"}:3: no rule "trailing-headlines" to switch off '
        '(did you mean "trailing-headline"?)'
    )
    assert main(["info", "--corpus", str(corpus_dir), "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert err == f"workbench: error: {error.value}\n"
    (corpus_dir / "boilerplate.toml").write_text('[[rule]]\nid = "zzz"\nenabled = false\n')
    with pytest.raises(
        WorkbenchError, match=r'no rule "zzz" to switch off \(known rules: title-line, '
    ):
        load_rules(corpus_dir)


def test_a_corpus_may_switch_off_its_own_rules(make_corpus):
    corpus_dir = make_corpus(
        {"a.txt": PROSE},
        boilerplate=(
            '[[rule]]\nid = "sponsor"\nenabled = false\n\n'
            '[[rule]]\nid = "sponsor"\nfamily = "Sponsor line"\npattern = "Sponsored"\n\n'
            '[[rule]]\nid = "kept-for-later"\nfamily = "X"\npattern = "x"\nenabled = false\n'
        ),
    )
    ids = {rule.rule_id for rule in load_rules(corpus_dir).rules}
    assert "sponsor" in ids and "kept-for-later" not in ids


def test_title_line_matches_despite_quote_dash_and_case_differences():
    meta = ArticleMeta("x", "page.txt", title="Kerry-Putin meeting: relations thaw - a little")
    text = f"KERRY-PUTIN MEETING: RELATIONS THAW — A LITTLE\n\n{PROSE}\n"
    assert _removed(text, meta) == {"KERRY-PUTIN MEETING: RELATIONS THAW — A LITTLE": "title-line"}


def test_a_title_with_its_section_or_site_finds_the_line_that_states_it():
    for title in ("Opinion | Is Football Violence a Crime?", "Is Football Violence a Crime? - CNN"):
        meta = ArticleMeta("x", "page.txt", title=title)
        text = f"Is Football Violence a Crime?\n\n{PROSE}\n"
        assert _removed(text, meta) == {"Is Football Violence a Crime?": "title-line"}
    # a part of two words is no title: "Opinion | Russia" leaves a line "Russia" alone
    meta = ArticleMeta("x", "page.txt", title="Opinion | Russia Today")
    assert _removed(f"Russia Today\n\n{PROSE}\n", meta) == {}


@pytest.mark.parametrize(
    ("last", "removed"),
    [
        ("Jane Doe is a senior fellow at the Carnegie Endowment in Washington.", True),
        ("Mark Volkov is a columnist for The Moscow Times.", True),
        ("Vladimir Putin is the president of Russia, and he will not back down.", False),
        ("Sergei Markov is a political analyst who advised Putin.", False),
        ("Howard Blume covers education for the Los Angeles Times.", True),
        ("Evan V. Symon is the Senior Editor for the California Globe.", True),
        ("Sergei Lavrov writes often about Syria for the ministry's own website.", False),
        ("John Kerry has been a senator for Massachusetts since 1985.", False),
    ],
)
def test_author_bio_at_the_end_without_a_known_author(last, removed):
    text = f"Headline\n\n{PROSE}\n\n{last}\n"
    assert (_removed(text).get(last) == "author-bio-tail") is removed
    assert (last in _sentences(text)) is not removed


def test_byline_with_place_only_above_the_first_paragraph():
    long_prose = " ".join([PROSE] * 3)
    text = (
        f"Headline\n\nShaun Walker in Moscow\n\n{long_prose}\n\n"
        f"Kerry and Lavrov in Geneva\n\n{PROSE}\n"
    )
    removed = _removed(text)
    assert removed.get("Shaun Walker in Moscow") == "byline-in-place"
    assert "Kerry and Lavrov in Geneva" not in removed


def test_a_repeated_name_is_a_byline_but_a_repeated_short_headline_is_not():
    text = (
        f"The Impeachment Clock\n\nJane Roe\n\n{PROSE}\n\n{PROSE} It went on.\n\n"
        "The Impeachment Clock\n\nJane Roe\n"
    )
    removed = _removed(text)
    assert removed.get("Jane Roe") == "byline-repeated-name"
    assert removed.get("The Impeachment Clock") != "byline-repeated-name"


def test_requires_limits_a_rule_to_lines_containing_a_word(make_corpus):
    rules = (
        '[[rule]]\nid = "bracket-note"\nfamily = "Editor note"\n'
        "pattern = '''\\(.*\\)'''\n"
        'requires = ["editor"]\n'
    )
    corpus_dir = make_corpus(
        {"a.txt": f"Headline\n\n(Editor's note: updated)\n\n(Kerry, Lavrov)\n\n{PROSE}\n"},
        boilerplate=rules,
    )
    removed = dict(load_corpus(corpus_dir).removed.select("text", "rule").rows())
    assert removed.get("(Editor's note: updated)") == "bracket-note"
    assert "(Kerry, Lavrov)" not in removed


def test_required_lines_are_the_lines_holding_a_required_substring():
    rules = load_rules()
    text = (
        "Photo: Reuters\n\nIt is an odd — but “fine” — line\n\nSee also\n\n"
        "Фото: ТАСС © 2019\n\nfoo\nbar\n\n- Share this\n\nNothing here ©\n"
    )
    requires_lists = [
        ("photo", "фото"),
        (" is a", " is an", "is an odd"),  # overlapping, one inside another
        ("o\nb",),  # a line break: in no line, only across two joined
        ("©", "zzz"),
        ("nothing", "see"),
        ("absent",),
    ]
    facts = line_facts(line_spans(text), text, rules)
    facts.finder = RequiresFinder(needle for needles in requires_lists for needle in needles)
    for requires in requires_lists:
        for max_words in (3, 25):
            expected = [
                n
                for n in facts.short_lines(max_words)
                if any(needle in facts.lowered[n] for needle in requires)
            ]
            assert facts.required_lines(max_words, False, requires) == expected, requires
            assert facts.required_lines(max_words, False, requires) == expected  # remembered
    assert facts.holding is not None and "o\nb" not in facts.holding
    # A worker is sent the rules without the finder (made again where it is asked for).
    assert rules.requires_finder.needles
    sent = pickle.loads(pickle.dumps(rules))
    assert "requires_finder" not in vars(sent) and sent.requires_finder.needles


def test_requires_must_be_a_list(make_corpus):
    corpus_dir = make_corpus(
        {"a.txt": PROSE},
        boilerplate='[[rule]]\nid = "x"\nfamily = "X"\npattern = "x"\nrequires = "x"\n',
    )
    with pytest.raises(WorkbenchError, match='"requires" must be a list of strings'):
        load_corpus(corpus_dir)


_LEAD_BODY = (
    "Secretary of State John Kerry and Foreign Minister Sergei Lavrov agreed on Saturday to "
    "push for talks on ending the war in Syria, officials said after a long meeting.\n\n"
    "The two men met for several hours and said they would meet again later this month in "
    "New York, where the United Nations General Assembly opens its annual session.\n"
)


@pytest.mark.parametrize(
    "dateline",
    [
        "GENEVA (Reuters) -",
        "WASHINGTON, May 7 (AP) —",
        "MOSCOW —",
        "MOSCOW—",
        "Moscow (AFP) -",
        "(CNN) -",
        "NEW YORK/LONDON (Reuters) --",
        "ST. PETERSBURG, Russia —",
        "MOSCOW, May 7. /TASS/.",
        "МОСКВА, 17 марта. /ТАСС/.",
        "Port-au-Prince, Haiti (CNN) --",
        "Johannesburg, South Africa (AFP) -",
        "(Garden Weekly.com) --",
        # the day in brackets where the agency would be
        "WASHINGTON (Aug. 13) --",
        "Baghdad (Sept. 26, 2010) --",
    ],
)
def test_a_wire_dateline_opening_the_body_is_removed_from_its_sentence(dateline):
    text = f"Kerry and Lavrov agree on Syria talks\n\nBy Jane Doe\n\n{dateline} {_LEAD_BODY}"
    doc = ingest_document(text.encode(), "story.txt", None, load_rules())
    first = doc.sentence_texts[0]
    assert first.startswith("Secretary of State John Kerry")
    assert text[doc.sentence_starts[0] : doc.sentence_ends[0]].startswith("Secretary")
    leads = [
        (start, end, family) for start, end, rule, family in doc.removed if rule == "wire-dateline"
    ]
    assert [(text[start:end], family) for start, end, family in leads] == [(dateline, "Dateline")]
    assert doc.article["removed_spans"] == len(doc.removed)


@pytest.mark.parametrize(
    "dateline",
    [
        "TALLAHASSEE, Fla. (AP) —",
        "LEXINGTON, Ky. (AP) --",
        "ALBANY, N.Y. (AP) —",
        "ST. PAUL, Minn. (AP) -",
        "FORT WORTH, Texas (AP) —",
        "SACRAMENTO, Calif. (Reuters) -",
        "Tallahassee, Fla. (CNN) --",
        # one of several places, and a credit set apart by a non-breaking space
        "AUSTIN, Texas/WASHINGTON (Reuters) -",
        "WEST PALM BEACH, Fla./WASHINGTON (Reuters) -",
        "Grayson, Ky. \u00a0(Reuters) –",
    ],
)
def test_a_wire_dateline_with_a_state_is_removed_from_its_sentence(dateline):
    # The splitter took the state's full stop for a sentence end: the rule saw "ALBANY, N.Y.".
    text = f"Kerry and Lavrov agree on Syria talks\n\n{dateline} {_LEAD_BODY}"
    doc = ingest_document(text.encode(), "story.txt", None, load_rules())
    assert doc.sentence_texts[0].startswith("Secretary of State John Kerry")
    leads = [text[start:end] for start, end, rule, _ in doc.removed if rule == "wire-dateline"]
    assert leads == [dateline]
    assert doc.article["outlet"] == ("CNN" if "CNN" in dateline else None)


def test_a_sentence_ending_in_a_state_keeps_its_place():
    text = f"Kerry and Lavrov agree on Syria talks\n\nThey met in Tallahassee, Fla. {_LEAD_BODY}"
    doc = ingest_document(text.encode(), "story.txt", None, load_rules())
    assert doc.sentence_texts[0] == "They met in Tallahassee, Fla."
    assert not any(rule == "wire-dateline" for _, _, rule, _ in doc.removed)


@pytest.mark.parametrize("dateline", ["(CNN)", "Geneva (CNN)", "Geneva, Switzerland (CNN)"])
def test_a_wire_dateline_glued_to_the_first_word_is_removed_from_its_sentence(dateline):
    # A page's markup set the credit apart from the first word; its text lost the space.
    text = f"Kerry and Lavrov agree on Syria talks\n\n{dateline}{_LEAD_BODY}"
    doc = ingest_document(text.encode(), "story.txt", None, load_rules())
    assert doc.sentence_texts[0].startswith("Secretary of State John Kerry")
    leads = [text[start:end] for start, end, rule, _ in doc.removed if rule == "wire-dateline"]
    assert leads == [dateline]
    assert doc.article["outlet"] == "CNN"


@pytest.mark.parametrize(
    "opening",
    [
        "PIWI-",
        "U.S. officials said ",
        "Russia (which denies it) - ",
        "Nato - ",
        "Apple (AAPL) ",
        "Senator Obama (D-Ill.) ",
        "Jane Roe (Acme): ",  # a speaker's label before an answer
    ],
)
def test_openings_that_are_no_dateline_stay_in_the_sentence(opening):
    text = f"Kerry and Lavrov agree on Syria talks\n\nBy Jane Doe\n\n{opening}{_LEAD_BODY}"
    doc = ingest_document(text.encode(), "story.txt", None, load_rules())
    assert doc.sentence_texts[0].startswith(opening.strip())
    assert not any(rule == "wire-dateline" for _, _, rule, _ in doc.removed)


@pytest.mark.parametrize(
    ("credit", "outlet"),
    [
        ("Greenville, South Carolina (CNN)", "CNN"),
        ("Geneva (CNN)", "CNN"),
        ("WASHINGTON (Reuters)", None),  # a wire's credit names the wire, not the site
        ("NEW YORK, May 7 (AP)", None),
    ],
)
def test_a_known_credit_followed_by_a_space_is_removed_from_the_first_sentence(credit, outlet):
    text = f"Kerry and Lavrov agree on Syria talks\n\n{credit} {_LEAD_BODY}"
    doc = ingest_document(text.encode(), "story.txt", None, load_rules())
    assert doc.sentence_texts[0].startswith("Secretary of State John Kerry")
    leads = [(text[s:e], family) for s, e, rule, family in doc.removed if rule == "wire-credit"]
    assert leads == [(credit, "Dateline")]
    assert doc.article["outlet"] == outlet


def test_a_place_with_its_country_in_brackets_is_a_dateline():
    text = f"Kerry and Lavrov agree on Syria talks\n\nSuzuka (Japan) (AFP) - {_LEAD_BODY}"
    doc = ingest_document(text.encode(), "story.txt", None, load_rules())
    assert doc.sentence_texts[0].startswith("Secretary of State John Kerry")
    leads = [text[s:e] for s, e, rule, _ in doc.removed if rule == "wire-dateline"]
    assert leads == ["Suzuka (Japan) (AFP) -"]


@pytest.mark.parametrize(
    "opening",
    [
        "DETROIT (CBS Detroit) ",  # an outlet no rule knows
        "Bryon (Low Tax) Looper ",  # a nickname
        "Ted Turner (CNN) founder ",
        "Russia (Moscow) (which it denies) - ",
    ],
)
def test_a_credit_followed_by_a_space_stays_unless_it_is_known(opening):
    text = f"Kerry and Lavrov agree on Syria talks\n\n{opening}{_LEAD_BODY}"
    doc = ingest_document(text.encode(), "story.txt", None, load_rules())
    assert doc.sentence_texts[0].startswith(opening.strip())
    assert not any(family == "Dateline" for _, _, _, family in doc.removed)


def test_a_credit_followed_by_a_space_is_taken_in_the_first_paragraph_only():
    first = _LEAD_BODY.split("\n\n")[0]
    second = "Geneva (CNN) The two men met again on Sunday, their aides said after the talks."
    text = f"Kerry and Lavrov agree on Syria talks\n\n{first}\n\n{second}\n"
    doc = ingest_document(text.encode(), "story.txt", None, load_rules())
    assert second in doc.sentence_texts
    assert not any(rule == "wire-credit" for _, _, rule, _ in doc.removed)


def test_a_dateline_is_looked_for_in_the_first_paragraphs_only():
    later = "MOSCOW — The Kremlin said on Sunday that it would answer in kind, and soon.\n"
    text = f"Kerry and Lavrov agree\n\n{_LEAD_BODY}\nA third paragraph of the story.\n\n{later}"
    doc = ingest_document(text.encode(), "story.txt", None, load_rules())
    assert any(sentence.startswith("MOSCOW — The Kremlin") for sentence in doc.sentence_texts)


def test_the_rules_fingerprint_is_read_without_compiling_and_follows_the_corpus_file(tmp_path):
    assert rules_fingerprint(tmp_path) == load_rules(tmp_path).fingerprint == rules_fingerprint()
    (tmp_path / "boilerplate.toml").write_text(
        '[[rule]]\nid = "promo"\nfamily = "Promo"\npattern = "Subscribe now"\n'
    )
    own = rules_fingerprint(tmp_path)
    assert own == load_rules(tmp_path).fingerprint != rules_fingerprint()


TITLE = "Kerry and Lavrov agree to resume Syria talks"
# Too long for the rule that takes trailing headlines: the walk back from the end stops at it.
LONG_TITLE = (
    "Kerry and Lavrov agree in Geneva to resume the talks on Syria that broke down in the spring"
)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # The title line kept by the first pass: the title rule takes it.
        (TITLE, f"{TITLE}\n\nBy Jane Doe\n\n{PROSE}\n\nADVERTISEMENT\n\n{PROSE} It went on.\n"),
        # ... also where another rule had removed it on its own.
        (TITLE, f"Share on Facebook\n\n{TITLE}\n\n{PROSE}\n\nRelated: {TITLE}\n\n{PROSE}\n"),
        # The title repeated last, taken by the tail's rule in the first pass.
        (TITLE, f"{TITLE}\n\n{PROSE}\n\n{PROSE} It went on.\n\n{TITLE}\n\nShare on Twitter\n"),
        # The title repeated last where the walk back from the end stopped: with it removed,
        # the walk goes on to the trailing headline above it.
        (
            LONG_TITLE,
            f"{LONG_TITLE}\n\n{PROSE}\n\nPutin's new gambit in Ukraine\n\n{LONG_TITLE}\n",
        ),
        # The title inside a block another rule removes whole.
        (
            TITLE,
            f"{TITLE}\n\n{PROSE}\n\nSign up for our newsletter\n{TITLE}\nEnter your email\n\n"
            f"{PROSE}\n",
        ),
        # No line is the title.
        (TITLE, f"Another headline\n\n{PROSE}\n"),
    ],
)
def test_the_pass_with_the_title_is_the_full_pass_whichever_way_it_is_had(title, text):
    rules, lines = load_rules(), line_spans(text)
    facts = line_facts(lines, text, rules)
    first = rules_pass(lines, text, rules, {"author": None, "title": None}, facts)
    values = {"author": None, "title": line_key(title)}
    expected = find_boilerplate(lines, text, rules, values, line_facts(lines, text, rules))
    assert with_title(first, lines, text, rules, values, facts) == expected


def test_a_sentence_about_compensation_or_permission_is_the_articles():
    for line in (
        "The families may receive compensation from the government next year.",
        "Russia says it will get a share of revenue from the pipeline.",
        "The ministry adapted from earlier plans a schedule of talks.",
        "He was released with permission of the court.",
    ):
        document = ingest_document(
            f"Headline of the story\n\n{line}\n".encode(), "a.txt", None, load_rules()
        )
        assert line in document.sentence_texts, line


def test_a_rule_set_remembers_its_own_screening_not_another_corpus_s(tmp_path):
    (tmp_path / "boilerplate.toml").write_text(
        '[[rule]]\nid = "crossing"\nfamily = "Promo"\npattern = "Zebra crossing ahead"\n'
    )
    bundled, own = load_rules(), load_rules(tmp_path)
    line = "Zebra crossing ahead"
    for _ in range(2):  # asked again, each answers from what it remembers
        assert not bundled.screen_passes(line)
        assert own.screen_passes(line)
    sent = pickle.loads(pickle.dumps(own))  # to a worker: the rules, not what was screened
    assert "_screened_keys" not in vars(sent) and sent.screen_passes(line)
    text = f"{TITLE}\n\n{PROSE}\n\n{line}\n\n{PROSE} It went on.\n"
    rules_used = [
        {rule for _, _, rule, _ in ingest_document(text.encode(), "a.txt", None, rules).removed}
        for rules in (bundled, own)
    ]
    assert "crossing" not in rules_used[0]
    assert "crossing" in rules_used[1]


def test_closing_sentences_a_copy_glued_to_the_last_paragraph_are_removed():
    # A copy that lost its line breaks ends its last paragraph with a republication note and a
    # blog's photo credit; the paragraph itself stays.
    from workbench.corpus.document import ingest_document

    last = (
        "The judge said the trial would last six weeks and that the jury would sit every day of "
        "the week except Friday."
    )
    text = (
        "Trial of the former mayor opens\n\nThe trial of the former mayor opened on Monday in "
        "Sydney, where the judge heard from the first witnesses for the prosecution.\n\n"
        f"{last} The story first appeared on The Sydney Morning Herald. Featured image via "
        "Getty Images\n"
    )
    document = ingest_document(text.encode(), "trial.txt", None, load_rules())
    assert document.sentence_texts[-1] == last
    rules = [rule for _, _, rule, _ in document.removed]
    assert rules[-2:] == ["republication-note", "featured-image"]


@pytest.mark.parametrize(
    ("last", "credit"),
    [
        (
            "Every American needs to remember this moment when the vote comes in 2018.",
            "Featured image via Chip Somodevilla / Getty Images",
        ),
        (
            "You can watch the whole exchange between the two senators in the video below:",
            "Featured image via Ethan Miller/Getty Images",
        ),
    ],
)
def test_a_photo_credit_glued_to_the_last_sentence_is_cut_from_it(last, credit):
    from workbench.corpus.document import ingest_document

    text = (
        "Senators clash over the budget\n\nThe two senators clashed on Tuesday over the budget, "
        "each blaming the other for the delay in the vote that both had promised for May.\n\n"
        f"The vote was put off again on Wednesday, and the leaders said so. {last}{credit}\n"
    )
    document = ingest_document(text.encode(), "clash.txt", None, load_rules())
    assert document.sentence_texts[-1] == last
    assert [document.text[s:e] for s, e, r, _ in document.removed if r == "featured-image"] == [
        credit
    ]


def test_a_story_highlights_box_above_the_article_is_removed_and_its_dateline_read():
    box = (
        "Story highlights\n\n- Ferry services stop as the storm reaches the coast\n\n"
        "- Forecasters expect more rain on Monday\n\n- Schools in three towns stay shut\n\n"
    )
    text = f"Storm closes ferries\n\nBy Jane Doe\n\n{box}(CNN){_LEAD_BODY}"
    doc = ingest_document(text.encode(), "story.txt", None, load_rules())
    boxes = [(text[start:end], rule) for start, end, rule, _ in doc.removed if start < 200]
    assert (box.strip(), "story-highlights-box") in boxes
    assert doc.sentence_texts[0].startswith("Secretary of State John Kerry")
    assert not any("Forecasters" in sentence for sentence in doc.sentence_texts)


def test_bullets_below_a_highlights_heading_inside_the_article_stay():
    later = "Story highlights\n\n- The talks went on late into the night and ended with a deal.\n"
    text = f"Kerry and Lavrov agree\n\n{_LEAD_BODY}\n{later}"
    doc = ingest_document(text.encode(), "story.txt", None, load_rules())
    assert any("late into the night" in sentence for sentence in doc.sentence_texts)


RELEASE_BODY = (
    "Acme Widgets Inc. (NASDAQ: ACME) today announced a new factory in Ohio that will employ "
    "400 people from next spring, the company said in a statement on Tuesday.\n\n"
    '"This is a milestone for us," said Jane Roe, chief executive of Acme Widgets.\n'
)
RELEASE_FURNITURE = [
    ("About Acme Widgets Inc.", "press-about"),
    (
        "Acme Widgets Inc. is a leading maker of industrial widgets, headquartered in Dayton, "
        "Ohio. For more information, visit www.acme.example.",
        "press-about",
    ),
    ("Safe Harbor Regarding Forward-Looking Statements", "safe-harbor-notice"),
    (
        "This press release contains forward-looking statements within the meaning of the "
        "Private Securities Litigation Reform Act of 1995, which involve risks and "
        "uncertainties.",
        "safe-harbor-notice",
    ),
    (
        "Acme undertakes no obligation to update or revise any forward-looking statements.",
        "safe-harbor-notice",
    ),
    ("Media Contact:", "press-contacts"),
    ("John Doe", "press-contacts"),
    ("+1 555-010-0199 john.doe@acme.example", "press-contacts"),
    (
        "To view the original version on PR Newswire, visit: http://pr.example/1",
        "press-wire-furniture",
    ),
    ("SOURCE Acme Widgets Inc.", "press-source"),
]


def test_a_press_release_loses_its_notice_contacts_and_word_on_itself():
    furniture = "\n\n".join(line for line, _ in RELEASE_FURNITURE[:5])
    contacts = "\n".join(line for line, _ in RELEASE_FURNITURE[5:8])
    wire = "\n\n".join(line for line, _ in RELEASE_FURNITURE[8:])
    text = f"Acme opens a factory\n\n{RELEASE_BODY}\n{furniture}\n\n{wire}\n\n{contacts}\n"
    removed = _removed(text)
    for line, rule in RELEASE_FURNITURE:
        assert any(line in span and found == rule for span, found in removed.items()), line
    kept = " ".join(_sentences(text))
    assert "400 people from next spring" in kept
    assert "said Jane Roe" in kept
    assert "forward-looking" not in kept and "Acme Widgets Inc. is a" not in kept


@pytest.mark.parametrize(
    "last",
    [
        # A forecast, risks, a company's description in a story's prose
        "Analysts said the forward-looking guidance carried risks and uncertainties for investors.",
        "Acme Widgets is a leading maker of widgets, and its shares rose 4 percent on Tuesday.",
        # "About" opening a sentence, and a section whose paragraph describes no company
        "About five years ago, he told his children the factory would close.",
        "About the Talk: The lecture will focus on the sermons he preached in Vermont.",
        # A contact named in prose
        "Contact with the company's board was lost after the merger, the lawyers said.",
    ],
)
def test_a_story_that_speaks_of_forecasts_risks_or_companies_keeps_it(last):
    text = f"Acme opens a factory\n\n{RELEASE_BODY}\n{last}\n"
    assert last not in _removed(text)
    assert last in " ".join(_sentences(text))


def test_an_about_heading_above_the_story_s_own_paragraphs_is_the_story_s():
    text = (
        f"Acme opens a factory\n\n{RELEASE_BODY}\nAbout Acme Widgets\n\n"
        "Acme Widgets is a leading maker of widgets.\n\nThe Ohio Plan\n\n"
        "The new plant will open next spring, the mayor said on Tuesday.\n\n"
        "It will make parts for cars and trucks, he added, and hire locally.\n"
    )
    removed = _removed(text)
    assert "About Acme Widgets" not in removed
    assert "The new plant will open next spring, the mayor said on Tuesday." in _sentences(text)
