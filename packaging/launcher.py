"""Entry point of the frozen app, the same as the ``evidenceboard`` console script.

PyInstaller needs a script file; pointing it at ``evidenceboard/__main__.py`` would put
the package folder itself on the module path, so its subpackages could also be
imported under wrong top-level names. This file imports the installed package instead.
"""

import sys

from evidenceboard.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
