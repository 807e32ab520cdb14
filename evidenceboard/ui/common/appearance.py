"""The application's look as the user chose it: theme (system, light, dark) and text size.

One place applies both, at start and when Preferences change or the system switches
between light and dark, so the palette, the style sheet, the font and the window's own
colours always agree.
"""

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from evidenceboard.ui.common import settings
from evidenceboard.ui.common.theme import DARK, LIGHT, Theme, palette, stylesheet, system_theme

# The system's own font size, kept from before the first change, so sizes are always
# a share of it and never compound.
_base_point_size: float | None = None


def chosen_theme() -> Theme:
    """The theme from Preferences, or the system's light or dark scheme."""
    match settings.theme_choice():
        case "light":
            return LIGHT
        case "dark":
            return DARK
        case _:
            return system_theme()


def apply_appearance(app: QApplication) -> Theme:
    """Set the palette, style sheet and font of ``app``; returns the theme applied."""
    global _base_point_size
    theme = chosen_theme()
    app.setPalette(palette(theme))
    app.setStyleSheet(stylesheet(theme))
    font = QFont(app.font())
    if _base_point_size is None:
        _base_point_size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(round(_base_point_size * settings.text_size() / 100, 1))
    app.setFont(font)
    return theme
