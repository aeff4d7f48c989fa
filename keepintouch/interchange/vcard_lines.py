"""vCard at the level of content lines: unfolding, parameters, encodings, escapes.

We read vCards with a small line-based parser of our own rather than vobject,
because real address books write things vobject rejects or mangles: vCard 2.1
quoted-printable values broken over lines with a soft `=`, bare 2.1
parameters (`TEL;WORK;VOICE:`), `CHARSET` on 8-bit values, Apple's grouped
`itemN.` properties, and half-finished cards. Here a bad card costs only that
card, with a line number to report. Writing uses the same escaping rules, so
what we export reads back exactly.
"""

from __future__ import annotations

import base64
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from keepintouch.domain.safe_text import clean_text

#: Binary properties: their (often huge) folded values are skipped, not collected.
BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
#: iOS writes CR CR LF: that is one line break, not two.
NEWLINE_RE = re.compile(r"\r*\n|\r")
#: The start of a content line: `NAME;` or `NAME:`, maybe with an `itemN.` group.
_PROPERTY_START_RE = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)?[;:]")
_BASE64_RE = re.compile(r"[A-Za-z0-9+/=]+")


@dataclass
class Property:
    """One content line: `group.NAME;PARAM=VALUE:value`, value still escaped."""

    name: str
    value: str
    line: int
    group: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)

    def param(self, key: str) -> str:
        """The first value of a parameter, or ''."""
        return (self.params.get(key) or [""])[0]

    def types(self) -> set[str]:
        return {t.casefold() for value in self.params.get("TYPE", []) for t in value.split(",")}

    def text(self) -> str:
        """The value with encodings undone (QP, base64, CHARSET) but escapes kept."""
        encoding = self.param("ENCODING").upper()
        charset = self.param("CHARSET") or "utf-8"
        if encoding == "QUOTED-PRINTABLE":
            return _decode_bytes(quopri.decodestring(_raw_bytes(self.value)), charset)
        if encoding in ("B", "BASE64"):
            try:
                return _decode_bytes(base64.b64decode(self.value), charset)
            except ValueError:
                return ""
        if _has_surrogates(self.value):
            return _decode_bytes(_raw_bytes(self.value), charset)
        return self.value


@dataclass
class RawCard:
    """The properties between one BEGIN:VCARD and its END:VCARD."""

    line: int
    properties: list[Property] = field(default_factory=list)
    problem: str = ""


def _raw_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _has_surrogates(text: str) -> bool:
    return not text.isascii() and any("\udc80" <= ch <= "\udcff" for ch in text)


#: Charsets that accept any bytes, so a wrong declaration never fails.
_SINGLE_BYTE = frozenset({"iso-8859-1", "latin-1", "latin1", "iso8859-1", "windows-1252", "cp1252", "us-ascii", "ascii"})


def _decode_bytes(data: bytes, charset: str) -> str:
    """Bytes in the declared charset; Windows-1252 when the declaration lies.

    Bytes that decode as UTF-8 are UTF-8 even when an old phone declared
    ISO-8859-1: accented Latin-1 text is practically never valid UTF-8, and
    reading UTF-8 as Latin-1 makes "JÃ¶rg" of "Jörg".
    """
    if charset.casefold() in _SINGLE_BYTE and not data.isascii():
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(charset)
    except (LookupError, ValueError):  # unknown, lying, or a name with stray bytes in it
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", "replace")


# --------------------------------------------------------------------------
# Reading


def _head_end(line: str) -> int:
    """Index of the colon that ends name and parameters (colons in quotes don't count)."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return i
    return -1


def _is_qp_head(line: str) -> bool:
    end = _head_end(line)
    return end > 0 and "QUOTED-PRINTABLE" in line[:end].upper()


def _is_binary_head(line: str) -> bool:
    end = _head_end(line)
    name = line[:end].split(";", 1)[0].rsplit(".", 1)[-1].upper() if end > 0 else ""
    return name in BINARY


def _ends_in_backslash(text: str) -> bool:
    """True when the text ends in a backslash that escapes nothing (an odd run)."""
    return (len(text) - len(text.rstrip("\\"))) % 2 == 1


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfolded content lines with their first line number (1-based).

    Folding is a CRLF followed by a space or tab (3.0/4.0); quoted-printable
    values (2.1) continue after a line ending in a soft `=`. Some 2.1
    exporters continue a multi-line value (an address) after a line ending
    in a lone backslash: that is a line break in the value. Blank lines and
    `#` comment lines are skipped without ending the value they sit in.
    Continuations of binary values are dropped on the spot, which keeps large
    photos cheap.
    """
    parts: list[str]
    start, parts, qp, binary = 0, [], False, False
    for number, raw in enumerate(NEWLINE_RE.split(text), start=1):
        if qp and parts and parts[-1].endswith("=") and raw.strip().upper() != "END:VCARD":
            parts[-1] = parts[-1][:-1]
            parts.append(raw)
            continue
        if raw[:1] in (" ", "\t") and parts:
            if not binary:
                parts.append(raw[1:])
            continue
        if not raw.strip() or raw[0] == "#":
            continue
        if binary and parts and _BASE64_RE.fullmatch(raw):
            continue  # 2.1 exporters may leave base64 continuation lines unindented
        if parts and parts[-1].endswith("\\") and not binary and _ends_in_backslash(parts[-1]) and not _PROPERTY_START_RE.match(raw):
            parts.append("n" + raw)  # the lone backslash and this "n" make an escaped line break
            continue
        if parts:
            yield start, "".join(parts)
        start, parts = number, [raw]
        qp, binary = _is_qp_head(raw), _is_binary_head(raw)
    if parts:
        yield start, "".join(parts)


def _split_params(head: str) -> list[str]:
    """`NAME;A=1;B="x;y"` into its parts, respecting double quotes."""
    parts: list[str]
    current: list[str]
    parts, current, quoted = [], [], False
    for ch in head:
        if ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


def _param_value(text: str) -> str:
    """A parameter value unquoted, with RFC 6868's ^n ^' ^^ undone."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    if "^" in text:
        text = re.sub(r"\^(.)", lambda m: {"n": "\n", "'": '"', "^": "^"}.get(m[1], m[0]), text)
    return text


def parse_property(line: str, number: int) -> Property | None:
    """One unfolded content line, or None when it is not one."""
    end = _head_end(line)
    if end <= 0:
        return None
    head, value = line[:end], line[end + 1 :]
    name, *raw_params = _split_params(head)
    group, _, name = name.rpartition(".")
    name = name.strip().upper()
    if not name or not re.fullmatch(r"[A-Z0-9_-]+", name):
        return None
    params: dict[str, list[str]] = {}
    for raw in raw_params:
        key, eq, val = raw.partition("=")
        if not eq:  # vCard 2.1 bare parameter: `TEL;WORK;VOICE` or `;QUOTED-PRINTABLE`
            key, val = ("ENCODING" if raw.strip().upper() in _ENCODINGS else "TYPE"), raw
        params.setdefault(key.strip().upper(), []).append(_param_value(val))
    return Property(name=name, value=value, line=number, group=group.casefold(), params=params)


def raw_cards(text: str) -> Iterator[RawCard]:
    """Cards as found between BEGIN and END; a broken one carries its `problem`.

    A 2.1 `AGENT:` with an empty value is followed by the agent's own card,
    nested: it is skipped whole, so the outer card stays one person.
    """
    card: RawCard | None = None
    nested = 0
    for number, line in logical_lines(text):
        prop = parse_property(line, number)
        edge = _card_edge(prop)
        if nested:
            nested += 1 if edge == "BEGIN" else -1 if edge == "END" else 0
        elif edge == "BEGIN" and card is not None and card.properties and _is_empty_agent(card.properties[-1]):
            nested = 1
        elif edge == "BEGIN":
            if card is not None:
                card.problem = card.problem or "card has no END:VCARD"
                yield card
            card = RawCard(line=number)
        elif edge == "END":
            if card is not None:
                yield card
            card = None
        elif card is not None:
            if prop is None:
                card.problem = card.problem or f"line {number} is not a vCard property: {line[:40]!r}"
            else:
                card.properties.append(prop)
    if card is not None:
        card.problem = card.problem or "card has no END:VCARD (file ends inside it)"
        yield card


def _card_edge(prop: Property | None) -> str:
    """"BEGIN" or "END" for `BEGIN:VCARD` / `END:VCARD`, else ""."""
    if prop is None or prop.name not in ("BEGIN", "END") or prop.value.strip().upper() != "VCARD":
        return ""
    return prop.name


def _is_empty_agent(prop: Property) -> bool:
    return prop.name == "AGENT" and not prop.value.strip()


# --------------------------------------------------------------------------
# Escapes, shared by reading and writing


def split_escaped(value: str, sep: str) -> list[str]:
    """Split on `sep` where it is not backslash-escaped; escapes are kept."""
    parts, current, i = [], [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            current.append(value[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def unescape(value: str) -> str:
    r"""`\n` `\N` `\,` `\;` `\:` `\"` `\\` undone; an unknown escape keeps its backslash."""
    if "\\" not in value:
        return value
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] in "nN" else m[1] if m[1] in ',;:"\\' else m[0], value)


def escape(value: str) -> str:
    """A text value escaped for vCard 4.0 (backslash, comma, semicolon, newline).

    Line breaks of any kind (CRLF, a bare CR) are written as `\\n`; other
    control characters, which a vCard cannot hold, are left out (`clean_text`).
    """
    value = clean_text(value).replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\n", "\\n")


def quote_param(value: str) -> str:
    """A parameter value, quoted when it holds `;`, `:` or `,` (RFC 6868 for `"` and line breaks).

    Other control characters are left out, as in `escape`.
    """
    value = clean_text(value).replace("^", "^^").replace('"', "^'").replace("\n", "^n")
    return f'"{value}"' if any(ch in value for ch in ';:,') else value


def fold(line: str, width: int = 75) -> str:
    """One content line folded at `width` octets, never inside a UTF-8 character."""
    if len(line.encode("utf-8")) <= width:
        return line + "\r\n"
    out: list[str]
    current: list[str]
    out, current, size = [], [], 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > width:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(ch)
        size += n
    out.append("".join(current))
    return "\r\n".join(out) + "\r\n"
