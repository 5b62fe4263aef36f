import TernModels
import TernNN
import TernTensor
import TernTestSupport
import XCTest

/// Finite differences over every parameter of tiny models of each family and option, through the teacher-forced
/// logits of a padded batch (padding and masks included).
final class ModelGradientTests: XCTestCase {
    func check(_ config: ModelConfig, file: StaticString = #filePath, line: UInt = #line) {
        var generator = SeededGenerator(seed: 3)
        let model = TinyModels.make(config)
        let source = TokenBatch(rows: TinyModels.rows([3, 2], generator: &generator))
        let target = TokenBatch(rows: TinyModels.rows([3, 1], startWithBOS: true, generator: &generator))
        let worst = assertParameterGradientsMatch(model.namedParameters(), file: file, line: line) { _ in
            model.forward(source: source, targetInput: target).logits
        }
        print("gradient check \(config.family): \(model.parameterCount) parameters, worst ratio \(worst)")
    }

    func testTransformerPreNormTied() { check(TinyModels.transformer(norm: .pre, tied: .all)) }
    func testTransformerPostNormUntiedLearnedPositions() {
        check(TinyModels.transformer(norm: .post, tied: .none, positions: .learned))
    }
    func testRNNWithGRUAndBahdanau() { check(TinyModels.rnn(cell: .gru, attention: .bahdanau)) }
    func testRNNWithTwoLSTMLayersAndLuongGeneralTied() {
        check(TinyModels.rnn(cell: .lstm, attention: .luongGeneral, layers: 2, tied: .decoder, size: 2))
    }
    func testRNNWithLuongDotWithoutFeedingOrBridge() {
        check(TinyModels.rnn(attention: .luongDot, inputFeeding: false, bridge: false))
    }
}
