package io.w7s.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.deploy.HostSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes is valid against the Kubernetes API schemas (src/test/kubernetes/validate.mjs, pinned and
 * installed by the Maven build), the validator rejects what is not, and the manifests say what
 * docs/scale-out.md says: probes on the admin port, a non-root read-only container, a grace period longer
 * than the host's drain, a heap that fits the memory limit, and an image (Dockerfile) that runs the host
 * through the same ./w7s launcher with everything the launcher needs.
 */
class KubernetesManifestsTest {
    static final Path VALIDATOR = Path.of("src/test/kubernetes/validate.mjs").toAbsolutePath();
    static final Path MANIFESTS = Path.of("deploy/kubernetes").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    /** Off-heap memory the host needs beside its heap, in MiB (docs/scale-out.md "Capacity": NMT, 1,000 deployments). */
    static final long OFF_HEAP_MIB = 600;

    record Result(int exitCode, String output) {
    }

    static List<JsonNode> documents;

    static Result validate(String... args) throws IOException, InterruptedException {
        if (!Files.isDirectory(VALIDATOR.resolveSibling("node_modules/kubernetes-models"))) {
            throw new AssertionError(VALIDATOR.getParent() + "/node_modules is missing: run the Maven build (it runs install.mjs there), or npm ci in it");
        }
        List<String> command = new ArrayList<>(List.of("node", VALIDATOR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("validate.mjs did not finish within 180 s");
        }
        return new Result(p.exitValue(), output);
    }

    @BeforeAll
    static void validateTheShippedManifests() throws Exception {
        Result r = validate("--json", MANIFESTS.toString());
        JsonNode report = JSON.readTree(r.output());
        assertEquals(0, r.exitCode(), () -> "deploy/kubernetes is not valid:\n" + report.get("errors").toPrettyString());
        assertTrue(report.get("ok").asBoolean());
        documents = StreamSupport.stream(report.get("documents").spliterator(), false).map(d -> d.get("document")).toList();
    }

    static JsonNode object(String kind, String name) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind) && d.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("deploy/kubernetes has no " + kind + " " + name));
    }

    static JsonNode pod() {
        return object("Deployment", "w7s").at("/spec/template/spec");
    }

    static JsonNode container() {
        JsonNode containers = pod().get("containers");
        assertEquals(1, containers.size(), "one container: the host");
        return containers.get(0);
    }

    static List<String> args() {
        return StreamSupport.stream(container().get("args").spliterator(), false).map(JsonNode::asText).toList();
    }

    static String option(String name) {
        List<String> args = args();
        int i = args.indexOf(name);
        assertTrue(i >= 0 && i + 1 < args.size(), "the host's args give " + name + " VALUE: " + args);
        return args.get(i + 1);
    }

    static int containerPort(String name) {
        for (JsonNode port : container().get("ports")) {
            if (port.get("name").asText().equals(name)) return port.get("containerPort").asInt();
        }
        throw new AssertionError("the container has no port named " + name);
    }

    /** The volume mounted at or above {@code path}, and the key under it (the file's name). */
    static JsonNode volumeHolding(String path) {
        for (JsonNode mount : container().get("volumeMounts")) {
            String at = mount.get("mountPath").asText();
            if (path.startsWith(at + "/")) {
                for (JsonNode volume : pod().get("volumes")) {
                    if (volume.get("name").asText().equals(mount.get("name").asText())) return volume;
                }
            }
        }
        throw new AssertionError("no volume is mounted above " + path);
    }

    @Test
    void aWrongTypeAnUnknownFieldAndAnUnknownKindAreRejected(@TempDir Path tmp) throws Exception {
        String deployment = Files.readString(MANIFESTS.resolve("deployment.yaml"));
        assertTrue(deployment.contains("  replicas: 3\n") && deployment.contains("readinessProbe:"));
        Files.writeString(tmp.resolve("deployment.yaml"), deployment.replace("  replicas: 3\n", "  replicas: three\n")
                .replace("readinessProbe:", "readinesProbe:"));
        Files.writeString(tmp.resolve("widget.yaml"), "apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n");

        Result r = validate(tmp.toString());
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("(Deployment w7s) spec.replicas: schema: must be integer"), r.output());
        assertTrue(r.output().contains("(Deployment w7s) spec.template.spec.containers[0].readinesProbe: fields: unknown field 'readinesProbe'"), r.output());
        assertTrue(r.output().contains("widget.yaml#0 (Widget w): unknown kind 'Widget' in v1"), r.output());
    }

    @Test
    void aFileTheKustomizationDoesNotListIsReported(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - gone.yaml\n");
        Files.writeString(tmp.resolve("pdb.yaml"), Files.readString(MANIFESTS.resolve("pdb.yaml")));
        Result r = validate(tmp.toString());
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("resources: 'gone.yaml' does not exist"), r.output());
        assertTrue(r.output().contains("resources: pdb.yaml is in the folder but not listed"), r.output());
    }

    @Test
    void probesAskTheAdminListener() {
        JsonNode c = container();
        int admin = containerPort("admin");
        assertEquals(Integer.parseInt(option("--admin-port")), admin);
        assertEquals("0.0.0.0", option("--admin-bind"), "kubelet probes come from outside the pod's loopback");
        for (var probe : Map.of("startupProbe", "/healthz", "livenessProbe", "/healthz", "readinessProbe", "/readyz").entrySet()) {
            JsonNode get = c.path(probe.getKey()).path("httpGet");
            assertEquals(probe.getValue(), get.path("path").asText(), probe.getKey());
            assertEquals("admin", get.path("port").asText(), probe.getKey() + " names the admin port");
        }
        assertEquals(Integer.parseInt(option("--port")), containerPort("http"));
        assertEquals("admin", object("Service", "w7s-admin").at("/spec/ports/0/targetPort").asText());
        assertEquals("http", object("Service", "w7s").at("/spec/ports/0/targetPort").asText());
        assertEquals(80, object("Service", "w7s").at("/spec/ports/0/port").asInt());
    }

    @Test
    void theHostRunsAsNonRootOnAReadOnlyRoot() {
        JsonNode s = container().get("securityContext");
        assertTrue(s.path("runAsNonRoot").asBoolean());
        assertEquals(10001, s.path("runAsUser").asInt());
        assertFalse(s.path("allowPrivilegeEscalation").asBoolean(true));
        assertTrue(s.path("readOnlyRootFilesystem").asBoolean());
        assertEquals("[\"ALL\"]", s.at("/capabilities/drop").toString());
        assertEquals("RuntimeDefault", s.at("/seccompProfile/type").asText());
        assertTrue(pod().at("/securityContext/runAsNonRoot").asBoolean());
        assertFalse(pod().path("automountServiceAccountToken").asBoolean(true), "the host needs no Kubernetes API token");
        // What it writes goes to emptyDir volumes.
        assertTrue(volumeHolding(option("--cache-dir")).has("emptyDir"), "--cache-dir is on an emptyDir");
        JsonNode env = container().get("env");
        String cacheHome = StreamSupport.stream(env.spliterator(), false).filter(e -> e.get("name").asText().equals("XDG_CACHE_HOME"))
                .findFirst().orElseThrow().get("value").asText();
        assertTrue(volumeHolding(cacheHome + "/w7s").has("emptyDir"), "XDG_CACHE_HOME (bundle cache) is on an emptyDir");
        assertTrue(volumeHolding("/tmp/x").has("emptyDir"), "/tmp is an emptyDir");
    }

    @Test
    void terminationGraceOutlastsTheHostsDrain() {
        long grace = Long.parseLong(option("--shutdown-grace"));
        long preStop = container().at("/lifecycle/preStop/sleep/seconds").asLong(0);
        long termination = pod().get("terminationGracePeriodSeconds").asLong();
        assertTrue(termination > preStop + grace + 5,
                "terminationGracePeriodSeconds " + termination + " must exceed preStop " + preStop + " s + --shutdown-grace " + grace + " s + 5 s to cancel and flush");
    }

    @Test
    void theManifestAndSecretsAreWhereTheArgsSay() throws Exception {
        String manifestPath = option("--manifest");
        JsonNode manifestVolume = volumeHolding(manifestPath);
        String configMap = manifestVolume.at("/configMap/name").asText();
        String key = Path.of(manifestPath).getFileName().toString();
        JsonNode manifest = JSON.readTree(object("ConfigMap", configMap).at("/data").get(key).asText());

        JsonNode tokenVolume = volumeHolding(option("--admin-token-file"));
        JsonNode adminSecret = object("Secret", tokenVolume.at("/secret/secretName").asText());
        assertTrue(adminSecret.at("/stringData").has(Path.of(option("--admin-token-file")).getFileName().toString()));

        JsonNode appSecrets = object("Secret", container().at("/envFrom/0/secretRef/name").asText()).get("stringData");
        Pattern bundle = Pattern.compile(".*/sha256-([0-9a-f]{64})\\.tar\\.gz");
        assertTrue(manifest.get("deployments").size() > 0);
        for (JsonNode d : manifest.get("deployments")) {
            String[] repository = d.get("repository").asText().split("/");
            assertEquals(2, repository.length, d.toString());
            Matcher m = bundle.matcher(d.get("bundle").asText());
            assertTrue(m.matches(), "bundle is a sha256-<hex>.tar.gz: " + d);
            assertEquals("sha256:" + m.group(1), d.get("digest").asText(), "the bundle's name is its digest");
            for (JsonNode secret : d.path("secrets")) {
                String variable = HostSecrets.prefix(repository[0], repository[1]) + secret.asText();
                assertTrue(appSecrets.has(variable), "examples/secrets.yaml gives " + variable + " for " + d.get("repository"));
            }
        }
    }

    @Test
    void theHeapLeavesRoomForWhatTheJvmKeepsOffIt() {
        JsonNode c = container();
        String opts = StreamSupport.stream(c.get("env").spliterator(), false).filter(e -> e.get("name").asText().equals("W7S_JAVA_OPTS"))
                .findFirst().orElseThrow().get("value").asText();
        Matcher percent = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)").matcher(opts);
        assertTrue(percent.find(), "W7S_JAVA_OPTS sizes the heap from the memory limit: " + opts);
        assertFalse(opts.contains("-Xmx"), "-Xmx would ignore the limit");
        long limitMib = mebibytes(c.at("/resources/limits/memory").asText());
        assertEquals(limitMib, mebibytes(c.at("/resources/requests/memory").asText()), "memory request = limit: the pod is never over-committed");
        double heapMib = limitMib * Double.parseDouble(percent.group(1)) / 100;
        assertTrue(heapMib >= 1024, "1,000 idle deployments take ~0.25 GiB of heap; leave room for busy isolates: " + heapMib);
        assertTrue(heapMib + OFF_HEAP_MIB <= limitMib, "heap " + heapMib + " MiB + off-heap " + OFF_HEAP_MIB + " MiB must fit the " + limitMib + " MiB limit");
    }

    static long mebibytes(String quantity) {
        Matcher m = Pattern.compile("([0-9]+)(Mi|Gi)").matcher(quantity);
        assertTrue(m.matches(), "memory in Mi or Gi: " + quantity);
        return Long.parseLong(m.group(1)) * (m.group(2).equals("Gi") ? 1024 : 1);
    }

    @Test
    void autoscalerAndDisruptionBudgetTargetTheHostPods() {
        JsonNode labels = object("Deployment", "w7s").at("/spec/template/metadata/labels");
        assertEquals(labels, object("Deployment", "w7s").at("/spec/selector/matchLabels"));
        assertEquals(labels, object("PodDisruptionBudget", "w7s").at("/spec/selector/matchLabels"));
        assertEquals(labels, object("Service", "w7s").at("/spec/selector"));
        assertEquals(labels, object("Service", "w7s-admin").at("/spec/selector"));
        JsonNode hpa = object("HorizontalPodAutoscaler", "w7s");
        assertEquals("Deployment/w7s", hpa.at("/spec/scaleTargetRef/kind").asText() + "/" + hpa.at("/spec/scaleTargetRef/name").asText());
        assertTrue(hpa.at("/spec/minReplicas").asInt() >= object("Deployment", "w7s").at("/spec/replicas").asInt());
        assertEquals("cpu", hpa.at("/spec/metrics/0/resource/name").asText());
        assertEquals(1, object("PodDisruptionBudget", "w7s").at("/spec/maxUnavailable").asInt());
    }

    /** The image runs ./w7s without building, with every folder the launcher puts on the JVM's paths, as user 10001. */
    @Test
    void theImageRunsTheLauncherWithWhatItNeeds() throws Exception {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        String launcher = Files.readString(Path.of("w7s"));
        String runtimeStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));

        assertTrue(runtimeStage.contains("ENTRYPOINT [\"/opt/w7s/w7s\"]"), "the entrypoint is the launcher");
        assertTrue(runtimeStage.contains("W7S_NO_BUILD=1"), "the launcher must not try to build in the image");
        assertTrue(launcher.contains("if [ -n \"${W7S_NO_BUILD:-}\" ]; then"), "./w7s has the no-build mode the image uses");
        assertTrue(runtimeStage.contains("COPY --from=build /opt/w7s/w7s w7s"));
        assertTrue(dockerfile.contains("AS build\n") && dockerfile.substring(dockerfile.indexOf("AS build\n")).contains("WORKDIR /opt/w7s\n"),
                "the build stage builds where the image runs: the AOT cache names its jars by path");
        assertTrue(runtimeStage.contains("USER 10001:10001"));

        // Every target/ path the launcher runs (JDK image, class path, AOT cache, upgrade module path) is in the image.
        Set<String> needed = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\$here/(target/[a-z0-9.-]+)").matcher(launcher.substring(launcher.indexOf("graalvm=\"$here")));
        while (m.find()) needed.add(m.group(1));
        assertTrue(needed.containsAll(List.of("target/jdk", "target/w7s-host.jar", "target/w7s.aot", "target/classes",
                "target/lib", "target/graalvm", "target/jvmci")), needed.toString());
        needed.removeIf(folder -> folder.startsWith("target/inspector")); // only with --inspect
        for (String folder : needed) {
            assertTrue(runtimeStage.contains("COPY --from=build /opt/w7s/" + folder + " " + folder), "the image copies " + folder);
        }
        assertTrue(launcher.contains("--upgrade-module-path=\"$jvmci\" -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI"),
                "the launcher still turns the JIT on as the image expects");

        // The JIT is on only on JDK 25, with a Graal compiler not newer than the JDK's update.
        Matcher temurin = Pattern.compile("ARG TEMURIN=(25)\\.(\\d+)\\.(\\d+)_\\d+-jdk").matcher(dockerfile);
        assertTrue(temurin.find(), "a pinned Temurin 25 JDK update");
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher compiler = Pattern.compile("<graal.compiler.version>25\\.(\\d+)\\.(\\d+)</graal.compiler.version>").matcher(pom);
        assertTrue(compiler.find());
        int jdk = Integer.parseInt(temurin.group(2)) * 1000 + Integer.parseInt(temurin.group(3));
        int graal = Integer.parseInt(compiler.group(1)) * 1000 + Integer.parseInt(compiler.group(2));
        assertTrue(graal <= jdk, "Graal compiler 25." + compiler.group(1) + "." + compiler.group(2) + " is newer than the image's JDK");
        assertTrue(launcher.contains("if [ \"$major\" = 25 ]; then"));
    }
}
