"""Outlook messages (``.msg``) written for the tests: a compound file (version 3, 512-byte
sectors) whose root holds a message's property streams, the small ones in the mini stream, as
Outlook writes them. Only what a message needs: streams at the root, no storages."""

from __future__ import annotations

import struct
from datetime import UTC, datetime

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FAT_SECTOR, NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def make_msg(
    subject: str | None = None,
    body: str | None = None,
    *,
    html: bytes | None = None,
    sender: str | None = None,
    sent: datetime | None = None,
    code_page: int | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """The bytes of an Outlook message with these properties (strings stored as UTF-16)."""
    streams: dict[str, bytes] = {}
    for tag, value in ((0x0037, subject), (0x1000, body), (0x0C1A, sender)):
        if value is not None:
            streams[f"__substg1.0_{tag:04X}001F"] = (value + "\x00").encode("utf-16-le")
    if html is not None:
        streams["__substg1.0_10130102"] = html
    fixed = b""
    if sent is not None:
        ticks = int((sent - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)
        fixed += struct.pack("<IIq", 0x00390040, 0, ticks)
    if code_page is not None:
        fixed += struct.pack("<IIII", 0x3FFD0003, 0, code_page, 0)
    streams["__properties_version1.0"] = bytes(32) + fixed
    streams.update(extra or {})
    return compound_file(streams)


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` (name → bytes, each under 4,096 bytes) at its root."""
    names = list(streams)
    if any(len(data) >= CUTOFF for data in streams.values()):
        raise ValueError("a stream of 4,096 bytes or more: not written here")
    # The mini stream: each stream in 64-byte mini sectors, one after the other.
    mini_stream, mini_fat, starts = b"", [], []
    for name in names:
        data = streams[name]
        count = max(1, -(-len(data) // MINI)) if data else 0
        starts.append(len(mini_fat) if count else END)
        first = len(mini_fat)
        mini_fat += [first + k + 1 for k in range(count - 1)] + ([END] if count else [])
        mini_stream += data.ljust(count * MINI, b"\x00")
    entries = [_entry("Root Entry", 5, child=1 if names else NONE)]
    for number, name in enumerate(names, start=1):
        right = number + 1 if number < len(names) else NONE
        entries.append(
            _entry(name, 2, right=right, start=starts[number - 1], size=len(streams[name]))
        )
    directory = b"".join(entries)
    directory = directory.ljust(-(-len(directory) // SECTOR) * SECTOR, b"\x00")
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat) if mini_fat else b""
    mini_fat_bytes = mini_fat_bytes.ljust(-(-len(mini_fat_bytes) // SECTOR) * SECTOR, b"\xff")
    mini_stream_bytes = mini_stream.ljust(-(-len(mini_stream) // SECTOR) * SECTOR, b"\x00")
    # Sectors: the FAT (one is enough here), the directory, the mini FAT, the mini stream.
    parts = [directory, mini_fat_bytes, mini_stream_bytes]
    fat: list[int] = [FAT_SECTOR]
    first_sectors = []
    for part in parts:
        count = len(part) // SECTOR
        first_sectors.append(len(fat) if count else END)
        fat += [len(fat) + k + 1 for k in range(count - 1)] + ([END] if count else [])
    if len(fat) > SECTOR // 4:
        raise ValueError("too many sectors for one FAT sector")
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(SECTOR, b"\xff")
    first_directory, first_mini_fat, first_mini_stream = first_sectors
    # The root entry's stream is the mini stream.
    root = bytearray(parts[0])
    struct.pack_into("<IQ", root, 116, first_mini_stream, len(mini_stream))
    parts[0] = bytes(root)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"),
        bytes(16),
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        bytes(6),
        0,  # directory sectors (0 in version 3)
        1,  # FAT sectors
        first_directory,
        0,  # transaction signature
        CUTOFF,
        first_mini_fat if mini_fat else END,
        len(mini_fat_bytes) // SECTOR,
        END,  # first DIFAT sector
        0,  # DIFAT sectors
    )
    header += struct.pack("<I", 0) + struct.pack("<108I", *([FREE] * 108))
    return header + fat_bytes + b"".join(parts)


def _entry(
    name: str, kind: int, *, right: int = NONE, child: int = NONE, start: int = END, size: int = 0
) -> bytes:
    """A 128-byte directory entry."""
    encoded = (name + "\x00").encode("utf-16-le")
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded),
        kind,
        1,  # black
        NONE,  # left sibling
        right,
        child,
        bytes(16),
        0,
        0,
        0,
        start,
        size,
    )
