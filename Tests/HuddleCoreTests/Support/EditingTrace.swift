import Foundation
import HuddleTesting

extension EditingTrace {
    /// The folder of the traces, found from this file's path.
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Benchmarks/editing-traces")
    }

    /// Loads `name` (a path relative to the traces folder).
    static func load(_ name: String) throws -> EditingTrace {
        try load(path: folder.appendingPathComponent(name).path)
    }
}
