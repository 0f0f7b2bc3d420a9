"""``python -m newsclean`` runs the command-line interface."""

import sys

from newsclean.cli import main

sys.exit(main())
