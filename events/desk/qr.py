"""QR codes for check-in, drawn on the server with `qrcode` (no script, no third party).

SVG for pages (crisp at any size, no request), PNG for emails (mail clients drop SVG) and for
the printable venue poster (Pillow, already installed for Wagtail's images).
"""

from __future__ import annotations

import io
import re

import qrcode
import qrcode.image.svg
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from PIL import Image, ImageDraw, ImageFont


def _code(data: str) -> qrcode.QRCode:
    # Medium error correction: still reads on a cracked phone screen or a creased poster.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_svg(data: str, *, label: str, size: int = 176) -> SafeString:
    """Inline SVG markup (paths only: no style attribute, so the strict CSP holds)."""
    image = _code(data).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    markup = image.to_string(encoding="unicode")
    markup = markup.replace(
        "<svg ",
        format_html('<svg role="img" aria-label="{}" class="qr-code" ', label),
        1,
    )
    # Pixels rather than qrcode's millimetres: large enough for a door scanner on any page,
    # with no stylesheet needed.
    markup = re.sub(
        r' width="[^"]*" height="[^"]*"', f' width="{size}" height="{size}"', markup, count=1
    )
    # Made by qrcode from escaped data; the label is escaped by format_html above.
    return mark_safe(markup)


def qr_png(data: str, *, box_size: int = 8) -> bytes:
    code = _code(data)
    code.box_size = box_size
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


def poster_png(*, url: str, lines: list[str], width: int = 1240, height: int = 1754) -> bytes:
    """A portrait A4-shaped poster (150 dpi): headline lines above a large QR code of `url`."""
    poster = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(poster)
    y = 90
    for index, line in enumerate(lines):
        size = 72 if index == 0 else 44
        font = ImageFont.load_default(size=size)
        for chunk in _wrap(draw, line, font, width - 160):
            box = draw.textbbox((0, 0), chunk, font=font)
            draw.text(((width - (box[2] - box[0])) / 2, y), chunk, fill="black", font=font)
            y += (box[3] - box[1]) + 24
        y += 16
    code = _code(url)
    code.box_size = 20
    image = code.make_image(fill_color="black", back_color="white").get_image().convert("RGB")
    side = min(width - 200, height - y - 120)
    image = image.resize((side, side), Image.Resampling.NEAREST)
    poster.paste(image, ((width - side) // 2, y + 20))
    buffer = io.BytesIO()
    poster.save(buffer, format="PNG")
    return buffer.getvalue()


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, max_width: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= max_width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines
