"""Images in the window: reading them where Pillow cannot (HEIC, a pasted picture), small
pictures of them (the composer's chips, the transcript's cards) and a window that shows one
larger.

The library (:mod:`inference.attachments`) decodes, turns upright and scales an image with
Pillow. Pillow has no HEIC decoder, while Qt reads HEIC on macOS (its image plugin uses the
system's codec): so a file Pillow refuses is tried once more through :class:`QImageReader`,
and what Qt decodes is handed back to the library as PNG or JPEG bytes. A picture pasted from
the clipboard arrives as a QImage and goes the same way.

Everything here that decodes works on QImage, never QPixmap, so it can run off the GUI thread
(:func:`app.gui.bridge.run_in_background`); only :func:`thumbnail_pixmap` and the viewer are
GUI-thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from inference.attachments import (
    MAX_IMAGE_BYTES,
    MAX_IMAGE_SIDE,
    Attachment,
    AttachmentError,
    image_from_bytes,
    is_image_name,
    read_attachment,
)

#: Where the transcript's HTML finds an image attachment's thumbnail:
#: ``orchard-image:<message id>:<n>`` (drawn by the transcript's CodeLayout).
IMAGE_URL = "orchard-image"
#: The largest a thumbnail is drawn in the transcript, in pixels.
CARD_SIDE = 240
#: A chip's thumbnail height, in pixels.
CHIP_HEIGHT = 36
#: Formats Qt is asked to decode (what Pillow cannot: HEIC) as JPEG, a photo's format; any
#: other picture Qt reads for us becomes PNG (lossless, as a screenshot needs).
_PHOTO_SUFFIXES = ("heic", "heif")


# --- reading (any thread) --------------------------------------------------------------------
def read_file(path: str | Path) -> Attachment:
    """``path`` as an attachment (:func:`inference.attachments.read_attachment`); an image
    Pillow cannot read (HEIC) is read by Qt where it can. Raises AttachmentError."""
    path = Path(path)
    heic = path.suffix[1:].lower() in _PHOTO_SUFFIXES
    if heic:  # Pillow has no HEIC decoder: Qt first, then the library's own sentence
        found = _read_with_qt(path)
        if found is not None:
            return found
    try:
        return read_attachment(path)
    except AttachmentError:
        if heic or not is_image_name(path.name):
            raise
        found = _read_with_qt(path)  # a picture Pillow refuses but a Qt plugin reads
        if found is None:
            raise
        return found


def _read_with_qt(path: Path) -> Attachment | None:
    """The image at ``path`` decoded by Qt (upright, at most MAX_IMAGE_SIDE a side), as the
    library keeps images; None when Qt cannot read it either."""
    try:
        size_bytes = path.stat().st_size
    except OSError:
        return None  # the library says why, in its own words
    if not path.is_file() or size_bytes > MAX_IMAGE_BYTES:
        return None
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # a phone photo's rotation lives in its EXIF tag
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > MAX_IMAGE_SIDE:
        reader.setScaledSize(size.scaled(MAX_IMAGE_SIDE, MAX_IMAGE_SIDE,
                                         Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    fmt = "JPEG" if path.suffix[1:].lower() in _PHOTO_SUFFIXES else "PNG"
    found = image_from_bytes(encode(image, fmt), path.name)
    return Attachment(found.name, found.kind, found.text, size_bytes, data=found.data)


def encode(image: QImage, fmt: str = "PNG") -> bytes:
    """``image`` as PNG (or JPEG) bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if fmt == "JPEG":
        image = image.convertToFormat(QImage.Format.Format_RGB32)  # JPEG keeps no alpha
    # PySide6 takes the format as a str here (bytes are refused), though its stub says bytes
    image.save(buffer, fmt, 92 if fmt == "JPEG" else -1)  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


def pasted_name() -> str:
    """The name a pasted picture is attached under."""
    return QCoreApplication.translate("Attachments", "Pasted image") + ".png"


def from_clipboard(image: QImage, name: str) -> Attachment:
    """A pasted picture as an image attachment (PNG: a screenshot's text stays sharp)."""
    return image_from_bytes(encode(image, "PNG"), name)


def pixel_size(data: bytes) -> QSize:
    """An encoded image's width and height, read from its header (nothing decoded)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    return QImageReader(buffer).size()


def thumbnail(data: bytes, box: QSize) -> QImage:
    """An encoded image scaled down to fit ``box`` (never up); decoded at that size where
    the format allows (a JPEG is)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    if size.isValid() and (size.width() > box.width() or size.height() > box.height()):
        reader.setScaledSize(size.scaled(box, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


# --- showing (GUI thread) --------------------------------------------------------------------
def thumbnail_pixmap(data: bytes, box: QSize, widget: QWidget) -> QPixmap:
    """A thumbnail that fits ``box`` (logical pixels), sharp on a Retina screen."""
    ratio = widget.devicePixelRatioF()
    image = thumbnail(data, QSize(int(box.width() * ratio), int(box.height() * ratio)))
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def fit(size: QSize, box: QSize) -> QSize:
    """``size`` scaled down to fit ``box`` (never up)."""
    if size.width() <= box.width() and size.height() <= box.height():
        return QSize(size)
    return size.scaled(box, Qt.AspectRatioMode.KeepAspectRatio)


def accessible_name(attachment: Attachment) -> str:
    return QCoreApplication.translate("Attachments", "Image: {name}").format(
        name=attachment.name)


def size_text(size: QSize) -> str:
    """Width × height, in pixels ("1024 × 768")."""
    return QCoreApplication.translate("Attachments", "{width} × {height}").format(
        width=size.width(), height=size.height())


class ImageViewer(QDialog):
    """An image attachment, as large as the window lets it be (never above its own size)."""

    def __init__(self, attachment: Attachment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attachment = attachment
        self.setWindowTitle(attachment.name)
        self.setAccessibleName(attachment.name)
        self.image = QImage.fromData(attachment.data)
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setAccessibleName(accessible_name(attachment))
        self.picture.setToolTip(f"{attachment.name} · {size_text(self.image.size())}")
        # the label follows the window's size, never the picture's
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addWidget(buttons)
        screen = (parent.screen() if parent is not None else self.screen()).availableSize()
        room = QSize(screen.width() * 4 // 5, screen.height() * 4 // 5)
        wanted = fit(self.image.size(), room - QSize(24, 72))
        self.resize(max(wanted.width() + 24, 320), max(wanted.height() + 72, 240))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._scale()

    def _scale(self) -> None:
        if self.image.isNull():
            return
        ratio = self.devicePixelRatioF()
        box = self.picture.size()
        shown = fit(self.image.size(), QSize(int(box.width() * ratio),
                                             int(box.height() * ratio)))
        pixmap = QPixmap.fromImage(self.image.scaled(
            shown, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))
        pixmap.setDevicePixelRatio(ratio)
        self.picture.setPixmap(pixmap)


def show_image(parent: QWidget, attachment: Attachment) -> QDialog:
    """A window with an image attachment, scaled to fit."""
    dialog = ImageViewer(attachment, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
