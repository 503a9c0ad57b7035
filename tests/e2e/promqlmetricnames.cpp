#include "promqlmetricnames.h"

#include <QRegularExpression>

namespace cvc::e2e {

QSet<QString> PromqlMetricNames::of(const QString &expression)
{
    // Label matchers, durations and quoted strings name no metric; a clause like `by (coin)` or
    // `on ()` lists labels.
    QString e = expression;
    static const QRegularExpression quoted(QStringLiteral(R"("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"));
    static const QRegularExpression matchers(QStringLiteral(R"(\{[^}]*\}|\[[^\]]*\])"));
    static const QRegularExpression labelLists(
        QStringLiteral(R"(\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\))"));
    e.remove(quoted).remove(matchers).remove(labelLists);
    static const QSet<QString> words{QStringLiteral("and"), QStringLiteral("or"), QStringLiteral("unless"), QStringLiteral("bool"),
                                     QStringLiteral("offset"), QStringLiteral("inf"), QStringLiteral("nan")};
    static const QRegularExpression identifier(QStringLiteral(R"(([A-Za-z_:][A-Za-z0-9_:]*)\s*(\(?))"));
    QSet<QString> names;
    for (auto it = identifier.globalMatch(e); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const qsizetype start = m.capturedStart(1);
        // Part of a number (1e3) or a Grafana variable ($job, $__rate_interval)?
        if (start > 0 && (e.at(start - 1).isDigit() || e.at(start - 1) == QLatin1Char('$') || e.at(start - 1) == QLatin1Char('.')))
            continue;
        if (!m.captured(2).isEmpty() || words.contains(m.captured(1).toLower()))
            continue; // a function or aggregation, or an operator
        names.insert(m.captured(1));
    }
    return names;
}

} // namespace cvc::e2e
