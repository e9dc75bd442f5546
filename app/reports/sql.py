"""SQL expressions that SQLite and PostgreSQL each write their own way."""

from sqlalchemy import (
    Float,
    String,
    func,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

# -- Expressions that each database writes its own way --------------------------------------------


class days_between(FunctionElement):
    """Days (fractional) from the first time to the second."""

    type = Float()
    name = "days_between"
    inherit_cache = True


@compiles(days_between)
def _days_between_postgresql(element, compiler, **kw) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(julianday({end}) - julianday({start}))"


class month_of(FunctionElement):
    """The UTC month of a time as text, `2026-11`."""

    type = String()
    name = "month_of"
    inherit_cache = True


@compiles(month_of)
def _month_of_postgresql(element, compiler, **kw) -> str:
    (moment,) = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"to_char(({moment}) AT TIME ZONE 'UTC', 'YYYY-MM')"


@compiles(month_of, "sqlite")
def _month_of_sqlite(element, compiler, **kw) -> str:
    (moment,) = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"strftime('%Y-%m', {moment})"


def json_array_values(session: Session, column: ColumnElement):
    """The values of a JSON array column as a table to join (json_each, json_array_elements)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.json_each(column).table_valued("value")
    return func.json_array_elements_text(column).table_valued("value")
