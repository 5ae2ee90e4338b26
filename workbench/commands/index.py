"""Subcommands: index."""
