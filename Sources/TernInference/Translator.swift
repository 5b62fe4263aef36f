import Foundation
import TernDecode
import TernModels
import TernText

/// Text in, text out: encodes source lines, searches in length-sorted batches, and detokenises the hypotheses back
/// into input order. Empty lines translate to empty lines.
public struct Translator {
    public let model: any Seq2SeqModel
    public let subwords: SubwordModels
    public var settings: SearchSettings
    /// Sentences per search batch.
    public var batchSize: Int

    public init(model: any Seq2SeqModel, subwords: SubwordModels, settings: SearchSettings, batchSize: Int) {
        self.model = model
        self.subwords = subwords
        self.settings = settings
        self.batchSize = max(1, batchSize)
    }

    public init(bundle: ModelBundle, settings: SearchSettings, batchSize: Int) {
        self.init(model: bundle.model, subwords: bundle.subwords, settings: settings, batchSize: batchSize)
    }

    public struct Output {
        /// Detokenised text, best first.
        public var texts: [String]
        /// The search's hypotheses (tokens, score, attention), best first; none for an empty line.
        public var hypotheses: [Hypothesis]

        static let empty = Output(texts: [""], hypotheses: [])
    }

    public func translate(_ lines: [String]) -> [Output] {
        var results = [Output](repeating: .empty, count: lines.count)
        var encoded: [(index: Int, ids: [Int32])] = []
        for (index, line) in lines.enumerated() {
            let ids = subwords.encodeSource(line)
            if ids.count > 1 { encoded.append((index, ids)) }  // `</s>` alone: the line was empty
        }
        encoded.sort { $0.ids.count < $1.ids.count }
        var start = 0
        while start < encoded.count {
            let chunk = encoded[start..<min(encoded.count, start + batchSize)]
            start += batchSize
            for (item, output) in zip(chunk, translate(encoded: chunk.map(\.ids))) { results[item.index] = output }
        }
        return results
    }

    /// Searches one batch of encoded sources (each ending in `</s>`) as given, in order.
    public func translate(encoded sources: [[Int32]]) -> [Output] {
        let outputs = TernDecode.translate(model: model, sources: sources, settings: settings)
        return outputs.map { hypotheses in
            Output(texts: hypotheses.map { subwords.target.decode($0.tokens.map(Int.init)) }, hypotheses: hypotheses)
        }
    }
}
