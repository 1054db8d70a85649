/// Turns terminal input into keys, gathering a bracketed paste into one ``Key/paste(_:)``.
///
/// Inside a paste nothing acts as a key: a pasted `q` or Ctrl-Q is text.
public struct InputDecoder: Sendable {
    /// The most text one paste may hold; the rest is dropped (1 MiB of UTF-8).
    public static let maxPasteBytes = 1 << 20

    var paste: String?
    var pasteBytes = 0

    /// A decoder outside any paste.
    public init() {}

    /// Whether a paste has started and not ended.
    public var isPasting: Bool { paste != nil }

    /// Feeds one input; returns the key it completes, if any.
    public mutating func feed(_ input: TerminalInput) -> Key? {
        switch input {
        case .pasteStart:
            paste = ""
            pasteBytes = 0
            return nil
        case .pasteEnd:
            defer { paste = nil }
            return paste.map { .paste($0) }
        case .resize, .mouse:
            return nil // the app handles these itself
        case let .scalar(scalar):
            if paste != nil {
                appendToPaste(scalar == "\r" ? "\n" : scalar)
                return nil
            }
            return Self.key(for: scalar)
        case let .key(key):
            if paste != nil {
                if key == .enter { appendToPaste("\n") } else if key == .tab { appendToPaste("\t") }
                return nil
            }
            return key
        }
    }

    mutating func appendToPaste(_ scalar: Unicode.Scalar) {
        let size = UTF8.width(scalar)
        guard pasteBytes + size <= Self.maxPasteBytes else { return }
        pasteBytes += size
        paste?.unicodeScalars.append(scalar)
    }

    /// The key a single scalar stands for outside a paste.
    public static func key(for scalar: Unicode.Scalar) -> Key? {
        switch scalar.value {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x08, 0x7F: return .backspace
        case 0x1B: return .escape
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(scalar.value + 0x60)!))
        case 0x00, 0x1C...0x1F, 0x80...0x9F: return nil
        default: return .character(Character(scalar))
        }
    }
}
