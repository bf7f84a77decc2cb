"""SPEC sections 0 and 2: response files checked against their questionnaire, with path:LINE:COL.

Responses are read with ``text=`` under the name ``resp.yaml`` and checked against
tests/fixtures/scoring/test-scoring.yaml. Columns are 1-based and counted by hand: in
``  a_single: x`` the value starts at column 13, in ``  a_scale: x`` / ``  a_multi: x`` /
``  g_yesno: x`` at column 12, a key under ``answers:`` at column 3.
"""

from __future__ import annotations

import textwrap

import pytest

from socialmaturity.errors import InputError
from socialmaturity.model.catalog import Catalog
from socialmaturity.model.loading import load_response
from socialmaturity.model.response import Answer, Response

from conftest import FIXTURES

QUESTIONNAIRE = str(FIXTURES / "scoring" / "test-scoring.yaml")
NAME = "resp.yaml"

# Lines 1-3; answers start on line 4.
HEAD = """\
questionnaire: test-scoring
organization: Acme
answers:
"""


def load(text: str, *, strict: bool = False, reference: str | None = QUESTIONNAIRE) -> Response:
    response, _ = load_response(
        NAME, Catalog(), reference, strict=strict, text=textwrap.dedent(text)
    )
    return response


def errors(text: str, *, strict: bool = False, reference: str | None = QUESTIONNAIRE) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(text, strict=strict, reference=reference)
    return [str(problem) for problem in caught.value.problems]


def only_error(text: str, **kwargs: object) -> str:
    found = errors(text, **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


# --- a good file -----------------------------------------------------------------------------

GOOD = """\
questionnaire: test-scoring
questionnaire_version: "2.0"
organization: Acme Corp
respondent: Jane Doe
role: CMO
date: 2026-11-20
assessor: Sam
answers:
  a_single: some
  a_multi: [blog, care]
  a_scale: 3
  a_gate: open
  b_single: na
  b_optional:
  g_scale: 2
  g_yesno:
    value: "yes"
    note: It is literally yes
"""


def test_good_response_loads_with_its_values() -> None:
    response = load(GOOD)
    assert response.questionnaire_id == "test-scoring"
    assert (response.organization, response.respondent, response.role) == (
        "Acme Corp",
        "Jane Doe",
        "CMO",
    )
    assert str(response.date) == "2026-11-20"
    assert response.value("a_single") == "some"
    assert tuple(response.value("a_multi")) == ("blog", "care")  # type: ignore[arg-type]
    assert response.value("a_scale") == 3
    assert response.value("b_single") == "na"
    assert response.value("b_optional") is None  # null = not answered
    assert response.answers["g_yesno"] == Answer("yes", "It is literally yes")
    assert response.warnings == ()


def test_empty_multi_and_null_answers_are_fine() -> None:
    response = load(HEAD + "  a_multi: []\n  a_scale:\n  a_single: {value: null, note: later}\n")
    assert tuple(response.value("a_multi")) == ()  # type: ignore[arg-type]
    assert response.value("a_scale") is None
    assert response.value("a_single") is None


def test_empty_answers_mapping_is_fine() -> None:
    response = load("questionnaire: test-scoring\norganization: Acme\nanswers: {}\n")
    assert all(a.value is None for a in response.answers.values())


# --- answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "where", "fragment"),
    [
        # unknown question id: reported at the key
        ("  a_singel: some", "4:3", "a_singel"),
        # unknown option value
        ("  a_single: sum", "4:13", "sum"),
        ("  a_multi: [blog, blgo]", "4:19", "blgo"),  # at the item itself
        # wrong kinds
        ("  a_single: [some]", "4:13", "a_single"),
        ("  a_single: 3", "4:13", "a_single"),
        ("  a_single: true", "4:13", "a_single"),
        ("  a_multi: blog", "4:12", "a_multi"),
        ("  a_scale: three", "4:12", "a_scale"),
        ('  a_scale: "3"', "4:12", "a_scale"),
        ("  a_scale: [3]", "4:12", "a_scale"),
        # scale out of range (1..5) and not a whole number
        ("  a_scale: 6", "4:12", "6"),
        ("  a_scale: 0", "4:12", "0"),
        ("  a_scale: 2.5", "4:12", "a_scale"),
        # repeated multi values
        ("  a_multi: [blog, blog]", "4:19", "blog"),  # at the repeat
        # na where allow_na is false (single, multi and scale)
        ("  a_single: na", "4:13", "a_single"),
        ("  a_multi: na", "4:12", "a_multi"),
        ("  a_scale: na", "4:12", "a_scale"),
        # yes/no stay text (YAML 1.2): unknown options unless an option is named so
        ("  a_single: yes", "4:13", "yes"),
        ("  a_gate: no", "4:11", "no"),
        ("  a_gate: off", "4:11", "off"),
    ],
)
def test_bad_answer_is_reported_at_its_line_and_column(
    answer: str, where: str, fragment: str
) -> None:
    problem = only_error(HEAD + answer + "\n")
    assert problem.startswith(f"{NAME}:{where}: error: "), problem
    assert fragment in problem.split(": error: ", 1)[1]


def test_error_on_a_later_line_points_there() -> None:
    text = HEAD + "  a_single: some\n  a_multi: [blog]\n  a_scale: 9\n"
    assert only_error(text).startswith(f"{NAME}:6:12: error: ")


def test_several_bad_answers_are_all_reported() -> None:
    text = HEAD + "  a_single: sum\n  a_multi: [blog]\n  a_scale: 9\n  nope: x\n"
    found = errors(text)
    locations = [p.split(": error: ")[0] for p in found]
    assert sorted(locations) == sorted([f"{NAME}:4:13", f"{NAME}:6:12", f"{NAME}:7:3"])


def test_yes_and_no_are_valid_where_options_are_named_so() -> None:
    assert load(HEAD + "  g_yesno: yes\n").value("g_yesno") == "yes"
    assert load(HEAD + "  g_yesno: no\n").value("g_yesno") == "no"
    # a real boolean is not an option value
    problem = only_error(HEAD + "  g_yesno: true\n")
    assert problem.startswith(f"{NAME}:4:12: error: ")


def test_na_allowed_where_the_question_says_so() -> None:
    response = load(HEAD + "  b_single: na\n  g_scale: na\n")
    assert response.value("b_single") == "na"
    assert response.value("g_scale") == "na"


def test_scale_bounds_are_inclusive() -> None:
    assert load(HEAD + "  a_scale: 1\n").value("a_scale") == 1
    assert load(HEAD + "  a_scale: 5\n").value("a_scale") == 5


def test_unknown_key_inside_an_answer_mapping() -> None:
    text = HEAD + "  a_single:\n    value: some\n    note: fine\n    oops: 1\n"
    problem = only_error(text)
    assert problem.startswith(f"{NAME}:7:5: error: "), problem
    assert "oops" in problem


def test_bad_value_inside_an_answer_mapping_points_at_the_value() -> None:
    text = HEAD + "  a_scale:\n    value: 7\n    note: too high\n"
    assert only_error(text).startswith(f"{NAME}:5:12: error: ")


def test_duplicate_answer_key_is_an_error() -> None:
    text = HEAD + "  a_single: some\n  a_single: all\n"
    problem = only_error(text)
    assert problem.startswith(f"{NAME}:5:"), problem
    assert "a_single" in problem


# --- top-level keys --------------------------------------------------------------------------


def test_unknown_top_level_key_is_reported_at_the_key() -> None:
    text = "questionnaire: test-scoring\norganization: Acme\nassesor: Bob\nanswers: {}\n"
    problem = only_error(text)
    assert problem.startswith(f"{NAME}:3:1: error: "), problem
    assert "assesor" in problem


def test_missing_organization_is_an_error() -> None:
    problem = only_error("questionnaire: test-scoring\nanswers: {}\n")
    assert problem.startswith(f"{NAME}:1:1: error: "), problem
    assert "organization" in problem


@pytest.mark.parametrize("value", ['""', "''", '"   "', ""])
def test_empty_organization_is_an_error(value: str) -> None:
    text = f"questionnaire: test-scoring\norganization: {value}\nanswers: {{}}\n"
    problem = only_error(text)
    assert problem.startswith(f"{NAME}:2:"), problem
    assert "organization" in problem


def test_missing_answers_is_an_error() -> None:
    problem = only_error("questionnaire: test-scoring\norganization: Acme\n")
    assert "answers" in problem


def test_answers_must_be_a_mapping() -> None:
    problem = only_error("questionnaire: test-scoring\norganization: Acme\nanswers: [a_single]\n")
    assert problem.startswith(f"{NAME}:3:10: error: "), problem


@pytest.mark.parametrize(
    ("value", "where"),
    [("20/11/2026", "4:7"), ("2026-13-01", "4:7"), ("Nov 20, 2026", "4:7"), ("2026", "4:7")],
)
def test_date_must_be_an_iso_date(value: str, where: str) -> None:
    text = (
        "questionnaire: test-scoring\norganization: Acme\nrespondent: Jo\n"
        f"date: {value}\nanswers: {{}}\n"
    )
    problem = only_error(text)
    assert problem.startswith(f"{NAME}:{where}: error: "), problem
    assert "date" in problem


def test_iso_date_quoted_or_not_is_fine() -> None:
    for value in ("2026-11-20", '"2026-11-20"'):
        text = f"questionnaire: test-scoring\norganization: Acme\ndate: {value}\nanswers: {{}}\n"
        assert str(load(text).date) == "2026-11-20"


# --- the questionnaire it answers ---------------------------------------------------------------


def test_response_for_another_questionnaire_with_q_is_an_error() -> None:
    text = "questionnaire: other-one\norganization: Acme\nanswers: {}\n"
    problem = only_error(text)
    assert problem.startswith(f"{NAME}:1:16: error: "), problem
    assert "other-one" in problem


def test_unknown_questionnaire_without_q_is_an_error() -> None:
    text = "questionnaire: no-such-questionnaire-here\norganization: Acme\nanswers: {}\n"
    problem = only_error(text, reference=None)
    assert problem.startswith(f"{NAME}:1:"), problem
    assert "no-such-questionnaire-here" in problem


VERSIONED = (
    'questionnaire: test-scoring\nquestionnaire_version: "{}"\norganization: Acme\nanswers: {{}}\n'
)


def test_version_mismatch_is_a_warning_not_an_error() -> None:
    text = VERSIONED.format("1.9")
    response = load(text)
    assert len(response.warnings) == 1
    warning = response.warnings[0]
    assert warning.severity == "warning"
    assert str(warning).startswith(f"{NAME}: warning: "), str(warning)  # SPEC 4: path only
    assert "1.9" in str(warning) and "2.0" in str(warning)


def test_matching_version_gives_no_warning() -> None:
    text = VERSIONED.format("2.0")
    assert load(text).warnings == ()


# --- YAML rules ---------------------------------------------------------------------------------


def test_anchor_is_refused() -> None:
    text = HEAD + "  a_single: &pick some\n  a_gate: open\n"
    problem = only_error(text)
    assert problem.startswith(f"{NAME}:4:13: error: "), problem
    assert "anchor" in problem


def test_alias_is_refused() -> None:
    text = "questionnaire: test-scoring\norganization: &org Acme\nrespondent: *org\nanswers: {}\n"
    problem = only_error(text)
    assert problem.startswith(f"{NAME}:2:"), problem


def test_anchor_on_the_answers_mapping_is_refused() -> None:
    text = "questionnaire: test-scoring\norganization: Acme\nanswers: &all\n  a_single: some\n"
    assert "anchor" in only_error(text)


def test_duplicate_top_level_key_is_an_error() -> None:
    text = "questionnaire: test-scoring\norganization: Acme\norganization: Beta\nanswers: {}\n"
    assert only_error(text).startswith(f"{NAME}:3:")


# --- --strict ----------------------------------------------------------------------------------

ALL_REQUIRED = """\
questionnaire: test-scoring
organization: Acme
answers:
  a_single: some
  a_multi: []
  a_scale: 3
  a_gate: open
  b_single: na
  g_scale: na
  g_yesno: "no"
"""


def test_strict_accepts_all_required_answered_and_optional_left_out() -> None:
    # b_optional (required: false) is missing; na counts as an answer
    response = load(ALL_REQUIRED, strict=True)
    assert response.value("b_optional") is None


def test_strict_optional_question_null_is_fine() -> None:
    load(ALL_REQUIRED + "  b_optional:\n", strict=True)


def test_strict_missing_required_question_is_an_error() -> None:
    text = ALL_REQUIRED.replace("  a_scale: 3\n", "")
    load(text)  # fine without --strict
    problem = only_error(text, strict=True)
    assert problem.startswith(f"{NAME}:"), problem
    assert "a_scale" in problem


def test_strict_null_required_answer_is_an_error_at_its_line() -> None:
    text = ALL_REQUIRED.replace("  a_scale: 3\n", "  a_scale:\n")
    load(text)
    problem = only_error(text, strict=True)
    assert problem.startswith(f"{NAME}:6:"), problem
    assert "a_scale" in problem


def test_strict_reports_every_unanswered_required_question() -> None:
    found = errors("questionnaire: test-scoring\norganization: Acme\nanswers: {}\n", strict=True)
    text = "\n".join(found)
    for qid in ("a_single", "a_multi", "a_scale", "a_gate", "b_single", "g_scale", "g_yesno"):
        assert qid in text
    assert "b_optional" not in text
    assert len(found) == 7
