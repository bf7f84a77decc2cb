"""Big questionnaires: the order of steps is checked, and the plan placed, in linear work.

No test here times anything. The quick check for cycles of ``after``, levels and appointing is
held to the whole graph's answer (which names the cycle) on random questionnaires; the plan's
waits and phases to the pairwise way they were worked out before; and the work of both is
counted (lines run), twice the steps giving about twice the work.
"""

from __future__ import annotations

import gc
import heapq
import random
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from socialmaturity.engine import roadmap
from socialmaturity.engine.roadmap import Targets, answer_levels, plan
from socialmaturity.errors import InputError
from socialmaturity.model import collector, questionnaire_rules
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.collector import FREEZE_FROM, paused_collector
from socialmaturity.model.questionnaire import (
    KNOWN_KEYS,
    Questionnaire,
    load_questionnaire,
    questionnaire_from,
)
from socialmaturity.model.questionnaire_rules import rule_problems
from socialmaturity.model.step_order import StepOrder
from socialmaturity.model.validation import validate_model
from socialmaturity.model.yaml_reader import YamlDocument, load_yaml
from socialmaturity.resources import bundled_dir

from conftest import DEMO_RESPONSE

HEAD = """\
id: steps
version: "1"
title: Steps
levels:
  - {level: 1, name: One, min_score: 0}
  - {level: 2, name: Two, min_score: 25}
  - {level: 3, name: Three, min_score: 50}
  - {level: 4, name: Four, min_score: 75}
dimensions:
"""
OPTIONS = (
    "[{value: a, label: A, points: 0, level: 1}, {value: b, label: B, points: 1, level: 2}, "
    "{value: c, label: C, points: 2, level: 3}, {value: d, label: D, points: 3, level: 4}]"
)
ROLES = ["CEO", "Head", "head", "Lead", "Owner"]
ONE_QUESTION = (
    f"  - id: d\n    name: D\n    questions:\n      - {{id: q, text: Q, options: {OPTIONS}}}\n"
)


def random_questionnaire(rng: random.Random, dimensions: int, steps: int) -> str:
    """Dimensions of a few questions and ``steps`` recommendations each, in random order."""
    ids = [f"r{d}_{r}" for d in range(dimensions) for r in range(steps)]
    lines = [HEAD]
    for d in range(dimensions):
        lines.append(f"  - id: d{d}\n    name: D{d}\n    questions:\n")
        lines += [f"      - {{id: q{d}_{n}, text: Q, options: {OPTIONS}}}\n" for n in range(4)]
        lines.append("    recommendations:\n")
        for r in range(steps):
            # a duplicate id, now and then
            rid = f"r{d}_{r}" if rng.random() > 0.03 else rng.choice(ids)
            fields = [f"id: {rid}", f"level: {rng.randint(2, 4)}", "title: T"]
            if rng.random() < 0.3:
                fields.append(f"after: [{rng.choice(ids)}]")
            if rng.random() < 0.4:
                fields.append(f"owner: {rng.choice(ROLES)}")
            if rng.random() < 0.15:
                fields.append(f"appoints: {rng.choice(ROLES)}")
            addresses = rng.sample(range(4), rng.randint(0, 2))
            fields.append(f"addresses: [{', '.join(f'q{d}_{n}' for n in addresses)}]")
            lines.append(f"      - {{{', '.join(fields)}}}\n")
    return "".join(lines)


def problems(doc: YamlDocument) -> list[str]:
    model = validate_model(Questionnaire, doc, known_keys=KNOWN_KEYS)
    return [f"{p.location}: {p.message}" for p in rule_problems(doc, model)]


@pytest.mark.parametrize("seed", range(12))
def test_the_quick_cycle_check_agrees_with_the_whole_graph(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    cycles = 0
    for _ in range(25):
        text = random_questionnaire(rng, rng.randint(1, 4), rng.randint(1, 8))
        doc = load_yaml("q.yaml", allow_aliases=True, text=text)
        found = problems(doc)
        with monkeypatch.context() as patched:
            patched.setattr(questionnaire_rules, "may_cycle", lambda *_: True)
            assert problems(doc) == found, text
        cycles += any("make a cycle" in p or "makes a cycle" in p for p in found)
    assert cycles  # the random questionnaires do have cycles


def pairwise_cycles(order: StepOrder) -> list[list[str]]:
    """The cycles as they were found before: an edge from each step to every lower one."""
    edges = {}
    for rec_id, (d, r) in order.where.items():
        level = order.entries[d][r][0]
        lower = [peer for peer_level, peer in order.entries[d] if peer_level < level]
        edges[rec_id] = [*order.named[rec_id], *lower, *order.appointed[rec_id]]
    found, finished, seen = [], [], set()
    for start in edges:  # Kosaraju: finishing order, then groups on the reverse graph
        if start in seen:
            continue
        seen.add(start)
        stack = [(start, iter(edges[start]))]
        while stack:
            node, pending = stack[-1]
            following = next(pending, None)
            if following is None:
                stack.pop()
                finished.append(node)
            elif following not in seen:
                seen.add(following)
                stack.append((following, iter(edges[following])))
    reverse: dict[str, list[str]] = {node: [] for node in edges}
    for node, needs in edges.items():
        for other in needs:
            reverse[other].append(node)
    grouped: set[str] = set()
    for root in reversed(finished):
        if root in grouped:
            continue
        group, todo = {root}, [root]
        grouped.add(root)
        while todo:
            for other in reverse[todo.pop()]:
                if other not in grouped:
                    grouped.add(other)
                    group.add(other)
                    todo.append(other)
        if len(group) > 1:
            found.append(shortest_cycle(root, group, edges))
    return found


def shortest_cycle(root: str, group: set[str], edges: dict[str, list[str]]) -> list[str]:
    came_from: dict[str, str] = {}
    frontier = [root]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for other in edges[node]:
                if other == root:
                    cycle = [node]
                    while cycle[-1] != root:
                        cycle.append(came_from[cycle[-1]])
                    return cycle[::-1]
                if other in group and other not in came_from:
                    came_from[other] = node
                    following.append(other)
        frontier = following
    raise AssertionError(root)


def step_order(q: Questionnaire) -> StepOrder:
    """The order of ``q``'s steps, with valid ``after`` ids only, as the rules build it."""
    where: dict[str, tuple[int, int]] = {}
    for d, dimension in enumerate(q.dimensions):
        for r, rec in enumerate(dimension.recommendations):
            where.setdefault(rec.id, (d, r))
    named, appointed = {}, {}
    for rec_id, (d, r) in where.items():
        rec = q.dimensions[d].recommendations[r]
        named[rec_id] = [o for o in dict.fromkeys(rec.after) if o in where and o != rec_id]
        appointed[rec_id] = q.appointers_of(rec)
    return StepOrder(q, where, named, appointed)


@pytest.mark.parametrize("seed", range(12))
def test_the_cycles_are_the_pairwise_ones(seed: int) -> None:
    rng = random.Random(100 + seed)
    cycles = 0
    for _ in range(25):
        text = random_questionnaire(rng, rng.randint(1, 3), rng.randint(2, 12))
        doc = load_yaml("q.yaml", allow_aliases=True, text=text)
        order = step_order(validate_model(Questionnaire, doc, known_keys=KNOWN_KEYS))
        found = list(order.cycles())
        assert found == pairwise_cycles(order), text
        cycles += len(found)
    assert cycles


def test_a_cycle_is_still_named_with_its_ids() -> None:
    text = (
        HEAD
        + ONE_QUESTION
        + "    recommendations:\n"
        + "".join(f"      - {{id: low{n}, level: 2, title: T}}\n" for n in range(50))
        + "      - {id: high, level: 4, title: T}\n"
        + "      - {id: mid, level: 3, title: T, after: [high]}\n"
    )
    found = problems(load_yaml("q.yaml", allow_aliases=True, text=text))
    assert found == [
        "q.yaml:66:47: after makes a cycle with the order of levels: mid -> high -> mid (each "
        "must come before the next; a step towards a lower level comes before its dimension's "
        "steps towards higher ones)"
    ]


def lines_run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> int:
    """How many lines of Python ``function(*args)`` runs, in all."""
    counted = 0

    def trace(frame: Any, event: str, arg: Any) -> Any:
        nonlocal counted
        if event == "line":
            counted += 1
        return trace

    sys.settrace(trace)
    try:
        function(*args, **kwargs)
    finally:
        sys.settrace(None)
    return counted


def one_dimension(steps: int) -> str:
    """One dimension whose ``steps`` steps go towards every level, each addressing a question."""
    questions = "".join(
        f"      - {{id: q{n}, text: Q{n}, options: {OPTIONS}}}\n" for n in range(steps)
    )
    recommendations = "".join(
        f"      - {{id: r{n}, level: {2 + n % 3}, title: T{n}, addresses: [q{n}]"
        + (f", after: [r{n - 7}]" if n % 5 == 0 and n >= 7 and (n - 7) % 3 < n % 3 else "")
        + (", owner: Head" if n % 4 == 1 else ", appoints: Head" if n == 0 else "")
        + "}\n"
        for n in range(steps)
    )
    head = f"{HEAD}  - id: d\n    name: D\n    questions:\n"
    return f"{head}{questions}    recommendations:\n{recommendations}"


def test_checking_the_order_of_steps_grows_linearly() -> None:
    """Twice the steps in one dimension, about twice the work (it was four times)."""
    work = []
    for steps in (200, 400):
        doc = load_yaml("q.yaml", allow_aliases=True, text=one_dimension(steps))
        model = validate_model(Questionnaire, doc, known_keys=KNOWN_KEYS)
        work.append(lines_run(lambda d=doc, m=model: list(rule_problems(d, m))))
    assert work[1] / work[0] < 2.5, work


def test_naming_a_cycle_grows_as_n_log_n() -> None:
    """A dimension that is one big cycle: twice the steps, little more than twice the work."""
    work = []
    for steps in (200, 400):
        last = max(n for n in range(steps) if n % 3 == 2)
        text = one_dimension(steps).replace(
            "{id: r0, level: 2, title: T0, addresses: [q0]",
            f"{{id: r0, level: 2, title: T0, addresses: [q0], after: [r{last}]",
        )
        doc = load_yaml("q.yaml", allow_aliases=True, text=text)
        model = validate_model(Questionnaire, doc, known_keys=KNOWN_KEYS)
        found = problems(doc)
        assert len(found) == 1 and f"r{last} -> r0 -> r{last}" in found[0]
        work.append(lines_run(lambda d=doc, m=model: list(rule_problems(d, m))))
    assert work[1] / work[0] < 2.5, work


def every_answer(q: Questionnaire, value: str) -> dict[str, str]:
    return {question.id: value for d in q.dimensions for question in d.questions}


def test_placing_the_plan_grows_linearly() -> None:
    """All steps of one dimension on the plan (target 4 from level 1): the work stays linear.

    The steps' ``waits_for`` lists are quadratic in size (each step waits for every lower step
    of its dimension, SPEC section 3); they are shared, not walked one entry at a time.
    """
    work = []
    for steps in (200, 400):
        q = questionnaire_from(load_yaml("q.yaml", allow_aliases=True, text=one_dimension(steps)))
        answers = answer_levels(q, [every_answer(q, "a")])
        work.append(lines_run(plan, q, {"d": 1}, answers, Targets(every=4), steps_per_phase=3))
    assert work[1] / work[0] < 2.5, work


# The plan's waits and phases as they were worked out before: every pair of steps of a dimension.
def pairwise_waits(q: Questionnaire, candidates: Sequence[Any]) -> dict[str, tuple[str, ...]]:
    in_plan = {c.recommendation.id for c in candidates}
    waits: dict[str, tuple[str, ...]] = {}
    for c in candidates:
        rec = c.recommendation
        found = [
            other.recommendation.id
            for other in candidates
            if other.dimension.id == c.dimension.id and other.recommendation.level < rec.level
        ]
        found += [other for other in rec.after if other in in_plan]
        found += [other for other in q.appointers_of(rec) if other in in_plan]
        waits[rec.id] = tuple(dict.fromkeys(found))
    return waits


def pairwise_place(
    candidates: Sequence[Any], waits: Mapping[str, tuple[str, ...]], room: int
) -> list[tuple[str, int]]:
    by_id = {c.recommendation.id: c for c in candidates}
    waiting = {step: len(needs) for step, needs in waits.items()}
    unlocks: dict[str, list[str]] = {step: [] for step in waits}
    for step, needs in waits.items():
        for need in needs:
            unlocks[need].append(step)
    ready = [(by_id[step].priority, step) for step, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    phase_of: dict[str, int] = {}
    used: dict[int, int] = {}
    placed = []
    while ready:
        _, step = heapq.heappop(ready)
        phase = 1 + max((phase_of[need] for need in waits[step]), default=0)
        while room and used.get(phase, 0) >= room:
            phase += 1
        phase_of[step] = phase
        used[phase] = used.get(phase, 0) + 1
        placed.append((step, phase))
        for other in unlocks[step]:
            waiting[other] -= 1
            if waiting[other] == 0:
                heapq.heappush(ready, (by_id[other].priority, other))
    return placed


@pytest.mark.parametrize("seed", range(6))
def test_the_plan_is_placed_as_pair_by_pair(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    planned = 0
    place = roadmap._place
    for _ in range(20):
        text = random_questionnaire(rng, rng.randint(1, 4), rng.randint(1, 9))
        doc = load_yaml("q.yaml", allow_aliases=True, text=text)
        try:
            q = questionnaire_from(doc)
        except Exception:
            continue  # a cycle or a duplicate id: no plan for it
        answers = answer_levels(q, [{qid: rng.choice("abcd") for qid in q.question_by_id}])
        levels = {d.id: rng.choice([None, 1, 2, 3, 4]) for d in q.dimensions}
        room = rng.choice([0, 1, 2, 5])
        captured: list[Sequence[Any]] = []

        def capture(candidates: Sequence[Any], *args: Any, into: list[Any] = captured) -> Any:
            into.append(candidates)
            return place(candidates, *args)

        monkeypatch.setattr(roadmap, "_place", capture)
        made = plan(q, levels, answers, Targets(every=rng.choice([None, 4])), steps_per_phase=room)
        expected_waits = pairwise_waits(q, captured[0])
        placed = pairwise_place(captured[0], expected_waits, room)
        by_phase = sorted(placed, key=lambda found: found[1])  # stable: the order placed
        assert [(s.recommendation.id, s.phase) for s in made.steps] == by_phase
        assert {s.recommendation.id: s.waits_for for s in made.steps} == expected_waits
        assert [n for n, _ in made.phases()] == sorted({s.phase for s in made.steps})
        planned += len(made.steps)
    assert planned


def test_the_collector_is_paused_and_resumed() -> None:
    assert gc.isenabled()
    with paused_collector():
        assert not gc.isenabled()
        with paused_collector():  # nested: left as it is
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_collector():
        raise ValueError
    assert gc.isenabled()


def test_a_big_build_is_kept_out_of_later_collections() -> None:
    frozen = gc.get_freeze_count()
    try:
        with paused_collector():
            kept = [[n] for n in range(2 * FREEZE_FROM)]
        assert gc.isenabled() and gc.get_freeze_count() >= frozen + len(kept)
    finally:
        gc.unfreeze()
    with paused_collector():
        few = [[n] for n in range(100)]
    assert gc.get_freeze_count() == 0 and few


@pytest.mark.parametrize("command", ["lint", "validate", "report --lang de"])
def test_every_read_of_a_questionnaire_or_translation_pauses_the_collector(
    command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Questionnaires and translations are composed and validated with the collector paused,
    whichever command reads them; a response, read thousands of times in a batch, is not."""
    from typer.testing import CliRunner

    from socialmaturity.cli import app
    from socialmaturity.model import validation, yaml_reader

    seen: list[tuple[str, bool]] = []

    def watched(step: Callable[..., Any], what: Callable[..., str]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            seen.append((what(*args), gc.isenabled()))
            return step(*args, **kwargs)

        return run

    monkeypatch.setattr(
        yaml_reader, "_compose", watched(yaml_reader._compose, lambda name, *_: Path(name).name)
    )
    monkeypatch.setattr(
        validation, "validate_model", watched(validation.validate_model, lambda m, *_: m.__name__)
    )
    arguments = {
        "lint": ["lint", str(bundled_dir() / "social-maturity-quick.yaml")],
        "validate": ["validate", str(DEMO_RESPONSE)],
        "report --lang de": [
            "report",
            str(DEMO_RESPONSE),
            "--lang",
            "de",
            "-o",
            str(tmp_path / "r.md"),
        ],
    }[command]
    done = CliRunner().invoke(app, arguments)
    assert done.exit_code == 0, done.output
    read = dict(seen)
    assert "Questionnaire" in read
    if command != "validate":
        assert "Translation" in read and any(name.endswith(".de.yaml") for name in read)
    if command == "report --lang de":  # read as a response: collected as usual
        assert (DEMO_RESPONSE.name, True) in seen
    # (validate reads each file before it knows what it is: paused, like a questionnaire)
    assert all(not collecting for what, collecting in seen if what != DEMO_RESPONSE.name), seen


@pytest.mark.parametrize("what", ["questionnaire", "translation"])
def test_a_file_is_read_and_validated_in_one_pause(what: str, tmp_path: Path) -> None:
    """Between reading a questionnaire (or its translation) and validating it the collector must
    not run: it would walk the whole document just read (10 ms at 600 questions). It runs at
    most once, after the build."""
    questions = "".join(f"      - {{id: q{n}, text: Q, options: {OPTIONS}}}\n" for n in range(600))
    path = tmp_path / "steps.yaml"
    path.write_text(f"{HEAD}  - id: d\n    name: D\n    questions:\n{questions}")
    texts = "".join(
        f"      q{n}: {{text: F, options: {{a: A, b: B, c: C, d: D}}}}\n" for n in range(600)
    )
    (tmp_path / "steps.fr.yaml").write_text(
        'translation_of: steps\nsource_version: "1"\nlanguage: fr\n'
        f"dimensions:\n  d:\n    questions:\n{texts}"
    )
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.collect()
    gc.callbacks.append(count)
    try:
        if what == "questionnaire":
            load_questionnaire(path)
        else:
            Catalog(language="fr").load(path)
    finally:
        gc.callbacks.remove(count)
    assert len(collections) <= 1


def test_start_up_is_quiet_until_the_first_questionnaire_is_built() -> None:
    """The collector waits for many more objects while the tool starts; a failed build keeps it
    waiting, the first good one freezes what start-up made and brings back the usual thresholds."""
    usual = gc.get_threshold()
    try:
        collector.quiet_start_up()
        assert gc.get_threshold() == (collector.START_UP_THRESHOLD, *usual[1:])
        with pytest.raises(InputError):
            load_questionnaire("q.yaml", text="id: [")
        # validate reads a file before it knows it is a response; the read pauses on its own
        load_yaml("r.yaml", allow_aliases=True, text="questionnaire: q\nanswers: {}\n")
        assert gc.get_threshold()[0] == collector.START_UP_THRESHOLD
        assert gc.get_freeze_count() == 0
        quick = bundled_dir() / "social-maturity-quick.yaml"
        load_questionnaire(quick)
        assert gc.get_threshold() == usual and gc.isenabled()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        load_questionnaire(quick)  # once only: a later build is frozen only when big
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
        gc.set_threshold(*usual)
        collector._usual = None


def test_an_id_written_twice_in_one_dimension_is_one_error_not_a_crash() -> None:
    """The order of levels alone made a cycle through the second ``x``; it named no edge."""
    text = (
        HEAD
        + ONE_QUESTION
        + "    recommendations:\n"
        + "      - {id: x, level: 3, title: T}\n"
        + "      - {id: y, level: 2, title: T}\n"
        + "      - {id: x, level: 1, title: T}\n"
    )
    assert problems(load_yaml("q.yaml", allow_aliases=True, text=text)) == [
        "q.yaml:17:14: duplicate recommendation id 'x' (also dimensions[0].recommendations[0])",
        "q.yaml:17:24: recommendation level must be between 2 and 4 (a step towards a level "
        "above the first), not 1",
    ]
