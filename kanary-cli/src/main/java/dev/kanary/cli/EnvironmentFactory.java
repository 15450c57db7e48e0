package dev.kanary.cli;

import java.lang.reflect.Constructor;
import java.util.Map;
import picocli.CommandLine;

/**
 * Creates commands and mixins with the environment they read ($KANARY_SERVER, $KANARY_TOKEN, ...)
 * when they take one, so that tests can give them one of their own.
 */
final class EnvironmentFactory implements CommandLine.IFactory {
  private final Map<String, String> env;

  EnvironmentFactory(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    Constructor<K> withEnvironment;
    try {
      withEnvironment = type.getDeclaredConstructor(Map.class);
    } catch (NoSuchMethodException e) {
      return CommandLine.defaultFactory().create(type);
    }
    withEnvironment.setAccessible(true);
    return withEnvironment.newInstance(env);
  }
}
