package org.race.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue 17 item 8: 1e308 was printed as 309 digits and a period of 1e-9 ms as "0". */
class NumbersTest {
    @Test
    void everydayFiguresArePlain() {
        assertEquals("100", Numbers.readable(100));
        assertEquals("0.25", Numbers.readable(0.25));
        assertEquals("-0.2", Numbers.readable(-0.2));
        assertEquals("0.333", Numbers.readable(1.0 / 3));
        assertEquals("0.3333", Numbers.readable(1.0 / 3, 4));
        assertEquals("0", Numbers.readable(0));
        assertEquals("86400000", Numbers.readable(86_400_000));
    }

    @Test
    void extremesAreScientificNotDigitsOrZero() {
        assertEquals("1.0e308", Numbers.readable(1e308));
        assertEquals("1.0e-9", Numbers.readable(1e-9));
        assertEquals("-2.5e12", Numbers.readable(-2.5e12));
        assertEquals("1.23e15", Numbers.readable(1.234e15));
        assertEquals("4.0e-4", Numbers.readable(0.0004));
        assertEquals("Infinity", Numbers.readable(Double.POSITIVE_INFINITY));
    }

    /** The trimming without patterns prints what the two regular expressions printed, for seeded figures of every size. */
    @Test
    void trimmingAsTheRegularExpressionsDid() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(16);
        for (int i = 0; i < 20_000; i++) {
            double v = (rnd.nextBoolean() ? 1 : -1) * Math.pow(10, rnd.nextDouble(-3, 12)) * (rnd.nextInt(4) == 0 ? 1 : rnd.nextDouble());
            if (rnd.nextInt(5) == 0) v = Math.round(v * 100) / 100.0;
            for (int d = 0; d <= 4; d++) {
                String before = Math.abs(v) < 1e-3 || Math.abs(v) >= 1e12 || v == Math.rint(v) ? Numbers.readable(v, d)
                        : String.format(java.util.Locale.ROOT, "%." + d + "f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
                assertEquals(before, Numbers.readable(v, d), v + " with " + d + " decimals");
            }
        }
    }
}
