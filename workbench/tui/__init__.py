"""The Textual interface of the workbench."""
