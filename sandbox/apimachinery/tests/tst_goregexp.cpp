// CRD patterns compile and match like Go's regexp (kube-apiserver's): RE2 syntax, Go's error
// texts, unanchored matching in linear time; and each pattern is compiled once.
#include "apimachinery/goregexp.h"
#include "apimachinery/patterncache.h"

#include <QTest>

using namespace cvc::sandbox;

class TestGoRegexp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The texts Go's regexp.Compile gives (regexp/syntax ErrorCode), as kube-apiserver quotes them
    // after "must be a valid regular expression, but isn't: ".
    void goErrorMessages_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("error");
        QTest::newRow("repetition without argument") << "+" << "error parsing regexp: missing argument to repetition operator: `+`";
        QTest::newRow("missing paren") << "(a" << "error parsing regexp: missing closing ): `(a`";
        QTest::newRow("unexpected paren") << "a)" << "error parsing regexp: unexpected ): `a)`";
        QTest::newRow("missing bracket") << "[a" << "error parsing regexp: missing closing ]: `[a`";
        QTest::newRow("nested repetition") << "a**" << "error parsing regexp: invalid nested repetition operator: `**`";
        QTest::newRow("repeat count") << "a{1001}" << "error parsing regexp: invalid repeat count: `{1001}`";
        QTest::newRow("lookahead") << "(?=a)" << "error parsing regexp: invalid or unsupported Perl syntax: `(?=`";
        QTest::newRow("lookbehind") << "(?<=a)b" << "error parsing regexp: invalid or unsupported Perl syntax: `(?<`";
        QTest::newRow("backreference") << "(a)\\1" << "error parsing regexp: invalid escape sequence: `\\1`";
        QTest::newRow("PCRE end of subject") << "a\\Z" << "error parsing regexp: invalid escape sequence: `\\Z`";
        QTest::newRow("RE2 any byte is not Go") << "a\\Cb" << "error parsing regexp: invalid escape sequence: `\\C`";
        QTest::newRow("class range") << "[z-a]" << "error parsing regexp: invalid character class range: `z-a`";
        QTest::newRow("trailing backslash") << "a\\" << "error parsing regexp: trailing backslash at end of expression: ``";
        QTest::newRow("named capture") << "(?P<n" << "error parsing regexp: invalid named capture: `(?P<n`";
    }
    void goErrorMessages()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, error);
        QString message;
        QVERIFY(!GoRegexp::compile(pattern, &message));
        QCOMPARE(message, error);
    }

    void goSyntaxThatRe2SpellsDifferently()
    {
        QString error;
        const auto named = GoRegexp::compile(QStringLiteral("^(?<coin>[a-z]+)-(?P<n>\\d+)$"), &error);
        QVERIFY2(named, qPrintable(error));
        QVERIFY(named->matches(QStringLiteral("bitcoin-7")));
        // \C stays literal inside \Q…\E, and "(?<" inside a character class is three characters.
        const auto quoted = GoRegexp::compile(QStringLiteral("\\Qa\\C(?<\\E[(?<]"), &error);
        QVERIFY2(quoted, qPrintable(error));
        QVERIFY(quoted->matches(QStringLiteral("a\\C(?<<")));
    }

    void matchingIsUnanchoredAndUnicode()
    {
        QString error;
        const auto dns = GoRegexp::compile(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"), &error);
        QVERIFY(dns->matches(QStringLiteral("my-btc")));
        QVERIFY(!dns->matches(QStringLiteral("My_BTC")));
        QVERIFY(GoRegexp::compile(QStringLiteral("coin"), &error)->matches(QStringLiteral("a bitcoin wallet")));
        QVERIFY(GoRegexp::compile(QStringLiteral("^\\p{Greek}+$"), &error)->matches(QStringLiteral("αβγ")));
        // `.` is one character (not one byte) and does not match a newline, as in Go.
        QVERIFY(GoRegexp::compile(QStringLiteral("^.$"), &error)->matches(QStringLiteral("€")));
        QVERIFY(!GoRegexp::compile(QStringLiteral("^a.b$"), &error)->matches(QStringLiteral("a\nb")));
    }

    // The review's ReDoS pattern (C9): a backtracking engine needs about 19 ms per string;
    // RE2 answers every one correctly in linear time. Asserts the answers, never a duration.
    void redosPatternAnswersManyStrings()
    {
        QString error;
        const auto redos = GoRegexp::compile(QStringLiteral("^(a|aa)+$"), &error);
        QVERIFY(redos);
        const QString bad = QString(60, QLatin1Char('a')) + QLatin1Char('!');
        const QString good = QString(61, QLatin1Char('a'));
        int matched = 0;
        for (int i = 0; i < 50000; ++i)
            matched += redos->matches(i % 2 ? bad : good) ? 1 : 0;
        QCOMPARE(matched, 25000);
    }

    void tooLargeIsGosError()
    {
        const QString huge = QString(300000, QLatin1Char('a'));
        QString error;
        QVERIFY(!GoRegexp::compile(huge, &error));
        QVERIFY2(error.startsWith(QStringLiteral("error parsing regexp: expression too large: `aaaa")), qPrintable(error.left(80)));
    }

    void cacheCompilesEachPatternOnce()
    {
        const QString pattern = QStringLiteral("^cache-test-[0-9]{3}$");
        const qint64 before = PatternCache::compilations();
        for (int i = 0; i < 1000; ++i)
            QVERIFY(PatternCache::lookup(pattern).regexp->matches(QStringLiteral("cache-test-%1").arg(100 + i % 900)));
        QCOMPARE(PatternCache::compilations(), before + 1);
        // A bad pattern is remembered with its error, not compiled again on every lookup.
        QCOMPARE(PatternCache::lookup(QStringLiteral("(x")).error, QStringLiteral("error parsing regexp: missing closing ): `(x`"));
        const qint64 afterBad = PatternCache::compilations();
        QVERIFY(!PatternCache::lookup(QStringLiteral("(x")).regexp);
        QCOMPARE(PatternCache::compilations(), afterBad);
    }

    void cacheIsBounded()
    {
        const QString first = QStringLiteral("^evicted-first$");
        PatternCache::lookup(first);
        for (int i = 0; i < PatternCache::Capacity; ++i)
            PatternCache::lookup(QStringLiteral("^filler-%1$").arg(i));
        const qint64 before = PatternCache::compilations();
        QVERIFY(PatternCache::lookup(first).regexp->matches(first.mid(1, first.size() - 2)));
        QCOMPARE(PatternCache::compilations(), before + 1); // it had been evicted: compiled again
    }
};

QTEST_APPLESS_MAIN(TestGoRegexp)
#include "tst_goregexp.moc"
