#include "apimachinery/tableconvertor.h"
namespace cvc::sandbox {
TableConvertor::TableConvertor(Kind kind, QList<PrinterColumn> columns) : m_kind(kind), m_columns(std::move(columns)) {}
TableConvertor TableConvertor::forCustomResource(const QJsonObject &) { return TableConvertor(Kind::CustomResource, {}); }
TableConvertor TableConvertor::forBuiltin() { return TableConvertor(Kind::Builtin, {}); }
std::optional<IncludeObject> TableConvertor::parseIncludeObject(const QString &, QString *) { return IncludeObject::Metadata; }
QJsonArray TableConvertor::columnDefinitions() const { return {}; }
QJsonArray TableConvertor::cells(const QJsonObject &, const QDateTime &) const { return {}; }
QJsonObject TableConvertor::row(const QJsonObject &, IncludeObject, const QDateTime &) const { return {}; }
QJsonObject TableConvertor::tableForList(const QJsonArray &, const QString &, const QString &, IncludeObject, bool, const QDateTime &, const QString &) const { return {}; }
QJsonObject TableConvertor::tableForObject(const QJsonObject &, IncludeObject, bool, const QDateTime &, const QString &) const { return {}; }
QJsonValue TableConvertor::cellFor(const QString &, const std::optional<QJsonValue> &, const QDateTime &) { return {}; }
} // namespace cvc::sandbox
