"""Baking: an assertion (its JWS or URL) embedded in a badge's PNG or SVG image, and read back."""

import io
import re
import struct
import zlib
from enum import StrEnum
from urllib.parse import urlsplit
from xml.sax import SAXException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import AttributesNSImpl

from defusedxml import DefusedXmlException, expatreader
from defusedxml.minidom import parseString
from openbadges_bakery import png_bakery

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORD = b"openbadges"
PNG_TEXT_CHUNKS = {b"tEXt", b"zTXt", b"iTXt"}
OPENBADGES_NAMESPACE = "http://openbadges.org"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# An assertion is a JWS or a URL of a few kilobytes: refuse to inflate compressed text past this.
MAX_ASSERTION_BYTES = 256 * 1024
JWS_PATTERN = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


class ImageFailure(StrEnum):
    NOT_AN_IMAGE = "not_an_image"
    CORRUPT = "corrupt"
    NO_ASSERTION = "no_assertion"
    SEVERAL_ASSERTIONS = "several_assertions"
    TOO_LARGE = "too_large"
    UNSAFE = "unsafe"


class BakedImageInvalid(Exception):
    """An image with no assertion we can read; `reason` says why, `detail` says it for people."""

    def __init__(self, reason: ImageFailure, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def bake_png(png_bytes: bytes, payload: str) -> bytes:
    """Embed `payload` (a JWS or an assertion URL) in an iTXt chunk, replacing any earlier one."""
    _check_payload(payload)
    # Walked first, so that a broken image fails here with a clear reason, not inside the bakery.
    _png_assertion_chunks(png_bytes)
    baked = png_bakery.bake(io.BytesIO(png_bytes), payload, io.BytesIO())
    return baked.getvalue()


def bake_svg(svg_text: str, payload: str) -> str:
    """Embed `payload` (a JWS or an assertion URL) as `<openbadges:assertion verify="...">`."""
    _check_payload(payload)
    # The same checks as unbake (no DOCTYPE, no script) before the image is parsed into a tree.
    _scan_svg(svg_text.encode("utf-8"))
    document = parseString(svg_text, forbid_dtd=True)
    for old in document.getElementsByTagNameNS(OPENBADGES_NAMESPACE, "assertion"):
        old.parentNode.removeChild(old)
    svg = document.documentElement
    svg.setAttribute("xmlns:openbadges", OPENBADGES_NAMESPACE)
    assertion = document.createElementNS(OPENBADGES_NAMESPACE, "openbadges:assertion")
    # The Open Badges 2.0 baking spec: the JWS of a signed badge, or a hosted badge's URL.
    assertion.setAttribute("verify", payload)
    svg.insertBefore(assertion, svg.firstChild)
    return document.toxml()


def unbake(data: bytes) -> str:
    """Return the assertion baked into a PNG or SVG image: a JWS, a URL or assertion JSON."""
    if data.startswith(PNG_SIGNATURE):
        texts = [_png_text(chunk_type, body) for chunk_type, body in _png_assertion_chunks(data)]
    elif data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
        texts = _scan_svg(data)
    else:
        raise BakedImageInvalid(ImageFailure.NOT_AN_IMAGE, "the file is not a PNG or SVG image")
    texts = [text.strip() for text in texts if text.strip()]
    if not texts:
        raise BakedImageInvalid(ImageFailure.NO_ASSERTION, "the image holds no Open Badges data")
    if len(texts) > 1:
        raise BakedImageInvalid(
            ImageFailure.SEVERAL_ASSERTIONS, "the image holds more than one Open Badges assertion"
        )
    return texts[0]


def _check_payload(payload: str) -> None:
    url = urlsplit(payload)
    if not (JWS_PATTERN.fullmatch(payload) or (url.scheme in {"http", "https"} and url.netloc)):
        raise ValueError("a baked assertion must be a compact JWS or an http(s) URL")


def _png_assertion_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """Walk every chunk, checking lengths and CRCs; return the Open Badges text chunks."""
    if not data.startswith(PNG_SIGNATURE):
        raise BakedImageInvalid(ImageFailure.NOT_AN_IMAGE, "the file is not a PNG image")
    found = []
    position = len(PNG_SIGNATURE)
    while True:
        if position + 12 > len(data):
            raise BakedImageInvalid(ImageFailure.CORRUPT, "the PNG is truncated")
        length, chunk_type = struct.unpack_from(">I4s", data, position)
        body_end = position + 8 + length
        if body_end + 4 > len(data):
            raise BakedImageInvalid(ImageFailure.CORRUPT, "the PNG is truncated")
        if not chunk_type.isalpha():
            raise BakedImageInvalid(ImageFailure.CORRUPT, "the PNG has a chunk with a bad type")
        if position == len(PNG_SIGNATURE) and chunk_type != b"IHDR":
            raise BakedImageInvalid(ImageFailure.CORRUPT, "the PNG does not start with IHDR")
        body = data[position + 8 : body_end]
        (crc,) = struct.unpack_from(">I", data, body_end)
        if zlib.crc32(chunk_type + body) != crc:
            name = chunk_type.decode("ascii")
            raise BakedImageInvalid(ImageFailure.CORRUPT, f"the PNG's {name} chunk has a bad CRC")
        if chunk_type == b"IEND":
            return found
        keyword, separator, text = body.partition(b"\0")
        if chunk_type in PNG_TEXT_CHUNKS and separator and keyword == PNG_KEYWORD:
            found.append((chunk_type, text))
        position = body_end + 4


def _png_text(chunk_type: bytes, body: bytes) -> str:
    """Decode a text chunk's contents after its keyword (PNG spec, section 11.3.4)."""
    if chunk_type == b"tEXt":
        return body.decode("latin-1")
    if chunk_type == b"zTXt":
        return _inflate(body[1:], method=body[:1]).decode("latin-1")
    # iTXt: compression flag, compression method, language tag, translated keyword, text.
    flag, method = body[:1], body[1:2]
    _language, _, rest = body[2:].partition(b"\0")
    _translated, separator, text = rest.partition(b"\0")
    if not separator:
        raise BakedImageInvalid(ImageFailure.CORRUPT, "the PNG's iTXt chunk is malformed")
    if flag == b"\x01":
        text = _inflate(text, method=method)
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        raise BakedImageInvalid(ImageFailure.CORRUPT, "the PNG's iTXt text is not UTF-8") from None


def _inflate(compressed: bytes, method: bytes) -> bytes:
    """Inflate at most MAX_ASSERTION_BYTES: a few kilobytes of zeros can inflate to gigabytes."""
    if method != b"\x00":
        raise BakedImageInvalid(ImageFailure.CORRUPT, "the PNG's text uses unknown compression")
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(compressed, MAX_ASSERTION_BYTES + 1)
    except zlib.error:
        raise BakedImageInvalid(
            ImageFailure.CORRUPT, "the PNG's compressed text is corrupt"
        ) from None
    if len(text) > MAX_ASSERTION_BYTES or inflater.unconsumed_tail:
        raise BakedImageInvalid(
            ImageFailure.TOO_LARGE,
            f"the PNG's compressed text inflates to more than {MAX_ASSERTION_BYTES} bytes",
        )
    if not inflater.eof:
        raise BakedImageInvalid(ImageFailure.CORRUPT, "the PNG's compressed text is truncated")
    return text


class _SvgScanner(ContentHandler):
    """Streams through an SVG (no tree in memory), refusing scripts and collecting assertions."""

    def __init__(self) -> None:
        super().__init__()
        self.root: tuple[str | None, str] | None = None
        self.assertions: list[str] = []
        self._verify: str | None = None
        self._text: list[str] | None = None

    def startElementNS(
        self, name: tuple[str | None, str], qname: str | None, attrs: AttributesNSImpl
    ) -> None:
        if self.root is None:
            self.root = name
        attributes = dict(attrs.items())
        if name[1] == "script" or any(local.lower().startswith("on") for _, local in attributes):
            raise BakedImageInvalid(ImageFailure.UNSAFE, "the SVG contains a script")
        if any(_is_javascript_url(value) for value in attributes.values()):
            raise BakedImageInvalid(ImageFailure.UNSAFE, "the SVG contains a javascript: URL")
        if name == (OPENBADGES_NAMESPACE, "assertion"):
            self._verify = attributes.get((None, "verify"))
            self._text = []

    def characters(self, content: str) -> None:
        if self._text is not None:
            self._text.append(content)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        if name == (OPENBADGES_NAMESPACE, "assertion") and self._text is not None:
            # As openbadges_bakery reads it: the verify attribute first, else the contents.
            self.assertions.append(self._verify or "".join(self._text))
            self._verify, self._text = None, None


def _scan_svg(data: bytes) -> list[str]:
    """Check that `data` is a safe SVG document; return its assertions' texts."""
    scanner = _SvgScanner()
    parser = expatreader.create_parser()
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(scanner)
    # Any DOCTYPE is refused: it is where entity expansion and external references live.
    parser.forbid_dtd = True
    try:
        parser.parse(io.BytesIO(data))
    except DefusedXmlException as error:
        raise BakedImageInvalid(
            ImageFailure.UNSAFE, f"the SVG has a DOCTYPE or entities ({type(error).__name__})"
        ) from None
    except SAXException as error:
        raise BakedImageInvalid(
            ImageFailure.CORRUPT, f"the SVG is not well-formed XML ({error})"
        ) from None
    except (LookupError, ValueError):
        # expat's answer to an unknown or multi-byte encoding named in the XML declaration.
        raise BakedImageInvalid(
            ImageFailure.CORRUPT, "the SVG declares a character encoding that cannot be read"
        ) from None
    if scanner.root not in {(SVG_NAMESPACE, "svg"), (None, "svg")}:
        raise BakedImageInvalid(ImageFailure.NOT_AN_IMAGE, "the file is XML but not an SVG image")
    return scanner.assertions


def _is_javascript_url(value: str) -> bool:
    return re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:")
