import Foundation

/// Figures as a Markdown table (count, latency percentiles in ms, requests/s, the daemon's
/// CPU and RSS, and each goal with "met" or "no"), to print or to paste into
/// docs/benchmarks.md.
func figureTable(_ figures: [BenchFigure]) -> String {
    func ms(_ value: Double) -> String { value.isNaN ? "-" : String(format: value < 10 ? "%.2f" : "%.1f", value) }
    var lines = [
        "| figure | count | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | req/s | daemon CPU | daemon RSS | goals |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for figure in figures {
        let latency = figure.latency
        let rate = figure.requestsPerSecond.map { String(format: "%.0f", $0) } ?? "-"
        let cpu = figure.daemonCPU.map { String(format: "%.0f %%", $0 * 100) } ?? "-"
        let rss = figure.daemonRSSKiB.map { String(format: "%.1f MiB", Double($0) / 1024) } ?? "-"
        let goals = figure.goals.map { "\($0.text): \($0.met ? "met" : "no")" }.joined(separator: "; ")
        lines.append("| \(figure.name) | \(latency.count) | \(ms(latency.p50)) | \(ms(latency.p90)) | \(ms(latency.p99)) | "
                     + "\(ms(latency.p999)) | \(ms(latency.max)) | \(rate) | \(cpu) | \(rss) | \(goals.isEmpty ? "-" : goals) |")
    }
    return lines.joined(separator: "\n")
}
