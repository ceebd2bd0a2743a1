import Testing

@testable import SLASim

/// Compile-time check that the statistics types can cross concurrency domains
/// (STYLE.md §6): this file does not build if one of them stops being `Sendable`.
private func requireSendable<T: Sendable>(_: T.Type) {}

@Suite struct StatisticsSendableTests {
  @Test func publicStatisticsTypesAreSendable() {
    requireSendable(ProportionEstimate.self)
    requireSendable(StreamingMoments.self)
    requireSendable(QuantileSketch.self)
  }
}
