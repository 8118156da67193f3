"""A user's file as text for the chat: read it, render it into a message, cut it to fit.

:func:`read_attachment` turns a file into an :class:`Attachment` (text, code, Markdown, CSV,
HTML, or a PDF's text layer) or raises :class:`AttachmentError` with one sentence for the user.
:func:`render` is the message content the model is sent: each file in a ``<file name="…">``
block, then the user's words. :func:`cut_to` keeps the first part of a file that does not fit.

PDF text comes from pdfium (pypdfium2), the engine Chrome uses. Orchard reads no images of
pages (no OCR): a scanned PDF is refused in plain words rather than attached as nothing.

An image (:func:`read_image`, :func:`image_from_bytes`) is an attachment too, of kind
``"image"``: its pixels, decoded by Pillow, scaled down to at most :data:`MAX_IMAGE_SIDE` and
encoded again (PNG or JPEG), are kept in ``data``; only a vision model is sent it.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import re
import stat
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from inference.errors import OrchardError

#: 1 MB as Finder counts it (decimal), so a size we print matches the one the user sees.
MB = 1_000_000
#: The largest text or code file Orchard reads, and the most text it keeps from a PDF.
MAX_BYTES = 20 * MB
#: The largest PDF Orchard opens (pdfium reads it from disk page by page).
MAX_PDF_BYTES = 200 * MB

#: The line a cut file ends with in :func:`render`.
CUT_NOTE = "[\u2026 the rest of this file was cut: it did not fit the model's context]"

KINDS = ("text", "code", "markdown", "csv", "html", "pdf", "image")

#: The largest image file Orchard opens.
MAX_IMAGE_BYTES = 50 * MB
#: An image is kept (and sent) at most this many pixels on its long side: above what any
#: vision model's processor takes (Qwen2.5-VL's default tops out near 1,800 pixels a side,
#: Gemma 3 and SmolVLM read far less), so nothing the model could see is lost, and a
#: conversation does not keep a 50 MB photo.
MAX_IMAGE_SIDE = 2048
#: The most pixels Orchard decodes at once (about 200 MB of RGB). A larger JPEG is decoded
#: at 1/2 to 1/8 of its size instead (libjpeg scales while decoding); a larger PNG or other
#: format has no such shortcut and is refused.
MAX_DECODE_PIXELS = 64_000_000
#: Extensions Orchard takes as images (what Pillow reads here; HEIC is read by the window
#: through Qt where the system has the codec).
IMAGE_EXTENSIONS = ("png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "heic", "heif")

_TEXT = ("txt", "log", "rst")
_MARKDOWN = ("md", "markdown")
_CSV = ("csv", "tsv")
_HTML = ("html", "htm")
_CODE = (
    "json", "yaml", "yml", "toml", "ini", "cfg", "xml",
    "py", "js", "ts", "tsx", "jsx", "java", "c", "h", "cpp", "hpp", "cc", "rs", "go", "rb",
    "php", "swift", "kt", "m", "mm", "cs", "sh", "bash", "zsh", "sql", "r", "lua", "pl",
    "scala", "dart", "css", "scss", "vue", "svelte",
)
#: kind by lower-case extension (without the dot)
EXTENSIONS: dict[str, str] = {
    **dict.fromkeys(_TEXT, "text"), **dict.fromkeys(_MARKDOWN, "markdown"),
    **dict.fromkeys(_CSV, "csv"), **dict.fromkeys(_HTML, "html"),
    **dict.fromkeys(_CODE, "code"), "pdf": "pdf",
}
#: kind by whole file name, for files that have no extension by convention
NAMES: dict[str, str] = {
    **dict.fromkeys(("makefile", "gnumakefile", "dockerfile", "containerfile", "jenkinsfile",
                     "vagrantfile", "gemfile", "rakefile", "procfile"), "code"),
    **dict.fromkeys(("readme", "license", "licence", "copying", "changelog", "authors",
                     "notice", "todo"), "text"),
}

# How much of a file of unknown type is looked at for NUL bytes before reading all of it.
_SNIFF_BYTES = 8192
# pdfium is not thread-safe (pypdfium2's docs: never call it from two threads at once), and
# files are read off the GUI thread, possibly several at a time: one lock for every call.
_PDFIUM_LOCK = threading.Lock()


class AttachmentError(OrchardError):
    """A file Orchard cannot attach; the message is one sentence naming the file."""


@dataclass(frozen=True)
class Attachment:
    """A file as the model reads it.

    ``name``: the file's base name. ``kind``: one of :data:`KINDS`. ``text``: what the model
    reads, newlines as ``\\n``; for a PDF, each page's text after a line ``--- page N ---``
    (N from 1, every page, an empty page keeping its line so the numbers match the file's).
    ``size_bytes``: the file's size on disk. ``cut``: only the first part of the file is in
    ``text`` (see :func:`cut_to`). ``data``: an image's pixels as PNG or JPEG bytes (empty for
    every other kind; an image's ``text`` is empty).
    """

    name: str
    kind: str
    text: str
    size_bytes: int
    cut: bool = False
    data: bytes = dataclasses.field(default=b"", repr=False)

    @property
    def is_image(self) -> bool:
        return self.kind == "image"


def read_attachment(path: Path | str) -> Attachment:
    """Read ``path`` as an attachment, or raise :class:`AttachmentError`.

    The kind comes from the extension (or a conventional name such as ``Makefile``); a file
    of unknown type is accepted when it is UTF-8 (or UTF-16 with a BOM) text. The size is
    checked before anything is read, and no more than the limit is ever read."""
    path = Path(path)
    name = path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise AttachmentError(
            f"Orchard cannot find {name}; it may have been moved or deleted.") from None
    except PermissionError:
        raise _not_allowed(name) from None
    except OSError as e:
        raise _unreadable(name, e) from None
    if stat.S_ISDIR(info.st_mode):
        raise AttachmentError(f"{name} is a folder; attach the files inside it instead.")
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
        raise AttachmentError(f"{name} is not a regular file, so Orchard cannot attach it.")

    suffix = path.suffix[1:].lower()
    kind = EXTENSIONS.get(suffix) if suffix else NAMES.get(name.lower())
    size = info.st_size
    if suffix in IMAGE_EXTENSIONS:
        return read_image(path)
    if kind == "pdf":
        _check_size(name, size, MAX_PDF_BYTES, "PDFs")
        return _read_pdf(path, name, size)
    _check_size(name, size, MAX_BYTES, "text files")
    data = _read_bytes(path, name, known=kind is not None)
    text = _decode(data, name, known=kind is not None)
    return Attachment(name, kind or "text", text, size)


def render(message: str, attachments: Sequence[Attachment]) -> str:
    """The user message's content as the model is sent it: each file in its own block,
    ``<file name="NAME">``, its text, ``</file>``, blocks apart by a blank line, then a blank
    line and ``message`` (left out when empty). A cut file ends with :data:`CUT_NOTE`.

    The text is not escaped: message content is tokenized as plain text
    (:class:`~inference.prompt.builder.PromptBuilder`), so a file holding a control token's
    text stays text. Only a double quote or a line break in a name is replaced, so the
    ``name`` attribute stays one line."""
    attachments = [a for a in attachments if not a.is_image]  # images go to the model as pixels
    if not attachments:
        return message
    blocks = []
    for a in attachments:
        label = a.name.replace('"', "'").replace("\r", " ").replace("\n", " ")
        body = a.text if not a.text or a.text.endswith("\n") else a.text + "\n"
        note = CUT_NOTE + "\n" if a.cut else ""
        blocks.append(f'<file name="{label}">\n{body}{note}</file>')
    parts = blocks + [message] if message else blocks
    return "\n\n".join(parts)


def cut_to(attachment: Attachment, max_chars: int) -> Attachment:
    """The first ``max_chars`` characters of the file's text (not counting the block around
    it or :data:`CUT_NOTE`), ended at a line break when one lies in the last fifth, with
    ``cut=True``; the attachment itself when its text already fits."""
    text = attachment.text
    if len(text) <= max_chars:
        return attachment
    head = text[: max(max_chars, 0)]
    newline = head.rfind("\n")
    if newline >= 0 and newline + 1 >= len(head) - len(head) // 5:
        head = head[: newline + 1]
    return dataclasses.replace(attachment, text=head, cut=True)


# --- reading ---------------------------------------------------------------------------------
def _check_size(name: str, size: int, limit: int, what: str) -> None:
    if size > limit:
        raise AttachmentError(
            f"{name} is {_mb(size)} MB; Orchard reads {what} of up to {limit // MB} MB.")


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".removesuffix(".0")


def _not_allowed(name: str) -> AttachmentError:
    return AttachmentError(f"Orchard is not allowed to read {name}; check its permissions.")


def _unreadable(name: str, error: OSError) -> AttachmentError:
    reason = (error.strerror or "the system refused").rstrip(".").lower()
    return AttachmentError(f"Orchard could not read {name} ({reason}).")


def _not_ours(name: str) -> AttachmentError:
    return AttachmentError(
        f"Orchard reads text, code, PDF and image files, and {name} is none of them.")


def _binary(name: str) -> AttachmentError:
    return AttachmentError(f"{name} is not a text file: it holds binary data.")


@contextmanager
def _reading(name: str) -> Iterator[None]:
    """What the system says while a file is read, as one sentence naming the file."""
    try:
        yield
    except FileNotFoundError:
        raise AttachmentError(
            f"Orchard cannot find {name}; it may have been moved or deleted.") from None
    except PermissionError:
        raise _not_allowed(name) from None
    except IsADirectoryError:
        raise AttachmentError(f"{name} is a folder; attach the files inside it instead.") from None
    except OSError as e:
        raise _unreadable(name, e) from None


def _read_bytes(path: Path, name: str, *, known: bool) -> bytes:
    """At most MAX_BYTES + 1 bytes, so a file that grew after stat() is still caught."""
    with _reading(name), path.open("rb") as f:
        head = f.read(_SNIFF_BYTES)
        # A file of unknown type holding NUL bytes is binary (an image, an archive):
        # refuse it before reading the rest. UTF-16 text has NULs, and a BOM.
        if not known and b"\0" in head and not head.startswith(_UTF16_BOMS):
            raise _not_ours(name)
        data = head + f.read(MAX_BYTES + 1 - len(head))
    _check_size(name, len(data), MAX_BYTES, "text files")
    return data


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROLS = re.compile("[\x01-\x08\x0e-\x1a\x1c-\x1f]")


def _decode(data: bytes, name: str, *, known: bool) -> str:
    """UTF-8 (BOM stripped), or UTF-16 when a BOM says so. No Latin-1 fallback: it accepts
    any bytes at all, so binary files would pass as text."""
    encoding = "utf-16" if data.startswith(_UTF16_BOMS) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if not known:
            raise _not_ours(name) from None
        if b"\0" in data:
            raise _binary(name) from None
        raise AttachmentError(
            f"{name} is not UTF-8 text (it may be binary, or saved in an older encoding); "
            "save it as UTF-8 and attach it again.") from None
    if "\0" in text or (encoding == "utf-16" and _CONTROLS.search(text)):
        # Almost any bytes decode as UTF-16, so a binary file that begins like a BOM
        # passes; control characters that text never holds give it away.
        raise (_binary(name) if known else _not_ours(name))
    return _newlines(text)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_pdf(path: Path, name: str, size: int) -> Attachment:
    """Each page's text under a ``--- page N ---`` line, up to MAX_BYTES characters (the rest
    is left out and the attachment marked cut)."""
    import pypdfium2 as pdfium  # imported here: only PDFs need it

    try:
        with path.open("rb"):  # pdfium reports a permission problem as a damaged file
            pass
    except PermissionError:
        raise _not_allowed(name) from None
    except OSError as e:
        raise _unreadable(name, e) from None

    pages: list[str] = []
    total, cut, any_text = 0, False, False
    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(path)  # a path: pdfium reads the file itself, as needed
        except pdfium.PdfiumError as e:
            code = getattr(e, "err_code", None)
            if code in (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY):
                raise AttachmentError(
                    f"{name} is protected by a password; save a copy without the password "
                    "and attach that.") from None
            raise AttachmentError(
                f"{name} is damaged or not a PDF, so Orchard cannot open it.") from None
        except FileNotFoundError:
            raise AttachmentError(
                f"Orchard cannot find {name}; it may have been moved or deleted.") from None
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        text = _newlines(textpage.get_text_bounded()).replace("\0", "")
                    finally:
                        textpage.close()
                finally:
                    page.close()
                text = text.strip()
                any_text = any_text or bool(text)
                piece = f"--- page {index + 1} ---\n{text}".rstrip("\n")
                room = MAX_BYTES - total
                if len(piece) > room:
                    pages.append(piece[:room])
                    cut = True
                    break
                pages.append(piece)
                total += len(piece) + 2
        except pdfium.PdfiumError:
            raise AttachmentError(
                f"{name} is damaged or not a PDF, so Orchard cannot open it.") from None
        finally:
            pdf.close()
    if not pages and not cut:
        raise AttachmentError(f"{name} has no pages.")
    if not any_text:
        raise AttachmentError(
            f"{name} has no text layer (it looks scanned); Orchard cannot read text from "
            "images of pages yet.")
    return Attachment(name, "pdf", "\n\n".join(pages) + "\n", size, cut)


# --- images ----------------------------------------------------------------------------------
def is_image_name(name: str) -> bool:
    """Whether a file name says image (by extension)."""
    return Path(name).suffix[1:].lower() in IMAGE_EXTENSIONS


def read_image(path: Path | str) -> Attachment:
    """Read an image file as an attachment of kind ``"image"``, or raise AttachmentError."""
    path = Path(path)
    name = path.name or str(path)
    with _reading(name):
        _check_size(name, path.stat().st_size, MAX_IMAGE_BYTES, "images")
        with path.open("rb") as f:
            data = f.read(MAX_IMAGE_BYTES + 1)
    _check_size(name, len(data), MAX_IMAGE_BYTES, "images")
    return image_from_bytes(data, name)


def image_from_bytes(data: bytes, name: str) -> Attachment:
    """Decode ``data`` (any format Pillow reads), turn it upright (EXIF orientation), scale it
    down to :data:`MAX_IMAGE_SIDE` and encode it again: PNG for a PNG, GIF or BMP (screenshots
    and diagrams, where JPEG would blur text), JPEG otherwise. One sentence for what is not an
    image, or too large to decode."""
    from PIL import Image, ImageOps, JpegImagePlugin, UnidentifiedImageError

    not_image = AttachmentError(f"{name} is not an image Orchard can read (PNG, JPEG, GIF, "
                                "WebP, BMP or TIFF).")
    try:
        # A JPEG is opened by its plugin directly: Image.open() refuses anything past its
        # decompression-bomb limit before draft() could ask libjpeg for a smaller decode.
        if data[:3] == b"\xff\xd8\xff":
            im: Image.Image = JpegImagePlugin.JpegImageFile(io.BytesIO(data))
        else:
            im = Image.open(io.BytesIO(data))
        width, height = im.size
        # JPEG only (others ignore it): decode at the smallest 1/2^k scale still at least
        # the size the image is kept at (draft needs both sides, so keep the aspect)
        fit = min(1.0, MAX_IMAGE_SIDE / max(width, height, 1))
        im.draft("RGB", (max(1, int(width * fit)), max(1, int(height * fit))))
        if im.size[0] * im.size[1] > MAX_DECODE_PIXELS:
            raise AttachmentError(
                f"{name} is {width:,} \u00d7 {height:,} pixels, more than Orchard can open "
                f"({MAX_DECODE_PIXELS // 1_000_000} megapixels); save a smaller copy and "
                "attach that.")
        fmt = im.format or ""
        try:
            im = ImageOps.exif_transpose(im)  # a phone photo's rotation lives in its EXIF tag
        except Exception:  # noqa: BLE001 - a damaged EXIF block: keep the picture as stored
            im.load()
        if im.mode.startswith("I"):  # 16-bit greyscale: to 8 bits (convert() would clip)
            im = im.point(lambda v: v * (1 / 256)).convert("L")
        im.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), Image.Resampling.LANCZOS)
    except AttachmentError:
        raise
    except Image.DecompressionBombError:
        raise AttachmentError(
            f"{name} is larger than Orchard can open ({MAX_DECODE_PIXELS // 1_000_000} "
            "megapixels); save a smaller copy and attach that.") from None
    except (UnidentifiedImageError, SyntaxError, ValueError, OSError, EOFError):
        raise not_image from None
    if im.mode not in ("RGB", "L"):
        rgba = im.convert("RGBA")
        im = Image.new("RGB", rgba.size, (255, 255, 255))
        im.paste(rgba, mask=rgba.getchannel("A"))  # transparency on white, as a viewer shows it
    out = io.BytesIO()
    if fmt in ("PNG", "GIF", "BMP"):
        im.save(out, "PNG", optimize=False)
    else:
        im.save(out, "JPEG", quality=92)
    return Attachment(name, "image", "", len(data), data=out.getvalue())


def image_size(attachment: Attachment) -> tuple[int, int]:
    """An image attachment's width and height in pixels, as kept."""
    from PIL import Image

    with Image.open(io.BytesIO(attachment.data)) as im:
        return im.size


__all__ = [
    "CUT_NOTE", "IMAGE_EXTENSIONS", "KINDS", "MAX_BYTES", "MAX_IMAGE_SIDE", "MAX_PDF_BYTES",
    "Attachment", "AttachmentError", "cut_to", "image_from_bytes", "image_size",
    "is_image_name", "read_attachment", "read_image", "render",
]
