// Why a row of a bulk recalculation failed: esc_row_reason, in the C ABI's order (its ordinal is
// the C value). name() is the Java constant; reasonName() is the library's own name.
package escalate;

public enum RowReason {
    OK, UNKNOWN_PATHWAY, UNKNOWN_STAGE, MISSING_ENTERED, MISSING_STARTED, START_AFTER_ENTRY, DATE_OUT_OF_RANGE,
    DUE_OUT_OF_RANGE, NO_VERSION;

    /** The library's name for the reason, "missing-started" (esc_row_reason_name). */
    public String reasonName() {
        return Native.text(Native.LIB.esc_row_reason_name(ordinal()));
    }

    static RowReason of(int value) {
        if (value < 0 || value >= values().length)
            throw new EscalateException(Status.INTERNAL_ERROR, "unknown row reason " + value);
        return values()[value];
    }
}
