import Foundation

/// Golden files: expected screens stored as text beside the tests.
///
/// Set `HUDDLE_UPDATE_GOLDEN=1` to rewrite them from what the code renders now.
public enum Golden {
    /// The golden text at `path`, or, when updating, writes `actual` there and returns it.
    public static func expected(at path: String, actual: String) throws -> String {
        if ProcessInfo.processInfo.environment["HUDDLE_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return actual
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
