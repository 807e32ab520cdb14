"""Hostile board text in the brief: nothing executed, fetched, embedded or linked (T-R1..R7)."""

import os
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import reportlab
from pypdf import PdfReader
from reportlab import rl_config

from evidenceboard.export.brief.options import BriefOptions
from evidenceboard.export.brief.writer import write_brief
from evidenceboard.model import LinkKind
from tests.export.conftest import FIXED_DATE, make_board, pdf_text

R1 = (
    "<para><font color=\"[ [ getattr(pow,Word('__globals__'))['os'].environ.setdefault("
    "'RL_CVE_2023_33733','hit') for Word in [orgTypeFun('Word', (str,), { 'mutated': 1, "
    "'startswith': lambda self, x: False, '__eq__': lambda self,x: self.mutate() and "
    "self.mutated < 0 and str(self) == x, 'mutate': lambda self: {setattr(self, 'mutated', "
    "self.mutated - 1)}, '__hash__': lambda self: hash(str(self)) })] ] for orgTypeFun in "
    "[type(type(1))] ] and 'red'\">exploit</font></para>"
)
R4 = '<a href="pdf:\\\\attacker.example\\share\\x.pdf">click</a>'
R5 = '<a href="javascript:app.alert(1)">click</a>'
R6 = '<a href="file:///C:/Windows/System32/calc.exe">click</a>'
BROKEN = '<b>bold <font face="/etc/passwd">x</font> <onDraw name="showPage"/> AT&T <3 \x00'


def _annotations(path: Path) -> list[dict[str, Any]]:
    found = []
    for page in PdfReader(str(path)).pages:
        for annot in page.get("/Annots") or []:
            found.append(dict(annot.get_object()))
    return found


def _raw(path: Path) -> bytes:
    return path.read_bytes()


def _image_count(path: Path) -> int:
    count = 0
    for page in PdfReader(str(path)).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {}) or {}
        count += sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")
    return count


def test_reportlab_is_a_safe_version_and_locked_down(tmp_path: Path) -> None:
    write_brief(make_board(), tmp_path / "b.pdf")
    assert tuple(int(p) for p in reportlab.Version.split(".")[:3]) >= (5, 0, 1)
    assert rl_config.toColorCanUse != "rl_safe_eval"
    assert rl_config.trustedHosts is None
    assert list(rl_config.trustedSchemes) == []


def test_cve_2023_33733_payload_stays_text(tmp_path: Path) -> None:
    os.environ.pop("RL_CVE_2023_33733", None)
    board = make_board(
        claim={"title": R1[:900], "statement": R1, "attributed_to": R1[:900]},
        article={"title": R1[:900], "outlet": R1[:900]},
        link={"quote": R1, "rationale": R1},
        description=R1,
        handling=R1[:200],
    )
    path = tmp_path / "r1.pdf"
    write_brief(board, path, BriefOptions(author=R1[:200]))
    assert "RL_CVE_2023_33733" not in os.environ
    assert "getattr(pow,Word('__globals__'))" in " ".join(pdf_text(path).split())


def test_local_image_is_neither_read_nor_embedded(tmp_path: Path) -> None:
    from PIL import Image

    png = tmp_path / "secret.png"
    Image.new("RGB", (4, 4), "red").save(png)
    payload = f'<img src="{png}" width="4" height="4"/>'
    opened: list[str] = []

    def spy(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and args and str(args[0]) == str(png):
            opened.append(str(args[0]))

    sys.addaudithook(spy)
    board = make_board(claim={"title": payload, "statement": payload}, link={"quote": payload})
    path = tmp_path / "r2.pdf"
    write_brief(board, path)
    assert opened == []
    assert _image_count(path) == 0
    assert str(png) in pdf_text(path)


class _Recorder(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def beacon_server() -> Iterator[int]:
    _Recorder.hits = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_network_image_is_never_fetched(tmp_path: Path, beacon_server: int) -> None:
    payload = f'<img src="http://127.0.0.1:{beacon_server}/beacon.png" width="4" height="4"/>'
    board = make_board(claim={"title": payload, "statement": payload})
    path = tmp_path / "r3.pdf"
    write_brief(board, path)
    assert _Recorder.hits == []
    assert "beacon.png" in pdf_text(path)


def test_link_payloads_give_no_actions(tmp_path: Path) -> None:
    payload = f"{R4} {R5} {R6}"
    board = make_board(
        claim={"title": payload[:900], "statement": payload},
        article={"url": "javascript:app.alert(1)", "title": payload[:900]},
        link={"quote": payload, "rationale": payload},
    )
    path = tmp_path / "r4.pdf"
    write_brief(board, path)
    raw = _raw(path)
    assert b"/GoToR" not in raw and b"/Launch" not in raw and b"/JavaScript" not in raw
    for annot in _annotations(path):
        action = annot.get("/A")
        if action is not None:
            uri = str(action.get_object().get("/URI", ""))
            assert uri.startswith("https://") or uri.startswith("http://"), uri
    text = " ".join(pdf_text(path).split())
    assert 'href="javascript:app.alert(1)"' in text


def test_only_validated_article_urls_become_links(tmp_path: Path) -> None:
    board = make_board(article={"url": "https://news.example/bridge?a=1&b=2"})
    path = tmp_path / "ok.pdf"
    write_brief(board, path)
    uris = [
        str(a["/A"].get_object().get("/URI"))
        for a in _annotations(path)
        if "/A" in a and "/URI" in a["/A"].get_object()
    ]
    assert uris == ["https://news.example/bridge?a=1&b=2"]


def test_broken_markup_does_not_break_the_export(tmp_path: Path) -> None:
    board = make_board(
        claim={"title": BROKEN.replace("\x00", ""), "statement": BROKEN},
        link={"kind": LinkKind.CONTRADICTS, "quote": BROKEN, "rationale": BROKEN},
    )
    path = tmp_path / "r5.pdf"
    write_brief(board, path)
    text = " ".join(pdf_text(path).split())
    assert '<font face="/etc/passwd">x</font>' in text
    assert '<onDraw name="showPage"/>' in text
    assert "AT&T <3" in text


@pytest.mark.parametrize("body", ["A" * 200_000, "word " * 50_000])
def test_very_long_texts_are_exported_in_chunks(tmp_path: Path, body: str) -> None:
    board = make_board(claim={"statement": body}, link={"quote": body, "rationale": body[:19_000]})
    path = tmp_path / "long.pdf"
    write_brief(board, path, BriefOptions(date=FIXED_DATE))
    reader = PdfReader(str(path))
    assert len(reader.pages) > 5
    text = pdf_text(path)
    assert text.count(body[:40].strip()) >= 1


def test_overlong_text_is_capped_with_a_visible_note(tmp_path: Path) -> None:
    board = make_board(claim={"statement": "x" * 120_000})
    path = tmp_path / "cap.pdf"
    write_brief(board, path, BriefOptions(max_text_chars=5_000))
    flat = " ".join(pdf_text(path).split())
    assert "The brief shows the first 5,000 characters of this text; 115,000 more" in flat
