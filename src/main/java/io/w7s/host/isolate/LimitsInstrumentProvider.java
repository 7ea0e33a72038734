package io.w7s.host.isolate;

import com.oracle.truffle.api.instrumentation.TruffleInstrument;
import com.oracle.truffle.api.instrumentation.provider.TruffleInstrumentProvider;
import java.util.Collection;
import java.util.List;
import org.graalvm.polyglot.SandboxPolicy;

/**
 * Registers {@link LimitsInstrument} (Truffle reads the registration from the provider, which the DSL
 * processor would otherwise generate; listed in META-INF/services).
 */
@TruffleInstrument.Registration(id = LimitsInstrument.ID, name = "W7S limits",
        services = LimitsInstrument.Service.class, sandbox = SandboxPolicy.UNTRUSTED)
public final class LimitsInstrumentProvider extends TruffleInstrumentProvider {
    @Override
    protected String getInstrumentClassName() {
        return LimitsInstrument.class.getName();
    }

    @Override
    protected Object create() {
        return new LimitsInstrument();
    }

    @Override
    protected Collection<String> getServicesClassNames() {
        return List.of(LimitsInstrument.Service.class.getName());
    }
}
