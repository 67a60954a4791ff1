"""The pain rule: what a reported pain score means for the next prescription.

Adapted, more cautiously, from the pain-monitoring model of Silbernagel et al. 2007 (Am J
Sports Med 35:897), where tendon patients kept training with pain up to 5/10 under a
clinician's eye: runstrong has no clinician watching, so it regresses above 3/10 and stops
above 5/10. Pain never leads to more load. This is a training rule, not medical advice.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from runstrong.domain.errors import InvalidInput

ACCEPTABLE = 3  # up to this, if it settles by the next morning, carry on
STOP_ABOVE = 5  # above this the exercise stops for the day


class PainAction(StrEnum):
    CARRY_ON = "carry_on"  # same exercise, same dose: never more load because of pain
    REGRESS = "regress"  # next time an easier version or less load
    STOP = "stop"  # stop the exercise now and see a professional if it does not settle


@dataclass(frozen=True, slots=True)
class PainResponse:
    action: PainAction
    message: str


def respond_to_pain(score: int, settled_by_morning: bool = True) -> PainResponse:
    """The response to pain felt during an exercise, on the 0-10 scale."""
    if not 0 <= score <= 10:
        raise InvalidInput("pain", f"pain is scored from 0 to 10; got {score}")
    if score > STOP_ABOVE:
        return PainResponse(
            PainAction.STOP,
            f"Pain of {score}/10 is too much: stop this exercise for today. If it does not "
            "settle within a day or two, see a physiotherapist or doctor. runstrong is not "
            "medical advice.",
        )
    if score > ACCEPTABLE or not settled_by_morning:
        reason = (
            f"pain of {score}/10"
            if score > ACCEPTABLE
            else "pain that lasted into the next morning"
        )
        return PainResponse(
            PainAction.REGRESS,
            f"After {reason}, the next session uses an easier version or less load. "
            "Build back up only once it stays at 3/10 or less.",
        )
    return PainResponse(
        PainAction.CARRY_ON,
        "Pain up to 3/10 that has settled by the next morning is acceptable: keep the same dose.",
    )
