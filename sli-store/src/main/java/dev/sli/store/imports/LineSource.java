package dev.sli.store.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a byte stream, decoded as strict UTF-8, each at most a bounded number of bytes: a longer
 * line is an {@link ImportException} as soon as the bound is passed (memory never follows the line), and
 * bytes that are not UTF-8 are one naming the line and the byte offset. Lines end at {@code \n}; a
 * {@code \r} before it is dropped; the last line needs no terminator. Not thread-safe.
 */
final class LineSource {

    private final InputStream in;
    private final String source;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private int pos;
    private int limit;
    private boolean ended;
    private byte[] line = new byte[256];
    private int lineLength;
    private long lineNumber;
    private long lineStartOffset;
    private long offset;

    LineSource(InputStream in, String source, int maxLineBytes) {
        this.in = in;
        this.source = source;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its terminator, or null at the end of the input. */
    String next() throws IOException, ImportException {
        lineLength = 0;
        lineStartOffset = offset;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                if (ended) {
                    break;
                }
                int n = in.read(buffer);
                if (n < 0) {
                    ended = true;
                    break;
                }
                pos = 0;
                limit = n;
                continue;
            }
            any = true;
            int newline = -1;
            for (int i = pos; i < limit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? limit : newline;
            append(pos, end - pos);
            offset += end - pos;
            pos = end;
            if (newline >= 0) {
                pos++;
                offset++;
                lineNumber++;
                return decode();
            }
        }
        if (!any) {
            return null;
        }
        lineNumber++;
        return decode();
    }

    /** The 1-based number of the line {@link #next} returned last. */
    long lineNumber() {
        return lineNumber;
    }

    /** The 0-based byte offset in the input of the first byte of the line {@link #next} returned last. */
    long lineStartOffset() {
        return lineStartOffset;
    }

    /** The byte offset of character {@code charIndex} of the current line {@code text}. */
    long offsetOf(String text, int charIndex) {
        long bytes = 0;
        for (int i = 0; i < charIndex && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return lineStartOffset + bytes;
    }

    private void append(int from, int length) throws ImportException {
        if (length == 0) {
            return;
        }
        if ((long) lineLength + length > maxLineBytes) {
            int keep = Math.min(maxLineBytes - lineLength, length);
            copy(from, keep);
            String start = new String(line, 0, Math.min(lineLength, Excerpt.MAX_CHARS * 4), StandardCharsets.UTF_8);
            throw new ImportException(source, lineNumber + 1, lineStartOffset, "the line is longer than " + maxLineBytes
                    + " bytes, the limit for one line; it starts " + Excerpt.prefix(start));
        }
        copy(from, length);
    }

    private void copy(int from, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, Math.max((long) line.length * 2, lineLength + length)));
        }
        System.arraycopy(buffer, from, line, lineLength, length);
        lineLength += length;
    }

    private String decode() throws ImportException {
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            if (line[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(line, 0, length, StandardCharsets.ISO_8859_1);
        }
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        CharBuffer chars = CharBuffer.allocate(length);
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            int at = bytes.position();
            StringBuilder bad = new StringBuilder();
            for (int i = at; i < Math.min(length, at + Math.max(1, result.length())); i++) {
                bad.append(bad.length() == 0 ? "" : " ").append(String.format("0x%02X", line[i] & 0xff));
            }
            throw new ImportException(source, lineNumber, lineStartOffset + at, "the text is not UTF-8: byte " + bad
                    + " (byte " + (at + 1) + " of the line) does not start or continue a UTF-8 character");
        }
        chars.flip();
        return chars.toString();
    }
}
