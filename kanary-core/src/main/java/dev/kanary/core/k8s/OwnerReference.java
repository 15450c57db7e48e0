package dev.kanary.core.k8s;

/** Points from a child object at the object that owns it; owned objects go with their owner. */
public record OwnerReference(
    String apiVersion,
    String kind,
    String name,
    String uid,
    Boolean controller,
    Boolean blockOwnerDeletion) {

  public static OwnerReference controllerOf(String apiVersion, String kind, ObjectMeta owner) {
    return new OwnerReference(apiVersion, kind, owner.name(), owner.uid(), true, true);
  }
}
