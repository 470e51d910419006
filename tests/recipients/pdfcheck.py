"""Reading what matters out of a generated PDF's bytes, with no PDF library.

WeasyPrint compresses its streams (content and object streams) with Flate:
inflate them all and search the result together with the raw bytes.
"""

from __future__ import annotations

import re
import zlib

STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


def inflated(pdf: bytes) -> bytes:
    """The PDF's raw bytes followed by every stream it holds, inflated."""
    parts = [pdf]
    for raw in STREAM.findall(pdf):
        try:
            parts.append(zlib.decompress(raw))
        except zlib.error:
            parts.append(raw)
    return b"\n".join(parts)


def document_language(pdf: bytes) -> str | None:
    match = re.search(rb"/Lang\s*\(([^)]*)\)", inflated(pdf))
    return match.group(1).decode() if match else None


def structure_types(pdf: bytes) -> set[str]:
    """The tags of the structure tree (/P, /H1, /Table, /Caption...)."""
    return {name.decode() for name in re.findall(rb"/S\s*/(\w+)", inflated(pdf))}


def font_sizes_pt(pdf: bytes) -> list[float]:
    """The size in points of every run of text drawn.

    WeasyPrint draws in CSS pixels under one `a 0 0 d 0 0 cm` scale (0.75 for
    px -> pt) and sets each run with `/Font size Tf` in an unscaled text matrix.
    """
    sizes = []
    for raw in STREAM.findall(pdf):
        try:
            content = zlib.decompress(raw)
        except zlib.error:
            continue
        if b" Tf" not in content:
            continue
        scale = re.search(rb"\n([\d.]+) 0 0 ([\d.]+) 0 0 cm", content)
        factor = float(scale.group(1)) if scale else 1.0
        sizes += [float(size) * factor for size in re.findall(rb"/\w+ ([\d.]+) Tf", content)]
    return sizes
