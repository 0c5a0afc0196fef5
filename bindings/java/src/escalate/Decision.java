// The answer of Engine.decide: where the case goes, who is responsible, when it is due.
package escalate;

import java.time.LocalDate;
import java.util.List;

public record Decision(String stage, String stageName, String tier, String tierName, boolean terminal,
                       Pathway.OutcomeKind outcomeKind, LocalDate due, DueRule dueRule, String limitId,
                       LocalDate limitDue, String clause, List<Obligation> steps, List<Obligation> actions) {

    public enum DueRule { NONE, STAGE_TIMESCALE, OVERALL_LIMIT }

    /** A step or action with its due date (null when the source gives no timescale). */
    public record Obligation(String id, String name, String clause, LocalDate due) {}
}
