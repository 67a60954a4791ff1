"""Errors the product reports to people.

RunstrongError                 every error meant for the user (CLI exit 2 unless noted)
├── InvalidInput               input that breaks a rule; names the field and the problem
│   ├── UnknownChoice          a value outside a closed list; names the choices
│   └── UnknownExercise        an exercise id the library does not have
│       UnknownGuide           a guide id the learn hub does not have
├── StorageUnavailable         the database cannot be reached or opened
└── LibraryError               the bundled data is inconsistent (a defect: exit 1)
"""

from __future__ import annotations

from collections.abc import Iterable

from runstrong.domain.validation import quoted


class RunstrongError(Exception):
    """Root of every error the product explains to its user."""

    exit_code = 2


class InvalidInput(RunstrongError):
    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class UnknownChoice(InvalidInput):
    def __init__(self, field: str, value: str, choices: Iterable[str]) -> None:
        self.value = value
        self.choices = tuple(choices)
        super().__init__(
            field, f"unknown value {quoted(value)}; choose from: {', '.join(self.choices)}"
        )


class UnknownExercise(InvalidInput):
    def __init__(self, exercise_id: str, suggestions: Iterable[str] = ()) -> None:
        self.exercise_id = exercise_id
        hint = list(suggestions)
        tail = (
            f"; did you mean: {', '.join(hint)}?" if hint else "; `runstrong exercises` lists them"
        )
        super().__init__("exercise", f"no exercise with id {quoted(exercise_id)}{tail}")


class UnknownGuide(InvalidInput):
    def __init__(self, guide_id: str, choices: Iterable[str]) -> None:
        self.guide_id = guide_id
        super().__init__(
            "guide", f"no guide with id {quoted(guide_id)}; choose from: {', '.join(choices)}"
        )


class LibraryError(RunstrongError):
    """The bundled exercise or guide data is broken: a defect in the package, not user input."""

    exit_code = 1

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("the bundled library is inconsistent:\n  " + "\n  ".join(self.problems))


class StorageUnavailable(RunstrongError):
    """The database cannot be reached or opened: a setting or server to fix (exit 2)."""

    def __init__(self, where: str, why: str) -> None:
        # A SQLite file is fixed on this machine; a server, where it runs.
        advice = (
            "check that the file and its folder may be read and written, or set "
            "RUNSTRONG_DATABASE_URL to another database"
            if where.startswith("sqlite")
            else "check that the server is running and RUNSTRONG_DATABASE_URL"
        )
        super().__init__(f"cannot use the database at {where}: {why}; {advice}")
