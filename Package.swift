// swift-tools-version:6.0
//
// slasim: multi-party SLA simulation and forecasting.
//
// Compile-time flags (pass with `-Xswiftc -D<FLAG>`; none is on by default):
// - SLASIM_INTERNAL_CHECKS: deep invariant checks inside the trial kernel and
//   the queues (heap order, monotone clocks). Costs roughly 2x in the kernel.
// - SLASIM_LONG_TESTS is read from the environment by the tests, not compiled in:
//   `SLASIM_LONG_TESTS=1 swift test` also runs the slow checks (Erlang C with 20x
//   the trials, the causality invariant on 5,000 more random scenarios).

import PackageDescription

let package = Package(
  name: "slasim",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "SLASim", targets: ["SLASim"]),
    .executable(name: "slasim", targets: ["SLASimCLI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    // The HTML report's page: a logic-less template, so no simulation logic can move into it.
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
  ],
  targets: [
    // MARK: - Public API

    .target(
      name: "SLASim",
      dependencies: [
        "CLAPACKE",
        .product(name: "RealModule", package: "swift-numerics"),
        .product(name: "Mustache", package: "swift-mustache"),
      ]
    ),
    .executableTarget(
      name: "SLASimCLI",
      dependencies: [
        "SLASim",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // MARK: - Implementation details

    // LAPACKE from the system (Debian: liblapacke-dev). Only
    // Sources/SLASim/Forecast/LAPACK.swift imports it; it is not API.
    .systemLibrary(
      name: "CLAPACKE",
      pkgConfig: "lapacke",
      providers: [.apt(["liblapacke-dev"]), .brew(["lapack"])]
    ),

    // MARK: - Tests

    .testTarget(
      name: "SLASimTests",
      dependencies: ["SLASim"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "SLASimCLITests",
      dependencies: ["SLASimCLI", "SLASim"],
      // Snapshots are read from the source tree (#filePath) so they can be re-recorded.
      exclude: ["Snapshots"]
    ),
  ]
)
