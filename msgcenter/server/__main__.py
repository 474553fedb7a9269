import sys

from msgcenter.server.cli import main

sys.exit(main())
