extension ModelConfig {
    /// The number of trainable scalars of the model this config builds over a joint vocabulary of V tokens.
    public func parameterCount(vocabularySize: Int) -> Int {
        parameterCount(sourceVocabularySize: vocabularySize, targetVocabularySize: vocabularySize)
    }

    /// The number of trainable scalars, in closed form (each tied matrix counted once):
    ///
    /// Embeddings: source Vₛ·e, target Vₜ·e, output projection Vₜ·o (no bias), where e is the embedding width and o
    /// the output layer's input width; `decoder` tying drops the output term, `all` also drops the target term.
    ///
    /// **Transformer** (d = d_model, f = d_ff, N/M encoder/decoder layers; e = o = d):
    /// - attention: 4(d² + d) (q, k, v, out projections with biases); feed-forward: 2df + f + d; LayerNorm: 2d;
    /// - encoder layer: attention + feed-forward + 2 LayerNorms; decoder layer: 2 attentions + feed-forward + 3;
    /// - pre-norm adds a final LayerNorm per stack (2·2d); learned positions add 2·max_positions·d.
    ///
    /// **RNN** (g = 3 gates for a GRU, 4 for an LSTM; H encoder hidden per direction, D decoder hidden; e =
    /// embedding_size, o = D):
    /// - a cell of input i and hidden h: g·h·i + g·h·h + 2·g·h (two weight matrices, two biases);
    /// - encoder layer l: 2 cells (both directions) of input e (l = 0) or 2H, hidden H;
    /// - bridge: D·2H + D; decoder layer 0: a cell of input e + D (input feeding) or e, hidden D; later layers D;
    /// - attention: Bahdanau A·2H + A·D + A (A = attention_size), Luong general D·2H, Luong dot 0;
    /// - attentional layer: D·(D + 2H) + D.
    public func parameterCount(sourceVocabularySize vs: Int, targetVocabularySize vt: Int) -> Int {
        func embeddings(_ e: Int, _ o: Int) -> Int {
            switch tiedEmbeddings {
            case .none: return vs * e + vt * e + vt * o
            case .decoder: return vs * e + vt * e
            case .all: return vs * e
            }
        }
        switch architecture {
        case .transformer(let t):
            let d = t.dModel, f = t.dFF
            let attention = 4 * (d * d + d), feedForward = 2 * d * f + f + d, norm = 2 * d
            let encoderLayer = attention + feedForward + 2 * norm
            let decoderLayer = 2 * attention + feedForward + 3 * norm
            let finalNorms = t.norm == .pre ? 2 * norm : 0
            let positions = t.positions == .learned ? 2 * t.maxPositions * d : 0
            return embeddings(d, d) + positions + t.encoderLayers * encoderLayer + t.decoderLayers * decoderLayer + finalNorms
        case .rnn(let r):
            let g = r.cell == .gru ? 3 : 4
            func cell(_ input: Int, _ hidden: Int) -> Int { g * hidden * input + g * hidden * hidden + 2 * g * hidden }
            let e = r.embeddingSize, h = r.encoderHidden, d = r.decoderHidden, memory = 2 * h
            let encoder = (0..<r.encoderLayers).reduce(0) { $0 + 2 * cell($1 == 0 ? e : memory, h) }
            let bridge = r.bridge ? d * memory + d : 0
            let decoder = (0..<r.decoderLayers).reduce(0) { $0 + cell($1 == 0 ? e + (r.inputFeeding ? d : 0) : d, d) }
            let a = r.resolvedAttentionSize
            let attention: Int
            switch r.attention {
            case .bahdanau: attention = a * memory + a * d + a
            case .luongGeneral: attention = d * memory
            case .luongDot: attention = 0
            }
            let attentional = d * (d + memory) + d
            return embeddings(e, d) + encoder + bridge + decoder + attention + attentional
        }
    }
}
