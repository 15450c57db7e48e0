package dev.kanary.modelserver.inference;

import java.util.List;

/** What the server says about itself in the protocols' server metadata. */
public record ServerInfo(String name, String version, List<String> extensions) {
  public ServerInfo {
    extensions = List.copyOf(extensions);
  }
}
