"""Typed models for one published inspection report, as held in ``data/reports/``.

One schema serves every report type: the parts a type does not use are simply
absent. Text fields are Markdown (see :mod:`generator.model.markdown`), checked when
the document is validated, so nothing in the data can become executable markup.
The scalar types live in :mod:`generator.model.scalars` and a part's content (its
blocks) in :mod:`generator.model.content`; both are re-exported here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.model.content import Block as Block
from generator.model.content import Box as Box
from generator.model.content import BoxBlock as BoxBlock
from generator.model.content import Content as Content
from generator.model.content import Findings as Findings
from generator.model.content import Generated as Generated
from generator.model.content import KeyQuestionResult as KeyQuestionResult
from generator.model.content import KeyQuestions as KeyQuestions
from generator.model.content import Note as Note
from generator.model.content import Prose as Prose
from generator.model.content import Table as Table
from generator.model.content import TableBlock as TableBlock
from generator.model.framework import Strict
from generator.model.scalars import AreaName as AreaName
from generator.model.scalars import Markdown as Markdown
from generator.model.scalars import Percent as Percent
from generator.model.scalars import Score as Score
from generator.model.scalars import Slug as Slug
from generator.model.scalars import parse_score as parse_score


class Person(Strict):
    """A named person with a role."""

    name: str
    """The name as published."""

    role: str | None = None
    """The role or title, for example 'HM Chief Inspector of Probation'."""


class Credit(Strict):
    """One line of acknowledgements: a role and the people who held it."""

    role: str
    """The role, for example 'HM Inspectors'."""

    names: list[str]
    """The people, in published order."""


class Foreword(Strict):
    """The foreword and who signed it."""

    body: Markdown
    """The foreword's text."""

    signatory: Person | None = None
    """Who signed the foreword."""

    date: str | None = None
    """The date printed under the signature, as published (for example 'May 2004')."""


class Acknowledgements(Strict):
    """Thanks, and the inspection team."""

    body: Markdown | None = None
    """The text of the acknowledgements."""

    credits: list[Credit] = Field(default_factory=list)
    """The inspection team and others, by role."""


class GlossaryEntry(Strict):
    """An abbreviation or term and what it stands for."""

    term: str
    """The abbreviation or term as it appears in the text, for example 'OASys'."""

    definition: str
    """Its expansion or meaning."""


class ContentsEntry(Strict):
    """One line of the printed report's list of contents."""

    title: str
    """The heading as printed."""

    page: str | None = None
    """The printed page number; kept for reference, it has no web equivalent."""

    target: str | None = None
    """The anchor of the part of the web report this line points to."""


class Recommendation(Strict):
    """One recommendation."""

    number: int | None = None
    """The published number, where recommendations are numbered."""

    text: Markdown
    """What is recommended, completing the addressee's sentence."""


class RecommendationGroup(Strict):
    """Recommendations addressed to one body."""

    addressee: str
    """Who must act, with the lead-in as published: 'The Probation Board should ensure that:'."""

    items: list[Recommendation]
    """The recommendations, in published order."""


class KeyFinding(Strict):
    """A key finding, usually one per section."""

    heading: str | None = None
    """The finding's lead-in, for example 'Quality of Management'."""

    section: str | None = None
    """The framework section it summarises, where it matches one."""

    text: Markdown
    """The finding."""


class CriterionResult(Content):
    """A criterion or standard as reported: its score and the findings behind it."""

    id: str
    """The framework's criterion id, for example 'B1' or '2.3'."""

    title: str | None = None
    """The title as published, when it differs from the framework's."""

    description: Markdown | None = None
    """The criterion's description as printed in this report."""

    score: Score | None = None
    """The score or rating this report publishes for the criterion."""

    previous_score: Score | None = None
    """In a follow-up: the original inspection's score, as this report states it."""

    @property
    def rating_note(self) -> str | None:
        """The published notes on how the rating was reached, as one text."""
        notes = [b.text for b in self.blocks if isinstance(b, Note)]
        return "\n\n".join(notes) if notes else None

    @property
    def key_questions(self) -> list[KeyQuestionResult]:
        """For a case-review standard: the key-question percentages, from every key-question table."""
        return [q for b in self.blocks if isinstance(b, KeyQuestions) for q in b.questions]


class Part(Content):
    """A part of the report's body: a section, a domain, a fixed-text chapter or an annexe."""

    id: Slug
    """The part's anchor, stable across builds, for example 'section-b' or 'inspection-arrangements'."""

    title: str
    """The heading as published."""

    lead_in: Markdown | None = None
    """A line printed above the heading that introduces it, such as 'Recommendation from a
    previous CRC inspection in February 2019:' over the recommendation it names."""

    kind: Literal["chapter", "section", "annexe"] = "chapter"
    """A fixed-text chapter, a framework section with criteria, or an annexe."""

    section: str | None = None
    """For a section: the framework section id it reports on."""

    criteria: list[CriterionResult] = Field(default_factory=list)
    """The criteria or standards reported in this part, in published order."""

    parts: list[Part] = Field(default_factory=list)
    """Sub-parts with their own headings."""


class ThemeFigure(Strict):
    """A thematic quality rating as published."""

    name: str
    """The published name, for example 'Quality of DV Assessment'."""

    section: str | None = None
    """The theme section it rates, where it is a computed score."""

    score: Score | None = None
    """The published figure."""

    text: Markdown | None = None
    """A rating given in words, for example the management summary."""


class Thematic(Strict):
    """The thematic element of an ESI report."""

    theme: str
    """The id of the theme framework fragment, for example 'domestic-violence-2003'."""

    title: str
    """The element's heading as published."""

    subtitle: str | None = None
    """A second heading, for example 'Summary of the provisional findings for Gwent'."""

    introduction: Markdown | None = None
    """The introduction."""

    ratings_text: Markdown | None = None
    """Text that introduces the table of computed quality ratings, printed above it
    (and after any rating given in words)."""

    ratings: list[ThemeFigure] = Field(default_factory=list)
    """The quality ratings, as published."""

    overall_assessment: Markdown | None = None
    """The overall assessment."""

    recommendations: list[RecommendationGroup] = Field(default_factory=list)
    """The element's own recommendations."""

    parts: list[Part] = Field(default_factory=list)
    """The element's own sections and criteria."""


class Meta(Strict):
    """Facts about the report as a publication."""

    title: str
    """The report's title, for example 'Effective Supervision Inspection: Gwent Probation Area'."""

    cover: list[str] = Field(default_factory=list)
    """Lines printed on the cover under the title, as published (a region, a date line)."""

    area: AreaName
    """The area or unit inspected, for example 'Gwent'; its page is /areas/<slug of the name>/."""

    area_name: str | None = None
    """The inspected body's full name, for example 'Gwent Probation Area'."""

    region: str | None = None
    """The region, for example 'Wales'."""

    year: int
    """The year of publication."""

    published: str | None = None
    """The publication date as printed, for example 'May 2004'."""

    fieldwork: str | None = None
    """When the fieldwork took place, as published."""

    isbn: str | None = None
    """The ISBN, as printed."""

    status: Literal["published", "draft", "withdrawn"] = "published"
    """Whether the report is published."""

    publisher: str | None = None
    """The inspectorate, for example 'HM Inspectorate of Probation'."""

    follow_up_of: str | None = None
    """For a follow-up: the slug of the original report."""


class Stated(Strict):
    """Figures the report publishes beyond the criterion scores."""

    sections: dict[str, Percent] = Field(default_factory=dict)
    """Section scores by section id, for example B: 66."""

    overall: float | None = None
    """The overall score: a percentage, or a number of points."""

    overall_rating: str | None = None
    """The overall rating in words, where the methodology gives one."""


class Citation(Strict):
    """An earlier inspection's recommendation, named as a later report cites it."""

    body: str | None = None
    """The body inspected, as cited, for example 'CRC' or 'NPS'."""

    date: str | None = None
    """When that inspection was published, as cited, for example 'February 2019'."""


class ProgressJudgement(Strict):
    """This report's judgement of a recommendation an earlier inspection made."""

    recommendation: str | None = None
    """The recommendation's id where its report is in the archive: '<report slug>#<anchor>',
    for example 'gwent-2004-esi#recommendation-2'."""

    citation: Citation | None = None
    """Where the earlier report is not in the archive: the inspection, as this report cites it."""

    text: Markdown
    """The recommendation as this report quotes it."""

    part: Slug | None = None
    """The anchor of the part of this report that gives its findings on the recommendation."""

    status: str | None = None
    """The categorisation this report gives, in its framework's words (for example
    'Some progress'); none where the report judges in its findings alone."""

    still_required: str | None = None
    """Whether this report says improvement is still required, in its framework's words."""


class Report(Strict):
    """One published inspection report."""

    slug: Slug
    """The report's id and URL: /reports/<slug>/."""

    framework: str
    """The id of the framework (methodology or follow-up) in ``data/frameworks/``."""

    meta: Meta
    """Publication facts."""

    foreword: Foreword | None = None
    """The foreword."""

    acknowledgements: Acknowledgements | None = None
    """Thanks and the inspection team."""

    contents: list[ContentsEntry] = Field(default_factory=list)
    """The printed list of contents."""

    glossary: list[GlossaryEntry] = Field(default_factory=list)
    """Abbreviations used in the report."""

    reasons: Markdown | None = None
    """For a follow-up: the reasons it was undertaken."""

    summary: Markdown | None = None
    """Summary text before the key findings."""

    key_findings: list[KeyFinding] = Field(default_factory=list)
    """The key findings."""

    recommendations: list[RecommendationGroup] = Field(default_factory=list)
    """The recommendations, grouped by addressee."""

    recommendations_intro: Markdown | None = None
    """Text printed before the recommendations, introducing them."""

    recommendations_note: Markdown | None = None
    """Text around the recommendations, such as a footnote."""

    next_steps: list[Markdown] = Field(default_factory=list)
    """What happens next."""

    stated: Stated = Field(default_factory=Stated)
    """Section and overall figures as published."""

    parts: list[Part] = Field(default_factory=list)
    """The body, in published order: chapters, sections or domains, and annexes."""

    thematic: Thematic | None = None
    """The thematic element, for ESI reports that have one."""

    role: Part | None = None
    """The inspectorate's role and code of practice, as printed at the end."""

    progress: list[ProgressJudgement] = Field(default_factory=list)
    """What this report found on recommendations of earlier inspections, in published order."""

    notes: list[str] = Field(default_factory=list)
    """Editorial notes: what was corrected by hand after import, and why."""
