/// Two aligned text files: line *n* of the target is the translation of line *n* of the source.
public struct ParallelCorpus: Equatable, Sendable {
    public var sourceLines: [String]
    public var targetLines: [String]

    /// Number of sentence pairs.
    public var count: Int { sourceLines.count }

    /// Pairs in memory; both arrays must have the same length.
    public init(sourceLines: [String], targetLines: [String]) {
        precondition(sourceLines.count == targetLines.count, "a parallel corpus needs as many target lines as source lines")
        self.sourceLines = sourceLines
        self.targetLines = targetLines
    }

    /// Reads both files (see ``LineReader``) without normalizing them.
    ///
    /// - Throws: ``TextError/emptyFile(path:)``, ``TextError/invalidUTF8(path:line:)``,
    ///   ``TextError/lineCountMismatch(sourcePath:sourceLines:targetPath:targetLines:)`` or
    ///   ``TextError/unreadableFile(path:reason:)``.
    public init(sourcePath: String, targetPath: String) throws {
        let source = try LineReader.lines(ofFile: sourcePath)
        if source.isEmpty { throw TextError.emptyFile(path: sourcePath) }
        let target = try LineReader.lines(ofFile: targetPath)
        if target.isEmpty { throw TextError.emptyFile(path: targetPath) }
        guard source.count == target.count else {
            throw TextError.lineCountMismatch(sourcePath: sourcePath, sourceLines: source.count, targetPath: targetPath, targetLines: target.count)
        }
        self.init(sourceLines: source, targetLines: target)
    }

    /// The corpus with every line normalized.
    public func normalized(with normalizer: Normalizer) -> ParallelCorpus {
        ParallelCorpus(sourceLines: sourceLines.map(normalizer.normalize), targetLines: targetLines.map(normalizer.normalize))
    }

    /// The pairs kept by a length filter and how many were dropped for which reason.
    public struct FilterResult: Equatable, Sendable {
        public var corpus: ParallelCorpus
        /// Pairs whose source or target has no tokens.
        public var droppedEmpty: Int
        /// Non-empty pairs with more than the maximum number of tokens on either side.
        public var droppedTooLong: Int
        public var kept: Int { corpus.count }

        public init(corpus: ParallelCorpus, droppedEmpty: Int, droppedTooLong: Int) {
            self.corpus = corpus
            self.droppedEmpty = droppedEmpty
            self.droppedTooLong = droppedTooLong
        }
    }

    /// Drops pairs with an empty side or with more than `maximumTokens` tokens on either side.
    ///
    /// - Parameter tokenCount: how a line's length is measured; by default its space-separated words after
    ///   normalization. Pass a tokenizer's count to filter on subword length instead.
    public func filtered(maximumTokens: Int, tokenCount: (String) -> Int = ParallelCorpus.wordCount) -> FilterResult {
        var kept = ParallelCorpus(sourceLines: [], targetLines: [])
        var droppedEmpty = 0, droppedTooLong = 0
        for (source, target) in zip(sourceLines, targetLines) {
            let sourceLength = tokenCount(source), targetLength = tokenCount(target)
            if sourceLength == 0 || targetLength == 0 {
                droppedEmpty += 1
            } else if sourceLength > maximumTokens || targetLength > maximumTokens {
                droppedTooLong += 1
            } else {
                kept.sourceLines.append(source)
                kept.targetLines.append(target)
            }
        }
        return FilterResult(corpus: kept, droppedEmpty: droppedEmpty, droppedTooLong: droppedTooLong)
    }

    /// The number of words of a line after whitespace normalization.
    public static func wordCount(_ line: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in line.unicodeScalars {
            if Normalizer.isWhitespace(scalar) {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }
}
