"""Write N random but valid response files for a questionnaire, for benchmarks and batch tests.

python benchmarks/generate_responses.py OUT_DIR [N] [--questionnaire PATH_OR_ID] [--seed S]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from socialmaturity.model.catalog import Catalog
from socialmaturity.model.questionnaire import Question


def answer_text(question: Question, rng: random.Random) -> str:
    """One random answer in YAML (sometimes unanswered, sometimes na)."""
    if rng.random() < 0.05:
        return ""
    if question.allow_na and rng.random() < 0.1:
        return "na"
    if question.kind == "scale":
        return str(rng.randint(question.min or 0, question.max or 0))
    values = [option.value for option in question.options or ()]
    if question.kind == "multi":
        chosen = [v for v in values if rng.random() < 0.5]
        return "[" + ", ".join(chosen) + "]"
    return rng.choice(values)


def generate(folder: Path, count: int, reference: str, seed: int) -> None:
    """Write ``count`` responses into ``folder``."""
    questionnaire = Catalog().resolve(reference)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    width = len(str(count))
    for n in range(count):
        lines = [
            f"questionnaire: {questionnaire.id}",
            f'questionnaire_version: "{questionnaire.version}"',
            f"organization: Company {n % 500:03d}",
            f"respondent: Respondent {n}",
            "role: CMO",
            f"date: 20{20 + n % 7}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "answers:",
        ]
        for dimension in questionnaire.dimensions:
            for question in dimension.questions:
                lines.append(f"  {question.id}: {answer_text(question, rng)}".rstrip())
        (folder / f"response-{n:0{width}d}.yaml").write_text("\n".join(lines) + "\n")


def main() -> None:
    """Parse the arguments and generate."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("--questionnaire", "-q", default="social-maturity")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.count, args.questionnaire, args.seed)


if __name__ == "__main__":
    main()
