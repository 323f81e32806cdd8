"""A grouped bar chart (QtCharts) for the quarterly figures."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#1f6fb2", "#e07b00", "#2e8b57", "#b03060", "#6a5acd")


class BarChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QChart(), parent)
        self.title = ""
        self.categories: list[str] = []
        self.series: list[tuple[str, list[float]]] = []
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.chart().legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        # Animations would make a screenshot or a test grab catch bars half-grown.
        self.chart().setAnimationOptions(QChart.AnimationOption.NoAnimation)

    def set_data(self, title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]) -> None:
        self.title = title
        self.categories = list(categories)
        self.series = [(name, [float(v) for v in values]) for name, values in series]
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(title)
        bars = QBarSeries()
        for i, (name, values) in enumerate(self.series):
            bar_set = QBarSet(name)
            bar_set.setColor(QColor(PALETTE[i % len(PALETTE)]))
            bar_set.append(values)
            bars.append(bar_set)
        bars.setLabelsVisible(True)
        bars.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(bars)
        x_axis = QBarCategoryAxis()
        x_axis.append(self.categories)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        bars.attachAxis(x_axis)
        y_axis = QValueAxis()
        # Head-room so the value labels above the tallest bar are not cut off.
        y_axis.setRange(0, self.top() * 1.15)
        y_axis.setLabelFormat("%d")
        y_axis.applyNiceNumbers()
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(y_axis)

    def bar_count(self) -> int:
        return sum(len(v) for _, v in self.series)

    def top(self) -> float:
        return max([v for _, values in self.series for v in values] + [1.0])
