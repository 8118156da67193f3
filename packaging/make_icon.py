"""Render ``resources/icon.svg`` into the app icon the bundle needs.

    python packaging/make_icon.py OUT_DIR

On macOS it writes ``OUT_DIR/Orchard.iconset`` (every size ``iconutil`` expects) and turns
it into ``OUT_DIR/Orchard.icns``; elsewhere it writes ``OUT_DIR/Orchard.png`` (512 px, for
a .desktop file). Prints the path of the icon it made. The spec runs it at build time, so
the icon is never a checked-in binary: edit the SVG and rebuild.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icon.svg"
#: iconutil's names: icon_16x16.png, icon_16x16@2x.png (32 px), ... icon_512x512@2x.png.
ICONSET_SIZES = (16, 32, 128, 256, 512)


def _render(renderer: object, size: int, out: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)  # type: ignore[attr-defined]
    painter.end()
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"make_icon: could not write {out}")


def make_icon(out_dir: Path) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window, no display needed
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"make_icon: {SOURCE} is not an SVG QtSvg can draw")
    out_dir.mkdir(parents=True, exist_ok=True)
    if sys.platform != "darwin":
        png = out_dir / "Orchard.png"
        _render(renderer, 512, png)
        return png
    iconset = out_dir / "Orchard.iconset"
    shutil.rmtree(iconset, ignore_errors=True)
    iconset.mkdir()
    for size in ICONSET_SIZES:
        _render(renderer, size, iconset / f"icon_{size}x{size}.png")
        _render(renderer, size * 2, iconset / f"icon_{size}x{size}@2x.png")
    icns = out_dir / "Orchard.icns"
    subprocess.run(["iconutil", "-c", "icns", str(iconset), "-o", str(icns)], check=True)
    return icns


def main() -> int:
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icon"
    print(make_icon(out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
