package dev.kanary.modelserver.inference;

import dev.kanary.modelserver.model.OnnxModel;
import java.util.List;
import java.util.Optional;

/**
 * The models this server serves: one, under the name it was started with. Requests find it here;
 * it answers "not ready" until it is loaded and warmed up.
 */
public final class ModelRepository {
  private final String name;
  private volatile OnnxModel model;

  public ModelRepository(String name) {
    this.name = name;
  }

  public List<String> names() {
    return List.of(name);
  }

  public boolean isReady() {
    return model != null;
  }

  /** Makes a loaded, warmed-up model available to requests. */
  public void publish(OnnxModel loaded) {
    model = loaded;
  }

  /**
   * The model with that name, ready to run.
   *
   * @throws ServingException when no model has that name, or it is not ready yet
   */
  public OnnxModel require(String requested) {
    if (!name.equals(requested)) {
      throw ServingException.modelNotFound(requested);
    }
    OnnxModel ready = model;
    if (ready == null) {
      throw ServingException.modelNotReady(requested);
    }
    return ready;
  }

  /**
   * Whether the named model is ready.
   *
   * @throws ServingException when no model has that name
   */
  public boolean isReady(String requested) {
    if (!name.equals(requested)) {
      throw ServingException.modelNotFound(requested);
    }
    return isReady();
  }

  /** Takes the model out of service, for closing. */
  public Optional<OnnxModel> withdraw() {
    OnnxModel withdrawn = model;
    model = null;
    return Optional.ofNullable(withdrawn);
  }
}
