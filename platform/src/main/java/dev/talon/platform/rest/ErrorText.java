package dev.talon.platform.rest;

/** Text the API echoes back in errors. */
final class ErrorText {

    private ErrorText() {
    }

    /** Ids echoed in errors: cut and stripped of control characters. */
    static String printable(String id) {
        if (id == null) {
            return "";
        }
        String cut = id.length() > 64 ? id.substring(0, 64) + "..." : id;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
