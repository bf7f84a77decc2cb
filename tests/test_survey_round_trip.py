"""Answers through a survey server and back (SPEC section 7): exactly the answers, the same scores.

Random responses of both bundled questionnaires become a CSV export in each server's layout
(ODK Central; KoboToolbox with ``;`` and with ``,``, its per-choice 0/1 columns included, and
without group names), which ``import`` turns back into response files.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from server_exports import Sent, kobo_csv, odk_csv
from socialmaturity.engine.scoring import score_answers
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import load_response
from socialmaturity.model.questionnaire import Question, Questionnaire
from socialmaturity.model.response import Answer

from conftest import REPO, run_cli

#: Random exports per run, each of one to six submissions in one of the layouts (an import costs
#: about 0.1 s, mostly reading the questionnaire); SOCIALMATURITY_PROPERTY_EXAMPLES=1000 for a
#: long run.
EXAMPLES = int(os.environ.get("SOCIALMATURITY_PROPERTY_EXAMPLES", "25"))
# questionnaires only: a translation (x.de.yaml) is text for one of them
BUNDLED = sorted(p.stem for p in (REPO / "questionnaires").glob("*.yaml") if "." not in p.stem)
LAYOUTS = ("odk", "kobo;", "kobo,", "kobo-bare")
_catalog = Catalog()

#: Text a respondent may type into a form: any letter, quotes, both delimiters, line breaks.
typed = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
    min_size=1,
    max_size=40,
)
#: A header value as imported: trimmed, on one line.
header_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=20
).map(str.strip)


def bundled(questionnaire_id: str) -> Questionnaire:
    return _catalog.resolve(questionnaire_id)


def answer_to(question: Question, draw: st.DrawFn) -> Answer | None:
    """A random answer a form could have stored, or None (unanswered, so no note either)."""
    choices: list[object] = [None]
    if question.allow_na:
        choices.append("na")
    if question.kind == "scale":
        value = draw(
            st.one_of(st.sampled_from(choices), st.integers(question.min or 0, question.max or 0))
        )
    elif question.kind == "single":
        value = draw(st.sampled_from([*choices, *question.option_by_value]))
    else:
        value = draw(
            st.one_of(
                st.sampled_from(choices),
                st.lists(st.sampled_from(list(question.option_by_value)), unique=True).map(tuple),
            )
        )
    if value is None:
        return None
    return Answer(value, draw(st.none() | typed))  # type: ignore[arg-type]


@st.composite
def exports(draw: st.DrawFn) -> tuple[Questionnaire, list[Sent], bool]:
    q = bundled(draw(st.sampled_from(BUNDLED)))
    count = draw(st.integers(1, 6))
    sent = []
    for number in range(count):
        answers = {}
        for _, question in q.question_by_id.values():
            answer = answer_to(question, draw)
            if answer is not None:
                answers[question.id] = answer
        header = {
            "questionnaire": q.id,
            "questionnaire_version": q.version,
            "organization": draw(header_text.filter(bool)),
            "respondent": draw(header_text),
            "role": draw(header_text),
            "date": draw(st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}")),
            "round": draw(header_text),
        }
        sent.append(Sent(f"uuid:{number:04d}-{draw(st.uuids())}", header, answers))
    return q, sent, draw(st.booleans())


def scores(q: Questionnaire, answers: dict[str, Answer]) -> list[object]:
    """Every number a score gives: overall and per dimension, unrounded, with levels and caps."""
    result = score_answers(q, answers)
    return [
        (result.score, result.level, result.answered),
        *((d.score, d.uncapped_level, d.level, d.caps, d.answered) for d in result.dimensions),
    ]


def export_text(q: Questionnaire, sent: list[Sent], layout: str, rounds: bool) -> str:
    if layout == "odk":
        return odk_csv(q, sent, round_column=rounds)
    return kobo_csv(
        q,
        sent,
        delimiter=layout[-1] if layout != "kobo-bare" else ";",
        groups=layout != "kobo-bare",
        round_column=rounds,
    )


#: Examples are whole exports: shrinking one takes minutes, so a failure is shown as found.
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
@given(exports(), st.sampled_from(LAYOUTS))
def test_answers_come_back_exactly_with_the_same_scores(
    tmp_path_factory: object, found: tuple[Questionnaire, list[Sent], bool], layout: str
) -> None:
    q, sent, rounds = found
    folder = Path(tmp_path_factory.mktemp("round-trip"))  # type: ignore[attr-defined]
    export = folder / "export.csv"
    export.write_text(export_text(q, sent, layout, rounds), encoding="utf-8", newline="")
    run = run_cli("import", export, "-o", folder / "out")
    assert run.code == 0, run.stderr
    assert "error" not in run.stderr and "warning" not in run.stderr, run.stderr
    for one in sent:
        name = one.id.replace(":", "-") + ".yaml"
        response, questionnaire = load_response(str(folder / "out" / name), _catalog)
        assert questionnaire.id == q.id
        answered = {k: answer for k, answer in response.answers.items() if answer != Answer(None)}
        assert answered == one.answers
        expected_header = {
            key: one.header[key] or None for key in ("organization", "respondent", "role", "date")
        }
        expected_header["round"] = (one.header["round"] or None) if rounds else None
        assert {key: getattr(response, key) for key in expected_header} == expected_header
        assert scores(q, response.answers) == scores(q, one.answers)
