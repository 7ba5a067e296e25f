"""output/coverage_heatmap.png and .svg: councils × actions, drawn with matplotlib for slides.

Councils down, the 72 actions across grouped by theme (a band and a rule per theme), action ids
on the axis, a cell shaded by the strength of the best evidence where the council's plan
addresses the action, a legend and a title. The SVG keeps text as text (searchable, editable);
the PNG is rendered at 200 dpi. Fonts are matplotlib's own, so the picture is the same on any
machine, and the files carry no date.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: files only

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap, to_rgba  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from .tables import Row  # noqa: E402

GAP_COLOUR = "#fbe3e3"
EVIDENCE = LinearSegmentedColormap.from_list("evidence", ["#9fd3ac", "#1a7f37"])
DPI = 200
WIDTH = 17  # inches: a 16:9 slide's width at 200 dpi, 72 actions readable
NAME_INCHES_PER_CHARACTER = 0.065  # council names at 8 pt


def councils_and_cells(tables: dict[str, list[Row]]) -> tuple[list[str], dict[tuple[str, str], Row]]:
    cells = {(c["council"], c["action_id"]): c for c in tables["council_coverage"]}
    return list(dict.fromkeys(c["council"] for c in tables["council_coverage"])), cells


def heatmap_figure(tables: dict[str, list[Row]]):
    actions = tables["actions"]
    councils, cells = councils_and_cells(tables)
    height = 2.6 + 0.32 * max(len(councils), 1)
    figure, axes = plt.subplots(figsize=(WIDTH, height))
    left = (0.3 + NAME_INCHES_PER_CHARACTER * max(map(len, councils), default=10)) / WIDTH
    figure.subplots_adjust(left=left, right=0.99, top=1 - 0.45 / height, bottom=1.05 / height)
    gap = to_rgba(GAP_COLOUR)
    colours = [[EVIDENCE(cell["best_score"]) if (cell := cells.get((council, action["action_id"]))) and cell["addressed"]
                else gap for action in actions] for council in councils] or [[gap] * len(actions)]
    axes.pcolormesh(range(len(actions) + 1), range(len(colours) + 1), np.array(colours),
                    shading="flat")  # cells as vector quads: no image the size of the picture to resample
    axes.set_xticks([i + 0.5 for i in range(len(actions))], [a["action_id"] for a in actions],
                    rotation=90, fontsize=6, family="DejaVu Sans Mono")
    axes.set_yticks([i + 0.5 for i in range(len(councils))], councils, fontsize=8)
    # white rules between the cells, as two collections (a grid on minor ticks costs an artist per line)
    axes.vlines(range(len(actions) + 1), 0, len(colours), colors="white", linewidth=1.2)
    axes.hlines(range(len(colours) + 1), 0, len(actions), colors="white", linewidth=1.2)
    axes.set_ylim(len(colours), -1.0)
    start = 0
    for (number, title), group in groupby(actions, key=lambda a: (a["theme_no"], a["theme"])):
        count = len(list(group))
        axes.text(start + count / 2, -0.5, f"Theme {number}: {_short(title, count)}", ha="center", va="center",
                  fontsize=8, weight="bold")
        if start:
            axes.axvline(start, color="#555555", linewidth=0.8)
        start += count
    for side in axes.spines.values():
        side.set_visible(False)
    axes.tick_params(which="both", length=0)
    axes.set_title("Required actions of the national winter plan 2020/21 addressed in each council's plan",
                   fontsize=11, loc="left")
    figure.legend(handles=[Patch(color=EVIDENCE(1.0), label="addressed (darker = stronger evidence)"),
                           Patch(color=GAP_COLOUR, label="no evidence found")],
                  loc="lower left", bbox_to_anchor=(left, 0), ncol=2, frameon=False, fontsize=8)
    return figure


SVG_SETTINGS = {"svg.fonttype": "none", "svg.hashsalt": "winter-plans"}  # text as text; ids the same every run


def metadata(fmt: str, digest: str) -> dict:
    """No date and no version (the same tables give the same file); `digest` names the
    tables it was drawn from, so an unchanged run can reuse it."""
    mark = f"tables {digest}"
    return {"png": {"Software": None, "Description": mark},
            "svg": {"Date": None, "Creator": None, "Description": mark}}[fmt]


def write_heatmaps(paths: dict[str, Path], tables: dict[str, list[Row]], digest: str) -> None:
    """The heatmap drawn once and saved in each format of `paths` (format -> path)."""
    with plt.rc_context(SVG_SETTINGS):
        figure = heatmap_figure(tables)
        try:
            for fmt, path in paths.items():
                figure.savefig(path, format=fmt, dpi=DPI, metadata=metadata(fmt, digest))
        finally:
            plt.close(figure)


def _short(title: str, width: int) -> str:
    """A theme's title cut to the width of its band."""
    room = max(width * 2, 10)
    return title if len(title) <= room else title[:room - 1].rstrip() + "…"
