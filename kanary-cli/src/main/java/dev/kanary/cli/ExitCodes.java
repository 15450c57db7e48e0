package dev.kanary.cli;

/** kubectl's convention: 0 ok, 1 the server (or the object) was refused, 2 a usage error. */
final class ExitCodes {
  static final int OK = 0;
  static final int REFUSED = 1;
  static final int USAGE = 2;

  private ExitCodes() {}
}
