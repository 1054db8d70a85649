import CConfusables

/// Unicode TR39 confusable skeletons (ICU's spoof checker): nicknames that look alike on a
/// screen (`bob`, `bоb` with a Cyrillic о, `b0b`, `BOB`) have the same skeleton.
enum Confusables {
    /// The skeleton of `text`, case folded first; the text itself when ICU cannot say.
    static func skeleton(_ text: String) -> String {
        let folded = Array(text.lowercased().utf8)
        var capacity = max(64, folded.count * 4)
        for _ in 0..<2 {
            var out = [UInt8](repeating: 0, count: capacity)
            let written = folded.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { output in
                    input.withMemoryRebound(to: CChar.self) { text in
                        output.withMemoryRebound(to: CChar.self) { buffer in
                            huddle_confusable_skeleton(text.baseAddress, Int32(text.count), buffer.baseAddress, Int32(buffer.count))
                        }
                    }
                }
            }
            if written < 0 { return text.lowercased() }
            if Int(written) <= capacity { return String(decoding: out.prefix(Int(written)), as: UTF8.self) }
            capacity = Int(written)
        }
        return text.lowercased()
    }

    /// Whether two nicknames look alike (and are not the same).
    static func lookAlike(_ a: String, _ b: String) -> Bool { a != b && skeleton(a) == skeleton(b) }
}
