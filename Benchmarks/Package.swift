// swift-tools-version:6.1
//
// slasim's benchmarks: a separate package so that package-benchmark and its dependencies
// stay out of the main package and its tests (STYLE.md §7).
// Run: swift package --package-path Benchmarks benchmark

import PackageDescription

let package = Package(
  name: "slasim-benchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "slasim", path: ".."),
    .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "TrialKernel",
      dependencies: [
        .product(name: "SLASim", package: "slasim"),
        .product(name: "Benchmark", package: "package-benchmark"),
      ],
      path: "Benchmarks/TrialKernel",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
    )
  ]
)
