/// The line-breaking class of a character, after Unicode's line-breaking algorithm (UAX #14),
/// reduced to the classes that word wrapping needs; ranges from LineBreak.txt.
///
/// Everything not listed is ``alphabetic``: a run of it is broken only at spaces. Two tailorings,
/// as CJK typesetting expects (CSS `line-break: strict` does the same): the small kana and the
/// prolonged sound mark (class CJ) are ``nonStarter``s, and the curly quotes `‘“` open and `’”`
/// close (UAX #14 leaves them ambiguous, class QU).
public enum LineBreakClass: Equatable, Sendable {
    /// AL and every class not listed here: letters, digits, most symbols, straight quotes.
    case alphabetic
    /// ID: CJK ideographs, kana, Hangul syllables, fullwidth forms, emoji. A line may break
    /// before and after each one, with no space.
    case ideographic
    /// OP: `(「『【（` and the like; no line ends with one.
    case openPunctuation
    /// CL: `}、。，」』】` and the like; no line starts with one.
    case closePunctuation
    /// CP: `)` and `]`; no line starts with one.
    case closeParenthesis
    /// NS and CJ: small kana, iteration marks, `ー`, `・`; no line starts with one.
    case nonStarter
    /// EX: `!?！？`; no line starts with one.
    case exclamation
    /// IS: `,.:;`; no line starts with one.
    case infixSeparator
    /// PO: `%‰℃°`, which follow their number; no line starts with one.
    case postfixNumeric
    /// IN: `…` and `‥`, which are not split from what they follow.
    case inseparable
    /// SP: the space, where lines break and which is dropped at the break.
    case space

    /// Whether a line may not start with this class (it sticks to what comes before).
    public var forbidsBreakBefore: Bool {
        switch self {
        case .closePunctuation, .closeParenthesis, .nonStarter, .exclamation, .infixSeparator,
             .postfixNumeric, .inseparable:
            true
        case .alphabetic, .ideographic, .openPunctuation, .space:
            false
        }
    }

    /// Whether a line may not end with this class (it sticks to what comes after).
    public var forbidsBreakAfter: Bool { self == .openPunctuation }

    /// The class of a glyph: that of its first scalar. ASCII is a table lookup.
    public static func of(_ glyph: TerminalText.Glyph) -> LineBreakClass {
        let utf8 = glyph.text.utf8
        if let byte = utf8.first, byte < 0x80 { return ascii[Int(byte)] }
        guard let first = glyph.text.unicodeScalars.first else { return .alphabetic }
        return of(first)
    }

    /// The class of one scalar.
    public static func of(_ scalar: Unicode.Scalar) -> LineBreakClass {
        let value = scalar.value
        switch value {
        case 0..<0x80: return ascii[Int(value)]
        case 0x3000...0x30FF: return cjkSymbolsAndKana(value)
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFD, 0x1FC00...0x1FFFD:
            return .ideographic // CJK ideographs; unassigned here defaults to ID too
        case 0xAC00...0xD7A3: return .ideographic // Hangul syllables (H2, H3)
        case 0xFE10...0xFE6F: return verticalAndSmallForms(value)
        case 0xFF00...0xFFEF: return halfwidthAndFullwidthForms(value)
        case 0x2000...0x2E7F: return punctuationAndSymbols(value)
        case 0x2E80...0x2FFF, 0x3100...0x31EF, 0x3200...0x33FF, 0xA000...0xA4CF, 0x17000...0x18AFF,
             0x18D00...0x18D08, 0x1B000...0x1B14F, 0x1B170...0x1B2FF:
            // Radicals, bopomofo, compatibility jamo, enclosed CJK, Yi, Tangut, kana supplements.
            return value == 0xA015 ? .nonStarter : .ideographic
        case 0x31F0...0x31FF, 0x1B150...0x1B152, 0x1B164...0x1B167: return .nonStarter // small kana (CJ)
        case 0x16FE0...0x16FE3: return .nonStarter // Tangut and Nüshu iteration marks
        case 0x1F000...0x1FAFF: return pictographs(value)
        case 0x00A1, 0x00BF: return .openPunctuation // ¡ ¿
        case 0x00A2, 0x00B0: return .postfixNumeric // ¢ °
        case 0x037E, 0x0589, 0x060C, 0x060D, 0x07F8: return .infixSeparator
        case 0x05C6, 0x061B, 0x061D...0x061F, 0x06D4, 0x07F9, 0x0F0D...0x0F11, 0x0F14, 0x1802, 0x1803, 0x1808,
             0x1809, 0x1944, 0x1945:
            return .exclamation // Hebrew, Arabic, NKo, Tibetan, Mongolian, Limbu stops and marks
        case 0x0609...0x060B, 0x066A, 0x09F2, 0x09F3, 0x09F9, 0x0D79: return .postfixNumeric
        case 0x0F3A, 0x0F3C, 0x169B: return .openPunctuation
        case 0x0F3B, 0x0F3D, 0x169C: return .closePunctuation
        case 0x17D6: return .nonStarter
        default: return .alphabetic
        }
    }

    /// ASCII: `([{` open, `}` closes, `)]` close parentheses, `!?` exclaim, `,.:;` separate,
    /// `%` is postfix, the space is a space; everything else (`'` and `"` too) is alphabetic.
    static let ascii: [LineBreakClass] = (0..<0x80).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: " "): .space
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): .openPunctuation
        case UInt8(ascii: "}"): .closePunctuation
        case UInt8(ascii: ")"), UInt8(ascii: "]"): .closeParenthesis
        case UInt8(ascii: "!"), UInt8(ascii: "?"): .exclamation
        case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: ";"): .infixSeparator
        case UInt8(ascii: "%"): .postfixNumeric
        default: .alphabetic
        }
    }

    /// U+3000-30FF: CJK symbols and punctuation, hiragana, katakana.
    static func cjkSymbolsAndKana(_ value: UInt32) -> LineBreakClass {
        switch value {
        case 0x3000: .alphabetic // ideographic space (BA); wide, so lines may break around it
        case 0x3001, 0x3002, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x301B,
             0x301E, 0x301F:
            .closePunctuation // 、。〉》」』】〕〗〙〛〞〟
        case 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014, 0x3016, 0x3018, 0x301A, 0x301D:
            .openPunctuation // 〈《「『【〔〖〘〚〝
        case 0x3005, 0x301C, 0x303B, 0x303C, 0x309B...0x309E, 0x30A0, 0x30FB, 0x30FD, 0x30FE:
            .nonStarter // 々〜〻〼゛゜ゝゞ゠・ヽヾ
        case 0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E, 0x3095, 0x3096,
             0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6,
             0x30FC:
            .nonStarter // small kana and ー (CJ)
        case 0x302A...0x302F, 0x3035, 0x3099, 0x309A: .alphabetic // combining marks (CM)
        default: .ideographic
        }
    }

    /// U+FE10-FE6F: vertical forms, CJK compatibility forms, small form variants.
    static func verticalAndSmallForms(_ value: UInt32) -> LineBreakClass {
        switch value {
        case 0xFE10, 0xFE13, 0xFE14: .infixSeparator
        case 0xFE11, 0xFE12, 0xFE18, 0xFE36, 0xFE38, 0xFE3A, 0xFE3C, 0xFE3E, 0xFE40, 0xFE42, 0xFE44, 0xFE48,
             0xFE50, 0xFE52, 0xFE5A, 0xFE5C, 0xFE5E:
            .closePunctuation
        case 0xFE17, 0xFE35, 0xFE37, 0xFE39, 0xFE3B, 0xFE3D, 0xFE3F, 0xFE41, 0xFE43, 0xFE47, 0xFE59, 0xFE5B,
             0xFE5D:
            .openPunctuation
        case 0xFE15, 0xFE16, 0xFE56, 0xFE57: .exclamation
        case 0xFE54, 0xFE55: .nonStarter
        case 0xFE19: .inseparable
        case 0xFE6A: .postfixNumeric
        case 0xFE20...0xFE2F: .alphabetic // combining half marks (CM)
        default: .ideographic
        }
    }

    /// U+FF00-FFEF: fullwidth ASCII variants, halfwidth katakana and Hangul, fullwidth signs.
    static func halfwidthAndFullwidthForms(_ value: UInt32) -> LineBreakClass {
        switch value {
        case 0xFF01, 0xFF1F: .exclamation // ！？
        case 0xFF05, 0xFFE0: .postfixNumeric // ％￠
        case 0xFF08, 0xFF3B, 0xFF5B, 0xFF5F, 0xFF62: .openPunctuation // （［｛｟｢
        case 0xFF09, 0xFF0C, 0xFF0E, 0xFF3D, 0xFF5D, 0xFF60, 0xFF61, 0xFF63, 0xFF64:
            .closePunctuation // ），．］｝｠｡｣､
        case 0xFF1A, 0xFF1B, 0xFF65, 0xFF9E, 0xFF9F: .nonStarter // ：；･ﾞﾟ
        case 0xFF67...0xFF70: .nonStarter // halfwidth small kana and ｰ (CJ)
        case 0xFF04, 0xFFE1, 0xFFE5, 0xFFE6, 0xFFE8...0xFFEF: .alphabetic // ＄￡￥￦ (PR), halfwidth forms
        default: .ideographic
        }
    }

    /// U+2000-2E7F: general and supplemental punctuation, letterlike and technical symbols,
    /// dingbats, mathematical brackets.
    static func punctuationAndSymbols(_ value: UInt32) -> LineBreakClass {
        switch value {
        case 0x2018, 0x201C: .openPunctuation // ‘“ (QU, tailored)
        case 0x2019, 0x201D: .closePunctuation // ’” (QU, tailored)
        case 0x201A, 0x201E, 0x2045, 0x207D, 0x208D, 0x2308, 0x230A, 0x2329, 0x2768, 0x276A, 0x276C, 0x276E,
             0x2770, 0x2772, 0x2774, 0x27C5, 0x27E6, 0x27E8, 0x27EA, 0x27EC, 0x27EE, 0x2983, 0x2985, 0x2987,
             0x2989, 0x298B, 0x298D, 0x298F, 0x2991, 0x2993, 0x2995, 0x2997, 0x29D8, 0x29DA, 0x29FC, 0x2E18,
             0x2E22, 0x2E24, 0x2E26, 0x2E28, 0x2E42, 0x2E55, 0x2E57, 0x2E59, 0x2E5B:
            .openPunctuation
        case 0x2046, 0x207E, 0x208E, 0x2309, 0x230B, 0x232A, 0x2769, 0x276B, 0x276D, 0x276F, 0x2771, 0x2773,
             0x2775, 0x27C6, 0x27E7, 0x27E9, 0x27EB, 0x27ED, 0x27EF, 0x2984, 0x2986, 0x2988, 0x298A, 0x298C,
             0x298E, 0x2990, 0x2992, 0x2994, 0x2996, 0x2998, 0x29D9, 0x29DB, 0x29FD, 0x2E23, 0x2E25, 0x2E27,
             0x2E29, 0x2E56, 0x2E58, 0x2E5A, 0x2E5C:
            .closePunctuation
        case 0x203C, 0x203D, 0x2047...0x2049: .nonStarter // ‼ ‽ ⁇ ⁈ ⁉
        case 0x2762, 0x2763, 0x2CF9, 0x2CFE, 0x2E2E, 0x2E53, 0x2E54: .exclamation
        case 0x2044: .infixSeparator // ⁄
        case 0x2024...0x2026, 0x22EF: .inseparable // ․ ‥ … ⋯
        case 0x2030...0x2037, 0x2103, 0x2109, 0x20A7, 0x20B6, 0x20BB, 0x20BE, 0x20C0:
            .postfixNumeric // ‰ ′ ″ ℃ ℉ and currency signs written after the amount
        case 0x231A, 0x231B, 0x23F0...0x23F3, 0x2600...0x2603, 0x2614, 0x2615, 0x2618, 0x261A...0x261C,
             0x261E, 0x261F, 0x2639...0x263B, 0x2668, 0x267F, 0x26BD...0x26C8, 0x26CD, 0x26CF...0x26D1,
             0x26D3, 0x26D4, 0x26D8, 0x26D9, 0x26DC, 0x26DF...0x26E1, 0x26EA, 0x26F1...0x26F5, 0x26F7,
             0x26F8, 0x26FA, 0x26FD...0x2704, 0x2708, 0x2709, 0x2764:
            .ideographic // emoji among the symbols: ⌚ ☀ ☺ ⚽ ⛄ ✂ ❤
        default: .alphabetic
        }
    }

    /// U+1F000-1FAFF: emoji and other pictographs (ID, and EB, which breaks the same way), except
    /// enclosed letters, alchemical symbols, arrows and chess symbols. The few wide pictographs
    /// that LineBreak.txt calls AL (🔴, 🔁) count as ID: lines break around wide glyphs anyway.
    static func pictographs(_ value: UInt32) -> LineBreakClass {
        switch value {
        case 0x1F679...0x1F67B: .nonStarter // heavy ornamental ‼ ⁈ ⁉
        case 0x1F100...0x1F10C, 0x1F110...0x1F16C, 0x1F170...0x1F1AC, 0x1F1E6...0x1F1FF, 0x1F3FB...0x1F3FF,
             0x1F676...0x1F678, 0x1F700...0x1F773, 0x1F780...0x1F7D4, 0x1F800...0x1F80B, 0x1F810...0x1F847,
             0x1F850...0x1F859, 0x1F860...0x1F887, 0x1F890...0x1F8AD, 0x1FA00...0x1FA53:
            .alphabetic // ones that are AL, regional indicators (RI), skin tones (EM), quotes (QU)
        default: .ideographic
        }
    }
}
