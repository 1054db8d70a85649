import Foundation

/// Sizes for people: `2.1 MB`, `512 B`, `1.3 GB` (powers of 1000).
public enum ByteCount {
    /// `bytes` in the largest unit that keeps the number at least 1.
    public static func format(_ bytes: UInt64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + units[unit]
    }
}
