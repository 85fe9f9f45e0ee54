package dev.sli.store.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free fast paths of the JSON importer give exactly what the full reading gives: the same
 * double bits as {@link Double#parseDouble} for a million random plain decimals, and NaN (hand over to the
 * full reading) for everything they do not take.
 */
class TextFastPathTest {

    static double fast(String s) {
        char[] padded = ("xx" + s + "yy").toCharArray();
        return Text.fastValue(padded, 2, s.length());
    }

    @Test
    void plainDecimalsGiveParseDoublesBits() {
        SplittableRandom r = new SplittableRandom(1);
        int taken = 0;
        for (int i = 0; i < 1_000_000; i++) {
            StringBuilder b = new StringBuilder();
            if (r.nextBoolean()) {
                b.append('-');
            }
            int intDigits = r.nextInt(1, 12);
            for (int k = 0; k < intDigits; k++) {
                b.append((char) ('0' + r.nextInt(10)));
            }
            if (r.nextInt(3) > 0) {
                b.append('.');
                int frac = r.nextInt(1, 12);
                for (int k = 0; k < frac; k++) {
                    b.append((char) ('0' + r.nextInt(10)));
                }
            }
            String s = b.toString();
            double f = fast(s);
            if (!Double.isNaN(f)) {
                taken++;
                assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(f), s);
            }
        }
        assertEquals(true, taken > 500_000, taken + " of a million taken by the fast path");
    }

    @Test
    void everythingElseIsLeftToTheFullReading() {
        for (String s : new String[] {"", "-", "1.", "1e3", "NaN", "+Inf", "0x10", "1.2.3", " 1", "1234567890123456",
            "0.12345678901234567", "+1", "1.00000000000000000000001"}) {
            assertEquals(true, Double.isNaN(fast(s)), s);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(fast("-0")));
        assertEquals(0.5, fast(".5"));
        assertEquals(1_704_067_200_000L, Text.fastSecondsToMillis("1704067200".toCharArray(), 0, 10));
        assertEquals(Long.MIN_VALUE, Text.fastSecondsToMillis("1704067200.5".toCharArray(), 0, 12));
        assertEquals(Long.MIN_VALUE, Text.fastSecondsToMillis("1234567890123456".toCharArray(), 0, 16));
    }
}
