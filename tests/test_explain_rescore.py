"""explain shows each quickest win's score as scoring would compute it: `_Rescorer.score` keeps
scoring's sums exactly and swaps one term, so it must equal summing the dimension again, for any
weights (tiny, huge, equal), any answers (unanswered, `na`) and any change."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from socialmaturity.engine.explain import _Rescorer
from socialmaturity.engine.scoring import score_answers, weighted_sums
from socialmaturity.model.questionnaire import Questionnaire
from socialmaturity.model.response import NA, Answer

WEIGHTS = st.sampled_from([0.0, 1e-300, 0.1, 1.0, 1.0, 2.0, 3.0, 7.5, 1e6])


def _questionnaire(weights: list[float]) -> Questionnaire:
    return Questionnaire.model_validate(
        {
            "id": "q",
            "version": "1",
            "title": "Q",
            "levels": [
                {"level": 1, "name": "Low", "min_score": 0},
                {"level": 2, "name": "High", "min_score": 50},
            ],
            "dimensions": [
                {
                    "id": "d",
                    "name": "D",
                    "questions": [
                        {
                            "id": f"q{n}",
                            "text": f"Question {n}?",
                            "weight": weight,
                            "allow_na": True,
                            "options": [
                                {"value": "a", "label": "A", "points": 0},
                                {"value": "b", "label": "B", "points": 1},
                                {"value": "c", "label": "C", "points": 3},
                            ],
                        }
                        for n, weight in enumerate(weights)
                    ],
                }
            ],
        }
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(WEIGHTS, st.sampled_from([None, NA, "a", "b", "c"])), min_size=1, max_size=8
    ),
    st.data(),
)
def test_a_rescored_answer_scores_as_summing_again(
    rows: list[tuple[float, str | None]], data: st.DataObject
) -> None:
    q = _questionnaire([weight for weight, _ in rows])
    answers = {f"q{n}": Answer(value) for n, (_, value) in enumerate(rows) if value is not None}
    result = score_answers(q, answers)
    dimension = result.dimensions[0]
    rescorer = _Rescorer(result, dimension)
    position = data.draw(st.integers(0, len(rows) - 1))
    value = data.draw(st.sampled_from([NA, "a", "b", "c"]))
    question = dimension.questions[position].question
    pairs = list(rescorer.pairs)
    norm = {"a": 0.0, "b": 1 / 3, "c": 1.0}.get(value, -1.0)
    pairs[position] = (question.weight, norm)
    sums = weighted_sums((w, n) for w, n in pairs if n >= 0)
    expected = None if sums is None else 100 * sums[0] / sums[1]
    assert rescorer.score(position, question, value) == expected
