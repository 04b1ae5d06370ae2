#!/usr/bin/env python3
"""Draws the package icon (build/icon.png, 128x128 RGBA) with the standard library alone.

The picture: two stacked database discs, the lower grey (the old shape) and the upper teal (the new one), joined by
an arrow pointing up: a cutover from one schema to the next. Rerun after changing it; the PNG is committed.
"""
import struct
import zlib
from pathlib import Path

SIZE = 128
BACKGROUND = (0x1F, 0x29, 0x37, 255)  # slate, so the icon reads on nuget.org's white and dark themes alike
OLD = (0x9C, 0xA3, 0xAF, 255)
NEW = (0x14, 0xB8, 0xA6, 255)
ARROW = (0xF9, 0xFA, 0xFB, 255)


def inside_rounded_square(x, y, radius=22):
    cx = min(max(x, radius), SIZE - 1 - radius)
    cy = min(max(y, radius), SIZE - 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def inside_disc(x, y, top, height, left=30, right=98):
    """A cylinder seen from the side: an ellipse on top of a rectangle on top of an ellipse."""
    cx, rx, ry = (left + right) / 2, (right - left) / 2, 7
    if not left <= x <= right:
        return False
    ellipse = lambda cy: ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1
    return ellipse(top) or ellipse(top + height) or top <= y <= top + height


def inside_arrow(x, y):
    shaft = 60 <= x <= 68 and 26 <= y <= 58
    head = 14 <= y <= 30 and abs(x - 64) <= (y - 14) * 0.9
    return shaft or head


def pixel(x, y):
    if not inside_rounded_square(x, y):
        return (0, 0, 0, 0)
    if inside_arrow(x, y):
        return ARROW
    if inside_disc(x, y, top=56, height=14):
        return NEW
    if inside_disc(x, y, top=84, height=14):
        return OLD
    return BACKGROUND


def png(width, height, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(channel for p in row for channel in p) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    rows = [[pixel(x, y) for x in range(SIZE)] for y in range(SIZE)]
    out = Path(__file__).with_name("icon.png")
    out.write_bytes(png(SIZE, SIZE, rows))
    print(f"{out} ({out.stat().st_size} bytes)")
