package dev.kanary.cli;

import dev.kanary.operator.KanaryOperator;
import dev.kanary.operator.OperatorSettings;
import dev.kanary.operator.isvc.DeploymentMode;
import dev.kanary.operator.predictor.RuntimeImages;
import dev.kanary.operator.standard.GatewayRef;
import dev.kanary.server.NettyDefaults;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run kanary as a Kubernetes operator until SIGTERM. InferenceServices become Knative"
          + " Services, as KServe makes them, or in Standard mode a Deployment per revision and"
          + " a Gateway API HTTPRoute that splits traffic between them.",
      "Connects as kubectl does: in a pod through its service account, elsewhere through"
          + " $KUBECONFIG or ~/.kube/config. Install the CRD and RBAC first:"
          + " kubectl apply -k deploy/."
    })
final class OperatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--namespace",
      split = ",",
      paramLabel = "NS",
      description = "Namespace to watch; repeat or separate with commas (default: all).")
  Set<String> namespaces = new LinkedHashSet<>();

  @Option(
      names = "--domain",
      paramLabel = "DOMAIN",
      defaultValue = OperatorSettings.DEFAULT_DOMAIN,
      description = "Domain of the service hosts, {isvc}.{namespace}.{domain}"
          + " (default: ${DEFAULT-VALUE}).")
  String domain;

  @Option(
      names = "--default-deployment-mode",
      paramLabel = "MODE",
      defaultValue = "Knative",
      description = "Mode of an InferenceService without the serving.kserve.io/deploymentMode"
          + " annotation: Knative or Standard (default: ${DEFAULT-VALUE}).")
  String defaultMode;

  @Option(
      names = "--model-server-image",
      paramLabel = "IMAGE",
      defaultValue = RuntimeImages.DEFAULT_MODEL_SERVER,
      description = "Image whose `kanary model-server` serves ONNX models, built from"
          + " deploy/model-server/Dockerfile (default: ${DEFAULT-VALUE}).")
  String modelServerImage;

  @Option(
      names = "--storage-initializer-image",
      paramLabel = "IMAGE",
      defaultValue = RuntimeImages.DEFAULT_STORAGE_INITIALIZER,
      description = "Init container that downloads a storageUri into /mnt/models"
          + " (default: ${DEFAULT-VALUE}).")
  String storageInitializerImage;

  @Option(
      names = "--gateway",
      paramLabel = "NAMESPACE/NAME",
      defaultValue = OperatorSettings.DEFAULT_GATEWAY,
      description = "The Gateway that Standard mode's HTTPRoutes attach to"
          + " (default: ${DEFAULT-VALUE}).")
  String gateway;

  @Option(
      names = "--leader-election",
      description = "Hold a Lease so that only one replica reconciles.")
  boolean leaderElection;

  @Option(
      names = "--lease-namespace",
      paramLabel = "NS",
      description = "Namespace of the Lease (default: $POD_NAMESPACE).")
  String leaseNamespace;

  @Option(
      names = "--lease-name",
      paramLabel = "NAME",
      defaultValue = "kanary-operator",
      description = "Name of the Lease (default: ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(
      names = "--server-dry-run",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Compare Knative Services against a server-side dry run, so that Knative's"
          + " defaults cause no update, as KServe does (default: on).")
  boolean serverDryRun;

  private final Map<String, String> environment;

  OperatorCommand() {
    this(System.getenv());
  }

  OperatorCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    NettyDefaults.apply();
    OperatorSettings settings = settings();
    KubernetesClient client = new KubernetesClientBuilder().build();
    KanaryOperator operator;
    try {
      operator = KanaryOperator.start(client, settings, Clock.systemUTC());
    } catch (KubernetesClientException e) {
      spec.commandLine().getErr().println("kanary: cannot work with the Kubernetes API at "
          + client.getMasterUrl() + ": " + describe(e));
      client.close();
      return ExitCodes.REFUSED;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      operator.close();
      client.close();
      stopped.countDown();
    }, "kanary-operator-shutdown"));
    spec.commandLine().getOut().printf(
        "kanary: operator running against %s, watching %s (Knative Serving %s, Gateway API %s)%n",
        client.getMasterUrl(),
        namespaces.isEmpty() ? "all namespaces" : String.join(", ", namespaces),
        found(operator.apis().knative()), found(operator.apis().gatewayApi()));
    spec.commandLine().getOut().flush();
    stopped.await();
    return ExitCodes.OK;
  }

  /** fabric8's own message is often generic ("An error has occurred."); the causes say why. */
  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append("; caused by ").append(cause);
    }
    return text.toString();
  }

  private static String found(boolean served) {
    return served ? "found" : "not found";
  }

  private OperatorSettings settings() {
    DeploymentMode mode = DeploymentMode.parse(defaultMode).orElseThrow(() ->
        new ParameterException(spec.commandLine(), "--default-deployment-mode takes Knative or"
            + " Standard (or their old names Serverless and RawDeployment); got \""
            + defaultMode + "\""));
    GatewayRef gatewayRef;
    try {
      gatewayRef = GatewayRef.parse(gateway);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    return new OperatorSettings(namespaces, domain, mode,
        new RuntimeImages(modelServerImage, storageInitializerImage), gatewayRef, serverDryRun,
        lease());
  }

  private Optional<OperatorSettings.Lease> lease() {
    if (!leaderElection) {
      return Optional.empty();
    }
    String namespace = leaseNamespace != null ? leaseNamespace : environment.get("POD_NAMESPACE");
    if (namespace == null || namespace.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--leader-election needs the Lease's"
          + " namespace: pass --lease-namespace, or set $POD_NAMESPACE as deploy/ does");
    }
    return Optional.of(new OperatorSettings.Lease(namespace, leaseName));
  }
}
