"""Widgets of the interface, one per module."""
