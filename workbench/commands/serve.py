"""Subcommands: serve."""
