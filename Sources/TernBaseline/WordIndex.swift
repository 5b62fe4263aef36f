/// Words numbered in order of first appearance, so that the EM loops work on dense `Int32` ids instead of strings.
struct WordIndex: Sendable {
    /// The words, `words[id]`.
    private(set) var words: [String] = []
    private var ids: [Substring: Int32] = [:]

    /// An index whose first ids are `reserved` (e.g. `["NULL"]`); they are never looked up by name.
    init(reserved: [String] = []) {
        words = reserved
    }

    var count: Int { words.count }

    /// The id of `word`, numbering it if it is new.
    mutating func id(for word: Substring) -> Int32 {
        if let id = ids[word] { return id }
        let id = Int32(words.count)
        words.append(String(word))
        ids[word] = id
        return id
    }

    /// The id of `word` if it has one.
    func existingID(for word: Substring) -> Int32? { ids[word] }
}
