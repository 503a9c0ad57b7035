#include "httprequestparser.h"

#include <QTest>

using cvc::HttpRequest;
using cvc::HttpRequestParser;
using Result = HttpRequestParser::Result;

namespace {

// Feeds everything and runs the parser to a final result, the way the connection does.
Result runAll(HttpRequestParser &parser, QByteArray &buffer)
{
    while (true) {
        const Result result = parser.parse(buffer);
        if (result != Result::HeadComplete)
            return result;
    }
}

} // namespace

class TestHttpRequestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesSimpleGet()
    {
        HttpRequestParser parser(4096, 4096);
        QByteArray buffer = "GET /api/v1/namespaces?watch=1&labelSelector=a%3Db HTTP/1.1\r\n"
                            "Host: localhost\r\nACCEPT: application/json\r\n\r\n";
        QCOMPARE(runAll(parser, buffer), Result::Complete);
        QVERIFY(buffer.isEmpty());
        const HttpRequest request = parser.takeRequest();
        QCOMPARE(request.method, QByteArray("GET"));
        QCOMPARE(request.target, QByteArray("/api/v1/namespaces?watch=1&labelSelector=a%3Db"));
        QCOMPARE(request.path, QStringLiteral("/api/v1/namespaces"));
        QCOMPARE(request.queryItem(QStringLiteral("watch")), QStringLiteral("1"));
        QCOMPARE(request.queryItem(QStringLiteral("labelSelector")), QStringLiteral("a=b"));
        QVERIFY(!request.hasQueryItem(QStringLiteral("missing")));
        QCOMPARE(request.header("accept"), QByteArray("application/json"));
        QCOMPARE(request.header("Accept"), QByteArray("application/json"));
        QVERIFY(request.header("X-Missing").isEmpty());
        QVERIFY(parser.wantsKeepAlive());
    }

    void decodesPathAndPlusInQuery()
    {
        HttpRequestParser parser(4096, 4096);
        QByteArray buffer = "GET /a%20b/c%2Fd?labelSelector=env+in+%28prod%2C+dev%29&x=%2B HTTP/1.1\r\nHost: h\r\n\r\n";
        QCOMPARE(runAll(parser, buffer), Result::Complete);
        const HttpRequest request = parser.takeRequest();
        QCOMPARE(request.path, QStringLiteral("/a b/c/d"));
        QCOMPARE(request.queryItem(QStringLiteral("labelSelector")), QStringLiteral("env in (prod, dev)"));
        QCOMPARE(request.queryItem(QStringLiteral("x")), QStringLiteral("+"));
    }

    void acceptsAbsoluteFormAndBareLf()
    {
        HttpRequestParser parser(4096, 4096);
        QByteArray buffer = "\r\nGET http://example.com:8080/version?x=1 HTTP/1.1\nHost: example.com\n\n";
        QCOMPARE(runAll(parser, buffer), Result::Complete);
        const HttpRequest request = parser.takeRequest();
        QCOMPARE(request.path, QStringLiteral("/version"));
        QCOMPARE(request.queryItem(QStringLiteral("x")), QStringLiteral("1"));
    }

    void fewLeadingEmptyLinesAreSkippedMoreAreRefused()
    {
        // Two (what clients leave after a POST body) are fine and count towards the head's size.
        HttpRequestParser tolerant(40, 4096);
        QByteArray two = "\r\n\nGET / HTTP/1.1\r\nHost: h\r\n\r\n";
        QCOMPARE(runAll(tolerant, two), Result::Complete);
        HttpRequestParser small(30, 4096);
        QByteArray twoTooBig = "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n";
        QCOMPARE(runAll(small, twoTooBig), Result::Error);
        QCOMPARE(small.errorStatus(), 431);

        // A third is a client holding the connection without a request, however slowly it comes.
        HttpRequestParser parser(4096, 4096);
        QByteArray buffer;
        for (int i = 0; i < 2; ++i) {
            buffer += "\r\n";
            QCOMPARE(runAll(parser, buffer), Result::NeedMore);
        }
        buffer += "\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n";
        QCOMPARE(runAll(parser, buffer), Result::Error);
        QCOMPARE(parser.errorStatus(), 400);
        QVERIFY2(parser.errorMessage().contains(QStringLiteral("empty lines")), qPrintable(parser.errorMessage()));
    }

    void chunkSizeLineLimitHoldsHoweverTheLineArrives()
    {
        // Found by fuzz_requestparser: a long chunk size line got one message whole and another
        // in pieces.
        const QByteArray head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
        const QByteArray sizeLine = "1;" + QByteArray(1100, 'x') + "\r\n";
        HttpRequestParser whole(4096, 4096);
        QByteArray buffer = head + sizeLine;
        QCOMPARE(runAll(whole, buffer), Result::Error);
        HttpRequestParser pieces(4096, 4096);
        QByteArray trickle = head;
        QCOMPARE(runAll(pieces, trickle), Result::NeedMore);
        for (qsizetype i = 0; i < sizeLine.size() && pieces.errorStatus() == 0; i += 100) {
            trickle += sizeLine.mid(i, 100);
            runAll(pieces, trickle);
        }
        QCOMPARE(pieces.errorStatus(), whole.errorStatus());
        QCOMPARE(pieces.errorMessage(), whole.errorMessage());
        QCOMPARE(whole.errorMessage(), QStringLiteral("malformed chunk size line"));
    }

    void parsesByteByByte()
    {
        HttpRequestParser parser(4096, 4096);
        const QByteArray wire = "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
        QByteArray buffer;
        Result last = Result::NeedMore;
        bool sawHead = false;
        for (char c : wire) {
            buffer.append(c);
            do {
                last = parser.parse(buffer);
                sawHead |= last == Result::HeadComplete;
            } while (last == Result::HeadComplete);
            QVERIFY(last != Result::Error);
        }
        QVERIFY(sawHead);
        QCOMPARE(last, Result::Complete);
        QCOMPARE(parser.takeRequest().body, QByteArray("hello"));
    }

    void decodesChunkedBodyWithExtensionsAndTrailers()
    {
        HttpRequestParser parser(4096, 4096);
        QByteArray buffer = "PATCH /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n"
                            "5;name=value\r\nhello\r\n"
                            "19\r\n, and a longer second one\r\n"
                            "0\r\nX-Trailer: yes\r\n\r\n"
                            "GET /next HTTP/1.1\r\n";
        QCOMPARE(runAll(parser, buffer), Result::Complete);
        QCOMPARE(parser.takeRequest().body, QByteArray("hello, and a longer second one"));
        // The pipelined next request stays for the next round.
        QCOMPARE(buffer, QByteArray("GET /next HTTP/1.1\r\n"));
    }

    void chunkedByteByByte()
    {
        HttpRequestParser parser(4096, 4096);
        const QByteArray wire = "POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        QByteArray buffer;
        Result last = Result::NeedMore;
        for (char c : wire) {
            buffer.append(c);
            last = runAll(parser, buffer);
            QVERIFY2(last != Result::Error, qPrintable(parser.errorMessage()));
        }
        QCOMPARE(last, Result::Complete);
        QCOMPARE(parser.takeRequest().body, QByteArray("abcde"));
    }

    void leavesPipelinedRequestInBuffer()
    {
        HttpRequestParser parser(4096, 4096);
        QByteArray buffer = "GET /one HTTP/1.1\r\nHost: h\r\n\r\nGET /two HTTP/1.1\r\nHost: h\r\n\r\n";
        QCOMPARE(runAll(parser, buffer), Result::Complete);
        QCOMPARE(parser.takeRequest().path, QStringLiteral("/one"));
        parser.reset();
        QCOMPARE(runAll(parser, buffer), Result::Complete);
        QCOMPARE(parser.takeRequest().path, QStringLiteral("/two"));
        QVERIFY(buffer.isEmpty());
    }

    void connectionSemantics_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("1.1 default") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n\r\n") << true;
        QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n") << false;
        QTest::newRow("1.1 list") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade, close\r\n\r\n") << false;
        QTest::newRow("1.0 default") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
        QTest::newRow("1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
    }

    void connectionSemantics()
    {
        QFETCH(QByteArray, wire);
        QFETCH(bool, keepAlive);
        HttpRequestParser parser(4096, 4096);
        QCOMPARE(runAll(parser, wire), Result::Complete);
        QCOMPARE(parser.wantsKeepAlive(), keepAlive);
    }

    void expectContinue()
    {
        HttpRequestParser parser(4096, 4096);
        QByteArray buffer = "PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n";
        QCOMPARE(parser.parse(buffer), Result::HeadComplete);
        QVERIFY(parser.expectsContinue());
        QVERIFY(parser.hasBody());
        QCOMPARE(parser.parse(buffer), Result::NeedMore);
        buffer += "abc";
        QCOMPARE(parser.parse(buffer), Result::Complete);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("status");
        QTest::newRow("two fields") << QByteArray("GET /\r\nHost: h\r\n\r\n") << 400;
        QTest::newRow("four fields") << QByteArray("GET / x HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
        QTest::newRow("double space") << QByteArray("GET  / HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
        QTest::newRow("bad method") << QByteArray("G(T / HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
        QTest::newRow("relative target") << QByteArray("GET api HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
        QTest::newRow("control in target") << QByteArray("GET /a\x01 HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
        QTest::newRow("garbage version") << QByteArray("GET / HTTX/1.1\r\nHost: h\r\n\r\n") << 400;
        QTest::newRow("http 2") << QByteArray("GET / HTTP/2.0\r\nHost: h\r\n\r\n") << 505;
        QTest::newRow("binary") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15) << 400;
        QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost h\r\n\r\n") << 400;
        QTest::newRow("empty name") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n") << 400;
        QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : h\r\n\r\n") << 400;
        QTest::newRow("folding") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n") << 400;
        QTest::newRow("control in value") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nX: a\x01z\r\n\r\n") << 400;
        QTest::newRow("missing host") << QByteArray("GET / HTTP/1.1\r\nAccept: x\r\n\r\n") << 400;
        QTest::newRow("te and cl") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n") << 400;
        QTest::newRow("bad length") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -3\r\n\r\n") << 400;
        QTest::newRow("hex length") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x3\r\n\r\n") << 400;
        QTest::newRow("conflicting lengths") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n") << 400;
        QTest::newRow("gzip coding") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") << 501;
        QTest::newRow("bad chunk size") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << 400;
        QTest::newRow("chunk overrun") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n") << 400;
        QTest::newRow("expectation") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nExpect: magic\r\n\r\n") << 417;
    }

    void rejects()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, status);
        HttpRequestParser parser(4096, 4096);
        QCOMPARE(runAll(parser, wire), Result::Error);
        QCOMPARE(parser.errorStatus(), status);
        QVERIFY(!parser.errorMessage().isEmpty());
        // Stays failed.
        QCOMPARE(parser.parse(wire), Result::Error);
    }

    void limitsHeaderSize()
    {
        {
            // A head that never ends is refused once it passes the limit.
            HttpRequestParser parser(100, 4096);
            QByteArray buffer = "GET / HTTP/1.1\r\nHost: h\r\nX-Long: " + QByteArray(200, 'a');
            QCOMPARE(runAll(parser, buffer), Result::Error);
            QCOMPARE(parser.errorStatus(), 431);
        }
        {
            HttpRequestParser parser(100, 4096);
            QByteArray buffer = "GET / HTTP/1.1\r\nHost: h\r\n" + QByteArray("X-A: b\r\n").repeated(20) + "\r\n";
            QCOMPARE(runAll(parser, buffer), Result::Error);
            QCOMPARE(parser.errorStatus(), 431);
        }
        {
            HttpRequestParser parser(100, 4096);
            QByteArray buffer = "GET / HTTP/1.1\r\nHost: h\r\nX-A: b\r\n\r\n";
            QCOMPARE(runAll(parser, buffer), Result::Complete);
        }
    }

    void limitsBodySizeBeforeReadingIt()
    {
        HttpRequestParser parser(4096, 10);
        QByteArray buffer = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n";
        QCOMPARE(runAll(parser, buffer), Result::Error);
        QCOMPARE(parser.errorStatus(), 413);

        HttpRequestParser chunked(4096, 10);
        buffer = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n";
        QCOMPARE(runAll(chunked, buffer), Result::Error);
        QCOMPARE(chunked.errorStatus(), 413);

        HttpRequestParser exact(4096, 10);
        buffer = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789";
        QCOMPARE(runAll(exact, buffer), Result::Complete);
    }

    void repeatedHeadersKeepOrder()
    {
        HttpRequestParser parser(4096, 4096);
        QByteArray buffer = "GET / HTTP/1.1\r\nHost: h\r\nX-V: 1\r\nx-v:2  \r\n\r\n";
        QCOMPARE(runAll(parser, buffer), Result::Complete);
        const HttpRequest request = parser.takeRequest();
        QCOMPARE(request.headerValues("X-v"), (QList<QByteArray>{"1", "2"}));
        QCOMPARE(request.headers.size(), 3);
        QCOMPARE(request.headers.at(2).first, QByteArray("x-v"));
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
