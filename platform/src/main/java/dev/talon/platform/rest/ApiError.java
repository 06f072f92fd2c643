package dev.talon.platform.rest;

/** The body of every error: {@code {"error":{"code":"...","message":"..."}}}. */
record ApiError(Detail error) {

    record Detail(String code, String message) {
    }

    static ApiError of(String code, String message) {
        return new ApiError(new Detail(code, message));
    }
}
