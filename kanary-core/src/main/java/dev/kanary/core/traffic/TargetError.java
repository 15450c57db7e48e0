package dev.kanary.core.traffic;

import dev.kanary.core.condition.Condition;

/**
 * Why one traffic target cannot be routed. A failure needs a user's change (a missing or foreign
 * target, a revision that failed); anything else may still become ready by itself.
 */
sealed interface TargetError {
  boolean isFailure();

  Condition condition();

  record Missing(String kind, String name) implements TargetError {
    @Override
    public boolean isFailure() {
      return true;
    }

    @Override
    public Condition condition() {
      return AllTrafficAssigned.missing(kind, name);
    }
  }

  record NotOwned(String revision, String actualService, String expectedService)
      implements TargetError {
    @Override
    public boolean isFailure() {
      return true;
    }

    @Override
    public Condition condition() {
      return AllTrafficAssigned.revisionNotOwned(revision, actualService, expectedService);
    }
  }

  /** A configuration without a ready revision yet; a failure when its Ready is False. */
  record UnreadyConfiguration(String name, boolean isFailure) implements TargetError {
    @Override
    public Condition condition() {
      return isFailure
          ? AllTrafficAssigned.configurationFailed(name)
          : AllTrafficAssigned.configurationNotReady(name);
    }
  }

  /** A revision that is not ready; a failure when its Ready is False. */
  record UnreadyRevision(String name, boolean isFailure) implements TargetError {
    @Override
    public Condition condition() {
      return isFailure
          ? AllTrafficAssigned.revisionFailed(name)
          : AllTrafficAssigned.revisionNotReady(name);
    }
  }
}
