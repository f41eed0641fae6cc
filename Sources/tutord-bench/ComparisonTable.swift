import Foundation

/// The figures of `compare`, one row per measurement: each server's value, tutord's ratio to
/// each peer and to the bare SwiftNIO server (the floor the framework sets, where measured),
/// and the goal from docs/benchmarks.md with whether this run met it.
struct ComparisonTable {
    enum Peer { case redis, mpd }

    /// A goal on tutord's figure. Ratios are tutord / peer.
    enum Goal {
        /// The ratio to the peer is at most this (latencies).
        case atMost(Double, of: Peer)
        /// The ratio to the peer is at least this (rates).
        case atLeast(Double, of: Peer)
        /// At least these ratios to Redis and to MPD (rates).
        case atLeastBoth(Double, redis: Double)
        /// tutord's own figure is at most this.
        case absoluteAtMost(Double)

        var text: String {
            switch self {
            case .atMost(let ratio, let peer): "≤ \(format(ratio))× \(peer)"
            case .atLeast(let ratio, let peer): "≥ \(format(ratio))× \(peer)"
            case .atLeastBoth(let redis, let mpd): "≥ \(format(redis))× redis, ≥ \(format(mpd))× mpd"
            case .absoluteAtMost(let value): "≤ \(format(value))"
            }
        }

        func isMet(tutord: Double, redis: Double?, mpd: Double?) -> Bool {
            func ratio(_ peer: Double?) -> Double { peer.map { tutord / $0 } ?? .nan }
            switch self {
            case .atMost(let goal, .redis): return ratio(redis) <= goal
            case .atMost(let goal, .mpd): return ratio(mpd) <= goal
            case .atLeast(let goal, .redis): return ratio(redis) >= goal
            case .atLeast(let goal, .mpd): return ratio(mpd) >= goal
            case .atLeastBoth(let redisGoal, let mpdGoal): return ratio(redis) >= redisGoal && ratio(mpd) >= mpdGoal
            case .absoluteAtMost(let goal): return tutord <= goal
            }
        }

        private func format(_ value: Double) -> String { String(format: value == value.rounded() ? "%.0f" : "%.3g", value) }
    }

    /// One measured figure, as `compare --figures` writes it for `goals`.
    struct Row: Codable {
        var name: String
        var tutord: Double
        var redis: Double?
        var mpd: Double?
        var floor: Double?
        var goal: Goal?

        private enum CodingKeys: String, CodingKey { case name, tutord, redis, mpd, floor }
    }

    private(set) var rows: [Row] = []

    mutating func add(_ name: String, tutord: Double, redis: Double?, mpd: Double?, floor: Double? = nil, goal: Goal?) {
        rows.append(Row(name: name, tutord: tutord, redis: redis, mpd: mpd, floor: floor, goal: goal))
    }

    /// A Markdown table, for docs/benchmarks.md as it is printed.
    func rendered() -> String {
        func value(_ number: Double?) -> String {
            guard let number, number.isFinite else { return "–" }
            return number >= 100 ? String(format: "%.0f", number) : String(format: "%.2f", number)
        }
        func ratio(_ tutord: Double, _ peer: Double?) -> String {
            guard let peer, peer > 0, tutord.isFinite else { return "–" }
            return String(format: "%.2f×", tutord / peer)
        }
        var lines = ["| figure | tutord | redis | mpd | nio floor | tutord/redis | tutord/mpd | tutord/floor | goal | met |",
                     "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
        for row in rows {
            let met = row.goal.map { $0.isMet(tutord: row.tutord, redis: row.redis, mpd: row.mpd) ? "yes" : "**no**" } ?? ""
            lines.append("| \(row.name) | \(value(row.tutord)) | \(value(row.redis)) | \(value(row.mpd)) | \(value(row.floor)) | "
                         + "\(ratio(row.tutord, row.redis)) | \(ratio(row.tutord, row.mpd)) | \(ratio(row.tutord, row.floor)) | "
                         + "\(row.goal?.text ?? "") | \(met) |")
        }
        return lines.joined(separator: "\n")
    }
}
