/// HuddleCore: the pure heart of huddle.
///
/// Everything here is deterministic and free of I/O and clocks: identities, the CRDTs for
/// notes and chat, version vectors, and the binary encodings of changes and documents.
/// Callers pass time and randomness in; nothing here reads them from the world.
public enum HuddleCore {
    /// The version of the huddle wire protocol and change encodings this build speaks.
    public static let protocolVersion: UInt32 = 1
}
