"""Allow ``python -m intimacy_cli``."""

from intimacy_cli.cli import main

main()
