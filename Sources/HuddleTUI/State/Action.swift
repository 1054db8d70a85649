/// Something that happened, to be reduced into the state.
public enum Action: Equatable, Sendable {
    /// A key was pressed (or text pasted).
    case key(Key)
    /// The terminal changed size.
    case resized(TerminalSize)
    /// A theme finished loading.
    case themeLoaded(Theme)
    /// A theme or a setting could not be used.
    case failed(String)
    /// Something to tell the user in the status bar.
    case info(String)
    /// The list of peers changed.
    case peersUpdated([PeerRow])
    /// Whether LAN discovery runs.
    case discoveryRunning(Bool)
    /// A setting was saved to the config file.
    case settingSaved(key: String, value: String)
}

/// I/O the reducer asks for; the app runs it and may answer with more actions.
public enum Effect: Equatable, Sendable {
    /// Leave huddle, restoring the terminal.
    case quit
    /// Load the theme with this name (and save it as the configured theme); an empty name
    /// lists the themes.
    case loadTheme(String)
    /// Save a setting to the config file.
    case saveSetting(key: String, value: String)
    /// Mark a peer (nickname or ID) `verified` or `blocked`.
    case setTrust(peer: String, level: String)
}
