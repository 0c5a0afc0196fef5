// The C# binding of Escalate: P/Invoke over libescalate's C ABI (escalate.h), for case-management
// systems written in C#. One file, no dependencies beyond the base class library; builds with
// Mono's mcs (Debian: mono-mcs) and with the .NET SDK. docs/c-sharp.md is its guide.
//
// Dates: Mono 6.8 has no System.DateOnly, so dates are System.DateTime values at midnight
// (only the date counts) and "no date" is null (DateTime?). On .NET 6 and later,
// DateOnly.DayNumber - 719162 is the same day number (an esc_date).
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

// The test program checks Native's struct layouts against the C compiler's.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("EscalateTests")]

namespace Escalate
{
    /// <summary>What a call did (esc_status). The values are the C ABI's.</summary>
    public enum Status
    {
        Ok = 0, InvalidArgument = 1, ParseError = 2, InvalidRuleset = 3, NotFound = 4,
        NoTransition = 5, OutOfRange = 6, IoError = 7, NoMemory = 8, InternalError = 9
    }

    /// <summary>Why a row of a bulk recalculation failed (esc_row_reason). Each has a name,
    /// "missing-started", from <see cref="Library.RowReasonName"/>.</summary>
    public enum RowReason
    {
        Ok = 0, UnknownPathway = 1, UnknownStage = 2, MissingEntered = 3, MissingStarted = 4,
        StartAfterEntry = 5, DateOutOfRange = 6, DueOutOfRange = 7, NoVersion = 8
    }

    public enum DeadlineKind { None = 0, Immediately = 1, WorkingDays = 2, CalendarDays = 3, Hours = 4 }
    /// <summary>What a timescale counts from; OnEvent: the day a named step, action or event
    /// happens (<see cref="Deadline.WaitsFor"/>).</summary>
    public enum Anchor { StageEntry = 0, PathwayStart = 1, PreviousStep = 2, OnEvent = 3 }
    /// <summary>What decided a due date, or why there is none (Waiting: it counts from
    /// something that has not happened yet; PastCalendarEnd: obligations only).</summary>
    public enum DueRule { None = 0, StageTimescale = 1, OverallLimit = 2, Waiting = 3, PastCalendarEnd = 4 }
    /// <summary>How binding a deadline is, as its source words it (esc_force): a missed Must
    /// breaches a requirement, the others miss an expectation.</summary>
    public enum Force { Must = 0, Should = 1, Expected = 2, Usually = 3 }
    /// <summary>Where an obligation of a decision comes from (ESC_FROM_*): the stage, the
    /// event's transition, or the outcome reached.</summary>
    public enum ObligationSource { Stage = 0, Transition = 1, Outcome = 2 }
    public enum OutcomeKind { None = 0, Resolved = 1, FinalDecision = 2, Exit = 3 }

    /// <summary>A failed call: its status and the library's message (what and where).</summary>
    public class EscalateException : Exception
    {
        public Status Status { get; private set; }
        public EscalateException(Status status, string message) : base(message) { Status = status; }
    }
    /// <summary>NULL, a bad size, a bad date or index, a subject the pathway does not cover.</summary>
    public class InvalidArgumentException : EscalateException
    { public InvalidArgumentException(string m) : base(Status.InvalidArgument, m) { } }
    /// <summary>A ruleset file that is not XML, or breaks the format or the checks ("file:line: ...").</summary>
    public class RulesetException : EscalateException
    { public RulesetException(Status s, string m) : base(s, m) { } }
    /// <summary>An unknown pathway, stage, event or calendar id.</summary>
    public class NotFoundException : EscalateException
    { public NotFoundException(string m) : base(Status.NotFound, m) { } }
    /// <summary>The event has no route from that stage.</summary>
    public class NoTransitionException : EscalateException
    { public NoTransitionException(string m) : base(Status.NoTransition, m) { } }
    /// <summary>A date outside the years the calendar covers.</summary>
    public class OutOfRangeException : EscalateException
    { public OutOfRangeException(string m) : base(Status.OutOfRange, m) { } }
    /// <summary>A ruleset file or directory that cannot be read.</summary>
    public class RulesetIOException : EscalateException
    { public RulesetIOException(string m) : base(Status.IoError, m) { } }

    /// <summary>Dates as the C ABI counts them: days since 1970-01-01.</summary>
    public static class Dates
    {
        public const int NoDate = int.MinValue;
        static readonly DateTime Epoch = new DateTime(1970, 1, 1);

        public static int ToDayNumber(DateTime date) { return (int)(date.Date - Epoch).TotalDays; }
        public static int ToDayNumber(DateTime? date) { return date.HasValue ? ToDayNumber(date.Value) : NoDate; }
        public static DateTime? FromDayNumber(int day) { return day == NoDate ? (DateTime?)null : Epoch.AddDays(day); }
    }

    /// <summary>The raw C ABI. Everything here is as escalate.h declares it.</summary>
    internal static class Native
    {
        // The SONAME: the run-time library a user installs, never the development-only
        // libescalate.so link. ESCALATE_LIBRARY may name the file to use instead.
        const string Lib = "libescalate.so.1";

        [StructLayout(LayoutKind.Sequential)]
        internal struct Query
        {
            public uint Size; public IntPtr Pathway, Stage, Event, Subject; public int At, Started;
            public int Entered;  // since 1.1
            public IntPtr Version;  // since 1.3: NULL, the version in force on the outset
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct Obligation
        {
            public IntPtr Id, Name, Clause; public int Due, DeadlineKind, DeadlineDays, Anchor;
            // since 1.1
            public int DueRule, Force, Source, DeadlineHours, Roll, AnchorDate; public IntPtr WaitsFor;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct Decision
        {
            public uint Size, ObligationSize;
            public IntPtr Steps; public UIntPtr StepsCapacity; public IntPtr Actions; public UIntPtr ActionsCapacity;
            public UIntPtr StepCount, ActionCount;
            public IntPtr Stage, StageName, Tier, TierName;
            public int Terminal, OutcomeKind, Due, PathwayIndex, StageIndex, Entered, Started, DueRule,
                       DeadlineKind, DeadlineDays, Anchor, AnchorDate, TimescaleDue;
            public IntPtr LimitId, LimitName; public int LimitWorkingDays, LimitDue;
            public IntPtr Calendar, Clause, TransitionClause;
            // since 1.1
            public int Force, Overdue, SideTrack, DeadlineHours, Roll;
            public IntPtr WaitsFor, TimescaleReading, LimitReading;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct PathwayInfo
        {
            public uint Size; public IntPtr Id, Title, Version; public int EffectiveFrom;
            public IntPtr Calendar, Subjects, SourceTitle, SourceAuthority, SourceDate, SourceFile;
            public int StageCount, EntryStage, TierCount, OutcomeCount, LimitCount, EventCount, StartExitCount;
            // since 1.3 (versions; not surfaced in C# yet)
            public IntPtr EffectiveFromStated; public int InForceFrom, InForceUntil; public IntPtr ReviewBy;
            public int ReviewByEnd;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct DeadlineInfo
        {
            public uint Size; public int Kind, Days, Anchor, CumulativeWorkingDays; public IntPtr Clause;
            public int Hours, Roll, Force; public IntPtr WaitsFor, Reading;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct StageInfo
        {
            public uint Size; public IntPtr Id, Name; public int Tier; public IntPtr TierId;
            public int Limit, WorstCaseWorkingDays, StepCount, ActionCount, ExitCount; public IntPtr Clause;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct ObligationInfo { public uint Size; public IntPtr Id, Name, Clause; }

        [StructLayout(LayoutKind.Sequential)]
        internal struct ExitInfo
        {
            public uint Size; public IntPtr Event, Subject, Target; public int TargetStage, TargetOutcome;
            public IntPtr Clause; public int SideTrack, ActionCount;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct TierInfo { public uint Size; public IntPtr Id, Name, Clause; }

        [StructLayout(LayoutKind.Sequential)]
        internal struct OutcomeInfo
        {
            public uint Size; public IntPtr Id, Name; public int Kind; public IntPtr Clause; public int ActionCount;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct LimitInfo
        {
            public uint Size; public IntPtr Id, Name; public int WorkingDays; public IntPtr Clause; public int Force;
            public IntPtr Reading;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct CalendarInfo { public uint Size; public IntPtr Id, Name, Source; public int FirstDate, LastDate; }

        [StructLayout(LayoutKind.Sequential)]
        internal struct Holiday { public int Date, Substitute; public IntPtr Name; }

        [StructLayout(LayoutKind.Sequential)]
        internal struct Document { public IntPtr Name, Text; public UIntPtr Length; }

        [DllImport(Lib)] internal static extern IntPtr esc_version();
        [DllImport(Lib)] internal static extern int esc_abi_version();
        [DllImport(Lib)] internal static extern IntPtr esc_last_error();
        [DllImport(Lib)] internal static extern IntPtr esc_rulesets_dir();
        [DllImport(Lib)] internal static extern IntPtr esc_row_reason_name(int reason);
        [DllImport(Lib)] internal static extern int esc_engine_load_paths(IntPtr[] paths, UIntPtr count, out IntPtr engine);
        [DllImport(Lib)] internal static extern int esc_engine_load_documents(IntPtr[] paths, UIntPtr pathCount,
            Document[] documents, UIntPtr documentCount, out IntPtr engine);
        [DllImport(Lib)] internal static extern int esc_engine_load_default(out IntPtr engine);
        [DllImport(Lib)] internal static extern void esc_engine_free(IntPtr engine);
        [DllImport(Lib)] internal static extern int esc_engine_pathway_count(IntPtr engine, out int count);
        [DllImport(Lib)] internal static extern int esc_engine_pathway_index(IntPtr engine, byte[] id, out int index);
        [DllImport(Lib)] internal static extern int esc_engine_pathway_for_case(IntPtr engine, byte[] id, byte[] version,
            int entered, int started, out int index);
        [DllImport(Lib)] internal static extern int esc_select_versions(IntPtr engine, UIntPtr count, [In, Out] int[] pathways,
            [In, Out] int[] stages, int[] entered, int[] started, IntPtr changed);
        [DllImport(Lib)] internal static extern int esc_pathway_info_get(IntPtr engine, int pathway, ref PathwayInfo info);
        [DllImport(Lib)] internal static extern int esc_pathway_stage_index(IntPtr engine, int pathway, byte[] id, out int index);
        [DllImport(Lib)] internal static extern int esc_pathway_due(IntPtr engine, int pathway, int stage, int entered,
            int started, out int due);
        [DllImport(Lib)] internal static extern int esc_stage_info_get(IntPtr engine, int pathway, int stage, ref StageInfo info);
        [DllImport(Lib)] internal static extern int esc_stage_deadline_get(IntPtr engine, int pathway, int stage, ref DeadlineInfo info);
        [DllImport(Lib)] internal static extern int esc_stage_obligation_get(IntPtr engine, int pathway, int stage, int kind,
            int index, ref ObligationInfo info, ref DeadlineInfo deadline);
        [DllImport(Lib)] internal static extern int esc_stage_exit_get(IntPtr engine, int pathway, int stage, int index, ref ExitInfo info);
        [DllImport(Lib)] internal static extern int esc_stage_exit_action_get(IntPtr engine, int pathway, int stage, int exit,
            int index, ref ObligationInfo info, ref DeadlineInfo deadline);
        [DllImport(Lib)] internal static extern int esc_stage_events(IntPtr engine, int pathway, int stage, byte[] subject,
            [In, Out] IntPtr[] buffer, UIntPtr capacity, out UIntPtr count);
        [DllImport(Lib)] internal static extern int esc_pathway_tier_get(IntPtr engine, int pathway, int tier, byte[] subject, ref TierInfo info);
        [DllImport(Lib)] internal static extern int esc_pathway_outcome_get(IntPtr engine, int pathway, int outcome, ref OutcomeInfo info);
        [DllImport(Lib)] internal static extern int esc_pathway_limit_get(IntPtr engine, int pathway, int limit, ref LimitInfo info);
        [DllImport(Lib)] internal static extern int esc_pathway_event_id(IntPtr engine, int pathway, int evt, out IntPtr id);
        [DllImport(Lib)] internal static extern int esc_decide(IntPtr engine, ref Query query, ref Decision decision);
        [DllImport(Lib)] internal static extern int esc_recalculate_reasons(IntPtr engine, UIntPtr count, int[] pathways,
            int[] stages, int[] entered, int[] started, [In, Out] int[] due, [In, Out] int[] reasons, int threads,
            out UIntPtr failed);
        [DllImport(Lib)] internal static extern int esc_engine_calendar(IntPtr engine, byte[] id, out IntPtr calendar);
        [DllImport(Lib)] internal static extern int esc_calendar_info_get(IntPtr calendar, ref CalendarInfo info);
        [DllImport(Lib)] internal static extern int esc_calendar_is_working_day(IntPtr calendar, int date, out int working);
        [DllImport(Lib)] internal static extern int esc_calendar_add_working_days(IntPtr calendar, int date, int count, out int result);
        [DllImport(Lib)] internal static extern int esc_calendar_count_working_days(IntPtr calendar, int from, int to, out int count);
        [DllImport(Lib)] internal static extern int esc_calendar_holidays(IntPtr calendar, int year, [In, Out] Holiday[] buffer,
            UIntPtr capacity, out UIntPtr count);

        [DllImport("libdl.so.2")] static extern IntPtr dlopen(string file, int mode);
        [DllImport("libdl.so.2")] static extern IntPtr dlerror();

        static bool loaded;
        static readonly object gate = new object();

        /// <summary>Honours ESCALATE_LIBRARY (a path to libescalate.so.1): loading that file
        /// first makes every DllImport above resolve to it, as the dynamic loader matches the
        /// SONAME of a library already loaded.</summary>
        internal static void Load()
        {
            lock (gate)
            {
                if (loaded) return;
                string path = Environment.GetEnvironmentVariable("ESCALATE_LIBRARY");
                if (!string.IsNullOrEmpty(path) && dlopen(path, 2 | 256 /* RTLD_NOW | RTLD_GLOBAL */) == IntPtr.Zero)
                    throw new DllNotFoundException("ESCALATE_LIBRARY=" + path + ": " + Utf8.From(dlerror()));
                if (esc_abi_version() != 1)
                    throw new DllNotFoundException(Lib + " implements ABI " + esc_abi_version() + "; this binding speaks ABI 1");
                loaded = true;
            }
        }

        /// <summary>Throws the exception a status calls for, with esc_last_error() read on this
        /// thread straight after the failed call.</summary>
        internal static void Check(int status)
        {
            if (status == 0) return;
            string message = Utf8.From(esc_last_error()) ?? "";
            switch ((Status)status)
            {
                case Status.InvalidArgument: throw new InvalidArgumentException(message);
                case Status.ParseError:
                case Status.InvalidRuleset: throw new RulesetException((Status)status, message);
                case Status.NotFound: throw new NotFoundException(message);
                case Status.NoTransition: throw new NoTransitionException(message);
                case Status.OutOfRange: throw new OutOfRangeException(message);
                case Status.IoError: throw new RulesetIOException(message);
                default: throw new EscalateException((Status)status, message);
            }
        }
    }

    /// <summary>UTF-8 both ways: strings in as NUL-terminated byte arrays, strings out read
    /// from library-owned memory (never freed).</summary>
    internal static class Utf8
    {
        internal static byte[] Bytes(string text)
        {
            if (text == null) return null;
            if (text.IndexOf('\0') >= 0) throw new InvalidArgumentException("a string contains a NUL character");
            return Encoding.UTF8.GetBytes(text + "\0");
        }

        internal static IntPtr Alloc(string text)
        {
            byte[] bytes = Bytes(text);
            if (bytes == null) return IntPtr.Zero;
            IntPtr memory = Marshal.AllocHGlobal(bytes.Length);
            Marshal.Copy(bytes, 0, memory, bytes.Length);
            return memory;
        }

        internal static string From(IntPtr text)
        {
            if (text == IntPtr.Zero) return null;
            int length = 0;
            while (Marshal.ReadByte(text, length) != 0) ++length;
            byte[] bytes = new byte[length];
            Marshal.Copy(text, bytes, 0, length);
            return Encoding.UTF8.GetString(bytes);
        }
    }

    /// <summary>The library itself.</summary>
    public static class Library
    {
        /// <summary>The release of the loaded libescalate, "0.1.0".</summary>
        public static string Version { get { Native.Load(); return Utf8.From(Native.esc_version()); } }

        /// <summary>The bundled rulesets of the loaded library (esc_rulesets_dir).</summary>
        public static string RulesetsDir { get { Native.Load(); return Utf8.From(Native.esc_rulesets_dir()); } }

        /// <summary>A reason's name, "missing-started" (esc_row_reason_name).</summary>
        public static string RowReasonName(RowReason reason) { Native.Load(); return Utf8.From(Native.esc_row_reason_name((int)reason)); }
    }

    public sealed class Deadline
    {
        public DeadlineKind Kind { get; internal set; }
        public int Days { get; internal set; }
        public Anchor Anchor { get; internal set; }
        /// <summary>The worst case from the outset the policy states; null when none.</summary>
        public int? CumulativeWorkingDays { get; internal set; }
        public string Clause { get; internal set; }
        /// <summary>N for DeadlineKind.Hours, else 0.</summary>
        public int Hours { get; internal set; }
        /// <summary>A due date on a non-working day moves to the next working day.</summary>
        public bool Roll { get; internal set; }
        public Force Force { get; internal set; }
        /// <summary>Anchor.OnEvent: the step, action or event it counts from; else null.</summary>
        public string WaitsFor { get; internal set; }
        /// <summary>How the source's words were read and the other reading they allow; "" when
        /// none is recorded.</summary>
        public string Reading { get; internal set; }
    }

    public sealed class StageObligation
    {
        public string Id { get; internal set; }
        public string Name { get; internal set; }
        public string Clause { get; internal set; }
        public Deadline Deadline { get; internal set; }
    }

    /// <summary>An event that leaves a stage and where it leads.</summary>
    public sealed class Route
    {
        public string Event { get; internal set; }
        /// <summary>The route applies only to this subject; null: to any.</summary>
        public string Subject { get; internal set; }
        public string Target { get; internal set; }
        public bool Terminal { get; internal set; }
        /// <summary>The route leads back to its own stage: the case stays, its clock keeps
        /// running, and the route's actions are added.</summary>
        public bool SideTrack { get; internal set; }
        /// <summary>The obligations the event gives rise to on this route, counted from its date.</summary>
        public IReadOnlyList<StageObligation> Actions { get; internal set; }
        public string Clause { get; internal set; }
    }

    public sealed class Stage
    {
        public int Index { get; internal set; }
        public string Id { get; internal set; }
        public string Name { get; internal set; }
        public string Tier { get; internal set; }
        public string TierName { get; internal set; }
        public Deadline Deadline { get; internal set; }
        /// <summary>The overall limit covering the stage; null when none.</summary>
        public string Limit { get; internal set; }
        public int? WorstCaseWorkingDays { get; internal set; }
        public IReadOnlyList<StageObligation> Steps { get; internal set; }
        public IReadOnlyList<StageObligation> Actions { get; internal set; }
        public IReadOnlyList<Route> Routes { get; internal set; }
        public string Clause { get; internal set; }
    }

    public sealed class Pathway
    {
        public int Index { get; internal set; }
        public string Id { get; internal set; }
        public string Title { get; internal set; }
        public string Version { get; internal set; }
        public DateTime? EffectiveFrom { get; internal set; }
        public string Calendar { get; internal set; }
        public IReadOnlyList<string> Subjects { get; internal set; }
        public IReadOnlyList<Stage> Stages { get; internal set; }
        public string EntryStage { get; internal set; }
        public IReadOnlyList<string> Events { get; internal set; }
        /// <summary>Tier id to its general name.</summary>
        public IReadOnlyDictionary<string, string> Tiers { get; internal set; }
        /// <summary>Outcome id to its kind.</summary>
        public IReadOnlyDictionary<string, OutcomeKind> Outcomes { get; internal set; }
        /// <summary>Overall limit id to its working days from the outset.</summary>
        public IReadOnlyDictionary<string, int> Limits { get; internal set; }

        public Stage Stage(string id)
        {
            foreach (Stage stage in Stages) if (stage.Id == id) return stage;
            throw new NotFoundException("pathway " + Id + " has no stage \"" + id + "\"");
        }
    }

    public sealed class Obligation
    {
        public string Id { get; internal set; }
        public string Name { get; internal set; }
        public string Clause { get; internal set; }
        /// <summary>Null when the source gives no timescale, or see DueRule.</summary>
        public DateTime? Due { get; internal set; }
        public DueRule DueRule { get; internal set; }
        public Force Force { get; internal set; }
        /// <summary>Stage, or the event (Transition) or Outcome that gives rise to it.</summary>
        public ObligationSource Source { get; internal set; }
        /// <summary>For an on:ID anchor, what it waits for (then Due is null); else null.</summary>
        public string WaitsFor { get; internal set; }
    }

    /// <summary>The answer of <see cref="Engine.Decide"/>.</summary>
    public sealed class Decision
    {
        public string Stage { get; internal set; }
        public string StageName { get; internal set; }
        public string Tier { get; internal set; }
        public string TierName { get; internal set; }
        public bool Terminal { get; internal set; }
        public OutcomeKind OutcomeKind { get; internal set; }
        /// <summary>Null when no timescale applies (always for a terminal outcome).</summary>
        public DateTime? Due { get; internal set; }
        public DueRule DueRule { get; internal set; }
        public string LimitId { get; internal set; }
        public DateTime? LimitDue { get; internal set; }
        /// <summary>The force of the rule that decided Due; null when there is no due date.</summary>
        public Force? Force { get; internal set; }
        /// <summary>The stage is entered after the date it is due (overdue on entry).</summary>
        public bool Overdue { get; internal set; }
        /// <summary>The event kept the case at its stage; Entered is the stage's entry.</summary>
        public bool SideTrack { get; internal set; }
        /// <summary>The date the stage was entered.</summary>
        public DateTime? Entered { get; internal set; }
        public string Clause { get; internal set; }
        public IReadOnlyList<Obligation> Steps { get; internal set; }
        public IReadOnlyList<Obligation> Actions { get; internal set; }
    }

    /// <summary>The result of <see cref="Engine.Recalculate"/>: a due date and a reason per row.</summary>
    public sealed class Recalculation
    {
        /// <summary>Null for a stage without a timescale and for a failed row.</summary>
        public DateTime?[] Due { get; internal set; }
        /// <summary>RowReason.Ok, or why the row failed.</summary>
        public RowReason[] Reasons { get; internal set; }
        public int Failed { get; internal set; }
    }

    public sealed class Holiday
    {
        public DateTime Date { get; internal set; }
        public bool Substitute { get; internal set; }
        public string Name { get; internal set; }
    }

    /// <summary>A working-day calendar; lives as long as its engine.</summary>
    public sealed class Calendar
    {
        readonly Engine engine;
        readonly IntPtr handle;
        public string Id { get; private set; }
        public string Name { get; private set; }
        public DateTime FirstDate { get; private set; }
        public DateTime LastDate { get; private set; }

        internal Calendar(Engine engine, IntPtr handle)
        {
            this.engine = engine;
            this.handle = handle;
            var info = new Native.CalendarInfo { Size = (uint)Marshal.SizeOf(typeof(Native.CalendarInfo)) };
            Native.Check(Native.esc_calendar_info_get(handle, ref info));
            Id = Utf8.From(info.Id);
            Name = Utf8.From(info.Name);
            FirstDate = Dates.FromDayNumber(info.FirstDate).Value;
            LastDate = Dates.FromDayNumber(info.LastDate).Value;
        }

        IntPtr Handle() { engine.Handle(); return handle; }

        public bool IsWorkingDay(DateTime date)
        {
            int working;
            Native.Check(Native.esc_calendar_is_working_day(Handle(), Dates.ToDayNumber(date), out working));
            return working != 0;
        }

        /// <summary>The count-th working day strictly after date.</summary>
        public DateTime AddWorkingDays(DateTime date, int count)
        {
            int result;
            Native.Check(Native.esc_calendar_add_working_days(Handle(), Dates.ToDayNumber(date), count, out result));
            return Dates.FromDayNumber(result).Value;
        }

        /// <summary>The number of working days d with from &lt; d &lt;= to.</summary>
        public int CountWorkingDays(DateTime from, DateTime to)
        {
            int count;
            Native.Check(Native.esc_calendar_count_working_days(Handle(), Dates.ToDayNumber(from), Dates.ToDayNumber(to), out count));
            return count;
        }

        public IReadOnlyList<Holiday> Holidays(int year)
        {
            UIntPtr count;
            Native.Check(Native.esc_calendar_holidays(Handle(), year, null, UIntPtr.Zero, out count));
            var buffer = new Native.Holiday[(int)count];
            Native.Check(Native.esc_calendar_holidays(Handle(), year, buffer, count, out count));
            var list = new List<Holiday>();
            foreach (var h in buffer)
                list.Add(new Holiday { Date = Dates.FromDayNumber(h.Date).Value, Substitute = h.Substitute != 0, Name = Utf8.From(h.Name) });
            return list;
        }
    }

    /// <summary>A compiled ruleset: every calendar and pathway, immutable and safe to share
    /// across threads. Dispose it (using) to free it; objects from it must not outlive it.</summary>
    public sealed class Engine : IDisposable
    {
        IntPtr engine;
        readonly object pathwaysLock = new object();
        List<Pathway> pathways;

        Engine(IntPtr engine) { this.engine = engine; }

        /// <summary>Loads files or directories of rulesets into one engine, all or nothing.</summary>
        public static Engine Load(params string[] paths)
        {
            Native.Load();
            if (paths == null || paths.Length == 0) throw new InvalidArgumentException("give at least one path (or use LoadDefault)");
            var pointers = new IntPtr[paths.Length];
            try
            {
                for (int i = 0; i < paths.Length; ++i) pointers[i] = Utf8.Alloc(paths[i]);
                IntPtr handle;
                Native.Check(Native.esc_engine_load_paths(pointers, (UIntPtr)paths.Length, out handle));
                return new Engine(handle);
            }
            finally
            {
                foreach (IntPtr p in pointers) if (p != IntPtr.Zero) Marshal.FreeHGlobal(p);
            }
        }

        /// <summary>Loads documents held in memory (name: the name errors use; value: the
        /// XML) with any files or directories, all or nothing.</summary>
        public static Engine LoadDocuments(IDictionary<string, string> documents, params string[] paths)
        {
            Native.Load();
            paths = paths ?? new string[0];
            var allocated = new List<IntPtr>();
            try
            {
                var pathPointers = new IntPtr[Math.Max(1, paths.Length)];
                for (int i = 0; i < paths.Length; ++i) allocated.Add(pathPointers[i] = Utf8.Alloc(paths[i]));
                var array = new Native.Document[Math.Max(1, documents.Count)];
                int n = 0;
                foreach (var entry in documents)
                {
                    byte[] text = Encoding.UTF8.GetBytes(entry.Value);
                    IntPtr memory = Marshal.AllocHGlobal(Math.Max(1, text.Length));
                    allocated.Add(memory);
                    Marshal.Copy(text, 0, memory, text.Length);
                    allocated.Add(array[n].Name = Utf8.Alloc(entry.Key));
                    array[n].Text = memory;
                    array[n].Length = (UIntPtr)text.Length;
                    ++n;
                }
                IntPtr handle;
                Native.Check(Native.esc_engine_load_documents(pathPointers, (UIntPtr)paths.Length, array, (UIntPtr)n, out handle));
                return new Engine(handle);
            }
            finally
            {
                foreach (IntPtr p in allocated) if (p != IntPtr.Zero) Marshal.FreeHGlobal(p);
            }
        }

        /// <summary>The rulesets found without a path: $ESCALATE_RULESETS (paths separated by
        /// ':'), else the bundled rulesets (<see cref="Library.RulesetsDir"/>).</summary>
        public static Engine LoadDefault()
        {
            Native.Load();
            IntPtr handle;
            Native.Check(Native.esc_engine_load_default(out handle));
            return new Engine(handle);
        }

        public void Dispose()
        {
            if (engine != IntPtr.Zero) Native.esc_engine_free(engine);
            engine = IntPtr.Zero;
        }

        internal IntPtr Handle()
        {
            if (engine == IntPtr.Zero) throw new ObjectDisposedException("Engine");
            return engine;
        }

        /// <summary>Every pathway, in index order, with its stages, tiers, outcomes, limits and events.</summary>
        public IReadOnlyList<Pathway> Pathways
        {
            get
            {
                lock (pathwaysLock)  // read once, by whichever thread asks first
                {
                    if (pathways != null) return pathways;
                    int count;
                    Native.Check(Native.esc_engine_pathway_count(Handle(), out count));
                    var list = new List<Pathway>();
                    for (int p = 0; p < count; ++p) list.Add(ReadPathway(p));
                    return pathways = list;
                }
            }
        }

        /// <summary>A pathway by id; NotFoundException naming the loaded ones when none has it.</summary>
        public Pathway Pathway(string id)
        {
            int index;
            Native.Check(Native.esc_engine_pathway_index(Handle(), Utf8.Bytes(id), out index));
            return Pathways[index];
        }

        Pathway ReadPathway(int p)
        {
            IntPtr e = Handle();
            var info = new Native.PathwayInfo { Size = (uint)Marshal.SizeOf(typeof(Native.PathwayInfo)) };
            Native.Check(Native.esc_pathway_info_get(e, p, ref info));
            var stages = new List<Stage>();
            for (int s = 0; s < info.StageCount; ++s) stages.Add(ReadStage(p, s));
            var events = new List<string>();
            for (int i = 0; i < info.EventCount; ++i)
            {
                IntPtr id;
                Native.Check(Native.esc_pathway_event_id(e, p, i, out id));
                events.Add(Utf8.From(id));
            }
            var tiers = new Dictionary<string, string>();
            for (int i = 0; i < info.TierCount; ++i)
            {
                var tier = new Native.TierInfo { Size = (uint)Marshal.SizeOf(typeof(Native.TierInfo)) };
                Native.Check(Native.esc_pathway_tier_get(e, p, i, null, ref tier));
                tiers[Utf8.From(tier.Id)] = Utf8.From(tier.Name);
            }
            var outcomes = new Dictionary<string, OutcomeKind>();
            for (int i = 0; i < info.OutcomeCount; ++i)
            {
                var outcome = new Native.OutcomeInfo { Size = (uint)Marshal.SizeOf(typeof(Native.OutcomeInfo)) };
                Native.Check(Native.esc_pathway_outcome_get(e, p, i, ref outcome));
                outcomes[Utf8.From(outcome.Id)] = (OutcomeKind)outcome.Kind;
            }
            var limits = new Dictionary<string, int>();
            for (int i = 0; i < info.LimitCount; ++i)
            {
                var limit = new Native.LimitInfo { Size = (uint)Marshal.SizeOf(typeof(Native.LimitInfo)) };
                Native.Check(Native.esc_pathway_limit_get(e, p, i, ref limit));
                limits[Utf8.From(limit.Id)] = limit.WorkingDays;
            }
            return new Pathway
            {
                Index = p, Id = Utf8.From(info.Id), Title = Utf8.From(info.Title), Version = Utf8.From(info.Version),
                EffectiveFrom = Dates.FromDayNumber(info.EffectiveFrom), Calendar = Utf8.From(info.Calendar),
                Subjects = Utf8.From(info.Subjects).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries),
                Stages = stages, EntryStage = stages[info.EntryStage].Id, Events = events,
                Tiers = tiers, Outcomes = outcomes, Limits = limits
            };
        }

        static Deadline ToDeadline(Native.DeadlineInfo raw)
        {
            return new Deadline
            {
                Kind = (DeadlineKind)raw.Kind, Days = raw.Days, Anchor = (Anchor)raw.Anchor,
                CumulativeWorkingDays = raw.CumulativeWorkingDays < 0 ? (int?)null : raw.CumulativeWorkingDays,
                Clause = Utf8.From(raw.Clause), Hours = raw.Hours, Roll = raw.Roll != 0, Force = (Force)raw.Force,
                WaitsFor = Utf8.From(raw.WaitsFor), Reading = Utf8.From(raw.Reading)
            };
        }

        Stage ReadStage(int p, int s)
        {
            IntPtr e = Handle();
            var info = new Native.StageInfo { Size = (uint)Marshal.SizeOf(typeof(Native.StageInfo)) };
            Native.Check(Native.esc_stage_info_get(e, p, s, ref info));
            var deadline = new Native.DeadlineInfo { Size = (uint)Marshal.SizeOf(typeof(Native.DeadlineInfo)) };
            Native.Check(Native.esc_stage_deadline_get(e, p, s, ref deadline));
            var tier = new Native.TierInfo { Size = (uint)Marshal.SizeOf(typeof(Native.TierInfo)) };
            Native.Check(Native.esc_pathway_tier_get(e, p, info.Tier, null, ref tier));
            string limit = null;
            if (info.Limit >= 0)
            {
                var raw = new Native.LimitInfo { Size = (uint)Marshal.SizeOf(typeof(Native.LimitInfo)) };
                Native.Check(Native.esc_pathway_limit_get(e, p, info.Limit, ref raw));
                limit = Utf8.From(raw.Id);
            }
            var routes = new List<Route>();
            for (int i = 0; i < info.ExitCount; ++i)
            {
                var exit = new Native.ExitInfo { Size = (uint)Marshal.SizeOf(typeof(Native.ExitInfo)) };
                Native.Check(Native.esc_stage_exit_get(e, p, s, i, ref exit));
                var actions = new List<StageObligation>();
                for (int a = 0; a < exit.ActionCount; ++a)
                {
                    var item = new Native.ObligationInfo { Size = (uint)Marshal.SizeOf(typeof(Native.ObligationInfo)) };
                    var its = new Native.DeadlineInfo { Size = (uint)Marshal.SizeOf(typeof(Native.DeadlineInfo)) };
                    Native.Check(Native.esc_stage_exit_action_get(e, p, s, i, a, ref item, ref its));
                    actions.Add(ToObligation(item, its));
                }
                routes.Add(new Route
                {
                    Event = Utf8.From(exit.Event), Subject = Utf8.From(exit.Subject), Target = Utf8.From(exit.Target),
                    Terminal = exit.TargetStage < 0, SideTrack = exit.SideTrack != 0, Actions = actions,
                    Clause = Utf8.From(exit.Clause)
                });
            }
            return new Stage
            {
                Index = s, Id = Utf8.From(info.Id), Name = Utf8.From(info.Name), Tier = Utf8.From(info.TierId),
                TierName = Utf8.From(tier.Name), Deadline = ToDeadline(deadline), Limit = limit,
                WorstCaseWorkingDays = info.WorstCaseWorkingDays < 0 ? (int?)null : info.WorstCaseWorkingDays,
                Steps = ReadObligations(p, s, 0, info.StepCount), Actions = ReadObligations(p, s, 1, info.ActionCount),
                Routes = routes, Clause = Utf8.From(info.Clause)
            };
        }

        List<StageObligation> ReadObligations(int p, int s, int kind, int count)
        {
            var list = new List<StageObligation>();
            for (int i = 0; i < count; ++i)
            {
                var info = new Native.ObligationInfo { Size = (uint)Marshal.SizeOf(typeof(Native.ObligationInfo)) };
                var deadline = new Native.DeadlineInfo { Size = (uint)Marshal.SizeOf(typeof(Native.DeadlineInfo)) };
                Native.Check(Native.esc_stage_obligation_get(Handle(), p, s, kind, i, ref info, ref deadline));
                list.Add(ToObligation(info, deadline));
            }
            return list;
        }

        static StageObligation ToObligation(Native.ObligationInfo info, Native.DeadlineInfo deadline)
        {
            return new StageObligation
            {
                Id = Utf8.From(info.Id), Name = Utf8.From(info.Name), Clause = Utf8.From(info.Clause),
                Deadline = ToDeadline(deadline)
            };
        }

        int StageIndex(int pathway, string stage)
        {
            int index;
            Native.Check(Native.esc_pathway_stage_index(Handle(), pathway, Utf8.Bytes(stage), out index));
            return index;
        }

        /// <summary>The events with a route out of a stage, for a subject when given: the
        /// buttons a screen shows. A null stage asks about the start of the pathway.</summary>
        public string[] StageEvents(string pathway, string stage, string subject = null)
        {
            int p = Pathway(pathway).Index;
            int s = stage == null ? -1 : StageIndex(p, stage);
            UIntPtr count;
            Native.Check(Native.esc_stage_events(Handle(), p, s, Utf8.Bytes(subject), null, UIntPtr.Zero, out count));
            var buffer = new IntPtr[Math.Max(1, (int)count)];
            Native.Check(Native.esc_stage_events(Handle(), p, s, Utf8.Bytes(subject), buffer, count, out count));
            var events = new string[(int)count];
            for (int i = 0; i < events.Length; ++i) events[i] = Utf8.From(buffer[i]);
            return events;
        }

        /// <summary>"The case is at stage of pathway, and evt happened on at: what now?" A null
        /// stage starts the pathway; started is the outset (null when starting); entered is the
        /// date the current stage was entered, needed when the event keeps the case at its
        /// stage (a side track, whose clock keeps running).</summary>
        public Decision Decide(string pathway, DateTime at, string stage = null, string evt = null,
                               DateTime? started = null, string subject = null, DateTime? entered = null)
        {
            var strings = new IntPtr[] { Utf8.Alloc(pathway), Utf8.Alloc(stage), Utf8.Alloc(evt), Utf8.Alloc(subject) };
            int room = 16;
            IntPtr steps = IntPtr.Zero, actions = IntPtr.Zero;
            try
            {
                var query = new Native.Query
                {
                    Size = (uint)Marshal.SizeOf(typeof(Native.Query)), Pathway = strings[0], Stage = strings[1],
                    Event = strings[2], Subject = strings[3], At = Dates.ToDayNumber(at), Started = Dates.ToDayNumber(started),
                    Entered = Dates.ToDayNumber(entered)
                };
                int stride = Marshal.SizeOf(typeof(Native.Obligation));
                while (true)
                {
                    steps = Marshal.AllocHGlobal(stride * room);
                    actions = Marshal.AllocHGlobal(stride * room);
                    var d = new Native.Decision
                    {
                        Size = (uint)Marshal.SizeOf(typeof(Native.Decision)), ObligationSize = (uint)stride,
                        Steps = steps, StepsCapacity = (UIntPtr)room, Actions = actions, ActionsCapacity = (UIntPtr)room
                    };
                    Native.Check(Native.esc_decide(Handle(), ref query, ref d));
                    if ((int)d.StepCount <= room && (int)d.ActionCount <= room)
                        return new Decision
                        {
                            Stage = Utf8.From(d.Stage), StageName = Utf8.From(d.StageName), Tier = Utf8.From(d.Tier),
                            TierName = Utf8.From(d.TierName), Terminal = d.Terminal != 0, OutcomeKind = (OutcomeKind)d.OutcomeKind,
                            Due = Dates.FromDayNumber(d.Due), DueRule = (DueRule)d.DueRule, LimitId = Utf8.From(d.LimitId),
                            LimitDue = Dates.FromDayNumber(d.LimitDue), Clause = Utf8.From(d.Clause),
                            Force = d.Due == Dates.NoDate ? (Force?)null : (Force)d.Force, Overdue = d.Overdue != 0,
                            SideTrack = d.SideTrack != 0, Entered = Dates.FromDayNumber(d.Entered),
                            Steps = ReadDue(steps, (int)d.StepCount, stride), Actions = ReadDue(actions, (int)d.ActionCount, stride)
                        };
                    room = Math.Max((int)d.StepCount, (int)d.ActionCount);
                    Marshal.FreeHGlobal(steps);
                    Marshal.FreeHGlobal(actions);
                    steps = actions = IntPtr.Zero;
                }
            }
            finally
            {
                foreach (IntPtr p in strings) if (p != IntPtr.Zero) Marshal.FreeHGlobal(p);
                if (steps != IntPtr.Zero) Marshal.FreeHGlobal(steps);
                if (actions != IntPtr.Zero) Marshal.FreeHGlobal(actions);
            }
        }

        static List<Obligation> ReadDue(IntPtr buffer, int count, int stride)
        {
            var list = new List<Obligation>();
            for (int i = 0; i < count; ++i)
            {
                var raw = (Native.Obligation)Marshal.PtrToStructure(new IntPtr(buffer.ToInt64() + (long)i * stride), typeof(Native.Obligation));
                list.Add(new Obligation
                {
                    Id = Utf8.From(raw.Id), Name = Utf8.From(raw.Name), Clause = Utf8.From(raw.Clause),
                    Due = Dates.FromDayNumber(raw.Due), DueRule = (DueRule)raw.DueRule, Force = (Force)raw.Force,
                    Source = (ObligationSource)raw.Source, WaitsFor = Utf8.From(raw.WaitsFor)
                });
            }
            return list;
        }

        /// <summary>The due date of a case now at a stage, entered on entered; null when the
        /// policy states no timescale. Answered by the version of the pathway Decide would use
        /// for the same case: the one in force on its outset (started, else entered), as the
        /// library chooses it (esc_engine_pathway_for_case).</summary>
        public DateTime? Due(string pathway, string stage, DateTime entered, DateTime? started = null)
        {
            int p;
            Native.Check(Native.esc_engine_pathway_for_case(Handle(), Utf8.Bytes(pathway), null,
                                                            Dates.ToDayNumber(entered), Dates.ToDayNumber(started), out p));
            int due;
            Native.Check(Native.esc_pathway_due(Handle(), p, StageIndex(p, stage), Dates.ToDayNumber(entered),
                                                Dates.ToDayNumber(started), out due));
            return Dates.FromDayNumber(due);
        }

        /// <summary>Due dates for arrays of cases (row i: pathways[i], stages[i], entered[i],
        /// started[i]). A bad row never stops the batch: it gets no date and a reason, and
        /// unknown ids are the library's UnknownPathway or UnknownStage. started may be null. Each
        /// row is answered by the version of its pathway in force on its outset, as Due and
        /// Decide answer one case (esc_select_versions); a row older than every version fails
        /// with NoVersion.</summary>
        public Recalculation Recalculate(string[] pathways, string[] stages, DateTime?[] entered, DateTime?[] started = null,
                                         int threads = 0)
        {
            int n = pathways.Length;
            if (stages.Length != n || entered.Length != n || (started != null && started.Length != n))
                throw new InvalidArgumentException("the arrays must be of one length");
            var p = new int[n];
            var s = new int[n];
            var e = new int[n];
            var st = started == null ? null : new int[n];
            var lookups = new Dictionary<string, int>();
            for (int i = 0; i < n; ++i)
            {
                p[i] = LookUp(lookups, pathways[i], null);
                s[i] = p[i] < 0 ? -1 : LookUp(lookups, stages[i], p[i]);
                e[i] = Dates.ToDayNumber(entered[i]);
                if (st != null) st[i] = Dates.ToDayNumber(started[i]);
            }
            // The ids were looked up as their latest versions: each row to the version in force.
            Native.Check(Native.esc_select_versions(Handle(), (UIntPtr)n, p, s, e, st, IntPtr.Zero));
            return Recalculate(p, s, e, st, threads);
        }

        /// <summary>The same over indices and day numbers (Dates.NoDate for none), as bulk
        /// callers hold them.</summary>
        public Recalculation Recalculate(int[] pathways, int[] stages, int[] entered, int[] started = null, int threads = 0)
        {
            int n = pathways.Length;
            var due = new int[n];
            var reasons = new int[n];
            UIntPtr failed;
            Native.Check(Native.esc_recalculate_reasons(Handle(), (UIntPtr)n, pathways, stages, entered, started, due,
                                                        reasons, threads, out failed));
            var result = new Recalculation { Due = new DateTime?[n], Reasons = new RowReason[n], Failed = (int)failed };
            for (int i = 0; i < n; ++i)
            {
                result.Due[i] = Dates.FromDayNumber(due[i]);
                result.Reasons[i] = (RowReason)reasons[i];
            }
            return result;
        }

        int LookUp(Dictionary<string, int> cache, string id, int? pathway)
        {
            if (id == null) return -1;
            string key = pathway.HasValue ? pathway.Value + "/" + id : id;
            int index;
            if (cache.TryGetValue(key, out index)) return index;
            byte[] bytes = Utf8.Bytes(id);
            int status = pathway.HasValue ? Native.esc_pathway_stage_index(Handle(), pathway.Value, bytes, out index)
                                          : Native.esc_engine_pathway_index(Handle(), bytes, out index);
            if (status != 0) index = -1;  // the library reports the row as unknown
            return cache[key] = index;
        }

        /// <summary>A calendar by id: "england-and-wales", "scotland", "northern-ireland".</summary>
        public Calendar Calendar(string id)
        {
            IntPtr calendar;
            Native.Check(Native.esc_engine_calendar(Handle(), Utf8.Bytes(id), out calendar));
            return new Calendar(this, calendar);
        }
    }
}
