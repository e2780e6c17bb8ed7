"""Regular expressions from configuration files, matched in time linear in the text.

A ``caption-desk.toml`` can come with a folder of photos from anywhere, so its patterns are
untrusted input: Python's backtracking engine takes for ever on ``^(a+)+$``. RE2 (google-re2)
never backtracks. Its syntax is Python's minus backreferences and lookaround; ``\\w``, ``\\d``
and ``\\s`` are widened to Unicode here, as Python has them, so ``\\w+`` still matches "José".
"""

import functools
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import re2

# Python's Unicode classes in RE2 syntax: (inside a [class], as a whole atom)
_CLASSES = {
    "w": (r"\pL\pN\pM_", r"[\pL\pN\pM_]"),
    "W": (None, r"[^\pL\pN\pM_]"),
    "d": (r"\p{Nd}", r"\p{Nd}"),
    "D": (None, r"\P{Nd}"),
    "s": (r"\s\v\x{85}\p{Z}", r"[\s\v\x{85}\p{Z}]"),
    "S": (None, r"[^\s\v\x{85}\p{Z}]"),
}


def _re2() -> "Any":
    import re2  # here: most desks' settings hold no pattern (~6 ms of every command's start)

    return re2


@functools.cache
def _options() -> "re2.Options":
    options = _re2().Options()
    options.log_errors = False  # RE2 would print its own parse errors on stderr
    return options


class TextPattern(Protocol):
    pattern: str

    def fullmatch(self, text: str) -> object | None: ...

    def search(self, text: str) -> object | None: ...


def compile_pattern(text: str) -> TextPattern:
    """The compiled pattern; ValueError with RE2's reason for one it cannot take."""
    re2 = _re2()
    try:
        compiled = re2.compile(_unicode_classes(text), options=_options())
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise ValueError(
            f"{text!r} is not a pattern we can match safely ({reason}; backreferences and "
            "lookaround are not supported)"
        ) from None
    return _Pattern(text, compiled)


class _Pattern:
    """RE2's compiled pattern, answering to the source text as ``re.Pattern`` does."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str, compiled) -> None:
        self.pattern, self._compiled = pattern, compiled

    def fullmatch(self, text: str) -> object | None:
        return self._compiled.fullmatch(text)

    def search(self, text: str) -> object | None:
        return self._compiled.search(text)

    def __repr__(self) -> str:
        return f"compile_pattern({self.pattern!r})"


def _unicode_classes(text: str) -> str:
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            escape = text[i + 1]
            inside, atom = _CLASSES.get(escape, (None, None))
            replacement = inside if in_class else atom
            out.append(replacement if replacement is not None else text[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            # a "]" right after "[" or "[^" is a literal member, not the end
            start = i + 1 + (text[i + 1 : i + 2] == "^")
            if text[start : start + 1] == "]":
                out.append(text[i : start + 1])
                i = start + 1
                continue
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        i += 1
    return "".join(out)
