"""The one error type the core raises for bad input, always with a one-line message."""


class WorkbenchError(Exception):
    """Bad input or an impossible request, described in one line that names what and where."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))
