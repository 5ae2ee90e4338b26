"""The column dictionary: each column name the core's frames share, with its one polars type.

A frame's schema is a choice of names from it (``schema("article_id year")``), so a column
has the same type in every frame, table and Parquet file it stands in, and two frames joined on
it never meet two types. A frame that keeps a name in another type says so where it is made
(``schema("word n", n=pl.UInt32)``); a step's own scratch columns are given the same way.
"""

from __future__ import annotations

import polars as pl

TEXTS = pl.List(pl.String)

COLUMNS: dict[str, pl.DataType] = {
    # Articles (corpus/document.py): what a file says of itself and what ingest counted.
    "article_id": pl.String,
    "file": pl.String,
    "title": pl.String,
    "outlet": pl.String,
    "author": pl.String,
    "published": pl.String,
    "year": pl.Int32,
    "date_precision": pl.String,
    "date_source": pl.String,  # manifest | sidecar | archive | html-meta | front-matter |
    # email | dateline | text-mention | address | file-name | unknown
    "title_source": pl.String,  # manifest | sidecar | archive | html-meta | front-matter |
    # document-meta | email | text
    "outlet_source": pl.String,  # manifest | sidecar | html-meta | … as title_source, or
    # inferred: page-header | address | file-name | text
    "language": pl.String,  # ISO 639 code, when the page or the metadata gives one
    "url": pl.String,
    "note": pl.String,
    "encoding": pl.String,
    "words": pl.Int64,
    "sentences": pl.Int64,
    "removed_spans": pl.Int64,
    "date_order": pl.UInt32,  # an article's place in date order
    # Sentences and removed spans: character offsets into the article's text.
    "sentence_id": pl.Int32,
    "paragraph_id": pl.Int32,
    "start": pl.Int64,
    "end": pl.Int64,
    "text": pl.String,
    "norm": pl.String,  # the normalized text the matchers read
    "word": pl.String,
    "rule": pl.String,
    "family": pl.String,
    # Themes and their hits.
    "theme": pl.String,
    "label": pl.String,
    "description": pl.String,
    "phrase": pl.String,
    "phrases": TEXTS,
    "exclusions": TEXTS,
    "examples": TEXTS,
    "matched_text": pl.String,
    "method": pl.String,  # how a hit was found: word or meaning
    "hits": pl.UInt32,
    "articles": pl.UInt32,
    "year_articles": pl.UInt32,
    "outlet_articles": pl.UInt32,  # theme_by_outlet: the outlet's articles
    "per_1k_words": pl.Float64,
    "share_of_articles": pl.Float64,
    "share_of_sentences": pl.Float64,
    "first_sentence": pl.Int32,
    # Pairs of articles or sentences: a left and a right side.
    "left_id": pl.String,
    "right_id": pl.String,
    "left_sentence": pl.Int32,
    "right_sentence": pl.Int32,
    "left_year": pl.Int32,
    "right_year": pl.Int32,
    "left_text": pl.String,
    "right_text": pl.String,
    "left_fingerprint": pl.String,
    "right_fingerprint": pl.String,
    "score": pl.Float64,  # the hybrid score of a pair (wording and meaning)
    "lexical": pl.Float64,
    "semantic": pl.Float64,
    "thematic": pl.Float64,
    "rank_score": pl.Float64,
    "shared_themes": TEXTS,
    "shared_terms": TEXTS,
    # Rows of the corpus-wide steps (numbered sentences) and their blocking.
    "row": pl.UInt32,
    "frame_row": pl.UInt32,
    "left_row": pl.UInt32,
    "right_row": pl.UInt32,
    "shingle": pl.UInt64,
    "indexed": pl.UInt32,
    "left_indexed": pl.UInt32,
    "right_indexed": pl.UInt32,
    "shared": pl.UInt32,
    "df": pl.UInt32,  # document frequency: in how many articles
    # Article similarity: terms and their weights.
    "term": pl.String,
    "tf": pl.UInt32,
    "weight": pl.Float64,
    "product": pl.Float64,
    # Recurring phrases: n-gram windows by hash key, head/tail pairs and their forms.
    "idx": pl.UInt32,
    "art": pl.UInt32,
    "key": pl.UInt64,
    "n": pl.UInt8,
    "h": pl.UInt64,
    "pair": pl.UInt64,
    "pair_g": pl.UInt64,
    "form": pl.UInt64,
    "form_df": pl.UInt32,
    "form_count": pl.UInt32,
    "form_rows": pl.UInt32,
    "exact": pl.Boolean,
    "id": pl.UInt64,
    "text_g": pl.String,
    "unit": pl.UInt32,
    "group": pl.UInt32,
    "rows": pl.UInt32,
    "variants": TEXTS,
    "article_count": pl.UInt32,
    "years": pl.List(pl.Int32),
    "first_year": pl.Int32,
    "last_year": pl.Int32,
    "occurrences": pl.UInt32,
    "kind": pl.String,
    "salience": pl.Float64,
    "left": pl.String,
    "match": pl.String,
    "right": pl.String,
    # People and their mentions.
    "person": pl.String,
    "role": pl.String,
    "mentions": pl.UInt32,
    # Labels (the analysts' judgements) and their log.
    "manual": pl.Boolean,
    "who": pl.String,
    "at": pl.String,
    "seq": pl.Int64,
    "session": pl.String,
    "action": pl.String,
    "previous_label": pl.String,
    "previous_note": pl.String,
    # Evaluation figures.
    "support": pl.Int64,
    "predicted": pl.Int64,
    "positives": pl.Int64,
    "true_positives": pl.Int64,
    "false_positives": pl.Int64,
    "proposed_labelled": pl.Int64,
    "precision": pl.Float64,
    "recall": pl.Float64,
    "f1": pl.Float64,
    "threshold": pl.Float64,
    "min_score": pl.Float64,
}


def schema(names: str, **types: pl.DataType) -> dict[str, pl.DataType]:
    """The schema of a frame with these columns (names separated by spaces, in order): types
    from the dictionary, or as given by keyword (``schema("word n", n=pl.UInt32)``)."""
    columns = names.split()
    unknown = [name for name in columns if name not in COLUMNS and name not in types]
    if unknown:
        raise KeyError(f"columns not in the column dictionary: {', '.join(unknown)}")
    return {name: types.get(name) or COLUMNS[name] for name in columns}
