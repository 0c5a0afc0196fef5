// Dates as the C ABI counts them: LocalDate.toEpochDay() is an esc_date; null is "no date".
package escalate;

import java.time.LocalDate;

public final class Dates {
    private Dates() {}

    /** ESC_NO_DATE. */
    public static final int NO_DATE = Integer.MIN_VALUE;

    public static int toDayNumber(LocalDate date) {
        return date == null ? NO_DATE : Math.toIntExact(date.toEpochDay());
    }

    public static LocalDate fromDayNumber(int day) {
        return day == NO_DATE ? null : LocalDate.ofEpochDay(day);
    }
}
