"""Typed models for inspection frameworks: the methodology, held as data.

A framework file in ``data/frameworks/`` states every fact the scoring and the
templates need: sections, criteria, weights, scales, rating bands and decision
rules. The Python here only knows *kinds* of rule (a weighted mean, a lowest
key question, a points sum, a cap); which rule applies where, and with which
numbers, is data. A new methodology needs a new YAML file, not new code.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """Base for every schema model: unknown keys are errors, docstrings are docs."""

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        frozen=True,
        str_strip_whitespace=False,
        defer_build=True,
    )


class Source(Strict):
    """Where a number or rule comes from, so a reader can check it."""

    document: str
    """The publication the fact is taken from, for example 'Gwent ESI report 2004'."""

    location: str | None = None
    """Where in that publication: a section, page or footnote."""

    note: str | None = None
    """Anything a reviewer should know, such as a value inferred rather than stated."""


class ScaleLevel(Strict):
    """One level of an ordinal scale, such as 'Well met' or 'Good'."""

    label: str
    """The word or phrase published in reports, in its canonical spelling."""

    definition: str | None = None
    """What the level means, as the methodology defines it."""

    points: int | None = None
    """Points the level contributes to an overall score, where the framework sums points."""


class Scale(Strict):
    """How a criterion or standard is scored."""

    kind: Literal["percent", "ordinal"]
    """'percent' for a number from 0 to 100; 'ordinal' for a label from ``levels``."""

    title: str
    """A human name for the scale, shown in the scoring approach."""

    levels: list[ScaleLevel] = Field(default_factory=list)
    """For an ordinal scale: its levels, best first."""

    source: Source | None = None
    """Where the scale is defined."""


class Band(Strict):
    """Maps a number (a percentage or a points total) to a label on an ordinal scale."""

    min: float
    """The lowest value, inclusive, that falls in this band."""

    label: str
    """The ordinal label given to values in this band."""


class Banding(Strict):
    """A set of bands, checked from the highest ``min`` down."""

    scale: str
    """The id of the ordinal scale whose labels the bands give."""

    bands: list[Band]
    """The bands; every value at or above a band's ``min`` and below the next one gets its label."""

    source: Source | None = None
    """Where the band boundaries are published, or how they were established."""


class KeyQuestion(Strict):
    """A key question of a standard in a case-review methodology."""

    id: str
    """A stable id, unique within the standard, for example '2.2.3'."""

    text: str
    """The question as published."""


class Criterion(Strict):
    """A criterion (ESI) or standard (PDU): the unit that is scored or rated."""

    id: str
    """The published id, for example 'B1' or '2.3'. It is also the page anchor."""

    title: str
    """The published title, for example 'Assessment of risk of harm'."""

    description: str | None = None
    """The standard text that describes what good looks like."""

    scale: str | None = None
    """The id of the scale the criterion is scored on; none if it is reported but not scored."""

    weight: str | None = None
    """The id of a weight class (for example 'critical'), where the section score is a weighted mean."""

    key_questions: list[KeyQuestion] = Field(default_factory=list)
    """For a case-review standard: the key questions whose percentages drive its rating."""

    rating_rule: Literal["judgement", "lowest_key_question", "single_key_question"] = "judgement"
    """How a rating is reached: by the inspectors' judgement, or from key-question percentages."""

    in_overall: bool = True
    """Whether the criterion counts towards its section and overall score."""


class Aggregate(Strict):
    """How a section's or an element's score is computed from its criteria."""

    method: Literal["weighted_mean"]
    """The kind of rule; 'weighted_mean' uses the criterion weight classes."""

    name: str
    """The published name of the figure, for example 'Score for section B'."""


class Section(Strict):
    """A section (ESI) or domain (PDU) of the framework."""

    id: str
    """The published id, for example 'B' or '2'."""

    title: str
    """The published title, for example 'Quality of Assessment'."""

    criteria: list[Criterion]
    """The criteria or standards in this section, in published order."""

    aggregate: Aggregate | None = None
    """How the section score is computed, where the framework gives sections a score."""


class OverallWeight(Strict):
    """The weight of one section in an overall weighted score."""

    section: str
    """The section id."""

    percent: float
    """Its weight in percent; the weights of an overall score add up to 100."""


class Overall(Strict):
    """How the overall figure of a report is reached."""

    method: Literal["weighted_sections", "points_sum"]
    """'weighted_sections': a weighted mean of section scores; 'points_sum': rating points added up."""

    name: str
    """The published name of the figure."""

    weights: list[OverallWeight] = Field(default_factory=list)
    """For 'weighted_sections': each section's weight."""

    excluded: list[str] = Field(default_factory=list)
    """Criterion ids that never count towards the overall figure (for example D3)."""

    excluded_reason: str | None = None
    """Why the excluded criteria are left out, in words for the score explainer."""

    maximum: int | None = None
    """For 'points_sum': the highest possible total, for example 27."""

    banding: Banding | None = None
    """For 'points_sum': the bands that turn the total into an overall rating."""

    source: Source | None = None
    """Where the method is published."""


class DecisionRule(Strict):
    """A rule that limits a judgement-rated standard by case-review results."""

    id: str
    """A stable id for the rule."""

    kind: Literal["cap_when_all"]
    """'cap_when_all': if every standard in ``when_criteria`` is rated one of ``when_labels``,
    ``criterion`` can be rated no better than ``cap``."""

    criterion: str
    """The standard the rule limits."""

    when_criteria: list[str]
    """The standards whose ratings are tested."""

    when_labels: list[str]
    """The labels that trigger the rule when every tested standard has one of them."""

    cap: str
    """The best label the limited standard may then have."""

    description: str
    """The rule in words, as published."""

    source: Source | None = None
    """Where the rule is published."""


class ThemeRating(Strict):
    """A thematic quality rating, computed from one section of the theme."""

    section: str
    """The theme section the rating is computed from."""

    name: str
    """The published name, for example 'Quality of DV Assessment'."""

    not_computed: str | None = None
    """Why the rating is not recomputed from the section's criteria, where it is not (for
    example, no weights are established for them): the report's figure is then shown as
    stated, with this reason. A section with an aggregate is computed and needs none."""


class Requirements(Strict):
    """What every report of a framework carries: a report without it was cut short, or is not one."""

    keys: list[str] = Field(default_factory=list)
    """Keys the report must hold, not empty, for example 'role'; for a theme, keys of the
    report's thematic element, for example 'ratings'."""

    sections: list[str] = Field(default_factory=list)
    """Sections that need a part (``section: <id>``) reporting every one of their criteria."""

    source: Source | None = None
    """Where the reports' structure is published."""


class Baseline(Strict):
    """For a follow-up: what its printed original-inspection figures were measured on.

    A follow-up may restate the original inspection's figures for a narrower
    sample than the original report scored; the two are then not comparable,
    and no view may set one beside the other as if they were.
    """

    sample: str
    """The cases the follow-up's original-inspection figures cover, in words for readers."""

    original_sample: str
    """The cases the original report's own figures cover, in words for readers."""

    comparable: bool
    """Whether the follow-up's original-inspection figures are the original report's own."""

    source: Source
    """Where the follow-up says which cases it compares."""


class ProgressScale(Strict):
    """A row of a printed progress judgement: its label and the words it may hold."""

    label: str
    """The row's heading as printed, for example 'Categorisation'."""

    values: list[str]
    """The words the row may hold, as printed, from least to most progress."""

    closes: list[str] = Field(default_factory=list)
    """The words that close a recommendation: the later inspection found nothing more to do."""


class Progress(Strict):
    """How reports of this framework judge recommendations made by earlier inspections."""

    cited_as: str | None = None
    """A regular expression matching the line that introduces a judged recommendation made by
    an inspection outside the archive, with named groups ``body`` and ``date`` (for example
    'Recommendation from a previous (?P<body>.+?) inspection in (?P<date>.+?):')."""

    quoted_after: str | None = None
    """A regular expression matching the sentence after which a report quotes the earlier
    recommendations it reviews, where it quotes them in running text."""

    status: ProgressScale | None = None
    """The categorisation each judged recommendation gets, where the methodology publishes one."""

    still_required: ProgressScale | None = None
    """The answer to whether improvement is still required, where the methodology publishes one."""

    source: Source | None = None
    """Where the judgements' form is published."""


class Framework(Strict):
    """An inspection methodology (or, with ``base``, a follow-up or thematic fragment)."""

    id: str
    """The id reports use to name this framework, for example 'esi-2003'."""

    kind: Literal["methodology", "follow-up", "theme"]
    """A full methodology, a follow-up that rescores a base methodology, or a thematic fragment."""

    title: str
    """The methodology's published name."""

    short_title: str | None = None
    """A short name for lists and filters."""

    period: str | None = None
    """The years the methodology was in use, for example '2003–2006'."""

    base: str | None = None
    """For a follow-up or theme: the id of the methodology it belongs to."""

    report_type: str | None = None
    """For a methodology or follow-up: the report type it produces, such as 'esi-full'."""

    report_type_title: str | None = None
    """The report type in words, for example 'Effective Supervision Inspection'."""

    scales: dict[str, Scale] = Field(default_factory=dict)
    """The scales criteria are scored on, by id."""

    weights: dict[str, float] = Field(default_factory=dict)
    """Weight classes by id, for example critical: 2 and important: 1."""

    weight_labels: dict[str, str] = Field(default_factory=dict)
    """How each weight class is published, for example critical: 'Critical'."""

    banding: Banding | None = None
    """Bands that turn a key-question percentage into a standard's rating."""

    sections: list[Section] = Field(default_factory=list)
    """The sections or domains, in published order."""

    overall: Overall | None = None
    """How the overall figure is reached; none where the report states no overall figure."""

    decision_rules: list[DecisionRule] = Field(default_factory=list)
    """Rules that limit judgement-rated standards."""

    ratings: list[ThemeRating] = Field(default_factory=list)
    """For a theme: the quality ratings it publishes, one per scored section."""

    score_columns: dict[str, str] = Field(default_factory=dict)
    """For a theme: the heading its printed tables give the score column, by scale id
    (for example descriptive: 'Assessment', percent: 'Score')."""

    rescored: list[str] = Field(default_factory=list)
    """For a follow-up: the sections whose criteria are rescored and compared."""

    baseline: Baseline | None = None
    """For a follow-up: what its original-inspection figures were measured on."""

    requires: Requirements | None = None
    """What every report of this framework (or, for a theme, its thematic element) carries;
    each framework states its own, a follow-up or theme inheriting none from its base."""

    progress: Progress | None = None
    """How this framework's reports judge earlier inspections' recommendations."""

    sources: list[Source] = Field(default_factory=list)
    """Where the framework's facts come from."""

    def criterion(self, criterion_id: str) -> Criterion | None:
        """The criterion with this id, in any section."""
        for section in self.sections:
            for crit in section.criteria:
                if crit.id == criterion_id:
                    return crit
        return None

    def section(self, section_id: str) -> Section | None:
        """The section with this id."""
        return next((s for s in self.sections if s.id == section_id), None)

    def scale_of(self, crit: Criterion) -> Scale | None:
        """The scale a criterion is scored on."""
        return self.scales.get(crit.scale) if crit.scale else None
