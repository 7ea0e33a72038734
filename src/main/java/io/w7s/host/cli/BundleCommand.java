package io.w7s.host.cli;

import io.w7s.host.deploy.AppFolder;
import io.w7s.host.deploy.DeployException;
import io.w7s.host.manifest.Bundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code w7s bundle DIR [--out DIR]}: an app folder as an immutable, content-addressed bundle for a manifest. */
final class BundleCommand {
    static final String USAGE = """
            Usage: w7s bundle DIR [--out DIR]

              Packs the app folder DIR (without .git and .dev.vars) into a reproducible .tar.gz named by its
              SHA-256, sha256-<hex>.tar.gz, in --out (default: the current folder), and prints its digest for
              a manifest's "digest" (docs/scale-out.md). The same folder always gives the same bundle.
            """;

    private BundleCommand() {
    }

    static void run(List<String> argv) throws CliException {
        List<String> args = new ArrayList<>(argv);
        String out = AdminClient.take(args, "--out");
        Path dir = AdminCommands.onlyArgument(args, "DIR");
        AppFolder app;
        try {
            app = AppFolder.read(dir, null); // a folder that cannot deploy is refused here, not on every replica
        } catch (DeployException e) {
            throw new CliException(e.getMessage());
        }
        try {
            Bundle bundle = Bundle.write(dir, Path.of(out != null ? out : ".").toAbsolutePath().normalize());
            System.out.println(bundle.file());
            System.out.println(bundle.digest() + "  (" + app.repository() + ")");
        } catch (IOException e) {
            throw new CliException("cannot write the bundle: " + e.getMessage());
        }
    }
}
