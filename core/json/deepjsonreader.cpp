#include "deepjsonreader.h"

#include <QJsonArray>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

namespace cvc {

namespace {


using Value = rapidjson::Value;

QString toQString(const Value &v)
{
    return QString::fromUtf8(v.GetString(), qsizetype(v.GetStringLength()));
}

const Value *find(const Value &object, const QByteArray &name)
{
    if (!object.IsObject())
        return nullptr;
    const auto it = object.FindMember(rapidjson::StringRef(name.constData(), rapidjson::SizeType(name.size())));
    return it == object.MemberEnd() ? nullptr : &it->value;
}

// `level` counts containers as Qt's parser does (the document's top-level object is 1), so with
// the limit MaxQtDepth a value converts exactly when Qt could have read the document had it held
// only that value. Recursion is bounded by the limit: deeper values are refused before going further.
std::optional<QJsonValue> convert(const Value &v, int level, int limit = DeepJsonReader::MaxQtDepth)
{
    switch (v.GetType()) {
    case rapidjson::kNullType:
        return QJsonValue(QJsonValue::Null);
    case rapidjson::kFalseType:
        return QJsonValue(false);
    case rapidjson::kTrueType:
        return QJsonValue(true);
    case rapidjson::kStringType:
        return QJsonValue(toQString(v));
    case rapidjson::kNumberType:
        if (v.IsInt64())
            return QJsonValue(qint64(v.GetInt64()));
        return QJsonValue(v.GetDouble());
    case rapidjson::kArrayType: {
        if (level > limit)
            return std::nullopt;
        QJsonArray array;
        for (const Value &element : v.GetArray()) {
            auto converted = convert(element, level + 1, limit);
            if (!converted)
                return std::nullopt;
            array.append(*converted);
        }
        return QJsonValue(array);
    }
    case rapidjson::kObjectType: {
        if (level > limit)
            return std::nullopt;
        QJsonObject object;
        for (const auto &member : v.GetObject()) {
            auto converted = convert(member.value, level + 1, limit);
            if (!converted)
                return std::nullopt;
            object.insert(toQString(member.name), *converted);
        }
        return QJsonValue(object);
    }
    }
    return std::nullopt;
}

QJsonObject identity(const Value *object)
{
    QJsonObject out;
    if (!object || !object->IsObject())
        return out;
    for (const char *key : {"apiVersion", "kind"}) {
        if (const Value *v = find(*object, QByteArray(key)); v && v->IsString())
            out.insert(QLatin1String(key), toQString(*v));
    }
    QJsonObject metadata;
    if (const Value *meta = find(*object, QByteArrayLiteral("metadata"))) {
        for (const char *key : {"name", "namespace", "uid", "resourceVersion"}) {
            if (const Value *v = find(*meta, QByteArray(key)); v && v->IsString())
                metadata.insert(QLatin1String(key), toQString(*v));
        }
    }
    out.insert(QStringLiteral("metadata"), metadata);
    return out;
}

} // namespace

struct DeepJsonReader::Private
{
    // A memory-pool allocator: values are freed with the pool, never by recursive destructors.
    rapidjson::Document document;
    QString error;
};

DeepJsonReader::DeepJsonReader(const QByteArray &json)
    : d(std::make_unique<Private>())
{
    // Iterative: no recursion however deep; full precision, as Qt's own parser rounds.
    d->document.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseFullPrecisionFlag>(json.constData(),
                                                                                              size_t(json.size()));
    if (d->document.HasParseError())
        d->error = QStringLiteral("%1 at offset %2")
                       .arg(QString::fromUtf8(rapidjson::GetParseError_En(d->document.GetParseError())))
                       .arg(d->document.GetErrorOffset());
    else if (!d->document.IsObject())
        d->error = QStringLiteral("not a JSON object");
}

DeepJsonReader::~DeepJsonReader() = default;

bool DeepJsonReader::isValid() const
{
    return d->error.isEmpty();
}

QString DeepJsonReader::errorString() const
{
    return d->error;
}

std::optional<QJsonObject> DeepJsonReader::object(int maxDepth) const
{
    if (!isValid())
        return std::nullopt;
    auto converted = convert(d->document, 1, maxDepth);
    return converted ? std::optional<QJsonObject>(converted->toObject()) : std::nullopt;
}

std::optional<QJsonValue> DeepJsonReader::member(QStringView key) const
{
    if (!isValid())
        return std::nullopt;
    const Value *v = find(d->document, key.toUtf8());
    return v ? convert(*v, 2) : std::nullopt;
}

QJsonObject DeepJsonReader::membersExcept(QStringView exceptKey) const
{
    QJsonObject out;
    if (!isValid())
        return out;
    for (const auto &m : d->document.GetObject()) {
        const QString name = toQString(m.name);
        if (name == exceptKey)
            continue;
        if (auto converted = convert(m.value, 2))
            out.insert(name, *converted);
    }
    return out;
}

int DeepJsonReader::arraySize(QStringView key) const
{
    const Value *v = isValid() ? find(d->document, key.toUtf8()) : nullptr;
    return v && v->IsArray() ? int(v->Size()) : -1;
}

std::optional<QJsonObject> DeepJsonReader::objectAt(QStringView key, int index) const
{
    if (index < 0 || index >= arraySize(key))
        return std::nullopt;
    const Value &element = (*find(d->document, key.toUtf8()))[rapidjson::SizeType(index)];
    if (!element.IsObject())
        return std::nullopt;
    auto converted = convert(element, 3);   // inside the top-level object and the array
    return converted ? std::optional<QJsonObject>(converted->toObject()) : std::nullopt;
}

QJsonObject DeepJsonReader::identityAt(QStringView key, int index) const
{
    if (index < 0 || index >= arraySize(key))
        return {};
    return identity(&(*find(d->document, key.toUtf8()))[rapidjson::SizeType(index)]);
}

QJsonObject DeepJsonReader::identityOf(QStringView key) const
{
    return isValid() ? identity(find(d->document, key.toUtf8())) : QJsonObject();
}

} // namespace cvc
