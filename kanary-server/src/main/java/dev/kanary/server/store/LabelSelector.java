package dev.kanary.server.store;

import java.util.Map;

/** A Kubernetes label selector ({@code a=b,c!=d,e,!f,g in (x,y),h notin (z)}). */
public interface LabelSelector {

  LabelSelector EVERYTHING = labels -> true;

  boolean matches(Map<String, String> labels);
}
