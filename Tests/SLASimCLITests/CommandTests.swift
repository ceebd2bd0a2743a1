import ArgumentParser
import Testing

@testable import SLASimCLI

@Suite struct CommandTests {
  /// `--seed` is read from its digits and says what is valid (issue 7, item 7).
  @Test(arguments: ["-1", "1e17", "18446744073709551616", "0x10", ""])
  func aBadSeedSaysWhatIsValid(_ seed: String) {
    do {
      _ = try SLASimCommand.parseAsRoot(["run", "q3.json", "--seed", seed])
      Issue.record("--seed \(seed) was accepted")
    } catch {
      #expect(
        SLASimCommand.slasimMessage(for: error)
          == "--seed must be a whole number from 0 to 18446744073709551615 (2^64 − 1), written with its digits; "
          + "found '\(seed)'.")
      #expect(SLASimCommand.slasimExitCode(for: error).rawValue == 64)
    }
  }

  /// The progress line: trials done, the rate, elapsed time and time left (issue 7, item 7).
  @Test func theProgressLineShowsRateElapsedAndTimeLeft() {
    #expect(
      ProgressBar.line(done: 2_100_000, total: 5_000_000, elapsed: 7)
        == "\r[########            ] 42% 2,100,000/5,000,000 trials · 300,000/s · 7.0 s, 9.7 s left\u{1B}[K")
    #expect(ProgressBar.line(done: 0, total: 10, elapsed: 0) == "\r[                    ] 0% 0/10 trials\u{1B}[K")
    #expect(ProgressBar.duration(125) == "2 min 05 s")
    #expect(ProgressBar.duration(3840) == "1 h 04 min")
    #expect(ProgressBar.duration(.infinity) == "?" && ProgressBar.duration(1e300) == "?")
  }

  @Test func theLargestSeedIsExact() throws {
    let command = try SLASimCommand.parseAsRoot(["run", "q3.json", "--seed", "18446744073709551615"])
    #expect((command as? SLASimCommand.Run)?.options.seed == UInt64.max)
  }

  @Test func unknownOptionIsAUsageError() {
    #expect(throws: (any Error).self) {
      _ = try SLASimCommand.parseAsRoot(["--no-such-option"])
    }
    do {
      _ = try SLASimCommand.parseAsRoot(["--no-such-option"])
    } catch {
      #expect(SLASimCommand.slasimExitCode(for: error).rawValue == 64)
    }
  }
}
