"""Module badge images, drawn in the course badge's design: SVG, and a PNG rasterised with Pillow.

Both are deterministic (the same module gives the same bytes), so a badge-class version's content
hash changes only when the module's number, title or course colour does.
"""

import io
import textwrap
from functools import lru_cache
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

SIZE = 400
FONT = "Arial, Helvetica, sans-serif"
OUTER = [(200.0, 8.0), (366.3, 104.0), (366.3, 296.0), (200.0, 392.0), (33.7, 296.0), (33.7, 104.0)]
INNER = [
    (200.0, 26.0),
    (350.7, 113.0),
    (350.7, 287.0),
    (200.0, 374.0),
    (49.3, 287.0),
    (49.3, 113.0),
]
TITLE_WIDTH = 22  # characters per line of the title
TITLE_LINES = 3


def darker(colour: str, factor: float = 0.65) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (red, green, blue)))


def title_lines(title: str) -> list[str]:
    lines = textwrap.wrap(title, TITLE_WIDTH)
    if len(lines) > TITLE_LINES:
        lines = lines[:TITLE_LINES]
        lines[-1] = lines[-1][: TITLE_WIDTH - 1].rstrip() + "…"
    return lines


def _points(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


def _text(y: int, size: int, fill: str, content: str, spacing: int = 0) -> str:
    return (
        f'<text x="200" y="{y}" text-anchor="middle" font-family="{FONT}" font-size="{size}" '
        f'font-weight="700" letter-spacing="{spacing}" fill="{fill}">{escape(content)}</text>'
    )


@lru_cache(maxsize=256)
def module_badge_svg(colour: str, number: int, title: str, badge_name: str) -> str:
    """The module badge as a self-contained SVG: the course colour, the number and the title."""
    outline = darker(colour)
    lines = title_lines(title)
    first_y = 190 - (len(lines) - 1) * 13
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400"'
        ' role="img" aria-labelledby="title desc">',
        f'<title id="title">{escape(badge_name)}</title>',
        f'<desc id="desc">A hexagon badge in the course colour for module {number}: '
        f"{escape(title)}.</desc>",
        f'<polygon points="{_points(OUTER)}" fill="{colour}" stroke="{outline}" '
        'stroke-width="4" stroke-linejoin="round"/>',
        f'<polygon points="{_points(INNER)}" fill="none" stroke="#fff" stroke-width="3" '
        'stroke-linejoin="round" opacity="0.85"/>',
        _text(95, 15, "#fff", "CO-OP LEARNING", spacing=2),
        *(_text(first_y + i * 26, 21, "#fff", line) for i, line in enumerate(lines)),
        f'<rect x="30" y="256" width="340" height="52" rx="3" fill="#fff" stroke="{outline}" '
        'stroke-width="2"/>',
        _text(292, 28, colour, f"MODULE {number}", spacing=1),
        _text(336, 12, "#fff", "MICRO-CREDENTIAL", spacing=1),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


@lru_cache(maxsize=256)
def module_badge_png(colour: str, number: int, title: str) -> bytes:
    """The same design as a 400 by 400 PNG, with Pillow's bundled font."""
    outline = darker(colour)
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon(OUTER, fill=colour, outline=outline, width=4)
    draw.polygon(INNER, outline="#ffffff", width=3)
    small = ImageFont.load_default(size=15)
    title_font = ImageFont.load_default(size=21)
    ribbon_font = ImageFont.load_default(size=28)
    draw.text((200, 90), "CO-OP LEARNING", font=small, fill="#ffffff", anchor="ms")
    lines = title_lines(title)
    first_y = 190 - (len(lines) - 1) * 13
    for index, line in enumerate(lines):
        draw.text((200, first_y + index * 26), line, font=title_font, fill="#ffffff", anchor="ms")
    draw.rectangle((30, 256, 370, 308), fill="#ffffff", outline=outline, width=2)
    draw.text((200, 292), f"MODULE {number}", font=ribbon_font, fill=colour, anchor="ms")
    draw.text(
        (200, 336),
        "MICRO-CREDENTIAL",
        font=ImageFont.load_default(size=12),
        fill="#ffffff",
        anchor="ms",
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
