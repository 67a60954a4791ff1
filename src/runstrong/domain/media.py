"""Where demonstration media may come from: one allow-list for videos and guide links.

Only open, stable hosts that serve real demonstrations are allowed, so no one can slip an
invented or fragile link into the data. Every URL in the library is also listed by hand,
with the exercise and its source, in ``docs/media.md``.

A compilation (one video showing several exercises) gives each exercise a start time in
seconds (``video_start``); the URL itself stays clean and :func:`at` adds the start in the
form each host understands.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# host -> the name the docs give it
MEDIA_HOSTS: dict[str, str] = {
    "www.youtube.com": "YouTube",
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "player.vimeo.com": "Vimeo",
    "commons.wikimedia.org": "Wikimedia Commons",
    "upload.wikimedia.org": "Wikimedia Commons",
}


def media_host(url: str) -> str | None:
    """The allowed host's name for an https URL on the list, else None."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.username or parts.password or parts.port:
        return None
    return MEDIA_HOSTS.get(parts.hostname or "")


def at(url: str, start: int | None) -> str:
    """The URL opening at `start` seconds: YouTube's t parameter, a #t= fragment elsewhere."""
    if not start:
        return url
    if media_host(url) == "YouTube":
        return f"{url}{'&' if '?' in url else '?'}t={start}"
    return f"{url}#t={start}s"


def clock(seconds: int) -> str:
    """A start time as a viewer reads it: 1:05."""
    return f"{seconds // 60}:{seconds % 60:02d}"
