import Foundation

/// The size of what was dropped, for the "send these?" question: a file's size, or the sum
/// of a folder's files (symbolic links, which are never sent, not counted; at most 100,000
/// entries looked at, so a huge tree cannot stall the screen).
enum DroppedSize {
    static func of(_ path: String) -> UInt64 {
        let manager = FileManager.default
        guard let attributes = try? manager.attributesOfItem(atPath: path) else { return 0 }
        if attributes[.type] as? FileAttributeType != .typeDirectory {
            return (attributes[.size] as? NSNumber)?.uint64Value ?? 0
        }
        var total: UInt64 = 0
        var seen = 0
        guard let walker = manager.enumerator(at: URL(fileURLWithPath: path), includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey]) else { return 0 }
        for case let url as URL in walker {
            seen += 1
            if seen > 100_000 { break }
            guard let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]), values.isRegularFile == true else { continue }
            total += UInt64(values.fileSize ?? 0)
        }
        return total
    }
}
