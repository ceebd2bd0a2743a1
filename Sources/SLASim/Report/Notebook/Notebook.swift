/// A Jupyter notebook (nbformat 4.5, https://nbformat.readthedocs.io/en/latest/format_description.html):
/// markdown and code cells with stable ids and no outputs, so the same result gives the same
/// file byte for byte. Each command's notebook embeds its result as JSON and redraws the
/// report's charts with pandas and matplotlib; the tests execute every exported notebook.
struct Notebook {
  enum Kind: String { case markdown, code }

  struct Cell {
    var kind: Kind
    var id: String
    var source: String
  }

  private(set) var cells: [Cell] = []

  mutating func markdown(_ id: String, _ source: String) { cells.append(Cell(kind: .markdown, id: id, source: source)) }
  mutating func code(_ id: String, _ source: String) { cells.append(Cell(kind: .code, id: id, source: source)) }

  /// The cell that loads the result: `data`, parsed from the JSON text embedded as a Python
  /// string literal (a JSON string literal is one: the escapes `\"`, `\\`, `\n`, `\uXXXX` … mean
  /// the same in both languages).
  mutating func loadData(_ json: String) {
    code(
      "load",
      """
      import json
      import pandas as pd
      import matplotlib.pyplot as plt

      # The result slasim computed, exactly as `--format json` writes it (plus the charts' data).
      data = json.loads(\(JSONWriter.quote(json)))
      run = data.get("run", {})
      print(data.get("scenario", {}).get("name", data.get("file")), "- seed", run.get("seed"), "- slasim", run.get("slasimVersion"))
      """)
  }

  /// The notebook's JSON text.
  func render(title: String) -> String {
    var w = JSONWriter()
    w.beginObject()
    w.beginArray("cells")
    for cell in cells {
      w.beginObject()
      w.string("cell_type", cell.kind.rawValue)
      if cell.kind == .code { w.null("execution_count") }
      w.string("id", cell.id)
      w.beginObject("metadata")
      w.endObject()
      if cell.kind == .code {
        w.beginArray("outputs")
        w.endArray()
      }
      // nbformat stores source as a list of lines, each but the last ending in a newline.
      w.beginArray("source")
      let lines = cell.source.split(separator: "\n", omittingEmptySubsequences: false)
      for (i, line) in lines.enumerated() { w.string(nil, i < lines.count - 1 ? line + "\n" : String(line)) }
      w.endArray()
      w.endObject()
    }
    w.endArray()
    w.beginObject("metadata")
    w.beginObject("kernelspec")
    w.string("display_name", "Python 3")
    w.string("language", "python")
    w.string("name", "python3")
    w.endObject()
    w.beginObject("language_info")
    w.string("name", "python")
    w.endObject()
    w.string("title", title)
    w.endObject()
    w.integer("nbformat", 4)
    w.integer("nbformat_minor", 5)
    w.endObject()
    return w.text + "\n"
  }
}
