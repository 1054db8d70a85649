import Foundation

extension Date {
    /// Milliseconds since 1970, the unit of every time in huddle's changes and JSON.
    var millisecondsSince1970: Int64 { Int64(timeIntervalSince1970 * 1000) }
}
