// swift-tools-version:6.1
//
// slasim's fuzz targets: libFuzzer entry points for the two parsers of user files, the scenario
// loader (JSON parser, decoder, validation and compilation) and the history CSV parser (with
// the fits it feeds). A separate package, so that building with `-sanitize=fuzzer` (which
// supplies `main`) leaves the main package and its tests alone.
// Run: make fuzz (docs/guarantees.md, "Fuzzing").

import PackageDescription

let package = Package(
  name: "slasim-fuzz",
  platforms: [.macOS(.v15)],
  dependencies: [.package(name: "slasim", path: "..")],
  targets: [
    .target(name: "FuzzDriver"),
    .executableTarget(
      name: "FuzzScenario", dependencies: ["FuzzDriver", .product(name: "SLASim", package: "slasim")]),
    .executableTarget(
      name: "FuzzHistory", dependencies: ["FuzzDriver", .product(name: "SLASim", package: "slasim")]),
  ]
)
