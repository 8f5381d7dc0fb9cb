"""entitle: social-insurance eligibility rules, evaluated by libentitle through its C API.

    from datetime import date
    import entitle

    with entitle.RuleSet.load("rules/screening-2024") as rules:
        for d in rules.evaluate({"id": "P1", "birth_date": "1964-07-02"}, date(2024, 7, 1)):
            print(d.rule, d.status, d.outputs)
"""
from ._native import lib as _lib
from .decision import Citation, Decision
from .errors import (EntitleError, EntitleIOError, EntitleMemoryError, EvaluationError,
                     InternalError, InvalidArgumentError, LoadError, RecordError)
from .ruleset import BatchCounts, RuleSet

__all__ = ["RuleSet", "Decision", "Citation", "EntitleError", "InvalidArgumentError",
           "LoadError", "RecordError", "EvaluationError", "EntitleMemoryError",
           "InternalError", "EntitleIOError", "BatchCounts", "library_version"]


def library_version() -> str:
    """The version of the loaded libentitle, "MAJOR.MINOR.PATCH"."""
    return _lib.entitle_version().decode()
