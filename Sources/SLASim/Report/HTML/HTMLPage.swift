import Mustache

/// A self-contained HTML report page: summary cards, then sections of charts and tables.
///
/// The page is a Mustache template (swift-mustache): the layout and styles live in one
/// readable template, values are HTML-escaped by the template engine, and the template, being
/// logic-less, cannot compute anything, so the numbers come only from the result model. Charts
/// are inline SVG from ``SVGChart``; no script, font or image is loaded from anywhere, so the
/// file works opened from disk and prints on A4.
struct HTMLPage {
  struct Card {
    var label: String
    var value: String
    var detail: String
  }

  struct Table {
    var caption: String
    var header: [String]
    var rows: [[String]]
    /// Whether the first column holds labels and the rest numbers (right-aligned).
    var numeric = true

    var headerCells: [[String: String]] { header.map { ["text": $0] } }
    var bodyRows: [[String: Any]] {
      rows.map { row in ["cells": row.enumerated().map { ["text": $1, "numeric": numeric && $0 > 0] as [String: Any] }] }
    }
  }

  struct Section {
    var id: String
    var heading: String
    /// One or two sentences saying what the section shows and how to read it.
    var intro: String
    /// Inline SVG charts (rendered by ``SVGChart/render(id:)``).
    var charts: [String] = []
    /// Whether the charts are small multiples, two to a row.
    var grid = false
    var tables: [Table] = []
    var notes: [String] = []
  }

  var title: String
  var subtitle: String
  var cards: [Card]
  var sections: [Section]
  var footer: String

  /// The page's HTML.
  ///
  /// - Throws: Only if the built-in template does not parse (a bug, which the tests catch).
  func render() throws -> String {
    let template = try MustacheTemplate(string: Self.template)
    let context: [String: Any] = [
      "title": title, "subtitle": subtitle, "footer": footer, "hasCards": !cards.isEmpty,
      "cards": cards.map { ["label": $0.label, "value": $0.value, "detail": $0.detail] },
      "sections": sections.map { section -> [String: Any] in
        [
          "id": section.id, "heading": section.heading, "intro": section.intro,
          // A heading stays on the page of its first chart: both sit in one unbreakable block
          // (small multiples keep theirs in the grid).
          "leadChart": section.grid ? [] : section.charts.prefix(1).map { ["svg": $0] },
          "charts": (section.grid ? section.charts : Array(section.charts.dropFirst())).map { ["svg": $0] },
          "grid": section.grid,
          "tables": section.tables.map { ["caption": $0.caption, "header": $0.headerCells, "rows": $0.bodyRows] },
          "notes": section.notes.map { ["text": $0] },
        ]
      },
    ]
    return template.render(context)
  }

  static let template = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="generator" content="slasim">
    <title>{{title}}</title>
    <style>
    :root { color-scheme: light; }
    * { box-sizing: border-box; }
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1a1a1a;
           margin: 0 auto; max-width: 960px; padding: 24px 20px 40px; line-height: 1.4; background: #fff; }
    h1 { font-size: 1.6rem; margin: 0 0 4px; }
    h2 { font-size: 1.2rem; margin: 32px 0 6px; border-bottom: 2px solid #0072B2; padding-bottom: 3px; }
    .subtitle { color: #444; margin: 0 0 16px; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 16px 0; }
    .card { border: 1px solid #ccc; border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
    .card .label { font-size: 0.8rem; color: #444; text-transform: uppercase; letter-spacing: 0.03em; }
    .card .value { font-size: 1.5rem; font-weight: 600; }
    .card .detail { font-size: 0.8rem; color: #444; overflow-wrap: anywhere; }
    .intro { margin: 4px 0 10px; color: #333; }
    figure { margin: 0 0 14px; break-inside: avoid; }
    .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; }
    svg.chart { width: 100%; height: auto; display: block; }
    table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.85rem; max-width: 100%; }
    caption { text-align: left; font-weight: 600; padding: 4px 0; }
    th, td { border-bottom: 1px solid #ddd; padding: 3px 10px 3px 0; text-align: left; vertical-align: top; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    td { overflow-wrap: anywhere; }
    td:first-child, td.num { overflow-wrap: normal; white-space: nowrap; }  /* an em space (U+2003) indents a goal under its party */
    .lead { break-inside: avoid; }
    .note { font-size: 0.85rem; color: #444; }
    footer { margin-top: 32px; font-size: 0.8rem; color: #555; border-top: 1px solid #ccc; padding-top: 8px; }
    @page { size: A4; margin: 14mm; }
    @media print {
      body { max-width: none; padding: 0; font-size: 10pt; }
      h2 { break-after: avoid; }
    }
    @media (max-width: 640px) { .grid { grid-template-columns: 1fr; } }
    </style>
    </head>
    <body>
    <header>
    <h1>{{title}}</h1>
    <p class="subtitle">{{subtitle}}</p>
    </header>
    <main>
    {{#hasCards}}<div class="cards">{{/hasCards}}
    {{#cards}}<div class="card"><div class="label">{{label}}</div><div class="value">{{value}}</div><div class="detail">{{detail}}</div></div>
    {{/cards}}
    {{#hasCards}}</div>{{/hasCards}}
    {{#sections}}
    <section id="{{id}}">
    <div class="lead">
    <h2>{{heading}}</h2>
    <p class="intro">{{intro}}</p>
    {{#leadChart}}<figure>{{{svg}}}</figure>{{/leadChart}}
    </div>
    {{#grid}}<div class="grid">{{/grid}}
    {{#charts}}<figure>{{{svg}}}</figure>
    {{/charts}}
    {{#grid}}</div>{{/grid}}
    {{#tables}}
    <table>
    <caption>{{caption}}</caption>
    <thead><tr>{{#header}}<th scope="col">{{text}}</th>{{/header}}</tr></thead>
    <tbody>
    {{#rows}}<tr>{{#cells}}<td{{#numeric}} class="num"{{/numeric}}>{{text}}</td>{{/cells}}</tr>
    {{/rows}}
    </tbody>
    </table>
    {{/tables}}
    {{#notes}}<p class="note">{{text}}</p>
    {{/notes}}
    </section>
    {{/sections}}
    </main>
    <footer>{{footer}}</footer>
    </body>
    </html>

    """
}
