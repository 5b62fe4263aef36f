import TernNN
import TernTensor
import TernTestSupport
import XCTest

/// A small composite module to exercise the walk: a list of layers, a tied weight, an optional child.
private final class Toy: Module {
    let embed: Embedding
    let layers: [Linear]
    let norm: LayerNorm?
    let output: Linear

    init(generator: inout SeededGenerator) {
        embed = Embedding(5, 3, generator: &generator)
        layers = [Linear(3, 3, generator: &generator), Linear(3, 3, generator: &generator)]
        norm = LayerNorm(3)
        output = Linear(weight: embed.weight)  // tied
    }

    override var children: [(key: String, module: Module)] {
        [("embed", embed)] + layers.enumerated().map { ("layers.\($0.offset)", $0.element) }
            + (norm.map { [("norm", $0)] } ?? []) + [("output", output)]
    }
}

final class ParameterTreeTests: XCTestCase {
    func testStableDottedNamesWithTiedWeightOnce() {
        var generator = SeededGenerator(seed: 1)
        let toy = Toy(generator: &generator)
        XCTAssertEqual(toy.namedParameters().map(\.0), [
            "embed.weight", "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
            "norm.weight", "norm.bias",
        ])
        XCTAssertTrue(toy.output.weight === toy.embed.weight)
        XCTAssertEqual(toy.parameterCount, 15 + 2 * 12 + 6)
        XCTAssertTrue(toy.parameter(named: "layers.1.bias") === toy.layers[1].bias)
        assertWalkListsEverythingStored(toy)
    }

    func testTiedWeightCollectsBothGradients() {
        var generator = SeededGenerator(seed: 2)
        let toy = Toy(generator: &generator)
        let x = toy.embed([1, 2], shape: [2])
        toy.output(x).sum().backward()
        // d/dE Σ (E[ids] Eᵀ): both the lookup and the projection contribute to the one parameter.
        let e = toy.embed.weight.value.detached()
        let ids = [1, 2]
        let expected = Tensor.zeros([5, 3]).scalars.enumerated().map { index, _ -> Float in
            let (row, col) = (index / 3, index % 3)
            let columnSum = (0..<5).reduce(Float(0)) { $0 + e.scalars[$1 * 3 + col] }
            let fromLookup = Float(ids.filter { $0 == row }.count) * columnSum
            let fromProjection = ids.reduce(Float(0)) { $0 + e.scalars[$1 * 3 + col] }
            return fromLookup + fromProjection
        }
        let grad = toy.embed.weight.grad!.scalars
        for (g, x) in zip(grad, expected) { XCTAssertEqual(g, x, accuracy: 1e-5) }
    }

    func testTrainSetsEveryModule() {
        var generator = SeededGenerator(seed: 3)
        let toy = Toy(generator: &generator)
        toy.train(false)
        XCTAssertTrue(toy.namedModules().allSatisfy { !$0.1.training })
        toy.train()
        XCTAssertTrue(toy.namedModules().allSatisfy { $0.1.training })
    }

    func testEveryLayerListsWhatItStores() {
        var g = SeededGenerator(seed: 4)
        let layers: [Module] = [
            Linear(2, 3, generator: &g), Embedding(4, 2, generator: &g), LayerNorm(3), Dropout(rate: 0.1, seed: 1),
            LearnedPositions(maxLength: 4, dimension: 2, generator: &g), SinusoidalPositions(dimension: 4),
            GRUCell(inputSize: 2, hiddenSize: 3, generator: &g), LSTMCell(inputSize: 2, hiddenSize: 3, generator: &g),
            BahdanauAttention(querySize: 2, memorySize: 3, attentionSize: 4, generator: &g),
            LuongAttention(score: .general, querySize: 2, memorySize: 3, generator: &g),
            LuongAttention(score: .dot, querySize: 3, memorySize: 3, generator: &g),
            MultiHeadAttention(dModel: 4, heads: 2, dropout: 0.1, generator: &g),
        ]
        for layer in layers { assertWalkListsEverythingStored(layer) }
        XCTAssertEqual(MultiHeadAttention(dModel: 4, heads: 2, generator: &g).namedParameters().map(\.0), [
            "q_proj.weight", "q_proj.bias", "k_proj.weight", "k_proj.bias", "v_proj.weight", "v_proj.bias",
            "out_proj.weight", "out_proj.bias",
        ])
    }
}
