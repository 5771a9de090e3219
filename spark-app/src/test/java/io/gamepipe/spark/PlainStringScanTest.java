package io.gamepipe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The eight-bytes-at-a-time string scan of {@link FlatEventScanner} against the plain byte loop it
 * stands in for: the same end (or -1) for any bytes, from any start, up to any end.
 */
class PlainStringScanTest {

    /** The byte loop: the closing quote of printable ASCII without escapes, else -1. */
    private static int byteByByte(byte[] v, int i, int to) {
        for (; i < to; i++) {
            int b = v[i] & 0xff;
            if (b == '"') {
                return i;
            }
            if (b == '\\' || b < 0x20 || b >= 0x7f) {
                return -1;
            }
        }
        return -1;
    }

    @Property(tries = 5000)
    void findsWhatTheByteLoopFinds(@ForAll("strings") byte[] v, @ForAll @IntRange(max = 40) int start,
            @ForAll @IntRange(max = 40) int cut) {
        int from = Math.min(start, v.length);
        int to = Math.max(from, v.length - cut);

        assertThat(FlatEventScanner.plainStringEnd(v, from, to)).isEqualTo(byteByByte(v, from, to));
    }

    /** Mostly printable ASCII, with now and then a quote, a backslash, a control character or a byte of 0x7f and up. */
    @Provide
    Arbitrary<byte[]> strings() {
        Arbitrary<Byte> printable = Arbitraries.bytes().between((byte) 0x20, (byte) 0x7e);
        Arbitrary<Byte> stops = Arbitraries.of((byte) '"', (byte) '\\', (byte) 0x00, (byte) 0x1f, (byte) 0x7f,
                (byte) 0x80, (byte) 0xa2, (byte) 0xdc, (byte) 0xff, (byte) 0x21, (byte) 0x23, (byte) 0x5b, (byte) 0x5d);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(40, printable), net.jqwik.api.Tuple.of(1, stops))
                .array(byte[].class).ofMaxSize(120);
    }
}
