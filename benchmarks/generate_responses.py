"""Write N random but valid response files for a questionnaire, for benchmarks and batch tests.

python benchmarks/generate_responses.py OUT_DIR [N] [--questionnaire PATH_OR_ID] [--seed S]
    [--style flow|dumper|template]

The same seed gives the same answers in every style; only the way they are written differs:

- ``flow``: the header, then one ``question: answer`` line each, multi answers as ``[a, b]``;
- ``dumper``: what PyYAML's default dumper writes (``yaml.safe_dump``: keys sorted, lists as
  block sequences of ``- item`` lines, the date quoted), the way most tools write YAML;
- ``template``: the layout ``template`` hands out and ``assess`` saves (the schema-less header,
  every question under its comment), filled in with the answers.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

from socialmaturity.model.catalog import Catalog
from socialmaturity.model.questionnaire import Question, Questionnaire

#: The ways of writing the same answers, in the order benchmarks report them.
STYLES = ("dumper", "flow", "template")


def random_answer(question: Question, rng: random.Random) -> str | int | list[str] | None:
    """One random answer (sometimes unanswered, sometimes na)."""
    if rng.random() < 0.05:
        return None
    if question.allow_na and rng.random() < 0.1:
        return "na"
    if question.kind == "scale":
        return rng.randint(question.min or 0, question.max or 0)
    values = [option.value for option in question.options or ()]
    if question.kind == "multi":
        return [v for v in values if rng.random() < 0.5]
    return rng.choice(values)


def _header(questionnaire: Questionnaire, n: int) -> dict[str, str]:
    return {
        "questionnaire": questionnaire.id,
        "questionnaire_version": questionnaire.version,
        "organization": f"Company {n % 500:03d}",
        "respondent": f"Respondent {n}",
        "role": "CMO",
        "date": f"20{20 + n % 7}-{1 + n % 12:02d}-{1 + n % 28:02d}",
    }


def _flow_text(header: dict[str, str], answers: dict[str, Any]) -> str:
    lines = [
        f"questionnaire: {header['questionnaire']}",
        f'questionnaire_version: "{header["questionnaire_version"]}"',
        *(f"{key}: {header[key]}" for key in ("organization", "respondent", "role", "date")),
        "answers:",
    ]
    for question_id, answer in answers.items():
        lines.append(f"  {question_id}: {flow_text(answer)}".rstrip())
    return "\n".join(lines) + "\n"


def flow_text(answer: str | int | list[str] | None) -> str:
    """An answer as a flow-style YAML value: nothing when unanswered, ``[a, b]`` for a list."""
    if answer is None:
        return ""
    if isinstance(answer, list):
        return "[" + ", ".join(answer) + "]"
    return str(answer)


def _dumper_text(header: dict[str, str], answers: dict[str, Any]) -> str:
    import yaml

    return str(yaml.safe_dump({**header, "answers": answers}))


def _template_text(
    questionnaire: Questionnaire, header: dict[str, str], answers: dict[str, Any]
) -> str:
    from socialmaturity.interview.writer import blank_text
    from socialmaturity.model.response import Answer

    given = {
        question_id: Answer(tuple(value) if isinstance(value, list) else value)
        for question_id, value in answers.items()
        if value is not None
    }
    return blank_text(questionnaire, header, answers=given)


def generate(folder: Path, count: int, reference: str, seed: int, style: str = "flow") -> None:
    """Write ``count`` responses into ``folder``, written in ``style`` (one of :data:`STYLES`)."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}: one of {', '.join(STYLES)}")
    questionnaire = Catalog().resolve(reference)
    questions = [
        question for dimension in questionnaire.dimensions for question in dimension.questions
    ]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    width = len(str(count))
    for n in range(count):
        header = _header(questionnaire, n)
        answers = {question.id: random_answer(question, rng) for question in questions}
        if style == "flow":
            text = _flow_text(header, answers)
        elif style == "dumper":
            text = _dumper_text(header, answers)
        else:
            text = _template_text(questionnaire, header, answers)
        (folder / f"response-{n:0{width}d}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    """Parse the arguments and generate."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("--questionnaire", "-q", default="social-maturity")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--style", choices=STYLES, default="flow")
    args = parser.parse_args()
    generate(args.out, args.count, args.questionnaire, args.seed, args.style)


if __name__ == "__main__":
    main()
