package io.w7s.host.isolate;

import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.FileSystem;

/**
 * What an isolate needs to run one deployment's code.
 *
 * @param label       {@code owner/repo@environment}, prefixes the app's log lines
 * @param entry       the entry module (an ES module source whose path resolves imports through {@code fileSystem})
 * @param entryName   the entry as shown to the user, e.g. {@code src/index.ts}
 * @param fileSystem  the confined, read-only view of the app's modules
 * @param env         the string bindings of {@code env}
 * @param sourceMapper maps generated positions in stack traces and errors to the original sources
 * @param rpc          where {@code env.W7S_RPC.fetch} calls go
 * @param limits       what the isolate may use
 * @param secretNames  the names of {@code env} whose values are secrets: the app's log shows them as {@code [secret NAME]}
 */
public record IsolateSpec(String label, Source entry, String entryName, FileSystem fileSystem,
                          Map<String, String> env, SourceMapper sourceMapper, RpcGateway rpc, Limits limits,
                          Set<String> secretNames) {
    public IsolateSpec {
        secretNames = Set.copyOf(secretNames);
    }

    /** Without secrets. */
    public IsolateSpec(String label, Source entry, String entryName, FileSystem fileSystem,
                       Map<String, String> env, SourceMapper sourceMapper, RpcGateway rpc, Limits limits) {
        this(label, entry, entryName, fileSystem, env, sourceMapper, rpc, limits, Set.of());
    }

    /** With the host's default limits. */
    public IsolateSpec(String label, Source entry, String entryName, FileSystem fileSystem,
                       Map<String, String> env, SourceMapper sourceMapper, RpcGateway rpc) {
        this(label, entry, entryName, fileSystem, env, sourceMapper, rpc, Limits.DEFAULTS);
    }

    /** Without {@code env}: it holds the RPC token, which must never reach a log. */
    @Override
    public String toString() {
        return "IsolateSpec[" + label + ", " + entryName + "]";
    }
}
