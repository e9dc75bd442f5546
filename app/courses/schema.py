"""Checks of front matter and quiz fields, collecting every problem with its line."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from app.courses.frontmatter import YamlMapping


@dataclass(frozen=True)
class Field:
    check: Callable[[Any], str | None]  # returns what is wrong, or None
    required: bool = True


def text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be some text"
    return None


def short_text(limit: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return text(value) or (
            f"must be at most {limit} characters" if len(value) > limit else None
        )

    return check


def positive_int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return "must be a whole number above 0"
    return None


def positive_number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return "must be a number above 0"
    return None


def text_list(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a list with at least one item (lines starting `- `)"
    if not all(isinstance(item, str) and item.strip() for item in value):
        return "every item must be some text"
    return None


def id_list(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return "must be a list of ids, like [ica-1, ccin-2]"
    return None


def non_empty_list(what: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if isinstance(value, list) and value else f"must be a list of {what}"

    return check


def one_of(choices: Iterable[str]) -> Callable[[Any], str | None]:
    allowed = tuple(choices)

    def check(value: Any) -> str | None:
        return None if value in allowed else f"must be one of: {', '.join(allowed)}"

    return check


def mapping(value: Any) -> str | None:
    return None if isinstance(value, dict) else "must be a mapping of `key: value` lines"


def check_fields(
    data: YamlMapping, fields: dict[str, Field], report: Callable[[int, str], None]
) -> bool:
    """Report unknown keys, missing keys and bad values; True when nothing was wrong.

    `report(line, message)` receives 0-based lines within the YAML text.
    """
    ok = True
    for key, value in data.values.items():
        line = data.key_lines.get(key, 0)
        spec = fields.get(key)
        if spec is None:
            report(line, f"unknown key `{key}`; the keys allowed here are: {', '.join(fields)}")
            ok = False
        elif (problem := spec.check(value)) is not None:
            report(line, f"`{key}` {problem}")
            ok = False
    for key, spec in fields.items():
        if spec.required and key not in data.values:
            report(0, f"`{key}` is missing; add it")
            ok = False
    return ok
