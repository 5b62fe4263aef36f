import Foundation
import TernNN

/// The architecture of a model, as written in `models/*.yaml` (one `key: value` per line) or JSON: the keys are the
/// same in both, snake_case, flat. Decoding is strict — a key that does not belong to the family is an error that
/// names it — and ``validate()`` checks the combinations once, before anything is built.
///
/// Vocabulary sizes are not part of the architecture: they come from the data and are passed to ``ModelFactory``.
///
/// Keys common to both families: `family` (`rnn` | `transformer`), `dropout` (0.1), `tied_embeddings`
/// (`none` | `decoder` — target embedding and output projection share one matrix | `all` — source embedding too,
/// which needs a joint vocabulary). RNN keys are listed on ``RNNSettings``, Transformer keys on
/// ``TransformerSettings``; defaults are in parentheses there.
public struct ModelConfig: Equatable, Sendable {
    public enum Family: String, Codable, Sendable, CaseIterable { case rnn, transformer }
    public enum EmbeddingTying: String, Codable, Sendable, CaseIterable { case none, decoder, all }

    public var dropout: Float
    public var tiedEmbeddings: EmbeddingTying
    public var architecture: Architecture

    public enum Architecture: Equatable, Sendable {
        case rnn(RNNSettings)
        case transformer(TransformerSettings)
    }

    public init(dropout: Float = 0.1, tiedEmbeddings: EmbeddingTying = .none, architecture: Architecture) {
        self.dropout = dropout
        self.tiedEmbeddings = tiedEmbeddings
        self.architecture = architecture
    }

    public var family: Family {
        switch architecture {
        case .rnn: return .rnn
        case .transformer: return .transformer
        }
    }
}
