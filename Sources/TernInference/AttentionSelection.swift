import TernModels

/// Which attention maps of a model to draw: the kind (cross, encoder or decoder self-attention), the layers and the
/// heads, as the user names them — numbered from 1, as in titles and file names — and checked once against the
/// model's shape, so a bad number is an error naming the valid range before anything is translated.
public struct AttentionSelection: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        /// The decoder's attention over the source: output × source.
        case cross
        /// The encoder's self-attention: source × source (Transformer only).
        case encoder
        /// The decoder's self-attention: output step × decoder input (Transformer only).
        case decoder

        /// The name in titles.
        var title: String {
            switch self {
            case .cross: return "cross-attention"
            case .encoder: return "encoder self-attention"
            case .decoder: return "decoder self-attention"
            }
        }
    }

    public enum LayerChoice: Equatable, Sendable {
        case all
        /// A layer number, from 1.
        case layer(Int)

        /// Parses `all` or a layer number, as given to `--layer`.
        public init(_ text: String) throws {
            if text == "all" { self = .all; return }
            guard let number = Int(text) else {
                throw AttentionExportError.badOption("--layer must be all or a layer number, got '\(text)'")
            }
            self = .layer(number)
        }
    }

    public enum HeadChoice: Equatable, Sendable {
        /// Every head in one grid, with their mean as a last panel.
        case all
        /// The element-wise mean of the heads, as one heatmap.
        case mean
        /// A head number, from 1, as one heatmap.
        case head(Int)

        /// Parses `all`, `mean` or a head number, as given to `--head`.
        public init(_ text: String) throws {
            switch text {
            case "all": self = .all
            case "mean": self = .mean
            default:
                guard let number = Int(text) else {
                    throw AttentionExportError.badOption("--head must be all, mean or a head number, got '\(text)'")
                }
                self = .head(number)
            }
        }
    }

    public var kind: Kind
    public var layer: LayerChoice
    public var head: HeadChoice

    public init(kind: Kind = .cross, layer: LayerChoice = .all, head: HeadChoice = .all) {
        self.kind = kind
        self.layer = layer
        self.head = head
    }

    /// How many layers of the selected kind, and heads per layer, `config`'s model has. The RNN's attention counts as
    /// one layer with one head, which is how ``AttentionMaps`` and the search hand it over.
    public static func shape(of config: ModelConfig, kind: Kind) -> (layers: Int, heads: Int)? {
        switch config.architecture {
        case .rnn:
            return kind == .cross ? (1, 1) : nil
        case .transformer(let settings):
            return (kind == .encoder ? settings.encoderLayers : settings.decoderLayers, settings.heads)
        }
    }

    /// The selected layers, numbered from 0, after checking the kind, layer and head against `config`.
    ///
    /// - Throws: ``AttentionExportError`` naming the valid range, e.g. "--layer 7: the model has decoder layers 1–3".
    public func layerIndices(for config: ModelConfig) throws -> [Int] {
        let family = config.family.rawValue
        guard let (layers, heads) = AttentionSelection.shape(of: config, kind: kind) else {
            throw AttentionExportError.badOption(
                "--kind \(kind.rawValue): the \(family) model has no self-attention; use --kind cross")
        }
        let layerNoun = config.family == .rnn ? "attention layer" : (kind == .encoder ? "encoder layer" : "decoder layer")
        if case .head(let number) = head, !(1...heads).contains(number) {
            throw AttentionExportError.badOption("--head \(number): the model has \(range("head", count: heads))")
        }
        switch layer {
        case .all:
            return Array(0..<layers)
        case .layer(let number):
            guard (1...layers).contains(number) else {
                throw AttentionExportError.badOption("--layer \(number): the model has \(range(layerNoun, count: layers))")
            }
            return [number - 1]
        }
    }

    /// "decoder layers 1–3", or "decoder layer 1 only" when there is one.
    private func range(_ noun: String, count: Int) -> String {
        count == 1 ? "\(noun) 1 only" : "\(noun)s 1–\(count)"
    }
}

/// Why attention maps could not be exported.
public enum AttentionExportError: Error, CustomStringConvertible, Equatable {
    /// A command-line choice the model cannot satisfy; the message says what would work.
    case badOption(String)

    public var description: String {
        switch self {
        case .badOption(let message): return message
        }
    }
}
