#include "kubefieldmapping.h"

#include "json/kubetime.h"
#include "kubesandbox_options.pb.h"
#include "meta_v1.pb.h"

#include <QDateTime>

namespace cvc::sandbox {

bool KubeFieldMapping::isTime(const google::protobuf::Descriptor *message)
{
    return message == k8s::io::apimachinery::pkg::apis::meta::v1::Time::descriptor();
}

bool KubeFieldMapping::isFieldsV1(const google::protobuf::Descriptor *message)
{
    return message == k8s::io::apimachinery::pkg::apis::meta::v1::FieldsV1::descriptor();
}

bool KubeFieldMapping::isGoPointer(const google::protobuf::FieldDescriptor *field)
{
    return field->options().GetExtension(kubesandbox::go_pointer);
}

QString KubeFieldMapping::formatTime(qint64 seconds)
{
    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: beyond them QDateTime would print
    // something that is not RFC 3339.
    constexpr qint64 kFirst = -62135596800;
    constexpr qint64 kLast = 253402300799;
    if (seconds < kFirst || seconds > kLast)
        return QString();
    return KubeTime::format(QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC));
}

} // namespace cvc::sandbox
