#pragma once

#include "apimachinery/goregexp.h"

#include <QString>

#include <memory>

namespace cvc::sandbox {

// Compiled CRD patterns by their text, for the whole process. A pattern is compiled once, when
// StructuralSchema checks the CRD version that declares it, and then only matched, however many
// objects are validated and whichever CRD versions share it (kube-openapi keeps the same kind of
// cache). Patterns that do not compile are remembered with their error too. Bounded: past
// Capacity the least recently used pattern goes, and is compiled again if it comes back.
class PatternCache
{
public:
    static constexpr int Capacity = 256;

    struct Entry
    {
        std::shared_ptr<const GoRegexp> regexp; // nullptr when the pattern does not compile
        QString error;                          // Go's message for it then
    };

    static Entry lookup(const QString &pattern);

    // How many patterns have been compiled since the process started; a test's way to see that
    // validating many objects compiles nothing.
    static qint64 compilations();
};

} // namespace cvc::sandbox
