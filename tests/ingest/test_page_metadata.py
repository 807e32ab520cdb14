"""Saved pages keep the title, authors, date and site their publisher declares, cleaned.

The real pages are from the corpus in ``tests/ingest/pages`` (see its README); the small
pages here are made for one rule each.
"""

import gzip
import json
from pathlib import Path

import lxml.html
import pytest

from evidenceboard.ingest import read_file
from evidenceboard.ingest.page_cleaning import (
    choose_body,
    choose_date,
    clean_authors,
    clean_title,
    drop_editors,
    lead_byline,
    partial_date,
)
from evidenceboard.ingest.page_metadata import MAX_BLOCK_CHARS, from_json_ld, read_structured

PAGES = Path(__file__).parent / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


def _corpus_page(folder: Path, name: str) -> Path:
    path = folder / f"{name}.html"
    path.write_bytes(gzip.decompress((PAGES / f"{name}.html.gz").read_bytes()))
    return path


@pytest.mark.parametrize(
    "name",
    ["cnn_002", "cnn_article", "time_001", "wired_001", "chinese_article_002", "latvian_article"],
)
def test_real_page_gives_its_declared_metadata(tmp_path: Path, name: str) -> None:
    known = EXPECTED[name]
    item = read_file(_corpus_page(tmp_path, name))
    assert item.title == known["title"]
    assert item.values["author"] == "; ".join(known["authors"])
    assert item.values["published"] == known["date"]


def test_real_page_title_loses_site_and_sections(tmp_path: Path) -> None:
    # <title> is "… » Local » Noticias » Ultima Hora Mallorca"; the byline is a dateline
    # and the only other name on the page is a commenter's.
    item = read_file(_corpus_page(tmp_path, "spanish_article"))
    assert item.title == "Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta"
    assert item.values["author"] == "Patricio Candia"


def test_real_page_organisation_author_is_not_a_person(tmp_path: Path) -> None:
    # JSON-LD names the publisher as an Organization author; the card must not.
    item = read_file(_corpus_page(tmp_path, "japanese_article"))
    assert item.values["author"] == ""
    assert item.values["published"] == "2018-06-19"  # the page's own day, not UTC's


def _page(folder: Path, head: str, body: str, name: str = "page.html") -> Path:
    path = folder / name
    path.write_text(
        f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>",
        encoding="utf-8",
    )
    return path


_STORY = "".join(
    f"<p>Paragraph {n} of the inquiry into the harbour contract, told with witnesses and "
    f"documents that the reporters examined over several weeks of work.</p>"
    for n in range(12)
)


def test_json_ld_is_read_but_never_shown_as_text(tmp_path: Path) -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "#site", "name": "Harbour Post"},
            {"@type": "Person", "@id": "#p1", "name": "Mira Kovač"},
            {
                "@type": ["NewsArticle"],
                "headline": "Harbour contract inquiry",
                "author": [{"@id": "#p1"}, {"@type": "Person", "name": "MIRA KOVAČ"}],
                "datePublished": "2020-01-21T08:00:00-05:00",
                "publisher": {"@type": "Organization", "name": "Harbour Post Media GmbH"},
            },
        ],
    }
    head = (
        "<title>Harbour contract inquiry | Harbour Post</title>"
        f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
        "<script>document.title = 'injected'</script>"
    )
    item = read_file(_page(tmp_path, head, f"<article><h1>Harbour contract inquiry</h1>{_STORY}"))
    assert item.title == "Harbour contract inquiry"
    assert item.values["author"] == "Mira Kovač"
    assert item.values["published"] == "2020-01-21"
    assert item.values["outlet"] == "Harbour Post"
    for leaked in ("schema.org", "@graph", "injected", "datePublished"):
        assert leaked not in item.values["body"]


def test_a_promo_heading_is_not_the_title(tmp_path: Path) -> None:
    head = "<title>Harbour contract inquiry | Harbour Post</title>"
    body = f"<aside><h1>Most read</h1></aside><article>{_STORY}</article>"
    item = read_file(_page(tmp_path, head, body))
    assert item.title == "Harbour contract inquiry | Harbour Post"
    # Once the site is known, its name goes.
    head += "<meta property='og:site_name' content='Harbour Post'>"
    item = read_file(_page(tmp_path, head, body, "named.html"))
    assert item.title == "Harbour contract inquiry"


def test_month_only_date_keeps_its_precision(tmp_path: Path) -> None:
    head = "<title>Annual report</title><meta property='article:published_time' content='2020-01'>"
    item = read_file(_page(tmp_path, head, f"<article><h1>Annual report</h1>{_STORY}</article>"))
    assert item.values["published"] == "2020-01"


def test_photo_gallery_and_comments_are_not_part_of_the_text(tmp_path: Path) -> None:
    slides = "".join(
        f"<figure><img src='{n}.jpg'><figcaption>Slide {n} of 50: the north pier at dawn, "
        "with its cranes.</figcaption></figure>"
        for n in range(50)
    )
    body = (
        f"<article><h1>Harbour contract inquiry</h1>{_STORY}"
        f"<div class='article-gallery'>{slides}</div></article>"
        "<div id='sf_comment_1' class='sf_comment'><span>Alcalino</span><p>Ayer la Policía "
        "me paró cuando circulaba correctamente, y me hizo soplar en la calle.</p></div>"
    )
    item = read_file(_page(tmp_path, "<title>Harbour contract inquiry</title>", body))
    assert "Paragraph 11 of the inquiry" in item.values["body"]
    assert "Slide" not in item.values["body"]
    assert "Policía" not in item.values["body"]


def test_declared_body_replaces_an_extracted_caption() -> None:
    declared = "The full report. " * 60
    assert choose_body("Photo: a harbour crane at dawn.", declared).startswith("The full report.")
    gallery = declared + "\n".join(f"Slide {n} of 50: a photograph." for n in range(50)) * 3
    assert choose_body(gallery, declared) == declared.strip()
    assert choose_body(declared + " More.", declared) == (declared + " More.").strip()
    assert choose_body("Short text.", "<p>" + declared + "</p>") == "Short text."


@pytest.mark.parametrize(
    ("bylines", "expected"),
    [
        (["Aleš Vávra před"], "Aleš Vávra"),
        (["Laura June Topolsky July"], "Laura June Topolsky"),
        (["Alice Wu FOLLOW Updated"], "Alice Wu"),
        (["Evan Halper Staff Writer"], "Evan Halper"),
        (["Jeffrey Gettleman; JEFFREY GETTLEMAN"], "Jeffrey Gettleman"),
        (["By May Bulman, June 5 2020"], "May Bulman"),
        (["Analysis by Joan Biskupic, CNN Senior Supreme Court Analyst"], "Joan Biskupic"),
        (["Dana A. Ford, James S.A. Corey and Tom Watkins, CNN"],
         "Dana A. Ford; James S.A. Corey; Tom Watkins"),
        (["Frankfurter Allgemeine Zeitung GmbH", "Anna Schmidt und Peter Müller"],
         "Anna Schmidt; Peter Müller"),
        (["AFP", "Lena Novak"], "Lena Novak"),
        (["Gettleman, Jeffrey"], "Jeffrey Gettleman"),
        (["AFP"], "AFP"),
        (["Фото из Инстаграма Ивана Петрова"], ""),
        (["Username"], ""),
        (["Authority control"], ""),
        (["CNN"], ""),
    ],
)  # fmt: skip
def test_bylines_are_cleaned_to_people(bylines: list[str], expected: str) -> None:
    assert (
        clean_authors([bylines], publishers=["CNN", "Frankfurter Allgemeine Zeitung"]) == expected
    )


def test_a_name_the_text_credits_as_editor_is_not_an_author() -> None:
    text = "…并采取更多令人安心的行动。\uff08编辑\uff1a严玉洁 王辉\uff09"  # (编辑: …), fullwidth
    assert drop_editors("严玉洁", text) == ""
    assert drop_editors("王辉", text) == ""
    assert drop_editors("Ana Ruiz; Lena Novak", "Reporting by Ana Ruiz; Editing by Lena Novak") == (
        "Ana Ruiz"
    )
    # Mentioning an editor in the story is not a credit.
    assert drop_editors("Ana Ruiz", "The editor of the paper, Ana Ruiz, said") == "Ana Ruiz"
    assert clean_authors([["Reporting by Ana Ruiz; Editing by Lena Novak"]]) == "Ana Ruiz"


def test_a_later_source_is_used_when_the_first_names_no_person() -> None:
    assert clean_authors([["Harbour Post"], ["Submitted"], ["Ines Ortega"]], ["Harbour Post"]) == (
        "Ines Ortega"
    )
    # An organisation the markup names as author is the last resort, never the publisher.
    assert clean_authors([[]], ["Harbour Post"], organisations=["Harbour Post"]) == ""
    assert clean_authors([[]], ["Harbour Post"], organisations=["Reuters Wire"]) == "Reuters Wire"


@pytest.mark.parametrize(
    ("titles", "headings", "sites", "url", "expected"),
    [
        (["West Ham hrozí | Aktuálně.cz"], [], ["Aktuálně.cz"], "", "West Ham hrozí"),
        (["短缺药品保供稳价-新华网"], ["短缺药品保供稳价"], [], "", "短缺药品保供稳价"),
        (["Dockside fire - Harbour Post"], [], [], "https://harbourpost.example/", "Dockside fire"),
        (["Analysis: Court fight | CNN Politics"], [], ["CNN"], "", "Analysis: Court fight"),
        (["Harbour Post", "Dockside fire"], [], ["Harbour Post"], "", "Dockside fire"),
        (["Q&A - what we know"], [], ["Harbour Post"], "", "Q&A - what we know"),
        (["Analysis: CNN's chief quits | CNN"], [], ["CNN"], "", "Analysis: CNN's chief quits"),
        (["Vote: US | USA Today"], [], ["USA Today"], "", "Vote: US"),
        # A section or the site's logo in <h1> is not the headline.
        (["Chief quits | Port News | Post"], ["Port News"], ["Post"], "", "Chief quits"),
        (["Chief quits over pay | Harbour Post"], ["Harbour Post"], [], "", "Chief quits over pay"),
        (["Port News | Chief quits over pay"], ["Port News"], [], "", "Chief quits over pay"),
    ],
)  # fmt: skip
def test_titles_lose_the_site_name(
    titles: list[str], headings: list[str], sites: list[str], url: str, expected: str
) -> None:
    assert clean_title(titles, headings, sites, url) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-01-21T08:00:00-05:00", "2020-01-21"),
        ("2019-11-20 13:42:06+08:00", "2019-11-20"),
        ("20180619T055000+0900", "2018-06-19"),
        ("2021-01-03T17:40:00EET", "2021-01-03"),
        ("2018/06/18", "2018-06-18"),
        ("2020-01", "2020-01"),
        ("2020", "2020"),
        ("2020-13-01", ""),
        ("November 20, 2019 13:42", ""),
        ("", ""),
    ],
)
def test_dates_keep_the_precision_the_page_gives(value: str, expected: str) -> None:
    assert partial_date(value) == expected


def test_declared_date_comes_before_the_extracted_one() -> None:
    assert choose_date(["2020-01-21T10:00:00Z"], "2020-01-01") == "2020-01-21"
    assert choose_date(["not a date"], "2020-01-01") == "2020-01-01"
    # A day the markup never gives is the extractor's filling.
    assert choose_date([], "2020-01-02", ["2020-01"]) == "2020-01"
    assert choose_date([], "2020-01-02", ["2020-01", "2020-01-02T09:00"]) == "2020-01-02"
    assert choose_date([], "2020-01-02", ["2019"]) == "2020-01-02"


def test_a_month_in_a_time_element_is_not_given_a_day(tmp_path: Path) -> None:
    body = f"<article><h1>Annual report</h1><time datetime='2020-01'>January 2020</time>{_STORY}"
    item = read_file(_page(tmp_path, "<title>Annual report</title>", body))
    assert item.values["published"] == "2020-01"


def test_microdata_publication_date_is_read_before_other_times() -> None:
    tree = lxml.html.document_fromstring(
        "<html><body><time datetime='2021-06-01'>1 June 2021</time>"
        "<time itemprop='datePublished' datetime='2019-03-04T10:00:00+01:00'>4 March</time>"
        "</body></html>"
    )
    found = read_structured(tree, [])
    assert found.published == "2019-03-04T10:00:00+01:00"
    assert found.markup_dates == ("2021-06-01", "2019-03-04T10:00:00+01:00")


def test_dateline_gives_a_byline_only_with_a_date() -> None:
    body = "Harbour deal\nPatricio Candia | Palma de Mallorca | 08/01/2014\nText."
    assert lead_byline(body, "Harbour deal") == "Patricio Candia"
    assert lead_byline("Harbour deal\nSport | Weather | Culture\nText.", "Harbour deal") == ""


def test_hostile_json_ld_is_skipped_not_fatal() -> None:
    article = json.dumps({"@type": "Article", "headline": "Kept", "author": "Ana Ruiz"})
    blocks = [
        "{not json",
        "[" * 100_000 + "]" * 100_000,
        '{"@type": "Article", "headline": "' + "x" * MAX_BLOCK_CHARS + '"}',
        article,
    ]
    found = from_json_ld(blocks)
    assert found.titles == ("Kept",)
    assert found.authors == ("Ana Ruiz",)


def test_json_ld_hidden_in_a_comment_or_cdata_is_read() -> None:
    article = json.dumps({"@type": "NewsArticle", "headline": "Kept", "author": "Ana Ruiz"})
    assert from_json_ld([f"<!--\n{article}\n-->"]).titles == ("Kept",)
    assert from_json_ld([f"//<![CDATA[\n{article}\n//]]>"]).authors == ("Ana Ruiz",)
