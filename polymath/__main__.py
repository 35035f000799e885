"""``python -m polymath``."""

import sys

from polymath.cli import main

sys.exit(main())
