import CTernKernels

/// The four arithmetic ops, with numpy broadcasting. Same shapes and "one operand repeats per row" (a bias, a
/// scale) run as single C loops; any other broadcast first expands the smaller operand.
enum BinaryOperator: Int32 {
    case add = 0, subtract = 1, multiply = 2, divide = 3

    func apply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int) {
        switch self {
        case .add: tern_add(a, b, out, n)
        case .subtract: tern_sub(a, b, out, n)
        case .multiply: tern_mul(a, b, out, n)
        case .divide: tern_div(a, b, out, n)
        }
    }
}

extension Tensor {
    static func elementwise(_ a: Tensor, _ b: Tensor, _ op: BinaryOperator) -> Tensor {
        if a.shape == b.shape {
            let out = Tensor.uninitialized(a.shape)
            let pa = a.storage.base, pb = b.storage.base, po = out.storage.base
            Kernels.parallelElements(a.count) { start, length in op.apply(pa + start, pb + start, po + start, length) }
            return out
        }
        let target = Shape.broadcast(a.shape, b.shape)
        if target == a.shape, Shape.isRowSuffix(b.shape, of: a.shape) {
            let out = Tensor.uninitialized(a.shape)
            let cols = b.count, rows = a.count / max(cols, 1)
            let pa = a.storage.base, pb = b.storage.base, po = out.storage.base
            Kernels.parallelRows(rows, rowCost: cols) { range in
                tern_row_broadcast(op.rawValue, pa + range.lowerBound * cols, pb, po + range.lowerBound * cols,
                                   range.count, cols)
            }
            return out
        }
        return elementwise(a.detached().broadcast(to: target), b.detached().broadcast(to: target), op)
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let out = elementwise(a, b, .add)
        let (shapeA, shapeB) = (a.shape, b.shape)
        return out.recorded(a, b) { g in
            [a.requiresGrad ? g.sum(to: shapeA) : nil, b.requiresGrad ? g.sum(to: shapeB) : nil]
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let out = elementwise(a, b, .subtract)
        let (shapeA, shapeB) = (a.shape, b.shape)
        return out.recorded(a, b) { g in
            [a.requiresGrad ? g.sum(to: shapeA) : nil, b.requiresGrad ? (-g).sum(to: shapeB) : nil]
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let out = elementwise(a, b, .multiply)
        return out.recorded(a, b) { g in
            [a.requiresGrad ? (g * b.detached()).sum(to: a.shape) : nil,
             b.requiresGrad ? (g * a.detached()).sum(to: b.shape) : nil]
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let out = elementwise(a, b, .divide)
        return out.recorded(a, b) { g in
            let bd = b.detached()
            // d(a/b)/db = -a/b² = -out/b
            return [a.requiresGrad ? (g / bd).sum(to: a.shape) : nil,
                    b.requiresGrad ? (-(g * out.detached()) / bd).sum(to: b.shape) : nil]
        }
    }

    public static prefix func - (x: Tensor) -> Tensor { x * -1 }

    public static func + (x: Tensor, s: Float) -> Tensor {
        let out = Tensor.uninitialized(x.shape)
        let px = x.storage.base, po = out.storage.base
        Kernels.parallelElements(x.count) { start, length in tern_add_scalar(px + start, s, po + start, length) }
        return out.recorded(x) { g in [g] }
    }

    public static func - (x: Tensor, s: Float) -> Tensor { x + (-s) }

    public static func * (x: Tensor, s: Float) -> Tensor {
        let out = Tensor.uninitialized(x.shape)
        let px = x.storage.base, po = out.storage.base
        Kernels.parallelElements(x.count) { start, length in tern_mul_scalar(px + start, s, po + start, length) }
        return out.recorded(x) { g in [g * s] }
    }

    public static func / (x: Tensor, s: Float) -> Tensor { x * (1 / s) }
    public static func * (s: Float, x: Tensor) -> Tensor { x * s }
    public static func + (s: Float, x: Tensor) -> Tensor { x + s }
    /// s - x
    public static func - (s: Float, x: Tensor) -> Tensor { (x * -1) + s }
}
