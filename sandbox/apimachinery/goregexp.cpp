#include "apimachinery/goregexp.h"

#include <re2/re2.h>

#include <optional>

namespace cvc::sandbox {

namespace {

// Go's regexp/syntax ErrorCode texts for RE2's codes: the two parsers are twins (Go's is a port
// of RE2's), so the offending fragment RE2 reports is the one Go quotes.
QString goErrorCode(re2::RE2::ErrorCode code)
{
    switch (code) {
    case re2::RE2::ErrorBadEscape: return QStringLiteral("invalid escape sequence");
    case re2::RE2::ErrorBadCharClass: return QStringLiteral("invalid character class");
    case re2::RE2::ErrorBadCharRange: return QStringLiteral("invalid character class range");
    case re2::RE2::ErrorMissingBracket: return QStringLiteral("missing closing ]");
    case re2::RE2::ErrorMissingParen: return QStringLiteral("missing closing )");
    case re2::RE2::ErrorUnexpectedParen: return QStringLiteral("unexpected )");
    case re2::RE2::ErrorTrailingBackslash: return QStringLiteral("trailing backslash at end of expression");
    case re2::RE2::ErrorRepeatArgument: return QStringLiteral("missing argument to repetition operator");
    case re2::RE2::ErrorRepeatSize: return QStringLiteral("invalid repeat count");
    case re2::RE2::ErrorRepeatOp: return QStringLiteral("invalid nested repetition operator");
    case re2::RE2::ErrorBadPerlOp: return QStringLiteral("invalid or unsupported Perl syntax");
    case re2::RE2::ErrorBadUTF8: return QStringLiteral("invalid UTF-8");
    case re2::RE2::ErrorBadNamedCapture: return QStringLiteral("invalid named capture");
    case re2::RE2::ErrorPatternTooLarge: return QStringLiteral("expression too large");
    case re2::RE2::NoError:
    case re2::RE2::ErrorInternal: break;
    }
    return QStringLiteral("regexp/syntax: internal error");
}

// Go's *syntax.Error text.
QString goError(const QString &code, const QString &expression)
{
    return QStringLiteral("error parsing regexp: %1: `%2`").arg(code, expression);
}

// Where Go and RE2 disagree on syntax: Go (1.22+) also spells named groups `(?<name>…)`, which
// this RE2 only knows as `(?P<name>…)`; RE2 has `\C` (any byte), which Go refuses. Walks the
// pattern once, outside \Q…\E literals, and returns the RE2 spelling or Go's error.
std::optional<QString> toRe2Syntax(const QString &pattern, QString *error)
{
    QString out;
    out.reserve(pattern.size());
    bool inClass = false;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        if (c == QLatin1Char('\\') && i + 1 < pattern.size()) {
            const QChar next = pattern.at(i + 1);
            if (next == QLatin1Char('C')) {
                *error = goError(QStringLiteral("invalid escape sequence"), QStringLiteral("\\C"));
                return std::nullopt;
            }
            if (next == QLatin1Char('Q') && !inClass) {
                const qsizetype end = pattern.indexOf(QLatin1String("\\E"), i + 2);
                const qsizetype stop = end < 0 ? pattern.size() : end + 2;
                out += QStringView(pattern).mid(i, stop - i);
                i = stop - 1;
                continue;
            }
            out += c;
            out += next;
            ++i;
            continue;
        }
        if (inClass) {
            if (c == QLatin1Char(']'))
                inClass = false;
            out += c;
            continue;
        }
        if (c == QLatin1Char('[')) {
            inClass = true;
            out += c;
            // A ']' right after '[' or '[^' is a literal member, not the end of the class.
            if (i + 1 < pattern.size() && pattern.at(i + 1) == QLatin1Char('^'))
                out += pattern.at(++i);
            if (i + 1 < pattern.size() && pattern.at(i + 1) == QLatin1Char(']'))
                out += pattern.at(++i);
            continue;
        }
        if (c == QLatin1Char('(') && QStringView(pattern).mid(i, 3) == QLatin1String("(?<") && i + 3 < pattern.size()
            && pattern.at(i + 3) != QLatin1Char('=') && pattern.at(i + 3) != QLatin1Char('!')) {
            out += QLatin1String("(?P<");
            i += 2;
            continue;
        }
        out += c;
    }
    return out;
}

} // namespace

GoRegexp::GoRegexp(std::unique_ptr<re2::RE2> compiled)
    : m_compiled(std::move(compiled))
{
}

GoRegexp::~GoRegexp() = default;

std::shared_ptr<const GoRegexp> GoRegexp::compile(const QString &pattern, QString *error)
{
    QString message;
    const std::optional<QString> syntax = toRe2Syntax(pattern, &message);
    if (!syntax) {
        if (error)
            *error = message;
        return nullptr;
    }
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(MaxMemoryBytes);
    const QByteArray utf8 = syntax->toUtf8();
    auto compiled = std::make_unique<re2::RE2>(re2::StringPiece(utf8.constData(), size_t(utf8.size())), options);
    if (!compiled->ok()) {
        if (error) {
            const re2::RE2::ErrorCode code = compiled->error_code();
            // Go reports a too large expression with the whole pattern.
            const QString fragment = code == re2::RE2::ErrorPatternTooLarge
                ? pattern
                : QString::fromStdString(compiled->error_arg());
            *error = goError(goErrorCode(code), fragment);
        }
        return nullptr;
    }
    return std::shared_ptr<const GoRegexp>(new GoRegexp(std::move(compiled)));
}

bool GoRegexp::matches(const QString &text) const
{
    const QByteArray utf8 = text.toUtf8();
    return re2::RE2::PartialMatch(re2::StringPiece(utf8.constData(), size_t(utf8.size())), *m_compiled);
}

} // namespace cvc::sandbox
