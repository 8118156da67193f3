"""A tool's result as the text the model reads."""

from __future__ import annotations

import json

import mcp_types as types


def _size(data: str) -> int:
    """The byte count of base64 ``data``, without decoding it."""
    data = "".join(data.split())
    return max(0, len(data) * 3 // 4 - (len(data) - len(data.rstrip("="))))


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_result(result: types.CallToolResult) -> str:
    """The tool's text blocks joined; other content in words ("[image: image/png, 1,234
    bytes]"), since a text model cannot read it; structured content as JSON where there is
    nothing else."""
    parts: list[str] = []
    for block in result.content:
        if isinstance(block, types.TextContent):
            parts.append(block.text)
        elif isinstance(block, types.ImageContent):
            parts.append(f"[image: {block.mime_type}, {_size(block.data):,} bytes]")
        elif isinstance(block, types.AudioContent):
            parts.append(f"[audio: {block.mime_type}, {_size(block.data):,} bytes]")
        elif isinstance(block, types.EmbeddedResource):
            resource = block.resource
            if isinstance(resource, types.TextResourceContents):
                parts.append(f"[resource: {resource.uri}]\n{resource.text}")
            else:
                kind = resource.mime_type or "unknown type"
                parts.append(f"[file: {resource.uri}, {kind}, {_size(resource.blob):,} bytes]")
        elif isinstance(block, types.ResourceLink):
            about = f" ({_one_line(block.description)})" if block.description else ""
            parts.append(f"[link: {block.name}, {block.uri}{about}]")
        else:  # a content type newer than this code
            parts.append(f"[{getattr(block, 'type', 'unknown')} content]")
    if not parts and result.structured_content is not None:
        parts.append(json.dumps(result.structured_content, ensure_ascii=False))
    return "\n".join(parts)


def cap(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut to ``limit`` characters, with a plain note where it was cut; and whether
    it was."""
    if len(text) <= limit:
        return text, False
    return f"{text[:limit]}\n[… output cut at {limit:,} characters]", True
