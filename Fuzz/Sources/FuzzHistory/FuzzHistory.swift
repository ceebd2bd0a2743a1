import SLASim

/// libFuzzer's entry point: one input is one history CSV file.
///
/// Runs what `slasim fit` runs on it: the parser, the text of every message, and for a file
/// that parses, a linear trend of every series (LAPACK least squares and the forecast with its
/// prediction intervals), a seasonal trend when there are 24 months, and a regression of the
/// first series on the second.
func fuzzHistory(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  var sink = 0
  do {
    let history = try MonthlyHistory.parse(csv: bytes, file: "fuzz/history.csv")
    for note in history.notes { sink &+= note.utf8.count }
    let names = history.fittableSeriesNames
    for model in [TrendModel.linear, TrendModel(logLinear: true), TrendModel(seasonal: true)] {
      for name in names {
        do {
          let fit = try HistoryFitting.fitTrend(history, column: name, model: model, horizon: 3)
          sink &+= fit.forecast.count
        } catch {
          sink &+= error.description.utf8.count
        }
      }
    }
    if names.count >= 2 {
      do {
        let fit = try HistoryFitting.fitRegression(history, response: names[0], predictors: [names[1]])
        sink &+= fit.fit.coefficients.count
      } catch {
        sink &+= error.description.utf8.count
      }
    }
  } catch {
    sink &+= error.description.utf8.count
  }
  return sink == Int.min ? 1 : 0
}
