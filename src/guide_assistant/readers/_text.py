"""Bytes → text, for the readers of text formats."""

from __future__ import annotations


def decode(data: bytes) -> str:
    if b"\x00" in data:
        raise ValueError("looks like a binary file, not text; skipped")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"is not UTF-8 text (byte {exc.start}); save it as UTF-8 and "
                         "ingest again; skipped") from None
