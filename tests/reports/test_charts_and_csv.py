"""Chart geometry and spreadsheet-safe CSV."""

import csv
import io

import pytest

from app import charts
from app.tabular import safe_cell, to_csv


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20), (450, 500), (501, 1000)]
)
def test_the_axis_ends_at_a_round_number(value, top):
    assert charts.nice_maximum(value) == top


def test_bars_are_as_tall_as_their_share_of_the_axis():
    chart = charts.bar_chart("c", "Title", ["A", "B"], [10, 5])
    tall, short = chart.bars
    assert tall.height == pytest.approx(2 * short.height)
    assert tall.y + tall.height == pytest.approx(chart.baseline)
    assert chart.description == "A: 10; B: 5"
    assert [tick.label for tick in chart.ticks] == ["0", "2.5", "5", "7.5", "10"]


def test_line_chart_series_and_labels():
    months = [f"2026-{m:02d}" for m in range(1, 13)] + ["2027-01"]
    chart = charts.line_chart("e", "Engagement", months, {"One": [1] * 13, "Two": [0] * 13})
    assert [s.style for s in chart.series] == ["series-1", "series-2"]
    assert chart.series[0].path.startswith("M60.0,")
    assert len(chart.x_labels) == 7  # every other month, so labels never overlap
    assert "2026-01 to 2027-01" in chart.description


def test_no_data_draws_an_empty_chart():
    assert charts.bar_chart("c", "T", [], []).bars == ()
    assert charts.line_chart("e", "T", [], {}).series == ()


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formulas_are_quoted(cell):
    assert safe_cell(cell) == "'" + cell


def test_numbers_and_plain_text_are_left_alone():
    assert safe_cell(-5) == -5 and safe_cell("Full") == "Full" and safe_cell(None) == ""
    rows = list(csv.reader(io.StringIO(to_csv(["=h"], [["a,b", 1, None]]))))
    assert rows == [["'=h"], ["a,b", "1", ""]]
