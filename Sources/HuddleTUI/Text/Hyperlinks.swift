import Synchronization

/// The web links on screen, by the small ID a cell's ``Style/link`` carries: what the
/// ``TerminalWriter`` writes as the OSC 8 target. The same URL keeps its ID (nothing is
/// redrawn for it from frame to frame); IDs are never given twice, so a layout cached with an
/// ID can only ever mean its own URL. Bounded: past ``capacity`` it starts again empty, and a
/// link drawn with an ID it no longer holds is written as plain text.
final class Hyperlinks: Sendable {
    /// The one table (layouts are cached for the process, and so are their links).
    static let shared = Hyperlinks()

    struct Table {
        var ids: [String: UInt32] = [:]
        var urls: [UInt32: String] = [:]
        var next: UInt32 = 1
    }

    /// The most links held.
    let capacity: Int
    private let table = Mutex(Table())

    init(capacity: Int = 8192) {
        self.capacity = capacity
    }

    /// The ID of `url` (never 0).
    func id(for url: String) -> UInt32 {
        table.withLock { table in
            if let id = table.ids[url] { return id }
            if table.ids.count >= capacity {
                table.ids.removeAll()
                table.urls.removeAll()
            }
            let id = table.next
            table.next = table.next == .max ? 1 : table.next + 1
            table.ids[url] = id
            table.urls[id] = url
            return id
        }
    }

    /// The URL of `id`, if held.
    func url(for id: UInt32) -> String? {
        table.withLock { $0.urls[id] }
    }
}
