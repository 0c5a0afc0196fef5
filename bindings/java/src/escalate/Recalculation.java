// The result of Engine.recalculate: a due date (null: none, or a failed row) and a reason per row.
package escalate;

import java.time.LocalDate;
import java.util.List;

public record Recalculation(List<LocalDate> due, List<RowReason> reasons, int failed) {}
