"""Text that comes from outside (a name, a note, an id, a title from an imported file),
made safe to store and to print.

Terminal escape sequences, control characters and the invisible characters that reverse
the direction of text are removed; a one-line value loses its line breaks too, so a name
cannot start a heading in the Markdown plan or a new property in a calendar. Escaping for
each format (Markdown, HTML, ICS, PDF) is still the job of whoever writes it.
"""

from __future__ import annotations

import re

# ESC-introduced sequences (CSI like "\x1b[31m", OSC like "\x1b]0;title\x07", and the
# two-character ones), then every other C0 and C1 control and the bidirectional overrides.
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-_])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")


def plain(text: str, one_line: bool = True) -> str:
    """The text without escapes and control characters; on one line unless told not to
    (then tabs and line breaks stay, and carriage returns become line breaks)."""
    text = _ESCAPES.sub("", text)
    if one_line:
        text = _LINE_BREAKS.sub(" ", text)
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", text)
    return " ".join(text.split()) if one_line else text.strip()
