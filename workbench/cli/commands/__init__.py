"""Handlers of the subcommands, one module per area; importing them registers them."""

from workbench.cli.commands import app, corpus, index, serve, tables, themes  # noqa: F401
