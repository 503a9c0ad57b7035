#include "logtext.h"

namespace cvc::LogText {

namespace {

bool needsEscape(char16_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f)   // C0, DEL, C1 (0x9b is a terminal's CSI)
        || c == 0x2028 || c == 0x2029                // line and paragraph separators
        || (c >= 0x202a && c <= 0x202e)              // bidi embeddings and overrides
        || (c >= 0x2066 && c <= 0x2069);             // bidi isolates
}

} // namespace

QString escaped(QStringView text)
{
    qsizetype first = 0;
    while (first < text.size() && !needsEscape(text.at(first).unicode()))
        ++first;
    if (first == text.size())
        return text.toString();
    QString out = text.left(first).toString();
    out.reserve(text.size() + 16);
    for (qsizetype i = first; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (!needsEscape(c)) {
            out += QChar(c);
        } else if (c == '\n') {
            out += QLatin1String("\\n");
        } else if (c == '\r') {
            out += QLatin1String("\\r");
        } else if (c == '\t') {
            out += QLatin1String("\\t");
        } else if (c <= 0xff) {
            out += QStringLiteral("\\x%1").arg(unsigned(c), 2, 16, QLatin1Char('0'));
        } else {
            out += QStringLiteral("\\u%1").arg(unsigned(c), 4, 16, QLatin1Char('0'));
        }
    }
    return out;
}

} // namespace cvc::LogText
