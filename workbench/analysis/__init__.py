"""Analyses over corpus frames: themes, alignment, phrases, tables."""
