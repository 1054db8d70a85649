/// Keys that arrive as escape sequences ncurses' terminfo does not name: Home and End as
/// `ESC [ 1 ~` and `ESC [ 4 ~` (what tmux and screen send), rxvt's `ESC [ 7 ~`, the Linux
/// console's `ESC [ [ A`, arrows with modifiers, and Alt with a key (`ESC b`). A sequence it
/// does not know is dropped whole: none ever becomes text.
public enum EscapeSequence {
    /// What the scalars after an ESC make.
    public enum Outcome: Equatable, Sendable {
        /// A key, from the first `consumed` scalars (the ESC not counted).
        case key(Key, consumed: Int)
        /// A mouse report in SGR form (mode 1006: any column, not only up to 223).
        case mouse(MouseEvent, consumed: Int)
        /// A sequence huddle has no use for, `consumed` scalars long: dropped.
        case ignored(consumed: Int)
    }

    /// Decodes the scalars that followed an ESC, all that had arrived with it; nothing after it
    /// is a lone Esc.
    public static func decode(_ following: [Unicode.Scalar]) -> Outcome {
        guard let first = following.first else { return .key(.escape, consumed: 0) }
        switch first {
        case "[": return controlSequence(Array(following.dropFirst()))
        case "O": return singleShift(Array(following.dropFirst()))
        case "\u{1B}": return .key(.escape, consumed: 0) // Esc pressed twice: the first is an Esc
        case "\u{7F}", "\u{08}": return .key(.altBackspace, consumed: 1)
        case "\r", "\n": return .key(.newline, consumed: 1) // Alt-Enter
        case "1"..."9": return .key(.altDigit(Int(first.value) - 0x30), consumed: 1)
        default:
            if first.value >= 0x20, first.value < 0x7F { return .key(.alt(Character(first)), consumed: 1) }
            return .ignored(consumed: 1)
        }
    }

    /// `ESC [` parameters, intermediates, final: from `body` (after the `[`).
    static func controlSequence(_ body: [Unicode.Scalar]) -> Outcome {
        // The Linux console's F1-F5: ESC [ [ A ... E.
        if body.first == "[" {
            guard body.count >= 2 else { return .ignored(consumed: 1 + body.count) }
            let key: Key? = ("A"..."E").contains(body[1]) ? .function(Int(body[1].value - 0x40)) : nil
            return key.map { .key($0, consumed: 3) } ?? .ignored(consumed: 3)
        }
        var index = 0
        while index < body.count, (0x20...0x3F).contains(body[index].value) { index += 1 }
        guard index < body.count, (0x40...0x7E).contains(body[index].value) else {
            return .ignored(consumed: 1 + min(index, body.count))
        }
        let consumed = 1 + index + 1
        let parameters = String(String.UnicodeScalarView(body[..<index]))
        if parameters.hasPrefix("<"), body[index] == "M" || body[index] == "m" {
            return sgrMouse(parameters.dropFirst(), pressed: body[index] == "M").map { .mouse($0, consumed: consumed) } ?? .ignored(consumed: consumed)
        }
        guard let key = csiKey(final: body[index], parameters: parameters) else { return .ignored(consumed: consumed) }
        return .key(key, consumed: consumed)
    }

    /// `ESC [ < button ; column ; row M` (a press) or `m` (a release), counted from 1: a left
    /// click or a turn of the wheel; anything else (releases, other buttons, motion) is nil.
    static func sgrMouse(_ parameters: Substring, pressed: Bool) -> MouseEvent? {
        let fields = parameters.split(separator: ";").map { Int($0) }
        guard pressed, fields.count == 3, let button = fields[0], let column = fields[1], let row = fields[2],
              (1...10_000).contains(column), (1...10_000).contains(row) else { return nil }
        let kind: MouseEvent.Kind
        switch button & ~(4 | 8 | 16) { // without Shift, Alt and Ctrl
        case 0: kind = .click
        case 64: kind = .wheelUp
        case 65: kind = .wheelDown
        default: return nil
        }
        return MouseEvent(row: row - 1, column: column - 1, kind: kind)
    }

    /// `ESC O` and one character (application cursor keys, F1-F4).
    static func singleShift(_ body: [Unicode.Scalar]) -> Outcome {
        guard let final = body.first else { return .key(.alt("O"), consumed: 1) }
        let key: Key? = switch final {
        case "A": .up
        case "B": .down
        case "C": .right
        case "D": .left
        case "H": .home
        case "F": .end
        case "M": .enter
        case "P": .function(1)
        case "Q": .function(2)
        case "R": .function(3)
        case "S": .function(4)
        case "a": .up          // rxvt: Ctrl with arrows
        case "b": .down
        case "c": .wordRight
        case "d": .wordLeft
        default: nil
        }
        return key.map { .key($0, consumed: 2) } ?? .ignored(consumed: 2)
    }

    /// The key of `ESC [ parameters final`, if huddle has one for it.
    static func csiKey(final: Unicode.Scalar, parameters: String) -> Key? {
        let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        // xterm's modifiers: 1 + (shift 1, alt 2, ctrl 4).
        let modifier = numbers.count > 1 ? (numbers[1] ?? 1) - 1 : 0
        let shift = modifier & 1 != 0, alt = modifier & 2 != 0, ctrl = modifier & 4 != 0
        switch final {
        case "A": return shift ? .shiftUp : .up
        case "B": return shift ? .shiftDown : .down
        case "C": return ctrl || alt ? .wordRight : shift ? .shiftRight : .right
        case "D": return ctrl || alt ? .wordLeft : shift ? .shiftLeft : .left
        case "a": return .shiftUp     // rxvt: Shift with arrows
        case "b": return .shiftDown
        case "c": return .shiftRight
        case "d": return .shiftLeft
        case "H": return .home
        case "F": return .end
        case "Z": return .backTab
        case "u" where numbers.first == 13 && modifier & 3 != 0:
            return .newline // kitty's (CSI u) Shift-Enter or Alt-Enter
        case "~" where numbers.first == 27 && numbers.count == 3 && numbers[2] == 13:
            // xterm's modifyOtherKeys: ESC [ 27 ; modifier ; 13 ~ is Enter with modifiers.
            return modifier & 3 != 0 ? .newline : .enter
        case "~":
            switch numbers.first ?? nil {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            case 5: return .pageUp
            case 6: return .pageDown
            case let .some(code) where (11...15).contains(code): return .function(code - 10)
            case let .some(code) where (17...21).contains(code): return .function(code - 11)
            case let .some(code) where (23...24).contains(code): return .function(code - 12)
            default: return nil
            }
        default: return nil
        }
    }
}
