package io.w7s.host.module;

import com.caoccao.javet.swc4j.ast.expr.Swc4jAstCallExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdent;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstStr;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstExportAll;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImport;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImportDecl;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstNamedExport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the imports of a parsed module, with their positions in the original source.
 * Type-only imports ({@code import type}, {@code export type … from}) are skipped: they vanish from the JS.
 */
final class ImportScanner {
    private static final String JSON_ATTRIBUTE = " with { type: \"json\" }";
    private static final String JSON_OPTIONS = ", { with: { type: \"json\" } }";

    private ImportScanner() {
    }

    /** The imports, plus where to add a JSON import attribute (offsets in UTF-16 units of the source). */
    record Scan(List<ImportRef> imports, List<Insertion> insertions) {
        String withJsonAttributes(String source) {
            if (insertions.isEmpty()) {
                return source;
            }
            StringBuilder out = new StringBuilder(source);
            insertions.stream()
                    .sorted(Comparator.comparingInt(Insertion::offset).reversed())
                    .forEach(i -> out.insert(i.offset(), i.text()));
            return out.toString();
        }
    }

    record Insertion(int offset, String text) {
    }

    static Scan scan(ISwc4jAst program, String source) {
        List<ImportRef> imports = new ArrayList<>();
        List<Insertion> insertions = new ArrayList<>();
        for (Swc4jAstImportDecl decl : program.find(Swc4jAstImportDecl.class)) {
            if (!decl.isTypeOnly()) {
                add(imports, insertions, source, decl, decl.getSrc(), decl.getWith().isEmpty());
            }
        }
        for (Swc4jAstExportAll decl : program.find(Swc4jAstExportAll.class)) {
            if (!decl.isTypeOnly()) {
                add(imports, insertions, source, decl, decl.getSrc(), decl.getWith().isEmpty());
            }
        }
        for (Swc4jAstNamedExport decl : program.find(Swc4jAstNamedExport.class)) {
            if (!decl.isTypeOnly() && decl.getSrc().isPresent()) {
                add(imports, insertions, source, decl, decl.getSrc().get(), decl.getWith().isEmpty());
            }
        }
        for (Swc4jAstCallExpr call : program.find(Swc4jAstCallExpr.class)) {
            // import("./literal"): the only dynamic import we can know at deploy time.
            if (call.getCallee() instanceof Swc4jAstImport && !call.getArgs().isEmpty()
                    && call.getArgs().getFirst().getSpread().isEmpty()
                    && call.getArgs().getFirst().getExpr() instanceof Swc4jAstStr str) {
                ImportRef ref = ref(call, str, true);
                imports.add(ref);
                if (isJson(ref.specifier()) && call.getArgs().size() == 1) {
                    insertions.add(new Insertion(utf16(source, str.getSpan().getEnd()), JSON_OPTIONS));
                }
            }
        }
        imports.sort(Comparator.comparingInt(ImportRef::line).thenComparingInt(ImportRef::column));
        return new Scan(imports, insertions);
    }

    /**
     * {@code imports} of a .tsx/.jsx source plus the imports its compiled code gained (the automatic JSX
     * runtime's), placed at the first JSX element: that is the code that needs them.
     */
    static List<ImportRef> withJsxRuntimeImports(List<ImportRef> imports, ISwc4jAst source, List<ImportRef> generated) {
        java.util.Set<String> known = new java.util.HashSet<>();
        imports.forEach(ref -> known.add(ref.specifier()));
        List<ImportRef> result = new ArrayList<>(imports);
        ISwc4jAst firstJsx = null;
        for (ISwc4jAst node : jsxNodes(source)) {
            if (firstJsx == null || node.getSpan().getStart() < firstJsx.getSpan().getStart()) {
                firstJsx = node;
            }
        }
        int line = firstJsx == null ? 1 : firstJsx.getSpan().getLine();
        int column = firstJsx == null ? 1 : firstJsx.getSpan().getColumn();
        for (ImportRef ref : generated) {
            if (known.add(ref.specifier())) {
                result.add(new ImportRef(ref.specifier(), line, column, false));
            }
        }
        return result;
    }

    private static List<ISwc4jAst> jsxNodes(ISwc4jAst program) {
        List<ISwc4jAst> nodes = new ArrayList<>(program.find(com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxElement.class));
        nodes.addAll(program.find(com.caoccao.javet.swc4j.ast.expr.Swc4jAstJsxFragment.class));
        return nodes;
    }

    /** The string literals of the bare imports of {@code code} (already compiled ES module JS). */
    static List<CompiledModule.Site> bareSites(ISwc4jAst program, String code) {
        return sites(program, code, true);
    }

    /** The string literals of all the imports of {@code code}, relative ones too. */
    static List<CompiledModule.Site> allSites(ISwc4jAst program, String code) {
        return sites(program, code, false);
    }

    private static List<CompiledModule.Site> sites(ISwc4jAst program, String code, boolean bareOnly) {
        List<Swc4jAstStr> literals = new ArrayList<>();
        for (Swc4jAstImportDecl decl : program.find(Swc4jAstImportDecl.class)) {
            literals.add(decl.getSrc());
        }
        for (Swc4jAstExportAll decl : program.find(Swc4jAstExportAll.class)) {
            literals.add(decl.getSrc());
        }
        for (Swc4jAstNamedExport decl : program.find(Swc4jAstNamedExport.class)) {
            decl.getSrc().ifPresent(literals::add);
        }
        for (Swc4jAstCallExpr call : program.find(Swc4jAstCallExpr.class)) {
            if (call.getCallee() instanceof Swc4jAstImport && !call.getArgs().isEmpty()
                    && call.getArgs().getFirst().getSpread().isEmpty()
                    && call.getArgs().getFirst().getExpr() instanceof Swc4jAstStr str) {
                literals.add(str);
            }
        }
        List<CompiledModule.Site> sites = new ArrayList<>();
        for (Swc4jAstStr str : literals) {
            if (!bareOnly || new ImportRef(str.getValue(), 1, 1, false).bare()) {
                sites.add(new CompiledModule.Site(utf16(code, str.getSpan().getStart()), utf16(code, str.getSpan().getEnd()), str.getValue()));
            }
        }
        sites.sort(Comparator.comparingInt(CompiledModule.Site::start));
        return sites;
    }

    /** The {@code require("literal")} calls of a CommonJS module, in source order. */
    static List<ImportRef> requires(ISwc4jAst program) {
        List<ImportRef> refs = new ArrayList<>();
        for (Swc4jAstCallExpr call : program.find(Swc4jAstCallExpr.class)) {
            if (call.getCallee() instanceof Swc4jAstIdent ident && ident.getSym().equals("require")
                    && call.getArgs().size() == 1 && call.getArgs().getFirst().getSpread().isEmpty()
                    && call.getArgs().getFirst().getExpr() instanceof Swc4jAstStr str) {
                refs.add(new ImportRef(str.getValue(), call.getSpan().getLine(), call.getSpan().getColumn(), false, true));
            }
        }
        refs.sort(Comparator.comparingInt(ImportRef::line).thenComparingInt(ImportRef::column));
        return refs;
    }

    /**
     * Names a CommonJS module visibly exports: {@code exports.x = …}, {@code module.exports.x = …},
     * {@code Object.defineProperty(exports, "x", …)}, and the keys of an object literal assigned to
     * {@code module.exports} ({@code module.exports = { a, b: …, c() {…} }}, as property-expr, which yup
     * imports by name, does), and {@code X.y = …} where {@code module.exports = X}; offered as named exports of
     * its ES module shim. Also, marked with
     * {@link #REEXPORT}, the specifiers of {@code module.exports = require("…")}, whose names are offered too.
     */
    static java.util.Set<String> commonJsExportNames(ISwc4jAst program) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        java.util.Set<String> reexports = new java.util.TreeSet<>();
        List<com.caoccao.javet.swc4j.ast.expr.Swc4jAstAssignExpr> assignments = program.find(com.caoccao.javet.swc4j.ast.expr.Swc4jAstAssignExpr.class);
        // module.exports = X: then X.y = … assigns a name too (the npm "events" package: EventEmitter.EventEmitter = EventEmitter).
        java.util.Set<String> exported = new java.util.HashSet<>();
        for (var assign : assignments) {
            if (assign.getLeft() instanceof com.caoccao.javet.swc4j.ast.expr.Swc4jAstMemberExpr member && isExportsObject(member)
                    && assign.getRight() instanceof Swc4jAstIdent value) {
                exported.add(value.getSym());
            }
        }
        for (var assign : assignments) {
            if (!(assign.getLeft() instanceof com.caoccao.javet.swc4j.ast.expr.Swc4jAstMemberExpr member)) {
                continue;
            }
            if (member.getProp() instanceof com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdentName prop
                    && (isExportsObject(member.getObj()) || member.getObj() instanceof Swc4jAstIdent object && exported.contains(object.getSym()))) {
                names.add(prop.getSym()); // exports.x = …, module.exports.x = …, X.x = …
            }
            if (!isExportsObject(member)) { // module.exports (a member, so not the local `exports = …`)
                continue;
            }
            if (assign.getRight() instanceof com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstObjectLit literal) {
                for (var property : literal.getProps()) {
                    String key = literalKey(property);
                    if (key != null) {
                        names.add(key);
                    }
                }
            } else if (assign.getRight() instanceof Swc4jAstCallExpr call
                    && call.getCallee() instanceof Swc4jAstIdent callee && callee.getSym().equals("require")
                    && call.getArgs().size() == 1 && call.getArgs().getFirst().getSpread().isEmpty()
                    && call.getArgs().getFirst().getExpr() instanceof Swc4jAstStr specifier) {
                reexports.add(REEXPORT + specifier.getValue()); // React's entry
            }
        }
        for (Swc4jAstCallExpr call : program.find(Swc4jAstCallExpr.class)) {
            if (call.getCallee() instanceof com.caoccao.javet.swc4j.ast.expr.Swc4jAstMemberExpr callee
                    && callee.getObj() instanceof Swc4jAstIdent object && object.getSym().equals("Object")
                    && callee.getProp() instanceof com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdentName method
                    && method.getSym().equals("defineProperty")
                    && call.getArgs().size() >= 2
                    && isExportsObject(call.getArgs().get(0).getExpr())
                    && call.getArgs().get(1).getExpr() instanceof Swc4jAstStr name) {
                names.add(name.getValue());
            }
        }
        names.removeIf(n -> n.equals("default") || n.equals("__esModule") || n.startsWith("__w7s")
                || !n.matches("[A-Za-z_$][A-Za-z0-9_$]*"));
        names.addAll(reexports); // after the filter: "*x" is no name
        return names;
    }

    /** Marks a specifier among {@link #commonJsExportNames}: the module is {@code module.exports = require(specifier)}. */
    static final String REEXPORT = "*";

    /** The static key of an object literal's property ({@code a}, {@code a: …}, {@code "a": …}, {@code a() {…}}, {@code get a() {…}}), else null. */
    private static String literalKey(ISwc4jAst property) {
        if (property instanceof Swc4jAstIdent shorthand) {
            return shorthand.getSym();
        }
        com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAstPropName key = switch (property) {
            case com.caoccao.javet.swc4j.ast.clazz.Swc4jAstKeyValueProp p -> p.getKey();
            case com.caoccao.javet.swc4j.ast.clazz.Swc4jAstMethodProp p -> p.getKey();
            case com.caoccao.javet.swc4j.ast.clazz.Swc4jAstGetterProp p -> p.getKey();
            case com.caoccao.javet.swc4j.ast.clazz.Swc4jAstSetterProp p -> p.getKey();
            default -> null;
        };
        if (key instanceof com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdentName name) {
            return name.getSym();
        }
        return key instanceof Swc4jAstStr str ? str.getValue() : null;
    }

    /** {@code exports} or {@code module.exports}. */
    private static boolean isExportsObject(ISwc4jAst node) {
        if (node instanceof Swc4jAstIdent ident) {
            return ident.getSym().equals("exports");
        }
        return node instanceof com.caoccao.javet.swc4j.ast.expr.Swc4jAstMemberExpr member
                && member.getObj() instanceof Swc4jAstIdent object && object.getSym().equals("module")
                && member.getProp() instanceof com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdentName prop
                && prop.getSym().equals("exports");
    }

    private static void add(List<ImportRef> imports, List<Insertion> insertions, String source,
                            ISwc4jAst statement, Swc4jAstStr src, boolean noAttributes) {
        ImportRef ref = ref(statement, src, false);
        imports.add(ref);
        if (isJson(ref.specifier()) && noAttributes) {
            insertions.add(new Insertion(utf16(source, src.getSpan().getEnd()), JSON_ATTRIBUTE));
        }
    }

    private static ImportRef ref(ISwc4jAst node, Swc4jAstStr src, boolean dynamic) {
        // swc4j spans count code points; line and column are 1-based.
        return new ImportRef(src.getValue(), node.getSpan().getLine(), node.getSpan().getColumn(), dynamic);
    }

    static boolean isJson(String specifier) {
        return specifier.endsWith(".json");
    }

    /** swc4j offsets count code points; Java strings count UTF-16 units. */
    static int utf16(String source, int codePointOffset) {
        return source.offsetByCodePoints(0, Math.min(codePointOffset, source.codePointCount(0, source.length())));
    }
}
