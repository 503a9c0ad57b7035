#include "protojsonreader.h"

#include "kubefieldmapping.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <QJsonArray>
#include <QJsonDocument>

namespace cvc::sandbox {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

QString joinPath(const QString &path, const QString &name)
{
    return path.isEmpty() ? name : path + QLatin1Char('.') + name;
}

// One read; the first value without a JSON form stops it and names its path.
class Reader
{
public:
    std::optional<QJsonObject> object(const Message &message, const QString &path);
    QString error;

private:
    std::optional<QJsonValue> messageValue(const Message &message, const QString &path);
    std::optional<QJsonValue> element(const Message &message, const FieldDescriptor *field, int index, const QString &path);
    std::optional<QJsonValue> mapValue(const Message &message, const FieldDescriptor *field, const QString &path);
    bool fail(const QString &path, const QString &what);
};

bool Reader::fail(const QString &path, const QString &what)
{
    if (error.isEmpty())
        error = QStringLiteral("%1: %2").arg(path, what);
    return false;
}

std::optional<QJsonObject> Reader::object(const Message &message, const QString &path)
{
    const Reflection *reflection = message.GetReflection();
    const google::protobuf::Descriptor *descriptor = message.GetDescriptor();
    QJsonObject out;
    for (int i = 0; i < descriptor->field_count(); ++i) {
        const FieldDescriptor *field = descriptor->field(i);
        const QString name = QString::fromStdString(field->name());
        const QString fieldPath = joinPath(path, name);
        if (field->is_map()) {
            if (reflection->FieldSize(message, field) == 0)
                continue;
            const auto value = mapValue(message, field, fieldPath);
            if (!value)
                return std::nullopt;
            out.insert(name, *value);
        } else if (field->is_repeated()) {
            const int size = reflection->FieldSize(message, field);
            if (size == 0)
                continue;
            QJsonArray items;
            for (int index = 0; index < size; ++index) {
                const auto value = element(message, field, index, fieldPath + QStringLiteral("[%1]").arg(index));
                if (!value)
                    return std::nullopt;
                items.append(*value);
            }
            out.insert(name, items);
        } else if (reflection->HasField(message, field)) {
            const auto value = element(message, field, -1, fieldPath);
            if (!value)
                return std::nullopt;
            if (!value->isUndefined())
                out.insert(name, *value);
        }
    }
    return out;
}

// A map<string, V> as a JSON object. Go's map keys are unique; on the wire the last entry wins.
std::optional<QJsonValue> Reader::mapValue(const Message &message, const FieldDescriptor *field, const QString &path)
{
    const Reflection *reflection = message.GetReflection();
    const FieldDescriptor *keyField = field->message_type()->map_key();
    const FieldDescriptor *valueField = field->message_type()->map_value();
    QJsonObject out;
    for (int index = 0; index < reflection->FieldSize(message, field); ++index) {
        const Message &entry = reflection->GetRepeatedMessage(message, field, index);
        const QString key = QString::fromStdString(entry.GetReflection()->GetString(entry, keyField));
        std::optional<QJsonValue> value = element(entry, valueField, -1, joinPath(path, key));
        if (!value)
            return std::nullopt;
        // An entry without a value still has one in Go: the zero value.
        out.insert(key, value->isUndefined() ? QJsonValue(QString()) : *value);
    }
    return out;
}

std::optional<QJsonValue> Reader::messageValue(const Message &message, const QString &path)
{
    const google::protobuf::Descriptor *descriptor = message.GetDescriptor();
    if (KubeFieldMapping::isTime(descriptor)) {
        const Reflection *reflection = message.GetReflection();
        const qint64 seconds = reflection->GetInt64(message, descriptor->FindFieldByName("seconds"));
        const qint32 nanos = reflection->GetInt32(message, descriptor->FindFieldByName("nanos"));
        if (seconds == 0 && nanos == 0)
            return QJsonValue(QJsonValue::Undefined);   // Go's zero time: left out
        const QString text = KubeFieldMapping::formatTime(seconds);
        if (text.isEmpty()) {
            fail(path, QStringLiteral("time out of range (%1 seconds)").arg(seconds));
            return std::nullopt;
        }
        return text;
    }
    if (KubeFieldMapping::isFieldsV1(descriptor)) {
        const std::string raw = message.GetReflection()->GetString(message, descriptor->FindFieldByName("Raw"));
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(raw), &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            fail(path, QStringLiteral("FieldsV1 does not hold a JSON object"));
            return std::nullopt;
        }
        return document.object();
    }
    const auto nested = object(message, path);
    if (!nested)
        return std::nullopt;
    return *nested;
}

// A singular field (index -1) or one element of a repeated field. Undefined = leave it out.
std::optional<QJsonValue> Reader::element(const Message &message, const FieldDescriptor *field, int index, const QString &path)
{
    const Reflection *reflection = message.GetReflection();
    const bool repeated = index >= 0;
    // Go writes a non-pointer scalar whatever its value; its JSON then omits the empty one.
    const bool keepZero = repeated || KubeFieldMapping::isGoPointer(field);
    switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE:
        return messageValue(repeated ? reflection->GetRepeatedMessage(message, field, index)
                                     : reflection->GetMessage(message, field),
                            path);
    case FieldDescriptor::CPPTYPE_STRING: {
        const std::string value = repeated ? reflection->GetRepeatedString(message, field, index)
                                           : reflection->GetString(message, field);
        if (value.empty() && !keepZero)
            return QJsonValue(QJsonValue::Undefined);
        const QByteArray bytes = QByteArray::fromStdString(value);
        if (field->type() == FieldDescriptor::TYPE_BYTES)
            return QString::fromLatin1(bytes.toBase64());
        return QString::fromUtf8(bytes);
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
        const bool value = repeated ? reflection->GetRepeatedBool(message, field, index) : reflection->GetBool(message, field);
        if (!value && !keepZero)
            return QJsonValue(QJsonValue::Undefined);
        return value;
    }
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64: {
        const qint64 value = field->cpp_type() == FieldDescriptor::CPPTYPE_INT32
            ? (repeated ? reflection->GetRepeatedInt32(message, field, index) : reflection->GetInt32(message, field))
            : (repeated ? reflection->GetRepeatedInt64(message, field, index) : reflection->GetInt64(message, field));
        if (value == 0 && !keepZero)
            return QJsonValue(QJsonValue::Undefined);
        return value;
    }
    default:
        // The subset has no other types; a new .proto field of another type needs a rule here.
        fail(path, QStringLiteral("unsupported protobuf field type %1").arg(QString::fromLatin1(field->cpp_type_name())));
        return std::nullopt;
    }
}

} // namespace

std::optional<QJsonObject> ProtoJsonReader::read(const google::protobuf::Message &message, QString *error)
{
    Reader reader;
    auto object = reader.object(message, QString());
    if (!object && error)
        *error = reader.error;
    return object;
}

} // namespace cvc::sandbox
