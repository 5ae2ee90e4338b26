"""Subcommands that open the interface: ``open`` (the default) and ``compare``."""

from __future__ import annotations

import argparse

from workbench.cli import command


@command("open")
def open_app(args: argparse.Namespace) -> int:
    """Open the workbench on a corpus."""
    from workbench.tui.app import run_app

    return run_app(args)
