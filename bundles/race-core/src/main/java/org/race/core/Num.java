package org.race.core;

import java.util.Locale;

/** Numbers in messages and events: up to three decimals, no trailing zeros. */
final class Num {
    private Num() {
    }

    static String of(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
