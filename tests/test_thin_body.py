from __future__ import annotations

from workbench.corpus.thin_body import is_crowded, is_doubtful, is_fuller, is_thin, prose_words

ARTICLE = [
    "After a man was shot four times in an exchange of gunfire near the town, police at first "
    "thought it might have been a drug deal gone wrong, officers said on Tuesday.",
    "But their focus quickly turned to the young mother of the man's child, who is now accused "
    "of orchestrating an attempt to kill him; the man survived his injuries, they said.",
    "She was arrested at the hospital where she was visiting her injured boyfriend the day "
    "after the shooting and has pleaded not guilty to conspiracy to commit murder.",
    "Neither the gunman nor a man believed to have accompanied him have been identified, a "
    "lieutenant said, and the investigation into the shooting is continuing this week.",
    "Deputies later discovered a car, which had been reported stolen, abandoned a few blocks "
    "away from the house; it was riddled with bullet holes, the search warrant says.",
]
POLICY = (
    "Comments are encouraged, but you must follow our User Agreement\n"
    "Keep it civil and stay on topic. No profanity, vulgarity, racial slurs or personal "
    "attacks. People who harass others or joke about tragedies will be blocked."
)
VIDEOS = "\n".join(f"Raw: video number {n} from the coast" for n in range(60))


def test_prose_counts_the_words_of_sentence_long_lines_only():
    assert prose_words("Home\nNews\nSports\n" + ARTICLE[0]) == len(ARTICLE[0].split())


def test_a_comment_policy_or_a_list_of_links_is_thin_an_article_is_not():
    assert is_thin(POLICY)
    assert is_thin(ARTICLE[0] + "\n" + VIDEOS)
    assert not is_thin("\n".join(ARTICLE))


def test_the_article_found_again_is_fuller_than_a_policy_or_a_list_of_videos():
    article = "\n".join(ARTICLE)
    assert is_fuller(article, POLICY)
    assert is_fuller(ARTICLE[0], ARTICLE[0] + "\n" + VIDEOS)  # the same prose, no link list


def test_a_short_post_is_not_traded_for_a_little_more_text():
    post = "Es ist schon einige Zeit her, als Henry auf die Welt kam, Nummer eins, und nun Leo."
    warnings = "\n".join(
        "Warning: Use of undefined constant comments - assumed 'comments' in the plugin file "
        f"get-recent-comments.php on line {n}"
        for n in range(3)
    )
    assert is_thin(post)
    assert not is_fuller(warnings + "\n" + post, post)


def test_an_article_among_lists_of_other_stories_is_crowded_and_looked_at_again():
    article = "\n".join(ARTICLE)
    crowded = f"{VIDEOS}\n{article}\n{VIDEOS}"
    assert not is_thin(crowded) and is_crowded(crowded) and is_doubtful(crowded)
    assert not is_crowded(article) and not is_doubtful(article)
    assert is_fuller(article, crowded)  # the article alone, found again, is taken
