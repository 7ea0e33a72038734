package io.w7s.host.module;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one {@link CompileCache} entry: a small binary layout read with DataInputStream, because
 * a restart reads hundreds of entries and a JSON binder costs ~0.1 s of reflection before the first one.
 *
 * <pre>
 * "W7SC" VERSION key code hasMap [mappings] imports{specifier line column dynamic require}
 *        sites{start end specifier} commonJs commonJsExports{name} "END"
 * </pre>
 * Strings are an int byte count and UTF-8; lists an int count. The source map is stored as its
 * "mappings" string ({@link SourceMap#mappings()}).
 */
final class EntryFormat {
    /** Bump when the layout or what the compiler produces changes: entries of other versions are never read. */
    static final int VERSION = 7; // 2: sites of relative imports; 3: object-literal CommonJS exports; 4-7: NODE_ENV defined, CommonJS re-exports, names of module.exports = X, TypeScript declarations of process
    private static final int MAGIC = 0x57375343; // "W7SC"
    private static final int END = 0x454E44; // "END": a truncated file cannot end with it

    private EntryFormat() {
    }

    static byte[] write(String key, CompiledModule module) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(module.code().length() + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            string(out, key);
            string(out, module.code());
            out.writeBoolean(module.sourceMap() != null);
            if (module.sourceMap() != null) {
                string(out, module.sourceMap().mappings());
            }
            out.writeInt(module.imports().size());
            for (ImportRef ref : module.imports()) {
                string(out, ref.specifier());
                out.writeInt(ref.line());
                out.writeInt(ref.column());
                out.writeBoolean(ref.dynamic());
                out.writeBoolean(ref.require());
            }
            out.writeInt(module.sites().size());
            for (CompiledModule.Site site : module.sites()) {
                out.writeInt(site.start());
                out.writeInt(site.end());
                string(out, site.specifier());
            }
            out.writeBoolean(module.commonJs());
            out.writeInt(module.commonJsExports().size());
            for (String name : module.commonJsExports()) {
                string(out, name);
            }
            out.writeInt(END);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        return bytes.toByteArray();
    }

    /** The module in {@code data}, or null when it was written for another key or another version. */
    static CompiledModule read(byte[] data, String key) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        if (in.readInt() != MAGIC || in.readInt() != VERSION || !key.equals(string(in))) {
            return null;
        }
        String code = string(in);
        SourceMap sourceMap = in.readBoolean() ? SourceMap.ofMappings(string(in)) : null;
        List<ImportRef> imports = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            imports.add(new ImportRef(string(in), in.readInt(), in.readInt(), in.readBoolean(), in.readBoolean()));
        }
        List<CompiledModule.Site> sites = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            sites.add(new CompiledModule.Site(in.readInt(), in.readInt(), string(in)));
        }
        boolean commonJs = in.readBoolean();
        List<String> exports = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            exports.add(string(in));
        }
        if (in.readInt() != END || in.available() != 0) {
            throw new IOException("compile cache entry does not end where it should");
        }
        return new CompiledModule(code, sourceMap, imports, sites, commonJs, exports);
    }

    private static void string(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String string(DataInputStream in) throws IOException {
        int length = count(in);
        if (length > in.available()) {
            throw new IOException("compile cache entry is truncated");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** A length or count; a damaged file must not make us allocate gigabytes. */
    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("compile cache entry is damaged");
        }
        return n;
    }
}
