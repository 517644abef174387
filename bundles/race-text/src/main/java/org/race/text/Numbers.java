package org.race.text;

import java.util.Locale;

/**
 * Numbers as messages and tables print them. Plain decimals for the figures people use (whole
 * numbers without decimals, else a few), and scientific notation outside them: a fixed-point
 * format turns 1e308 into 309 digits and 1e-9 into "0", which hid a period of a nanosecond.
 */
public final class Numbers {
    /** Below this (and above 0), decimals would round to zero. */
    private static final double SMALL = 1e-3;
    /** From here on, digits stop being readable. */
    private static final double LARGE = 1e12;

    private Numbers() {
    }

    /** {@code v} with at most three decimals, e.g. 100, 0.25, 1.0e308, 1.0e-9. */
    public static String readable(double v) {
        return readable(v, 3);
    }

    /** {@code v} with at most {@code decimals} decimals in its plain form. */
    public static String readable(double v, int decimals) {
        if (!Double.isFinite(v)) return Double.toString(v);
        double a = Math.abs(v);
        if (a == 0) return "0";
        if (a >= LARGE || a < SMALL) return scientific(v);
        if (v == Math.rint(v)) return Long.toString((long) v);
        return trimmed(String.format(Locale.ROOT, "%." + decimals + "f", v));
    }

    /**
     * Without trailing zeros, then without a trailing point: what {@code replaceAll("0+$", "").replaceAll("\\.$", "")}
     * gives, without compiling two patterns a number (a table of 10,000 components formats 100,000 numbers).
     */
    private static String trimmed(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') end--;
        if (end > 0 && s.charAt(end - 1) == '.') end--;
        return s.substring(0, end);
    }

    /** Three significant digits, at least one decimal: 1.0e308, 2.5e-9, -1.23e15. */
    private static String scientific(double v) {
        String[] parts = String.format(Locale.ROOT, "%.2e", v).split("e");
        String mantissa = parts[0].replaceAll("0+$", "");
        if (mantissa.endsWith(".")) mantissa += "0";
        return mantissa + "e" + Integer.parseInt(parts[1]);
    }
}
