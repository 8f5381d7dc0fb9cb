/*
 * entitle.h — the C API of the entitle rules engine.
 *
 * This header is the whole contract for host systems (C, Java/JNA, Python/ctypes, .NET): a
 * binding author needs nothing else. docs/c-api.md walks through it with examples.
 *
 * CONVENTIONS
 *
 * - Names: every function is entitle_<object>_<verb> or entitle_<verb>, every constant
 *   ENTITLE_*. No C++ type or exception crosses this boundary; every function catches
 *   everything (std::bad_alloc included) and turns it into a status.
 *
 * - Status codes: a function that can fail returns an int, ENTITLE_OK (0) on success and one
 *   of the negative ENTITLE_E* codes below on failure. Output parameters come FIRST
 *   (libgit2 style) and are set only on success; on failure *out is set to NULL.
 *
 * - Error detail: after a call that returned a status, entitle_error_last() describes it
 *   (code, message, file, line, column, record field). It is per thread, never NULL, and
 *   reset by the next status-returning call on the same thread. Accessors and free
 *   functions do not touch it (except that freeing an invalid handle records ENTITLE_EINVAL).
 *
 * - Strings in and out are NUL-terminated UTF-8. Strings the library returns through an
 *   out-parameter (char **out) belong to the caller, who releases them with
 *   entitle_string_free(). Strings returned directly as `const char *` belong to the library.
 *
 * - Handles are opaque. Each has exactly one free function, which accepts NULL (a no-op) and
 *   may be called from any thread, including a garbage collector's finaliser. A handle that
 *   was freed (or was never one) is detected where feasible and reported as ENTITLE_EINVAL
 *   instead of crashing: the library checks a magic number on every call and clears it on
 *   free. This is a safety net for bugs, not a licence: it cannot catch a handle freed on
 *   another thread during a call, nor one whose memory was reused for a later handle after
 *   many frees.
 *
 * THREAD SAFETY (one vocabulary, as in libgit2's docs/threading.md)
 *
 * - immutable:  an entitle_ruleset never changes after it is loaded; any number of threads
 *               may evaluate with the same handle at the same time, without locking.
 * - per thread: entitle_error_last() belongs to the calling thread.
 * - anywhere:   every function may be called from any thread. Freeing a handle while another
 *               thread still uses it is the caller's bug (free it after the last user is done).
 *
 * VERSIONS
 *
 * The compile-time version is ENTITLE_VERSION_MAJOR / _MINOR / _PATCH,
 * ENTITLE_VERSION_STRING and ENTITLE_VERSION_NUMBER (MAJOR * 1000000 + MINOR * 1000 + PATCH,
 * for `#if`), from the generated C header entitle/version.h (one source: the CMake project
 * version). entitle_version() returns the run-time version; a host can compare
 * the two to detect a header/library mismatch. Within one major version the ABI only grows:
 * options structs carry a `version` field so fields can be added without breaking hosts
 * compiled against an older header.
 */
#ifndef ENTITLE_H
#define ENTITLE_H

#include <stddef.h>

#include "entitle/version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#if defined(ENTITLE_BUILDING_LIBRARY)
#define ENTITLE_API __declspec(dllexport)
#else
#define ENTITLE_API __declspec(dllimport)
#endif
#else
#define ENTITLE_API __attribute__((visibility("default")))
#endif

/* ---------------------------------------------------------------------------------------
 * Status codes
 * ------------------------------------------------------------------------------------- */

enum {
  /* Success. */
  ENTITLE_OK = 0,
  /* A bad argument: a NULL pointer where one is required, an invalid or freed handle, an
   * as-of string that is not a real date YYYY-MM-DD, an unknown rule id, entity or
   * language, an options struct of an unknown version. */
  ENTITLE_EINVAL = -1,
  /* The rule set could not be loaded: a missing folder, unreadable or malformed files, or
   * any error in the rules. file:line:col name the first error; entitle_error_diagnostics()
   * lists them all. */
  ENTITLE_ELOAD = -2,
  /* An input record is malformed JSON or does not fit the entity's schema. field names the
   * field ("groups[1]"), line:column the position in the record text (batch: in the input). */
  ENTITLE_ERECORD = -3,
  /* An expression failed at run time (division by zero, overflow, a date out of range):
   * file:line:col name the expression in the rule files. No decisions are produced. */
  ENTITLE_EEVAL = -4,
  /* Out of memory. The library stays usable. */
  ENTITLE_ENOMEM = -5,
  /* A bug in entitle: an unexpected internal failure. Please report the message. */
  ENTITLE_EINTERNAL = -6,
  /* entitle_batch_run: a file could not be read or written as a whole (a missing or
   * unreadable input, a CSV without a header row, an output folder that does not exist or
   * is not writable, a full disk). file names it when known; the message always does. */
  ENTITLE_EIO = -7
};

/* "ENTITLE_OK", "ENTITLE_EINVAL", …; "ENTITLE_UNKNOWN" for any other value. Static string.
 * Thread: anywhere. */
ENTITLE_API const char *entitle_status_name(int status);

/* ---------------------------------------------------------------------------------------
 * Version
 * ------------------------------------------------------------------------------------- */

/* The run-time version of the library, "MAJOR.MINOR.PATCH". Static string: do not free.
 * Thread: anywhere. */
ENTITLE_API const char *entitle_version(void);

/* The run-time version as numbers. Any pointer may be NULL. Thread: anywhere. */
ENTITLE_API void entitle_version_numbers(int *major, int *minor, int *patch);

/* ---------------------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------------------- */

/* Details of a failure. Owned by the library; per thread. */
typedef struct entitle_error entitle_error;

/*
 * The error of the last status-returning call on this thread. Never NULL: after a
 * successful call it has code ENTITLE_OK and an empty message. The pointer stays valid for
 * the life of the thread; its content changes with the next status-returning call on this
 * thread, so copy what you need first. Do not free it. Thread: per thread.
 */
ENTITLE_API const entitle_error *entitle_error_last(void);

/* Resets this thread's last error to ENTITLE_OK. Thread: per thread. */
ENTITLE_API void entitle_error_clear(void);

/*
 * Accessors. Each accepts NULL (and returns 0 or "" for it). Strings belong to the error
 * object: valid until the next status-returning call on the thread that owns it.
 *
 * code     the status the failing call returned (ENTITLE_OK when none failed).
 * message  one line of English, e.g. "field 'birth_date': not a date (YYYY-MM-DD)".
 * file     the rule file of a load or evaluation error; "" when unknown or not a file
 *          (a record is text the caller passed, so record errors have file "").
 * line     1-based line in that file or in the record text; 0 when unknown.
 * column   1-based column in characters (not bytes); 0 when unknown.
 * field    for ENTITLE_ERECORD: the record field as a path ("history[3].months"); "" when
 *          the record is not even JSON, and for other codes.
 * diagnostics  for ENTITLE_ELOAD: every error and warning of the load, one per line in GCC
 *          style "file:line:col: error: message"; "" otherwise.
 */
ENTITLE_API int entitle_error_code(const entitle_error *error);
ENTITLE_API const char *entitle_error_message(const entitle_error *error);
ENTITLE_API const char *entitle_error_file(const entitle_error *error);
ENTITLE_API unsigned int entitle_error_line(const entitle_error *error);
ENTITLE_API unsigned int entitle_error_column(const entitle_error *error);
ENTITLE_API const char *entitle_error_field(const entitle_error *error);
ENTITLE_API const char *entitle_error_diagnostics(const entitle_error *error);

/* ---------------------------------------------------------------------------------------
 * Strings the library hands out
 * ------------------------------------------------------------------------------------- */

/* Releases a string returned through a char **out parameter. NULL is a no-op. Thread:
 * anywhere. Do not pass strings from any other allocator. */
ENTITLE_API void entitle_string_free(char *string);

/* ---------------------------------------------------------------------------------------
 * Rule sets
 * ------------------------------------------------------------------------------------- */

/* A loaded, checked and compiled rule set. Immutable: share it between threads freely. */
typedef struct entitle_ruleset entitle_ruleset;

/* One in-memory rule file: `name` is used in error positions (e.g. "rules.yaml"), `text`
 * is the YAML. */
typedef struct entitle_document {
  const char *name;
  const char *text;
} entitle_document;

/*
 * Loads every *.yaml / *.yml file of the folder `dir` (not its tests/ folder) and the rule
 * sets it builds on (`extends:`), checks and compiles them.
 *
 * out   receives the new rule set, owned by the caller: release it with
 *       entitle_ruleset_free(). NULL on failure.
 * dir   path of the rule-set folder.
 *
 * Returns ENTITLE_OK; ENTITLE_EINVAL when out or dir is NULL; ENTITLE_ELOAD when the folder
 * is missing or the rules have errors (file:line:col of the first, every one in
 * entitle_error_diagnostics()); ENTITLE_ENOMEM; ENTITLE_EINTERNAL. Thread: anywhere.
 */
ENTITLE_API int entitle_ruleset_load(entitle_ruleset **out, const char *dir);

/*
 * The same from `count` in-memory documents (a rule set from memory cannot use `extends:`).
 * The library copies what it needs; the documents may be released after the call.
 *
 * Returns ENTITLE_OK; ENTITLE_EINVAL when out or docs is NULL, count is 0, or a document's
 * name or text is NULL; ENTITLE_ELOAD (positions name the document by its `name`);
 * ENTITLE_ENOMEM; ENTITLE_EINTERNAL. Thread: anywhere.
 */
ENTITLE_API int entitle_ruleset_load_documents(entitle_ruleset **out, const entitle_document *docs,
                                               size_t count);

/* Releases a rule set. NULL is a no-op; an invalid or already freed handle is ignored and
 * recorded as ENTITLE_EINVAL in entitle_error_last(). Thread: anywhere, once no other
 * thread is using the rule set. */
ENTITLE_API void entitle_ruleset_free(entitle_ruleset *ruleset);

/*
 * Describes the rule set as one JSON object (compact, UTF-8):
 *
 *   {"name": "screening-2024", "version": "2024.1", "hash": "<sha256 of the rule files>",
 *    "title": {"zh": "…", "en": "…"}, "files": ["rules/screening-2024/rules.yaml", …],
 *    "entities": [{"name": "person", "title": {"zh", "en"},
 *                  "fields": [{"name": "birth_date", "type": "date", "required": true,
 *                              "title": {"zh", "en"}, "default": <value> (when it has one),
 *                              "values": ["M", "F"] (enums and lists of enums)}, …]}],
 *    "records": [ same shape: record types used in list fields ],
 *    "rules": [{"id": "resident_pension.hardship_60", "kind": "rule" | "table",
 *               "title": {"zh", "en"}, "citation": {"document", "section"[, "url"]},
 *               "entity": "person", "effective": {"from": "2019-12-20", "until": null},
 *               "outputs": [{"name": "start_date", "type": "date"}, …]}, …],
 *    "parameters": [{"name": "hardship_60_groups", "type": "list<group>",
 *                    "title": {"zh", "en"}}, …],
 *    "warnings": ["file:line:col: warning: …", …]}
 *
 * Types are written as in rule files: bool, int, decimal, money, date, month, string, the
 * enum's or record type's name, list<…>. Values follow the decisions JSON (docs/decisions.md).
 *
 * out  receives the JSON, owned by the caller: release it with entitle_string_free().
 *
 * Returns ENTITLE_OK; ENTITLE_EINVAL for a NULL or invalid argument; ENTITLE_ENOMEM;
 * ENTITLE_EINTERNAL. Thread: anywhere.
 */
ENTITLE_API int entitle_ruleset_describe(char **out, const entitle_ruleset *ruleset);

/* ---------------------------------------------------------------------------------------
 * Evaluation
 * ------------------------------------------------------------------------------------- */

#define ENTITLE_EVAL_OPTIONS_VERSION 1

/*
 * What to evaluate and how to write it. Initialise with ENTITLE_EVAL_OPTIONS_INIT or
 * entitle_eval_options_init() so that fields added in later versions get their defaults.
 * The library only reads it during the call; nothing is kept.
 */
typedef struct entitle_eval_options {
  unsigned int version;     /* ENTITLE_EVAL_OPTIONS_VERSION */
  int explain;              /* nonzero: add "explanation" to each decision */
  const char *language;     /* titles: "zh" (the default, also for NULL) or "en" */
  const char *const *rules; /* rule ids to evaluate, in this order; NULL: every rule */
  size_t rule_count;        /* number of ids in rules */
  const char *entity;       /* the records' entity; NULL: the rule set's only entity */
} entitle_eval_options;

#define ENTITLE_EVAL_OPTIONS_INIT \
  { ENTITLE_EVAL_OPTIONS_VERSION, 0, NULL, NULL, 0, NULL }

/* Sets *options to the defaults of `version` (pass ENTITLE_EVAL_OPTIONS_VERSION). For hosts
 * that cannot use the macro (JNA, ctypes). Returns ENTITLE_OK, or ENTITLE_EINVAL for NULL
 * or an unknown version. Thread: anywhere. */
ENTITLE_API int entitle_eval_options_init(entitle_eval_options *options, unsigned int version);

/*
 * Evaluates one record at a date and writes the decisions as one line of compact JSON
 * (docs/decisions.md: {"ruleset": {…}, "as_of": "…", "entity": "…", "decisions": […]}),
 * byte for byte what `entitle eval` prints.
 *
 * out      receives the decisions JSON, owned by the caller: entitle_string_free().
 * ruleset  a loaded rule set.
 * record   one JSON object whose keys are the entity's fields (docs/decisions.md#records-in).
 * as_of    the evaluation date, "YYYY-MM-DD".
 * options  NULL for the defaults (every rule, Chinese titles, no explanations).
 *
 * Missing inputs are not errors: they make decisions "undetermined".
 *
 * Returns ENTITLE_OK; ENTITLE_EINVAL for a NULL required pointer, an invalid handle, a bad
 * as_of, an unknown rule id / entity / language / options version, or a rule set with
 * several entities and no options->entity; ENTITLE_ERECORD when the record is not JSON or
 * does not fit the schema (field, line, column); ENTITLE_EEVAL when an expression fails at
 * run time (file:line:col of the expression); ENTITLE_ENOMEM; ENTITLE_EINTERNAL.
 * Thread: anywhere; any number of threads may share one rule set.
 */
ENTITLE_API int entitle_evaluate(char **out, const entitle_ruleset *ruleset, const char *record,
                                 const char *as_of, const entitle_eval_options *options);

/* Input (and output) shapes of entitle_evaluate_many. */
enum {
  ENTITLE_FORMAT_AUTO = 0,       /* a JSON array if the first non-blank character is '[',
                                    otherwise JSON Lines */
  ENTITLE_FORMAT_JSON_ARRAY = 1, /* [record, record, …] in; [result, result, …] out */
  ENTITLE_FORMAT_JSONL = 2       /* one record per line in (blank lines skipped); one
                                    result per line out, each ending in '\n' */
};

#define ENTITLE_BATCH_OPTIONS_VERSION 1

/* How entitle_evaluate_many runs. Initialise with ENTITLE_BATCH_OPTIONS_INIT or
 * entitle_batch_options_init(). */
typedef struct entitle_batch_options {
  unsigned int version; /* ENTITLE_BATCH_OPTIONS_VERSION */
  unsigned int threads; /* worker threads: 1 (default) evaluates on the calling thread;
                           0 uses one per processor core; at most 256 are used */
  int format;           /* ENTITLE_FORMAT_* */
} entitle_batch_options;

#define ENTITLE_BATCH_OPTIONS_INIT \
  { ENTITLE_BATCH_OPTIONS_VERSION, 1, ENTITLE_FORMAT_AUTO }

/* Sets *options to the defaults of `version` (ENTITLE_BATCH_OPTIONS_VERSION). Returns
 * ENTITLE_OK, or ENTITLE_EINVAL for NULL or an unknown version. Thread: anywhere. */
ENTITLE_API int entitle_batch_options_init(entitle_batch_options *options, unsigned int version);

/*
 * Evaluates many records in one call, optionally on several threads, and writes one result
 * per record in input order: the decisions JSON of entitle_evaluate(), or, for a record that
 * fails, an error object in its place (nothing is dropped):
 *
 *   {"error": {"index": 3, "status": "ENTITLE_ERECORD", "code": -3,
 *              "message": "field 'birth_date': not a date (YYYY-MM-DD)",
 *              "field": "birth_date", "file": "", "line": 4, "column": 24}}
 *
 * `index` counts records from 0; line and column are positions in `records` (for an
 * evaluation error, in the rule file named by `file`). The output is a JSON array for
 * array input and JSON Lines for JSON Lines input.
 *
 * out         receives the results, owned by the caller: entitle_string_free().
 * out_failed  may be NULL; receives how many records yielded an error object.
 * records     the input: a JSON array of record objects, or JSON Lines.
 * as_of, options  as for entitle_evaluate(), applied to every record.
 * batch       NULL for the defaults (one thread, format auto-detected).
 *
 * Returns ENTITLE_OK when every record has a result (failed ones included); ENTITLE_EINVAL
 * for a NULL required pointer, an invalid handle or option, a bad as_of; ENTITLE_ERECORD
 * when the input as a whole is not a JSON array (position in the input); ENTITLE_ENOMEM;
 * ENTITLE_EINTERNAL. Thread: anywhere.
 */
ENTITLE_API int entitle_evaluate_many(char **out, size_t *out_failed,
                                      const entitle_ruleset *ruleset, const char *records,
                                      const char *as_of, const entitle_eval_options *options,
                                      const entitle_batch_options *batch);

/* ---------------------------------------------------------------------------------------
 * Batch: a whole file, file to file (what `entitle batch` does)
 * ------------------------------------------------------------------------------------- */

#define ENTITLE_BATCH_JOB_VERSION 1

/*
 * One screening run from an input file to an output file. Initialise with
 * ENTITLE_BATCH_JOB_INIT or entitle_batch_job_init(), then set the paths and as_of. The
 * library only reads it during the call; nothing is kept. Option names in messages are
 * those of `entitle batch` (docs/runner-batch.md), which this call runs.
 */
typedef struct entitle_batch_job {
  unsigned int version;     /* ENTITLE_BATCH_JOB_VERSION */
  const char *in_path;      /* required: .csv (header row) or .jsonl (one object per line) */
  const char *out_path;     /* required: .csv or .jsonl; appears whole or not at all */
  const char *rejects_path; /* NULL: OUT-STEM.rejects.csv beside out_path, written only when
                               rows are rejected; a path: always written (header only when
                               none are), .csv or .jsonl */
  const char *summary_by;   /* NULL: no summary; a field or derived value: per-group status
                               counts and sums written to OUT-STEM.summary.csv */
  const char *as_of;        /* required: the evaluation date, "YYYY-MM-DD" */
  const char *entity;       /* the records' entity; NULL: the rule set's only entity */
  const char *columns;      /* NULL: the key field, then every rule's status and outputs;
                               otherwise as `--columns`: "name=path, path, …" or "@FILE" */
  unsigned int threads;     /* evaluation threads: 1 (default); 0 = one per processor core;
                               at most 256 are used */
} entitle_batch_job;

#define ENTITLE_BATCH_JOB_INIT \
  { ENTITLE_BATCH_JOB_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1 }

/* Sets *job to the defaults of `version` (pass ENTITLE_BATCH_JOB_VERSION). For hosts that
 * cannot use the macro (JNA, ctypes). Returns ENTITLE_OK, or ENTITLE_EINVAL for NULL or an
 * unknown version. Thread: anywhere. */
ENTITLE_API int entitle_batch_job_init(entitle_batch_job *job, unsigned int version);

/* What a batch run did. Every input row is either output or rejected:
 * rows_in == rows_out + rows_rejected. */
typedef struct entitle_batch_counts {
  unsigned long long rows_in;       /* data rows read (blank lines are not rows) */
  unsigned long long rows_out;      /* rows written to out_path */
  unsigned long long rows_rejected; /* rows written to the rejects file instead */
} entitle_batch_counts;

/*
 * Screens every row of job->in_path against the rule set at job->as_of, exactly as
 * `entitle batch` does: out_path gets one row per good input row, in input order, the same
 * bytes for any thread count; a row that cannot be read or evaluated goes to the rejects
 * file (line,field,reason,record) with the reason, never dropped. Each output file is written
 * to a temporary in its folder; only when the run has succeeded are they fsynced and renamed
 * over the output names, so a reader never sees half a file and a failed or killed run keeps
 * the previous output, rejects and summary files byte for byte. Prints nothing and installs
 * no signal handler (a temporary left by a killed process is removed by the next run that
 * writes into that folder).
 *
 * counts   receives the counts; set only on success (zeroed on failure).
 * ruleset  a loaded rule set; job  the run (see entitle_batch_job).
 *
 * Rejected rows are not a failure: the call returns ENTITLE_OK and counts->rows_rejected
 * says how many. Returns ENTITLE_OK; ENTITLE_EINVAL for a NULL required pointer, an invalid
 * handle, an unknown job version, a bad as_of, an unknown extension, an output path that is
 * the input, or a bad columns / summary_by / entity (field names the job field, e.g.
 * "columns", and the message the cause: "--columns: unknown path 'agee' (did you mean
 * 'age'?)"); ENTITLE_ERECORD when the CSV header row does not fit the entity (file is the
 * input, line:column the header cell, field the column); ENTITLE_EIO when a file cannot be
 * read or written; ENTITLE_ENOMEM; ENTITLE_EINTERNAL. Thread: anywhere; the call starts
 * job->threads evaluating threads and one writing thread and returns after they stopped.
 * Concurrent calls may share a rule set but must not share an output path.
 */
ENTITLE_API int entitle_batch_run(entitle_batch_counts *counts, const entitle_ruleset *ruleset,
                                  const entitle_batch_job *job);

#ifdef __cplusplus
}
#endif

#endif /* ENTITLE_H */
