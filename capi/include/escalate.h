/*
 * escalate.h: the stable C interface of Escalate, a rules engine for inter-agency safeguarding
 * escalation pathways. This header is the contract and the manual: anything not declared here
 * is private and may change at any time.
 *
 * Conventions that hold for every call unless its own block says otherwise:
 *
 *  - Status: calls that can fail return an esc_status. ESC_OK (0) is success. On failure the
 *    call writes nothing through its output pointers except where stated, and
 *    esc_last_error() describes what went wrong and where.
 *  - NULL: any pointer argument may be NULL. A NULL where a value is required gives
 *    ESC_INVALID_ARGUMENT, never a crash. No call aborts the process or lets a C++ exception
 *    escape, whatever the input.
 *  - Ownership: the caller owns what it passes in; the library never keeps a caller pointer
 *    after the call returns. Every `const char *` the library hands out points into memory the
 *    library owns: strings obtained from an engine (ids, names, clauses, calendar handles) stay
 *    valid until esc_engine_free() is called on that engine; the caller must not free them.
 *  - Threads: an esc_engine is immutable after esc_engine_load() returns and may be shared by
 *    any number of threads without locks (the model is zstd's compiled dictionary). Every call
 *    that takes a `const esc_engine *` or `const esc_calendar *` may run concurrently with any
 *    other such call. Only esc_engine_free() requires that no other thread is still using the
 *    engine. esc_last_error() is per thread.
 *  - Dates: an esc_date is a civil date counted in days since 1970-01-01 (negative before).
 *    ESC_NO_DATE means "no date" (a stage with no timescale, or an absent argument).
 *  - Growth: structs the caller passes in begin with `uint32_t size`, which the caller sets to
 *    sizeof the struct as its copy of this header declares it. New fields are only ever added
 *    at the end, so a program compiled against an older header keeps working with a newer
 *    library. The library rejects a size smaller than the first released layout.
 *  - Names: esc_<module>_<verb>; output parameters are named `out`.
 */
#ifndef ESCALATE_H
#define ESCALATE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------- */
/* Versions                                                                                  */
/* ---------------------------------------------------------------------------------------- */

/* The release this header belongs to and the ABI major version come from escalate_version.h,
 * which the build generates from the one version in CMakeLists.txt (`project(escalate VERSION
 * ...)`) and installs beside this header:
 *
 *   ESCALATE_VERSION_MAJOR, ESCALATE_VERSION_MINOR, ESCALATE_VERSION_PATCH  the release
 *   ESCALATE_VERSION_STRING  "MAJOR.MINOR.PATCH"
 *   ESCALATE_VERSION_NUMBER  MAJOR * 1000000 + MINOR * 1000 + PATCH (1000 for 0.1.0), for
 *                            `#if ESCALATE_VERSION_NUMBER >= ...`
 *   ESC_ABI_VERSION          the ABI major version. It changes only when the binary interface
 *                            breaks, and it is the number in the library's SONAME
 *                            (libescalate.so.1). Compare it with esc_abi_version() at run time
 *                            to detect a mismatched library.
 *
 * Calls and fields added after the first release of ABI 1 say "Added in ESCALATE_1.1" (the
 * version node of capi/escalate.map they are exported under). */
#include "escalate_version.h"

/* Only symbols marked ESC_API are exported from the shared library. */
#if defined(_WIN32) && defined(ESCALATE_BUILDING_LIBRARY)
#define ESC_API __declspec(dllexport)
#elif defined(_WIN32) && !defined(ESCALATE_STATIC)
#define ESC_API __declspec(dllimport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define ESC_API __attribute__((visibility("default")))
#else
#define ESC_API
#endif

/* The release version of the library actually loaded, "MAJOR.MINOR.PATCH". A static string:
 * never NULL, never freed. Thread-safe. */
ESC_API const char *esc_version(void);

/* The ABI major version of the library actually loaded (ESC_ABI_VERSION of the header it was
 * built from). Thread-safe. */
ESC_API int esc_abi_version(void);

/* ---------------------------------------------------------------------------------------- */
/* Status codes and errors                                                                   */
/* ---------------------------------------------------------------------------------------- */

/* What a call did. The numeric values are part of the ABI and never change; new codes may be
 * added at the end, so treat an unknown value as a failure. */
typedef enum esc_status {
    ESC_OK = 0,                /* success */
    ESC_INVALID_ARGUMENT = 1,  /* NULL where a value is required, a bad size field, a bad date,
                                  an index out of bounds, a subject the pathway does not
                                  cover, a date the rules need but the call lacks */
    ESC_PARSE_ERROR = 2,       /* a ruleset file is not well-formed XML ("file:line: ...") */
    ESC_INVALID_RULESET = 3,   /* well-formed XML that breaks the ruleset format or fails the
                                  compilation checks ("file:line: what; how to fix it") */
    ESC_NOT_FOUND = 4,         /* an unknown pathway, stage, event or calendar id */
    ESC_NO_TRANSITION = 5,     /* the event has no transition from the given stage */
    ESC_OUT_OF_RANGE = 6,      /* a date outside the years the calendar was compiled for */
    ESC_IO_ERROR = 7,          /* a file or directory that cannot be read */
    ESC_NO_MEMORY = 8,         /* memory ran out; nothing was changed */
    ESC_INTERNAL_ERROR = 9     /* a bug in Escalate; please report the message */
} esc_status;

/* The message of the last failed call on the calling thread: what went wrong and where (for
 * ruleset errors "file:line: what is wrong; how to fix it"), prefixed with the call's name.
 * Returns "" (never NULL) when the thread's last call succeeded or it has made none. Calls
 * that cannot fail (esc_version, esc_abi_version, esc_status_name, esc_date_from_ymd) and
 * esc_last_error itself leave it as it is. The string is owned by the library and stays valid
 * until the same thread's next call that returns an esc_status (or esc_engine_free); copy it
 * to keep it. Each thread sees only its own errors. */
ESC_API const char *esc_last_error(void);

/* The enumerator's name, "ESC_NOT_FOUND" for ESC_NOT_FOUND, or "ESC_UNKNOWN_STATUS" for a
 * value this library does not define. A static string; never NULL. Thread-safe; does not
 * change esc_last_error(). */
ESC_API const char *esc_status_name(esc_status status);

/* ---------------------------------------------------------------------------------------- */
/* Dates                                                                                     */
/* ---------------------------------------------------------------------------------------- */

/* A civil date: days since 1970-01-01 (1970-01-01 is 0, 1969-12-31 is -1). */
typedef int32_t esc_date;

/* "No date". */
#define ESC_NO_DATE INT32_MIN

/* Bytes needed to format a date as "YYYY-MM-DD" with its terminating NUL. */
#define ESC_DATE_BUFFER_SIZE 11

/* The day number of a Gregorian date in years 1400..9999, or ESC_NO_DATE when the fields do
 * not name a real day (31 February is rejected, never normalised). Never fails otherwise and
 * does not change esc_last_error(). */
ESC_API esc_date esc_date_from_ymd(int year, int month, int day);

/* Splits a day number into year, month (1..12) and day (1..31). Any of the three outputs may
 * be NULL when not wanted. ESC_INVALID_ARGUMENT for ESC_NO_DATE or a day outside years
 * 1400..9999; the outputs are then untouched. */
ESC_API esc_status esc_date_to_ymd(esc_date date, int *year, int *month, int *day);

/* Parses exactly "YYYY-MM-DD" (ISO 8601). ESC_INVALID_ARGUMENT for NULL, any other shape, or an
 * impossible date. */
ESC_API esc_status esc_date_parse(const char *text, esc_date *out);

/* Writes "YYYY-MM-DD" and a NUL into buffer, which must hold ESC_DATE_BUFFER_SIZE bytes.
 * ESC_INVALID_ARGUMENT for a NULL buffer, a capacity below ESC_DATE_BUFFER_SIZE, or a date
 * esc_date_to_ymd() rejects; the buffer is then set to "" when it has room for the NUL. */
ESC_API esc_status esc_date_format(esc_date date, char *buffer, size_t capacity);

/* The ISO 8601 weekday: Monday = 1 ... Sunday = 7. ESC_INVALID_ARGUMENT for ESC_NO_DATE or a
 * day outside years 1400..9999. */
ESC_API esc_status esc_date_weekday(esc_date date, int *out);

/* ---------------------------------------------------------------------------------------- */
/* Engines                                                                                   */
/* ---------------------------------------------------------------------------------------- */

/* A compiled ruleset: every calendar and pathway, immutable. Opaque. */
typedef struct esc_engine esc_engine;

/* Loads and compiles a ruleset file or a directory of them (every *.xml below it, pathways and
 * calendars alike). On success *out receives a new engine, which the caller releases with
 * esc_engine_free(). On failure *out is set to NULL (when out is not NULL), nothing is
 * partially loaded, and esc_last_error() names the file, the line and the fix:
 * ESC_IO_ERROR (cannot read), ESC_PARSE_ERROR (not XML), ESC_INVALID_RULESET (breaks the
 * format or the checks), ESC_INVALID_ARGUMENT (NULL path or out). path is a file system path
 * in the platform's narrow encoding (UTF-8 on Linux). Thread-safe: loads may run concurrently. */
ESC_API esc_status esc_engine_load(const char *path, esc_engine **out);

/* Releases an engine and everything obtained from it (strings, calendar handles). NULL is a
 * no-op. No other thread may be using the engine. */
ESC_API void esc_engine_free(esc_engine *engine);

/* Loads several ruleset files and directories into one engine: a partnership's own pathways
 * with the bundled calendars, say. Everything esc_engine_load() says holds, over all the
 * paths together: all or nothing, and an id defined twice (in one path or across two) is
 * ESC_INVALID_RULESET naming both files and lines; two pathway files with one id are two
 * versions of it, an error only when they share a version string or an effective-from
 * (docs/c-api.md, Versions). ESC_INVALID_ARGUMENT for NULL out, NULL
 * paths with count > 0, a NULL or empty path, or count 0. Added in ESCALATE_1.1. */
ESC_API esc_status esc_engine_load_paths(const char *const *paths, size_t count, esc_engine **out);

/* A ruleset document in memory: one <calendar> or <pathway> file's text. This element layout
 * is fixed for ABI 1. */
typedef struct esc_ruleset_document {
    const char *name;  /* stands for the file name in error messages ("sandwell.xml") */
    const char *text;  /* the XML, UTF-8; need not end in a NUL */
    size_t length;     /* the number of bytes of text */
} esc_ruleset_document;

/* Loads files and directories (`paths`, as esc_engine_load_paths(); path_count may be 0) and
 * documents held in memory into one engine, all or nothing. Errors in a document name its
 * `name` and line. The library reads the documents during the call only. ESC_INVALID_ARGUMENT
 * for NULL out, a NULL array with a count above 0, a document with a NULL name or a NULL text
 * (a zero length may go with a NULL text: it is then an empty document, a parse error), or
 * nothing given at all. Added in ESCALATE_1.1. */
ESC_API esc_status esc_engine_load_documents(const char *const *paths, size_t path_count,
                                             const esc_ruleset_document *documents,
                                             size_t document_count, esc_engine **out);

/* The directory of the bundled rulesets (pathways and calendars) that belongs to this library:
 * for an installed library, DATADIR/escalate/rulesets of its installation (found from the
 * library file's own location, so a moved installation still works; else the directory it was
 * configured to install to); for a library run from its CMake build tree, the source tree's
 * rulesets/ directory. pkg-config reports the installed one (`pkg-config
 * --variable=rulesetsdir escalate`), and so does the CMake package (escalate_RULESETS_DIR).
 * Does not look at ESCALATE_RULESETS. A static string; never NULL; the directory need not
 * exist. Thread-safe. Added in ESCALATE_1.1. */
ESC_API const char *esc_rulesets_dir(void);

/* Loads the rulesets an integrator gets without naming a path: the paths in the environment
 * variable ESCALATE_RULESETS when it is set and not empty (one or more, separated by ':', as
 * esc_engine_load_paths() takes them), else esc_rulesets_dir(). Errors as esc_engine_load();
 * the message says where the path came from. Added in ESCALATE_1.1. */
ESC_API esc_status esc_engine_load_default(esc_engine **out);

/* ---------------------------------------------------------------------------------------- */
/* Pathways and stages by index                                                              */
/* ---------------------------------------------------------------------------------------- */
/*
 * Pathways and stages have dense indices (0 .. count-1), fixed for the life of an engine and
 * stable across loads of the same files. Bulk callers look ids up once and then work with
 * integers. Index arguments out of range give ESC_INVALID_ARGUMENT.
 */

/* The number of pathways. Every version of a pathway has its own index (docs/c-api.md,
 * Versions): indices are ordered by id, then effective-from, so the versions of one id are
 * adjacent, oldest first, and a ruleset with one version of each id numbers them as before. */
ESC_API esc_status esc_engine_pathway_count(const esc_engine *engine, int32_t *out);

/* The index of a pathway by id ("wolverhampton"); ESC_NOT_FOUND when none has that id. Where
 * the id has several versions, its latest (the latest effective-from): with no date to choose
 * by, the engine reads no clock. esc_engine_pathway_select() chooses by a case's outset. */
ESC_API esc_status esc_engine_pathway_index(const esc_engine *engine, const char *pathway,
                                            int32_t *out);

/* The id of the pathway at an index. The string belongs to the engine. */
ESC_API esc_status esc_engine_pathway_id(const esc_engine *engine, int32_t pathway,
                                         const char **out);

/* The versions of a pathway id: indices *first .. *first + *count - 1, oldest first (by
 * effective-from); esc_pathway_info_get() describes each. ESC_NOT_FOUND for an unknown id
 * (the message names the ids there are); ESC_INVALID_ARGUMENT for a NULL argument. Thread-safe.
 * Added in ESCALATE_1.3. */
ESC_API esc_status esc_engine_pathway_versions(const esc_engine *engine, const char *pathway,
                                               int32_t *first, int32_t *count);

/* The index of the version of a pathway that governs a case: the version named when `version`
 * is not NULL (ESC_NOT_FOUND when the id has no such version; the message lists those it has),
 * else the version in force on `outset`, the date the case started (the latest effective-from
 * on or before it; ESC_NOT_FOUND when the outset is before every version, with a message naming
 * the earliest version and its effective-from, or ESC_OUT_OF_RANGE when that outset is also
 * outside the earliest version's calendar), else (outset ESC_NO_DATE) the latest version,
 * as esc_engine_pathway_index(). A version effective from a month or a year ("2024-04") is in
 * force from the first day of it. Thread-safe. Added in ESCALATE_1.3. */
ESC_API esc_status esc_engine_pathway_select(const esc_engine *engine, const char *pathway,
                                             const char *version, esc_date outset, int32_t *out);

/* The index of the version of a pathway that governs one case, by the rule esc_decide,
 * esc_select_versions and every binding apply: the version named when `version` is not NULL,
 * else the version in force on the case's outset, `started`, or `entered` (the date it entered
 * its stage) when started is ESC_NO_DATE; then as esc_engine_pathway_select() with that date,
 * the same errors. A caller answering one case by ids (a `due` command, an HTTP route) calls
 * this rather than choosing the date itself. Thread-safe. Added in ESCALATE_1.3. */
ESC_API esc_status esc_engine_pathway_for_case(const esc_engine *engine, const char *pathway,
                                               const char *version, esc_date entered,
                                               esc_date started, int32_t *out);

/* What a pathway file declares. Strings belong to the engine; fields the file leaves empty are
 * "" (never NULL). */
typedef struct esc_pathway_info {
    uint32_t size;                /* in: sizeof(esc_pathway_info) */
    const char *id;               /* "wolverhampton" */
    const char *title;
    const char *version;          /* "V3": as the source names it */
    esc_date effective_from;      /* ESC_NO_DATE when the file states only a month or a year:
                                     see effective_from_stated and in_force_from */
    const char *calendar;         /* the calendar id, for esc_engine_calendar() */
    const char *subjects;         /* the subjects covered, space-separated: "child adult" */
    const char *source_title;     /* the published policy the pathway encodes */
    const char *source_authority;
    const char *source_date;      /* as the document states it: YYYY-MM-DD, YYYY-MM or YYYY; ""
                                     when the document is undated */
    const char *source_file;
    int32_t stage_count;
    int32_t entry_stage;          /* index of the stage the pathway starts in */
    /* Added in ESCALATE_1.1 (written only when `size` covers them): */
    int32_t tier_count;           /* for esc_pathway_tier_get() */
    int32_t outcome_count;        /* for esc_pathway_outcome_get() */
    int32_t limit_count;          /* for esc_pathway_limit_get() */
    int32_t event_count;          /* for esc_pathway_event_id(): standard events, then declared */
    int32_t start_exit_count;     /* routes taken when the pathway is started on an event, for
                                     esc_stage_exit_get() with stage -1 */
    /* Added in ESCALATE_1.3 (written only when `size` covers them): */
    const char *effective_from_stated; /* as the file states it: "2023-03-03", "2024-04", "2016" */
    esc_date in_force_from;       /* the first outset this version governs: effective-from's
                                     first day (of its month or year when partial) */
    esc_date in_force_until;      /* the last outset it governs: the day before the next
                                     version's in_force_from; ESC_NO_DATE for the latest */
    const char *review_by;        /* when the source says it is due for review, as stated
                                     ("2024-03"); "" when it says nothing */
    esc_date review_by_end;       /* the last day of that date's period (2024-03-31): the
                                     review has passed on any later day; ESC_NO_DATE when none */
} esc_pathway_info;

/* Initialisers set `size` and every date to ESC_NO_DATE (indices to -1, counts to 0), so a
 * struct is ready to pass: `esc_pathway_info info = ESC_PATHWAY_INFO_INIT;`. Added in
 * ESCALATE_1.1. */
#define ESC_PATHWAY_INFO_INIT \
    {(uint32_t)sizeof(esc_pathway_info), NULL, NULL, NULL, ESC_NO_DATE, NULL, NULL, NULL, NULL, \
     NULL, NULL, 0, -1, 0, 0, 0, 0, 0, NULL, ESC_NO_DATE, ESC_NO_DATE, NULL, ESC_NO_DATE}

/* Fills *out for the pathway at an index. out->size must be set by the caller; only the fields
 * it covers are written. */
ESC_API esc_status esc_pathway_info_get(const esc_engine *engine, int32_t pathway,
                                        esc_pathway_info *out);

/* The number of stages of a pathway (terminal outcomes are not stages). */
ESC_API esc_status esc_pathway_stage_count(const esc_engine *engine, int32_t pathway,
                                           int32_t *out);

/* The index of a stage by id within a pathway; ESC_NOT_FOUND when the pathway has no such
 * stage (a terminal outcome's id is not a stage). */
ESC_API esc_status esc_pathway_stage_index(const esc_engine *engine, int32_t pathway,
                                           const char *stage, int32_t *out);

/* The id of the stage at an index. The string belongs to the engine. */
ESC_API esc_status esc_pathway_stage_id(const esc_engine *engine, int32_t pathway,
                                        int32_t stage, const char **out);

/* The due date of a stage of a pathway entered on `entered`, in a pathway started on `started`,
 * by the same rules as esc_decide() but without the id look-ups. *out is ESC_NO_DATE when no
 * timescale applies. `started` may be ESC_NO_DATE only for a stage whose due date does not
 * count from the outset (no overall limit covers it and it is not anchored at the pathway's
 * start); otherwise ESC_INVALID_ARGUMENT. ESC_OUT_OF_RANGE when a date falls outside the
 * calendar's years, or when the due date does (past the calendar's end, or year 9999: a rule
 * past the end that does not decide, the later of a timescale and a limit, is no error);
 * ESC_INVALID_ARGUMENT for bad indices or an absent `entered`. The same date as esc_decide()
 * and esc_recalculate() give, always (docs/semantics.md). A stage anchored on:ID has no date
 * here (ESC_NO_DATE): it waits for what a single question cannot know. */
ESC_API esc_status esc_pathway_due(const esc_engine *engine, int32_t pathway, int32_t stage,
                                   esc_date entered, esc_date started, esc_date *out);

/* The pathway's flowchart as a Graphviz DOT digraph (render it with `dot -Tsvg`): stages as
 * boxes with their tier (named for `subject` when not NULL), timescale and worst case from the
 * outset; outcomes by kind; one edge per transition, labelled with its event; overall limits.
 * Like snprintf: writes at most capacity - 1 bytes and a terminating NUL (nothing when
 * capacity is 0; buffer may then be NULL) and sets *length to the full length without the
 * NUL, so a caller whose buffer was short (*length >= capacity) calls again with
 * *length + 1 bytes. ESC_INVALID_ARGUMENT for a bad index, NULL engine or length, or a subject
 * the pathway does not cover. Thread-safe. */
ESC_API esc_status esc_pathway_dot(const esc_engine *engine, int32_t pathway, const char *subject,
                                   char *buffer, size_t capacity, size_t *length);

/* Bulk due dates for `count` cases given as column arrays (row i is pathways[i], stages[i],
 * entered[i], started[i]), as esc_pathway_due() would give them one by one, O(1) per case from
 * tables built by the engine's first esc_recalculate or esc_recalculate_reasons call (once,
 * whichever thread comes first; threads calling at the same time wait for it, so the first
 * call takes a few milliseconds longer). Indices come from esc_engine_pathway_index() and
 * esc_pathway_stage_index().
 *
 *   pathways, stages  pathway and stage indices
 *   entered           the date each case entered its current stage
 *   started           the outset of each case's pathway; NULL when no row has one (rows whose
 *                     stage counts from the outset then fail); ESC_NO_DATE in a row: none
 *   out               receives each row's due date: ESC_NO_DATE when no timescale applies,
 *                     and for a failed row
 *   row_status        optional (NULL: not wanted): receives ESC_OK or why the row failed:
 *                     ESC_INVALID_ARGUMENT (an index out of range, a missing date, a start
 *                     after the entry), ESC_OUT_OF_RANGE (a date, or the due date, outside
 *                     the calendar's years) or, since 1.3, ESC_NOT_FOUND (a pathway index of
 *                     ESC_PATHWAY_NO_VERSION, from esc_select_versions)
 *   threads           how many threads to use; 0: one per core. Small batches use one. The
 *                     helper threads are started by the first call that needs them and kept
 *                     for the life of the process (a child of fork() starts its own); after
 *                     a call they poll for the next one for 200 microseconds, then sleep
 *                     (the environment variable ESCALATE_POOL_SPIN_US, 0 to 10000, read when
 *                     the threads start, sets how long; 0: sleep at once).
 *   failed            optional: receives the number of failed rows
 *
 * A failed row never stops the batch or touches another row: the call returns ESC_OK and
 * reports the row through row_status and failed. The call itself fails only for NULL where an
 * array is required (count > 0), a negative thread count, output arrays (out, row_status)
 * that overlap an input array or each other (ESC_INVALID_ARGUMENT, nothing written: results
 * cannot be computed in place, so give out its own array), or no memory (ESC_NO_MEMORY: out is
 * then partly written). The arrays are read and written, never kept. Thread-safe: any number
 * of calls may run at once on one engine, with distinct output arrays. */
ESC_API esc_status esc_recalculate(const esc_engine *engine, size_t count, const int32_t *pathways,
                                   const int32_t *stages, const esc_date *entered,
                                   const esc_date *started, esc_date *out, esc_status *row_status,
                                   int threads, size_t *failed);

/* Why a row of a bulk recalculation failed: finer than its esc_status, the same codes and
 * names in C, Python (RecalculationError.reasons) and the command line (recalc's status
 * column). Values never change; new ones may be added at the end. Added in ESCALATE_1.1. */
typedef enum esc_row_reason {
    ESC_ROW_OK = 0,                 /* "ok": the row has its due date (or none by rule) */
    ESC_ROW_UNKNOWN_PATHWAY = 1,    /* "unknown-pathway": pathway index out of range */
    ESC_ROW_UNKNOWN_STAGE = 2,      /* "unknown-stage": stage index out of range for it */
    ESC_ROW_MISSING_ENTERED = 3,    /* "missing-entered": entered is ESC_NO_DATE */
    ESC_ROW_MISSING_STARTED = 4,    /* "missing-started": no start date, but the stage counts
                                       from the outset (an overall limit or a timescale
                                       anchored at the pathway's start) */
    ESC_ROW_START_AFTER_ENTRY = 5,  /* "start-after-entry": started is after entered */
    ESC_ROW_DATE_OUT_OF_RANGE = 6,  /* "out-of-range": entered or started outside the
                                       calendar's years */
    ESC_ROW_DUE_OUT_OF_RANGE = 7,   /* "due-out-of-range": the due date would fall past the
                                       end of the calendar's years */
    ESC_ROW_NO_VERSION = 8          /* "no-version" (since 1.3): the pathway index is
                                       ESC_PATHWAY_NO_VERSION, which esc_select_versions gives
                                       a case whose outset is before every version of its
                                       pathway; row status ESC_NOT_FOUND */
} esc_row_reason;

/* The reason's name as written above ("missing-started"), or "unknown-reason" for a value this
 * library does not define. A static string; never NULL. Thread-safe; does not change
 * esc_last_error(). Added in ESCALATE_1.1. */
ESC_API const char *esc_row_reason_name(esc_row_reason reason);

/* The row status esc_recalculate() gives a row that esc_recalculate_reasons() gives `reason`:
 * ESC_OK for ESC_ROW_OK; ESC_OUT_OF_RANGE for ESC_ROW_DATE_OUT_OF_RANGE and
 * ESC_ROW_DUE_OUT_OF_RANGE; ESC_NOT_FOUND for ESC_ROW_NO_VERSION; ESC_INVALID_ARGUMENT for
 * every other reason, and for a value this library does not define. The one mapping:
 * esc_recalculate() itself uses it. Thread-safe; does not change esc_last_error(). Added in
 * ESCALATE_1.3. */
ESC_API esc_status esc_row_reason_status(esc_row_reason reason);

/* The pathway index esc_select_versions gives a row older than every version of its pathway. */
#define ESC_PATHWAY_NO_VERSION (-2)

/* Chooses, in place, the version of the pathway that governs each row of a bulk recalculation
 * whose pathway was given by id (since 1.3; docs/c-api.md, Versions). esc_recalculate takes
 * the index it is given as the version, so a caller that looked ids up with
 * esc_engine_pathway_index (the latest version) calls this first, and each case is then
 * answered by the version esc_decide and esc_engine_pathway_select would choose for it: the
 * one in force on its outset, started[i] (else entered[i]).
 *
 *   pathways, stages  in: a version of the row's pathway (any: it stands for its id) and a
 *                     stage index of that version; out: the version in force on the outset
 *                     and the same stage id's index in it (-1 when that version has no such
 *                     stage, which esc_recalculate reports as ESC_ROW_UNKNOWN_STAGE), or
 *                     ESC_PATHWAY_NO_VERSION for an outset before every version
 *                     (esc_recalculate_reasons reports ESC_ROW_NO_VERSION, esc_recalculate
 *                     ESC_NOT_FOUND)
 *   entered, started  as esc_recalculate takes them; started may be NULL
 *   changed           optional: receives the number of rows rewritten
 *
 * Rows are left as they are when their pathway or stage index is out of range, when they have
 * no outset (ESC_NO_DATE in both), or when the outset is before every version and outside the
 * calendar: esc_recalculate then reports them as it would have. An id with one version and no
 * effective-from (an undated ruleset) never changes. O(1) per row (a comparison for rows
 * already in force), no allocation. ESC_INVALID_ARGUMENT for a NULL engine, or NULL arrays
 * (but started) with count > 0. Thread-safe: any number of calls at once on one engine, on
 * distinct arrays. */
ESC_API esc_status esc_select_versions(const esc_engine *engine, size_t count, int32_t *pathways,
                                       int32_t *stages, const esc_date *entered,
                                       const esc_date *started, size_t *changed);

/* esc_recalculate() with the reason for each failed row: `reasons` (optional, NULL: not
 * wanted) receives ESC_ROW_OK or the row's esc_row_reason, one int-sized element per row. The
 * other arguments, the due dates written and the errors are those of esc_recalculate(). The
 * rows that fail are the rows esc_recalculate() reports, and a reason maps to the row status
 * esc_recalculate() gives as esc_row_reason_status() says: ESC_ROW_DATE_OUT_OF_RANGE and
 * ESC_ROW_DUE_OUT_OF_RANGE to ESC_OUT_OF_RANGE, ESC_ROW_NO_VERSION to ESC_NOT_FOUND, every
 * other failure to ESC_INVALID_ARGUMENT. Added in ESCALATE_1.1. */
ESC_API esc_status esc_recalculate_reasons(const esc_engine *engine, size_t count,
                                           const int32_t *pathways, const int32_t *stages,
                                           const esc_date *entered, const esc_date *started,
                                           esc_date *out, esc_row_reason *reasons, int threads,
                                           size_t *failed);

/* The distinct values of a column of fixed-width records, each given a small code, so that a
 * binding maps a column of ids (NumPy fixed-width strings, or the object pointers of a pandas
 * string column) to pathway and stage indices by looking up each distinct id once rather than
 * each row. Record i is the `width` bytes at (const char *)records + i * stride; records are
 * equal when their bytes are (a NumPy string's padding included).
 *
 *   codes      receives, for each of the `count` records, its code: 0 for the first distinct
 *              record met, 1 for the next, and so on, in order of first appearance
 *   firsts     optional when capacity is 0: receives, for each code c < capacity, the row of
 *              code c's first record
 *   distinct   receives the number of distinct records (also when the call fails for lack of
 *              capacity)
 *
 * One pass through a hash table of the distinct records: O(count * width) expected, memory
 * O(distinct). ESC_INVALID_ARGUMENT (nothing written but *distinct = 0) for NULL records or
 * codes with count > 0, a NULL distinct, NULL firsts with capacity > 0, width 0, stride <
 * width, count > INT32_MAX, or output arrays overlapping the records or each other.
 * ESC_OUT_OF_RANGE when there are more distinct records than `capacity`: every code and the
 * first `capacity` firsts are written, and *distinct says what capacity would do. ESC_NO_MEMORY
 * when the table cannot grow. The arrays are never kept. Thread-safe. Added in ESCALATE_1.3. */
ESC_API esc_status esc_factorize_records(const void *records, size_t count, size_t width,
                                         size_t stride, int32_t *codes, size_t *firsts,
                                         size_t capacity, size_t *distinct);

/* ---------------------------------------------------------------------------------------- */
/* Decisions                                                                                 */
/* ---------------------------------------------------------------------------------------- */

/* Kinds of timescale (the ruleset's <deadline kind="...">). */
#define ESC_DEADLINE_NONE 0           /* the source states no timescale: no due date */
#define ESC_DEADLINE_IMMEDIATELY 1    /* due on the anchor date itself */
#define ESC_DEADLINE_WORKING_DAYS 2   /* the N-th working day strictly after the anchor */
#define ESC_DEADLINE_CALENDAR_DAYS 3  /* the anchor plus N days */
#define ESC_DEADLINE_HOURS 4          /* N clock hours: the anchor plus ceil(N / 24) days */

/* What a timescale counts from. */
#define ESC_ANCHOR_STAGE_ENTRY 0    /* the date the stage was entered */
#define ESC_ANCHOR_PATHWAY_START 1  /* the outset of the disagreement */
#define ESC_ANCHOR_PREVIOUS_STEP 2  /* steps only: the due date of the step before */
#define ESC_ANCHOR_ON_EVENT 3       /* on:ID: the day the named step, action or event happens
                                       (in a single query, only the query's own event has) */

/* Which rule set a stage's due date. */
#define ESC_DUE_RULE_NONE 0             /* no timescale applies: due is ESC_NO_DATE */
#define ESC_DUE_RULE_STAGE_TIMESCALE 1  /* the stage's own timescale */
#define ESC_DUE_RULE_OVERALL_LIMIT 2    /* an overall limit from the outset, earlier than (or
                                           instead of) the stage's own timescale; for a step,
                                           the limit that brought its stage forward */
#define ESC_DUE_RULE_WAITING 3          /* counts from something that has not happened yet
                                           (anchor on:ID, or a previous step that waits): no
                                           due date yet; waits_for names it */
#define ESC_DUE_RULE_PAST_CALENDAR_END 4 /* obligations only: the date lies past the calendar's
                                           end, so none can be given (not an error: the
                                           stage's own due date was answerable) */

/* The force its source gives a deadline, as worded (docs/semantics.md, "Force"): a missed
 * `must` breaches a requirement; a missed `should`, `expected` or `usually` misses an
 * expectation. */
typedef enum esc_force {
    ESC_FORCE_MUST = 0,
    ESC_FORCE_SHOULD = 1,
    ESC_FORCE_EXPECTED = 2,
    ESC_FORCE_USUALLY = 3
} esc_force;

/* Where an obligation comes from. */
#define ESC_FROM_STAGE 0       /* a step or required action of the stage */
#define ESC_FROM_TRANSITION 1  /* the event taken gives rise to it ("contact the Police") */
#define ESC_FROM_OUTCOME 2     /* reaching the outcome gives rise to it */

/* Kinds of terminal outcome. */
#define ESC_OUTCOME_NONE 0            /* not terminal: the decision names a stage */
#define ESC_OUTCOME_RESOLVED 1        /* the disagreement is resolved */
#define ESC_OUTCOME_FINAL_DECISION 2  /* a binding decision by a chair or panel */
#define ESC_OUTCOME_EXIT 3            /* handed to another procedure (safeguarding, Police) */

/* The question: "the case is at `stage` of `pathway`, `event` happened on `at`; what now?" */
typedef struct esc_query {
    uint32_t size;        /* sizeof(esc_query) */
    const char *pathway;  /* required: a pathway id */
    const char *stage;    /* the current stage id; NULL: the pathway is being started, answer
                             its entry stage (or, with an event such as "immediate-risk", where
                             the start routes that event) */
    const char *event;    /* "resolved", "unresolved", "immediate-risk" or one the pathway
                             declares; required with a stage, optional without */
    const char *subject;  /* "child" or "adult"; NULL when not stated (tier names then take
                             their general form; a route guarded by subject needs it) */
    esc_date at;          /* required: the date of the event, which is the date the next stage
                             is entered */
    esc_date started;     /* the date the pathway started (the outset); ESC_NO_DATE when
                             starting the pathway (then it is `at`). Note that 0 is
                             1970-01-01, not "no date": set it explicitly */
    /* Since 1.1 (read only when `size` covers it): */
    esc_date entered;     /* the date the current stage was entered: required when the event
                             keeps the case at its stage (a side track), whose clock keeps
                             running from it; ESC_NO_DATE otherwise (0 is 1970-01-01) */
    /* Since 1.3 (read only when `size` covers it): */
    const char *version;  /* a version of the pathway named explicitly ("V3"); NULL: the
                             version in force on the outset (`started`, else `at`), as
                             esc_engine_pathway_select() chooses. decision->pathway_index is the
                             index of the version that answered */
} esc_query;

/* A query with `size` set, no ids and every date ESC_NO_DATE: `esc_query q = ESC_QUERY_INIT;`
 * then set pathway, at and what else applies. A zeroed query's `started` is 0, which is the
 * date 1970-01-01 and not "no date": such a query fails with ESC_OUT_OF_RANGE (no bundled
 * calendar covers 1970) whose message says so. Added in ESCALATE_1.1. */
#define ESC_QUERY_INIT \
    {(uint32_t)sizeof(esc_query), NULL, NULL, NULL, NULL, ESC_NO_DATE, ESC_NO_DATE, ESC_NO_DATE, NULL}

/* A step inside a stage (an ordered sub-deadline), a required action of a stage, or an
 * obligation the event gives rise to (on its transition or outcome). */
typedef struct esc_obligation {
    const char *id;
    const char *name;       /* its name for the query's subject */
    const char *clause;     /* where in the source policy it comes from */
    esc_date due;           /* ESC_NO_DATE when the source gives no timescale, or see due_rule */
    int32_t deadline_kind;  /* ESC_DEADLINE_* */
    int32_t deadline_days;  /* N for working or calendar days, else 0 */
    int32_t anchor;         /* ESC_ANCHOR_* */
    /* Since 1.1 (written only when the caller's obligation_size covers them): */
    int32_t due_rule;       /* ESC_DUE_RULE_*: what decided `due`, or why there is none */
    esc_force force;        /* the force of the rule that decided it */
    int32_t source;         /* ESC_FROM_STAGE, ESC_FROM_TRANSITION or ESC_FROM_OUTCOME */
    int32_t deadline_hours; /* N for ESC_DEADLINE_HOURS, else 0 */
    int32_t roll;           /* 1: a due date on a non-working day moves to the next working day */
    esc_date anchor_date;   /* the date it counted from; ESC_NO_DATE when waiting */
    const char *waits_for;  /* ESC_ANCHOR_ON_EVENT: the step, action or event id; else NULL */
} esc_obligation;

/* The answer. The caller sets `size` and, optionally, the step and action buffers; esc_decide
 * fills in everything else. Strings belong to the engine (valid until esc_engine_free). */
typedef struct esc_decision {
    uint32_t size;  /* in: sizeof(esc_decision) */

    /* in (optional): buffers for the stage's steps and required actions. obligation_size is
     * sizeof(esc_obligation) and must be set whenever a buffer is given. A NULL buffer or a
     * zero capacity is fine: the counts are still reported. */
    uint32_t obligation_size;
    esc_obligation *steps;
    size_t steps_capacity;
    esc_obligation *actions;
    size_t actions_capacity;

    /* out: how many steps and actions the stage has. When a count exceeds its capacity, only
     * the first `capacity` are written: call again with a larger buffer to get the rest. */
    size_t step_count;
    size_t action_count;

    /* out: where the case goes next. */
    const char *stage;       /* the stage id, or the terminal outcome's id */
    const char *stage_name;  /* the stage's (or outcome's) name */
    const char *tier;        /* the responsible tier's id; NULL when terminal */
    const char *tier_name;   /* its name for the query's subject; NULL when terminal */
    int terminal;            /* 1 when the case has reached a terminal outcome, else 0 */
    int32_t outcome_kind;    /* ESC_OUTCOME_* (ESC_OUTCOME_NONE unless terminal) */
    esc_date due;            /* when the stage is due; ESC_NO_DATE when no timescale applies
                                (always for a terminal outcome) */

    /* out: the working behind the due date, for explanations. */
    int32_t pathway_index;     /* for the index calls */
    int32_t stage_index;       /* -1 when terminal */
    esc_date entered;          /* the date the stage was entered (the query's `at`) */
    esc_date started;          /* the outset of the pathway */
    int32_t due_rule;          /* ESC_DUE_RULE_* */
    int32_t deadline_kind;     /* the stage's own timescale: ESC_DEADLINE_* */
    int32_t deadline_days;     /* N for working or calendar days, else 0 */
    int32_t anchor;            /* ESC_ANCHOR_STAGE_ENTRY or ESC_ANCHOR_PATHWAY_START */
    esc_date anchor_date;      /* the date the stage's own timescale counts from */
    esc_date timescale_due;    /* the stage's own timescale's due date, before any limit;
                                  ESC_NO_DATE when it has none */
    const char *limit_id;      /* the overall limit covering the stage; NULL when none */
    const char *limit_name;
    int32_t limit_working_days;  /* N working days from the outset; 0 when no limit */
    esc_date limit_due;          /* the limit's due date; ESC_NO_DATE when no limit */
    const char *calendar;        /* the pathway's calendar id */
    const char *clause;          /* the stage's (or outcome's) clause in the source */
    const char *transition_clause; /* the clause of the route taken; "" when entering the
                                      pathway's entry stage */
    /* Since 1.1 (written only when `size` covers them): */
    esc_force force;           /* the force of the rule that decided `due` */
    int32_t overdue;           /* 1 when the stage is entered after the date it is due
                                  (at > due): overdue on entry; else 0 */
    int32_t side_track;        /* 1 when the event kept the case at its stage: `entered` is
                                  the stage's entry (the query's `entered`) */
    int32_t deadline_hours;    /* N for ESC_DEADLINE_HOURS, else 0 */
    int32_t roll;              /* 1: the own timescale rolls to the next working day */
    const char *waits_for;     /* the stage's timescale is anchored on:ID: the ID; else NULL */
    const char *timescale_reading; /* how the source's words for the own timescale were read,
                                      and any other reading they allow; "" when none recorded */
    const char *limit_reading;     /* the same for the overall limit; "" when none */
} esc_decision;

/* A decision with `size` and `obligation_size` set, no buffers, and every date ESC_NO_DATE.
 * Added in ESCALATE_1.1. */
#define ESC_DECISION_INIT \
    {(uint32_t)sizeof(esc_decision), (uint32_t)sizeof(esc_obligation), NULL, 0, NULL, 0, 0, 0, \
     NULL, NULL, NULL, NULL, 0, ESC_OUTCOME_NONE, ESC_NO_DATE, -1, -1, ESC_NO_DATE, ESC_NO_DATE, \
     ESC_DUE_RULE_NONE, ESC_DEADLINE_NONE, 0, ESC_ANCHOR_STAGE_ENTRY, ESC_NO_DATE, ESC_NO_DATE, \
     NULL, NULL, 0, ESC_NO_DATE, NULL, NULL, NULL, ESC_FORCE_MUST, 0, 0, 0, 0, NULL, NULL, NULL}

/* Answers a query (docs/semantics.md): the next stage (or terminal outcome), its tier, its due
 * date, and the stage's steps and required actions with their due dates. The actions list
 * starts with the obligations of the event itself (source ESC_FROM_TRANSITION, then
 * ESC_FROM_OUTCOME), which count from `at`. Every date comes from the engine's one evaluator:
 * this call copies it, as esc_pathway_due and esc_recalculate do (they always agree).
 *
 * Errors: ESC_INVALID_ARGUMENT (NULL engine, query or decision; a size below the first
 * released layout; a missing pathway or `at`; a stage without an event; an obligation buffer
 * without obligation_size; a subject the pathway does not cover, or none where its routes
 * need one; no `started` where a stage counts from the outset), ESC_NOT_FOUND (unknown
 * pathway, stage or event),
 * ESC_NO_TRANSITION (the event leads nowhere from that stage: never a silent default),
 * ESC_OUT_OF_RANGE (a date outside the calendar's years, or a due date that lies past the
 * calendar's end or year 9999; a rule past the end that does not decide is no error),
 * ESC_INVALID_ARGUMENT also when a side track is taken without query->entered.
 *
 * On success every out field is written. On failure the out fields are reset (NULL strings,
 * ESC_NO_DATE dates, zero counts) so a stale answer cannot be mistaken for a new one, unless
 * the decision itself was rejected (NULL or a bad size), in which case it is untouched.
 * Thread-safe: any number of threads may decide on one engine at once. Each thread keeps one
 * small working buffer for its answers (freed when the thread ends), so after a thread's first
 * decisions esc_decide allocates no memory. */
ESC_API esc_status esc_decide(const esc_engine *engine, const esc_query *query,
                              esc_decision *decision);

/* ---------------------------------------------------------------------------------------- */
/* Introspection: what a pathway is made of (ESCALATE_1.1)                                    */
/* ---------------------------------------------------------------------------------------- */
/*
 * Read-only views of a compiled pathway, for screens and reports: its stages by index, each
 * with its name, tier, timescale, steps, actions and the events that leave it with their
 * targets; its tiers, terminal outcomes, overall limits and events. Everything is by index
 * (counts from esc_pathway_info and esc_stage_info) and every string belongs to the engine.
 * Each info struct begins with `size`, which the caller sets (the ..._INIT macros do); only
 * the fields it covers are written, and on failure nothing is. Bad indices give
 * ESC_INVALID_ARGUMENT. Thread-safe.
 */

/* A timescale: a stage's, a step's or an action's <deadline>. */
typedef struct esc_deadline_info {
    uint32_t size;                    /* in: sizeof(esc_deadline_info) */
    int32_t kind;                     /* ESC_DEADLINE_* */
    int32_t days;                     /* N for working or calendar days, else 0 */
    int32_t anchor;                   /* ESC_ANCHOR_* */
    int32_t cumulative_working_days;  /* the worst case from the outset the policy states for
                                         it, checked when the pathway compiles; -1 when the
                                         policy states none */
    const char *clause;               /* where the source states it; "" when it does not */
    int32_t hours;                    /* N for ESC_DEADLINE_HOURS, else 0 */
    int32_t roll;                     /* 1: a due date on a non-working day moves to the next
                                         working day (roll="next-working-day"); else 0 */
    esc_force force;                  /* how binding the source words it (must, should, ...) */
    const char *waits_for;            /* ESC_ANCHOR_ON_EVENT: the step, action or event id it
                                         counts from; else NULL */
    const char *reading;              /* how the source's words were read and the other reading
                                         they allow; "" when none is recorded */
    /* Later releases add fields here, at the end. */
} esc_deadline_info;

#define ESC_DEADLINE_INFO_INIT \
    {(uint32_t)sizeof(esc_deadline_info), ESC_DEADLINE_NONE, 0, ESC_ANCHOR_STAGE_ENTRY, -1, NULL, \
     0, 0, ESC_FORCE_MUST, NULL, NULL}

typedef struct esc_stage_info {
    uint32_t size;         /* in: sizeof(esc_stage_info) */
    const char *id;        /* "stage-2" */
    const char *name;
    int32_t tier;          /* the responsible tier, for esc_pathway_tier_get() */
    const char *tier_id;
    int32_t limit;         /* the overall limit covering the stage, for esc_pathway_limit_get();
                              -1 when none */
    int32_t worst_case_working_days; /* working days from the outset to this stage's due date
                                        along the longest route; -1 when a stage on the way has
                                        no working-day bound */
    int32_t step_count;    /* for esc_stage_obligation_get(ESC_OBLIGATION_STEP) */
    int32_t action_count;  /* for esc_stage_obligation_get(ESC_OBLIGATION_ACTION) */
    int32_t exit_count;    /* routes leaving the stage, for esc_stage_exit_get() */
    const char *clause;
} esc_stage_info;

#define ESC_STAGE_INFO_INIT \
    {(uint32_t)sizeof(esc_stage_info), NULL, NULL, -1, NULL, -1, -1, 0, 0, 0, NULL}

/* The stage at an index. */
ESC_API esc_status esc_stage_info_get(const esc_engine *engine, int32_t pathway, int32_t stage,
                                      esc_stage_info *out);

/* The stage's own timescale (before any overall limit). */
ESC_API esc_status esc_stage_deadline_get(const esc_engine *engine, int32_t pathway,
                                          int32_t stage, esc_deadline_info *out);

/* Which list esc_stage_obligation_get() reads. */
#define ESC_OBLIGATION_STEP 0    /* the stage's ordered sub-deadlines */
#define ESC_OBLIGATION_ACTION 1  /* what the stage requires (record in writing, notify, ...) */

typedef struct esc_obligation_info {
    uint32_t size;       /* in: sizeof(esc_obligation_info) */
    const char *id;
    const char *name;
    const char *clause;
} esc_obligation_info;

#define ESC_OBLIGATION_INFO_INIT {(uint32_t)sizeof(esc_obligation_info), NULL, NULL, NULL}

/* Step or action `index` (0 .. step_count-1 or action_count-1) of a stage; `kind` is
 * ESC_OBLIGATION_STEP or ESC_OBLIGATION_ACTION. `deadline` (optional, NULL: not wanted)
 * receives its timescale. */
ESC_API esc_status esc_stage_obligation_get(const esc_engine *engine, int32_t pathway,
                                            int32_t stage, int32_t kind, int32_t index,
                                            esc_obligation_info *out,
                                            esc_deadline_info *deadline);

/* A route out of a stage: the event that takes it and where it leads. */
typedef struct esc_exit_info {
    uint32_t size;           /* in: sizeof(esc_exit_info) */
    const char *event;       /* the event id: "unresolved", "immediate-risk", ... */
    const char *subject;     /* the route applies only to this subject; NULL: to any */
    const char *target;      /* the stage or terminal outcome it leads to */
    int32_t target_stage;    /* its stage index; -1 when the target is an outcome */
    int32_t target_outcome;  /* its outcome index, for esc_pathway_outcome_get(); -1 when the
                                target is a stage */
    const char *clause;
    int32_t side_track;      /* 1 when the target is the stage it leaves: the case stays there,
                                its clock keeps running, and the route's actions are added */
    int32_t action_count;    /* obligations the event gives rise to on this route, for
                                esc_stage_exit_action_get() */
} esc_exit_info;

#define ESC_EXIT_INFO_INIT {(uint32_t)sizeof(esc_exit_info), NULL, NULL, NULL, -1, -1, NULL, 0, 0}

/* Route `index` (0 .. exit_count-1) out of a stage, in the order the pathway file gives them.
 * `stage` -1 means the start of the pathway: the routes taken when it is started on an event
 * (0 .. start_exit_count-1 of esc_pathway_info). */
ESC_API esc_status esc_stage_exit_get(const esc_engine *engine, int32_t pathway, int32_t stage,
                                      int32_t index, esc_exit_info *out);

/* Action `index` (0 .. action_count-1 of the route's esc_exit_info) of route `exit` out of
 * `stage` (-1: the start): an obligation the event gives rise to ("escalate under safeguarding
 * procedures immediately"), whose timescale counts from the event's date. `deadline`
 * (optional, NULL: not wanted) receives its timescale. As esc_stage_obligation_get(). */
ESC_API esc_status esc_stage_exit_action_get(const esc_engine *engine, int32_t pathway,
                                             int32_t stage, int32_t exit, int32_t index,
                                             esc_obligation_info *out,
                                             esc_deadline_info *deadline);

/* "Which buttons does the screen show at this stage": the distinct events with a route out of
 * the stage (for `subject` when not NULL: events whose routes are all for another subject are
 * left out; NULL: every event), in the order of their first route. Like
 * esc_calendar_holidays(): *count receives the number of events and the first min(count,
 * capacity) ids are written to buffer (NULL when capacity is 0). `stage` -1 gives the events
 * that route the start of the pathway. ESC_INVALID_ARGUMENT for a subject the pathway does
 * not cover. */
ESC_API esc_status esc_stage_events(const esc_engine *engine, int32_t pathway, int32_t stage,
                                    const char *subject, const char **buffer, size_t capacity,
                                    size_t *count);

typedef struct esc_tier_info {
    uint32_t size;       /* in: sizeof(esc_tier_info) */
    const char *id;      /* "line-managers" */
    const char *name;    /* its name for the subject asked for (the general name for NULL) */
    const char *clause;
} esc_tier_info;

#define ESC_TIER_INFO_INIT {(uint32_t)sizeof(esc_tier_info), NULL, NULL, NULL}

/* Tier `tier` (0 .. tier_count-1), named for `subject` (NULL: the general name).
 * ESC_INVALID_ARGUMENT for a subject the pathway does not cover. */
ESC_API esc_status esc_pathway_tier_get(const esc_engine *engine, int32_t pathway, int32_t tier,
                                        const char *subject, esc_tier_info *out);

typedef struct esc_outcome_info {
    uint32_t size;       /* in: sizeof(esc_outcome_info) */
    const char *id;
    const char *name;
    int32_t kind;        /* ESC_OUTCOME_RESOLVED, _FINAL_DECISION or _EXIT */
    const char *clause;
    int32_t action_count; /* obligations reaching it gives rise to, for
                             esc_pathway_outcome_action_get() */
} esc_outcome_info;

#define ESC_OUTCOME_INFO_INIT \
    {(uint32_t)sizeof(esc_outcome_info), NULL, NULL, ESC_OUTCOME_NONE, NULL, 0}

/* Terminal outcome `outcome` (0 .. outcome_count-1). */
ESC_API esc_status esc_pathway_outcome_get(const esc_engine *engine, int32_t pathway,
                                           int32_t outcome, esc_outcome_info *out);

/* Action `index` (0 .. action_count-1 of its esc_outcome_info) of terminal outcome `outcome`:
 * an obligation reaching it gives rise to ("send the monitoring form"), counted from the date
 * of the event that reached it. `deadline` as in esc_stage_obligation_get(). */
ESC_API esc_status esc_pathway_outcome_action_get(const esc_engine *engine, int32_t pathway,
                                                  int32_t outcome, int32_t index,
                                                  esc_obligation_info *out,
                                                  esc_deadline_info *deadline);

typedef struct esc_limit_info {
    uint32_t size;         /* in: sizeof(esc_limit_info) */
    const char *id;
    const char *name;
    int32_t working_days;  /* N working days from the outset caps every stage it covers (a
                              stage's `limit` names it) */
    const char *clause;
    esc_force force;       /* how binding the source words it; a stage whose due date the
                              limit decides reports this force */
    const char *reading;   /* how the source's words were read; "" when none is recorded */
} esc_limit_info;

#define ESC_LIMIT_INFO_INIT \
    {(uint32_t)sizeof(esc_limit_info), NULL, NULL, 0, NULL, ESC_FORCE_MUST, NULL}

/* Overall limit `limit` (0 .. limit_count-1). */
ESC_API esc_status esc_pathway_limit_get(const esc_engine *engine, int32_t pathway, int32_t limit,
                                         esc_limit_info *out);

/* The id of event `event` (0 .. event_count-1): the standard events "resolved", "unresolved",
 * "immediate-risk" first, then those the pathway declares. */
ESC_API esc_status esc_pathway_event_id(const esc_engine *engine, int32_t pathway, int32_t event,
                                        const char **out);
/* Case histories (since 1.2; docs/case-histories.md)                                        */
/* ---------------------------------------------------------------------------------------- */

/* A case is its pathway, subject and the entries recorded in it: (date, event) in date order,
 * where the event is a transition's event ("unresolved"), "done:ID" for a step or action
 * completed, or, for the first entry only, "start" (the pathway's entry stage) or one of the
 * pathway's start events. The first entry's date is the outset. */

/* Where an obligation stands on the as-of date. */
#define ESC_STATE_OPEN 0          /* not done, not yet due (or it has no due date) */
#define ESC_STATE_DUE_TODAY 1     /* not done, due on the as-of date */
#define ESC_STATE_OVERDUE 2       /* not done, due before the as-of date */
#define ESC_STATE_DONE_ON_TIME 3  /* done on or before its due date (or it had none) */
#define ESC_STATE_DONE_LATE 4     /* done after its due date */
#define ESC_STATE_LEFT_UNDONE 5   /* a stage's step or action not recorded done when the case
                                     left the stage */

/* What an obligation is. */
#define ESC_CASE_OBLIGATION_STAGE 0   /* a stage's own deadline: done when the case leaves it */
#define ESC_CASE_OBLIGATION_STEP 1    /* a step of a stage */
#define ESC_CASE_OBLIGATION_ACTION 2  /* an action of a stage, a transition or an outcome */

/* The question: "this case, as it stood on `as_of`". Set it up with esc_case_query_init(). */
typedef struct esc_case_query {
    uint32_t size;                    /* sizeof(esc_case_query) */
    const char *pathway;              /* required: a pathway id */
    const char *subject;              /* "child" or "adult"; NULL when not stated */
    size_t entry_count;               /* at least 1 */
    const esc_date *entry_dates;      /* entry_count dates, in order (equal dates allowed) */
    const char *const *entry_events;  /* entry_count events (see above) */
    esc_date as_of;                   /* required: entries dated after it are not applied */
    /* Since 1.3 (read only when `size` covers it): */
    const char *version;              /* a version named explicitly; NULL: the version in force
                                         on the outset (the first entry's date) */
} esc_case_query;

/* A stage the case has left. */
typedef struct esc_case_stage {
    const char *stage;       /* the stage's id */
    const char *stage_name;
    const char *tier;        /* the responsible tier's id */
    esc_date entered;
    esc_date left;
    esc_date due;            /* ESC_NO_DATE when no timescale applied */
    int32_t left_late;       /* 1 when left after the date it was due, else 0 */
    esc_force force;         /* the force of the rule that decided `due` */
    int32_t due_rule;        /* ESC_DUE_RULE_* */
    const char *left_on;     /* the event that moved the case on */
    size_t entered_entry;    /* the index of the entry that entered it */
    size_t left_entry;       /* ... and of the one that left it */
} esc_case_stage;

/* An obligation: a stage's own deadline, a step, or an action, with its due date and state. */
typedef struct esc_case_obligation {
    int32_t kind;            /* ESC_CASE_OBLIGATION_* */
    int32_t source;          /* ESC_FROM_STAGE, ESC_FROM_TRANSITION or ESC_FROM_OUTCOME */
    int32_t side_track;      /* 1 when it arose from an event that kept the case at its stage */
    int32_t state;           /* ESC_STATE_* */
    const char *id;          /* the step's or action's id (the stage's id for a stage) */
    const char *name;        /* its name for the case's subject */
    const char *clause;      /* where in the source policy it comes from */
    const char *stage;       /* the stage or outcome it belongs to, or for a transition's
                                obligation the stage the event left; NULL: the start */
    size_t arose_entry;      /* the index of the entry that gave rise to it */
    esc_date arose;          /* that entry's date */
    esc_date due;            /* ESC_NO_DATE: no timescale, waiting (see waits_for), or past
                                the calendar's end (due_rule says which) */
    int32_t due_rule;        /* ESC_DUE_RULE_* */
    esc_force force;         /* the force of the rule that decided `due` */
    esc_date anchor_date;    /* the date its own timescale counted from; ESC_NO_DATE if none */
    int32_t provisional;     /* 1: anchored previous-step and counted from the previous step's
                                due date, because its completion is not recorded (yet) */
    const char *waits_for;   /* anchored on:ID and ID has not happened by as_of: the ID;
                                else NULL */
    esc_date done;           /* the date done (a stage: the date left); ESC_NO_DATE if not */
    size_t done_entry;       /* the index of the entry that recorded it; 0 when not done */
} esc_case_obligation;

/* The answer. The caller sets `size` and, optionally, the buffers (esc_case_init() does the
 * first); esc_case_evaluate fills in everything else. Strings belong to the engine (valid until
 * esc_engine_free). */
typedef struct esc_case {
    uint32_t size;  /* in: sizeof(esc_case) */

    /* in (optional): buffers for the stages passed and for the obligations. stage_size and
     * obligation_size are sizeof(esc_case_stage) and sizeof(esc_case_obligation) and must be
     * set whenever the buffer is given. NULL or a zero capacity is fine: the counts are still
     * reported. */
    uint32_t stage_size;
    esc_case_stage *stages;
    size_t stages_capacity;
    uint32_t obligation_size;
    esc_case_obligation *obligations;
    size_t obligations_capacity;

    /* out: how many there are ("needed" sizes). When a count exceeds its capacity only the
     * first `capacity` are written: call again with a larger buffer for the rest. */
    size_t stage_count;       /* stages passed, in the order left */
    size_t obligation_count;  /* every obligation, in the order they arose */

    /* out: where the case stands on as_of. */
    const char *stage;       /* the current stage's id, or the outcome's */
    const char *stage_name;
    const char *tier;        /* NULL at an outcome */
    const char *tier_name;   /* its name for the subject; NULL at an outcome */
    int32_t terminal;        /* 1 at a terminal outcome */
    int32_t outcome_kind;    /* ESC_OUTCOME_* */
    esc_date started;        /* the outset (the first entry's date) */
    esc_date entered;        /* the date the current stage or outcome was reached */
    esc_date due;            /* the current stage's due date; ESC_NO_DATE at an outcome or
                                with no timescale */
    int32_t due_rule;        /* ESC_DUE_RULE_* */
    esc_force force;
    int32_t overdue;         /* 1: at a stage, and as_of is after its due date */
    int32_t overdue_on_entry;/* 1: the stage was entered after the date it is due */
    size_t entries_applied;  /* entries dated on or before as_of */
    int64_t error_entry;     /* out on failure: the index of the entry at fault, or -1 when
                                the error is not one entry's (e.g. an unknown pathway) */
    /* Since 1.3 (written only when `size` covers it): */
    int32_t pathway_index;   /* the version that governed the case (esc_pathway_info_get());
                                -1 on failure */
} esc_case;

/* Sets *query to its defaults: size = sizeof(esc_case_query) as this header declares it, NULL
 * pointers, no entries, as_of = ESC_NO_DATE. Inline, so the size is always the caller's. */
static inline void esc_case_query_init(esc_case_query *query) {
    query->size = (uint32_t)sizeof(esc_case_query);
    query->pathway = NULL;
    query->subject = NULL;
    query->entry_count = 0;
    query->entry_dates = NULL;
    query->entry_events = NULL;
    query->as_of = ESC_NO_DATE;
    query->version = NULL;
}

/* Sets *result to its defaults: size and the element sizes set, no buffers, no answer. */
static inline void esc_case_init(esc_case *result) {
    result->size = (uint32_t)sizeof(esc_case);
    result->stage_size = (uint32_t)sizeof(esc_case_stage);
    result->stages = NULL;
    result->stages_capacity = 0;
    result->obligation_size = (uint32_t)sizeof(esc_case_obligation);
    result->obligations = NULL;
    result->obligations_capacity = 0;
    result->stage_count = 0;
    result->obligation_count = 0;
    result->stage = NULL;
    result->stage_name = NULL;
    result->tier = NULL;
    result->tier_name = NULL;
    result->terminal = 0;
    result->outcome_kind = ESC_OUTCOME_NONE;
    result->started = ESC_NO_DATE;
    result->entered = ESC_NO_DATE;
    result->due = ESC_NO_DATE;
    result->due_rule = ESC_DUE_RULE_NONE;
    result->force = ESC_FORCE_MUST;
    result->overdue = 0;
    result->overdue_on_entry = 0;
    result->entries_applied = 0;
    result->error_entry = -1;
    result->pathway_index = -1;
}

/* Evaluates one case history as of a date (docs/case-histories.md): the current stage or
 * outcome, its tier, the dates it was entered and is due, whether it is overdue; every stage
 * passed, with the dates entered and left and whether it was left late; and every obligation
 * (each stage's own deadline, steps, actions, side tracks, and the actions of transitions and
 * outcomes) with its due date, the date done and its state. Every move is answered as
 * esc_decide answers it; a history adds only the dates a single question cannot know: a step
 * anchored previous-step counts from the previous step's recorded completion (else,
 * provisionally, from its due date), and one anchored on:ID from the day ID was recorded.
 *
 * Errors: ESC_INVALID_ARGUMENT (NULL engine, query or result; a size below this layout; no
 * pathway, no entries, NULL date or event arrays, no as_of, as_of before the outset; a buffer
 * without its element size; an entry with no date or event, out of date order, or a first entry
 * that is not "start" or a start event; a subject the pathway does not cover),
 * ESC_NOT_FOUND (an unknown pathway, event, or step or action id), ESC_NO_TRANSITION (an event
 * with no transition at that point of the case, anything after an outcome, "done:" of a step
 * or action that is not open then), ESC_OUT_OF_RANGE (a date outside the calendar, or a due
 * date past its end). An error in one entry sets result->error_entry to its index and the
 * message begins "entry N (YYYY-MM-DD, "event"): ".
 *
 * On failure the out fields are reset (NULL strings, ESC_NO_DATE dates, zero counts) unless
 * the result itself was rejected (NULL or a bad size). Thread-safe: any number of threads may
 * evaluate cases on one engine at once. */
ESC_API esc_status esc_case_evaluate(const esc_engine *engine, const esc_case_query *query,
                                     esc_case *result);

/* Many cases at once (since 1.2). Entries as columns: per case an offset, a pathway index and
 * a subject index; per entry a date and an event index (esc_pathway_event_index), or one of: */
#define ESC_EVENT_START (-1)  /* "start" */
#define ESC_EVENT_DONE_FIRST (-3)  /* "done:ID" (since 1.3): ESC_EVENT_DONE_FIRST - k for the
                                      pathway's k-th step or action id; esc_pathway_event_index
                                      gives it. Checked as esc_case_evaluate checks it: ID must
                                      name a step or action open at that point of the case
                                      (else ESC_CASE_NO_TRANSITION); a k past the pathway's
                                      last id is ESC_CASE_UNKNOWN_EVENT */
#define ESC_EVENT_DONE (-2)   /* "done:ID" with no ID (columns made for 1.2): it moves no case
                                 and cannot be checked; prefer the codes above */

/* The event index of an event id in a pathway, for the bulk columns: "start" gives
 * ESC_EVENT_START, "done:ID" ESC_EVENT_DONE_FIRST - k (since 1.3; before, ESC_EVENT_DONE for
 * any ID). ESC_NOT_FOUND for an event or a step or action id the pathway does not have;
 * ESC_INVALID_ARGUMENT for a bad pathway index or NULL. */
ESC_API esc_status esc_pathway_event_index(const esc_engine *engine, int32_t pathway,
                                           const char *event, int32_t *out);

/* Why a case of the bulk call failed (esc_case_row.status). Each matches the status
 * esc_case_evaluate gives the same case. */
#define ESC_CASE_OK 0
#define ESC_CASE_BAD_PATHWAY 1          /* a pathway index out of range (ESC_NOT_FOUND) */
#define ESC_CASE_BAD_SUBJECT 2          /* a subject index the pathway does not have */
#define ESC_CASE_NO_ENTRIES 3
#define ESC_CASE_AS_OF_BEFORE_OUTSET 4
#define ESC_CASE_BAD_FIRST_ENTRY 5      /* the first entry is ESC_EVENT_DONE */
#define ESC_CASE_OUT_OF_ORDER 6
#define ESC_CASE_MISSING_DATE 7         /* an entry, or as_of, is ESC_NO_DATE */
#define ESC_CASE_NEEDS_SUBJECT 8        /* the route depends on the subject; none stated */
#define ESC_CASE_UNKNOWN_EVENT 9        /* an event index out of range (ESC_NOT_FOUND) */
#define ESC_CASE_NO_TRANSITION 10       /* no route there; anything after an outcome; start
                                           again (ESC_NO_TRANSITION) */
#define ESC_CASE_OUT_OF_RANGE 11        /* a date outside the calendar, or a due date past its
                                           end (ESC_OUT_OF_RANGE) */

typedef struct esc_case_columns {
    uint32_t size;             /* sizeof(esc_case_columns) */
    size_t case_count;
    const size_t *offsets;     /* case_count + 1: case i's entries are [offsets[i], offsets[i+1]) */
    const int32_t *pathways;   /* per case: a pathway index */
    const int32_t *subjects;   /* per case: the subject's position in the pathway's subjects
                                  (esc_pathway_info.subjects), or -1; NULL: none stated */
    const esc_date *dates;     /* per entry, in date order within each case */
    const int32_t *events;     /* per entry: an event index, ESC_EVENT_START, or a done code
                                  (ESC_EVENT_DONE_FIRST - k, or ESC_EVENT_DONE) */
    esc_date as_of;
} esc_case_columns;

/* One case's answer. This element layout is fixed for ABI 1 (like esc_holiday). */
typedef struct esc_case_row {
    const char *stage;      /* the current stage's or outcome's id (engine-owned); NULL when failed */
    int32_t stage_index;    /* for the index calls; -1 at an outcome or when failed */
    int32_t terminal;       /* 1 at a terminal outcome */
    esc_date entered;
    esc_date due;           /* ESC_NO_DATE at an outcome or with no timescale */
    int32_t overdue;        /* 1: at a stage and as_of is after due */
    int32_t status;         /* ESC_CASE_* */
    int64_t bad_entry;      /* the failed case's own entry index at fault, or -1 */
} esc_case_row;

/* Evaluates many case histories as of one date into out[0 .. case_count): each case's current
 * stage, the date entered, the due date and the overdue flag, as esc_case_evaluate gives them
 * (a test compares every case of a random caseload), without obligations. A bad case gets its
 * status and entry and never touches the others; *failed (optional) counts them, and the call
 * still returns ESC_OK. ESC_INVALID_ARGUMENT for NULL engine, columns or out, a bad size, or
 * NULL arrays with case_count > 0. One thread; thread-safe on a shared engine. */
ESC_API esc_status esc_cases_evaluate(const esc_engine *engine, const esc_case_columns *columns,
                                      esc_case_row *out, size_t *failed);

/* The name of an ESC_CASE_* status as `escalate worklist` and Python's Engine.cases write it
 * ("no-transition", "out-of-order"), or "unknown-status" for a value this library does not
 * define. A static string; never NULL. Thread-safe; does not change esc_last_error(). Added in
 * ESCALATE_1.3. */
ESC_API const char *esc_case_status_name(int32_t status);

/* ---------------------------------------------------------------------------------------- */
/* Calendars                                                                                 */
/* ---------------------------------------------------------------------------------------- */

/* A compiled working-day calendar, owned by its engine (do not free it; it lives until
 * esc_engine_free). Immutable; safe to share across threads. */
typedef struct esc_calendar esc_calendar;

/* The number of calendars in the engine. */
ESC_API esc_status esc_engine_calendar_count(const esc_engine *engine, int32_t *out);

/* The calendar at an index (0 .. count-1). */
ESC_API esc_status esc_engine_calendar_at(const esc_engine *engine, int32_t index,
                                          const esc_calendar **out);

/* Looks a calendar up by id ("england-and-wales"); ESC_NOT_FOUND when none has that id. */
ESC_API esc_status esc_engine_calendar(const esc_engine *engine, const char *calendar,
                                       const esc_calendar **out);

/* What a calendar file declares. Strings belong to the engine. */
typedef struct esc_calendar_info {
    uint32_t size;       /* in: sizeof(esc_calendar_info) */
    const char *id;
    const char *name;
    const char *source;  /* the published list it was checked against */
    esc_date first_date; /* the tables cover first_date .. last_date inclusive; any date */
    esc_date last_date;  /* outside gives ESC_OUT_OF_RANGE */
} esc_calendar_info;

/* Added in ESCALATE_1.1. */
#define ESC_CALENDAR_INFO_INIT \
    {(uint32_t)sizeof(esc_calendar_info), NULL, NULL, NULL, ESC_NO_DATE, ESC_NO_DATE}

/* Fills *out. out->size must be set by the caller. */
ESC_API esc_status esc_calendar_info_get(const esc_calendar *calendar, esc_calendar_info *out);

/* *out = 1 when the date is a working day (neither a weekend day nor a holiday), else 0. */
ESC_API esc_status esc_calendar_is_working_day(const esc_calendar *calendar, esc_date date,
                                               int *out);

/* The name of the holiday on a date ("Good Friday"), or NULL in *out when the date is not a
 * holiday. The string belongs to the engine. */
ESC_API esc_status esc_calendar_holiday_name(const esc_calendar *calendar, esc_date date,
                                             const char **out);

/* The count-th working day strictly after date (docs/semantics.md: "within N working days of
 * D"). When date is not a working day, the first working day after it is day 1. count 0 gives
 * date itself; a negative count gives the |count|-th working day strictly before date.
 * ESC_OUT_OF_RANGE when the date or the result lies outside the calendar's tables. */
ESC_API esc_status esc_calendar_add_working_days(const esc_calendar *calendar, esc_date date,
                                                 int32_t count, esc_date *out);

/* The number of working days d with from < d <= to; negative when to < from. So counting from
 * D to esc_calendar_add_working_days(D, N) gives N. ESC_OUT_OF_RANGE outside the tables. */
ESC_API esc_status esc_calendar_count_working_days(const esc_calendar *calendar, esc_date from,
                                                   esc_date to, int32_t *out);

/* One holiday. This element layout is fixed for ABI 1; richer listings will come as new
 * calls, never as a changed layout. */
typedef struct esc_holiday {
    esc_date date;
    int32_t substitute;  /* 1 when a substitute day for a holiday that fell on a weekend */
    const char *name;    /* belongs to the engine */
} esc_holiday;

/* The holidays of a calendar year, in date order, substitute days included. *count receives
 * the total number; the first min(total, capacity) are written to buffer. buffer may be NULL
 * when capacity is 0 (ask for the count first). ESC_OUT_OF_RANGE when the year is outside the
 * calendar's range. */
ESC_API esc_status esc_calendar_holidays(const esc_calendar *calendar, int year,
                                         esc_holiday *buffer, size_t capacity, size_t *count);

/* ---------------------------------------------------------------------------------------- */
/* Calendar calls over arrays (ABI 1, version node ESCALATE_1.1)                             */
/* ---------------------------------------------------------------------------------------- */

/* The calls above, applied row by row to `count` dates, for analysts' columns (NumPy, pandas).
 * Each row is what the single call would answer; a row the single call would refuse fails
 * alone: row_status[i] (optional, NULL: not wanted) receives ESC_OK, ESC_INVALID_ARGUMENT (the
 * row's date is ESC_NO_DATE) or ESC_OUT_OF_RANGE (a date, or the result, outside the
 * calendar's tables), and *failed (optional) the number of failed rows. The call itself fails
 * only for a NULL calendar, or NULL where an array is required (count > 0). The arrays are
 * read and written, never kept; input and output arrays must not overlap. Thread-safe, like
 * every calendar call. */

/* out[i] = esc_calendar_add_working_days(dates[i], counts[i]); ESC_NO_DATE in a failed row.
 * A row whose date is ESC_NO_DATE gives ESC_NO_DATE and ESC_INVALID_ARGUMENT. */
ESC_API esc_status esc_calendar_add_working_days_array(const esc_calendar *calendar, size_t count,
                                                       const esc_date *dates, const int32_t *counts,
                                                       esc_date *out, esc_status *row_status,
                                                       size_t *failed);

/* out[i] = esc_calendar_count_working_days(from[i], to[i]); 0 in a failed row. */
ESC_API esc_status esc_calendar_count_working_days_array(const esc_calendar *calendar, size_t count,
                                                         const esc_date *from, const esc_date *to,
                                                         int32_t *out, esc_status *row_status,
                                                         size_t *failed);

/* out[i] = 1 when dates[i] is a working day, else 0 (0 in a failed row). One byte a row, so
 * the output can be a NumPy bool array. */
ESC_API esc_status esc_calendar_is_working_day_array(const esc_calendar *calendar, size_t count,
                                                     const esc_date *dates, uint8_t *out,
                                                     esc_status *row_status, size_t *failed);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ESCALATE_H */
