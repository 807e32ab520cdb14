"""The window's docks: every one can be moved and closed, none floats off on its own."""

from PySide6.QtWidgets import QDockWidget, QWidget


def panel_dock(title: str, name: str, parent: QWidget) -> QDockWidget:
    """A dock named ``name`` (the window's saved layout finds it by that name)."""
    dock = QDockWidget(title, parent)
    dock.setObjectName(name)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    return dock
