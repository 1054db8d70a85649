/// UTF-8 conversion of Unicode scalars without Foundation, strict on input from outside.
enum UTF8Codec {
    /// Appends the UTF-8 bytes of `scalars` to `out`.
    static func encode<S: Sequence<Unicode.Scalar>>(_ scalars: S, into out: inout [UInt8]) {
        for s in scalars {
            let v = s.value
            if v < 0x80 {
                out.append(UInt8(v))
            } else if v < 0x800 {
                out.append(UInt8(0xC0 | (v >> 6)))
                out.append(UInt8(0x80 | (v & 0x3F)))
            } else if v < 0x10000 {
                out.append(UInt8(0xE0 | (v >> 12)))
                out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (v & 0x3F)))
            } else {
                out.append(UInt8(0xF0 | (v >> 18)))
                out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
                out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (v & 0x3F)))
            }
        }
    }

    /// Decodes strict UTF-8 (no overlongs, surrogates or values past U+10FFFF) into `out`.
    static func decode(_ bytes: ArraySlice<UInt8>, into out: inout [Unicode.Scalar]) throws(DecodeError) {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b0 = UInt32(bytes[i])
            if b0 < 0x80 {
                out.append(Unicode.Scalar(UInt8(b0)))
                i += 1
                continue
            }
            let n: Int
            let minimum: UInt32
            var value: UInt32
            if b0 & 0xE0 == 0xC0 { n = 2; minimum = 0x80; value = b0 & 0x1F }
            else if b0 & 0xF0 == 0xE0 { n = 3; minimum = 0x800; value = b0 & 0x0F }
            else if b0 & 0xF8 == 0xF0 { n = 4; minimum = 0x10000; value = b0 & 0x07 }
            else { throw .invalidUTF8 }
            guard end - i >= n else { throw .invalidUTF8 }
            for k in 1..<n {
                let b = UInt32(bytes[i + k])
                guard b & 0xC0 == 0x80 else { throw .invalidUTF8 }
                value = value << 6 | (b & 0x3F)
            }
            guard value >= minimum, let scalar = Unicode.Scalar(value) else { throw .invalidUTF8 }
            out.append(scalar)
            i += n
        }
    }
}
