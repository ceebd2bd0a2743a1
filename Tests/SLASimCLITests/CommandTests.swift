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
