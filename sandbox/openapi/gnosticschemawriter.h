#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <string>

namespace openapi::v2 {
class Any;
class ExternalDocs;
class FileSchema;
class NamedAny;
class Schema;
class Xml;
} // namespace openapi::v2

namespace cvc::sandbox {

// Writes Swagger 2.0 JSON schemas into gnostic's openapi.v2 messages, the shapes kubectl's proto
// reader expects: `$ref` in `_ref`, type and items as lists, every `x-…` key as a NamedAny whose
// Any carries the value as YAML text in `yaml` (kube-openapi's VendorExtensionToMap unmarshals
// exactly that field, e.g. x-kubernetes-group-version-kind into a list of maps). A key with no
// place in the message, or a value of the wrong JSON type, is skipped and reported in `problems`
// as "<path>: …" so a test can insist on none.
class GnosticSchemaWriter
{
public:
    explicit GnosticSchemaWriter(QStringList *problems);

    void writeSchema(const QJsonObject &json, const QString &path, openapi::v2::Schema *out) const;
    void writeFileSchema(const QJsonObject &json, const QString &path, openapi::v2::FileSchema *out) const;
    void writeExternalDocs(const QJsonObject &json, const QString &path, openapi::v2::ExternalDocs *out) const;
    // The value as YAML text (what gnostic and kube-openapi put into Any.yaml).
    void writeAny(const QJsonValue &value, openapi::v2::Any *out) const;
    void writeExtension(const QString &key, const QJsonValue &value, openapi::v2::NamedAny *out) const;

    static bool isExtension(const QString &key) { return key.startsWith(QLatin1String("x-")); }
    static std::string utf8(const QString &text) { return text.toStdString(); }

    // Checked accessors: the value of the expected JSON type, or a problem and a default.
    QString string(const QJsonValue &value, const QString &path) const;
    bool boolean(const QJsonValue &value, const QString &path) const;
    double number(const QJsonValue &value, const QString &path) const;
    qint64 integer(const QJsonValue &value, const QString &path) const;
    QStringList strings(const QJsonValue &value, const QString &path) const;
    QJsonObject object(const QJsonValue &value, const QString &path) const;
    void unsupported(const QString &path, const QString &key) const;

private:
    void writeXml(const QJsonObject &json, const QString &path, openapi::v2::Xml *out) const;
    void problem(const QString &path, const QString &text) const;

    QStringList *m_problems;
};

} // namespace cvc::sandbox
