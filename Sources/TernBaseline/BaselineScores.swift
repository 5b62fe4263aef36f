import TernEval

/// How the two baselines score on a dev set: copying the source unchanged, and the word-for-word ``WordBaseline``,
/// each with sacreBLEU's BLEU and chrF (``BLEU``, ``ChrF`` with their defaults).
///
/// Copying scores above zero between languages that share names, numbers and punctuation; a trained model that does
/// not beat both has learned less than a dictionary lookup.
public struct BaselineScores: Sendable, Equatable {
    /// BLEU and chrF of one system.
    public struct Scores: Sendable, Equatable {
        public let bleu: BLEUScore
        public let chrF: ChrFScore

        /// Scores `hypotheses` against `references` (same count).
        public init(hypotheses: [String], references: [String]) throws {
            bleu = try BLEU().corpusScore(hypotheses: hypotheses, references: references)
            chrF = try ChrF().corpusScore(hypotheses: hypotheses, references: references)
        }
    }

    /// The source lines, unchanged, as translations.
    public let copy: Scores
    /// ``WordBaseline/translate(_:)`` of each source line.
    public let wordBaseline: Scores
    /// Number of dev segments scored.
    public let segmentCount: Int

    /// Scores both baselines on aligned dev sources and references.
    /// - Throws: ``EvaluationError/lineCountMismatch(hypothesisCount:referenceCount:)`` if the counts differ.
    public init(baseline: WordBaseline, sources: [String], references: [String]) throws {
        copy = try Scores(hypotheses: sources, references: references)
        wordBaseline = try Scores(hypotheses: baseline.translate(sources), references: references)
        segmentCount = sources.count
    }

    /// sacreBLEU's score lines, each labelled with its system: `copy: BLEU = …`, `copy: chrF2 = …`,
    /// `model1: BLEU = …`, `model1: chrF2 = …`.
    public var lines: [String] {
        [("copy", copy), ("model1", wordBaseline)].flatMap { label, scores in
            ["\(label): \(scores.bleu.formatted)", "\(label): \(scores.chrF.formatted)"]
        }
    }
}
