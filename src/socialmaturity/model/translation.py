"""A questionnaire's texts in another language (SPEC section 8).

A translation file holds text only, keyed by the questionnaire's ids: ids, points, levels, caps,
anchors and kinds always come from the questionnaire, so no translation can change a score. Every
text is optional and falls back to the questionnaire's own. The roadmap matches roles on the
questionnaire's own ``owner`` and ``appoints`` (:meth:`Questionnaire.appointers_of` reads them
from the untranslated model), never on their translations.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from socialmaturity.i18n import LANGUAGE_TAG, canonical_tag
from socialmaturity.model.questionnaire import IDENTIFIER, Questionnaire, Text

if TYPE_CHECKING:
    from socialmaturity.model.yaml_reader import YamlDocument


#: Where a text sits inside a translation, as YAML keys: ``("dimensions", "x", "name")``.
TextPath = tuple[str | int, ...]


class _Texts(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class LevelTexts(_Texts):
    """A level's name and description."""

    name: Text | None = None
    description: Text | None = None


class MetricTexts(_Texts):
    """A declared metric's name and unit (SPEC section 9)."""

    name: Text | None = None
    unit: Text | None = None


class QuestionTexts(_Texts):
    """A question's texts; ``options`` maps option values to labels, ``labels`` scale points."""

    text: Text | None = None
    help: Text | None = None
    options: dict[str, Text] = Field(default_factory=dict)
    labels: dict[int, Text] = Field(default_factory=dict)


class RecommendationTexts(_Texts):
    """A recommendation's texts; ``owner`` and ``appoints`` are shown, never matched."""

    title: Text | None = None
    detail: Text | None = None
    done: Text | None = None
    owner: Text | None = None
    appoints: Text | None = None
    horizon: Text | None = None
    kpis: list[Text] | None = None


class DimensionTexts(_Texts):
    """A dimension's texts, with those of its questions and recommendations by id."""

    name: Text | None = None
    description: Text | None = None
    level_descriptions: dict[int, Text] = Field(default_factory=dict)
    questions: dict[str, QuestionTexts] = Field(default_factory=dict)
    recommendations: dict[str, RecommendationTexts] = Field(default_factory=dict)


class Translation(_Texts):
    """The texts of one questionnaire in one language."""

    translation_of: Annotated[str, Field(pattern=IDENTIFIER)] = Field(
        description="The id of the questionnaire translated"
    )
    source_version: Text = Field(description="The questionnaire version translated")
    language: Annotated[str, Field(pattern=LANGUAGE_TAG)] = Field(
        description="BCP 47 tag: de, fr, es, de-CH, pt-BR ..."
    )
    title: Text | None = None
    description: Text | None = None
    levels: dict[int, LevelTexts] = Field(default_factory=dict)
    metrics: dict[str, MetricTexts] = Field(default_factory=dict)
    dimensions: dict[str, DimensionTexts] = Field(default_factory=dict)


KNOWN_KEYS = frozenset(
    name
    for model in (
        LevelTexts,
        MetricTexts,
        QuestionTexts,
        RecommendationTexts,
        DimensionTexts,
        Translation,
    )
    for name in model.model_fields
)


def is_translation(data: object) -> bool:
    """Whether a loaded file is a translation: it says which questionnaire it translates."""
    return isinstance(data, dict) and "translation_of" in data


def translation_from(doc: YamlDocument) -> Translation:
    """Validate a loaded document as a translation, every problem located.

    With the cyclic collector paused, as for a questionnaire: it lives as long as the command.
    """
    from socialmaturity.model.collector import paused_collector
    from socialmaturity.model.validation import validate_model

    with paused_collector():
        return validate_model(Translation, doc, known_keys=KNOWN_KEYS)


def load_translation(path: str | Path) -> Translation:
    """Read, parse and validate a translation file."""
    from socialmaturity.model.collector import paused_collector
    from socialmaturity.model.yaml_reader import load_yaml

    with paused_collector():  # one pause: between two, the collector walks what was just read
        return translation_from(load_yaml(path, allow_aliases=True))


def translation_files(questionnaire_path: Path, tag: str) -> list[Path]:
    """The translation files of a questionnaire file into ``tag``, the most specific first.

    A regional tag falls back to its language (``de-CH``: the ``de-CH`` file, then the ``de``
    one, each used for the texts the other lacks; ``zh-Hant-TW``: ``zh-Hant`` between them).
    Tags in file names match whatever their case, as BCP 47 tags do; of two files for one tag,
    ``.yaml`` wins over ``.yml``.
    """
    parts = tag.casefold().split("-")  # zh-Hant-TW, then zh-Hant, then zh
    wanted = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    beside = translations_beside(questionnaire_path)
    found = []
    for want in wanted:
        matches = [path for found_tag, path in beside if found_tag.casefold() == want]
        if matches:
            found.append(min(matches, key=lambda path: (path.suffix != ".yaml", path.name)))
    return found


def translations_beside(questionnaire_path: Path) -> list[tuple[str, Path]]:
    """The translation files next to a questionnaire file (``<stem>.<tag>.yaml``), by name.

    Each with its language tag in the case BCP 47 writes it (``de-ch`` in a name is ``de-CH``),
    so no caller takes the file name apart again.
    """
    import re

    stem = questionnaire_path.stem
    found: list[tuple[str, Path]] = []
    try:
        siblings = sorted(questionnaire_path.parent.iterdir())
    except OSError:
        return found
    for path in siblings:
        if path.suffix not in (".yaml", ".yml") or not path.name.startswith(stem + "."):
            continue
        tag = path.name[len(stem) + 1 : -len(path.suffix)]
        if "." not in tag and re.fullmatch(LANGUAGE_TAG, tag):
            found.append((canonical_tag(tag), path))
    return found


#: A recommendation's texts a translation gives (its ``kpis`` aside, a list).
RECOMMENDATION_TEXTS = ("title", "detail", "done", "owner", "appoints", "horizon")


def unknown_ids(t: Translation, q: Questionnaire) -> Iterator[tuple[TextPath, str]]:
    """Ids a translation names that the questionnaire does not have, with what kind of id."""
    for level in t.levels:
        if level not in q.level_by_number:
            yield ("levels", level), f"level {level}"
    declared = {m.id for m in q.metrics}
    for metric in t.metrics:
        if metric not in declared:
            yield ("metrics", metric), f"metric '{metric}'"
    for dim_id, dim_texts in t.dimensions.items():
        dimension = q.dimension_by_id.get(dim_id)
        if dimension is None:
            yield ("dimensions", dim_id), f"dimension '{dim_id}'"
            continue
        at: TextPath = ("dimensions", dim_id)
        for level in dim_texts.level_descriptions:
            if level not in q.level_by_number:
                yield (*at, "level_descriptions", level), f"level {level}"
        questions = {question.id: question for question in dimension.questions}
        for qid, texts in dim_texts.questions.items():
            question = questions.get(qid)
            if question is None:
                yield (*at, "questions", qid), f"question '{qid}' of dimension '{dim_id}'"
                continue
            for value in texts.options:
                if value not in question.option_by_value:
                    yield (*at, "questions", qid, "options", value), f"option '{value}' of '{qid}'"
            for point in texts.labels:
                if question.kind != "scale" or not (question.min or 0) <= point <= (
                    question.max or 0
                ):
                    yield (
                        (*at, "questions", qid, "labels", point),
                        f"scale point {point} of '{qid}'",
                    )
        recommendations = {rec.id for rec in dimension.recommendations}
        for rid in dim_texts.recommendations:
            if rid not in recommendations:
                yield (
                    (*at, "recommendations", rid),
                    (f"recommendation '{rid}' of dimension '{dim_id}'"),
                )


def missing_texts(t: Translation, q: Questionnaire) -> Iterator[tuple[TextPath, str]]:
    """Texts the questionnaire has that the translation lacks: where, and which text.

    The location is the deepest id of the translation that exists (the item's own, else its
    parent's), so a finding points at the place to add the text.
    """
    if t.title is None:
        yield (), "title"
    if q.description and t.description is None:
        yield (), "description"
    for level in q.levels:
        texts = t.levels.get(level.level)
        at: TextPath = ("levels", level.level) if texts else ()
        if texts is None or texts.name is None:
            yield at, f"the name of level {level.level}"
        if level.description and (texts is None or texts.description is None):
            yield at, f"the description of level {level.level}"
    for metric in q.metrics:
        metric_texts = t.metrics.get(metric.id)
        at = ("metrics", metric.id) if metric_texts else ()
        if metric_texts is None or metric_texts.name is None:
            yield at, f"the name of metric '{metric.id}'"
        if metric.unit and (metric_texts is None or metric_texts.unit is None):
            yield at, f"the unit of metric '{metric.id}'"
    for dimension in q.dimensions:
        yield from _missing_in_dimension(t, dimension)


def _missing_in_dimension(t: Translation, dimension: Any) -> Iterator[tuple[TextPath, str]]:
    dim = t.dimensions.get(dimension.id)
    at: TextPath = ("dimensions", dimension.id) if dim else ()
    name = f"dimension '{dimension.id}'"
    if dim is None or dim.name is None:
        yield at, f"the name of {name}"
    if dimension.description and (dim is None or dim.description is None):
        yield at, f"the description of {name}"
    for level in dimension.level_descriptions:
        if dim is None or level not in dim.level_descriptions:
            yield at, f"the level {level} description of {name}"
    for question in dimension.questions:
        texts = dim.questions.get(question.id) if dim else None
        q_at = (*at, "questions", question.id) if texts else at
        which = f"question '{question.id}'"
        if texts is None or texts.text is None:
            yield q_at, f"the text of {which}"
        if question.help and (texts is None or texts.help is None):
            yield q_at, f"the help of {which}"
        for option in question.options or ():
            if texts is None or option.value not in texts.options:
                yield q_at, f"the label of option '{option.value}' of {which}"
        for point in question.labels or {}:
            if texts is None or point not in texts.labels:
                yield q_at, f"the label of scale point {point} of {which}"
    for rec in dimension.recommendations:
        r_texts = dim.recommendations.get(rec.id) if dim else None
        r_at = (*at, "recommendations", rec.id) if r_texts else at
        for field in RECOMMENDATION_TEXTS:
            if getattr(rec, field) and (r_texts is None or getattr(r_texts, field) is None):
                yield r_at, f"the {field} of recommendation '{rec.id}'"
        if rec.kpis and (r_texts is None or r_texts.kpis is None):
            yield r_at, f"the kpis of recommendation '{rec.id}'"


def translated(q: Questionnaire, t: Translation) -> Questionnaire:
    """The questionnaire with the translation's texts, every missing text its own.

    Only texts are replaced. The copy remembers the questionnaire it came from, so roles are
    still matched on the questionnaire's own words.
    """
    data = q.model_dump(by_alias=True, exclude_defaults=False)
    data["title"] = t.title or q.title
    data["description"] = t.description or q.description
    for level in data["levels"]:
        texts = t.levels.get(level["level"])
        if texts:
            level["name"] = texts.name or level["name"]
            level["description"] = texts.description or level["description"]
    for metric in data.get("metrics") or ():
        m_texts = t.metrics.get(metric["id"])
        if m_texts:
            metric["name"] = m_texts.name or metric["name"]
            metric["unit"] = m_texts.unit or metric.get("unit")
    for dim in data["dimensions"]:
        _translate_dimension(dim, t.dimensions.get(dim["id"]))
    copy = Questionnaire.model_validate(data)
    copy.roles_from(q)
    return copy


def _translate_dimension(dim: dict[str, Any], texts: DimensionTexts | None) -> None:
    if texts is None:
        return
    dim["name"] = texts.name or dim["name"]
    dim["description"] = texts.description or dim["description"]
    for level, text in texts.level_descriptions.items():
        if level in dim["level_descriptions"]:
            dim["level_descriptions"][level] = text
    for question in dim["questions"]:
        q_texts = texts.questions.get(question["id"])
        if q_texts is None:
            continue
        question["text"] = q_texts.text or question["text"]
        question["help"] = q_texts.help or question["help"]
        for option in question.get("options") or ():
            option["label"] = q_texts.options.get(option["value"], option["label"])
        labels = question.get("labels") or {}
        for point in labels:
            labels[point] = q_texts.labels.get(point, labels[point])
    for rec in dim["recommendations"]:
        r_texts = texts.recommendations.get(rec["id"])
        if r_texts is None:
            continue
        for field in RECOMMENDATION_TEXTS:
            if rec.get(field) and getattr(r_texts, field):
                rec[field] = getattr(r_texts, field)
        if rec.get("kpis") and r_texts.kpis is not None:
            rec["kpis"] = list(r_texts.kpis)
