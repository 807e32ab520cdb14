"""What the benchmark scripts share: timing an action, percentiles, and their figures.

A figure is a dict with at least ``name``, ``value``, ``unit`` and ``target``; the
runner (``run.py``) also reads ``size``, ``baseline`` and ``ratio_target``.
"""

import statistics
import time
from collections.abc import Callable
from typing import Any

Figure = dict[str, Any]


def seconds(action: Callable[[], object]) -> float:
    """How long one call of ``action`` took, in seconds."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def percentile(values: list[float], fraction: float) -> float:
    """The value ``fraction`` of the way up the sorted values (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def p90(values: list[float]) -> float:
    """The 90th percentile, interpolated between the nearest values."""
    return statistics.quantiles(values, n=10)[-1]


def figure(
    name: str,
    size: str,
    value: float,
    unit: str,
    target: float | None,
    baseline: float | None = None,
    ratio_target: float | None = None,
) -> Figure:
    """One figure, with its ratio to the baseline and whether it met its targets."""
    ratio = value / baseline if baseline else None
    passed = (target is None or value <= target) and (
        ratio_target is None or ratio is None or ratio <= ratio_target
    )
    return {
        "name": name,
        "size": size,
        "value": value,
        "unit": unit,
        "target": target,
        "baseline": baseline,
        "ratio": ratio,
        "ratio_target": ratio_target,
        "pass": passed,
    }


def print_against_targets(
    figures: list[Figure], *, value_format: str, target_format: str, column: int
) -> int:
    """Print each figure beside its target, ``column`` wide; 1 if any missed it, else 0.

    A NaN value (a crash) never passes.
    """
    width = max(len(f["name"]) for f in figures)
    print(f"{'figure':<{width}}  {'value':>{column}}  {'target':>{column}}  result")
    failed = 0
    for f in figures:
        passed = f["value"] <= f["target"]
        failed += not passed
        value = f"{f['value']:{value_format}} {f['unit']}"
        target = f"{f['target']:{target_format}} {f['unit']}"
        result = "pass" if passed else "FAIL"
        print(f"{f['name']:<{width}}  {value:>{column}}  {target:>{column}}  {result}")
    return 1 if failed else 0
