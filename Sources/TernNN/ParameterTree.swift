import TernTensor

/// The one walk over a module tree that optimizers, checkpoints, freezing, gradient clipping and statistics share.
extension Module {
    /// Every module of the tree with its dotted path ("" for `self`), parents before children, in the order the
    /// modules list their children. A module reached twice (shared) is listed once, under its first path.
    public func namedModules() -> [(String, Module)] {
        var result: [(String, Module)] = []
        var seen = Set<ObjectIdentifier>()
        // An explicit stack keeps the walk iterative; children are pushed in reverse to keep their listed order.
        var stack: [(String, Module)] = [("", self)]
        while let (path, module) = stack.popLast() {
            guard seen.insert(ObjectIdentifier(module)).inserted else { continue }
            result.append((path, module))
            for (key, child) in module.children.reversed() {
                stack.append((path.isEmpty ? key : "\(path).\(key)", child))
            }
        }
        return result
    }

    /// Every parameter of the tree with its dotted name, deduplicated by identity: a tied weight appears once,
    /// under the first name the walk reaches it by.
    public func namedParameters() -> [(String, Parameter)] {
        var result: [(String, Parameter)] = []
        var seen = Set<ObjectIdentifier>()
        for (path, module) in namedModules() {
            for (key, parameter) in module.ownParameters where seen.insert(ObjectIdentifier(parameter)).inserted {
                result.append((path.isEmpty ? key : "\(path).\(key)", parameter))
            }
        }
        return result
    }

    /// The distinct parameters of the tree.
    public func parameters() -> [Parameter] { namedParameters().map(\.1) }

    /// The number of trainable scalars, each tied weight counted once.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

    /// Looks a parameter up by its dotted name.
    public func parameter(named name: String) -> Parameter? {
        namedParameters().first { $0.0 == name }?.1
    }

    /// Clears every gradient of the tree.
    public func zeroGrad() {
        for parameter in parameters() { parameter.zeroGrad() }
    }
}
