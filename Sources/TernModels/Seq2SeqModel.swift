import TernNN
import TernTensor

/// What an encoder hands to the decoder.
public struct EncoderOutput {
    /// [batch, sourceLength, memorySize]: the encoder states (zero at padding for the RNN encoder).
    public var memory: Tensor
    public var sourceLengths: [Int]
    /// Additive [batch, 1, 1, sourceLength]: 0 for real tokens, `Masks.blocked` for padding.
    public var sourceMask: Tensor
    /// Per encoder layer, [batch, heads, sourceLength, sourceLength] (Transformer); empty for the RNN.
    public var selfAttention: [Tensor]
    /// [batch, 2·hidden]: the final forward and backward states of the top RNN layer (the bridge's input); `nil` for
    /// the Transformer.
    public var finalStates: Tensor?

    public init(memory: Tensor, sourceLengths: [Int], sourceMask: Tensor, selfAttention: [Tensor] = [], finalStates: Tensor? = nil) {
        self.memory = memory
        self.sourceLengths = sourceLengths
        self.sourceMask = sourceMask
        self.selfAttention = selfAttention
        self.finalStates = finalStates
    }
}

/// The state an incremental decoder carries between steps. Each family has its own (RNN hidden states and the
/// previous attentional vector; Transformer key/value caches); search code only reorders it.
public protocol DecoderState {
    /// How many target tokens have been fed so far.
    var position: Int { get }
    /// The state of batch rows `rows`, in that order (beam search reorders and expands hypotheses).
    func selectingRows(_ rows: [Int]) -> Self
}

/// One step of incremental decoding.
public struct DecoderStep {
    /// [batch, targetVocabularySize], unnormalised.
    public var logits: Tensor
    public var state: any DecoderState
    /// Attention over the source at this step, per decoder layer, each [batch, heads, sourceLength]
    /// (the RNN has one layer with one head).
    public var attention: [Tensor]
}

/// Attention probabilities of a teacher-forced pass, for export and heatmaps.
public struct AttentionMaps {
    /// Per encoder layer [batch, heads, source, source]; empty for the RNN.
    public var encoderSelf: [Tensor]
    /// Per decoder layer [batch, heads, target, target]; empty for the RNN.
    public var decoderSelf: [Tensor]
    /// Per decoder layer [batch, heads, target, source]; for the RNN one entry [batch, 1, target, source], its
    /// per-step attention with a heads axis of one, so export code treats both families alike.
    public var cross: [Tensor]
}

/// The output of a teacher-forced pass.
public struct ModelOutput {
    /// [batch, targetLength, targetVocabularySize]
    public var logits: Tensor
    public var attention: AttentionMaps
}

/// A sequence-to-sequence model: the interface decoding, training and export code see, whatever the family.
public protocol Seq2SeqModel: Module {
    var config: ModelConfig { get }
    var sourceVocabularySize: Int { get }
    var targetVocabularySize: Int { get }

    /// Runs the encoder over a padded source batch.
    func encode(_ source: TokenBatch) -> EncoderOutput
    /// The decoder state before the first target token.
    func initialState(_ encoded: EncoderOutput) -> any DecoderState
    /// Feeds one token per sentence (`<s>` first) and returns the next-token logits and the new state.
    func decodeStep(_ previous: [Int32], state: any DecoderState) -> DecoderStep
    /// Teacher forcing: the logits for every position of `targetInput` (`<s> w1 … wn`), all in one pass.
    func forward(source: TokenBatch, targetInput: TokenBatch) -> ModelOutput
    /// Prepares the model's inference products in `compute` (``decodeStep(_:state:)`` then runs in it).
    /// - Throws: ``ComputeError/unsupportedCompute(_:family:)`` when the family cannot run in that type.
    func prepareForInference(compute: ComputeType) throws
    /// The compute type decoding runs in (`.float32` until prepared otherwise).
    var inferenceCompute: ComputeType { get }
}

/// Why a model cannot be prepared for inference as asked.
public enum ComputeError: Error, Equatable, CustomStringConvertible {
    case unsupportedCompute(ComputeType, family: String)

    public var description: String {
        switch self {
        case .unsupportedCompute(let compute, let family):
            return "the \(family) family has no \(compute.rawValue) inference; use float32"
        }
    }
}
