"""Typed lessons, as loaded from ``prompts/``. Frozen: content never changes at run time."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ReflectionKind = Literal["text", "long_text", "scale", "choice", "multi_choice", "emotions"]
REFLECTION_KINDS: tuple[ReflectionKind, ...] = (
    "text",
    "long_text",
    "scale",
    "choice",
    "multi_choice",
    "emotions",
)
# An answer is free text, a scale number, one option, or several options.
Answer = str | int | list[str]


@dataclass(frozen=True)
class Section:
    title: str
    body: str


@dataclass(frozen=True)
class Myth:
    claim: str
    evidence: str


@dataclass(frozen=True)
class Reference:
    citation: str
    doi: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class QuizQuestion:
    id: str
    question: str
    choices: tuple[str, ...]
    answer: str
    explanation: str

    def is_correct(self, choice: str) -> bool:
        return choice == self.answer


@dataclass(frozen=True)
class Reflection:
    id: str
    prompt: str
    kind: ReflectionKind
    help: str | None = None
    min: int | None = None
    max: int | None = None
    min_label: str | None = None
    max_label: str | None = None
    options: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The reflection with only the fields its kind uses."""
        data: dict[str, Any] = {"id": self.id, "prompt": self.prompt, "kind": self.kind}
        if self.help:
            data["help"] = self.help
        if self.kind == "scale":
            data.update(
                min=self.min, max=self.max, min_label=self.min_label, max_label=self.max_label
            )
        elif self.kind in ("choice", "multi_choice", "emotions"):
            data["options"] = list(self.options)
        return data


@dataclass(frozen=True)
class Lesson:
    id: str
    order: int
    title: str
    summary: str
    minutes: int
    sections: tuple[Section, ...]
    takeaways: tuple[str, ...]
    myths: tuple[Myth, ...]
    references: tuple[Reference, ...]
    quiz: tuple[QuizQuestion, ...]
    reflections: tuple[Reflection, ...]
    content_note: str | None = None
    source: Path = field(default=Path(), compare=False)

    def reflection(self, reflection_id: str) -> Reflection | None:
        return next((r for r in self.reflections if r.id == reflection_id), None)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape of ``intimacy read --json``."""
        return {
            "id": self.id,
            "order": self.order,
            "title": self.title,
            "summary": self.summary,
            "minutes": self.minutes,
            "content_note": self.content_note,
            "sections": [{"title": s.title, "body": s.body} for s in self.sections],
            "takeaways": list(self.takeaways),
            "myths": [{"claim": m.claim, "evidence": m.evidence} for m in self.myths],
            "references": [
                {"citation": r.citation, "doi": r.doi, "url": r.url} for r in self.references
            ],
            "quiz": [
                {
                    "id": q.id,
                    "question": q.question,
                    "choices": list(q.choices),
                    "answer": q.answer,
                    "explanation": q.explanation,
                }
                for q in self.quiz
            ],
            "reflections": [r.to_dict() for r in self.reflections],
            "source": str(self.source),
        }
