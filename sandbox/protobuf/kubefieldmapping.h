#pragma once

#include <QString>

namespace google::protobuf {
class Descriptor;
class FieldDescriptor;
}

namespace cvc::sandbox {

// The places where the Kubernetes JSON form of a message is not the plain field-by-field one:
// meta.v1.Time is an RFC 3339 string, FieldsV1 is the JSON object it holds, and a scalar that is a
// pointer in Go keeps its zero value. ProtoJsonReader and ProtoJsonWriter share these rules.
class KubeFieldMapping
{
public:
    static bool isTime(const google::protobuf::Descriptor *message);
    static bool isFieldsV1(const google::protobuf::Descriptor *message);
    // The field carries (kubesandbox.go_pointer): present on the wire means set, even when zero.
    static bool isGoPointer(const google::protobuf::FieldDescriptor *field);

    // "2026-12-07T10:00:00Z": Go's metav1.Time JSON has whole seconds, so nanos are dropped.
    // Empty outside the years 0001–9999: Go refuses to write later years, QDateTime has no year 0.
    static QString formatTime(qint64 seconds);
};

} // namespace cvc::sandbox
