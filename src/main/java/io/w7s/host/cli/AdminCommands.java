package io.w7s.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.w7s.host.admin.AppArchive;
import io.w7s.host.deploy.AppFolder;
import io.w7s.host.deploy.DeployException;
import io.w7s.host.deploy.GitHubNames;
import io.w7s.host.deploy.Names;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code w7s deploy}, {@code w7s ls} and {@code w7s undeploy}: the admin API of a running host, from the command line. */
final class AdminCommands {
    static final String DEPLOY_USAGE = """
            Usage: w7s deploy DIR [--repo OWNER/REPO] [--env NAME|git] [--host URL] [--token-file F]

              Uploads the app folder DIR (without .git and .dev.vars) to a running host, which deploys it
              while it serves: requests in flight finish on the old version, new ones go to the new one.
              --repo OWNER/REPO   the repository (default: as w7s serve finds it: w7s.json, git origin, folder names)
              --env NAME|git      the environment (default production); git: the checked-out branch,
                                  main or master being production
            """ + AdminClient.OPTIONS_USAGE;
    static final String LS_USAGE = """
            Usage: w7s ls [--host URL] [--token-file F]

              Lists the deployments of a running host.
            """ + AdminClient.OPTIONS_USAGE;
    static final String UNDEPLOY_USAGE = """
            Usage: w7s undeploy OWNER/REPO [--env NAME] [--host URL] [--token-file F]

              Takes a repository out of service in one environment (default production); requests in flight finish.
            """ + AdminClient.OPTIONS_USAGE;

    private AdminCommands() {
    }

    static void deploy(List<String> argv) throws CliException {
        List<String> args = new ArrayList<>(argv);
        AdminClient client = AdminClient.from(args);
        String repo = AdminClient.take(args, "--repo");
        String env = AdminClient.take(args, "--env");
        Path dir = onlyArgument(args, "DIR");
        AppFolder app;
        try {
            app = AppFolder.read(dir, repo);
        } catch (DeployException e) {
            throw new CliException(e.getMessage());
        }
        String environment = env == null ? Names.PRODUCTION : env.equals("git") ? GitBranch.environment(dir) : env;
        try {
            Names.checkEnvironment(environment);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--env: " + e.getMessage());
        }
        Path archive = null;
        try {
            archive = Files.createTempFile("w7s-deploy-", ".tar.gz");
            int files;
            try (OutputStream out = Files.newOutputStream(archive)) {
                files = AppArchive.pack(dir, out);
            }
            System.err.println("w7s deploy: uploading " + app.repository() + " (" + files + " files, "
                    + Files.size(archive) / 1024 + " KiB) to environment " + environment);
            JsonNode d = client.put(AdminClient.deploymentPath(app.repository(), environment), archive).path("deployment");
            System.out.println("deployed " + d.path("repository").asText() + "@" + d.path("environment").asText()
                    + " (" + d.path("modules").asInt() + " modules) at " + d.path("url").asText());
        } catch (IOException e) {
            throw new CliException("cannot pack " + dir + ": " + e.getMessage());
        } finally {
            if (archive != null) archive.toFile().delete();
        }
    }

    static void ls(List<String> argv) throws CliException {
        List<String> args = new ArrayList<>(argv);
        AdminClient client = AdminClient.from(args);
        if (!args.isEmpty()) throw CliException.usage("unexpected argument " + args.getFirst());
        JsonNode all = client.get("/api/v1/deployments").path("deployments");
        String format = "%-36s %-14s %-52s %-18s %-24s %s%n";
        System.out.printf(format, "REPOSITORY", "ENVIRONMENT", "URL", "ENTRY", "DEPLOYED", "MODULES");
        for (JsonNode d : all) {
            System.out.printf(format, d.path("repository").asText(), d.path("environment").asText(), d.path("url").asText(),
                    d.path("entry").asText(), d.path("deployedAt").asText().replaceFirst("\\.\\d+Z$", "Z"), d.path("modules").asInt());
        }
        if (all.isEmpty()) System.out.println("(nothing deployed)");
    }

    static void undeploy(List<String> argv) throws CliException {
        List<String> args = new ArrayList<>(argv);
        AdminClient client = AdminClient.from(args);
        String env = AdminClient.take(args, "--env");
        String environment = env == null ? Names.PRODUCTION : env;
        String repository = onlyArgument(args, "OWNER/REPO").toString();
        if (GitHubNames.repository(repository) == null) throw CliException.usage("'" + repository + "' is not a GitHub owner/repo");
        JsonNode d = client.delete(AdminClient.deploymentPath(repository, environment)).path("undeployed");
        System.out.println("undeployed " + d.path("repository").asText() + "@" + d.path("environment").asText());
    }

    static Path onlyArgument(List<String> args, String name) throws CliException {
        for (String a : args) if (a.startsWith("-")) throw CliException.usage("unknown option " + a);
        if (args.size() != 1) throw CliException.usage(args.isEmpty() ? name + " is missing" : "one " + name + " only, got " + args);
        return Path.of(args.getFirst());
    }
}
