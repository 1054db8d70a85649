import HuddleCore
import HuddleFuzzTargets
import Testing

/// The fuzz targets themselves: their seeds get all the way through (so libFuzzer starts
/// from inputs that reach the deep checks), and a bounded number of seeded mutations of them
/// come back refused or accepted, never trapping. scripts/fuzz.sh runs the real fuzzers.
@Suite("Fuzz targets")
struct FuzzTargetTests {
    @Test("every target accepts each of its seeds whole", arguments: FuzzTarget.allCases)
    func seedsAreAccepted(target: FuzzTarget) {
        #expect(!target.seeds.isEmpty)
        for (index, seed) in target.seeds.enumerated() {
            let outcome = target.run(seed)
            #expect(outcome.accepted >= 1 && outcome.refused == 0, "seed \(index) of \(target): \(outcome)")
        }
    }

    @Test("a run with one bit of a signature flipped is refused")
    func flippedSignatureIsRefused() throws {
        var run = try #require(FuzzTarget.run.seeds.first)
        run[run.count - 1] ^= 1
        #expect(FuzzTarget.run.run(run) == FuzzOutcome(accepted: 0, refused: 1))
    }

    @Test("a session stream cut inside a frame is refused at its end", arguments: [1, 5, 40])
    func truncatedStreamIsRefused(cut: Int) throws {
        let stream = try #require(FuzzTarget.envelope.seeds.last)
        #expect(FuzzTarget.envelope.run(Array(stream.dropLast(cut))).refused == 1)
    }

    /// Mutations of every seed, as libFuzzer's simplest ones do: flipped bits, changed bytes,
    /// cuts, repeats. The seed of a failing case is its argument, printed as it starts.
    @Test("seeded mutations of every seed come back without a trap", arguments: 1...4)
    func mutationsComeBack(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for target in FuzzTarget.allCases {
            for input in target.seeds {
                for _ in 0..<150 {
                    _ = target.run(Self.mutate(input, &random))
                }
            }
        }
    }

    static func mutate(_ input: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0...Int(random.next() % 3) {
            guard !bytes.isEmpty else { return [UInt8(truncatingIfNeeded: random.next())] }
            let at = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 5 {
            case 0: bytes[at] ^= 1 << UInt8(random.next() % 8)
            case 1: bytes[at] = UInt8(truncatingIfNeeded: random.next())
            case 2: bytes.removeSubrange(at...)
            case 3: bytes.insert(contentsOf: bytes[at...].prefix(16), at: at)
            default: bytes[at] = [0x00, 0x7F, 0x80, 0xFF][Int(random.next() % 4)]
            }
        }
        return bytes
    }
}
