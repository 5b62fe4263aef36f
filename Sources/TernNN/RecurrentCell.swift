import TernTensor

/// The state a recurrent cell carries from one step to the next: the hidden vector, and for an LSTM the cell.
public struct RecurrentState {
    /// [batch, hiddenSize]
    public var hidden: Tensor
    /// [batch, hiddenSize] for an LSTM, `nil` for a GRU.
    public var cell: Tensor?

    public init(hidden: Tensor, cell: Tensor? = nil) {
        self.hidden = hidden
        self.cell = cell
    }

    /// Per row: `self` where `keep` is 1 and `other` where it is 0. `keep` is [batch, hiddenSize] of 0/1.
    /// How a batch runs each sentence over its own tokens only: past a sentence's end its state is held.
    public func blended(with other: RecurrentState, keep: Tensor) -> RecurrentState {
        let drop = 1 - keep
        let hidden = self.hidden * keep + other.hidden * drop
        var cell: Tensor? = nil
        if let mine = self.cell, let theirs = other.cell { cell = mine * keep + theirs * drop }
        return RecurrentState(hidden: hidden, cell: cell)
    }
}

/// One step of a recurrent network. GRU and LSTM conform, so encoders and decoders take either.
public protocol RecurrentCell: Module {
    var inputSize: Int { get }
    var hiddenSize: Int { get }
    /// - Parameters:
    ///   - input: [batch, inputSize]
    ///   - state: the previous state.
    func callAsFunction(_ input: Tensor, state: RecurrentState) -> RecurrentState
    /// The zero state for a batch.
    func zeroState(batchSize: Int) -> RecurrentState
}
