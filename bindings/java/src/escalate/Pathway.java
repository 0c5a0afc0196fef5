// What a pathway is made of, read through the introspection calls: its stages (each with its
// tier, timescale, steps, actions and routes out), tiers, outcomes, limits and events.
package escalate;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

public record Pathway(int index, String id, String title, String version, LocalDate effectiveFrom, String calendar,
                      List<String> subjects, List<Stage> stages, String entryStage, List<String> events,
                      Map<String, String> tiers, Map<String, OutcomeKind> outcomes, Map<String, Integer> limits) {

    public enum DeadlineKind { NONE, IMMEDIATELY, WORKING_DAYS, CALENDAR_DAYS, HOURS }
    /** ON_EVENT: the day a named step, action or event happens (Deadline.waitsFor). */
    public enum Anchor { STAGE_ENTRY, PATHWAY_START, PREVIOUS_STEP, ON_EVENT }
    public enum OutcomeKind { NONE, RESOLVED, FINAL_DECISION, EXIT }

    /** A timescale as the file states it; cumulativeWorkingDays null when it states none; hours N
     *  for HOURS (else 0); roll: a due date on a non-working day moves to the next working day;
     *  waitsFor the id an ON_EVENT anchor counts from (else null); reading how the source's
     *  words were read and the other reading they allow ("" when none is recorded). */
    public record Deadline(DeadlineKind kind, int days, Anchor anchor, Integer cumulativeWorkingDays, String clause,
                           int hours, boolean roll, Decision.Force force, String waitsFor, String reading) {}

    /** A step or required action of a stage, as declared. */
    public record StageObligation(String id, String name, String clause, Deadline deadline) {}

    /** An event that leaves a stage and where it leads; subject null when it applies to any;
     *  sideTrack: it leads back to its own stage (the case stays, its clock keeps running);
     *  actions: the obligations the event gives rise to on it, counted from its date. */
    public record Route(String event, String subject, String target, boolean terminal, boolean sideTrack,
                        List<StageObligation> actions, String clause) {}

    public record Stage(int index, String id, String name, String tier, String tierName, Deadline deadline,
                        String limit, Integer worstCaseWorkingDays, List<StageObligation> steps,
                        List<StageObligation> actions, List<Route> routes, String clause) {}

    /** A stage by id; NotFound when the pathway has none. */
    public Stage stage(String stageId) {
        for (Stage stage : stages) if (stage.id().equals(stageId)) return stage;
        throw new EscalateException.NotFound("pathway " + id + " has no stage \"" + stageId + "\"");
    }
}
