"""Baked images: round trips, compatibility with openbadges_bakery, and hostile files refused."""

import contextlib
import io
import random
import struct
import zlib

import openbadges_bakery
import pytest
from PIL import Image

from app.badges.baking import (
    MAX_ASSERTION_BYTES,
    BakedImageInvalid,
    ImageFailure,
    bake_png,
    bake_svg,
    unbake,
)
from app.badges.signing import sign_jws

URL = "http://coop.test/assertions/2f5c3e1a.json"
SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="64" height="64" viewBox="0 0 64 64">
  <title>Co-operative values</title>
  <circle cx="32" cy="32" r="30" fill="#2a6f4e"/>
  <a xlink:href="https://coop.test/"><text x="32" y="36">CCIN</text></a>
</svg>
"""


@pytest.fixture
def png() -> bytes:
    image = io.BytesIO()
    Image.new("RGBA", (16, 16), (42, 111, 78, 255)).save(image, "PNG")
    return image.getvalue()


@pytest.fixture
def jws(signing_key, private_key) -> str:
    return sign_jws({"id": "urn:uuid:1", "type": "Assertion"}, private_key, signing_key.kid)


def chunk(chunk_type: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + chunk_type
        + body
        + struct.pack(">I", zlib.crc32(chunk_type + body))
    )


def with_chunk(png: bytes, extra: bytes) -> bytes:
    """Insert `extra` right after the IHDR chunk (8-byte signature + 25-byte IHDR)."""
    return png[:33] + extra + png[33:]


def refused(data: bytes) -> BakedImageInvalid:
    with pytest.raises(BakedImageInvalid) as error:
        unbake(data)
    return error.value


@pytest.mark.parametrize("payload", ["jws", "url"])
def test_a_png_round_trips_and_openbadges_bakery_reads_it(png, jws, payload):
    text = jws if payload == "jws" else URL
    baked = bake_png(png, text)
    assert unbake(baked) == text
    assert openbadges_bakery.unbake(io.BytesIO(baked)) == text
    # Still a picture.
    assert Image.open(io.BytesIO(baked)).size == (16, 16)


def test_rebaking_a_png_replaces_its_assertion(png, jws):
    assert unbake(bake_png(bake_png(png, URL), jws)) == jws


def test_a_png_baked_by_openbadges_bakery_unbakes(png):
    baked = openbadges_bakery.bake(io.BytesIO(png), URL, io.BytesIO()).getvalue()
    assert unbake(baked) == URL


@pytest.mark.parametrize(
    "text_chunk",
    [
        chunk(b"tEXt", b"openbadges\0" + URL.encode()),
        chunk(b"zTXt", b"openbadges\0\0" + zlib.compress(URL.encode())),
        chunk(b"iTXt", b"openbadges\0\1\0en\0\0" + zlib.compress(URL.encode())),
    ],
    ids=["tEXt", "zTXt", "compressed iTXt"],
)
def test_other_text_chunk_forms_unbake(png, text_chunk):
    assert unbake(with_chunk(png, text_chunk)) == URL


def test_a_signed_svg_puts_the_jws_in_the_verify_attribute(jws):
    baked = bake_svg(SVG, jws)
    assert f'<openbadges:assertion verify="{jws}"/>' in baked
    assert 'xmlns:openbadges="http://openbadges.org"' in baked
    assert "<title>Co-operative values</title>" in baked
    assert unbake(baked.encode()) == jws
    assert openbadges_bakery.unbake(io.BytesIO(baked.encode())) == jws


def test_a_hosted_svg_puts_the_url_in_the_verify_attribute_and_rebaking_replaces_it(jws):
    baked = bake_svg(bake_svg(SVG, jws), URL)
    assert baked.count("<openbadges:assertion") == 1
    assert f'<openbadges:assertion verify="{URL}"/>' in baked
    assert unbake(baked.encode()) == URL


def test_an_svg_with_the_assertion_as_character_data_unbakes():
    svg = SVG.replace(
        "<title>",
        '<openbadges:assertion xmlns:openbadges="http://openbadges.org">'
        f"<![CDATA[{URL}]]></openbadges:assertion><title>",
    )
    assert unbake(svg.encode()) == URL


@pytest.mark.parametrize("payload", ["", "not an assertion", "javascript:alert(1)", "a.b"])
def test_only_a_jws_or_a_url_is_baked(png, payload):
    with pytest.raises(ValueError, match="compact JWS or an http"):
        bake_png(png, payload)
    with pytest.raises(ValueError, match="compact JWS or an http"):
        bake_svg(SVG, payload)


def test_an_image_without_a_badge_is_refused(png):
    assert refused(png).reason is ImageFailure.NO_ASSERTION
    assert refused(SVG.encode()).reason is ImageFailure.NO_ASSERTION
    other_text = with_chunk(png, chunk(b"tEXt", b"Comment\0openbadges"))
    assert refused(other_text).reason is ImageFailure.NO_ASSERTION


def test_two_different_assertions_are_refused(png):
    two = with_chunk(bake_png(png, URL), chunk(b"tEXt", b"openbadges\0http://evil.test/a"))
    error = refused(two)
    assert error.reason is ImageFailure.SEVERAL_ASSERTIONS
    assert "more than one" in str(error)


def test_a_truncated_png_is_refused(png):
    baked = bake_png(png, URL)
    for length in (8, 20, 40, len(baked) // 2, len(baked) - 1):
        assert refused(baked[:length]).reason is ImageFailure.CORRUPT, length
    assert "truncated" in refused(baked[:-1]).detail


def test_a_bad_crc_is_refused(png):
    baked = bytearray(bake_png(png, URL))
    position = baked.index(b"openbadges") + 3
    baked[position] ^= 0x20
    error = refused(bytes(baked))
    assert error.reason is ImageFailure.CORRUPT
    assert error.detail == "the PNG's iTXt chunk has a bad CRC"


@pytest.mark.parametrize("chunk_type", [b"zTXt", b"iTXt"])
def test_a_decompression_bomb_is_refused_without_inflating_it(png, chunk_type):
    bomb = zlib.compress(bytes(50 * 1024 * 1024), 9)
    header = b"openbadges\0\0" if chunk_type == b"zTXt" else b"openbadges\0\1\0\0\0"
    error = refused(with_chunk(png, chunk(chunk_type, header + bomb)))
    assert error.reason is ImageFailure.TOO_LARGE
    assert str(MAX_ASSERTION_BYTES) in error.detail


@pytest.mark.parametrize(
    "body",
    [
        b"openbadges\0\0not zlib at all",
        b"openbadges\0\0" + zlib.compress(URL.encode())[:-6],
        b"openbadges\0\x07" + zlib.compress(URL.encode()),
    ],
    ids=["not zlib", "truncated stream", "unknown method"],
)
def test_broken_compressed_text_is_refused(png, body):
    assert refused(with_chunk(png, chunk(b"zTXt", body))).reason is ImageFailure.CORRUPT


def test_itxt_that_is_not_utf8_or_lacks_its_fields_is_refused(png):
    for body in (b"openbadges\0\0\0\0\0\xff\xfe", b"openbadges\0\0\0no separators"):
        assert refused(with_chunk(png, chunk(b"iTXt", body))).reason is ImageFailure.CORRUPT


def test_an_svg_with_a_doctype_and_external_entity_is_refused():
    svg = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg"><openbadges:assertion'
        ' xmlns:openbadges="http://openbadges.org">&xxe;</openbadges:assertion></svg>'
    )
    error = refused(svg.encode())
    assert error.reason is ImageFailure.UNSAFE
    assert "DOCTYPE" in error.detail


def test_an_svg_with_entity_expansion_is_refused():
    laughs = '<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    svg = f'<!DOCTYPE svg [{laughs}]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>'
    assert refused(svg.encode()).reason is ImageFailure.UNSAFE


@pytest.mark.parametrize(
    "unsafe",
    [
        "<script>alert(1)</script>",
        '<script xlink:href="https://evil.test/x.js"/>',
        '<g onload="alert(1)"/>',
        '<a xlink:href=" java\tscript:alert(1)"><text>x</text></a>',
    ],
)
def test_an_svg_with_script_is_refused(unsafe, jws):
    baked_elsewhere = bake_svg(SVG, jws).replace("<title>", f"{unsafe}<title>")
    error = refused(baked_elsewhere.encode())
    assert error.reason is ImageFailure.UNSAFE
    assert "script" in error.detail


def test_baking_an_svg_with_script_is_refused_too(jws):
    with pytest.raises(BakedImageInvalid):
        bake_svg(SVG.replace("<title>", "<script>alert(1)</script><title>"), jws)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", ImageFailure.NOT_AN_IMAGE),
        (b"GIF89a\x01\x00\x01\x00", ImageFailure.NOT_AN_IMAGE),
        (b"%PDF-1.7", ImageFailure.NOT_AN_IMAGE),
        (b"<html><body>hi</body></html>", ImageFailure.NOT_AN_IMAGE),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>", ImageFailure.CORRUPT),
        (b"<svg><undeclared:x/></svg>", ImageFailure.CORRUPT),
        (b"<" + bytes(range(256)), ImageFailure.CORRUPT),
    ],
)
def test_files_that_are_not_badge_images_are_refused(data, reason):
    assert refused(data).reason is reason


def test_a_deeply_nested_svg_is_read_without_recursion():
    depth = 200_000
    svg = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * depth + b"</g>" * depth + b"</svg>"
    assert refused(svg).reason is ImageFailure.NO_ASSERTION


def test_random_bytes_only_ever_give_baked_image_invalid(png):
    rng = random.Random(2026)
    noise = [rng.randbytes(size) for size in (1, 7, 64, 4096)]
    noise.append(b"\x89PNG\r\n\x1a\n" + rng.randbytes(100))
    # Damaged real images reach deeper into the parsers than noise does.
    damaged = []
    for image in (bake_png(png, URL), bake_svg(SVG, URL).encode()):
        for _ in range(300):
            data = bytearray(image)
            data[rng.randrange(len(data))] = rng.randrange(256)
            damaged.append(bytes(data[: rng.randint(1, len(data))]))
    for data in noise:
        assert refused(data).reason in {ImageFailure.NOT_AN_IMAGE, ImageFailure.CORRUPT}
    for data in damaged:
        # Some damage (to an SVG's title, say) leaves a readable badge; none may raise otherwise.
        with contextlib.suppress(BakedImageInvalid):
            unbake(data)
