// The answer of Engine.decide: where the case goes, who is responsible, when it is due.
package escalate;

import java.time.LocalDate;
import java.util.List;

/** {@code force} is the force of the rule that decided {@code due} (null when there is no due
 *  date); {@code overdue}: the stage is entered after the date it is due (overdue on entry);
 *  {@code sideTrack}: the event kept the case at its stage, whose entry is {@code entered}. */
public record Decision(String stage, String stageName, String tier, String tierName, boolean terminal,
                       Pathway.OutcomeKind outcomeKind, LocalDate due, DueRule dueRule, String limitId,
                       LocalDate limitDue, String clause, List<Obligation> steps, List<Obligation> actions,
                       Force force, boolean overdue, boolean sideTrack, LocalDate entered) {

    /** What decided a due date, or why there is none (WAITING: it counts from something that
     *  has not happened yet; PAST_CALENDAR_END: obligations only). */
    public enum DueRule { NONE, STAGE_TIMESCALE, OVERALL_LIMIT, WAITING, PAST_CALENDAR_END }

    /** How binding a deadline is, as its source words it (esc_force): a missed MUST breaches a
     *  requirement, the others miss an expectation. */
    public enum Force { MUST, SHOULD, EXPECTED, USUALLY }

    /** Where an obligation comes from (ESC_FROM_*): the stage, the event's transition, or the
     *  outcome reached. */
    public enum Source { STAGE, TRANSITION, OUTCOME }

    /** A step or action with its due date (null when the source gives no timescale, or see
     *  dueRule); waitsFor names what an on:ID obligation waits for, else null. */
    public record Obligation(String id, String name, String clause, LocalDate due, DueRule dueRule, Force force,
                             Source source, String waitsFor) {}
}
