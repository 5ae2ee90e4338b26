"""Serving the workbench to a team over SSH."""
