"""`python -m tutor.cli`: the same as the `tutor` command."""

from tutor.cli.commands import main

main()
