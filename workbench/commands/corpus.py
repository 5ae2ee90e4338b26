"""Subcommands: corpus."""
