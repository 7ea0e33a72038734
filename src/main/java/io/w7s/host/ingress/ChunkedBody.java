package io.w7s.host.ingress;

import io.helidon.common.buffers.DataReader;
import java.io.IOException;
import java.io.InputStream;

/**
 * A strict decoder of a chunked request body (RFC 9112 §7.1), reading straight from the connection.
 * Helidon 4.5.0's own decoder refuses chunk extensions and trailers, and after a failure leaves the
 * connection positioned inside the body, so we decode chunked bodies ourselves.
 *
 * <ul>
 *   <li>chunk extensions ({@code 5;name=value}) are checked for syntax and ignored;</li>
 *   <li>trailer fields are checked for syntax and dropped (apps do not see them);</li>
 *   <li>a malformed or overflowing chunk size, a missing CRLF, a bare CR or LF, obs-fold or oversized
 *       trailers fail with {@link EdgeBodyException} status 400; more than {@code maxBytes} of data fails
 *       with status 413 as soon as a chunk size announces it.</li>
 * </ul>
 * Once {@link #read} has returned -1 the connection is positioned exactly after the body. After any
 * failure it is not, and the connection must be closed.
 */
final class ChunkedBody extends InputStream {
    private static final int MAX_LINE = 4096;

    private final DataReader reader;
    private final long maxBytes;
    private final int maxTrailerBytes;
    private long total;
    private long remaining;
    private boolean finished;
    private IOException failed;

    ChunkedBody(DataReader reader, long maxBytes, int maxTrailerBytes) {
        this.reader = reader;
        this.maxBytes = maxBytes;
        this.maxTrailerBytes = maxTrailerBytes;
    }

    /** Whether the whole body, trailers included, has been read. */
    boolean finished() {
        return finished;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failed != null) throw failed;
        if (len == 0) return 0;
        try {
            if (finished) return -1;
            if (remaining == 0) {
                nextChunk();
                if (finished) return -1;
            }
            reader.ensureAvailable();
            int n = (int) Math.min(Math.min(len, remaining), reader.available());
            byte[] data = reader.readBytes(n);
            System.arraycopy(data, 0, b, off, n);
            remaining -= n;
            if (remaining == 0) crlf("after chunk data");
            return n;
        } catch (EdgeBodyException e) {
            failed = e;
            throw e;
        } catch (RuntimeException e) {
            // the client went away (InsufficientDataAvailableException) or the socket failed
            failed = new IOException("the connection ended inside the request body", e);
            throw failed;
        }
    }

    @Override
    public int available() {
        if (finished || failed != null || remaining == 0) return 0;
        return (int) Math.min(remaining, reader.available());
    }

    private void nextChunk() throws EdgeBodyException {
        String line = line("chunk size");
        int i = 0;
        long size = 0;
        while (i < line.length() && hex(line.charAt(i)) >= 0) {
            if (size > (Long.MAX_VALUE >> 4)) throw bad("chunk size overflows");
            size = (size << 4) | hex(line.charAt(i));
            i++;
        }
        if (i == 0) throw bad("invalid chunk size");
        if (!validExtensions(line, i)) throw bad("invalid chunk extension");
        if (size == 0) {
            trailers();
            finished = true;
            return;
        }
        total += size;
        if (total > maxBytes || total < 0) {
            throw new EdgeBodyException(413, "request body is larger than " + maxBytes + " bytes");
        }
        remaining = size;
    }

    private void trailers() throws EdgeBodyException {
        int used = 0;
        while (true) {
            String line = line("trailer");
            if (line.isEmpty()) return;
            used += line.length() + 2;
            if (used > maxTrailerBytes) throw bad("trailer section too large");
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') throw bad("obsolete line folding in trailers");
            int colon = line.indexOf(':');
            if (colon <= 0) throw bad("invalid trailer field");
            for (int k = 0; k < colon; k++) {
                if (!tchar(line.charAt(k))) throw bad("invalid trailer field name");
            }
        }
    }

    /** Reads one CRLF-terminated line of visible ASCII, SP and HTAB. */
    private String line(String what) throws EdgeBodyException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            byte c = reader.read();
            if (c == '\r') {
                if (reader.read() != '\n') throw bad("bare CR in " + what + " line");
                return sb.toString();
            }
            if (c == '\n') throw bad("bare LF in " + what + " line");
            if ((c >= 0 && c < 0x20 && c != '\t') || c == 0x7f) throw bad("control character in " + what + " line");
            if (sb.length() >= MAX_LINE) throw bad(what + " line too long");
            sb.append((char) (c & 0xff));
        }
    }

    private void crlf(String where) throws EdgeBodyException {
        if (reader.read() != '\r' || reader.read() != '\n') throw bad("missing CRLF " + where);
    }

    /** chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ), then optional BWS. */
    static boolean validExtensions(String s, int i) {
        int n = s.length();
        while (true) {
            i = skipBws(s, i);
            if (i == n) return true;
            if (s.charAt(i) != ';') return false;
            i = skipBws(s, i + 1);
            int start = i;
            while (i < n && tchar(s.charAt(i))) i++;
            if (i == start) return false;
            int afterName = i;
            i = skipBws(s, i);
            if (i < n && s.charAt(i) == '=') {
                i = skipBws(s, i + 1);
                if (i < n && s.charAt(i) == '"') {
                    i++;
                    while (true) {
                        if (i >= n) return false;
                        char c = s.charAt(i);
                        if (c == '"') { i++; break; }
                        if (c == '\\') {
                            if (i + 1 >= n) return false;
                            i += 2;
                            continue;
                        }
                        i++;
                    }
                } else {
                    int v = i;
                    while (i < n && tchar(s.charAt(i))) i++;
                    if (i == v) return false;
                }
            } else {
                i = afterName;
            }
        }
    }

    private static int skipBws(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
        return i;
    }

    static boolean tchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private static EdgeBodyException bad(String message) {
        return new EdgeBodyException(400, message);
    }

    /** A request body the edge refuses: 400 (malformed framing) or 413 (too large). */
    static final class EdgeBodyException extends IOException {
        final int status;

        EdgeBodyException(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
