"""Allow ``python -m kaas_emulator`` where the console script is not on PATH."""

from kaas_emulator.cli import main

raise SystemExit(main())
