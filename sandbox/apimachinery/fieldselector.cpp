#include "apimachinery/fieldselector.h"

#include "json/gofmt.h"

#include <QStringList>

namespace cvc::sandbox {

namespace {

// Splits on commas that are not escaped with a backslash (fields.splitTerms).
QStringList splitTerms(const QString &text)
{
    QStringList terms;
    QString current;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\') && i + 1 < text.size()) {
            current += c;
            current += text.at(++i);
        } else if (c == QLatin1Char(',')) {
            terms.append(current);
            current.clear();
        } else {
            current += c;
        }
    }
    terms.append(current);
    return terms;
}

// The first `!=`, `==` or `=` not preceded by a backslash (fields.splitTerm).
bool splitTerm(const QString &term, QString *lhs, QString *op, QString *rhs)
{
    for (qsizetype i = 0; i < term.size(); ++i) {
        if (term.at(i) == QLatin1Char('\\')) {
            ++i;
            continue;
        }
        for (const char *candidate : {"!=", "==", "="}) {
            const QLatin1String o(candidate);
            if (term.mid(i, o.size()) == o) {
                *lhs = term.left(i);
                *op = o;
                *rhs = term.mid(i + o.size());
                return true;
            }
        }
    }
    return false;
}

bool unescape(const QString &text, QString *out)
{
    out->clear();
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\')) {
            if (i + 1 >= text.size())
                return false;
            const QChar next = text.at(++i);
            if (!QStringLiteral("\\,=!").contains(next))
                return false;
            out->append(next);
        } else if (c == QLatin1Char(',') || c == QLatin1Char('=')) {
            return false;
        } else {
            out->append(c);
        }
    }
    return true;
}

QString valueAt(const QJsonObject &object, const QString &path)
{
    QJsonValue current = object;
    for (const QString &step : path.split(QLatin1Char('.'))) {
        if (!current.isObject())
            return QString();
        current = current.toObject().value(step);
    }
    if (current.isString())
        return current.toString();
    if (current.isDouble())
        return GoFormat::formatNumber(current.toDouble());
    if (current.isBool())
        return current.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QString();
}

} // namespace

FieldSelector::FieldMap FieldSelector::customResourceFields()
{
    return {{QStringLiteral("metadata.name"), QStringLiteral("metadata.name")},
            {QStringLiteral("metadata.namespace"), QStringLiteral("metadata.namespace")}};
}

FieldSelector::FieldMap FieldSelector::eventFields()
{
    FieldMap fields = customResourceFields();
    for (const char *field : {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"}) {
        const QString path = QStringLiteral("involvedObject.") + QLatin1String(field);
        fields.insert(path, path);
    }
    fields.insert(QStringLiteral("reason"), QStringLiteral("reason"));
    fields.insert(QStringLiteral("reportingComponent"), QStringLiteral("reportingComponent"));
    // Like the Event strategy: source.component, or reportingComponent when that is empty.
    fields.insert(QStringLiteral("source"), QStringLiteral("source.component|reportingComponent"));
    fields.insert(QStringLiteral("type"), QStringLiteral("type"));
    return fields;
}

std::optional<FieldSelector> FieldSelector::parse(const QString &text, const FieldMap &allowed,
                                                  QString *errorMessage)
{
    auto fail = [errorMessage](const QString &message) -> std::optional<FieldSelector> {
        if (errorMessage)
            *errorMessage = message;
        return std::nullopt;
    };
    FieldSelector selector;
    selector.m_fields = allowed;
    for (const QString &part : splitTerms(text)) {
        if (part.isEmpty())
            continue;
        QString lhs, op, rhs;
        if (!splitTerm(part, &lhs, &op, &rhs))
            return fail(QStringLiteral("invalid selector: '%1'; can't understand '%2'").arg(text, part));
        Term term;
        term.field = lhs.trimmed();
        term.negated = op == QLatin1String("!=");
        if (!unescape(rhs, &term.value))
            return fail(QStringLiteral("invalid field selector value %1: unescaped or invalid escape sequence").arg(rhs));
        if (!allowed.contains(term.field))
            return fail(QStringLiteral("field label not supported: %1").arg(term.field));
        selector.m_terms.append(term);
    }
    return selector;
}

bool FieldSelector::matches(const QJsonObject &object) const
{
    for (const Term &term : m_terms) {
        QString actual;
        for (const QString &path : m_fields.value(term.field).split(QLatin1Char('|'))) {
            actual = valueAt(object, path);
            if (!actual.isEmpty())
                break;
        }
        if ((actual == term.value) == term.negated)
            return false;
    }
    return true;
}

} // namespace cvc::sandbox
