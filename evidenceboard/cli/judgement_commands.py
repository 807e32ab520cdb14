"""Commands for the analyst's judgements: ``settings`` (thresholds, yardstick) and ``mark``.

``settings FILE`` lists the board's analysis settings with their values and defaults;
``settings FILE KEY VALUE`` sets one and ``settings FILE KEY --default`` puts it back to
its default. ``mark FILE EVIDENCE HYPOTHESIS VALUE`` sets the analyst's mark on one cell
of the ACH matrix (``clear`` removes it). Both build the Change the window would.
"""

import argparse
from typing import TYPE_CHECKING

from evidenceboard.cli.common import SubParsers, open_to_read, open_to_write
from evidenceboard.cli.output import emit_json, say
from evidenceboard.model.errors import InvalidValueError

if TYPE_CHECKING:
    from evidenceboard.model.board import BoardInfo

_MARKS = ("consistent", "inconsistent", "neutral", "not-applicable", "clear")


def register(commands: SubParsers) -> None:
    settings = commands.add_parser(
        "settings", help="show or change the board's analysis thresholds and yardstick"
    )
    settings.add_argument("file")
    settings.add_argument("key", nargs="?", help="the setting to change")
    settings.add_argument("value", nargs="?", help="its new value")
    settings.add_argument("--default", action="store_true", help="put KEY back to its default")
    settings.add_argument("--json", action="store_true", help="print the settings as JSON")
    settings.set_defaults(handler=_settings)

    mark = commands.add_parser("mark", help="mark one cell of the ACH matrix")
    mark.add_argument("file")
    mark.add_argument("evidence", help="the evidence card")
    mark.add_argument("hypothesis", help="the hypothesis")
    mark.add_argument("value", choices=_MARKS)
    mark.set_defaults(handler=_mark)


def _table(info: "BoardInfo") -> list[dict[str, object]]:
    from evidenceboard.analysis.settings import ANALYSIS_SETTINGS, setting_values
    from evidenceboard.analysis.standing import thresholds_of

    current = setting_values(thresholds_of(info), info)
    return [
        {
            "key": setting.key,
            "value": current[setting.key],
            "default": setting.default,
            "choices": list(setting.choices),
            "meaning": setting.meaning,
        }
        for setting in ANALYSIS_SETTINGS
    ]


def _settings(args: argparse.Namespace) -> int:
    if args.key is None:
        with open_to_read(args) as doc:
            rows = _table(doc.board.info)
        if args.json:
            emit_json({"settings": rows})
            return 0
        for row in rows:
            default = "" if row["value"] == row["default"] else f" (default {row['default']})"
            say(f"{row['key']} = {row['value']}{default}: {row['meaning']}")
            choices = row["choices"]
            assert isinstance(choices, list)
            say(f"    one of: {', '.join(str(c) for c in choices)}")
        return 0
    if (args.value is None) == (not args.default):
        raise InvalidValueError("Give KEY and VALUE, or KEY --default.")
    from evidenceboard.analysis.settings import ANALYSIS_SETTINGS, stored_value
    from evidenceboard.model.changes import EditBoard

    with open_to_write(args) as doc:
        info = doc.board.info
        by_key = {setting.key: setting for setting in ANALYSIS_SETTINGS}
        if args.key not in by_key:
            raise InvalidValueError(
                f"“{args.key[:60]}” is not a setting; use one of: {', '.join(by_key)}."
            )
        setting = by_key[args.key]
        value = None if args.default else args.value.strip()
        if value is not None and value not in setting.choices:
            raise InvalidValueError(f"{args.key} takes one of: {', '.join(setting.choices)}.")
        value = stored_value(args.key, value)
        change = EditBoard(info, info.with_setting(args.key, value))
        if change.is_empty():
            say("Nothing to change.")
            return 0
        doc.apply(change)
        say(f"{args.key} = {value if value is not None else setting.default}")
    return 0


def _mark(args: argparse.Namespace) -> int:
    from evidenceboard.model.cards import CardKind, ClaimContent
    from evidenceboard.model.changes import SetAchMark
    from evidenceboard.model.clock import utc_now
    from evidenceboard.model.judgement import AchMark, CellMark

    with open_to_write(args) as doc:
        board = doc.board
        evidence = board.card(board.resolve_id(args.evidence))
        hypothesis = board.card(board.resolve_id(args.hypothesis))
        content = hypothesis.content
        if not (isinstance(content, ClaimContent) and content.is_hypothesis):
            raise InvalidValueError(f"{hypothesis.id[:8]} is not a hypothesis.")
        if evidence.kind is CardKind.CLAIM and getattr(evidence.content, "is_hypothesis", False):
            raise InvalidValueError("A hypothesis is a column of the matrix, not a row.")
        key = (evidence.id, hypothesis.id)
        before = board.ach_marks.get(key)
        after = None
        if args.value != "clear":
            after = AchMark(
                evidence.id,
                hypothesis.id,
                CellMark(args.value.replace("-", "_")),
                doc.author,
                utc_now(),
            )
            if before is not None and before.consistency is after.consistency:
                say("Nothing to change.")
                return 0
        change = SetAchMark(key, before, after)
        if change.is_empty():
            say("Nothing to change.")
            return 0
        doc.apply(change)
        say(change.describe(board))
    return 0
