"""CSV files that are safe to open in a spreadsheet."""

import csv
import io
from collections.abc import Iterable, Sequence

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Quote a text cell a spreadsheet would run as a formula; leave numbers alone."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return "" if value is None else value


def to_csv(headers: Sequence[str] | None, rows: Iterable[Sequence[object]]) -> str:
    """CSV text: a header row (unless None), then the rows, every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if headers is not None:
        writer.writerow([safe_cell(header) for header in headers])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()
