"""Sealing a written brief: the manifest of cited items and the PAdES signature.

A lawyer must be able to show that a brief was not altered after it left the analyst.
:func:`finish_pdf` takes the laid-out PDF and, as the options ask,

* attaches ``manifest.json``: every claim and cited source with the SHA-256 of its
  content (the card as canonical JSON) and of its attached file, when it has one, so a
  reader can check the brief against the board;
* signs it with the user's certificate (a PKCS#12 file) through pyHanko (MIT), as a
  PAdES baseline signature, which ``pdfsig`` and PDF readers verify. The signature is
  the last change, so it covers the attachment too.

The password lives only in the :class:`SigningRequest` handed in (kept out of its
repr) and is never written or logged. pyHanko loads only when a brief is signed.
"""

import dataclasses
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from evidenceboard.export.brief.options import BriefError
from evidenceboard.model.cards import Card

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "evidenceboard-brief-manifest"
#: Name of the signature field in the PDF.
SIGNATURE_FIELD = "EvidenceBoardSignature"
#: The environment variable the command line reads the certificate's password from.
PASSWORD_VARIABLE = "EVIDENCEBOARD_SIGN_PASSWORD"


@dataclass(frozen=True, slots=True)
class SigningRequest:
    """Sign with the certificate and key in ``p12`` (PKCS#12), unlocked by ``password``."""

    p12: Path
    password: bytes = field(repr=False, default=b"")
    reason: str = "Evidence brief issued unaltered"


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, frozenset | set) else items
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def card_digest(card: Card) -> str:
    """SHA-256 of a card's kind, title and content as canonical JSON (geometry left out)."""
    content = _plain(dataclasses.asdict(card.content))
    document = {"id": card.id, "kind": card.kind.value, "title": card.title, "content": content}
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def manifest(board_id: str, cards: Iterable[Card]) -> bytes:
    """The manifest of the cited items, as UTF-8 JSON."""
    items = []
    for card in cards:
        item: dict[str, str] = {
            "id": card.id,
            "kind": card.kind.value,
            "title": card.title,
            "sha256": card_digest(card),
        }
        attachment = getattr(card.content, "attachment", None)
        if isinstance(attachment, str):
            item["attachment_sha256"] = attachment
        items.append(item)
    document = {
        "format": MANIFEST_FORMAT,
        "version": 1,
        "board_id": board_id,
        "digest": "sha256 of the card as canonical JSON (sorted keys, no spaces, UTF-8)",
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def attach_manifest(pdf: bytes, data: bytes) -> bytes:
    """``pdf`` with ``data`` attached as :data:`MANIFEST_NAME`."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_attachment(MANIFEST_NAME, data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sign(pdf: bytes, request: SigningRequest) -> bytes:
    """``pdf`` signed with the certificate of ``request`` (PAdES, an incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    try:
        data = request.p12.read_bytes()
    except OSError as exc:
        raise BriefError(f"Could not read the certificate {request.p12.name}.") from exc
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=(), passphrase=request.password or None
        )
    except (ValueError, TypeError) as exc:
        raise BriefError(
            f"Could not open the certificate {request.p12.name}: "
            "wrong password or not a PKCS#12 file."
        ) from exc
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=request.reason,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = signers.sign_pdf(writer, meta, signer=signer)
    return bytes(out.getbuffer())


def finish_pdf(
    pdf: bytes,
    *,
    board_id: str,
    cited: Iterable[Card],
    with_manifest: bool,
    signing: SigningRequest | None,
) -> bytes:
    """The brief with its manifest attached and its signature, as asked."""
    if with_manifest:
        pdf = attach_manifest(pdf, manifest(board_id, cited))
    if signing is not None:
        pdf = sign(pdf, signing)
    return pdf
