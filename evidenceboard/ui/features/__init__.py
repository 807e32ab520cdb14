"""Features that plug into the main window: each module has ``install(window)``.

A feature adds its actions to ``window.menus``, its docks to the window, and follows
``window.session_changed`` to attach to the open board. Keeping them out of
``main_window.py`` keeps that module about menus and layout, and lets each feature be
tested on its own window.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evidenceboard.ui.main_window import MainWindow


def install_features(window: "MainWindow") -> None:
    """Install every feature into a new main window."""
    for install in _installers():
        install(window)


def _installers() -> tuple["Callable[[MainWindow], None]", ...]:
    # Imported here: the feature modules refer to MainWindow, which imports this module.
    from evidenceboard.ui.features import (
        about_feature,
        analysis_feature,
        help_feature,
        ingest_feature,
        keyboard_feature,
        marking_feature,
        minimap_feature,
        preferences_feature,
        recovery_feature,
        sharing_feature,
        team_feature,
        timeline_feature,
    )

    return (
        ingest_feature.install,
        analysis_feature.install,
        timeline_feature.install,
        minimap_feature.install,
        sharing_feature.install,
        preferences_feature.install,
        team_feature.install,
        recovery_feature.install,
        about_feature.install,
        keyboard_feature.install,
        help_feature.install,
        marking_feature.install,
    )


if TYPE_CHECKING:
    from collections.abc import Callable
