package io.w7s.host.observe;

/** HTTP statuses as bounded metric labels: {@code 2xx} … {@code 5xx}, and {@code none} when no response came. */
final class StatusClass {
    static final int COUNT = 6;
    private static final String[] NAMES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private StatusClass() {
    }

    static int index(int status) {
        int c = status / 100;
        return c >= 1 && c <= 5 ? c : 0;
    }

    static String name(int index) {
        return NAMES[index];
    }

    /** Whether the dashboard counts it as an error: a server error or no response at all. */
    static boolean isError(int status) {
        return status >= 500 || status < 100;
    }
}
