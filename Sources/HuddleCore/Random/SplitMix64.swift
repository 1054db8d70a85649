/// A small seeded random generator (SplitMix64). Whatever draws random numbers through it
/// (mDNS delays, the simulators and property tests) can be replayed exactly from its seed;
/// production seeds it from the system's generator.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state; the seed at the start.
    public var state: UInt64

    /// A generator that starts from `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator seeded from the system's random source.
    public init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
