"""Exceptions for the C API's status codes, with the position the error object carries."""
from __future__ import annotations

from . import _native


class EntitleError(Exception):
    """A failed call: `status` ("ENTITLE_ERECORD"), `code` (-3), `message`, and where known
    `file`, `line`, `column` (1-based; 0 when unknown) and the record `field`."""

    def __init__(self, code: int, message: str, file: str = "", line: int = 0, column: int = 0,
                 field: str = "", diagnostics: str = "") -> None:
        self.code = code
        self.status = _native.lib.entitle_status_name(code).decode()
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.diagnostics = diagnostics
        super().__init__(self._text())

    def _text(self) -> str:
        where = self.file
        if self.line:
            where += f"{':' if where else 'line '}{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}" if where else self.message


class InvalidArgumentError(EntitleError, ValueError):
    """ENTITLE_EINVAL: a bad argument (an as-of that is not a date, an unknown rule id…)."""


class LoadError(EntitleError):
    """ENTITLE_ELOAD: the rule set has errors; `diagnostics` lists every one."""


class RecordError(EntitleError, ValueError):
    """ENTITLE_ERECORD: the record is not JSON or does not fit the schema (`field`)."""


class EvaluationError(EntitleError):
    """ENTITLE_EEVAL: an expression failed at run time (`file`:`line`:`column` of it)."""


class EntitleMemoryError(EntitleError, MemoryError):
    """ENTITLE_ENOMEM."""


class InternalError(EntitleError):
    """ENTITLE_EINTERNAL: a bug in entitle."""


class EntitleIOError(EntitleError, OSError):
    """ENTITLE_EIO: a file of a batch run cannot be read or written (`file` names it)."""


_CLASSES = {
    _native.EINVAL: InvalidArgumentError,
    _native.ELOAD: LoadError,
    _native.ERECORD: RecordError,
    _native.EEVAL: EvaluationError,
    _native.ENOMEM: EntitleMemoryError,
    _native.EINTERNAL: InternalError,
    _native.EIO: EntitleIOError,
}


def make_error(code: int, message: str, **where) -> EntitleError:
    return _CLASSES.get(code, EntitleError)(code, message, **where)


def last_error(code: int) -> EntitleError:
    """The exception for a status just returned on this thread, from entitle_error_last()."""
    lib = _native.lib
    e = lib.entitle_error_last()
    return make_error(
        code,
        lib.entitle_error_message(e).decode("utf-8", "replace"),
        file=lib.entitle_error_file(e).decode("utf-8", "replace"),
        line=lib.entitle_error_line(e),
        column=lib.entitle_error_column(e),
        field=lib.entitle_error_field(e).decode("utf-8", "replace"),
        diagnostics=lib.entitle_error_diagnostics(e).decode("utf-8", "replace"))


def check(code: int) -> None:
    if code != _native.OK:
        raise last_error(code)
