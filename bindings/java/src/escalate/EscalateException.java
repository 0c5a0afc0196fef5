// A failed call: its status and the library's message (what went wrong and where). Subclasses
// per status, so callers can catch what they handle.
package escalate;

public class EscalateException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Status status;

    public EscalateException(Status status, String message) {
        super(message);
        this.status = status;
    }

    public Status status() { return status; }

    /** NULL, a bad date or index, a subject the pathway does not cover, a missing argument. */
    public static class InvalidArgument extends EscalateException {
        private static final long serialVersionUID = 1L;
        public InvalidArgument(String message) { super(Status.INVALID_ARGUMENT, message); }
    }
    /** A ruleset that is not XML or breaks the format or the checks ("file:line: ..."). */
    public static class Ruleset extends EscalateException {
        private static final long serialVersionUID = 1L;
        public Ruleset(Status status, String message) { super(status, message); }
    }
    /** An unknown pathway, stage, event or calendar id. */
    public static class NotFound extends EscalateException {
        private static final long serialVersionUID = 1L;
        public NotFound(String message) { super(Status.NOT_FOUND, message); }
    }
    /** The event has no route from that stage. */
    public static class NoTransition extends EscalateException {
        private static final long serialVersionUID = 1L;
        public NoTransition(String message) { super(Status.NO_TRANSITION, message); }
    }
    /** A date outside the years the calendar covers. */
    public static class OutOfRange extends EscalateException {
        private static final long serialVersionUID = 1L;
        public OutOfRange(String message) { super(Status.OUT_OF_RANGE, message); }
    }
    /** A ruleset file or directory that cannot be read. */
    public static class Io extends EscalateException {
        private static final long serialVersionUID = 1L;
        public Io(String message) { super(Status.IO_ERROR, message); }
    }

    static EscalateException of(Status status, String message) {
        switch (status) {
            case INVALID_ARGUMENT: return new InvalidArgument(message);
            case PARSE_ERROR:
            case INVALID_RULESET: return new Ruleset(status, message);
            case NOT_FOUND: return new NotFound(message);
            case NO_TRANSITION: return new NoTransition(message);
            case OUT_OF_RANGE: return new OutOfRange(message);
            case IO_ERROR: return new Io(message);
            default: return new EscalateException(status, message);
        }
    }
}
