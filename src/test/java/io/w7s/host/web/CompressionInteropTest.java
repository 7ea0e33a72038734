package io.w7s.host.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CompressionStream output decompresses with java.util.zip, and java.util.zip output decompresses
 * with DecompressionStream (gzip: GZIP streams; deflate: zlib = Inflater/Deflater; deflate-raw: nowrap).
 */
class CompressionInteropTest {

    private static final String TEXT = "Grüße aus der Isolate-Welt 😀 ".repeat(300) + "end";
    private static WebContext cx;

    @BeforeAll
    static void start() {
        cx = new WebContext();
        cx.eval("""
                globalThis.__b64 = (u8) => { let s = ""; for (const b of u8) s += String.fromCharCode(b); return btoa(s); };
                globalThis.__unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
                globalThis.__pipe = async (transform, input) => {
                  const out = await new Response(new Blob([input]).stream().pipeThrough(transform)).arrayBuffer();
                  return new Uint8Array(out);
                };
                """);
    }

    @AfterAll
    static void stop() {
        cx.close();
    }

    private static byte[] jsCompress(String format) {
        String json = cx.evalJson("__pipe(new CompressionStream('" + format + "'), " + jsString(TEXT) + ").then(__b64)");
        return Base64.getDecoder().decode(json.substring(1, json.length() - 1));
    }

    private static String jsDecompress(String format, byte[] data) throws IOException {
        String b64 = Base64.getEncoder().encodeToString(data);
        String json = cx.evalJson("__pipe(new DecompressionStream('" + format + "'), __unb64('" + b64
                + "')).then((u8) => new TextDecoder().decode(u8))");
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, String.class);
    }

    private static String jsString(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] inflate(byte[] data, boolean nowrap) throws DataFormatException {
        Inflater inflater = new Inflater(nowrap);
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!inflater.finished()) {
            int n = inflater.inflate(buf);
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) throw new DataFormatException("truncated");
            out.write(buf, 0, n);
        }
        assertEquals(0, inflater.getRemaining(), "no bytes after the end of the stream");
        inflater.end();
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data, boolean nowrap) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, nowrap);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!deflater.finished()) out.write(buf, 0, deflater.deflate(buf));
        deflater.end();
        return out.toByteArray();
    }

    private static final byte[] PLAIN = TEXT.getBytes(StandardCharsets.UTF_8);

    @Test
    void gzipFromJsDecompressesInJava() throws IOException {
        byte[] gz = jsCompress("gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertArrayEquals(PLAIN, in.readAllBytes()); // GZIPInputStream checks CRC32 and ISIZE
        }
    }

    @Test
    void deflateFromJsInflatesInJava() throws DataFormatException {
        assertArrayEquals(PLAIN, inflate(jsCompress("deflate"), false)); // zlib wrapper, Adler-32 checked
    }

    @Test
    void deflateRawFromJsInflatesInJavaWithNowrap() throws DataFormatException {
        assertArrayEquals(PLAIN, inflate(jsCompress("deflate-raw"), true));
    }

    @Test
    void javaGzipDecompressesInJs() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(PLAIN);
        }
        assertEquals(TEXT, jsDecompress("gzip", bytes.toByteArray()));
    }

    @Test
    void javaDeflateDecompressesInJs() throws IOException {
        assertEquals(TEXT, jsDecompress("deflate", deflate(PLAIN, false)));
        assertEquals(TEXT, jsDecompress("deflate-raw", deflate(PLAIN, true)));
    }
}
