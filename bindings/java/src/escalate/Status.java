// What a call did: esc_status, with the C ABI's values.
package escalate;

public enum Status {
    OK, INVALID_ARGUMENT, PARSE_ERROR, INVALID_RULESET, NOT_FOUND, NO_TRANSITION, OUT_OF_RANGE, IO_ERROR,
    NO_MEMORY, INTERNAL_ERROR;

    /** The status with a C value; INTERNAL_ERROR for one this binding does not know. */
    public static Status of(int value) {
        return value >= 0 && value < values().length ? values()[value] : INTERNAL_ERROR;
    }
}
