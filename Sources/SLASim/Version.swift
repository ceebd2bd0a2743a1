/// The `slasim` release and the version of its random streams.
public enum SLASimVersion {
  /// Semantic version of this build.
  public static let current = "0.1.0"
  /// Bumped whenever a change alters the random numbers a trial draws for a given seed
  /// (recorded in CHANGELOG.md); results are reproducible only within one stream version.
  public static let randomStream = 1
}
