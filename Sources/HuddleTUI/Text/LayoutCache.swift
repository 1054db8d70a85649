import Synchronization

/// Layouts made recently (wrapped lines of a text, the lines of a chat message), so a frame
/// does not measure and break again what the frame before already did: render stays a pure
/// function, since the same key always lays out the same way.
///
/// Teammates choose the texts (a message may be 64 KiB), so the cache has a budget in bytes as
/// well as in entries: when either would be passed it starts again empty, and a layout too
/// large for the budget on its own is made every time instead of kept.
final class LayoutCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    struct Contents {
        var entries: [Key: Value] = [:]
        var bytes = 0
    }

    /// The most layouts kept (a screen shows far fewer).
    let maxEntries: Int
    /// The most bytes the kept layouts may take (an estimate, from the `cost` each is given).
    let maxBytes: Int
    private let contents = Mutex(Contents())

    /// A cache of at most `maxEntries` layouts and `maxBytes` bytes.
    init(maxEntries: Int, maxBytes: Int) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    /// The bytes it holds now, as counted against ``maxBytes``.
    var bytes: Int { contents.withLock { $0.bytes } }

    /// The layout for `key`, made by `make` on a miss; `cost` estimates its bytes.
    func value(for key: Key, cost: (Value) -> Int, make: () -> Value) -> Value {
        if let known = contents.withLock({ $0.entries[key] }) { return known }
        let value = make()
        let bytes = cost(value)
        guard bytes <= maxBytes else { return value }
        contents.withLock { contents in
            if contents.entries.count >= maxEntries || contents.bytes + bytes > maxBytes {
                contents = Contents()
            }
            contents.entries[key] = value
            contents.bytes += bytes
        }
        return value
    }
}
