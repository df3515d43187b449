"""``python -m itsim`` runs the command line."""

from itsim.cli import main

main()
