"""Charts drawn on the server as inline SVG: geometry here, markup in templates/admin/charts.html.

Each chart is an image with a title and a description for screen readers, and the page shows the
same figures in a table. Series differ by line style and marker as well as colour (WCAG 1.4.1).
"""

from dataclasses import dataclass

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 20, 70
SERIES_STYLES = ("series-1", "series-2", "series-3")


def nice_maximum(value: float) -> int:
    """A round number at or above `value` for the top of the axis: 1, 2, 5 times a power of ten."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for multiple in (1, 2, 5):
            if step * multiple >= value:
                return step * multiple
        step *= 10


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    label_x: float


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM


def _ticks(maximum: int) -> tuple[Tick, ...]:
    plot = HEIGHT - TOP - BOTTOM
    return tuple(
        Tick(HEIGHT - BOTTOM - plot * step / 4, f"{maximum * step / 4:g}") for step in range(5)
    )


def bar_chart(id: str, title: str, labels: list[str], values: list[int]) -> BarChart:
    maximum = nice_maximum(max(values, default=0))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(values), 1)
    bars = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = plot_height * value / maximum
        x = LEFT + slot * index + slot * 0.2
        bars.append(
            Bar(x, HEIGHT - BOTTOM - height, slot * 0.6, height, label, value, x + slot * 0.3)
        )
    description = "; ".join(
        f"{label}: {value}" for label, value in zip(labels, values, strict=True)
    )
    return BarChart(id, title, description, tuple(bars), _ticks(maximum))


@dataclass(frozen=True)
class Series:
    name: str
    style: str
    points: tuple[tuple[float, float], ...]
    values: tuple[int, ...]

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(self.points)
        )


@dataclass(frozen=True)
class LineChart:
    id: str
    title: str
    description: str
    series: tuple[Series, ...]
    ticks: tuple[Tick, ...]
    x_labels: tuple[tuple[float, str], ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM


def line_chart(
    id: str, title: str, categories: list[str], series: dict[str, list[int]]
) -> LineChart:
    maximum = nice_maximum(max((max(v, default=0) for v in series.values()), default=0))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / max(len(categories) - 1, 1)
    xs = [LEFT + step * index for index in range(len(categories))]
    drawn = tuple(
        Series(
            name,
            SERIES_STYLES[index % len(SERIES_STYLES)],
            tuple(
                (x, HEIGHT - BOTTOM - plot_height * value / maximum)
                for x, value in zip(xs, values, strict=True)
            ),
            tuple(values),
        )
        for index, (name, values) in enumerate(series.items())
    )
    # Label at most about 12 months along the axis, so the labels never overlap.
    every = max(1, -(-len(categories) // 12))
    x_labels = tuple(
        (x, label)
        for i, (x, label) in enumerate(zip(xs, categories, strict=True))
        if i % every == 0
    )
    totals = "; ".join(f"{name}: {sum(values)} in all" for name, values in series.items())
    period = f"{categories[0]} to {categories[-1]}" if categories else "no months"
    description = f"Monthly figures from {period}. {totals}. The table below gives every value."
    return LineChart(id, title, description, drawn, _ticks(maximum), x_labels)
