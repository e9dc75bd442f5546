"""Front matter and YAML blocks, read with the lines that authors need in messages."""

from dataclasses import dataclass, field
from typing import Any

import yaml


class YamlError(Exception):
    """YAML that cannot be read; `line` is 0-based within the YAML text."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class YamlMapping:
    """A parsed YAML mapping and the (0-based) line of each of its keys."""

    values: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)
    node: yaml.Node | None = None

    def line(self, *path: str | int) -> int:
        """The 0-based line of the deepest node found along `path` (keys and list indexes)."""
        node, line = self.node, 0
        for step in path:
            if isinstance(node, yaml.MappingNode):
                found = next(((k, v) for k, v in node.value if k.value == step), None)
                if found is None:
                    break
                line, node = found[0].start_mark.line, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    break
                node = node.value[step]
                line = node.start_mark.line
            else:
                break
        return line


def parse_yaml_mapping(text: str) -> YamlMapping:
    """Parse YAML that must be a mapping, with SafeLoader; raise YamlError with a line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        values = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line if mark else 0
        raise YamlError(line, f"the YAML cannot be read: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise YamlError(0, f"the YAML cannot be read: {error}") from None
    if not isinstance(values, dict) or not isinstance(node, yaml.MappingNode):
        raise YamlError(0, "expected `key: value` lines (a YAML mapping)")
    key_lines = {str(key.value): key.start_mark.line for key, _ in node.value}
    return YamlMapping({str(key): value for key, value in values.items()}, key_lines, node)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split `---` front matter from the body; returns (yaml, body, body's first line, 1-based).

    Raises YamlError when the file does not start with a closed front matter block.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise YamlError(0, "the file must start with front matter between `---` lines")
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise YamlError(0, "the front matter is not closed: add a line `---` after it")
