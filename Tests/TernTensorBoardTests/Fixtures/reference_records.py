"""Prints the reference event records for TernTensorBoardTests, made with TensorBoard's own protobuf classes and
record writer (pip install tensorboard), so Tern's hand-written encoding is checked against an independent one.

    python3 Tests/TernTensorBoardTests/Fixtures/reference_records.py
"""
import io

from tensorboard.compat.proto.event_pb2 import Event
from tensorboard.compat.proto.summary_pb2 import HistogramProto, Summary
from tensorboard.summary.writer.record_writer import RecordWriter


def record(event):
    buffer = io.BytesIO()
    RecordWriter(buffer).write(event.SerializeToString())
    return buffer.getvalue().hex()


# Every histogram field non-zero: proto3 leaves zero fields out, and Tern writes all of them.
histogram = HistogramProto(min=-1.0, max=2.5, num=3.0, sum=1.5, sum_squares=8.25,
                           bucket_limit=[0.75, 2.5], bucket=[1.0, 2.0])
print("histogram", record(Event(wall_time=3.0, step=2,
                                summary=Summary(value=[Summary.Value(tag="w", histo=histogram)]))))
print("negative step", record(Event(wall_time=1700000000.25, step=-1,
                                    summary=Summary(value=[Summary.Value(tag="dev/bleu", simple_value=0.0)]))))
