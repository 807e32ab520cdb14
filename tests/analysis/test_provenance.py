from evidenceboard.analysis.provenance import trace_provenance
from evidenceboard.model.links import LinkKind
from tests.analysis.conftest import BoardBuilder


def test_chain_leads_every_report_to_its_first_origin(builder: BoardBuilder) -> None:
    for name in ("a", "b", "c", "d"):
        builder.card(name)
    builder.link("b", "a", LinkKind.DERIVED_FROM)
    builder.link("c", "b", LinkKind.DERIVED_FROM)
    provenance = trace_provenance(builder.board)
    a = builder.ids["a"]
    assert provenance.origins_of(builder.ids["c"]) == {a}
    assert provenance.origins_of(builder.ids["b"]) == {a}
    assert provenance.origins_of(a) == {a}
    assert provenance.origins_of(builder.ids["d"]) == {builder.ids["d"]}
    assert provenance.cycles == ()


def test_report_repeating_two_sources_has_both_origins(builder: BoardBuilder) -> None:
    for name in ("wire", "column", "digest"):
        builder.card(name)
    builder.link("digest", "wire", LinkKind.DERIVED_FROM)
    builder.link("digest", "column", LinkKind.DERIVED_FROM)
    origins = trace_provenance(builder.board).origins_of(builder.ids["digest"])
    assert origins == {builder.ids["wire"], builder.ids["column"]}


def test_cycle_is_reported_and_still_gives_one_origin(builder: BoardBuilder) -> None:
    for name in ("x", "y", "z", "downstream"):
        builder.card(name)
    first = builder.link("x", "y", LinkKind.DERIVED_FROM)
    second = builder.link("y", "z", LinkKind.DERIVED_FROM)
    third = builder.link("z", "x", LinkKind.DERIVED_FROM)
    builder.link("downstream", "x", LinkKind.DERIVED_FROM)
    provenance = trace_provenance(builder.board)
    members = tuple(sorted(builder.ids[n] for n in ("x", "y", "z")))
    assert provenance.cycles == ((members, tuple(sorted((first, second, third)))),)
    expected = {members[0]}
    for name in ("x", "y", "z", "downstream"):
        assert provenance.origins_of(builder.ids[name]) == expected


def test_cycle_with_an_exit_traces_to_the_exit(builder: BoardBuilder) -> None:
    for name in ("x", "y", "root"):
        builder.card(name)
    builder.link("x", "y", LinkKind.DERIVED_FROM)
    builder.link("y", "x", LinkKind.DERIVED_FROM)
    builder.link("y", "root", LinkKind.DERIVED_FROM)
    provenance = trace_provenance(builder.board)
    assert len(provenance.cycles) == 1
    assert provenance.origins_of(builder.ids["x"]) == {builder.ids["root"]}


def test_other_link_kinds_do_not_make_provenance(builder: BoardBuilder) -> None:
    builder.card("a")
    builder.card("b")
    builder.link("a", "b", LinkKind.RELATED)
    assert trace_provenance(builder.board).origins_of(builder.ids["a"]) == {builder.ids["a"]}
