import TernText

/// The shallow baseline of `tern baseline` and `tern diagnose`: each source word replaced by its most likely
/// translation under IBM Model 1, learned in seconds from the same corpus as the deep model.
///
/// It answers "is a deep model needed?": whatever a network scores above this word-for-word substitution (and above
/// copying the source, see ``BaselineScores``) is what context, reordering and morphology bought.
///
/// Words are the space-separated tokens of Tern's ``Normalizer`` (NFC, whitespace collapsed) with case kept as the
/// corpus has it, because BLEU and chrF are case-sensitive and the corpus is cased; punctuation stays attached, as a
/// whitespace tokeniser leaves it ("earth." and "earth" are two words). With `lowercase` both training and
/// translated text are lowercased. Source words not seen in training are copied, so names and numbers survive.
public struct WordBaseline: Sendable, Equatable {
    /// A source word's translation: argmax_t t(t | s) and that probability.
    public struct Entry: Sendable, Equatable {
        public var target: String
        public var probability: Double

        public init(target: String, probability: Double) {
            self.target = target
            self.probability = probability
        }
    }

    /// Translation of every source word seen in training.
    public var entries: [String: Entry]
    /// Whether text is lowercased before lookup (and was in training).
    public var lowercase: Bool
    /// EM iterations the table was trained with (recorded in the file, for the reader).
    public var iterations: Int

    public init(entries: [String: Entry], lowercase: Bool = false, iterations: Int) {
        self.entries = entries
        self.lowercase = lowercase
        self.iterations = iterations
    }

    /// The argmax table of a trained model.
    public init(model: IBMModel1, lowercase: Bool = false) {
        var entries: [String: Entry] = [:]
        for (source, best) in model.mostLikelyTranslations() {
            entries[source] = Entry(target: best.target, probability: best.probability)
        }
        self.init(entries: entries, lowercase: lowercase, iterations: model.iterations)
    }

    /// Trains IBM Model 1 on aligned lines and keeps each source word's most likely translation.
    ///
    /// - Parameters:
    ///   - sourceLines: sentences of the language translated from; as many as `targetLines`.
    ///   - iterations: EM iterations, at least 1.
    ///   - lowercase: lowercase both sides first (translation then lowercases its input too).
    public static func train(sourceLines: [String], targetLines: [String], iterations: Int = 5, lowercase: Bool = false) -> WordBaseline {
        WordBaseline(model: model(sourceLines: sourceLines, targetLines: targetLines, iterations: iterations, lowercase: lowercase),
                     lowercase: lowercase)
    }

    /// The full Model 1 behind ``train(sourceLines:targetLines:iterations:lowercase:)``, for inspection.
    public static func model(sourceLines: [String], targetLines: [String], iterations: Int = 5, lowercase: Bool = false) -> IBMModel1 {
        let normalizer = Normalizer(lowercase: lowercase)
        func words(_ line: String) -> [Substring] { Normalizer.words(ofNormalized: normalizer.normalize(line)) }
        return IBMModel1.train(sourceSentences: sourceLines.map(words), targetSentences: targetLines.map(words),
                               iterations: iterations)
    }

    /// `line` word by word: each known word replaced by its translation, unknown ones copied, joined by single spaces.
    public func translate(_ line: String) -> String {
        let normalized = Normalizer(lowercase: lowercase).normalize(line)
        return Normalizer.words(ofNormalized: normalized).map { word in
            entries[String(word)]?.target ?? String(word)
        }.joined(separator: " ")
    }

    /// Each line translated by ``translate(_:)``.
    public func translate(_ lines: [String]) -> [String] { lines.map(translate) }
}
