"""Claims grouped by who makes them, and entities kept out of the ACH matrix."""

from evidenceboard.analysis import FindingKind, Severity, assess_board
from evidenceboard.analysis.actors import claims_by_actor
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import RemoveCards
from evidenceboard.model.claimants import claimant_of, claimant_words, claims_made
from evidenceboard.model.links import LinkKind
from tests.analysis.conftest import BoardBuilder


def test_claims_group_under_the_card_that_makes_them(builder: BoardBuilder) -> None:
    tass = builder.card("tass", CardKind.ORGANISATION, grade=None, title="Tass", aliases=["TASS"])
    builder.claim("c1", claimed_by=tass)
    # No card chosen, but the words are one of the card's names: the same actor.
    builder.claim("c2", attributed_to="tass")
    builder.claim("c3", attributed_to="A diplomat")
    actors = claims_by_actor(builder.board)
    assert actors[0].card_id == tass
    assert actors[0].name == "Tass"
    assert actors[0].claim_ids == (builder.ids["c1"], builder.ids["c2"])
    assert [(a.card_id, a.name) for a in actors[1:]] == [(None, "A diplomat")]
    assert claims_made(builder.board, tass) == [builder.ids["c1"], builder.ids["c2"]]


def test_one_actor_behind_many_claims_is_a_finding(builder: BoardBuilder) -> None:
    selvi = builder.card("selvi", CardKind.PERSON, grade=None, title="Abdülkadir Selvi")
    builder.claim("c1", claimed_by=selvi, title="Assad gave Israel targets")
    builder.claim("c2", attributed_to="ABDULKADIR  SELVI", title="Assad flew from Khmeimim")
    builder.claim("c3", attributed_to="Kremlin", title="Russia chose to evacuate him")
    findings = [f for f in assess_board(builder.board).findings if f.kind is FindingKind.ONE_ACTOR]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity is Severity.WARNING
    assert finding.card_ids == (selvi, builder.ids["c1"], builder.ids["c2"])
    assert "Abdülkadir Selvi makes 2 claims" in finding.message
    assert "“Assad flew from Khmeimim”" in finding.message
    data = assess_board(builder.board).to_dict()
    assert data["actors"][0] == {
        "card_id": selvi,
        "name": "Abdülkadir Selvi",
        "claim_ids": [builder.ids["c1"], builder.ids["c2"]],
    }


def test_words_alone_group_folded_but_name_no_card(builder: BoardBuilder) -> None:
    builder.claim("c1", attributed_to="Ministry of Defence")
    builder.claim("c2", attributed_to="ministry of  defence")
    builder.claim("c3")
    actors = claims_by_actor(builder.board)
    assert len(actors) == 1
    assert actors[0].card_id is None
    assert actors[0].claim_ids == (builder.ids["c1"], builder.ids["c2"])


def test_a_name_two_cards_share_names_neither(builder: BoardBuilder) -> None:
    builder.card("a", CardKind.ORGANISATION, grade=None, title="The ministry")
    builder.card("b", CardKind.ORGANISATION, grade=None, title="Other", aliases=["The ministry"])
    claim = builder.claim("c", attributed_to="The ministry")
    assert claims_by_actor(builder.board)[0].card_id is None
    assert claimant_words(builder.board, builder.board.cards[claim]) == "The ministry"


def test_a_place_or_a_removed_card_makes_no_claim(builder: BoardBuilder) -> None:
    place = builder.card("base", CardKind.LOCATION, grade=None, title="Khmeimim")
    person = builder.card("p", CardKind.PERSON, grade=None, title="Peskov")
    by_place = builder.claim("c1", claimed_by=place, attributed_to="the base")
    by_person = builder.claim("c2", claimed_by=person, attributed_to="a Kremlin spokesman")
    board = builder.board
    assert claimant_of(board, board.cards[by_place]) is None
    assert claimant_words(board, board.cards[by_person]) == "Peskov (“a Kremlin spokesman”)"
    board.apply(RemoveCards((board.cards[person],), ()))
    # The id stays on the claim (an undo brings the card back); it is read as unset.
    assert board.cards[by_person].content.claimed_by == person  # type: ignore[union-attr]
    assert claimant_words(board, board.cards[by_person]) == "a Kremlin spokesman"


def test_entity_links_stay_out_of_the_ach_matrix(builder: BoardBuilder) -> None:
    builder.claim("h1", is_hypothesis=True)
    builder.claim("h2", is_hypothesis=True)
    builder.card("report")
    builder.card("person", CardKind.PERSON, grade="A1", title="Selvi")
    builder.link("report", "h1", LinkKind.CORROBORATES)
    builder.link("person", "h2", LinkKind.CORROBORATES)
    rows = assess_board(builder.board).ach.rows
    assert [r.evidence_ids for r in rows] == [(builder.ids["report"],)]
