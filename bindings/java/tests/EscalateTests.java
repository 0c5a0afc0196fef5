// Tests of the Java binding, run under OpenJDK 17 by CTest (java:tests). JUnit 5 is packaged by
// Debian (junit5) but not needed by anything else here, so this is a plain program: each test is
// a method, it prints "N passed, N failed" and exits non-zero on any failure.
//
// Expected values are worked by hand from the Wolverhampton policy (WST Escalation Policy V3,
// section 4: Stage 1 = 2 + 3 working days, Stage 2 = 2, Stage 3 = 3 (referral within 24 hours,
// then 2), Stage 4 = 2; "should attempt to resolve ... within 10 working days" over Stages 1 to
// 3; immediate risk a side track with an escalation due immediately; as
// rulesets/pathways/wolverhampton.xml reads it) and GOV.UK's England and Wales bank holidays
// (Good Friday 7 April and Easter Monday 10 April 2023), as in tests/capi/capi_test.c.
import escalate.Calendar;
import escalate.Dates;
import escalate.Decision;
import escalate.Engine;
import escalate.EscalateException;
import escalate.Pathway;
import escalate.Recalculation;
import escalate.RowReason;
import com.sun.jna.Structure;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

public final class EscalateTests {
    private static Engine engine;
    private static Path layoutsFile, headerFile;  // arguments: the C compiler's layouts, escalate.h

    /** "pathway_info" -> "PathwayInfo". */
    static String pascal(String snake) {
        StringBuilder out = new StringBuilder();
        for (String word : snake.split("_")) out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        return out.toString();
    }

    static void layoutsMatchTheCCompiler() throws Exception {
        // Every struct and field of escalate.h, as the C compiler lays them out, against the
        // binding's JNA structures (tests/bindings generates the program that prints them).
        Method fieldOffset = Structure.class.getDeclaredMethod("fieldOffset", String.class);
        fieldOffset.setAccessible(true);
        Map<String, Structure> structures = new HashMap<>();
        int compared = 0;
        for (String line : Files.readAllLines(layoutsFile)) {
            String[] parts = line.split(" ");
            String[] names = parts[0].split("\\.");
            if (notYetBound(names[0])) continue;
            String cName = names[0].substring("esc_".length());
            String className = "escalate.Native$" + (cName.equals("ruleset_document") ? "Document" : pascal(cName));
            Structure structure = structures.get(className);
            if (structure == null) {
                var constructor = Class.forName(className).getDeclaredConstructor();
                constructor.setAccessible(true);
                structure = (Structure) constructor.newInstance();
                structures.put(className, structure);
            }
            int actual = names.length == 1 ? structure.size() : (Integer) fieldOffset.invoke(structure, names[1]);
            equal(Integer.parseInt(parts[1]), actual, parts[0]);
            ++compared;
        }
        check(compared > 100, "the layouts file lists the structs");
    }

    // The case-history calls (ESCALATE_1.2, docs/case-histories.md) are not bound in Java yet:
    // their structs and constants are skipped here, by name, and nothing else is.
    static boolean notYetBound(String name) {
        return name.startsWith("esc_case") || name.startsWith("ESC_CASE_") || name.startsWith("ESC_STATE_");
    }

    static void enumsMatchTheHeader() throws Exception {
        String header = Files.readString(headerFile);
        Map<String, Class<? extends Enum<?>>> groups = new LinkedHashMap<>();
        groups.put("ESC_ROW_", RowReason.class);
        groups.put("ESC_DEADLINE_", Pathway.DeadlineKind.class);
        groups.put("ESC_ANCHOR_", Pathway.Anchor.class);
        groups.put("ESC_DUE_RULE_", Decision.DueRule.class);
        groups.put("ESC_OUTCOME_", Pathway.OutcomeKind.class);
        groups.put("ESC_FORCE_", Decision.Force.class);
        groups.put("ESC_FROM_", Decision.Source.class);
        Map<Class<?>, Integer> seen = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*(?:#define\\s+)?(ESC_[A-Z_]+)\\s*=?\\s*(\\d+)\\b").matcher(header);
        while (m.find()) {
            String name = m.group(1);
            if (name.equals("ESC_ABI_VERSION") || name.equals("ESC_DATE_BUFFER_SIZE") || name.startsWith("ESC_OBLIGATION_") || notYetBound(name))
                continue;
            String prefix = groups.keySet().stream().filter(name::startsWith).findFirst().orElse("ESC_");
            Class<? extends Enum<?>> type = groups.getOrDefault(prefix, escalate.Status.class);
            String member = name.substring(prefix.length());
            Enum<?> constant = null;
            for (Enum<?> candidate : type.getEnumConstants()) if (candidate.name().equals(member)) constant = candidate;
            check(constant != null, type.getSimpleName() + " has " + member);
            equal(Integer.parseInt(m.group(2)), constant.ordinal(), name);
            seen.merge(type, 1, Integer::sum);
        }
        List<Class<? extends Enum<?>>> all = new java.util.ArrayList<>(groups.values());
        all.add(escalate.Status.class);
        for (Class<? extends Enum<?>> type : all)
            equal(type.getEnumConstants().length, seen.getOrDefault(type, 0), type.getSimpleName() + " members");
    }

    interface Test { void run() throws Exception; }

    static void check(boolean condition, String what) {
        if (!condition) throw new AssertionError("check failed: " + what);
    }

    static void equal(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) throw new AssertionError(what + ": expected " + expected + ", got " + actual);
    }

    static <T extends Throwable> void throwsWith(Class<T> kind, Runnable action, String messagePart) {
        try {
            action.run();
        } catch (Throwable e) {
            check(kind.isInstance(e), "expected " + kind.getSimpleName() + ", got " + e);
            check(e.getMessage().contains(messagePart), "message \"" + e.getMessage() + "\" contains \"" + messagePart + "\"");
            return;
        }
        throw new AssertionError("expected " + kind.getSimpleName());
    }

    static LocalDate d(int y, int m, int day) { return LocalDate.of(y, m, day); }

    static void startingAPathway() {
        // Started Monday 6 March 2023: Stage 1, 5 working days, Monday 13 March.
        Decision decision = engine.decide("wolverhampton", d(2023, 3, 6));
        equal("stage-1", decision.stage(), "stage");
        equal("Practitioners", decision.tierName(), "tier name");
        equal(d(2023, 3, 13), decision.due(), "due");
        equal(Decision.Force.MUST, decision.force(), "force: the receiving agency 'must' respond");
        equal(Decision.DueRule.STAGE_TIMESCALE, decision.dueRule(), "due rule");
        equal(2, decision.steps().size(), "steps");
        // Its first step, 2 working days: Wednesday 8 March.
        equal(d(2023, 3, 8), decision.steps().get(0).due(), "first step due");
    }

    static void anOverallLimitCaps() {
        // Stage 2 unresolved on Friday 17 March in a case started Monday 6 March: Stage 3's own
        // 3 working days give Wednesday 22, the 10-day limit Monday 20, which wins. The limit's
        // id is read past the struct's padding, so a wrong layout shows here.
        Decision decision = engine.decide("wolverhampton", "stage-2", "unresolved", d(2023, 3, 17), d(2023, 3, 6), null);
        equal("stage-3", decision.stage(), "stage");
        equal(d(2023, 3, 20), decision.due(), "due");
        equal(Decision.DueRule.OVERALL_LIMIT, decision.dueRule(), "due rule");
        equal("discussion", decision.limitId(), "limit");
        equal(d(2023, 3, 20), decision.limitDue(), "limit due");
        equal(Decision.Force.SHOULD, decision.force(), "the limit's force: 'should attempt'");
        check(!decision.overdue() && !decision.sideTrack(), "neither overdue nor a side track");
        // The referral within 24 hours of Friday 17 March: Saturday 18 March, no roll, must.
        equal(d(2023, 3, 18), decision.steps().get(0).due(), "referral due");
        equal(Decision.Force.MUST, decision.steps().get(0).force(), "referral force");
        // The dialogue's 2 working days from Saturday 18 would end Tuesday 21: brought forward
        // to the stage's date by the limit.
        equal(d(2023, 3, 20), decision.steps().get(1).due(), "dialogue due");
        equal(Decision.DueRule.OVERALL_LIMIT, decision.steps().get(1).dueRule(), "dialogue due rule");
    }

    static void overdueOnEntry() {
        // Stage 2 unresolved on Tuesday 21 March: Stage 3 is due at the limit, Monday 20 March,
        // the day before it is entered.
        Decision decision = engine.decide("wolverhampton", "stage-2", "unresolved", d(2023, 3, 21), d(2023, 3, 6), null);
        equal(d(2023, 3, 20), decision.due(), "due");
        check(decision.overdue(), "overdue on entry");
    }

    static void immediateRiskIsASideTrack() {
        // At Stage 3 (entered Friday 17 March) an immediate risk is found on Monday 20 March: the
        // case stays at Stage 3, still due at the limit on the 20th, and the escalation under
        // safeguarding procedures is due that day, must, from the event.
        Decision decision = engine.decide("wolverhampton", "stage-3", "immediate-risk", d(2023, 3, 20), d(2023, 3, 6),
                                          null, d(2023, 3, 17));
        equal("stage-3", decision.stage(), "stage");
        check(decision.sideTrack(), "side track");
        equal(d(2023, 3, 17), decision.entered(), "the stage's own entry");
        equal(d(2023, 3, 20), decision.due(), "due");
        check(!decision.overdue(), "not overdue");
        Decision.Obligation first = decision.actions().get(0);
        equal("escalate-under-safeguarding-procedures", first.id(), "first action");
        equal(Decision.Source.TRANSITION, first.source(), "from the event");
        equal(d(2023, 3, 20), first.due(), "escalation due");
        equal(Decision.Force.MUST, first.force(), "escalation force");
        equal(Decision.Source.STAGE, decision.actions().get(1).source(), "then the stage's own actions");
        throwsWith(EscalateException.InvalidArgument.class,
                   () -> engine.decide("wolverhampton", "stage-3", "immediate-risk", d(2023, 3, 20), d(2023, 3, 6), null),
                   "entered");
    }

    static void errorsAreExceptions() {
        throwsWith(EscalateException.NotFound.class, () -> engine.decide("atlantis", d(2023, 3, 6)), "atlantis");
        throwsWith(EscalateException.NoTransition.class,
                   () -> engine.decide("wolverhampton", "confirm-outcome-stage-1", "unresolved", d(2023, 3, 13), null, null),
                   "unresolved");
        throwsWith(EscalateException.OutOfRange.class, () -> engine.decide("wolverhampton", d(2150, 1, 1)), "2150");
        throwsWith(EscalateException.InvalidArgument.class,
                   () -> engine.decide("wolverhampton", "stage-1", null, d(2023, 3, 6), null, null), "event");
        throwsWith(EscalateException.Io.class, () -> Engine.load("/no/such/rulesets"), "/no/such/rulesets");
    }

    static void introspection() {
        Pathway wolverhampton = engine.pathway("wolverhampton");
        Pathway.Stage stage = wolverhampton.stage("stage-3");
        equal("senior-managers", stage.tier(), "tier");
        equal(Pathway.DeadlineKind.WORKING_DAYS, stage.deadline().kind(), "deadline kind");
        equal(3, stage.deadline().days(), "deadline days");
        equal(Decision.Force.SHOULD, stage.deadline().force(), "deadline force");
        equal("", stage.deadline().reading(), "no reading recorded for Stage 3's own timescale");
        equal(10, stage.worstCaseWorkingDays(), "worst case");
        equal("discussion", stage.limit(), "limit");
        equal(10, wolverhampton.limits().get("discussion"), "limit days");
        equal("refer-in-writing,senior-managers-dialogue",
              stage.steps().stream().map(Pathway.StageObligation::id).collect(Collectors.joining(",")), "steps");
        Pathway.Deadline referral = stage.steps().get(0).deadline();
        equal(Pathway.DeadlineKind.HOURS, referral.kind(), "referral kind");
        equal(24, referral.hours(), "referral hours");
        check(!referral.roll() && referral.force() == Decision.Force.MUST && referral.waitsFor() == null,
              "no roll, must, no on:ID");
        check(referral.reading().contains("24 hours as written"), "the referral's reading");
        equal(Pathway.Anchor.PREVIOUS_STEP, stage.steps().get(1).deadline().anchor(), "second step's anchor");
        equal("resolved>resolved,unresolved>stage-4,exceptional>exceptional-referral,immediate-risk>stage-3",
              stage.routes().stream().map(r -> r.event() + ">" + r.target()).collect(Collectors.joining(",")), "routes");
        Pathway.Route risk = stage.routes().get(3);
        check(risk.sideTrack() && !risk.terminal() && !stage.routes().get(1).sideTrack(), "immediate risk is the side track");
        equal("escalate-under-safeguarding-procedures",
              risk.actions().stream().map(Pathway.StageObligation::id).collect(Collectors.joining(",")), "its action");
        equal(Pathway.DeadlineKind.IMMEDIATELY, risk.actions().get(0).deadline().kind(), "due immediately");
        equal(Decision.Force.MUST, risk.actions().get(0).deadline().force(), "must");
        equal(List.of("resolved", "unresolved", "exceptional", "immediate-risk"),
              engine.stageEvents("wolverhampton", "stage-3", null), "the screen's buttons");
        equal(List.of("resolved", "sacg-chair-decision"), List.copyOf(wolverhampton.outcomes().keySet()), "outcomes");
        equal(Pathway.OutcomeKind.FINAL_DECISION, wolverhampton.outcomes().get("sacg-chair-decision"), "outcome kind");
        equal(6, wolverhampton.tiers().size(), "tiers");
        equal(List.of("resolved", "unresolved", "immediate-risk", "exceptional"), wolverhampton.events(), "events");
        equal(5, engine.pathways().size(), "pathways");
    }

    static void recalculateReportsEachRow() {
        // Rows: Stage 1 from Monday 6 March (Monday 13 March); an unknown pathway; no start for
        // Stage 1 (under the limit); a start after the entry.
        Recalculation r = engine.recalculate(
            new String[] {"wolverhampton", "atlantis", "wolverhampton", "wolverhampton"},
            new String[] {"stage-1", "stage-1", "stage-1", "stage-2"},
            new LocalDate[] {d(2023, 3, 6), d(2023, 3, 6), d(2023, 3, 6), d(2023, 3, 6)},
            new LocalDate[] {d(2023, 3, 6), d(2023, 3, 6), null, d(2023, 3, 7)});
        equal(d(2023, 3, 13), r.due().get(0), "good row");
        equal(3, r.failed(), "failed rows");
        equal("ok,unknown-pathway,missing-started,start-after-entry",
              r.reasons().stream().map(RowReason::reasonName).collect(Collectors.joining(",")), "reasons");
        equal(null, r.due().get(1), "a bad row has no date");
    }

    static void dueOfACaseAtAStage() {
        // Stage 3 entered Friday 17 March, started Monday 6 March: the limit, Monday 20 March.
        equal(d(2023, 3, 20), engine.due("wolverhampton", "stage-3", d(2023, 3, 17), d(2023, 3, 6)), "due");
    }

    static void versionsByOutset() {
        // tests/data/versions: "test-versions" 2023 (Stage 1 five working days, Stage 2 ten) and
        // 2024 from Mon 1 April 2024 (Stage 1 two). Worked by hand over England's Easter 2024
        // (Good Friday 29 March, Easter Monday 1 April).
        Path root = headerFile.toAbsolutePath().getParent().getParent().getParent();
        try (Engine e = Engine.load(root.resolve("rulesets/calendars").toString(),
                                    root.resolve("tests/data/versions").toString())) {
            // Entered Thu 28 March, no start: 2023's five days, Tue 2 ... Mon 8 April.
            equal(d(2024, 4, 8), e.due("test-versions", "stage-1", d(2024, 3, 28), null), "due, 2023");
            // Entered Tue 2 April: 2024's two days, Wed 3, Thu 4.
            equal(d(2024, 4, 4), e.due("test-versions", "stage-1", d(2024, 4, 2), null), "due, 2024");
            // Started 28 March, Stage 2 entered Wed 10 April: 2023's ten days, Wed 24 April.
            equal(d(2024, 4, 24), e.due("test-versions", "stage-2", d(2024, 4, 10), d(2024, 3, 28)), "due, stage 2");
            throwsWith(EscalateException.class, () -> e.due("test-versions", "stage-1", d(2022, 6, 1), null),
                       "no version in force on 2022-06-01");
            Recalculation r = e.recalculate(
                new String[] {"test-versions", "test-versions", "test-versions", "test-versions"},
                new String[] {"stage-1", "stage-2", "stage-1", "stage-1"},
                new LocalDate[] {d(2024, 3, 28), d(2024, 4, 10), d(2024, 4, 2), d(2022, 6, 1)},
                new LocalDate[] {null, d(2024, 3, 28), null, null});
            equal(Arrays.asList(d(2024, 4, 8), d(2024, 4, 24), d(2024, 4, 4), null), r.due(), "recalculate by id");
            equal(List.of(RowReason.OK, RowReason.OK, RowReason.OK, RowReason.NO_VERSION), r.reasons(), "reasons");
            equal(1, r.failed(), "failed");
        }
    }

    static void calendars() {
        Calendar c = engine.calendar("england-and-wales");
        check(!c.isWorkingDay(d(2023, 4, 7)), "Good Friday is not a working day");
        // Thursday 6 April 2023 + 1 working day skips Good Friday, the weekend, Easter Monday.
        equal(d(2023, 4, 11), c.addWorkingDays(d(2023, 4, 6), 1), "add");
        equal(1, c.countWorkingDays(d(2023, 4, 6), d(2023, 4, 11)), "count");
        check(c.holidays(2023).contains(new Calendar.Holiday(d(2023, 4, 7), false, "Good Friday")), "Good Friday listed");
    }

    static void severalPathsAndDocuments() {
        String dir = Engine.rulesetsDir();
        try (Engine both = Engine.load(dir + "/calendars", dir + "/pathways")) {
            equal(5, both.pathways().size(), "pathways from two paths");
        }
        throwsWith(EscalateException.Ruleset.class, () -> Engine.load(dir, dir + "/calendars"), "already defined at");
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("mine/broken.xml", "<pathway>\n<oops");
        throwsWith(EscalateException.Ruleset.class, () -> Engine.loadDocuments(documents, dir + "/calendars"),
                   "mine/broken.xml:2:");
    }

    static void closedEngineRefuses() {
        Engine e = Engine.loadDefault();
        e.close();
        e.close();  // twice is fine
        throwsWith(IllegalStateException.class, () -> e.decide("wolverhampton", d(2023, 3, 6)), "closed");
    }

    static void datesMatchTheCDayNumbers() {
        // 2023-03-06 is day 19422 (Python: (date(2023, 3, 6) - date(1970, 1, 1)).days).
        equal(19422, Dates.toDayNumber(d(2023, 3, 6)), "day number");
        equal(d(1969, 12, 31), Dates.fromDayNumber(-1), "before 1970");
        equal(null, Dates.fromDayNumber(Dates.NO_DATE), "no date");
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: EscalateTests LAYOUTS_FILE ESCALATE_H");
            System.exit(2);
        }
        layoutsFile = Path.of(args[0]);
        headerFile = Path.of(args[1]);
        engine = Engine.loadDefault();
        Map<String, Test> tests = new LinkedHashMap<>();
        tests.put("startingAPathway", EscalateTests::startingAPathway);
        tests.put("anOverallLimitCaps", EscalateTests::anOverallLimitCaps);
        tests.put("overdueOnEntry", EscalateTests::overdueOnEntry);
        tests.put("immediateRiskIsASideTrack", EscalateTests::immediateRiskIsASideTrack);
        tests.put("errorsAreExceptions", EscalateTests::errorsAreExceptions);
        tests.put("introspection", EscalateTests::introspection);
        tests.put("recalculateReportsEachRow", EscalateTests::recalculateReportsEachRow);
        tests.put("dueOfACaseAtAStage", EscalateTests::dueOfACaseAtAStage);
        tests.put("versionsByOutset", EscalateTests::versionsByOutset);
        tests.put("calendars", EscalateTests::calendars);
        tests.put("severalPathsAndDocuments", EscalateTests::severalPathsAndDocuments);
        tests.put("closedEngineRefuses", EscalateTests::closedEngineRefuses);
        tests.put("datesMatchTheCDayNumbers", EscalateTests::datesMatchTheCDayNumbers);
        tests.put("layoutsMatchTheCCompiler", EscalateTests::layoutsMatchTheCCompiler);
        tests.put("enumsMatchTheHeader", EscalateTests::enumsMatchTheHeader);
        int passed = 0, failed = 0;
        for (Map.Entry<String, Test> test : tests.entrySet()) {
            try {
                test.getValue().run();
                ++passed;
                System.out.println("ok    " + test.getKey());
            } catch (Throwable e) {
                ++failed;
                System.out.println("FAIL  " + test.getKey() + ": " + e);
            }
        }
        engine.close();
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
