"""Tags drawn after a model's name in a table cell: for now one, "vision" (a model that reads
images as well as text), the same in the model picker and the download dialog.

A tag is a small rounded outline in the theme's muted text colour (checked for contrast on
both themes' backgrounds in app/gui/theme.py), in a slightly smaller font, so it reads as a
note on the name rather than part of it. The cell's text stays the name alone (tests, copying,
the row's other uses); the tags are data of their own role, painted by :class:`BadgeDelegate`,
and a screen reader hears them through the cell's accessible text and description.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidgetItem,
)

from app.gui.theme import DARK, LIGHT, is_dark

#: The role holding a cell's tags (a list of texts, already translated).
BADGES_ROLE = Qt.ItemDataRole.UserRole + 16
# Translated where shown (context "ModelBadges").
VISION = QT_TRANSLATE_NOOP("ModelBadges", "vision")
VISION_NOTE = QT_TRANSLATE_NOOP("ModelBadges",
                                "A vision model: you can attach images to your messages.")


def vision_badge() -> str:
    return QCoreApplication.translate("ModelBadges", str(VISION))


def vision_note() -> str:
    """What the vision tag means, for a tooltip and the accessible description."""
    return QCoreApplication.translate("ModelBadges", str(VISION_NOTE))


def badges(item: QTableWidgetItem) -> list[str]:
    return list(item.data(BADGES_ROLE) or [])


def set_badges(item: QTableWidgetItem, tags: list[str], description: str = "") -> None:
    """Show ``tags`` (translated) after ``item``'s text; ``description`` (one sentence) is
    added to its tooltip and is its accessible description."""
    item.setData(BADGES_ROLE, list(tags) or None)
    if tags:
        item.setData(Qt.ItemDataRole.AccessibleTextRole, QCoreApplication.translate(
            "ModelBadges", "{name} ({tags})").format(name=item.text(), tags=", ".join(tags)))
    if description:
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, description)
        tip = item.toolTip()
        item.setToolTip(f"{tip}\n{description}" if tip else description)


class BadgeDelegate(QStyledItemDelegate):
    """Paints a cell's text (elided to leave room) and then its tags, just after the text."""

    PAD = 5  # inside a tag, left and right
    GAP = 6  # between the text and a tag, and between tags

    @staticmethod
    def _font(base: QFont) -> QFont:
        font = QFont(base)
        if font.pointSizeF() > 0:
            font.setPointSizeF(max(font.pointSizeF() * 0.85, 9.0))
        elif font.pixelSize() > 0:
            font.setPixelSize(max(round(font.pixelSize() * 0.85), 11))
        return font

    def _widths(self, font: QFont, tags: list[str]) -> list[int]:
        metrics = QFontMetrics(font)
        return [metrics.horizontalAdvance(t) + 2 * self.PAD for t in tags]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        tags = list(index.data(BADGES_ROLE) or [])
        if not tags:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        font = self._font(opt.font)
        widths = self._widths(font, tags)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        room = text_rect.width() - 2 * margin - sum(widths) - self.GAP * len(tags)
        metrics = QFontMetrics(opt.font)
        opt.text = metrics.elidedText(opt.text, Qt.TextElideMode.ElideRight, max(room, 0))
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        colour = (opt.palette.color(QPalette.ColorRole.HighlightedText) if selected
                  else QColor((DARK if is_dark(opt.palette) else LIGHT).muted))
        border = QColor(colour)
        border.setAlphaF(0.6)
        height = QFontMetrics(font).height() + 2
        x = float(text_rect.left() + margin + metrics.horizontalAdvance(opt.text) + self.GAP)
        y = opt.rect.top() + (opt.rect.height() - height) / 2
        painter.save()
        painter.setClipRect(opt.rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        for tag, width in zip(tags, widths, strict=True):
            box = QRectF(x, y, width, height)
            painter.setPen(QPen(border, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
            painter.setPen(colour)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, tag)
            x += width + self.GAP
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 (Qt API)
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        tags = list(index.data(BADGES_ROLE) or [])
        if tags:
            extra = sum(self._widths(self._font(option.font), tags)) + self.GAP * len(tags)
            size.setWidth(size.width() + extra)
        return size
