"""Features that plug into the main window: each package's ``feature`` module has
``install(window)``, and the package owns the feature's panels, dialogs and workers.

A feature sees the window as a :class:`~evidenceboard.ui.window.host.WindowHost`: it
declares its actions as specs (``window.add_action``, enabled by what they need), puts
them in ``window.menus``, adds its docks to ``window.widget()``, and follows
``window.session_changed`` to attach to the open board. Keeping them out of
``main_window.py`` keeps that module about menus and layout, and lets each feature be
tested on its own window.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evidenceboard.ui.window.host import WindowHost


def install_features(window: "WindowHost") -> None:
    """Install every feature into a new main window."""
    for install in _installers():
        install(window)


def _installers() -> tuple["Callable[[WindowHost], None]", ...]:
    # Imported here: the feature modules refer to WindowHost, which imports this module.
    from evidenceboard.ui.features.about.feature import install as install_about
    from evidenceboard.ui.features.analysis.feature import install as install_analysis
    from evidenceboard.ui.features.brief.feature import install as install_brief
    from evidenceboard.ui.features.help.feature import install as install_help
    from evidenceboard.ui.features.ingest.feature import install as install_ingest
    from evidenceboard.ui.features.keyboard.feature import install as install_keyboard
    from evidenceboard.ui.features.marking.feature import install as install_marking
    from evidenceboard.ui.features.minimap.feature import install as install_minimap
    from evidenceboard.ui.features.preferences.feature import install as install_preferences
    from evidenceboard.ui.features.recovery.feature import install as install_recovery
    from evidenceboard.ui.features.sharing.feature import install as install_sharing
    from evidenceboard.ui.features.team.feature import install as install_team
    from evidenceboard.ui.features.timeline.feature import install as install_timeline

    return (
        install_brief,
        install_ingest,
        install_analysis,
        install_timeline,
        install_minimap,
        install_sharing,
        install_preferences,
        install_team,
        install_recovery,
        install_about,
        install_keyboard,
        install_help,
        install_marking,
    )


if TYPE_CHECKING:
    from collections.abc import Callable
