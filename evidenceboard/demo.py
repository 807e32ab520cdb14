"""The demo board: a real news article, the claims it reports and how they relate.

Built from ``resources/demo/assad-flight-article.txt`` (December 2024, on Bashar
al-Assad's flight from Syria). The article is an article card; the reports it cites
(a Hurriyet column, the Tass story boosting it, Assad's deleted Telegram statement, the
documents that surfaced online) are source cards; the claims are claim cards attributed
as the article attributes them. The Tass story is linked ``derived_from`` the Hurriyet
column, so the analysis can show that the "deal with Israel" claim rests on one origin.

Ids are derived from fixed names (UUID v5), so every copy of the demo board has the
same ids and colleagues' copies merge cleanly.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from evidenceboard.model.board import BoardInfo
from evidenceboard.model.cards import Card, CardKind, Confidence
from evidenceboard.model.changes import AddCards
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.grading import parse_grade
from evidenceboard.model.links import Link, LinkKind, Strength
from evidenceboard.resources_path import resource

_NAMESPACE = uuid.UUID("6f1c1b7e-3c55-4b8e-9c1e-5a0d7e2b9f10")
DEMO_AUTHOR = "EvidenceBoard demo"
_AT = datetime(2024, 12, 21, 9, 0, tzinfo=UTC)


def demo_id(name: str) -> str:
    """The fixed id of a named item of the demo board."""
    return uuid.uuid5(_NAMESPACE, name).hex


def demo_article_text() -> str:
    """The article's text, without the provenance header of the sample file."""
    raw = resource("demo", "assad-flight-article.txt").read_text(encoding="utf-8")
    _header, _sep, body = raw.partition("\n---\n")
    return body.strip()


def build_demo() -> tuple[BoardInfo, AddCards]:
    """Return the demo board's details and the change that fills an empty board."""
    body = demo_article_text()
    info = BoardInfo(
        id=demo_id("board"),
        title="Assad's flight from Syria: was there a deal with Israel?",
        description=(
            "Demo case built from one news article (December 2024). Did Bashar al-Assad "
            "buy a safe flight out of Syria by handing Israel military targets, as a "
            "Hurriyet column claims and Tass repeats, or did Russia decide to evacuate him, "
            "as his own deleted statement says?"
        ),
        handling="UNCLASSIFIED // DEMO",
        created_at=_AT,
        authors=(DEMO_AUTHOR,),
    )

    def card(name: str, kind: CardKind, title: str, x: float, y: float, **values: Any) -> Card:
        return make_card(
            kind, title, DEMO_AUTHOR, x=x, y=y, at=_AT, card_id=demo_id(name), **values
        )

    cards = [
        card(
            "article",
            CardKind.ARTICLE,
            "Captured article: Tass boosts Turkish claims of an Assad-Israel escape deal",
            -620,
            -40,
            published="2024-12",
            language="en",
            body=body,
            grading=parse_grade("B3"),
            tags=("media", "primary-capture"),
            height=160.0,
        ),
        card(
            "hurriyet",
            CardKind.ARTICLE,
            "Selvi column: Assad handed Israel military targets for a safe flight",
            -300,
            -380,
            outlet="Hurriyet",
            author="Abdulkadir Selvi",
            published="2024-12",
            language="tr",
            body=(
                "“A source I trust told me that Assad had given Israel documents showing the "
                "location of weapons depots, missile launchers and warplanes as a guarantee "
                "that he would not be shot by Israel as he fled.” “When we look at the "
                "operations carried out by Israel after Assad fled, I think that this "
                "information is not at all undeniable.” (as quoted in the article)"
            ),
            grading=parse_grade("C4"),
            tags=("media", "turkey", "anonymous-source"),
        ),
        card(
            "tass",
            CardKind.ARTICLE,
            "Tass repeats the Hurriyet claim of an Assad-Israel deal",
            -620,
            -380,
            outlet="Tass",
            published="2024-12",
            language="ru",
            body=(
                "Russian state news agency Tass boosts the claims made in Turkish media that "
                "Assad struck a deal with Tel Aviv to allow him to safely flee Syria."
            ),
            grading=parse_grade("D4"),
            tags=("media", "russia", "state-media"),
        ),
        card(
            "telegram",
            CardKind.DOCUMENT,
            "Assad's statement on the Syrian presidency's Telegram channel (deleted)",
            -620,
            300,
            origin="Syrian presidency Telegram channel; since deleted, no capture on this board",
            date="2024-12-16",
            media_type="text/plain",
            grading=parse_grade("B3"),
            tags=("primary", "assad"),
        ),
        card(
            "documents",
            CardKind.DOCUMENT,
            "Photos of purported regime documents on intelligence sharing with Israel",
            -300,
            620,
            origin="Surfaced online soon after Assad's ouster; authenticity unverified",
            date="2024-12",
            media_type="image/jpeg",
            grading=parse_grade("F6"),
            tags=("unverified",),
        ),
        card(
            "doha",
            CardKind.CLAIM,
            "Turkey persuaded Russia and Iran at the Doha talks to drop their support for Assad",
            -300,
            300,
            statement=(
                "In high-stakes talks in Doha in early December, Turkey persuaded Russia and "
                "Iran to drop their support for Assad and allow the rebels to take power."
            ),
            attributed_to="Turkey's account of the Doha talks",
            date_claimed="2024-12",
            tags=("turkey", "russia"),
        ),
        card(
            "claim-deal",
            CardKind.CLAIM,
            "H1: Assad bought safe passage by giving Israel Syrian military targets",
            120,
            -300,
            statement=(
                "Assad gave Israel the locations of weapons depots, missile launchers and "
                "warplanes as a guarantee that Israel would not shoot down his plane as he fled."
            ),
            attributed_to="Abdulkadir Selvi, Hurriyet, citing an unnamed source",
            date_claimed="2024-12",
            is_hypothesis=True,
            confidence=Confidence.LOW,
            tags=("key-judgement",),
            height=160.0,
        ),
        card(
            "claim-evacuated",
            CardKind.CLAIM,
            "H2: Russia decided to evacuate Assad; he had not planned to leave",
            120,
            300,
            statement=(
                "Assad did not plan to leave Syria; Russia made the decision to evacuate him "
                "from its Khmeimim airbase in Latakia."
            ),
            attributed_to="Bashar al-Assad, statement on the Syrian presidency's Telegram channel",
            date_claimed="2024-12-16",
            is_hypothesis=True,
            tags=("key-judgement",),
            height=160.0,
        ),
        card(
            "claim-strikes",
            CardKind.CLAIM,
            "Israel bombed hundreds of Syrian military sites after Assad fled",
            120,
            0,
            statement=(
                "Israel has bombed hundreds of military sites across Syria since Assad fled: "
                "weapons storage sites, airfields and the naval fleet at Latakia."
            ),
            attributed_to="The article (the outlet's own reporting)",
            date_claimed="2024-12",
        ),
        card(
            "claim-intel",
            CardKind.CLAIM,
            "The Assad regime secretly shared intelligence with Israel on Hezbollah and Iran",
            120,
            620,
            statement=(
                "Documents show Assad secretly shared intelligence and assisted Israel's "
                "targeting of Hezbollah and Iranian assets on Syrian territory."
            ),
            attributed_to="Purported documents that surfaced online",
            date_claimed="2024-12",
        ),
        card(
            "claim-moscow",
            CardKind.CLAIM,
            "Assad has lived in Moscow under Kremlin asylum since 8 December",
            -960,
            300,
            statement=(
                "The Kremlin granted Assad asylum; he has been living in Moscow since fleeing "
                "Syria on 8 December, and Putin has not met him in the 12 days since."
            ),
            attributed_to="The article (the outlet's own reporting)",
            date_claimed="2024-12",
        ),
        card(
            "note",
            CardKind.NOTE,
            "Analyst note: one origin, two reports",
            500,
            -380,
            text=(
                "Tass adds no reporting of its own: it repeats the Hurriyet column, which rests "
                "on one unnamed source. Count them as one origin. Selvi's second argument "
                "(Israel's strikes after the flight) is inference, not evidence of a deal."
            ),
            colour="#f2d98c",
        ),
    ]

    def link(
        name: str,
        source: str,
        target: str,
        kind: LinkKind,
        strength: Strength = Strength.MODERATE,
        rationale: str = "",
        quote: str = "",
    ) -> Link:
        return make_link(
            demo_id(source),
            demo_id(target),
            kind,
            DEMO_AUTHOR,
            strength=strength,
            rationale=rationale,
            quote=quote,
            at=_AT,
            link_id=demo_id(name),
        )

    links = [
        link(
            "l-tass-hurriyet",
            "tass",
            "hurriyet",
            LinkKind.DERIVED_FROM,
            Strength.STRONG,
            "Tass is boosting the Hurriyet column's claim, not reporting its own.",
            "Russian state news agency Tass is boosting claims made in Turkish media",
        ),
        link(
            "l-hurriyet-deal",
            "hurriyet",
            "claim-deal",
            LinkKind.CORROBORATES,
            Strength.WEAK,
            "A columnist citing one unnamed source.",
            "A source I trust told me that Assad had given Israel documents showing the "
            "location of weapons depots, missile launchers and warplanes",
        ),
        link(
            "l-tass-deal",
            "tass",
            "claim-deal",
            LinkKind.CORROBORATES,
            Strength.WEAK,
            "Repeats the Hurriyet column.",
        ),
        link(
            "l-strikes-deal",
            "claim-strikes",
            "claim-deal",
            LinkKind.CORROBORATES,
            Strength.WEAK,
            "Selvi reads the strikes as confirmation; Israel had its own reasons to strike "
            "a collapsing army's arsenal.",
            "When we look at the operations carried out by Israel after Assad fled",
        ),
        link(
            "l-article-strikes",
            "article",
            "claim-strikes",
            LinkKind.CORROBORATES,
            Strength.STRONG,
            "The outlet's own reporting of widely observed strikes.",
            "Israel has bombed hundreds of military sites across the country",
        ),
        link(
            "l-article-moscow",
            "article",
            "claim-moscow",
            LinkKind.CORROBORATES,
            Strength.MODERATE,
            "The outlet's own reporting.",
        ),
        link(
            "l-article-doha",
            "article",
            "doha",
            LinkKind.CORROBORATES,
            Strength.WEAK,
            "Reports Turkey's account; not confirmed by Russia or Iran.",
            "According to Turkey's account of high-stakes talks in Doha",
        ),
        link(
            "l-telegram-evac",
            "telegram",
            "claim-evacuated",
            LinkKind.CORROBORATES,
            Strength.MODERATE,
            "Assad's own account, deleted soon after.",
            "he didn't plan to leave the country and that Russia had made the decision "
            "to evacuate him",
        ),
        link(
            "l-telegram-deal",
            "telegram",
            "claim-deal",
            LinkKind.CONTRADICTS,
            Strength.MODERATE,
            "If Russia decided the evacuation, Assad had no flight of his own to negotiate.",
        ),
        link(
            "l-doha-evac",
            "doha",
            "claim-evacuated",
            LinkKind.CORROBORATES,
            Strength.WEAK,
            "Russia dropping Assad fits an evacuation decided in Moscow.",
        ),
        link(
            "l-moscow-evac",
            "claim-moscow",
            "claim-evacuated",
            LinkKind.RELATED,
            rationale="Where he went after the evacuation.",
        ),
        link(
            "l-documents-intel",
            "documents",
            "claim-intel",
            LinkKind.CORROBORATES,
            Strength.WEAK,
            "Purported documents; authenticity not established.",
        ),
        link(
            "l-intel-deal",
            "claim-intel",
            "claim-deal",
            LinkKind.RELATED,
            rationale="Earlier covert links would make a deal more plausible, not proven.",
        ),
        link(
            "l-note-tass",
            "note",
            "tass",
            LinkKind.RELATED,
            rationale="Why Tass and Hurriyet count as one origin.",
        ),
    ]
    return info, AddCards(tuple(cards), tuple(links))
