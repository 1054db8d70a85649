/// Why a file name a peer sent was refused. Names are validated, never rewritten: an offer
/// with one bad name is refused as a whole, and the user is told which rule it broke.
///
/// No case carries the offending text, so every case is safe to log and to show; the
/// component index says where the problem is.
public enum ReceivedNameError: Error, Equatable, Sendable {
    /// The path is empty.
    case empty
    /// The path starts with `/`: it would escape the target folder.
    case absolute
    /// A component is `..`: it would escape the target folder.
    case parentReference(component: Int)
    /// A component is `.`: it names nothing and hides the real depth of the path.
    case currentReference(component: Int)
    /// Two slashes in a row, or a trailing slash.
    case emptyComponent(component: Int)
    /// A backslash, which is a separator on Windows and an escape in shells.
    case backslash(component: Int)
    /// NUL, another C0 or C1 control character, or DEL (`scalar` is its code point).
    case controlCharacter(component: Int, scalar: UInt32)
    /// A bidirectional or zero-width format character that makes a name display as another
    /// (`invoice\u{202E}fdp.exe` shows as `invoiceexe.pdf`).
    case formatCharacter(component: Int, scalar: UInt32)
    /// A device name Windows reserves (CON, PRN, AUX, NUL, COM1-9, LPT1-9, CONIN$, CONOUT$),
    /// with or without an extension.
    case windowsReserved(component: Int)
    /// A component ending in a dot or a space, which Windows strips silently.
    case trailingDotOrSpace(component: Int)
    /// The name is not in Unicode NFC: it would change under normalisation, so two different
    /// byte strings could name what the user sees as one file.
    case notNormalized(component: Int)
    /// A component longer than 255 bytes of UTF-8.
    case componentTooLong(component: Int, bytes: Int)
    /// The whole path is longer than ``ReceivedPath/maxPathBytes``.
    case pathTooLong(bytes: Int)
    /// More components than ``ReceivedPath/maxDepth``.
    case tooDeep(components: Int)
}

extension ReceivedNameError: CustomStringConvertible {
    /// A sentence for the user.
    public var description: String {
        switch self {
        case .empty: "the name is empty"
        case .absolute: "the name is an absolute path"
        case let .parentReference(i): "component \(i + 1) is '..'"
        case let .currentReference(i): "component \(i + 1) is '.'"
        case let .emptyComponent(i): "component \(i + 1) is empty"
        case let .backslash(i): "component \(i + 1) contains a backslash"
        case let .controlCharacter(i, s): "component \(i + 1) contains the control character U+\(hex(s))"
        case let .formatCharacter(i, s): "component \(i + 1) contains the invisible format character U+\(hex(s))"
        case let .windowsReserved(i): "component \(i + 1) is a name Windows reserves for a device"
        case let .trailingDotOrSpace(i): "component \(i + 1) ends in a dot or a space"
        case let .notNormalized(i): "component \(i + 1) is not in Unicode NFC form"
        case let .componentTooLong(i, n): "component \(i + 1) is \(n) bytes long (at most 255)"
        case let .pathTooLong(n): "the path is \(n) bytes long (at most \(ReceivedPath.maxPathBytes))"
        case let .tooDeep(n): "the path has \(n) components (at most \(ReceivedPath.maxDepth))"
        }
    }
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
