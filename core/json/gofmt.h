#pragma once

#include <QJsonValue>
#include <QString>

namespace cvc {

// Go's fmt verbs that Kubernetes messages and tables are made of, so our texts match byte for byte.
class GoFormat
{
public:
    // %v of a float64: shortest representation, exponent when exp < -4 || exp >= 21
    // (1.5, 1e-05, 1e+21, 0.0023, 123456789).
    static QString formatFloat(double value);

    // A JSON number the way Go prints it after decoding into interface{} with int64 for integral
    // values (Kubernetes unstructured): integral values in int64 range print as integers.
    static QString formatNumber(double value);

    // %q of a string: double-quoted with Go escapes (\", \\, \n, \t, \u00xx for control chars).
    static QString quote(const QString &text);
};

} // namespace cvc
