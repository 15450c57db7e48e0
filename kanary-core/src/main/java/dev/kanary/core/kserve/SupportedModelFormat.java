package dev.kanary.core.kserve;

/** A format a runtime serves; {@code autoSelect} runtimes are chosen by format, highest priority first. */
public record SupportedModelFormat(String name, String version, Boolean autoSelect, Integer priority) {

  public boolean isAutoSelect() {
    return Boolean.TRUE.equals(autoSelect);
  }
}
