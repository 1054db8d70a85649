/// The one way tests wait for something that happens on its own time (a session, a message
/// over loopback, a screen in tmux): checks `condition` every `every` until it holds or
/// `seconds` pass (generous: the whole suite shares two cores), then once more. Returns
/// whether it held. Never a fixed sleep: a test that must show something did *not* happen
/// waits instead for a later event that must come after it.
public func eventually(_ seconds: Double = 20, every interval: Duration = .milliseconds(20),
                       _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}

/// The first value `find` gives within `seconds` (see ``eventually(_:every:_:)``), or nil.
public func eventually<T>(_ seconds: Double = 20, every interval: Duration = .milliseconds(20),
                          find: () async throws -> T?) async rethrows -> T? {
    var found: T?
    _ = try await eventually(seconds, every: interval) {
        found = try await find()
        return found != nil
    }
    return found
}
