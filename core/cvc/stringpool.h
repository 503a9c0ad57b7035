#pragma once

#include <QSet>
#include <QString>

namespace cvc {

// Hands out one shared copy of equal strings. 10,000 CVCs repeat the same few condition
// messages, times and percentages; kept once each they cost nothing per CVC.
//
// A string no object uses any more is dropped on a later sweep, so a pool fed new times every
// tick for months stays as large as what is in use.
class StringPool
{
public:
    // The pooled copy of `text` (shares its data with every other user of it).
    QString intern(const QString &text);
    int size() const { return int(m_strings.size()); }
    // Drops every string only the pool still holds.
    void sweep();

private:
    QSet<QString> m_strings;
    int m_internsSinceSweep = 0;
};

} // namespace cvc
