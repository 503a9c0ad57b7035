#pragma once

#include <QString>

#include <memory>

namespace re2 {
class RE2;
}

namespace cvc::sandbox {

// A CRD `pattern` as kube-apiserver compiles it: Go's regexp package, whose syntax and
// linear-time matching are RE2's, so here it is RE2 itself (Debian's libre2). A pattern that
// would backtrack for minutes in a Perl-style engine (`^(a|aa)+$` against "aaa…!") costs a few
// microseconds per string. Matching is unanchored, like Go's MatchString.
class GoRegexp
{
public:
    // Memory one compiled pattern may use for its program and match caches. A pattern that needs
    // more fails to compile with Go's "expression too large"; real patterns need a few KiB.
    static constexpr qint64 MaxMemoryBytes = 1024 * 1024;

    ~GoRegexp();
    GoRegexp(const GoRegexp &) = delete;
    GoRegexp &operator=(const GoRegexp &) = delete;

    // The compiled pattern, or nullptr with `error` in Go's words, e.g.
    // "error parsing regexp: missing closing ): `(a`". Syntax Go accepts and RE2 spells
    // differently (`(?<name>…)`) is accepted; syntax RE2 has and Go lacks (`\C`) is refused.
    static std::shared_ptr<const GoRegexp> compile(const QString &pattern, QString *error);

    // True when the pattern matches anywhere in `text`.
    bool matches(const QString &text) const;

private:
    explicit GoRegexp(std::unique_ptr<re2::RE2> compiled);

    std::unique_ptr<re2::RE2> m_compiled;
};

} // namespace cvc::sandbox
