"""Make SVG screenshots of every screen of the interface into ``screenshots/``.

    python scripts/screenshots.py [--corpus DIR] [--out screenshots] [--size 120x40]

Headless and deterministic: the app runs under ``App.run_test`` at a fixed size on the
bundled corpus (no cache, no user keymap, labels in a scratch folder), every worker is awaited
and the input cursor is still when each picture is taken, so unchanged screens give
byte-identical files.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from workbench.options import Settings, WorkspaceOptions
from workbench.tui.app import WorkbenchApp
from workbench.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
# The five seeds share few sentences that make the same point: at the default min score Compare
# pairs almost none of them, so the pictures are taken at the min score the tests use.
SEED_MIN_SCORE = 40.0


async def settle(pilot: Pilot) -> None:
    """Wait for every worker and a redraw, with the input cursor still."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def library(pilot: Pilot) -> None:
    await pilot.press("j", "space", "j", "space", "k")


async def compare(pilot: Pilot) -> None:
    ids = pilot.app.workspace.table("articles")["article_id"].to_list()
    pilot.app.open_compare([ids[1], ids[2]])  # it opens on the first pair
    await settle(pilot)


async def labels(pilot: Pilot) -> None:
    """Compare with two pairs labelled (same, related), the related one in focus, and why."""
    pilot.app.open_compare(["003", "004"])
    await settle(pilot)
    for key in ("y", "n", "r", "e"):  # Compare opens on its first pair
        await pilot.press(key)
        await settle(pilot)


async def themes(pilot: Pilot) -> None:
    await pilot.press("3")


async def themes_by_outlet(pilot: Pilot) -> None:
    await pilot.press("3")
    await settle(pilot)
    await pilot.press("o")


async def thread(pilot: Pilot) -> None:
    await pilot.press("3")
    await settle(pilot)
    theme = pilot.app.workspace.table("theme_by_year")["theme"][0]
    pilot.app.open_thread(theme)


async def phrases(pilot: Pilot) -> None:
    await pilot.press("4")


async def tables(pilot: Pilot) -> None:
    await pilot.press("5")
    await settle(pilot)
    pilot.app.screen.pick("theme_by_year")


async def help_screen(pilot: Pilot) -> None:
    await pilot.press("question_mark")


SCREENS: dict[str, Callable[[Pilot], Awaitable[None]]] = {
    "library": library,
    "compare": compare,
    "labels": labels,
    "themes": themes,
    "outlets": themes_by_outlet,
    "thread": thread,
    "phrases": phrases,
    "tables": tables,
    "help": help_screen,
}


async def shoot(
    workspace: Workspace, name: str, size: tuple[int, int], out: Path, theme: str | None
) -> Path:
    """Run the app, go to screen ``name`` and save its SVG; returns the file written."""
    app = WorkbenchApp(workspace=workspace)
    suffix = f"-{theme}" if theme else ""
    path = out / f"{name}-{size[0]}x{size[1]}{suffix}.svg"
    async with app.run_test(size=size) as pilot:
        if theme:
            app.theme = theme
        await settle(pilot)
        await SCREENS[name](pilot)
        await settle(pilot)
        title = f"workbench — {name}"
        app.save_screenshot(filename=path.name, path=str(out))
        # save_screenshot titles the SVG with the app's title; keep it stable and descriptive.
        path.write_text(
            path.read_text(encoding="utf-8").replace(f">{app.title}<", f">{title}<", 1),
            encoding="utf-8",
        )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description="SVG screenshots of every screen.")
    parser.add_argument("--corpus", type=Path, default=None, metavar="DIR")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", metavar="DIR")
    parser.add_argument(
        "--size",
        action="append",
        default=None,
        metavar="WxH",
        help="terminal size (repeatable; default 120x40 and 80x24)",
    )
    parser.add_argument("--screens", default=",".join(SCREENS), metavar="a,b,...")
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in text.split("x")) for text in (args.size or ["120x40", "80x24"])]
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ["WORKBENCH_USER"] = "analyst"  # who labels, as a served session names it
    jobs = [(name, size, None) for size in sizes for name in args.screens.split(",")]
    jobs.append(("library", sizes[0], "textual-light"))
    jobs.append(("compare", sizes[0], "textual-light"))
    with tempfile.TemporaryDirectory() as scratch:

        def fresh_workspace(data: str) -> Workspace:
            """A workspace whose labels start empty in a scratch folder of its own."""
            options = WorkspaceOptions(
                corpus=args.corpus,
                use_cache=False,
                data_root=Path(scratch) / data,
                settings=Settings(
                    align_threshold=SEED_MIN_SCORE, table_align_threshold=SEED_MIN_SCORE
                ),
            )
            return Workspace.open(options)

        workspace = fresh_workspace("shared")
        for name, size, theme in jobs:
            # Screens that label get labels of their own: the others never show them.
            shown = fresh_workspace(f"{name}-{size}") if name == "labels" else workspace
            path = asyncio.run(shoot(shown, name, size, args.out, theme))
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
