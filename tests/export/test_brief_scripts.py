"""Every script in the brief: read back with poppler (pdftotext, pdffonts, pdfsig)."""

import datetime
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pypdf import PdfReader
from reportlab.lib.enums import TA_RIGHT

from evidenceboard.cli import brief
from evidenceboard.export.brief import fonts
from evidenceboard.export.brief.bidi_text import visual_line
from evidenceboard.export.brief.options import BriefError, BriefOptions
from evidenceboard.export.brief.signing import MANIFEST_NAME, PASSWORD_VARIABLE, SigningRequest
from evidenceboard.export.brief.styles import BriefStyles
from evidenceboard.export.brief.text import printable
from evidenceboard.export.brief.writer import write_brief
from evidenceboard.model import Board
from evidenceboard.model.changes import EditBoard
from evidenceboard.model.markings import (
    CUSTOM_LEVELS_SETTING,
    SCHEME_SETTING,
    custom_levels_value,
)
from evidenceboard.storage import create_board
from tests.cli.registered import run_registered
from tests.export.conftest import FIXED_DATE, make_board, pdf_text

HEBREW_WORDS = [f"מילה{n}" for n in ("אחת", "שתיים", "שלוש", "ארבע", "חמש", "שש", "שבע")] * 4
HEBREW_TITLE = "פתיחה " + " ".join(HEBREW_WORDS) + " סיום"
STATEMENT = (
    "中文声明：部队在黎明前越过边境。 القوات الروسية عبرت الحدود قبل الفجر "  # noqa: RUF001
    "हिन्दी वाक्य यहाँ है। ภาษาไทยทดสอบ 🔥 👍 😀 Русский текст."
)


MULTILINGUAL_MARKING = "סודי · 机密"


def multilingual_board() -> Board:
    board = make_board(
        title="北京会议 · اجتماع · ישיבה",
        claim={"title": HEBREW_TITLE, "statement": STATEMENT},
        article={"title": "Статья: שלום עולם (2025) 👍", "body": "Body"},
        description="وصف اللوحة: القوات الروسية عبرت الحدود",
        handling=MULTILINGUAL_MARKING,
    )
    # A marking in two scripts is a level of the board's own (custom) scheme.
    info = board.info.with_setting(SCHEME_SETTING, "custom").with_setting(
        CUSTOM_LEVELS_SETTING, custom_levels_value(["OPEN", MULTILINGUAL_MARKING])
    )
    board.apply(EditBoard(board.info, info))
    return board


@pytest.fixture(scope="module")
def multilingual_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scripts") / "multi.pdf"
    write_brief(
        multilingual_board(), path, BriefOptions(date=FIXED_DATE, marking=MULTILINGUAL_MARKING)
    )
    return path


def _poppler(*args: str) -> str:
    done = subprocess.run(list(args), capture_output=True, text=True, check=False, timeout=60)
    return done.stdout + done.stderr


def test_every_script_is_in_the_text_layer(multilingual_pdf: Path) -> None:
    text = _poppler("pdftotext", str(multilingual_pdf), "-")
    for expected in ("北京会议", "部队在黎明前越过边境", "机密", "Русский", "🔥", "👍", "😀"):
        assert expected in text, expected
    # Arabic as typed (basic letters), not only after compatibility normalisation.
    assert "روسية" in text and "الحدود" in text
    assert "हिन्दी" in text and "ภาษาไทยทดสอบ" in text


def test_every_font_is_embedded(multilingual_pdf: Path) -> None:
    rows = _poppler("pdffonts", str(multilingual_pdf)).splitlines()[2:]
    assert len(rows) >= 5  # body, bold and fallback fonts for CJK, Devanagari, Thai...
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", name
    assert not any("Helvetica" in row for row in rows)


def test_a_wrapped_hebrew_title_reads_in_order(multilingual_pdf: Path) -> None:
    lines = _poppler("pdftotext", str(multilingual_pdf), "-").splitlines()
    first = next(i for i, line in enumerate(lines) if "פתיחה" in line)
    last = next(i for i, line in enumerate(lines) if "סיום" in line)
    # The title wraps over several lines: its first word opens the first of them.
    assert first < last


def test_brackets_mirror_and_fields_stay_isolated() -> None:
    assert visual_line("שלום (abc) עולם") == "םלוע (abc) םולש"
    # An override from board text cannot reverse the display of Latin text.
    assert visual_line("abc \u202eabc def") == "abc abc def"
    # A Hebrew field followed by a number: the number stays after the field.
    assert visual_line("by \u2068שלום\u2069 12 times") == "by םולש 12 times"  # noqa: RUF001


def _certificate(tmp_path: Path, password: bytes) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Analyst")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"analyst", key, cert, None, serialization.BestAvailableEncryption(password)
    )
    path = tmp_path / "analyst.p12"
    path.write_bytes(data)
    return path


def _run(argv: list[str]) -> int:
    return run_registered(brief.register, argv)


@pytest.fixture
def board_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.evboard"
    board = multilingual_board()
    doc = create_board(path, board.info)
    doc.close()
    return path


def test_signed_brief_with_manifest_verifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p12 = _certificate(tmp_path, b"s3cret")
    out = tmp_path / "signed.pdf"
    board = multilingual_board()
    options = BriefOptions(date=FIXED_DATE, manifest=True, signing=SigningRequest(p12, b"s3cret"))
    write_brief(board, out, options)
    report = _poppler("pdfsig", str(out))
    assert "Signature is Valid" in report, report
    reader = PdfReader(str(out))
    manifest = json.loads(reader.attachments[MANIFEST_NAME][0])
    ids = {item["id"]: item for item in manifest["items"]}
    claim = next(c for c in board.cards.values() if c.title == HEBREW_TITLE)
    assert claim.id in ids and len(ids[claim.id]["sha256"]) == 64
    assert manifest["board_id"] == board.info.id
    assert "s3cret" not in repr(options)


def test_wrong_password_writes_nothing(tmp_path: Path) -> None:
    p12 = _certificate(tmp_path, b"right")
    out = tmp_path / "signed.pdf"
    with pytest.raises(BriefError, match="wrong password"):
        write_brief(multilingual_board(), out, BriefOptions(signing=SigningRequest(p12, b"wrong")))
    assert not out.exists()


def test_brief_command_signs_with_the_password_from_the_environment(
    tmp_path: Path, board_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p12 = _certificate(tmp_path, b"pw")
    out = tmp_path / "brief.pdf"
    monkeypatch.setenv(PASSWORD_VARIABLE, "pw")
    code = _run(["brief", str(board_file), "-o", str(out), "--sign", str(p12), "--manifest"])
    assert code == 0
    assert "Signature is Valid" in _poppler("pdfsig", str(out))
    assert MANIFEST_NAME in PdfReader(str(out)).attachments


def test_a_bracket_pair_goes_with_the_text_it_follows() -> None:
    # Rule N0: "(2025)" after a Hebrew phrase stays one unit inside the right-to-left run.
    assert visual_line("Статья: שלום עולם (2025) ok") == "Статья: (2025) םלוע םולש ok"


@pytest.fixture
def no_thai_font(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    fonts.prepare_reportlab()
    monkeypatch.setitem(fonts._loaded, "thai", None)
    fonts._run_cache.clear()
    yield
    fonts._run_cache.clear()


def test_a_script_without_a_font_is_reported(tmp_path: Path, no_thai_font: None) -> None:
    board = make_board(claim={"statement": "ภาษาไทย and 中文"})
    warnings = write_brief(board, tmp_path / "b.pdf", BriefOptions(date=FIXED_DATE))
    assert len(warnings) == 1 and "Thai" in warnings[0]


def test_missing_scripts_are_named() -> None:
    # Tibetan and Ethiopic have no fallback font in the brief's list.
    assert fonts.missing_scripts("བོད ሰላም") == ["Ethiopic", "Tibetan"]
    assert fonts.missing_scripts("中文 שלום Русский") == []


def test_bidi_controls_from_a_board_never_reach_the_page(tmp_path: Path) -> None:
    # An override would show "evil" as "live"; a flood of isolates is a line of zero
    # width, which the reordering would walk quadratically: both go before layout.
    assert printable("a\u2068b\u202ec\u2069\u200f") == "abc\u200f"
    statement = "שלום \u202elive\u202c " + "\u2068" * 500 + " עולם"
    board = make_board(claim={"title": "\u202eTrojan שלום", "statement": statement})
    path = tmp_path / "b.pdf"
    write_brief(board, path, BriefOptions(date=FIXED_DATE))
    # pypdf: pdftotext adds embeddings of its own around right-to-left text.
    text = pdf_text(path)
    assert "live" in text and "evil" not in text
    assert not any(c in text for c in "\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e")


def test_a_right_to_left_paragraph_of_any_style_is_right_aligned() -> None:
    styles = BriefStyles()
    twin = styles.rtl_variant(styles.cover_lead)
    assert twin.alignment == TA_RIGHT and twin.fontSize == styles.cover_lead.fontSize
    assert styles.rtl_variant(styles.cover_lead) is twin
