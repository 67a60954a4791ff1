"""A learn-hub guide: short Markdown in our own words, with validated front matter."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from runstrong.domain.exercises import ID_PATTERN, ExerciseId

GuideId = ExerciseId  # same slug rules

# In a guide body, exercises and other guides are linked as [text](exercise:ID) and
# [text](guide:ID). The front matter lists the same ids; the catalog checks they agree.
LINK = re.compile(r"\[([^\]]+)\]\((exercise|guide):([a-z0-9-]+)\)")


class Guide(BaseModel):
    """One guide (schema ``runstrong.guides/1``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: GuideId
    title: str = Field(min_length=5, max_length=100)
    summary: str = Field(min_length=20, max_length=300)
    topics: tuple[str, ...] = Field(min_length=1)
    exercises: tuple[ExerciseId, ...] = ()
    related: tuple[GuideId, ...] = ()
    sources: tuple[str, ...] = Field(
        default=(), description="literature the guide's figures come from"
    )
    body: str = Field(min_length=200)

    def linked(self, kind: str) -> list[str]:
        """Ids linked in the body, in order of first mention, for 'exercise' or 'guide'."""
        seen: dict[str, None] = {}
        for _text, link_kind, target in LINK.findall(self.body):
            if link_kind == kind:
                seen.setdefault(target, None)
        return list(seen)


__all__ = ["ID_PATTERN", "LINK", "Guide", "GuideId"]
