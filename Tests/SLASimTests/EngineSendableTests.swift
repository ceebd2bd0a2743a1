import SLASim
import Testing

/// Compile-time check that the engine's public value types cross concurrency domains
/// (swift-argument-parser's SendableTests do the same): this file only builds if they are
/// `Sendable`.
@Suite struct EngineSendableTests {
  func requireSendable<T: Sendable>(_: T.Type) {}

  @Test func publicEngineTypesAreSendable() {
    requireSendable(Scenario.self)
    requireSendable(Value.self)
    requireSendable(Distribution.self)
    requireSendable(SimulationEngine.self)
    requireSendable(SimulationResult.self)
    requireSendable(SimulationResult.PartyResult.self)
    requireSendable(SimulationResult.KPIResult.self)
    requireSendable(RunReport.self)
    requireSendable(ReverseFunnel.self)
    requireSendable(Party.self)
    requireSendable(KPI.self)
    requireSendable(BusinessClock.self)
    requireSendable(Xoshiro256StarStar.self)
  }
}
