import TernNN
import TernTensor
import TernTestSupport
import XCTest

/// Finite-difference checks of every layer, over all its parameters and its inputs, on tiny shapes.
final class LayerGradientTests: XCTestCase {
    var generator = SeededGenerator(seed: 11)

    func random(_ shape: [Int]) -> Tensor { Tensor.uniform(shape, low: -1, high: 1, generator: &generator) }

    func testLinear() {
        let layer = Linear(4, 3, biasInit: .uniform(scale: 0.5), generator: &generator)
        assertParameterGradientsMatch(layer.namedParameters(), inputs: [random([2, 5, 4])]) { layer($0[0]) }
        let noBias = Linear(4, 3, bias: false, generator: &generator)
        XCTAssertEqual(noBias.namedParameters().map(\.0), ["weight"])
        assertParameterGradientsMatch(noBias.namedParameters(), inputs: [random([3, 4])]) { noBias($0[0]) }
    }

    func testEmbeddingScaledAndRepeatedIds() {
        let table = Embedding(6, 4, scale: 2, generator: &generator)
        assertParameterGradientsMatch(table.namedParameters()) { _ in table([1, 5, 1, 0, 3, 1], shape: [2, 3]) }
    }

    func testLearnedPositions() {
        let positions = LearnedPositions(maxLength: 6, dimension: 3, initializer: .normal(std: 1), generator: &generator)
        assertParameterGradientsMatch(positions.namedParameters()) { _ in positions(length: 3, offset: 2) }
    }

    func testLayerNorm() {
        let norm = LayerNorm(5, epsilon: 1e-6)
        norm.weight.value = random([5]) + 1
        norm.bias.value = random([5])
        assertParameterGradientsMatch(norm.namedParameters(), inputs: [random([3, 5])]) { norm($0[0]) }
    }

    func testGRUCell() {
        let cell = GRUCell(inputSize: 3, hiddenSize: 4, generator: &generator)
        assertParameterGradientsMatch(cell.namedParameters(), inputs: [random([2, 3]), random([2, 4])]) {
            // Two steps, so the hidden-to-hidden path is exercised through a non-trivial state.
            let first = cell($0[0], state: RecurrentState(hidden: $0[1]))
            return cell($0[0] * 0.5, state: first).hidden
        }
    }

    func testLSTMCell() {
        let cell = LSTMCell(inputSize: 3, hiddenSize: 2, generator: &generator)
        assertParameterGradientsMatch(cell.namedParameters(), inputs: [random([2, 3]), random([2, 2]), random([2, 2])]) {
            let first = cell($0[0], state: RecurrentState(hidden: $0[1], cell: $0[2]))
            let second = cell($0[0] * 0.5, state: first)
            return concat([second.hidden, second.cell!], axis: 1)
        }
    }

    func testBahdanauAttentionWithPadding() {
        let attention = BahdanauAttention(querySize: 3, memorySize: 4, attentionSize: 5, generator: &generator)
        let mask = Masks.padding(lengths: [3, 2], maxLength: 3)
        assertParameterGradientsMatch(attention.namedParameters(), inputs: [random([2, 3]), random([2, 3, 4])]) {
            let output = attention($0[0], keys: attention.projectKeys($0[1]), memory: $0[1], mask: mask)
            return concat([output.context, output.weights], axis: 1)
        }
    }

    func testLuongAttention() {
        for score in [LuongAttention.Score.dot, .general] {
            let attention = LuongAttention(score: score, querySize: 4, memorySize: 4, generator: &generator)
            let mask = Masks.padding(lengths: [2, 3], maxLength: 3)
            assertParameterGradientsMatch(attention.namedParameters(), inputs: [random([2, 4]), random([2, 3, 4])]) {
                let output = attention($0[0], keys: attention.projectKeys($0[1]), memory: $0[1], mask: mask)
                return concat([output.context, output.weights], axis: 1)
            }
        }
    }

    func testMultiHeadSelfAttentionWithMasks() {
        let attention = MultiHeadAttention(dModel: 4, heads: 2, generator: &generator)
        let mask = Masks.padding(lengths: [3, 2], maxLength: 3) + Masks.causal(3)              // [2, 1, 3, 3]
        assertParameterGradientsMatch(attention.namedParameters(), inputs: [random([2, 3, 4])]) {
            attention($0[0], source: $0[0], mask: mask).context
        }
    }

    func testMultiHeadCrossAttention() {
        let attention = MultiHeadAttention(dModel: 4, heads: 2, generator: &generator)
        let mask = Masks.padding(lengths: [1, 3], maxLength: 3)
        assertParameterGradientsMatch(attention.namedParameters(), inputs: [random([2, 2, 4]), random([2, 3, 4])]) {
            let output = attention($0[0], source: $0[1], mask: mask)
            return concat([output.context.reshaped([2, -1]), output.weights.reshaped([2, -1])], axis: 1)
        }
    }

    func testRowSelection() {
        assertGradientsMatch([random([3, 2, 2])]) { $0[0].selectingRows([2, 0, 2]) }
    }
}
