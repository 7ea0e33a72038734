package io.w7s.host.cli;

import java.util.Arrays;
import java.util.List;

/** {@code w7s COMMAND ...}: dispatches to the command; {@code w7s --help} lists them all. */
public final class Main {
    static final String USAGE = """
            Usage: w7s COMMAND [options]

            Commands:
              init [DIR]       create a TypeScript app in DIR (default: here) that dev and serve run as it is
              serve [DIR...]   run the apps in these folders (the production host)
              dev [DIR...]     serve for development: reload on change, access log, RPC error details
              deploy DIR       deploy a folder to a running host, while it serves
              ls               list a running host's deployments
              undeploy O/R     take a repository out of service on a running host
              bundle DIR       pack an app folder into a content-addressed bundle for a manifest
              test             run the host's own test suite (./w7s only; needs Maven)

            w7s COMMAND --help shows a command's options.
            """;

    private Main() {
    }

    /** A command that may fail with a {@link CliException}: prints its message (and usage, for a usage error) and exits. */
    interface Command {
        void run(List<String> args) throws CliException;
    }

    private static void run(String name, List<String> args, String usage, Command command) {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.print(usage);
            System.exit(0);
        }
        try {
            command.run(args);
        } catch (CliException e) {
            System.err.println("w7s " + name + ": " + e.getMessage());
            if (e.exitCode() == 2) System.err.print("\n" + usage);
            System.exit(e.exitCode());
        }
    }

    public static void main(String[] argv) throws InterruptedException {
        List<String> args = Arrays.asList(argv);
        String command = args.isEmpty() ? "--help" : args.getFirst();
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        switch (command) {
            case "serve" -> ServeCommand.run(rest, false);
            case "init" -> InitCommand.run(rest);
            case "dev" -> ServeCommand.run(rest, true);
            case "deploy" -> run("deploy", rest, AdminCommands.DEPLOY_USAGE, AdminCommands::deploy);
            case "ls" -> run("ls", rest, AdminCommands.LS_USAGE, AdminCommands::ls);
            case "undeploy" -> run("undeploy", rest, AdminCommands.UNDEPLOY_USAGE, AdminCommands::undeploy);
            case "bundle" -> run("bundle", rest, BundleCommand.USAGE, BundleCommand::run);
            case "--help", "-h", "help" -> {
                System.out.print(USAGE);
                System.exit(0);
            }
            default -> {
                System.err.print("w7s: unknown command '" + command + "'\n\n" + USAGE);
                System.exit(2);
            }
        }
    }
}
