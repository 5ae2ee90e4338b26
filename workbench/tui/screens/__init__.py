"""Screens of the interface, one per module."""
