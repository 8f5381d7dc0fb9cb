"""RuleSet: a loaded rule set over the C API, shareable between threads."""
from __future__ import annotations

import ctypes
import dataclasses
import datetime
import decimal
import json
import os
import threading
import weakref
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from . import _native
from .decision import Decision, decisions_from_json
from .errors import EntitleError, check, make_error

Date = Union[datetime.date, str]
Record = Union[Mapping[str, Any], str]


def _as_of_text(as_of: Date) -> bytes:
    if isinstance(as_of, datetime.datetime):
        as_of = as_of.date()
    if isinstance(as_of, datetime.date):
        as_of = as_of.isoformat()
    if not isinstance(as_of, str):
        raise TypeError(
            f"as_of must be a datetime.date or 'YYYY-MM-DD', not {type(as_of).__name__}")
    return as_of.encode()


def _json_default(value: Any) -> Any:
    # Exact text for decimals ("4321.07", never a binary float), ISO text for dates.
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a record value")


def _record_text(record: Record) -> str:
    if isinstance(record, str):
        return record
    return json.dumps(record, ensure_ascii=False, default=_json_default)


class _Options:
    """entitle_eval_options with the memory its pointers refer to kept alive."""

    def __init__(self, explain: bool, lang: str, rules: Optional[Sequence[str]],
                 entity: Optional[str]) -> None:
        self.struct = _native.EvalOptions()
        check(_native.lib.entitle_eval_options_init(ctypes.byref(self.struct),
                                                    _native.EVAL_OPTIONS_VERSION))
        self.struct.explain = 1 if explain else 0
        self.struct.language = lang.encode()
        if rules is not None:
            if isinstance(rules, str):
                rules = [rules]
            self._rules = (ctypes.c_char_p * len(rules))(*[r.encode() for r in rules])
            self.struct.rules = self._rules
            self.struct.rule_count = len(rules)
        if entity is not None:
            self.struct.entity = entity.encode()


@dataclasses.dataclass(frozen=True)
class BatchCounts:
    """What RuleSet.batch did: every input row is output or rejected."""
    rows_in: int
    rows_out: int
    rows_rejected: int


def _path_bytes(path: Optional[Union[str, "os.PathLike[str]"]]) -> Optional[bytes]:
    return None if path is None else os.fsencode(path)


class RuleSet:
    """A loaded, checked rule set. Immutable: share one between any number of threads.

    Use it as a context manager, or call close(); otherwise the handle is freed when the
    object is garbage-collected."""

    def __init__(self, handle: int) -> None:
        self._handle = handle
        self._finalizer = weakref.finalize(self, _native.lib.entitle_ruleset_free, handle)
        self._described: Optional[dict] = None
        self._lock = threading.Lock()

    # -- loading ------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"]) -> "RuleSet":
        """Loads the rule-set folder at `path`. Raises LoadError (file, line, column)."""
        import os
        out = ctypes.c_void_p()
        check(_native.lib.entitle_ruleset_load(ctypes.byref(out), os.fsencode(path)))
        return cls(out.value)

    @classmethod
    def from_documents(cls, documents: Union[Mapping[str, str], Iterable[tuple[str, str]]]
                       ) -> "RuleSet":
        """A rule set from in-memory YAML: {name: text} or (name, text) pairs. Names appear
        in error positions."""
        pairs = list(documents.items() if isinstance(documents, Mapping) else documents)
        array = (_native.Document * len(pairs))(
            *[_native.Document(name.encode(), text.encode()) for name, text in pairs])
        out = ctypes.c_void_p()
        check(_native.lib.entitle_ruleset_load_documents(ctypes.byref(out), array, len(pairs)))
        return cls(out.value)

    # -- life cycle ---------------------------------------------------------------------

    def close(self) -> None:
        """Frees the rule set now. Further calls raise ValueError."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self) -> "RuleSet":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _live(self) -> int:
        if not self._finalizer.alive:
            raise ValueError("the rule set is closed")
        return self._handle

    # -- what it holds ------------------------------------------------------------------

    def describe(self) -> dict:
        """Rules, entities, fields and parameters (entitle_ruleset_describe), parsed."""
        with self._lock:
            if self._described is None:
                out = ctypes.c_void_p()
                check(_native.lib.entitle_ruleset_describe(ctypes.byref(out), self._live()))
                self._described = json.loads(_native.take_string(out))
                self._output_types = {
                    r["id"]: {o["name"]: o["type"] for o in r["outputs"]}
                    for r in self._described["rules"]}
            return self._described

    @property
    def name(self) -> str:
        return self.describe()["name"]

    @property
    def version(self) -> str:
        return self.describe()["version"]

    @property
    def hash(self) -> str:
        return self.describe()["hash"]

    # -- evaluation ---------------------------------------------------------------------

    def evaluate_json(self, record: Record, as_of: Date, explain: bool = False,
                      lang: str = "zh", rules: Optional[Sequence[str]] = None,
                      entity: Optional[str] = None) -> str:
        """The decisions JSON of entitle_evaluate, as text."""
        options = _Options(explain, lang, rules, entity)
        out = ctypes.c_void_p()
        check(_native.lib.entitle_evaluate(ctypes.byref(out), self._live(),
                                           _record_text(record).encode(), _as_of_text(as_of),
                                           ctypes.byref(options.struct)))
        return _native.take_string(out)

    def evaluate(self, record: Record, as_of: Date, explain: bool = False, lang: str = "zh",
                 rules: Optional[Sequence[str]] = None, entity: Optional[str] = None
                 ) -> list[Decision]:
        """Decisions for one record (a dict, or JSON text) at `as_of`.

        Raises RecordError (field, line, column) when the record does not fit the schema,
        InvalidArgumentError for a bad date, language or rule id, EvaluationError when an
        expression fails."""
        text = self.evaluate_json(record, as_of, explain, lang, rules, entity)
        self.describe()
        return decisions_from_json(json.loads(text), self._output_types)

    def evaluate_many(self, records: Iterable[Record], as_of: Date, threads: int = 1,
                      explain: bool = False, lang: str = "zh",
                      rules: Optional[Sequence[str]] = None, entity: Optional[str] = None
                      ) -> list[Union[list[Decision], EntitleError]]:
        """Decisions for many records in one call, on `threads` threads (0: one per core).

        Returns one item per record, in order: its decisions, or the EntitleError (not
        raised) of a record that failed, with its line in the JSON Lines input."""
        lines = []
        for r in records:
            text = _record_text(r)
            # One record per line: JSON text never needs a raw newline.
            lines.append(text.replace("\r", " ").replace("\n", " "))
        options = _Options(explain, lang, rules, entity)
        batch = _native.BatchOptions()
        check(_native.lib.entitle_batch_options_init(ctypes.byref(batch),
                                                     _native.BATCH_OPTIONS_VERSION))
        batch.threads = threads
        batch.format = _native.FORMAT_JSONL
        out = ctypes.c_void_p()
        failed = ctypes.c_size_t()
        check(_native.lib.entitle_evaluate_many(
            ctypes.byref(out), ctypes.byref(failed), self._live(),
            "".join(line + "\n" for line in lines).encode(), _as_of_text(as_of),
            ctypes.byref(options.struct), ctypes.byref(batch)))
        self.describe()
        results: list[Union[list[Decision], EntitleError]] = []
        for line in _native.take_string(out).splitlines():
            document = json.loads(line)
            if "error" in document:
                e = document["error"]
                results.append(make_error(e["code"], e["message"], file=e["file"],
                                          line=e["line"], column=e["column"], field=e["field"]))
            else:
                results.append(decisions_from_json(document, self._output_types))
        return results

    def batch(self, in_path: Union[str, "os.PathLike[str]"],
              out_path: Union[str, "os.PathLike[str]"], as_of: Date, *,
              rejects_path: Optional[Union[str, "os.PathLike[str]"]] = None,
              summary_by: Optional[str] = None, columns: Optional[str] = None,
              entity: Optional[str] = None, threads: int = 1) -> BatchCounts:
        """Screens a whole file into an output file in the engine (entitle_batch_run), the
        same bytes as `entitle batch`: no Python runs per record.

        `in_path` .csv or .jsonl; `out_path` .csv or .jsonl, renamed into place when
        complete; `rejects_path` None: OUT-STEM.rejects.csv beside the output, written only
        when rows are rejected (a path: always written); `summary_by` a field for
        OUT-STEM.summary.csv; `columns` as `--columns` ("name=path, …" or "@FILE");
        `threads` evaluation threads (0: one per core). Rejected rows are counted, not
        raised. Raises InvalidArgumentError (`field` names the argument, e.g. "columns"),
        RecordError for a CSV header that does not fit, EntitleIOError for files."""
        job = _native.BatchJob()
        check(_native.lib.entitle_batch_job_init(ctypes.byref(job), _native.BATCH_JOB_VERSION))
        job.in_path = _path_bytes(in_path)
        job.out_path = _path_bytes(out_path)
        job.rejects_path = _path_bytes(rejects_path)
        job.summary_by = None if summary_by is None else summary_by.encode()
        job.as_of = _as_of_text(as_of)
        job.entity = None if entity is None else entity.encode()
        job.columns = None if columns is None else columns.encode()
        if threads < 0:
            raise ValueError("threads must be 0 (one per core) or more")
        job.threads = threads
        counts = _native.BatchCounts()
        check(_native.lib.entitle_batch_run(ctypes.byref(counts), self._live(),
                                            ctypes.byref(job)))
        return BatchCounts(counts.rows_in, counts.rows_out, counts.rows_rejected)

    def __repr__(self) -> str:
        if self.closed:
            return "<entitle.RuleSet (closed)>"
        return f"<entitle.RuleSet {self.name} {self.version}>"
