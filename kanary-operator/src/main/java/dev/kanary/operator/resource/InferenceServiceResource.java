package dev.kanary.operator.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * KServe's InferenceService as the operator SDK watches it. Spec and status stay untyped JSON here:
 * kanary-core's records are the one typed model, reached through {@link Conversions}, so fields
 * kanary does not model pass through untouched.
 */
@Group("serving.kserve.io")
@Version("v1beta1")
@Kind("InferenceService")
@Plural("inferenceservices")
@Singular("inferenceservice")
@ShortNames("isvc")
public class InferenceServiceResource extends CustomResource<ObjectNode, ObjectNode>
    implements Namespaced {}
