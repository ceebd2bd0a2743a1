import ArgumentParser
import SLASim

extension SLASimCommand {
  /// `slasim schema`: prints the JSON Schema of the scenario format.
  struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the JSON Schema (draft 2020-12) of the scenario format.",
      discussion: """
        Point a scenario's "$schema" key at the schema file and editors that understand JSON \
        Schema validate and complete it as you type. 'slasim validate' checks more than the \
        schema can (real dates, parameter combinations, cross-field rules).
        """)

    @Option(help: "Write the schema to this file (atomically) instead of stdout.", completion: .file())
    var out: String?

    func run() throws {
      if let out {
        try Output.checkTarget(out, inputs: [])
        try Output.writeAtomically(ScenarioSchema.json, to: out)
      } else {
        try Output.writeToStandardOutput(ScenarioSchema.json)
      }
    }
  }
}
