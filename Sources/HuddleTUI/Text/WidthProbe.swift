/// The start-up question to the terminal, as a value: does it support grapheme-cluster mode
/// (DEC mode 2027), and where does it put the cursor after each kind of cluster? The bytes to
/// send are ``request``; what comes back is fed to ``receive(_:)``; ``model`` is the answer so
/// far. The device-attributes query sent last is answered by every terminal, after the others,
/// so its reply ends the wait; a terminal that answers nothing is given up on at the deadline.
public struct WidthProbe: Sendable {
    /// A single emoji of Unicode 14 (🫠): whether the terminal's table knows recent emoji.
    static let recentEmoji = "\u{1FAE0}"

    /// The kinds probed, in the order their cursor reports come back.
    static let probes: [String] = ClusterKind.allCases.map(\.probe) + [recentEmoji]

    /// DECRQM for mode 2027; then, for each probe, a move to the top-left corner, the probe,
    /// and a cursor-position request; then primary device attributes (DA1); then the screen
    /// cleared again.
    public static let request: [UInt8] = {
        var text = "\u{1B}[?2027$p"
        for probe in probes { text += "\u{1B}[1;1H" + probe + "\u{1B}[6n" }
        text += "\u{1B}[c\u{1B}[1;1H\u{1B}[2J"
        return Array(text.utf8)
    }()

    /// Sent to turn grapheme-cluster mode on, and off again when huddle leaves.
    public static let enableGraphemeClusters = "\u{1B}[?2027h"
    public static let disableGraphemeClusters = "\u{1B}[?2027l"

    /// The mode 2027 report's value (0 unknown mode, 1 set, 2 reset, 3 always set, 4 always
    /// reset), once it came.
    public private(set) var modeReport: Int?
    /// The columns the cursor moved for each probe answered so far, in ``probes`` order.
    public private(set) var measured: [Int] = []
    /// Whether the device-attributes reply came: the terminal has answered everything.
    public private(set) var isComplete = false
    /// Bytes that were not replies (keys typed while the probe ran), to be read as input.
    public private(set) var typed: [UInt8] = []
    /// The start of a reply split across reads.
    private var pending: [UInt8] = []

    /// A probe with nothing received yet.
    public init() {}

    /// Takes bytes read from the terminal.
    public mutating func receive(_ bytes: some Sequence<UInt8>) {
        pending += bytes
        var index = 0
        while index < pending.count {
            guard pending[index] == 0x1B else {
                typed.append(pending[index])
                index += 1
                continue
            }
            guard let end = Self.sequenceEnd(pending, from: index) else {
                // An incomplete sequence: wait for the rest, unless it cannot be a reply.
                if pending.count - index > 64 { typed += pending[index...]; index = pending.count }
                break
            }
            let sequence = Array(pending[index..<end])
            if !interpret(sequence) { typed += sequence }
            index = end
        }
        pending.removeSubrange(0..<min(index, pending.count))
    }

    /// The model the replies so far support; ``WidthModel/assumed`` when nothing came.
    public var model: WidthModel {
        if let modeReport, [1, 2, 3].contains(modeReport) { return .graphemeClusters }
        guard !measured.isEmpty else { return .assumed }
        var kinds: [ClusterKind: WidthModel.KindWidth] = [:]
        for (kind, columns) in zip(ClusterKind.allCases, measured) {
            kinds[kind] = Self.rule(for: kind, measured: columns)
        }
        let recent = measured.count > ClusterKind.allCases.count ? measured[ClusterKind.allCases.count] : nil
        return WidthModel(source: .measured, kinds: kinds, singleEmojiCertain: recent == 2)
    }

    /// Whether huddle should turn grapheme-cluster mode on (it is supported and not always on).
    public var shouldEnableGraphemeClusters: Bool {
        modeReport == 1 || modeReport == 2
    }

    /// The rule a measured probe shows: the per-scalar sum if it matches (what most terminals
    /// do), else the whole cluster's width, else the measured columns, certain only for kinds
    /// whose every member has the probe's shape (flags, keycaps).
    static func rule(for kind: ClusterKind, measured columns: Int) -> WidthModel.KindWidth {
        let scalars = Character(kind.probe).unicodeScalars
        if columns == kind.perScalarWidth(scalars) { return .init(rule: .perScalar, isCertain: true) }
        if columns == kind.unicodeWidth(scalars) { return .init(rule: .wholeCluster, isCertain: true) }
        switch kind {
        case .flag, .keycap: return .init(rule: .fixed(columns), isCertain: columns > 0 && columns <= 4)
        default: return .init(rule: .wholeCluster, isCertain: false)
        }
    }

    /// Applies one escape sequence; false when it is not a reply to the probe.
    mutating func interpret(_ sequence: [UInt8]) -> Bool {
        guard sequence.count >= 3, sequence[1] == 0x5B, let final = sequence.last else { return false }
        let body = sequence[2..<sequence.count - 1]
        if final == 0x79, body.last == 0x24, body.first == 0x3F {
            // ESC [ ? 2027 ; Ps $ y
            let fields = Self.numbers(body.dropFirst().dropLast())
            guard fields.count == 2, fields[0] == 2027 else { return false }
            modeReport = fields[1]
            return true
        }
        if final == 0x52, body.first != 0x3F {
            // ESC [ row ; column R
            let fields = Self.numbers(body)
            guard fields.count == 2, measured.count < Self.probes.count else { return false }
            measured.append(max(0, fields[1] - 1))
            return true
        }
        if final == 0x63, body.first == 0x3F {
            isComplete = true
            return true
        }
        return false
    }

    /// Where the control sequence starting at `start` (an ESC) ends, if all of it is here.
    static func sequenceEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard start + 1 < bytes.count else { return nil }
        guard bytes[start + 1] == 0x5B else { return start + 2 }
        var index = start + 2
        while index < bytes.count {
            if (0x40...0x7E).contains(bytes[index]) { return index + 1 }
            index += 1
        }
        return nil
    }

    /// The decimal fields of a parameter string (`12;3`); empty if anything else is in it.
    static func numbers(_ bytes: ArraySlice<UInt8>) -> [Int] {
        var fields: [Int] = []
        var value = 0
        var digits = 0
        for byte in bytes {
            switch byte {
            case 0x30...0x39:
                guard digits < 6 else { return [] }
                value = value * 10 + Int(byte - 0x30)
                digits += 1
            case 0x3B:
                guard digits > 0 else { return [] }
                fields.append(value)
                value = 0
                digits = 0
            default: return []
            }
        }
        guard digits > 0 else { return [] }
        fields.append(value)
        return fields
    }
}
