"""Start of one served session: take the pseudo-terminal on stdin as controlling terminal, then
run the workbench command line (``python -m workbench.serve.child open ...``).

The server starts each session with ``setsid`` and the pty slave on stdin/stdout/stderr; making
it the controlling terminal here, rather than in a ``preexec_fn`` of the server, keeps the fork
in the server free of Python code (the server runs threads, where ``preexec_fn`` is unsafe).
With a controlling terminal the kernel delivers SIGWINCH on resize and SIGHUP on hang-up.
"""

from __future__ import annotations

import fcntl
import sys
import termios


def main() -> int:
    """Take the controlling terminal, then run ``workbench`` with the given arguments."""
    try:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    except OSError as error:
        print(f"workbench: cannot take the session's terminal: {error}", file=sys.stderr)
        return 1
    from workbench.cli.parser import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
