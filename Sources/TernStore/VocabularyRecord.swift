/// A vocabulary as the store keeps it, in id order: entry `i` is the token with id `i`, with its corpus frequency.
public typealias StoredVocabulary = [(token: String, frequency: Int)]

/// BPE merges as the store keeps them, in rank order: entry `i` is the merge applied `i`-th.
public typealias StoredMerges = [(left: String, right: String)]

/// Which side of the translation a vocabulary belongs to.
public enum VocabularySide: String, Sendable, CaseIterable {
    case source
    case target
}

/// Reading and writing the `vocabulary` and `merges` tables.
///
/// A model has either a source and a target vocabulary (rows with side 'source' and 'target') or one joint vocabulary
/// shared by both sides (rows with side 'joint'); each is checksummed as its own section.
enum VocabularyRecord {
    static func sectionName(_ side: String) -> String { "vocabulary.\(side)" }

    /// Replaces whatever vocabularies the model had.
    /// - Parameters:
    ///   - vocabularies: ('source', …) and ('target', …), or ('joint', …) alone.
    static func replace(with vocabularies: [(side: String, entries: StoredVocabulary)], in database: Database) throws {
        for (_, entries) in vocabularies {
            var seen = Set<String>()
            for entry in entries {
                guard seen.insert(entry.token).inserted else {
                    throw StoreError.invalidArgument("the vocabulary lists token \(entry.token.debugDescription) twice")
                }
            }
        }
        try database.execute("DELETE FROM vocabulary")
        for side in ["source", "target", "joint"] { try SectionChecksum.remove(sectionName(side), from: database) }
        let insert = try database.prepare("INSERT INTO vocabulary (side, id, token, frequency) VALUES (?, ?, ?, ?)")
        for (side, entries) in vocabularies {
            var checksum = SectionChecksum.Builder()
            for (id, entry) in entries.enumerated() {
                try insert.bind(side, at: 1)
                try insert.bind(id, at: 2)
                try insert.bind(entry.token, at: 3)
                try insert.bind(entry.frequency, at: 4)
                try insert.step()
                insert.reset()
                checksum.append("\(entry.token)\t\(entry.frequency)\n")
            }
            try SectionChecksum.write(sectionName(side), rowCount: entries.count, digest: checksum.digest, to: database)
        }
    }

    /// The vocabulary stored under `side` ('source', 'target' or 'joint'), verified against its checksum.
    static func read(side: String, from database: Database) throws -> StoredVocabulary {
        let statement = try database.prepare("SELECT id, token, frequency FROM vocabulary WHERE side = ? ORDER BY id")
        try statement.bind(side, at: 1)
        var entries: StoredVocabulary = []
        var checksum = SectionChecksum.Builder()
        while try statement.step() {
            guard statement.int(0) == entries.count else {
                throw StoreError.corrupted(path: database.path, detail: "the \(side) vocabulary skips id \(entries.count)")
            }
            let entry = (token: statement.string(1), frequency: statement.int(2))
            entries.append(entry)
            checksum.append("\(entry.token)\t\(entry.frequency)\n")
        }
        try SectionChecksum.verify(sectionName(side), rowCount: entries.count, digest: checksum.digest, in: database)
        return entries
    }

    /// The sizes of the stored vocabularies by side, without reading the tokens.
    static func sizes(in database: Database) throws -> [String: Int] {
        let statement = try database.prepare("SELECT side, count(*) FROM vocabulary GROUP BY side")
        var sizes: [String: Int] = [:]
        while try statement.step() { sizes[statement.string(0)] = statement.int(1) }
        return sizes
    }

    /// True when the model stores one vocabulary for both sides (even an empty one: its section row exists).
    static func isJoint(in database: Database) throws -> Bool {
        try SectionChecksum.stored(sectionName("joint"), in: database) != nil
    }

    static let mergesSection = "merges"

    static func replaceMerges(with merges: StoredMerges, in database: Database) throws {
        try database.execute("DELETE FROM merges")
        let insert = try database.prepare("INSERT INTO merges (rank, left, right) VALUES (?, ?, ?)")
        var checksum = SectionChecksum.Builder()
        for (rank, merge) in merges.enumerated() {
            guard !merge.left.isEmpty, !merge.right.isEmpty else {
                throw StoreError.invalidArgument("merge \(rank) has an empty side")
            }
            try insert.bind(rank, at: 1)
            try insert.bind(merge.left, at: 2)
            try insert.bind(merge.right, at: 3)
            try insert.step()
            insert.reset()
            checksum.append("\(merge.left)\t\(merge.right)\n")
        }
        try SectionChecksum.write(mergesSection, rowCount: merges.count, digest: checksum.digest, to: database)
    }

    static func readMerges(from database: Database) throws -> StoredMerges {
        let statement = try database.prepare("SELECT rank, left, right FROM merges ORDER BY rank")
        var merges: StoredMerges = []
        var checksum = SectionChecksum.Builder()
        while try statement.step() {
            guard statement.int(0) == merges.count else {
                throw StoreError.corrupted(path: database.path, detail: "the merges skip rank \(merges.count)")
            }
            let merge = (left: statement.string(1), right: statement.string(2))
            merges.append(merge)
            checksum.append("\(merge.left)\t\(merge.right)\n")
        }
        try SectionChecksum.verify(mergesSection, rowCount: merges.count, digest: checksum.digest, in: database)
        return merges
    }

    static func mergeCount(in database: Database) throws -> Int {
        Int(try database.integer("SELECT count(*) FROM merges") ?? 0)
    }
}
