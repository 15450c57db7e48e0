package dev.kanary.core.kserve;

/** A model format and optional version, e.g. {@code {name: onnx, version: "1"}}. */
public record ModelFormat(String name, String version) {}
