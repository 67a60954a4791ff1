"""The closed vocabularies of the product: levels, blocks, equipment, injury areas and more.

Every data file and every profile is validated against these, so a typo in a YAML file is a
load error and not a silently unmatched filter.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """How demanding an exercise is, lowest first. Runners climb these one rung at a time."""

    BASICS = "basics"
    FOUNDATIONAL = "foundational"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {level: index for index, level in enumerate(Level)}


class Block(StrEnum):
    """The parts of a session, in the order a session runs them."""

    WARMUP = "warmup"
    MOBILITY = "mobility"
    POWER = "power"
    STRENGTH = "strength"
    ACCESSORY = "accessory"
    CORE = "core"

    @property
    def rank(self) -> int:
        return _BLOCK_RANK[self]


_BLOCK_RANK = {block: index for index, block in enumerate(Block)}


class Region(StrEnum):
    LOWER = "lower"
    UPPER = "upper"
    CORE = "core"


class Pattern(StrEnum):
    """Movement patterns. Each has a ladder of exercises from basics to advanced."""

    # lower body strength
    SQUAT = "squat"
    LUNGE = "lunge"  # single-leg, knee-dominant: split squats, step-ups, step-downs
    HINGE = "hinge"  # bilateral hip hinge, including explosive hinges (swings, cleans)
    SINGLE_LEG_HINGE = "single_leg_hinge"
    BRIDGE = "bridge"  # hip extension from the floor or a bench
    KNEE_FLEXION = "knee_flexion"  # hamstring curls and Nordics
    KNEE_EXTENSION = "knee_extension"  # quadriceps on their own: leg extensions, reverse Nordics
    CALF = "calf"
    SHIN = "shin"
    FOOT = "foot"  # foot intrinsics and single-leg balance
    HIP_ABDUCTION = "hip_abduction"
    HIP_ADDUCTION = "hip_adduction"
    HIP_FLEXION = "hip_flexion"
    # upper body
    PUSH = "push"
    PULL = "pull"
    ARMS = "arms"
    # core
    ANTI_EXTENSION = "anti_extension"
    ANTI_ROTATION = "anti_rotation"
    ANTI_LATERAL_FLEXION = "anti_lateral_flexion"
    TRUNK_FLEXION = "trunk_flexion"
    ROTATION = "rotation"
    # power
    JUMP = "jump"  # two-footed plyometrics
    HOP = "hop"  # single-leg plyometrics
    SKIP = "skip"  # running drills, skips and bounds
    THROW = "throw"  # upper-body and medicine-ball power
    # mobility and posture
    ANKLE_MOBILITY = "ankle_mobility"
    HIP_MOBILITY = "hip_mobility"
    THORACIC_MOBILITY = "thoracic_mobility"
    POSTURE = "posture"


class Equipment(StrEnum):
    FLOOR = "floor"
    WALL = "wall"
    MAT = "mat"
    CHAIR = "chair"
    STEP = "step"
    TOWEL = "towel"
    RUCKSACK = "rucksack"
    RESISTANCE_BAND = "resistance_band"
    MINI_BAND = "mini_band"
    DUMBBELL = "dumbbell"
    KETTLEBELL = "kettlebell"
    BARBELL = "barbell"
    SQUAT_RACK = "squat_rack"
    BENCH = "bench"
    BOX = "box"
    MEDICINE_BALL = "medicine_ball"
    PULL_UP_BAR = "pull_up_bar"
    AB_WHEEL = "ab_wheel"
    CABLE_MACHINE = "cable_machine"
    LEG_PRESS = "leg_press"
    SLIDER = "slider"
    LEG_CURL_MACHINE = "leg_curl_machine"
    LEG_EXTENSION_MACHINE = "leg_extension_machine"
    SWISS_BALL = "swiss_ball"
    TRAP_BAR = "trap_bar"
    SLANT_BOARD = "slant_board"
    JUMP_ROPE = "jump_rope"


BODYWEIGHT_EQUIPMENT: frozenset[Equipment] = frozenset({Equipment.FLOOR, Equipment.WALL})
HOME_EQUIPMENT: frozenset[Equipment] = frozenset(
    {
        Equipment.FLOOR,
        Equipment.WALL,
        Equipment.MAT,
        Equipment.CHAIR,
        Equipment.STEP,
        Equipment.TOWEL,
        Equipment.RUCKSACK,
    }
)
GYM_EQUIPMENT: frozenset[Equipment] = frozenset(Equipment)

EQUIPMENT_PRESETS: dict[str, frozenset[Equipment]] = {
    "home": HOME_EQUIPMENT,
    "gym": GYM_EQUIPMENT,
}


class InjuryArea(StrEnum):
    ACHILLES = "achilles"
    PLANTAR_FASCIA = "plantar_fascia"
    KNEE = "knee"  # patellofemoral pain
    IT_BAND = "it_band"
    HAMSTRING = "hamstring"
    ADDUCTOR = "adductor"
    LOW_BACK = "low_back"
    SHIN = "shin"
    HIP = "hip"
    CALF = "calf"  # calf muscle strain
    PROXIMAL_HAMSTRING = "proximal_hamstring"  # high hamstring tendon pain
    PATELLAR_TENDON = "patellar_tendon"  # jumper's knee, below the kneecap
    ANKLE = "ankle"  # sprain, often on trails
    BONE_STRESS = "bone_stress"  # stress reaction or fracture: see a professional


class Imbalance(StrEnum):
    """Weaknesses the field tests reveal, or that runners commonly carry."""

    CALF_STRENGTH = "calf_strength"
    POSTERIOR_CHAIN = "posterior_chain"  # quad-dominant runners, weak hamstrings and glutes
    HIP_STABILITY = "hip_stability"  # hip drop, knee collapse on a single-leg squat
    LATERAL_CORE = "lateral_core"  # short or lopsided side plank
    FOOT_STRENGTH = "foot_strength"
    ANKLE_MOBILITY = "ankle_mobility"
    HIP_MOBILITY = "hip_mobility"
    THORACIC_MOBILITY = "thoracic_mobility"
    POSTURE = "posture"  # rounded shoulders, forward-tilted pelvis
    SINGLE_LEG_POWER = "single_leg_power"  # hop test
    ECCENTRIC_QUADS = "eccentric_quads"  # downhill running
    ARM_DRIVE = "arm_drive"


TARGET_VALUES: frozenset[str] = frozenset(
    [a.value for a in InjuryArea] + [i.value for i in Imbalance]
)


class Muscle(StrEnum):
    GLUTES = "glutes"
    GLUTE_MEDIUS = "glute_medius"
    HIP_ROTATORS = "hip_rotators"
    QUADRICEPS = "quadriceps"
    HAMSTRINGS = "hamstrings"
    ADDUCTORS = "adductors"
    HIP_FLEXORS = "hip_flexors"
    CALVES = "calves"
    SOLEUS = "soleus"
    TIBIALIS_ANTERIOR = "tibialis_anterior"
    FOOT = "foot"
    ABDOMINALS = "abdominals"
    OBLIQUES = "obliques"
    DEEP_CORE = "deep_core"
    LOWER_BACK = "lower_back"
    LATS = "lats"
    UPPER_BACK = "upper_back"
    REAR_DELTOIDS = "rear_deltoids"
    SHOULDERS = "shoulders"
    CHEST = "chest"
    TRICEPS = "triceps"
    BICEPS = "biceps"
    GRIP = "grip"
    NECK = "neck"
