/// The RNN encoder–decoder. Keys: `cell` (`gru` | `lstm`; gru), `embedding_size`, `encoder_hidden` (per
/// direction), `encoder_layers` (1), `decoder_hidden`, `decoder_layers` (1), `attention` (`bahdanau` |
/// `luong_dot` | `luong_general`; bahdanau), `attention_size` (Bahdanau's tanh width; decoder_hidden),
/// `input_feeding` (true), `bridge` (true: h₀ = tanh(W[h→; h←] + b), else zeros).
public struct RNNSettings: Equatable, Sendable {
    public enum Cell: String, Codable, Sendable, CaseIterable { case gru, lstm }
    public enum AttentionKind: String, Codable, Sendable, CaseIterable { case bahdanau, luongDot = "luong_dot", luongGeneral = "luong_general" }

    public var cell: Cell = .gru
    public var embeddingSize: Int
    public var encoderHidden: Int
    public var encoderLayers: Int = 1
    public var decoderHidden: Int
    public var decoderLayers: Int = 1
    public var attention: AttentionKind = .bahdanau
    public var attentionSize: Int?
    public var inputFeeding: Bool = true
    public var bridge: Bool = true

    public init(cell: Cell = .gru, embeddingSize: Int, encoderHidden: Int, encoderLayers: Int = 1, decoderHidden: Int,
                decoderLayers: Int = 1, attention: AttentionKind = .bahdanau, attentionSize: Int? = nil,
                inputFeeding: Bool = true, bridge: Bool = true) {
        self.cell = cell
        self.embeddingSize = embeddingSize
        self.encoderHidden = encoderHidden
        self.encoderLayers = encoderLayers
        self.decoderHidden = decoderHidden
        self.decoderLayers = decoderLayers
        self.attention = attention
        self.attentionSize = attentionSize
        self.inputFeeding = inputFeeding
        self.bridge = bridge
    }

    /// Width of the encoder states the decoder attends to: both directions.
    public var memorySize: Int { 2 * encoderHidden }
    public var resolvedAttentionSize: Int { attentionSize ?? decoderHidden }
}
