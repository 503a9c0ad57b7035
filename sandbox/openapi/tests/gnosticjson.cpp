#include "gnosticjson.h"

#include "json/yamlconverter.h"

#include <QJsonArray>
#include <QJsonObject>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

namespace cvc::sandbox::testing {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

QJsonValue decode(const Message &m);

QString jsonKey(const FieldDescriptor *field)
{
    if (field->name() == "_ref")
        return QStringLiteral("$ref");
    return QString::fromStdString(field->json_name());
}

QJsonValue scalar(const Message &m, const FieldDescriptor *f, int index)
{
    const Reflection *r = m.GetReflection();
    const bool repeated = f->is_repeated();
    switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
        return QString::fromStdString(repeated ? r->GetRepeatedString(m, f, index) : r->GetString(m, f));
    case FieldDescriptor::CPPTYPE_BOOL:
        return repeated ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f);
    case FieldDescriptor::CPPTYPE_DOUBLE:
        return repeated ? r->GetRepeatedDouble(m, f, index) : r->GetDouble(m, f);
    case FieldDescriptor::CPPTYPE_INT64:
        return static_cast<double>(repeated ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f));
    case FieldDescriptor::CPPTYPE_MESSAGE:
        return decode(repeated ? r->GetRepeatedMessage(m, f, index) : r->GetMessage(m, f));
    default:
        return QStringLiteral("<unexpected field type>");
    }
}

QJsonValue fieldValue(const Message &m, const FieldDescriptor *f)
{
    if (!f->is_repeated())
        return scalar(m, f, 0);
    QJsonArray out;
    for (int i = 0; i < m.GetReflection()->FieldSize(m, f); ++i)
        out.append(scalar(m, f, i));
    return out;
}

// Named* entries (name + value) as object members.
void addNamed(const Message &m, const FieldDescriptor *f, QJsonObject *out)
{
    const Reflection *r = m.GetReflection();
    for (int i = 0; i < r->FieldSize(m, f); ++i) {
        const Message &entry = r->GetRepeatedMessage(m, f, i);
        const FieldDescriptor *name = entry.GetDescriptor()->FindFieldByName("name");
        const FieldDescriptor *value = entry.GetDescriptor()->FindFieldByName("value");
        out->insert(QString::fromStdString(entry.GetReflection()->GetString(entry, name)), scalar(entry, value, 0));
    }
}

QJsonValue decode(const Message &m)
{
    const std::string type = m.GetDescriptor()->name();
    const Reflection *r = m.GetReflection();
    std::vector<const FieldDescriptor *> fields;
    r->ListFields(m, &fields);

    if (type == "Any") {
        const YamlDocuments parsed = YamlConverter::parseDocuments(QByteArray::fromStdString(r->GetString(m, m.GetDescriptor()->FindFieldByName("yaml"))));
        return parsed.documents.isEmpty() ? QJsonValue() : parsed.documents.first();
    }
    if (type == "TypeItem" || type == "ItemsItem") {
        const QJsonArray values = fields.empty() ? QJsonArray{} : fieldValue(m, fields.front()).toArray();
        return values.size() == 1 ? values.first() : QJsonValue(values);
    }
    if (type == "StringArray")
        return fields.empty() ? QJsonArray{} : fieldValue(m, fields.front());
    // A message whose fields all belong to one oneof is just the alternative that is set.
    if (m.GetDescriptor()->oneof_decl_count() == 1 && m.GetDescriptor()->oneof_decl(0)->field_count() == m.GetDescriptor()->field_count())
        return fields.empty() ? QJsonValue() : scalar(m, fields.front(), 0);

    QJsonObject out;
    for (const FieldDescriptor *f : fields) {
        // Repeated Named* fields are maps in JSON: vendor_extension, additional_properties, path, response_code.
        if (f->is_repeated() && f->message_type() && f->message_type()->name().rfind("Named", 0) == 0)
            addNamed(m, f, &out);
        else
            out.insert(jsonKey(f), fieldValue(m, f));
    }
    return out;
}

} // namespace

QJsonValue GnosticJson::toJson(const google::protobuf::Message &message)
{
    return decode(message);
}

} // namespace cvc::sandbox::testing
