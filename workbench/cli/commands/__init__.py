"""Handlers of the subcommands, one module per area; importing them registers them."""

from workbench.cli.commands import (  # noqa: F401
    app,
    corpus,
    index,
    labels,
    manifest,
    serve,
    split,
    tables,
    themes,
)
