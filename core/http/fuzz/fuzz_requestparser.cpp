// libFuzzer target: arbitrary bytes as what a client sends on one connection, parsed the way
// HttpConnection does (parse until NeedMore; after Complete reset and go on; stop at the first
// Error). Beyond "no crash" (ASan/UBSan), the oracle is differential framing: the bytes fed in one
// piece, in random pieces and byte by byte must give the same requests and the same error, since
// TCP may split a request anywhere. Each request is also checked against what its head said
// (Content-Length, the limits), and each error against the statuses the parser may answer.
#include "httprequestparser.h"

#include <QUrl>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>

namespace {

using cvc::HttpRequest;
using cvc::HttpRequestParser;
using Result = HttpRequestParser::Result;

struct Limits {
    qint64 head;
    qint64 body;
};

// What the connection would act on: each complete request, then the error that ends it (if any).
struct Outcome {
    QList<HttpRequest> requests;
    QList<bool> keepAlive;
    int errorStatus = 0;
    QString errorMessage;
    bool midRequest = false;   // bytes of an unfinished request were consumed
};

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_requestparser: %s\n", what);
    std::abort();
}

void checkRequest(const HttpRequest &request, const Limits &limits)
{
    if (request.method.isEmpty() || request.target.isEmpty())
        fail("a request without method or target");
    if (request.body.size() > limits.body)
        fail("a body over the limit");
    const QList<QByteArray> lengths = request.headerValues("Content-Length");
    const bool chunked = !request.headerValues("Transfer-Encoding").isEmpty();
    if (chunked && !lengths.isEmpty())
        fail("both Transfer-Encoding and Content-Length accepted");
    if (!lengths.isEmpty() && request.body.size() != lengths.first().split(',').first().trimmed().toLongLong())
        fail("a body whose size is not its Content-Length");
    if (lengths.isEmpty() && !chunked && !request.body.isEmpty())
        fail("a body without framing");
    qint64 headBytes = request.method.size() + request.target.size();
    for (const auto &[name, value] : request.headers)
        headBytes += name.size() + value.size();
    if (headBytes > limits.head)
        fail("a head over the limit");
}

Outcome run(const QByteArray &input, const QList<qsizetype> &cuts, const Limits &limits)
{
    Outcome outcome;
    HttpRequestParser parser(limits.head, limits.body);
    QByteArray buffer;
    qsizetype from = 0;
    for (qsizetype i = 0; i <= cuts.size(); ++i) {
        const qsizetype to = i < cuts.size() ? cuts.at(i) : input.size();
        buffer += input.mid(from, to - from);
        from = to;
        while (true) {
            const qsizetype before = buffer.size();
            const Result result = parser.parse(buffer);
            if (buffer.size() > before)
                fail("the parser grew its input");
            if (result == Result::NeedMore)
                break;
            if (result == Result::HeadComplete)
                continue;
            if (result == Result::Error) {
                outcome.errorStatus = parser.errorStatus();
                outcome.errorMessage = parser.errorMessage();
                return outcome;
            }
            outcome.keepAlive.append(parser.wantsKeepAlive());
            outcome.requests.append(parser.takeRequest());
            parser.reset();
        }
    }
    outcome.midRequest = !parser.isInHead() || parser.hasPartialHead();
    return outcome;
}

void checkOutcome(const Outcome &outcome, const Limits &limits)
{
    for (const HttpRequest &request : outcome.requests)
        checkRequest(request, limits);
    switch (outcome.errorStatus) {
    case 0:
        return;
    case 400: case 408: case 413: case 417: case 431: case 501: case 505:
        if (outcome.errorMessage.isEmpty())
            fail("an error without a message");
        return;
    default:
        fail("an unexpected error status");
    }
}

bool sameRequest(const HttpRequest &a, const HttpRequest &b)
{
    return a.method == b.method && a.target == b.target && a.path == b.path
        && a.query.toString(QUrl::FullyEncoded) == b.query.toString(QUrl::FullyEncoded) && a.headers == b.headers
        && a.body == b.body;
}

void compare(const Outcome &whole, const Outcome &pieces, const char *how)
{
    bool same = whole.requests.size() == pieces.requests.size() && whole.keepAlive == pieces.keepAlive
        && whole.errorStatus == pieces.errorStatus && whole.errorMessage == pieces.errorMessage
        && whole.midRequest == pieces.midRequest;
    for (qsizetype i = 0; same && i < whole.requests.size(); ++i)
        same = sameRequest(whole.requests.at(i), pieces.requests.at(i));
    if (!same) {
        std::fprintf(stderr, "whole: %lld requests, error %d %s\n%s: %lld requests, error %d %s\n",
                     qlonglong(whole.requests.size()), whole.errorStatus, qPrintable(whole.errorMessage), how,
                     qlonglong(pieces.requests.size()), pieces.errorStatus, qPrintable(pieces.errorMessage));
        fail("splitting the input changed what was parsed");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    // The cut points come from the input itself, so a finding replays exactly.
    std::mt19937_64 random(qHash(input));
    QList<qsizetype> randomCuts;
    if (input.size() > 1) {
        const int count = int(random() % 64) + 1;
        for (int i = 0; i < count; ++i)
            randomCuts.append(qsizetype(1 + random() % quint64(input.size() - 1)));
        std::sort(randomCuts.begin(), randomCuts.end());
    }
    QList<qsizetype> everyByte;
    if (input.size() <= 4096) {
        for (qsizetype i = 1; i < input.size(); ++i)
            everyByte.append(i);
    }

    // The production limits, and small ones that inputs reach easily.
    for (const Limits limits : {Limits{64 * 1024, 3 * 1024 * 1024}, Limits{300, 2000}}) {
        const Outcome whole = run(input, {}, limits);
        checkOutcome(whole, limits);
        compare(whole, run(input, randomCuts, limits), "random pieces");
        if (!everyByte.isEmpty())
            compare(whole, run(input, everyByte, limits), "byte by byte");
    }
    return 0;
}
