#include "gnosticschemawriter.h"

#include "OpenAPIv2.pb.h"
#include "json/yamlconverter.h"

#include <QJsonArray>

#include <cmath>

namespace cvc::sandbox {

namespace {

QString child(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('/') + key;
}

} // namespace

GnosticSchemaWriter::GnosticSchemaWriter(QStringList *problems)
    : m_problems(problems)
{
}

void GnosticSchemaWriter::problem(const QString &path, const QString &text) const
{
    if (m_problems)
        m_problems->append(path + QStringLiteral(": ") + text);
}

void GnosticSchemaWriter::unsupported(const QString &path, const QString &key) const
{
    problem(child(path, key), QStringLiteral("no such field in openapi.v2, skipped"));
}

QString GnosticSchemaWriter::string(const QJsonValue &value, const QString &path) const
{
    if (!value.isString())
        problem(path, QStringLiteral("expected a string"));
    return value.toString();
}

bool GnosticSchemaWriter::boolean(const QJsonValue &value, const QString &path) const
{
    if (!value.isBool())
        problem(path, QStringLiteral("expected a boolean"));
    return value.toBool();
}

double GnosticSchemaWriter::number(const QJsonValue &value, const QString &path) const
{
    if (!value.isDouble())
        problem(path, QStringLiteral("expected a number"));
    return value.toDouble();
}

qint64 GnosticSchemaWriter::integer(const QJsonValue &value, const QString &path) const
{
    const double d = value.toDouble();
    if (!value.isDouble() || d != std::floor(d))
        problem(path, QStringLiteral("expected an integer"));
    return static_cast<qint64>(d);
}

QStringList GnosticSchemaWriter::strings(const QJsonValue &value, const QString &path) const
{
    QStringList out;
    if (!value.isArray()) {
        problem(path, QStringLiteral("expected a list of strings"));
        return out;
    }
    for (const QJsonValue &item : value.toArray())
        out.append(string(item, path));
    return out;
}

QJsonObject GnosticSchemaWriter::object(const QJsonValue &value, const QString &path) const
{
    if (!value.isObject())
        problem(path, QStringLiteral("expected an object"));
    return value.toObject();
}

void GnosticSchemaWriter::writeAny(const QJsonValue &value, openapi::v2::Any *out) const
{
    out->set_yaml(YamlConverter::toYaml(value).toStdString());
}

void GnosticSchemaWriter::writeExtension(const QString &key, const QJsonValue &value, openapi::v2::NamedAny *out) const
{
    out->set_name(utf8(key));
    writeAny(value, out->mutable_value());
}

void GnosticSchemaWriter::writeExternalDocs(const QJsonObject &json, const QString &path, openapi::v2::ExternalDocs *out) const
{
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString &key = it.key();
        const QString at = child(path, key);
        if (key == QLatin1String("description"))
            out->set_description(utf8(string(it.value(), at)));
        else if (key == QLatin1String("url"))
            out->set_url(utf8(string(it.value(), at)));
        else if (isExtension(key))
            writeExtension(key, it.value(), out->add_vendor_extension());
        else
            unsupported(path, key);
    }
}

void GnosticSchemaWriter::writeXml(const QJsonObject &json, const QString &path, openapi::v2::Xml *out) const
{
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString &key = it.key();
        const QString at = child(path, key);
        if (key == QLatin1String("name"))
            out->set_name(utf8(string(it.value(), at)));
        else if (key == QLatin1String("namespace"))
            out->set_namespace_(utf8(string(it.value(), at)));
        else if (key == QLatin1String("prefix"))
            out->set_prefix(utf8(string(it.value(), at)));
        else if (key == QLatin1String("attribute"))
            out->set_attribute(boolean(it.value(), at));
        else if (key == QLatin1String("wrapped"))
            out->set_wrapped(boolean(it.value(), at));
        else if (isExtension(key))
            writeExtension(key, it.value(), out->add_vendor_extension());
        else
            unsupported(path, key);
    }
}

void GnosticSchemaWriter::writeSchema(const QJsonObject &json, const QString &path, openapi::v2::Schema *out) const
{
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue &value = it.value();
        const QString at = child(path, key);
        if (key == QLatin1String("$ref")) {
            out->set__ref(utf8(string(value, at)));
        } else if (key == QLatin1String("format")) {
            out->set_format(utf8(string(value, at)));
        } else if (key == QLatin1String("title")) {
            out->set_title(utf8(string(value, at)));
        } else if (key == QLatin1String("description")) {
            out->set_description(utf8(string(value, at)));
        } else if (key == QLatin1String("default")) {
            writeAny(value, out->mutable_default_());
        } else if (key == QLatin1String("example")) {
            writeAny(value, out->mutable_example());
        } else if (key == QLatin1String("multipleOf")) {
            out->set_multiple_of(number(value, at));
        } else if (key == QLatin1String("maximum")) {
            out->set_maximum(number(value, at));
        } else if (key == QLatin1String("exclusiveMaximum")) {
            out->set_exclusive_maximum(boolean(value, at));
        } else if (key == QLatin1String("minimum")) {
            out->set_minimum(number(value, at));
        } else if (key == QLatin1String("exclusiveMinimum")) {
            out->set_exclusive_minimum(boolean(value, at));
        } else if (key == QLatin1String("maxLength")) {
            out->set_max_length(integer(value, at));
        } else if (key == QLatin1String("minLength")) {
            out->set_min_length(integer(value, at));
        } else if (key == QLatin1String("pattern")) {
            out->set_pattern(utf8(string(value, at)));
        } else if (key == QLatin1String("maxItems")) {
            out->set_max_items(integer(value, at));
        } else if (key == QLatin1String("minItems")) {
            out->set_min_items(integer(value, at));
        } else if (key == QLatin1String("uniqueItems")) {
            out->set_unique_items(boolean(value, at));
        } else if (key == QLatin1String("maxProperties")) {
            out->set_max_properties(integer(value, at));
        } else if (key == QLatin1String("minProperties")) {
            out->set_min_properties(integer(value, at));
        } else if (key == QLatin1String("required")) {
            for (const QString &name : strings(value, at))
                out->add_required(utf8(name));
        } else if (key == QLatin1String("enum")) {
            for (const QJsonValue &item : value.toArray())
                writeAny(item, out->add_enum_());
        } else if (key == QLatin1String("type")) {
            // "string" or ["string", "null"]: gnostic's TypeItem is always a list.
            const QStringList types = value.isArray() ? strings(value, at) : QStringList{string(value, at)};
            for (const QString &type : types)
                out->mutable_type()->add_value(utf8(type));
        } else if (key == QLatin1String("items")) {
            // One schema for every item, or (tuple form) one per position.
            const QJsonArray items = value.isArray() ? value.toArray() : QJsonArray{value};
            for (qsizetype i = 0; i < items.size(); ++i)
                writeSchema(object(items.at(i), at), value.isArray() ? child(at, QString::number(i)) : at,
                            out->mutable_items()->add_schema());
        } else if (key == QLatin1String("additionalProperties")) {
            if (value.isBool())
                out->mutable_additional_properties()->set_boolean(value.toBool());
            else
                writeSchema(object(value, at), at, out->mutable_additional_properties()->mutable_schema());
        } else if (key == QLatin1String("allOf")) {
            const QJsonArray all = value.toArray();
            for (qsizetype i = 0; i < all.size(); ++i)
                writeSchema(object(all.at(i), at), child(at, QString::number(i)), out->add_all_of());
        } else if (key == QLatin1String("properties")) {
            const QJsonObject properties = object(value, at);
            auto *named = out->mutable_properties();
            for (auto p = properties.begin(); p != properties.end(); ++p) {
                auto *entry = named->add_additional_properties();
                entry->set_name(utf8(p.key()));
                writeSchema(object(p.value(), child(at, p.key())), child(at, p.key()), entry->mutable_value());
            }
        } else if (key == QLatin1String("discriminator")) {
            out->set_discriminator(utf8(string(value, at)));
        } else if (key == QLatin1String("readOnly")) {
            out->set_read_only(boolean(value, at));
        } else if (key == QLatin1String("xml")) {
            writeXml(object(value, at), at, out->mutable_xml());
        } else if (key == QLatin1String("externalDocs")) {
            writeExternalDocs(object(value, at), at, out->mutable_external_docs());
        } else if (isExtension(key)) {
            writeExtension(key, value, out->add_vendor_extension());
        } else {
            unsupported(path, key);
        }
    }
}

void GnosticSchemaWriter::writeFileSchema(const QJsonObject &json, const QString &path, openapi::v2::FileSchema *out) const
{
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString &key = it.key();
        const QString at = child(path, key);
        if (key == QLatin1String("format"))
            out->set_format(utf8(string(it.value(), at)));
        else if (key == QLatin1String("title"))
            out->set_title(utf8(string(it.value(), at)));
        else if (key == QLatin1String("description"))
            out->set_description(utf8(string(it.value(), at)));
        else if (key == QLatin1String("default"))
            writeAny(it.value(), out->mutable_default_());
        else if (key == QLatin1String("required")) {
            for (const QString &name : strings(it.value(), at))
                out->add_required(utf8(name));
        } else if (key == QLatin1String("type"))
            out->set_type(utf8(string(it.value(), at)));
        else if (key == QLatin1String("readOnly"))
            out->set_read_only(boolean(it.value(), at));
        else if (key == QLatin1String("externalDocs"))
            writeExternalDocs(object(it.value(), at), at, out->mutable_external_docs());
        else if (key == QLatin1String("example"))
            writeAny(it.value(), out->mutable_example());
        else if (isExtension(key))
            writeExtension(key, it.value(), out->add_vendor_extension());
        else
            unsupported(path, key);
    }
}

} // namespace cvc::sandbox
