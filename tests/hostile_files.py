"""Generators for hostile import files, made on the fly instead of kept as big fixtures.

Each returns the file's bytes. The defaults are the sizes that stalled or swelled an
import before the readers capped their input while reading: a canvas whose 1,500
labelled groups all cover the same 1,500 cards, an MHTML archive of 300,000 tiny parts
or nested 5,000 multiparts deep, a GraphML file of 300,000 nodes, and a GraphML file of
our own format whose tag list is JSON nested 100,000 deep. The reliability tests and
``benchmarks/hostile_imports.py`` both use them.
"""

import json
from typing import Any

_PAGE = (
    b"<html><head><title>Saved page</title></head>"
    b"<body><p>The harbour master signed the log at noon.</p></body></html>"
)


def canvas_nested_groups(groups: int = 1_500, cards: int = 1_500, *, labels: bool = True) -> bytes:
    """Cards on a 60-unit grid under ``groups`` nested groups that each cover all of them."""
    columns = 40
    nodes: list[dict[str, Any]] = [
        {
            "id": f"c{i}",
            "type": "text",
            "text": f"card {i}",
            "x": (i % columns) * 100,
            "y": (i // columns) * 100,
            "width": 60,
            "height": 60,
        }
        for i in range(cards)
    ]
    extent = 100 * max(columns, -(-cards // columns))
    for i in range(groups):
        # Each group a little larger than the one before, all within the size limit.
        margin = (i % 400) + 1
        nodes.append(
            {
                "id": f"g{i}",
                "type": "group",
                "label": f"group {i}" if labels else "group",
                "x": -margin,
                "y": -margin,
                "width": extent + 2 * margin,
                "height": extent + 2 * margin,
            }
        )
    return json.dumps({"nodes": nodes, "edges": []}, separators=(",", ":")).encode()


def canvas_local_groups(groups: int = 1_500, cards: int = 1_500) -> bytes:
    """``groups`` overlapping groups, each around a few neighbouring cards of a long row."""
    nodes: list[dict[str, Any]] = [
        {"id": f"c{i}", "type": "text", "text": f"card {i}", "x": i * 100, "y": 0}
        | {"width": 60, "height": 60}
        for i in range(cards)
    ]
    for i in range(groups):
        nodes.append(
            {"id": f"g{i}", "type": "group", "label": f"near {i}", "x": i * 100 - 150, "y": -10}
            | {"width": 380, "height": 80}
        )
    return json.dumps({"nodes": nodes, "edges": []}, separators=(",", ":")).encode()


def _mhtml_head(boundary: str, kind: str = "related") -> bytes:
    return (
        "From: <Saved by Blink>\r\n"
        "Snapshot-Content-Location: https://example.org/story\r\n"
        "Subject: Saved page\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/{kind}; type="text/html"; boundary="{boundary}"\r\n\r\n'
    ).encode("ascii")


def _html_part(boundary: str) -> bytes:
    return (
        (
            f"--{boundary}\r\nContent-Type: text/html\r\n"
            "Content-Location: https://example.org/story\r\n\r\n"
        ).encode("ascii")
        + _PAGE
        + b"\r\n"
    )


def mhtml_many_parts(parts: int = 300_000) -> bytes:
    """A page archive with the page first, then ``parts`` one-byte parts (about 11 MB)."""
    boundary = "----MultipartBoundary--many"
    tiny = f"--{boundary}\r\n\r\nx\r\n".encode("ascii")
    return b"".join(
        (_mhtml_head(boundary), _html_part(boundary), tiny * parts, f"--{boundary}--\r\n".encode())
    )


def mhtml_nested(depth: int = 5_000) -> bytes:
    """A page archive whose page sits inside ``depth`` multiparts, each inside the last."""
    chunks = [_mhtml_head("b0")]
    for level in range(1, depth):
        head = f'Content-Type: multipart/related; boundary="b{level}"\r\n\r\n'
        chunks.append(f"--b{level - 1}\r\n{head}".encode())
    chunks.append(_html_part(f"b{depth - 1}"))
    chunks.extend(f"--b{level}--\r\n".encode() for level in reversed(range(depth)))
    return b"".join(chunks)


def graphml_many_nodes(nodes: int = 300_000, edges: int = 0) -> bytes:
    """A foreign GraphML file of ``nodes`` bare nodes (about 20 bytes each) and ``edges``."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
        b'<graph id="G" edgedefault="directed">\n'
    )
    body = b"".join(b'<node id="n%d"/>\n' % i for i in range(nodes))
    links = b"".join(
        b'<edge source="n%d" target="n%d"/>\n' % (i % nodes, (i * 7 + 1) % nodes)
        for i in range(edges)
    )
    return head + body + links + b"</graph>\n</graphml>\n"


def graphml_deep_json(depth: int = 100_000) -> bytes:
    """A GraphML file in our own format whose one card's tags are JSON ``depth`` deep."""
    tags = "[" * depth + "]" * depth
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
        '<key id="d0" for="graph" attr.name="format" attr.type="string"/>\n'
        '<key id="d1" for="node" attr.name="tags" attr.type="string"/>\n'
        '<key id="d2" for="node" attr.name="kind" attr.type="string"/>\n'
        '<graph edgedefault="directed"><data key="d0">evidenceboard-graphml-1</data>\n'
        f'<node id="a"><data key="d2">note</data><data key="d1">{tags}</data></node>\n'
        "</graph></graphml>\n"
    ).encode("ascii")
