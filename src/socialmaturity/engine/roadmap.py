"""The roadmap of SPEC section 3: which recommendations take each dimension to its target.

``--target`` values are parsed here too, so the command line and library callers agree on what a
valid target is (a level of the questionnaire; above the top level is a usage error).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from socialmaturity.engine.scoring import Result
from socialmaturity.errors import UsageError
from socialmaturity.model.questionnaire import Dimension, Questionnaire, Recommendation


@dataclass(frozen=True)
class Targets:
    """Target levels: one for every dimension and/or one per dimension id."""

    every: int | None = None
    per_dimension: tuple[tuple[str, int], ...] = ()

    def for_dimension(self, dimension_id: str, current: int, top: int) -> int:
        """The target of one dimension: explicit, else the global one, else one level up."""
        explicit = dict(self.per_dimension)
        if dimension_id in explicit:
            return explicit[dimension_id]
        if self.every is not None:
            return self.every
        return min(current + 1, top)


def parse_targets(values: Iterable[str], questionnaire: Questionnaire) -> Targets:
    """Parse ``--target LEVEL`` and ``--target DIMENSION=LEVEL`` options."""
    every: int | None = None
    per: dict[str, int] = {}
    top = questionnaire.top_level
    for raw in values:
        name, sep, level_text = raw.rpartition("=")
        name = name.strip()
        try:
            level = int(level_text.strip())
        except ValueError:
            raise UsageError(
                f"--target {raw!r}: expected LEVEL or DIMENSION=LEVEL with a whole number"
            ) from None
        if not 1 <= level <= top:
            raise UsageError(f"--target {raw!r}: the levels of '{questionnaire.id}' are 1..{top}")
        if not sep:
            every = level
            continue
        if name not in questionnaire.dimension_by_id:
            known = ", ".join(questionnaire.dimension_by_id)
            raise UsageError(f"--target {raw!r}: no dimension '{name}' (dimensions: {known})")
        per[name] = level
    return Targets(every, tuple(per.items()))


@dataclass(frozen=True)
class RoadmapStep:
    """The recommendations for one dimension, from its current level to its target."""

    dimension: Dimension
    current: int
    target: int
    recommendations: tuple[Recommendation, ...]


def roadmap(result: Result, targets: Targets | None = None) -> tuple[RoadmapStep, ...]:
    """Recommendations per dimension with ``current < level <= target``, ordered by level.

    A dimension with no level (nothing answered) counts as level 1; one already at or above its
    target gets none.
    """
    chosen = targets or Targets()
    top = result.questionnaire.top_level
    steps = []
    for dim in result.dimensions:
        current = dim.level if dim.level is not None else 1
        target = chosen.for_dimension(dim.id, current, top)
        picks = sorted(
            (r for r in dim.dimension.recommendations if current < r.level <= target),
            key=lambda r: r.level,
        )
        steps.append(RoadmapStep(dim.dimension, current, target, tuple(picks)))
    return tuple(steps)
