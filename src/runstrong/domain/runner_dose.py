"""What a runner's weekly running and age change in the dose, and what they leave alone.

Only the foot-contact dose of the power block changes, and only where practice backs it:

- Very high mileage (100 km a week or more): running already gives the legs tens of
  thousands of foot contacts a week (about 800-900 a kilometre at a usual cadence), so the
  jumps top out a quarter lower. Common practice [U], not a trial: evidence.md section 2
  gives 40-80 contacts a session for trained runners without a mileage rule.
- Masters runners (50 and over): tendons adapt more slowly with age, so the jumps start
  from the learning dose (20 contacts) and top out at 60 a session. Common practice [U].

Left alone, and said so (``explain``): the heavy strength work at any age (nothing in the
evidence base lowers it for older runners, and strength is worth more with age, not less);
teenage runners (no entry in the evidence base sets them a different dose: learn the lifts
with a coach); low mileage (the plan's own ramp already starts every runner gently).
Everything here is pure: the generator uses the limits, ``profile check`` shows the words.
"""

from __future__ import annotations

from dataclasses import dataclass

from runstrong.domain.athlete import Profile
from runstrong.domain.dosing import CONTACTS_CAP, CONTACTS_START

HIGH_MILEAGE_KM = 100  # a week; at this and above, the contact ceiling drops...
HIGH_MILEAGE_FACTOR = 0.75  # ...by a quarter
MASTERS_AGE = 50  # years; from this age on...
MASTERS_START = 20  # ...the jumps start from the learning dose...
MASTERS_CAP = 60  # ...and top out here
TEEN_AGE = 18  # under this age nothing changes, and the plan says so


@dataclass(frozen=True, slots=True)
class ContactLimits:
    """Foot contacts of one session: where the jumps start and their ceiling."""

    start: int
    cap: int
    reasons: tuple[str, ...]  # what changed them, in the runner's words (empty: nothing)


def contact_limits(profile: Profile) -> ContactLimits:
    experience = profile.experience
    start, cap = CONTACTS_START[experience], CONTACTS_CAP[experience]
    reasons = []
    km = profile.running.weekly_km or 0.0
    if km >= HIGH_MILEAGE_KM:
        lowered = max(start, _to_five(cap * HIGH_MILEAGE_FACTOR))
        if lowered < cap:
            reasons.append(
                f"You run about {km:.0f} km a week: your legs already take tens of thousands "
                f"of foot contacts a week, so the jumps top out at {lowered} contacts a "
                f"session instead of {cap} (common practice, not from a trial)."
            )
            cap = lowered
    if profile.age is not None and profile.age >= MASTERS_AGE:
        new_start, new_cap = min(start, MASTERS_START), min(cap, MASTERS_CAP)
        if (new_start, new_cap) != (start, cap):
            reasons.append(
                f"At {profile.age}, tendons adapt more slowly: the jumps start at {new_start} "
                f"contacts a session and top out at {new_cap} (common practice, not from a "
                "trial)."
            )
            start, cap = new_start, new_cap
    return ContactLimits(start, cap, tuple(reasons))


def explain(profile: Profile) -> tuple[str, ...]:
    """How weekly running and age shape this runner's dose, and where they do not."""
    limits = contact_limits(profile)
    lines = list(limits.reasons)
    if profile.age is not None and profile.age >= MASTERS_AGE:
        lines.append(
            "The heavy strength work stays as it is: nothing we rely on lowers it with age, "
            "and strength is worth more as the years go by, not less."
        )
    elif profile.age is not None and profile.age < TEEN_AGE:
        lines.append(
            f"At {profile.age}, the dose is the same as for an adult of your experience: the "
            "evidence we rely on sets no different one for teenage runners. Learn the lifts "
            "with a coach before they get heavy."
        )
    return tuple(lines)


def _to_five(value: float) -> int:
    return int(5 * round(value / 5))
