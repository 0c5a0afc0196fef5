// A working-day calendar of an engine; valid while the engine is open.
package escalate;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

public final class Calendar {
    private final Engine engine;
    private final Pointer handle;
    private final String id, name;
    private final LocalDate firstDate, lastDate;

    /** A holiday; substitute when it stands in for one that fell on a weekend. */
    public record Holiday(LocalDate date, boolean substitute, String name) {}

    Calendar(Engine engine, Pointer handle) {
        this.engine = engine;
        this.handle = handle;
        Native.CalendarInfo info = new Native.CalendarInfo();
        Native.check(Native.LIB.esc_calendar_info_get(handle, info));
        id = Native.text(info.id);
        name = Native.text(info.name);
        firstDate = Dates.fromDayNumber(info.first_date);
        lastDate = Dates.fromDayNumber(info.last_date);
    }

    public String id() { return id; }
    public String name() { return name; }
    public LocalDate firstDate() { return firstDate; }
    public LocalDate lastDate() { return lastDate; }

    private Pointer handle() {
        engine.handle();  // throws once the engine is closed
        return handle;
    }

    public boolean isWorkingDay(LocalDate date) {
        IntByReference out = new IntByReference();
        Native.check(Native.LIB.esc_calendar_is_working_day(handle(), Dates.toDayNumber(date), out));
        return out.getValue() != 0;
    }

    /** The count-th working day strictly after date. */
    public LocalDate addWorkingDays(LocalDate date, int count) {
        IntByReference out = new IntByReference();
        Native.check(Native.LIB.esc_calendar_add_working_days(handle(), Dates.toDayNumber(date), count, out));
        return Dates.fromDayNumber(out.getValue());
    }

    /** The number of working days d with from &lt; d &lt;= to. */
    public int countWorkingDays(LocalDate from, LocalDate to) {
        IntByReference out = new IntByReference();
        Native.check(Native.LIB.esc_calendar_count_working_days(handle(), Dates.toDayNumber(from),
                                                               Dates.toDayNumber(to), out));
        return out.getValue();
    }

    public List<Holiday> holidays(int year) {
        LongByReference count = new LongByReference();
        Native.check(Native.LIB.esc_calendar_holidays(handle(), year, null, 0, count));
        List<Holiday> list = new ArrayList<>();
        if (count.getValue() == 0) return list;
        Native.Holiday[] buffer = (Native.Holiday[]) new Native.Holiday().toArray((int) count.getValue());
        Native.check(Native.LIB.esc_calendar_holidays(handle(), year, buffer[0], buffer.length, count));
        for (Native.Holiday h : buffer) {
            h.read();
            list.add(new Holiday(Dates.fromDayNumber(h.date), h.substitute != 0, Native.text(h.name)));
        }
        return list;
    }
}
