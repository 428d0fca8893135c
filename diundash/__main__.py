import sys

from diundash.cli import main

sys.exit(main())
