// A compiled ruleset: every calendar and pathway, immutable and safe to share across threads.
// Close it (try-with-resources) to free it; calendars from it must not outlive it.
package escalate;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Engine implements AutoCloseable {
    private Pointer engine;
    private List<Pathway> pathways;

    private Engine(Pointer engine) { this.engine = engine; }

    /** Loads files or directories of rulesets into one engine, all or nothing. */
    public static Engine load(String... paths) {
        if (paths.length == 0) throw new EscalateException.InvalidArgument("give at least one path (or use loadDefault)");
        Memory[] memories = new Memory[paths.length];
        Pointer[] pointers = new Pointer[paths.length];
        for (int i = 0; i < paths.length; ++i) pointers[i] = memories[i] = Native.memory(paths[i]);
        PointerByReference out = new PointerByReference();
        Native.check(Native.LIB.esc_engine_load_paths(pointers, paths.length, out));
        return new Engine(out.getValue());
    }

    /** Loads documents held in memory (name, the name errors use, to XML) with any files or
     *  directories, all or nothing. */
    public static Engine loadDocuments(Map<String, String> documents, String... paths) {
        List<Memory> keep = new ArrayList<>();
        Pointer[] pointers = new Pointer[Math.max(1, paths.length)];
        for (int i = 0; i < paths.length; ++i) keep.add((Memory) (pointers[i] = Native.memory(paths[i])));
        Native.Document[] array = (Native.Document[]) new Native.Document().toArray(Math.max(1, documents.size()));
        int n = 0;
        for (Map.Entry<String, String> entry : documents.entrySet()) {
            byte[] text = entry.getValue().getBytes(StandardCharsets.UTF_8);
            Memory memory = new Memory(Math.max(1, text.length));
            memory.write(0, text, 0, text.length);
            Memory name = Native.memory(entry.getKey());
            keep.add(memory);
            keep.add(name);
            array[n].name = name;
            array[n].text = memory;
            array[n].length = text.length;
            array[n].write();
            ++n;
        }
        PointerByReference out = new PointerByReference();
        Native.check(Native.LIB.esc_engine_load_documents(pointers, paths.length, array[0], n, out));
        keep.clear();
        return new Engine(out.getValue());
    }

    /** The rulesets found without a path: $ESCALATE_RULESETS (paths separated by ':'), else
     *  the bundled rulesets ({@link #rulesetsDir()}). */
    public static Engine loadDefault() {
        PointerByReference out = new PointerByReference();
        Native.check(Native.LIB.esc_engine_load_default(out));
        return new Engine(out.getValue());
    }

    /** The bundled rulesets of the loaded library (esc_rulesets_dir). */
    public static String rulesetsDir() { return Native.text(Native.LIB.esc_rulesets_dir()); }

    /** The release of the loaded libescalate, "0.1.0". */
    public static String libraryVersion() { return Native.text(Native.LIB.esc_version()); }

    @Override
    public synchronized void close() {
        if (engine != null) Native.LIB.esc_engine_free(engine);
        engine = null;
    }

    synchronized Pointer handle() {
        if (engine == null) throw new IllegalStateException("the Engine is closed");
        return engine;
    }

    /** Every pathway, in index order, with what it is made of. */
    public synchronized List<Pathway> pathways() {
        if (pathways == null) {
            IntByReference count = new IntByReference();
            Native.check(Native.LIB.esc_engine_pathway_count(handle(), count));
            List<Pathway> list = new ArrayList<>();
            for (int p = 0; p < count.getValue(); ++p) list.add(readPathway(p));
            pathways = List.copyOf(list);
        }
        return pathways;
    }

    /** A pathway by id; NotFound naming the loaded ones when none has it. */
    public Pathway pathway(String id) {
        IntByReference index = new IntByReference();
        Native.check(Native.LIB.esc_engine_pathway_index(handle(), Native.bytes(id), index));
        return pathways().get(index.getValue());
    }

    private Pathway readPathway(int p) {
        Pointer e = handle();
        Native.PathwayInfo info = new Native.PathwayInfo();
        Native.check(Native.LIB.esc_pathway_info_get(e, p, info));
        List<Pathway.Stage> stages = new ArrayList<>();
        for (int s = 0; s < info.stage_count; ++s) stages.add(readStage(p, s));
        List<String> events = new ArrayList<>();
        PointerByReference id = new PointerByReference();
        for (int i = 0; i < info.event_count; ++i) {
            Native.check(Native.LIB.esc_pathway_event_id(e, p, i, id));
            events.add(Native.text(id.getValue()));
        }
        Map<String, String> tiers = new LinkedHashMap<>();
        for (int i = 0; i < info.tier_count; ++i) {
            Native.TierInfo tier = new Native.TierInfo();
            Native.check(Native.LIB.esc_pathway_tier_get(e, p, i, null, tier));
            tiers.put(Native.text(tier.id), Native.text(tier.name));
        }
        Map<String, Pathway.OutcomeKind> outcomes = new LinkedHashMap<>();
        for (int i = 0; i < info.outcome_count; ++i) {
            Native.OutcomeInfo outcome = new Native.OutcomeInfo();
            Native.check(Native.LIB.esc_pathway_outcome_get(e, p, i, outcome));
            outcomes.put(Native.text(outcome.id), Pathway.OutcomeKind.values()[outcome.kind]);
        }
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (int i = 0; i < info.limit_count; ++i) {
            Native.LimitInfo limit = new Native.LimitInfo();
            Native.check(Native.LIB.esc_pathway_limit_get(e, p, i, limit));
            limits.put(Native.text(limit.id), limit.working_days);
        }
        return new Pathway(p, Native.text(info.id), Native.text(info.title), Native.text(info.version),
                           Dates.fromDayNumber(info.effective_from), Native.text(info.calendar),
                           List.of(Native.text(info.subjects).split(" ")), List.copyOf(stages),
                           stages.get(info.entry_stage).id(), List.copyOf(events), tiers, outcomes, limits);
    }

    private static Pathway.Deadline deadline(Native.DeadlineInfo raw) {
        return new Pathway.Deadline(Pathway.DeadlineKind.values()[raw.kind], raw.days, Pathway.Anchor.values()[raw.anchor],
                                    raw.cumulative_working_days < 0 ? null : raw.cumulative_working_days,
                                    Native.text(raw.clause), raw.hours, raw.roll != 0,
                                    Decision.Force.values()[raw.force], Native.text(raw.waits_for),
                                    Native.text(raw.reading));
    }

    private Pathway.Stage readStage(int p, int s) {
        Pointer e = handle();
        Native.StageInfo info = new Native.StageInfo();
        Native.check(Native.LIB.esc_stage_info_get(e, p, s, info));
        Native.DeadlineInfo own = new Native.DeadlineInfo();
        Native.check(Native.LIB.esc_stage_deadline_get(e, p, s, own));
        Native.TierInfo tier = new Native.TierInfo();
        Native.check(Native.LIB.esc_pathway_tier_get(e, p, info.tier, null, tier));
        String limit = null;
        if (info.limit >= 0) {
            Native.LimitInfo raw = new Native.LimitInfo();
            Native.check(Native.LIB.esc_pathway_limit_get(e, p, info.limit, raw));
            limit = Native.text(raw.id);
        }
        List<Pathway.Route> routes = new ArrayList<>();
        for (int i = 0; i < info.exit_count; ++i) {
            Native.ExitInfo exit = new Native.ExitInfo();
            Native.check(Native.LIB.esc_stage_exit_get(e, p, s, i, exit));
            List<Pathway.StageObligation> actions = new ArrayList<>();
            for (int a = 0; a < exit.action_count; ++a) {
                Native.ObligationInfo item = new Native.ObligationInfo();
                Native.DeadlineInfo raw = new Native.DeadlineInfo();
                Native.check(Native.LIB.esc_stage_exit_action_get(e, p, s, i, a, item, raw));
                actions.add(obligation(item, raw));
            }
            routes.add(new Pathway.Route(Native.text(exit.event), Native.text(exit.subject), Native.text(exit.target),
                                         exit.target_stage < 0, exit.side_track != 0, List.copyOf(actions),
                                         Native.text(exit.clause)));
        }
        return new Pathway.Stage(s, Native.text(info.id), Native.text(info.name), Native.text(info.tier_id),
                                 Native.text(tier.name), deadline(own), limit,
                                 info.worst_case_working_days < 0 ? null : info.worst_case_working_days,
                                 obligations(p, s, 0, info.step_count), obligations(p, s, 1, info.action_count),
                                 List.copyOf(routes), Native.text(info.clause));
    }

    private List<Pathway.StageObligation> obligations(int p, int s, int kind, int count) {
        List<Pathway.StageObligation> list = new ArrayList<>();
        for (int i = 0; i < count; ++i) {
            Native.ObligationInfo info = new Native.ObligationInfo();
            Native.DeadlineInfo raw = new Native.DeadlineInfo();
            Native.check(Native.LIB.esc_stage_obligation_get(handle(), p, s, kind, i, info, raw));
            list.add(obligation(info, raw));
        }
        return List.copyOf(list);
    }

    private static Pathway.StageObligation obligation(Native.ObligationInfo info, Native.DeadlineInfo raw) {
        return new Pathway.StageObligation(Native.text(info.id), Native.text(info.name), Native.text(info.clause),
                                           deadline(raw));
    }

    private int stageIndex(int pathway, String stage) {
        IntByReference index = new IntByReference();
        Native.check(Native.LIB.esc_pathway_stage_index(handle(), pathway, Native.bytes(stage), index));
        return index.getValue();
    }

    /** The events with a route out of a stage, for a subject when not null: the buttons a
     *  screen shows. A null stage asks about the start of the pathway. */
    public List<String> stageEvents(String pathway, String stage, String subject) {
        int p = pathway(pathway).index();
        int s = stage == null ? -1 : stageIndex(p, stage);
        LongByReference count = new LongByReference();
        Native.check(Native.LIB.esc_stage_events(handle(), p, s, Native.bytes(subject), null, 0, count));
        Pointer[] buffer = new Pointer[(int) Math.max(1, count.getValue())];
        Native.check(Native.LIB.esc_stage_events(handle(), p, s, Native.bytes(subject), buffer, count.getValue(), count));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < count.getValue(); ++i) events.add(Native.text(buffer[i]));
        return List.copyOf(events);
    }

    /** Starts a pathway: its entry stage, entered on {@code at}. */
    public Decision decide(String pathway, LocalDate at) {
        return decide(pathway, null, null, at, null, null, null);
    }

    /** "The case is at stage of pathway, and event happened on at: what now?" A null stage
     *  starts the pathway; started is the outset (null when starting); subject may be null. */
    public Decision decide(String pathway, String stage, String event, LocalDate at, LocalDate started,
                           String subject) {
        return decide(pathway, stage, event, at, started, subject, null);
    }

    /** The same, with {@code entered}, the date the current stage was entered: needed when the
     *  event keeps the case at its stage (a side track, whose clock keeps running); else null. */
    public Decision decide(String pathway, String stage, String event, LocalDate at, LocalDate started,
                           String subject, LocalDate entered) {
        Memory[] strings = {Native.memory(pathway), Native.memory(stage), Native.memory(event), Native.memory(subject)};
        Native.Query query = new Native.Query();
        query.pathway = strings[0];
        query.stage = strings[1];
        query.event = strings[2];
        query.subject = strings[3];
        query.at = Dates.toDayNumber(at);
        query.started = Dates.toDayNumber(started);
        query.entered = Dates.toDayNumber(entered);
        int stride = new Native.Obligation().size();
        int room = 16;
        while (true) {
            Memory steps = new Memory((long) stride * room), actions = new Memory((long) stride * room);
            Native.Decision d = new Native.Decision();
            d.obligation_size = stride;
            d.steps = steps;
            d.steps_capacity = room;
            d.actions = actions;
            d.actions_capacity = room;
            Native.check(Native.LIB.esc_decide(handle(), query, d));
            if (d.step_count <= room && d.action_count <= room) {
                return new Decision(Native.text(d.stage), Native.text(d.stage_name), Native.text(d.tier),
                                    Native.text(d.tier_name), d.terminal != 0,
                                    Pathway.OutcomeKind.values()[d.outcome_kind], Dates.fromDayNumber(d.due),
                                    Decision.DueRule.values()[d.due_rule], Native.text(d.limit_id),
                                    Dates.fromDayNumber(d.limit_due), Native.text(d.clause),
                                    read(steps, (int) d.step_count, stride), read(actions, (int) d.action_count, stride),
                                    d.due == Dates.NO_DATE ? null : Decision.Force.values()[d.force], d.overdue != 0,
                                    d.side_track != 0, Dates.fromDayNumber(d.entered));
            }
            room = (int) Math.max(d.step_count, d.action_count);
        }
    }

    private static List<Decision.Obligation> read(Memory buffer, int count, int stride) {
        List<Decision.Obligation> list = new ArrayList<>();
        for (int i = 0; i < count; ++i) {
            Native.Obligation raw = new Native.Obligation(buffer.share((long) i * stride));
            list.add(new Decision.Obligation(Native.text(raw.id), Native.text(raw.name), Native.text(raw.clause),
                                             Dates.fromDayNumber(raw.due), Decision.DueRule.values()[raw.due_rule],
                                             Decision.Force.values()[raw.force], Decision.Source.values()[raw.source],
                                             Native.text(raw.waits_for)));
        }
        return List.copyOf(list);
    }

    /** The due date of a case now at a stage, entered on {@code entered}; null when the
     *  policy states no timescale. {@code started} may be null where the stage does not count
     *  from the outset. Answered by the version of the pathway decide() would use for the same
     *  case: the one in force on its outset ({@code started}, else {@code entered}), as the
     *  library chooses it (esc_engine_pathway_for_case). */
    public LocalDate due(String pathway, String stage, LocalDate entered, LocalDate started) {
        IntByReference chosen = new IntByReference();
        Native.check(Native.LIB.esc_engine_pathway_for_case(handle(), Native.bytes(pathway), null,
                                                            Dates.toDayNumber(entered), Dates.toDayNumber(started),
                                                            chosen));
        int p = chosen.getValue();
        IntByReference out = new IntByReference();
        Native.check(Native.LIB.esc_pathway_due(handle(), p, stageIndex(p, stage), Dates.toDayNumber(entered),
                                                Dates.toDayNumber(started), out));
        return Dates.fromDayNumber(out.getValue());
    }

    /** Due dates for arrays of cases (row i: pathways[i], stages[i], entered[i], started[i]).
     *  A bad row never stops the batch: it gets no date and a reason; unknown ids are the
     *  library's UNKNOWN_PATHWAY or UNKNOWN_STAGE. started may be null (no case has one). Each
     *  row is answered by the version of its pathway in force on its outset, as due() and
     *  decide() answer one case (esc_select_versions); a row older than every version fails with
     *  NO_VERSION. */
    public Recalculation recalculate(String[] pathways, String[] stages, LocalDate[] entered, LocalDate[] started) {
        int n = pathways.length;
        if (stages.length != n || entered.length != n || (started != null && started.length != n))
            throw new EscalateException.InvalidArgument("the arrays must be of one length");
        int[] p = new int[n], s = new int[n], e = new int[n];
        int[] st = started == null ? null : new int[n];
        Map<String, Integer> cache = new HashMap<>();
        for (int i = 0; i < n; ++i) {
            p[i] = lookUp(cache, pathways[i], -1);
            s[i] = p[i] < 0 ? -1 : lookUp(cache, stages[i], p[i]);
            e[i] = Dates.toDayNumber(entered[i]);
            if (st != null) st[i] = Dates.toDayNumber(started[i]);
        }
        // The ids were looked up as their latest versions: each row to the version in force.
        Native.check(Native.LIB.esc_select_versions(handle(), n, p, s, e, st, null));
        return recalculate(p, s, e, st, 0);
    }

    /** The same over indices and day numbers (Dates.NO_DATE for none), as bulk callers hold
     *  them; threads 0 lets the library choose. */
    public Recalculation recalculate(int[] pathways, int[] stages, int[] entered, int[] started, int threads) {
        int n = pathways.length;
        int[] due = new int[n], reasons = new int[n];
        LongByReference failed = new LongByReference();
        Native.check(Native.LIB.esc_recalculate_reasons(handle(), n, pathways, stages, entered, started, due, reasons,
                                                        threads, failed));
        LocalDate[] dates = new LocalDate[n];
        RowReason[] why = new RowReason[n];
        for (int i = 0; i < n; ++i) {
            dates[i] = Dates.fromDayNumber(due[i]);
            why[i] = RowReason.of(reasons[i]);
        }
        return new Recalculation(Arrays.asList(dates), List.of(why), (int) failed.getValue());
    }

    private int lookUp(Map<String, Integer> cache, String id, int pathway) {
        if (id == null) return -1;
        String key = pathway + "/" + id;
        Integer known = cache.get(key);
        if (known != null) return known;
        IntByReference index = new IntByReference();
        int status = pathway < 0 ? Native.LIB.esc_engine_pathway_index(handle(), Native.bytes(id), index)
                                 : Native.LIB.esc_pathway_stage_index(handle(), pathway, Native.bytes(id), index);
        int found = status == 0 ? index.getValue() : -1;  // the library reports the row as unknown
        cache.put(key, found);
        return found;
    }

    /** A calendar by id: "england-and-wales", "scotland", "northern-ireland". */
    public Calendar calendar(String id) {
        PointerByReference out = new PointerByReference();
        Native.check(Native.LIB.esc_engine_calendar(handle(), Native.bytes(id), out));
        return new Calendar(this, out.getValue());
    }
}
