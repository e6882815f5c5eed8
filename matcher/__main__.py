"""`python -m matcher` is the `matcher` command."""

from .cli import main

main(prog_name="matcher")
