#include "kubeprotobufcodec.h"

#include "kubeprotobufregistry.h"
#include "protojsonreader.h"
#include "protojsonwriter.h"
#include "runtime.pb.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/message.h>

#include <QStringList>

#include <memory>

namespace cvc::sandbox {

namespace {

using google::protobuf::Message;

std::unique_ptr<Message> newMessage(const google::protobuf::Descriptor *descriptor)
{
    return std::unique_ptr<Message>(google::protobuf::MessageFactory::generated_factory()->GetPrototype(descriptor)->New());
}

// Map entries in key order, so the same object always gives the same bytes.
std::string serialize(const Message &message)
{
    std::string out;
    {
        google::protobuf::io::StringOutputStream stream(&out);
        google::protobuf::io::CodedOutputStream coded(&stream);
        coded.SetSerializationDeterministic(true);
        message.SerializeToCodedStream(&coded);
    }
    return out;
}

QString kindName(const QString &apiVersion, const QString &kind)
{
    return QStringLiteral("%1 (%2)").arg(kind.isEmpty() ? QStringLiteral("<no kind>") : kind,
                                         apiVersion.isEmpty() ? QStringLiteral("<no apiVersion>") : apiVersion);
}

} // namespace

bool KubeProtobufCodec::supports(const QString &apiVersion, const QString &kind)
{
    return KubeProtobufRegistry::contains(apiVersion, kind);
}

std::optional<QJsonObject> KubeProtobufCodec::decode(const QByteArray &wire, const QString &apiVersion, const QString &kind,
                                                     QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<QJsonObject> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!wire.startsWith(magic()))
        return fail(QStringLiteral("protobuf: the body does not start with the Kubernetes magic bytes \"k8s\\0\""));
    if (wire.size() > kMaxWireBytes)
        return fail(QStringLiteral("protobuf: the body has %1 bytes, more than the %2 accepted").arg(wire.size()).arg(kMaxWireBytes));
    k8s::io::apimachinery::pkg::runtime::Unknown envelope;
    const qsizetype prefix = magic().size();
    if (!envelope.ParseFromArray(wire.constData() + prefix, int(wire.size() - prefix)))
        return fail(QStringLiteral("protobuf: the body is not a valid runtime.Unknown (truncated or corrupt)"));
    if (!envelope.contentencoding().empty() || !envelope.contenttype().empty())
        return fail(QStringLiteral("protobuf: runtime.Unknown with contentEncoding or contentType set is not supported"));
    QString bodyApiVersion = QString::fromStdString(envelope.typemeta().apiversion());
    QString bodyKind = QString::fromStdString(envelope.typemeta().kind());
    if (bodyApiVersion.isEmpty() && bodyKind.isEmpty()) {
        bodyApiVersion = apiVersion;
        bodyKind = kind;
    }
    const google::protobuf::Descriptor *descriptor = KubeProtobufRegistry::message(bodyApiVersion, bodyKind);
    if (!descriptor)
        return fail(QStringLiteral("protobuf: no protobuf message for %1; kube-sandbox decodes %2")
                        .arg(kindName(bodyApiVersion, bodyKind), KubeProtobufRegistry::kinds().join(QStringLiteral(", "))));
    const std::unique_ptr<Message> message = newMessage(descriptor);
    if (!message->ParseFromString(envelope.raw()))
        return fail(QStringLiteral("protobuf: the %1 in the body is truncated or corrupt").arg(bodyKind));
    QString problem;
    std::optional<QJsonObject> object = ProtoJsonReader::read(*message, &problem);
    if (!object)
        return fail(QStringLiteral("protobuf: %1: %2").arg(bodyKind, problem));
    object->insert(QStringLiteral("apiVersion"), bodyApiVersion);
    object->insert(QStringLiteral("kind"), bodyKind);
    return object;
}

std::optional<QByteArray> KubeProtobufCodec::encode(const QJsonObject &object, QString *error)
{
    const QString apiVersion = object.value(QStringLiteral("apiVersion")).toString();
    const QString kind = object.value(QStringLiteral("kind")).toString();
    const google::protobuf::Descriptor *descriptor = KubeProtobufRegistry::message(apiVersion, kind);
    if (!descriptor) {
        if (error)
            *error = QStringLiteral("no protobuf message for %1").arg(kindName(apiVersion, kind));
        return std::nullopt;
    }
    QJsonObject fields = object;
    fields.remove(QStringLiteral("apiVersion"));
    fields.remove(QStringLiteral("kind"));
    const std::unique_ptr<Message> message = newMessage(descriptor);
    const QStringList problems = ProtoJsonWriter::write(fields, message.get());
    if (!problems.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1 %2 cannot be written as protobuf: %3")
                         .arg(kind, object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString(),
                              problems.join(QStringLiteral("; ")));
        return std::nullopt;
    }
    k8s::io::apimachinery::pkg::runtime::Unknown envelope;
    envelope.mutable_typemeta()->set_apiversion(apiVersion.toStdString());
    envelope.mutable_typemeta()->set_kind(kind.toStdString());
    envelope.set_raw(serialize(*message));
    // Go's Unknown always carries both strings; empty means "raw is the plain message".
    envelope.set_contentencoding(std::string());
    envelope.set_contenttype(std::string());
    return magic() + QByteArray::fromStdString(serialize(envelope));
}

} // namespace cvc::sandbox
