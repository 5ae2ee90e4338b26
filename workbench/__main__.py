"""Run the workbench with ``python -m workbench``."""

from workbench.cli.parser import main

raise SystemExit(main())
