import Foundation
import TernDecode
import TernModels
import TernText

/// Text in, text out: normalises and encodes source lines, searches in length-sorted batches, and detokenises the
/// hypotheses back into input order. Empty lines translate to empty lines.
public struct Translator {
    public let bundle: ModelBundle
    public var settings: SearchSettings
    public var batchSize: Int

    public init(bundle: ModelBundle, settings: SearchSettings, batchSize: Int) {
        self.bundle = bundle
        self.settings = settings
        self.batchSize = max(1, batchSize)
    }

    public struct Output {
        /// Detokenised text, best first.
        public var texts: [String]
        public var hypotheses: [Hypothesis]
        /// The source pieces the model saw (with `</s>`), for attention labels.
        public var sourcePieces: [String]
    }

    public func translate(_ lines: [String]) -> [Output] {
        let source = bundle.subwords.source, target = bundle.subwords.target
        var results = [Output?](repeating: nil, count: lines.count)
        var encoded: [(index: Int, ids: [Int32])] = []
        for (index, line) in lines.enumerated() {
            let normalized = source.normalizer.normalize(line)
            if normalized.isEmpty {
                results[index] = Output(texts: [""], hypotheses: [], sourcePieces: [])
                continue
            }
            encoded.append((index, source.encode(normalized).map(Int32.init) + [TokenBatch.eosId]))
        }
        encoded.sort { $0.ids.count < $1.ids.count }
        var start = 0
        while start < encoded.count {
            let chunk = Array(encoded[start..<min(encoded.count, start + batchSize)])
            start += batchSize
            let outputs = TernDecode.translate(model: bundle.model, sources: chunk.map(\.ids), settings: settings)
            for (item, hypotheses) in zip(chunk, outputs) {
                let pieces = source.vocabulary.pieces(of: item.ids.dropLast().map(Int.init)) + ["</s>"]
                results[item.index] = Output(texts: hypotheses.map { target.decode($0.tokens.map(Int.init)) },
                                             hypotheses: hypotheses, sourcePieces: pieces)
            }
        }
        return results.map { $0! }
    }

    /// The target pieces of a hypothesis (with `</s>` when it ended), for attention labels.
    public func targetPieces(_ hypothesis: Hypothesis) -> [String] {
        bundle.subwords.target.vocabulary.pieces(of: hypothesis.tokens.map(Int.init)) + (hypothesis.finished ? ["</s>"] : [])
    }
}
