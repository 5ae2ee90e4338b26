"""The command line: ``workbench`` and its subcommands."""

from workbench.cli.parser import main

__all__ = ["main"]
