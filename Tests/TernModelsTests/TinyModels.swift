import TernModels
import TernNN
import TernTensor
import XCTest

/// Tiny configurations covering the options of both families, and random padded batches for them.
enum TinyModels {
    static let vocabularySize = 9

    static func transformer(norm: TransformerSettings.Norm = .pre, activation: TransformerSettings.Activation = .gelu,
                            tied: ModelConfig.EmbeddingTying = .all, positions: TransformerSettings.Positions = .sinusoidal,
                            d: Int = 4, layers: Int = 1, dropout: Float = 0) -> ModelConfig {
        ModelConfig(dropout: dropout, tiedEmbeddings: tied, architecture: .transformer(TransformerSettings(
            dModel: d, heads: 2, dFF: 2 * d, encoderLayers: layers, decoderLayers: layers, norm: norm,
            activation: activation, positions: positions, maxPositions: 16)))
    }

    static func rnn(cell: RNNSettings.Cell = .gru, attention: RNNSettings.AttentionKind = .bahdanau, layers: Int = 1,
                    inputFeeding: Bool = true, bridge: Bool = true, tied: ModelConfig.EmbeddingTying = .none,
                    size: Int = 3, dropout: Float = 0) -> ModelConfig {
        // Luong "dot" and tying need decoder = 2·encoder hidden = embedding size.
        let decoder = 2 * size
        return ModelConfig(dropout: dropout, tiedEmbeddings: tied, architecture: .rnn(RNNSettings(
            cell: cell, embeddingSize: tied == .none ? size : decoder, encoderHidden: size, encoderLayers: layers,
            decoderHidden: decoder, decoderLayers: layers, attention: attention, inputFeeding: inputFeeding, bridge: bridge)))
    }

    static func make(_ config: ModelConfig, seed: UInt64 = 1) -> any Seq2SeqModel {
        let model = try! ModelFactory.make(config, vocabularySize: vocabularySize, seed: seed)
        model.train(false)
        return model
    }

    /// Random rows of non-special tokens (4..<vocabularySize) with the given lengths; sources end in `</s>`,
    /// targets start with `<s>`.
    static func rows(_ lengths: [Int], startWithBOS: Bool = false, generator: inout SeededGenerator) -> [[Int32]] {
        lengths.map { length in
            var row = (0..<length).map { _ in Int32(4 + Int(generator.next() % UInt64(vocabularySize - 4))) }
            if startWithBOS { row[0] = TokenBatch.bosId } else { row[length - 1] = TokenBatch.eosId }
            return row
        }
    }
}
