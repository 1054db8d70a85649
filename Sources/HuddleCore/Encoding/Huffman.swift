/// Canonical Huffman coding of bytes, used for the text of whole-document encodings.
///
/// Layout: 128 bytes holding the code length (0...15) of each byte value, two per byte (high
/// nibble first, value 0 first), then a varint byte length and the bit stream (codes written
/// most significant bit first). The decoded length is stored by the caller.
enum Huffman {
    static let maxLength = 15

    /// Appends the coded form of `bytes` (which must not be empty).
    static func encode(_ bytes: [UInt8], into w: inout ByteWriter) {
        var freq = [Int](repeating: 0, count: 256)
        for b in bytes { freq[Int(b)] += 1 }
        let lengths = codeLengths(freq)
        for i in stride(from: 0, to: 256, by: 2) { w.byte(lengths[i] << 4 | lengths[i + 1]) }
        let codes = canonicalCodes(lengths)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        var acc: UInt64 = 0
        var bits: UInt64 = 0
        for b in bytes {
            let len = UInt64(lengths[Int(b)])
            acc = acc << len | UInt64(codes[Int(b)])
            bits += len
            while bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> bits))
            }
        }
        if bits > 0 { out.append(UInt8(truncatingIfNeeded: acc << (8 - bits))) }
        w.lengthPrefixed(out)
    }

    /// Code lengths for the given frequencies, at most `maxLength` (frequencies are halved
    /// until the tree is shallow enough).
    static func codeLengths(_ frequencies: [Int]) -> [UInt8] {
        var freq = frequencies
        while true {
            let symbols = (0..<256).filter { freq[$0] > 0 }
            var lengths = [UInt8](repeating: 0, count: 256)
            if symbols.count == 1 {
                lengths[symbols[0]] = 1
                return lengths
            }
            // Two-queue Huffman: leaves sorted by weight, inner nodes in the order they are made
            // (their weights never decrease). Nodes: leaves 0..<256, inner nodes after.
            var weight = freq
            var parent = [Int](repeating: -1, count: 512)
            let leaves = symbols.sorted { freq[$0] != freq[$1] ? freq[$0] < freq[$1] : $0 < $1 }
            var li = 0
            var inner: [Int] = []
            var ii = 0
            func takeLightest() -> Int {
                if li < leaves.count && (ii >= inner.count || weight[leaves[li]] <= weight[inner[ii]]) {
                    li += 1
                    return leaves[li - 1]
                }
                ii += 1
                return inner[ii - 1]
            }
            for _ in 0..<(symbols.count - 1) {
                let a = takeLightest(), b = takeLightest()
                let node = weight.count
                weight.append(weight[a] + weight[b])
                parent[a] = node
                parent[b] = node
                inner.append(node)
            }
            var deepest = 0
            for s in symbols {
                var depth = 0, n = s
                while parent[n] >= 0 { n = parent[n]; depth += 1 }
                lengths[s] = UInt8(depth)
                deepest = max(deepest, depth)
            }
            if deepest <= maxLength { return lengths }
            for s in symbols { freq[s] = max(1, freq[s] >> 1) }
        }
    }

    /// Canonical codes: shorter codes first, equal lengths in symbol order.
    static func canonicalCodes(_ lengths: [UInt8]) -> [UInt16] {
        var codes = [UInt16](repeating: 0, count: 256)
        var code = 0
        for len in 1...maxLength {
            for s in 0..<256 where Int(lengths[s]) == len {
                codes[s] = UInt16(code)
                code += 1
            }
            code <<= 1
        }
        return codes
    }

    /// Decodes exactly `count` bytes (the caller checked `count` against a limit).
    static func decode(_ r: inout ByteReader, count: Int) throws(DecodeError) -> [UInt8] {
        let packed = try r.raw(128)
        var lengths = [UInt8](repeating: 0, count: 256)
        for (i, b) in packed.enumerated() {
            lengths[2 * i] = b >> 4
            lengths[2 * i + 1] = b & 0x0F
        }
        // Kraft: the code must not be over-subscribed.
        var kraft = 0
        for len in lengths where len > 0 { kraft += 1 << (maxLength - Int(len)) }
        guard kraft > 0, kraft <= 1 << maxLength else { throw .valueOutOfRange("Huffman code lengths") }
        let codes = canonicalCodes(lengths)
        // Lookup table over the next 15 bits: symbol | length << 8, or 0 for no code.
        var table = [UInt16](repeating: 0, count: 1 << maxLength)
        for s in 0..<256 where lengths[s] > 0 {
            let shift = maxLength - Int(lengths[s])
            let first = Int(codes[s]) << shift
            let entry = UInt16(s) | UInt16(lengths[s]) << 8
            for i in first..<(first + (1 << shift)) { table[i] = entry }
        }
        let byteCount = try r.count(max: r.remaining, "Huffman stream bytes")
        let stream = try r.raw(byteCount)
        guard count <= byteCount * 8 else { throw .valueOutOfRange("Huffman stream too short") }
        var out = [UInt8]()
        out.reserveCapacity(count)
        var acc: UInt64 = 0
        var bits = 0
        var next = stream.startIndex
        let totalBits = byteCount * 8
        var used = 0
        while out.count < count {
            while bits <= 56 {
                acc = acc << 8 | UInt64(next < stream.endIndex ? stream[next] : 0)
                if next < stream.endIndex { next += 1 }
                bits += 8
            }
            let entry = table[Int(truncatingIfNeeded: acc >> UInt64(bits - maxLength)) & 0x7FFF]
            let len = Int(entry >> 8)
            guard len > 0 else { throw .valueOutOfRange("invalid Huffman code") }
            used += len
            guard used <= totalBits else { throw .truncated(needed: 1) }
            bits -= len
            out.append(UInt8(truncatingIfNeeded: entry))
        }
        return out
    }
}
