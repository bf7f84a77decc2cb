"""SPEC section 4, "Hardening (v3)": ``lint`` runs in time linear in the questionnaire's size.

No test here times anything: the work is counted (Python function calls), and the quick way of
finding ``cap-never-binds`` is checked against scoring the whole dimension, as it used to.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from socialmaturity.engine.lint import _BestElsewhere, lint
from socialmaturity.engine.scoring import score_dimension
from socialmaturity.model.questionnaire import Question, load_questionnaire
from socialmaturity.model.response import Answer

from conftest import REPO, write


def big(questions: int, seed: int = 3) -> str:
    """One dimension of ``questions`` capped single questions, weights of every size."""
    rng = random.Random(seed)
    lines = [
        "id: big",
        'version: "1"',
        "title: Big",
        "levels:",
        "  - {level: 1, name: Low, min_score: 0}",
        "  - {level: 2, name: Mid, min_score: 40}",
        "  - {level: 3, name: High, min_score: 99.99}",
        "dimensions:",
        "  - id: d",
        "    name: D",
        "    questions:",
    ]
    for n in range(questions):
        weight = rng.choice(["0", "1", "2.5", "1e-300", "1e6", "0.1"])
        options = (
            f"[{{value: a, label: A, points: 0, cap: {rng.choice([1, 2])}}}, "
            f"{{value: m, label: M, points: {rng.randint(1, 9)}, cap: 2}}, "
            "{value: b, label: B, points: 10}]"
        )
        lines.append(f"      - {{id: q{n}, text: Q{n}, weight: {weight}, options: {options}}}")
    return "\n".join(lines) + "\n"


def best(question: Question) -> Answer:
    if question.kind == "scale":
        return Answer(question.max)
    options = question.options or []
    if question.kind == "multi":
        return Answer(tuple(option.value for option in options))
    return Answer(max(options, key=lambda option: option.points).value)


QUESTIONNAIRES = sorted(p for p in (REPO / "questionnaires").glob("*.yaml") if "." not in p.stem)


@pytest.mark.parametrize("source", ["big", *QUESTIONNAIRES], ids=lambda s: Path(s).name)
def test_the_quick_score_is_the_dimensions_score_exactly(tmp_path: Path, source: object) -> None:
    path = write(tmp_path / "big.yaml", big(60)) if source == "big" else source
    q = load_questionnaire(path)  # type: ignore[arg-type]
    checked = 0
    for dimension in q.dimensions:
        quick = _BestElsewhere(dimension)
        others = {o.id: best(o) for o in dimension.questions if o.weight > 0}
        for question in dimension.questions:
            if question.kind != "single":
                continue
            for option in question.options or []:
                answers = {**others, question.id: Answer(option.value)}
                expected = score_dimension(q, dimension, answers).score
                assert quick.score(question, question.single_norms[option.value]) == expected
                checked += 1
    assert checked


def calls(function: object, *args: object) -> int:
    """How many Python functions ``function(*args)`` calls, in all."""
    counted = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal counted
        if event == "call":
            counted += 1

    sys.setprofile(profile)
    try:
        function(*args)  # type: ignore[operator]
    finally:
        sys.setprofile(None)
    return counted


def test_lint_work_grows_linearly_with_a_dimensions_questions(tmp_path: Path) -> None:
    """Twice the questions, about twice the work (quadratic: four times; 2,000 took 10 s)."""
    small = load_questionnaire(write(tmp_path / "small.yaml", big(500)))
    large = load_questionnaire(write(tmp_path / "large.yaml", big(1000)))
    ratio = calls(lint, large) / calls(lint, small)
    assert ratio < 2.5, ratio


@pytest.mark.slow
def test_lint_of_ten_thousand_questions(tmp_path: Path) -> None:
    from conftest import run_cli

    path = write(tmp_path / "big.yaml", big(10_000))
    run = run_cli("lint", path, "--format", "json")
    assert run.code == 1 and '"code": "cap-never-binds"' in run.stdout
