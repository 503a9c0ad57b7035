#include "apimachinery/continuetoken.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace cvc::sandbox {

namespace {

const QString kTokenVersion = QStringLiteral("meta.k8s.io/v1");

bool isBase64UrlCharacter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Go's base64.RawURLEncoding refuses padding and the standard alphabet's + and /; Qt's decoder
// would skip them, and a token kube refuses must be refused here too.
std::optional<QByteArray> decodeRawUrlBase64(const QString &text, QString *error)
{
    const QByteArray bytes = text.toUtf8();
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (!isBase64UrlCharacter(bytes.at(i))) {
            *error = QStringLiteral("illegal base64 data at input byte %1").arg(i);
            return std::nullopt;
        }
    }
    if (bytes.size() % 4 == 1) {
        *error = QStringLiteral("illegal base64 data at input byte %1").arg(bytes.size() - 1);
        return std::nullopt;
    }
    return QByteArray::fromBase64(bytes, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// path.Clean(key) == key for a key with a leading "/": no empty, "." or ".." segment, no
// trailing slash (the root "/" alone is clean).
bool isCleanPath(const QString &key)
{
    if (key == QLatin1String("/"))
        return true;
    const QStringList segments = key.mid(1).split(QLatin1Char('/'));
    for (const QString &segment : segments) {
        if (segment.isEmpty() || segment == QLatin1String(".") || segment == QLatin1String(".."))
            return false;
    }
    return true;
}

QString goJsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return QStringLiteral("bool");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    default:
        return QStringLiteral("null");
    }
}

} // namespace

ContinueToken::ContinueToken(qint64 resourceVersion, const QString &startKey)
    : m_resourceVersion(resourceVersion)
    , m_startKey(startKey)
{
}

ContinueToken ContinueToken::after(qint64 resourceVersion, const QString &key)
{
    // The smallest key greater than `key`, as etcd ranges go.
    return ContinueToken(resourceVersion, key + QChar(u'\0'));
}

QString ContinueToken::encode() const
{
    // Written by hand to keep Go's field order; the start key is escaped by Qt's JSON writer
    // (the trailing NUL becomes \u0000, as Go writes it).
    const QByteArray array = QJsonDocument(QJsonArray{m_startKey}).toJson(QJsonDocument::Compact);
    const QByteArray start = array.mid(1, array.size() - 2);
    const QByteArray json = "{\"v\":\"" + kTokenVersion.toUtf8() + "\",\"rv\":" + QByteArray::number(m_resourceVersion)
        + ",\"start\":" + start + '}';
    return QString::fromLatin1(json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<ContinueToken> ContinueToken::decode(const QString &token, QString *error)
{
    const QString prefix = QStringLiteral("continue key is not valid");
    QString problem;
    const auto json = decodeRawUrlBase64(token, &problem);
    if (!json) {
        *error = prefix + QStringLiteral(": ") + problem;
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(*json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = prefix + QStringLiteral(": ") + parseError.errorString();
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = prefix + QStringLiteral(": json: cannot unmarshal %1 into Go value of type storage.continueToken")
                              .arg(document.isArray() ? QStringLiteral("array") : QStringLiteral("value"));
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    const auto wrongType = [&](const QString &field, const QString &goType) {
        *error = prefix + QStringLiteral(": json: cannot unmarshal %1 into Go struct field continueToken.%2 of type %3")
                              .arg(goJsonTypeName(object.value(field)), field, goType);
        return std::nullopt;
    };
    const QJsonValue version = object.value(QStringLiteral("v"));
    const QJsonValue rv = object.value(QStringLiteral("rv"));
    const QJsonValue start = object.value(QStringLiteral("start"));
    if (!version.isUndefined() && !version.isNull() && !version.isString())
        return wrongType(QStringLiteral("v"), QStringLiteral("string"));
    double rvNumber = 0;
    if (!rv.isUndefined() && !rv.isNull()) {
        rvNumber = rv.toDouble();
        if (!rv.isDouble() || std::floor(rvNumber) != rvNumber || std::abs(rvNumber) > 9.0e15)
            return wrongType(QStringLiteral("rv"), QStringLiteral("int64"));
    }
    if (!start.isUndefined() && !start.isNull() && !start.isString())
        return wrongType(QStringLiteral("start"), QStringLiteral("string"));

    if (version.toString() != kTokenVersion) {
        *error = prefix + QStringLiteral(": server does not recognize this encoded version ") + version.toString();
        return std::nullopt;
    }
    const qint64 resourceVersion = qint64(rvNumber);
    if (resourceVersion == 0) {
        *error = prefix + QStringLiteral(": incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        return std::nullopt;
    }
    const QString startKey = start.toString();
    if (startKey.isEmpty()) {
        *error = prefix + QStringLiteral(": encoded start key empty (version meta.k8s.io/v1)");
        return std::nullopt;
    }
    // kube-apiserver refuses keys that path.Clean would change: appended to the list's prefix,
    // a key like "../other" could otherwise reach outside the collection.
    const QString rooted = startKey.startsWith(QLatin1Char('/')) ? startKey : QLatin1Char('/') + startKey;
    if (!isCleanPath(rooted)) {
        *error = prefix + QStringLiteral(": ") + startKey;
        return std::nullopt;
    }
    return ContinueToken(resourceVersion, rooted.mid(1));
}

} // namespace cvc::sandbox
