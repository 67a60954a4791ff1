"""Editorial rules for the bundled library beyond what a single record can check.

These are product promises (every movement pattern has a full ladder with a home option at
the bottom; every exercise is reachable from a guide; ladders climb one level at a time in
one pattern; cues and tempos agree; media come from allowed hosts; claims rest on a cited
study or speak from experience (exercises, guides and injury texts alike); every citation is complete; substitutes and siblings agree), checked by the test suite
and by ``python -m runstrong.library.quality`` while writing content. That command prints
every problem, then the notes (work that needs a person: start times to find by watching a
video, protocol tempos owned by the injury profiles), and exits 1 when there are problems.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator

from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import LibraryError
from runstrong.domain.exercises import Exercise
from runstrong.domain.injuries import InjuryProfile
from runstrong.domain.media import media_host
from runstrong.domain.vocabulary import (
    HOME_EQUIPMENT,
    Block,
    Equipment,
    InjuryArea,
    Level,
    Muscle,
    Pattern,
    Region,
)

# Patterns whose ladder starts above basics on purpose, and the pattern they grow out of:
# single-leg hops come after two-footed landings (the plyometrics guide), so the bottom rung
# of the hop ladder regresses to a basics landing of the jump ladder.
FEEDERS: dict[Pattern, Pattern] = {Pattern.HOP: Pattern.JUMP}


def _lowest_rank(catalog: Catalog, pattern: Pattern) -> int:
    return min(e.level.rank for e in catalog.in_pattern(pattern))


def _fed_from(catalog: Catalog, e: Exercise, down: Exercise) -> bool:
    """Whether `down` below `e` is the allowed step from a feeder pattern into the bottom rung."""
    return (
        FEEDERS.get(e.pattern) is down.pattern
        and e.level.rank == _lowest_rank(catalog, e.pattern)
        and down.level is Level.BASICS
    )


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
        if not starts and pattern in FEEDERS:
            starts = [
                e
                for e in members
                if e.needs <= HOME_EQUIPMENT
                and any(_fed_from(catalog, e, by_id[d]) for d in e.regressions)
            ]
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


def ladder_faults(catalog: Catalog) -> list[str]:
    """Ladder steps that break the promises of the guides.

    Every exercise above basics has an easier rung in its own pattern, and following the
    easier rungs reaches a lower level (the safety guide: "there is always a rung below");
    no step joins levels two apart (basics to intermediate skips a rung); and a step stays
    in its movement pattern, except the bottom rung of a fed pattern (see FEEDERS).
    """
    problems = []
    by_id = {e.id: e for e in catalog.exercises}
    for e in catalog.exercises:
        for up in e.progressions:
            higher = by_id[up]
            if higher.level.rank - e.level.rank > 1:
                problems.append(
                    f"exercise {e.id} ({e.level}) -> {up} ({higher.level}) skips a level"
                )
            if higher.pattern is not e.pattern and not _fed_from(catalog, higher, e):
                problems.append(
                    f"exercise {e.id} ({e.pattern}) -> {up} ({higher.pattern}) leaves its pattern"
                )
        if e.level is Level.BASICS:
            continue
        if not e.regressions:
            problems.append(f"exercise {e.id} ({e.level}): no easier rung (regressions)")
            continue
        seen: set[str] = set()
        frontier = list(e.regressions)
        while frontier:
            current = frontier.pop()
            if current not in seen:
                seen.add(current)
                frontier.extend(by_id[current].regressions)
        if all(by_id[i].level.rank >= e.level.rank for i in seen):
            problems.append(f"exercise {e.id} ({e.level}): its easier rungs never go a level down")
    return problems


# A cue that holds, pauses or squeezes "at the top" (the end of the lift) describes a top
# hold. Tempo strings are lowering-pause-lifting with the pause at the bottom, so a top hold
# lives in `dose.hold_top`, and the two must agree.
_TOP_HOLD = re.compile(
    r"\b(hold|holding|pause|pausing|squeez\w*|balance)\b[^.;]*\bat the top\b"
    r"|\bat the top\b[^.;]*\b(hold|holding|pause|pausing|squeez\w*)\b",
    re.IGNORECASE,
)


def says_top_hold(cue: str) -> bool:
    """Whether a cue tells the runner to hold, pause or squeeze at the top of a rep."""
    return bool(_TOP_HOLD.search(cue))


def tempo_mismatches(catalog: Catalog) -> list[str]:
    """Exercises whose cues and dose disagree about a hold at the top."""
    problems = []
    for e in catalog.exercises:
        cued = any(says_top_hold(cue) for cue in e.cues)
        if cued and e.dose.hold_top == 0:
            problems.append(f"exercise {e.id}: a cue holds at the top but dose.hold_top is 0")
        if e.dose.hold_top > 0 and not cued:
            problems.append(
                f"exercise {e.id}: dose.hold_top is {e.dose.hold_top} s but no cue says to"
                " hold at the top"
            )
    return problems


def protocol_tempo_notes(catalog: Catalog) -> list[str]:
    """Injury-protocol steps that still write a top hold as a pause at the bottom.

    A step's tempo overrides the exercise's; where the exercise holds at the top and the
    step has a middle (bottom) pause but no `hold_top`, the step reads the old way.
    """
    notes = []
    for profile in catalog.injury_profiles:
        for status, plan in profile.plans():
            for dosed in plan.session + (plan.rehab.items if plan.rehab else ()):
                for option in dosed.options():
                    held = catalog.exercise(option).dose.hold_top
                    old = sorted(
                        {
                            s.tempo
                            for s in dosed.steps
                            if s.tempo and s.tempo.split("-")[1] != "0" and not s.hold_top
                        }
                    )
                    if held and old:
                        notes.append(
                            f"injury {profile.area}/{status}: {option} holds {held} s at the top,"
                            f" but the protocol's tempo {', '.join(old)} pauses at the bottom"
                        )
    return notes


# Any Markdown link target or bare web address in a guide; exercise: and guide: links are
# the hub's own and are checked by the catalog.
_WEB_LINK = re.compile(r"\]\(([^)\s]+)\)|(?<![(\w])(https?://[^\s)>\]]+)")


def media_faults(catalog: Catalog) -> list[str]:
    """Videos and guide links off the media allow-list, and clashing compilation starts."""
    problems = []
    for e in catalog.exercises:
        if e.video is not None and media_host(e.video) is None:
            problems.append(f"exercise {e.id}: video {e.video} is not on an allowed host")
    for g in catalog.guides:
        texts = [g.body, *g.sources]
        for text in texts:
            for target, bare in _WEB_LINK.findall(text):
                url = target or bare
                if url.startswith(("exercise:", "guide:")):
                    continue
                if media_host(url) is None:
                    problems.append(f"guide {g.id}: link {url} is not on an allowed host")
    for url, sharing in sorted(compilations(catalog).items()):
        starts = [e.video_start for e in sharing if e.video_start is not None]
        if len(starts) != len(set(starts)):
            names = ", ".join(e.id for e in sharing)
            problems.append(f"video {url}: two of {names} start at the same second")
    return problems


def compilations(catalog: Catalog) -> dict[str, list[Exercise]]:
    """Videos shared by several exercises, each with the exercises that use it."""
    shared: dict[str, list[Exercise]] = {}
    for e in catalog.exercises:
        if e.video is not None:
            shared.setdefault(e.video, []).append(e)
    return {url: users for url, users in shared.items() if len(users) > 1}


def compilation_notes(catalog: Catalog) -> list[str]:
    """Compilations whose exercises still lack a start time (to be checked by watching)."""
    notes = []
    for url, sharing in sorted(compilations(catalog).items()):
        missing = [e.id for e in sharing if e.video_start is None]
        if missing:
            notes.append(
                f"video {url} shows {len(sharing)} exercises; no start time yet for"
                f" {', '.join(missing)}"
            )
    return notes


# A study named in a text: "Beyer et al. (2015)", "Støren et al. 2008", "Harøy's 2019 trial".
_NAMED_STUDY = re.compile(
    r"\b(?P<name>(?:van |de )?[A-Z][\w\-]+)(?: et al\.|,? [A-Z][\w\-]+ & [A-Z][\w\-]+|'s)"
    r"(?: \(?(?P<year>(?:19|20)\d\d)\)?)?"
)


_STUDY_WORD = re.compile(r"\b(trial|study|programme|protocol|research)\b")


def _texts(e: Exercise) -> list[str]:
    return [e.summary, *e.cues]


def citation_faults(catalog: Catalog) -> list[str]:
    """Incomplete citations, and studies named in an exercise's text without a full source."""
    problems = []
    for e in catalog.exercises:
        for source in e.sources:
            if not CITATION.match(source):
                problems.append(
                    f"exercise {e.id}: source {source!r} is not 'Authors Year, Journal"
                    " Volume:Pages'"
                )
        for text in _texts(e):
            for match in _NAMED_STUDY.finditer(text):
                name, year = match.group("name"), match.group("year")
                cited = [s for s in e.sources if s.startswith(name)]
                after = text[match.end() : match.end() + 60]
                if year is None and not match.group(0).endswith("et al."):
                    if not _STUDY_WORD.search(after):
                        continue  # a possessive that names no study ("Garmin's")
                if not any(year is None or year in s for s in cited):
                    problems.append(
                        f"exercise {e.id}: names {match.group(0)!r} but lists no full source"
                    )
    return problems


# The notation the product writes: metric units, "3 × 15", "10 %", "90°", "30 to 45 s".
_NOTATION: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b\d+ sets of \d+\b"), 'write sets and reps with ×, as in "3 × 15"'),
    (re.compile(r"\d ?[xX] ?\d|\d×|×\d"), 'write × with a space each side, as in "3 × 15"'),
    (re.compile(r"\d%"), 'write a percentage with a space, as in "10 %"'),
    (re.compile(r"\b\d+ degrees\b"), "write degrees with the ° sign"),
    (
        re.compile(r"\b\d+-\d+ ?(s|reps|seconds|cm|kg|m)\b"),
        'write a range with "to", as in "30 to 45 s"',
    ),
    (
        re.compile(
            r"\b\d+ ?(inch|inches|ft|feet|lb|lbs|pounds?|miles?|yards?)\b"
            r"|\ba foot (above|below|high|away|apart|from)\b"
        ),
        "use metric units",
    ),
)


def notation_faults(catalog: Catalog) -> list[str]:
    """Exercise texts that stray from the product's units and notation."""
    problems = []
    for e in catalog.exercises:
        for text in _texts(e):
            for pattern, advice in _NOTATION:
                match = pattern.search(text)
                if match:
                    problems.append(f"exercise {e.id}: {match.group(0)!r}: {advice}")
    return problems


def _same_intent(e: Exercise, sub: Exercise) -> bool:
    """Whether a substitute trains what the exercise trains.

    The same movement pattern; or both power work driven by the legs (a kettlebell swing and
    a broad jump both train explosive hip extension); or both rotation led by the obliques
    (a rotational throw and an oblique twist). A slam is not a squat jump: one is an
    upper-body throw, the other a leg drive.
    """
    if sub.pattern is e.pattern:
        return True
    legs = all(Block.POWER in x.blocks and Region.LOWER in x.regions for x in (e, sub))
    rotation = all(x.muscles[0] is Muscle.OBLIQUES for x in (e, sub))
    return legs or rotation


def substitute_faults(catalog: Catalog) -> list[str]:
    """Substitutes that do not train what the exercise trains."""
    problems = []
    for e in catalog.exercises:
        for ref in e.substitutes:
            sub = catalog.exercise(ref)
            if not _same_intent(e, sub):
                problems.append(
                    f"exercise {e.id} ({e.pattern}): substitute {ref} ({sub.pattern})"
                    " trains something else"
                )
    return problems


def _siblings(a: Exercise, b: Exercise) -> bool:
    """The same movement loaded the same way: neighbours on a ladder or substitutes, in one
    pattern, with the same sides, jumping, external load, barbell and measure."""
    linked = b.id in a.progressions + a.regressions + a.substitutes + b.substitutes
    return (
        linked
        and a.pattern is b.pattern
        and a.unilateral == b.unilateral
        and a.plyometric == b.plyometric
        and a.loadable == b.loadable
        and (Equipment.BARBELL in a.needs) == (Equipment.BARBELL in b.needs)
        and (a.dose.seconds is None) == (b.dose.seconds is None)
    )


def _named_by_rule(catalog: Catalog, area: InjuryArea, exercise_id: str) -> bool:
    """Whether the current injury rule for `area` names the exercise on purpose: in its
    `avoid`, or in an exclusion's `exercises` or `keep`, or leaves out all plyometrics."""
    profile = catalog.injury_profile(area)
    if profile is None:
        return False
    plan = profile.for_status("current")
    exercise = catalog.exercise(exercise_id)
    if exercise.plyometric and not plan.plyometrics:
        return True
    named = {i for x in plan.excludes for i in (*x.exercises, *x.keep)}
    selected = any(x.matches(exercise) for x in plan.excludes)
    return exercise_id in named or exercise_id in plan.avoid or selected


# Siblings that differ on purpose where no injury rule says so, each with the reason.
DELIBERATE_DIFFERENCES: dict[tuple[str, str, InjuryArea], str] = {
    ("couch-stretch", "kneeling-hip-flexor-stretch", InjuryArea.KNEE): (
        "the couch stretch folds the back knee fully under load; the kneeling stretch does not"
    ),
    ("hanging-knee-raise", "leg-lift", InjuryArea.LOW_BACK): (
        "a straight-leg lift is the long lever that arches a sore back; a knee raise is short"
    ),
    ("leg-lift", "reverse-crunch", InjuryArea.LOW_BACK): (
        "a straight-leg lift is the long lever that arches a sore back; a reverse crunch is short"
    ),
    ("askling-diver", "single-leg-deadlift", InjuryArea.HAMSTRING): (
        "the diver reaches fast into a long hamstring; a slow single-leg deadlift stays short of it"
    ),
    ("askling-diver", "supported-single-leg-hinge", InjuryArea.HAMSTRING): (
        "the diver reaches fast into a long hamstring; a supported hinge stays short of it"
    ),
    ("askling-diver", "single-leg-deadlift", InjuryArea.PROXIMAL_HAMSTRING): (
        "the diver folds deep at the hip at speed, pressing on the tendon; a slow hinge need not"
    ),
    ("askling-diver", "supported-single-leg-hinge", InjuryArea.PROXIMAL_HAMSTRING): (
        "the diver folds deep at the hip at speed, pressing on the tendon; a supported hinge need not"
    ),
    ("hip-airplane", "single-leg-deadlift", InjuryArea.HIP): (
        "the airplane turns the pelvis over the standing hip and across it; a deadlift stays square"
    ),
    ("kettlebell-deadlift", "trap-bar-deadlift", InjuryArea.LOW_BACK): (
        "a trap bar carries barbell loads; one kettlebell stays light"
    ),
    ("rucksack-romanian-deadlift", "trap-bar-deadlift", InjuryArea.LOW_BACK): (
        "a trap bar carries barbell loads; a rucksack stays light"
    ),
}


def sibling_gaps(catalog: Catalog) -> list[str]:
    """Siblings that disagree about an injury they are avoided with, where no injury rule
    names the difference (e.g. the front squat avoided with kneecap pain, the back squat not).
    """
    problems = []
    done: set[tuple[str, str]] = set()
    for a in catalog.exercises:
        for ref in sorted({*a.progressions, *a.regressions, *a.substitutes}):
            b = catalog.exercise(ref)
            pair = (min(a.id, b.id), max(a.id, b.id))
            if pair in done or not _siblings(a, b):
                continue
            done.add(pair)
            for area in sorted(set(a.avoid_with) ^ set(b.avoid_with)):
                if _named_by_rule(catalog, area, a.id) or _named_by_rule(catalog, area, b.id):
                    continue
                if (*pair, area) in DELIBERATE_DIFFERENCES:
                    continue
                avoided, other = (a, b) if area in a.avoid_with else (b, a)
                problems.append(
                    f"exercise {avoided.id} is avoided with {area} but its sibling {other.id}"
                    " is not"
                )
    return problems


def unguided(catalog: Catalog) -> list[str]:
    return [f"exercise {e.id}: no guide mentions it" for e in catalog.exercises if not e.guides]


def problems(catalog: Catalog) -> list[str]:
    """Every editorial rule the bundled library must keep; empty when it keeps them all."""
    return (
        ladder_gaps(catalog)
        + ladder_faults(catalog)
        + unguided(catalog)
        + tempo_mismatches(catalog)
        + media_faults(catalog)
        + citation_faults(catalog)
        + incomplete_citations(catalog)
        + strong_claims(catalog)
        + notation_faults(catalog)
        + substitute_faults(catalog)
        + sibling_gaps(catalog)
    )


def notes(catalog: Catalog) -> list[str]:
    """Work still to do by hand that no rule can finish: compilation start times to find by
    watching the videos, and injury-protocol tempos that still write a top hold the old way.
    Listed, not counted as problems."""
    return compilation_notes(catalog) + protocol_tempo_notes(catalog)


# Words that promise more than a trial in runners can show: a cure, a prevention, a halving,
# "the best", pain relief. A sentence with one of them must name an author of a source the
# same text cites (so the claim carries its study and caveat), or be worded as experience.
STRONG_CLAIMS = re.compile(
    r"\bprevent(s|ed|ing)?\b|(?<!two )(?<!the )\bhalv(e|es|ed|ing)\b|\b(the|single) best\b"
    r"|\bbest-\w+|\bproven\b|\bguarantee[sd]?\b|\bcur(e|es|ed)\b|\beliminat\w*|\bpain relief\b"
    r"|\brelieves?\b|\banalges\w*|\bprotects\b|\bbulletproof\b|\binjury-proof\b"
    r"|\b(eases?|settles?|soothes?|fixes)\b[^.;]*\b(pain|painful|sore|soreness|ache)\b"
    r"|\b(cuts?(?!-)|reduces?|lowers|guards? against)\b[^.;]*\b(risk|strains?|injur\w*)\b",
    re.IGNORECASE,
)
EXPERIENCE = re.compile(
    r"\b(many|some|most) (runners|people)\b|\brunners often\b|\bin our experience\b",
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
    """Exercise, guide and injury texts that say "prevents", "halves", "the best" or
    promise pain relief without naming the study they rest on, or without wording it as
    experience."""
    problems = []
    for e in catalog.exercises:
        for text in _texts(e):
            problems += overclaims(f"exercise {e.id}", text, e.sources)
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
    found = problems(catalog)
    for problem in found:
        print(problem)  # noqa: T201
    todo = notes(catalog)
    for note in todo:
        print(f"note: {note}")  # noqa: T201
    summary = f"{len(catalog.exercises)} exercises, {len(catalog.guides)} guides"
    print(f"{summary}, {len(found)} problems, {len(todo)} notes")  # noqa: T201
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
