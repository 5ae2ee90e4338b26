"""Subcommands: serve (the built-in SSH server)."""

from __future__ import annotations

import argparse

from workbench.cli.options import workspace_options
from workbench.cli.parser import command


@command("serve")
def serve(args: argparse.Namespace) -> int:
    """Serve the workbench over SSH until interrupted."""
    from workbench.serve.ssh import prepare_config, run_server

    config = prepare_config(
        host=args.host,
        port=args.port,
        authorized_keys=args.authorized_keys,
        host_key=args.host_key,
        workspace=workspace_options(args),
        exports=args.exports,
        max_sessions=args.max_sessions,
    )
    return run_server(config)
