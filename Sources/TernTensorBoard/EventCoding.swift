// The protobuf form of ``Event`` and its parts: field numbers as in TensorFlow's event.proto and summary.proto.

extension Event {
    /// The `Event` message's bytes. Zero fields are left out, as proto3 does, except a scalar's value: it belongs to
    /// a `oneof`, which proto3 always writes.
    func encoded() -> [UInt8] {
        var message = ProtobufWriter()
        message.double(1, wallTime)
        if step != 0 { message.int64(2, step) }
        if let fileVersion { message.string(3, fileVersion) }
        if !values.isEmpty {
            message.message(5) { summary in
                for value in values { summary.message(1) { value.encode(into: &$0) } }
            }
        }
        return message.bytes
    }

    /// Reads an `Event` message; fields other than those above are skipped.
    init(decoding bytes: ArraySlice<UInt8>) throws {
        self.init(wallTime: 0)
        var reader = ProtobufReader(bytes)
        while let (field, value) = try reader.next() {
            switch field {
            case 1: wallTime = try value.double()
            case 2: step = try value.int64()
            case 3: fileVersion = try value.string()
            case 5:
                var summary = ProtobufReader(try value.slice())
                while let (summaryField, summaryValue) = try summary.next() {
                    guard summaryField == 1 else { continue }
                    if let decoded = try SummaryValue(decoding: try summaryValue.slice()) { values.append(decoded) }
                }
            default: continue
            }
        }
    }
}

extension SummaryValue {
    func encode(into message: inout ProtobufWriter) {
        message.string(1, tag)
        switch content {
        case let .scalar(value):
            message.float(2, value)
        case let .histogram(histogram):
            message.message(5) { proto in
                proto.double(1, histogram.minimum)
                proto.double(2, histogram.maximum)
                proto.double(3, histogram.count)
                proto.double(4, histogram.sum)
                proto.double(5, histogram.sumOfSquares)
                proto.packedDoubles(6, histogram.bucketLimits)
                proto.packedDoubles(7, histogram.bucketCounts)
            }
        }
    }

    /// A scalar or histogram value; nil for the kinds Tern does not write (images, audio, tensors).
    init?(decoding bytes: ArraySlice<UInt8>) throws {
        var reader = ProtobufReader(bytes)
        var tag = ""
        var content: Content?
        while let (field, value) = try reader.next() {
            switch field {
            case 1: tag = try value.string()
            case 2: content = .scalar(try value.float())
            case 5: content = .histogram(try EventHistogram(decoding: try value.slice()))
            default: continue
            }
        }
        guard let content else { return nil }
        self.init(tag: tag, content: content)
    }
}

extension EventHistogram {
    init(decoding bytes: ArraySlice<UInt8>) throws {
        self.init(minimum: 0, maximum: 0, count: 0, sum: 0, sumOfSquares: 0, bucketLimits: [], bucketCounts: [])
        var reader = ProtobufReader(bytes)
        while let (field, value) = try reader.next() {
            switch field {
            case 1: minimum = try value.double()
            case 2: maximum = try value.double()
            case 3: count = try value.double()
            case 4: sum = try value.double()
            case 5: sumOfSquares = try value.double()
            case 6: bucketLimits += try value.doubles()
            case 7: bucketCounts += try value.doubles()
            default: continue
            }
        }
    }
}
