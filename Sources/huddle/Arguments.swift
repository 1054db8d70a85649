import ArgumentParser
import HuddleApp
import HuddleCore

/// `--peer HOST:PORT`, parsed by the one parser of addresses.
extension PeerAddress: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}

/// `huddle trust NICK verify|block`.
extension TrustAction: ExpressibleByArgument {}
