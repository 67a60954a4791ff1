"""What the field tests say: below-norm results and left/right asymmetries, as plan changes.

Thresholds (evidence base, section 4):
- single-leg heel raise to failure: a clinical "normal" of about 25 reps
  (Hébert-Losier et al. 2017; decade norms run higher for young runners);
- single-leg hamstring bridge: under 20 reps is poor, about 25 average, over 30 good
  (Freckleton et al. 2014; a low score preceded hamstring strains);
- limb symmetry index (weaker / stronger x 100): under 90 % is flagged, under 85 % flagged
  strongly (hop-test return-to-sport criteria);
- side plank: left and right within about 5 % of each other (McGill et al. 1999); the
  absolute floor of 45 s for a runner is our default, not a published norm;
- single-leg squat: rated good, fair or poor on trunk, pelvis, hip and knee control
  (Crossley et al. 2011); fair or poor calls for hip-stability work.
Every finding is retested 6 weeks after the test (the evidence suggests 6-8 weeks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runstrong.domain.athlete import Assessment, LeftRight, Profile, Quality, Side
from runstrong.domain.vocabulary import Imbalance, Pattern

CALF_RAISE_NORM = 25
BRIDGE_POOR = 20
SIDE_PLANK_FLOOR_SECONDS = 45
SYMMETRY_FLAG = 90.0
SYMMETRY_STRONG = 85.0
SIDE_PLANK_SYMMETRY_FLAG = 95.0  # the side bridge is expected to be nearly even
RETEST_AFTER = dt.timedelta(weeks=6)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a field test showed, and what the plan does about it."""

    test: str
    imbalance: Imbalance
    patterns: tuple[Pattern, ...]  # where targeted work comes from, first that fits wins
    weak_side: Side | None  # the side that gets extra sets; None when both sides are low
    strong: bool  # flagged strongly: two extra sets rather than one
    symmetry: float | None  # weaker side as % of the stronger, where both sides were tested
    summary: str  # the result in plain words
    retest: dt.date

    @property
    def extra_sets(self) -> int:
        return 0 if self.weak_side is None else 2 if self.strong else 1


def symmetry(values: LeftRight) -> tuple[float, Side | None]:
    """Limb symmetry index and the weaker side (None when even)."""
    left, right = values.left, values.right
    if left == right:
        return 100.0, None
    weaker, stronger, side = (left, right, Side.LEFT) if left < right else (right, left, Side.RIGHT)
    return (100.0 * weaker / stronger if stronger else 100.0), side


def _asymmetry(
    test: str,
    values: LeftRight,
    label: str,
    unit: str,
    imbalance: Imbalance,
    patterns: tuple[Pattern, ...],
    retest: dt.date,
    floor: float | None = None,
    flag: float = SYMMETRY_FLAG,
) -> Finding | None:
    lsi, weak = symmetry(values)
    low_sides = [
        s
        for s, v in ((Side.LEFT, values.left), (Side.RIGHT, values.right))
        if floor is not None and v < floor
    ]
    uneven = weak is not None and lsi < flag
    if not uneven and not low_sides:
        return None
    result = f"{label}: left {values.left:g}{unit}, right {values.right:g}{unit}"
    parts = []
    if uneven:
        parts.append(f"the {weak} side is {lsi:.0f}% of the other (under {flag:.0f}%)")
    if low_sides:
        which = "both sides are" if len(low_sides) == 2 else f"the {low_sides[0]} side is"
        parts.append(f"{which} under the {floor:g}{unit} mark")
    side = weak if uneven else (low_sides[0] if len(low_sides) == 1 else None)
    strong = (uneven and lsi < SYMMETRY_STRONG) or (
        floor is not None and any(v < 0.8 * floor for v in (values.left, values.right))
    )
    return Finding(test, imbalance, patterns, side, strong, lsi if weak else 100.0,
                   f"{result}; {' and '.join(parts)}", retest)  # fmt: skip


def assess(profile: Profile) -> list[Finding]:
    """The findings of the runner's field tests, strongest first."""
    tests = profile.assessment
    if tests is None:
        return []
    retest = (tests.date or profile.start_date) + RETEST_AFTER
    found = [f for f in _each(tests, retest) if f is not None]
    return sorted(found, key=lambda f: (not f.strong, f.symmetry or 100.0, f.test))


def _each(tests: Assessment, retest: dt.date) -> list[Finding | None]:
    found: list[Finding | None] = []
    if tests.single_leg_calf_raise_reps:
        found.append(_asymmetry("single_leg_calf_raise_reps", tests.single_leg_calf_raise_reps,
                                "Single-leg calf raises", " reps", Imbalance.CALF_STRENGTH,
                                (Pattern.CALF,), retest, floor=CALF_RAISE_NORM))  # fmt: skip
    if tests.single_leg_bridge_reps:
        found.append(_asymmetry("single_leg_bridge_reps", tests.single_leg_bridge_reps,
                                "Single-leg bridges", " reps", Imbalance.POSTERIOR_CHAIN,
                                (Pattern.KNEE_FLEXION, Pattern.BRIDGE), retest, floor=BRIDGE_POOR))  # fmt: skip
    if tests.side_plank_seconds:
        found.append(_asymmetry("side_plank_seconds", tests.side_plank_seconds, "Side plank", " s",
                                Imbalance.LATERAL_CORE, (Pattern.ANTI_LATERAL_FLEXION, Pattern.HIP_ABDUCTION),
                                retest, floor=SIDE_PLANK_FLOOR_SECONDS, flag=SIDE_PLANK_SYMMETRY_FLAG))  # fmt: skip
    if tests.single_leg_squat_reps:
        found.append(_asymmetry("single_leg_squat_reps", tests.single_leg_squat_reps, "Single-leg squats",
                                " reps", Imbalance.HIP_STABILITY, (Pattern.HIP_ABDUCTION,), retest))  # fmt: skip
    quality = tests.single_leg_squat_quality
    if quality is not None:
        poor = [
            s
            for s, q in ((Side.LEFT, quality.left), (Side.RIGHT, quality.right))
            if q is not Quality.GOOD
        ]
        if poor:
            worst = Quality.POOR in (quality.left, quality.right)
            side = poor[0] if len(poor) == 1 else None
            found.append(Finding("single_leg_squat_quality", Imbalance.HIP_STABILITY, (Pattern.HIP_ABDUCTION,),
                                 side, worst, None,
                                 f"Single-leg squat control: left {quality.left}, right {quality.right}",
                                 retest))  # fmt: skip
    if tests.single_leg_hop_cm:
        found.append(_asymmetry("single_leg_hop_cm", tests.single_leg_hop_cm, "Single-leg hop", " cm",
                                Imbalance.SINGLE_LEG_POWER, (Pattern.LUNGE, Pattern.SINGLE_LEG_HINGE), retest))  # fmt: skip
    return _merge(found)


def _merge(found: list[Finding | None]) -> list[Finding | None]:
    """Two findings about the same weakness (squat reps and squat quality) become one."""
    merged: dict[Imbalance, Finding] = {}
    for finding in found:
        if finding is None:
            continue
        before = merged.get(finding.imbalance)
        if before is None:
            merged[finding.imbalance] = finding
            continue
        side = before.weak_side or finding.weak_side
        merged[finding.imbalance] = Finding(
            before.test, before.imbalance, before.patterns, side, before.strong or finding.strong,
            before.symmetry if before.symmetry is not None else finding.symmetry,
            f"{before.summary}; {finding.summary}", before.retest,
        )  # fmt: skip
    return list(merged.values())


# What the plan adds for each kind of finding, in the runner's words.
ACTION = {
    Imbalance.CALF_STRENGTH: "calf work",
    Imbalance.POSTERIOR_CHAIN: "hamstring and glute work (a posterior-chain emphasis)",
    Imbalance.LATERAL_CORE: "side-plank and hip work",
    Imbalance.HIP_STABILITY: "hip-stability work",
    Imbalance.SINGLE_LEG_POWER: "single-leg strength",
}


def describe(finding: Finding) -> str:
    """What a finding means, as the assessment shows it (the plan's own text comes from
    its adaptations)."""
    action = ACTION.get(finding.imbalance, "targeted work")
    extra = ""
    if finding.extra_sets:
        sets = "an extra set" if finding.extra_sets == 1 else f"{finding.extra_sets} extra sets"
        extra = f", with {sets} on your {finding.weak_side} side"
    return f"{finding.summary}. Your plan adds {action}{extra}. Retest around {finding.retest}."
