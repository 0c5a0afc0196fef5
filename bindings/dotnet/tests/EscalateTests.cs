// Tests of the C# binding, run under Mono by CTest (dotnet:tests). Debian packages no NUnit for
// Mono that a test could use without a download (NUnit 2.6 only, unmaintained), so this is a
// plain program: each test is a method, it prints "N passed, N failed" and exits non-zero on
// any failure.
//
// Expected values are worked by hand from the Wolverhampton policy (WST Escalation Policy V3,
// section 4: Stage 1 = 2 + 3 working days, Stage 2 = 2, Stage 3 = 3 (referral within 24 hours,
// then 2), Stage 4 = 2; "should attempt to resolve ... within 10 working days" over Stages 1 to
// 3; immediate risk a side track with an escalation due immediately; as
// rulesets/pathways/wolverhampton.xml reads it) and GOV.UK's England and Wales bank holidays
// (Good Friday 7 April and Easter Monday 10 April 2023), as in tests/capi/capi_test.c.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Escalate;

static class EscalateTests
{
    static int passed, failed;
    static Engine engine;
    static string layoutsFile, headerFile;  // arguments: the C compiler's layouts, escalate.h

    /// <summary>"pathway_info" -> "PathwayInfo".</summary>
    static string Pascal(string snake)
    {
        return string.Concat(snake.ToLowerInvariant().Split('_').Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1)));
    }

    static void LayoutsMatchTheCCompiler()
    {
        // Every struct and field of escalate.h, as the C compiler lays them out, against the
        // binding's declarations (tests/bindings generates the program that prints them).
        int compared = 0;
        foreach (string line in File.ReadAllLines(layoutsFile))
        {
            string[] parts = line.Split(' ');
            string[] names = parts[0].Split('.');
            if (NotYetBound(names[0])) continue;
            string cName = names[0].Substring("esc_".Length);
            string typeName = cName == "ruleset_document" ? "Document" : Pascal(cName);
            Type type = typeof(Engine).Assembly.GetType("Escalate.Native+" + typeName);
            Check(type != null, "the binding declares " + names[0]);
            long expected = long.Parse(parts[1]);
            long actual = names.Length == 1 ? Marshal.SizeOf(type) : Marshal.OffsetOf(type, Pascal(names[1])).ToInt64();
            Equal(expected, actual, parts[0]);
            ++compared;
        }
        Check(compared > 100, "the layouts file lists the structs");
    }

    // The case-history calls (ESCALATE_1.2, docs/case-histories.md) are not bound in C# yet:
    // their structs and constants are skipped here, by name, and nothing else is.
    static bool NotYetBound(string name)
    {
        return name.StartsWith("esc_case") || name.StartsWith("ESC_CASE_") || name.StartsWith("ESC_STATE_");
    }

    static void EnumsMatchTheHeader()
    {
        string header = File.ReadAllText(headerFile);
        var groups = new Dictionary<string, Type>
        {
            { "ESC_ROW_", typeof(RowReason) }, { "ESC_DEADLINE_", typeof(DeadlineKind) }, { "ESC_ANCHOR_", typeof(Anchor) },
            { "ESC_DUE_RULE_", typeof(DueRule) }, { "ESC_OUTCOME_", typeof(OutcomeKind) }, { "ESC_FORCE_", typeof(Force) },
            { "ESC_FROM_", typeof(ObligationSource) }
        };
        var seen = new Dictionary<Type, int>();
        foreach (Match m in Regex.Matches(header, @"(?m)^\s*(?:#define\s+)?(ESC_[A-Z_]+)\s*=?\s*(\d+)\b"))
        {
            string name = m.Groups[1].Value;
            if (name == "ESC_ABI_VERSION" || name == "ESC_DATE_BUFFER_SIZE" || name.StartsWith("ESC_OBLIGATION_") || NotYetBound(name)) continue;
            string prefix = groups.Keys.FirstOrDefault(p => name.StartsWith(p));
            Type type = prefix == null ? typeof(Status) : groups[prefix];
            string member = Pascal(name.Substring(prefix == null ? "ESC_".Length : prefix.Length));
            Check(Enum.IsDefined(type, member), type.Name + " has " + member + " (" + name + ")");
            Equal(int.Parse(m.Groups[2].Value), (int)Enum.Parse(type, member), name);
            seen[type] = seen.ContainsKey(type) ? seen[type] + 1 : 1;
        }
        foreach (Type type in groups.Values.Concat(new[] { typeof(Status) }))
            Equal(Enum.GetValues(type).Length, seen.ContainsKey(type) ? seen[type] : 0, type.Name + " members");
    }

    static void Check(bool condition, string what)
    {
        if (condition) return;
        throw new Exception("check failed: " + what);
    }

    static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new Exception(what + ": expected " + expected + ", got " + actual);
    }

    static void Throws<TException>(Action action, string messagePart) where TException : Exception
    {
        try { action(); }
        catch (TException e)
        {
            Check(e.Message.Contains(messagePart), "message \"" + e.Message + "\" contains \"" + messagePart + "\"");
            return;
        }
        throw new Exception("expected " + typeof(TException).Name);
    }

    static DateTime D(int y, int m, int d) { return new DateTime(y, m, d); }

    static void StartingAPathway()
    {
        // Started Monday 6 March 2023: Stage 1, 5 working days, Monday 13 March.
        Decision d = engine.Decide("wolverhampton", D(2023, 3, 6));
        Equal("stage-1", d.Stage, "stage");
        Equal("Practitioners", d.TierName, "tier name");
        Equal((DateTime?)D(2023, 3, 13), d.Due, "due");
        Equal((Force?)Force.Must, d.Force, "force: the receiving agency 'must' respond");
        Equal(DueRule.StageTimescale, d.DueRule, "due rule");
        Equal(2, d.Steps.Count, "steps");
        // Its first step, 2 working days: Wednesday 8 March.
        Equal((DateTime?)D(2023, 3, 8), d.Steps[0].Due, "first step due");
    }

    static void AnOverallLimitCaps()
    {
        // Stage 2 unresolved on Friday 17 March in a case started Monday 6 March: Stage 3's own
        // 3 working days give Wednesday 22, the 10-day limit Monday 20, which wins.
        Decision d = engine.Decide("wolverhampton", D(2023, 3, 17), "stage-2", "unresolved", D(2023, 3, 6));
        Equal("stage-3", d.Stage, "stage");
        Equal((DateTime?)D(2023, 3, 20), d.Due, "due");
        Equal(DueRule.OverallLimit, d.DueRule, "due rule");
        Equal("discussion", d.LimitId, "limit");
        Equal((Force?)Force.Should, d.Force, "the limit's force: 'should attempt'");
        Check(!d.Overdue && !d.SideTrack, "neither overdue nor a side track");
        // The referral within 24 hours of Friday 17 March: Saturday 18 March, no roll, must.
        Equal((DateTime?)D(2023, 3, 18), d.Steps[0].Due, "referral due");
        Equal(Force.Must, d.Steps[0].Force, "referral force");
        // The dialogue's 2 working days from Saturday 18 would end Tuesday 21: brought forward
        // to the stage's date by the limit.
        Equal((DateTime?)D(2023, 3, 20), d.Steps[1].Due, "dialogue due");
        Equal(DueRule.OverallLimit, d.Steps[1].DueRule, "dialogue due rule");
    }

    static void OverdueOnEntry()
    {
        // Stage 2 unresolved on Tuesday 21 March: Stage 3 is due at the limit, Monday 20 March,
        // the day before it is entered.
        Decision d = engine.Decide("wolverhampton", D(2023, 3, 21), "stage-2", "unresolved", D(2023, 3, 6));
        Equal((DateTime?)D(2023, 3, 20), d.Due, "due");
        Check(d.Overdue, "overdue on entry");
    }

    static void ImmediateRiskIsASideTrack()
    {
        // At Stage 3 (entered Friday 17 March) an immediate risk is found on Monday 20 March: the
        // case stays at Stage 3, still due at the limit on the 20th, and the escalation under
        // safeguarding procedures is due that day, must, from the event.
        Decision d = engine.Decide("wolverhampton", D(2023, 3, 20), "stage-3", "immediate-risk", D(2023, 3, 6),
                                   entered: D(2023, 3, 17));
        Equal("stage-3", d.Stage, "stage");
        Check(d.SideTrack, "side track");
        Equal((DateTime?)D(2023, 3, 17), d.Entered, "the stage's own entry");
        Equal((DateTime?)D(2023, 3, 20), d.Due, "due");
        Check(!d.Overdue, "not overdue");
        Equal("escalate-under-safeguarding-procedures", d.Actions[0].Id, "first action");
        Equal(ObligationSource.Transition, d.Actions[0].Source, "from the event");
        Equal((DateTime?)D(2023, 3, 20), d.Actions[0].Due, "escalation due");
        Equal(Force.Must, d.Actions[0].Force, "escalation force");
        Equal(ObligationSource.Stage, d.Actions[1].Source, "then the stage's own actions");
        Throws<InvalidArgumentException>(
            () => engine.Decide("wolverhampton", D(2023, 3, 20), "stage-3", "immediate-risk", D(2023, 3, 6)), "entered");
    }

    static void ErrorsAreExceptions()
    {
        Throws<NotFoundException>(() => engine.Decide("atlantis", D(2023, 3, 6)), "atlantis");
        Throws<NoTransitionException>(() => engine.Decide("wolverhampton", D(2023, 3, 13), "confirm-outcome-stage-1", "unresolved"),
                                      "unresolved");
        Throws<OutOfRangeException>(() => engine.Decide("wolverhampton", D(2150, 1, 1)), "2150");
        Throws<InvalidArgumentException>(() => engine.Decide("wolverhampton", D(2023, 3, 6), "stage-1"), "event");
        Throws<RulesetIOException>(() => Engine.Load("/no/such/rulesets"), "/no/such/rulesets");
    }

    static void Introspection()
    {
        Pathway wolverhampton = engine.Pathway("wolverhampton");
        Stage stage = wolverhampton.Stage("stage-3");
        Equal("senior-managers", stage.Tier, "tier");
        Equal(DeadlineKind.WorkingDays, stage.Deadline.Kind, "deadline kind");
        Equal(3, stage.Deadline.Days, "deadline days");
        Equal(Force.Should, stage.Deadline.Force, "deadline force");
        Equal("", stage.Deadline.Reading, "no reading recorded for Stage 3's own timescale");
        Equal((int?)10, stage.WorstCaseWorkingDays, "worst case");
        Equal("discussion", stage.Limit, "limit");
        Equal(10, wolverhampton.Limits["discussion"], "limit days");
        Equal("refer-in-writing,senior-managers-dialogue", string.Join(",", stage.Steps.Select(s => s.Id)), "steps");
        Deadline referral = stage.Steps[0].Deadline;
        Equal(DeadlineKind.Hours, referral.Kind, "referral kind");
        Equal(24, referral.Hours, "referral hours");
        Check(!referral.Roll && referral.Force == Force.Must && referral.WaitsFor == null, "no roll, must, no on:ID");
        Check(referral.Reading.Contains("24 hours as written"), "the referral's reading");
        Equal(Anchor.PreviousStep, stage.Steps[1].Deadline.Anchor, "second step's anchor");
        Equal("resolved>resolved,unresolved>stage-4,exceptional>exceptional-referral,immediate-risk>stage-3",
              string.Join(",", stage.Routes.Select(r => r.Event + ">" + r.Target)), "routes");
        Route risk = stage.Routes[3];
        Check(risk.SideTrack && !risk.Terminal && !stage.Routes[1].SideTrack, "immediate risk is the side track");
        Equal("escalate-under-safeguarding-procedures", string.Join(",", risk.Actions.Select(a => a.Id)), "its action");
        Equal(DeadlineKind.Immediately, risk.Actions[0].Deadline.Kind, "due immediately");
        Equal(Force.Must, risk.Actions[0].Deadline.Force, "must");
        Equal("resolved,unresolved,exceptional,immediate-risk",
              string.Join(",", engine.StageEvents("wolverhampton", "stage-3")), "the screen's buttons");
        Equal("resolved,sacg-chair-decision", string.Join(",", wolverhampton.Outcomes.Keys), "outcomes");
        Equal(OutcomeKind.FinalDecision, wolverhampton.Outcomes["sacg-chair-decision"], "outcome kind");
        Equal(6, wolverhampton.Tiers.Count, "tiers");
        Equal("resolved,unresolved,immediate-risk,exceptional", string.Join(",", wolverhampton.Events), "events");
        Equal(5, engine.Pathways.Count, "pathways");
    }

    static void RecalculateReportsEachRow()
    {
        // Rows: Stage 1 from Monday 6 March (Monday 13 March); an unknown pathway; no start for
        // Stage 1 (under the limit); a start after the entry.
        Recalculation r = engine.Recalculate(
            new[] { "wolverhampton", "atlantis", "wolverhampton", "wolverhampton" },
            new[] { "stage-1", "stage-1", "stage-1", "stage-2" },
            new DateTime?[] { D(2023, 3, 6), D(2023, 3, 6), D(2023, 3, 6), D(2023, 3, 6) },
            new DateTime?[] { D(2023, 3, 6), D(2023, 3, 6), null, D(2023, 3, 7) });
        Equal((DateTime?)D(2023, 3, 13), r.Due[0], "good row");
        Equal(3, r.Failed, "failed rows");
        Equal("ok,unknown-pathway,missing-started,start-after-entry",
              string.Join(",", r.Reasons.Select(Library.RowReasonName)), "reasons");
        Equal((DateTime?)null, r.Due[1], "a bad row has no date");
    }

    static void DueOfACaseAtAStage()
    {
        // Stage 3 entered Friday 17 March, started Monday 6 March: the limit, Monday 20 March.
        Equal((DateTime?)D(2023, 3, 20), engine.Due("wolverhampton", "stage-3", D(2023, 3, 17), D(2023, 3, 6)), "due");
    }

    static void VersionsByOutset()
    {
        // tests/data/versions: "test-versions" 2023 (Stage 1 five working days, Stage 2 ten) and
        // 2024 from Mon 1 April 2024 (Stage 1 two). Worked by hand over England's Easter 2024
        // (Good Friday 29 March, Easter Monday 1 April).
        string root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(headerFile))));
        using (Engine e = Engine.Load(Path.Combine(root, "rulesets", "calendars"), Path.Combine(root, "tests", "data", "versions")))
        {
            // Entered Thu 28 March, no start: 2023's five days, Tue 2 ... Mon 8 April.
            Equal<DateTime?>(D(2024, 4, 8), e.Due("test-versions", "stage-1", D(2024, 3, 28)), "due, 2023");
            // Entered Tue 2 April: 2024's two days, Wed 3, Thu 4.
            Equal<DateTime?>(D(2024, 4, 4), e.Due("test-versions", "stage-1", D(2024, 4, 2)), "due, 2024");
            // Started 28 March, Stage 2 entered Wed 10 April: 2023's ten days, Wed 24 April.
            Equal<DateTime?>(D(2024, 4, 24), e.Due("test-versions", "stage-2", D(2024, 4, 10), D(2024, 3, 28)), "due, stage 2");
            Throws<NotFoundException>(() => e.Due("test-versions", "stage-1", D(2022, 6, 1)), "no version in force on 2022-06-01");
            Recalculation r = e.Recalculate(
                new[] { "test-versions", "test-versions", "test-versions", "test-versions" },
                new[] { "stage-1", "stage-2", "stage-1", "stage-1" },
                new DateTime?[] { D(2024, 3, 28), D(2024, 4, 10), D(2024, 4, 2), D(2022, 6, 1) },
                new DateTime?[] { null, D(2024, 3, 28), null, null });
            Equal("2024-04-08 2024-04-24 2024-04-04 none",
                  string.Join(" ", r.Due.Select(d => d.HasValue ? d.Value.ToString("yyyy-MM-dd") : "none")), "recalculate by id");
            Equal("Ok Ok Ok NoVersion", string.Join(" ", r.Reasons.Select(x => x.ToString())), "reasons");
            Equal(1, r.Failed, "failed");
        }
    }

    static void Calendars()
    {
        Calendar c = engine.Calendar("england-and-wales");
        Check(!c.IsWorkingDay(D(2023, 4, 7)), "Good Friday is not a working day");
        // Thursday 6 April 2023 + 1 working day skips Good Friday, the weekend, Easter Monday.
        Equal(D(2023, 4, 11), c.AddWorkingDays(D(2023, 4, 6), 1), "add");
        Equal(1, c.CountWorkingDays(D(2023, 4, 6), D(2023, 4, 11)), "count");
        Check(c.Holidays(2023).Any(h => h.Name == "Good Friday" && h.Date == D(2023, 4, 7)), "Good Friday listed");
    }

    static void SeveralPathsAndDocuments()
    {
        string dir = Library.RulesetsDir;
        using (Engine both = Engine.Load(dir + "/calendars", dir + "/pathways"))
            Equal(5, both.Pathways.Count, "pathways from two paths");
        Throws<RulesetException>(() => Engine.Load(dir, dir + "/calendars"), "already defined at");
        var documents = new Dictionary<string, string> { { "mine/broken.xml", "<pathway>\n<oops" } };
        Throws<RulesetException>(() => Engine.LoadDocuments(documents, dir + "/calendars"), "mine/broken.xml:2:");
    }

    static void DisposedEngineRefuses()
    {
        Engine e = Engine.LoadDefault();
        e.Dispose();
        e.Dispose();  // twice is fine
        Throws<ObjectDisposedException>(() => e.Decide("wolverhampton", D(2023, 3, 6)), "Engine");
    }

    static void DatesMatchTheCDayNumbers()
    {
        // 2023-03-06 is day 19422 (Python: (date(2023, 3, 6) - date(1970, 1, 1)).days).
        Equal(19422, Dates.ToDayNumber(D(2023, 3, 6)), "day number");
        Equal((DateTime?)D(1969, 12, 31), Dates.FromDayNumber(-1), "before 1970");
        Equal((DateTime?)null, Dates.FromDayNumber(Dates.NoDate), "no date");
    }

    static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: EscalateTests.exe LAYOUTS_FILE ESCALATE_H");
            return 2;
        }
        layoutsFile = args[0];
        headerFile = args[1];
        engine = Engine.LoadDefault();
        var tests = new Dictionary<string, Action>
        {
            { "StartingAPathway", StartingAPathway }, { "AnOverallLimitCaps", AnOverallLimitCaps },
            { "OverdueOnEntry", OverdueOnEntry }, { "ImmediateRiskIsASideTrack", ImmediateRiskIsASideTrack },
            { "ErrorsAreExceptions", ErrorsAreExceptions }, { "Introspection", Introspection },
            { "RecalculateReportsEachRow", RecalculateReportsEachRow }, { "DueOfACaseAtAStage", DueOfACaseAtAStage },
            { "VersionsByOutset", VersionsByOutset }, { "Calendars", Calendars }, { "SeveralPathsAndDocuments", SeveralPathsAndDocuments },
            { "DisposedEngineRefuses", DisposedEngineRefuses }, { "DatesMatchTheCDayNumbers", DatesMatchTheCDayNumbers },
            { "LayoutsMatchTheCCompiler", LayoutsMatchTheCCompiler }, { "EnumsMatchTheHeader", EnumsMatchTheHeader },
        };
        foreach (var test in tests)
        {
            try { test.Value(); ++passed; Console.WriteLine("ok    " + test.Key); }
            catch (Exception e) { ++failed; Console.WriteLine("FAIL  " + test.Key + ": " + e.Message); }
        }
        engine.Dispose();
        Console.WriteLine(passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
