package dev.kanary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kanary.core.json.Json;
import dev.kanary.core.k8s.Container;
import dev.kanary.core.kserve.ModelSpec;
import org.junit.jupiter.api.Test;

class ContainerMergeTest {

  private static <T> T read(String yaml, Class<T> type) {
    try {
      return Json.yaml().readValue(yaml, type);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theModelsFieldsGoOverTheRuntimesAsKserveMergesThem() {
    Container runtime = read("""
        name: kserve-container
        image: "seldonio/mlserver:{{.Name}}"
        command: [mlserver, start]
        args: ["--model-name={{.Name}}"]
        env:
        - {name: A, value: runtime}
        - {name: B, value: "{{.Name}}"}
        resources:
          limits: {cpu: "1", memory: 2Gi}
          requests: {cpu: "1"}
        ports: [{containerPort: 8080, name: http1}]
        volumeMounts: [{name: cache, mountPath: /cache}]
        readinessProbe: {httpGet: {path: /v2/health/ready, port: 8080}}
        """, Container.class);
    ModelSpec model = read("""
        modelFormat: {name: sklearn}
        storageUri: gs://b/m
        storage: {key: secret}
        args: [--workers, "2"]
        env:
        - {name: A, value: model}
        - {name: C, value: new}
        resources:
          limits: {cpu: "2"}
        ports: [{containerPort: 8080, protocol: TCP}, {containerPort: 9000}]
        readinessProbe: {tcpSocket: {port: 8080}}
        """, ModelSpec.class);

    Container merged = ContainerMerge.merge(runtime, model, "iris");

    assertThat(Json.toJson(merged)).isEqualTo(Json.toJson(read("""
        name: kserve-container
        image: "seldonio/mlserver:iris"
        command: [mlserver, start]
        args: [--model-name=iris, --workers, "2"]
        env:
        - {name: A, value: model}
        - {name: B, value: iris}
        - {name: C, value: new}
        resources:
          limits: {cpu: "2", memory: 2Gi}
          requests: {cpu: "1"}
        ports: [{containerPort: 8080, name: http1, protocol: TCP}, {containerPort: 9000}]
        volumeMounts: [{name: cache, mountPath: /cache}]
        readinessProbe: {tcpSocket: {port: 8080}}
        """, Container.class)));
  }

  @Test
  void theModelsImageAndCommandReplaceTheRuntimes() {
    Container runtime = read("{name: server, image: a:1, command: [serve]}", Container.class);
    ModelSpec model = read("{modelFormat: {name: onnx}, image: b:2, command: [other]}",
        ModelSpec.class);

    Container merged = ContainerMerge.merge(runtime, model, "iris");

    assertThat(merged.name()).isEqualTo("kserve-container");
    assertThat(merged.image()).isEqualTo("b:2");
    assertThat(merged.command()).containsExactly("other");
    assertThat(merged.resources()).isNull();
  }
}
