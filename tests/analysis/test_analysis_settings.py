"""The list of the board settings an analyst may change, shared by the command and the window."""

from evidenceboard.analysis.settings import (
    ANALYSIS_SETTINGS,
    SETTING_DEFAULTS,
    setting_values,
    stored_value,
)
from evidenceboard.analysis.standing import (
    CORROBORATION_SETTING,
    WEAK_RELIABILITY_SETTING,
    Thresholds,
    check_threshold,
    thresholds_of,
)
from evidenceboard.model.board import BoardInfo
from evidenceboard.model.judgement import YARDSTICK_SETTING, YARDSTICKS


def test_every_setting_defaults_to_one_of_its_choices() -> None:
    assert [s.key for s in ANALYSIS_SETTINGS] == [
        CORROBORATION_SETTING,
        WEAK_RELIABILITY_SETTING,
        "analysis.weak_information",
        YARDSTICK_SETTING,
    ]
    for setting in ANALYSIS_SETTINGS:
        assert setting.default in setting.choices
        assert SETTING_DEFAULTS[setting.key] == setting.default


def test_the_threshold_choices_are_those_the_thresholds_accept() -> None:
    for setting in ANALYSIS_SETTINGS:
        if setting.key == YARDSTICK_SETTING:
            assert setting.choices == tuple(sorted(YARDSTICKS))
            continue
        for value in setting.choices:
            check_threshold(setting.key, value)
            info = BoardInfo(title="t").with_setting(setting.key, value)
            assert thresholds_of(info).settings()[setting.key] == value


def test_a_board_that_never_changed_a_setting_reads_its_default() -> None:
    info = BoardInfo(title="t")
    assert setting_values(thresholds_of(info), info) == SETTING_DEFAULTS


def test_the_values_are_the_given_thresholds_and_the_boards_yardstick() -> None:
    info = BoardInfo(title="t").with_setting(YARDSTICK_SETTING, "icd203")
    values = setting_values(Thresholds(corroboration_origins=3), info)
    assert values[CORROBORATION_SETTING] == "3"
    assert values[YARDSTICK_SETTING] == "icd203"


def test_a_default_is_stored_as_no_setting() -> None:
    assert stored_value(WEAK_RELIABILITY_SETTING, "D") is None
    assert stored_value(WEAK_RELIABILITY_SETTING, "C") == "C"
    assert stored_value(YARDSTICK_SETTING, "phia") is None
    assert stored_value(YARDSTICK_SETTING, None) is None
