"""Subcommands: tables."""
