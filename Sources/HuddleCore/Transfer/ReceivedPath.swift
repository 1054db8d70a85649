/// A relative path a peer sent (`photos/2024/beach.jpg`) that passed every rule of
/// ``validate(_:)``: it cannot leave the folder it is received into, and it names the same
/// file on every system the user is likely to copy it to.
///
/// Only ``validate(_:)`` makes one, so holding a `ReceivedPath` is proof it was checked.
public struct ReceivedPath: Hashable, Sendable, CustomStringConvertible {
    /// The components, each non-empty and checked; never `.` or `..`.
    public let components: [String]

    /// The longest component, in bytes of UTF-8 (the limit of Linux, macOS and Windows).
    public static let maxComponentBytes = 255
    /// The longest relative path, in bytes of UTF-8; leaves room under PATH_MAX (4096) for
    /// the folder it is received into.
    public static let maxPathBytes = 3_072
    /// The most components (folder depth plus one).
    public static let maxDepth = 64

    private init(components: [String]) {
        self.components = components
    }

    /// The path with `/` between components.
    public var description: String { components.joined(separator: "/") }

    /// The last component: the file or folder name itself.
    public var name: String { components[components.count - 1] }

    /// The first component: the name that appears in the target folder.
    public var top: String { components[0] }

    /// Checks `raw` against every rule and returns it as a path, or says which rule it broke.
    /// Nothing is rewritten: a name that would need fixing is refused.
    public static func validate(_ raw: String) throws(ReceivedNameError) -> ReceivedPath {
        let bytes = raw.utf8.count
        guard bytes > 0 else { throw .empty }
        guard bytes <= maxPathBytes else { throw .pathTooLong(bytes: bytes) }
        guard raw.utf8.first != UInt8(ascii: "/") else { throw .absolute }
        let parts = raw.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= maxDepth else { throw .tooDeep(components: parts.count) }
        for (index, part) in parts.enumerated() {
            try checkComponent(part, index: index)
        }
        return ReceivedPath(components: parts)
    }

    /// `raw` in Unicode NFC: how this side spells a local name it offers, so the receiver's
    /// NFC rule never refuses a name just because the sender's file system decomposed it.
    public static func normalizedForOffer(_ raw: String) -> String {
        NameRules.nfc(raw)
    }

    static func checkComponent(_ part: String, index: Int) throws(ReceivedNameError) {
        guard !part.isEmpty else { throw .emptyComponent(component: index) }
        guard part != ".." else { throw .parentReference(component: index) }
        guard part != "." else { throw .currentReference(component: index) }
        let length = part.utf8.count
        guard length <= maxComponentBytes else { throw .componentTooLong(component: index, bytes: length) }
        for scalar in part.unicodeScalars {
            let value = scalar.value
            if value == 0x5C { throw .backslash(component: index) }
            if value < 0x20 || (0x7F...0x9F).contains(value) { throw .controlCharacter(component: index, scalar: value) }
            if NameRules.isDeceptiveFormat(value) { throw .formatCharacter(component: index, scalar: value) }
        }
        if let last = part.unicodeScalars.last, last == "." || last == " " { throw .trailingDotOrSpace(component: index) }
        if NameRules.isWindowsReserved(part) { throw .windowsReserved(component: index) }
        guard NameRules.isNFC(part) else { throw .notNormalized(component: index) }
    }
}
