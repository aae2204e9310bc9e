"""A bar chart of pledges and kept pledges per week, drawn as SVG on the server."""

from dataclasses import dataclass

from django.utils.formats import date_format

from .selectors import WeekBar

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 16, 40


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str


def nice_ceiling(value: int) -> int:
    """The top of the axis: a round number at least `value` (and at least 4)."""
    for step in (4, 8, 12, 20, 40, 60, 100, 200, 400, 600, 1000, 2000, 4000):
        if value <= step:
            return step
    return -(-value // 1000) * 1000


def weekly_chart(bars: list[WeekBar]) -> dict:
    """Coordinates for `pledges/admin/chart_svg.html`: bars, grid lines and labels."""
    top = nice_ceiling(max([bar.pledged for bar in bars] + [bar.kept for bar in bars] + [0]))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(bars), 1)
    bar_width = slot * 0.36

    def rect(index: int, offset: float, value: int, week: str, what: str) -> Rect:
        height = plot_height * value / top
        return Rect(
            x=round(LEFT + index * slot + slot * 0.12 + offset, 1),
            y=round(TOP + plot_height - height, 1),
            width=round(bar_width, 1),
            height=round(height, 1),
            value=value,
            label=f"{week}: {value} {what}",
        )

    pledged, kept, weeks = [], [], []
    for index, bar in enumerate(bars):
        week = date_format(bar.start, "j M")
        pledged.append(rect(index, 0, bar.pledged, week, "pledged"))
        kept.append(rect(index, bar_width, bar.kept, week, "kept"))
        weeks.append({"x": round(LEFT + index * slot + slot / 2, 1), "label": week})
    grid = [
        {"y": round(TOP + plot_height - plot_height * step / 4, 1), "value": top * step // 4}
        for step in range(5)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "axis_y": TOP + plot_height,
        "label_y": HEIGHT - BOTTOM + 18,
        "pledged": pledged,
        "kept": kept,
        "weeks": weeks,
        "grid": grid,
    }
