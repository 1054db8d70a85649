import HuddleApp
import HuddleCore
/// Something that happened, to be reduced into the state.
public enum Action: Equatable, Sendable {
    /// A key was pressed (or text pasted).
    case key(Key)
    /// The terminal changed size.
    case resized(TerminalSize)
    /// A click or a turn of the wheel.
    case mouse(MouseEvent)
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
    /// A chat message arrived or was sent, in `document`.
    case chatReceived(document: DocumentID, ChatRow)
    /// A chat message shown before was edited, deleted or reacted to, in `document`.
    case chatUpdated(document: DocumentID, ChatRow)
    /// A message's texts arrived, to show.
    case revisionsShown(MessageRevisions)
    /// Who types in a chat changed (nicknames; none: nobody).
    case typingChanged(document: DocumentID, nicknames: [String])
    /// Time passed (every 30 s): an idle workspace shows you away.
    case tick
    /// What `/search` found.
    case searchFound(SearchView)
    /// Pick message `id` in the chat shown (it was opened for a search result).
    case messageJumpedTo(String)
    /// Teammates shown by their short ID are known by name now (short ID -> nickname).
    case namesLearned([String: String])
    /// The chat pane shows `document` (called `name`) with these messages.
    case chatOpened(document: DocumentID, name: String, messages: [ChatRow])
    /// The lists of channels and notes changed.
    case documentsUpdated(channels: [ChannelRow], notes: [NoteRow], workspaces: [WorkspaceSummary] = [], invitations: [InvitationSummary] = [])
    /// The workspace shown changed (`id`: `lan` or a private workspace's ID).
    case workspaceSwitched(id: String, name: String)
    /// A transfer appeared or changed.
    case transferUpdated(TransferInfo)
    /// The files that can complete `word` (a path being typed after `/send NICK`).
    case pathsListed(word: String, candidates: [String])
    /// A known peer answered with another key.
    case keyChanged(KeyChangeWarning)
    /// A note's text is ready to hand to the external editor.
    case externalEditReady(document: DocumentID, name: String, text: String)
    /// A note was opened for editing.
    case noteOpened(NoteView)
    /// A note changed (anyone's edit, or your caret moved).
    case noteUpdated(NoteUpdate)
    /// A paste turned out to be existing files (dropped on the terminal): `summary` says what;
    /// `pasted` is the paste itself (it goes into the input line if the files are not sent).
    case filesDropped(paths: [String], summary: String, pasted: String = "")
    /// A paste of paths some of which do not exist: pasted as text, and the missing ones named.
    case pastedMissingFiles(pasted: String, missing: [String])
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
    /// Ring the terminal bell (a mention).
    case bell
    /// Draw the whole screen again, not only what changed (Ctrl-L).
    case redraw
    /// Put the text on the terminal's clipboard (OSC 52).
    case copyToClipboard(String)
    /// List the files that can complete the path `word` (answered with `.pathsListed`).
    case completePath(word: String)
    /// A desktop notification through the terminal (OSC 777 and OSC 9).
    case notify(title: String, body: String)
    /// Run `$EDITOR` on `text` (the terminal is handed over meanwhile), then merge the result.
    case runEditor(document: DocumentID, name: String, text: String)
    /// Ask the peer: run one after another, in the order asked.
    case peer(PeerCommand)
}

/// What the TUI asks of its peer. Commands run one after another in the order they were
/// asked for (two lines typed quickly are posted in that order).
public enum PeerCommand: Equatable, Sendable {
    /// Mark a peer (nickname or ID) verified or blocked.
    case setTrust(peer: String, action: TrustAction)
    /// Post `text` to the chat document `document`.
    case send(text: String, document: DocumentID)
    /// Send `text` to the peer `peer` (nickname or ID) as a direct message.
    case directMessage(peer: String, text: String)
    /// Replace the text of your message `id` in `document`.
    case editMessage(id: String, text: String, document: DocumentID)
    /// Delete your message `id` in `document`.
    case deleteMessage(id: String, document: DocumentID)
    /// Answer message `id` of `document`.
    case reply(id: String, text: String, document: DocumentID)
    /// Add (or take back) your reaction to message `id` of `document`.
    case react(id: String, emoji: String, remove: Bool, document: DocumentID)
    /// Show the texts message `id` of `document` had.
    case showRevisions(id: String, document: DocumentID)
    /// Show the channel `#name` (created if new) or the conversation with `@nick`.
    case openChat(String)
    /// Choose how loudly the chat `document` asks for attention (nil: its default).
    case setNotificationLevel(document: DocumentID, NotificationLevel?)
    /// Set your presence (`automatic`: the away after idle time, or its end; not saved).
    case setPresence(Presence, automatic: Bool)
    /// Tell teammates in the chat `document` that you type (or stopped).
    case typing(document: DocumentID, Bool)
    /// Find messages and notes (`/search WORDS`).
    case search(String)
    /// Show the chat `document` with message `id` picked (a search result).
    case openMessage(document: DocumentID, id: String)
    /// Open the note `document` with the caret at the start of `line` (from 1).
    case openNoteAt(document: DocumentID, line: Int)
    /// Everything in `document` has been seen.
    case markRead(DocumentID)
    /// Offer files to a peer.
    case sendFiles(peer: String, paths: [String])
    /// Answer or act on a transfer.
    case transferAction(TransferAction, id: String)
    /// Open the note `name` in the editor (`create`: make it if missing).
    case openNote(name: String, create: Bool, workspace: String? = nil)
    /// Type, delete or move the caret in the open note.
    case noteInput(document: DocumentID, NoteInput)
    /// The editor was closed.
    case closeNote(document: DocumentID)
    /// Hand the note `name` to `$EDITOR` (first get its text from the peer).
    case beginExternalEdit(name: String, workspace: String? = nil)
    /// Shows the workspace called `name` (its name or ID; empty: list them).
    case switchWorkspace(String)
    /// Adds a peer to a private workspace and asks it to join.
    case invite(peer: String, workspace: String)
    /// Makes a one-use invite code for the private workspace shown.
    case inviteCode(workspace: String)
    /// Joins a workspace with an invite code, dialing `address` (`HOST:PORT`) for it if given.
    case joinCode(code: String, address: String?)
    /// Joins (or declines) the workspace of an invitation.
    case answerInvitation(workspace: String, join: Bool)
    /// Merge what `$EDITOR` made of the note.
    case finishExternalEdit(document: DocumentID, edited: String)
}

/// What the user does to a transfer: `/accept`, `/reject`, `/cancel`, `/resume` or their keys.
public enum TransferAction: String, Hashable, Sendable, CaseIterable {
    case accept, reject, cancel, resume
}
