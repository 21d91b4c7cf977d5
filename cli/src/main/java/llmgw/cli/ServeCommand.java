package llmgw.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import llmgw.Gateway;
import llmgw.cli.options.ConfigOption;
import llmgw.cli.options.DataDirOption;
import llmgw.config.GatewayConfig;
import llmgw.stage.auth.AuthConfig;
import llmgw.stage.provider.ModelRoute;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

@Command(name = "serve", header = "Run the gateway.",
        mixinStandardHelpOptions = true,
        description = {"Starts the gateway. Without --config it runs in dev mode: the stub model, the dev-token,",
                "an SQLite audit log in the data directory, in-memory rate limits, bound to 127.0.0.1.",
                "SIGTERM or Ctrl-C stops it gracefully: running requests finish, the audit log is flushed."},
        footer = {"%nExamples:",
                "  llmgw serve",
                "  llmgw serve --port 9000 --data-dir /tmp/llmgw",
                "  JWT_SECRET=$(openssl rand -base64 48) llmgw serve --config config-samples/gateway.prod.yaml"})
final class ServeCommand implements Callable<Integer> {
    @ParentCommand Llmgw root;
    @Spec CommandSpec spec;
    @Mixin ConfigOption config;
    @Mixin DataDirOption dataDir;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to bind (default: server.host, else 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on, 0 for any free port (default: server.port, else 8000).")
    Integer port;

    @Option(names = "--allow-remote-dev-token",
            description = "Bind a non-loopback address even though the dev token is accepted. Anyone who can reach the port gets in.")
    boolean allowRemoteDevToken;

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg = config.load(root.vars());
        var s = cfg.server();
        cfg = cfg.withServer(s.withListen(host, port).withAllowRemoteDevToken(s.allowRemoteDevToken() || allowRemoteDevToken));
        if (dataDir.dir != null) cfg = cfg.withDataDir(dataDir.dir);

        Gateway gateway = Gateway.start(cfg, root.vars());
        printBanner(spec.commandLine().getOut(), gateway);

        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            gateway.stop();
            stopped.countDown();
        };
        // Handling the signals ourselves (not a shutdown hook) lets a graceful stop end with exit code 0.
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), sig -> Thread.ofPlatform().name("llmgw-shutdown").start(stop));
        }
        stopped.await();
        spec.commandLine().getErr().println("llmgw: stopped");
        return ExitCodes.OK;
    }

    private static void printBanner(PrintWriter out, Gateway gw) {
        GatewayConfig cfg = gw.config();
        String mode = cfg.devMode() ? "dev (dev-token accepted; set JWT_SECRET for real auth)"
                : "jwt" + (cfg.auth().devTokenEnabled() ? " + dev-token" : "");
        String models = cfg.models().stream().map(ModelRoute::name).collect(Collectors.joining(", "));
        String token = cfg.auth().devTokenEnabled() ? AuthConfig.DEV_TOKEN : "$TOKEN";
        String model = cfg.models().getFirst().name();
        out.println("llmgw " + VersionProvider.version() + " listening on " + gw.url());
        out.println("  mode:   " + mode);
        out.println("  models: " + models);
        out.println("  audit:  " + gw.auditFile());
        out.println("  try:    curl -s " + gw.url() + "/v1/chat/completions -H 'Authorization: Bearer " + token + "'"
                + " -H 'Content-Type: application/json' -d '{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}'");
        out.flush();
    }
}
