"""FrameTable over a lazy scan of Parquet parts (a large index's table): the rows drawn, the
count, the filter and the sort are queries; the table is never read whole."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from rich.cells import cell_len
from tui_support import frame_table_app, frame_table_text, sync

from workbench.tui.frame_query import SortOrder
from workbench.tui.widgets.frame_table import FrameTable

ROWS = 200_000
PARTS = 4


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A table of ROWS rows written as PARTS Parquet files, like a partitioned index's."""
    folder = tmp_path_factory.mktemp("parts")
    size = ROWS // PARTS
    paths = []
    for part in range(PARTS):
        numbers = range(part * size, (part + 1) * size)
        frame = pl.DataFrame(
            {
                "n": pl.Series(numbers, dtype=pl.Int64),
                "label": [f"row {i}" for i in numbers],
                "score": [float((i * 7919) % 1000) for i in numbers],
            }
        )
        path = folder / f"part-{part}.parquet"
        frame.write_parquet(path, row_group_size=10_000)
        paths.append(path)
    return paths


@sync
async def test_a_lazy_table_pages_counts_filters_and_sorts(parts: list[Path]) -> None:
    app = frame_table_app(pl.scan_parquet(parts))
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(FrameTable)
        table.focus()
        assert table.lazy and table.row_count == ROWS and table.total_rows == ROWS
        assert table.frame.height < ROWS  # the sample the columns are laid out from
        assert "row 0" in frame_table_text(app)
        await pilot.press("G")
        assert table.cursor_row == ROWS - 1
        assert table.current_row()["label"] == f"row {ROWS - 1}"
        assert f"row {ROWS - 1}" in frame_table_text(app)
        # Only the blocks drawn were read.
        assert sum(block.height for block in table._blocks.values()) < 2_000
        table.set_filter("score>=998")
        await pilot.pause()
        expected = pl.scan_parquet(parts).filter(pl.col("score") >= 998).collect()
        assert table.row_count == expected.height > 0
        assert table.total_rows == ROWS
        assert table.total_count == ROWS  # what the filter bar says "of" (not the sample)
        table.set_order(SortOrder("n", descending=True))
        await pilot.pause()
        assert table.current_row()["n"] == expected["n"].max()
        assert "n ▼" in table.render_line(0).text
        # What the Tables screen exports: the rows shown, read whole on demand.
        assert table.shown.height == expected.height
        assert table.shown["n"].to_list() == sorted(expected["n"].to_list(), reverse=True)


@sync
async def test_the_first_page_of_a_lazy_table_comes_from_its_sample(
    parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A prepared frame (measured in a worker) is shown without reading: its sample holds the
    # first rows, which are the first page as a query would read it.
    from workbench.tui.widgets.frame_table import prepare_frame

    prepared = prepare_frame(pl.scan_parquet(parts), limit=40)
    assert prepared.total == ROWS and prepared.source is not None
    app = frame_table_app(pl.DataFrame({"n": [0]}))
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(FrameTable)
        reads = []
        real_collect = pl.LazyFrame.collect

        def counted(self, *args, **kwargs):
            reads.append(True)
            return real_collect(self, *args, **kwargs)

        monkeypatch.setattr(pl.LazyFrame, "collect", counted)
        table.set_frame(prepared)
        await pilot.pause()
        assert "row 0" in frame_table_text(app)
        assert table.current_row()["label"] == "row 0"
        assert reads == []
        monkeypatch.undo()
        first = pl.scan_parquet(parts).slice(0, 256).collect()
        assert table._block(0).equals(first)
        await pilot.press("G")  # beyond the sample: read as before
        assert table.current_row()["label"] == f"row {ROWS - 1}"


@sync
async def test_wide_characters_are_fitted_by_the_cells_they_take() -> None:
    # A Japanese title takes two cells a character: cut by characters, it pushed the columns
    # after it off the row.
    frame = pl.DataFrame(
        {
            "title": ["【？】「消費増税の軽減税率は高所得者ほどお得」という記事について", "Short"],
            "words": [19, 151],
        }
    )
    app = frame_table_app(frame)
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        table = app.query_one(FrameTable)
        width = table.scrollable_content_region.width
        lines = [table.render_line(y) for y in (1, 2)]
        assert [line.cell_length for line in lines] == [width, width]
        wide, short = (line.text.rstrip() for line in lines)
        assert "…" in wide and wide.endswith("19") and short.endswith("151")
        # The numbers end in the same cell: the cut title took the cells it was given.
        assert cell_len(wide) == cell_len(short)
