import Foundation
import TernBaseline
import TernEval
import TernStore
import TernText

/// `tern diagnose`: the fit diagnosis of a model file and, beside it, the baselines that say whether the model is any
/// good and whether deep is needed — copying the source, and a word-by-word IBM Model 1 table (`tern baseline`) —
/// scored on the run's dev set.
public struct Diagnosis: Codable, Sendable {
    public var model: String
    public var family: String
    public var vocabularySize: Int
    public var fit: FitDiagnosis
    /// Dev BLEU/chrF of the last validation and of each baseline, by name.
    public var scores: [String: Score]

    public struct Score: Codable, Sendable, Equatable {
        public var bleu: Double
        public var chrF: Double
    }

    /// Reads the model file (read-only; a run may be writing it) and, when its recorded dev files are readable, scores
    /// the copy baseline and `baseline` (when given) on them.
    public static func of(modelPath: String, baseline: WordBaseline? = nil,
                          thresholds: FitDiagnosis.Thresholds = .init()) throws -> Diagnosis {
        let file = try ModelFile(openingAt: modelPath, access: .readOnly, verifyStructure: false)
        defer { file.close() }
        let sections = (try? JSONSerialization.jsonObject(with: Data(try file.configJSON().utf8))) as? [String: Any] ?? [:]
        let family = ((sections["model"] as? [String: Any])?["family"] as? String) ?? "?"
        let vocabularySize = try file.vocabulary(.source).count
        let log = try file.trainingLog(kind: .valid)
        var diagnosis = Diagnosis(model: modelPath, family: family, vocabularySize: vocabularySize,
                                  fit: FitDiagnosis.diagnose(validations: log, vocabularySize: vocabularySize, family: family,
                                                             thresholds: thresholds),
                                  scores: [:])
        if let last = log.last, let bleu = last.extra["bleu"], let chrF = last.extra["chrf"] {
            diagnosis.scores["model (greedy, last validation)"] = Score(bleu: bleu, chrF: chrF)
        }
        if let data = sections["data"] as? [String: String], let source = data["dev_source"], let target = data["dev_target"],
           let dev = try? ParallelCorpus(sourcePath: source, targetPath: target) {
            diagnosis.scores["copy the source"] = try score(hypotheses: dev.sourceLines, references: dev.targetLines)
            if let baseline {
                diagnosis.scores["IBM Model 1, word by word"] = try score(hypotheses: baseline.translate(dev.sourceLines),
                                                                          references: dev.targetLines)
            }
        }
        return diagnosis
    }

    public static func score(hypotheses: [String], references: [String]) throws -> Score {
        Score(bleu: try BLEU().corpusScore(hypotheses: hypotheses, references: references).score,
              chrF: try ChrF().corpusScore(hypotheses: hypotheses, references: references).score)
    }

    /// The report for a person.
    public var text: String {
        var lines = ["\(model): \(fit.verdict.rawValue.uppercased())  (\(family), vocabulary \(vocabularySize))"]
        lines += fit.reasons.map { "  · " + $0 }
        if !fit.remedies.isEmpty {
            lines.append("remedies, cheapest first:")
            for (index, remedy) in fit.remedies.enumerated() {
                lines.append("  \(index + 1). \(remedy.action)" + (remedy.keys.isEmpty ? "" : " [\(remedy.keys.joined(separator: ", "))]"))
            }
        }
        if !scores.isEmpty {
            lines.append("dev scores:")
            for name in scores.keys.sorted() {
                let label = name.padding(toLength: max(34, name.count), withPad: " ", startingAt: 0)
                lines.append("  \(label)" + String(format: " BLEU %6.2f  chrF %6.2f", scores[name]!.bleu, scores[name]!.chrF))
            }
        }
        return lines.joined(separator: "\n")
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
