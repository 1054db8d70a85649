/// Why sessions cannot be accepted.
public enum ListenError: Error, Equatable, CustomStringConvertible {
    /// The port asked for is taken, by `holder` where it can be told.
    case portTaken(port: Int, holder: String?)

    public var description: String {
        switch self {
        case let .portTaken(port, holder?):
            "port \(port) is taken by \(holder); choose another with --port (or `port =` in the config), or stop that program"
        case let .portTaken(port, nil):
            "port \(port) is taken by another program (`ss -ltnp 'sport = :\(port)'` shows which); choose another with --port (or `port =` in the config)"
        }
    }
}
