"""Markings are read in an ordered scheme so that a brief can be compared with its cards."""

import pytest

from evidenceboard.model.board import BoardInfo
from evidenceboard.model.markings import (
    CUSTOM_LEVELS_SETTING,
    SCHEME_SETTING,
    SchemeName,
    UnknownMarking,
    built_in,
    custom_scheme,
    highest,
    scheme_for,
)


def test_levels_and_caveats_are_read_and_ordered() -> None:
    us = built_in(SchemeName.US)
    secret_nf = us.parse("secret // noforn")
    assert (secret_nf.level, secret_nf.caveats) == ("SECRET", frozenset({"NOFORN"}))
    assert secret_nf.portion == "(S//NF)" and secret_nf.label == "SECRET//NOFORN"
    assert us.parse("UNCLASSIFIED").at_or_below(secret_nf)
    # Dropping a caveat is a downgrade even at the same level.
    assert not secret_nf.at_or_below(us.parse("SECRET"))
    assert not us.parse("TOP SECRET").at_or_below(secret_nf)
    uk = built_in(SchemeName.UK)
    assert uk.parse("OFFICIAL SENSITIVE").level == "OFFICIAL-SENSITIVE"
    assert uk.parse("SECRET UK EYES ONLY").caveats == {"UK EYES ONLY"}
    assert uk.parse("OFFICIAL-SENSITIVE").portion == "(OS)"
    with pytest.raises(UnknownMarking):
        uk.parse("UNCLASSIFIED")


def test_tlp_nato_and_a_custom_list_are_ordered() -> None:
    tlp = built_in(SchemeName.TLP)
    assert tlp.parse("TLP:WHITE").level == "TLP:CLEAR"
    assert tlp.parse("TLP:AMBER").at_or_below(tlp.parse("TLP:AMBER+STRICT"))
    assert not tlp.parse("TLP:RED").at_or_below(tlp.parse("TLP:AMBER+STRICT"))
    nato = built_in(SchemeName.NATO)
    assert nato.parse("NATO RESTRICTED").at_or_below(nato.parse("COSMIC TOP SECRET"))
    custom = custom_scheme(["Public", "Internal", "Board only"])
    assert custom.parse("board only").portion == "(BO)"
    assert custom.parse("PUBLIC").at_or_below(custom.parse("Internal"))
    with pytest.raises(ValueError, match="must differ"):
        custom_scheme(["A", "a"])


def test_highest_takes_the_top_level_and_every_caveat() -> None:
    us = built_in(SchemeName.US)
    top = highest([us.parse("SECRET//NOFORN"), us.parse("TOP SECRET"), us.parse("CONFIDENTIAL")])
    assert top is not None and top.label == "TOP SECRET//NOFORN"
    assert highest([]) is None
    with pytest.raises(ValueError, match="different schemes"):
        highest([us.parse("SECRET"), built_in(SchemeName.TLP).parse("TLP:RED")])


def test_the_board_setting_wins_and_unknown_markings_are_not_guessed() -> None:
    info = BoardInfo(handling="OFFICIAL")
    found = scheme_for(info, ["SECRET"])
    assert found is not None and found.name is SchemeName.UK
    assert scheme_for(info, ["UNCLASSIFIED"]) is None
    assert scheme_for(BoardInfo(), ["EYES ONLY"]) is None
    custom = (
        BoardInfo()
        .with_setting(SCHEME_SETTING, "custom")
        .with_setting(CUSTOM_LEVELS_SETTING, "LOW\nHIGH")
    )
    scheme = scheme_for(custom, ["high"])
    assert scheme is not None and scheme.level_names() == ["LOW", "HIGH"]
    assert scheme_for(custom, ["SECRET"]) is None
