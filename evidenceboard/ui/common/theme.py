"""Colours of the window and the canvas, in one place for QSS and graphics items.

QSS cannot style ``QGraphicsItem``s, so the canvas takes its colours from the same
:class:`Theme` values that fill the ``{{token}}`` placeholders of the QSS files in
``resources/styles``. Two themes exist, light and dark; which one is used follows the
system colour scheme (``QStyleHints.colorScheme``).
"""

import re
from dataclasses import asdict, dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from evidenceboard.model.cards import CardKind
from evidenceboard.model.links import LinkKind
from evidenceboard.model.palette import KIND_HEX, LINK_HEX
from evidenceboard.resources_path import resources_dir

_TOKEN_RE = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


@dataclass(frozen=True, slots=True)
class Theme:
    """Every colour the window uses, as ``#rrggbb`` strings."""

    name: str
    window: str
    panel: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    canvas: str
    grid: str
    grid_major: str
    card: str
    card_border: str
    card_text: str
    card_muted: str
    shadow: str
    selection: str
    chip: str
    chip_text: str
    article: str
    document: str
    claim: str
    note: str
    person: str
    organisation: str
    location: str
    event: str
    frame: str
    corroborates: str
    contradicts: str
    derived_from: str
    related: str
    status_corroborated: str
    status_single_source: str
    #: Between two origins and the board's corroboration threshold: as single source.
    status_uncorroborated: str
    status_weakly_sourced: str
    status_contested: str
    status_unsupported: str
    banner: str
    banner_text: str
    match: str

    def kind_colour(self, kind: CardKind) -> QColor:
        return QColor(getattr(self, kind.value))

    def link_colour(self, kind: LinkKind) -> QColor:
        return QColor(getattr(self, kind.value))

    def status_colour(self, status: str) -> QColor:
        return QColor(getattr(self, "status_" + status.replace("-", "_"), self.muted))

    @property
    def is_dark(self) -> bool:
        return QColor(self.window).lightness() < 128


LIGHT = Theme(
    name="light",
    window="#eef0f3",
    panel="#f8f9fb",
    text="#1d222b",
    muted="#5f6878",
    border="#d3d8e0",
    accent="#2f6bd8",
    accent_text="#ffffff",
    canvas="#f3f4f7",
    grid="#e2e5eb",
    grid_major="#d6dae2",
    card="#ffffff",
    card_border="#d0d5de",
    card_text="#1d222b",
    card_muted="#636c7c",
    shadow="#1a2233",
    selection="#2f6bd8",
    chip="#eceff4",
    chip_text="#3d4554",
    # The brief's diagram prints these same colours (model.palette).
    article=KIND_HEX[CardKind.ARTICLE],
    document=KIND_HEX[CardKind.DOCUMENT],
    claim=KIND_HEX[CardKind.CLAIM],
    note=KIND_HEX[CardKind.NOTE],
    person=KIND_HEX[CardKind.PERSON],
    organisation=KIND_HEX[CardKind.ORGANISATION],
    location=KIND_HEX[CardKind.LOCATION],
    event=KIND_HEX[CardKind.EVENT],
    frame=KIND_HEX[CardKind.FRAME],
    corroborates=LINK_HEX[LinkKind.CORROBORATES],
    contradicts=LINK_HEX[LinkKind.CONTRADICTS],
    derived_from=LINK_HEX[LinkKind.DERIVED_FROM],
    related=LINK_HEX[LinkKind.RELATED],
    status_corroborated="#23915a",
    status_single_source="#c27c0e",
    status_uncorroborated="#c27c0e",
    # Brick: a warning like amber, darker, never green (no credible origin).
    status_weakly_sourced="#a3472a",
    status_contested="#d33b3b",
    status_unsupported="#7d8593",
    banner="#fff3cd",
    banner_text="#5c4300",
    match="#f5b301",
)

DARK = Theme(
    name="dark",
    window="#1c1f25",
    panel="#23272e",
    text="#e4e7ec",
    muted="#98a1b0",
    border="#363c47",
    accent="#5b8ef0",
    accent_text="#0d1117",
    canvas="#181b20",
    grid="#23272e",
    grid_major="#2b3039",
    card="#262b33",
    card_border="#3a414d",
    card_text="#e6e9ee",
    card_muted="#a1aab8",
    shadow="#000000",
    selection="#6d9cff",
    chip="#323843",
    chip_text="#c9cfd9",
    article="#5b8ef0",
    document="#d99536",
    claim="#a57cf0",
    note="#e0bb45",
    person="#3fc1c3",
    organisation="#86c25a",
    location="#ee7197",
    event="#8aa6d6",
    frame="#8e99a8",
    corroborates="#3fbf7f",
    contradicts="#f06464",
    derived_from="#8c95a4",
    related="#7fa2c9",
    status_corroborated="#3fbf7f",
    status_single_source="#e0a23a",
    status_uncorroborated="#e0a23a",
    status_weakly_sourced="#e07a55",
    status_contested="#f06464",
    status_unsupported="#8c95a4",
    banner="#4a3b12",
    banner_text="#ffe6a3",
    match="#f5c542",
)


def system_theme() -> Theme:
    """The theme matching the system's light or dark colour scheme."""
    hints = QGuiApplication.styleHints()
    return DARK if hints.colorScheme() == Qt.ColorScheme.Dark else LIGHT


def stylesheet(theme: Theme) -> str:
    """The QSS files of ``resources/styles`` in name order, with theme tokens filled in."""
    values = asdict(theme)
    parts = []
    for path in sorted((resources_dir() / "styles").glob("*.qss")):
        source = path.read_text(encoding="utf-8")
        parts.append(_TOKEN_RE.sub(lambda m: str(values[m.group(1)]), source))
    return "\n".join(parts)


def palette(theme: Theme) -> QPalette:
    """A Fusion palette in the theme's colours, so native widgets match the QSS."""
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.panel,
        QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.panel,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.Highlight: theme.accent,
        QPalette.ColorRole.HighlightedText: theme.accent_text,
        QPalette.ColorRole.ToolTipBase: theme.panel,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Mid: theme.border,
        QPalette.ColorRole.Link: theme.accent,
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(theme.muted))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(theme.muted))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(theme.muted))
    return pal
