#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace cvc {

// The cvc_* names that standard or renamed metrics replace. They stay on /metrics for one release
// so existing dashboards and alerts keep working while they move; their HELP says so and names
// the replacement. This table is the one list (README's old → new table follows it).
class DeprecatedMetrics
{
public:
    // (old name, what replaces it), in the order README lists them.
    static const QList<QPair<QString, QString>> &replacements();
    // "Deprecated: use <replacement> (removed in the next release). <help>"; the help unchanged
    // for a name that is not deprecated.
    static QString help(const QString &oldName, const QString &help);
};

} // namespace cvc
