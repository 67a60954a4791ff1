"""Session templates: which movement each slot of a session trains, and why.

Templates know nothing about the runner (the profile is applied at generation). Each
session of a week takes the next template in turn, so two sessions a week cover a squat
day and a single-leg day, three add a posterior-chain day. Every leg template holds a
single-leg strength slot, an upper-body slot and a core slot, so even one session a week
keeps all three.

`priority` orders what goes first when a session must be shortened to fit the runner's
minutes: the highest number is dropped first; 0 is never dropped. Upper body (1) outlasts
the two-legged main lift (2) so that even the shortest sessions keep a week's upper-body
work; the single-leg lift, the core and the warm-up (0) always stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from runstrong.domain.injuries import Dosed
from runstrong.domain.vocabulary import Block, Pattern


@dataclass(frozen=True, slots=True)
class Slot:
    block: Block
    patterns: tuple[Pattern, ...]  # first pattern with a suitable exercise wins
    role: str  # key of the reason shown to the runner
    priority: int
    unilateral: bool | None = None  # True: single-leg only; False: two-legged only
    legs: bool = False  # loads the legs: left out of sessions that must spare them
    from_training_week: int = 1  # flexion and rotation wait until stabilisation is in place
    dosed: Dosed | None = None  # an injury profile's exercise, with its own fixed doses
    reason: str | None = None  # shown instead of the role's usual reason
    main: bool = False  # the session's main lift: protected by a floor of sets when fitting
    kept: bool = False  # never dropped when fitting (the full-body session's five movements)
    serves: str | None = None  # the adaptation (finding or injury) this slot carries out


@dataclass(frozen=True, slots=True)
class Template:
    key: str
    focus: str
    slots: tuple[Slot, ...]

    def with_slots(self, extra: tuple[Slot, ...]) -> Template:
        """This template with slots added, each after the last slot of its block."""
        slots = list(self.slots)
        for slot in extra:
            position = max(
                (i + 1 for i, s in enumerate(slots) if s.block.rank <= slot.block.rank), default=0
            )
            slots.insert(position, slot)
        return Template(self.key, self.focus, tuple(slots))


P = Pattern
B = Block

_WARMUP = (
    Slot(B.WARMUP, (P.HIP_MOBILITY,), "warmup", 0),
    Slot(B.WARMUP, (P.SKIP,), "drill", 3),
)

SQUAT_DAY = Template(
    "A",
    "squat and single-leg hinge",
    (
        *_WARMUP,
        Slot(B.MOBILITY, (P.ANKLE_MOBILITY,), "ankle_mobility", 7),
        Slot(B.POWER, (P.JUMP,), "power", 5, legs=True),
        Slot(B.STRENGTH, (P.SQUAT,), "main_lift", 2, unilateral=False, legs=True, main=True),
        Slot(B.STRENGTH, (P.SINGLE_LEG_HINGE,), "single_leg", 0, unilateral=True, legs=True),
        Slot(B.ACCESSORY, (P.CALF,), "calf", 4, legs=True),
        Slot(B.ACCESSORY, (P.PULL,), "upper_pull", 1),
        Slot(B.CORE, (P.ANTI_EXTENSION,), "core_anti_extension", 0),
    ),
)

SINGLE_LEG_DAY = Template(
    "B",
    "single-leg strength and hip hinge",
    (
        *_WARMUP,
        Slot(B.MOBILITY, (P.HIP_MOBILITY,), "hip_mobility", 7),
        Slot(B.POWER, (P.HOP, P.JUMP, P.SKIP), "power", 5, legs=True),
        Slot(B.STRENGTH, (P.LUNGE,), "single_leg", 0, unilateral=True, legs=True, main=True),
        Slot(B.STRENGTH, (P.HINGE, P.BRIDGE), "hinge", 2, unilateral=False, legs=True),
        Slot(B.ACCESSORY, (P.HIP_ABDUCTION,), "hip_abduction", 4),
        Slot(B.ACCESSORY, (P.PUSH,), "upper_push", 1),
        Slot(B.CORE, (P.ANTI_LATERAL_FLEXION,), "core_lateral", 0),
    ),
)

POSTERIOR_DAY = Template(
    "C",
    "posterior chain and power",
    (
        *_WARMUP,
        Slot(B.MOBILITY, (P.THORACIC_MOBILITY,), "thoracic_mobility", 7),
        Slot(B.POWER, (P.SKIP, P.THROW, P.JUMP), "power", 5, legs=True),
        Slot(
            B.STRENGTH,
            (P.LUNGE, P.SINGLE_LEG_HINGE),
            "single_leg",
            0,
            unilateral=True,
            legs=True,
            main=True,
        ),
        Slot(B.STRENGTH, (P.BRIDGE, P.HINGE), "bridge", 2, legs=True),
        Slot(B.ACCESSORY, (P.KNEE_FLEXION,), "hamstring", 3, legs=True),
        Slot(B.ACCESSORY, (P.SHIN, P.HIP_ADDUCTION), "lower_leg", 4),
        Slot(B.ACCESSORY, (P.PULL, P.ARMS), "upper_pull", 1),
        Slot(B.CORE, (P.ANTI_ROTATION,), "core_anti_rotation", 0),
        Slot(B.CORE, (P.ROTATION, P.TRUNK_FLEXION), "core_dynamic", 8, from_training_week=7),
    ),
)

# The one leg session of a week that holds only one: squat, hinge, single leg, calf and
# jumps every week, since one session a week keeps strength only if it holds the same
# heavy lifts each time (Ronnestad et al. 2010; evidence.md section 2).
FULL_BODY_DAY = Template(
    "F",
    "full body",
    (
        *_WARMUP,
        Slot(B.MOBILITY, (P.ANKLE_MOBILITY,), "ankle_mobility", 7),
        Slot(B.POWER, (P.JUMP, P.HOP, P.SKIP), "power", 5, legs=True),
        Slot(B.STRENGTH, (P.SQUAT,), "main_lift", 2, unilateral=False, legs=True, main=True),
        Slot(B.STRENGTH, (P.HINGE, P.BRIDGE), "hinge", 2, unilateral=False, legs=True, kept=True),
        Slot(
            B.STRENGTH,
            (P.LUNGE, P.SINGLE_LEG_HINGE),
            "single_leg",
            0,
            unilateral=True,
            legs=True,
        ),
        Slot(B.ACCESSORY, (P.CALF,), "calf", 4, legs=True, kept=True),
        Slot(B.ACCESSORY, (P.PULL, P.PUSH), "upper_pull", 1),
        Slot(B.CORE, (P.ANTI_EXTENSION, P.ANTI_LATERAL_FLEXION), "core_anti_extension", 0),
    ),
)

# For days that must spare the legs (the day before a key run, or early after a long race).
UPPER_AND_CORE_DAY = Template(
    "U",
    "upper body, core and mobility",
    (
        Slot(B.WARMUP, (P.THORACIC_MOBILITY,), "warmup", 0),
        Slot(B.MOBILITY, (P.HIP_MOBILITY,), "hip_mobility", 6),
        Slot(B.MOBILITY, (P.POSTURE,), "posture", 7),
        Slot(B.ACCESSORY, (P.PUSH,), "upper_push", 0),
        Slot(B.ACCESSORY, (P.PULL,), "upper_pull", 0),
        Slot(B.ACCESSORY, (P.FOOT,), "foot", 4),
        Slot(B.CORE, (P.ANTI_EXTENSION,), "core_anti_extension", 0),
        Slot(B.CORE, (P.ANTI_ROTATION,), "core_anti_rotation", 3),
    ),
)

LEG_TEMPLATES = (SQUAT_DAY, SINGLE_LEG_DAY, POSTERIOR_DAY)

# Why each slot is in the session, in the runner's terms. Shown next to every item.
WHY = {
    "warmup": "Warms you up and takes the hips through the range the session needs.",
    "drill": "A running drill to switch on quick, springy feet before loading.",
    "ankle_mobility": "Ankle range lets the knee travel over the toes in squats and on hills.",
    "hip_mobility": "Open hips let you reach full stride without the low back taking over.",
    "thoracic_mobility": "A mobile upper back lets the arms swing freely and keeps you tall.",
    "posture": "Sets a tall, stacked posture to carry into your running.",
    "power": "Quick contacts teach tendons to return energy: this is running economy.",
    "main_lift": "The main lift: leg strength that holds your form late in a race.",
    "single_leg": "One leg at a time, as in running: it transfers best and evens out left and right.",
    "hinge": "Hip hinge strength for hamstrings and glutes, the engine of your push-off.",
    "bridge": "Glutes and hamstrings drive hip extension; runners often lean on the quads instead.",
    "calf": "Calves and soleus take the biggest load in running; strong ones protect the Achilles.",
    "hamstring": "Strong, long hamstrings resist strains at speed and late in long runs.",
    "lower_leg": "Shins and inner thighs take more than they get credit for; this keeps them robust.",
    "hip_abduction": "Keeps the pelvis level on every stride; weak hip abductors go with knee and IT band pain.",
    "upper_push": "Arms and shoulders drive your stride rhythm; push strength keeps the swing strong.",
    "upper_pull": "Upper back strength keeps your shoulders open and your arm swing strong when tired.",
    "foot": "Strong feet and toes make a stiffer spring and share the load with the calf.",
    "core_anti_extension": "Keeps the trunk stiff so leg drive is not lost through an arching back.",
    "core_lateral": "Stops the hip dropping and the trunk swaying on every single-leg landing.",
    "core_anti_rotation": "Resists twisting, so the force of each stride goes forward, not sideways.",
    "core_dynamic": "With stabilisation in place, a little flexion or rotation rounds out the trunk.",
}

# Where a slot may be filled from another movement than the one its role names, the words
# for that movement (a throw in a power slot lands no feet; a push in the pull slot is no
# upper-back work). `ROLE_FITS_PATTERN` lists the other movements the role's words fit.
WHY_BY_PATTERN = {
    ("power", P.THROW): "Throwing fast trains quick, whole-body force without the landings of a jump.",
    ("lower_leg", P.SHIN): "Shins take more load than they get credit for, on hills and downhills most; this keeps them robust.",
    ("lower_leg", P.HIP_ADDUCTION): "Inner thighs steady the pelvis and knee on every stride; this keeps them robust.",
    ("upper_pull", P.PUSH): WHY["upper_push"],
    ("upper_pull", P.ARMS): "Arms drive your stride rhythm; strong ones keep the swing going when you tire.",
    ("core_anti_extension", P.ANTI_LATERAL_FLEXION): WHY["core_lateral"],
}  # fmt: skip
ROLE_FITS_PATTERN = {
    ("power", P.HOP), ("power", P.JUMP), ("power", P.SKIP),
    ("hinge", P.BRIDGE), ("bridge", P.HINGE), ("single_leg", P.SINGLE_LEG_HINGE),
    ("core_dynamic", P.ROTATION), ("core_dynamic", P.TRUNK_FLEXION),
}  # fmt: skip

PHASE_NOTE = {
    "build": "Heavy and few reps: strength without bulk.",
    "peak": "Same intensity, less volume: keeps strength while you sharpen.",
    "taper": "Light, to arrive fresh.",
    "race": "A short, light primer; nothing new, nothing heavy.",
    "recovery": "An easy return after the race.",
}
