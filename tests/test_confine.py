"""Where exports may go: confinement under the exports directory in served mode."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import WorkbenchError
from workbench.store.confine import export_target, resolve_export_path


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    directory = tmp_path / "exports"
    directory.mkdir()
    return directory


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("theme_by_year", "theme_by_year.parquet"),
        ("theme_by_year.parquet", "theme_by_year.parquet"),
        ("theme_by_year.PARQUET", "theme_by_year.PARQUET"),
        ("  2019/alignments  ", "2019/alignments.parquet"),
        ("tables.csv", "tables.csv.parquet"),
        ("a/../b", "b.parquet"),
        ("./c", "c.parquet"),
    ],
)
def test_relative_paths_go_under_the_exports_dir(exports: Path, typed: str, expected: str) -> None:
    for confined in (True, False):
        assert resolve_export_path(typed, exports, confined) == exports.resolve() / expected


@pytest.mark.parametrize(
    "typed",
    [
        "../escape",
        "../../etc/cron.d/job",
        "sub/../../escape",
        "/etc/passwd",
        "/tmp/x.parquet",
        "~/x",
        "~root/x",
        "..",
        ".",
        "/",
    ],
)
def test_served_mode_refuses_paths_leading_outside(exports: Path, typed: str) -> None:
    with pytest.raises(WorkbenchError) as error:
        resolve_export_path(typed, exports, confined=True)
    message = str(error.value)
    assert "\n" not in message
    assert typed.strip() in message


def test_served_mode_accepts_an_absolute_path_inside(exports: Path) -> None:
    inside = exports.resolve() / "mine" / "table"
    assert resolve_export_path(str(inside), exports, True) == inside.with_suffix(".parquet")


def test_served_mode_refuses_links_leading_outside(exports: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (exports / "door").symlink_to(outside)
    (exports / "file.parquet").symlink_to(outside / "target.parquet")
    (exports / "dangling.parquet").symlink_to(tmp_path / "nowhere" / "x.parquet")
    for typed in ("door/table", "file", "dangling.parquet"):
        with pytest.raises(WorkbenchError, match="outside the exports directory"):
            resolve_export_path(typed, exports, confined=True)
    # A link that stays inside is fine.
    (exports / "year").mkdir()
    (exports / "latest").symlink_to(exports / "year")
    assert resolve_export_path("latest/t", exports, True) == exports.resolve() / "year/t.parquet"


def test_exports_dir_reached_through_a_link_still_confines(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "alias").symlink_to(real)
    assert resolve_export_path("t", tmp_path / "alias", True) == real / "t.parquet"
    with pytest.raises(WorkbenchError):
        resolve_export_path("../t", tmp_path / "alias", True)


def test_unconfined_allows_absolute_and_home_paths(exports: Path, tmp_path: Path) -> None:
    assert resolve_export_path(str(tmp_path / "x"), exports, False) == tmp_path / "x.parquet"
    home = Path(os.path.expanduser("~"))
    assert resolve_export_path("~/t.parquet", exports, False) == home / "t.parquet"
    assert resolve_export_path("../up", exports, False) == tmp_path / "up.parquet"


def test_relative_exports_dir_is_taken_from_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_export_path("t", Path("exports"), False) == tmp_path / "exports/t.parquet"


@pytest.mark.parametrize("typed", ["", "   ", "bad\x00name", "line\nbreak", "dir/"])
def test_empty_odd_or_directory_paths_are_refused(exports: Path, typed: str) -> None:
    for confined in (True, False):
        with pytest.raises(WorkbenchError):
            resolve_export_path(typed, exports, confined)


def test_an_export_into_the_corpus_is_refused_even_through_a_link(tmp_path: Path) -> None:
    corpus, exports = tmp_path / "stories", tmp_path / "exports"
    corpus.mkdir()
    exports.mkdir()
    (exports / "back").symlink_to(corpus)
    assert export_target("t", exports, False, corpus) == (exports / "t.parquet", False)
    for typed in ("../stories/t", "back/t", str(corpus / "sub" / "t")):
        with pytest.raises(WorkbenchError, match="inside the corpus"):
            export_target(typed, exports, False, corpus)


@pytest.fixture(scope="module")
def shared_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shared").resolve()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["..", ".", "a", "b", "/", "~", "x.parquet", "//", " "]),
        min_size=1,
        max_size=8,
    )
)
def test_served_result_is_always_a_parquet_file_under_the_exports_dir(
    shared_exports: Path, parts: list[str]
) -> None:
    exports = shared_exports
    typed = "".join(part if part in ("/", "//") else part + "/" for part in parts).rstrip("/")
    typed = typed or "x"
    try:
        result = resolve_export_path(typed, exports, confined=True)
    except WorkbenchError:
        return
    assert result.is_relative_to(exports) and result != exports
    assert result.suffix.lower() == ".parquet"


@pytest.mark.parametrize("typed", ["loop", "loop.parquet", "a/inner", "b/c/d"])
def test_a_link_loop_on_the_way_is_refused_in_one_line(exports: Path, typed: str) -> None:
    (exports / "loop.parquet").symlink_to("loop.parquet")
    (exports / "a").symlink_to("b")
    (exports / "b").symlink_to("a")
    with pytest.raises(WorkbenchError, match="a symbolic link on the way loops"):
        resolve_export_path(typed, exports, confined=True)
