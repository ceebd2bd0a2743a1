import ArgumentParser
import Testing

@testable import SLASimCLI

@Suite struct CommandTests {
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
