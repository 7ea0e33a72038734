package io.w7s.host.module;

import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstComputedPropName;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstAssignExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdent;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdentName;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstMemberExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstUnaryExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstUpdateExpr;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstStr;
import com.caoccao.javet.swc4j.ast.enums.Swc4jAstUnaryOp;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code process.env.NODE_ENV} becomes {@code "production"} when a module is compiled, as bundlers define it
 * (wrangler's esbuild for Workers among them): packages branch on it at load time (immer, React's
 * CommonJS entries), and there is no {@code process} here. Only where {@code process} can only be the
 * global (the module never declares or passes around that name) and the expression is read, not assigned.
 * The literal is padded with spaces to the expression's length, so no position in the file moves.
 */
final class NodeEnv {
    static final String VALUE = "production";
    private static final String LITERAL = "\"" + VALUE + "\"";

    private NodeEnv() {
    }

    /** {@code source} (whose syntax tree is {@code program}) with each read of process.env.NODE_ENV replaced. */
    static String define(ISwc4jAst program, String source) {
        if (!source.contains("NODE_ENV") || !onlyGlobalProcess(program)) {
            return source;
        }
        List<int[]> spans = new ArrayList<>();
        for (Swc4jAstMemberExpr member : program.find(Swc4jAstMemberExpr.class)) {
            if (isNodeEnv(member) && isRead(member)) {
                int start = ImportScanner.utf16(source, member.getSpan().getStart());
                int end = ImportScanner.utf16(source, member.getSpan().getEnd());
                if (end - start >= LITERAL.length() && source.substring(start, end).chars().noneMatch(c -> c == '\n' || c == '\r')) {
                    spans.add(new int[] {start, end});
                }
            }
        }
        if (spans.isEmpty()) {
            return source;
        }
        spans.sort((a, b) -> Integer.compare(b[0], a[0]));
        StringBuilder code = new StringBuilder(source);
        for (int[] span : spans) {
            code.replace(span[0], span[1], LITERAL + " ".repeat(span[1] - span[0] - LITERAL.length()));
        }
        return code.toString();
    }

    /** Every {@code process} in the module is read as {@code process.…} or {@code typeof process}: none is declared, passed or assigned. */
    private static boolean onlyGlobalProcess(ISwc4jAst program) {
        for (Swc4jAstIdent ident : program.find(Swc4jAstIdent.class)) {
            if (!ident.getSym().equals("process")) {
                continue;
            }
            if (typeLevel(ident)) {
                continue; // erased by TypeScript: `declare const process: …`, `typeof process.env` in a type
            }
            ISwc4jAst parent = ident.getParent();
            boolean read = parent instanceof Swc4jAstMemberExpr member && member.getObj() == ident
                    || parent instanceof Swc4jAstUnaryExpr unary && unary.getOp() == Swc4jAstUnaryOp.TypeOf;
            if (!read) {
                return false;
            }
        }
        return true;
    }

    /** Inside a TypeScript type, or a {@code declare} declaration: nothing of it is left at run time. */
    private static boolean typeLevel(ISwc4jAst node) {
        for (ISwc4jAst at = node.getParent(); at != null; at = at.getParent()) {
            if (at.getClass().getSimpleName().startsWith("Swc4jAstTs")
                    || at instanceof com.caoccao.javet.swc4j.ast.stmt.Swc4jAstVarDecl declaration && declaration.isDeclare()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNodeEnv(Swc4jAstMemberExpr member) {
        return named(member, "NODE_ENV")
                && member.getObj() instanceof Swc4jAstMemberExpr env && named(env, "env")
                && env.getObj() instanceof Swc4jAstIdent process && process.getSym().equals("process");
    }

    private static boolean named(Swc4jAstMemberExpr member, String name) {
        return member.getProp() instanceof Swc4jAstIdentName ident && ident.getSym().equals(name)
                || member.getProp() instanceof Swc4jAstComputedPropName computed
                && computed.getExpr() instanceof Swc4jAstStr str && str.getValue().equals(name);
    }

    /** Not the target of an assignment, an update or a delete. */
    private static boolean isRead(Swc4jAstMemberExpr member) {
        ISwc4jAst parent = member.getParent();
        return !(parent instanceof Swc4jAstAssignExpr assign && assign.getLeft() == member)
                && !(parent instanceof Swc4jAstUpdateExpr)
                && !(parent instanceof Swc4jAstUnaryExpr unary && unary.getOp() == Swc4jAstUnaryOp.Delete)
                && !parent.getClass().getSimpleName().contains("Pat"); // a destructuring target
    }
}
