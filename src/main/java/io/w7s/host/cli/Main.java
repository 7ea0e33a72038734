package io.w7s.host.cli;

import java.util.Arrays;
import java.util.List;

/** {@code w7s COMMAND ...}: dispatches to the command; {@code w7s --help} lists them all. */
public final class Main {
    static final String USAGE = """
            Usage: w7s COMMAND [options]

            Commands:
              serve [DIR...]   run the apps in these folders (the production host)
              init [DIR]       create a TypeScript app in DIR (default: here) that serve runs as it is
              test             run the host's own test suite (./w7s only; needs Maven)

            w7s COMMAND --help shows a command's options.
            """;

    private Main() {
    }

    public static void main(String[] argv) throws InterruptedException {
        List<String> args = Arrays.asList(argv);
        String command = args.isEmpty() ? "--help" : args.getFirst();
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        switch (command) {
            case "serve" -> ServeCommand.run(rest);
            case "init" -> InitCommand.run(rest);
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
