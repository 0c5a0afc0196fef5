// The raw C ABI through JNA: every call and struct as escalate.h declares them. Package-private;
// Engine and Calendar are the public face.
package escalate;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;

final class Native {
    private Native() {}

    /** The calls. size_t is a Java long: the binding supports 64-bit platforms only (checked at load). */
    interface Lib extends Library {
        Pointer esc_version();
        int esc_abi_version();
        Pointer esc_last_error();
        Pointer esc_rulesets_dir();
        Pointer esc_row_reason_name(int reason);
        int esc_engine_load_paths(Pointer[] paths, long count, PointerByReference engine);
        int esc_engine_load_documents(Pointer[] paths, long pathCount, Document documents, long documentCount,
                                      PointerByReference engine);
        int esc_engine_load_default(PointerByReference engine);
        void esc_engine_free(Pointer engine);
        int esc_engine_pathway_count(Pointer engine, IntByReference count);
        int esc_engine_pathway_index(Pointer engine, byte[] id, IntByReference index);
        int esc_engine_pathway_for_case(Pointer engine, byte[] id, byte[] version, int entered, int started,
                                        IntByReference index);
        int esc_select_versions(Pointer engine, long count, int[] pathways, int[] stages, int[] entered, int[] started,
                                LongByReference changed);
        int esc_pathway_info_get(Pointer engine, int pathway, PathwayInfo info);
        int esc_pathway_stage_index(Pointer engine, int pathway, byte[] id, IntByReference index);
        int esc_pathway_due(Pointer engine, int pathway, int stage, int entered, int started, IntByReference due);
        int esc_stage_info_get(Pointer engine, int pathway, int stage, StageInfo info);
        int esc_stage_deadline_get(Pointer engine, int pathway, int stage, DeadlineInfo info);
        int esc_stage_obligation_get(Pointer engine, int pathway, int stage, int kind, int index, ObligationInfo info,
                                     DeadlineInfo deadline);
        int esc_stage_exit_get(Pointer engine, int pathway, int stage, int index, ExitInfo info);
        int esc_stage_exit_action_get(Pointer engine, int pathway, int stage, int exit, int index, ObligationInfo info,
                                      DeadlineInfo deadline);
        int esc_stage_events(Pointer engine, int pathway, int stage, byte[] subject, Pointer[] buffer, long capacity,
                             LongByReference count);
        int esc_pathway_tier_get(Pointer engine, int pathway, int tier, byte[] subject, TierInfo info);
        int esc_pathway_outcome_get(Pointer engine, int pathway, int outcome, OutcomeInfo info);
        int esc_pathway_limit_get(Pointer engine, int pathway, int limit, LimitInfo info);
        int esc_pathway_event_id(Pointer engine, int pathway, int event, PointerByReference id);
        int esc_decide(Pointer engine, Query query, Decision decision);
        int esc_recalculate_reasons(Pointer engine, long count, int[] pathways, int[] stages, int[] entered,
                                    int[] started, int[] due, int[] reasons, int threads, LongByReference failed);
        int esc_engine_calendar(Pointer engine, byte[] id, PointerByReference calendar);
        int esc_calendar_info_get(Pointer calendar, CalendarInfo info);
        int esc_calendar_is_working_day(Pointer calendar, int date, IntByReference working);
        int esc_calendar_add_working_days(Pointer calendar, int date, int count, IntByReference result);
        int esc_calendar_count_working_days(Pointer calendar, int from, int to, IntByReference count);
        int esc_calendar_holidays(Pointer calendar, int year, Holiday buffer, long capacity, LongByReference count);
    }

    /** Every struct the library fills sets `size` first; the constructors do it. */
    @Structure.FieldOrder({"size", "pathway", "stage", "event", "subject", "at", "started", "entered", "version"})
    public static class Query extends Structure {
        public int size; public Pointer pathway, stage, event, subject; public int at, started;
        public int entered = Dates.NO_DATE;  // since 1.1
        public Pointer version;  // since 1.3: null, the version in force on the outset
        Query() { size = size(); }
    }

    @Structure.FieldOrder({"id", "name", "clause", "due", "deadline_kind", "deadline_days", "anchor", "due_rule", "force",
                           "source", "deadline_hours", "roll", "anchor_date", "waits_for"})
    public static class Obligation extends Structure {
        public Pointer id, name, clause; public int due, deadline_kind, deadline_days, anchor;
        // since 1.1
        public int due_rule, force, source, deadline_hours, roll, anchor_date; public Pointer waits_for;
        Obligation() {}
        Obligation(Pointer p) { super(p); read(); }
    }

    // JNA lays fields out with the C compiler's alignment, so the 4 bytes of padding before
    // limit_id (after 13 ints) and after each leading `size` come out as in the header.
    @Structure.FieldOrder({"size", "obligation_size", "steps", "steps_capacity", "actions", "actions_capacity",
                           "step_count", "action_count", "stage", "stage_name", "tier", "tier_name", "terminal",
                           "outcome_kind", "due", "pathway_index", "stage_index", "entered", "started", "due_rule",
                           "deadline_kind", "deadline_days", "anchor", "anchor_date", "timescale_due", "limit_id",
                           "limit_name", "limit_working_days", "limit_due", "calendar", "clause", "transition_clause",
                           "force", "overdue", "side_track", "deadline_hours", "roll", "waits_for", "timescale_reading",
                           "limit_reading"})
    public static class Decision extends Structure {
        public int size, obligation_size;
        public Pointer steps; public long steps_capacity; public Pointer actions; public long actions_capacity;
        public long step_count, action_count;
        public Pointer stage, stage_name, tier, tier_name;
        public int terminal, outcome_kind, due, pathway_index, stage_index, entered, started, due_rule, deadline_kind,
                deadline_days, anchor, anchor_date, timescale_due;
        public Pointer limit_id, limit_name; public int limit_working_days, limit_due;
        public Pointer calendar, clause, transition_clause;
        // since 1.1
        public int force, overdue, side_track, deadline_hours, roll;
        public Pointer waits_for, timescale_reading, limit_reading;
        Decision() { size = size(); }
    }

    @Structure.FieldOrder({"size", "id", "title", "version", "effective_from", "calendar", "subjects", "source_title",
                           "source_authority", "source_date", "source_file", "stage_count", "entry_stage",
                           "tier_count", "outcome_count", "limit_count", "event_count", "start_exit_count",
                           "effective_from_stated", "in_force_from", "in_force_until", "review_by", "review_by_end"})
    public static class PathwayInfo extends Structure {
        public int size; public Pointer id, title, version; public int effective_from;
        public Pointer calendar, subjects, source_title, source_authority, source_date, source_file;
        public int stage_count, entry_stage, tier_count, outcome_count, limit_count, event_count, start_exit_count;
        // since 1.3 (versions; not surfaced in Java yet)
        public Pointer effective_from_stated; public int in_force_from, in_force_until; public Pointer review_by;
        public int review_by_end;
        PathwayInfo() { size = size(); }
    }

    @Structure.FieldOrder({"size", "kind", "days", "anchor", "cumulative_working_days", "clause", "hours", "roll", "force",
                           "waits_for", "reading"})
    public static class DeadlineInfo extends Structure {
        public int size, kind, days, anchor, cumulative_working_days; public Pointer clause;
        public int hours, roll, force; public Pointer waits_for, reading;
        DeadlineInfo() { size = size(); }
    }

    @Structure.FieldOrder({"size", "id", "name", "tier", "tier_id", "limit", "worst_case_working_days", "step_count",
                           "action_count", "exit_count", "clause"})
    public static class StageInfo extends Structure {
        public int size; public Pointer id, name; public int tier; public Pointer tier_id;
        public int limit, worst_case_working_days, step_count, action_count, exit_count; public Pointer clause;
        StageInfo() { size = size(); }
    }

    @Structure.FieldOrder({"size", "id", "name", "clause"})
    public static class ObligationInfo extends Structure {
        public int size; public Pointer id, name, clause;
        ObligationInfo() { size = size(); }
    }

    @Structure.FieldOrder({"size", "event", "subject", "target", "target_stage", "target_outcome", "clause", "side_track",
                           "action_count"})
    public static class ExitInfo extends Structure {
        public int size; public Pointer event, subject, target; public int target_stage, target_outcome;
        public Pointer clause; public int side_track, action_count;
        ExitInfo() { size = size(); }
    }

    @Structure.FieldOrder({"size", "id", "name", "clause"})
    public static class TierInfo extends Structure {
        public int size; public Pointer id, name, clause;
        TierInfo() { size = size(); }
    }

    @Structure.FieldOrder({"size", "id", "name", "kind", "clause", "action_count"})
    public static class OutcomeInfo extends Structure {
        public int size; public Pointer id, name; public int kind; public Pointer clause; public int action_count;
        OutcomeInfo() { size = size(); }
    }

    @Structure.FieldOrder({"size", "id", "name", "working_days", "clause", "force", "reading"})
    public static class LimitInfo extends Structure {
        public int size; public Pointer id, name; public int working_days; public Pointer clause; public int force;
        public Pointer reading;
        LimitInfo() { size = size(); }
    }

    @Structure.FieldOrder({"size", "id", "name", "source", "first_date", "last_date"})
    public static class CalendarInfo extends Structure {
        public int size; public Pointer id, name, source; public int first_date, last_date;
        CalendarInfo() { size = size(); }
    }

    @Structure.FieldOrder({"date", "substitute", "name"})
    public static class Holiday extends Structure {
        public int date, substitute; public Pointer name;
        public Holiday() {}
    }

    @Structure.FieldOrder({"name", "text", "length"})
    public static class Document extends Structure {
        public Pointer name, text; public long length;
        public Document() {}
    }

    static final Lib LIB = load();

    /** The SONAME, never the development-only libescalate.so link; ESCALATE_LIBRARY (or the
     *  system property escalate.library) may name the file instead. */
    private static Lib load() {
        if (com.sun.jna.Native.SIZE_T_SIZE != 8)
            throw new UnsatisfiedLinkError("the Escalate Java binding needs a 64-bit platform");
        String path = System.getProperty("escalate.library", System.getenv("ESCALATE_LIBRARY"));
        Lib lib = com.sun.jna.Native.load(path != null && !path.isEmpty() ? path : "libescalate.so.1", Lib.class);
        if (lib.esc_abi_version() != 1)
            throw new UnsatisfiedLinkError("libescalate implements ABI " + lib.esc_abi_version()
                                           + "; this binding speaks ABI 1");
        return lib;
    }

    /** A string the library owns, or null. */
    static String text(Pointer pointer) {
        return pointer == null ? null : pointer.getString(0, "UTF-8");
    }

    /** A NUL-terminated UTF-8 copy of a string argument (null stays null). */
    static byte[] bytes(String text) {
        if (text == null) return null;
        if (text.indexOf('\0') >= 0) throw new EscalateException.InvalidArgument("a string contains a NUL character");
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[encoded.length + 1];
        System.arraycopy(encoded, 0, terminated, 0, encoded.length);
        return terminated;
    }

    /** The same in native memory, for struct fields; freed when the Memory is collected. */
    static Memory memory(String text) {
        if (text == null) return null;
        byte[] terminated = bytes(text);
        Memory memory = new Memory(terminated.length);
        memory.write(0, terminated, 0, terminated.length);
        return memory;
    }

    /** Throws the exception a status calls for, with esc_last_error() read on this thread. */
    static void check(int status) {
        if (status == 0) return;
        String message = text(LIB.esc_last_error());
        throw EscalateException.of(Status.of(status), message == null ? "" : message);
    }
}
