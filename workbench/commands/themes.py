"""Subcommands: themes."""
