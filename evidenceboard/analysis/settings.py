"""The board settings the analyst may change: the thresholds and the likelihood yardstick.

One list, in the order they are offered, for the ``settings`` command and the Judgements
tab of the Analysis dock, so both offer the same settings with the same choices and
defaults. A default is stored as no setting at all (see :func:`stored_value`), so a board
that never changed one follows the default of whichever version reads it.
"""

from dataclasses import dataclass

from evidenceboard.analysis.standing import (
    CORROBORATION_CHOICES,
    CORROBORATION_SETTING,
    DEFAULT_THRESHOLDS,
    INFORMATION_CHOICES,
    RELIABILITY_CHOICES,
    WEAK_INFORMATION_SETTING,
    WEAK_RELIABILITY_SETTING,
    Thresholds,
)
from evidenceboard.model.board import BoardInfo
from evidenceboard.model.judgement import (
    DEFAULT_YARDSTICK,
    YARDSTICK_SETTING,
    YARDSTICKS,
    yardstick_of,
)


@dataclass(frozen=True, slots=True)
class AnalysisSetting:
    key: str
    choices: tuple[str, ...]
    default: str
    #: What the setting decides, as the ``settings`` command says it.
    meaning: str


_THRESHOLD_DEFAULTS = DEFAULT_THRESHOLDS.settings()

ANALYSIS_SETTINGS: tuple[AnalysisSetting, ...] = (
    AnalysisSetting(
        CORROBORATION_SETTING,
        CORROBORATION_CHOICES,
        _THRESHOLD_DEFAULTS[CORROBORATION_SETTING],
        "independent credible or ungraded origins that make a claim corroborated",
    ),
    AnalysisSetting(
        WEAK_RELIABILITY_SETTING,
        RELIABILITY_CHOICES,
        _THRESHOLD_DEFAULTS[WEAK_RELIABILITY_SETTING],
        "source reliability from which an origin is weak (this letter and worse)",
    ),
    AnalysisSetting(
        WEAK_INFORMATION_SETTING,
        INFORMATION_CHOICES,
        _THRESHOLD_DEFAULTS[WEAK_INFORMATION_SETTING],
        "information grade from which an origin is weak (this digit and worse)",
    ),
    AnalysisSetting(
        YARDSTICK_SETTING,
        tuple(sorted(YARDSTICKS)),
        DEFAULT_YARDSTICK,
        "the probability yardstick likelihoods are taken from",
    ),
)

#: The default of each setting, by key.
SETTING_DEFAULTS: dict[str, str] = {s.key: s.default for s in ANALYSIS_SETTINGS}


def setting_values(thresholds: Thresholds, info: BoardInfo) -> dict[str, str]:
    """The value of each setting, by key: those of ``thresholds``, and the board's yardstick.

    The thresholds are handed in, so that a view shows those its analysis followed.
    """
    return {
        **thresholds.settings(),
        YARDSTICK_SETTING: yardstick_of(info.setting(YARDSTICK_SETTING)),
    }


def stored_value(key: str, value: str | None) -> str | None:
    """What to store for ``value`` of setting ``key``: None (no setting) for its default."""
    return None if value == SETTING_DEFAULTS[key] else value
