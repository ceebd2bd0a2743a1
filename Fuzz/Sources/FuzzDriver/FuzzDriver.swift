#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// libFuzzer's test function: one input, its bytes and their count; returns 0.
public typealias FuzzTestFunction = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

// libFuzzer's driver, from the runtime that `-sanitize=fuzzer` links.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ testOneInput: FuzzTestFunction
) -> CInt

/// Hands the command line and `test` to libFuzzer's driver and exits with its status.
///
/// SwiftPM names every executable's entry point itself, so each fuzz target has a `main` of
/// its own that calls this, instead of the `main` in libFuzzer's runtime.
public func runLibFuzzer(_ test: FuzzTestFunction) -> Never {
  var argc = CommandLine.argc
  var argv = CommandLine.unsafeArgv
  exit(LLVMFuzzerRunDriver(&argc, &argv, test))
}
