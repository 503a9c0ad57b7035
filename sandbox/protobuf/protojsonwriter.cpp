#include "protojsonwriter.h"

#include "json/kubetime.h"
#include "kubefieldmapping.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace cvc::sandbox {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

QString joinPath(const QString &path, const QString &name)
{
    return path.isEmpty() ? name : path + QLatin1Char('.') + name;
}

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    default:
        return QStringLiteral("null");
    }
}

// One write; collects every problem rather than stopping at the first, so the caller can name them all.
class Writer
{
public:
    void object(const QJsonObject &object, Message *message, const QString &path);
    QStringList problems;

private:
    void field(const QJsonValue &value, Message *message, const FieldDescriptor *field, const QString &path);
    void mapField(const QJsonObject &object, Message *message, const FieldDescriptor *field, const QString &path);
    void messageValue(const QJsonValue &value, Message *message, const QString &path);
    // One value into a singular field, or appended to a repeated one.
    void scalar(const QJsonValue &value, Message *message, const FieldDescriptor *field, const QString &path);
    void expected(const QString &path, const QString &what, const QJsonValue &value);
};

void Writer::expected(const QString &path, const QString &what, const QJsonValue &value)
{
    problems.append(QStringLiteral("%1: expected %2, got %3").arg(path, what, typeName(value)));
}

void Writer::object(const QJsonObject &object, Message *message, const QString &path)
{
    const google::protobuf::Descriptor *descriptor = message->GetDescriptor();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString fieldPath = joinPath(path, it.key());
        const FieldDescriptor *f = descriptor->FindFieldByName(it.key().toStdString());
        if (!f) {
            problems.append(QStringLiteral("%1: no such field in %2")
                                .arg(fieldPath, QString::fromStdString(descriptor->full_name())));
            continue;
        }
        field(it.value(), message, f, fieldPath);
    }
}

void Writer::field(const QJsonValue &value, Message *message, const FieldDescriptor *f, const QString &path)
{
    if (value.isNull())
        return;   // Go decodes null as the zero value: absent
    if (f->is_map()) {
        if (!value.isObject())
            return expected(path, QStringLiteral("an object"), value);
        return mapField(value.toObject(), message, f, path);
    }
    if (f->is_repeated()) {
        if (!value.isArray())
            return expected(path, QStringLiteral("an array"), value);
        const QJsonArray items = value.toArray();
        for (qsizetype i = 0; i < items.size(); ++i)
            scalar(items.at(i), message, f, path + QStringLiteral("[%1]").arg(i));
        return;
    }
    scalar(value, message, f, path);
}

void Writer::mapField(const QJsonObject &object, Message *message, const FieldDescriptor *f, const QString &path)
{
    const FieldDescriptor *keyField = f->message_type()->map_key();
    const FieldDescriptor *valueField = f->message_type()->map_value();
    for (auto it = object.begin(); it != object.end(); ++it) {
        Message *entry = message->GetReflection()->AddMessage(message, f);
        entry->GetReflection()->SetString(entry, keyField, it.key().toStdString());
        if (it.value().isNull())
            continue;   // Go's zero value for the entry
        scalar(it.value(), entry, valueField, joinPath(path, it.key()));
    }
}

void Writer::messageValue(const QJsonValue &value, Message *message, const QString &path)
{
    const google::protobuf::Descriptor *descriptor = message->GetDescriptor();
    const Reflection *reflection = message->GetReflection();
    if (KubeFieldMapping::isTime(descriptor)) {
        const auto time = value.isString() ? KubeTime::parse(value.toString()) : std::nullopt;
        if (!time)
            return expected(path, QStringLiteral("an RFC 3339 time"), value);
        const qint64 milliseconds = time->toMSecsSinceEpoch();
        const qint64 seconds = milliseconds >= 0 ? milliseconds / 1000 : -((-milliseconds + 999) / 1000);
        reflection->SetInt64(message, descriptor->FindFieldByName("seconds"), seconds);
        reflection->SetInt32(message, descriptor->FindFieldByName("nanos"), int((milliseconds - seconds * 1000) * 1000000));
        return;
    }
    if (KubeFieldMapping::isFieldsV1(descriptor)) {
        if (!value.isObject())
            return expected(path, QStringLiteral("an object"), value);
        reflection->SetString(message, descriptor->FindFieldByName("Raw"),
                              QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact).toStdString());
        return;
    }
    if (!value.isObject())
        return expected(path, QStringLiteral("an object"), value);
    object(value.toObject(), message, path);
}

void Writer::scalar(const QJsonValue &value, Message *message, const FieldDescriptor *f, const QString &path)
{
    const Reflection *reflection = message->GetReflection();
    const bool repeated = f->is_repeated();
    switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE: {
        Message *nested = repeated ? reflection->AddMessage(message, f) : reflection->MutableMessage(message, f);
        return messageValue(value, nested, path);
    }
    case FieldDescriptor::CPPTYPE_STRING: {
        if (!value.isString())
            return expected(path, QStringLiteral("a string"), value);
        std::string bytes;
        if (f->type() == FieldDescriptor::TYPE_BYTES) {
            const auto decoded = QByteArray::fromBase64Encoding(value.toString().toLatin1(),
                                                                QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded)
                return expected(path, QStringLiteral("base64 data"), value);
            bytes = decoded.decoded.toStdString();
        } else {
            bytes = value.toString().toStdString();
        }
        if (repeated)
            reflection->AddString(message, f, std::move(bytes));
        else
            reflection->SetString(message, f, std::move(bytes));
        return;
    }
    case FieldDescriptor::CPPTYPE_BOOL:
        if (!value.isBool())
            return expected(path, QStringLiteral("a boolean"), value);
        if (repeated)
            reflection->AddBool(message, f, value.toBool());
        else
            reflection->SetBool(message, f, value.toBool());
        return;
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64: {
        const bool is32 = f->cpp_type() == FieldDescriptor::CPPTYPE_INT32;
        const double number = value.toDouble();
        const double limit = is32 ? 2147483648.0 : 9223372036854775808.0;
        if (!value.isDouble() || std::trunc(number) != number || number < -limit || number >= limit)
            return expected(path, is32 ? QStringLiteral("a 32-bit integer") : QStringLiteral("an integer"), value);
        if (is32)
            repeated ? reflection->AddInt32(message, f, qint32(number)) : reflection->SetInt32(message, f, qint32(number));
        else
            repeated ? reflection->AddInt64(message, f, qint64(number)) : reflection->SetInt64(message, f, qint64(number));
        return;
    }
    default:
        problems.append(QStringLiteral("%1: unsupported protobuf field type %2")
                            .arg(path, QString::fromLatin1(f->cpp_type_name())));
        return;
    }
}

} // namespace

QStringList ProtoJsonWriter::write(const QJsonObject &object, google::protobuf::Message *message)
{
    Writer writer;
    writer.object(object, message, QString());
    return writer.problems;
}

} // namespace cvc::sandbox
