"""Entry point of the frozen app, the same as the ``evidenceboard`` console script.

PyInstaller needs a script file; pointing it at ``evidenceboard/__main__.py`` would put
the package folder itself on the module path, so its subpackages could also be
imported under wrong top-level names. This file imports the installed package instead.

The PDF importer parses each PDF in a child process started as ``<sys.executable> -P
-m evidenceboard.ingest.pdf_worker``; in the frozen app ``sys.executable`` is the app
itself, so that exact command line is routed to the worker here. Nothing else is run
as a module: the app must not become a Python interpreter for whoever can pass it
arguments.
"""

import sys

PDF_WORKER_ARGS = ["-P", "-m", "evidenceboard.ingest.pdf_worker"]


def run() -> int:
    if sys.argv[1:] == PDF_WORKER_ARGS:
        from evidenceboard.ingest.pdf_worker import main as pdf_worker_main

        return pdf_worker_main()
    from evidenceboard.__main__ import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
