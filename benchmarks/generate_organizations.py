"""Write response files of many organizations, each assessed in rounds by several respondents.

    python benchmarks/generate_organizations.py OUT_DIR [N] [--organizations K] [--rounds R]
        [--seed S] [--variety]

File n is a respondent of organization ``n % K`` in round ``(n // K) % R``: rounds about a year
apart, each respondent's date within a few days of the round's, so every round has about
``N / (K * R)`` respondents. Files are named in a shuffled order, so an organization's
respondents come spread over the batch, as they do in real folders.

``--variety`` adds what organization views must get right, for comparing outputs: names of one
organization written in other cases and with spaces, named rounds (in other cases too), undated
responses, missing and repeated respondent names, shared and missing roles, multiple-choice
answers in any order, answers to an earlier questionnaire version, and respondents of the
quick questionnaire.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate_responses import flow_text, random_answer

from socialmaturity.model.catalog import Catalog
from socialmaturity.model.questionnaire import Questionnaire

ROLES = ("CMO", "Head of customer care", "Sales director", "CEO", "HR")
#: The first round's date; each next round comes about a year later.
START = dt.date(2021, 3, 1)


def _answers(questionnaire: Questionnaire, rng: random.Random, shuffle: bool) -> list[str]:
    lines = []
    for dimension in questionnaire.dimensions:
        for question in dimension.questions:
            text = flow_text(random_answer(question, rng))
            if shuffle and text.startswith("[") and rng.random() < 0.5:
                chosen = [v for v in text[1:-1].split(", ") if v]
                rng.shuffle(chosen)
                text = "[" + ", ".join(chosen) + "]"
            lines.append(f"  {question.id}: {text}".rstrip())
    return lines


def _header(n: int, organization: int, round_: int, rng: random.Random, variety: bool) -> list[str]:
    """The header lines of file ``n``."""
    name = f"Company {organization:03d}"
    day = START + dt.timedelta(days=round_ * (330 + 15 * (organization % 5)) + rng.randint(0, 20))
    lines = []
    respondent: str | None = f"Respondent {n}"
    role: str | None = ROLES[n % len(ROLES)]
    date: str | None = day.isoformat()
    if variety:
        pick = rng.random()
        if pick < 0.1:
            name = f"  {name.upper()} "
        elif pick < 0.2:
            name = name.lower()
        if rng.random() < 0.15:
            respondent = rng.choice([None, "", f"Respondent {n % 7}"])
        if rng.random() < 0.2:
            role = rng.choice([None, "cmo", " CMO ", "Analyst"])
        if rng.random() < 0.04:
            date = None
        if organization % 4 == 0 and rng.random() < 0.7:
            label = f"{2021 + round_} review"
            lines.append(f"round: {label.title() if rng.random() < 0.3 else label}")
    lines.append(f"organization: {name!r}" if name != name.strip() else f"organization: {name}")
    if respondent is not None:
        lines.append(f"respondent: {respondent or repr(respondent)}")
    if role is not None:
        lines.append(f"role: {role!r}" if role != role.strip() else f"role: {role}")
    if date is not None:
        lines.append(f"date: {date}")
    return lines


def generate_organizations(
    folder: Path,
    count: int,
    *,
    organizations: int = 50,
    rounds: int = 4,
    seed: int = 7,
    variety: bool = False,
) -> None:
    """Write ``count`` responses of ``organizations`` organizations into ``folder``."""
    catalog = Catalog()
    main = catalog.resolve("social-maturity")
    quick = catalog.resolve("social-maturity-quick")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    names = list(range(count))
    rng.shuffle(names)
    width = len(str(count))
    for n in range(count):
        organization = n % organizations
        round_ = (n // organizations) % rounds
        questionnaire = quick if variety and organization % 7 == 3 else main
        version = questionnaire.version
        if variety and questionnaire is main and rng.random() < 0.1:
            version = "2.0.0"  # migrated when read (no answer of this corpus is dropped)
        lines = [
            f"questionnaire: {questionnaire.id}",
            f'questionnaire_version: "{version}"',
            *_header(n, organization, round_, rng, variety),
            "answers:",
            *_answers(questionnaire, rng, variety),
        ]
        path = folder / f"response-{names[n]:0{width}d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    """Parse the arguments and generate."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("--organizations", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--variety", action="store_true")
    args = parser.parse_args()
    generate_organizations(
        args.out,
        args.count,
        organizations=args.organizations,
        rounds=args.rounds,
        seed=args.seed,
        variety=args.variety,
    )


if __name__ == "__main__":
    main()
