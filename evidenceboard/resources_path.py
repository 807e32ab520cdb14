"""Where the bundled resources (demo material, fonts, icons, styles) are.

An installed wheel carries them as ``evidenceboard/resources`` (hatchling force-include),
a frozen app does the same, and a source checkout keeps them in the top-level
``resources/`` folder beside the package.
"""

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    installed = _PACKAGE_DIR / "resources"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "resources"


def resource(*parts: str) -> Path:
    """The path of a bundled resource, such as ``resource("demo", "article.txt")``."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"The bundled resource {'/'.join(parts)} is missing.")
    return path
