"""Loading libentitle and declaring the C functions (include/entitle.h) for ctypes.

The library is found, in order: the ENTITLE_LIBRARY environment variable (a path to the
shared library); a libentitle.so* next to this package; the system's search path.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os

OK = 0
EINVAL = -1
ELOAD = -2
ERECORD = -3
EEVAL = -4
ENOMEM = -5
EINTERNAL = -6
EIO = -7

EVAL_OPTIONS_VERSION = 1
BATCH_OPTIONS_VERSION = 1
FORMAT_JSONL = 2
BATCH_JOB_VERSION = 1


class Document(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("text", ctypes.c_char_p)]


class EvalOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("explain", ctypes.c_int),
        ("language", ctypes.c_char_p),
        ("rules", ctypes.POINTER(ctypes.c_char_p)),
        ("rule_count", ctypes.c_size_t),
        ("entity", ctypes.c_char_p),
    ]


class BatchOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("threads", ctypes.c_uint), ("format", ctypes.c_int)]


class BatchJob(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("in_path", ctypes.c_char_p),
        ("out_path", ctypes.c_char_p),
        ("rejects_path", ctypes.c_char_p),
        ("summary_by", ctypes.c_char_p),
        ("as_of", ctypes.c_char_p),
        ("entity", ctypes.c_char_p),
        ("columns", ctypes.c_char_p),
        ("threads", ctypes.c_uint),
    ]


class BatchCounts(ctypes.Structure):
    _fields_ = [("rows_in", ctypes.c_ulonglong), ("rows_out", ctypes.c_ulonglong),
                ("rows_rejected", ctypes.c_ulonglong)]


def _candidates() -> list[str]:
    explicit = os.environ.get("ENTITLE_LIBRARY")
    if explicit:
        return [explicit]
    here = os.path.dirname(os.path.abspath(__file__))
    found = sorted(glob.glob(os.path.join(here, "libentitle.so*")))
    system = ctypes.util.find_library("entitle")
    return found + ([system] if system else []) + ["libentitle.so.0"]


def _load() -> ctypes.CDLL:
    errors = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append(f"{path}: {e}")
    raise ImportError(
        "cannot load libentitle; set ENTITLE_LIBRARY to its path (" + "; ".join(errors) + ")")


lib = _load()

_P = ctypes.c_void_p          # opaque handles and strings the library allocates
_OUT = ctypes.POINTER(ctypes.c_void_p)


def _declare(name: str, restype, *argtypes) -> None:
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)


_declare("entitle_version", ctypes.c_char_p)
_declare("entitle_status_name", ctypes.c_char_p, ctypes.c_int)
_declare("entitle_error_last", _P)
_declare("entitle_error_code", ctypes.c_int, _P)
_declare("entitle_error_message", ctypes.c_char_p, _P)
_declare("entitle_error_file", ctypes.c_char_p, _P)
_declare("entitle_error_line", ctypes.c_uint, _P)
_declare("entitle_error_column", ctypes.c_uint, _P)
_declare("entitle_error_field", ctypes.c_char_p, _P)
_declare("entitle_error_diagnostics", ctypes.c_char_p, _P)
_declare("entitle_string_free", None, _P)
_declare("entitle_ruleset_load", ctypes.c_int, _OUT, ctypes.c_char_p)
_declare("entitle_ruleset_load_documents", ctypes.c_int, _OUT, ctypes.POINTER(Document),
         ctypes.c_size_t)
_declare("entitle_ruleset_free", None, _P)
_declare("entitle_ruleset_describe", ctypes.c_int, _OUT, _P)
_declare("entitle_eval_options_init", ctypes.c_int, ctypes.POINTER(EvalOptions), ctypes.c_uint)
_declare("entitle_batch_options_init", ctypes.c_int, ctypes.POINTER(BatchOptions), ctypes.c_uint)
_declare("entitle_evaluate", ctypes.c_int, _OUT, _P, ctypes.c_char_p, ctypes.c_char_p,
         ctypes.POINTER(EvalOptions))
_declare("entitle_evaluate_many", ctypes.c_int, _OUT, ctypes.POINTER(ctypes.c_size_t), _P,
         ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(EvalOptions),
         ctypes.POINTER(BatchOptions))
_declare("entitle_batch_job_init", ctypes.c_int, ctypes.POINTER(BatchJob), ctypes.c_uint)
_declare("entitle_batch_run", ctypes.c_int, ctypes.POINTER(BatchCounts), _P,
         ctypes.POINTER(BatchJob))


def take_string(pointer: ctypes.c_void_p) -> str:
    """The text of a string the library returned, which is then freed."""
    try:
        return ctypes.string_at(pointer).decode("utf-8")
    finally:
        lib.entitle_string_free(pointer)
