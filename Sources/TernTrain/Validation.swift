import Foundation
import TernDecode
import TernEval
import TernInference
import TernModels
import TernNN
import TernTensor
import TernText

/// One validation: dev loss and perplexity (teacher forcing, batched) and dev BLEU / chrF of greedy translations
/// (batched, sentences sorted by length, results put back in dev order).
public struct ValidationResult {
    public var loss: Double
    public var perplexity: Double
    public var bleu: Double
    public var chrF: Double
    public var hypotheses: [String]

    /// Every metric under its stored key, as checkpoints record them.
    public var metrics: [String: Double] {
        Dictionary(uniqueKeysWithValues: ValidationMetric.allCases.map { ($0.storedKey, value(of: $0)) })
    }

    public func value(of metric: ValidationMetric) -> Double {
        switch metric {
        case .loss: return loss
        case .perplexity: return perplexity
        case .chrf: return chrF
        case .bleu: return bleu
        }
    }
}

public enum Validation {
    /// Scores `set` in evaluation mode (no dropout, no label smoothing): teacher-forced loss and perplexity, and
    /// greedy translations' BLEU and chrF.
    public static func run(model: any Seq2SeqModel, set: EvaluationSet, subwords: SubwordModels, batchTokens: Int) throws -> ValidationResult {
        try model.inEvaluationMode { try run(evaluating: model, set: set, subwords: subwords, batchTokens: batchTokens) }
    }

    /// The set's indices in batches of similar source length, each within `batchTokens` (source and target counted).
    static func batches(of set: EvaluationSet, batchTokens: Int) -> [[Int]] {
        let order = set.sources.indices.sorted { set.sources[$0].count < set.sources[$1].count }
        var batches: [[Int]] = []
        var current: [Int] = []
        for index in order {
            let longest = max(set.sources[index].count, current.last.map { set.sources[$0].count } ?? 0)
            if !current.isEmpty && (current.count + 1) * longest * 2 > batchTokens {
                batches.append(current)
                current = []
            }
            current.append(index)
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    static func run(evaluating model: any Seq2SeqModel, set: EvaluationSet, subwords: SubwordModels,
                    batchTokens: Int) throws -> ValidationResult {
        var totalLoss = 0.0, totalTokens = 0
        var hypotheses = [String](repeating: "", count: set.count)
        let translator = Translator(model: model, subwords: subwords,
                                    settings: SearchSettings(beamSize: 1, maxLengthRatio: 1.5, maxLengthOffset: 10), batchSize: .max)
        for batch in batches(of: set, batchTokens: batchTokens) {
            let teacher = TeacherForcingBatch(sources: batch.map { set.sources[$0] }, targets: batch.map { set.targetIds[$0] })
            let loss = withoutGrad {
                crossEntropy(logits: model.forward(source: teacher.source, targetInput: teacher.targetInput).logits,
                             targets: teacher.targetOutput, labelSmoothing: 0, ignoreIndex: TokenBatch.padId)
            }
            totalLoss += Double(loss.item) * Double(teacher.targetTokens)
            totalTokens += teacher.targetTokens
            for (index, output) in zip(batch, translator.translate(encoded: batch.map { set.sources[$0] })) {
                hypotheses[index] = output.texts[0]
            }
        }
        let loss = totalLoss / Double(max(totalTokens, 1))
        let bleu = try BLEU().corpusScore(hypotheses: hypotheses, references: set.references)
        let chrF = try ChrF().corpusScore(hypotheses: hypotheses, references: set.references)
        return ValidationResult(loss: loss, perplexity: Foundation.exp(loss), bleu: bleu.score, chrF: chrF.score,
                                hypotheses: hypotheses)
    }
}
