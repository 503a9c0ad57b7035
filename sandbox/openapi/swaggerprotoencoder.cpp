#include "swaggerprotoencoder.h"

#include "OpenAPIv2.pb.h"
#include "gnosticschemawriter.h"

#include <QJsonArray>

#include <string>

namespace cvc::sandbox {

namespace {

using namespace openapi::v2;

QString child(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('/') + key;
}

class DocumentWriter
{
public:
    explicit DocumentWriter(QStringList *problems)
        : m_schemas(problems)
    {
    }

    void writeDocument(const QJsonObject &json, Document *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            const QString &key = it.key();
            const QJsonValue &value = it.value();
            if (key == QLatin1String("swagger"))
                out->set_swagger(text(value, key));
            else if (key == QLatin1String("info"))
                writeInfo(obj(value, key), key, out->mutable_info());
            else if (key == QLatin1String("host"))
                out->set_host(text(value, key));
            else if (key == QLatin1String("basePath"))
                out->set_base_path(text(value, key));
            else if (key == QLatin1String("schemes"))
                addStrings(value, key, out->mutable_schemes());
            else if (key == QLatin1String("consumes"))
                addStrings(value, key, out->mutable_consumes());
            else if (key == QLatin1String("produces"))
                addStrings(value, key, out->mutable_produces());
            else if (key == QLatin1String("paths"))
                writePaths(obj(value, key), key, out->mutable_paths());
            else if (key == QLatin1String("definitions"))
                writeDefinitions(obj(value, key), key, out->mutable_definitions());
            else if (key == QLatin1String("parameters"))
                writeParameterDefinitions(obj(value, key), key, out->mutable_parameters());
            else if (key == QLatin1String("responses"))
                writeResponseDefinitions(obj(value, key), key, out->mutable_responses());
            else if (key == QLatin1String("security"))
                writeSecurity(value, key, out->mutable_security());
            else if (key == QLatin1String("securityDefinitions"))
                writeSecurityDefinitions(obj(value, key), key, out->mutable_security_definitions());
            else if (key == QLatin1String("tags"))
                writeTags(value, key, out->mutable_tags());
            else if (key == QLatin1String("externalDocs"))
                m_schemas.writeExternalDocs(obj(value, key), key, out->mutable_external_docs());
            else if (GnosticSchemaWriter::isExtension(key))
                m_schemas.writeExtension(key, value, out->add_vendor_extension());
            else
                m_schemas.unsupported(QString(), key);
        }
    }

private:
    std::string text(const QJsonValue &value, const QString &path) const
    {
        return GnosticSchemaWriter::utf8(m_schemas.string(value, path));
    }

    QJsonObject obj(const QJsonValue &value, const QString &path) const { return m_schemas.object(value, path); }

    void addStrings(const QJsonValue &value, const QString &path, google::protobuf::RepeatedPtrField<std::string> *out) const
    {
        for (const QString &s : m_schemas.strings(value, path))
            out->Add(GnosticSchemaWriter::utf8(s));
    }

    void writeInfo(const QJsonObject &json, const QString &path, Info *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            const QString &key = it.key();
            const QString at = child(path, key);
            if (key == QLatin1String("title")) {
                out->set_title(text(it.value(), at));
            } else if (key == QLatin1String("version")) {
                out->set_version(text(it.value(), at));
            } else if (key == QLatin1String("description")) {
                out->set_description(text(it.value(), at));
            } else if (key == QLatin1String("termsOfService")) {
                out->set_terms_of_service(text(it.value(), at));
            } else if (key == QLatin1String("contact")) {
                const QJsonObject contact = obj(it.value(), at);
                for (auto c = contact.begin(); c != contact.end(); ++c) {
                    if (c.key() == QLatin1String("name"))
                        out->mutable_contact()->set_name(text(c.value(), child(at, c.key())));
                    else if (c.key() == QLatin1String("url"))
                        out->mutable_contact()->set_url(text(c.value(), child(at, c.key())));
                    else if (c.key() == QLatin1String("email"))
                        out->mutable_contact()->set_email(text(c.value(), child(at, c.key())));
                    else if (GnosticSchemaWriter::isExtension(c.key()))
                        m_schemas.writeExtension(c.key(), c.value(), out->mutable_contact()->add_vendor_extension());
                    else
                        m_schemas.unsupported(at, c.key());
                }
            } else if (key == QLatin1String("license")) {
                const QJsonObject license = obj(it.value(), at);
                for (auto l = license.begin(); l != license.end(); ++l) {
                    if (l.key() == QLatin1String("name"))
                        out->mutable_license()->set_name(text(l.value(), child(at, l.key())));
                    else if (l.key() == QLatin1String("url"))
                        out->mutable_license()->set_url(text(l.value(), child(at, l.key())));
                    else if (GnosticSchemaWriter::isExtension(l.key()))
                        m_schemas.writeExtension(l.key(), l.value(), out->mutable_license()->add_vendor_extension());
                    else
                        m_schemas.unsupported(at, l.key());
                }
            } else if (GnosticSchemaWriter::isExtension(key)) {
                m_schemas.writeExtension(key, it.value(), out->add_vendor_extension());
            } else {
                m_schemas.unsupported(path, key);
            }
        }
    }

    void writePaths(const QJsonObject &json, const QString &path, Paths *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            if (GnosticSchemaWriter::isExtension(it.key())) {
                m_schemas.writeExtension(it.key(), it.value(), out->add_vendor_extension());
                continue;
            }
            auto *entry = out->add_path();
            entry->set_name(GnosticSchemaWriter::utf8(it.key()));
            writePathItem(obj(it.value(), child(path, it.key())), child(path, it.key()), entry->mutable_value());
        }
    }

    void writePathItem(const QJsonObject &json, const QString &path, PathItem *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            const QString &key = it.key();
            const QString at = child(path, key);
            if (key == QLatin1String("$ref"))
                out->set__ref(text(it.value(), at));
            else if (key == QLatin1String("get"))
                writeOperation(obj(it.value(), at), at, out->mutable_get());
            else if (key == QLatin1String("put"))
                writeOperation(obj(it.value(), at), at, out->mutable_put());
            else if (key == QLatin1String("post"))
                writeOperation(obj(it.value(), at), at, out->mutable_post());
            else if (key == QLatin1String("delete"))
                writeOperation(obj(it.value(), at), at, out->mutable_delete_());
            else if (key == QLatin1String("options"))
                writeOperation(obj(it.value(), at), at, out->mutable_options());
            else if (key == QLatin1String("head"))
                writeOperation(obj(it.value(), at), at, out->mutable_head());
            else if (key == QLatin1String("patch"))
                writeOperation(obj(it.value(), at), at, out->mutable_patch());
            else if (key == QLatin1String("parameters"))
                writeParameterList(it.value(), at, out->mutable_parameters());
            else if (GnosticSchemaWriter::isExtension(key))
                m_schemas.writeExtension(key, it.value(), out->add_vendor_extension());
            else
                m_schemas.unsupported(path, key);
        }
    }

    void writeOperation(const QJsonObject &json, const QString &path, Operation *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            const QString &key = it.key();
            const QString at = child(path, key);
            if (key == QLatin1String("tags"))
                addStrings(it.value(), at, out->mutable_tags());
            else if (key == QLatin1String("summary"))
                out->set_summary(text(it.value(), at));
            else if (key == QLatin1String("description"))
                out->set_description(text(it.value(), at));
            else if (key == QLatin1String("externalDocs"))
                m_schemas.writeExternalDocs(obj(it.value(), at), at, out->mutable_external_docs());
            else if (key == QLatin1String("operationId"))
                out->set_operation_id(text(it.value(), at));
            else if (key == QLatin1String("produces"))
                addStrings(it.value(), at, out->mutable_produces());
            else if (key == QLatin1String("consumes"))
                addStrings(it.value(), at, out->mutable_consumes());
            else if (key == QLatin1String("parameters"))
                writeParameterList(it.value(), at, out->mutable_parameters());
            else if (key == QLatin1String("responses"))
                writeResponses(obj(it.value(), at), at, out->mutable_responses());
            else if (key == QLatin1String("schemes"))
                addStrings(it.value(), at, out->mutable_schemes());
            else if (key == QLatin1String("deprecated"))
                out->set_deprecated(m_schemas.boolean(it.value(), at));
            else if (key == QLatin1String("security"))
                writeSecurity(it.value(), at, out->mutable_security());
            else if (GnosticSchemaWriter::isExtension(key))
                m_schemas.writeExtension(key, it.value(), out->add_vendor_extension());
            else
                m_schemas.unsupported(path, key);
        }
    }

    void writeParameterList(const QJsonValue &value, const QString &path,
                            google::protobuf::RepeatedPtrField<ParametersItem> *out) const
    {
        const QJsonArray list = value.toArray();
        if (!value.isArray())
            m_schemas.object(value, path);   // reports the wrong type
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString at = child(path, QString::number(i));
            const QJsonObject json = obj(list.at(i), at);
            ParametersItem *item = out->Add();
            if (json.contains(QStringLiteral("$ref"))) {
                JsonReference *ref = item->mutable_json_reference();
                for (auto it = json.begin(); it != json.end(); ++it) {
                    if (it.key() == QLatin1String("$ref"))
                        ref->set__ref(text(it.value(), child(at, it.key())));
                    else if (it.key() == QLatin1String("description"))
                        ref->set_description(text(it.value(), child(at, it.key())));
                    else
                        m_schemas.unsupported(at, it.key());
                }
            } else {
                writeParameter(json, at, item->mutable_parameter());
            }
        }
    }

    void writeParameter(const QJsonObject &json, const QString &path, Parameter *out) const
    {
        const QString in = json.value(QStringLiteral("in")).toString();
        if (in == QLatin1String("body"))
            writeBodyParameter(json, path, out->mutable_body_parameter());
        else if (in == QLatin1String("query"))
            writeSimpleParameter(json, path, out->mutable_non_body_parameter()->mutable_query_parameter_sub_schema());
        else if (in == QLatin1String("path"))
            writeSimpleParameter(json, path, out->mutable_non_body_parameter()->mutable_path_parameter_sub_schema());
        else if (in == QLatin1String("header"))
            writeSimpleParameter(json, path, out->mutable_non_body_parameter()->mutable_header_parameter_sub_schema());
        else if (in == QLatin1String("formData"))
            writeSimpleParameter(json, path, out->mutable_non_body_parameter()->mutable_form_data_parameter_sub_schema());
        else
            m_schemas.unsupported(path, QStringLiteral("in=") + in);
    }

    void writeBodyParameter(const QJsonObject &json, const QString &path, BodyParameter *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            const QString &key = it.key();
            const QString at = child(path, key);
            if (key == QLatin1String("description"))
                out->set_description(text(it.value(), at));
            else if (key == QLatin1String("name"))
                out->set_name(text(it.value(), at));
            else if (key == QLatin1String("in"))
                out->set_in(text(it.value(), at));
            else if (key == QLatin1String("required"))
                out->set_required(m_schemas.boolean(it.value(), at));
            else if (key == QLatin1String("schema"))
                m_schemas.writeSchema(obj(it.value(), at), at, out->mutable_schema());
            else if (GnosticSchemaWriter::isExtension(key))
                m_schemas.writeExtension(key, it.value(), out->add_vendor_extension());
            else
                m_schemas.unsupported(path, key);
        }
    }

    // The fields query, path, header and formData parameters, PrimitivesItems and Header share;
    // false when `key` is none of them.
    template<typename Message>
    bool writeSimpleField(const QString &key, const QJsonValue &value, const QString &at, Message *out) const
    {
        if (key == QLatin1String("type"))
            out->set_type(text(value, at));
        else if (key == QLatin1String("format"))
            out->set_format(text(value, at));
        else if (key == QLatin1String("items"))
            writePrimitivesItems(obj(value, at), at, out->mutable_items());
        else if (key == QLatin1String("collectionFormat"))
            out->set_collection_format(text(value, at));
        else if (key == QLatin1String("default"))
            m_schemas.writeAny(value, out->mutable_default_());
        else if (key == QLatin1String("maximum"))
            out->set_maximum(m_schemas.number(value, at));
        else if (key == QLatin1String("exclusiveMaximum"))
            out->set_exclusive_maximum(m_schemas.boolean(value, at));
        else if (key == QLatin1String("minimum"))
            out->set_minimum(m_schemas.number(value, at));
        else if (key == QLatin1String("exclusiveMinimum"))
            out->set_exclusive_minimum(m_schemas.boolean(value, at));
        else if (key == QLatin1String("maxLength"))
            out->set_max_length(m_schemas.integer(value, at));
        else if (key == QLatin1String("minLength"))
            out->set_min_length(m_schemas.integer(value, at));
        else if (key == QLatin1String("pattern"))
            out->set_pattern(text(value, at));
        else if (key == QLatin1String("maxItems"))
            out->set_max_items(m_schemas.integer(value, at));
        else if (key == QLatin1String("minItems"))
            out->set_min_items(m_schemas.integer(value, at));
        else if (key == QLatin1String("uniqueItems"))
            out->set_unique_items(m_schemas.boolean(value, at));
        else if (key == QLatin1String("enum")) {
            for (const QJsonValue &item : value.toArray())
                m_schemas.writeAny(item, out->add_enum_());
        } else if (key == QLatin1String("multipleOf"))
            out->set_multiple_of(m_schemas.number(value, at));
        else if (GnosticSchemaWriter::isExtension(key))
            m_schemas.writeExtension(key, value, out->add_vendor_extension());
        else
            return false;
        return true;
    }

    template<typename Message>
    void writeSimpleParameter(const QJsonObject &json, const QString &path, Message *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            const QString &key = it.key();
            const QString at = child(path, key);
            if (key == QLatin1String("required")) {
                out->set_required(m_schemas.boolean(it.value(), at));
            } else if (key == QLatin1String("in")) {
                out->set_in(text(it.value(), at));
            } else if (key == QLatin1String("description")) {
                out->set_description(text(it.value(), at));
            } else if (key == QLatin1String("name")) {
                out->set_name(text(it.value(), at));
            } else if (key == QLatin1String("allowEmptyValue")) {
                if constexpr (requires { out->set_allow_empty_value(true); })
                    out->set_allow_empty_value(m_schemas.boolean(it.value(), at));
                else
                    m_schemas.unsupported(path, key);
            } else if (!writeSimpleField(key, it.value(), at, out)) {
                m_schemas.unsupported(path, key);
            }
        }
    }

    void writePrimitivesItems(const QJsonObject &json, const QString &path, PrimitivesItems *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            if (!writeSimpleField(it.key(), it.value(), child(path, it.key()), out))
                m_schemas.unsupported(path, it.key());
        }
    }

    void writeHeader(const QJsonObject &json, const QString &path, Header *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            if (it.key() == QLatin1String("description"))
                out->set_description(text(it.value(), child(path, it.key())));
            else if (!writeSimpleField(it.key(), it.value(), child(path, it.key()), out))
                m_schemas.unsupported(path, it.key());
        }
    }

    void writeResponses(const QJsonObject &json, const QString &path, Responses *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            if (GnosticSchemaWriter::isExtension(it.key())) {
                m_schemas.writeExtension(it.key(), it.value(), out->add_vendor_extension());
                continue;
            }
            const QString at = child(path, it.key());
            const QJsonObject json = obj(it.value(), at);
            auto *entry = out->add_response_code();
            entry->set_name(GnosticSchemaWriter::utf8(it.key()));
            if (json.contains(QStringLiteral("$ref"))) {
                JsonReference *ref = entry->mutable_value()->mutable_json_reference();
                for (auto r = json.begin(); r != json.end(); ++r) {
                    if (r.key() == QLatin1String("$ref"))
                        ref->set__ref(text(r.value(), child(at, r.key())));
                    else if (r.key() == QLatin1String("description"))
                        ref->set_description(text(r.value(), child(at, r.key())));
                    else
                        m_schemas.unsupported(at, r.key());
                }
            } else {
                writeResponse(json, at, entry->mutable_value()->mutable_response());
            }
        }
    }

    void writeResponse(const QJsonObject &json, const QString &path, Response *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            const QString &key = it.key();
            const QString at = child(path, key);
            if (key == QLatin1String("description")) {
                out->set_description(text(it.value(), at));
            } else if (key == QLatin1String("schema")) {
                const QJsonObject schema = obj(it.value(), at);
                if (schema.value(QStringLiteral("type")).toString() == QLatin1String("file"))
                    m_schemas.writeFileSchema(schema, at, out->mutable_schema()->mutable_file_schema());
                else
                    m_schemas.writeSchema(schema, at, out->mutable_schema()->mutable_schema());
            } else if (key == QLatin1String("headers")) {
                const QJsonObject headers = obj(it.value(), at);
                auto *named = out->mutable_headers();
                for (auto h = headers.begin(); h != headers.end(); ++h) {
                    auto *entry = named->add_additional_properties();
                    entry->set_name(GnosticSchemaWriter::utf8(h.key()));
                    writeHeader(obj(h.value(), child(at, h.key())), child(at, h.key()), entry->mutable_value());
                }
            } else if (key == QLatin1String("examples")) {
                const QJsonObject examples = obj(it.value(), at);
                auto *named = out->mutable_examples();
                for (auto e = examples.begin(); e != examples.end(); ++e)
                    m_schemas.writeExtension(e.key(), e.value(), named->add_additional_properties());
            } else if (GnosticSchemaWriter::isExtension(key)) {
                m_schemas.writeExtension(key, it.value(), out->add_vendor_extension());
            } else {
                m_schemas.unsupported(path, key);
            }
        }
    }

    void writeDefinitions(const QJsonObject &json, const QString &path, Definitions *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            auto *entry = out->add_additional_properties();
            entry->set_name(GnosticSchemaWriter::utf8(it.key()));
            m_schemas.writeSchema(obj(it.value(), child(path, it.key())), child(path, it.key()), entry->mutable_value());
        }
    }

    void writeParameterDefinitions(const QJsonObject &json, const QString &path, ParameterDefinitions *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            auto *entry = out->add_additional_properties();
            entry->set_name(GnosticSchemaWriter::utf8(it.key()));
            writeParameter(obj(it.value(), child(path, it.key())), child(path, it.key()), entry->mutable_value());
        }
    }

    void writeResponseDefinitions(const QJsonObject &json, const QString &path, ResponseDefinitions *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            auto *entry = out->add_additional_properties();
            entry->set_name(GnosticSchemaWriter::utf8(it.key()));
            writeResponse(obj(it.value(), child(path, it.key())), child(path, it.key()), entry->mutable_value());
        }
    }

    void writeSecurity(const QJsonValue &value, const QString &path,
                       google::protobuf::RepeatedPtrField<SecurityRequirement> *out) const
    {
        const QJsonArray list = value.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString at = child(path, QString::number(i));
            const QJsonObject requirement = obj(list.at(i), at);
            SecurityRequirement *entry = out->Add();
            for (auto it = requirement.begin(); it != requirement.end(); ++it) {
                auto *named = entry->add_additional_properties();
                named->set_name(GnosticSchemaWriter::utf8(it.key()));
                for (const QString &scope : m_schemas.strings(it.value(), child(at, it.key())))
                    named->mutable_value()->add_value(GnosticSchemaWriter::utf8(scope));
            }
        }
    }

    template<typename Message>
    void writeSecurityScheme(const QJsonObject &json, const QString &path, Message *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            const QString &key = it.key();
            const QString at = child(path, key);
            if (key == QLatin1String("type")) {
                out->set_type(text(it.value(), at));
            } else if (key == QLatin1String("description")) {
                out->set_description(text(it.value(), at));
            } else if (GnosticSchemaWriter::isExtension(key)) {
                m_schemas.writeExtension(key, it.value(), out->add_vendor_extension());
            } else if (!writeSecurityField(key, it.value(), at, out)) {
                m_schemas.unsupported(path, key);
            }
        }
    }

    template<typename Message>
    bool writeSecurityField(const QString &key, const QJsonValue &value, const QString &at, Message *out) const
    {
        if constexpr (requires { out->set_in(std::string()); }) {
            if (key == QLatin1String("name")) {
                out->set_name(text(value, at));
                return true;
            }
            if (key == QLatin1String("in")) {
                out->set_in(text(value, at));
                return true;
            }
        }
        if constexpr (requires { out->set_flow(std::string()); }) {
            if (key == QLatin1String("flow")) {
                out->set_flow(text(value, at));
                return true;
            }
            if (key == QLatin1String("scopes")) {
                const QJsonObject scopes = obj(value, at);
                auto *named = out->mutable_scopes();   // present even when empty
                for (auto s = scopes.begin(); s != scopes.end(); ++s) {
                    auto *entry = named->add_additional_properties();
                    entry->set_name(GnosticSchemaWriter::utf8(s.key()));
                    entry->set_value(text(s.value(), child(at, s.key())));
                }
                return true;
            }
        }
        if constexpr (requires { out->set_authorization_url(std::string()); }) {
            if (key == QLatin1String("authorizationUrl")) {
                out->set_authorization_url(text(value, at));
                return true;
            }
        }
        if constexpr (requires { out->set_token_url(std::string()); }) {
            if (key == QLatin1String("tokenUrl")) {
                out->set_token_url(text(value, at));
                return true;
            }
        }
        return false;
    }

    void writeSecurityDefinitions(const QJsonObject &json, const QString &path, SecurityDefinitions *out) const
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            const QString at = child(path, it.key());
            const QJsonObject scheme = obj(it.value(), at);
            auto *entry = out->add_additional_properties();
            entry->set_name(GnosticSchemaWriter::utf8(it.key()));
            SecurityDefinitionsItem *item = entry->mutable_value();
            const QString type = scheme.value(QStringLiteral("type")).toString();
            const QString flow = scheme.value(QStringLiteral("flow")).toString();
            if (type == QLatin1String("basic"))
                writeSecurityScheme(scheme, at, item->mutable_basic_authentication_security());
            else if (type == QLatin1String("apiKey"))
                writeSecurityScheme(scheme, at, item->mutable_api_key_security());
            else if (type == QLatin1String("oauth2") && flow == QLatin1String("implicit"))
                writeSecurityScheme(scheme, at, item->mutable_oauth2_implicit_security());
            else if (type == QLatin1String("oauth2") && flow == QLatin1String("password"))
                writeSecurityScheme(scheme, at, item->mutable_oauth2_password_security());
            else if (type == QLatin1String("oauth2") && flow == QLatin1String("application"))
                writeSecurityScheme(scheme, at, item->mutable_oauth2_application_security());
            else if (type == QLatin1String("oauth2") && flow == QLatin1String("accessCode"))
                writeSecurityScheme(scheme, at, item->mutable_oauth2_access_code_security());
            else
                m_schemas.unsupported(at, QStringLiteral("type=") + type);
        }
    }

    void writeTags(const QJsonValue &value, const QString &path, google::protobuf::RepeatedPtrField<Tag> *out) const
    {
        const QJsonArray list = value.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString at = child(path, QString::number(i));
            const QJsonObject json = obj(list.at(i), at);
            Tag *tag = out->Add();
            for (auto it = json.begin(); it != json.end(); ++it) {
                if (it.key() == QLatin1String("name"))
                    tag->set_name(text(it.value(), child(at, it.key())));
                else if (it.key() == QLatin1String("description"))
                    tag->set_description(text(it.value(), child(at, it.key())));
                else if (it.key() == QLatin1String("externalDocs"))
                    m_schemas.writeExternalDocs(obj(it.value(), child(at, it.key())), child(at, it.key()), tag->mutable_external_docs());
                else if (GnosticSchemaWriter::isExtension(it.key()))
                    m_schemas.writeExtension(it.key(), it.value(), tag->add_vendor_extension());
                else
                    m_schemas.unsupported(at, it.key());
            }
        }
    }

    GnosticSchemaWriter m_schemas;
};

} // namespace

QByteArray SwaggerProtoEncoder::encode(const QJsonObject &document, QStringList *problems)
{
    Document message;
    DocumentWriter(problems).writeDocument(document, &message);
    const std::string bytes = message.SerializeAsString();
    return QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size()));
}

} // namespace cvc::sandbox
