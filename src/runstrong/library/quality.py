"""Editorial rules for the bundled library beyond what a single record can check.

These are product promises (every movement pattern has a full ladder with a home option at
the bottom; every exercise is reachable from a guide; no guide or injury text claims more
than its evidence; every citation can be found), checked by the test suite and by
``python -m runstrong.library.quality`` while writing content.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator

from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import LibraryError
from runstrong.domain.injuries import InjuryProfile
from runstrong.domain.vocabulary import HOME_EQUIPMENT, Level, Pattern


def ladder_gaps(catalog: Catalog) -> list[str]:
    """Patterns lacking a chain from a home exercise at basics to one at advanced."""
    problems = []
    by_id = {e.id: e for e in catalog.exercises}
    for pattern in Pattern:
        members = [e for e in catalog.exercises if e.pattern == pattern]
        if not members:
            problems.append(f"pattern {pattern}: no exercises")
            continue
        starts = [e for e in members if e.level == Level.BASICS and e.needs <= HOME_EQUIPMENT]
        if not starts:
            problems.append(f"pattern {pattern}: no home exercise at basics level")
            continue
        reached: set[str] = set()
        frontier = [e.id for e in starts]
        while frontier:
            current = frontier.pop()
            if current in reached:
                continue
            reached.add(current)
            frontier.extend(p for p in by_id[current].progressions if by_id[p].pattern == pattern)
        if not any(by_id[i].level == Level.ADVANCED for i in reached):
            problems.append(
                f"pattern {pattern}: no progression path from basics to advanced within the pattern"
            )
    return problems


def unguided(catalog: Catalog) -> list[str]:
    return [f"exercise {e.id}: no guide mentions it" for e in catalog.exercises if not e.guides]


# Words that promise more than a trial in runners can show: a cure, a prevention, a halving,
# "the best", pain relief. A sentence with one of them must name an author of a source the
# same text cites (so the claim carries its study and caveat), or be worded as experience.
STRONG_CLAIMS = re.compile(
    r"\bprevent(s|ed|ing)?\b|\bhalv(e|es|ed|ing)\b|\b(the|single) best\b|\bbest-\w+"
    r"|\bproven\b|\bguarantee[sd]?\b|\bcures?\b|\beliminat\w*|\bpain relief\b|\brelieves?\b"
    r"|\banalges\w*|\beases?\s+(the\s+|its\s+|your\s+|tendon\s+)?(pain|ache|soreness)",
    re.IGNORECASE,
)
EXPERIENCE = re.compile(
    r"\b(many|some|most) (runners|people) find\b|\brunners often find\b|\bin our experience\b",
    re.IGNORECASE,
)
# A citation names its authors and year, then its journal with volume and pages
# ("Alfredson et al. 1998, Am J Sports Med 26:360-366"; an article number such as e292 or
# b2684 counts as pages). Books, guidelines without a journal and our own labels say so
# with one of these words instead.
CITATION = re.compile(r"^.+? (19|20)\d\d\b[^,]*, [^,:]+? \d+(\(\d+\))?:[a-zA-Z]*\d+")
NOT_A_PAPER = re.compile(
    r"^(Common practice|Our (extrapolation|adaptation)|No trial|NSCA|Epley|Blagrove & Hooper|Baechle)",
)
# Cited papers whose volume or pages we have not been able to check yet: listed so the
# gap stays visible, and to be completed rather than guessed.
UNCHECKED_CITATIONS = (
    "Mattock et al. 2021, J Foot Ankle Res",
    "Lopes et al. 2012, Sports Med",
    "Askling et al. 2013, Br J Sports Med",
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[(*])")


def sentences(text: str) -> list[str]:
    """A text cut at sentence ends, with Markdown links reduced to their words."""
    plain = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", " ".join(text.split()))
    return [s for s in _SENTENCE_END.split(plain) if s]


def source_authors(sources: Iterable[str]) -> set[str]:
    """The lead author's surname of each citation ("van Dyk", "Harøy", "Green")."""
    names = set()
    for source in sources:
        lead = re.split(r" et al\.|,| & | and | (?:19|20)\d\d", source, maxsplit=1)[0].strip()
        if lead:
            names.add(lead)
    return names


def overclaims(where: str, text: str, sources: Iterable[str]) -> list[str]:
    """Each sentence of `text` that makes a strong claim without a source or as experience."""
    authors = source_authors(sources)
    problems = []
    for sentence in sentences(text):
        if not STRONG_CLAIMS.search(sentence) or EXPERIENCE.search(sentence):
            continue
        if any(name in sentence for name in authors):
            continue
        problems.append(f"{where}: a claim stronger than its evidence: {sentence!r}")
    return problems


def _injury_texts(profile: InjuryProfile) -> Iterator[tuple[str, str]]:
    yield f"injury {profile.area}", profile.summary
    for status, plan in profile.plans():
        yield f"injury {profile.area}/{status}", plan.note
        for dosed in plan.protocol_items():
            yield f"injury {profile.area}/{status}/{dosed.exercise}", dosed.why


def strong_claims(catalog: Catalog) -> list[str]:
    """Guides and injury texts that say "prevents", "halves", "the best" or promise pain
    relief without naming the study they rest on, or without wording it as experience."""
    problems = []
    for guide in catalog.guides:
        problems += overclaims(f"guide {guide.id}", f"{guide.summary} {guide.body}", guide.sources)
    for profile in catalog.injury_profiles:
        for where, text in _injury_texts(profile):
            problems += overclaims(where, text, profile.sources)
    return problems


def incomplete_citations(catalog: Catalog) -> list[str]:
    """Sources of guides and injury profiles that lack authors, year, journal, volume or
    pages (books, guidelines and our own labels of common practice excepted)."""
    cited = [(f"guide {g.id}", s) for g in catalog.guides for s in g.sources]
    cited += [(f"injury {p.area}", s) for p in catalog.injury_profiles for s in p.sources]
    return [
        f"{where}: citation incomplete (authors year, journal volume:pages): {source!r}"
        for where, source in cited
        if not CITATION.match(source)
        and not NOT_A_PAPER.match(source)
        and not source.startswith(UNCHECKED_CITATIONS)
    ]


def main() -> int:
    from runstrong.library.load import load_catalog

    try:
        catalog = load_catalog()
    except LibraryError as exc:
        print(exc)  # noqa: T201 - a developer tool
        return 1
    problems = ladder_gaps(catalog) + unguided(catalog)
    problems += strong_claims(catalog) + incomplete_citations(catalog)
    for problem in problems:
        print(problem)  # noqa: T201
    summary = f"{len(catalog.exercises)} exercises, {len(catalog.guides)} guides"
    print(f"{summary}, {len(problems)} problems")  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
