package io.w7s.host.isolate;

import org.graalvm.polyglot.SourceSection;

/** Maps positions in the code GraalJS runs (transpiled TypeScript) back to the app's original files. */
public interface SourceMapper {
    /** Rewrites every {@code /abs/path:line:col} of an app module inside a stack-trace text. */
    String mapStackTrace(String text);

    /** {@code src/index.ts:12:5} for a source section of an app module. */
    String describe(SourceSection section);

    SourceMapper IDENTITY = new SourceMapper() {
        @Override
        public String mapStackTrace(String text) {
            return text;
        }

        @Override
        public String describe(SourceSection s) {
            return s.getSource().getName() + ":" + s.getStartLine() + ":" + s.getStartColumn();
        }
    };
}
