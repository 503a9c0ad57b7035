#include "apimachinery/queryboolean.h"

#include <QStringList>

namespace cvc::sandbox {

bool QueryBoolean::fromQuery(const std::optional<QString> &value)
{
    if (!value)
        return false;
    return !(*value == QLatin1String("0")
             || value->compare(QLatin1String("false"), Qt::CaseInsensitive) == 0);
}

std::optional<bool> QueryBoolean::parseGoBool(const QString &text)
{
    static const QStringList truths = {QStringLiteral("1"), QStringLiteral("t"), QStringLiteral("T"),
                                       QStringLiteral("TRUE"), QStringLiteral("true"), QStringLiteral("True")};
    static const QStringList falsehoods = {QStringLiteral("0"), QStringLiteral("f"), QStringLiteral("F"),
                                           QStringLiteral("FALSE"), QStringLiteral("false"), QStringLiteral("False")};
    if (truths.contains(text))
        return true;
    if (falsehoods.contains(text))
        return false;
    return std::nullopt;
}

} // namespace cvc::sandbox
