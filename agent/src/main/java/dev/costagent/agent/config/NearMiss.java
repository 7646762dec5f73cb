package dev.costagent.agent.config;

/** Whether two names are one typing slip apart: one letter changed, added, dropped, or two neighbours swapped. */
final class NearMiss {

    private NearMiss() {
    }

    /** True when {@code a} and {@code b} differ, and by one edit (optimal string alignment distance 1). */
    static boolean oneEditApart(String a, String b) {
        if (a.equals(b) || Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        // From the first difference: a change, a swap of neighbours, or one letter more on either side.
        String ra = a.substring(Math.min(i + 1, a.length()));
        String rb = b.substring(Math.min(i + 1, b.length()));
        if (a.length() == b.length()) {
            boolean swapped = i + 1 < a.length() && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                    && a.substring(i + 2).equals(b.substring(i + 2));
            return swapped || ra.equals(rb);
        }
        return a.length() > b.length() ? a.substring(i + 1).equals(b.substring(i)) : b.substring(i + 1).equals(a.substring(i));
    }
}
