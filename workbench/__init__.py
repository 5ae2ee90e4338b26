"""workbench: a terminal comparison workbench for a long-running story told over the years."""

__version__ = "0.1.0"
