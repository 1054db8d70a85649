/// The character and name tables behind ``ReceivedPath/validate(_:)``.
enum NameRules {
    /// Device names Windows reserves, in upper case. `COM¹`-`COM³` and `LPT¹`-`LPT³` count
    /// too: Windows treats the superscript digits as digits there.
    static let windowsDevices: Set<String> = {
        var names: Set<String> = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
        for digit in ["1", "2", "3", "4", "5", "6", "7", "8", "9", "\u{B9}", "\u{B2}", "\u{B3}"] {
            names.insert("COM" + digit)
            names.insert("LPT" + digit)
        }
        return names
    }()

    /// Whether `name` is a reserved device name, alone or with any extension
    /// (`nul`, `Con.txt`, `lpt1.tar.gz`, `AUX .c`: Windows ignores trailing spaces before the dot).
    static func isWindowsReserved(_ name: String) -> Bool {
        let base = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? name
        var trimmed = Substring(base)
        while trimmed.last == " " { trimmed = trimmed.dropLast() }
        return windowsDevices.contains(trimmed.uppercased())
    }

    /// Bidirectional overrides, embeddings and isolates, and zero-width characters: each
    /// makes a name display unlike its bytes.
    static func isDeceptiveFormat(_ value: UInt32) -> Bool {
        switch value {
        case 0x200B...0x200F, // zero-width space, joiners, LRM, RLM
             0x202A...0x202E, // embeddings and overrides
             0x2060...0x2064, // word joiner, invisible operators
             0x2066...0x2069, // isolates
             0xFEFF:          // zero-width no-break space (BOM)
            return true
        default:
            return false
        }
    }

    /// Whether `name` is already in Unicode Normalization Form C.
    static func isNFC(_ name: String) -> Bool {
        // ASCII is always NFC; skip the work for the common case.
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return true }
        var normalized: [UInt8] = []
        normalized.reserveCapacity(name.utf8.count)
        name._withNFCCodeUnits { normalized.append($0) }
        return normalized.elementsEqual(name.utf8)
    }

    /// `name` in Unicode NFC (for names this side offers; received names are never rewritten).
    static func nfc(_ name: String) -> String {
        var normalized: [UInt8] = []
        name._withNFCCodeUnits { normalized.append($0) }
        return String(decoding: normalized, as: UTF8.self)
    }
}
